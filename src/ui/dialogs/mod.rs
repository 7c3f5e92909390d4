//! Small windows: choosing a file (with the system's dialog when it can be
//! shown, else by typing the path), confirming a deletion, telling why
//! something was refused, and "about".

pub mod form;
pub mod import;
pub mod import_reading;
pub mod merge;
pub mod report;

use std::path::PathBuf;

use egui::{Id, Modal, RichText, Ui};

use crate::command::{ChartFile, Command, FilePurpose};
use crate::domain::RecordKind;
use crate::i18n::{Lang, tr};
use crate::ui::dialogs::report::ReportDialog;
use crate::ui::theme;
use crate::workbook::merge::MergeLogEntry;

/// A file to choose: the path can be typed or pasted, or picked with the
/// system's dialog ("Chọn…"), which some Linux desktops cannot show.
#[derive(Debug, Clone, PartialEq)]
pub struct FileDialog {
    pub purpose: FilePurpose,
    pub path: String,
    pub office: String,
    pub read_only: bool,
    /// The path field has had the keyboard focus given once.
    pub focused: bool,
    /// The file the new one is made from ([`FilePurpose::RecoverCopy`]).
    pub source: Option<PathBuf>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Dialog {
    File(FileDialog),
    ConfirmDelete {
        kind: RecordKind,
        id: String,
        title: String,
    },
    Message(String),
    /// A workbook whose last save was cut off and that cannot be recovered
    /// where it is: why, and the offer to recover it into a copy.
    Interrupted {
        source: PathBuf,
        text: String,
    },
    About {
        path: String,
        office: String,
    },
    Report(ReportDialog),
    MergeLog {
        log: Vec<MergeLogEntry>,
        read_only: bool,
    },
}

fn system_pick(purpose: FilePurpose, current: &str, lang: Lang) -> Option<PathBuf> {
    let name = std::path::Path::new(current)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let dialog = rfd::FileDialog::new();
    let workbook = tr(lang, "Sổ khuyến công", "Khuyen cong workbook");
    match purpose {
        FilePurpose::Open => dialog.add_filter(workbook, &["db"]).pick_file(),
        FilePurpose::New | FilePurpose::SaveAs | FilePurpose::RecoverCopy => {
            dialog.add_filter(workbook, &["db"]).set_file_name(name).save_file()
        }
        FilePurpose::Chart(_, ChartFile::Image) => {
            dialog.add_filter(tr(lang, "Ảnh PNG", "PNG image"), &["png"]).set_file_name(name).save_file()
        }
        FilePurpose::Chart(_, ChartFile::Numbers) => dialog
            .add_filter(tr(lang, "Bảng tính Excel", "Excel workbook"), &["xlsx"])
            .add_filter("CSV", &["csv"])
            .set_file_name(name)
            .save_file(),
        FilePurpose::ExportWorkbook => dialog
            .add_filter(tr(lang, "Bảng tính Excel", "Excel workbook"), &["xlsx"])
            .set_file_name(name)
            .save_file(),
        FilePurpose::ExportCsv(_) => dialog.add_filter("CSV", &["csv"]).set_file_name(name).save_file(),
        FilePurpose::Import(_) => dialog
            .add_filter(tr(lang, "Excel hoặc CSV", "Excel or CSV"), &["xlsx", "xlsm", "csv", "txt"])
            .pick_file(),
        FilePurpose::Template(_) | FilePurpose::RejectedRows => dialog
            .add_filter(tr(lang, "Bảng tính Excel", "Excel workbook"), &["xlsx"])
            .set_file_name(name)
            .save_file(),
        FilePurpose::Merge => dialog.add_filter(workbook, &["db"]).pick_file(),
    }
}

impl FileDialog {
    fn command(&self) -> Option<Command> {
        let path = PathBuf::from(self.path.trim());
        if self.path.trim().is_empty() {
            return None;
        }
        Some(match self.purpose {
            FilePurpose::New => Command::CreateWorkbook { path, office: self.office.clone() },
            FilePurpose::Open => Command::OpenWorkbook { path, read_only: self.read_only },
            FilePurpose::SaveAs => Command::SaveAs(path),
            FilePurpose::Chart(chart, ChartFile::Image) => Command::SaveChartImage(chart, path),
            FilePurpose::Chart(chart, ChartFile::Numbers) => Command::SaveChartData(chart, path),
            FilePurpose::ExportWorkbook => Command::ExportWorkbook(path),
            FilePurpose::ExportCsv(kind) => Command::ExportCsv(kind, path),
            FilePurpose::Import(kind) => Command::PreviewImport(kind, path),
            FilePurpose::Template(kind) => Command::WriteTemplate(kind, path),
            FilePurpose::RejectedRows => Command::SaveRejected(path),
            FilePurpose::Merge => Command::PlanMerge(path),
            FilePurpose::RecoverCopy => Command::RecoverCopy { source: self.source.clone()?, dest: path },
        })
    }

