//! Files that cross the office's door: reading officers' spreadsheets into
//! the workbook, the Excel templates sent to districts, and the Excel, CSV
//! and chart files written out of it.

pub mod chart_table;
pub mod export;
pub mod import;
pub mod template;
