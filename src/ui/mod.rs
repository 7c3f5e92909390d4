//! The window: one file per screen or form, plus shared widgets and the theme.
//! Screens draw and send [`crate::command::Command`]s; they never change the workbook.

pub mod dialogs;
pub mod screens;
pub mod theme;
pub mod widgets;

use egui::{Response, Ui};

/// A button that edits the workbook: disabled, with the reason on hover,
/// when the workbook is read-only.
pub fn guarded_button(ui: &mut Ui, read_only: Option<&str>, text: &str) -> Response {
    match read_only {
        None => ui.button(text),
        Some(reason) => ui.add_enabled(false, egui::Button::new(text)).on_disabled_hover_text(reason),
    }
}
