//! Reading officers' spreadsheets into a table of records, the way an
//! experienced officer reads them.
//!
//! Two steps, each in its own files:
//! - [`open`] reads a file into a [`Book`] of [`Grid`]s: the cells of every
//!   sheet with what the format knows besides values (hidden rows and
//!   columns, merged cells, formulas without a stored value). One reader per
//!   format: [`csv`] (with [`encoding`]), [`xlsx`], [`xls`], [`ods`]; every
//!   one bounded ([`limits`]) before it allocates.
//! - [`read_table`] finds in a grid the table of one record kind: the sheet
//!   ([`choose`]), old font encodings ([`legacy`]), the header under the title
//!   lines ([`layout`]), money units ([`units`]), how numbers and dates are
//!   written ([`formats`]), total, group and note rows ([`rows`]); and writes
//!   down every decision it made ([`reading`]).
//!
//! Nothing here knows the workbook: the import (`report::import`) checks the
//! rows against the records kept.

pub mod biff;
pub mod cell;
pub mod choose;
mod columns;
pub mod csv;
pub mod encoding;
pub mod error;
pub mod formats;
pub mod grid;
pub mod layout;
pub mod legacy;
pub mod limits;
pub mod ods;
pub mod reading;
pub mod rows;
pub mod table;
pub mod units;
pub mod values;
pub mod xls;
pub mod xlsx;

use std::path::Path;

pub use cell::Cell;
pub use error::{Excess, ReadError};
pub use grid::{Book, Grid, column_letter};
pub use reading::{Notice, TableProblem};
pub use table::{ReadOptions, Table, TableRow, read_table};

/// The kinds of file officers send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    Csv,
    Xlsx,
    Xls,
    Ods,
}

impl FileFormat {
    /// The format a file's extension names.
    pub fn of_path(path: &Path) -> Option<FileFormat> {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
        match ext.as_str() {
            "csv" | "txt" | "tsv" => Some(FileFormat::Csv),
            "xlsx" | "xlsm" => Some(FileFormat::Xlsx),
            "xls" => Some(FileFormat::Xls),
            "ods" => Some(FileFormat::Ods),
            _ => None,
        }
    }
}

/// The format the first bytes of a file show, whatever its name says: an
/// `.xls` that is really an XLSX (a common rename) is read as what it is.
fn sniff(path: &Path) -> Option<FileFormat> {
    use std::io::Read;
    let mut head = [0u8; 8];
    let n = std::fs::File::open(path).and_then(|mut f| f.read(&mut head)).ok()?;
    let head = &head[..n];
    if head.starts_with(b"PK\x03\x04") {
        // XLSX or ODS: the zip's own parts tell which.
        return Some(if xlsx::is_ods_zip(path) { FileFormat::Ods } else { FileFormat::Xlsx });
    }
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Some(FileFormat::Xls);
    }
    None
}

/// Reads every sheet of a CSV, XLSX, XLS or ODS file.
pub fn open(path: &Path) -> Result<Book, ReadError> {
    let named = FileFormat::of_path(path).ok_or(ReadError::UnknownFormat)?;
    let size = std::fs::metadata(path).map_err(|e| ReadError::Io(e.to_string()))?.len();
    limits::check_file_size(size)?;
    let format = match (named, sniff(path)) {
        // A CSV is text: whatever its first bytes, it is read as text, and a
        // spreadsheet renamed .csv is refused by the text reader's checks.
        (FileFormat::Csv, _) => FileFormat::Csv,
        (_, Some(found)) => found,
        (_, None) => return Err(ReadError::NotASpreadsheet),
    };
    match format {
        FileFormat::Csv => {
            let bytes = std::fs::read(path).map_err(|e| ReadError::Io(e.to_string()))?;
            csv::read_csv_owned(bytes)
        }
        FileFormat::Xlsx => xlsx::read(path),
        FileFormat::Xls => xls::read(path),
        FileFormat::Ods => ods::read(path),
    }
}
