//! How much of a file is read before it is refused. An officer's table has
//! hundreds or thousands of rows; a damaged or hostile file can claim
//! billions, and must be refused before that much memory or time is taken.
//!
//! The limits together keep the import of any file under about 1,5 GB of
//! address space (see the README, "What a bad file can and cannot do").

use super::ReadError;
use super::error::Excess;
use super::grid::Merge;

/// The largest file read at all (a CSV of a million rows is about 200 MB).
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;
/// Excel's own limits: a cell beyond them does not come from a spreadsheet program.
pub const MAX_ROWS: u32 = 1_048_576;
pub const MAX_COLUMNS: u32 = 16_384;
/// Cells held at once (rows × columns in use), all sheets of a file together.
pub const MAX_CELLS: usize = 5_000_000;
/// The text of one spreadsheet cell: Excel's own limit.
pub const MAX_CELL_CHARS: usize = 32_767;
/// The text of one CSV cell (bytes). Longer than any spreadsheet cell, so a
/// too long name is still refused by the record's rules, naming its line.
pub const MAX_CSV_CELL_BYTES: usize = 2 * 1024 * 1024;
/// One CSV line, all its cells together.
pub const MAX_CSV_LINE_BYTES: usize = 16 * 1024 * 1024;
/// All text held from one file, however often a shared text is used.
pub const MAX_TEXT_BYTES: usize = 256 * 1024 * 1024;
/// A part of an XLSX or ODS file that holds cells (a sheet, the shared
/// strings, an ODS content), once unpacked.
pub const MAX_TABLE_PART_BYTES: u64 = 256 * 1024 * 1024;
/// Any other part (styles, the workbook's list of sheets, relations,
/// drawings): a few kilobytes in a real file.
pub const MAX_OTHER_PART_BYTES: u64 = 32 * 1024 * 1024;
/// All the parts of one file together, once unpacked.
pub const MAX_UNPACKED_BYTES: u64 = 512 * 1024 * 1024;
/// Parts in one zip.
pub const MAX_PARTS: usize = 10_000;
/// Sheets in one file.
pub const MAX_SHEETS: usize = 256;
/// Merged ranges in one sheet; a government table has a few dozen.
pub const MAX_MERGES: usize = 100_000;

pub fn too_large(excess: Excess) -> ReadError {
    ReadError::TooLarge(excess)
}

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
    /// Takes one cell of `text_bytes` at (row, col), 0-based. Call it before
    /// the cell's text is copied.
    pub fn take(&mut self, row: u32, col: u32, text_bytes: usize) -> Result<(), ReadError> {
        if row >= MAX_ROWS || col >= MAX_COLUMNS {
            return Err(too_large(Excess::OutsideSheet));
        }
        self.cells += 1;
        self.text = self.text.saturating_add(text_bytes);
        if self.cells > MAX_CELLS {
            return Err(too_large(Excess::Cells));
        }
        if self.text > MAX_TEXT_BYTES {
            return Err(too_large(Excess::Text));
        }
        Ok(())
    }
}

/// The merges of a sheet cut to the rows and columns that hold values
/// (`last_row`, `first_col..=last_col`); refused when there are more than
/// [`MAX_MERGES`] or they cover more than [`MAX_CELLS`] cells, which no real
/// table does (Excel does not let merges overlap) and which would make
/// every row's reading walk millions of cells.
pub fn bounded_merges(
    merges: Vec<Merge>,
    last_row: u32,
    first_col: u32,
    last_col: u32,
) -> Result<Vec<Merge>, ReadError> {
    if merges.len() > MAX_MERGES {
        return Err(too_large(Excess::Merges));
    }
    let mut covered: usize = 0;
    let mut out = Vec::with_capacity(merges.len());
    for m in merges {
        if m.first_row > last_row || m.first_col > last_col || m.last_col < first_col {
            continue;
        }
        let m = Merge {
            last_row: m.last_row.min(last_row),
            first_col: m.first_col.max(first_col),
            last_col: m.last_col.min(last_col),
            ..m
        };
        let area = (m.last_row.saturating_sub(m.first_row) as usize + 1)
            .saturating_mul(m.last_col.saturating_sub(m.first_col) as usize + 1);
        covered = covered.saturating_add(area);
        if covered > MAX_CELLS {
            return Err(too_large(Excess::Merges));
        }
        out.push(m);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn merge(first_row: u32, first_col: u32, last_row: u32, last_col: u32) -> Merge {
        Merge { first_row, first_col, last_row, last_col }
    }

    #[test]
    fn merges_are_cut_to_the_table_and_bounded() {
        let kept =
            bounded_merges(vec![merge(0, 0, 1_048_575, 16_383), merge(900, 0, 901, 1)], 99, 0, 9).unwrap();
        assert_eq!(kept, vec![merge(0, 0, 99, 9)], "cut to the table; the one below it dropped");
        let many = vec![merge(0, 0, 0, 1); MAX_MERGES + 1];
        assert_eq!(bounded_merges(many, 10, 0, 10), Err(too_large(Excess::Merges)));
        let overlapping = vec![merge(0, 0, 999_999, 9); 2];
        assert_eq!(bounded_merges(overlapping, 999_999, 0, 9), Err(too_large(Excess::Merges)));
    }

    #[test]
    fn the_budget_refuses_cells_outside_the_sheet_and_too_much_text() {
        let mut b = Budget::default();
        assert_eq!(b.take(MAX_ROWS, 0, 0), Err(too_large(Excess::OutsideSheet)));
        assert!(b.take(0, 0, MAX_TEXT_BYTES).is_ok());
        assert_eq!(b.take(1, 0, 1), Err(too_large(Excess::Text)));
    }
}
