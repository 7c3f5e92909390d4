//! Which sheet holds the table: the one the officer names, or the visible
//! sheet whose header names the most of the kind's fields (a cover sheet,
//! an empty first sheet or a hidden list sheet does not stop the import).
//! Old font encodings are converted first, since headers may be in them too.

use std::borrow::Cow;

use crate::domain::records::RecordKind;

use super::grid::{Book, Grid, column_letter};
use super::layout::{Header, find_header};
use super::legacy::{self, ColumnVerdict, Legacy};
use super::reading::Notice;
use super::{Cell, ReadError};

/// A sheet named by the officer: its name, or its number from 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SheetChoice {
    Name(String),
    Number(usize),
}

impl SheetChoice {
    /// "2" is the second sheet, anything else a name.
    pub fn parse(text: &str) -> SheetChoice {
        match text.trim().parse::<usize>() {
            Ok(n) => SheetChoice::Number(n),
            Err(_) => SheetChoice::Name(text.trim().to_string()),
        }
    }
}

/// A sheet made ready: old encodings converted, its header found. The
/// file's own sheet is borrowed when nothing needed converting.
#[derive(Debug, Clone)]
pub struct Prepared<'a> {
    pub index: usize,
    pub grid: Cow<'a, Grid>,
    pub header: Option<Header>,
    pub notices: Vec<Notice>,
    /// Columns (letters) in an old encoding, by encoding.
    pub legacy_columns: Vec<(Legacy, Vec<String>)>,
}

/// The verdict on each column of a grid that holds text in an old encoding
/// (columns judged on two threads: every text cell of a large file is read).
fn legacy_columns(grid: &Grid) -> Vec<(usize, ColumnVerdict, Legacy)> {
    let columns: Vec<usize> = (0..grid.width).collect();
    let judge = |col: &usize| {
        let verdict = legacy::judge(grid.rows.iter().filter_map(|r| r.cells.get(*col).and_then(Cell::text)));
        Some((*col, verdict, verdict.legacy.or(verdict.majority)?))
    };
    let large = grid.rows.len().saturating_mul(grid.width) >= 20_000;
    crate::parallel::map_when(&columns, large, judge).into_iter().flatten().collect()
}

/// Converts the columns of a grid that are in TCVN3 or VNI, and says which were found.
fn convert_legacy(
    grid: &mut Grid,
    verdicts: &[(usize, ColumnVerdict, Legacy)],
) -> (Vec<Notice>, Vec<(Legacy, Vec<String>)>) {
    let mut found: Vec<(Legacy, Vec<String>, usize)> = Vec::new();
    // The encoding each row was typed in, from the cells that show it.
    let mut row_encoding: Vec<Option<Legacy>> = vec![None; grid.rows.len()];
    let mut converted_cells: std::collections::HashSet<(usize, usize)> = std::collections::HashSet::new();
    for &(col, verdict, encoding) in verdicts {
        let mut cells = 0;
        for (r, row) in grid.rows.iter_mut().enumerate() {
            if let Some(Cell::Text(text)) = row.cells.get_mut(col)
                && let Some(converted) = verdict.convert(text)
            {
                *text = converted;
                cells += 1;
                row_encoding[r] = Some(encoding);
                converted_cells.insert((r, col));
            }
        }
        let letter = column_letter(grid.col_of(col));
        match found.iter_mut().find(|(e, _, _)| *e == encoding) {
            Some((_, letters, n)) => {
                letters.push(letter);
                *n += cells;
            }
            None => found.push((encoding, vec![letter], cells)),
        }
    }
    // A row typed in an old encoding was typed in it throughout: its cells
    // that could be read either way ("Hé kinh doanh", "Mang ThÝt") are
    // converted too, unless they hold letters only Unicode has.
    for (r, (row, encoding)) in grid.rows.iter_mut().zip(&row_encoding).enumerate() {
        let Some(encoding) = encoding else { continue };
        for (col, cell) in row.cells.iter_mut().enumerate() {
            if let Cell::Text(text) = cell
                && !converted_cells.contains(&(r, col))
                && !text.is_ascii()
                && !legacy::evidence(text).unicode
                && let Some(converted) =
                    legacy::convert(*encoding, text).filter(|c| c != text && reads_no_worse(text, c))
            {
                *text = converted;
                if let Some((_, _, n)) = found.iter_mut().find(|(e, _, _)| e == encoding) {
                    *n += 1;
                }
            }
        }
    }
    let notices = found
        .iter()
        .map(|(encoding, columns, cells)| Notice::Legacy {
            encoding: encoding.name(),
            columns: columns.clone(),
            cells: *cells,
        })
        .collect();
    (notices, found.into_iter().map(|(e, c, _)| (e, c)).collect())
}

