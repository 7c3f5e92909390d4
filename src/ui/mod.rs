//! The window: one file per screen or form, plus shared widgets and the theme.
//! Screens draw and send [`crate::app::Command`]s; they never change the workbook.

pub mod charts;
pub mod date_field;
pub mod dialogs;
pub mod facilities;
pub mod form;
pub mod import_dialog;
pub mod import_reading;
pub mod list_screen;
pub mod merge_dialog;
pub mod overview;
pub mod report_dialog;
pub mod theme;
pub mod welcome;

use egui::{Response, Ui};

/// A button that edits the workbook: disabled, with the reason on hover,
/// when the workbook is read-only.
pub fn guarded_button(ui: &mut Ui, read_only: Option<&str>, text: &str) -> Response {
    match read_only {
        None => ui.button(text),
        Some(reason) => ui.add_enabled(false, egui::Button::new(text)).on_disabled_hover_text(reason),
    }
}
