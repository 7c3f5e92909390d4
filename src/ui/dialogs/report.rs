//! The yearly-report paragraph: choose the years and the language, read the
//! text, copy it into the report. The text is computed by the app when the
//! choice changes (one summary query), never while drawing.

use egui::{RichText, Ui};

use crate::command::Command;
use crate::i18n::{Lang, tr};
use crate::ui::widgets::filters::year_range;
use crate::ui::{View, ViewContext};

#[derive(Debug, Clone, PartialEq)]
pub struct ReportDialog {
    pub from: i32,
    pub to: i32,
    /// The language of the paragraph (the window's language by default).
    pub text_lang: Lang,
    /// The years that hold data, the limits of the choice.
    pub span: (i32, i32),
    pub text: String,
}

impl View for ReportDialog {
    fn ui(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>) {
        let lang = cx.lang;
        let before = (self.from, self.to, self.text_lang);
        ui.heading(tr(lang, "Đoạn văn báo cáo", "Report paragraph"));
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            year_range(ui, lang, &mut self.from, &mut self.to, Some(self.span));
            ui.separator();
            ui.label(tr(lang, "Viết bằng", "Write in"));
            ui.radio_value(&mut self.text_lang, Lang::Vi, "Tiếng Việt");
            ui.radio_value(&mut self.text_lang, Lang::En, "English");
        });
        if (self.from, self.to, self.text_lang) != before {
            cx.send(Command::UpdateReport { from: self.from, to: self.to, lang: self.text_lang });
        }
        ui.add_space(6.0);
        egui::ScrollArea::vertical().max_height(320.0).show(ui, |ui| {
            ui.add(egui::Label::new(RichText::new(&self.text).size(15.0)).wrap().selectable(true));
        });
    }

    fn footer(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>) {
        let lang = cx.lang;
        ui.horizontal(|ui| {
            if ui.button(tr(lang, "Chép đoạn văn", "Copy the paragraph")).clicked() {
                cx.send(Command::CopyReport);
            }
            if ui.button(tr(lang, "Đóng", "Close")).clicked() {
                cx.send(Command::CloseDialog);
            }
        });
        ui.weak(tr(
            lang,
            "Số liệu lấy từ sổ đang mở, theo năm của đề án, lớp học và lượt hỗ trợ thiết kế.",
            "Figures come from the open workbook, by the year of each project, class and design support.",
        ));
    }
}
