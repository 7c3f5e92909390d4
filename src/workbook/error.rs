//! Why a workbook could not be opened or written, said in the officer's language.

use std::path::{Path, PathBuf};

use crate::domain::text::shown_path;
use crate::domain::validate::Issue;
use crate::i18n::Lang;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum WorkbookError {
    #[error("not found: {0}")]
    NotFound(PathBuf),
    #[error("not a file: {0}")]
    NotAFile(PathBuf),
    #[error("empty file")]
    Empty,
    #[error("not an SQLite file")]
    NotSqlite,
    #[error("SQLite file of another program")]
    NotWorkbook,
    /// A workbook whose schema holds what this program never makes
    /// (a trigger, a view, an expression index, a generated column…).
    #[error("workbook schema changed by another program")]
    ForeignSchema(super::untrusted::SchemaMismatch),
    #[error("workbook version {found} is newer than {supported}")]
    Newer { found: i64, supported: i64 },
    #[error("damaged workbook: {0}")]
    Damaged(String),
    #[error("locked by another program")]
    Locked,
    /// A save was cut off (hot journal) and only a writer can finish the
    /// recovery; this program does not write this file (a merge source).
    #[error("the last save was interrupted")]
    Interrupted,
    /// A save of the workbook at `path` was cut off, and it cannot be rolled
    /// back where it is: the file or its folder cannot be written, or the
    /// journal beside it is not one SQLite wrote. It can be recovered into a copy.
    #[error("the last save was interrupted; recover into a copy")]
    CannotRecoverHere { path: PathBuf, journal_unreadable: bool },
    #[error("already exists: {0}")]
    AlreadyExists(PathBuf),
    #[error("workbook is read-only")]
    ReadOnly,
    #[error("read-only workbook of an older version")]
    OldReadOnly,
    #[error("record not found")]
    RecordNotFound,
    #[error("facility still has {0} records")]
    FacilityInUse(usize),
    #[error("invalid record")]
    Invalid(Vec<Issue>),
    #[error("cannot write the file: {0}")]
    Io(String),
    #[error("database error: {0}")]
    Sql(String),
}

