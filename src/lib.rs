//! Sổ khuyến công: records, charts and reports for the program officers of
//! Vietnam's provincial Industrial Extension Centres.
//!
//! Layers, from the bottom up:
//! - [`domain`]: record types, stable codes with Vietnamese and English labels,
//!   validation, Vietnamese number/date/text rules. No I/O.
//! - [`workbook`]: the SQLite workbook file. No egui.
//! - [`report`]: summaries and file import.
//! - [`cli`]: the command line.

pub mod app;
pub mod cli;
mod cli_exchange;
pub mod domain;
pub mod guard;
pub mod i18n;
pub mod output;
mod parallel;
pub mod report;
pub mod spreadsheet;
pub mod ui;
pub mod workbook;
