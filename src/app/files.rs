//! The workbook file: creating, opening, saving as, closing, and the file
//! dialog with a sensible suggestion for each purpose.

use std::path::Path;

use super::{App, Status, clock, fresh_lists, same_path};
use crate::command::{ChartFile, FilePurpose, Screen};
use crate::domain::RecordKind;
use crate::domain::places::DEFAULT_PROVINCE;
use crate::domain::text::{fold, shown_path};
use crate::lists::Data;
use crate::ui::dialogs::Dialog;
use crate::ui::dialogs::about::About;
use crate::ui::dialogs::file::FileDialog;
use crate::ui::dialogs::office::OfficeDialog;
use crate::ui::screens::overview::OverviewState;
use crate::workbook::Workbook;
use crate::workbook::sample::create_sample;

impl App {
    /// Makes `wb` the open workbook (the previous one closes).
    pub(super) fn install(&mut self, wb: Workbook) {
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
                self.lists = fresh_lists();
                self.overview = OverviewState::default();
                self.dialogs.clear();
                self.undo.clear();
                self.filter_cache = None;
                self.forget_sync();
            }
            Err(e) => self.refuse(e),
        }
    }

    pub(super) fn open_sample(&mut self) {
        let path = self.folders.new_sample_copy();
        match create_sample(&path) {
            Ok(wb) => self.install(wb),
            Err(e) => self.refuse(e),
        }
    }

    /// Reads every list again after the file was changed outside the forms.
    pub(super) fn reload(&mut self) {
        let Some(wb) = &self.wb else { return };
        match Data::open(wb) {
            Ok(data) => {
                self.data = Some(data);
                self.filter_cache = None;
                self.overview.computed_for = None;
                self.undo.clear();
            }
            Err(e) => self.open_dialog(Dialog::message(e.message(self.lang))),
        }
    }

    /// Shows the file dialog for `purpose`, with a sensible file suggested:
    /// the officer's own files go to the Documents folder, named in words
    /// and with their extension.
    pub(super) fn ask_file(&mut self, purpose: FilePurpose) {
        let docs = |name: String| self.folders.documents.join(name).display().to_string();
        let path = match purpose {
            FilePurpose::New => self.folders.new_workbook_name().display().to_string(),
            FilePurpose::Open => String::new(),
            FilePurpose::SaveAs => self
                .wb
                .as_ref()
                .map(|wb| {
                    let p = wb.path();
                    let stem = p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
                    p.with_file_name(format!("{stem}-ban-sao.db")).display().to_string()
                })
                .unwrap_or_default(),
            FilePurpose::ExportWorkbook => docs(format!("so-khuyen-cong{}.xlsx", self.years_suffix())),
            FilePurpose::ExportCsv(kind) => docs(format!("{}{}.csv", kind_slug(kind), self.years_suffix())),
            FilePurpose::Template(kind) => docs(format!("mau-nhap-{}.xlsx", kind_slug(kind))),
            FilePurpose::RejectedRows => self
                .import()
                .map(|i| {
                    let stem =
                        i.path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
                    docs(format!("{stem}-dong-loi.xlsx"))
                })
                .unwrap_or_default(),
            FilePurpose::Import(_)
            | FilePurpose::Merge
            | FilePurpose::RecoverCopy
            | FilePurpose::ImportPlan => String::new(),
            FilePurpose::ExportPlans => docs("ke-hoach-khuyen-cong.xlsx".to_string()),
            FilePurpose::ReportDocx => {
                docs(format!("bao-cao-khuyen-cong{}.docx", self.report_years_suffix()))
            }
            FilePurpose::Chart(chart, what) => {
                let ext = match what {
                    ChartFile::Image => "png",
                    ChartFile::Numbers => "xlsx",
                };
                docs(format!("bieu-do-{}.{ext}", chart.slug()))
            }
        };
        let mut dialog = self.file_dialog(purpose, path);
        if let FilePurpose::ExportCsv(kind) = purpose {
            dialog.note = self.shown_rows_note(kind);
        }
        self.open_dialog(Dialog::File(dialog));
    }

    /// A file dialog, told whether the system's own dialog may be tried.
    pub(super) fn file_dialog(&self, purpose: FilePurpose, path: String) -> FileDialog {
        FileDialog::new(purpose, path, self.folders.system_dialog)
    }

    /// "-2014-2023" for the workbook's first and last year, or nothing.
    fn years_suffix(&self) -> String {
        years_suffix(self.wb.as_ref().and_then(|wb| wb.year_span().ok().flatten()))
    }

    pub(super) fn create_workbook(&mut self, path: &Path, office: &str) {
        match Workbook::create(path, office, DEFAULT_PROVINCE) {
            Ok(wb) => self.install(wb),
            Err(e) => self.refuse(e),
        }
    }

    pub(super) fn open_workbook(&mut self, path: &Path, read_only: bool) {
        // Opening the open file again would only lose its undo steps
        // (and a second handle can drop SQLite's locks on it).
        let already_open = self.wb.as_ref().is_some_and(|wb| same_path(wb.path(), path)) && !read_only;
        if already_open {
            self.close_passing();
        } else {
            self.open(path, read_only);
        }
    }

    pub(super) fn save_as(&mut self, path: &Path) {
        if let Some(wb) = &mut self.wb {
            match wb.save_as(path) {
                Ok(()) => {
                    self.settings.remember(path);
                    self.save_settings();
                    self.close_passing();
                    self.status = Some(Status::Saved(clock()));
                }
                Err(e) => self.refuse(e),
            }
        }
    }

    pub(super) fn close_workbook(&mut self) {
        self.wb = None;
        self.data = None;
        self.forget_sync();
        self.close_form();
        self.undo.clear();
        self.screen = Screen::Overview;
    }

    /// The version, and the open workbook's office and file.
    pub(super) fn about(&mut self) {
        if let Some(wb) = &self.wb {
            let info = wb.info();
            let about = About {
                path: shown_path(wb.path()),
                office: info.office_name.clone(),
                province: info.province.clone(),
                officer: self.settings.officer.clone(),
            };
            self.open_dialog(Dialog::About(about));
        }
    }
}

