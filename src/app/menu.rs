//! The menu bar and the keyboard shortcuts, both made from the commands'
//! own texts and keys ([`Command::menu_text`], [`Command::shortcut`]).

use egui::Ui;

use super::App;
use crate::command::{Command, FilePurpose, KEYED, Screen};
use crate::domain::RecordKind;
use crate::domain::text::shown_path;
use crate::i18n::{Lang, tr};

impl App {
    pub(super) fn menu(&mut self, ui: &mut Ui) {
        let lang = self.lang;
        let open = self.wb.is_some();
        let writable = open && self.read_only_reason().is_none();
        let idle = open && self.job.is_none();
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button(tr(lang, "Tệp", "File"), |ui| {
                self.item(ui, Command::AskFile(FilePurpose::New), true);
                self.item(ui, Command::AskFile(FilePurpose::Open), true);
                ui.menu_button(tr(lang, "Mở gần đây", "Open recent"), |ui| {
                    if self.settings.recent.is_empty() {
                        ui.weak(tr(lang, "(chưa có)", "(none yet)"));
                    }
                    for path in &self.settings.recent {
                        if ui.button(shown_path(path)).clicked() {
                            self.commands
                                .push(Command::OpenWorkbook { path: path.clone(), read_only: false });
                        }
                    }
                });
                self.item(ui, Command::OpenSample, true);
                ui.separator();
                self.item(ui, Command::AskFile(FilePurpose::SaveAs), open);
                self.item(ui, Command::AskOffice, open);
                ui.separator();
                self.item(ui, Command::AskFile(FilePurpose::ExportWorkbook), idle);
                if let Some(kind) = self.screen.kind() {
                    self.item(ui, Command::AskFile(FilePurpose::ExportCsv(kind)), idle);
                }
                self.item(ui, Command::AskFile(FilePurpose::ExportPlans), idle);
                self.item(ui, Command::ShowReport, open);
                self.item(ui, Command::AskFile(FilePurpose::ReportDocx), idle);
                ui.separator();
                let importable = writable && self.job.is_none();
                ui.add_enabled_ui(importable, |ui| {
                    ui.menu_button(tr(lang, "Nhập từ Excel/CSV", "Import from Excel/CSV"), |ui| {
                        for kind in RecordKind::LISTED {
                            self.item(ui, Command::AskFile(FilePurpose::Import(kind)), true);
                        }
                        self.item(ui, Command::AskFile(FilePurpose::ImportPlan), true);
                    });
                });
                ui.menu_button(tr(lang, "Mẫu nhập Excel", "Excel templates"), |ui| {
                    for kind in RecordKind::LISTED {
                        self.item(ui, Command::AskFile(FilePurpose::Template(kind)), true);
                    }
                });
                self.item(ui, Command::AskFile(FilePurpose::Merge), importable);
                self.item(ui, Command::ShowMergeLog, open);
                self.item(ui, Command::AskSync, importable);
                ui.separator();
                self.item(ui, Command::CloseWorkbook, open);
                ui.separator();
                self.item(ui, Command::Quit, true);
            });
            ui.menu_button(tr(lang, "Sửa", "Edit"), |ui| {
                self.item(ui, Command::Undo, writable && !self.undo.is_empty());
                let kind =
                    if self.screen == Screen::Plans { Some(RecordKind::Plan) } else { self.screen.kind() };
                if let Some(kind) = kind {
                    self.item(ui, Command::NewRecord(kind), writable);
                }
            });
            ui.menu_button(tr(lang, "Ngôn ngữ", "Language"), |ui| {
                if ui.radio(lang == Lang::Vi, "Tiếng Việt").clicked() {
                    self.commands.push(Command::SetLang(Lang::Vi));
                }
                if ui.radio(lang == Lang::En, "English").clicked() {
                    self.commands.push(Command::SetLang(Lang::En));
                }
            });
            ui.menu_button(tr(lang, "Trợ giúp", "Help"), |ui| {
                self.item(ui, Command::About, open);
            });
        });
    }

    /// One menu entry: the command's words and key; clicking it sends the command.
    fn item(&mut self, ui: &mut Ui, command: Command, enabled: bool) {
        let Some(text) = command.menu_text(self.lang) else { return };
        let mut button = egui::Button::new(text);
        if let Some(shortcut) = command.shortcut() {
            button = button.shortcut_text(ui.ctx().format_shortcut(&shortcut));
        }
        if ui.add_enabled(enabled, button).clicked() {
            self.commands.push(command);
        }
    }

    /// The first of the keyed commands whose key was pressed this frame.
    pub(super) fn shortcuts(&mut self, ctx: &egui::Context) {
        let modal = !self.dialogs.is_empty();
        // In a text field, Ctrl+Z undoes typing instead: the key is left to it.
        let typing = ctx.memory(|m| m.focused().is_some());
        for command in KEYED {
            let Some(shortcut) = command.shortcut() else { continue };
            if command == Command::Undo && (modal || typing) {
                continue;
            }
            if !ctx.input_mut(|i| i.consume_shortcut(&shortcut)) {
                continue;
            }
            match command {
                Command::AskFile(FilePurpose::SaveAs) if self.wb.is_none() => {}
                Command::Present(_) if self.presenting.is_some() => {
                    self.commands.push(Command::StopPresenting)
                }
                command => self.commands.push(command),
            }
            return;
        }
    }
}
