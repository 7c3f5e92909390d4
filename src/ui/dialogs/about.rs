//! The program's version, and the open workbook's office and file.

use egui::Ui;

use crate::command::Command;
use crate::i18n::tr;
use crate::ui::dialogs::message::close_button;
use crate::ui::{View, ViewContext};

#[derive(Debug, Clone, PartialEq)]
pub struct About {
    /// The workbook's path, as shown to the officer.
    pub path: String,
    pub office: String,
    pub province: String,
    /// The officer's name from the program's settings.
    pub officer: String,
}

impl View for About {
    fn ui(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>) {
        let lang = cx.lang;
        // An empty value says where it is set, not just nothing.
        let unset = tr(lang, "(chưa đặt — Tệp → Thông tin đơn vị…)", "(not set — File → Office details…)");
        let or_unset =
            |value: &str| if value.trim().is_empty() { unset.to_string() } else { value.to_string() };
        ui.heading(tr(lang, "Sổ khuyến công", "Industrial extension workbook"));
        ui.label(format!("{} {}", tr(lang, "Phiên bản", "Version"), env!("CARGO_PKG_VERSION")));
        ui.label(format!("{}: {}", tr(lang, "Đơn vị", "Office"), or_unset(&self.office)));
        ui.label(format!("{}: {}", tr(lang, "Tỉnh", "Province"), or_unset(&self.province)));
        ui.label(format!("{}: {}", tr(lang, "Cán bộ", "Officer"), or_unset(&self.officer)));
        ui.add(egui::Label::new(format!("{}: {}", tr(lang, "Tệp", "File"), self.path)).wrap());
    }

    fn footer(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>) {
        let lang = cx.lang;
        ui.horizontal(|ui| {
            if ui.button(tr(lang, "Thông tin đơn vị…", "Office details…")).clicked() {
                cx.send(Command::AskOffice);
            }
            close_button(ui, cx);
        });
    }
}
