//! XLSX (Excel 2007 and later): values by calamine; the parts' sizes checked
//! before calamine allocates anything; hidden rows and columns read from the
//! sheets' XML, which calamine does not report.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use calamine::{Reader, SheetType, SheetVisible, Xlsx};
use quick_xml::events::{BytesStart, Event};

use super::error::Excess;
use super::grid::{Book, Grid, Merge, Ranges, cell_name, normalise_ranges};
use super::limits::{
    Budget, MAX_CELL_CHARS, MAX_CELLS, MAX_OTHER_PART_BYTES, MAX_PARTS, MAX_SHEETS, MAX_TABLE_PART_BYTES,
    MAX_TEXT_BYTES, MAX_UNPACKED_BYTES, too_large,
};
use super::{Cell, ReadError};

type Zip = zip::ZipArchive<BufReader<File>>;

pub(super) fn open_zip(path: &Path) -> Result<Zip, ReadError> {
    let file = File::open(path).map_err(|e| ReadError::Io(e.to_string()))?;
    zip::ZipArchive::new(BufReader::new(file)).map_err(|e| ReadError::Damaged(e.to_string()))
}

/// True for an OpenDocument spreadsheet (its zip names its type first).
pub fn is_ods_zip(path: &Path) -> bool {
    let Ok(mut zip) = open_zip(path) else { return false };
    if zip.by_name("xl/workbook.xml").is_ok() {
        return false;
    }
    let mut mime = String::new();
    let read = zip.by_name("mimetype").map(|f| f.take(200).read_to_string(&mut mime));
    matches!(read, Ok(Ok(_))) && mime.contains("opendocument.spreadsheet")
}

/// A part that holds cells: a sheet, the shared strings, an ODS content.
fn is_table_part(name: &str) -> bool {
    name.starts_with("xl/worksheets/") || name == "xl/sharedStrings.xml" || name == "content.xml"
}

/// The most a part may unpack to.
fn part_limit(name: &str) -> u64 {
    if is_table_part(name) { MAX_TABLE_PART_BYTES } else { MAX_OTHER_PART_BYTES }
}

fn part_too_large(name: &str) -> ReadError {
    too_large(Excess::Part { name: name.to_string(), limit_mb: part_limit(name) / (1024 * 1024) })
}

/// The declared sizes of every part, before anything is unpacked. A part
/// that unpacks to more than it declares is stopped there by the zip reader
/// ("larger than its declared size"), so these bound what is unpacked.
pub fn check_parts(zip: &mut Zip) -> Result<(), ReadError> {
    if zip.len() > MAX_PARTS {
        return Err(too_large(Excess::Parts));
    }
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let part = zip.by_index_raw(i).map_err(|e| ReadError::Damaged(e.to_string()))?;
        let size = part.size();
        let name = part.name().map(|n| n.into_owned()).unwrap_or_default();
        if size > part_limit(&name) {
            return Err(part_too_large(&name));
        }
        total = total.saturating_add(size);
        if total > MAX_UNPACKED_BYTES {
            return Err(too_large(Excess::Unpacked { limit_mb: MAX_UNPACKED_BYTES / (1024 * 1024) }));
        }
    }
    Ok(())
}

/// A part read whole, at most `max` bytes once unpacked (whatever it declares).
fn read_part(zip: &mut Zip, name: &str, max: u64) -> Result<Option<Vec<u8>>, ReadError> {
    let Ok(part) = zip.by_name(name) else { return Ok(None) };
    let mut bytes = Vec::new();
    part.take(max + 1).read_to_end(&mut bytes).map_err(|e| ReadError::Damaged(e.to_string()))?;
    if bytes.len() as u64 > max {
        return Err(part_too_large(name));
    }
    Ok(Some(bytes))
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes().flatten().find(|a| a.key.local_name().as_ref() == name).map(|a| {
        quick_xml::escape::unescape(&a.value).map(|v| v.into_owned()).unwrap_or_else(|_| a.value.to_string())
    })
}

fn is_true(value: Option<String>) -> bool {
    matches!(value.as_deref(), Some("1" | "true"))
}

