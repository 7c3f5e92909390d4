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
    /// More than the import holds, or a claim no spreadsheet program makes:
    /// refused before that much memory or time is taken.
    TooLarge(Excess),
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

/// What a file has or claims too much of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Excess {
    /// A cell beyond Excel's last row or column.
    OutsideSheet,
    /// More cells (or a table spanning more cells) than the import holds.
    Cells,
    /// More text than the import holds, all cells together.
    Text,
    /// More lines than Excel's 1.048.576 (CSV).
    Rows,
    /// More columns than Excel's 16.384 (CSV).
    Columns,
    /// A CSV line of megabytes.
    Line { line: usize },
    /// A part of the zip that unpacks (or says it unpacks) to more than the limit.
    Part { name: String, limit_mb: u64 },
    /// All the parts of the zip together unpack to more than the limit.
    Unpacked { limit_mb: u64 },
    /// A zip of thousands of parts.
    Parts,
    /// A file that lists hundreds (XLS) or thousands (ODS) of sheets, all read at once.
    Sheets,
    /// A shared string table that claims or holds millions of entries.
    SharedStrings,
    /// A shared text longer than a cell may hold.
    SharedText,
    /// Hundreds of thousands of merged cells, or merges over millions of cells.
    Merges,
}

impl Excess {
    fn describe(&self, vi: bool) -> String {
        let limit = |v: &str, e: &str| if vi { v.to_string() } else { e.to_string() };
        match self {
            Excess::OutsideSheet => limit(
                "có ô nằm ngoài số dòng, số cột của Excel",
                "a cell lies beyond Excel's rows or columns",
            ),
            Excess::Cells => limit("hơn 5 triệu ô", "over 5 million cells"),
            Excess::Text => limit("hơn 256 MB chữ", "over 256 MB of text"),
            Excess::Rows => limit("hơn 1.048.576 dòng", "over 1,048,576 lines"),
            Excess::Columns => limit("hơn 16.384 cột", "over 16,384 columns"),
            Excess::Line { line } => {
                let n = format_int(*line as i64);
                if vi {
                    format!("dòng {n} dài hơn 16 MB")
                } else {
                    format!("line {} is longer than 16 MB", crate::domain::number::swap_separators(&n))
                }
            }
            Excess::Part { name, limit_mb } => {
                if vi {
                    format!("phần “{}” của tệp giải nén ra hơn {limit_mb} MB", quote(name))
                } else {
                    format!("its part “{}” unpacks to over {limit_mb} MB", quote(name))
                }
            }
            Excess::Unpacked { limit_mb } => {
                if vi {
                    format!("tệp giải nén ra hơn {limit_mb} MB")
                } else {
                    format!("it unpacks to over {limit_mb} MB")
                }
            }
            Excess::Parts => limit("tệp nén gồm hơn 10.000 phần", "its zip holds over 10,000 parts"),
            Excess::Sheets => limit("tệp có quá nhiều trang tính", "it has too many sheets"),
            Excess::SharedStrings => limit(
                "bảng chữ dùng chung có hơn 5 triệu mục",
                "its shared text table has over 5 million entries",
            ),
            Excess::SharedText => limit(
                "một chữ dùng chung dài hơn 32.767 ký tự",
                "a shared text is longer than 32,767 characters",
            ),
            Excess::Merges => limit("có quá nhiều vùng gộp ô", "it merges too many cells"),
        }
    }
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
            ReadError::TooLarge(excess) => {
                let what = excess.describe(vi);
                if vi {
                    format!(
                        "Không nhập được: {what}, vượt giới hạn của chương trình (tệp có thể đã hỏng). Hãy chép các dòng cần nhập sang một tệp Excel mới rồi thử lại."
                    )
                } else {
                    format!(
                        "Cannot import: {what}, past the program's limits (the file may be damaged). Copy the rows to import into a new Excel file and try again."
                    )
                }
            }
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
