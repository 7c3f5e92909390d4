//! The program's version, and the open workbook's office and file.

use egui::Ui;

use crate::i18n::tr;
use crate::ui::dialogs::message::close_button;
use crate::ui::{View, ViewContext};

#[derive(Debug, Clone, PartialEq)]
pub struct About {
    /// The workbook's path, as shown to the officer.
    pub path: String,
    pub office: String,
}

impl View for About {
    fn ui(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>) {
        let lang = cx.lang;
        ui.heading(tr(lang, "Sổ khuyến công", "Industrial extension workbook"));
        ui.label(format!("{} {}", tr(lang, "Phiên bản", "Version"), env!("CARGO_PKG_VERSION")));
        ui.label(format!("{}: {}", tr(lang, "Đơn vị", "Office"), self.office));
        ui.label(format!("{}: {}", tr(lang, "Tệp", "File"), self.path));
    }

    fn footer(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>) {
        close_button(ui, cx);
    }
}
