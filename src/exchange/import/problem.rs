//! What an import refuses with, in the officer's words.

use crate::domain::RecordKind;
use crate::domain::fields::columns;
use crate::domain::validate::Problem;
use crate::i18n::Lang;
use crate::spreadsheet::{ReadError, TableProblem};
use crate::workbook::WorkbookError;

/// A problem with one cell: its line in the file, its column and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    /// What the file's rows are: names the column in messages.
    pub kind: RecordKind,
    pub line: usize,
    /// The field.
    pub column: &'static str,
    /// The file's column the field was read from ("E"), if one was.
    pub letter: Option<String>,
    pub problem: Problem,
}

impl RowProblem {
    /// "Dòng 4, cột D “Năm” (nam): …": the column by its letter in the
    /// file, its label, as the template heads it, and its import name.
    pub fn message(&self, lang: Lang) -> String {
        let label = columns(self.kind).iter().find(|c| c.key == self.column).map(|c| c.label.get(lang));
        let letter = self.letter.as_deref().map(|l| format!("{l} ")).unwrap_or_default();
        let column = match label {
            Some(label) => format!("{letter}“{label}” ({})", self.column),
            None => format!("{letter}{}", self.column),
        };
        match lang {
            Lang::Vi => format!("Dòng {}, cột {column}: {}", self.line, self.problem.message(lang)),
            Lang::En => format!("Line {}, column {column}: {}", self.line, self.problem.message(lang)),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum ImportError {
    Read(ReadError),
    /// A question about the file's columns, units or numbers, not yet settled.
    Table {
        kind: RecordKind,
        problem: TableProblem,
    },
    /// Bad rows: nothing was written.
    Rows(Vec<RowProblem>),
    NoRows,
    /// "Update" was chosen for a row that repeats another row of the file,
    /// not a record of the workbook: there is nothing to update.
    CannotUpdate {
        line: usize,
    },
    Workbook(WorkbookError),
}

impl ImportError {
    pub fn message(&self, lang: Lang) -> String {
        let vi = lang == Lang::Vi;
        match self {
            ImportError::Read(e) => e.message(lang),
            ImportError::Table { kind, problem } => problem.message(*kind, lang),
            ImportError::Rows(problems) => {
                let head = if vi {
                    format!("{} lỗi; chưa nhập dòng nào. Hãy sửa các dòng sau rồi nhập lại:", problems.len())
                } else {
                    format!(
                        "{} errors; no row was imported. Correct these rows and import again:",
                        problems.len()
                    )
                };
                let mut out = head;
                for p in problems {
                    out.push('\n');
                    out.push_str(&p.message(lang));
                }
                out
            }
            ImportError::NoRows => {
                if vi {
                    "Tệp không có dòng dữ liệu nào.".into()
                } else {
                    "The file has no data rows.".into()
                }
            }
            ImportError::CannotUpdate { line } => {
                if vi {
                    format!(
                        "Dòng {line} trùng với một dòng khác của tệp, không phải với bản ghi trong sổ, nên không cập nhật được. Hãy chọn \"Bỏ qua\" hoặc \"Giữ cả hai\"."
                    )
                } else {
                    format!(
                        "Line {line} repeats another line of the file, not a record of the workbook, so there is nothing to update. Choose \"Skip\" or \"Keep both\"."
                    )
                }
            }
            ImportError::Workbook(e) => e.message(lang),
        }
    }
}

impl From<WorkbookError> for ImportError {
    fn from(e: WorkbookError) -> Self {
        ImportError::Workbook(e)
    }
}
