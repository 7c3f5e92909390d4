//! Amounts and counts past every sane limit: refused where a record enters
//! (form rules, import); a workbook that already holds them still opens,
//! sums without overflow or a wrong sign, and `check` names the records.

mod common;

use std::fs;

use calamine::{Data, Reader};
use common::*;
use egui_kittest::kittest::Queryable;
use khuyencong::command::{Command, Screen};
use khuyencong::domain::fields::Draft;
use khuyencong::domain::records::RecordKind;
use khuyencong::workbook::charts::ChartFilter;
use khuyencong::workbook::{OpenMode, Workbook};

/// 9.223.372.036.854 triệu đồng: the largest amount i64 đồng can hold, as an
/// attacker would type it.
const HUGE_MILLION: &str = "9.223.372.036.854";
const HUGE_DONG: i64 = 9_223_372_036_854_000_000;

/// The sample with two projects of 2014–2023 at the largest amount, a class
/// of i64::MAX trainees and a record modified in the year 3000 — written past
/// the program's rules, as an older version or a hand-edited file would.
fn poisoned_sample(dir: &std::path::Path) -> std::path::PathBuf {
    let file = sample_in(dir);
    let conn = rusqlite::Connection::open(&file).unwrap();
    conn.execute_batch(&format!(
        "UPDATE projects SET support_vnd = {HUGE_DONG}, counterpart_vnd = {HUGE_DONG}, title = 'Dự án khổng lồ'
           WHERE id IN (SELECT id FROM projects WHERE year BETWEEN 2014 AND 2023 ORDER BY id LIMIT 2);
         UPDATE trainings SET trainees = {max}, female_trainees = NULL, name = 'Lớp vô tận'
           WHERE id = (SELECT id FROM trainings ORDER BY id LIMIT 1);
         UPDATE facilities SET modified_at = 32503680000000, name = 'Cơ sở từ tương lai'
           WHERE id = (SELECT id FROM facilities ORDER BY id LIMIT 1);",
        max = i64::MAX
    ))
    .unwrap();
    file
}

fn has_negative_number(text: &str) -> bool {
    text.as_bytes().windows(2).any(|w| w[0] == b'-' && w[1].is_ascii_digit())
}

/// A number below zero anywhere in a JSON value (ids and other text aside).
fn has_negative_json_number(v: &serde_json::Value) -> bool {
    match v {
        serde_json::Value::Number(n) => n.as_f64().is_some_and(|x| x < 0.0),
        serde_json::Value::Array(a) => a.iter().any(has_negative_json_number),
        serde_json::Value::Object(o) => o.values().any(has_negative_json_number),
        _ => false,
    }
}

#[test]
fn rules_refuse_amounts_and_counts_past_the_limits() {
    let project = Draft::new(RecordKind::Project)
        .with("nam", "2023")
        .with("ten_de_an", "Máy sấy")
        .with("nguon_kinh_phi", "dia_phuong")
        .with("noi_dung", "may_moc_thiet_bi");
    assert!(project.clone().with("kinh_phi_ho_tro", "1.000.000").to_project(None).errors().next().is_none());
    for (field, value) in [
        ("kinh_phi_ho_tro", HUGE_MILLION),
        ("kinh_phi_ho_tro", "1.000.001"),
        ("von_doi_ung", "2.000.000"),
        ("ngay_phe_duyet", "01/01/1900"),
        ("ngay_nghiem_thu", "31/12/2101"),
    ] {
        let checked = project.clone().with("kinh_phi_ho_tro", "100").with(field, value).to_project(None);
        let errors: Vec<_> =
            checked.issues_for(field).map(|i| i.problem.message(khuyencong::i18n::Lang::Vi)).collect();
        assert!(!errors.is_empty(), "{field} = {value} accepted");
    }
    let class = Draft::new(RecordKind::Training)
        .with("nam", "2023")
        .with("ten_lop", "Lớp đan lục bình")
        .with("loai", "dao_tao_nghe");
    assert!(class.clone().with("so_hoc_vien", "100.000").to_training(None).errors().next().is_none());
    assert!(
        class
            .clone()
            .with("so_hoc_vien", "100.001")
            .to_training(None)
            .issues_for("so_hoc_vien")
            .next()
            .is_some()
    );
    assert!(
        class
            .with("so_hoc_vien", "30")
            .with("kinh_phi", HUGE_MILLION)
            .to_training(None)
            .issues_for("kinh_phi")
            .next()
            .is_some()
    );
}