impl WorkbookError {
    /// One line: what is wrong and what to do.
    pub fn message(&self, lang: Lang) -> String {
        let vi = lang == Lang::Vi;
        match self {
            WorkbookError::NotFound(p) => t(
                vi,
                format!("Không tìm thấy tệp {}. Hãy kiểm tra lại đường dẫn.", show(p)),
                format!("File {} was not found. Check the path.", show(p)),
            ),
            WorkbookError::NotAFile(p) => t(
                vi,
                format!("{} là một thư mục, không phải tệp sổ. Hãy chọn một tệp .db.", show(p)),
                format!("{} is a folder, not a workbook file. Choose a .db file.", show(p)),
            ),
            WorkbookError::Empty => t(
                vi,
                "Tệp rỗng (0 byte), không phải sổ khuyến công. Hãy mở bản sao khác hoặc tạo sổ mới.".into(),
                "The file is empty (0 bytes), not a khuyến công workbook. Open another copy or create a new workbook.".into(),
            ),
            WorkbookError::NotSqlite => t(
                vi,
                "Tệp này không phải là sổ khuyến công (không phải tệp cơ sở dữ liệu SQLite). Hãy chọn tệp .db do chương trình tạo ra.".into(),
                "This file is not a khuyến công workbook (not an SQLite database). Choose a .db file made by this program.".into(),
            ),
            WorkbookError::NotWorkbook => t(
                vi,
                "Tệp này là cơ sở dữ liệu của chương trình khác, không phải sổ khuyến công. Tệp không bị thay đổi.".into(),
                "This file is another program's database, not a khuyến công workbook. The file was not changed.".into(),
            ),
            WorkbookError::ForeignSchema(mismatch) => t(
                vi,
                format!("Cấu trúc của sổ này đã bị chương trình khác sửa ({}); chương trình không mở để khỏi chạy những gì lạ trong đó. Tệp không bị thay đổi. Hãy dùng bản sao lưu, hoặc nhờ người gửi xuất lại sổ.", mismatch.detail(lang)),
                format!("This workbook's structure was changed by another program ({}); it is not opened, so that nothing foreign in it runs. The file was not changed. Use a backup, or ask the sender to save the workbook again.", mismatch.detail(lang)),
            ),
            WorkbookError::Newer { found, supported } => t(
                vi,
                format!("Sổ này được tạo bởi phiên bản mới hơn của chương trình (phiên bản dữ liệu {found}, chương trình này đọc đến {supported}). Hãy cập nhật chương trình để mở."),
                format!("This workbook was written by a newer version of the program (data version {found}; this program reads up to {supported}). Update the program to open it."),
            ),
            WorkbookError::Damaged(detail) => {
                let detail = one_line(detail);
                t(
                vi,
                format!("Sổ bị hỏng ({detail}). Hãy mở bản sao lưu hoặc xin lại tệp từ nơi gửi. Tệp không bị thay đổi."),
                format!("The workbook is damaged ({detail}). Open a backup or ask the sender for the file again. The file was not changed."),
            )
            }
            WorkbookError::Locked => t(
                vi,
                "Tệp đang được chương trình khác sử dụng. Hãy đóng chương trình đó rồi thử lại.".into(),
                "The file is in use by another program. Close that program and try again.".into(),
            ),
            WorkbookError::Interrupted => t(
                vi,
                "Lần lưu cuối của sổ này bị ngắt giữa chừng (mất điện hoặc chương trình bị tắt đột ngột); dữ liệu đã lưu trọn vẹn trước đó vẫn còn, một phần nằm trong tệp “-journal” đi kèm: hãy luôn giữ hai tệp cùng nhau. Hãy mở sổ một lần bằng chương trình này ở thư mục có quyền ghi (sổ tự khôi phục), hoặc khôi phục vào bản sao bằng lệnh khuyencong recover TỆP.db -o BẢN-SAO.db. Tệp không bị thay đổi.".into(),
                "The last save of this workbook was interrupted (power cut or the program was stopped); everything saved before is still there, partly in the “-journal” file beside it: always keep the two files together. Open the workbook once with this program in a folder you can write to (it restores itself), or recover it into a copy with khuyencong recover FILE.db -o COPY.db. The file was not changed.".into(),
            ),
            WorkbookError::CannotRecoverHere { path, journal_unreadable: false } => t(
                vi,
                format!("Lần lưu cuối của sổ {} bị ngắt giữa chừng (mất điện hoặc chương trình bị tắt đột ngột), và tệp hoặc thư mục của sổ không cho ghi (tệp chỉ đọc, đĩa chỉ đọc hoặc không có quyền) nên không khôi phục ngay tại chỗ được. Dữ liệu đã lưu trọn vẹn trước đó vẫn còn, một phần nằm trong tệp “-journal” đi kèm: hãy luôn giữ hai tệp cùng nhau. Hãy khôi phục vào một bản sao ở nơi ghi được: nút “Khôi phục vào bản sao…”, hoặc lệnh khuyencong recover TỆP.db -o BẢN-SAO.db. Tệp không bị thay đổi.", show(path)),
                format!("The last save of {} was interrupted (power cut or the program was stopped), and the file or its folder cannot be written (read-only file or medium, or no permission), so it cannot be recovered in place. Everything saved before is still there, partly in the “-journal” file beside it: always keep the two files together. Recover it into a copy somewhere writable: the “Recover into a copy…” button, or khuyencong recover FILE.db -o COPY.db. The file was not changed.", show(path)),
            ),
            WorkbookError::CannotRecoverHere { path, journal_unreadable: true } => t(
                vi,
                format!("Bên cạnh sổ {} có tệp “-journal” cùng tên (dấu vết của một lần lưu bị ngắt) nhưng chương trình không đọc được tệp đó như nhật ký lưu của SQLite, nên không mở sổ tại chỗ để không ghi gì vào hai tệp; hãy giữ hai tệp cùng nhau. Hãy khôi phục vào một bản sao: nút “Khôi phục vào bản sao…”, hoặc lệnh khuyencong recover TỆP.db -o BẢN-SAO.db; bản sao được kiểm tra trước khi mở. Tệp không bị thay đổi.", show(path)),
                format!("Beside {} lies a “-journal” file of the same name (left by an interrupted save) that the program cannot read as SQLite's journal, so the workbook is not opened in place, to write nothing to either file; keep the two files together. Recover it into a copy: the “Recover into a copy…” button, or khuyencong recover FILE.db -o COPY.db; the copy is checked before it opens. The file was not changed.", show(path)),
            ),
            WorkbookError::AlreadyExists(p) => t(
                vi,
                format!("Tệp {} đã có. Hãy chọn tên khác để không ghi đè dữ liệu.", show(p)),
                format!("File {} already exists. Choose another name so no data is overwritten.", show(p)),
            ),
            WorkbookError::ReadOnly => t(
                vi,
                "Sổ đang mở ở chế độ chỉ đọc nên không thể sửa. Hãy dùng \"Lưu thành\" để tạo bản có thể sửa.".into(),
                "The workbook is open read-only and cannot be edited. Use \"Save as\" to make an editable copy.".into(),
            ),
            WorkbookError::OldReadOnly => t(
                vi,
                "Sổ thuộc phiên bản cũ và cần được nâng cấp, nhưng tệp chỉ đọc. Hãy chép tệp vào thư mục có quyền ghi rồi mở lại.".into(),
                "The workbook is from an older version and needs an upgrade, but the file is read-only. Copy it to a writable folder and open it again.".into(),
            ),
            WorkbookError::RecordNotFound => t(
                vi,
                "Không tìm thấy bản ghi (có thể đã bị xóa). Hãy tải lại danh sách.".into(),
                "The record was not found (it may have been deleted). Reload the list.".into(),
            ),
            WorkbookError::FacilityInUse(n) => t(
                vi,
                format!("Cơ sở này còn {n} bản ghi (đề án, đào tạo, thiết kế bao bì). Hãy xóa hoặc chuyển các bản ghi đó trước."),
                format!("This facility still has {n} records (projects, trainings, design support). Delete or move them first."),
            ),
            WorkbookError::Invalid(issues) => {
                let first = issues.iter().find(|i| i.is_error());
                let detail = first.map(|i| format!("{}: {}", i.field, i.problem.message(lang))).unwrap_or_default();
                t(vi, format!("Bản ghi có lỗi, chưa được lưu. {detail}"), format!("The record has errors and was not saved. {detail}"))
            }
            WorkbookError::Io(detail) => t(
                vi,
                format!("Không ghi được tệp ({detail}). Hãy kiểm tra quyền ghi và dung lượng đĩa."),
                format!("Could not write the file ({detail}). Check write permission and free disk space."),
            ),
            WorkbookError::Sql(detail) => t(
                vi,
                format!("Lỗi cơ sở dữ liệu ({detail}). Dữ liệu đã lưu trước đó không bị ảnh hưởng."),
                format!("Database error ({detail}). Data saved before is not affected."),
            ),
        }
    }
}

