//! The office's details: the dialog and `khuyencong office` write the
//! workbook's office and province, the officer's name stays in the settings,
//! About and the title show them; and a facility with records is not asked
//! about before being refused.

mod common;

use std::path::Path;

use common::*;
use egui_kittest::kittest::Queryable;
use khuyencong::app::settings::{Folders, Settings};
use khuyencong::command::Command;
use khuyencong::domain::RecordKind;

fn office_in_file(path: &Path) -> (String, String) {
    db(path)
        .query_row(
            "SELECT o.name, o.province FROM workbook_info w JOIN offices o ON o.id = w.office_id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("the office")
}

#[test]
fn the_office_dialog_saves_the_office_in_the_workbook_and_the_officer_in_the_settings() {
    let dir = temp();
    let file = dir.path().join("sổ.db");
    khuyencong::workbook::Workbook::create(&file, "", "Vĩnh Long").expect("create");
    let mut h = harness(app_on(&file, dir.path()));
    // Unset, About says where it is set.
    h.state_mut().push(Command::About);
    settle(&mut h);
    assert!(h.query_by_label_contains("Đơn vị: (chưa đặt — Tệp → Thông tin đơn vị…)").is_some());
    click(&mut h, "Thông tin đơn vị…");
    assert_eq!(h.state().dialog_names(), ["office"]);
    type_into(&mut h, "Tên đơn vị giữ sổ", "Phòng Kinh tế huyện Mang Thít");
    type_into(&mut h, "Tỉnh", "Vĩnh Long mới");
    type_into(&mut h, "Tên cán bộ", "Nguyễn Thị Lan");
    click(&mut h, "Lưu");
    assert!(h.state().dialog_names().is_empty(), "{:?}", h.state().message());
    assert_eq!(office_in_file(&file), ("Phòng Kinh tế huyện Mang Thít".into(), "Vĩnh Long mới".into()));
    let settings = Settings::load(&Folders::under(dir.path()).settings_file());
    assert_eq!(settings.officer, "Nguyễn Thị Lan");
    let title = h.state().title();
    assert!(title.contains("Phòng Kinh tế huyện Mang Thít, Vĩnh Long mới"), "{title}");
    h.state_mut().push(Command::About);
    settle(&mut h);
    for text in ["Đơn vị: Phòng Kinh tế huyện Mang Thít", "Tỉnh: Vĩnh Long mới", "Cán bộ: Nguyễn Thị Lan"]
    {
        assert!(h.query_by_label_contains(text).is_some(), "{text}: {:?}", visible_texts(&h));
    }
    // The officer's name is there the next time the program starts.
    drop(h);
    let again = app_on(&file, dir.path());
    assert_eq!(again.settings().officer, "Nguyễn Thị Lan");
}

#[test]
fn the_office_command_prints_and_sets_the_office_and_province() {
    let dir = temp();
    let file = empty_in(dir.path(), "sổ.db");
    let shown = khuyencong(&["office", path_str(&file)]);
    assert!(shown.status.success(), "{}", stderr(&shown));
    assert_eq!(stdout(&shown), "Đơn vị: Phòng Kinh tế huyện Long Hồ\nTỉnh: Vĩnh Long\n");
    let set = khuyencong(&["office", path_str(&file), "--name", "Trung tâm Khuyến công Vĩnh Long"]);
    assert!(set.status.success(), "{}", stderr(&set));
    assert_eq!(office_in_file(&file), ("Trung tâm Khuyến công Vĩnh Long".into(), "Vĩnh Long".into()));
    let set = khuyencong(&["office", path_str(&file), "--province", "Trà Vinh", "--lang", "en"]);
    assert!(set.status.success(), "{}", stderr(&set));
    assert_eq!(stdout(&set), "Office: Trung tâm Khuyến công Vĩnh Long\nProvince: Trà Vinh\n");
    assert_eq!(office_in_file(&file).1, "Trà Vinh");
}

#[test]
fn the_office_command_refuses_a_read_only_workbook_and_changes_nothing() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp();
    let folder = dir.path().join("USB");
    let file = empty_in(&folder, "sổ.db");
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o555)).expect("read-only folder");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o444)).expect("read-only file");
    let before = std::fs::read(&file).expect("bytes");
    let out = khuyencong(&["office", path_str(&file), "--name", "Khác"]);
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).expect("writable again");
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert!(stderr(&out).contains("chỉ đọc"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&file).expect("bytes"), before);
}

#[test]
fn deleting_a_facility_with_projects_says_so_at_once_and_deletes_nothing() {
    let dir = temp();
    let file = sample_in(dir.path());
    let id: String = db(&file)
        .query_row(
            "SELECT facility_id FROM projects WHERE facility_id IS NOT NULL AND deleted_at IS NULL LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("a facility with a project");
    let deleted = |file: &Path| -> i64 {
        db(file)
            .query_row("SELECT COUNT(*) FROM facilities WHERE deleted_at IS NOT NULL", [], |r| r.get(0))
            .expect("count")
    };
    let before = deleted(&file);
    let mut h = harness(app_on(&file, dir.path()));
    h.state_mut().push(Command::AskDelete(RecordKind::Facility, id));
    settle(&mut h);
    assert_eq!(h.state().dialog_names(), ["message"]);
    let message = h.state().message().unwrap_or_default().to_string();
    assert!(message.contains("Cơ sở này còn"), "{message}");
    assert_eq!(deleted(&file), before);
}

#[test]
fn on_a_read_only_workbook_the_office_stays_and_the_officer_is_still_saved() {
    let dir = temp();
    let file = empty_in(dir.path(), "sổ.db");
    let app = khuyencong::app::App::new(khuyencong::app::StartOptions {
        file: Some(file.clone()),
        read_only: true,
        folders: Some(Folders::under(dir.path())),
        lang: Some(khuyencong::i18n::Lang::Vi),
        ..Default::default()
    });
    let mut h = harness(app);
    h.state_mut().push(Command::AskOffice);
    settle(&mut h);
    // The banner says why, and so does the dialog.
    assert_eq!(h.query_all_by_label_contains("Sổ đang mở chỉ đọc").count(), 2, "{:?}", visible_texts(&h));
    type_into(&mut h, "Tên cán bộ", "Trần Văn Minh");
    click(&mut h, "Lưu");
    assert!(h.state().dialog_names().is_empty(), "{:?}", h.state().message());
    assert_eq!(office_in_file(&file), ("Phòng Kinh tế huyện Long Hồ".into(), "Vĩnh Long".into()));
    assert_eq!(Settings::load(&Folders::under(dir.path()).settings_file()).officer, "Trần Văn Minh");
}
