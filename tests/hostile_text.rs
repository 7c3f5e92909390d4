//! Text nobody should type but somebody will paste: a megabyte name, control
//! characters, right-to-left overrides, emoji, stacks of combining marks
//! ("Zalgo"), decomposed (NFD) Vietnamese, and bytes that are not UTF-8.
//!
//! The rule (src/domain/text.rs, validate.rs): a one-line field keeps at most
//! 500 characters and a note 10.000 — longer text is refused with a message,
//! never cut; control characters, bidirectional controls and zero-width
//! characters are removed; line breaks in a one-line field become a space;
//! more than four combining marks on one letter are dropped; emoji stay;
//! everything is stored NFC. The same rule holds for the form, CSV and XLSX
//! import, and the window; what is asserted is what SQLite holds.

mod common;

use std::fs;
use std::path::Path;

use common::*;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use khuyencong::app::App;
use khuyencong::domain::fields::Draft;
use khuyencong::domain::validate::{Issue, MAX_LINE_CHARS, MAX_NOTE_CHARS, Problem};
use khuyencong::domain::{Facility, Project, RecordKind};
use khuyencong::exchange::import::{ImportError, import_file};
use khuyencong::i18n::Lang;
use khuyencong::spreadsheet::ReadError;
use khuyencong::workbook::{OpenMode, Workbook, WorkbookError};
use unicode_normalization::UnicodeNormalization;

const MEGABYTE: usize = 1 << 20;

/// (what is typed or pasted, what must be stored) for a one-line field.
fn line_cases() -> Vec<(String, String)> {
    let zalgo = format!("Cơ sở Z{}algo", "\u{0336}\u{0301}\u{0323}\u{0360}\u{0489}".repeat(12));
    vec![
        // Control characters vanish; a line break in a one-line field is a space.
        ("Cơ sở\0 Minh\u{7}Phát\r\nLong Hồ\t".into(), "Cơ sở MinhPhát Long Hồ".into()),
        ("\u{1b}[31mĐỏ\u{1b}[0m".into(), "[31mĐỏ[0m".into()),
        // Bidirectional overrides, isolates and marks (a "Trojan source" name).
        ("\u{202E}Cơ sở ABC\u{202C}".into(), "Cơ sở ABC".into()),
        ("Bánh\u{2067} tráng\u{2069}\u{200F}\u{061C}".into(), "Bánh tráng".into()),
        ("Mỹ\u{200B}Lồng\u{FEFF}".into(), "MỹLồng".into()),
        // Emoji stay, with skin tones and presentation selectors.
        ("Phở 🍜 ngon 👍🏽 ❤️".into(), "Phở 🍜 ngon 👍🏽 ❤️".into()),
        // A joined emoji loses its invisible joiners, not its emoji.
        ("Gia đình 👨\u{200D}👩\u{200D}👧".into(), "Gia đình 👨👩👧".into()),
        // At most four combining marks stay on a letter (after NFC has made Z
        // and the dot below one letter, Ẓ).
        (zalgo, "Cơ sở Ẓ\u{0336}\u{0301}\u{0360}\u{0489}algo".into()),
        // Decomposed Vietnamese (Unikey "Unicode tổ hợp") is stored composed.
        ("Cơ sở Bánh Phồng Tôm Vĩnh Long".nfd().collect(), "Cơ sở Bánh Phồng Tôm Vĩnh Long".into()),
    ]
}

fn facility_from(name: &str) -> khuyencong::domain::fields::Checked<Facility> {
    Draft::new(RecordKind::Facility).with("ten_co_so", name).with("dia_chi", name).to_facility()
}

fn stored_names(path: &Path) -> Vec<String> {
    let c = db(path);
    let mut stmt = c.prepare("SELECT name FROM facilities ORDER BY rowid").expect("sql");
    stmt.query_map([], |r| r.get(0)).expect("query").collect::<Result<_, _>>().expect("names")
}

fn too_long(issues: &[Issue], field: &str, max: usize) -> bool {
    issues.iter().any(|i| i.field == field && i.problem == Problem::TooLong { max })
}

