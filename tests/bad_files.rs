//! Every kind of bad file an officer may be handed, opened every way the
//! program opens a file: the window (started on the file, and File → Open with
//! the path typed, in Vietnamese and English) and the command line (`check`
//! and `summary`, in both languages). Each case is refused with the same clear
//! message everywhere, or opens (read-only where the file cannot be written);
//! nothing panics, and the file's bytes and its folder are exactly as before.
//!
//! `workbook_files.rs` checks the library's refusals one by one; this is the
//! full matrix of files × ways to open them, from one table.

mod common;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use common::*;
use egui_kittest::kittest::Queryable;
use khuyencong::app::settings::Folders;
use khuyencong::app::{App, StartOptions};
use khuyencong::i18n::Lang;
use khuyencong::workbook::schema::CURRENT_VERSION;
use khuyencong::workbook::{OpenMode, ReadOnlyReason, Workbook, WorkbookError};
use rusqlite::Connection;

/// What must happen when the file is opened.
enum Expect {
    /// Refused with this error; the message must hold these words.
    Refused { error: WorkbookError, vi: &'static str, en: &'static str },
    /// Opens, read-only because the file or its folder cannot be written.
    ReadOnly,
    /// Opens for editing.
    Writable,
}

/// A file and everything around it: the folder it sits in, where the app keeps
/// its settings, and a good workbook to have open when File → Open is used.
struct Setup {
    _dir: tempfile::TempDir,
    path: PathBuf,
    home: PathBuf,
    good: PathBuf,
}

fn setup(name: &str) -> Setup {
    let dir = temp();
    let home = dir.path().join("home");
    let good = empty_in(&dir.path().join("good"), "sổ đang mở.db");
    let files = dir.path().join("files");
    fs::create_dir_all(&files).expect("folder");
    let path = files.join(name);
    Setup { path, home, good, _dir: dir }
}

/// The file's bytes (or none) and the names in its folder.
fn snapshot(path: &Path) -> (Option<Vec<u8>>, Vec<String>) {
    let dir = path.parent().expect("folder");
    let mut names: Vec<String> = fs::read_dir(dir)
        .map(|entries| {
            entries.map(|e| e.expect("entry").file_name().to_string_lossy().into_owned()).collect()
        })
        .unwrap_or_default();
    names.sort();
    (fs::read(path).ok(), names)
}

fn app(path: &Path, home: &Path, lang: Lang) -> App {
    App::new(StartOptions {
        file: Some(path.to_path_buf()),
        folders: Some(Folders::under(home)),
        lang: Some(lang),
        ..Default::default()
    })
}

fn banner(reason: ReadOnlyReason, lang: Lang) -> &'static str {
    match (reason, lang) {
        (ReadOnlyReason::NoPermission, Lang::Vi) => "Tệp không cho phép ghi",
        (ReadOnlyReason::NoPermission, Lang::En) => "The file cannot be written",
        (ReadOnlyReason::Requested, Lang::Vi) => "Sổ đang mở chỉ đọc theo yêu cầu",
        (ReadOnlyReason::Requested, Lang::En) => "The workbook was opened read-only",
    }
}

