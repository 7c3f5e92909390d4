//! "Delete this record?", with the record's title.

use egui::{RichText, Ui};

use crate::command::Command;
use crate::domain::RecordKind;
use crate::i18n::{Lang, tr};
use crate::ui::{View, ViewContext, theme};

#[derive(Debug, Clone, PartialEq)]
pub struct ConfirmDelete {
    pub kind: RecordKind,
    pub id: String,
    pub title: String,
}

impl View for ConfirmDelete {
    fn ui(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>) {
        let lang = cx.lang;
        let (kind, title) = (self.kind.singular(lang), &self.title);
        ui.heading(tr(lang, "Xóa bản ghi?", "Delete this record?"));
        ui.label(match lang {
            Lang::Vi => format!("Xóa {kind} “{title}”? Có thể hoàn tác bằng Ctrl+Z."),
            Lang::En => format!("Delete {kind} “{title}”? Ctrl+Z undoes it."),
        });
    }

    fn footer(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>) {
        let lang = cx.lang;
        ui.horizontal(|ui| {
            if ui.button(RichText::new(tr(lang, "Xóa", "Delete")).color(theme::ERROR)).clicked() {
                cx.send(Command::Delete(self.kind, self.id.clone()));
            }
            if ui.button(tr(lang, "Không xóa", "Keep it")).clicked() {
                cx.send(Command::CloseDialog);
            }
        });
    }
}
