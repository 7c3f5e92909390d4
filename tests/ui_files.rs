//! Files from the window: start-up, New, Open, Save as, read-only, refused
//! files and recent files, all without the system's file dialogs.

mod common;

use std::fs;

use common::*;
use egui_kittest::kittest::Queryable;
use khuyencong::app::settings::{Folders, Settings};
use khuyencong::app::{App, StartOptions};
use khuyencong::command::Command;
use khuyencong::i18n::Lang;

#[test]
fn with_no_file_the_default_workbook_is_created_and_opened() {
    let dir = temp();
    let app = App::new(StartOptions { folders: Some(Folders::under(dir.path())), ..Default::default() });
    let expected = Folders::under(dir.path()).default_workbook();
    assert_eq!(app.workbook().map(|wb| wb.path().to_path_buf()), Some(expected.clone()));
    assert!(expected.exists());
    // An empty workbook greets the officer with the ways to start.
    let mut h = harness(app);
    for label in ["Tạo sổ mới…", "Mở sổ…", "Mở sổ mẫu 2014–2023"] {
        assert!(h.query_by_label(label).is_some(), "{label}");
    }
    assert!(h.query_by_label_contains("Sổ này chưa có dữ liệu").is_some());
    // The sample opens from the greeting, as a fresh copy.
    click(&mut h, "Mở sổ mẫu 2014–2023");
    let path = h.state().workbook().unwrap().path().to_path_buf();
    assert!(path.starts_with(dir.path().join("data").join("mau")), "{}", path.display());
    assert!(h.state().workbook().unwrap().counts().unwrap()[1] > 100);
    assert!(h.query_by_label_contains("Đề án (").is_some());
}

#[test]
fn the_sample_option_opens_a_fresh_copy_each_time() {
    let dir = temp();
    let start = || {
        App::new(StartOptions {
            sample: true,
            folders: Some(Folders::under(dir.path())),
            ..Default::default()
        })
    };
    let a = start();
    let b = start();
    let (pa, pb) = (a.workbook().unwrap().path().to_path_buf(), b.workbook().unwrap().path().to_path_buf());
    assert_ne!(pa, pb);
    assert!(pa.exists() && pb.exists());
}

#[test]
fn new_open_and_save_as_work_by_typing_the_path() {
    let dir = temp();
    let first = sample_in(dir.path());
    let mut h = harness(app_on(&first, dir.path()));
    // New (Ctrl+N): the path is typed, with the office name.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    settle(&mut h);
    let new_path = dir.path().join("Sổ Vũng Liêm 2025.db");
    type_into(&mut h, "Đường dẫn tệp", new_path.to_str().unwrap());
    type_into(&mut h, "Tên đơn vị giữ sổ", "Phòng Kinh tế huyện Vũng Liêm");
    click(&mut h, "Tạo");
    assert_eq!(h.state().workbook().unwrap().path(), new_path.as_path());
    assert_eq!(h.state().workbook().unwrap().info().office_name, "Phòng Kinh tế huyện Vũng Liêm");
    assert!(h.query_by_label_contains("Sổ này chưa có dữ liệu").is_some());

    // Open (Ctrl+O) the first one again.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::O);
    settle(&mut h);
    type_into(&mut h, "Đường dẫn tệp", first.to_str().unwrap());
    click(&mut h, "Mở");
    assert_eq!(h.state().workbook().unwrap().path(), first.as_path());
    let counts = h.state().workbook().unwrap().counts().unwrap();

    // Save as (Ctrl+Shift+S): work continues in the copy.
    h.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, egui::Key::S);
    settle(&mut h);
    let copy = dir.path().join("bản sao").join("sổ mẫu 2.db");
    type_into(&mut h, "Đường dẫn tệp", copy.to_str().unwrap());
    click(&mut h, "Lưu");
    assert_eq!(h.state().workbook().unwrap().path(), copy.as_path());
    assert_eq!(h.state().workbook().unwrap().counts().unwrap(), counts);
    assert!(h.query_by_label_contains("Đã lưu lúc").is_some());

    // Recent files are remembered across restarts, newest first.
    let settings = Settings::load(&Folders::under(dir.path()).settings_file());
    let names: Vec<String> =
        settings.recent.iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
    assert_eq!(names[..3], ["sổ mẫu 2.db", "mẫu.db", "Sổ Vũng Liêm 2025.db"]);
    drop(h);
    let again = harness(app_on(&copy, dir.path()));
    click_prefix_in(again, "Mở gần đây");
}

