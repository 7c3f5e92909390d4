//! The application: what is open, what is shown, and the commands that
//! change them. Screens draw and push [`Command`]s; they are carried out at
//! the end of the frame, so nothing is changed in the middle of drawing.

mod commands;
mod exchange;
mod files;
mod icon;
pub mod jobs;
mod menu;
mod modals;
mod panels;
mod plans;
mod present;
mod records;
mod recovery;
mod report;
mod status;
mod sync;
pub use recovery::open_file;
pub mod settings;

use std::path::{Path, PathBuf};

use egui::{RichText, Ui};

use crate::command::{ChartId, Command, Screen};
use crate::domain::RecordKind;
use crate::domain::text::shown_path;
use crate::i18n::{Lang, tr};
use crate::lists::Data;
use crate::ui::dialogs::Dialog;
use crate::ui::screens::list::ListScreen;
use crate::ui::screens::overview::OverviewState;
use crate::ui::screens::plans::PlansScreen;
use crate::ui::theme;
use crate::workbook::plans::{default_plan_year, plan_bars};
use crate::workbook::{ReadOnlyReason, Workbook, WorkbookError};
use jobs::{Job, JobDone};
use present::Capture;
use records::UndoStep;
use settings::{Folders, Settings};
use status::Status;

fn same_path(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

fn display_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| shown_path(path))
}

fn clock() -> String {
    jiff::Zoned::now().strftime("%H:%M").to_string()
}

/// How the window starts (from the command line).
#[derive(Debug, Clone, Default)]
pub struct StartOptions {
    pub file: Option<PathBuf>,
    pub sample: bool,
    pub read_only: bool,
    pub lang: Option<Lang>,
    /// Where settings, the default workbook and sample copies live.
    pub folders: Option<Folders>,
}

pub struct App {
    lang: Lang,
    folders: Folders,
    settings: Settings,
    wb: Option<Workbook>,
    data: Option<Data>,
    screen: Screen,
    overview: OverviewState,
    /// The list screens, in the order of [`RecordKind::ALL`].
    lists: [ListScreen; 4],
    /// Dialogs in front of the screen, the newest last (it has the keys).
    dialogs: Vec<Dialog>,
    status: Option<Status>,
    undo: Vec<UndoStep>,
    commands: Vec<Command>,
    title: String,
    filter_cache: Option<FilterChoices>,
    presenting: Option<ChartId>,
    capture: Option<Capture>,
    /// Long work running in the background (one at a time).
    job: Option<Job>,
    /// A drop-down or menu was open when this frame began (its keys are its own).
    popup_was_open: bool,
    plans: plans::PlansCache,
    plans_screen: PlansScreen,
    /// The server's login of the last sync, kept in memory only.
    sync_login: Option<crate::server::sync::Login>,
    /// A sync waiting for the officer's answers in the merge dialog.
    sync_waiting: Option<sync::SyncWaiting>,
    /// The status line's sync figures, counted in the background.
    sync_line: sync::SyncLineCache,
}

/// What the filters offer, found once per change of the data.
struct FilterChoices {
    generation: u64,
    years: Option<(i32, i32)>,
    places: Vec<String>,
}

fn fresh_lists() -> [ListScreen; 4] {
    RecordKind::LISTED.map(ListScreen::new)
}