#[test]
fn an_import_with_an_amount_past_the_limit_is_refused_and_the_workbook_untouched() {
    let dir = temp();
    let db = empty_in(dir.path(), "sổ.db");
    let csv = dir.path().join("đề án.csv");
    fs::write(
        &csv,
        format!(
            "nam;ten_de_an;nguon_kinh_phi;noi_dung;Kinh phí hỗ trợ (triệu đồng)\n\
             2023;Máy sấy;dia_phuong;may_moc_thiet_bi;278,5\n\
             2023;Dự án khổng lồ;dia_phuong;may_moc_thiet_bi;{HUGE_MILLION}\n"
        ),
    )
    .unwrap();
    let before = fs::read(&db).unwrap();
    let out = khuyencong(&["import", path_str(&db), path_str(&csv), "--kind", "projects"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let text = stderr(&out) + &stdout(&out);
    assert!(text.contains("Dòng 3, cột E"), "names the cell: {text}");
    assert!(text.contains("tối đa 1.000 tỷ đồng"), "{text}");
    assert_eq!(fs::read(&db).unwrap(), before);
}

#[test]
fn a_workbook_holding_such_values_still_sums_reports_and_exports_with_the_right_sign() {
    let dir = temp();
    let file = poisoned_sample(dir.path());

    let wb = Workbook::open(&file, OpenMode::ReadOnly).unwrap();
    let summary = wb.summary(Some(2014), Some(2023)).expect("no integer overflow");
    assert_eq!(summary.projects.support_vnd, i64::MAX, "saturates at the bound");
    assert_eq!(summary.projects.counterpart_vnd, i64::MAX);
    assert_eq!(summary.trainings.trainees, i64::MAX);
    let charts = wb.chart_data(&ChartFilter { from: 2014, to: 2023, ..Default::default() }).expect("charts");
    assert!(charts.support_per_year().iter().all(|v| *v >= 0));
    assert!(charts.cumulative().0.iter().all(|v| *v >= 0));
    assert!(charts.support_by_place.iter().all(|(_, v)| *v >= 0));
    drop(wb);

    let out = khuyencong(&["summary", path_str(&file), "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert!(!has_negative_json_number(&json), "{}", stdout(&out));

    for lang in ["vi", "en"] {
        let out = khuyencong(&["report", path_str(&file), "--from", "2014", "--to", "2023", "--lang", lang]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(!has_negative_number(&stdout(&out)), "{}", stdout(&out));
    }

    let xlsx = dir.path().join("xuất.xlsx");
    let out = khuyencong(&["export", path_str(&file), "-o", path_str(&xlsx)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    let totals = book.worksheet_range("Tổng hợp").unwrap();
    let numbers: Vec<f64> = totals
        .rows()
        .flat_map(|r| r.iter())
        .filter_map(|c| match c {
            Data::Float(f) => Some(*f),
            Data::Int(i) => Some(*i as f64),
            _ => None,
        })
        .collect();
    assert!(!numbers.is_empty());
    assert!(numbers.iter().all(|v| *v >= 0.0), "{numbers:?}");
}

#[test]
fn check_names_every_record_outside_the_limits() {
    let dir = temp();
    let file = poisoned_sample(dir.path());
    let before = fs::read(&file).unwrap();
    let out = khuyencong(&["check", path_str(&file)]);
    assert_eq!(out.status.code(), Some(1), "records to correct: {}", stdout(&out));
    let text = stdout(&out);
    assert!(text.contains("Ngoài giới hạn (cần sửa): 6"), "{text}");
    assert_eq!(
        text.matches("Dự án khổng lồ»: Kinh phí hỗ trợ (triệu đồng) = 9.223.372.036.854").count(),
        2,
        "{text}"
    );
    assert_eq!(text.matches("Vốn đối ứng (triệu đồng) = 9.223.372.036.854").count(), 2, "{text}");
    assert!(text.contains("lớp đào tạo «Lớp vô tận»: Số học viên = 9.223.372.036.854.775.807"), "{text}");
    assert!(text.contains("cơ sở «Cơ sở từ tương lai»: Thời điểm sửa = 01/01/3000"), "{text}");
    let out = khuyencong(&["check", path_str(&file), "--lang", "en"]);
    assert!(stdout(&out).contains("Support (million VND) = 9,223,372,036,854"), "{}", stdout(&out));
    assert_eq!(fs::read(&file).unwrap(), before, "check never writes");

    // The sample itself is within every limit.
    let clean = sample_in(&dir.path().join("sạch"));
    let out = khuyencong(&["check", path_str(&clean)]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(!stdout(&out).contains("Ngoài giới hạn"));
}

#[test]
fn the_window_opens_such_a_workbook_and_shows_non_negative_figures() {
    let dir = temp();
    let file = poisoned_sample(dir.path());
    let mut h = harness(app_on(&file, dir.path()));
    let mut texts = visible_texts(&h);
    assert!(h.query_by_label("102").is_some(), "the overview's figures are there: {texts:?}");
    // Every screen: the lists add their totals too.
    for screen in Screen::ALL {
        h.state_mut().push(Command::Show(screen));
        settle(&mut h);
        texts.extend(visible_texts(&h));
    }
    let totals: Vec<_> = texts.iter().filter(|t| t.starts_with("Cộng:")).collect();
    assert!(totals.iter().any(|t| t.contains("Kinh phí hỗ trợ 9.223.372.036.854")), "{totals:?}");
    for t in &texts {
        assert!(!has_negative_number(t), "{t}");
        assert!(!t.contains("overflow") && !t.contains("Lỗi"), "{t}");
    }
}

#[test]
fn a_district_workbook_with_an_amount_past_the_limit_is_refused_by_the_merge() {
    let dir = temp();
    let province = empty_in(dir.path(), "tỉnh.db");
    let district = poisoned_sample(&dir.path().join("huyện"));
    let before = fs::read(&province).unwrap();
    for args in [
        vec!["merge", path_str(&province), path_str(&district), "--dry-run"],
        vec!["merge", path_str(&province), path_str(&district)],
    ] {
        let out = khuyencong(&args);
        assert_ne!(out.status.code(), Some(0), "{}", stdout(&out));
        let text = stderr(&out) + &stdout(&out);
        assert!(
            text.contains("Dự án khổng lồ") || text.contains("1.000 tỷ đồng"),
            "names the record: {text}"
        );
        assert_eq!(fs::read(&province).unwrap(), before, "the province's workbook is untouched");
    }
}