/// Opens the File menu, then its "Open recent" entry, and checks the list.
fn click_prefix_in(mut h: egui_kittest::Harness<'static, App>, recent: &str) {
    click(&mut h, "Tệp");
    h.get_by_label(recent).hover();
    settle(&mut h);
    assert!(h.query_by_label_contains("Sổ Vũng Liêm 2025.db").is_some(), "the recent list names the file");
}

#[test]
fn a_refused_file_shows_the_command_line_message_and_keeps_the_workbook_open() {
    let dir = temp();
    let good = sample_in(dir.path());
    let bad = dir.path().join("hỏng.db");
    fs::write(&bad, "không phải sổ").unwrap();
    let before = fs::read(&bad).unwrap();
    let mut h = harness(app_on(&good, dir.path()));
    h.state_mut().push(Command::OpenWorkbook { path: bad.clone(), read_only: false });
    settle(&mut h);
    let cli = stderr(&khuyencong(&["check", path_str(&bad)])).trim().to_string();
    assert_eq!(h.state().message(), Some(cli.as_str()));
    assert!(h.query_by_label(&cli).is_some(), "the dialog shows: {cli}");
    assert_eq!(h.state().workbook().unwrap().path(), good.as_path(), "the current workbook stays open");
    click(&mut h, "Đóng");
    assert!(h.state().message().is_none());
    assert_eq!(fs::read(&bad).unwrap(), before);
}

#[test]
fn a_file_without_write_permission_opens_read_only_and_says_why() {
    let dir = temp();
    let file = sample_in(dir.path());
    let mut perms = fs::metadata(&file).unwrap().permissions();
    perms.set_readonly(true);
    fs::set_permissions(&file, perms).unwrap();
    let before = fs::read(&file).unwrap();
    let mut h = harness(app_on(&file, dir.path()));
    assert!(h.query_by_label_contains("Tệp không cho phép ghi").is_some(), "banner");
    click_prefix(&mut h, "Đề án (");
    // "New" is disabled and says why when hovered.
    {
        use egui_kittest::kittest::NodeT;
        assert!(h.get_by_label("Thêm mới").accesskit_node().is_disabled());
    }
    click(&mut h, "Thêm mới");
    assert!(h.query_by_label("Lưu").is_none(), "no form opened");
    h.get_by_label("Thêm mới").hover();
    h.run_steps(90);
    assert!(h.query_all_by_label_contains("Tệp không cho phép ghi").count() >= 2, "the hover text explains");
    drop(h);
    assert_eq!(fs::read(&file).unwrap(), before);
}

#[test]
fn open_read_only_on_request_disables_editing() {
    let dir = temp();
    let file = sample_in(dir.path());
    let other = empty_in(dir.path(), "khác.db");
    let before = fs::read(&file).unwrap();
    let mut h = harness(app_on(&other, dir.path()));
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::O);
    settle(&mut h);
    type_into(&mut h, "Đường dẫn tệp", file.to_str().unwrap());
    click(&mut h, "Mở chỉ đọc (không sửa được)");
    click(&mut h, "Mở");
    assert!(h.state().workbook().unwrap().read_only().is_some());
    assert!(h.query_by_label_contains("Sổ đang mở chỉ đọc theo yêu cầu").is_some());
    click_prefix(&mut h, "Cơ sở (");
    // A record opens for reading, but cannot be saved.
    let name: String = db(&file)
        .query_row("SELECT name FROM facilities ORDER BY created_at LIMIT 1", [], |r| r.get(0))
        .unwrap();
    type_into(&mut h, "Tìm", &name);
    h.get_all_by_label(&name).next().unwrap().click();
    settle(&mut h);
    h.key_press(egui::Key::Enter);
    settle(&mut h);
    assert!(h.query_by_label("Sổ chỉ đọc: không lưu được thay đổi.").is_some());
    click(&mut h, "Lưu");
    assert!(h.query_by_label("Sổ chỉ đọc: không lưu được thay đổi.").is_some(), "still open: nothing saved");
    drop(h);
    assert_eq!(fs::read(&file).unwrap(), before);
}

