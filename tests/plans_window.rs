//! The Plans screen and the plan form, used by label as an officer would,
//! and read back from SQLite.

mod common;

use common::*;
use egui_kittest::kittest::Queryable;
use khuyencong::domain::codes::TrainingKind;
use khuyencong::domain::plan::Activity;
use khuyencong::workbook::{OpenMode, Workbook};

/// Adds a line to the plan's form; the form scrolls (for a few frames) to
/// keep the button in view.
fn add_line(h: &mut egui_kittest::Harness<'static, khuyencong::app::App>) {
    h.get_by_label("+ Thêm dòng").click();
    h.run_steps(12);
    settle(h);
}

#[test]
fn a_plan_typed_in_its_form_is_kept_with_its_lines() {
    let dir = temp();
    let book = empty_in(dir.path(), "sổ.db");
    let mut h = harness(app_on(&book, dir.path()));
    click_prefix(&mut h, "Kế hoạch");
    assert!(h.query_by_label_contains("Sổ chưa có kế hoạch nào").is_some(), "{:?}", visible_texts(&h));
    click(&mut h, "+ Thêm kế hoạch");
    type_into(&mut h, "Tên kế hoạch *", "Kế hoạch khuyến công năm 2025");
    type_into(&mut h, "Từ năm *", "2025");
    type_into(&mut h, "Đến năm *", "2025");
    type_into(&mut h, "Số quyết định", "77/QĐ-UBND");
    add_line(&mut h);
    choose(&mut h, "Dòng 1: Hoạt động", "Tập huấn");
    type_into(&mut h, "Dòng 1: Số lượng", "3");
    type_into(&mut h, "Dòng 1: Học viên", "150");
    type_into(&mut h, "Dòng 1: Kinh phí", "120,5");
    add_line(&mut h);
    choose(&mut h, "Dòng 2: Hoạt động", "Tư vấn thiết kế mẫu mã, bao bì");
    type_into(&mut h, "Dòng 2: Số lượng", "4");
    click(&mut h, "Lưu");
    let wb = Workbook::open(&book, OpenMode::ReadOnly).unwrap();
    let plans = wb.plans().unwrap();
    assert_eq!(plans.len(), 1, "{:?}", visible_texts(&h));
    let plan = &plans[0].record;
    assert_eq!(
        (plan.title.as_str(), plan.from_year, plan.decision_no.as_str()),
        ("Kế hoạch khuyến công năm 2025", 2025, "77/QĐ-UBND")
    );
    assert_eq!(plan.lines.len(), 2);
    assert_eq!(plan.lines[0].activity, Activity::Training(TrainingKind::Course));
    assert_eq!((plan.lines[0].target_count, plan.lines[0].target_trainees), (Some(3), Some(150)));
    assert_eq!(plan.lines[0].target_vnd, Some(120_500_000));
    assert_eq!((plan.lines[1].activity, plan.lines[1].target_count), (Activity::Design, Some(4)));
    // Its lines are shown with their progress; Ctrl+Z takes the plan back.
    assert!(
        h.query_by_label_contains("Kinh phí kế hoạch 120,5 triệu đồng").is_some(),
        "{:?}",
        visible_texts(&h)
    );
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    settle(&mut h);
    assert!(Workbook::open(&book, OpenMode::ReadOnly).unwrap().plans().unwrap().is_empty());
}

#[test]
fn a_line_without_a_target_is_said_and_not_saved() {
    let dir = temp();
    let book = empty_in(dir.path(), "sổ.db");
    let mut h = harness(app_on(&book, dir.path()));
    click_prefix(&mut h, "Kế hoạch");
    click(&mut h, "+ Thêm kế hoạch");
    type_into(&mut h, "Tên kế hoạch *", "Kế hoạch");
    add_line(&mut h);
    choose(&mut h, "Dòng 1: Hoạt động", "Hội chợ, triển lãm");
    click(&mut h, "Lưu");
    assert!(h.query_by_label_contains("Dòng 1: chưa có chỉ tiêu nào").is_some(), "{:?}", visible_texts(&h));
    assert!(Workbook::open(&book, OpenMode::ReadOnly).unwrap().plans().unwrap().is_empty());
}

#[test]
fn the_sample_plans_screen_shows_each_lines_target_progress_and_what_was_missed() {
    let dir = temp();
    let sample = sample_in(dir.path());
    let mut h = harness(app_on(&sample, dir.path()));
    click_prefix(&mut h, "Kế hoạch");
    // The latest plan is shown first: the programme; the 2024 plan by a click.
    h.get_by_label("Kế hoạch khuyến công năm 2024").click();
    settle(&mut h);
    let texts = visible_texts(&h);
    assert!(texts.iter().any(|t| t.contains("3 / 9 chỉ tiêu đạt")), "{texts:?}");
    assert!(texts.iter().any(|t| t.contains("dòng đã hết năm mà chưa đạt")), "{texts:?}");
    assert!(texts.iter().any(|t| t == "2 đề án"), "machinery: 2 projects planned and done: {texts:?}");
    assert!(texts.iter().any(|t| t.contains("380 / 390")), "{texts:?}");
}
