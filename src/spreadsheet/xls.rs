//! XLS (Excel 97–2003, still on many district PCs): values and merged cells
//! by calamine; hidden rows and columns from the sheets' ROW and COLINFO
//! records, which calamine does not report.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use calamine::{Data, Reader, SheetType, SheetVisible, Xls};

use super::grid::{Book, Grid, Merge, Ranges, cell_name, normalise_ranges};
use super::limits::{Budget, MAX_CELL_CHARS, MAX_FILE_BYTES, MAX_SHEETS};
use super::{Cell, ReadError};

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const BOUNDSHEET: u16 = 0x0085;
const ROW: u16 = 0x0208;
const COLINFO: u16 = 0x007D;

/// The records of a BIFF stream: (type, data).
fn records(stream: &[u8]) -> impl Iterator<Item = (usize, u16, &[u8])> {
    let mut at = 0usize;
    std::iter::from_fn(move || {
        let head = stream.get(at..at + 4)?;
        let typ = u16::from_le_bytes([head[0], head[1]]);
        let len = u16::from_le_bytes([head[2], head[3]]) as usize;
        let data = stream.get(at + 4..at + 4 + len)?;
        let start = at;
        at += 4 + len;
        Some((start, typ, data))
    })
}

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    data.get(at..at + 2).map(|b| u16::from_le_bytes([b[0], b[1]]))
}

/// Hidden rows and columns of every sheet, in the order of the workbook's
/// sheet records (the order calamine lists them in).
fn hidden_by_sheet(stream: &[u8]) -> Vec<(Ranges, Ranges)> {
    let offsets: Vec<usize> = records(stream)
        .take_while(|(_, typ, _)| *typ != EOF)
        .filter(|(_, typ, data)| *typ == BOUNDSHEET && data.len() >= 4)
        .map(|(_, _, data)| u32::from_le_bytes([data[0], data[1], data[2], data[3]]) as usize)
        .collect();
    offsets
        .into_iter()
        .take(MAX_SHEETS)
        .map(|offset| {
            let (mut rows, mut cols) = (Vec::new(), Vec::new());
            let Some(sub) = stream.get(offset..) else { return (rows, cols) };
            for (i, (_, typ, data)) in records(sub).enumerate() {
                match typ {
                    BOF if i > 0 => break,
                    EOF => break,
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
    std::panic::catch_unwind(|| read_unguarded(path))
        .unwrap_or_else(|_| Err(ReadError::Damaged("damaged worksheet".into())))
}

fn read_unguarded(path: &Path) -> Result<Book, ReadError> {
    let error = |e: calamine::XlsError| ReadError::Damaged(e.to_string());
    let mut book: Xls<BufReader<File>> = calamine::open_workbook(path).map_err(error)?;
    let hidden = workbook_stream(path).map(|s| hidden_by_sheet(&s)).unwrap_or_default();
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
        grid.merges = merges;
        if let Some((rows, cols)) = hidden.get(index) {
            grid.hidden_rows = rows.clone();
            grid.hidden_cols = cols.clone();
        }
        grid.formulas_without_value = formulas_without_value;
        out.sheets.push(grid);
    }
    Ok(out)
}
