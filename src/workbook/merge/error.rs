//! Why a merge was refused or stopped, said in the officer's language.

use std::path::{Path, PathBuf};

use crate::domain::RecordKind;
use crate::domain::fields::columns;
use crate::domain::number::format_int_in;
use crate::domain::text::shown_path;
use crate::domain::text::{capitalised, quote_at_most};
use crate::domain::validate::Issue;
use crate::i18n::Lang;
use crate::workbook::WorkbookError;
use crate::workbook::error::{one_line, t};
use crate::workbook::untrusted::SchemaMismatch;

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

/// Which limit on a merge source was passed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceLimit {
    /// The file (with its `-wal` file) is larger than `max` bytes.
    FileSize { bytes: u64, max: u64 },
    /// A table holds more than `max` rows.
    Rows { table: &'static str, max: u64 },
    /// A value is longer than `max_bytes`, which SQLite then does not even read;
    /// `table` when known.
    Value { table: Option<&'static str>, max_bytes: usize },
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
    /// The source's schema is not this program's for its level: refused
    /// before SQLite evaluated anything in it.
    #[error("source {path:?} is not a workbook of this program: {mismatch:?}")]
    SourceNotOurs { path: PathBuf, mismatch: SchemaMismatch },
    #[error("source {path:?} is over a limit: {limit:?}")]
    SourceTooLarge { path: PathBuf, limit: SourceLimit },
    /// Checking and reading the source took longer than its time limit.
    #[error("checking source {path:?} took over {seconds} s")]
    SourceTooSlow { path: PathBuf, seconds: u64 },
    #[error("invalid {kind:?} {id} in source: {problem:?}")]
    InvalidRecord { kind: RecordKind, id: String, label: String, problem: RowProblem },
    /// A record linked field by field that breaks the record rules (a
    /// class's female trainees over its trainees…).
    #[error("{kind:?} {label:?} made field by field is invalid: {problem:?}")]
    MixedInvalid { kind: RecordKind, label: String, problem: RowProblem },
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
                format!("Không gộp được tệp {}: {} Sổ đang mở không bị thay đổi.", shown(path), error.message(lang)),
                format!("Cannot merge {}: {} The open workbook was not changed.", shown(path), error.message(lang)),
            ),
            MergeError::SourceNotOurs { path, mismatch } => t(
                vi,
                format!("Không gộp được tệp {}: tệp không phải sổ do chương trình này tạo ra, hoặc đã bị sửa bằng công cụ khác hay bị hỏng ({}). Chưa gộp gì; hãy xin đơn vị gửi lại sổ lưu từ chương trình.", shown(path), mismatch.detail(lang)),
                format!("Cannot merge {}: the file is not a workbook made by this program, or was altered with another tool or damaged ({}). Nothing was merged; ask the sending office for the workbook as saved by the program.", shown(path), mismatch.detail(lang)),
            ),
            MergeError::SourceTooLarge { path, limit } => t(
                vi,
                format!("Không gộp được tệp {}: {} Chưa gộp gì; hãy xin đơn vị gửi kiểm tra lại sổ.", shown(path), limit.message(lang)),
                format!("Cannot merge {}: {} Nothing was merged; ask the sending office to check its workbook.", shown(path), limit.message(lang)),
            ),
            MergeError::SourceTooSlow { path, seconds } => t(
                vi,
                format!("Không gộp được tệp {}: kiểm tra tệp mất quá {seconds} giây nên đã dừng; tệp có thể bị hỏng hoặc không phải sổ do chương trình tạo ra. Chưa gộp gì; hãy chép tệp vào máy này rồi thử lại, hoặc xin đơn vị gửi lại.", shown(path)),
                format!("Cannot merge {}: checking the file took over {seconds} seconds and was stopped; it may be damaged or not made by this program. Nothing was merged; copy the file to this computer and try again, or ask the office to send it again.", shown(path)),
            ),
            MergeError::InvalidRecord { kind, id, label, problem } => {
                let what = kind.singular(lang);
                let id = quote_at_most(id, 64);
                let name = if label.is_empty() { id } else { format!("\u{201c}{}\u{201d} ({id})", quote_at_most(label, 100)) };
                let detail = problem.message(*kind, lang);
                t(
                    vi,
                    format!("Tệp gửi đến có {what} {name} không hợp lệ: {detail} Chưa gộp gì; hãy nhờ đơn vị gửi sửa bản ghi này rồi gửi lại tệp."),
                    format!("The file sent has an invalid {what} {name}: {detail} Nothing was merged; ask the sending office to correct this record and send the file again."),
                )
            }
            MergeError::MixedInvalid { kind, label, problem } => {
                let what = kind.singular(lang);
                let name = quote_at_most(label, 100);
                let detail = problem.message(*kind, lang);
                t(
                    vi,
                    format!("{} \u{201c}{name}\u{201d} ghép từ các trường đã chọn không hợp lệ: {detail} Chưa gộp gì; hãy chọn lại các trường của bản ghi này.", capitalised(what)),
                    format!("The {what} \u{201c}{name}\u{201d} made from the fields chosen is invalid: {detail} Nothing was merged; choose this record's fields again."),
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
                let label = quote_at_most(label, 100);
                t(
                    vi,
                    format!("Không thể hoàn tác lần gộp sổ cuối: {count} bản ghi do lần gộp ghi vào đã được sửa hoặc xóa sau đó (ví dụ {what} \u{201c}{label}\u{201d}). Hoàn tác sẽ làm mất các sửa đổi đó; sổ không bị thay đổi."),
                    format!("The last merge cannot be undone: {count} records it wrote were edited or deleted since (for example the {what} \u{201c}{label}\u{201d}). Undoing would lose those edits; the workbook was not changed."),
                )
            }
            MergeError::UndoBlocked { facility, used_by } => {
                let (facility, used_by) = (quote_at_most(facility, 100), quote_at_most(used_by, 100));
                t(
                vi,
                format!("Không thể hoàn tác lần gộp sổ cuối: cơ sở \u{201c}{facility}\u{201d} do lần gộp thêm vào đang được bản ghi nhập sau đó dùng (\u{201c}{used_by}\u{201d}). Hãy xóa hoặc chuyển bản ghi đó trước; sổ không bị thay đổi."),
                format!("The last merge cannot be undone: the facility \u{201c}{facility}\u{201d} it added is used by a record entered since (\u{201c}{used_by}\u{201d}). Delete or move that record first; the workbook was not changed."),
                )
            }
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
                let detail = quote_at_most(&one_line(detail), 100);
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
            RowProblem::TooLong { column, max } => {
                let max = format_int_in(*max as i64, lang);
                t(
                    vi,
                    format!("trường {column} dài quá {max} ký tự."),
                    format!("field {column} is longer than {max} characters."),
                )
            }
            RowProblem::BadId => {
                t(vi, "mã bản ghi không hợp lệ.".into(), "the record id is not valid.".into())
            }
            RowProblem::UnknownOffice(id) => {
                let id = quote_at_most(id, 64);
                t(
                    vi,
                    format!("ghi thuộc đơn vị {id} mà tệp không có."),
                    format!("it names office {id}, which the file does not have."),
                )
            }
            RowProblem::MissingFacility(id) => {
                let id = quote_at_most(id, 64);
                t(
                    vi,
                    format!("ghi cơ sở {id} mà cả hai sổ đều không có."),
                    format!("it names facility {id}, which neither workbook has."),
                )
            }
        }
    }
}

