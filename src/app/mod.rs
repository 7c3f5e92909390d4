//! The application: what is open, what is shown, and the commands that
//! change them. Screens draw and push [`Command`]s; they are carried out at
//! the end of the frame, so nothing is changed in the middle of drawing.

mod exchange;
pub mod jobs;
mod recovery;
pub use recovery::open_file;
pub mod settings;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use egui::{Align, Layout, RichText, Ui};

use crate::command::{ChartFile, ChartId, Command, FilePurpose, Screen};
use crate::domain::text::shown_path;
use crate::domain::{AnyRecord, DesignSupport, Facility, Project, RecordKind, Training};
use crate::exchange::export::{export_csv, export_xlsx};
use crate::i18n::{Lang, tr};
use crate::lists::{Data, ListView};
use crate::report::paragraph::report_paragraph;
use crate::ui::dialogs::form::{FacilityChoice, FormAction, FormState};
use crate::ui::dialogs::import::ImportDialog;
use crate::ui::dialogs::merge::MergeDialog;
use crate::ui::dialogs::report::ReportDialog;
use crate::ui::dialogs::{Dialog, FileDialog};
use crate::ui::screens::facilities::FacilityDetail;
use crate::ui::screens::list::{self, ListContext};
use crate::ui::screens::overview::{self, OverviewState};
use crate::ui::screens::welcome;
use crate::ui::theme;
use crate::workbook::sample::create_sample;
use crate::workbook::{OpenMode, ReadOnlyReason, Workbook, WorkbookError};
use jobs::{Job, JobDone};
use settings::{Folders, Settings};

/// Where a chart picture goes once the window has been captured.
#[derive(Debug, Clone, PartialEq)]
enum CaptureTarget {
    File(PathBuf),
    Clipboard,
}

/// A chart being photographed: drawn alone across the window (a size that
/// suits a slide), captured by the renderer, then cropped to the chart.
struct Capture {
    chart: ChartId,
    target: CaptureTarget,
    image: Arc<Mutex<Option<Arc<egui::ColorImage>>>>,
    rect: Option<egui::Rect>,
    requested: bool,
    frames: u32,
}

/// Frames to wait for the renderer's picture before giving up (a headless
/// window never sends one).
const CAPTURE_PATIENCE: u32 = 120;

/// What Ctrl+Z takes back.
#[derive(Debug, Clone)]
enum UndoStep {
    /// A new record (and the facility made with it, if any).
    Inserted {
        kind: RecordKind,
        id: String,
        facility: Option<String>,
    },
    Updated {
        id: String,
        before: AnyRecord,
    },
    Deleted {
        kind: RecordKind,
        id: String,
    },
}

/// The line at the bottom of the window.
#[derive(Debug, Clone, PartialEq)]
enum Status {
    Saved(String),
    Deleted(String),
    Undone(String),
    NothingToUndo,
    Opened(String),
    /// Opened, after rolling back a save that had been cut off.
    Recovered(String),
    ChartSaved(String),
    ChartCopied,
    Exported(String),
    ReportCopied,
    Cancelled,
    /// What an import, a merge or its undo did.
    Imported(String),
}

impl Status {
    fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (Status::Saved(t), Lang::Vi) => format!("Đã lưu lúc {t}"),
            (Status::Saved(t), Lang::En) => format!("Saved at {t}"),
            (Status::Deleted(t), Lang::Vi) => format!("Đã xóa lúc {t} (Ctrl+Z để hoàn tác)"),
            (Status::Deleted(t), Lang::En) => format!("Deleted at {t} (Ctrl+Z to undo)"),
            (Status::Undone(t), Lang::Vi) => format!("Đã hoàn tác lúc {t}"),
            (Status::Undone(t), Lang::En) => format!("Undone at {t}"),
            (Status::NothingToUndo, Lang::Vi) => "Không còn thao tác nào để hoàn tác.".into(),
            (Status::NothingToUndo, Lang::En) => "Nothing left to undo.".into(),
            (Status::Opened(p), Lang::Vi) => format!("Đã mở {p}"),
            (Status::Opened(p), Lang::En) => format!("Opened {p}"),
            (Status::Recovered(p), lang) => format!(
                "{} {p}. {}",
                tr(lang, "Đã mở", "Opened"),
                crate::workbook::recovery::recovered_notice(lang)
            ),
            (Status::ChartSaved(p), Lang::Vi) => format!("Đã lưu ảnh biểu đồ: {p}"),
            (Status::ChartSaved(p), Lang::En) => format!("Chart picture saved: {p}"),
            (Status::ChartCopied, Lang::Vi) => {
                "Đã chép ảnh biểu đồ; dán (Ctrl+V) vào Word hoặc PowerPoint.".into()
            }
            (Status::ChartCopied, Lang::En) => {
                "Chart picture copied; paste it (Ctrl+V) into Word or PowerPoint.".into()
            }
            (Status::Exported(p), Lang::Vi) => format!("Đã xuất: {p}"),
            (Status::Exported(p), Lang::En) => format!("Exported: {p}"),
            (Status::ReportCopied, Lang::Vi) => "Đã chép đoạn văn báo cáo; dán (Ctrl+V) vào văn bản.".into(),
            (Status::ReportCopied, Lang::En) => {
                "Report paragraph copied; paste it (Ctrl+V) into your document.".into()
            }
            (Status::Cancelled, Lang::Vi) => "Đã hủy; không có tệp nào bị thay đổi.".into(),
            (Status::Cancelled, Lang::En) => "Cancelled; no file was changed.".into(),
            (Status::Imported(text), _) => text.clone(),
        }
    }
}

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
    views: [ListView; 4],
    overview: OverviewState,
    facility_detail: FacilityDetail,
    form: Option<FormState>,
    dialog: Option<Dialog>,
    status: Option<Status>,
    undo: Vec<UndoStep>,
    commands: Vec<Command>,
    title: String,
    filter_cache: Option<FilterChoices>,
    presenting: Option<ChartId>,
    capture: Option<Capture>,
    /// Long work running in the background (one at a time).
    job: Option<Job>,
    import: Option<Box<ImportDialog>>,
    merge: Option<Box<MergeDialog>>,
}

