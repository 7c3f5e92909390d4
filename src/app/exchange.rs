//! Files that come from and go to district offices: Excel templates, the
//! import preview, merging another office's workbook, the merge log.
//! These carry out the commands; the dialogs are in `ui::import_dialog` and
//! `ui::merge_dialog`.

use std::path::{Path, PathBuf};

use super::jobs::{Job, JobDone};
use super::{App, Status, display_name};
use crate::domain::RecordKind;
use crate::domain::number::format_int;
use crate::domain::text::shown_path;
use crate::exchange::import::{ImportError, ImportPreview, apply_import, preview_import, write_rejected};
use crate::exchange::template::write_template;
use crate::i18n::Lang;
use crate::spreadsheet::{Book, ReadOptions, read_table};
use crate::ui::dialogs::Dialog;
use crate::ui::dialogs::import::ImportDialog;
use crate::ui::dialogs::merge::MergeDialog;
use crate::workbook::merge::{
    MergeError, MergePlan, apply_merge, merge_log, plan_merge_with, undo_last_merge,
};
use crate::workbook::{OpenMode, Workbook};

impl App {
    fn say(&mut self, message: String) {
        self.dialog = Some(Dialog::Message(message));
    }

    pub(super) fn write_template(&mut self, kind: RecordKind, path: &Path) {
        match write_template(kind, path) {
            Ok(()) => {
                self.dialog = None;
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
                self.dialog = None;
                self.import = Some(Box::new(ImportDialog::new(path, book, options, preview)));
            }
            Err(e) => self.say(e.message(self.lang)),
        }
    }

    /// A new reading after the officer changed how the file is to be read.
    pub(super) fn refresh_import_preview(&mut self) {
        let (Some(wb), Some(import)) = (&self.wb, &mut self.import) else { return };
        match read_and_preview(wb, &import.book, import.preview.kind, &import.options) {
            Ok(preview) => import.replace_preview(preview),
            Err(e) => self.dialog = Some(Dialog::Message(e.message(self.lang))),
        }
    }

    pub(super) fn apply_import(&mut self) {
        let (Some(wb), Some(import)) = (&mut self.wb, &self.import) else { return };
        match apply_import(wb, &import.preview, &import.apply) {
            Ok(outcome) => {
                self.import = None;
                self.reload();
                let n = |v: usize| format_int(v as i64);
                self.status = Some(Status::Imported(match self.lang {
                    Lang::Vi => format!(
                        "Đã nhập {} bản ghi, cập nhật {}, bỏ qua {} dòng trùng và {} dòng lỗi; tạo mới {} cơ sở.",
                        n(outcome.records),
                        n(outcome.updated),
                        n(outcome.skipped_duplicates.len()),
                        n(outcome.skipped_errors),
                        n(outcome.facilities_created)
                    ),
                    Lang::En => format!(
                        "Imported {} records, updated {}, skipped {} duplicates and {} rows with errors; {} new facilities.",
                        n(outcome.records),
                        n(outcome.updated),
                        n(outcome.skipped_duplicates.len()),
                        n(outcome.skipped_errors),
                        n(outcome.facilities_created)
                    ),
                }));
            }
            Err(e) => self.say(e.message(self.lang)),
        }
    }

    pub(super) fn save_rejected(&mut self, path: &Path) {
        let Some(import) = &self.import else { return };
        match write_rejected(&import.preview, path, self.lang) {
            Ok(_) => {
                self.dialog = None;
                self.status = Some(Status::Exported(shown_path(path)));
            }
            Err(e) => self.say(e.message(self.lang)),
        }
    }

    /// The dry run of a merge: reads and checks the other file, writes
    /// nothing. In the background with its own connection, since a large or
    /// hostile file takes a while to check: the window shows the progress
    /// and the officer can stop it.
    pub(super) fn plan_merge(&mut self, path: &Path) {
        let Some(wb) = &self.wb else { return };
        if self.job.is_some() {
            return;
        }
        if wb.read_only().is_some() {
            self.say(MergeError::TargetReadOnly.message(self.lang));
            return;
        }
        self.dialog = None;
        let (target, source, lang) = (wb.path().to_path_buf(), path.to_path_buf(), self.lang);
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
        self.merge = Some(Box::new(MergeDialog::new(plan)));
    }

    /// Merges in a background thread with its own connection; the window
    /// shows the progress and allows no edit until it ends.
    pub(super) fn apply_merge(&mut self) {
        let Some(wb) = &self.wb else { return };
        if self.job.is_some() {
            return;
        }
        let Some(dialog) = self.merge.take() else { return };
        let target = wb.path().to_path_buf();
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
                let n = |v: &[usize; 4]| format_int(crate::workbook::merge::Counts::total(v) as i64);
                Ok(JobDone::WorkbookChanged(match lang {
                    Lang::Vi => format!(
                        "Đã gộp sổ: thêm {}, cập nhật {}, xóa {}; giữ bản của sổ này {}, lấy bản gửi đến {}.",
                        n(&c.added),
                        n(&c.updated),
                        n(&c.deleted),
                        outcome.kept_mine,
                        outcome.kept_theirs
                    ),
                    Lang::En => format!(
                        "Merged: {} added, {} updated, {} deleted; kept this workbook's {}, took the received {}.",
                        n(&c.added),
                        n(&c.updated),
                        n(&c.deleted),
                        outcome.kept_mine,
                        outcome.kept_theirs
                    ),
                }))
            }),
        );
        self.job = Some(job.blocking());
    }

    pub(super) fn show_merge_log(&mut self) {
        let Some(wb) = &self.wb else { return };
        match merge_log(wb) {
            Ok(log) => self.dialog = Some(Dialog::MergeLog { log, read_only: wb.read_only().is_some() }),
            Err(e) => self.say(e.message(self.lang)),
        }
    }

    pub(super) fn undo_merge(&mut self) {
        let Some(wb) = &mut self.wb else { return };
        match undo_last_merge(wb) {
            Ok(entry) => {
                self.reload();
                let line = crate::report::text::merge_log_line(&entry, self.lang);
                self.status = Some(Status::Imported(match self.lang {
                    Lang::Vi => format!("Đã hoàn tác lần gộp: {line}"),
                    Lang::En => format!("Merge undone: {line}"),
                }));
                self.dialog = None;
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
