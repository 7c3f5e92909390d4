//! Telling the officer why something was refused, and what to do.

use std::path::PathBuf;

use egui::Ui;

use crate::command::Command;
use crate::i18n::tr;
use crate::ui::{View, ViewContext};

/// Why something could not be done (the text says what and what to do).
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub text: String,
}

impl View for Message {
    fn ui(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>) {
        let lang = cx.lang;
        ui.heading(tr(lang, "Không thực hiện được", "Could not do that"));
        ui.add(egui::Label::new(self.text.as_str()).wrap());
    }

    fn footer(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>) {
        close_button(ui, cx);
    }
}

/// "Close", for the dialogs that only tell something.
pub fn close_button(ui: &mut Ui, cx: &mut ViewContext<'_>) {
    if ui.button(tr(cx.lang, "Đóng", "Close")).clicked() {
        cx.send(Command::CloseDialog);
    }
}

/// A workbook whose last save was cut off and that cannot be recovered
/// where it is: why, and the offer to recover it into a copy.
#[derive(Debug, Clone, PartialEq)]
pub struct Interrupted {
    pub source: PathBuf,
    pub text: String,
}

impl View for Interrupted {
    fn ui(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>) {
        let lang = cx.lang;
        ui.heading(tr(lang, "Không mở được", "Could not open"));
        ui.add(egui::Label::new(self.text.as_str()).wrap());
    }

    fn footer(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>) {
        let lang = cx.lang;
        ui.horizontal(|ui| {
            if ui.button(tr(lang, "Khôi phục vào bản sao…", "Recover into a copy…")).clicked() {
                cx.send(Command::AskRecoverCopy(self.source.clone()));
            }
            if ui.button(tr(lang, "Đóng", "Close")).clicked() {
                cx.send(Command::CloseDialog);
            }
        });
    }
}
