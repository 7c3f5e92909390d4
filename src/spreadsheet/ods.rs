//! ODS (LibreOffice Calc): values by calamine; hidden rows and columns and
//! merged cells from the content's XML, which calamine does not report.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use calamine::{Data, Ods, Reader, SheetVisible};
use quick_xml::events::{BytesStart, Event};

use super::grid::{Book, Grid, Merge, cell_name, normalise_ranges};
use super::limits::{Budget, MAX_CELL_CHARS, MAX_COLUMNS, MAX_PART_BYTES, MAX_ROWS, MAX_SHEETS};
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

/// The merged cells of one row, read up to the row's end.
fn row_merges(reader: &mut quick_xml::Reader<impl std::io::BufRead>, row: u32) -> Vec<Merge> {
    let (mut merges, mut col, mut buf) = (Vec::new(), 0u32, Vec::new());
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(c) | Event::Empty(c))
                if matches!(c.name().as_ref(), "table:table-cell" | "table:covered-table-cell") =>
            {
                let (cols, rows) =
                    (number(&c, "table:number-columns-spanned"), number(&c, "table:number-rows-spanned"));
                if cols > 1 || rows > 1 {
                    merges.push(Merge {
                        first_row: row,
                        first_col: col,
                        last_row: row.saturating_add(rows - 1),
                        last_col: col.saturating_add(cols - 1),
                    });
                }
                col = col.saturating_add(number(&c, "table:number-columns-repeated"));
            }
            Ok(Event::End(end)) if end.name().as_ref() == "table:table-row" => break,
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    merges
}

/// The facts of every table of `content.xml`, in order.
fn table_facts(content: impl std::io::BufRead) -> Vec<TableFacts> {
    let mut reader = quick_xml::Reader::from_reader(content);
    let mut buf = Vec::new();
    let mut tables: Vec<TableFacts> = Vec::new();
    let (mut row, mut col) = (0u32, 0u32);
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
                if tables.len() >= MAX_SHEETS {
                    break;
                }
                tables.push(TableFacts::default());
                (row, col) = (0, 0);
            }
            "table:table-column" => {
                let repeat = number(e, "table:number-columns-repeated");
                if let Some(t) = tables.last_mut()
                    && hidden(e)
                    && col < MAX_COLUMNS
                {
                    t.hidden_cols.push((col, col.saturating_add(repeat - 1).min(MAX_COLUMNS)));
                }
                col = col.saturating_add(repeat);
            }
            "table:table-row" => {
                let repeat = number(e, "table:number-rows-repeated");
                let this_row = row;
                // A repeated row's cells are given once; the next row starts after its repeats.
                row = row.saturating_add(repeat);
                if let Some(t) = tables.last_mut()
                    && hidden(e)
                    && this_row < MAX_ROWS
                {
                    t.hidden_rows.push((this_row, this_row.saturating_add(repeat - 1).min(MAX_ROWS)));
                }
                if !empty {
                    let merges = row_merges(&mut reader, this_row);
                    if let Some(t) = tables.last_mut() {
                        t.merges.extend(merges);
                    }
                }
            }
            _ => {}
        }
        buf.clear();
    }
    for t in &mut tables {
        t.hidden_rows = normalise_ranges(std::mem::take(&mut t.hidden_rows));
        t.hidden_cols = normalise_ranges(std::mem::take(&mut t.hidden_cols));
    }
    tables
}

/// Reads every sheet of an ODS file.
pub fn read(path: &Path) -> Result<Book, ReadError> {
    std::panic::catch_unwind(|| read_unguarded(path))
        .unwrap_or_else(|_| Err(ReadError::Damaged("damaged worksheet".into())))
}

fn read_unguarded(path: &Path) -> Result<Book, ReadError> {
    let mut zip = open_zip(path)?;
    check_parts(&mut zip)?;
    let facts = match zip.by_name("content.xml") {
        Ok(part) => table_facts(BufReader::new(part.take(MAX_PART_BYTES))),
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
            grid.merges = f.merges.clone();
        }
        grid.formulas_without_value = formulas_without_value;
        out.sheets.push(grid);
    }
    Ok(out)
}
