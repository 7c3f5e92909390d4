//! "Drop the changes?", asked when a form that was typed in is closed.

use egui::{RichText, Ui};

use crate::command::Command;
use crate::i18n::tr;
use crate::ui::{View, ViewContext, theme};

#[derive(Debug, Clone, PartialEq)]
pub struct ConfirmDiscard;

impl View for ConfirmDiscard {
    fn ui(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>) {
        let lang = cx.lang;
        ui.heading(tr(lang, "Bỏ các thay đổi?", "Drop the changes?"));
        ui.label(tr(
            lang,
            "Biểu mẫu có nội dung chưa lưu. Bỏ đi thì không lấy lại được.",
            "The form holds changes that are not saved. Dropped, they cannot be brought back.",
        ));
    }

    fn footer(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>) {
        let lang = cx.lang;
        ui.horizontal(|ui| {
            if ui.button(tr(lang, "Tiếp tục sửa", "Keep editing")).clicked() {
                cx.send(Command::CloseDialog);
            }
            if ui.button(RichText::new(tr(lang, "Bỏ thay đổi", "Drop them")).color(theme::ERROR)).clicked()
            {
                cx.send(Command::CancelForm);
            }
        });
    }
}
