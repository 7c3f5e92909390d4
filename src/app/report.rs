//! What the window writes out of the workbook: the report paragraph, and
//! the exports, which run in the background.

use std::path::{Path, PathBuf};

use super::jobs::{Job, JobDone};
use super::{App, Status, display_name};
use crate::domain::RecordKind;
use crate::domain::number::format_int;
use crate::domain::text::shown_path;
use crate::exchange::export::{export_csv_rows, export_xlsx};
use crate::i18n::{Lang, tr};
use crate::lists::{Columns, Data, ListView, Table};
use crate::report::docx::write_docx;
use crate::report::paragraph::report_with_plans;
use crate::report::yearly::{ReportRequest, yearly_report};
use crate::ui::dialogs::Dialog;
use crate::ui::dialogs::report::ReportDialog;
use crate::workbook::{OpenMode, Workbook};

impl App {
    /// The years the report is for: those of its dialog when open, else the
    /// overview's (or every year with records); and every year with records.
    fn report_range(&self) -> Option<((i32, i32), (i32, i32))> {
        let wb = self.wb.as_ref()?;
        let span = self.filter_cache.as_ref().and_then(|c| c.years).or(wb.year_span().ok().flatten())?;
        let open = self.dialogs.iter().rev().find_map(|d| match d {
            Dialog::Report(r) => Some((r.from, r.to)),
            _ => None,
        });
        let range = match open {
            Some(range) => range,
            None if self.overview.range_chosen => (self.overview.filter.from, self.overview.filter.to),
            None => span,
        };
        Some((range, span))
    }

    /// "-2024" or "-2014-2023", for the report's file name.
    pub(super) fn report_years_suffix(&self) -> String {
        super::files::years_suffix(self.report_range().map(|(range, _)| range))
    }

    /// The report paragraph's dialog, for the overview's years (or all).
    pub(super) fn show_report(&mut self) {
        let Some(((from, to), span)) = self.report_range() else { return };
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
        let plans = wb.plans_overlapping(from, to);
        match (wb.summary(Some(from), Some(to)), plans) {
            (Ok(summary), Ok(plans)) => report_with_plans(&summary, &wb.info().office_name, &plans, lang),
            (Err(e), _) | (_, Err(e)) => e.message(lang),
        }
    }

    /// The yearly report as a Word document, for the report's years and in
    /// the window's language, with the overview's charts, on its own thread.
    pub(super) fn write_report_docx(&mut self, path: PathBuf) {
        let Some(((from, to), _)) = self.report_range() else { return };
        let (lang, date) = (self.lang, jiff::Zoned::now().date());
        let label = match lang {
            Lang::Vi => format!("Đang viết báo cáo {}…", display_name(&path)),
            Lang::En => format!("Writing the report {}…", display_name(&path)),
        };
        self.write_in_background(path, label, move |wb, path, _| {
            let request = ReportRequest { from, to, lang, date, signer: String::new(), charts: true };
            let doc = yearly_report(wb, &request).map_err(|e| e.message(lang))?;
            write_docx(&doc, path).map_err(|e| e.message(lang))
        });
    }

    /// Writes a file out of the workbook on a thread of its own, with its
    /// own read-only connection, so a large workbook does not freeze the
    /// window; `write` gets the progress callback (false: cancelled).
    pub(super) fn write_in_background(
        &mut self,
        path: PathBuf,
        label: String,
        write: impl FnOnce(&Workbook, &Path, &mut dyn FnMut(f32) -> bool) -> Result<(), String> + Send + 'static,
    ) {
        if self.job.is_some() {
            return;
        }
        let Some(wb) = &self.wb else { return };
        let source = wb.path().to_path_buf();
        self.close_passing();
        let lang = self.lang;
        self.job = Some(Job::spawn(
            label,
            Box::new(move |progress| {
                let wb = Workbook::open(&source, OpenMode::ReadOnly).map_err(|e| e.message(lang))?;
                write(&wb, &path, progress)?;
                Ok(JobDone::Exported(shown_path(&path)))
            }),
        ));
    }