/// What the filters offer, found once per change of the data.
struct FilterChoices {
    generation: u64,
    years: Option<(i32, i32)>,
    places: Vec<String>,
}

fn fresh_views() -> [ListView; 4] {
    [ListView::new(0, true), ListView::new(0, false), ListView::new(0, false), ListView::new(0, false)]
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
            views: fresh_views(),
            overview: OverviewState::default(),
            facility_detail: FacilityDetail::default(),
            form: None,
            dialog: None,
            status: None,
            undo: Vec::new(),
            commands: Vec::new(),
            title: String::new(),
            filter_cache: None,
            presenting: None,
            capture: None,
            job: None,
            import: None,
            merge: None,
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

    pub fn message(&self) -> Option<&str> {
        match &self.dialog {
            Some(Dialog::Message(text) | Dialog::Interrupted { text, .. }) => Some(text),
            _ => None,
        }
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
        self.dialog = Some(Dialog::Message(e.message(self.lang)));
    }

    fn save_settings(&mut self) {
        // Settings are a convenience: failing to write them must not stop work.
        let _ = self.settings.save(&self.folders.settings_file());
    }

    fn open_sample(&mut self) {
        let path = self.folders.new_sample_copy();
        match create_sample(&path) {
            Ok(wb) => self.install(wb),
            Err(e) => self.refuse(e),
        }
    }

    /// Makes `wb` the open workbook (the previous one closes).
    fn install(&mut self, wb: Workbook) {
        // A large workbook's lists are read on another thread; the window shows meanwhile.
        match Data::open(&wb) {
            Ok(data) => {
                self.settings.remember(wb.path());
                self.save_settings();
                let name =
                    wb.path().file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                self.status = Some(Status::Opened(name));
                self.data = Some(data);
                self.wb = Some(wb);
                self.views = fresh_views();
                self.overview = OverviewState::default();
                self.facility_detail = FacilityDetail::default();
                self.form = None;
                self.dialog = None;
                self.undo.clear();
                self.filter_cache = None;
            }
            Err(e) => self.refuse(e),
        }
    }

    fn refresh(&mut self, kind: RecordKind, id: &str) {
        if let (Some(wb), Some(data)) = (&self.wb, &mut self.data)
            && let Err(e) = data.refresh(wb, kind, id)
        {
            self.dialog = Some(Dialog::Message(e.message(self.lang)));
        }
    }

    fn record(&self, kind: RecordKind, id: &str) -> Option<AnyRecord> {
        self.data.as_ref()?.record(kind, id)
    }

    fn record_title(&self, kind: RecordKind, id: &str) -> String {
        self.record(kind, id).map(|r| r.title().to_string()).unwrap_or_default()
    }

    /// Carries out the queued commands.
    pub fn run_commands(&mut self, ctx: &egui::Context) {
        while !self.commands.is_empty() {
            let command = self.commands.remove(0);
            self.execute(command, ctx);
        }
    }

    fn execute(&mut self, command: Command, ctx: &egui::Context) {
        // A background job reads or writes the open file through its own
        // connection: the workbook must not change under it.
        let switches_workbook = matches!(
            command,
            Command::CreateWorkbook { .. }
                | Command::OpenWorkbook { .. }
                | Command::OpenSample
                | Command::SaveAs(_)
                | Command::RecoverCopy { .. }
                | Command::CloseWorkbook
                | Command::Quit
        );
        if switches_workbook && self.job.is_some() {
            self.dialog = Some(Dialog::Message(
                tr(
                    self.lang,
                    "Đang xuất hoặc gộp sổ. Hãy chờ xong (hoặc bấm Hủy ở thanh trạng thái) rồi làm lại.",
                    "An export or merge is running. Wait for it to finish (or press Cancel in the status line), then try again.",
                )
                .to_string(),
            ));
            return;
        }
        match command {
            Command::Show(screen) => self.screen = screen,
            Command::SetLang(lang) => {
                self.lang = lang;
                self.settings.lang = lang;
                self.save_settings();
            }
            Command::AskFile(purpose) => {
                let path = match purpose {
                    FilePurpose::New => self.folders.new_workbook_name().display().to_string(),
                    FilePurpose::Open => String::new(),
                    FilePurpose::SaveAs => self
                        .wb
                        .as_ref()
                        .map(|wb| {
                            let p = wb.path();
                            let stem =
                                p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
                            p.with_file_name(format!("{stem}-ban-sao.db")).display().to_string()
                        })
                        .unwrap_or_default(),
                    FilePurpose::ExportWorkbook => self.export_path("xlsx"),
                    FilePurpose::ExportCsv(kind) => self.export_path(&format!("{}.csv", kind.cli_name())),
                    FilePurpose::Template(kind) => self
                        .folders
                        .data
                        .join(crate::exchange::template::default_file_name(kind))
                        .display()
                        .to_string(),
                    FilePurpose::RejectedRows => self
                        .import
                        .as_ref()
                        .map(|i| {
                            let stem = i
                                .path
                                .file_stem()
                                .map(|s| s.to_string_lossy().into_owned())
                                .unwrap_or_default();
                            i.path.with_file_name(format!("{stem}-dong-loi.xlsx")).display().to_string()
                        })
                        .unwrap_or_default(),
                    FilePurpose::Import(_) | FilePurpose::Merge | FilePurpose::RecoverCopy => String::new(),
                    FilePurpose::Chart(chart, what) => {
                        let ext = match what {
                            ChartFile::Image => "png",
                            ChartFile::Numbers => "xlsx",
                        };
                        self.folders
                            .data
                            .join(format!("bieu-do-{}.{ext}", chart.slug()))
                            .display()
                            .to_string()
                    }
                };
                self.dialog = Some(Dialog::File(FileDialog {
                    purpose,
                    path,
                    office: String::new(),
                    read_only: false,
                    focused: false,
                    source: None,
                }));
            }
            Command::CloseDialog => self.dialog = None,
            Command::CreateWorkbook { path, office } => {
                match Workbook::create(&path, &office, crate::domain::places::DEFAULT_PROVINCE) {
                    Ok(wb) => self.install(wb),
                    Err(e) => self.refuse(e),
                }
            }
            Command::OpenWorkbook { path, read_only } => {
                // Opening the open file again would only lose its undo steps
                // (and a second handle can drop SQLite's locks on it).
                let already_open =
                    self.wb.as_ref().is_some_and(|wb| same_path(wb.path(), &path)) && !read_only;
                if already_open {
                    self.dialog = None;
                } else {
                    self.open(&path, read_only);
                }
            }
            Command::OpenSample => self.open_sample(),
            Command::AskRecoverCopy(source) => self.ask_recover_copy(source),
            Command::RecoverCopy { source, dest } => self.recover_copy(&source, &dest),
            Command::SaveAs(path) => {
                if let Some(wb) = &mut self.wb {
                    match wb.save_as(&path) {
                        Ok(()) => {
                            self.settings.remember(&path);
                            self.save_settings();
                            self.dialog = None;
                            self.status = Some(Status::Saved(clock()));
                        }
                        Err(e) => self.refuse(e),
                    }
                }
            }
            Command::CloseWorkbook => {
                self.wb = None;
                self.data = None;
                self.form = None;
                self.undo.clear();
                self.screen = Screen::Overview;
            }
            Command::NewRecord(kind) => {
                if self.wb.is_some() {
                    self.form = Some(FormState::new(kind));
                }
            }
            Command::EditRecord(kind, id) => {
                if let (Some(record), Some(data)) = (self.record(kind, &id), &self.data) {
                    self.form = Some(FormState::edit(kind, id, record, data));
                }
            }
            Command::SaveForm => self.save_form(),
            Command::CancelForm => self.form = None,
            Command::AskDelete(kind, id) => {
                let title = self.record_title(kind, &id);
                self.dialog = Some(Dialog::ConfirmDelete { kind, id, title });
            }
            Command::Delete(kind, id) => {
                self.dialog = None;
                let Some(wb) = &mut self.wb else { return };
                match wb.delete(kind, &id) {
                    Ok(()) => {
                        self.refresh(kind, &id);
                        self.undo.push(UndoStep::Deleted { kind, id });
                        self.status = Some(Status::Deleted(clock()));
                    }
                    Err(e) => self.refuse(e),
                }
            }
            Command::Undo => self.undo_last(),
            Command::About => {
                if let Some(wb) = &self.wb {
                    self.dialog = Some(Dialog::About {
                        path: shown_path(wb.path()),
                        office: wb.info().office_name.clone(),
                    });
                }
            }
            Command::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            Command::Present(chart) => {
                if self.wb.is_some() {
                    self.presenting = Some(chart);
                    ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(true));
                }
            }
            Command::StopPresenting => {
                self.presenting = None;
                ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(false));
            }
            Command::SaveChartImage(chart, path) => {
                self.dialog = None;
                self.start_capture(chart, CaptureTarget::File(path));
            }
            Command::CopyChartImage(chart) => self.start_capture(chart, CaptureTarget::Clipboard),
            Command::SaveChartData(chart, path) => {
                let Some(data) = &self.overview.charts else { return };
                match chart.table(data, self.lang).write(&path) {
                    Ok(()) => {
                        self.dialog = None;
                        self.status = Some(Status::Exported(shown_path(&path)));
                    }
                    Err(e) => self.dialog = Some(Dialog::Message(e.message(self.lang))),
                }
            }
            Command::ShowReport => {
                let Some(wb) = &self.wb else { return };
                let span = self.filter_cache.as_ref().and_then(|c| c.years).or(wb.year_span().ok().flatten());
                let Some(span) = span else { return };
                let (from, to) = if self.overview.range_chosen {
                    (self.overview.filter.from, self.overview.filter.to)
                } else {
                    span
                };
                let mut report = ReportDialog { from, to, text_lang: self.lang, span, text: String::new() };
                report.text = self.report_text(from, to, self.lang);
                self.dialog = Some(Dialog::Report(report));
            }
            Command::UpdateReport { from, to, lang } => {
                let text = self.report_text(from, to, lang);
                if let Some(Dialog::Report(report)) = &mut self.dialog {
                    report.text = text;
                }
            }
            Command::CopyReport => {
                if let Some(Dialog::Report(report)) = &self.dialog {
                    ctx.copy_text(report.text.clone());
                    self.status = Some(Status::ReportCopied);
                }
            }
            Command::ExportWorkbook(path) => self.start_export(path, None),
            Command::ExportCsv(kind, path) => self.start_export(path, Some(kind)),
            Command::CancelJob => {
                if let Some(job) = &self.job {
                    job.cancel();
                }
            }
            Command::WriteTemplate(kind, path) => self.write_template(kind, &path),
            Command::PreviewImport(kind, path) => self.preview_import(kind, path),
            Command::RefreshImportPreview => self.refresh_import_preview(),
            Command::ApplyImport => self.apply_import(),
            Command::SaveRejected(path) => self.save_rejected(&path),
            Command::CloseImport => self.import = None,
            Command::PlanMerge(path) => self.plan_merge(&path),
            Command::ApplyMerge => self.apply_merge(),
            Command::CloseMerge => self.merge = None,
            Command::ShowMergeLog => self.show_merge_log(),
            Command::UndoMerge => self.undo_merge(),
        }
    }

    /// A default file name for an export, beside the other files of the office.
    fn export_path(&self, suffix: &str) -> String {
        let stem = self
            .wb
            .as_ref()
            .and_then(|wb| wb.path().file_stem())
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "so-khuyen-cong".into());
        self.folders.data.join(format!("{stem}-{suffix}")).display().to_string()
    }

    /// The report paragraph; a failed query is said in the text itself.
    fn report_text(&self, from: i32, to: i32, lang: Lang) -> String {
        let Some(wb) = &self.wb else { return String::new() };
        match wb.summary(Some(from), Some(to)) {
            Ok(summary) => report_paragraph(&summary, &wb.info().office_name, lang),
            Err(e) => e.message(lang),
        }
    }

    /// Exports in a background thread with its own read-only connection, so
    /// a large workbook does not freeze the window.
    fn start_export(&mut self, path: PathBuf, kind: Option<RecordKind>) {
        let Some(wb) = &self.wb else { return };
        if self.job.is_some() {
            return;
        }
        self.dialog = None;
        let source = wb.path().to_path_buf();
        let lang = self.lang;
        let label = match lang {
            Lang::Vi => format!("Đang xuất {}…", display_name(&path)),
            Lang::En => format!("Exporting {}…", display_name(&path)),
        };
        self.job = Some(Job::spawn(
            label,
            Box::new(move |progress| {
                let wb = Workbook::open(&source, OpenMode::ReadOnly).map_err(|e| e.message(lang))?;
                let result = match kind {
                    None => export_xlsx(&wb, &path, progress),
                    Some(kind) => export_csv(&wb, kind, &path),
                };
                result.map(|_| JobDone::Exported(shown_path(&path))).map_err(|e| e.message(lang))
            }),
        ));
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
                self.status = Some(Status::Opened(what));
            }
            Ok(JobDone::MergePlanned(plan)) => self.show_merge_plan(*plan),
            Err(_) if cancelled => self.status = Some(Status::Cancelled),
            Err(message) => self.dialog = Some(Dialog::Message(message)),
        }
    }

    /// Reads every list again after the file was changed outside the forms.
    fn reload(&mut self) {
        let Some(wb) = &self.wb else { return };
        match Data::open(wb) {
            Ok(data) => {
                self.data = Some(data);
                self.filter_cache = None;
                self.overview.computed_for = None;
                self.undo.clear();
            }
            Err(e) => self.dialog = Some(Dialog::Message(e.message(self.lang))),
        }
    }

    /// Saves the open form: the record and, if typed there, its new facility,
    /// in one transaction.
    fn save_form(&mut self) {
        let Some(form) = &self.form else { return };
        let Some(wb) = &mut self.wb else { return };
        let new_facility = match form.build_new_facility() {
            Some(checked) => match checked.record {
                Some(f) => Some(f),
                None => return,
            },
            None => None,
        };
        if form.facility == FacilityChoice::None && form.kind == RecordKind::Design {
            return;
        }
        let result = wb.write(|w| {
            let facility_id = match (&form.facility, &new_facility) {
                (FacilityChoice::Existing(id), _) => Some(id.clone()),
                (FacilityChoice::New, Some(f)) => Some(w.insert(f)?),
                _ => None,
            };
            let checked = form.build(facility_id.clone());
            let Some(record) = checked.record else {
                return Err(WorkbookError::Invalid(checked.issues));
            };
            let id = match &form.id {
                Some(id) => w.update_any(id, &record).map(|_| id.clone())?,
                None => w.insert_any(&record)?,
            };
            let made_facility = if new_facility.is_some() { facility_id } else { None };
            Ok((id, made_facility))
        });
        match result {
            Ok((id, made_facility)) => {
                let kind = form.kind;
                let step = match (&form.original, form.id.is_some()) {
                    (Some(before), true) => UndoStep::Updated { id: id.clone(), before: before.clone() },
                    _ => UndoStep::Inserted { kind, id: id.clone(), facility: made_facility.clone() },
                };
                self.form = None;
                if let Some(fid) = &made_facility {
                    self.refresh(RecordKind::Facility, fid);
                }
                self.refresh(kind, &id);
                self.undo.push(step);
                self.views[kind.index()].selected = Some(id);
                self.status = Some(Status::Saved(clock()));
            }
            Err(e) => self.refuse(e),
        }
    }

    fn undo_last(&mut self) {
        let Some(step) = self.undo.pop() else {
            self.status = Some(Status::NothingToUndo);
            return;
        };
        let Some(wb) = &mut self.wb else { return };
        let result = match &step {
            UndoStep::Inserted { kind, id, facility } => wb.write(|w| {
                w.delete(*kind, id)?;
                if let Some(fid) = facility {
                    w.delete(RecordKind::Facility, fid)?;
                }
                Ok(())
            }),
            UndoStep::Updated { id, before } => wb.update_any(id, before),
            UndoStep::Deleted { kind, id } => wb.restore(*kind, id),
        };
        match result {
            Ok(()) => {
                match &step {
                    UndoStep::Inserted { kind, id, facility } => {
                        self.refresh(*kind, id);
                        if let Some(fid) = facility {
                            self.refresh(RecordKind::Facility, fid);
                        }
                    }
                    UndoStep::Updated { id, before } => self.refresh(before.kind(), id),
                    UndoStep::Deleted { kind, id } => self.refresh(*kind, id),
                }
                self.status = Some(Status::Undone(clock()));
            }
            Err(e) => self.refuse(e),
        }
    }

    fn shortcuts(&mut self, ctx: &egui::Context) {
        use egui::{Key, KeyboardShortcut, Modifiers};
        let modal = self.form.is_some() || self.dialog.is_some();
        let typing = ctx.memory(|m| m.focused().is_some());
        ctx.input_mut(|i| {
            if i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, Key::S)) {
                if self.wb.is_some() {
                    self.commands.push(Command::AskFile(FilePurpose::SaveAs));
                }
            } else if i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::N)) {
                self.commands.push(Command::AskFile(FilePurpose::New));
            } else if i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::O)) {
                self.commands.push(Command::AskFile(FilePurpose::Open));
            } else if i.consume_key(Modifiers::NONE, Key::F11) {
                self.commands.push(match self.presenting {
                    Some(_) => Command::StopPresenting,
                    None => Command::Present(ChartId::Funding),
                });
            } else if !modal
                && !typing
                && i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::Z))
            {
                // In a text field, Ctrl+Z undoes typing instead.
                self.commands.push(Command::Undo);
            }
        });
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
                if office.is_empty() {
                    format!("{file}{ro} — {app}")
                } else {
                    format!("{file}{ro} — {office} — {app}")
                }
            }
        }
    }

    /// Draws the whole window for one frame and carries out what was asked.
    pub fn show(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        self.poll_job(&ctx);
        self.shortcuts(&ctx);
        let title = self.window_title();
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
        self.poll_data(&ctx);
        self.update_caches();
        if self.presenting.is_some() || self.capture.is_some() {
            self.show_chart_alone(ui, &ctx);
            self.modals(&ctx);
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
        self.modals(&ctx);
        self.run_commands(&ctx);
    }

    /// Takes a large workbook's records once read on their thread.
    fn poll_data(&mut self, ctx: &egui::Context) {
        let (Some(data), Some(wb)) = (&mut self.data, &self.wb) else { return };
        if !data.is_loading() {
            return;
        }
        if let Err(e) = data.poll(wb) {
            self.dialog = Some(Dialog::Message(e.message(self.lang)));
        } else if data.is_loading() {
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        }
    }

    fn update_caches(&mut self) {
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
            if self.overview.computed_for.as_ref() != Some(&key) {
                let f = &self.overview.filter;
                // Counted from the lists in memory (milliseconds); none while they are read.
                self.overview.summary = data.summary(f.from, f.to);
                self.overview.charts = data.chart_data(f);
                self.overview.computed_for = Some(key);
            }
        }
    }

    fn start_capture(&mut self, chart: ChartId, target: CaptureTarget) {
        if self.overview.charts.is_some() {
            self.capture = Some(Capture {
                chart,
                target,
                image: Arc::new(Mutex::new(None)),
                rect: None,
                requested: false,
                frames: 0,
            });
        }
    }

    /// One chart across the window: presentation mode, or a chart being photographed.
    fn show_chart_alone(&mut self, ui: &mut Ui, ctx: &egui::Context) {
        let lang = self.lang;
        let chart = match (&self.capture, self.presenting) {
            (Some(c), _) => c.chart,
            (None, Some(c)) => c,
            (None, None) => return,
        };
        let presenting = self.capture.is_none();
        if presenting {
            let (next, previous, escape) = ctx.input(|i| {
                (
                    i.key_pressed(egui::Key::ArrowRight) || i.key_pressed(egui::Key::PageDown),
                    i.key_pressed(egui::Key::ArrowLeft) || i.key_pressed(egui::Key::PageUp),
                    i.key_pressed(egui::Key::Escape),
                )
            });
            let index = ChartId::ALL.iter().position(|c| *c == chart).unwrap_or(0);
            let n = ChartId::ALL.len();
            if next {
                self.presenting = Some(ChartId::ALL[(index + 1) % n]);
            } else if previous {
                self.presenting = Some(ChartId::ALL[(index + n - 1) % n]);
            }
            if escape {
                self.commands.push(Command::StopPresenting);
            }
        }
        let frame = egui::Frame::new().fill(egui::Color32::WHITE).inner_margin(28.0);
        let response = egui::CentralPanel::default_margins().frame(frame).show(ui, |ui| {
            let Some(data) = &self.overview.charts else { return };
            let f = &self.overview.filter;
            ui.label(RichText::new(chart.title(lang)).font(theme::bold(30.0)).color(egui::Color32::BLACK));
            let range = match lang {
                Lang::Vi => format!("Giai đoạn {}–{}", f.from, f.to),
                Lang::En => format!("{}–{}", f.from, f.to),
            };
            ui.label(
                RichText::new(format!("{range} · {}", chart.key_figure(data, lang)))
                    .size(22.0)
                    .color(egui::Color32::from_gray(40)),
            );
            ui.add_space(12.0);
            let footer = if presenting { 44.0 } else { 0.0 };
            let height = (ui.available_height() - footer).max(200.0);
            ui.scope(|ui| {
                ui.style_mut().override_text_style = Some(egui::TextStyle::Heading);
                chart.draw(ui, data, lang, height, "alone", !presenting);
            });
            if presenting {
                ui.horizontal(|ui| {
                    if ui.button(tr(lang, "◄ Trước", "◄ Previous")).clicked() {
                        let i = ChartId::ALL.iter().position(|c| *c == chart).unwrap_or(0);
                        self.presenting =
                            Some(ChartId::ALL[(i + ChartId::ALL.len() - 1) % ChartId::ALL.len()]);
                    }
                    if ui.button(tr(lang, "Sau ►", "Next ►")).clicked() {
                        let i = ChartId::ALL.iter().position(|c| *c == chart).unwrap_or(0);
                        self.presenting = Some(ChartId::ALL[(i + 1) % ChartId::ALL.len()]);
                    }
                    if ui.button(tr(lang, "Thoát trình chiếu (Esc)", "Leave (Esc)")).clicked() {
                        self.commands.push(Command::StopPresenting);
                    }
                    ui.weak(tr(lang, "Phím ← → để chuyển biểu đồ", "Arrow keys move between charts"));
                });
            }
        });
        if let Some(capture) = &mut self.capture {
            capture.rect = Some(response.response.rect);
            self.advance_capture(ctx);
        }
    }

    /// Asks the renderer for a picture once the chart has been drawn alone,
    /// then crops it and saves or copies it.
    fn advance_capture(&mut self, ctx: &egui::Context) {
        let Some(capture) = &mut self.capture else { return };
        capture.frames += 1;
        if !capture.requested && capture.frames >= 2 {
            let slot = capture.image.clone();
            ctx.request_screenshot(move |image| {
                if let Ok(mut s) = slot.lock() {
                    *s = Some(image);
                }
            });
            capture.requested = true;
        }
        ctx.request_repaint();
        let image = capture.image.lock().ok().and_then(|mut s| s.take());
        let Some(image) = image else {
            if capture.frames > CAPTURE_PATIENCE {
                self.capture = None;
                self.dialog = Some(Dialog::Message(
                    tr(
                        self.lang,
                        "Không chụp được ảnh biểu đồ trên máy này. Hãy dùng \"Xuất số liệu\" hoặc phím Print Screen.",
                        "The chart could not be captured on this computer. Use \"Export numbers\" or the Print Screen key.",
                    )
                    .to_string(),
                ));
            }
            return;
        };
        let rect = capture.rect.unwrap_or(egui::Rect::EVERYTHING);
        let picture = image.region(&rect, Some(ctx.pixels_per_point()));
        let target = capture.target.clone();
        self.capture = None;
        match target {
            CaptureTarget::Clipboard => {
                ctx.copy_image(picture);
                self.status = Some(Status::ChartCopied);
            }
            CaptureTarget::File(path) => {
                let [w, h] = picture.size;
                let rgba: Vec<u8> = picture.pixels.iter().flat_map(|c| c.to_array()).collect();
                match crate::exchange::chart_table::write_png(&path, w as u32, h as u32, &rgba) {
                    Ok(()) => self.status = Some(Status::ChartSaved(shown_path(&path))),
                    Err(e) => self.dialog = Some(Dialog::Message(e.message(self.lang))),
                }
            }
        }
    }

    fn menu(&mut self, ui: &mut Ui) {
        let lang = self.lang;
        let open = self.wb.is_some();
        let read_only = self.read_only_reason();
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button(tr(lang, "Tệp", "File"), |ui| {
                if ui
                    .add(egui::Button::new(tr(lang, "Sổ mới…", "New workbook…")).shortcut_text("Ctrl+N"))
                    .clicked()
                {
                    self.commands.push(Command::AskFile(FilePurpose::New));
                }
                if ui.add(egui::Button::new(tr(lang, "Mở sổ…", "Open…")).shortcut_text("Ctrl+O")).clicked()
                {
                    self.commands.push(Command::AskFile(FilePurpose::Open));
                }
                ui.menu_button(tr(lang, "Mở gần đây", "Open recent"), |ui| {
                    if self.settings.recent.is_empty() {
                        ui.weak(tr(lang, "(chưa có)", "(none yet)"));
                    }
                    for path in &self.settings.recent {
                        if ui.button(shown_path(path)).clicked() {
                            self.commands
                                .push(Command::OpenWorkbook { path: path.clone(), read_only: false });
                        }
                    }
                });
                if ui.button(tr(lang, "Mở sổ mẫu 2014–2023", "Open the 2014–2023 sample")).clicked()
                {
                    self.commands.push(Command::OpenSample);
                }
                ui.separator();
                let save_as = ui.add_enabled(
                    open,
                    egui::Button::new(tr(lang, "Lưu thành…", "Save as…")).shortcut_text("Ctrl+Shift+S"),
                );
                if save_as.clicked() {
                    self.commands.push(Command::AskFile(FilePurpose::SaveAs));
                }
                ui.separator();
                let idle = open && self.job.is_none();
                if ui
                    .add_enabled(idle, egui::Button::new(tr(lang, "Xuất ra Excel…", "Export to Excel…")))
                    .clicked()
                {
                    self.commands.push(Command::AskFile(FilePurpose::ExportWorkbook));
                }
                if let Some(kind) = self.screen.kind() {
                    let text = match lang {
                        Lang::Vi => format!("Xuất {} ra CSV…", kind.plural().vi.to_lowercase()),
                        Lang::En => format!("Export {} to CSV…", kind.plural().en.to_lowercase()),
                    };
                    if ui.add_enabled(idle, egui::Button::new(text)).clicked() {
                        self.commands.push(Command::AskFile(FilePurpose::ExportCsv(kind)));
                    }
                }
                if ui
                    .add_enabled(open, egui::Button::new(tr(lang, "Đoạn văn báo cáo…", "Report paragraph…")))
                    .clicked()
                {
                    self.commands.push(Command::ShowReport);
                }
                ui.separator();
                let writable = open && read_only.is_none() && self.job.is_none();
                ui.add_enabled_ui(writable, |ui| {
                    ui.menu_button(tr(lang, "Nhập từ Excel/CSV", "Import from Excel/CSV"), |ui| {
                        for kind in RecordKind::ALL {
                            if ui.button(format!("{}…", kind.plural().get(lang))).clicked() {
                                self.commands.push(Command::AskFile(FilePurpose::Import(kind)));
                            }
                        }
                    });
                });
                ui.menu_button(tr(lang, "Mẫu nhập Excel", "Excel templates"), |ui| {
                    for kind in RecordKind::ALL {
                        if ui.button(format!("{}…", kind.plural().get(lang))).clicked() {
                            self.commands.push(Command::AskFile(FilePurpose::Template(kind)));
                        }
                    }
                });
                if ui
                    .add_enabled(
                        writable,
                        egui::Button::new(tr(
                            lang,
                            "Gộp sổ của đơn vị khác…",
                            "Merge another office's workbook…",
                        )),
                    )
                    .clicked()
                {
                    self.commands.push(Command::AskFile(FilePurpose::Merge));
                }
                if ui
                    .add_enabled(open, egui::Button::new(tr(lang, "Nhật ký gộp sổ…", "Merge log…")))
                    .clicked()
                {
                    self.commands.push(Command::ShowMergeLog);
                }
                ui.separator();
                if ui.add_enabled(open, egui::Button::new(tr(lang, "Đóng sổ", "Close workbook"))).clicked()
                {
                    self.commands.push(Command::CloseWorkbook);
                }
                ui.separator();
                if ui.button(tr(lang, "Thoát", "Quit")).clicked() {
                    self.commands.push(Command::Quit);
                }
            });
            ui.menu_button(tr(lang, "Sửa", "Edit"), |ui| {
                let undo = ui.add_enabled(
                    open && !self.undo.is_empty() && read_only.is_none(),
                    egui::Button::new(tr(lang, "Hoàn tác", "Undo")).shortcut_text("Ctrl+Z"),
                );
                if undo.clicked() {
                    self.commands.push(Command::Undo);
                }
                if let Some(kind) = self.screen.kind() {
                    let new = ui.add_enabled(
                        open && read_only.is_none(),
                        egui::Button::new(tr(lang, "Thêm mới", "New record")),
                    );
                    if new.clicked() {
                        self.commands.push(Command::NewRecord(kind));
                    }
                }
            });
            ui.menu_button(tr(lang, "Ngôn ngữ", "Language"), |ui| {
                if ui.radio(lang == Lang::Vi, "Tiếng Việt").clicked() {
                    self.commands.push(Command::SetLang(Lang::Vi));
                }
                if ui.radio(lang == Lang::En, "English").clicked() {
                    self.commands.push(Command::SetLang(Lang::En));
                }
            });
            ui.menu_button(tr(lang, "Trợ giúp", "Help"), |ui| {
                if ui.add_enabled(open, egui::Button::new(tr(lang, "Giới thiệu", "About"))).clicked() {
                    self.commands.push(Command::About);
                }
            });
        });
    }

    fn status_bar(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            if let Some(job) = &self.job {
                ui.label(&job.label);
                ui.add(egui::ProgressBar::new(job.progress()).desired_width(220.0).show_percentage());
                let stop =
                    ui.add_enabled(!job.cancelled(), egui::Button::new(tr(self.lang, "Hủy", "Cancel")));
                if stop.clicked() {
                    self.commands.push(Command::CancelJob);
                }
            } else if let Some(status) = &self.status {
                ui.label(status.text(self.lang));
            }
            ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                if let Some(wb) = &self.wb {
                    let office = &wb.info().office_name;
                    let place = if office.is_empty() {
                        shown_path(wb.path())
                    } else {
                        format!("{} — {office}", shown_path(wb.path()))
                    };
                    ui.add(egui::Label::new(RichText::new(place).weak()).truncate());
                    if wb.read_only().is_some() {
                        ui.label(
                            RichText::new(tr(self.lang, "Chỉ đọc", "Read-only"))
                                .color(theme::WARNING)
                                .strong(),
                        );
                    }
                }
            });
        });
    }

    fn navigation(&mut self, ui: &mut Ui) {
        let lang = self.lang;
        ui.add_space(6.0);
        for screen in Screen::ALL {
            let count = self.data.as_ref().filter(|d| !d.is_loading()).and_then(|d| match screen {
                Screen::Overview => None,
                Screen::Facilities => Some(d.facilities.rows.len()),
                Screen::Projects => Some(d.projects.rows.len()),
                Screen::Trainings => Some(d.trainings.rows.len()),
                Screen::Design => Some(d.designs.rows.len()),
            });
            let text = match count {
                Some(n) => {
                    format!("{} ({})", screen.title(lang), crate::domain::number::format_int(n as i64))
                }
                None => screen.title(lang).to_string(),
            };
            let button =
                egui::Button::selectable(self.screen == screen, text).min_size(egui::vec2(155.0, 30.0));
            if ui.add(button).clicked() {
                self.commands.push(Command::Show(screen));
            }
        }
    }

    fn central(&mut self, ui: &mut Ui) {
        let lang = self.lang;
        let (Some(data), Some(_)) = (&self.data, &self.wb) else {
            welcome::show(ui, false, &self.settings.recent, lang, &mut self.commands);
            return;
        };
        let read_only = self.read_only_reason();
        let (years, places) = match &self.filter_cache {
            Some(c) => (c.years, c.places.as_slice()),
            None => (None, &[][..]),
        };
        let modal_open = self.form.is_some() || self.dialog.is_some();
        let mut cx =
            ListContext { data, lang, read_only, years, places, modal_open, commands: &mut self.commands };
        match self.screen {
            Screen::Overview => {
                if data.is_empty() {
                    welcome::show(ui, true, &self.settings.recent, lang, cx.commands);
                } else {
                    overview::show(ui, &mut self.overview, years, places, lang, cx.commands);
                }
            }
            Screen::Facilities => {
                let view = &mut self.views[0];
                egui::Panel::bottom("facility-detail").resizable(true).default_size(200.0).show(ui, |ui| {
                    self.facility_detail.show(ui, data, view.selected.as_deref(), lang, cx.commands);
                });
                list::show(ui, RecordKind::Facility, &data.facilities, view, &mut cx);
            }
            Screen::Projects => {
                list::show(ui, RecordKind::Project, &data.projects, &mut self.views[1], &mut cx)
            }
            Screen::Trainings => {
                list::show(ui, RecordKind::Training, &data.trainings, &mut self.views[2], &mut cx)
            }
            Screen::Design => list::show(ui, RecordKind::Design, &data.designs, &mut self.views[3], &mut cx),
        }
    }

    fn modals(&mut self, ctx: &egui::Context) {
        let lang = self.lang;
        if let (Some(form), Some(data)) = (&mut self.form, &self.data) {
            let read_only = self.wb.as_ref().and_then(|wb| wb.read_only()).map(|_| {
                tr(
                    lang,
                    "Sổ chỉ đọc: không lưu được thay đổi.",
                    "Read-only workbook: changes cannot be saved.",
                )
            });
            // Anchored at the top: the form grows downwards as messages come and
            // go, instead of jumping to stay centred.
            let id = egui::Id::unique("record-form");
            let area = egui::Modal::default_area(id).anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 40.0));
            let response = egui::Modal::new(id).area(area).show(ctx, |ui| {
                ui.set_width(640.0);
                form.ui(ui, data, lang, read_only)
            });
            match response.inner {
                FormAction::Save => self.commands.push(Command::SaveForm),
                FormAction::Cancel => self.commands.push(Command::CancelForm),
                FormAction::None => {}
            }
        }
        if let Some(import) = &mut self.import {
            let id = egui::Id::unique("import-dialog");
            let area = egui::Modal::default_area(id).anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 30.0));
            egui::Modal::new(id).area(area).show(ctx, |ui| {
                ui.set_width(1000.0);
                import.ui(ui, lang, &mut self.commands);
            });
        }
        if let Some(merge) = &mut self.merge {
            let id = egui::Id::unique("merge-dialog");
            let area = egui::Modal::default_area(id).anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 40.0));
            egui::Modal::new(id).area(area).show(ctx, |ui| {
                ui.set_width(760.0);
                merge.ui(ui, lang, &mut self.commands);
            });
        }
        if let Some(job) = self.job.as_ref().filter(|j| j.blocking) {
            // A merge writes to the open workbook: nothing else until it ends.
            egui::Modal::new(egui::Id::unique("blocking-job")).show(ctx, |ui| {
                ui.set_width(420.0);
                ui.heading(&job.label);
                ui.add(egui::ProgressBar::new(job.progress()).show_percentage());
                let stop = ui.add_enabled(!job.cancelled(), egui::Button::new(tr(lang, "Hủy", "Cancel")));
                if stop.clicked() {
                    self.commands.push(Command::CancelJob);
                }
            });
        }
        if let Some(dialog) = &mut self.dialog {
            crate::ui::dialogs::show(ctx, dialog, &self.settings.recent, lang, &mut self.commands);
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
    let native = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Sổ khuyến công")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([900.0, 560.0]),
        renderer: eframe::Renderer::Glow,
        ..Default::default()
    };
    eframe::run_native(
        "Sổ khuyến công",
        native,
        Box::new(move |cc| {
            theme::install(&cc.egui_ctx);
            Ok(Box::new(App::new(options)))
        }),
    )
}

// Keep the record types in view for readers of this module.
#[allow(unused_imports)]
use {DesignSupport as _, Facility as _, Project as _, Training as _};
