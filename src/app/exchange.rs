//! Files that come from and go to district offices: Excel templates, the
//! import preview, merging another office's workbook, the merge log.
//! These carry out the commands; the dialogs are in `ui::import_dialog` and
//! `ui::merge_dialog`.

use std::path::{Path, PathBuf};

use super::jobs::{Job, JobDone};
use super::{App, Status, display_name};
use crate::domain::RecordKind;
use crate::domain::text::shown_path;
use crate::exchange::import::{ImportError, ImportPreview, apply_import, preview_import, write_rejected};
use crate::exchange::template::write_template;
use crate::i18n::Lang;
use crate::spreadsheet::{Book, ReadOptions, read_table};
use crate::ui::dialogs::Dialog;
use crate::ui::dialogs::import::ImportDialog;
use crate::ui::dialogs::merge::MergeDialog;
use crate::ui::dialogs::merge_log::MergeLog;
use crate::workbook::merge::{
    Counts, MergeError, MergePlan, apply_merge, merge_log, plan_merge_with, undo_last_merge,
};
use crate::workbook::{OpenMode, Workbook};

impl App {
    pub(super) fn say(&mut self, message: String) {
        self.open_dialog(Dialog::message(message));
    }

    pub(super) fn write_template(&mut self, kind: RecordKind, path: &Path) {
        match write_template(kind, path) {
            Ok(()) => {
                self.close_passing();
                self.status = Some(Status::Exported(shown_path(path)));
            }
            Err(e) => self.say(e.message(self.lang)),
        }
    }

    /// Reads the file and shows what importing it would do; writes nothing.
    pub(super) fn preview_import(&mut self, kind: RecordKind, path: PathBuf) {
        let Some(wb) = &self.wb else { return };
        if let Some(reason) = self.read_only_reason() {
            self.say(reason.to_string());
            return;
        }
        let book = match crate::spreadsheet::open(&path) {
            Ok(book) => book,
            Err(e) => return self.say(e.message(self.lang)),
        };
        let options = ReadOptions::default();
        match read_and_preview(wb, &book, kind, &options) {
            Ok(preview) => {
                self.close_passing();
                self.open_dialog(Dialog::Import(Box::new(ImportDialog::new(path, book, options, preview))));
            }
            Err(e) => self.say(e.message(self.lang)),
        }
    }

    /// A new reading after the officer changed how the file is to be read.
    pub(super) fn refresh_import_preview(&mut self) {
        let (Some(wb), Some(import)) = (&self.wb, self.import()) else { return };
        match read_and_preview(wb, &import.book, import.preview.kind, &import.options) {
            Ok(preview) => {
                if let Some(import) = self.import_mut() {
                    import.replace_preview(preview);
                }
            }
            Err(e) => self.open_dialog(Dialog::message(e.message(self.lang))),
        }
    }

    pub(super) fn apply_import(&mut self) {
        let Some(import) = self.dialogs.iter().find_map(Dialog::as_import) else { return };
        let Some(wb) = &mut self.wb else { return };
        match apply_import(wb, &import.preview, &import.apply) {
            Ok(outcome) => {
                self.close_import();
                self.reload();
                self.status = Some(Status::Imported {
                    records: outcome.records,
                    updated: outcome.updated,
                    duplicates: outcome.skipped_duplicates.len(),
                    errors: outcome.skipped_errors,
                    facilities: outcome.facilities_created,
                });
            }
            Err(e) => self.say(e.message(self.lang)),
        }
    }

    pub(super) fn save_rejected(&mut self, path: &Path) {
        let Some(import) = self.import() else { return };
        match write_rejected(&import.preview, path, self.lang) {
            Ok(_) => {
                self.close_passing();
                self.status = Some(Status::Exported(shown_path(path)));
            }
            Err(e) => self.say(e.message(self.lang)),
        }
    }

    /// The open workbook's path when a merge (or a sync) may write into it
    /// now: no other job running, not read-only (said, if it is).
    pub(super) fn merge_target(&mut self) -> Option<std::path::PathBuf> {
        let wb = self.wb.as_ref()?;
        if self.job.is_some() {
            return None;
        }
        if wb.read_only().is_some() {
            self.say(MergeError::TargetReadOnly.message(self.lang));
            return None;
        }
        Some(wb.path().to_path_buf())
    }