pub(super) fn t(vi: bool, vi_text: String, en_text: String) -> String {
    if vi { vi_text } else { en_text }
}

/// SQLite's reports span lines and name the schema; a message is one line.
pub(super) fn one_line(detail: &str) -> String {
    let cleaned = detail.replace("*** in database main ***", "");
    let mut out = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    if out.chars().count() > 160 {
        out = out.chars().take(159).collect::<String>() + "…";
    }
    out
}

/// A path in quotes, its control characters shown as escapes.
pub fn show(p: &Path) -> String {
    format!("\"{}\"", shown_path(p))
}

impl From<rusqlite::Error> for WorkbookError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => WorkbookError::Locked,
            Some(ErrorCode::NotADatabase) => WorkbookError::NotSqlite,
            Some(ErrorCode::DatabaseCorrupt) => WorkbookError::Damaged(e.to_string()),
            Some(ErrorCode::ReadOnly) => WorkbookError::ReadOnly,
            Some(ErrorCode::DiskFull | ErrorCode::SystemIoFailure | ErrorCode::CannotOpen) => {
                WorkbookError::Io(e.to_string())
            }
            _ => WorkbookError::Sql(e.to_string()),
        }
    }
}

impl From<std::io::Error> for WorkbookError {
    fn from(e: std::io::Error) -> Self {
        WorkbookError::Io(e.to_string())
    }
}

pub type Result<T> = std::result::Result<T, WorkbookError>;

#[cfg(test)]
mod tests {
    use super::*;

    /// Every refusal a file can get, in both languages.
    fn messages() -> Vec<String> {
        let p = PathBuf::from("/media/usb/Sổ Long Hồ.db");
        let errors = [
            WorkbookError::NotFound(p.clone()),
            WorkbookError::NotAFile(p.clone()),
            WorkbookError::Empty,
            WorkbookError::NotSqlite,
            WorkbookError::NotWorkbook,
            WorkbookError::Newer { found: 9, supported: 3 },
            WorkbookError::Damaged("truncated".into()),
            WorkbookError::Locked,
            WorkbookError::Interrupted,
            WorkbookError::CannotRecoverHere { path: p.clone(), journal_unreadable: false },
            WorkbookError::CannotRecoverHere { path: p.clone(), journal_unreadable: true },
            WorkbookError::AlreadyExists(p),
            WorkbookError::ReadOnly,
            WorkbookError::OldReadOnly,
            WorkbookError::Io("disk full".into()),
            WorkbookError::Sql("x".into()),
        ];
        errors.iter().flat_map(|e| [e.message(Lang::Vi), e.message(Lang::En)]).collect()
    }

    #[test]
    fn no_message_advises_parting_a_workbook_from_its_journal() {
        let advice =
            ["xóa", "xoá", "đổi tên", "tách", "chuyển", "delete", "remove", "rename", "move", "separate"];
        for message in messages() {
            let lower = message.to_lowercase();
            if lower.contains("journal") {
                assert!(
                    lower.contains("giữ hai tệp cùng nhau") || lower.contains("keep the two files together")
                );
                for word in advice {
                    assert!(!lower.contains(word), "{word:?} in {message}");
                }
            }
            assert_eq!(message.lines().count(), 1, "{message}");
        }
    }

    #[test]
    fn paths_are_shown_with_control_characters_escaped() {
        let p = PathBuf::from("sổ\n\u{1b}[31mđỏ.db");
        let text = WorkbookError::CannotRecoverHere { path: p, journal_unreadable: false }.message(Lang::En);
        assert!(text.contains(r#""sổ\n\u{1b}[31mđỏ.db""#), "{text}");
        assert!(!text.contains('\u{1b}') && !text.contains('\n'));
    }
}