#[test]
fn the_language_is_remembered() {
    let dir = temp();
    let file = sample_in(dir.path());
    let folders = Folders::under(dir.path());
    let app = App::new(StartOptions {
        file: Some(file.clone()),
        folders: Some(folders.clone()),
        ..Default::default()
    });
    assert_eq!(app.lang(), Lang::Vi, "Vietnamese by default");
    let mut h = harness(app);
    click(&mut h, "Ngôn ngữ");
    click(&mut h, "English");
    assert!(h.query_by_label("Language").is_some());
    drop(h);
    let app = App::new(StartOptions { file: Some(file), folders: Some(folders), ..Default::default() });
    assert_eq!(app.lang(), Lang::En);
}

#[test]
fn a_workbook_cut_off_mid_save_on_a_read_only_stick_is_recovered_into_a_copy_from_the_window() {
    use khuyencong::workbook::WorkbookError;
    use std::os::unix::fs::PermissionsExt;
    let dir = temp();
    let stick = dir.path().join("USB chỉ đọc");
    fs::create_dir_all(&stick).unwrap();
    let (path, before) = interrupted_import(&stick, "Sổ Long Hồ.db", 20_000);
    fs::set_permissions(&stick, fs::Permissions::from_mode(0o555)).unwrap();
    let untouched = (fs::read(&path).unwrap(), fs::read(journal_of(&path)).unwrap());
    let home = dir.path().join("home");

    // Started on the file: refused with why and what to do, and the offer.
    let mut h = harness(app_on(&path, &home));
    let why = WorkbookError::CannotRecoverHere { path: path.clone(), journal_unreadable: false };
    assert_eq!(h.state().message(), Some(why.message(Lang::Vi).as_str()));
    assert!(h.query_by_label(&why.message(Lang::Vi)).is_some(), "the dialog shows the message");
    assert!(h.state().workbook().is_none());
    click(&mut h, "Khôi phục vào bản sao…");
    // The copy is suggested in the program's own folder; any path can be typed.
    let suggested = Folders::under(&home).data.join("Sổ Long Hồ-khoi-phuc.db");
    assert!(visible_texts(&h).contains(&suggested.display().to_string()), "{:?}", visible_texts(&h));
    assert!(h.query_by_label_contains(path.to_str().unwrap()).is_some(), "the original is named");
    let copy = dir.path().join("đã khôi phục").join("Sổ Long Hồ.db");
    type_into(&mut h, "Đường dẫn tệp", copy.to_str().unwrap());
    click(&mut h, "Khôi phục");

    let wb = h.state().workbook().expect("the copy is open");
    assert_eq!((wb.path(), wb.read_only()), (copy.as_path(), None));
    assert!(h.state().message().is_none());
    assert!(h.query_by_label_contains("Sổ đã được khôi phục sau lần lưu bị ngắt").is_some());
    assert!(h.query_by_label_contains(&format!("Đề án ({})", before[1])).is_some(), "the lists");
    drop(h);
    // Read back from SQLite: the state before the import, whole; the original as it was.
    let c = db(&copy);
    let projects: i64 =
        c.query_row("SELECT COUNT(*) FROM projects WHERE deleted_at IS NULL", [], |r| r.get(0)).unwrap();
    let check: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!((projects, check.as_str()), (before[1], "ok"));
    assert!(!journal_of(&copy).exists());
    assert_eq!((fs::read(&path).unwrap(), fs::read(journal_of(&path)).unwrap()), untouched);
    fs::set_permissions(&stick, fs::Permissions::from_mode(0o755)).unwrap();
}
