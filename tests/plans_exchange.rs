//! Plans in and out of Excel: the export reads back as the same plan; an
//! annex laid out as officers lay them out (title lines, the decision, a
//! unit line, group and total rows) is read right, and one it is not sure
//! of is refused line by line; the window previews it and imports it.

mod common;

use std::path::Path;

use common::*;
use egui_kittest::kittest::Queryable;
use khuyencong::domain::codes::{FundingSource, PlanKind, ProjectContent, TrainingKind};
use khuyencong::domain::plan::{Activity, Plan, PlanLine};
use khuyencong::exchange::export::export_plans;
use khuyencong::exchange::import::annex::read_annex;
use khuyencong::workbook::{OpenMode, Workbook};
use rust_xlsxwriter::Workbook as Xlsx;

const MILLION: i64 = 1_000_000;

fn a_plan() -> Plan {
    let line = |activity, source, count, trainees, money: i64| PlanLine {
        year: None,
        activity,
        source,
        target_count: Some(count),
        target_trainees: trainees,
        target_vnd: Some(money * MILLION),
        note: String::new(),
    };
    Plan {
        kind: PlanKind::Annual,
        title: "Kế hoạch khuyến công năm 2024".to_string(),
        from_year: 2024,
        to_year: 2024,
        decision_no: "285/QĐ-UBND".to_string(),
        decided_on: jiff::civil::Date::new(2024, 1, 31).ok(),
        approved_by: "Chủ tịch UBND tỉnh".to_string(),
        note: String::new(),
        lines: vec![
            line(Activity::Training(TrainingKind::Course), Some(FundingSource::Local), 2, Some(100), 60),
            line(Activity::Project(ProjectContent::Machinery), Some(FundingSource::National), 2, None, 380),
            line(Activity::Design, None, 3, None, 75),
            PlanLine {
                note: "Ghi chú của dòng".to_string(),
                ..line(Activity::Project(ProjectContent::TradeFair), None, 1, None, 80)
            },
        ],
    }
}

#[test]
fn the_plans_export_reads_back_as_the_same_plan() {
    let dir = temp();
    let path = dir.path().join("sổ.db");
    let mut wb = Workbook::create(&path, "Trung tâm Khuyến công", "Vĩnh Long").unwrap();
    wb.insert(&a_plan()).unwrap();
    let xlsx = dir.path().join("kế hoạch.xlsx");
    export_plans(&wb, &xlsx).expect("export");
    let preview = read_annex(&xlsx).expect("read back");
    let checked = preview.plan();
    assert_eq!(
        checked.record.as_ref(),
        Some(&Plan { note: String::new(), ..a_plan() }),
        "{:?}",
        checked.issues
    );
}

/// An annex as a province types it: the issuing body, the title, the
/// decision, the unit, a two-row header, group rows, a total and a signature.
fn officer_annex(path: &Path, rows: &[(&str, &str, &str, f64, &str)]) {
    let mut book = Xlsx::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Phụ lục").unwrap();
    sheet.write_string(0, 0, "ỦY BAN NHÂN DÂN TỈNH VĨNH LONG").unwrap();
    sheet.write_string(1, 0, "KẾ HOẠCH KHUYẾN CÔNG NĂM 2024").unwrap();
    sheet
        .write_string(2, 0, "(Kèm theo Quyết định số 285/QĐ-UBND ngày 31/01/2024 của Chủ tịch UBND tỉnh)")
        .unwrap();
    sheet.write_string(3, 4, "Đơn vị tính: triệu đồng").unwrap();
    for (c, h) in ["STT", "Nội dung hoạt động", "Đơn vị tính", "Số lượng", "Kinh phí", "Nguồn kinh phí"]
        .iter()
        .enumerate()
    {
        sheet.write_string(4, c as u16, *h).unwrap();
    }
    for c in 0..6u16 {
        sheet.write_string(5, c, format!("({})", c + 1)).unwrap();
    }
    sheet.write_string(6, 0, "I").unwrap();
    sheet.write_string(6, 1, "Khuyến công địa phương").unwrap();
    let mut r = 7;
    for (i, (activity, unit, count, money, source)) in rows.iter().enumerate() {
        sheet.write_number(r, 0, (i + 1) as f64).unwrap();
        sheet.write_string(r, 1, *activity).unwrap();
        sheet.write_string(r, 2, *unit).unwrap();
        sheet.write_string(r, 3, *count).unwrap();
        sheet.write_number(r, 4, *money).unwrap();
        sheet.write_string(r, 5, *source).unwrap();
        r += 1;
    }
    sheet.write_string(r, 1, "Tổng cộng").unwrap();
    sheet.write_number(r, 4, rows.iter().map(|x| x.3).sum::<f64>()).unwrap();
    sheet.write_string(r + 2, 4, "GIÁM ĐỐC").unwrap();
    book.save(path).unwrap();
}