    fn ui(&mut self, ui: &mut Ui, recent: &[PathBuf], lang: Lang, commands: &mut Vec<Command>) {
        let (title, action) = match self.purpose {
            FilePurpose::New => (tr(lang, "Tạo sổ mới", "New workbook"), tr(lang, "Tạo", "Create")),
            FilePurpose::Open => (tr(lang, "Mở sổ", "Open workbook"), tr(lang, "Mở", "Open")),
            FilePurpose::SaveAs => (tr(lang, "Lưu thành", "Save as"), tr(lang, "Lưu", "Save")),
            FilePurpose::Chart(_, ChartFile::Image) => {
                (tr(lang, "Lưu ảnh biểu đồ", "Save the chart as a picture"), tr(lang, "Lưu", "Save"))
            }
            FilePurpose::Chart(_, ChartFile::Numbers) => (
                tr(
                    lang,
                    "Xuất số liệu biểu đồ (.xlsx hoặc .csv)",
                    "Export the chart's numbers (.xlsx or .csv)",
                ),
                tr(lang, "Xuất", "Export"),
            ),
            FilePurpose::ExportWorkbook => (
                tr(lang, "Xuất cả sổ ra Excel (.xlsx)", "Export the whole workbook to Excel (.xlsx)"),
                tr(lang, "Xuất", "Export"),
            ),
            FilePurpose::ExportCsv(_) => {
                (tr(lang, "Xuất danh sách ra CSV", "Export the list to CSV"), tr(lang, "Xuất", "Export"))
            }
            FilePurpose::Import(_) => (
                tr(lang, "Nhập từ tệp Excel hoặc CSV", "Import from an Excel or CSV file"),
                tr(lang, "Xem trước", "Preview"),
            ),
            FilePurpose::Template(_) => {
                (tr(lang, "Lưu mẫu nhập Excel", "Save the Excel template"), tr(lang, "Lưu", "Save"))
            }
            FilePurpose::RejectedRows => (
                tr(lang, "Lưu các dòng lỗi để gửi lại", "Save the rejected rows to send back"),
                tr(lang, "Lưu", "Save"),
            ),
            FilePurpose::Merge => (
                tr(
                    lang,
                    "Gộp sổ của đơn vị khác vào sổ này",
                    "Merge another office's workbook into this one",
                ),
                tr(lang, "Chạy thử", "Dry run"),
            ),
            FilePurpose::RecoverCopy => {
                (tr(lang, "Khôi phục vào bản sao", "Recover into a copy"), tr(lang, "Khôi phục", "Recover"))
            }
        };
        ui.heading(title);
        ui.add_space(4.0);
        if let Some(source) = &self.source {
            ui.add(
                egui::Label::new(format!(
                    "{} {}",
                    tr(
                        lang,
                        "Sổ gốc (chỉ được đọc, cùng tệp “-journal” đi kèm):",
                        "The original (only read, with the “-journal” file beside it):"
                    ),
                    source.display()
                ))
                .wrap(),
            );
            ui.label(tr(
                lang,
                "Bản sao mới giữ mọi thứ đến lần lưu trọn vẹn cuối cùng và được kiểm tra trước khi mở.",
                "The new copy holds everything up to the last completed save and is checked before it opens.",
            ));
        }
        let label = ui.label(tr(lang, "Đường dẫn tệp", "File path"));
        ui.horizontal(|ui| {
            let edit = ui
                .add(
                    egui::TextEdit::singleline(&mut self.path)
                        .hint_text(tr(
                            lang,
                            "ví dụ: D:\\KhuyenCong\\so-2024.db",
                            "for example: D:\\KhuyenCong\\book-2024.db",
                        ))
                        .desired_width(460.0),
                )
                .labelled_by(label.id);
            if !self.focused {
                edit.request_focus();
                self.focused = true;
            }
            if edit.lost_focus()
                && ui.input(|i| i.key_pressed(egui::Key::Enter))
                && let Some(c) = self.command()
            {
                commands.push(c);
            }
            if ui.button(tr(lang, "Chọn…", "Browse…")).clicked()
                && let Some(path) = system_pick(self.purpose, &self.path, lang)
            {
                self.path = path.display().to_string();
                commands.extend(self.command());
            }
        });
        if self.purpose == FilePurpose::New {
            let label = ui.label(tr(lang, "Tên đơn vị giữ sổ", "Office keeping the workbook"));
            ui.add(
                egui::TextEdit::singleline(&mut self.office)
                    .hint_text(tr(
                        lang,
                        "ví dụ: Phòng Kinh tế huyện Long Hồ",
                        "for example: Long Ho district economic office",
                    ))
                    .desired_width(460.0),
            )
            .labelled_by(label.id);
        }
        if self.purpose == FilePurpose::Open {
            ui.checkbox(
                &mut self.read_only,
                tr(lang, "Mở chỉ đọc (không sửa được)", "Open read-only (no editing)"),
            );
            if !recent.is_empty() {
                ui.add_space(4.0);
                ui.label(RichText::new(tr(lang, "Mở gần đây", "Recent")).strong());
                for p in recent {
                    if ui.button(p.display().to_string()).clicked() {
                        self.path = p.display().to_string();
                        commands.extend(self.command());
                    }
                }
            }
        }
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            let ready = !self.path.trim().is_empty();
            let go = ui.add_enabled(ready, egui::Button::new(action)).on_disabled_hover_text(tr(
                lang,
                "Hãy nhập đường dẫn tệp.",
                "Enter a file path.",
            ));
            if go.clicked() {
                commands.extend(self.command());
            }
            if ui.button(tr(lang, "Hủy", "Cancel")).clicked() {
                commands.push(Command::CloseDialog);
            }
        });
    }
}

