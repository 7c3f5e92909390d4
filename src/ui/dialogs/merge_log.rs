//! The merges made into this workbook, with undo of the last one.

use egui::Ui;

use crate::command::Command;
use crate::i18n::tr;
use crate::report::text::merge_log_line;
use crate::ui::{View, ViewContext};
use crate::workbook::merge::MergeLogEntry;

#[derive(Debug, Clone, PartialEq)]
pub struct MergeLog {
    pub log: Vec<MergeLogEntry>,
    /// The workbook is read-only: nothing can be undone.
    pub read_only: bool,
}

impl View for MergeLog {
    fn ui(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>) {
        let lang = cx.lang;
        ui.heading(tr(lang, "Nhật ký gộp sổ", "Merge log"));
        if self.log.is_empty() {
            ui.label(tr(
                lang,
                "Chưa gộp sổ nào vào sổ này.",
                "No workbook has been merged into this one yet.",
            ));
        }
        egui::ScrollArea::vertical().id_salt("merge-log").max_height(300.0).show(ui, |ui| {
            for e in &self.log {
                ui.label(merge_log_line(e, lang));
            }
        });
    }

    fn footer(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>) {
        let lang = cx.lang;
        ui.horizontal(|ui| {
            let can_undo = !self.read_only && self.log.iter().any(|e| e.can_undo);
            let undo = ui.add_enabled(
                can_undo,
                egui::Button::new(tr(lang, "Hoàn tác lần gộp gần nhất", "Undo the last merge")),
            );
            if undo.clicked() {
                cx.send(Command::UndoMerge);
            }
            if ui.button(tr(lang, "Đóng", "Close")).clicked() {
                cx.send(Command::CloseDialog);
            }
        });
    }
}
