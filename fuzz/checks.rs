//! What every fuzz target checks, shared by the targets in `fuzz_targets/` and by
//! their replay in `cargo test` (tests/fuzz_replay.rs, which includes this file).
//! Each function takes arbitrary bytes, runs them through the library the way
//! the program does, and panics when an invariant breaks. A panic anywhere in
//! the library is a finding too: nothing from a file may panic.
// Each fuzz target uses only its own part of this file.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use khuyencong::domain::fields::Draft;
use khuyencong::domain::number::{
    date_from_excel_serial, format_billion, format_date, format_int, format_million, format_percent,
    parse_count, parse_date, parse_million,
};
use khuyencong::domain::text::{clean_line, clean_multiline};
use khuyencong::domain::validate::{MAX_LINE_CHARS, MAX_NOTE_CHARS};
use khuyencong::domain::{DesignSupport, Facility, Project, RecordKind, Training};
use khuyencong::exchange::import::{ApplyOptions, ImportError, apply_import, import_table, preview_import};
use khuyencong::i18n::Lang;
use khuyencong::lists::Data;
use khuyencong::spreadsheet::Cell;
use khuyencong::spreadsheet::formats::{DateOrder, DecimalMark, DetectedFormats};
use khuyencong::spreadsheet::units::Unit;
use khuyencong::spreadsheet::values::money_text;
use khuyencong::spreadsheet::{Book, ReadOptions, read_table};
use khuyencong::workbook::charts::ChartFilter;
use khuyencong::workbook::{OpenMode, Workbook};
use tempfile::TempDir;

/// A fresh folder on a RAM disk where there is one (fuzzing writes a file per input).
fn scratch() -> TempDir {
    let shm = Path::new("/dev/shm");
    let base = if shm.is_dir() { shm.to_path_buf() } else { std::env::temp_dir() };
    tempfile::Builder::new().prefix("khuyencong-fuzz").tempdir_in(base).expect("scratch folder")
}

/// The names in `dir`: a check leaves only the file it was given.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn assert_messages(vi: String, en: String) {
    assert!(!vi.trim().is_empty() && !en.trim().is_empty(), "a message in both languages");
}

// ---- Numbers and dates as officers type them ----

/// Vietnamese numbers and dates: parsing never panics, and whatever parses
/// comes back unchanged through the program's own formatting.
pub fn numbers(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(dong) = parse_million(&text) {
        assert_eq!(parse_million(&format_million(dong)), Ok(dong), "{text:?}");
    }
    if let Ok(n) = parse_count(&text) {
        assert_eq!(parse_count(&format_int(n)), Ok(n), "{text:?}");
    }
    if let Ok(date) = parse_date(&text) {
        assert_eq!(parse_date(&format_date(date)), Ok(date), "{text:?}");
    }
    // The same text typed into every number and date field of a form.
    let draft = Draft::new(RecordKind::Training)
        .with("nam", text.as_ref())
        .with("ten_lop", "Lớp may")
        .with("loai", "tap_huan")
        .with("so_hoc_vien", text.as_ref())
        .with("tu_ngay", text.as_ref())
        .with("kinh_phi", text.as_ref());
    if let Some(training) = draft.to_training(None).record {
        assert_eq!(Ok(training.cost_vnd), parse_million(&text));
        assert_eq!(Ok(training.trainees), parse_count(&text));
    }
    // Eight bytes at a time as a whole number of đồng, and as a spreadsheet number.
    for chunk in data.chunks_exact(8) {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(chunk);
        let value = i64::from_le_bytes(bytes);
        assert_eq!(parse_million(&format_million(value)), Ok(value), "{value}");
        assert_eq!(parse_count(&format_int(value)), Ok(value), "{value}");
        let _ = format_billion(value, (value.unsigned_abs() % 7) as u32);
        let _ = format_percent(value, value.rotate_left(17));
        let x = f64::from_bits(value as u64);
        if let Some(date) = date_from_excel_serial(x) {
            assert_eq!(parse_date(&format_date(date)), Ok(date));
        }
        // A number cell in a money column reads as the đồng it is worth (to
        // the đồng: the cell's decimal digits, not the float's binary ones).
        let formats = DetectedFormats::default();
        let money = money_text(&Cell::Number(x), Unit::Million, &formats);
        let dong = x * 1_000_000.0;
        if dong.is_finite() && dong.abs() < 9.0e15 {
            let read = parse_million(&money).unwrap_or_else(|e| panic!("{x} as {money:?}: {e:?}"));
            assert!((read as f64 - dong).abs() <= 1.0, "{x} as {money:?}");
        }
        let _ = Cell::Number(x).shown();
    }
}

// ---- Importing officers' spreadsheets ----