#[test]
fn the_form_path_cleans_what_it_can_and_refuses_what_is_too_long() {
    let dir = temp();
    let path = empty_in(dir.path(), "sổ.db");
    let mut wb = Workbook::open(&path, OpenMode::Normal).expect("open");
    for (typed, expected) in line_cases() {
        let checked = facility_from(&typed);
        let facility = checked.record.unwrap_or_else(|| panic!("{typed:?}: {:?}", checked.issues));
        assert_eq!(facility.name, expected);
        assert_eq!(facility.address, expected);
        wb.insert(&facility).expect("insert");
    }
    let expected: Vec<String> = line_cases().into_iter().map(|(_, e)| e).collect();
    assert_eq!(stored_names(&path), expected, "as stored in SQLite");

    // A megabyte name is refused with a clear message, not cut.
    let huge = "Cơ sở ".repeat(MEGABYTE / 8);
    assert!(huge.len() >= MEGABYTE);
    let checked = facility_from(&huge);
    assert!(checked.record.is_none());
    assert!(too_long(&checked.issues, "ten_co_so", MAX_LINE_CHARS));
    let problem = Problem::TooLong { max: MAX_LINE_CHARS };
    assert_eq!(problem.message(Lang::Vi), "Quá dài; tối đa 500 ký tự.");
    assert_eq!(problem.message(Lang::En), "Too long; at most 500 characters.");
    // The limit counts characters after cleaning: 500 letters with an
    // invisible character between each pair still fit.
    let exactly = "ệ".repeat(MAX_LINE_CHARS);
    assert!(facility_from(&exactly).record.is_some());
    assert!(
        facility_from(&exactly.chars().flat_map(|c| [c, '\u{200B}']).collect::<String>()).record.is_some()
    );
    assert!(too_long(&facility_from(&format!("{exactly}a")).issues, "ten_co_so", MAX_LINE_CHARS));

    // Notes keep their lines; other controls go.
    let note = "Dòng 1\r\nDòng\0 2\u{2028}Dòng 3\u{202E}\r\n\r\n";
    let project = Draft::new(RecordKind::Project)
        .with("nam", "2024")
        .with("ten_de_an", "Đề án 🍜")
        .with("nguon_kinh_phi", "dia_phuong")
        .with("noi_dung", "tu_van")
        .with("kinh_phi_ho_tro", "10")
        .with("ghi_chu", note)
        .to_project(None);
    let project = project.record.expect("valid");
    assert_eq!(project.note, "Dòng 1\nDòng 2\nDòng 3");
    let id = wb.insert(&project).expect("insert");
    let stored: String =
        db(&path).query_row("SELECT note FROM projects WHERE id = ?1", [&id], |r| r.get(0)).expect("note");
    assert_eq!(stored, "Dòng 1\nDòng 2\nDòng 3");
    let long_note = "x".repeat(MAX_NOTE_CHARS + 1);
    let checked = project.to_draft(None).with("ghi_chu", long_note.as_str()).to_project(None);
    assert!(too_long(&checked.issues, "ghi_chu", MAX_NOTE_CHARS));
}