/// The command line: `check` and `summary`, in both languages.
fn command_line(path: &Path, expect: &Expect) {
    let file = path_str(path);
    for lang in [Lang::Vi, Lang::En] {
        let code = lang.code();
        for command in ["check", "summary"] {
            let years: &[&str] = if command == "summary" { &["--from", "2014", "--to", "2023"] } else { &[] };
            let out = khuyencong(&[&[command, file, "--lang", code], years].concat());
            let (stdout, stderr) = (stdout(&out), stderr(&out));
            assert!(!stderr.contains("panicked"), "{command} {code}: {stderr}");
            match expect {
                Expect::Refused { error, vi, en } => {
                    assert_eq!(out.status.code(), Some(2), "{command} {code}: {stdout}{stderr}");
                    assert_eq!(stderr.trim(), error.message(lang), "{command} {code}: the library's message");
                    assert_eq!(stderr.trim().lines().count(), 1, "one line: {stderr}");
                    let words = if lang == Lang::Vi { vi } else { en };
                    assert!(stderr.contains(words), "{command} {code}: {stderr:?} lacks {words:?}");
                    assert!(stdout.is_empty(), "nothing on stdout: {stdout}");
                }
                Expect::ReadOnly | Expect::Writable => {
                    assert_eq!(out.status.code(), Some(0), "{command} {code}: {stderr}");
                    if command == "check" {
                        let ok = lang.pick("Kiểm tra toàn vẹn: ok", "Integrity check: ok");
                        assert!(stdout.contains(ok), "{stdout}");
                        assert!(stdout.contains(file), "the path is shown as given: {stdout}");
                    } else {
                        let title = lang.pick("TỔNG HỢP KHUYẾN CÔNG", "KHUYẾN CÔNG SUMMARY");
                        assert!(stdout.contains(title), "{stdout}");
                        // Written each language's way: 3.900 / 3,900.
                        assert!(
                            stdout.contains(lang.pick("3.900", "3,900")),
                            "the sample's national machinery support: {stdout}"
                        );
                    }
                }
            }
        }
    }
}

/// The window started on the file (as `khuyencong FILE`), in `lang`.
fn window_started_on(s: &Setup, expect: &Expect, lang: Lang) {
    let h = harness(app(&s.path, &s.home, lang));
    match expect {
        Expect::Refused { error, .. } => {
            let message = error.message(lang);
            assert_eq!(h.state().message(), Some(message.as_str()));
            assert!(h.query_by_label(&message).is_some(), "the dialog shows {message}");
            assert!(h.state().workbook().is_none(), "nothing was opened");
        }
        Expect::ReadOnly => {
            let wb = h.state().workbook().expect("opened");
            assert_eq!(wb.path(), s.path.as_path());
            assert_eq!(wb.read_only(), Some(ReadOnlyReason::NoPermission));
            let text = banner(ReadOnlyReason::NoPermission, lang);
            assert!(h.query_by_label_contains(text).is_some(), "banner {text:?}");
            assert!(h.state().message().is_none());
        }
        Expect::Writable => {
            let wb = h.state().workbook().expect("opened");
            assert_eq!(wb.path(), s.path.as_path());
            assert_eq!(wb.read_only(), None);
            for reason in [ReadOnlyReason::NoPermission, ReadOnlyReason::Requested] {
                assert!(h.query_by_label_contains(banner(reason, lang)).is_none(), "no banner");
            }
            assert!(h.state().message().is_none());
        }
    }
}

/// File → Open (Ctrl+O) with the path typed, while another workbook is open.
fn window_open_dialog(s: &Setup, expect: &Expect) {
    let mut h = harness(app(&s.good, &s.home, Lang::Vi));
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::O);
    settle(&mut h);
    type_into(&mut h, "Đường dẫn tệp", path_str(&s.path));
    click(&mut h, "Mở");
    let open = h.state().workbook().map(|wb| wb.path().to_path_buf());
    match expect {
        Expect::Refused { error, .. } => {
            let message = error.message(Lang::Vi);
            assert_eq!(h.state().message(), Some(message.as_str()));
            assert!(h.query_by_label(&message).is_some(), "the dialog shows {message}");
            assert_eq!(open, Some(s.good.clone()), "the workbook that was open stays open");
            click(&mut h, "Đóng");
            assert!(h.state().message().is_none());
        }
        Expect::ReadOnly | Expect::Writable => {
            assert_eq!(open, Some(s.path.clone()));
            let read_only = h.state().workbook().and_then(|wb| wb.read_only());
            let expected = matches!(expect, Expect::ReadOnly).then_some(ReadOnlyReason::NoPermission);
            assert_eq!(read_only, expected);
            assert!(h.query_by_label_contains("Đã mở").is_some(), "the status line names the file");
        }
    }
}