/// An empty workbook with one facility, made once; each input gets its own copy.
fn template() -> &'static [u8] {
    static TEMPLATE: OnceLock<Vec<u8>> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let dir = scratch();
        let path = dir.path().join("mẫu.db");
        let mut wb = Workbook::create(&path, "Phòng Kinh tế huyện Long Hồ", "Vĩnh Long").expect("create");
        let facility = Draft::new(RecordKind::Facility)
            .with("ten_co_so", "Cơ sở Bánh Phồng Tôm Tư Nhớ")
            .with("ma_so_thue", "1500123467")
            .to_facility()
            .record
            .expect("valid facility");
        wb.insert(&facility).expect("insert");
        drop(wb);
        fs::read(&path).expect("read")
    })
}

fn fresh_workbook() -> (TempDir, PathBuf) {
    let dir = scratch();
    let path = dir.path().join("sổ.db");
    fs::write(&path, template()).expect("write");
    (dir, path)
}

/// Stored text is what the rules allow: cleaned, NFC, not too long.
fn assert_line(field: &str, text: &str) {
    assert_eq!(clean_line(text), text, "{field} stored uncleaned");
    assert!(text.chars().count() <= MAX_LINE_CHARS, "{field} too long");
}

fn assert_note(text: &str) {
    assert_eq!(clean_multiline(text), text, "note stored uncleaned");
    assert!(text.chars().count() <= MAX_NOTE_CHARS, "note too long");
}

fn assert_stored_text_clean(wb: &Workbook) {
    for f in wb.list::<Facility>().expect("facilities") {
        let f = f.record;
        for (field, text) in [("name", &f.name), ("address", &f.address), ("commune", &f.commune)] {
            assert_line(field, text);
        }
        assert_line("representative", &f.representative);
        assert_line("district", &f.district);
    }
    for p in wb.list::<Project>().expect("projects") {
        assert_line("title", &p.record.title);
        assert_line("decision", &p.record.decision_no);
        assert_note(&p.record.note);
    }
    for t in wb.list::<Training>().expect("trainings") {
        assert_line("name", &t.record.name);
        assert_note(&t.record.note);
    }
    for d in wb.list::<DesignSupport>().expect("design") {
        assert_line("product", &d.record.product);
        assert_note(&d.record.note);
    }
}

fn total(wb: &Workbook) -> i64 {
    wb.counts().expect("counts").iter().sum()
}

/// Imports `book` as every kind of record, as the command line does (all or
/// nothing) and as the window does (read with the choices the officer may
/// make, then the rows without errors): counts add up, a preview writes
/// nothing, and only clean text is stored.
fn import_every_kind(book: &Book) {
    let (_dir, path) = fresh_workbook();
    let mut wb = Workbook::open(&path, OpenMode::Normal).expect("open the copy");
    for kind in RecordKind::ALL {
        let before = total(&wb);
        let imported = read_table(book, kind, &ReadOptions::default())
            .map_err(ImportError::Read)
            .and_then(|table| import_table(&mut wb, table));
        match imported {
            Err(e) => {
                assert_eq!(total(&wb), before, "a refused import writes nothing");
                assert_messages(e.message(Lang::Vi), e.message(Lang::En));
            }
            Ok(outcome) => {
                let added = (outcome.records + outcome.facilities_created) as i64;
                assert_eq!(total(&wb), before + added, "{outcome:?}");
            }
        }
        let options = ReadOptions {
            decimal: Some(DecimalMark::Point),
            date_order: Some(DateOrder::MonthDay),
            include_hidden: true,
            ignore_unknown: true,
            ..Default::default()
        };
        let bytes = fs::read(&path).expect("read");
        let Ok(table) = read_table(book, kind, &options) else { continue };
        for notice in &table.notices {
            assert_messages(notice.message(kind, Lang::Vi), notice.message(kind, Lang::En));
        }
        for problem in &table.problems {
            assert_messages(problem.message(kind, Lang::Vi), problem.message(kind, Lang::En));
        }
        let Ok(preview) = preview_import(&wb, table) else { continue };
        let _ = preview.formats.describe(Lang::Vi);
        for problem in preview.errors() {
            assert_messages(problem.message(Lang::Vi), problem.message(Lang::En));
        }
        assert!(fs::read(&path).expect("read") == bytes, "a preview writes nothing");
        let before = total(&wb);
        if let Ok(outcome) = apply_import(&mut wb, &preview, &ApplyOptions { skip_rows_with_errors: true }) {
            let added = (outcome.records + outcome.facilities_created) as i64;
            assert_eq!(total(&wb), before + added, "{outcome:?}");
        } else {
            assert_eq!(total(&wb), before, "a refused import writes nothing");
        }
    }
    assert_stored_text_clean(&wb);
    assert_eq!(wb.check_report().expect("check").0, "ok");
}