#[test]
fn a_record_made_without_the_form_is_held_to_the_same_length_rule() {
    // A record built in code (a merge, a future screen) is checked by the
    // workbook itself: the megabyte name never reaches the file.
    let dir = temp();
    let path = empty_in(dir.path(), "sổ.db");
    let before = fs::read(&path).expect("read");
    let mut wb = Workbook::open(&path, OpenMode::Normal).expect("open");
    let facility = Facility { name: "a".repeat(MEGABYTE), ..Default::default() };
    match wb.insert(&facility) {
        Err(WorkbookError::Invalid(issues)) => {
            assert!(too_long(&issues, "ten_co_so", MAX_LINE_CHARS));
            let e = WorkbookError::Invalid(issues);
            assert!(
                e.message(Lang::Vi).contains("ten_co_so: Quá dài; tối đa 500 ký tự."),
                "{}",
                e.message(Lang::Vi)
            );
            assert!(e.message(Lang::En).contains("ten_co_so: Too long; at most 500 characters."));
        }
        other => panic!("{other:?}"),
    }
    let project = Draft::new(RecordKind::Project)
        .with("nam", "2024")
        .with("ten_de_an", "Đề án")
        .with("nguon_kinh_phi", "dia_phuong")
        .with("noi_dung", "tu_van")
        .with("kinh_phi_ho_tro", "10")
        .to_project(None)
        .record
        .expect("valid");
    let long = Project { note: "ghi chú ".repeat(2_000), ..project.clone() };
    assert!(
        matches!(wb.insert(&long), Err(WorkbookError::Invalid(i)) if too_long(&i, "ghi_chu", MAX_NOTE_CHARS))
    );
    let id = wb.insert(&project).expect("a short one saves");
    let long_title = Project { title: "Đ".repeat(MAX_LINE_CHARS + 1), ..project };
    assert!(matches!(wb.update(&id, &long_title), Err(WorkbookError::Invalid(_))));
    drop(wb);
    assert_eq!(stored_names(&path), Vec::<String>::new());
    assert_ne!(fs::read(&path).expect("read"), before, "the short project was saved");
    let title: String = db(&path).query_row("SELECT title FROM projects", [], |r| r.get(0)).expect("title");
    assert_eq!(title, "Đề án");
}

/// A CSV of facilities, one per line.
fn facilities_csv(names: &[String]) -> String {
    let mut csv = String::from("ten_co_so;dia_chi\r\n");
    for name in names {
        let quoted = format!("\"{}\"", name.replace('"', "\"\""));
        csv.push_str(&format!("{quoted};{quoted}\r\n"));
    }
    csv
}

#[test]
fn csv_import_cleans_like_the_form_and_refuses_a_megabyte_cell_by_line_and_column() {
    let dir = temp();
    let path = empty_in(dir.path(), "sổ.db");
    let typed: Vec<String> = line_cases().into_iter().map(|(t, _)| t).collect();
    let csv = dir.path().join("cơ sở.csv");
    fs::write(&csv, facilities_csv(&typed)).expect("write");
    let mut wb = Workbook::open(&path, OpenMode::Normal).expect("open");
    let outcome = import_file(&mut wb, &csv, RecordKind::Facility).expect("import");
    assert_eq!(outcome.records, typed.len());
    drop(wb);
    let expected: Vec<String> = line_cases().into_iter().map(|(_, e)| e).collect();
    assert_eq!(stored_names(&path), expected);

    // A megabyte cell on the third line: nothing is written, the line and column are named.
    let before = fs::read(&path).expect("read");
    let names = vec!["Cơ sở An Bình".to_string(), "Cơ sở ".repeat(MEGABYTE / 8)];
    fs::write(&csv, facilities_csv(&names)).expect("write");
    let mut wb = Workbook::open(&path, OpenMode::Normal).expect("open");
    let err = import_file(&mut wb, &csv, RecordKind::Facility).expect_err("refused");
    drop(wb);
    let ImportError::Rows(problems) = &err else { panic!("{err:?}") };
    assert!(problems.iter().any(|p| p.line == 3 && p.column == "ten_co_so"), "{problems:?}");
    assert!(
        err.message(Lang::Vi).contains("Dòng 3, cột A “Tên cơ sở” (ten_co_so): Quá dài; tối đa 500 ký tự.")
    );
    assert!(
        err.message(Lang::En)
            .contains("Line 3, column A “Facility name” (ten_co_so): Too long; at most 500 characters.")
    );
    assert_eq!(fs::read(&path).expect("read"), before, "nothing written");
}