/// Opens the file every way and checks that it is left exactly as it was.
fn check_every_way(s: &Setup, expect: Expect) {
    let before = snapshot(&s.path);
    match (Workbook::open(&s.path, OpenMode::Normal), &expect) {
        (Err(e), Expect::Refused { error, .. }) => assert_eq!(&e, error),
        (Ok(wb), Expect::ReadOnly) => assert_eq!(wb.read_only(), Some(ReadOnlyReason::NoPermission)),
        (Ok(wb), Expect::Writable) => assert_eq!(wb.read_only(), None),
        (Ok(_), _) => panic!("{} was opened", s.path.display()),
        (Err(e), _) => panic!("{} was refused: {e:?}", s.path.display()),
    }
    assert_eq!(snapshot(&s.path), before, "the library's open");
    command_line(&s.path, &expect);
    assert_eq!(snapshot(&s.path), before, "the command line");
    window_started_on(s, &expect, Lang::Vi);
    window_started_on(s, &expect, Lang::En);
    window_open_dialog(s, &expect);
    assert_eq!(snapshot(&s.path), before, "the window: bytes and side files");
}

fn refused(error: WorkbookError, vi: &'static str, en: &'static str) -> Expect {
    Expect::Refused { error, vi, en }
}

fn not_sqlite() -> Expect {
    refused(WorkbookError::NotSqlite, "không phải là sổ khuyến công", "not a khuyến công workbook")
}

fn damaged(detail: &str) -> Expect {
    refused(WorkbookError::Damaged(detail.into()), "Sổ bị hỏng", "The workbook is damaged")
}

/// A workbook with a few records, to damage.
fn workbook_bytes() -> Vec<u8> {
    let dir = temp();
    fs::read(sample_in(dir.path())).expect("sample")
}

#[test]
fn an_empty_file() {
    let s = setup("rỗng.db");
    fs::write(&s.path, b"").expect("write");
    check_every_way(&s, refused(WorkbookError::Empty, "Tệp rỗng (0 byte)", "The file is empty (0 bytes)"));
}

#[test]
fn a_text_file() {
    let s = setup("ghi chú.db");
    fs::write(&s.path, "Danh sách cơ sở năm 2024\r\nCơ sở Bánh Tráng Mỹ Lồng\r\n").expect("write");
    check_every_way(&s, not_sqlite());
}

#[test]
fn a_png_renamed_db() {
    let s = setup("ảnh chụp.db");
    let dir = temp();
    let png = dir.path().join("a.png");
    let image = png::Encoder::new(fs::File::create(&png).expect("create"), 8, 8);
    let mut writer = {
        let mut e = image;
        e.set_color(png::ColorType::Rgb);
        e.write_header().expect("header")
    };
    writer.write_image_data(&[200u8; 8 * 8 * 3]).expect("pixels");
    writer.finish().expect("png");
    fs::copy(&png, &s.path).expect("rename");
    check_every_way(&s, not_sqlite());
}

#[test]
fn a_truncated_workbook() {
    let s = setup("sổ cụt.db");
    let bytes = workbook_bytes();
    // At a page boundary: only the header's page count shows that pages are missing.
    let cut = bytes.len() / 2 / 4096 * 4096;
    fs::write(&s.path, &bytes[..cut]).expect("write");
    check_every_way(&s, damaged("truncated"));
}

#[test]
fn a_workbook_with_random_bytes_written_in_its_middle() {
    let s = setup("sổ hỏng giữa.db");
    let mut bytes = workbook_bytes();
    let middle = bytes.len() / 2 - 1_500;
    let mut x = 0x2545_F491_u32;
    for b in &mut bytes[middle..middle + 3_000] {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        *b = x as u8;
    }
    fs::write(&s.path, &bytes).expect("write");
    let error = Workbook::open(&s.path, OpenMode::ReadOnly).err().expect("refused");
    let WorkbookError::Damaged(detail) = &error else { panic!("{error:?}") };
    assert!(detail.contains("Tree") || detail.contains("page"), "SQLite names the damage: {detail}");
    check_every_way(&s, damaged(detail));
}

