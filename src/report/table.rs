//! A spreadsheet read from CSV or XLSX: a header row and data rows of cells.

use std::collections::BTreeMap;
use std::path::Path;

use calamine::{Data, Reader, Xlsx};
use jiff::civil::Date;

use crate::domain::fields::FieldType;
use crate::domain::number::{DONG_PER_MILLION, date_from_excel_serial, format_date, format_million};
use crate::i18n::Lang;

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Date(Date),
}

impl Cell {
    /// The cell as an officer would have typed it into this kind of field.
    pub fn to_field_text(&self, ty: FieldType) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Date(d) => format_date(*d),
            Cell::Number(x) => match ty {
                FieldType::Money => {
                    let dong = (x * DONG_PER_MILLION as f64).round();
                    if dong.is_finite() && dong.abs() < 9.0e18 {
                        format_million(dong as i64)
                    } else {
                        x.to_string()
                    }
                }
                FieldType::Date => {
                    date_from_excel_serial(*x).map(format_date).unwrap_or_else(|| x.to_string())
                }
                _ if x.fract() == 0.0 && x.abs() < 1e15 => format!("{}", *x as i64),
                // A fraction in a text or count column: Vietnamese decimal comma.
                _ => x.to_string().replace('.', ","),
            },
        }
    }
}

/// A sheet: headers and rows, each row with its line number in the file.
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    pub headers: Vec<String>,
    pub rows: Vec<(usize, Vec<Cell>)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    Io(String),
    NotUtf8,
    Csv(String),
    Xlsx(String),
    NoSheet,
    NoHeader,
    UnknownFormat,
    /// Cells beyond Excel's rows or columns, or millions of them.
    TooLarge,
}

impl ReadError {
    pub fn message(&self, lang: Lang) -> String {
        let vi = lang == Lang::Vi;
        match self {
            ReadError::Io(e) => {
                if vi {
                    format!("Không đọc được tệp ({e}).")
                } else {
                    format!("Cannot read the file ({e}).")
                }
            }
            ReadError::NotUtf8 => {
                if vi {
                    "Tệp CSV không ở dạng UTF-8. Trong Excel, hãy lưu bằng \"CSV UTF-8 (Comma delimited)\" rồi thử lại.".into()
                } else {
                    "The CSV file is not UTF-8. In Excel, save it as \"CSV UTF-8 (Comma delimited)\" and try again.".into()
                }
            }
            ReadError::Csv(e) => {
                if vi {
                    format!("Tệp CSV bị lỗi ({e}).")
                } else {
                    format!("The CSV file is malformed ({e}).")
                }
            }
            ReadError::Xlsx(e) => {
                if vi {
                    format!("Không đọc được tệp Excel ({e}). Hãy mở và lưu lại bằng Excel dạng .xlsx.")
                } else {
                    format!("Cannot read the Excel file ({e}). Open it and save it again as .xlsx.")
                }
            }
            ReadError::NoSheet => {
                if vi {
                    "Tệp Excel không có trang tính nào.".into()
                } else {
                    "The Excel file has no worksheet.".into()
                }
            }
            ReadError::NoHeader => {
                if vi {
                    "Tệp không có dòng tiêu đề. Dòng đầu tiên phải là tên các cột (xem mẫu).".into()
                } else {
                    "The file has no header row. The first row must name the columns (see the template)."
                        .into()
                }
            }
            ReadError::TooLarge => {
                if vi {
                    "Trang tính quá lớn hoặc bị hỏng (ô nằm ngoài số dòng, số cột của Excel, hoặc hơn 5 triệu ô). Hãy chép các dòng cần nhập sang một tệp Excel mới rồi thử lại.".into()
                } else {
                    "The worksheet is too large or damaged (cells beyond Excel's rows or columns, or over 5 million cells). Copy the rows to import into a new Excel file and try again.".into()
                }
            }
            ReadError::UnknownFormat => {
                if vi {
                    "Chỉ nhập được tệp .csv hoặc .xlsx.".into()
                } else {
                    "Only .csv and .xlsx files can be imported.".into()
                }
            }
        }
    }
}

