//! ODS (LibreOffice Calc): values by calamine; hidden rows and columns and
//! merged cells from the content's XML, which calamine does not report.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use calamine::{Data, Ods, Reader, SheetVisible};
use quick_xml::events::{BytesStart, Event};

use super::error::Excess;
use super::grid::{Book, Grid, Merge, cell_name, normalise_ranges};
use super::limits::{
    Budget, MAX_CELL_CHARS, MAX_CELLS, MAX_COLUMNS, MAX_MERGES, MAX_ROWS, MAX_SHEETS, MAX_TABLE_PART_BYTES,
    MAX_TEXT_BYTES, too_large,
};
use super::xlsx::{check_parts, open_zip};
use super::{Cell, ReadError};

/// What the content says of one table besides its values.
#[derive(Debug, Default)]
struct TableFacts {
    hidden_rows: Vec<(u32, u32)>,
    hidden_cols: Vec<(u32, u32)>,
    merges: Vec<Merge>,
}

fn number(e: &BytesStart<'_>, name: &str) -> u32 {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| a.value.trim().parse::<u32>().ok())
        .unwrap_or(1)
        .max(1)
}

fn hidden(e: &BytesStart<'_>) -> bool {
    e.attributes()
        .flatten()
        .any(|a| a.key.as_ref() == "table:visibility" && matches!(a.value.as_ref(), "collapse" | "filter"))
}

fn attr_text(e: &BytesStart<'_>, name: &str) -> String {
    e.attributes().flatten().find(|a| a.key.as_ref() == name).map(|a| a.value.to_string()).unwrap_or_default()
}

/// What one row element holds: its merges, and what calamine will make of
/// its cells.
#[derive(Debug, Default)]
struct RowScan {
    merges: Vec<Merge>,
    /// Columns of the first and last cell with a value.
    first_col: Option<u32>,
    last_col: u32,
    /// Bytes of text, each repeated cell counted as often as it repeats.
    text_bytes: usize,
}

/// Reads one row up to its end.
fn scan_row(
    reader: &mut quick_xml::Reader<impl std::io::BufRead>,
    table: &str,
    row: u32,
) -> Result<RowScan, ReadError> {
    let (mut scan, mut col, mut buf) = (RowScan::default(), 0u32, Vec::new());
    // The cell being read: its column, repeats and characters of text so far.
    let mut cell: Option<(u32, u32, usize)> = None;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(event @ (Event::Start(_) | Event::Empty(_))) => {
                let (Event::Start(c) | Event::Empty(c)) = &event else { continue };
                if !matches!(c.name().as_ref(), "table:table-cell" | "table:covered-table-cell") {
                    buf.clear();
                    continue;
                }
                let (cols, rows) =
                    (number(c, "table:number-columns-spanned"), number(c, "table:number-rows-spanned"));
                if (cols > 1 || rows > 1) && scan.merges.len() <= MAX_MERGES {
                    scan.merges.push(Merge {
                        first_row: row,
                        first_col: col,
                        last_row: row.saturating_add(rows - 1),
                        last_col: col.saturating_add(cols - 1),
                    });
                }
                let repeat = number(c, "table:number-columns-repeated");
                let has_value =
                    matches!(event, Event::Start(_)) || !attr_text(c, "office:value-type").is_empty();
                if has_value {
                    scan.first_col.get_or_insert(col);
                    scan.last_col = col.saturating_add(repeat - 1).min(MAX_COLUMNS);
                }
                if matches!(event, Event::Start(_)) {
                    cell = Some((col, repeat, 0));
                }
                col = col.saturating_add(repeat);
            }
            Ok(Event::Text(t)) => {
                if let Some((at, repeat, chars)) = cell.as_mut() {
                    *chars += t.chars().count();
                    if *chars > MAX_CELL_CHARS {
                        return Err(ReadError::CellTooLong {
                            sheet: table.to_string(),
                            cell: cell_name(row, *at),
                        });
                    }
                    scan.text_bytes =
                        scan.text_bytes.saturating_add(t.len().saturating_mul(*repeat as usize));
                }
            }
            Ok(Event::End(end)) => match end.name().as_ref() {
                "table:table-cell" | "table:covered-table-cell" => cell = None,
                "table:table-row" => break,
                _ => {}
            },
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(scan)
}

