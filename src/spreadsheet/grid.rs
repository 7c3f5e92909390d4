//! The cells of a file's sheets, with what the format knows besides values.

use super::error::Excess;
use super::limits::{MAX_CELLS, bounded_merges, too_large};
use super::{Cell, ReadError};

/// Every sheet of a file, in the file's order.
#[derive(Debug, Clone, Default)]
pub struct Book {
    pub sheets: Vec<Grid>,
    /// How the text of a CSV was decoded, when it was not UTF-8 (shown to the officer).
    pub decoded_from: Option<&'static str>,
}

/// Inclusive 0-based ranges of rows or columns, sorted.
pub type Ranges = Vec<(u32, u32)>;

/// A rectangle of merged cells, 0-based and inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    pub first_row: u32,
    pub first_col: u32,
    pub last_row: u32,
    pub last_col: u32,
}

impl Merge {
    pub fn contains(&self, row: u32, col: u32) -> bool {
        (self.first_row..=self.last_row).contains(&row) && (self.first_col..=self.last_col).contains(&col)
    }
}

/// One row that holds something: its 0-based row in the sheet and its cells
/// from the grid's first column.
#[derive(Debug, Clone, Default)]
pub struct GridRow {
    pub row: u32,
    pub cells: Vec<Cell>,
}

/// One sheet.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    pub name: String,
    /// Hidden (or "very hidden") in the file: a list sheet, not the officer's table.
    pub hidden: bool,
    /// Rows that hold at least one value, top to bottom.
    pub rows: Vec<GridRow>,
    /// The 0-based column of `GridRow::cells[0]`.
    pub first_col: u32,
    pub width: usize,
    /// Hidden rows (by hand or by a filter) as inclusive 0-based ranges, sorted.
    pub hidden_rows: Vec<(u32, u32)>,
    /// Hidden columns as inclusive 0-based ranges, sorted.
    pub hidden_cols: Vec<(u32, u32)>,
    pub merges: Vec<Merge>,
    /// Cells holding a formula whose value was never stored (0-based row, column), sorted.
    pub formulas_without_value: Vec<(u32, u32)>,
}

fn in_ranges(ranges: &[(u32, u32)], x: u32) -> bool {
    let i = ranges.partition_point(|(_, last)| *last < x);
    ranges.get(i).is_some_and(|(first, _)| *first <= x)
}

/// Sorts ranges and joins those that touch.
pub fn normalise_ranges(mut ranges: Vec<(u32, u32)>) -> Vec<(u32, u32)> {
    ranges.sort_unstable();
    let mut out: Vec<(u32, u32)> = Vec::with_capacity(ranges.len());
    for (first, last) in ranges {
        match out.last_mut() {
            Some((_, end)) if first <= end.saturating_add(1) => *end = (*end).max(last),
            _ => out.push((first, last)),
        }
    }
    out
}

impl Grid {
    pub fn row_hidden(&self, row: u32) -> bool {
        in_ranges(&self.hidden_rows, row)
    }

    pub fn col_hidden(&self, col: u32) -> bool {
        in_ranges(&self.hidden_cols, col)
    }

    /// The 0-based sheet column of a cell index.
    pub fn col_of(&self, index: usize) -> u32 {
        self.first_col.saturating_add(index as u32)
    }

    /// The merge that covers a cell, if any.
    pub fn merge_at(&self, row: u32, col: u32) -> Option<&Merge> {
        self.merges.iter().find(|m| m.contains(row, col))
    }

    /// Keeps the merges that touch the cells read, cut to them; refuses
    /// a sheet of absurdly many (see [`bounded_merges`]).
    pub fn set_merges(&mut self, merges: Vec<Merge>) -> Result<(), ReadError> {
        let last_row = self.rows.last().map_or(0, |r| r.row);
        let last_col = self.first_col.saturating_add(self.width.saturating_sub(1) as u32);
        self.merges = bounded_merges(merges, last_row, self.first_col, last_col)?;
        Ok(())
    }

    /// True when the sheet holds no value at all.
    pub fn is_empty(&self) -> bool {
        self.rows.iter().all(|r| r.cells.iter().all(Cell::is_empty))
    }

    /// Builds a grid from sparse cells (0-based row, column, value), rows in
    /// any order. Empty cells are left out. Refused when the rectangle they
    /// span is too large to hold (a few cells far apart), before it is made.
    pub fn from_cells(name: String, cells: Vec<(u32, u32, Cell)>) -> Result<Grid, ReadError> {
        let mut cells: Vec<(u32, u32, Cell)> = cells.into_iter().filter(|(_, _, c)| !c.is_empty()).collect();
        cells.sort_by_key(|(r, c, _)| (*r, *c));
        let first_col = cells.iter().map(|(_, c, _)| *c).min().unwrap_or(0);
        let last_col = cells.iter().map(|(_, c, _)| *c).max().unwrap_or(0);
        let width = (last_col - first_col) as usize + 1;
        let rows_used = cells.chunk_by(|a, b| a.0 == b.0).count();
        if rows_used.saturating_mul(width) > MAX_CELLS {
            return Err(too_large(Excess::Cells));
        }
        let mut rows: Vec<GridRow> = Vec::new();
        for (row, col, value) in cells {
            if rows.last().is_none_or(|r| r.row != row) {
                rows.push(GridRow { row, cells: vec![Cell::Empty; width] });
            }
            if let Some(last) = rows.last_mut() {
                last.cells[(col - first_col) as usize] = value;
            }
        }
        Ok(Grid { name, rows, first_col, width, ..Default::default() })
    }
}

/// Excel's name of a 0-based column: A, B, …, Z, AA, …, XFD.
pub fn column_letter(col: u32) -> String {
    let mut n = u64::from(col) + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        out.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Excel's name of a cell: "E12" for 0-based row 11, column 4.
pub fn cell_name(row: u32, col: u32) -> String {
    format!("{}{}", column_letter(col), u64::from(row) + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_named_as_excel_names_them() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(16_383), "XFD");
        assert_eq!(cell_name(11, 4), "E12");
    }

    #[test]
    fn ranges_are_joined_and_found() {
        let r = normalise_ranges(vec![(5, 6), (1, 1), (2, 3), (9, 9)]);
        assert_eq!(r, vec![(1, 3), (5, 6), (9, 9)]);
        assert!(in_ranges(&r, 2) && in_ranges(&r, 6) && in_ranges(&r, 9));
        assert!(!in_ranges(&r, 4) && !in_ranges(&r, 0) && !in_ranges(&r, 10));
    }
}
