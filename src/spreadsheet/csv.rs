//! A CSV (or Excel's tab-separated "Unicode Text") file as one grid.

use super::error::Excess;
use super::grid::{Book, Grid, GridRow, column_letter};
use super::limits::{MAX_CELLS, MAX_COLUMNS, MAX_CSV_CELL_BYTES, MAX_CSV_LINE_BYTES, MAX_ROWS, too_large};
use super::{Cell, ReadError, encoding};

/// The separator: of `;`, tab and `,`, the one most lines use the same
/// number of times (title lines above a table have fewer or none).
fn detect_delimiter(text: &str) -> u8 {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).take(50).collect();
    let mut best = (b',', 0usize);
    for d in [b';', b'\t', b','] {
        let mut counts: Vec<usize> = lines.iter().map(|l| l.bytes().filter(|b| *b == d).count()).collect();
        counts.sort_unstable();
        // The count most lines share, weighted by how many share it.
        let mut score = 0;
        for group in counts.chunk_by(|a, b| a == b) {
            if group[0] > 0 {
                score = score.max(group[0] * group.len());
            }
        }
        if score > best.1 {
            best = (d, score);
        }
    }
    best.0
}

/// Reads a CSV file's bytes into a book of one sheet.
pub fn read_csv(bytes: &[u8]) -> Result<Book, ReadError> {
    read_csv_text(encoding::decode(bytes)?)
}

/// [`read_csv`] of bytes the caller gives away: UTF-8 is read without a copy.
pub fn read_csv_owned(bytes: Vec<u8>) -> Result<Book, ReadError> {
    read_csv_text(encoding::decode_owned(bytes)?)
}

fn read_csv_text(decoded: encoding::Decoded) -> Result<Book, ReadError> {
    // The csv reader counts a line at each "\n" only after the record that
    // follows has started, so with Windows (CRLF) or old Mac (CR) line ends
    // every row was named one line too early. Cells lose nothing: line breaks
    // in a cell are "\n" once cleaned anyway.
    let text = if decoded.text.contains('\r') {
        decoded.text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        decoded.text
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(detect_delimiter(&text))
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let (mut width, mut cells_held) = (0, 0usize);
    for record in reader.records() {
        let record = record.map_err(|e| ReadError::Csv(e.to_string()))?;
        let line = record.position().map(|p| p.line() as usize).unwrap_or(0);
        if line > MAX_ROWS as usize {
            return Err(too_large(Excess::Rows));
        }
        if record.len() > MAX_COLUMNS as usize {
            return Err(too_large(Excess::Columns));
        }
        if record.as_slice().len() > MAX_CSV_LINE_BYTES {
            return Err(too_large(Excess::Line { line }));
        }
        if let Some(col) = record.iter().position(|c| c.len() > MAX_CSV_CELL_BYTES) {
            return Err(ReadError::CsvCellTooLong { line, column: column_letter(col as u32) });
        }
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        // Cells up to the last one that holds something; the rows are
        // widened to the table's width once its size is known to be sane.
        let used =
            record.iter().enumerate().filter(|(_, c)| !c.trim().is_empty()).last().map_or(0, |(i, _)| i + 1);
        width = width.max(used);
        cells_held = cells_held.saturating_add(used);
        if cells_held > MAX_CELLS || rows.len().saturating_mul(width) > MAX_CELLS {
            return Err(too_large(Excess::Cells));
        }
        // Room for the whole line: widening the row later then takes no new allocation.
        let mut cells = Vec::with_capacity(record.len());
        cells.extend(
            record
                .iter()
                .take(used)
                .map(|s| if s.trim().is_empty() { Cell::Empty } else { Cell::Text(s.to_string()) }),
        );
        rows.push(GridRow { row: line.saturating_sub(1) as u32, cells });
    }
    for row in &mut rows {
        row.cells.resize(width, Cell::Empty);
    }
    let grid = Grid { name: "CSV".into(), rows, width, ..Default::default() };
    Ok(Book { sheets: vec![grid], decoded_from: decoded.from })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(book: &Book) -> Vec<u32> {
        book.sheets[0].rows.iter().map(|r| r.row + 1).collect()
    }

    #[test]
    fn csv_with_bom_and_semicolons() {
        let book = read_csv("\u{FEFF}nam;ten_lop\n2020;\"Lớp may; khóa 1\"\n".as_bytes()).unwrap();
        let grid = &book.sheets[0];
        assert_eq!(grid.rows[0].cells[0], Cell::Text("nam".into()));
        assert_eq!(grid.rows[1].cells[1], Cell::Text("Lớp may; khóa 1".into()));
        assert_eq!(lines(&book), [1, 2]);
    }

    #[test]
    fn rows_are_numbered_by_line_whatever_the_line_ends() {
        for text in ["h\na\n\"x\ny\"\nb\n", "h\r\na\r\n\"x\r\ny\"\r\nb\r\n", "h\ra\r\"x\ry\"\rb"] {
            let book = read_csv(text.as_bytes()).unwrap();
            assert_eq!(lines(&book), [1, 2, 3, 5], "{text:?}");
            assert_eq!(book.sheets[0].rows[2].cells[0], Cell::Text("x\ny".into()));
        }
    }

    #[test]
    fn the_delimiter_is_found_under_title_lines() {
        let text = "DANH SÁCH ĐỀ ÁN, NĂM 2023\nĐơn vị tính: triệu đồng\nSTT;Tên đề án;Năm;Kinh phí\n1;A, B;2023;1,5\n";
        assert_eq!(detect_delimiter(text), b';');
    }
}