#[test]
fn an_officers_annex_is_read_with_its_title_decision_and_lines() {
    let dir = temp();
    let xlsx = dir.path().join("phụ lục.xlsx");
    officer_annex(
        &xlsx,
        &[
            ("Tổ chức tập huấn nâng cao năng lực quản lý", "Lớp", "2", 60.0, "Khuyến công địa phương"),
            ("Hỗ trợ ứng dụng máy móc thiết bị tiên tiến", "Đề án", "2", 380.5, "Khuyến công địa phương"),
            ("Tư vấn thiết kế mẫu mã, bao bì", "Cơ sở", "3", 75.0, "Khuyến công địa phương"),
        ],
    );
    let preview = read_annex(&xlsx).expect("read");
    let plan = preview.plan().record.unwrap_or_else(|| panic!("{:?}", preview.plan().issues));
    assert_eq!(plan.title, "Kế hoạch khuyến công năm 2024");
    assert_eq!((plan.kind, plan.from_year, plan.to_year), (PlanKind::Annual, 2024, 2024));
    assert_eq!(plan.decision_no, "285/QĐ-UBND");
    assert_eq!(plan.approved_by, "Chủ tịch UBND tỉnh");
    let got: Vec<(Activity, Option<i64>, Option<i64>)> =
        plan.lines.iter().map(|l| (l.activity, l.target_count, l.target_vnd)).collect();
    assert_eq!(
        got,
        [
            (Activity::Training(TrainingKind::Course), Some(2), Some(60 * MILLION)),
            (Activity::Project(ProjectContent::Machinery), Some(2), Some(380_500_000)),
            (Activity::Design, Some(3), Some(75 * MILLION)),
        ],
        "the group row, the column numbers, the total and the signature are not lines"
    );
    assert!(plan.lines.iter().all(|l| l.source == Some(FundingSource::Local)));
}

#[test]
fn a_line_the_reading_is_not_sure_of_blocks_the_import_and_says_where() {
    let dir = temp();
    let xlsx = dir.path().join("phụ lục.xlsx");
    officer_annex(
        &xlsx,
        &[
            ("Tổ chức tập huấn, hội thảo", "Lớp", "3", 90.0, "Khuyến công địa phương"),
            ("Hỗ trợ ứng dụng máy móc thiết bị tiên tiến", "Đề án", "hai", 380.0, "Khuyến công địa phương"),
        ],
    );
    let preview = read_annex(&xlsx).expect("read");
    let checked = preview.plan();
    assert!(checked.record.is_none(), "nothing guessed");
    let said: Vec<String> =
        checked.issues.iter().map(|i| i.problem.message(khuyencong::i18n::Lang::Vi)).collect();
    assert!(said.iter().any(|s| s.starts_with("Dòng 1: chưa chọn hoạt động")), "{said:?}");
    assert!(said.iter().any(|s| s.starts_with("Dòng 2: số lượng không phải là số")), "{said:?}");
}

#[test]
fn a_file_that_is_no_spreadsheet_is_refused_with_its_reason() {
    let dir = temp();
    let bad = dir.path().join("kế hoạch.xlsx");
    std::fs::write(&bad, b"not a zip at all").unwrap();
    let error = read_annex(&bad).expect_err("refused");
    assert!(!error.message(khuyencong::i18n::Lang::Vi).is_empty());
}

#[test]
fn the_window_previews_an_annex_and_imports_it_as_a_plan() {
    let dir = temp();
    let book = empty_in(dir.path(), "sổ.db");
    let xlsx = dir.path().join("phụ lục.xlsx");
    officer_annex(
        &xlsx,
        &[
            ("Tổ chức tập huấn nâng cao năng lực quản lý", "Lớp", "2", 60.0, "Khuyến công địa phương"),
            ("Hỗ trợ ứng dụng máy móc thiết bị tiên tiến", "Đề án", "2", 380.0, "Khuyến công địa phương"),
        ],
    );
    let mut h = harness(khuyencong::app::App::new(khuyencong::app::StartOptions {
        file: Some(book.clone()),
        folders: Some(khuyencong::app::settings::Folders::under(&dir.path().join("home"))),
        ..Default::default()
    }));
    click_prefix(&mut h, "Kế hoạch");
    click(&mut h, "Nhập từ Excel…");
    type_into(&mut h, "Đường dẫn tệp", path_str(&xlsx));
    click(&mut h, "Xem trước");
    assert!(h.query_by_label_contains("2 dòng kế hoạch, 0 dòng có lỗi").is_some(), "{:?}", visible_texts(&h));
    // The officer shortens the title before importing.
    type_into(&mut h, "Tên kế hoạch *", "Kế hoạch 2024");
    click(&mut h, "Nhập kế hoạch");
    let c = db(&book);
    let (title, lines): (String, String) = c
        .query_row("SELECT title, lines FROM plans WHERE deleted_at IS NULL", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(title, "Kế hoạch 2024");
    assert!(lines.contains("\"kinh_phi_vnd\":380000000") && lines.contains("dao_tao:tap_huan"), "{lines}");
    assert!(h.query_by_label_contains("Đã nhập kế hoạch").is_some(), "{:?}", visible_texts(&h));
    let wb = Workbook::open(&book, OpenMode::ReadOnly).unwrap();
    assert_eq!(wb.plans().unwrap().len(), 1);
}
