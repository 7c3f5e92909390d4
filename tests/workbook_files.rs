//! Opening files safely: every kind of bad file is refused with a clear
//! message, by the library and by the command line, and left byte for byte
//! as it was.

mod common;

use std::fs;
use std::path::Path;

use common::*;
use khuyencong::i18n::Lang;
use khuyencong::workbook::schema::{APPLICATION_ID, CURRENT_VERSION, MIGRATIONS, migrate_to};
use khuyencong::workbook::{OpenMode, ReadOnlyReason, Workbook, WorkbookError};
use rusqlite::Connection;

/// Opens `path` through the library and through `khuyencong check`; both must
/// refuse it, and the file must be unchanged.
fn assert_refused(path: &Path, expected: fn(&WorkbookError) -> bool, cli_words_vi: &str) {
    let before = fs::read(path).expect("read before");
    match Workbook::open(path, OpenMode::Normal) {
        Ok(_) => panic!("{} was opened", path.display()),
        Err(e) => assert!(expected(&e), "unexpected error {e:?}"),
    }
    let out = khuyencong(&["check", path_str(path)]);
    assert_eq!(out.status.code(), Some(2), "exit status for {}", path.display());
    let message = stderr(&out);
    assert!(message.contains(cli_words_vi), "message {message:?} lacks {cli_words_vi:?}");
    assert_eq!(message.trim().lines().count(), 1, "one line: {message:?}");
    let out_en = khuyencong(&["check", path_str(path), "--lang", "en"]);
    assert_eq!(out_en.status.code(), Some(2));
    assert!(
        stderr(&out_en).is_ascii() || !stderr(&out_en).contains("Tệp"),
        "English message: {}",
        stderr(&out_en)
    );
    assert_eq!(fs::read(path).expect("read after"), before, "bytes changed: {}", path.display());
    let dir = path.parent().expect("dir");
    let journal = dir.join(format!("{}-journal", path.file_name().unwrap().to_string_lossy()));
    assert!(!journal.exists(), "journal left behind");
}

#[test]
fn a_text_file_is_refused() {
    let dir = temp();
    let path = dir.path().join("ghi chú.db");
    fs::write(&path, "Đây là một tệp văn bản, không phải sổ.\n").unwrap();
    assert_refused(&path, |e| matches!(e, WorkbookError::NotSqlite), "không phải là sổ khuyến công");
}

#[test]
fn an_empty_file_is_refused() {
    let dir = temp();
    let path = dir.path().join("rỗng.db");
    fs::write(&path, b"").unwrap();
    assert_refused(&path, |e| matches!(e, WorkbookError::Empty), "Tệp rỗng");
}

#[test]
fn a_png_renamed_db_is_refused() {
    let dir = temp();
    let path = dir.path().join("ảnh.db");
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.resize(4096, 7);
    fs::write(&path, png).unwrap();
    assert_refused(&path, |e| matches!(e, WorkbookError::NotSqlite), "không phải là sổ khuyến công");
}

#[test]
fn another_programs_sqlite_file_is_refused() {
    let dir = temp();
    let path = dir.path().join("khác.db");
    let c = Connection::open(&path).unwrap();
    c.execute_batch("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('An');").unwrap();
    drop(c);
    assert_refused(&path, |e| matches!(e, WorkbookError::NotWorkbook), "chương trình khác");
}

#[test]
fn an_empty_sqlite_file_is_not_taken_for_a_workbook() {
    let dir = temp();
    let path = dir.path().join("trống.db");
    let c = Connection::open(&path).unwrap();
    c.execute_batch("CREATE TABLE t (x); DROP TABLE t;").unwrap();
    drop(c);
    assert_refused(&path, |e| matches!(e, WorkbookError::NotWorkbook), "chương trình khác");
}

#[test]
fn a_newer_workbook_is_refused() {
    let dir = temp();
    let path = empty_in(dir.path(), "mới hơn.db");
    let c = Connection::open(&path).unwrap();
    c.pragma_update(None, "user_version", CURRENT_VERSION + 1).unwrap();
    drop(c);
    assert_refused(
        &path,
        |e| matches!(e, WorkbookError::Newer { found, .. } if *found == CURRENT_VERSION + 1),
        "phiên bản mới hơn",
    );
}