impl App {
    pub fn new(options: StartOptions) -> App {
        let folders = options
            .folders
            .clone()
            .or_else(Folders::from_env)
            .unwrap_or_else(|| Folders::under(Path::new(".khuyencong")));
        let settings = Settings::load(&folders.settings_file());
        let lang = options.lang.unwrap_or(settings.lang);
        let mut app = App {
            lang,
            folders,
            settings,
            wb: None,
            data: None,
            screen: Screen::Overview,
            overview: OverviewState::default(),
            lists: fresh_lists(),
            dialogs: Vec::new(),
            status: None,
            undo: Vec::new(),
            commands: Vec::new(),
            title: String::new(),
            filter_cache: None,
            presenting: None,
            capture: None,
            job: None,
            popup_was_open: false,
            plans: Default::default(),
            plans_screen: PlansScreen::default(),
            sync_login: None,
            sync_waiting: None,
            sync_line: Default::default(),
        };
        if options.sample {
            app.open_sample();
        } else {
            let path = match options.file {
                Some(path) => path,
                None => {
                    let path = app.folders.default_workbook();
                    if !path.exists()
                        && let Err(e) = Workbook::create(&path, "", crate::domain::places::DEFAULT_PROVINCE)
                    {
                        app.refuse(e);
                        return app;
                    }
                    path
                }
            };
            app.open(&path, options.read_only);
        }
        app
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    pub fn workbook(&self) -> Option<&Workbook> {
        self.wb.as_ref()
    }

    pub fn screen(&self) -> Screen {
        self.screen
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The message dialog's text, if one is shown (for tests and the status line).
    /// True while background work (an export, a merge) runs.
    pub fn job_running(&self) -> bool {
        self.job.is_some()
    }

    /// Queues a command as if a control had been used.
    pub fn push(&mut self, command: Command) {
        self.commands.push(command);
    }

    fn read_only_reason(&self) -> Option<&'static str> {
        match self.wb.as_ref()?.read_only()? {
            ReadOnlyReason::Requested => Some(tr(
                self.lang,
                "Sổ đang mở chỉ đọc theo yêu cầu. Dùng Tệp → Lưu thành… để có bản sửa được.",
                "The workbook was opened read-only. Use File → Save as… to make an editable copy.",
            )),
            ReadOnlyReason::NoPermission => Some(tr(
                self.lang,
                "Tệp không cho phép ghi (chỉ đọc, đĩa chỉ đọc hoặc không có quyền). Dùng Tệp → Lưu thành… để có bản sửa được.",
                "The file cannot be written (read-only file or medium, or no permission). Use File → Save as… to make an editable copy.",
            )),
        }
    }

    fn refuse(&mut self, e: WorkbookError) {
        self.open_dialog(Dialog::message(e.message(self.lang)));
    }

    fn save_settings(&mut self) {
        // Settings are a convenience: failing to write them must not stop work.
        let _ = self.settings.save(&self.folders.settings_file());
    }

    /// Takes in what a finished background job did.
    fn poll_job(&mut self, ctx: &egui::Context) {
        let Some(job) = &mut self.job else { return };
        let Some(result) = job.finished() else {
            // Keep the progress bar moving while the thread works.
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
            return;
        };
        let cancelled = job.cancelled();
        self.job = None;
        match result {
            Ok(JobDone::Exported(path)) => self.status = Some(Status::Exported(path)),
            Ok(JobDone::WorkbookChanged(what)) => {
                self.reload();
                self.status = Some(what);
            }
            Ok(JobDone::MergePlanned(plan)) => self.show_merge_plan(*plan),
            Ok(JobDone::SyncPlanned(waiting)) => {
                let (pulled, login) = *waiting;
                self.show_sync_plan(pulled, login);
            }
            Err(_) if cancelled => self.status = Some(Status::Cancelled),
            Err(message) => self.open_dialog(Dialog::message(message)),
        }
    }

    fn window_title(&self) -> String {
        let app = tr(self.lang, "Sổ khuyến công", "Industrial extension workbook");
        match &self.wb {
            None => app.to_string(),
            Some(wb) => {
                let file =
                    wb.path().file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
                let office = &wb.info().office_name;
                let ro = if wb.read_only().is_some() {
                    tr(self.lang, " (chỉ đọc)", " (read-only)")
                } else {
                    ""
                };
                let province = &wb.info().province;
                match (office.is_empty(), province.is_empty()) {
                    (true, _) => format!("{file}{ro} — {app}"),
                    (false, true) => format!("{file}{ro} — {office} — {app}"),
                    (false, false) => format!("{file}{ro} — {office}, {province} — {app}"),
                }
            }
        }
    }

    /// Draws the whole window for one frame and carries out what was asked.
    pub fn show(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        // Known before anything is drawn: egui closes a drop-down on Esc during the frame.
        self.popup_was_open = egui::Popup::is_any_open(&ctx);
        self.poll_job(&ctx);
        self.shortcuts(&ctx);
        let title = self.window_title();
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
        self.poll_data(&ctx);
        self.update_plans();
        self.update_caches(&ctx);
        if self.presenting.is_some() || self.capture.is_some() {
            self.show_chart_alone(ui, &ctx);
            self.draw_dialogs(&ctx);
            self.run_commands(&ctx);
            return;
        }
        egui::Panel::top("menu").show(ui, |ui| self.menu(ui));
        if let Some(reason) = self.read_only_reason() {
            egui::Panel::top("read-only-banner")
                .frame(egui::Frame::new().fill(theme::BANNER).inner_margin(6.0))
                .show(ui, |ui| {
                    ui.label(RichText::new(reason).color(theme::BANNER_TEXT));
                });
        }
        egui::Panel::bottom("status").show(ui, |ui| self.status_bar(ui));
        if self.wb.is_some() {
            egui::Panel::left("navigation")
                .resizable(false)
                .exact_size(170.0)
                .show(ui, |ui| self.navigation(ui));
        }
        egui::CentralPanel::default_margins().show(ui, |ui| self.central(ui));
        self.draw_dialogs(&ctx);
        self.run_commands(&ctx);
    }

    /// Takes a large workbook's records once read on their thread.
    fn poll_data(&mut self, ctx: &egui::Context) {
        let (Some(data), Some(wb)) = (&mut self.data, &self.wb) else { return };
        if !data.is_loading() {
            return;
        }
        if let Err(e) = data.poll(wb) {
            self.open_dialog(Dialog::message(e.message(self.lang)));
        } else if data.is_loading() {
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        }
    }

    fn update_caches(&mut self, ctx: &egui::Context) {
        if let Some(generation) = self.data.as_ref().map(|d| d.generation) {
            self.update_sync_line(generation, ctx);
        }
        let (Some(data), Some(wb)) = (&self.data, &self.wb) else { return };
        if self.filter_cache.as_ref().map(|c| c.generation) != Some(data.generation) {
            let years = wb.year_span().ok().flatten();
            self.filter_cache =
                Some(FilterChoices { generation: data.generation, years, places: data.places() });
        }
        let charts_shown =
            self.screen == Screen::Overview || self.presenting.is_some() || self.capture.is_some();
        if charts_shown {
            self.overview.choose_range(self.filter_cache.as_ref().and_then(|c| c.years));
            let key = (data.generation, self.overview.filter.clone());
            let recomputed = self.overview.computed_for.as_ref() != Some(&key);
            if recomputed {
                let f = &self.overview.filter;
                // Counted from the lists in memory (milliseconds); none while they are read.
                self.overview.summary = data.summary(f.from, f.to);
                self.overview.charts = data.chart_data(f);
                self.overview.computed_for = Some(key);
            }
            let f = &self.overview.filter;
            let this_year = jiff::Zoned::now().year() as i32;
            let year = self
                .overview
                .plan_year
                .or_else(|| default_plan_year(&self.plans.list, f.from, f.to, this_year));
            if let Some(charts) = &mut self.overview.charts
                && (recomputed || charts.plan_year != year)
            {
                charts.plan_year = year;
                charts.plan = year.map(|y| plan_bars(&self.plans.list, y)).unwrap_or_default();
            }
        }
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }
}

/// Opens the window.
pub fn run(options: StartOptions) -> eframe::Result {
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("Sổ khuyến công")
        .with_app_id("khuyencong")
        .with_inner_size([1280.0, 800.0])
        .with_min_inner_size([900.0, 560.0]);
    if let Some(icon) = icon::window_icon() {
        viewport = viewport.with_icon(icon);
    }
    let native = eframe::NativeOptions { viewport, renderer: eframe::Renderer::Glow, ..Default::default() };
    eframe::run_native(
        "Sổ khuyến công",
        native,
        Box::new(move |cc| {
            crate::ui::install(&cc.egui_ctx);
            Ok(Box::new(App::new(options)))
        }),
    )
}
