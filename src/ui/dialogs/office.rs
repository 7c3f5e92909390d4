//! The office's details: its name and province, kept in the workbook, and
//! the officer's own name, kept in the program's settings on this computer.

use egui::Ui;

use crate::command::Command;
use crate::i18n::tr;
use crate::ui::{View, ViewContext};

#[derive(Debug, Clone, PartialEq)]
pub struct OfficeDialog {
    pub office: String,
    pub province: String,
    pub officer: String,
}

impl OfficeDialog {
    /// What "Lưu" (and Enter) sends.
    pub fn save(&self) -> Command {
        Command::SaveOffice {
            office: self.office.clone(),
            province: self.province.clone(),
            officer: self.officer.clone(),
        }
    }
}

impl View for OfficeDialog {
    fn ui(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>) {
        let lang = cx.lang;
        ui.heading(tr(lang, "Thông tin đơn vị", "Office details"));
        ui.add_space(4.0);
        if let Some(reason) = cx.read_only {
            ui.add(egui::Label::new(reason).wrap());
        }
        // A read-only workbook keeps its office; the officer's name is this computer's.
        let writable = cx.read_only.is_none();
        egui::Grid::new("office-fields").num_columns(2).spacing([12.0, 6.0]).show(ui, |ui| {
            let field = |ui: &mut Ui, label: &str, value: &mut String, hint: &str, enabled: bool| {
                let label = ui.label(label);
                ui.add_enabled(
                    enabled,
                    egui::TextEdit::singleline(value).hint_text(hint).desired_width(360.0),
                )
                .labelled_by(label.id);
                ui.end_row();
            };
            field(
                ui,
                tr(lang, "Tên đơn vị giữ sổ", "Office keeping the workbook"),
                &mut self.office,
                tr(
                    lang,
                    "ví dụ: Phòng Kinh tế huyện Long Hồ",
                    "for example: Long Ho district economic office",
                ),
                writable,
            );
            field(ui, tr(lang, "Tỉnh", "Province"), &mut self.province, "Vĩnh Long", writable);
            field(
                ui,
                tr(lang, "Tên cán bộ", "Officer's name"),
                &mut self.officer,
                tr(lang, "ví dụ: Nguyễn Thị Lan", "for example: Nguyen Thi Lan"),
                true,
            );
        });
        ui.add(
            egui::Label::new(tr(
                lang,
                "Tên đơn vị và tỉnh được lưu trong sổ; tên cán bộ được lưu trong cài đặt của chương trình trên máy này.",
                "The office and province are saved in the workbook; the officer's name in the program's settings on this computer.",
            ))
            .wrap(),
        );
    }

    fn footer(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>) {
        let lang = cx.lang;
        ui.horizontal(|ui| {
            if ui.button(tr(lang, "Lưu", "Save")).clicked() {
                cx.send(self.save());
            }
            if ui.button(tr(lang, "Hủy", "Cancel")).clicked() {
                cx.send(Command::CloseDialog);
            }
        });
    }
}
