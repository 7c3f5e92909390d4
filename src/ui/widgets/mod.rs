//! Pieces drawn by several screens and dialogs.

pub mod charts;
pub mod date_field;