    /// "Đang xuất tệp.xlsx…".
    pub(super) fn exporting_label(&self, path: &Path) -> String {
        match self.lang {
            Lang::Vi => format!("Đang xuất {}…", display_name(path)),
            Lang::En => format!("Exporting {}…", display_name(path)),
        }
    }

    /// Exports in a background thread with its own read-only connection, so
    /// a large workbook does not freeze the window. A kind's CSV holds the
    /// rows its list shows, in the list's order.
    pub(super) fn start_export(&mut self, path: PathBuf, kind: Option<RecordKind>) {
        if self.wb.is_none() || self.job.is_some() {
            return;
        }
        let rows = match kind {
            Some(kind) => match self.shown_ids(kind) {
                Some(ids) => Some((kind, ids)),
                None => {
                    let text = tr(
                        self.lang,
                        "Danh sách đang được đọc, lọc hoặc sắp xếp. Hãy chờ giây lát rồi xuất lại.",
                        "The list is still being read, filtered or sorted. Wait a moment, then export again.",
                    );
                    self.open_dialog(Dialog::message(text.to_string()));
                    return;
                }
            },
            None => None,
        };
        let lang = self.lang;
        let label = self.exporting_label(&path);
        self.write_in_background(path, label, move |wb, path, progress| {
            let result = match &rows {
                None => export_xlsx(wb, path, progress),
                Some((kind, ids)) => export_csv_rows(wb, *kind, Some(ids), path),
            };
            result.map(|_| ()).map_err(|e| e.message(lang))
        });
    }

    /// The ids of the rows the list of `kind` shows, in its order; `None`
    /// while the records are read or the list is still filtered or sorted.
    fn shown_ids(&mut self, kind: RecordKind) -> Option<Vec<String>> {
        fn ids<R: Columns>(table: &Table<R>, view: &mut ListView, data: &Data) -> Option<Vec<String>> {
            view.update(table, data);
            if data.is_loading() || view.is_filtering() || view.is_sorting() {
                return None;
            }
            Some(view.visible.iter().filter_map(|&i| table.rows.get(i)).map(|r| r.id.clone()).collect())
        }
        let data = self.data.as_ref()?;
        let view = &mut self.lists.get_mut(kind.index())?.view;
        match kind {
            RecordKind::Facility => ids(&data.facilities, view, data),
            RecordKind::Project => ids(&data.projects, view, data),
            RecordKind::Training => ids(&data.trainings, view, data),
            RecordKind::Design => ids(&data.designs, view, data),
            RecordKind::Plan | RecordKind::PlanLine => None,
        }
    }

    /// What the CSV export of a list will hold, said in its dialog.
    pub(super) fn shown_rows_note(&mut self, kind: RecordKind) -> String {
        let lang = self.lang;
        let Some(shown) = self.shown_ids(kind).map(|ids| ids.len()) else {
            return tr(
                lang,
                "Danh sách đang được lọc hoặc sắp xếp…",
                "The list is still being filtered or sorted…",
            )
            .to_string();
        };
        let all = self.data.as_ref().map(|d| d.count(kind)).unwrap_or(0);
        let (n, total) = (format_int(shown as i64), format_int(all as i64));
        let filtered = self.lists[kind.index()].view.filter != Default::default();
        match (lang, filtered) {
            (Lang::Vi, false) => format!("Ghi cả {n} dòng của danh sách, theo thứ tự đang sắp xếp."),
            (Lang::En, false) => format!("Writes all {n} rows of the list, in the order it is sorted."),
            (Lang::Vi, true) => format!(
                "Ghi {n} dòng đang hiện trong danh sách (lọc từ {total}), theo thứ tự đang sắp xếp. Bấm “Bỏ lọc” để xuất tất cả."
            ),
            (Lang::En, true) => format!(
                "Writes the {n} rows the list shows (filtered from {total}), in the order it is sorted. Press “Clear filters” to export them all."
            ),
        }
    }
}