#[test]
fn csv_in_excel_encodings_is_decoded_and_damaged_utf8_is_refused_with_what_to_do() {
    let dir = temp();
    let path = empty_in(dir.path(), "sổ.db");
    // Excel's "CSV (Comma delimited)" on a Vietnamese Windows writes Windows-1258
    // (ơ is F5, the hook above the combining D2); "Unicode Text" writes UTF-16
    // with a byte-order mark and tabs.
    let windows_1258 = b"ten_co_so\r\nC\xf5 s\xf5\xd2 B\xe1nh Tr\xe1ng\r\n".to_vec();
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            "ten_co_so\tdia_chi\r\nCơ sở Gốm Mang Thít\tẤp 1\r\n".encode_utf16().flat_map(u16::to_le_bytes),
        )
        .collect();
    for (name, bytes, stored) in
        [("1258.csv", windows_1258, "Cơ sở Bánh Tráng"), ("unicode.txt", utf16, "Cơ sở Gốm Mang Thít")]
    {
        let csv = dir.path().join(name);
        fs::write(&csv, &bytes).expect("write");
        let mut wb = Workbook::open(&path, OpenMode::Normal).expect("open");
        import_file(&mut wb, &csv, RecordKind::Facility).expect(name);
        drop(wb);
        assert!(stored_names(&path).contains(&stored.to_string()), "{name}: {:?}", stored_names(&path));
    }
    let before = fs::read(&path).expect("read");
    let mut broken = "ten_co_so\r\nCơ sở An\r\nCơ sở ".as_bytes().to_vec();
    broken.extend([0xC3, 0x28, 0xED, 0xA0, 0x80]); // a bad sequence and an encoded lone surrogate
    let csv = dir.path().join("hỏng.csv");
    fs::write(&csv, &broken).expect("write");
    let mut wb = Workbook::open(&path, OpenMode::Normal).expect("open");
    let err = import_file(&mut wb, &csv, RecordKind::Facility).expect_err("refused");
    assert_eq!(err, ImportError::Read(ReadError::DamagedUtf8 { line: 3 }));
    assert!(err.message(Lang::Vi).contains("dòng 3") && err.message(Lang::Vi).contains("CSV UTF-8"));
    assert!(err.message(Lang::En).contains("line 3") && err.message(Lang::En).contains("\"CSV UTF-8"));
    drop(wb);
    // And on the command line, in both languages.
    for lang in ["vi", "en"] {
        let out =
            khuyencong(&["import", path_str(&path), path_str(&csv), "--kind", "facilities", "--lang", lang]);
        assert_eq!(out.status.code(), Some(2), "{lang}");
        let expected = err.message(Lang::from_code(lang).expect("lang"));
        assert_eq!(stderr(&out).trim(), expected);
    }
    assert_eq!(fs::read(&path).expect("read"), before, "nothing written");
}

#[test]
fn xlsx_import_cleans_like_the_form() {
    let dir = temp();
    let path = empty_in(dir.path(), "sổ.db");
    let xlsx = dir.path().join("cơ sở.xlsx");
    let write = |names: &[String]| {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "Tên cơ sở").expect("header");
        for (i, name) in names.iter().enumerate() {
            sheet.write_string(i as u32 + 1, 0, name).expect("cell");
        }
        book.save(&xlsx).expect("save");
    };
    let typed: Vec<String> = line_cases().into_iter().map(|(t, _)| t).collect();
    write(&typed);
    let mut wb = Workbook::open(&path, OpenMode::Normal).expect("open");
    import_file(&mut wb, &xlsx, RecordKind::Facility).expect("import");
    drop(wb);
    let expected: Vec<String> = line_cases().into_iter().map(|(_, e)| e).collect();
    assert_eq!(stored_names(&path), expected);
    // Excel's longest cell (32.767 characters) is still far too long for a name.
    let before = fs::read(&path).expect("read");
    write(&["ệ".repeat(32_767)]);
    let mut wb = Workbook::open(&path, OpenMode::Normal).expect("open");
    let err = import_file(&mut wb, &xlsx, RecordKind::Facility).expect_err("refused");
    drop(wb);
    assert!(
        err.message(Lang::Vi).contains("Dòng 2, cột A “Tên cơ sở” (ten_co_so): Quá dài"),
        "{}",
        err.message(Lang::Vi)
    );
    assert_eq!(fs::read(&path).expect("read"), before);
}

