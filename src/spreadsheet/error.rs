//! Why a file cannot be read at all, in the officer's words: what is wrong,
//! where, and what to do.

use crate::domain::number::format_int;
use crate::domain::records::RecordKind;
use crate::domain::text::quote;
use crate::i18n::Lang;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    Io(String),
    /// Not a file type the import reads (by its name).
    UnknownFormat,
    /// Named as a spreadsheet, but its bytes are not one.
    NotASpreadsheet,
    FileTooLarge {
        bytes: u64,
    },
    /// Cells beyond Excel's rows or columns, or millions of them, or too much text.
    TooLarge,
    /// A cell longer than a spreadsheet allows.
    CellTooLong {
        sheet: String,
        cell: String,
    },
    /// A CSV cell of megabytes: no officer's table holds one.
    CsvCellTooLong {
        line: usize,
        column: String,
    },
    /// A CSV that is not UTF-8, UTF-16 or Windows-1258; what it looks like.
    OtherEncoding {
        found: String,
    },
    /// A CSV mostly in UTF-8 with bytes that are not (a damaged file).
    DamagedUtf8 {
        line: usize,
    },
    Csv(String),
    /// A damaged spreadsheet: what the reader said.
    Damaged(String),
    NoSheet,
    /// `--sheet` names no sheet of the file.
    SheetNotFound {
        asked: String,
        sheets: Vec<String>,
    },
    /// No sheet holds a header row that names the kind's columns.
    NoTable {
        kind: RecordKind,
        sheets: Vec<String>,
    },
}