/// The shared texts, as calamine will hold them: their declared count
/// (calamine reserves that many before reading one, so a file of a few
/// kilobytes could claim billions), their real count, each one's length and
/// all of them together, read as a stream before calamine reads the part.
fn check_shared_strings(zip: &mut Zip) -> Result<(), ReadError> {
    let Ok(part) = zip.by_name("xl/sharedStrings.xml") else { return Ok(()) };
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(part.take(MAX_TABLE_PART_BYTES)));
    let mut buf = Vec::new();
    let (mut entries, mut in_text, mut entry_chars, mut total_bytes) = (0usize, false, 0usize, 0usize);
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => match e.local_name().as_ref() {
                "sst" => {
                    for key in ["uniqueCount", "count"] {
                        let count = attr(&e, key).map(|v| v.trim().parse::<u64>().unwrap_or(u64::MAX));
                        if count.is_some_and(|n| n > MAX_CELLS as u64) {
                            return Err(too_large(Excess::SharedStrings));
                        }
                    }
                }
                "si" => {
                    entries += 1;
                    entry_chars = 0;
                    if entries > MAX_CELLS {
                        return Err(too_large(Excess::SharedStrings));
                    }
                }
                "t" => in_text = true,
                _ => {}
            },
            Ok(Event::Empty(e)) if e.local_name().as_ref() == "si" => entries += 1,
            Ok(Event::End(e)) if e.local_name().as_ref() == "t" => in_text = false,
            Ok(Event::Text(t)) if in_text => {
                total_bytes = total_bytes.saturating_add(t.len());
                entry_chars += escaped_chars(t.as_bytes());
                if entry_chars > MAX_CELL_CHARS {
                    return Err(too_large(Excess::SharedText));
                }
                if total_bytes > MAX_TEXT_BYTES {
                    return Err(too_large(Excess::Text));
                }
            }
            Ok(Event::Eof) => return Ok(()),
            // calamine says what is wrong with the XML itself.
            Err(_) => return Ok(()),
            _ => {}
        }
        buf.clear();
    }
}

/// The characters of XML text as it will read once unescaped: UTF-8
/// characters, an entity (`&amp;`, `&#7899;`) counted as one.
fn escaped_chars(raw: &[u8]) -> usize {
    let mut in_entity = false;
    raw.iter()
        .filter(|&&b| {
            let starts_char = b & 0xC0 != 0x80;
            match b {
                b'&' => {
                    in_entity = true;
                    true
                }
                b';' if in_entity => {
                    in_entity = false;
                    false
                }
                _ => starts_char && !in_entity,
            }
        })
        .count()
}

