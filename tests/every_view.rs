//! Every screen and every dialog, drawn on the sample workbook in both
//! languages at the two screen sizes officers have (1024×600, 1366×768),
//! with the accessibility check on: every input can be reached by its name.
//! The test fails if a kind of dialog is added that it does not open.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use common::*;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use khuyencong::app::settings::Folders;
use khuyencong::app::{App, StartOptions};
use khuyencong::command::{ChartFile, ChartId, Command, FilePurpose, Screen};
use khuyencong::domain::RecordKind;
use khuyencong::i18n::Lang;
use khuyencong::ui::dialogs::Dialog;

/// What the views are drawn on: the sample, a district file to merge, a
/// CSV to import, a workbook cut off mid-save on a read-only stick.
struct Files {
    sample: PathBuf,
    district: PathBuf,
    csv: PathBuf,
    interrupted: PathBuf,
    project_id: String,
    /// The sample's plans as an annex, to preview its import.
    annex: PathBuf,
    plan_id: String,
}

fn files(dir: &Path) -> Files {
    use std::os::unix::fs::PermissionsExt;
    let sample = sample_in(dir);
    let district = sample_in(&dir.join("huyện"));
    let csv = dir.join("đề án.csv");
    projects_csv(&csv, 30);
    let stick = dir.join("USB");
    fs::create_dir_all(&stick).expect("stick");
    let (interrupted, _) = interrupted_import(&stick, "Sổ dở dang.db", 20_000);
    fs::set_permissions(&stick, fs::Permissions::from_mode(0o555)).expect("read-only stick");
    let conn = rusqlite::Connection::open(&sample).expect("open");
    let project_id = conn
        .query_row("SELECT id FROM projects WHERE deleted_at IS NULL LIMIT 1", [], |r| r.get(0))
        .expect("a project");
    let plan_id = conn.query_row("SELECT id FROM plans LIMIT 1", [], |r| r.get(0)).expect("a plan");
    let annex = dir.join("kế hoạch.xlsx");
    let wb = khuyencong::workbook::Workbook::open(&sample, khuyencong::workbook::OpenMode::ReadOnly)
        .expect("open");
    khuyencong::exchange::export::export_plans(&wb, &annex).expect("the annex");
    Files { sample, district, csv, interrupted, project_id, annex, plan_id }
}

fn window(files: &Files, home: &Path, lang: Lang, size: (f32, f32)) -> Harness<'static, App> {
    let app = App::new(StartOptions {
        file: Some(files.sample.clone()),
        folders: Some(Folders::under(home)),
        lang: Some(lang),
        ..Default::default()
    });
    let mut h = Harness::builder()
        .with_size(egui::vec2(size.0, size.1))
        .with_context_setup(khuyencong::ui::install)
        .build_ui_state(|ui, app: &mut App| app.show(ui), app);
    settle(&mut h);
    h
}