    /// The dry run of a merge: reads and checks the other file, writes
    /// nothing. In the background with its own connection, since a large or
    /// hostile file takes a while to check: the window shows the progress
    /// and the officer can stop it.
    pub(super) fn plan_merge(&mut self, path: &Path) {
        let Some(target) = self.merge_target() else { return };
        let (source, lang) = (path.to_path_buf(), self.lang);
        self.close_passing();
        let label = match lang {
            Lang::Vi => format!("Đang kiểm tra {}…", display_name(&source)),
            Lang::En => format!("Checking {}…", display_name(&source)),
        };
        let job = Job::spawn_with_cancel(label, move |cancel| {
            Box::new(move |progress| {
                let wb = Workbook::open(&target, OpenMode::Normal).map_err(|e| e.message(lang))?;
                let plan = plan_merge_with(&wb, &source, &cancel, &mut |f| {
                    progress(f);
                })
                .map_err(|e| e.message(lang))?;
                Ok(JobDone::MergePlanned(Box::new(plan)))
            })
        });
        self.job = Some(job.blocking());
    }

    /// The finished dry run: its dialog.
    pub(super) fn show_merge_plan(&mut self, plan: MergePlan) {
        self.open_dialog(Dialog::Merge(Box::new(MergeDialog::new(plan))));
    }

    /// Merges in a background thread with its own connection; the window
    /// shows the progress and allows no edit until it ends.
    pub(super) fn apply_merge(&mut self) {
        let Some(target) = self.wb.as_ref().map(|wb| wb.path().to_path_buf()) else { return };
        if self.job.is_some() {
            return;
        }
        let Some(dialog) = self.take_merge() else { return };
        if let Some(waiting) = self.take_sync_waiting(&dialog.plan) {
            let MergeDialog { plan, resolutions, .. } = *dialog;
            return self.finish_sync(plan, resolutions, waiting);
        }
        let lang = self.lang;
        let label = match lang {
            Lang::Vi => format!("Đang gộp {}…", display_name(&dialog.plan.source_path)),
            Lang::En => format!("Merging {}…", display_name(&dialog.plan.source_path)),
        };
        let job = Job::spawn(
            label,
            Box::new(move |progress| {
                let mut wb = Workbook::open(&target, OpenMode::Normal).map_err(|e| e.message(lang))?;
                let outcome = apply_merge(&mut wb, &dialog.plan, &dialog.resolutions, None, progress)
                    .map_err(|e| e.message(lang))?;
                let c = &outcome.counts;
                Ok(JobDone::WorkbookChanged(Status::Merged {
                    added: Counts::total(&c.added),
                    updated: Counts::total(&c.updated),
                    deleted: Counts::total(&c.deleted),
                    kept_mine: outcome.kept_mine,
                    kept_theirs: outcome.kept_theirs,
                    linked: outcome.linked,
                }))
            }),
        );
        self.job = Some(job.blocking());
    }

    pub(super) fn show_merge_log(&mut self) {
        let Some(wb) = &self.wb else { return };
        match merge_log(wb) {
            Ok(log) => {
                let read_only = wb.read_only().is_some();
                self.open_dialog(Dialog::MergeLog(MergeLog { log, read_only }))
            }
            Err(e) => self.say(e.message(self.lang)),
        }
    }

    pub(super) fn undo_merge(&mut self) {
        let Some(wb) = &mut self.wb else { return };
        match undo_last_merge(wb) {
            Ok(entry) => {
                self.reload();
                self.status = Some(Status::MergeUndone(entry));
                self.close_passing();
            }
            Err(e) => self.say(e.message(self.lang)),
        }
    }
}

/// The table of `kind` in `book`, read with `options`, checked against `wb`.
fn read_and_preview(
    wb: &Workbook,
    book: &Book,
    kind: RecordKind,
    options: &ReadOptions,
) -> Result<ImportPreview, ImportError> {
    let table = read_table(book, kind, options).map_err(ImportError::Read)?;
    preview_import(wb, table)
}