impl SourceLimit {
    /// Which limit, as a sentence.
    pub fn message(&self, lang: Lang) -> String {
        let vi = lang == Lang::Vi;
        match self {
            SourceLimit::FileSize { bytes, max } => {
                let mb = |b: u64| format_int_in((b / (1024 * 1024)) as i64, lang);
                t(
                    vi,
                    format!("tệp lớn {} MB, quá giới hạn {} MB của một sổ gửi đến.", mb(*bytes), mb(*max)),
                    format!(
                        "the file is {} MB, over the {} MB limit for a workbook received.",
                        mb(*bytes),
                        mb(*max)
                    ),
                )
            }
            SourceLimit::Rows { table, max } => {
                let max = format_int_in(*max as i64, lang);
                t(
                    vi,
                    format!("bảng {table} có hơn {max} dòng, quá giới hạn của một sổ gửi đến."),
                    format!(
                        "the table {table} has more than {max} rows, over the limit for a workbook received."
                    ),
                )
            }
            SourceLimit::Value { table, max_bytes } => {
                let max = format_int_in(*max_bytes as i64, lang);
                let (vi_in, en_in) = match table {
                    Some(table) => (format!(" trong bảng {table}"), format!(" in the table {table}")),
                    None => (String::new(), String::new()),
                };
                t(
                    vi,
                    format!("tệp có giá trị dài hơn {max} byte{vi_in}, quá dài cho một trường của sổ."),
                    format!(
                        "the file holds a value longer than {max} bytes{en_in}, too long for any field of a workbook."
                    ),
                )
            }
        }
    }
}

/// A path for a message, in quotes, control characters escaped.
pub(super) fn shown(path: &Path) -> String {
    format!("\"{}\"", shown_path(path))
}