impl ReadError {
    pub fn message(&self, lang: Lang) -> String {
        let vi = lang == Lang::Vi;
        match self {
            ReadError::Io(e) => {
                if vi {
                    format!("Không đọc được tệp ({}).", quote(e))
                } else {
                    format!("Cannot read the file ({}).", quote(e))
                }
            }
            ReadError::UnknownFormat => if vi {
                "Chỉ nhập được tệp .xlsx, .xls, .ods hoặc .csv. Hãy mở tệp bằng Excel và lưu thành .xlsx."
            } else {
                "Only .xlsx, .xls, .ods and .csv files can be imported. Open the file in Excel and save it as .xlsx."
            }
            .into(),
            ReadError::NotASpreadsheet => if vi {
                "Tệp mang đuôi bảng tính nhưng không phải tệp Excel hay LibreOffice (có thể đã hỏng hoặc bị đổi tên). Hãy mở bằng Excel và lưu lại thành .xlsx."
            } else {
                "The file is named as a spreadsheet but is not an Excel or LibreOffice file (it may be damaged or renamed). Open it in Excel and save it again as .xlsx."
            }
            .into(),
            ReadError::FileTooLarge { bytes } => {
                let mb = format_int((*bytes / (1024 * 1024)) as i64);
                if vi {
                    format!(
                        "Tệp quá lớn ({mb} MB; tối đa 256 MB). Hãy chép các dòng cần nhập sang một tệp mới rồi thử lại."
                    )
                } else {
                    format!(
                        "The file is too large ({mb} MB; at most 256 MB). Copy the rows to import into a new file and try again."
                    )
                }
            }
            ReadError::TooLarge => if vi {
                "Trang tính quá lớn hoặc bị hỏng (ô nằm ngoài số dòng, số cột của Excel, hoặc hơn 5 triệu ô). Hãy chép các dòng cần nhập sang một tệp Excel mới rồi thử lại."
            } else {
                "The worksheet is too large or damaged (cells beyond Excel's rows or columns, or over 5 million cells). Copy the rows to import into a new Excel file and try again."
            }
            .into(),
            ReadError::CellTooLong { sheet, cell } => {
                if vi {
                    format!(
                        "Trang “{}”, ô {cell} dài hơn 32.767 ký tự, quá giới hạn của Excel: tệp có thể đã hỏng. Hãy kiểm tra ô đó trong Excel.",
                        quote(sheet)
                    )
                } else {
                    format!(
                        "Sheet “{}”, cell {cell} is longer than 32,767 characters, Excel's limit: the file may be damaged. Check that cell in Excel.",
                        quote(sheet)
                    )
                }
            }
            ReadError::CsvCellTooLong { line, column } => {
                if vi {
                    format!(
                        "Dòng {line}, cột {column} của tệp CSV dài hơn 2 MB: tệp có thể đã hỏng. Hãy mở bằng Excel, kiểm tra ô đó và lưu lại."
                    )
                } else {
                    format!(
                        "Line {line}, column {column} of the CSV file is longer than 2 MB: the file may be damaged. Open it in Excel, check that cell and save it again."
                    )
                }
            }
            ReadError::OtherEncoding { found } => {
                if vi {
                    format!(
                        "Tệp CSV không ở bảng mã UTF-8, UTF-16 hay Windows-1258 (tiếng Việt) mà có vẻ là {found}. Trong Excel, hãy lưu bằng \"CSV UTF-8 (Comma delimited)\" rồi thử lại."
                    )
                } else {
                    format!(
                        "The CSV file is not in UTF-8, UTF-16 or Windows-1258 (Vietnamese) but looks like {found}. In Excel, save it as \"CSV UTF-8 (Comma delimited)\" and try again."
                    )
                }
            }
            ReadError::DamagedUtf8 { line } => {
                if vi {
                    format!(
                        "Tệp CSV ở dạng UTF-8 nhưng dòng {line} có byte không hợp lệ (tệp có thể đã hỏng). Trong Excel, hãy lưu lại bằng \"CSV UTF-8 (Comma delimited)\" rồi thử lại."
                    )
                } else {
                    format!(
                        "The CSV file is UTF-8 but line {line} holds invalid bytes (the file may be damaged). In Excel, save it again as \"CSV UTF-8 (Comma delimited)\" and try again."
                    )
                }
            }
            ReadError::Csv(e) => {
                if vi {
                    format!("Tệp CSV bị lỗi ({}). Hãy mở bằng Excel và lưu lại.", quote(e))
                } else {
                    format!("The CSV file is malformed ({}). Open it in Excel and save it again.", quote(e))
                }
            }
            ReadError::Damaged(e) => {
                if vi {
                    format!(
                        "Không đọc được tệp bảng tính ({}). Hãy mở bằng Excel và lưu lại thành .xlsx.",
                        quote(e)
                    )
                } else {
                    format!(
                        "Cannot read the spreadsheet ({}). Open it in Excel and save it again as .xlsx.",
                        quote(e)
                    )
                }
            }
            ReadError::NoSheet => {
                if vi { "Tệp không có trang tính nào." } else { "The file has no worksheet." }.into()
            }
            ReadError::SheetNotFound { asked, sheets } => {
                let list = sheet_list(sheets);
                if vi {
                    format!(
                        "Tệp không có trang “{}”. Các trang: {list}. Hãy ghi tên hoặc số thứ tự của một trang (--sheet).",
                        quote(asked)
                    )
                } else {
                    format!(
                        "The file has no sheet “{}”. Its sheets: {list}. Give the name or number of one of them (--sheet).",
                        quote(asked)
                    )
                }
            }
            ReadError::NoTable { kind, sheets } => {
                let list = sheet_list(sheets);
                let (kind_vi, kind_en) = (kind.plural().vi.to_lowercase(), kind.plural().en.to_lowercase());
                if vi {
                    format!(
                        "Không tìm thấy bảng {kind_vi} trong tệp (các trang: {list}): không dòng nào giống dòng tiêu đề cột, như “Năm”, “Tên cơ sở”, “Kinh phí hỗ trợ”. Hãy chọn đúng loại bản ghi, hoặc dùng mẫu nhập Excel của chương trình."
                    )
                } else {
                    format!(
                        "No table of {kind_en} was found in the file (sheets: {list}): no row looks like a header naming columns such as “Year”, “Facility name”, “Support”. Choose the right record kind, or use the program's Excel template."
                    )
                }
            }
        }
    }
}

fn sheet_list(sheets: &[String]) -> String {
    let shown: Vec<String> = sheets.iter().take(12).map(|s| format!("“{}”", quote(s))).collect();
    let mut list = shown.join(", ");
    if sheets.len() > 12 {
        list.push_str(", …");
    }
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_short_and_on_one_line() {
        let long = "x".repeat(10_000);
        assert_eq!(quote(&long).chars().count(), 101);
        assert_eq!(quote("a\nb\u{7}c"), "a b\\u{7}c");
    }
}