#[test]
fn a_truncated_workbook_is_refused() {
    let dir = temp();
    let sample = sample_in(dir.path());
    let bytes = fs::read(&sample).unwrap();
    let path = dir.path().join("cụt.db");
    fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    assert_refused(&path, |e| matches!(e, WorkbookError::Damaged(_)), "Sổ bị hỏng");
    // Cut at a page boundary too, where only the header's page count tells.
    let page = 4096;
    let cut = (bytes.len() / 2) / page * page;
    fs::write(&path, &bytes[..cut]).unwrap();
    assert_refused(&path, |e| matches!(e, WorkbookError::Damaged(_)), "Sổ bị hỏng");
}

#[test]
fn a_workbook_with_garbage_in_the_middle_is_refused() {
    let dir = temp();
    let sample = sample_in(dir.path());
    let mut bytes = fs::read(&sample).unwrap();
    let page = 4096;
    // Overwrite the b-tree headers of a few pages in the middle.
    let pages = bytes.len() / page;
    let mut seed = 12345u32;
    for p in [pages / 3, pages / 2, pages / 2 + 1] {
        for b in &mut bytes[p * page..p * page + 64] {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
            *b = (seed >> 16) as u8;
        }
    }
    let path = dir.path().join("hỏng giữa.db");
    fs::write(&path, &bytes).unwrap();
    assert_refused(&path, |e| matches!(e, WorkbookError::Damaged(_)), "Sổ bị hỏng");
}