#[test]
fn another_programs_sqlite_file() {
    let s = setup("danh bạ.db");
    let c = Connection::open(&s.path).expect("open");
    c.execute_batch(
        "CREATE TABLE contacts (name TEXT, phone TEXT); INSERT INTO contacts VALUES ('An', '0270');",
    )
    .expect("sql");
    drop(c);
    check_every_way(
        &s,
        refused(
            WorkbookError::NotWorkbook,
            "cơ sở dữ liệu của chương trình khác",
            "another program's database",
        ),
    );
}

#[test]
fn a_workbook_of_a_newer_version() {
    let s = setup("sổ bản mới.db");
    Workbook::create(&s.path, "Phòng Kinh tế huyện Trà Ôn", "Vĩnh Long").expect("create");
    let c = Connection::open(&s.path).expect("open");
    c.pragma_update(None, "user_version", CURRENT_VERSION + 1).expect("version");
    drop(c);
    let error = WorkbookError::Newer { found: CURRENT_VERSION + 1, supported: CURRENT_VERSION };
    check_every_way(&s, refused(error, "phiên bản mới hơn", "newer version of the program"));
}

#[test]
fn a_read_only_file_opens_read_only() {
    let s = setup("sổ chỉ đọc.db");
    khuyencong::workbook::sample::create_sample(&s.path).expect("sample");
    fs::set_permissions(&s.path, fs::Permissions::from_mode(0o444)).expect("chmod");
    check_every_way(&s, Expect::ReadOnly);
}

#[test]
fn a_file_in_a_read_only_folder_opens_read_only() {
    let s = setup("sổ trên đĩa chỉ đọc.db");
    let files = s.path.parent().expect("folder").to_path_buf();
    khuyencong::workbook::sample::create_sample(&s.path).expect("sample");
    // SQLite writes its journal beside the file: a folder that cannot be written
    // makes the workbook read-only even though the file itself could be.
    fs::set_permissions(&files, fs::Permissions::from_mode(0o555)).expect("chmod");
    check_every_way(&s, Expect::ReadOnly);
    fs::set_permissions(&files, fs::Permissions::from_mode(0o755)).expect("chmod back");
}

#[test]
fn a_workbook_whose_save_was_cut_off_on_a_read_only_folder() {
    let s = setup("sổ bị ngắt giữa lần lưu.db");
    let files = s.path.parent().expect("folder").to_path_buf();
    let (path, _) = interrupted_import(&files, "sổ bị ngắt giữa lần lưu.db", 20_000);
    assert_eq!(path, s.path);
    fs::set_permissions(&files, fs::Permissions::from_mode(0o555)).expect("chmod");
    let journal = fs::read(journal_of(&s.path)).expect("the journal");
    // Not "damaged": interrupted, not recoverable in place, with a way out.
    let error = WorkbookError::CannotRecoverHere { path: s.path.clone(), journal_unreadable: false };
    check_every_way(&s, refused(error, "không khôi phục ngay tại chỗ được", "cannot be recovered in place"));
    assert_eq!(fs::read(journal_of(&s.path)).expect("the journal"), journal, "the journal as it was");
    fs::set_permissions(&files, fs::Permissions::from_mode(0o755)).expect("chmod back");
}

