//! Writing a workbook's records out for Excel: every kind and the totals by
//! year as one XLSX file, or one kind (or the rows a list shows) as CSV. The columns are the import
//! columns with their Vietnamese labels, so an exported file imports back.
//!
//! Both write a temporary file beside the target and rename it at the end:
//! a failed or cancelled export leaves no half file and never damages a file
//! already at the target.
//!
//! [`values`] says what each column of a record holds; [`xlsx`] and
//! [`csv_file`] write them out.

mod csv_file;
mod plans;
mod values;
mod xlsx;

pub use csv_file::{export_csv, export_csv_rows};
pub use plans::{PLAN_HEADERS, export_plans};
pub use xlsx::export_xlsx;

use std::path::PathBuf;

use rust_xlsxwriter::XlsxError;

use crate::domain::number::format_int;
use crate::domain::text::shown_path;
use crate::i18n::Lang;
use crate::output::OutputError;
use crate::workbook::WorkbookError;

/// The sheets of an XLSX export, in order.
pub const SHEET_NAMES: [&str; 5] = ["Cơ sở", "Đề án", "Đào tạo", "Thiết kế bao bì", "Tổng hợp"];

/// The headers of the `Tổng hợp` sheet.
pub const SUMMARY_HEADERS: [&str; 7] = [
    "Năm",
    "Số đề án",
    "Kinh phí hỗ trợ (triệu đồng)",
    "Vốn đối ứng (triệu đồng)",
    "Số lớp đào tạo",
    "Số học viên",
    "Lượt hỗ trợ thiết kế",
];

/// The label of the total row of the `Tổng hợp` sheet.
pub const TOTAL_LABEL: &str = "Cộng";

/// Excel's number format for amounts in million đồng (whole, and with decimals).
pub const MONEY_FORMAT: &str = "#,##0.######";
pub const DATE_FORMAT: &str = "dd/mm/yyyy";

/// Rows of one sheet Excel can hold, the header included.
const EXCEL_MAX_ROWS: usize = 1_048_576;

/// What an export wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExportSummary {
    /// Records written (all record sheets for XLSX; the summary rows are not counted).
    pub records: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExportError {
    /// The records could not be read from the workbook.
    Workbook(WorkbookError),
    /// The file could not be written (permission, disk full, a folder at the target…).
    Io(String),
    /// The spreadsheet library refused the data.
    Xlsx(String),
    /// More records of one kind than an Excel sheet holds.
    TooManyRows { sheet: &'static str, rows: usize },
    /// The target is the workbook file itself.
    SameAsWorkbook(PathBuf),
    /// The target is another workbook.
    ReplacesWorkbook(PathBuf),
    /// The officer cancelled; nothing was written.
    Cancelled,
}

impl ExportError {
    /// One line: what is wrong and what to do.
    pub fn message(&self, lang: Lang) -> String {
        let vi = lang == Lang::Vi;
        let t = |vi_text: String, en_text: String| if vi { vi_text } else { en_text };
        match self {
            ExportError::Workbook(e) => e.message(lang),
            ExportError::Io(detail) => t(
                format!(
                    "Không ghi được tệp xuất ({}). Hãy kiểm tra quyền ghi, dung lượng đĩa, hoặc đóng tệp nếu đang mở trong Excel rồi thử lại.",
                    one_line(detail)
                ),
                format!(
                    "Could not write the export file ({}). Check write permission and free disk space, or close the file if it is open in Excel, and try again.",
                    one_line(detail)
                ),
            ),
            ExportError::Xlsx(detail) => t(
                format!(
                    "Không tạo được tệp Excel ({}). Tệp cũ (nếu có) không bị thay đổi; hãy thử xuất CSV.",
                    one_line(detail)
                ),
                format!(
                    "Could not make the Excel file ({}). Any existing file was not changed; try exporting CSV.",
                    one_line(detail)
                ),
            ),
            ExportError::TooManyRows { sheet, rows } => t(
                format!(
                    "Trang \"{sheet}\" có {} dòng, nhiều hơn Excel chứa được ({}). Hãy xuất loại này ra CSV.",
                    format_int(*rows as i64),
                    format_int(EXCEL_MAX_ROWS as i64 - 1)
                ),
                format!(
                    "Sheet \"{sheet}\" has {} rows, more than Excel holds ({}). Export this kind as CSV.",
                    format_int(*rows as i64),
                    format_int(EXCEL_MAX_ROWS as i64 - 1)
                ),
            ),
            ExportError::SameAsWorkbook(p) => t(
                format!(
                    "\"{}\" là tệp sổ đang mở; xuất vào đó sẽ xóa sổ. Hãy chọn tên tệp khác.",
                    shown_path(p)
                ),
                format!(
                    "\"{}\" is the open workbook; exporting there would erase it. Choose another file name.",
                    shown_path(p)
                ),
            ),
            ExportError::ReplacesWorkbook(p) => OutputError::Workbook(p.clone()).message(lang),
            ExportError::Cancelled => t(
                "Đã hủy xuất tệp. Không có tệp nào được ghi hay thay đổi.".into(),
                "Export cancelled. No file was written or changed.".into(),
            ),
        }
    }
}

impl std::fmt::Display for ExportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for ExportError {}

impl From<WorkbookError> for ExportError {
    fn from(e: WorkbookError) -> Self {
        ExportError::Workbook(e)
    }
}

impl From<OutputError> for ExportError {
    fn from(e: OutputError) -> Self {
        match e {
            OutputError::OpenWorkbook(p) => ExportError::SameAsWorkbook(p),
            OutputError::Workbook(p) => ExportError::ReplacesWorkbook(p),
            OutputError::Io(detail) => ExportError::Io(detail),
        }
    }
}

impl From<std::io::Error> for ExportError {
    fn from(e: std::io::Error) -> Self {
        ExportError::Io(e.to_string())
    }
}

impl From<XlsxError> for ExportError {
    fn from(e: XlsxError) -> Self {
        match e {
            XlsxError::IoError(e) => ExportError::Io(e.to_string()),
            XlsxError::TempFileError(_, e) => ExportError::Io(e.to_string()),
            other => ExportError::Xlsx(other.to_string()),
        }
    }
}

impl From<csv::Error> for ExportError {
    fn from(e: csv::Error) -> Self {
        ExportError::Io(e.to_string())
    }
}

/// What a panic of the spreadsheet writer means: its temporary files could not be written.
pub(crate) const UNWRITABLE_TEMP: &str = "the temporary files could not be written: is the disk full?";

fn one_line(detail: &str) -> String {
    let mut out = detail.split_whitespace().collect::<Vec<_>>().join(" ");
    if out.chars().count() > 160 {
        out = out.chars().take(159).collect::<String>() + "…";
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_one_line_in_both_languages() {
        let errors = [
            ExportError::Io("Permission denied\n(os error 13)".into()),
            ExportError::Xlsx("bad".into()),
            ExportError::TooManyRows { sheet: "Đề án", rows: 2_000_000 },
            ExportError::SameAsWorkbook(PathBuf::from("sổ.db")),
            ExportError::Cancelled,
            ExportError::Workbook(WorkbookError::ReadOnly),
        ];
        for e in &errors {
            let vi = e.message(Lang::Vi);
            let en = e.message(Lang::En);
            assert!(!vi.contains('\n') && !en.contains('\n'), "{vi} / {en}");
            assert_ne!(vi, en);
        }
        assert!(errors[2].message(Lang::Vi).contains("2.000.000"));
    }
}
