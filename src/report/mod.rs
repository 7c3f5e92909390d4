//! Reading officers' files into the workbook, and writing figures out of it.

pub mod chart_table;
pub mod export;
pub mod import;
pub mod paragraph;
pub mod template;
pub mod text;