#[test]
fn a_workbook_whose_save_was_cut_off_is_recovered_every_way() {
    let s = setup("sổ bị ngắt.db");
    let files = s.path.parent().expect("folder").to_path_buf();
    let (path, before) = interrupted_import(&files, "sổ bị ngắt.db", 20_000);
    let saved = (fs::read(&path).expect("db"), fs::read(journal_of(&path)).expect("journal"));
    // Each way gets the workbook as the kill left it.
    let restore = || {
        fs::write(&path, &saved.0).expect("restore");
        fs::write(journal_of(&path), &saved.1).expect("restore the journal");
    };
    let recovered = |what: &str| {
        assert!(!journal_of(&path).exists(), "{what}: the journal was played back");
        let wb = Workbook::open(&path, OpenMode::ReadOnly).expect("open");
        assert_eq!(wb.counts().expect("counts"), before, "{what}: the state before the import");
        assert_eq!(wb.check_report().expect("check"), ("ok".to_string(), CURRENT_VERSION));
    };
    for mode in [OpenMode::Normal, OpenMode::ReadOnly] {
        restore();
        assert!(Workbook::open(&path, mode).expect("recovered").recovered());
        recovered(&format!("{mode:?}"));
    }
    let xlsx = s.home.join("xuất.xlsx");
    for lang in [Lang::Vi, Lang::En] {
        let notice = khuyencong::workbook::recovery::recovered_notice(lang);
        for command in ["check", "summary", "report", "export"] {
            restore();
            let _ = fs::remove_file(&xlsx);
            let mut args = vec![command, path_str(&path), "--lang", lang.code()];
            if command == "export" {
                args.extend(["-o", path_str(&xlsx)]);
            }
            let out = khuyencong(&args);
            assert_eq!(out.status.code(), Some(0), "{command}: {}", stderr(&out));
            assert_eq!(stderr(&out).trim(), notice, "{command}: said once, on stderr");
            recovered(command);
        }
    }
    for lang in [Lang::Vi, Lang::En] {
        restore();
        let h = harness(app(&path, &s.home, lang));
        let wb = h.state().workbook().expect("opened");
        assert_eq!((wb.path(), wb.read_only()), (path.as_path(), None));
        assert!(h.state().message().is_none());
        let status = lang.pick("Sổ đã được khôi phục sau lần lưu bị ngắt", "The workbook was recovered");
        assert!(h.query_by_label_contains(status).is_some(), "the status line says {status:?}");
        drop(h);
        recovered("the window");
    }
    // File → Open with the path typed.
    restore();
    let mut h = harness(app(&s.good, &s.home, Lang::Vi));
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::O);
    settle(&mut h);
    type_into(&mut h, "Đường dẫn tệp", path_str(&path));
    click(&mut h, "Mở");
    assert_eq!(h.state().workbook().map(|wb| wb.path().to_path_buf()), Some(path.clone()));
    assert!(h.query_by_label_contains("Sổ đã được khôi phục").is_some());
    drop(h);
    recovered("File → Open");
}

/// Set in a child's environment: hold an exclusive lock on this file.
const LOCKER_ENV: &str = "KHUYENCONG_TEST_LOCK_DB";

/// Not a test of its own: the body of the child process that plays "another
/// program" holding the file locked, until its stdin closes. Does nothing
/// without the environment variable.
#[test]
fn child_mode_holds_a_lock() {
    let Some(path) = std::env::var_os(LOCKER_ENV) else { return };
    let c = Connection::open(path).expect("open");
    c.execute_batch("BEGIN EXCLUSIVE; UPDATE offices SET name = 'Đang sửa';").expect("lock");
    println!("\nlocked");
    let _ = std::io::Read::read_to_end(&mut std::io::stdin(), &mut Vec::new());
    c.execute_batch("ROLLBACK").expect("unlock");
}