/// First and last row (or column) that hold a value.
type Span = Option<(u32, u32)>;

/// What calamine will hold for the whole file, added up table by table; it
/// reads every table at once and expands repeated rows and cells.
#[derive(Debug, Default)]
struct Cost {
    row_elements: usize,
    cells: usize,
    text: usize,
}

impl Cost {
    fn add_table(&mut self, rows: Span, cols: Span) -> Result<(), ReadError> {
        if let (Some((r0, r1)), Some((c0, c1))) = (rows, cols) {
            let area =
                (r1.saturating_sub(r0) as usize + 1).saturating_mul(c1.saturating_sub(c0) as usize + 1);
            self.cells = self.cells.saturating_add(area);
        }
        self.check()
    }

    fn check(&self) -> Result<(), ReadError> {
        if self.row_elements > MAX_ROWS as usize || self.cells > MAX_CELLS {
            return Err(too_large(Excess::Cells));
        }
        if self.text > MAX_TEXT_BYTES {
            return Err(too_large(Excess::Text));
        }
        Ok(())
    }
}

/// The facts of every table of `content.xml`, in order, and the refusal of
/// a content that would make calamine take more than the limits.
fn table_facts(content: impl std::io::BufRead) -> Result<Vec<TableFacts>, ReadError> {
    let mut reader = quick_xml::Reader::from_reader(content);
    let mut buf = Vec::new();
    let mut tables: Vec<TableFacts> = Vec::new();
    let mut cost = Cost::default();
    let (mut table_count, mut current) = (0usize, None::<usize>);
    let (mut name, mut row, mut col) = (String::new(), 0u32, 0u32);
    // Rows and columns that hold values in the table being read.
    let (mut used_rows, mut used_cols): (Span, Span) = (None, None);
    loop {
        let event = reader.read_event_into(&mut buf);
        let (e, empty) = match &event {
            Ok(Event::Start(e)) => (e, false),
            Ok(Event::Empty(e)) => (e, true),
            Ok(Event::Eof) | Err(_) => break,
            _ => {
                buf.clear();
                continue;
            }
        };
        match e.name().as_ref() {
            "table:table" => {
                cost.add_table(used_rows.take(), used_cols.take())?;
                // calamine reads every table: all are counted, the first
                // ones described.
                table_count += 1;
                if table_count > MAX_SHEETS * 16 {
                    return Err(too_large(Excess::Sheets));
                }
                current = (tables.len() < MAX_SHEETS).then_some(tables.len());
                if current.is_some() {
                    tables.push(TableFacts::default());
                }
                name = attr_text(e, "table:name");
                (row, col) = (0, 0);
            }
            "table:table-column" => {
                let repeat = number(e, "table:number-columns-repeated");
                if let Some(t) = current.and_then(|i| tables.get_mut(i))
                    && hidden(e)
                    && col < MAX_COLUMNS
                {
                    t.hidden_cols.push((col, col.saturating_add(repeat - 1).min(MAX_COLUMNS)));
                }
                col = col.saturating_add(repeat);
            }
            "table:table-row" => {
                cost.row_elements += 1;
                let repeat = number(e, "table:number-rows-repeated");
                let this_row = row;
                // A repeated row's cells are given once; the next row starts after its repeats.
                row = row.saturating_add(repeat);
                if let Some(t) = current.and_then(|i| tables.get_mut(i))
                    && hidden(e)
                    && this_row < MAX_ROWS
                {
                    t.hidden_rows.push((this_row, this_row.saturating_add(repeat - 1).min(MAX_ROWS)));
                }
                if !empty {
                    let scan = scan_row(&mut reader, &name, this_row)?;
                    if let Some(first) = scan.first_col {
                        let last_row = this_row.saturating_add(repeat - 1).min(MAX_ROWS);
                        used_rows = Some(used_rows.map_or((this_row, last_row), |(r0, _)| (r0, last_row)));
                        used_cols = Some(used_cols.map_or((first, scan.last_col), |(c0, c1)| {
                            (c0.min(first), c1.max(scan.last_col))
                        }));
                        cost.text = cost.text.saturating_add(scan.text_bytes.saturating_mul(repeat as usize));
                    }
                    if let Some(t) = current.and_then(|i| tables.get_mut(i))
                        && t.merges.len() <= MAX_MERGES
                    {
                        t.merges.extend(scan.merges);
                    }
                }
                cost.check()?;
                // The area so far, for a table that never ends.
                let mut so_far = Cost { cells: cost.cells, ..Cost::default() };
                so_far.add_table(used_rows, used_cols)?;
            }
            _ => {}
        }
        buf.clear();
    }
    cost.add_table(used_rows, used_cols)?;
    for t in &mut tables {
        t.hidden_rows = normalise_ranges(std::mem::take(&mut t.hidden_rows));
        t.hidden_cols = normalise_ranges(std::mem::take(&mut t.hidden_cols));
    }
    Ok(tables)
}

