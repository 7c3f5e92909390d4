//! Keys stay with what is in front: a dialog, a drop-down, a form. Enter does
//! a dialog's main action; Esc closes an open drop-down before the form, and
//! a form typed in asks before it drops anything; every drop-down opens on a
//! click, however often the form was opened and closed.

mod common;

use common::*;
use egui_kittest::kittest::Queryable;
use khuyencong::command::{Command, Screen};
use khuyencong::domain::RecordKind;

fn count(path: &std::path::Path, sql: &str) -> i64 {
    rusqlite::Connection::open(path).expect("open").query_row(sql, [], |r| r.get(0)).expect("count")
}

fn live_projects(path: &std::path::Path) -> i64 {
    count(path, "SELECT COUNT(*) FROM projects WHERE deleted_at IS NULL")
}

/// The options of the drop-down are shown (buttons, not cells of a list behind).
fn option_shown(h: &egui_kittest::Harness<'static, khuyencong::app::App>, option: &str) -> bool {
    use egui_kittest::kittest::NodeT;
    h.get_all_by_label(option).any(|n| n.accesskit_node().role() == egui::accesskit::Role::Button)
}

#[test]
fn enter_behind_the_import_preview_does_not_open_the_selected_record() {
    let dir = temp();
    let file = sample_in(dir.path());
    let csv = dir.path().join("đề án.csv");
    projects_csv(&csv, 3);
    let mut h = harness(app_on(&file, dir.path()));
    h.state_mut().push(Command::Show(Screen::Projects));
    settle(&mut h);
    // A project selected in the list: Enter would open it.
    let before = live_projects(&file);
    h.state_mut().push(Command::PreviewImport(RecordKind::Project, csv));
    settle(&mut h);
    assert_eq!(h.state().dialog_names(), vec!["import"]);
    h.key_press(egui::Key::Enter);
    settle(&mut h);
    assert!(!h.state().dialog_names().contains(&"form"), "{:?}", h.state().dialog_names());
    // Enter was the import's own: its main action, Import.
    assert_eq!(live_projects(&file), before + 3);
    assert!(h.state().dialog_names().is_empty());
}

#[test]
fn enter_in_a_dialog_does_its_main_action_and_esc_closes_it() {
    let dir = temp();
    let file = sample_in(dir.path());
    let id: String = rusqlite::Connection::open(&file)
        .unwrap()
        .query_row("SELECT id FROM projects LIMIT 1", [], |r| r.get(0))
        .unwrap();
    let mut h = harness(app_on(&file, dir.path()));
    let before = live_projects(&file);
    h.state_mut().push(Command::AskDelete(RecordKind::Project, id.clone()));
    settle(&mut h);
    h.key_press(egui::Key::Escape);
    settle(&mut h);
    assert!(h.state().dialog_names().is_empty(), "Esc keeps the record");
    assert_eq!(live_projects(&file), before);
    h.state_mut().push(Command::AskDelete(RecordKind::Project, id));
    settle(&mut h);
    h.key_press(egui::Key::Enter);
    settle(&mut h);
    assert_eq!(live_projects(&file), before - 1, "Enter deletes");
    // A message closes on Enter.
    h.state_mut().push(Command::OpenWorkbook { path: dir.path().join("không có.db"), read_only: false });
    settle(&mut h);
    assert_eq!(h.state().dialog_names(), vec!["message"]);
    h.key_press(egui::Key::Enter);
    settle(&mut h);
    assert!(h.state().dialog_names().is_empty());
}

#[test]
fn esc_closes_an_open_drop_down_first_and_a_typed_form_asks_before_dropping() {
    let dir = temp();
    let file = sample_in(dir.path());
    let before = live_projects(&file);
    let mut h = harness(app_on(&file, dir.path()));
    h.state_mut().push(Command::NewRecord(RecordKind::Project));
    settle(&mut h);
    input(&h, "Nội dung *").click();
    settle(&mut h);
    assert!(option_shown(&h, "Tư vấn"), "the drop-down is open");
    h.key_press(egui::Key::Escape);
    settle(&mut h);
    assert!(!option_shown(&h, "Tư vấn"), "Esc closed the drop-down");
    assert_eq!(h.state().dialog_names(), vec!["form"], "and only the drop-down");
    // Enter on an open drop-down is the drop-down's, not the form's Save.
    type_into(&mut h, "Tên đề án *", "Máy sấy lúa");
    input(&h, "Nội dung *").click();
    settle(&mut h);
    h.key_press(egui::Key::Enter);
    settle(&mut h);
    assert_eq!(live_projects(&file), before, "nothing saved");
    h.key_press(egui::Key::Escape);
    settle(&mut h);
    // Typed in: Esc asks.
    h.key_press(egui::Key::Escape);
    settle(&mut h);
    assert_eq!(h.state().dialog_names(), vec!["form", "confirm-discard"]);
    click(&mut h, "Tiếp tục sửa");
    assert_eq!(input(&h, "Tên đề án *").value().as_deref(), Some("Máy sấy lúa"));
    // An untouched form closes at once.
    h.state_mut().push(Command::CancelForm);
    settle(&mut h);
    h.state_mut().push(Command::NewRecord(RecordKind::Training));
    settle(&mut h);
    h.key_press(egui::Key::Escape);
    settle(&mut h);
    assert!(h.state().dialog_names().is_empty());
    assert_eq!(live_projects(&file), before);
}

#[test]
fn every_drop_down_opens_on_a_click_however_often_the_form_was_opened() {
    let dir = temp();
    let file = sample_in(dir.path());
    let mut h = harness(app_on(&file, dir.path()));
    for round in 0..3 {
        h.state_mut().push(Command::NewRecord(RecordKind::Project));
        settle(&mut h);
        for (label, option) in [("Nội dung *", "Tư vấn"), ("Trạng thái", "Đã nghiệm thu")] {
            input(&h, label).click();
            settle(&mut h);
            assert!(option_shown(&h, option), "round {round}: {label} opens");
            h.key_press(egui::Key::Escape);
            settle(&mut h);
        }
        h.key_press(egui::Key::Escape);
        settle(&mut h);
        assert!(h.state().dialog_names().is_empty(), "round {round}");
    }
    h.state_mut().push(Command::NewRecord(RecordKind::Training));
    settle(&mut h);
    input(&h, "Loại *").click();
    settle(&mut h);
    assert!(option_shown(&h, "Truyền nghề"), "the training's kind opens on a click");
}