#[test]
fn a_file_locked_by_another_program() {
    use std::io::BufRead;
    let s = setup("sổ đang bận.db");
    khuyencong::workbook::sample::create_sample(&s.path).expect("sample");
    let before = snapshot(&s.path);
    // Another process in the middle of a write holds an exclusive lock. (Not a
    // second connection in this process: POSIX locks belong to the process, and
    // any close of the file here would drop them.)
    let mut locker = std::process::Command::new(std::env::current_exe().expect("test binary"))
        .args(["child_mode_holds_a_lock", "--exact", "--nocapture", "--test-threads=1"])
        .env(LOCKER_ENV, &s.path)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("start the locker");
    let mut lines = std::io::BufReader::new(locker.stdout.take().expect("stdout")).lines();
    assert!(lines.any(|l| l.expect("line").trim() == "locked"), "the locker holds the lock");
    let locked =
        refused(WorkbookError::Locked, "đang được chương trình khác sử dụng", "in use by another program");
    // Each attempt waits for the lock (2 s): the command line and the window
    // are tried once per language, not every way.
    assert_eq!(Workbook::open(&s.path, OpenMode::Normal).err(), Some(WorkbookError::Locked));
    let out = khuyencong(&["check", path_str(&s.path)]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out).trim(), WorkbookError::Locked.message(Lang::Vi));
    let out = khuyencong(&["summary", path_str(&s.path), "--lang", "en"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out).trim(), WorkbookError::Locked.message(Lang::En));
    window_started_on(&s, &locked, Lang::En);
    window_open_dialog(&s, &locked);
    drop(locker.stdin.take());
    assert!(locker.wait().expect("locker ends").success());
    assert_eq!(snapshot(&s.path), before, "bytes and side files");
    // Once the other program lets go, the file opens for editing.
    assert!(Workbook::open(&s.path, OpenMode::Normal).expect("open").read_only().is_none());
}

#[test]
fn a_path_with_vietnamese_letters_and_spaces_opens() {
    let dir = temp();
    let path = dir.path().join("Sổ khuyến công").join("Huyện Long Hồ 2024.db");
    khuyencong::workbook::sample::create_sample(&path).expect("sample");
    let s = Setup {
        home: dir.path().join("home"),
        good: empty_in(&dir.path().join("good"), "sổ đang mở.db"),
        path,
        _dir: dir,
    };
    check_every_way(&s, Expect::Writable);
}

#[test]
fn a_missing_file_and_a_folder() {
    let s = setup("không có.db");
    check_every_way(
        &s,
        refused(WorkbookError::NotFound(s.path.clone()), "Không tìm thấy tệp", "was not found"),
    );
    let s = setup("thư mục.db");
    fs::create_dir(&s.path).expect("folder");
    check_every_way(
        &s,
        refused(
            WorkbookError::NotAFile(s.path.clone()),
            "là một thư mục",
            "is a folder, not a workbook file",
        ),
    );
}

#[test]
fn a_workbook_another_tool_put_in_wal_mode() {
    let s = setup("sổ chế độ WAL.db");
    khuyencong::workbook::sample::create_sample(&s.path).expect("sample");
    let c = Connection::open(&s.path).expect("open");
    let mode: String = c.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0)).expect("wal");
    assert_eq!(mode, "wal");
    drop(c);
    let before = snapshot(&s.path);
    assert_eq!(before.1, ["sổ chế độ WAL.db"], "SQLite removed its log on close");
    // `check`, `summary` and a read-only window only read: a look at a WAL file
    // must not leave `-wal` and `-shm` files beside it.
    command_line(&s.path, &Expect::Writable);
    assert_eq!(snapshot(&s.path), before, "the command line");
    let options = StartOptions {
        file: Some(s.path.clone()),
        folders: Some(Folders::under(&s.home)),
        read_only: true,
        lang: Some(Lang::Vi),
        ..Default::default()
    };
    let h = harness(App::new(options));
    assert_eq!(h.state().workbook().and_then(|wb| wb.read_only()), Some(ReadOnlyReason::Requested));
    assert!(h.query_by_label_contains(banner(ReadOnlyReason::Requested, Lang::Vi)).is_some());
    drop(h);
    assert_eq!(snapshot(&s.path), before, "the read-only window");
    // Opened for editing, the workbook goes back to the rollback journal: one file to copy.
    window_started_on(&s, &Expect::Writable, Lang::Vi);
    let (bytes, names) = snapshot(&s.path);
    assert_eq!(names, before.1, "no side files");
    let bytes = bytes.expect("bytes");
    assert_eq!((bytes[18], bytes[19]), (1, 1), "rollback-journal mode in the header");
}