/// A CSV file as an officer may save it from anything: read, then imported.
pub fn csv_import(data: &[u8]) {
    match khuyencong::spreadsheet::csv::read_csv(data) {
        Err(e) => assert_messages(e.message(Lang::Vi), e.message(Lang::En)),
        Ok(book) => import_every_kind(&book),
    }
}

/// A spreadsheet file named `name`: read from disk as the program does
/// (by its bytes, whatever its name says), then imported.
fn spreadsheet_import(data: &[u8], name: &str) {
    let dir = scratch();
    let path = dir.path().join(name);
    fs::write(&path, data).expect("write");
    match khuyencong::spreadsheet::open(&path) {
        Err(e) => assert_messages(e.message(Lang::Vi), e.message(Lang::En)),
        Ok(book) => import_every_kind(&book),
    }
    assert_eq!(fs::read(&path).expect("read"), data, "reading never writes");
}

/// An .xlsx file.
pub fn xlsx_import(data: &[u8]) {
    spreadsheet_import(data, "danh sách.xlsx")
}

/// An .xls file (Excel 97–2003).
pub fn xls_import(data: &[u8]) {
    spreadsheet_import(data, "danh sách.xls")
}

/// An .ods file (LibreOffice).
pub fn ods_import(data: &[u8]) {
    spreadsheet_import(data, "danh sách.ods")
}

// ---- Opening a workbook ----

/// Everything the program reads when a workbook opens: lists, totals, charts.
fn read_everything(wb: &Workbook) {
    let _ = wb.check_report();
    let _ = wb.counts();
    let _ = wb.year_span();
    if let Ok(summary) = wb.summary(None, None) {
        let _ = khuyencong::report::text::summary_table(&summary, Lang::Vi);
    }
    let _ = wb.summary(Some(2014), Some(2023));
    let _ = wb.list::<Facility>();
    let _ = wb.list::<Project>();
    let _ = wb.list::<Training>();
    let _ = wb.list::<DesignSupport>();
    let _ = Data::load(wb);
    let _ = wb.chart_data(&ChartFilter { from: 2000, to: 2100, ..Default::default() });
}

/// Any bytes as a workbook file: opened read-only (as `check` and `summary`
/// do) and then normally (as the window does). A refused file keeps every
/// byte; nothing leaves a side file (journal, WAL) behind.
pub fn workbook_open(data: &[u8]) {
    let dir = scratch();
    let name = "sổ thử.db";
    let path = dir.path().join(name);
    fs::write(&path, data).expect("write");
    for mode in [OpenMode::ReadOnly, OpenMode::Normal, OpenMode::Normal] {
        let before = fs::read(&path).expect("read");
        match Workbook::open(&path, mode) {
            Err(e) => {
                assert_messages(e.message(Lang::Vi), e.message(Lang::En));
                assert!(fs::read(&path).expect("read") == before, "a refused file was changed ({e:?})");
            }
            Ok(wb) => {
                read_everything(&wb);
                drop(wb);
                if mode == OpenMode::ReadOnly {
                    assert!(fs::read(&path).expect("read") == before, "a read-only open wrote");
                }
            }
        }
        assert_eq!(names(dir.path()), [name], "side files left by {mode:?}");
    }
}

// ---- A workbook received for merging ----

/// Any bytes as another office's workbook, merged into a fresh one the way
/// `khuyencong merge --prefer source` does: refused with a message in both
/// languages, leaving the target byte for byte as it was, or merged with the
/// target passing its integrity check and reading back. The source is never
/// written, and no side file is left.
pub fn merge_source(data: &[u8]) {
    use khuyencong::workbook::merge::{Resolution, apply_merge, plan_merge};
    let (dir, target) = fresh_workbook();
    let source = dir.path().join("sổ huyện.db");
    fs::write(&source, data).expect("write");
    let before = fs::read(&target).expect("read");
    let mut wb = Workbook::open(&target, OpenMode::Normal).expect("target");
    match plan_merge(&wb, &source) {
        Err(e) => {
            let (vi, en) = (e.message(Lang::Vi), e.message(Lang::En));
            assert!(!vi.chars().chain(en.chars()).any(char::is_control), "a control character in {vi:?}");
            assert_messages(vi, en);
            drop(wb);
            assert!(
                fs::read(&target).expect("read") == before,
                "a refused source changed the target ({e:?})"
            );
        }
        Ok(plan) => {
            let merged =
                apply_merge(&mut wb, &plan, &Default::default(), Some(Resolution::KeepTheirs), &mut |_| true);
            if let Err(e) = merged {
                assert_messages(e.message(Lang::Vi), e.message(Lang::En));
            }
            let (integrity, _) = wb.check_report().expect("integrity check");
            assert_eq!(integrity, "ok", "the merge damaged the target");
            read_everything(&wb);
        }
    }
    assert!(fs::read(&source).expect("read") == data, "the source was written");
    assert_eq!(names(dir.path()), ["sổ huyện.db", "sổ.db"], "side files left");
}