/// Sheet name → the path of its XML part, from the workbook and its relations.
fn sheet_parts(zip: &mut Zip) -> Result<HashMap<String, String>, ReadError> {
    let limit = 16 * 1024 * 1024;
    let (Some(workbook), Some(rels)) =
        (read_part(zip, "xl/workbook.xml", limit)?, read_part(zip, "xl/_rels/workbook.xml.rels", limit)?)
    else {
        return Ok(HashMap::new());
    };
    let mut targets = HashMap::new();
    let mut reader = quick_xml::Reader::from_reader(rels.as_slice());
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "Relationship" => {
                if let (Some(id), Some(target)) = (attr(&e, "Id"), attr(&e, "Target")) {
                    let path = match target.strip_prefix('/') {
                        Some(abs) => abs.to_string(),
                        None => format!("xl/{target}"),
                    };
                    targets.insert(id, path);
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    let mut parts = HashMap::new();
    let mut reader = quick_xml::Reader::from_reader(workbook.as_slice());
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "sheet" => {
                if let (Some(name), Some(id)) = (attr(&e, "name"), attr(&e, "id"))
                    && let Some(path) = targets.get(&id)
                {
                    parts.insert(name, path.clone());
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(parts)
}

/// Hidden rows and columns of a sheet's XML part.
fn hidden_rows_and_cols(zip: &mut Zip, part: &str) -> (Ranges, Ranges) {
    let (mut rows, mut cols) = (Vec::new(), Vec::new());
    let Ok(file) = zip.by_name(part) else { return (rows, cols) };
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(file.take(MAX_TABLE_PART_BYTES)));
    let mut buf = Vec::new();
    let mut next_row: u32 = 0;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) => match e.local_name().as_ref() {
                "row" => {
                    let row = attr(&e, "r")
                        .and_then(|r| r.trim().parse::<u32>().ok())
                        .map_or(next_row, |r| r.saturating_sub(1));
                    next_row = row.saturating_add(1);
                    if is_true(attr(&e, "hidden")) {
                        rows.push((row, row));
                    }
                }
                "col" => {
                    let n = |k: &str| attr(&e, k).and_then(|v| v.trim().parse::<u32>().ok());
                    let zero_width =
                        attr(&e, "width").and_then(|w| w.trim().parse::<f64>().ok()) == Some(0.0);
                    if let (Some(min), Some(max)) = (n("min"), n("max"))
                        && (is_true(attr(&e, "hidden")) || zero_width)
                        && min >= 1
                    {
                        cols.push((min - 1, max.max(min) - 1));
                    }
                }
                _ => {}
            },
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    (normalise_ranges(rows), normalise_ranges(cols))
}

/// Reads every worksheet of an XLSX file.
pub fn read(path: &Path) -> Result<Book, ReadError> {
    // calamine panics on some damaged files (a cell reference whose number
    // overflows); such a file is refused like any other unreadable one.
    crate::guard::catch(|| read_unguarded(path))
        .unwrap_or_else(|| Err(ReadError::Damaged("damaged worksheet".into())))
}

fn read_unguarded(path: &Path) -> Result<Book, ReadError> {
    let mut zip = open_zip(path)?;
    check_parts(&mut zip)?;
    check_shared_strings(&mut zip)?;
    let parts = sheet_parts(&mut zip)?;
    let error = |e: calamine::XlsxError| ReadError::Damaged(e.to_string());
    let mut book: Xlsx<BufReader<File>> = calamine::open_workbook(path).map_err(error)?;
    let sheets: Vec<(String, bool)> = book
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| (s.name.clone(), s.visible != SheetVisible::Visible))
        .take(MAX_SHEETS)
        .collect();
    if sheets.is_empty() {
        return Err(ReadError::NoSheet);
    }
    let mut budget = Budget::default();
    let mut out = Book::default();
    for (name, hidden) in sheets {
        let mut cells = Vec::new();
        let mut formulas_without_value = Vec::new();
        {
            let mut reader = book.worksheet_cells_reader(&name).map_err(error)?;
            while let Some(record) = reader.next_cell_with_formula_metadata().map_err(error)? {
                let (row, col) = record.pos;
                // The length is checked before the text is copied: a shared
                // text is one string in calamine, but a copy in every cell.
                let text_len = match &record.value {
                    calamine::DataRef::SharedString(t) => t.len(),
                    calamine::DataRef::String(t) => t.len(),
                    _ => 0,
                };
                if text_len > MAX_CELL_CHARS {
                    let text = match &record.value {
                        calamine::DataRef::SharedString(t) => *t,
                        calamine::DataRef::String(t) => t.as_str(),
                        _ => "",
                    };
                    if text.chars().count() > MAX_CELL_CHARS {
                        return Err(ReadError::CellTooLong { sheet: name, cell: cell_name(row, col) });
                    }
                }
                budget.take(row, col, text_len)?;
                let value = Cell::of_data_ref(&record.value);
                // An empty text is a stored value (=IF(…;"";…)); nothing at all is not.
                if record.formula.is_some() && record.value == calamine::DataRef::Empty {
                    formulas_without_value.push((row, col));
                }
                if value.is_empty() {
                    continue;
                }
                cells.push((row, col, value));
            }
        }
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
        let (hidden_rows, hidden_cols) =
            parts.get(&name).map(|p| hidden_rows_and_cols(&mut zip, p)).unwrap_or_default();
        let mut grid = Grid::from_cells(name, cells)?;
        formulas_without_value.sort_unstable();
        grid.hidden = hidden;
        grid.set_merges(merges)?;
        grid.hidden_rows = hidden_rows;
        grid.hidden_cols = hidden_cols;
        grid.formulas_without_value = formulas_without_value;
        out.sheets.push(grid);
    }
    Ok(out)
}
