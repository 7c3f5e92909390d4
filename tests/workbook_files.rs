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

// ---- A save cut off in the middle of its commit (a hot journal beside the file) ----

/// The workbook and its journal, byte for byte (`None` for a file that is not there).
fn pair(path: &Path) -> (Option<Vec<u8>>, Option<Vec<u8>>) {
    (fs::read(path).ok(), fs::read(journal_of(path)).ok())
}

/// The names in a folder, sorted.
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

/// Copies a workbook and its journal into `dir`, under the same name.
fn copy_pair(path: &Path, dir: &Path) -> std::path::PathBuf {
    fs::create_dir_all(dir).unwrap();
    let copy = dir.join(path.file_name().unwrap());
    fs::copy(path, &copy).unwrap();
    fs::copy(journal_of(path), journal_of(&copy)).unwrap();
    copy
}

fn counts_line(counts: [i64; 4]) -> String {
    let n = |i: usize| khuyencong::domain::number::format_int(counts[i]);
    format!("{} / {} / {} / {}", n(0), n(1), n(2), n(3))
}

#[test]
fn a_workbook_cut_off_in_the_middle_of_a_commit_opens_at_its_last_save() {
    let dir = temp();
    let (path, before) = interrupted_import(dir.path(), "sổ bị ngắt.db", 20_000);
    // The state the issue describes: refused as "damaged (truncated)" before.
    assert_eq!(cut_off(&path), CutOff { hot: true, short: true });
    let copy = copy_pair(&path, &dir.path().join("bản sao"));

    // The library, for editing: SQLite rolls the journal back before any check.
    let wb = Workbook::open(&path, OpenMode::Normal).expect("recovered, not refused");
    assert!(wb.recovered());
    assert_eq!(wb.read_only(), None);
    assert_eq!(wb.counts().unwrap(), before, "exactly the state before the import");
    assert_eq!(wb.check_report().unwrap(), ("ok".to_string(), CURRENT_VERSION));
    assert!(!journal_of(&path).exists(), "the journal was played back and removed");
    drop(wb);
    // Nothing is left to recover: the next open changes no byte.
    let bytes = fs::read(&path).unwrap();
    let wb = Workbook::open(&path, OpenMode::Normal).unwrap();
    assert!(!wb.recovered());
    drop(wb);
    assert_eq!(fs::read(&path).unwrap(), bytes);

    // `check` opens read-only, yet recovers a file it may write first.
    let out = khuyencong(&["check", path_str(&copy), "--lang", "en"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("Integrity check: ok"), "{}", stdout(&out));
    assert!(stdout(&out).contains(&counts_line(before)), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("The workbook was recovered after an interrupted save"),
        "the notice: {}",
        stderr(&out)
    );
    assert!(!journal_of(&copy).exists());
    assert_eq!(fs::read(&copy).unwrap(), bytes, "the same last save as the library's recovery");
}

#[test]
fn an_interrupted_workbook_that_cannot_be_written_is_refused_untouched_and_recovers_into_a_copy() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp();
    let (original, before) = interrupted_import(dir.path(), "sổ bị ngắt.db", 20_000);
    // On a read-only folder (a CD, a write-protected USB stick), and as a
    // read-only file in a folder that can be written.
    let folder = dir.path().join("đĩa chỉ đọc");
    let in_folder = copy_pair(&original, &folder);
    let as_file = copy_pair(&original, &dir.path().join("tệp chỉ đọc"));
    fs::set_permissions(&as_file, fs::Permissions::from_mode(0o444)).unwrap();
    fs::set_permissions(&folder, fs::Permissions::from_mode(0o555)).unwrap();
    for path in [&in_folder, &as_file] {
        let untouched = pair(path);
        for mode in [OpenMode::Normal, OpenMode::ReadOnly] {
            let refused = Workbook::open(path, mode).err();
            let expected = WorkbookError::CannotRecoverHere { path: path.clone(), journal_unreadable: false };
            assert_eq!(refused, Some(expected), "{}", path.display());
        }
        for (lang, words) in
            [("vi", "không khôi phục ngay tại chỗ được"), ("en", "cannot be recovered in place")]
        {
            for command in ["check", "summary", "report"] {
                let out = khuyencong(&[command, path_str(path), "--lang", lang]);
                let message = stderr(&out);
                assert_eq!(out.status.code(), Some(2), "{command} {lang}: {message}");
                assert_eq!(message.trim().lines().count(), 1, "one line: {message}");
                assert!(message.contains(words), "{command} {lang}: {message}");
                assert!(message.contains("khuyencong recover"), "what to do: {message}");
                assert!(message.contains(path_str(path)), "where: {message}");
            }
        }
        assert_eq!(pair(path), untouched, "both files byte for byte");
    }

    // `khuyencong recover`: the copy is rolled back and checked; the original is only read.
    let target_dir = dir.path().join("khôi phục");
    let copy = target_dir.join("sổ đã khôi phục.db");
    let untouched = pair(&in_folder);
    let out = khuyencong(&["recover", path_str(&in_folder), "-o", path_str(&copy)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("Đã khôi phục sổ vào bản sao"), "{}", stdout(&out));
    assert!(stdout(&out).contains(&counts_line(before)), "{}", stdout(&out));
    assert_eq!(pair(&in_folder), untouched, "the original pair is as it was");
    assert_eq!(names_in(&target_dir), vec!["sổ đã khôi phục.db".to_string()], "no temporary file left");
    let wb = Workbook::open(&copy, OpenMode::Normal).unwrap();
    assert!(!wb.recovered(), "recovered before it got its name");
    assert_eq!(wb.counts().unwrap(), before);
    assert_eq!(wb.check_report().unwrap(), ("ok".to_string(), CURRENT_VERSION));
    drop(wb);
    // An existing file is never replaced, not even a recovered copy.
    let copied = fs::read(&copy).unwrap();
    let out = khuyencong(&["recover", path_str(&as_file), "-o", path_str(&copy), "--lang", "en"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("already exists"), "{}", stderr(&out));
    assert_eq!(fs::read(&copy).unwrap(), copied);
    assert_eq!(names_in(&target_dir), vec!["sổ đã khôi phục.db".to_string()]);
    fs::set_permissions(&folder, fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn a_journal_that_is_not_hot_is_no_reason_to_write() {
    let dir = temp();
    let path = sample_in(dir.path());
    // Empty, and with its header zeroed (what SQLite leaves when a save's
    // pages were not yet safely in the journal): SQLite ignores both.
    for journal in [Vec::new(), vec![0u8; 4096]] {
        fs::write(journal_of(&path), &journal).unwrap();
        let untouched = pair(&path);
        for mode in [OpenMode::Normal, OpenMode::ReadOnly] {
            let wb = Workbook::open(&path, mode).expect("opens");
            assert!(!wb.recovered());
            assert_eq!(wb.counts().unwrap()[1], 110);
        }
        let out = khuyencong(&["check", path_str(&path)]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(!stderr(&out).contains("khôi phục"), "{}", stderr(&out));
        assert_eq!(pair(&path), untouched);
    }
}

/// A real hot journal beside `path`: the files copied in the middle of a
/// large update whose pages no longer fit SQLite's cache.
fn copy_mid_transaction(path: &Path, into: &Path, update: &str) {
    let c = Connection::open(path).unwrap();
    c.pragma_update(None, "cache_size", 10).unwrap();
    c.execute_batch(&format!("BEGIN; {update}")).unwrap();
    fs::copy(path, into).unwrap();
    fs::copy(journal_of(path), journal_of(into)).unwrap();
    c.execute_batch("ROLLBACK").unwrap();
}

#[test]
fn a_hot_journal_beside_another_programs_file_is_left_alone() {
    let dir = temp();
    let theirs = dir.path().join("danh bạ.db");
    let c = Connection::open(&theirs).unwrap();
    c.execute_batch(
        "CREATE TABLE contacts (name TEXT); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n \
         WHERE i < 2000) INSERT INTO contacts SELECT printf('Người %d', i) FROM n;",
    )
    .unwrap();
    drop(c);
    let path = dir.path().join("danh bạ bị ngắt.db");
    copy_mid_transaction(&theirs, &path, "UPDATE contacts SET name = printf('%.300c', 'x');");
    assert!(cut_off(&path).hot, "a real hot journal");
    let untouched = pair(&path);
    // Rolling back someone else's file would be writing to it: refused as not a workbook.
    for mode in [OpenMode::Normal, OpenMode::ReadOnly] {
        assert_eq!(Workbook::open(&path, mode).err(), Some(WorkbookError::NotWorkbook));
    }
    let out = khuyencong(&["check", path_str(&path)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cơ sở dữ liệu của chương trình khác"), "{}", stderr(&out));
    let copy = dir.path().join("bản sao.db");
    let out = khuyencong(&["recover", path_str(&path), "-o", path_str(&copy)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!copy.exists());
    assert_eq!(pair(&path), untouched, "both files byte for byte");
}

#[test]
fn a_journal_sqlite_did_not_write_is_not_played_into_the_workbook() {
    let dir = temp();
    let path = sample_in(dir.path());
    fs::write(journal_of(&path), "Đây không phải nhật ký của SQLite.\n").unwrap();
    let untouched = pair(&path);
    let expected = WorkbookError::CannotRecoverHere { path: path.clone(), journal_unreadable: true };
    assert_eq!(Workbook::open(&path, OpenMode::Normal).err(), Some(expected.clone()));
    let out = khuyencong(&["check", path_str(&path), "--lang", "en"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out).trim(), expected.message(Lang::En));
    assert_eq!(pair(&path), untouched);
    // The copy gets the workbook as its file holds it, checked.
    let copy = dir.path().join("bản sao.db");
    let out = khuyencong(&["recover", path_str(&path), "-o", path_str(&copy)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(Workbook::open(&copy, OpenMode::Normal).unwrap().counts().unwrap()[1], 110);
    assert_eq!(pair(&path), untouched);
}

#[test]
fn a_journal_without_its_workbook_makes_nothing() {
    let dir = temp();
    let path = dir.path().join("đã chuyển đi.db");
    let donor = sample_in(&dir.path().join("nơi khác"));
    let c = Connection::open(&donor).unwrap();
    c.pragma_update(None, "cache_size", 10).unwrap();
    c.execute_batch("BEGIN; UPDATE projects SET note = printf('%.400c', 'x');").unwrap();
    fs::copy(journal_of(&donor), journal_of(&path)).unwrap();
    c.execute_batch("ROLLBACK").unwrap();
    let journal = fs::read(journal_of(&path)).unwrap();
    assert_eq!(Workbook::open(&path, OpenMode::Normal).err(), Some(WorkbookError::NotFound(path.clone())));
    let out = khuyencong(&["recover", path_str(&path), "-o", path_str(&dir.path().join("b.db"))]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!path.exists(), "no workbook made");
    assert_eq!(fs::read(journal_of(&path)).unwrap(), journal);
    assert_eq!(names_in(dir.path()), vec!["nơi khác".to_string(), "đã chuyển đi.db-journal".to_string()]);
}

#[test]
fn a_merge_source_cut_off_mid_commit_is_refused_as_interrupted_not_damaged() {
    use khuyencong::workbook::merge::{MergeError, plan_merge};
    let dir = temp();
    let (source, _) = interrupted_import(dir.path(), "sổ huyện bị ngắt.db", 20_000);
    let untouched = pair(&source);
    let target = empty_in(dir.path(), "tỉnh.db");
    let wb = Workbook::open(&target, OpenMode::Normal).unwrap();
    match plan_merge(&wb, &source) {
        Err(MergeError::SourceRefused { error, .. }) => assert_eq!(error, WorkbookError::Interrupted),
        Err(e) => panic!("{e:?}"),
        Ok(_) => panic!("planned"),
    }
    assert!(WorkbookError::Interrupted.message(Lang::Vi).contains("khuyencong recover"));
    assert_eq!(pair(&source), untouched, "the source is never written");
}
