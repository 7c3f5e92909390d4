//! Excel templates for importing: one XLSX per record kind that an officer
//! fills in and imports as is. The first sheet holds the import columns (the
//! same Vietnamese headers as the export) with drop-down lists, number and
//! date formats and one example row that the importer skips; the sheets after
//! it explain the columns and hold the lists.
//!
//! Files are written beside the target and renamed at the end, so a failed
//! write never leaves half a file or damages a file already there.
//!
//! [`meaning`] holds what the template says about each column (its meaning,
//! its values, the example row and the rules); [`sheets`] writes the sheets.

mod meaning;
mod sheets;

pub use meaning::{column_meaning, example_values};
pub(crate) use sheets::excel_date;

use std::io::{BufWriter, Write};
use std::path::Path;

use rust_xlsxwriter::XlsxError;

use crate::domain::RecordKind;
use crate::domain::fields::columns;
use crate::exchange::export::SHEET_NAMES;
use crate::i18n::Lang;
use crate::output::{NewFile, OutputError};
use sheets::{Styles, data_sheet, instructions_sheet, lists_sheet};

/// The sheet after the data sheet that explains every column.
pub const INSTRUCTIONS_SHEET: &str = "Hướng dẫn";
/// The last sheet: the values of the drop-down lists.
pub const LISTS_SHEET: &str = "Danh mục";
/// How the example row starts. A row whose first filled cell starts with this
/// (in any case, with or without accents) is the template's example and is
/// skipped by the importer.
pub const EXAMPLE_PREFIX: &str = "Ví dụ:";

/// Why a template (or another file the program makes for the officer) could not be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateError {
    /// The file could not be written (permission, disk full, a folder at the target…).
    Io(String),
    /// The spreadsheet library refused the contents.
    Xlsx(String),
    /// The target may not be written (a workbook).
    Target(OutputError),
}

impl From<OutputError> for TemplateError {
    fn from(e: OutputError) -> Self {
        match e {
            OutputError::Io(detail) => TemplateError::Io(detail),
            refused => TemplateError::Target(refused),
        }
    }
}

impl TemplateError {
    /// One line: what is wrong and what to do.
    pub fn message(&self, lang: Lang) -> String {
        let detail = match self {
            TemplateError::Io(d) | TemplateError::Xlsx(d) => {
                d.split_whitespace().collect::<Vec<_>>().join(" ")
            }
            TemplateError::Target(refused) => return refused.message(lang),
        };
        match (self, lang) {
            (TemplateError::Io(_), Lang::Vi) => format!(
                "Không ghi được tệp Excel ({detail}). Hãy kiểm tra quyền ghi và dung lượng đĩa, hoặc đóng tệp nếu đang mở trong Excel, rồi thử lại."
            ),
            (TemplateError::Io(_), Lang::En) => format!(
                "Could not write the Excel file ({detail}). Check write permission and free disk space, or close the file if it is open in Excel, and try again."
            ),
            (TemplateError::Xlsx(_), Lang::Vi) => format!(
                "Không tạo được tệp Excel ({detail}). Tệp cũ (nếu có) không bị thay đổi; hãy báo lỗi này cho người quản trị."
            ),
            (TemplateError::Xlsx(_), Lang::En) => format!(
                "Could not make the Excel file ({detail}). Any existing file was not changed; please report this error."
            ),
            (TemplateError::Target(_), _) => String::new(),
        }
    }
}

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for TemplateError {}

impl From<std::io::Error> for TemplateError {
    fn from(e: std::io::Error) -> Self {
        TemplateError::Io(e.to_string())
    }
}

impl From<XlsxError> for TemplateError {
    fn from(e: XlsxError) -> Self {
        match e {
            XlsxError::IoError(e) => TemplateError::Io(e.to_string()),
            XlsxError::TempFileError(_, e) => TemplateError::Io(e.to_string()),
            other => TemplateError::Xlsx(other.to_string()),
        }
    }
}

/// The name of the data sheet of `kind`, the same as in the XLSX export.
pub fn data_sheet_name(kind: RecordKind) -> &'static str {
    SHEET_NAMES[kind.index()]
}

/// A file name to offer for the template of `kind`: `mau-nhap-projects.xlsx`.
pub fn default_file_name(kind: RecordKind) -> String {
    format!("mau-nhap-{}.xlsx", kind.cli_name())
}

/// Saves `book` to `path` through a temporary file beside it
/// ([`crate::output`]): never half written, never over a workbook.
pub(crate) fn save_atomically(
    book: &mut rust_xlsxwriter::Workbook,
    path: &Path,
) -> Result<(), TemplateError> {
    let mut file = NewFile::beside(path, None)?;
    crate::guard::catch(|| {
        let mut buffered = BufWriter::new(file.file());
        book.save_to_writer(&mut buffered)?;
        buffered.flush()?;
        Ok::<_, TemplateError>(())
    })
    .unwrap_or_else(|| Err(TemplateError::Io(crate::exchange::export::UNWRITABLE_TEMP.into())))?;
    file.commit()?;
    Ok(())
}

/// Writes the import template of `kind` to `path` (XLSX): the data sheet with
/// the import headers, drop-down lists, formats and one example row; then
/// the instructions (`Hướng dẫn`) and the lists (`Danh mục`).
pub fn write_template(kind: RecordKind, path: &Path) -> Result<(), TemplateError> {
    let styles = Styles::new();
    let (lists, ranges) = lists_sheet(columns(kind), &styles)?;
    let mut book = rust_xlsxwriter::Workbook::new();
    book.push_worksheet(data_sheet(kind, &ranges, &styles)?);
    book.push_worksheet(instructions_sheet(kind, &styles)?);
    book.push_worksheet(lists);
    save_atomically(&mut book, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_in_both_languages() {
        let e = TemplateError::Io("Permission denied\n(os error 13)".into());
        assert!(e.message(Lang::Vi).contains("Không ghi được"));
        assert!(e.message(Lang::En).contains("Could not write"));
        assert!(!e.message(Lang::Vi).contains('\n'));
    }
}
