//! Vietnamese input methods in the form, as the window receives them:
//! the word being composed (pre-edit) is kept when the officer clicks another
//! field or "Lưu" or presses Tab, whether the input method then clears it
//! (fcitx5) or commits it late (ibus); ibus's Enter, a commit of "\r", saves
//! the form on the first press. What is saved is read back from the file.

mod common;

use common::*;
use egui::{Event, ImeEvent};
use egui_kittest::kittest::Queryable;
use khuyencong::command::Command;
use khuyencong::domain::RecordKind;

fn preedit(text: &str) -> Event {
    Event::Ime(ImeEvent::Preedit { text: text.into(), active_range_chars: None })
}

fn names(path: &std::path::Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(path).expect("open");
    let mut q =
        conn.prepare("SELECT name FROM facilities WHERE deleted_at IS NULL ORDER BY name").expect("sql");
    q.query_map([], |r| r.get(0)).expect("rows").map(|r| r.expect("row")).collect()
}

/// A new facility's form, with "Việt " typed in its name and "Nam" being composed.
fn composing(
    file: &std::path::Path,
    home: &std::path::Path,
) -> egui_kittest::Harness<'static, khuyencong::app::App> {
    let mut h = harness(app_on(file, home));
    h.state_mut().push(Command::NewRecord(RecordKind::Facility));
    settle(&mut h);
    input(&h, "Tên cơ sở *").click();
    settle(&mut h);
    input(&h, "Tên cơ sở *").type_text("Việt ");
    settle(&mut h);
    h.event(preedit("Nam"));
    settle(&mut h);
    assert_eq!(input(&h, "Tên cơ sở *").value().as_deref(), Some("Việt Nam"), "shown while composed");
    h
}

#[test]
fn a_click_on_another_field_keeps_the_word_fcitx5_clears() {
    let dir = temp();
    let file = empty_in(dir.path(), "sổ.db");
    let mut h = composing(&file, dir.path());
    input(&h, "Người đại diện").click();
    h.event(preedit(""));
    settle(&mut h);
    assert_eq!(input(&h, "Tên cơ sở *").value().as_deref(), Some("Việt Nam"));
    input(&h, "Người đại diện").type_text("Lan");
    settle(&mut h);
    assert_eq!(input(&h, "Người đại diện").value().as_deref(), Some("Lan"), "the click reached its field");
    h.key_press(egui::Key::Enter);
    settle(&mut h);
    assert_eq!(names(&file), vec!["Việt Nam".to_string()]);
}

#[test]
fn a_late_commit_after_a_click_is_not_typed_into_the_next_field() {
    let dir = temp();
    let file = empty_in(dir.path(), "sổ.db");
    let mut h = composing(&file, dir.path());
    input(&h, "Người đại diện").click();
    settle(&mut h);
    // ibus commits the word itself once the focus has moved.
    h.event(Event::Ime(ImeEvent::Commit("Nam".into())));
    settle(&mut h);
    assert_eq!(input(&h, "Tên cơ sở *").value().as_deref(), Some("Việt Nam"));
    assert_eq!(
        input(&h, "Người đại diện").value().as_deref(),
        Some(""),
        "the word stayed where it was typed"
    );
}

#[test]
fn save_clicked_mid_word_saves_the_whole_name() {
    let dir = temp();
    let file = empty_in(dir.path(), "sổ.db");
    let mut h = composing(&file, dir.path());
    h.get_by_label("Lưu").click();
    h.event(preedit(""));
    settle(&mut h);
    assert_eq!(names(&file), vec!["Việt Nam".to_string()]);
}

#[test]
fn tab_mid_word_keeps_it_and_a_late_commit_is_not_typed_twice() {
    let dir = temp();
    let file = empty_in(dir.path(), "sổ.db");
    let mut h = composing(&file, dir.path());
    h.key_press(egui::Key::Tab);
    // ibus commits the word itself, a frame later.
    h.event(Event::Ime(ImeEvent::Commit("Nam".into())));
    settle(&mut h);
    assert_eq!(input(&h, "Tên cơ sở *").value().as_deref(), Some("Việt Nam"));
    let texts = visible_texts(&h);
    assert!(!texts.iter().any(|t| t.contains("NamNam") || t == "Nam"), "{texts:?}");
    h.key_press(egui::Key::Enter);
    settle(&mut h);
    assert_eq!(names(&file), vec!["Việt Nam".to_string()]);
}

#[test]
fn ibus_enter_before_the_word_it_ends_saves_the_whole_word() {
    let dir = temp();
    let file = empty_in(dir.path(), "sổ.db");
    let mut h = composing(&file, dir.path());
    // The order ibus-unikey sends under X11, all in one frame (read from the
    // window's input; `event` would give each its own frame).
    h.input_mut().events.extend([
        preedit(""),
        Event::Ime(ImeEvent::Commit("\r".into())),
        preedit(""),
        Event::Ime(ImeEvent::Commit("Nam".into())),
        preedit(""),
    ]);
    h.step();
    settle(&mut h);
    assert_eq!(names(&file), vec!["Việt Nam".to_string()]);
}

#[test]
fn ibus_enter_as_a_carriage_return_commit_saves_on_the_first_press() {
    let dir = temp();
    let file = empty_in(dir.path(), "sổ.db");
    let mut h = composing(&file, dir.path());
    // ibus: Enter ends the word (its commit) and comes as "\r".
    h.event(Event::Ime(ImeEvent::Commit("Nam".into())));
    h.event(Event::Ime(ImeEvent::Commit("\r".into())));
    settle(&mut h);
    assert_eq!(names(&file), vec!["Việt Nam".to_string()], "saved on the first Enter");
    assert!(h.state().dialog_names().is_empty());
}
