//! Choosing a file: the path can be typed or pasted, or picked with the
//! system's dialog ("Chọn…"), which some Linux desktops cannot show.

use std::path::PathBuf;

use egui::{RichText, Ui};

use crate::command::{ChartFile, Command, FilePurpose};
use crate::i18n::{Lang, tr};
use crate::ui::{View, ViewContext};

/// A file to choose, for one purpose.
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
    /// What the file will hold, when worth saying (the rows of a list's CSV).
    pub note: String,
    /// "Chọn…" may try the system's file dialog.
    pub system_dialog: bool,
    /// "Chọn…" brought no file: said under the path, which stays as typed.
    pub nothing_picked: bool,
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
        FilePurpose::ImportPlan => dialog
            .add_filter(
                tr(lang, "Excel hoặc CSV", "Excel or CSV"),
                &["xlsx", "xlsm", "xls", "ods", "csv", "txt"],
            )
            .pick_file(),
        FilePurpose::ExportPlans => dialog
            .add_filter(tr(lang, "Bảng tính Excel", "Excel workbook"), &["xlsx"])
            .set_file_name(name)
            .save_file(),
        FilePurpose::ReportDocx => dialog
            .add_filter(tr(lang, "Văn bản Word", "Word document"), &["docx"])
            .set_file_name(name)
            .save_file(),
    }
}

impl FileDialog {
    pub fn new(purpose: FilePurpose, path: String, system_dialog: bool) -> FileDialog {
        FileDialog {
            purpose,
            path,
            office: String::new(),
            read_only: false,
            focused: false,
            source: None,
            note: String::new(),
            system_dialog,
            nothing_picked: false,
        }
    }

    /// What the dialog does with the path typed (none while it is empty).
    pub fn command(&self) -> Option<Command> {
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
            FilePurpose::ImportPlan => Command::PreviewPlanImport(path),
            FilePurpose::ExportPlans => Command::ExportPlans(path),
            FilePurpose::ReportDocx => Command::WriteReportDocx(path),
        })
    }

    /// The dialog's title and its main button's words.
    fn words(&self, lang: Lang) -> (&'static str, &'static str) {
        match self.purpose {
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
            FilePurpose::ImportPlan => (
                tr(lang, "Nhập kế hoạch từ phụ lục Excel", "Import a plan from its Excel annex"),
                tr(lang, "Xem trước", "Preview"),
            ),
            FilePurpose::ExportPlans => (
                tr(
                    lang,
                    "Xuất kế hoạch và tiến độ ra Excel (.xlsx)",
                    "Export the plans and progress to Excel (.xlsx)",
                ),
                tr(lang, "Xuất", "Export"),
            ),
            FilePurpose::ReportDocx => (
                tr(lang, "Báo cáo kết quả năm (Word, .docx)", "The yearly report (Word, .docx)"),
                tr(lang, "Viết báo cáo", "Write the report"),
            ),
        }
    }

    fn draw(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>) {
        let lang = cx.lang;
        let (title, _) = self.words(lang);
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
        if !self.note.is_empty() {
            ui.add(egui::Label::new(&self.note).wrap());
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
            if ui.button(tr(lang, "Chọn…", "Browse…")).clicked() {
                // rfd gives nothing both when the officer closes its dialog and
                // when the desktop has none to show: either way the path stays.
                let picked =
                    if self.system_dialog { system_pick(self.purpose, &self.path, lang) } else { None };
                self.nothing_picked = picked.is_none();
                if let Some(path) = picked {
                    self.path = path.display().to_string();
                    cx.send_some(self.command());
                }
            }
        });
        if self.nothing_picked {
            let text = if self.system_dialog {
                tr(
                    lang,
                    "Không có tệp nào được chọn (hộp chọn tệp đã đóng, hoặc máy này không mở được hộp chọn tệp của hệ thống). Hãy gõ hoặc dán đường dẫn vào ô trên.",
                    "No file was chosen (the file dialog was closed, or this computer cannot show the system's file dialog). Type or paste the path in the box above.",
                )
            } else {
                tr(
                    lang,
                    "Máy này không mở được hộp chọn tệp của hệ thống. Hãy gõ hoặc dán đường dẫn vào ô trên.",
                    "This computer cannot show the system's file dialog. Type or paste the path in the box above.",
                )
            };
            ui.add(egui::Label::new(text).wrap());
        }
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
            if !cx.recent.is_empty() {
                ui.add_space(4.0);
                ui.label(RichText::new(tr(lang, "Mở gần đây", "Recent")).strong());
                for p in cx.recent {
                    if ui.button(p.display().to_string()).clicked() {
                        self.path = p.display().to_string();
                        cx.send_some(self.command());
                    }
                }
            }
        }
    }
}

impl View for FileDialog {
    fn ui(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>) {
        self.draw(ui, cx);
    }

    fn footer(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>) {
        let lang = cx.lang;
        let (_, action) = self.words(lang);
        ui.horizontal(|ui| {
            let ready = !self.path.trim().is_empty();
            let go = ui.add_enabled(ready, egui::Button::new(action)).on_disabled_hover_text(tr(
                lang,
                "Hãy nhập đường dẫn tệp.",
                "Enter a file path.",
            ));
            if go.clicked() {
                cx.send_some(self.command());
            }
            if ui.button(tr(lang, "Hủy", "Cancel")).clicked() {
                cx.send(Command::CloseDialog);
            }
        });
    }
}