#[test]
fn a_missing_file_gets_a_clear_message() {
    let dir = temp();
    let path = dir.path().join("không có.db");
    let out = khuyencong(&["check", path_str(&path)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("Không tìm thấy tệp"), "{}", stderr(&out));
    assert!(!path.exists());
}

#[test]
fn new_workbook_has_identity_version_and_rollback_journal() {
    let dir = temp();
    let path = empty_in(dir.path(), "sổ mới.db");
    let c = Connection::open(&path).unwrap();
    let app: i32 = c.pragma_query_value(None, "application_id", |r| r.get(0)).unwrap();
    let version: i64 = c.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    let journal: String = c.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
    assert_eq!(app, APPLICATION_ID);
    assert_eq!(version, CURRENT_VERSION);
    assert_eq!(journal, "delete");
    let office: String = c
        .query_row("SELECT o.name FROM workbook_info w JOIN offices o ON o.id = w.office_id", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(office, "Phòng Kinh tế huyện Long Hồ");
}

#[test]
fn writing_leaves_no_side_files_and_keeps_foreign_keys() {
    let dir = temp();
    let path = empty_in(dir.path(), "sổ.db");
    let mut wb = Workbook::open(&path, OpenMode::Normal).unwrap();
    let project = khuyencong::domain::Project {
        code: String::new(),
        year: 2020,
        title: "Đề án thử".into(),
        source: khuyencong::domain::codes::FundingSource::Local,
        content: khuyencong::domain::codes::ProjectContent::Machinery,
        facility_id: Some("no-such-facility".into()),
        district: String::new(),
        commune: String::new(),
        support_vnd: 100_000_000,
        counterpart_vnd: 200_000_000,
        status: khuyencong::domain::codes::ProjectStatus::Approved,
        decision_no: String::new(),
        approved_on: None,
        accepted_on: None,
        note: String::new(),
    };
    // A project pointing at a facility that does not exist breaks a foreign key.
    assert!(wb.insert(&project).is_err());
    let ok = khuyencong::domain::Project { facility_id: None, ..project };
    wb.insert(&ok).unwrap();
    let names: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["sổ.db".to_string()], "side files: {names:?}");
    drop(wb);
    let wb = Workbook::open(&path, OpenMode::ReadOnly).unwrap();
    assert_eq!(wb.counts().unwrap()[1], 1);
}

#[test]
fn opening_and_closing_a_workbook_changes_no_byte() {
    let dir = temp();
    let path = sample_in(dir.path());
    let before = fs::read(&path).unwrap();
    let wb = Workbook::open(&path, OpenMode::Normal).unwrap();
    assert!(wb.read_only().is_none());
    wb.summary(Some(2014), Some(2023)).unwrap();
    drop(wb);
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn a_file_without_write_permission_opens_read_only() {
    let dir = temp();
    let path = sample_in(dir.path());
    let mut perms = fs::metadata(&path).unwrap().permissions();
    perms.set_readonly(true);
    fs::set_permissions(&path, perms).unwrap();
    let before = fs::read(&path).unwrap();
    let mut wb = Workbook::open(&path, OpenMode::Normal).unwrap();
    assert_eq!(wb.read_only(), Some(ReadOnlyReason::NoPermission));
    let err = wb.delete(khuyencong::domain::RecordKind::Training, "x").unwrap_err();
    assert_eq!(err, WorkbookError::ReadOnly);
    assert!(err.message(Lang::Vi).contains("chỉ đọc"));
    drop(wb);
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn migrations_run_from_empty_and_from_every_older_version() {
    let dir = temp();
    // From empty: a new file reaches the current version in one go.
    let path = empty_in(dir.path(), "0.db");
    let c = Connection::open(&path).unwrap();
    assert_eq!(khuyencong::workbook::schema::user_version(&c).unwrap(), CURRENT_VERSION);
    drop(c);
    // From each older level: build the file at that level with a record in
    // it, then open it: it is upgraded and the record is intact.
    for level in 1..CURRENT_VERSION {
        let path = dir.path().join(format!("level-{level}.db"));
        let mut c = Connection::open(&path).unwrap();
        migrate_to(&mut c, level).unwrap();
        c.execute("INSERT INTO offices (id, name, province) VALUES ('o', 'Văn phòng', 'Vĩnh Long')", [])
            .unwrap();
        c.execute("INSERT INTO workbook_info (singleton, office_id, created_at) VALUES (1, 'o', 0)", [])
            .unwrap();
        c.execute(
            "INSERT INTO trainings (id, year, name, kind, trainees, office_id, created_at, modified_at)
             VALUES ('t1', 2019, 'Lớp may công nghiệp', 'dao_tao_nghe', 30, 'o', 1, 1)",
            [],
        )
        .unwrap();
        drop(c);
        let wb = Workbook::open(&path, OpenMode::Normal).unwrap();
        let trainings = wb.list::<khuyencong::domain::Training>().unwrap();
        assert_eq!(trainings.len(), 1, "level {level}");
        assert_eq!(trainings[0].record.name, "Lớp may công nghiệp");
        assert_eq!(trainings[0].record.trainees, 30);
        drop(wb);
        let c = Connection::open(&path).unwrap();
        assert_eq!(khuyencong::workbook::schema::user_version(&c).unwrap(), CURRENT_VERSION);
    }
    const { assert!(CURRENT_VERSION >= 2, "older levels exist to migrate from") };
    assert_eq!(MIGRATIONS.len() as i64, CURRENT_VERSION);
}

#[test]
fn a_failing_migration_leaves_the_level_unchanged() {
    let dir = temp();
    let path = dir.path().join("half.db");
    let mut c = Connection::open(&path).unwrap();
    // A table in the way makes the first migration fail part-way through.
    c.execute_batch("CREATE TABLE projects (x);").unwrap();
    assert!(migrate_to(&mut c, CURRENT_VERSION).is_err());
    assert_eq!(khuyencong::workbook::schema::user_version(&c).unwrap(), 0);
    let offices: i64 =
        c.query_row("SELECT COUNT(*) FROM sqlite_master WHERE name = 'offices'", [], |r| r.get(0)).unwrap();
    assert_eq!(offices, 0, "the migration's earlier statements were rolled back");
}

#[test]
fn save_as_copies_everything_and_refuses_to_overwrite_other_files() {
    let dir = temp();
    let path = sample_in(dir.path());
    let mut wb = Workbook::open(&path, OpenMode::Normal).unwrap();
    let counts = wb.counts().unwrap();
    let other = dir.path().join("ghi chú.txt");
    fs::write(&other, "giữ nguyên").unwrap();
    let err = wb.save_as(&other).unwrap_err();
    assert!(matches!(err, WorkbookError::AlreadyExists(_)));
    assert_eq!(fs::read_to_string(&other).unwrap(), "giữ nguyên");
    assert_eq!(wb.path(), path.as_path(), "the current workbook stays open");
    let copy_path = dir.path().join("bản sao/sổ 2024.db");
    wb.save_as(&copy_path).unwrap();
    assert_eq!(wb.path(), copy_path.as_path());
    assert_eq!(wb.counts().unwrap(), counts);
}
