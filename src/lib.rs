//! Sổ khuyến công: records, charts and reports for the program officers of
//! Vietnam's provincial Industrial Extension Centres.
//!
//! Layers, from the bottom up:
//! - [`domain`]: record types, stable codes with Vietnamese and English labels,
//!   validation, Vietnamese number/date/text rules. No I/O.
//! - [`workbook`]: the SQLite workbook file. No egui.
//! - [`exchange`]: officers' spreadsheets read in; Excel, CSV and chart files written out.
//! - [`report`]: the report paragraph and the command line's text tables.
//! - [`lists`]: the open workbook's records in memory, filtered and sorted. No egui.
//! - [`command`]: what the window can be asked to do.
//! - [`ui`]: screens, dialogs and widgets; [`app`]: the window that runs them.
//! - [`cli`]: the command line.

pub mod app;
pub mod cli;
mod cli_exchange;
pub mod cli_server;
pub mod command;
pub mod domain;
pub mod exchange;
pub mod guard;
pub mod i18n;
pub mod lists;
pub mod output;
mod parallel;
pub mod report;
pub mod server;
pub mod spreadsheet;
pub mod ui;
pub mod workbook;