/// Draws the open dialog, if any.
pub fn show(
    ctx: &egui::Context,
    dialog: &mut Dialog,
    recent: &[PathBuf],
    lang: Lang,
    commands: &mut Vec<Command>,
) {
    let id = Id::unique("dialog");
    let area = Modal::default_area(id).anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 80.0));
    let response = Modal::new(id).area(area).show(ctx, |ui| {
        ui.set_max_width(620.0);
        match dialog {
            Dialog::File(file) => file.ui(ui, recent, lang, commands),
            Dialog::ConfirmDelete { kind, id, title } => {
                ui.heading(tr(lang, "Xóa bản ghi?", "Delete this record?"));
                ui.label(match lang {
                    Lang::Vi => {
                        format!("Xóa {} “{}”? Có thể hoàn tác bằng Ctrl+Z.", kind.singular(lang), title)
                    }
                    Lang::En => format!("Delete {} “{}”? Ctrl+Z undoes it.", kind.singular(lang), title),
                });
                ui.horizontal(|ui| {
                    if ui.button(RichText::new(tr(lang, "Xóa", "Delete")).color(theme::ERROR)).clicked() {
                        commands.push(Command::Delete(*kind, id.clone()));
                    }
                    if ui.button(tr(lang, "Không xóa", "Keep it")).clicked() {
                        commands.push(Command::CloseDialog);
                    }
                });
            }
            Dialog::Message(text) => {
                ui.heading(tr(lang, "Không thực hiện được", "Could not do that"));
                ui.add(egui::Label::new(text.as_str()).wrap());
                if ui.button(tr(lang, "Đóng", "Close")).clicked() {
                    commands.push(Command::CloseDialog);
                }
            }
            Dialog::Interrupted { source, text } => {
                ui.heading(tr(lang, "Không mở được", "Could not open"));
                ui.add(egui::Label::new(text.as_str()).wrap());
                ui.horizontal(|ui| {
                    if ui.button(tr(lang, "Khôi phục vào bản sao…", "Recover into a copy…")).clicked()
                    {
                        commands.push(Command::AskRecoverCopy(source.clone()));
                    }
                    if ui.button(tr(lang, "Đóng", "Close")).clicked() {
                        commands.push(Command::CloseDialog);
                    }
                });
            }
            Dialog::Report(report) => report.ui(ui, lang, commands),
            Dialog::MergeLog { log, read_only } => {
                crate::ui::dialogs::merge::log_ui(ui, log, *read_only, lang, commands)
            }
            Dialog::About { path, office } => {
                ui.heading(tr(lang, "Sổ khuyến công", "Industrial extension workbook"));
                ui.label(format!("{} {}", tr(lang, "Phiên bản", "Version"), env!("CARGO_PKG_VERSION")));
                ui.label(format!("{}: {office}", tr(lang, "Đơn vị", "Office")));
                ui.label(format!("{}: {path}", tr(lang, "Tệp", "File")));
                if ui.button(tr(lang, "Đóng", "Close")).clicked() {
                    commands.push(Command::CloseDialog);
                }
            }
        }
    });
    // Esc closes any dialog; a click outside closes all but a confirmation.
    let escape = ctx.input(|i| i.key_pressed(egui::Key::Escape));
    if escape || (response.should_close() && !matches!(dialog, Dialog::ConfirmDelete { .. })) {
        commands.push(Command::CloseDialog);
    }
}
