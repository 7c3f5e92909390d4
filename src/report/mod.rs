//! Reading officers' files into the workbook, and writing figures out of it.

pub mod chart_table;
pub mod import;
pub mod table;
pub mod text;