/// True when `after` has no fewer Vietnamese words and no more other words
/// than `before`: "Bình Tân" typed in Unicode in a TCVN3 row stays itself.
fn reads_no_worse(before: &str, after: &str) -> bool {
    let (valid_before, invalid_before) = legacy::vietnamese_words(before);
    let (valid_after, invalid_after) = legacy::vietnamese_words(after);
    valid_after >= valid_before && invalid_after <= invalid_before
}

/// A sheet's header is found in its converted text (headers may be in an
/// old encoding too), whether or not the officer keeps the data as typed.
fn prepare(book: &Book, index: usize, kind: RecordKind, convert: bool) -> Prepared<'_> {
    let original = &book.sheets[index];
    let verdicts = legacy_columns(original);
    if verdicts.is_empty() {
        let header = find_header(original, kind);
        return Prepared {
            index,
            grid: Cow::Borrowed(original),
            header,
            notices: Vec::new(),
            legacy_columns: Vec::new(),
        };
    }
    let mut converted = original.clone();
    let (notices, legacy_columns) = convert_legacy(&mut converted, &verdicts);
    let header = find_header(&converted, kind);
    if convert {
        return Prepared { index, grid: Cow::Owned(converted), header, notices, legacy_columns };
    }
    let notices = legacy_columns
        .iter()
        .map(|(encoding, columns)| Notice::LegacyKept { encoding: encoding.name(), columns: columns.clone() })
        .collect();
    Prepared { index, grid: Cow::Borrowed(original), header, notices, legacy_columns }
}

/// The sheet to read, made ready.
pub fn choose<'a>(
    book: &'a Book,
    kind: RecordKind,
    choice: Option<&SheetChoice>,
    convert: bool,
) -> Result<Prepared<'a>, ReadError> {
    let names: Vec<String> = book.sheets.iter().map(|s| s.name.clone()).collect();
    if book.sheets.is_empty() {
        return Err(ReadError::NoSheet);
    }
    if let Some(choice) = choice {
        // A name first (a sheet may be called "2023"), then a number.
        let by_name = |name: &str| {
            let folded = crate::domain::text::fold(name);
            book.sheets
                .iter()
                .position(|s| s.name.trim() == name)
                .or_else(|| book.sheets.iter().position(|s| crate::domain::text::fold(&s.name) == folded))
        };
        let index = match choice {
            SheetChoice::Number(n) => {
                by_name(&n.to_string()).or_else(|| n.checked_sub(1).filter(|i| *i < book.sheets.len()))
            }
            SheetChoice::Name(name) => by_name(name),
        };
        let asked = match choice {
            SheetChoice::Number(n) => n.to_string(),
            SheetChoice::Name(name) => name.clone(),
        };
        let index = index.ok_or(ReadError::SheetNotFound { asked, sheets: names })?;
        return Ok(prepare(book, index, kind, convert));
    }
    let mut best: Option<(usize, Prepared)> = None;
    for (index, sheet) in book.sheets.iter().enumerate() {
        if sheet.hidden || sheet.is_empty() {
            continue;
        }
        let prepared = prepare(book, index, kind, convert);
        let score = prepared.header.as_ref().map_or(0, Header::score);
        if score > 0 && best.as_ref().is_none_or(|(s, _)| score > *s) {
            best = Some((score, prepared));
        }
    }
    best.map(|(_, p)| p).ok_or(ReadError::NoTable { kind, sheets: names })
}
