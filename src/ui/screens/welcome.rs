//! What an officer sees with no workbook open, or an empty one.

use egui::{RichText, Ui};

use crate::command::{Command, FilePurpose};
use crate::domain::text::shown_path;
use crate::i18n::tr;
use crate::ui::{View, ViewContext};

/// The first page: start a workbook, open one, or open the sample. Also
/// shown on the overview of a workbook that holds nothing yet.
pub struct Welcome;

impl View for Welcome {
    fn ui(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>) {
        show(ui, cx);
    }
}

fn show(ui: &mut Ui, cx: &mut ViewContext<'_>) {
    let (lang, workbook_open, recent) = (cx.lang, cx.data.is_some(), cx.recent);
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
            cx.send(Command::AskFile(FilePurpose::New));
        }
        if ui.add_sized(size, egui::Button::new(tr(lang, "Mở sổ…", "Open workbook…"))).clicked() {
            cx.send(Command::AskFile(FilePurpose::Open));
        }
        if ui
            .add_sized(
                size,
                egui::Button::new(tr(lang, "Mở sổ mẫu 2014–2023", "Open the 2014–2023 sample workbook")),
            )
            .clicked()
        {
            cx.send(Command::OpenSample);
        }
        if !recent.is_empty() {
            ui.add_space(16.0);
            ui.label(RichText::new(tr(lang, "Mở gần đây", "Open recent")).strong());
            for path in recent {
                if ui.link(shown_path(path)).clicked() {
                    cx.send(Command::OpenWorkbook { path: path.clone(), read_only: false });
                }
            }
        }
    });
}