/// Reads every sheet of an ODS file.
pub fn read(path: &Path) -> Result<Book, ReadError> {
    crate::guard::catch(|| read_unguarded(path))
        .unwrap_or_else(|| Err(ReadError::Damaged("damaged worksheet".into())))
}

fn read_unguarded(path: &Path) -> Result<Book, ReadError> {
    let mut zip = open_zip(path)?;
    check_parts(&mut zip)?;
    let facts = match zip.by_name("content.xml") {
        Ok(part) => table_facts(BufReader::new(part.take(MAX_TABLE_PART_BYTES)))?,
        Err(_) => return Err(ReadError::NotASpreadsheet),
    };
    let error = |e: calamine::OdsError| ReadError::Damaged(e.to_string());
    let mut book: Ods<BufReader<File>> = calamine::open_workbook(path).map_err(error)?;
    let sheets: Vec<(usize, String, bool)> = book
        .sheets_metadata()
        .iter()
        .enumerate()
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
        let Some((r0, c0)) = range.start().or(Some((0, 0))) else { continue };
        for (r, c, data) in range.used_cells() {
            let (row, col) = (r0 + r as u32, c0 + c as u32);
            if let Data::String(s) = data
                && s.chars().count() > MAX_CELL_CHARS
            {
                return Err(ReadError::CellTooLong { sheet: name, cell: cell_name(row, col) });
            }
            let value = Cell::of_data(data);
            budget.take(row, col, value.text().map_or(0, str::len))?;
            cells.push((row, col, value));
        }
        let mut formulas_without_value: Vec<(u32, u32)> = match formulas.start() {
            Some((f0, g0)) => formulas
                .used_cells()
                .filter(|(_, _, f)| !f.is_empty())
                .map(|(r, c, _)| (f0 + r as u32, g0 + c as u32))
                .filter(|pos| range.get_value(*pos).is_none_or(|v| *v == Data::Empty))
                .collect(),
            None => Vec::new(),
        };
        formulas_without_value.sort_unstable();
        let mut grid = Grid::from_cells(name, cells)?;
        grid.hidden = sheet_hidden;
        if let Some(f) = facts.get(index) {
            grid.hidden_rows = f.hidden_rows.clone();
            grid.hidden_cols = f.hidden_cols.clone();
            grid.set_merges(f.merges.clone())?;
        }
        grid.formulas_without_value = formulas_without_value;
        out.sheets.push(grid);
    }
    Ok(out)
}
