//! The report paragraph and the Excel/CSV export as officers reach them: from
//! the command line (`report`, `export`) and from the window (the report
//! dialog with its copy button, File → Export running in the background).

mod common;

use std::fs;
use std::path::Path;

use calamine::{Reader, Xlsx, open_workbook};
use common::*;
use egui_kittest::kittest::Queryable;
use khuyencong::domain::{Facility, Project};
use khuyencong::i18n::Lang;
use khuyencong::report::paragraph::report_paragraph;
use khuyencong::workbook::{OpenMode, Workbook};

const PUBLISHED: [&str; 6] = [
    "14 đề án khuyến công quốc gia",
    "kinh phí hỗ trợ 3.900 triệu đồng, vốn đối ứng của cơ sở 6.096 triệu đồng",
    "85 đề án khuyến công địa phương với kinh phí hỗ trợ 10.862 triệu đồng",
    "3 mô hình trình diễn kỹ thuật sản xuất sản phẩm mới với kinh phí hỗ trợ 845 triệu đồng",
    "19 lớp tập huấn, hội thảo",
    "17 cơ sở",
];

fn assert_contains(text: &str, parts: &[&str]) {
    for part in parts {
        assert!(text.contains(part), "{part:?} missing from:\n{text}");
    }
}

fn sheet_rows(path: &Path, sheet: &str) -> usize {
    let mut book: Xlsx<_> = open_workbook(path).expect("xlsx");
    book.worksheet_range(sheet).expect("sheet").rows().count()
}

// --- command line -----------------------------------------------------------

