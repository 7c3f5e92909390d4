//! Every decision the reader made, and every question it could not settle,
//! in the officer's words. The command line prints them; the window's
//! preview shows them above the rows.

use crate::domain::fields::{Column, columns};
use crate::domain::headers::NotKept;
use crate::domain::records::RecordKind;
use crate::i18n::Lang;

use super::rows::SkipReason;
use super::units::Unit;
use crate::domain::text::quote;

/// Lines written short: "5, 7, 9–12" (at most a dozen, then "…").
pub fn lines_text(lines: &[usize]) -> String {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for &l in lines {
        match runs.last_mut() {
            Some((_, end)) if l == *end + 1 => *end = l,
            _ => runs.push((l, l)),
        }
    }
    let mut parts: Vec<String> =
        runs.iter().take(12).map(|(a, b)| if a == b { a.to_string() } else { format!("{a}–{b}") }).collect();
    if runs.len() > 12 {
        parts.push("…".into());
    }
    parts.join(", ")
}

fn label(kind: RecordKind, key: &str, lang: Lang) -> String {
    columns(kind)
        .iter()
        .find(|c| c.key == key)
        .map(|c| c.label.get(lang).to_string())
        .unwrap_or_else(|| key.into())
}

/// Where a money column's unit was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitFrom {
    Header,
    TitleLine(usize),
    Officer,
    /// No unit anywhere: read in triệu đồng, the usual unit of these tables.
    Assumed,
    /// Each amount carries its own unit ("278,5 triệu").
    Cells,
}

