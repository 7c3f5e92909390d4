//! What an officer sees with no workbook open, or an empty one.

use std::path::PathBuf;

use egui::{RichText, Ui};

use crate::command::Command;
use crate::command::FilePurpose;
use crate::domain::text::shown_path;
use crate::i18n::{Lang, tr};

pub fn show(ui: &mut Ui, workbook_open: bool, recent: &[PathBuf], lang: Lang, commands: &mut Vec<Command>) {
    ui.add_space(24.0);
    ui.vertical_centered(|ui| {
        ui.heading(tr(lang, "Sổ khuyến công", "Industrial extension workbook"));
        ui.label(if workbook_open {
            tr(
                lang,
                "Sổ này chưa có dữ liệu. Bạn muốn bắt đầu thế nào?",
                "This workbook is empty. How would you like to start?",
            )
        } else {
            tr(
                lang,
                "Chưa mở sổ nào. Bạn muốn bắt đầu thế nào?",
                "No workbook is open. How would you like to start?",
            )
        });
        ui.add_space(12.0);
        let size = egui::vec2(280.0, 34.0);
        if ui.add_sized(size, egui::Button::new(tr(lang, "Tạo sổ mới…", "New workbook…"))).clicked()
        {
            commands.push(Command::AskFile(FilePurpose::New));
        }
        if ui.add_sized(size, egui::Button::new(tr(lang, "Mở sổ…", "Open workbook…"))).clicked() {
            commands.push(Command::AskFile(FilePurpose::Open));
        }
        if ui
            .add_sized(
                size,
                egui::Button::new(tr(lang, "Mở sổ mẫu 2014–2023", "Open the 2014–2023 sample workbook")),
            )
            .clicked()
        {
            commands.push(Command::OpenSample);
        }
        if !recent.is_empty() {
            ui.add_space(16.0);
            ui.label(RichText::new(tr(lang, "Mở gần đây", "Open recent")).strong());
            for path in recent {
                if ui.link(shown_path(path)).clicked() {
                    commands.push(Command::OpenWorkbook { path: path.clone(), read_only: false });
                }
            }
        }
    });
}
