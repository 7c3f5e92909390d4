//! How the import shows its reading of an officer's file, on the command
//! line and in the window's preview: the sheet, the header, the rows left
//! out, the units and encodings converted, the values taken from above; the
//! choices the officer must make (the decimal mark, a unit) and may change
//! (another sheet, hidden rows, old encodings). Each window test clicks and
//! types by label and reads the SQLite file.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::*;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use khuyencong::app::App;

fn officer_file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/officers").join(name)
}

fn count(path: &Path, sql: &str) -> i64 {
    db(path).query_row(sql, [], |r| r.get(0)).expect("query")
}

fn import(db: &Path, file: &Path, kind: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["import", path_str(db), path_str(file), "--kind", kind];
    args.extend(extra);
    khuyencong(&args)
}

#[test]
fn the_command_line_shows_every_decision_it_made() {
    let dir = temp();
    let db = empty_in(dir.path(), "sổ.db");
    let out = import(&db, &officer_file("de-an-2023-ubnd.ods"), "projects", &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    for words in [
        "Tiêu đề cột hai dòng: dòng 8–9, đã ghép lại.",
        "Bỏ qua dòng 10: dòng đánh số cột",
        "số tiền tính bằng triệu đồng",
        "Không nhập 7 dòng tiêu đề nhóm (I, II, A, B…): dòng 11–12, 17, 22–23, 29, 33.",
        "dòng tổng cộng",
        "Bảng kết thúc ở dòng 39",
        "lấy từ dòng tiêu đề nhóm phía trên",
        "lấy năm 2023 theo tiêu đề",
        "Đã nhập 12 bản ghi",
    ] {
        assert!(text.contains(words), "{words:?} missing in:\n{text}");
    }
    let db = empty_in(dir.path(), "gộp.db");
    let out = import(&db, &officer_file("de-an-2016-2018-gop-o.xls"), "projects", &[]);
    assert!(stdout(&out).contains("“Năm” của 15 dòng lấy từ ô gộp nhiều dòng."), "{}", stdout(&out));
    // The same in English.
    let db = empty_in(dir.path(), "book.db");
    let out = import(&db, &officer_file("de-an-2023-ubnd.ods"), "projects", &["--lang", "en"]);
    let text = stdout(&out);
    for words in ["Two-line column headers: lines 8–9, joined.", "group headings", "Imported 12 records"] {
        assert!(text.contains(words), "{words:?} missing in:\n{text}");
    }
}

#[test]
fn old_encodings_and_excel_csv_encodings_are_named_and_converted() {
    let dir = temp();
    let db = empty_in(dir.path(), "sổ.db");
    let out = import(&db, &officer_file("de-an-2014-2016-tcvn3.xls"), "projects", &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("Chữ ở bảng mã cũ TCVN3 (ABC)"), "{}", stdout(&out));
    assert!(count(&db, "SELECT COUNT(*) FROM projects WHERE district = 'Mang Thít'") > 0);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM projects WHERE title LIKE '%¬%' OR title LIKE '%¸%'"), 0);
    // Kept as typed on request: nothing converted, and said so.
    let db = empty_in(dir.path(), "giữ.db");
    let out = import(&db, &officer_file("dao-tao-2015-vni.xlsx"), "trainings", &["--keep-legacy"]);
    assert!(stdout(&out).contains("được giữ nguyên theo yêu cầu"), "{}", stdout(&out));
    let db = empty_in(dir.path(), "1258.db");
    let out = import(&db, &officer_file("co-so-cp1258.csv"), "facilities", &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("bảng mã Windows-1258"), "{}", stdout(&out));
}

#[test]
fn questions_are_refused_with_the_choice_to_make_and_settled_by_it() {
    let dir = temp();
    let db = empty_in(dir.path(), "sổ.db");
    let before = fs::read(&db).expect("read");
    // Amounts like "1,235": the command line names the choice; the workbook is untouched.
    let ambiguous = officer_file("de-an-2020-dau-phay-nghin.csv");
    let out = import(&db, &ambiguous, "projects", &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("--decimal comma") && stderr(&out).contains("--decimal point"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("số như “1,"), "{}", stderr(&out));
    assert_eq!(fs::read(&db).expect("read"), before);
    let out = import(&db, &ambiguous, "projects", &["--decimal", "point"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let least: i64 = db_min(&db);
    assert!(least >= 1_000_000, "1,235 read as thousands of triệu: {least}");

    // Amounts plainly in đồng under no unit: refused, then read with --unit dong.
    let db = empty_in(dir.path(), "đồng.db");
    let no_unit = officer_file("de-an-2017-khong-don-vi.xlsx");
    let out = import(&db, &no_unit, "projects", &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("Cột H") && stderr(&out).contains("--unit dong"), "{}", stderr(&out));
    let out = import(&db, &no_unit, "projects", &["--unit", "dong"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(db_max(&db) < 1_000_000_000, "đồng kept as đồng, not millions of them");

    // A formula never calculated: the cell is named.
    let db = empty_in(dir.path(), "công thức.db");
    let out = import(&db, &officer_file("de-an-2023-cong-thuc-o-du-lieu.xlsx"), "projects", &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("F12"), "{}", stderr(&out));
}

fn db_min(path: &Path) -> i64 {
    count(path, "SELECT MIN(support_vnd) FROM projects")
}

fn db_max(path: &Path) -> i64 {
    count(path, "SELECT MAX(support_vnd) FROM projects")
}

#[test]
fn sheets_hidden_rows_and_unknown_columns_on_the_command_line() {
    let dir = temp();
    let two_sheets = officer_file("thiet-ke-2022-2023-hai-sheet.xlsx");
    let db = empty_in(dir.path(), "sổ.db");
    let out = import(&db, &two_sheets, "design", &["--sheet", "Không có"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("“2022”") && stderr(&out).contains("“2023”"), "{}", stderr(&out));
    let out = import(&db, &two_sheets, "design", &["--sheet", "2022"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("Đọc trang “2022”"), "{}", stdout(&out));
    assert_eq!(count(&db, "SELECT COUNT(DISTINCT year) FROM design_supports"), 1);
    assert_eq!(count(&db, "SELECT MIN(year) FROM design_supports"), 2022);

    let hidden = officer_file("de-an-2022-an-dong-rut.xlsx");
    let db = empty_in(dir.path(), "ẩn.db");
    let out = import(&db, &hidden, "projects", &[]);
    assert!(stdout(&out).contains("Không nhập 3 dòng ẩn"), "{}", stdout(&out));
    assert!(stdout(&out).contains("Bỏ qua cột ẩn L “Ghi chú nội bộ”"), "{}", stdout(&out));
    assert_eq!(count(&db, "SELECT COUNT(*) FROM projects"), 30);
    let db = empty_in(dir.path(), "cả ẩn.db");
    let out = import(&db, &hidden, "projects", &["--include-hidden"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(count(&db, "SELECT COUNT(*) FROM projects"), 33);

    // Every unknown column at once, by letter, with the nearest name; then left out on request.
    let csv = dir.path().join("lạ.csv");
    fs::write(&csv, "Tên cơ sở;Mã sô thuê;Màu sắc;Ghi chú\nCơ sở A;;đỏ;\n").expect("write");
    let db = empty_in(dir.path(), "lạ.db");
    let out = import(&db, &csv, "facilities", &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("C “Màu sắc”"), "{err}");
    assert!(!err.contains("B “Mã sô thuê”") || err.contains("có phải “Mã số thuế”"), "{err}");
    let out = import(&db, &csv, "facilities", &["--ignore-unknown"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn a_huge_header_never_becomes_a_huge_message() {
    let dir = temp();
    let db = empty_in(dir.path(), "sổ.db");
    let csv = dir.path().join("dài.csv");
    let header = "Cột lạ ".repeat(100_000);
    fs::write(&csv, format!("Tên cơ sở;{header}\nCơ sở A;x\n")).expect("write");
    let out = import(&db, &csv, "facilities", &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).len() < 1_000, "{} bytes", stderr(&out).len());
}

#[test]
fn a_district_no_one_knows_is_a_warning_that_names_the_known_ones() {
    let dir = temp();
    let db = empty_in(dir.path(), "sổ.db");
    let out = import(&db, &officer_file("co-so-dia-danh.csv"), "facilities", &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("Cảnh báo") && err.contains("Không phải huyện (cũ) nào"), "{err}");
    assert!(err.contains("Vũng Liêm") && err.contains("TX Bình Minh"), "{err}");
    assert_eq!(count(&db, "SELECT COUNT(*) FROM facilities WHERE district = 'Châu Thành'"), 1);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM facilities WHERE district = 'Trà Ôn'"), 2);
}

// ---- The window ----

fn open_import(h: &mut Harness<'static, App>, kind_item: &str, file: &Path) {
    click(h, "Tệp");
    click(h, "Nhập từ Excel/CSV");
    click(h, kind_item);
    type_into(h, "Đường dẫn tệp", path_str(file));
    click(h, "Xem trước");
}

fn import_enabled(h: &Harness<'static, App>) -> bool {
    !h.get_by_label("Nhập").accesskit_node().is_disabled()
}

#[test]
fn the_preview_shows_the_reading_and_asks_for_the_decimal_mark() {
    let dir = temp();
    let file = empty_in(dir.path(), "sổ.db");
    let mut h = harness(app_on(&file, dir.path()));
    open_import(&mut h, "Đề án…", &officer_file("de-an-2023-ubnd.ods"));
    for words in ["Tiêu đề cột hai dòng", "dòng tiêu đề nhóm", "Không nhập", "tiêu đề nhóm"]
    {
        let shown = visible_texts(&h).iter().any(|t| t.contains(words));
        assert!(shown, "{words:?} not shown: {:?}", visible_texts(&h));
    }
    click(&mut h, "Hủy");
    assert_eq!(count(&file, "SELECT COUNT(*) FROM projects"), 0, "cancelled: nothing written");
    // Values from merged cells are marked on their rows.
    open_import(&mut h, "Đề án…", &officer_file("de-an-2016-2018-gop-o.ods"));
    click(&mut h, "Dòng bỏ qua, giá trị lấy từ trên");
    assert!(visible_texts(&h).iter().any(|t| t.contains("theo ô gộp B5")), "{:?}", visible_texts(&h));
    click(&mut h, "Hủy");
    open_import(&mut h, "Đề án…", &officer_file("de-an-2020-dau-phay-nghin.xlsx"));
    assert!(h.query_all_by_label_contains("--decimal").next().is_some(), "{:?}", visible_texts(&h));
    assert!(!import_enabled(&h), "nothing is imported while the decimal mark is open");
    choose(&mut h, "Cách ghi số", "Kiểu Anh – Mỹ: 3,900 và 4.9");
    assert!(import_enabled(&h), "{:?}", visible_texts(&h));
    click(&mut h, "Nhập");
    assert!(count(&file, "SELECT MIN(support_vnd) FROM projects") >= 1_000_000_000);
}

#[test]
fn the_officer_can_take_hidden_rows_pick_a_sheet_and_keep_old_encodings() {
    let dir = temp();
    let file = empty_in(dir.path(), "sổ.db");
    let mut h = harness(app_on(&file, dir.path()));
    open_import(&mut h, "Đề án…", &officer_file("de-an-2022-an-dong-rut.ods"));
    click(&mut h, "Nhập cả 3 dòng ẩn");
    click(&mut h, "Nhập");
    assert_eq!(count(&file, "SELECT COUNT(*) FROM projects"), 33);

    open_import(&mut h, "Thiết kế bao bì…", &officer_file("thiet-ke-2022-2023-hai-sheet.ods"));
    choose(&mut h, "Trang tính", "1. 2022");
    click(&mut h, "Nhập");
    assert_eq!(count(&file, "SELECT COUNT(*) FROM design_supports WHERE year <> 2022"), 0);
    assert!(count(&file, "SELECT COUNT(*) FROM design_supports") > 0);

    open_import(&mut h, "Đào tạo…", &officer_file("dao-tao-2015-vni.xls"));
    let label = "Chuyển chữ bảng mã cũ (TCVN3, VNI) sang Unicode";
    assert!(h.query_by_label(label).is_some(), "{:?}", visible_texts(&h));
    click(&mut h, label);
    assert!(visible_texts(&h).iter().any(|t| t.contains("được giữ nguyên")), "{:?}", visible_texts(&h));
    click(&mut h, label);
    click(&mut h, "Nhập");
    assert_eq!(count(&file, "SELECT COUNT(*) FROM trainings WHERE name LIKE '%ö%' OR name LIKE '%ù%'"), 0);
    assert!(count(&file, "SELECT COUNT(*) FROM trainings") > 0);
}

#[test]
fn correct_unicode_is_never_taken_for_an_old_encoding() {
    use khuyencong::domain::RecordKind;
    use khuyencong::exchange::export::export_csv;
    use khuyencong::exchange::import::read_file;
    use khuyencong::spreadsheet::{Notice, ReadOptions};
    let dir = temp();
    let sample = sample_in(dir.path());
    let wb = khuyencong::workbook::Workbook::open(&sample, khuyencong::workbook::OpenMode::ReadOnly)
        .expect("open");
    for kind in RecordKind::LISTED {
        let csv = dir.path().join(format!("{}.csv", kind.cli_name()));
        export_csv(&wb, kind, &csv).expect("export");
        let table = read_file(&csv, kind, &ReadOptions::default()).expect("read");
        let legacy =
            table.notices.iter().any(|n| matches!(n, Notice::Legacy { .. } | Notice::LegacyKept { .. }));
        assert!(!legacy, "{kind:?}: {:?}", table.notices);
        assert!(table.problems.is_empty(), "{kind:?}: {:?}", table.problems);
        // Every text cell reads back as written.
        let written = std::fs::read_to_string(&csv).expect("read");
        for row in &table.rows {
            for (key, value) in
                [("ten_co_so", row.draft.get("ten_co_so")), ("ghi_chu", row.draft.get("ghi_chu"))]
            {
                assert!(value.is_empty() || written.contains(value), "{kind:?} {key}: {value:?}");
            }
        }
    }
}