/// Reads a CSV (by extension `.csv`, `.txt`) or XLSX (`.xlsx`, `.xlsm`) file.
pub fn read_sheet(path: &Path) -> Result<Sheet, ReadError> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "csv" | "txt" => {
            let bytes = std::fs::read(path).map_err(|e| ReadError::Io(e.to_string()))?;
            read_csv(&bytes)
        }
        "xlsx" | "xlsm" => read_xlsx(path),
        _ => Err(ReadError::UnknownFormat),
    }
}

/// The separator of a CSV file: whichever of `;`, `,` and tab the header uses most.
fn detect_delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    let count = |c: char| first.chars().filter(|x| *x == c).count();
    [(b';', count(';')), (b'\t', count('\t')), (b',', count(','))]
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .filter(|(_, n)| *n > 0)
        .map(|(d, _)| d)
        .unwrap_or(b',')
}

/// Reads CSV bytes: UTF-8 with or without BOM, `,` `;` or tab separated.
pub fn read_csv(bytes: &[u8]) -> Result<Sheet, ReadError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|_| ReadError::NotUtf8)?;
    // The csv reader counts a line at each "\n" only after the record that
    // follows has started, so with Windows (CRLF) or old Mac (CR) line ends
    // every row was named one line too early. Cells lose nothing: line breaks
    // in a cell are "\n" once cleaned anyway.
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let text = text.as_str();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(detect_delimiter(text))
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut sheet = Sheet::default();
    let mut header_seen = false;
    for record in reader.records() {
        let record = record.map_err(|e| ReadError::Csv(e.to_string()))?;
        let line = record.position().map(|p| p.line() as usize).unwrap_or(0);
        if !header_seen {
            if record.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            sheet.headers = record.iter().map(|s| s.trim().to_string()).collect();
            header_seen = true;
            continue;
        }
        let cells = record
            .iter()
            .map(|s| if s.trim().is_empty() { Cell::Empty } else { Cell::Text(s.to_string()) })
            .collect();
        sheet.rows.push((line, cells));
    }
    if !header_seen {
        return Err(ReadError::NoHeader);
    }
    Ok(sheet)
}

/// Excel's own limits (1.048.576 rows, 16.384 columns): a cell beyond them
/// does not come from a spreadsheet program.
const XLSX_MAX_ROWS: u32 = 1_048_576;
const XLSX_MAX_COLUMNS: u32 = 16_384;
/// Cells held while reading (rows × columns in use). An officer's list has
/// thousands; a damaged or hostile file can claim billions, which would take
/// all memory before anything could be said.
const XLSX_MAX_CELLS: usize = 5_000_000;

/// Reads the first worksheet of an XLSX file.
pub fn read_xlsx(path: &Path) -> Result<Sheet, ReadError> {
    // calamine panics on some damaged files (a cell reference whose number
    // overflows); such a file is refused like any other unreadable one.
    std::panic::catch_unwind(|| read_xlsx_cells(path))
        .unwrap_or_else(|_| Err(ReadError::Xlsx("damaged worksheet".into())))
}

