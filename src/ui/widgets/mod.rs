//! Pieces drawn by several screens and dialogs.

pub mod charts;
pub mod date_field;
pub mod fields;
pub mod filters;
pub mod plan_lines;

use egui::{Response, Ui};

/// A button that edits the workbook: disabled, with the reason on hover,
/// when the workbook is read-only.
pub fn guarded_button(ui: &mut Ui, read_only: Option<&str>, text: &str) -> Response {
    match read_only {
        None => ui.button(text),
        Some(reason) => ui.add_enabled(false, egui::Button::new(text)).on_disabled_hover_text(reason),
    }
}
