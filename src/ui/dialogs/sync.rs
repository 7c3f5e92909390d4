//! File → "Đồng bộ với máy chủ…": the province server's address and the
//! office's password. The password is kept in memory only, until the
//! program closes; the address is kept in the workbook without it.

use egui::Ui;

use crate::command::{Command, Password};
use crate::i18n::tr;
use crate::ui::{View, ViewContext};

#[derive(Clone, PartialEq, Default)]
pub struct SyncDialog {
    pub address: String,
    pub password: String,
    /// "Last synced …, N changes waiting", when the workbook has synced.
    pub last: Option<String>,
    /// The first field to fill has had the keyboard (once, when opened).
    pub focused: bool,
}

impl std::fmt::Debug for SyncDialog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SyncDialog").field("address", &self.address).finish_non_exhaustive()
    }
}

impl SyncDialog {
    /// What "Đồng bộ" (and Enter) sends.
    pub fn start(&self) -> Command {
        Command::StartSync {
            address: self.address.trim().to_string(),
            password: Password(self.password.clone()),
        }
    }
}

impl View for SyncDialog {
    fn ui(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>) {
        let lang = cx.lang;
        ui.heading(tr(lang, "Đồng bộ với máy chủ của tỉnh", "Sync with the province's server"));
        ui.add_space(4.0);
        ui.add(
            egui::Label::new(tr(
                lang,
                "Gửi các thay đổi của sổ này lên máy chủ và nhận thay đổi của các đơn vị khác. Bản ghi sửa ở cả hai nơi được hỏi như khi gộp sổ.",
                "Sends this workbook's changes to the server and receives the other offices' changes. Records changed on both sides are asked about as in a merge.",
            ))
            .wrap(),
        );
        if let Some(last) = &self.last {
            ui.weak(last);
        }
        ui.add_space(4.0);
        egui::Grid::new("sync-fields").num_columns(2).spacing([12.0, 6.0]).show(ui, |ui| {
            let label = ui.label(tr(lang, "Địa chỉ máy chủ", "Server address"));
            let address = ui
                .add(
                    egui::TextEdit::singleline(&mut self.address)
                        .hint_text("postgresql://kc_phong_kinh_te@may-chu:5432/khuyencong?sslmode=require")
                        .desired_width(420.0),
                )
                .labelled_by(label.id);
            ui.end_row();
            let empty_address = self.address.trim().is_empty();
            let label = ui.label(tr(lang, "Mật khẩu", "Password"));
            let password = ui
                .add(egui::TextEdit::singleline(&mut self.password).password(true).desired_width(420.0))
                .labelled_by(label.id);
            ui.end_row();
            if !self.focused {
                self.focused = true;
                if empty_address { address.request_focus() } else { password.request_focus() }
            }
        });
        ui.add(
            egui::Label::new(tr(
                lang,
                "Tên đăng nhập và mật khẩu do quản trị máy chủ của tỉnh cấp cho đơn vị. Mật khẩu không được lưu vào sổ hay cài đặt; chương trình chỉ nhớ đến khi đóng.",
                "The login and password are given to the office by the province's server administrator. The password is not saved in the workbook or the settings; the program keeps it only until it closes.",
            ))
            .wrap(),
        );
    }

    fn footer(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>) {
        let lang = cx.lang;
        ui.horizontal(|ui| {
            let ready = !self.address.trim().is_empty() && cx.read_only.is_none();
            if ui.add_enabled(ready, egui::Button::new(tr(lang, "Đồng bộ", "Sync"))).clicked() {
                cx.send(self.start());
            }
            if ui.button(tr(lang, "Đóng", "Close")).clicked() {
                cx.send(Command::CloseDialog);
            }
        });
    }
}