fn read_xlsx_cells(path: &Path) -> Result<Sheet, ReadError> {
    let xlsx_error = |e: calamine::XlsxError| ReadError::Xlsx(e.to_string());
    let mut book: Xlsx<std::io::BufReader<std::fs::File>> =
        calamine::open_workbook(path).map_err(xlsx_error)?;
    let name = book.sheet_names().first().cloned().ok_or(ReadError::NoSheet)?;
    // Cell by cell rather than as one rectangle, so that a cell claiming a far
    // row is refused before a rectangle that size is allocated.
    let mut reader = book.worksheet_cells_reader(&name).map_err(xlsx_error)?;
    let mut by_row: BTreeMap<u32, Vec<(u32, Cell)>> = BTreeMap::new();
    let (mut first_col, mut last_col, mut count) = (u32::MAX, 0, 0usize);
    while let Some(cell) = reader.next_cell().map_err(xlsx_error)? {
        let (row, col) = cell.get_position();
        let value = cell_of(&Data::from(cell.get_value().clone()));
        if value == Cell::Empty {
            continue;
        }
        count += 1;
        if row >= XLSX_MAX_ROWS || col >= XLSX_MAX_COLUMNS || count > XLSX_MAX_CELLS {
            return Err(ReadError::TooLarge);
        }
        first_col = first_col.min(col);
        last_col = last_col.max(col);
        by_row.entry(row).or_default().push((col, value));
    }
    let width = last_col.saturating_sub(first_col) as usize + 1;
    if by_row.len().saturating_mul(width) > XLSX_MAX_CELLS {
        return Err(ReadError::TooLarge);
    }
    let mut sheet = Sheet::default();
    let mut header_seen = false;
    for (row, cells_at) in by_row {
        let mut cells = vec![Cell::Empty; width];
        for (col, value) in cells_at {
            cells[(col - first_col) as usize] = value;
        }
        if !header_seen {
            sheet.headers =
                cells.iter().map(|c| c.to_field_text(FieldType::Line).trim().to_string()).collect();
            header_seen = true;
            continue;
        }
        sheet.rows.push((row as usize + 1, cells));
    }
    if !header_seen {
        return Err(ReadError::NoHeader);
    }
    Ok(sheet)
}

fn cell_of(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) if s.trim().is_empty() => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Text(b.to_string()),
        Data::DateTime(dt) => {
            date_from_excel_serial(dt.as_f64()).map(Cell::Date).unwrap_or(Cell::Number(dt.as_f64()))
        }
        Data::DateTimeIso(s) => s
            .get(..10)
            .and_then(|d| d.parse::<Date>().ok())
            .map(Cell::Date)
            .unwrap_or_else(|| Cell::Text(s.clone())),
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Text(format!("#{e:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_bom_and_semicolons() {
        let sheet = read_csv("\u{FEFF}nam;ten_lop\n2020;\"Lớp may; khóa 1\"\n".as_bytes()).unwrap();
        assert_eq!(sheet.headers, vec!["nam", "ten_lop"]);
        assert_eq!(sheet.rows.len(), 1);
        assert_eq!(sheet.rows[0].0, 2);
        assert_eq!(sheet.rows[0].1[1], Cell::Text("Lớp may; khóa 1".into()));
    }

    #[test]
    fn rows_are_numbered_by_line_whatever_the_line_ends() {
        for text in ["h\na\n\"x\ny\"\nb\n", "h\r\na\r\n\"x\r\ny\"\r\nb\r\n", "h\ra\r\"x\ry\"\rb"] {
            let sheet = read_csv(text.as_bytes()).unwrap();
            let lines: Vec<usize> = sheet.rows.iter().map(|r| r.0).collect();
            assert_eq!(lines, [2, 3, 5], "{text:?}");
            assert_eq!(sheet.rows[1].1[0], Cell::Text("x\ny".into()));
        }
    }

    #[test]
    fn non_utf8_is_refused() {
        assert_eq!(read_csv(b"nam\n\xff\xfe").unwrap_err(), ReadError::NotUtf8);
    }

    #[test]
    fn numbers_become_field_text() {
        assert_eq!(Cell::Number(278.5).to_field_text(FieldType::Money), "278,5");
        assert_eq!(Cell::Number(3900.0).to_field_text(FieldType::Money), "3.900");
        assert_eq!(Cell::Number(2020.0).to_field_text(FieldType::Year), "2020");
        assert_eq!(Cell::Number(44927.0).to_field_text(FieldType::Date), "01/01/2023");
    }
}
