//! The report and the plans: the paragraph's plan sentence in both
//! languages (window and command line), `summary --json` with its plans,
//! and the yearly report as a Word document read back from its XML.

mod common;

use std::io::Read;
use std::path::Path;

use common::*;
use egui_kittest::kittest::Queryable;
use khuyencong::command::Command;
use khuyencong::workbook::{OpenMode, Workbook};

/// The 2024 plan's share of planned money reached, as the program works it
/// out (shown equal to sums over the records in `tests/plans.rs`).
fn share_2024(sample: &Path) -> f64 {
    let wb = Workbook::open(sample, OpenMode::ReadOnly).unwrap();
    let plans = wb.plans_overlapping(2024, 2024).unwrap();
    plans[0].progress.money_share().unwrap()
}

fn one_decimal(v: f64, decimal: char) -> String {
    format!("{v:.1}").replace('.', &decimal.to_string())
}

#[test]
fn the_report_paragraph_says_how_far_the_plan_came_in_both_languages() {
    let dir = temp();
    let sample = sample_in(dir.path());
    let share = share_2024(&sample);
    let out = khuyencong(&["report", path_str(&sample), "--from", "2024", "--to", "2024"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let vi = format!(
        "Đối chiếu Kế hoạch khuyến công năm 2024 (Quyết định số 285/QĐ-UBND), kinh phí thực hiện đạt {}% kế hoạch; 3/9 chỉ tiêu đạt hoặc vượt kế hoạch.",
        one_decimal(share, ',')
    );
    assert!(stdout(&out).contains(&vi), "{}", stdout(&out));
    let out = khuyencong(&["report", path_str(&sample), "--from", "2024", "--to", "2024", "--lang", "en"]);
    let en = format!(
        "Against the plan \u{201c}Kế hoạch khuyến công năm 2024\u{201d} (Decision No. 285/QĐ-UBND), spending reached {}% of the plan; 3 of 9 targets were met or exceeded.",
        one_decimal(share, '.')
    );
    assert!(stdout(&out).contains(&en), "{}", stdout(&out));
    // The published ten years hold no plan: no sentence about one.
    let out = khuyencong(&["report", path_str(&sample), "--from", "2014", "--to", "2023"]);
    assert!(!stdout(&out).contains("Đối chiếu"), "{}", stdout(&out));

    // The window's report dialog says the same.
    let mut h = harness(app_on(&sample, dir.path()));
    h.state_mut().push(Command::ShowReport);
    settle(&mut h);
    h.state_mut().push(Command::UpdateReport { from: 2024, to: 2024, lang: khuyencong::i18n::Lang::Vi });
    settle(&mut h);
    assert!(visible_texts(&h).iter().any(|t| t.contains(&vi)), "{:?}", visible_texts(&h));
}

#[test]
fn summary_json_carries_the_plans_of_its_years_with_targets_and_actuals() {
    let dir = temp();
    let sample = sample_in(dir.path());
    let out = khuyencong(&["summary", path_str(&sample), "--from", "2024", "--to", "2025", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let plans = v["plans"].as_array().expect("plans");
    let titles: Vec<&str> = plans.iter().map(|p| p["title"].as_str().unwrap()).collect();
    assert_eq!(
        titles,
        ["Kế hoạch khuyến công năm 2025", "Kế hoạch khuyến công năm 2024"],
        "only plans of 2024–2025"
    );
    let p2024 = &plans[1];
    assert_eq!((p2024["from"].as_i64(), p2024["to"].as_i64()), (Some(2024), Some(2024)));
    let wb = Workbook::open(&sample, OpenMode::ReadOnly).unwrap();
    let progress = &wb.plans_overlapping(2024, 2024).unwrap()[0].progress;
    let lines = p2024["lines"].as_array().unwrap();
    assert_eq!(lines.len(), progress.lines.len());
    for (json, lp) in lines.iter().zip(&progress.lines) {
        assert_eq!(json["activity"].as_str(), Some(lp.line.activity.code().as_str()));
        assert_eq!(json["target_vnd"].as_i64(), lp.line.target_vnd);
        assert_eq!(json["target_count"].as_i64(), lp.line.target_count);
        assert_eq!(json["actual_count"].as_i64(), Some(lp.actual.count));
        assert_eq!(json["actual_trainees"].as_i64(), Some(lp.actual.trainees));
        assert_eq!(json["actual_vnd"].as_i64(), Some(lp.actual.vnd));
    }
    assert!(
        lines.iter().any(|l| l["activity"] == "de_an:may_moc_thiet_bi" && l["actual_vnd"] == 390_000_000)
    );
    assert!(v["projects"].is_object(), "the summary is still there");
}

/// The text of each paragraph of the document (its runs joined).
fn paragraphs(docx: &Path) -> Vec<String> {
    let file = std::fs::File::open(docx).expect("the document");
    let mut zip = zip::ZipArchive::new(file).expect("a zip");
    let mut xml = String::new();
    zip.by_name("word/document.xml").expect("document.xml").read_to_string(&mut xml).unwrap();
    // Paragraphs end with </w:p>; their text is in <w:t …>…</w:t> runs.
    xml.split("</w:p>")
        .map(|chunk| {
            let mut text = String::new();
            for piece in chunk.split("<w:t").skip(1) {
                let Some((open, rest)) = piece.split_once('>') else { continue };
                if open.ends_with('/') || !(open.is_empty() || open.starts_with(' ')) {
                    continue;
                }
                text.push_str(rest.split("</w:t>").next().unwrap_or(""));
            }
            text.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&amp;", "&")
        })
        .collect()
}

fn media(docx: &Path) -> usize {
    let zip = zip::ZipArchive::new(std::fs::File::open(docx).unwrap()).unwrap();
    zip.file_names().filter(|n| n.as_ref().is_ok_and(|n| n.starts_with("word/media/"))).count()
}

fn has(paragraphs: &[String], needle: &str) -> bool {
    paragraphs.iter().any(|p| p.contains(needle))
}

#[test]
fn the_yearly_report_is_a_word_document_in_the_government_layout() {
    let dir = temp();
    let sample = sample_in(dir.path());
    let docx = dir.path().join("báo cáo.docx");
    let out = khuyencong(&[
        "report",
        path_str(&sample),
        "--from",
        "2014",
        "--to",
        "2023",
        "--docx",
        path_str(&docx),
        "--signer",
        "Nguyễn Văn A",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("Đã viết báo cáo") && stdout(&out).contains("biểu đồ"), "{}", stdout(&out));
    let p = paragraphs(&docx);
    for needle in [
        "SỞ CÔNG THƯƠNG TỈNH VĨNH LONG",
        "TRUNG TÂM KHUYẾN CÔNG VÀ XÚC TIẾN THƯƠNG MẠI TỈNH VĨNH LONG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số:",
        "Vĩnh Long, ngày",
        "BÁO CÁO",
        "Kết quả thực hiện công tác khuyến công giai đoạn 2014–2023",
        "I. KẾT QUẢ THỰC HIỆN",
        "Bảng 1. Đề án khuyến công theo nguồn kinh phí và nội dung",
        "Đơn vị tính: triệu đồng",
        "Nơi nhận",
        "GIÁM ĐỐC",
        "Nguyễn Văn A",
        "II. KẾT QUẢ SO VỚI KẾ HOẠCH",
        "Sổ chưa có kế hoạch cho các năm của báo cáo.",
    ] {
        assert!(has(&p, needle), "{needle:?} missing: {p:?}");
    }
    // The published ten years in the tables: 14 national machinery projects,
    // 3.900 million of support and 6.096 of counterpart; 10.862 local; 845 and 4.900 for
    // models; 13 vocational classes of 400 trainees (12 sewing ones of 368, and one of 32);
    // design support for 17 facilities.
    for figure in ["3.900", "6.096", "10.862", "845", "4.900", "400", "17"] {
        assert!(p.iter().any(|c| c == figure), "{figure} in a table cell: {p:?}");
    }
    assert!(media(&docx) >= 2, "the charts are in the document");

    // A year with a plan: its table of target, done and share; next year's plan.
    let docx_2024 = dir.path().join("báo cáo 2024.docx");
    let out = khuyencong(&[
        "report",
        path_str(&sample),
        "--from",
        "2024",
        "--to",
        "2024",
        "--docx",
        path_str(&docx_2024),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let p = paragraphs(&docx_2024);
    let share = one_decimal(share_2024(&sample), ',');
    for needle in [
        "Kết quả thực hiện công tác khuyến công năm 2024",
        "Kế hoạch khuyến công năm 2024 (Quyết định số 285/QĐ-UBND ngày 31/01/2024 của Chủ tịch UBND tỉnh)",
        "Chỉ tiêu",
        "Tỷ lệ đạt",
        &format!("{share}%"),
        "III. KẾ HOẠCH NĂM 2025",
        "Kế hoạch khuyến công năm 2025",
        "Kinh phí kế hoạch và thực hiện năm 2024 theo hoạt động",
    ] {
        assert!(has(&p, needle), "{needle:?} missing: {p:?}");
    }
    assert!(p.iter().any(|c| c == "380") && p.iter().any(|c| c == "390"), "machinery: 380 planned, 390 done");

    // In English, numbers the English way.
    let docx_en = dir.path().join("report.docx");
    let out = khuyencong(&[
        "report",
        path_str(&sample),
        "--docx",
        path_str(&docx_en),
        "--lang",
        "en",
        "--from",
        "2014",
        "--to",
        "2023",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let p = paragraphs(&docx_en);
    assert!(
        has(&p, "SOCIALIST REPUBLIC OF VIET NAM") && has(&p, "Independence - Freedom - Happiness"),
        "{p:?}"
    );
    assert!(p.iter().any(|c| c == "3,900") && p.iter().any(|c| c == "10,862"), "{p:?}");
}

#[test]
fn a_report_that_cannot_be_written_leaves_the_target_as_it_was() {
    let dir = temp();
    let sample = sample_in(dir.path());
    let target = dir.path().join("báo cáo.docx");
    std::fs::write(&target, b"the officer's own file").unwrap();
    let folder = dir.path().join("thư mục");
    std::fs::create_dir(&folder).unwrap();
    let out = khuyencong(&["report", path_str(&sample), "--docx", path_str(&folder)]);
    assert_eq!(out.status.code(), Some(2), "a folder is no file to write");
    assert!(!stderr(&out).is_empty());
    // Writing over the workbook itself is refused.
    let bytes = std::fs::read(&sample).unwrap();
    let out = khuyencong(&["report", path_str(&sample), "--docx", path_str(&sample)]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read(&sample).unwrap(), bytes);
    assert_eq!(std::fs::read(&target).unwrap(), b"the officer's own file");
}

#[test]
fn the_window_writes_the_word_report_for_the_report_dialogs_years() {
    let dir = temp();
    let sample = sample_in(dir.path());
    let mut h = harness(app_on(&sample, dir.path()));
    // The report dialog's years (2024), then File → "Báo cáo (Word)…".
    h.state_mut().push(Command::ShowReport);
    settle(&mut h);
    h.state_mut().push(Command::UpdateReport { from: 2024, to: 2024, lang: khuyencong::i18n::Lang::Vi });
    settle(&mut h);
    h.state_mut().push(Command::CloseDialog);
    settle(&mut h);
    click(&mut h, "Tệp");
    click(&mut h, "Báo cáo (Word)…");
    let path = dir.path().join("báo cáo năm.docx");
    type_into(&mut h, "Đường dẫn tệp", path_str(&path));
    h.get_by_label("Viết báo cáo").click();
    h.step();
    wait_for_job(&mut h);
    let p = paragraphs(&path);
    assert!(has(&p, "BÁO CÁO") && has(&p, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), "{p:?}");
    assert!(media(&path) >= 1, "the overview's charts are drawn into it");
}
