//! Why a merge was refused or stopped, said in the officer's language.

use std::path::PathBuf;

use crate::domain::RecordKind;
use crate::domain::fields::columns;
use crate::domain::validate::Issue;
use crate::i18n::Lang;
use crate::workbook::WorkbookError;
use crate::workbook::error::{one_line, show, t};

/// What is wrong with one row of the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowProblem {
    /// A value that is not what the column holds (unknown code, bad date, text in a number…).
    Unreadable(String),
    /// The record rules (year, required fields, amounts…).
    Rules(Vec<Issue>),
    TooLong {
        column: &'static str,
        max: usize,
    },
    BadId,
    /// The row names an office the source does not have.
    UnknownOffice(String),
    /// The row names a facility that neither workbook has.
    MissingFacility(String),
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MergeError {
    #[error("target workbook is read-only")]
    TargetReadOnly,
    #[error("source is the target file")]
    SameFile,
    #[error("source is a copy of the target workbook")]
    SameWorkbook,
    #[error("source {path:?} refused: {error}")]
    SourceRefused { path: PathBuf, error: WorkbookError },
    #[error("invalid {kind:?} {id} in source: {problem:?}")]
    InvalidRecord { kind: RecordKind, id: String, label: String, problem: RowProblem },
    #[error("source changed since the preview")]
    SourceChanged,
    #[error("target changed since the preview")]
    PlanOutdated,
    #[error("merge cancelled")]
    Cancelled,
    #[error("no merge to undo")]
    NothingToUndo,
    #[error("{count} merged records edited since the merge")]
    EditedSinceMerge { count: usize, kind: RecordKind, label: String },
    #[error("facility {facility} still used by {used_by}")]
    UndoBlocked { facility: String, used_by: String },
    #[error(transparent)]
    Workbook(#[from] WorkbookError),
}

impl From<rusqlite::Error> for MergeError {
    fn from(e: rusqlite::Error) -> Self {
        MergeError::Workbook(e.into())
    }
}

impl MergeError {
    /// What is wrong and what to do, in the officer's language.
    pub fn message(&self, lang: Lang) -> String {
        let vi = lang == Lang::Vi;
        match self {
            MergeError::TargetReadOnly => t(
                vi,
                "Sổ đang mở ở chế độ chỉ đọc nên không thể gộp vào. Hãy dùng \"Lưu thành\" để tạo bản có thể sửa rồi gộp vào bản đó.".into(),
                "The workbook is open read-only, so nothing can be merged into it. Use \"Save as\" to make an editable copy and merge into that.".into(),
            ),
            MergeError::SameFile => t(
                vi,
                "Không thể gộp một sổ vào chính nó. Hãy chọn tệp sổ do đơn vị khác gửi đến.".into(),
                "A workbook cannot be merged into itself. Choose the workbook file sent by another office.".into(),
            ),
            MergeError::SameWorkbook => t(
                vi,
                "Tệp này là bản sao của chính sổ đang mở (cùng đơn vị), không phải sổ của đơn vị khác. Hãy chọn tệp sổ do đơn vị khác gửi đến.".into(),
                "This file is a copy of the open workbook (same office), not another office's workbook. Choose the workbook file sent by another office.".into(),
            ),
            MergeError::SourceRefused { path, error } => t(
                vi,
                format!("Không gộp được tệp {}: {} Sổ đang mở không bị thay đổi.", show(path), error.message(lang)),
                format!("Cannot merge {}: {} The open workbook was not changed.", show(path), error.message(lang)),
            ),
            MergeError::InvalidRecord { kind, id, label, problem } => {
                let what = kind.singular(lang);
                let name = if label.is_empty() { id.clone() } else { format!("\u{201c}{label}\u{201d} ({id})") };
                let detail = problem.message(*kind, lang);
                t(
                    vi,
                    format!("Tệp gửi đến có {what} {name} không hợp lệ: {detail} Chưa gộp gì; hãy nhờ đơn vị gửi sửa bản ghi này rồi gửi lại tệp."),
                    format!("The file sent has an invalid {what} {name}: {detail} Nothing was merged; ask the sending office to correct this record and send the file again."),
                )
            }
            MergeError::SourceChanged => t(
                vi,
                "Tệp gửi đến đã thay đổi sau khi xem trước. Chưa gộp gì; hãy xem trước lại rồi gộp.".into(),
                "The file sent has changed since the preview. Nothing was merged; preview again, then merge.".into(),
            ),
            MergeError::PlanOutdated => t(
                vi,
                "Sổ đang mở đã thay đổi sau khi xem trước. Chưa gộp gì; hãy xem trước lại rồi gộp.".into(),
                "The open workbook has changed since the preview. Nothing was merged; preview again, then merge.".into(),
            ),
            MergeError::Cancelled => t(
                vi,
                "Đã hủy gộp sổ. Không có gì được ghi.".into(),
                "The merge was cancelled. Nothing was written.".into(),
            ),
            MergeError::NothingToUndo => t(
                vi,
                "Không có lần gộp sổ nào để hoàn tác.".into(),
                "There is no merge to undo.".into(),
            ),
            MergeError::EditedSinceMerge { count, kind, label } => {
                let what = kind.singular(lang);
                t(
                    vi,
                    format!("Không thể hoàn tác lần gộp sổ cuối: {count} bản ghi do lần gộp ghi vào đã được sửa hoặc xóa sau đó (ví dụ {what} \u{201c}{label}\u{201d}). Hoàn tác sẽ làm mất các sửa đổi đó; sổ không bị thay đổi."),
                    format!("The last merge cannot be undone: {count} records it wrote were edited or deleted since (for example the {what} \u{201c}{label}\u{201d}). Undoing would lose those edits; the workbook was not changed."),
                )
            }
            MergeError::UndoBlocked { facility, used_by } => t(
                vi,
                format!("Không thể hoàn tác lần gộp sổ cuối: cơ sở \u{201c}{facility}\u{201d} do lần gộp thêm vào đang được bản ghi nhập sau đó dùng (\u{201c}{used_by}\u{201d}). Hãy xóa hoặc chuyển bản ghi đó trước; sổ không bị thay đổi."),
                format!("The last merge cannot be undone: the facility \u{201c}{facility}\u{201d} it added is used by a record entered since (\u{201c}{used_by}\u{201d}). Delete or move that record first; the workbook was not changed."),
            ),
            MergeError::Workbook(e) => e.message(lang),
        }
    }
}

impl RowProblem {
    /// What is wrong with the row; fields are named by their labels, as in the forms.
    pub fn message(&self, kind: RecordKind, lang: Lang) -> String {
        let vi = lang == Lang::Vi;
        match self {
            RowProblem::Unreadable(detail) => {
                let detail = one_line(detail);
                t(
                    vi,
                    format!("giá trị không đọc được ({detail})."),
                    format!("a value cannot be read ({detail})."),
                )
            }
            RowProblem::Rules(issues) => {
                let text: Vec<String> = issues
                    .iter()
                    .filter(|i| i.is_error())
                    .map(|i| {
                        let field = columns(kind).iter().find(|c| c.key == i.field);
                        format!(
                            "{}: {}",
                            field.map_or(i.field, |c| c.label.get(lang)),
                            i.problem.message(lang)
                        )
                    })
                    .collect();
                text.join(" ")
            }
            RowProblem::TooLong { column, max } => t(
                vi,
                format!("trường {column} dài quá {max} ký tự."),
                format!("field {column} is longer than {max} characters."),
            ),
            RowProblem::BadId => {
                t(vi, "mã bản ghi không hợp lệ.".into(), "the record id is not valid.".into())
            }
            RowProblem::UnknownOffice(id) => t(
                vi,
                format!("ghi thuộc đơn vị {id} mà tệp không có."),
                format!("it names office {id}, which the file does not have."),
            ),
            RowProblem::MissingFacility(id) => t(
                vi,
                format!("ghi cơ sở {id} mà cả hai sổ đều không có."),
                format!("it names facility {id}, which neither workbook has."),
            ),
        }
    }
}