/// A decision the reader made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    Decoded { from: &'static str },
    Sheet { name: String, number: usize, of: usize, chosen_by_officer: bool },
    Header { first_line: usize, last_line: usize },
    ColumnNumbers { line: usize },
    Legacy { encoding: &'static str, columns: Vec<String>, cells: usize },
    LegacyKept { encoding: &'static str, columns: Vec<String> },
    Unit { column: String, unit: Unit, from: UnitFrom },
    Skipped { reason: SkipReason, lines: Vec<usize> },
    TableEnd { line: usize, text: String, lines_below: usize },
    FilledFromGroups { key: &'static str, rows: usize },
    FilledFromMerges { key: &'static str, rows: usize },
    YearFromTitle { year: i32, line: usize, rows: usize },
    YearFromDate { rows: usize },
    Ignored { column: String, header: String, why: NotKept },
    HiddenColumnIgnored { column: String, header: String },
    WeakColumnIgnored { column: String, header: String, key: &'static str },
    CodesByWords { column: String, key: &'static str, rows: usize, example: String, code: &'static str },
    HiddenIncluded { rows: usize },
}

impl Notice {
    pub fn message(&self, kind: RecordKind, lang: Lang) -> String {
        let vi = lang == Lang::Vi;
        match self {
            Notice::Decoded { from } => {
                if vi {
                    format!("Tệp CSV ở bảng mã {from}: đã chuyển sang Unicode.")
                } else {
                    format!("The CSV file is in {from}: converted to Unicode.")
                }
            }
            Notice::Sheet { name, number, of, chosen_by_officer } => {
                let name = quote(name);
                match (vi, *chosen_by_officer || *of == 1) {
                    (true, true) => format!("Đọc trang “{name}” ({number}/{of})."),
                    (true, false) => format!("Đọc trang “{name}” ({number}/{of}): trang có bảng này."),
                    (false, true) => format!("Reading sheet “{name}” ({number} of {of})."),
                    (false, false) => {
                        format!("Reading sheet “{name}” ({number} of {of}): the one with this table.")
                    }
                }
            }
            Notice::Header { first_line, last_line } => match (vi, first_line == last_line) {
                (true, true) => format!("Dòng tiêu đề cột: dòng {first_line}."),
                (true, false) => format!("Tiêu đề cột hai dòng: dòng {first_line}–{last_line}, đã ghép lại."),
                (false, true) => format!("Column headers: line {first_line}."),
                (false, false) => format!("Two-line column headers: lines {first_line}–{last_line}, joined."),
            },
            Notice::ColumnNumbers { line } => {
                if vi {
                    format!("Bỏ qua dòng {line}: dòng đánh số cột (1), (2), (3)…")
                } else {
                    format!("Skipped line {line}: it numbers the columns (1), (2), (3)…")
                }
            }
            Notice::Legacy { encoding, columns, cells } => {
                let cols = columns.join(", ");
                if vi {
                    format!("Chữ ở bảng mã cũ {encoding} (cột {cols}): đã chuyển {cells} ô sang Unicode.")
                } else {
                    format!(
                        "Text in the old {encoding} encoding (columns {cols}): {cells} cells converted to Unicode."
                    )
                }
            }
            Notice::LegacyKept { encoding, columns } => {
                let cols = columns.join(", ");
                if vi {
                    format!("Cột {cols} có vẻ ở bảng mã {encoding} nhưng được giữ nguyên theo yêu cầu.")
                } else {
                    format!("Columns {cols} look like {encoding} but are kept as they are, as asked.")
                }
            }
            Notice::Unit { column, unit, from } => {
                let u = unit.label(lang);
                let many = column.contains(',');
                let en_column = if many { format!("Columns {column}") } else { format!("Column {column}") };
                match (from, vi) {
                    (UnitFrom::Header, true) => {
                        format!("Cột {column}: số tiền tính bằng {u} (theo tiêu đề cột).")
                    }
                    (UnitFrom::Header, false) => {
                        format!("{en_column}: amounts in {u} (from the header).")
                    }
                    (UnitFrom::TitleLine(l), true) => {
                        format!("Cột {column}: số tiền tính bằng {u} (theo dòng “Đơn vị tính”, dòng {l}).")
                    }
                    (UnitFrom::TitleLine(l), false) => {
                        format!("{en_column}: amounts in {u} (from the “Đơn vị tính” line, line {l}).")
                    }
                    (UnitFrom::Officer, true) => {
                        format!("Cột {column}: số tiền tính bằng {u} (theo lựa chọn).")
                    }
                    (UnitFrom::Officer, false) => format!("{en_column}: amounts in {u} (as chosen)."),
                    (UnitFrom::Assumed, true) => format!(
                        "Cột {column}: không ghi đơn vị; đọc là {u}, đơn vị thường dùng. Nếu không đúng, hãy ghi đơn vị vào tiêu đề."
                    ),
                    (UnitFrom::Assumed, false) => format!(
                        "{en_column}: no unit given; read in {u}, the usual unit. If that is wrong, write the unit in the header."
                    ),
                    (UnitFrom::Cells, true) => {
                        format!("Cột {column}: mỗi số tiền ghi kèm đơn vị (“278,5 triệu”).")
                    }
                    (UnitFrom::Cells, false) => {
                        format!("{en_column}: each amount carries its own unit (“278,5 triệu”).")
                    }
                }
            }
            Notice::Skipped { reason, lines } => {
                let n = lines.len();
                let at = lines_text(lines);
                let (what_vi, what_en) = match reason {
                    SkipReason::Hidden => {
                        ("dòng ẩn (hoặc bị bộ lọc ẩn)", "hidden rows (by hand or by a filter)")
                    }
                    SkipReason::Total => ("dòng tổng cộng", "total rows"),
                    SkipReason::Subtotal { .. } => {
                        ("dòng cộng các dòng phía trên", "rows that add up the rows above them")
                    }
                    SkipReason::Group => {
                        ("dòng tiêu đề nhóm (I, II, A, B…)", "group headings (I, II, A, B…)")
                    }
                    SkipReason::End | SkipReason::AfterEnd => {
                        ("dòng ghi chú, chữ ký", "notes and signatures")
                    }
                    SkipReason::Example => ("dòng ví dụ của mẫu", "example rows of the template"),
                };
                if vi {
                    format!("Không nhập {n} {what_vi}: dòng {at}.")
                } else {
                    format!("Not imported, {n} {what_en}: line {at}.")
                }
            }
            Notice::TableEnd { line, text, lines_below } => {
                let text = quote(text).chars().take(40).collect::<String>();
                if vi {
                    format!(
                        "Bảng kết thúc ở dòng {line} (“{text}”); bỏ qua {lines_below} dòng ghi chú, chữ ký bên dưới."
                    )
                } else {
                    format!(
                        "The table ends at line {line} (“{text}”); {lines_below} lines of notes and signatures below it are left out."
                    )
                }
            }
            Notice::FilledFromGroups { key, rows } => {
                let l = label(kind, key, lang);
                if vi {
                    format!("“{l}” của {rows} dòng lấy từ dòng tiêu đề nhóm phía trên.")
                } else {
                    format!("“{l}” of {rows} rows taken from the group heading above them.")
                }
            }
            Notice::FilledFromMerges { key, rows } => {
                let l = label(kind, key, lang);
                if vi {
                    format!("“{l}” của {rows} dòng lấy từ ô gộp nhiều dòng.")
                } else {
                    format!("“{l}” of {rows} rows taken from a cell merged over several rows.")
                }
            }
            Notice::YearFromTitle { year, line, rows } => {
                if vi {
                    format!("Bảng không có cột năm: {rows} dòng lấy năm {year} theo tiêu đề (dòng {line}).")
                } else {
                    format!(
                        "The table has no year column: {rows} rows take the year {year} from the title (line {line})."
                    )
                }
            }
            Notice::YearFromDate { rows } => {
                if vi {
                    format!("Bảng không có cột năm: {rows} dòng lấy năm theo ngày phê duyệt.")
                } else {
                    format!("The table has no year column: {rows} rows take the year of their approval date.")
                }
            }
            Notice::Ignored { column, header, why } => {
                let header = quote(header);
                let (vi_why, en_why) = match why {
                    NotKept::RowNumber => ("số thứ tự", "row numbers"),
                    NotKept::Total => ("tổng, chương trình tự tính", "a total, worked out by the program"),
                    NotKept::Reason => {
                        ("lý do của tệp dòng lỗi", "the reason column of a rejected-rows file")
                    }
                    NotKept::NotInWorkbook => ("sổ không lưu thông tin này", "the workbook does not keep it"),
                };
                if vi {
                    format!("Bỏ qua cột {column} “{header}”: {vi_why}.")
                } else {
                    format!("Column {column} “{header}” left out: {en_why}.")
                }
            }
            Notice::HiddenColumnIgnored { column, header } => {
                let header = quote(header);
                if vi {
                    format!("Bỏ qua cột ẩn {column} “{header}”: không phải cột nhập.")
                } else {
                    format!("Hidden column {column} “{header}” left out: not an import column.")
                }
            }
            Notice::WeakColumnIgnored { column, header, key } => {
                let header = quote(header);
                let l = label(kind, key, lang);
                if vi {
                    format!("Bỏ qua cột {column} “{header}”: đã có cột khác là “{l}”.")
                } else {
                    format!("Column {column} “{header}” left out: another column is the “{l}”.")
                }
            }
            Notice::CodesByWords { column, key, rows, example, code } => {
                let l = label(kind, key, lang);
                let shown = crate::domain::fields::columns(kind)
                    .iter()
                    .find(|c| c.key == *key)
                    .and_then(|c| match c.ty {
                        crate::domain::fields::FieldType::Code(set) => set.label(code, lang),
                        _ => None,
                    })
                    .unwrap_or(code);
                let example = quote(example).chars().take(40).collect::<String>();
                if vi {
                    format!("Cột {column} “{l}”: {rows} ô đọc theo nghĩa, như “{example}” là “{shown}”.")
                } else {
                    format!(
                        "Column {column} “{l}”: {rows} cells read by their words, e.g. “{example}” as “{shown}”."
                    )
                }
            }
            Notice::HiddenIncluded { rows } => {
                if vi {
                    format!("Nhập cả {rows} dòng ẩn, theo yêu cầu.")
                } else {
                    format!("{rows} hidden rows imported too, as asked.")
                }
            }
        }
    }
}

/// A column whose header names no field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownColumn {
    pub column: String,
    pub header: String,
    pub nearest: Option<&'static Column>,
}

/// What stops the import until the officer settles it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableProblem {
    UnknownColumns(Vec<UnknownColumn>),
    DuplicateColumn { column: String, header: String, key: &'static str, other: String },
    MissingColumn { key: &'static str },
    FormulasWithoutValue { sheet: String, cells: Vec<String> },
    UnitlessDong { column: String, header: String, example: String },
    AmbiguousDecimal { examples: Vec<String> },
}

impl TableProblem {
    pub fn message(&self, kind: RecordKind, lang: Lang) -> String {
        let vi = lang == Lang::Vi;
        match self {
            TableProblem::UnknownColumns(list) => {
                let items: Vec<String> = list
                    .iter()
                    .take(20)
                    .map(|u| {
                        let header = quote(&u.header);
                        match (u.nearest, vi) {
                            (Some(c), true) => format!("{} “{header}” (có phải “{}”?)", u.column, c.label.vi),
                            (Some(c), false) => {
                                format!("{} “{header}” (did you mean “{}”?)", u.column, c.label.en)
                            }
                            (None, _) => format!("{} “{header}”", u.column),
                        }
                    })
                    .collect();
                let more = if list.len() > 20 { ", …" } else { "" };
                if vi {
                    format!(
                        "Không biết các cột: {}{more}. Hãy đổi tên cột theo mẫu nhập, hoặc bỏ qua các cột đó (dòng lệnh: --ignore-unknown).",
                        items.join("; ")
                    )
                } else {
                    format!(
                        "Unknown columns: {}{more}. Rename them as in the import template, or leave them out (command line: --ignore-unknown).",
                        items.join("; ")
                    )
                }
            }
            TableProblem::DuplicateColumn { column, header, key, other } => {
                let l = label(kind, key, lang);
                let header = quote(header);
                if vi {
                    format!("Cột {column} “{header}” và cột {other} cùng là “{l}”. Hãy giữ lại một cột.")
                } else {
                    format!("Columns {column} “{header}” and {other} are both the “{l}”. Keep only one.")
                }
            }
            TableProblem::MissingColumn { key } => {
                let l = label(kind, key, lang);
                if vi {
                    format!("Thiếu cột bắt buộc “{l}” ({key}). Hãy thêm cột đó (xem mẫu nhập).")
                } else {
                    format!("The required column “{l}” ({key}) is missing. Add it (see the import template).")
                }
            }
            TableProblem::FormulasWithoutValue { sheet, cells } => {
                let shown: Vec<&str> = cells.iter().take(10).map(String::as_str).collect();
                let more = if cells.len() > 10 { ", …" } else { "" };
                let sheet = quote(sheet);
                if vi {
                    format!(
                        "Trang “{sheet}”, ô {}{more}: công thức chưa có giá trị (tệp do chương trình khác tạo, chưa tính). Hãy mở tệp bằng Excel hoặc LibreOffice, lưu lại rồi nhập lại.",
                        shown.join(", ")
                    )
                } else {
                    format!(
                        "Sheet “{sheet}”, cell {}{more}: a formula with no stored value (made by another program, never calculated). Open the file in Excel or LibreOffice, save it, and import again.",
                        shown.join(", ")
                    )
                }
            }
            TableProblem::UnitlessDong { column, header, example } => {
                let header = quote(header);
                if vi {
                    format!(
                        "Cột {column} “{header}” không ghi đơn vị, mà số tiền như {example} có vẻ tính bằng đồng, không phải triệu đồng. Hãy ghi đơn vị vào tiêu đề, ví dụ “{header} (đồng)”, hoặc chọn đơn vị (dòng lệnh: --unit dong)."
                    )
                } else {
                    format!(
                        "Column {column} “{header}” gives no unit, and amounts like {example} look like đồng, not million đồng. Write the unit in the header, e.g. “{header} (đồng)”, or choose it (command line: --unit dong)."
                    )
                }
            }
            TableProblem::AmbiguousDecimal { examples } => {
                let ex = examples.iter().map(|e| format!("“{}”", quote(e))).collect::<Vec<_>>().join(", ");
                if vi {
                    format!(
                        "Không biết dấu phẩy trong các số như {ex} là dấu thập phân (1,235 = một phẩy hai ba lăm) hay dấu ngăn cách hàng nghìn (1,235 = một nghìn hai trăm ba mươi lăm). Hãy chọn cách ghi số: kiểu Việt Nam (dòng lệnh: --decimal comma) hoặc kiểu Anh – Mỹ (--decimal point)."
                    )
                } else {
                    format!(
                        "The comma in numbers like {ex} may be a decimal mark (1,235 = one point two three five) or a thousands separator (1,235 = one thousand two hundred thirty-five). Choose the number style: Vietnamese (command line: --decimal comma) or English (--decimal point)."
                    )
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_written_short() {
        assert_eq!(lines_text(&[5, 7, 9, 10, 11, 12]), "5, 7, 9–12");
        let many: Vec<usize> = (1..100).step_by(2).collect();
        assert!(lines_text(&many).ends_with(", …"));
    }
}
