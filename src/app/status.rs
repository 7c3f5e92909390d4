//! The status line at the bottom of the window: what the last action did,
//! with its figures, said in the window's language when it is drawn, and
//! the progress of background work.

use egui::{Align, Layout, RichText, Ui};

use super::App;
use crate::command::Command;
use crate::domain::number::{format_int_in, plural};
use crate::domain::text::shown_path;
use crate::i18n::{Lang, tr};
use crate::report::text::merge_log_line;
use crate::ui::theme;
use crate::workbook::merge::MergeLogEntry;
use crate::workbook::recovery::recovered_notice;

/// One event the status line tells of. Each keeps its own figures, so a
/// message can only be said the way its event is said.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    /// A record or the workbook saved, at this time of day.
    Saved(String),
    Deleted(String),
    Undone(String),
    NothingToUndo,
    /// The file name of the workbook opened.
    Opened(String),
    /// Opened, after rolling back a save that had been cut off.
    Recovered(String),
    ChartSaved(String),
    ChartCopied,
    /// The path of a file written (an export, a template, rejected rows).
    Exported(String),
    ReportCopied,
    Cancelled,
    Imported {
        records: usize,
        updated: usize,
        duplicates: usize,
        errors: usize,
        facilities: usize,
    },
    Merged {
        added: usize,
        updated: usize,
        deleted: usize,
        kept_mine: usize,
        kept_theirs: usize,
        /// Likely-same records linked to ours instead of added.
        linked: usize,
    },
    MergeUndone(MergeLogEntry),
    PlanImported {
        title: String,
        lines: usize,
    },
    Synced(SyncedFigures),
    /// The officer stopped a sync (or closed its conflicts unanswered).
    SyncStopped,
}

/// What a sync did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncedFigures {
    /// The time of day it ended.
    pub at: String,
    /// Rows the server sent, and what they did here.
    pub received: usize,
    pub added: usize,
    pub updated: usize,
    pub deleted: usize,
    /// Records the server took.
    pub sent: usize,
    /// Conflicts left for the next sync.
    pub waiting_conflicts: usize,
    /// Other offices' records this login may not send.
    pub not_permitted: usize,
}

impl SyncedFigures {
    fn text(&self, lang: Lang) -> String {
        let n = |v: usize| format_int_in(v as i64, lang);
        let mut text = match lang {
            Lang::Vi => format!(
                "Đã đồng bộ lúc {}: nhận {} (thêm {}, cập nhật {}, xóa {}), gửi {}",
                self.at,
                n(self.received),
                n(self.added),
                n(self.updated),
                n(self.deleted),
                n(self.sent)
            ),
            Lang::En => format!(
                "Synced at {}: received {} ({} added, {} updated, {} deleted), sent {}",
                self.at,
                n(self.received),
                n(self.added),
                n(self.updated),
                n(self.deleted),
                n(self.sent)
            ),
        };
        if self.waiting_conflicts > 0 {
            text += &match lang {
                Lang::Vi => {
                    format!("; {} bản ghi sửa ở cả hai nơi chờ lần đồng bộ sau", n(self.waiting_conflicts))
                }
                Lang::En => format!(
                    "; {} records changed on both sides wait for the next sync",
                    n(self.waiting_conflicts)
                ),
            };
        }
        if self.not_permitted > 0 {
            text += &match lang {
                Lang::Vi => format!("; {} bản ghi của đơn vị khác không gửi", n(self.not_permitted)),
                Lang::En => format!("; {} records of other offices not sent", n(self.not_permitted)),
            };
        }
        text + "."
    }
}

impl Status {
    pub fn text(&self, lang: Lang) -> String {
        let n = |v: &usize| format_int_in(*v as i64, lang);
        // "1 record", "2 records": English nouns follow the count.
        let en = |v: &usize, one: &str, many: &str| plural(*v as i64, &n(v), one, many);
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
            (Status::Recovered(p), lang) => {
                format!("{} {p}. {}", tr(lang, "Đã mở", "Opened"), recovered_notice(lang))
            }
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
            (Status::Imported { records, updated, duplicates, errors, facilities }, Lang::Vi) => format!(
                "Đã nhập {} bản ghi, cập nhật {}, bỏ qua {} dòng trùng và {} dòng lỗi; tạo mới {} cơ sở.",
                n(records),
                n(updated),
                n(duplicates),
                n(errors),
                n(facilities)
            ),
            (Status::Imported { records, updated, duplicates, errors, facilities }, Lang::En) => format!(
                "Imported {}, updated {}, skipped {} and {}; {}.",
                en(records, "record", "records"),
                n(updated),
                en(duplicates, "duplicate", "duplicates"),
                en(errors, "row with errors", "rows with errors"),
                en(facilities, "new facility", "new facilities")
            ),
            (Status::Merged { added, updated, deleted, kept_mine, kept_theirs, linked }, Lang::Vi) => {
                format!(
                    "Đã gộp sổ: thêm {}, cập nhật {}, xóa {}; giữ bản của sổ này {}, lấy bản gửi đến {}{}.",
                    n(added),
                    n(updated),
                    n(deleted),
                    n(kept_mine),
                    n(kept_theirs),
                    if *linked > 0 {
                        format!("; nối {} bản ghi trùng", n(linked))
                    } else {
                        String::new()
                    }
                )
            }
            (Status::Merged { added, updated, deleted, kept_mine, kept_theirs, linked }, Lang::En) => {
                format!(
                    "Merged: {} added, {} updated, {} deleted; kept this workbook's {}, took the received {}{}.",
                    n(added),
                    n(updated),
                    n(deleted),
                    n(kept_mine),
                    n(kept_theirs),
                    if *linked > 0 { format!("; {} linked as the same", n(linked)) } else { String::new() }
                )
            }
            (Status::MergeUndone(entry), Lang::Vi) => {
                format!("Đã hoàn tác lần gộp: {}", merge_log_line(entry, lang))
            }
            (Status::MergeUndone(entry), Lang::En) => {
                format!("Merge undone: {}", merge_log_line(entry, lang))
            }
            (Status::PlanImported { title, lines }, Lang::Vi) => {
                format!("Đã nhập kế hoạch \u{201c}{title}\u{201d} với {} dòng.", n(lines))
            }
            (Status::PlanImported { title, lines }, Lang::En) => {
                format!("Imported the plan \u{201c}{title}\u{201d} with {}.", en(lines, "line", "lines"))
            }
            (Status::Synced(figures), lang) => figures.text(lang),
            (Status::SyncStopped, lang) => lang
                .pick(
                    "Đã dừng đồng bộ; sổ và máy chủ vẫn nguyên vẹn, đồng bộ lại để làm tiếp.",
                    "Sync stopped; the workbook and the server are whole, sync again to go on.",
                )
                .to_string(),
        }
    }
}

impl App {
    /// The job's progress with its Cancel button, or the last event; the
    /// open file and its office on the right.
    pub(super) fn status_bar(&mut self, ui: &mut Ui) {
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
                    // Right to left: the sync figures first, whole; the path gives way.
                    if let Some(line) = &self.sync_line.line {
                        ui.label(RichText::new(line.text(self.lang)).weak());
                        ui.separator();
                    }
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
}
