//! XLS (Excel 97–2003, still on many district PCs): values and merged cells
//! by calamine; hidden rows and columns from the sheets' ROW and COLINFO
//! records, which calamine does not report.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use calamine::{Data, Reader, SheetType, SheetVisible, Xls};

use super::biff::{self, sheet_offsets, sheet_records, u16_at};
use super::grid::{Book, Grid, Merge, Ranges, cell_name, normalise_ranges};
use super::limits::{Budget, MAX_CELL_CHARS, MAX_FILE_BYTES, MAX_SHEETS};
use super::{Cell, ReadError};

const ROW: u16 = 0x0208;
const COLINFO: u16 = 0x007D;

/// Hidden rows and columns of every sheet, in the order of the workbook's
/// sheet records (the order calamine lists them in).
fn hidden_by_sheet(stream: &[u8]) -> Vec<(Ranges, Ranges)> {
    sheet_offsets(stream)
        .into_iter()
        .take(MAX_SHEETS)
        .map(|offset| {
            let (mut rows, mut cols) = (Vec::new(), Vec::new());
            for (typ, data) in sheet_records(stream, offset) {
                match typ {
                    ROW => {
                        if let (Some(row), Some(flags)) = (u16_at(data, 0), u16_at(data, 12))
                            && flags & 0x0020 != 0
                        {
                            rows.push((u32::from(row), u32::from(row)));
                        }
                    }
                    COLINFO => {
                        if let (Some(first), Some(last), Some(flags)) =
                            (u16_at(data, 0), u16_at(data, 2), u16_at(data, 8))
                            && flags & 0x0001 != 0
                        {
                            cols.push((u32::from(first), u32::from(last.max(first))));
                        }
                    }
                    _ => {}
                }
            }
            (normalise_ranges(rows), normalise_ranges(cols))
        })
        .collect()
}

/// The workbook stream of an XLS file (BIFF8 "Workbook", BIFF5 "Book").
fn workbook_stream(path: &Path) -> Option<Vec<u8>> {
    let mut file = cfb::open(path).ok()?;
    for name in ["/Workbook", "/Book"] {
        if let Ok(stream) = file.open_stream(name) {
            let mut bytes = Vec::new();
            stream.take(MAX_FILE_BYTES).read_to_end(&mut bytes).ok()?;
            return Some(bytes);
        }
    }
    None
}

/// Reads every worksheet of an XLS file.
pub fn read(path: &Path) -> Result<Book, ReadError> {
    crate::guard::catch(|| read_unguarded(path))
        .unwrap_or_else(|| Err(ReadError::Damaged("damaged worksheet".into())))
}

fn read_unguarded(path: &Path) -> Result<Book, ReadError> {
    let error = |e: calamine::XlsError| ReadError::Damaged(e.to_string());
    // calamine reads every sheet when it opens the file: what that will
    // take is checked first.
    let stream = workbook_stream(path).ok_or_else(|| ReadError::Damaged("no workbook stream".into()))?;
    biff::check(&stream)?;
    let mut book: Xls<BufReader<File>> = calamine::open_workbook(path).map_err(error)?;
    let hidden = hidden_by_sheet(&stream);
    let sheets: Vec<(usize, String, bool)> = book
        .sheets_metadata()
        .iter()
        .enumerate()
        .filter(|(_, s)| s.typ == SheetType::WorkSheet)
        .map(|(i, s)| (i, s.name.clone(), s.visible != SheetVisible::Visible))
        .take(MAX_SHEETS)
        .collect();
    if sheets.is_empty() {
        return Err(ReadError::NoSheet);
    }
    let mut budget = Budget::default();
    let mut out = Book::default();
    for (index, name, sheet_hidden) in sheets {
        let range = book.worksheet_range(&name).map_err(error)?;
        let formulas = book.worksheet_formula(&name).unwrap_or_default();
        let mut cells = Vec::new();
        for (row, col, data) in range.used_cells() {
            let (row, col) = match range.start() {
                Some((r0, c0)) => (r0 + row as u32, c0 + col as u32),
                None => continue,
            };
            let value = Cell::of_data(data);
            if let Data::String(s) = data
                && s.chars().count() > MAX_CELL_CHARS
            {
                return Err(ReadError::CellTooLong { sheet: name, cell: cell_name(row, col) });
            }
            budget.take(row, col, value.text().map_or(0, str::len))?;
            cells.push((row, col, value));
        }
        let mut formulas_without_value: Vec<(u32, u32)> = formulas
            .used_cells()
            .filter_map(|(r, c, f)| {
                let (r0, c0) = formulas.start()?;
                let (row, col) = (r0 + r as u32, c0 + c as u32);
                // An empty text is a stored value (=IF(…;"";…)); nothing at all is not.
                let stored = range.get_value((row, col)).is_some_and(|v| *v != Data::Empty);
                (!f.is_empty() && !stored).then_some((row, col))
            })
            .collect();
        formulas_without_value.sort_unstable();
        let merges = book
            .merge_cells_by_sheet_name(&name)
            .unwrap_or_default()
            .into_iter()
            .map(|d| Merge {
                first_row: d.start.0,
                first_col: d.start.1,
                last_row: d.end.0,
                last_col: d.end.1,
            })
            .collect();
        let mut grid = Grid::from_cells(name, cells)?;
        grid.hidden = sheet_hidden;
        grid.set_merges(merges)?;
        if let Some((rows, cols)) = hidden.get(index) {
            grid.hidden_rows = rows.clone();
            grid.hidden_cols = cols.clone();
        }
        grid.formulas_without_value = formulas_without_value;
        out.sheets.push(grid);
    }
    Ok(out)
}
