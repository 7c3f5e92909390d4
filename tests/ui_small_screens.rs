//! At 1024×600 (old district laptops) every part of a screen or dialog can be
//! reached: the overview's key figures and charts inside the window, the
//! money and status columns of a list in view, the import preview's buttons
//! on screen however much it shows. And a message that appears under a field
//! does not move the next field while it is being clicked.

mod common;

use common::*;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use khuyencong::app::App;
use khuyencong::command::{Command, Screen};
use khuyencong::domain::RecordKind;

fn small(app: App) -> Harness<'static, App> {
    sized(app, 1024.0)
}

fn sized(app: App, width: f32) -> Harness<'static, App> {
    let mut h = Harness::builder()
        .with_size(egui::vec2(width, 600.0))
        .with_context_setup(khuyencong::ui::install)
        .build_ui_state(|ui, app: &mut App| app.show(ui), app);
    settle(&mut h);
    h
}

/// The first widget labelled `label` (or, failing that, whose label holds it:
/// a column heading carries its sort arrow) lies wholly inside the window.
fn inside(h: &Harness<'static, App>, label: &str) {
    let node = h
        .query_all_by_label(label)
        .next()
        .or_else(|| h.query_all_by_label_contains(label).next())
        .unwrap_or_else(|| panic!("{label:?} is drawn"));
    let r = node.rect();
    assert!(r.min.x >= 0.0 && r.min.y >= 0.0 && r.max.x <= 1024.0 && r.max.y <= 600.0, "{label:?} at {r:?}");
}

#[test]
fn the_overview_fits_a_small_screen() {
    let dir = temp();
    let file = sample_in(dir.path());
    let h = small(app_on(&file, dir.path()));
    for card in ["Đề án", "Kinh phí hỗ trợ", "Vốn đối ứng", "Học viên", "Cơ sở được hỗ trợ thiết kế"]
    {
        inside(&h, card);
    }
    let titles = ["Kinh phí hỗ trợ và vốn đối ứng theo năm", "Số đề án theo năm và nội dung"];
    // Charts are one a row at this width: side to side they stay inside (the page scrolls down).
    for t in titles {
        let r = h.get_by_label(t).rect();
        assert!(r.min.x >= 0.0 && r.max.x <= 1024.0, "{t} at {r:?}");
    }
    // Narrower still (the window's least width): one chart a row, the second under the first.
    drop(h);
    let h = sized(app_on(&file, dir.path()), 900.0);
    let lefts: Vec<f32> = titles.iter().map(|t| h.get_by_label(t).rect().min.x).collect();
    assert_eq!(lefts[0], lefts[1], "the second chart is under the first");
    assert!(h.get_by_label(titles[1]).rect().max.x <= 900.0);
}

#[test]
fn a_list_keeps_its_figures_in_view() {
    let dir = temp();
    let file = sample_in(dir.path());
    let mut h = small(app_on(&file, dir.path()));
    h.state_mut().push(Command::Show(Screen::Projects));
    settle(&mut h);
    for heading in ["Năm", "Hỗ trợ (tr.đ)", "Đối ứng (tr.đ)", "Trạng thái"] {
        inside(&h, heading);
    }
    // The filters' labels sit on the line of their box.
    let label = h.get_all_by_label("Nội dung").next().expect("the filter's label").rect();
    let boxed = input(&h, "Nội dung").rect();
    assert!((label.center().y - boxed.center().y).abs() < 6.0, "{label:?} / {boxed:?}");
}

#[test]
fn the_import_preview_keeps_its_buttons_on_a_small_screen() {
    let dir = temp();
    let file = sample_in(dir.path());
    let csv = dir.path().join("đề án.csv");
    projects_csv(&csv, 200);
    let mut h = small(app_on(&file, dir.path()));
    h.state_mut().push(Command::PreviewImport(RecordKind::Project, csv));
    settle(&mut h);
    inside(&h, "Nhập");
    inside(&h, "Hủy");
    // Esc closes it.
    h.key_press(egui::Key::Escape);
    settle(&mut h);
    assert!(h.state().dialog_names().is_empty());
}

#[test]
fn a_message_appearing_under_a_field_does_not_move_the_field_being_clicked() {
    let dir = temp();
    let file = empty_in(dir.path(), "sổ.db");
    let mut h = harness(app_on(&file, dir.path()));
    h.state_mut().push(Command::NewRecord(RecordKind::Training));
    settle(&mut h);
    input(&h, "Tên lớp *").click();
    settle(&mut h);
    // The mouse goes down on the field below: the name, left empty, is now "required".
    let target = input(&h, "Số học viên *");
    let before = target.rect();
    target.hover();
    h.event(egui::Event::PointerButton {
        pos: before.center(),
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: egui::Modifiers::NONE,
    });
    h.run_steps(3);
    assert_eq!(input(&h, "Số học viên *").rect(), before, "not moved while the button is down");
    h.event(egui::Event::PointerButton {
        pos: before.center(),
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: egui::Modifiers::NONE,
    });
    settle(&mut h);
    input(&h, "Số học viên *").type_text("25");
    settle(&mut h);
    assert_eq!(input(&h, "Số học viên *").value().as_deref(), Some("25"), "the click reached the field");
    assert!(h.query_by_label("Bắt buộc nhập.").is_some(), "and the message is shown");
}

#[test]
fn a_facility_typed_but_not_picked_says_what_to_do() {
    let dir = temp();
    let file = sample_in(dir.path());
    let mut h = harness(app_on(&file, dir.path()));
    h.state_mut().push(Command::NewRecord(RecordKind::Design));
    settle(&mut h);
    type_into(&mut h, "Tên cơ sở *", "Cơ sở chưa có ở đâu");
    assert!(h.query_by_label_contains("Chọn một cơ sở trong danh sách").is_some());
    assert!(h.query_by_label("Bắt buộc nhập.").is_none(), "{:?}", visible_texts(&h));
}