#[test]
fn report_command_prints_the_published_figures() {
    let dir = temp();
    let file = sample_in(dir.path());
    let out = khuyencong(&["report", path_str(&file), "--from", "2014", "--to", "2023"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("Giai đoạn 2014–2023"), "{text}");
    assert_contains(&text, &PUBLISHED);

    let en = khuyencong(&["report", path_str(&file), "--from", "2014", "--to", "2023", "--lang", "en"]);
    assert_eq!(en.status.code(), Some(0));
    assert_contains(
        &stdout(&en),
        &["In 2014–2023", "14 national-fund projects", "3,900 million VND", "17 facilities"],
    );
}

#[test]
fn report_command_is_the_text_of_the_library_for_any_range() {
    let dir = temp();
    let file = sample_in(dir.path());
    let out = khuyencong(&["report", path_str(&file), "--from", "2019", "--to", "2021"]);
    assert_eq!(out.status.code(), Some(0));
    let wb = Workbook::open(&file, OpenMode::ReadOnly).expect("open");
    let summary = wb.summary(Some(2019), Some(2021)).expect("summary");
    assert_eq!(stdout(&out).trim_end(), report_paragraph(&summary, &wb.info().office_name, Lang::Vi));
}

#[test]
fn report_command_refuses_a_file_that_is_not_a_workbook() {
    let dir = temp();
    let file = dir.path().join("ghi chú.db");
    fs::write(&file, "không phải sổ").expect("write");
    let out = khuyencong(&["report", path_str(&file)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).is_empty());
    assert!(!stderr(&out).trim().is_empty());
    assert_eq!(fs::read(&file).expect("read"), "không phải sổ".as_bytes());
}

#[test]
fn export_command_writes_every_sheet_and_every_record() {
    let dir = temp();
    let file = sample_in(dir.path());
    let before = fs::read(&file).expect("read");
    let xlsx = dir.path().join("xuất sổ.xlsx");
    let out = khuyencong(&["export", path_str(&file), "-o", path_str(&xlsx)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("Đã xuất"), "{}", stdout(&out));
    let book: Xlsx<_> = open_workbook(&xlsx).expect("xlsx");
    assert_eq!(book.sheet_names(), ["Cơ sở", "Đề án", "Đào tạo", "Thiết kế bao bì", "Tổng hợp"]);
    let wb = Workbook::open(&file, OpenMode::ReadOnly).expect("open");
    assert_eq!(sheet_rows(&xlsx, "Đề án"), wb.list::<Project>().expect("list").len() + 1);
    assert_eq!(sheet_rows(&xlsx, "Cơ sở"), wb.list::<Facility>().expect("list").len() + 1);
    assert_eq!(fs::read(&file).expect("read"), before, "the workbook is only read");
}

#[test]
fn export_command_writes_one_kind_as_csv_with_a_bom() {
    let dir = temp();
    let file = sample_in(dir.path());
    let csv = dir.path().join("de-an.csv");
    let out = khuyencong(&["export", path_str(&file), "-o", path_str(&csv), "--kind", "projects"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let bytes = fs::read(&csv).expect("csv");
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let wb = Workbook::open(&file, OpenMode::ReadOnly).expect("open");
    let lines = String::from_utf8(bytes).expect("utf-8").lines().count();
    assert_eq!(lines, wb.list::<Project>().expect("list").len() + 1);

    // The same with the format said explicitly.
    let csv2 = dir.path().join("projects.txt");
    let out = khuyencong(&[
        "export",
        path_str(&file),
        "-o",
        path_str(&csv2),
        "--kind",
        "projects",
        "--format",
        "csv",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(fs::read(&csv2).expect("csv"), fs::read(&csv).expect("csv"));
}

#[test]
fn export_command_explains_a_kind_and_format_that_do_not_go_together() {
    let dir = temp();
    let file = sample_in(dir.path());
    let csv = dir.path().join("all.csv");
    let out = khuyencong(&["export", path_str(&file), "-o", path_str(&csv)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--kind"), "{}", stderr(&out));
    assert!(!csv.exists());
    let xlsx = dir.path().join("one.xlsx");
    let out =
        khuyencong(&["export", path_str(&file), "-o", path_str(&xlsx), "--kind", "projects", "--lang", "en"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--format csv"), "{}", stderr(&out));
    assert!(!xlsx.exists());
}

// --- window -----------------------------------------------------------------

/// The paragraph in the report dialog: a wrapped, selectable text is read
/// line by line, up to the copy button.
fn paragraph_shown(h: &egui_kittest::Harness<'static, khuyencong::app::App>) -> String {
    let texts = visible_texts(h);
    let start =
        texts.iter().rposition(|t| t.contains("Giai đoạn") || t.starts_with("In ")).expect("a paragraph");
    let end = texts[start..].iter().position(|t| t.starts_with("Chép đoạn văn")).expect("the copy button");
    texts[start..start + end].concat()
}

#[test]
fn the_report_dialog_shows_the_paragraph_and_copies_it() {
    let dir = temp();
    let file = sample_in(dir.path());
    let mut h = harness(app_on(&file, dir.path()));
    click(&mut h, "Đoạn văn báo cáo…");
    let paragraph = paragraph_shown(&h);
    assert!(paragraph.starts_with("Giai đoạn 2014–2023"), "{paragraph}");
    assert_contains(&paragraph, &PUBLISHED);

    h.get_by_label("Chép đoạn văn").click();
    h.step();
    let copied: Vec<String> = h
        .output()
        .platform_output
        .commands
        .iter()
        .filter_map(|c| match c {
            egui::OutputCommand::CopyText(t) => Some(t.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(copied, vec![paragraph.clone()]);
    settle(&mut h);
    assert!(h.query_by_label_contains("Đã chép đoạn văn báo cáo").is_some());

    // English text in the Vietnamese window, on request.
    click(&mut h, "English");
    assert!(paragraph_shown(&h).contains("14 national-fund projects"), "{}", paragraph_shown(&h));
}

#[test]
fn the_report_dialog_follows_the_years_chosen() {
    let dir = temp();
    let file = sample_in(dir.path());
    let mut h = harness(app_on(&file, dir.path()));
    click(&mut h, "Đoạn văn báo cáo…");
    choose(&mut h, "Từ năm", "2020");
    let wb = Workbook::open(&file, OpenMode::ReadOnly).expect("open");
    let expected =
        report_paragraph(&wb.summary(Some(2020), Some(2023)).expect("s"), &wb.info().office_name, Lang::Vi);
    assert!(expected.starts_with("Giai đoạn 2020–2023"), "{expected}");
    assert_eq!(paragraph_shown(&h), expected);
}

/// Runs frames until the background job is over (or fails the test).
#[test]
fn file_menu_exports_the_workbook_to_excel_in_the_background() {
    let dir = temp();
    let file = sample_in(dir.path());
    let mut h = harness(app_on(&file, dir.path()));
    click(&mut h, "Tệp");
    click(&mut h, "Xuất ra Excel…");
    let xlsx = dir.path().join("báo cáo 2023.xlsx");
    type_into(&mut h, "Đường dẫn tệp", path_str(&xlsx));
    click(&mut h, "Xuất");
    wait_for_job(&mut h);
    assert!(h.query_by_label_contains("Đã xuất").is_some(), "{:?}", visible_texts(&h));
    let wb = Workbook::open(&file, OpenMode::ReadOnly).expect("open");
    assert_eq!(sheet_rows(&xlsx, "Đề án"), wb.list::<Project>().expect("list").len() + 1);
}

#[test]
fn file_menu_exports_the_list_on_screen_to_csv() {
    let dir = temp();
    let file = sample_in(dir.path());
    let mut h = harness(app_on(&file, dir.path()));
    click_prefix(&mut h, "Đề án (");
    click(&mut h, "Tệp");
    click(&mut h, "Xuất đề án ra CSV…");
    let csv = dir.path().join("đề án.csv");
    type_into(&mut h, "Đường dẫn tệp", path_str(&csv));
    click(&mut h, "Xuất");
    wait_for_job(&mut h);
    let text = fs::read_to_string(&csv).expect("csv");
    assert!(text.starts_with('\u{FEFF}'));
    assert_eq!(text.lines().count(), 111, "110 projects and the header");
}

#[test]
fn an_export_can_be_cancelled_and_leaves_no_file() {
    let dir = temp();
    let file = empty_in(dir.path(), "lớn.db");
    let mut wb = Workbook::open(&file, OpenMode::Normal).expect("open");
    let template = wb.list::<Project>().expect("list");
    assert!(template.is_empty());
    wb.write(|w| {
        for i in 0..20_000 {
            w.insert(&Project {
                code: format!("DA-{i}"),
                year: 2015 + (i % 9),
                title: format!("Đề án máy sấy số {i}"),
                source: khuyencong::domain::codes::FundingSource::Local,
                content: khuyencong::domain::codes::ProjectContent::Machinery,
                facility_id: None,
                district: "Long Hồ".into(),
                commune: String::new(),
                support_vnd: 100_000_000,
                counterpart_vnd: 200_000_000,
                status: khuyencong::domain::codes::ProjectStatus::Settled,
                decision_no: String::new(),
                approved_on: None,
                accepted_on: None,
                note: String::new(),
            })?;
        }
        Ok(())
    })
    .expect("insert");
    drop(wb);
    let mut h = harness(app_on(&file, dir.path()));
    click(&mut h, "Tệp");
    click(&mut h, "Xuất ra Excel…");
    let xlsx = dir.path().join("lớn.xlsx");
    type_into(&mut h, "Đường dẫn tệp", path_str(&xlsx));
    h.get_by_label("Xuất").click();
    // The click starts the job at the end of one frame; the next shows it.
    h.step();
    h.step();
    assert!(h.state().job_running(), "the export runs in the background");
    assert!(h.query_by_label_contains("Đang xuất lớn.xlsx").is_some());
    // The file under the export is not closed or switched meanwhile.
    h.state_mut().push(khuyencong::command::Command::OpenSample);
    h.step();
    h.step();
    assert!(h.query_by_label_contains("Đang xuất hoặc gộp sổ").is_some(), "{:?}", visible_texts(&h));
    assert!(h.state().workbook().is_some_and(|wb| wb.path() == file.as_path()));
    h.get_by_label("Đóng").click();
    h.step();
    h.step();
    h.get_by_label("Hủy").click();
    wait_for_job(&mut h);
    assert!(h.query_by_label_contains("Đã hủy").is_some(), "{:?}", visible_texts(&h));
    assert!(!xlsx.exists());
    let names: Vec<_> = fs::read_dir(dir.path()).expect("dir").flatten().map(|e| e.file_name()).collect();
    assert!(names.iter().all(|n| !n.to_string_lossy().contains("xlsx")), "{names:?}");
}