impl App {
    /// The window's title: the file, the office and its province (for tests).
    pub fn title(&self) -> String {
        self.window_title()
    }

    pub(super) fn ask_office(&mut self) {
        let Some(wb) = &self.wb else { return };
        let info = wb.info();
        let dialog = OfficeDialog {
            office: info.office_name.clone(),
            province: info.province.clone(),
            officer: self.settings.officer.clone(),
        };
        self.open_dialog(Dialog::Office(dialog));
    }

    /// The officer's name goes to the settings; the office and province, when
    /// changed, to the workbook in one transaction (refused when read-only).
    pub(super) fn save_office(&mut self, office: &str, province: &str, officer: &str) {
        self.settings.officer = officer.trim().to_string();
        self.save_settings();
        let Some(wb) = &mut self.wb else { return };
        let info = wb.info();
        let changed = info.office_name != office.trim() || info.province != province.trim();
        if changed && let Err(e) = wb.set_office(office, province) {
            self.refuse(e);
            return;
        }
        self.close_passing();
        self.status = Some(Status::Saved(clock()));
    }
}

/// A kind's Vietnamese name for file names: "Đề án" → "de-an".
fn kind_slug(kind: RecordKind) -> String {
    fold(kind.plural().vi).replace(' ', "-")
}

/// "-2024" or "-2014-2023" for a file's name; nothing without years.
pub(super) fn years_suffix(range: Option<(i32, i32)>) -> String {
    match range {
        Some((from, to)) if from == to => format!("-{from}"),
        Some((from, to)) => format!("-{from}-{to}"),
        None => String::new(),
    }
}