/// Sends the commands, draws until still (the accessibility check runs),
/// and returns the dialogs then shown.
fn open(h: &mut Harness<'static, App>, commands: &[Command]) -> Vec<&'static str> {
    for c in commands {
        h.state_mut().push(c.clone());
        h.step();
    }
    wait_for_job(h);
    h.state().dialog_names()
}

/// Closes every dialog the way its own buttons do.
fn close_all(h: &mut Harness<'static, App>) {
    while let Some(name) = h.state().dialog_names().last().copied() {
        let command = match name {
            "form" => Command::CancelForm,
            "import" => Command::CloseImport,
            "merge" => Command::CloseMerge,
            "plan-import" => Command::ClosePlanImport,
            _ => Command::CloseDialog,
        };
        h.state_mut().push(command);
        settle(h);
        assert_ne!(h.state().dialog_names().last().copied(), Some(name), "{name} closes");
    }
}

/// Each dialog with the commands that bring it in front.
fn dialogs(files: &Files) -> Vec<(&'static str, Vec<Command>)> {
    let ask = |p| vec![Command::AskFile(p)];
    let mut cases = vec![
        ("file", ask(FilePurpose::New)),
        ("file", ask(FilePurpose::Open)),
        ("file", ask(FilePurpose::SaveAs)),
        ("file", ask(FilePurpose::Chart(ChartId::Funding, ChartFile::Image))),
        ("file", ask(FilePurpose::Chart(ChartId::BySector, ChartFile::Numbers))),
        ("file", ask(FilePurpose::ExportWorkbook)),
        ("file", ask(FilePurpose::ExportCsv(RecordKind::Training))),
        ("file", ask(FilePurpose::Import(RecordKind::Facility))),
        ("file", ask(FilePurpose::Template(RecordKind::Design))),
        ("file", ask(FilePurpose::Merge)),
        ("file", vec![Command::AskRecoverCopy(files.interrupted.clone())]),
        ("confirm-delete", vec![Command::AskDelete(RecordKind::Project, files.project_id.clone())]),
        ("message", vec![Command::OpenWorkbook { path: files.sample.join("không có"), read_only: false }]),
        ("about", vec![Command::About]),
        ("office", vec![Command::AskOffice]),
        ("sync", vec![Command::AskSync]),
        ("report", vec![Command::ShowReport]),
        ("merge-log", vec![Command::ShowMergeLog]),
        ("import", vec![Command::PreviewImport(RecordKind::Project, files.csv.clone())]),
        (
            "file",
            vec![
                Command::PreviewImport(RecordKind::Project, files.csv.clone()),
                Command::AskFile(FilePurpose::RejectedRows),
            ],
        ),
        ("merge", vec![Command::PlanMerge(files.district.clone())]),
        ("form", vec![Command::EditRecord(RecordKind::Project, files.project_id.clone())]),
        ("confirm-discard", vec![Command::NewRecord(RecordKind::Training), Command::AskDiscardForm]),
    ];
    for kind in RecordKind::LISTED {
        cases.push(("form", vec![Command::NewRecord(kind)]));
    }
    cases.extend([
        ("form", vec![Command::Show(Screen::Plans), Command::NewRecord(RecordKind::Plan)]),
        (
            "form",
            vec![Command::Show(Screen::Plans), Command::EditRecord(RecordKind::Plan, files.plan_id.clone())],
        ),
        ("plan-import", vec![Command::PreviewPlanImport(files.annex.clone())]),
        ("file", ask(FilePurpose::ImportPlan)),
        ("file", ask(FilePurpose::ExportPlans)),
        ("file", ask(FilePurpose::ReportDocx)),
    ]);
    cases
}

#[test]
fn every_screen_and_dialog_is_drawn_in_both_languages_on_small_and_common_screens() {
    let dir = temp();
    let files = files(dir.path());
    let mut seen = BTreeSet::new();
    for lang in [Lang::Vi, Lang::En] {
        for size in [(1024.0, 600.0), (1366.0, 768.0)] {
            let home = dir.path().join(format!("home-{lang:?}-{}", size.0));
            let mut h = window(&files, &home, lang, size);
            for screen in Screen::ALL {
                open(&mut h, &[Command::Show(screen)]);
                assert_eq!(h.state().screen(), screen);
                assert!(
                    h.query_all_by_label_contains(screen.title(lang)).next().is_some(),
                    "{screen:?} at {size:?} in {lang:?}: its name in the navigation"
                );
            }
            for (name, commands) in dialogs(&files) {
                let shown = open(&mut h, &commands);
                assert_eq!(
                    shown.last().copied(),
                    Some(name),
                    "{commands:?} at {size:?} in {lang:?}: {shown:?}"
                );
                seen.insert(name);
                close_all(&mut h);
            }
            // A workbook cut off mid-save where it cannot be rolled back.
            let shown =
                open(&mut h, &[Command::OpenWorkbook { path: files.interrupted.clone(), read_only: false }]);
            assert_eq!(shown.last().copied(), Some("interrupted"), "{shown:?}");
            seen.insert("interrupted");
            close_all(&mut h);
            // And with no workbook: the welcome page.
            open(&mut h, &[Command::CloseWorkbook]);
            assert!(h.state().workbook().is_none());
            assert!(
                h.query_by_label("Sổ khuyến công").is_some()
                    || h.query_by_label("Industrial extension workbook").is_some()
            );
        }
    }
    let all: BTreeSet<&str> = Dialog::NAMES.into_iter().collect();
    assert_eq!(seen, all, "every kind of dialog is drawn");
}