/// The window as `common::harness` makes it, but drawing a box for a letter no
/// font has (the app's own policy) instead of failing: the bundled fonts have
/// no emoji.
fn tofu_harness(app: App) -> Harness<'static, App> {
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .with_context_setup(khuyencong::ui::install)
        .allow_missing_glyphs()
        .build_ui_state(|ui, app: &mut App| app.show(ui), app);
    settle(&mut h);
    h
}

#[test]
fn hostile_text_typed_in_the_window_is_stored_clean_and_listed_sanely() {
    let dir = temp();
    let file = empty_in(dir.path(), "sổ.db");
    let mut h = tofu_harness(app_on(&file, dir.path()));
    click_prefix(&mut h, "Cơ sở (0)");
    for (typed, expected) in line_cases() {
        click(&mut h, "Thêm mới");
        type_into(&mut h, "Tên cơ sở *", &typed);
        type_into(&mut h, "Địa chỉ", &typed);
        click(&mut h, "Lưu");
        assert!(h.query_by_label("Lưu").is_none(), "{typed:?}: the form closed after saving");
        let (name, address): (String, String) = db(&file)
            .query_row("SELECT name, address FROM facilities ORDER BY rowid DESC LIMIT 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .expect("saved");
        assert_eq!((name.as_str(), address.as_str()), (expected.as_str(), expected.as_str()), "{typed:?}");
        // The list shows the stored text, not what was typed.
        let shown = visible_texts(&h);
        assert!(shown.contains(&expected), "{expected:?} in the list");
        assert!(!shown.iter().any(|t| t.contains(['\0', '\u{7}', '\u{202E}'])), "nothing hostile shown");
    }

    // Pasting a 100.000-character name: the error stands beside the field and nothing is saved.
    let before = fs::read(&file).expect("read");
    click(&mut h, "Thêm mới");
    type_into(&mut h, "Tên cơ sở *", &"Cơ sở ".repeat(100_000 / 6));
    assert!(h.query_by_label("Quá dài; tối đa 500 ký tự.").is_some());
    click(&mut h, "Lưu");
    assert!(h.query_by_label("Quá dài; tối đa 500 ký tự.").is_some(), "still open");
    h.key_press(egui::Key::Escape);
    settle(&mut h);
    drop(h);
    assert_eq!(fs::read(&file).expect("read"), before);
}

#[test]
fn a_workbook_holding_raw_hostile_text_still_lists_without_panic() {
    // A file from elsewhere (edited by hand, another program) can hold text
    // that never went through the rules. The window opens it and draws it.
    let dir = temp();
    let file = empty_in(dir.path(), "sổ.db");
    let office: String =
        db(&file).query_row("SELECT office_id FROM workbook_info", [], |r| r.get(0)).expect("office");
    let c = rusqlite::Connection::open(&file).expect("open");
    let raw = [
        format!("Rất dài {}", "Cơ sở ".repeat(MEGABYTE / 8)),
        "NUL\0giữa\u{7}\u{202E}ngược".to_string(),
        format!("Z{}", "\u{0301}".repeat(5_000)),
        "Dòng 1\nDòng 2\r\nDòng 3".to_string(),
    ];
    for (i, name) in raw.iter().enumerate() {
        c.execute(
            "INSERT INTO facilities (id, name, tax_code, representative, phone, address, commune, district,
             province, office_id, created_at, modified_at) VALUES (?1, ?2, '', '', '', '', '', '', '', ?3, ?4, ?4)",
            (format!("raw-{i}"), name, &office, i as i64),
        )
        .expect("raw insert");
    }
    drop(c);
    let mut h = tofu_harness(app_on(&file, dir.path()));
    click_prefix(&mut h, "Cơ sở (4)");
    h.run_steps(3);
    assert!(h.state().workbook().is_some());
    assert!(h.query_by_label_contains("Dòng 1").is_some(), "the rows are drawn");
}
