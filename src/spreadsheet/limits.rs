//! How much of a file is read before it is refused. An officer's table has
//! hundreds or thousands of rows; a damaged or hostile file can claim
//! billions, and must be refused before that much memory is taken.

use super::ReadError;

/// The largest file read at all (a CSV of a million rows is about 200 MB).
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;
/// Excel's own limits: a cell beyond them does not come from a spreadsheet program.
pub const MAX_ROWS: u32 = 1_048_576;
pub const MAX_COLUMNS: u32 = 16_384;
/// Cells held at once (rows × columns in use).
pub const MAX_CELLS: usize = 5_000_000;
/// The text of one spreadsheet cell: Excel's own limit.
pub const MAX_CELL_CHARS: usize = 32_767;
/// The text of one CSV cell (bytes). Longer than any spreadsheet cell, so a
/// too long name is still refused by the record's rules, naming its line.
pub const MAX_CSV_CELL_BYTES: usize = 2 * 1024 * 1024;
/// All text held from one file, however often a shared text is used.
pub const MAX_TEXT_BYTES: usize = 512 * 1024 * 1024;
/// One part of an XLSX or ODS file once unpacked, and all of them together.
pub const MAX_PART_BYTES: u64 = 512 * 1024 * 1024;
pub const MAX_UNPACKED_BYTES: u64 = 1024 * 1024 * 1024;
/// Sheets in one file.
pub const MAX_SHEETS: usize = 256;

pub fn check_file_size(bytes: u64) -> Result<(), ReadError> {
    if bytes > MAX_FILE_BYTES { Err(ReadError::FileTooLarge { bytes }) } else { Ok(()) }
}

/// Counts the cells and text taken while reading, and refuses past the limits.
#[derive(Debug, Default)]
pub struct Budget {
    cells: usize,
    text: usize,
}

impl Budget {
    /// Takes one cell of `text_bytes` at (row, col), 0-based.
    pub fn take(&mut self, row: u32, col: u32, text_bytes: usize) -> Result<(), ReadError> {
        if row >= MAX_ROWS || col >= MAX_COLUMNS {
            return Err(ReadError::TooLarge);
        }
        self.cells += 1;
        self.text = self.text.saturating_add(text_bytes);
        if self.cells > MAX_CELLS || self.text > MAX_TEXT_BYTES {
            return Err(ReadError::TooLarge);
        }
        Ok(())
    }
}
