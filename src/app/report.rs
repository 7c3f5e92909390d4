//! What the window writes out of the workbook: the report paragraph, and
//! the exports, which run in the background.

use std::path::PathBuf;

use super::jobs::{Job, JobDone};
use super::{App, Status, display_name};
use crate::domain::RecordKind;
use crate::domain::text::shown_path;
use crate::exchange::export::{export_csv, export_xlsx};
use crate::i18n::Lang;
use crate::report::paragraph::report_paragraph;
use crate::ui::dialogs::Dialog;
use crate::ui::dialogs::report::ReportDialog;
use crate::workbook::{OpenMode, Workbook};

impl App {
    /// The report paragraph's dialog, for the overview's years (or all).
    pub(super) fn show_report(&mut self) {
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
        self.open_dialog(Dialog::Report(report));
    }

    pub(super) fn update_report(&mut self, from: i32, to: i32, lang: Lang) {
        let text = self.report_text(from, to, lang);
        if let Some(report) = self.report_mut() {
            report.text = text;
        }
    }

    pub(super) fn copy_report(&mut self, ctx: &egui::Context) {
        if let Some(report) = self.report_mut() {
            ctx.copy_text(report.text.clone());
            self.status = Some(Status::ReportCopied);
        }
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
    pub(super) fn start_export(&mut self, path: PathBuf, kind: Option<RecordKind>) {
        let Some(wb) = &self.wb else { return };
        if self.job.is_some() {
            return;
        }
        let source = wb.path().to_path_buf();
        self.close_passing();
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
}
