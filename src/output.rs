//! Writing a file the officer asked for (an export, a template, rejected
//! rows, a chart, the settings): written whole into a temporary file beside
//! the target, then renamed over it, so the target is the old file or the
//! complete new one.
//!
//! The temporary file is created exclusively under a random name (never an
//! existing path, never through a symlink someone planted), and the rename
//! replaces the target's directory entry: a symlink at the target is
//! replaced, not written through. A target that is a workbook (the open one
//! or any other) is refused: an export must never erase an office's records.

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use crate::domain::text::shown_path;
use crate::i18n::Lang;
use crate::workbook::schema::APPLICATION_ID;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputError {
    /// The target is the workbook open in the program.
    OpenWorkbook(PathBuf),
    /// The target is a workbook (another office's, a backup).
    Workbook(PathBuf),
    Io(String),
}

impl From<io::Error> for OutputError {
    fn from(e: io::Error) -> Self {
        OutputError::Io(e.to_string())
    }
}

impl OutputError {
    /// One line: what is wrong and what to do.
    pub fn message(&self, lang: Lang) -> String {
        let vi = lang == Lang::Vi;
        match self {
            OutputError::OpenWorkbook(p) if vi => {
                format!("“{}” là sổ đang mở; ghi vào đó sẽ xóa sổ. Hãy chọn tên tệp khác.", shown_path(p))
            }
            OutputError::OpenWorkbook(p) => format!(
                "“{}” is the open workbook; writing there would erase it. Choose another file name.",
                shown_path(p)
            ),
            OutputError::Workbook(p) if vi => format!(
                "“{}” là một sổ khuyến công; chương trình không bao giờ ghi đè lên sổ. Hãy chọn tên tệp khác.",
                shown_path(p)
            ),
            OutputError::Workbook(p) => format!(
                "“{}” is a khuyến công workbook; the program never writes over a workbook. Choose another file name.",
                shown_path(p)
            ),
            OutputError::Io(e) if vi => {
                format!("Không ghi được tệp ({e}). Hãy kiểm tra quyền ghi và dung lượng đĩa rồi thử lại.")
            }
            OutputError::Io(e) => {
                format!(
                    "Could not write the file ({e}). Check write permission and free disk space, and try again."
                )
            }
        }
    }
}

/// True when `path` is a workbook: an SQLite file with the program's application id.
pub fn is_workbook_file(path: &Path) -> bool {
    let mut header = [0u8; 72];
    let read = fs::File::open(path).and_then(|mut f| f.read_exact(&mut header));
    read.is_ok()
        && header.starts_with(b"SQLite format 3\0")
        && i32::from_be_bytes([header[68], header[69], header[70], header[71]]) == APPLICATION_ID
}

/// Refuses a target that is the open workbook or any workbook.
pub fn check_target(target: &Path, open_workbook: Option<&Path>) -> Result<(), OutputError> {
    if let Some(open) = open_workbook
        && let (Ok(a), Ok(b)) = (fs::canonicalize(target), fs::canonicalize(open))
        && a == b
    {
        return Err(OutputError::OpenWorkbook(target.to_path_buf()));
    }
    if is_workbook_file(target) {
        return Err(OutputError::Workbook(target.to_path_buf()));
    }
    Ok(())
}

/// A file being written for `target`; removed unless [`NewFile::commit`]ted.
pub struct NewFile {
    temp: tempfile::NamedTempFile,
    target: PathBuf,
    open_workbook: Option<PathBuf>,
}

impl NewFile {
    /// Checks the target, then creates the temporary file beside it (its
    /// folder is made if missing).
    pub fn beside(target: &Path, open_workbook: Option<&Path>) -> Result<NewFile, OutputError> {
        check_target(target, open_workbook)?;
        let name = target
            .file_name()
            .ok_or_else(|| OutputError::Io(format!("“{}” is not a file name", shown_path(target))))?;
        let dir = match target.parent().filter(|d| !d.as_os_str().is_empty()) {
            Some(dir) => {
                fs::create_dir_all(dir)?;
                dir.to_path_buf()
            }
            None => PathBuf::from("."),
        };
        let mut prefix = std::ffi::OsString::from(".");
        prefix.push(name);
        prefix.push(".");
        let temp = tempfile::Builder::new().prefix(&prefix).suffix(".tmp").tempfile_in(dir)?;
        Ok(NewFile {
            temp,
            target: target.to_path_buf(),
            open_workbook: open_workbook.map(Path::to_path_buf),
        })
    }

    /// The temporary file's path (for writers that take a path).
    pub fn path(&self) -> &Path {
        self.temp.path()
    }

    pub fn file(&mut self) -> &mut fs::File {
        self.temp.as_file_mut()
    }

    /// Flushes the file to the disk and renames it over the target, which is
    /// checked once more (it may have appeared while the file was written).
    pub fn commit(self) -> Result<(), OutputError> {
        check_target(&self.target, self.open_workbook.as_deref())?;
        self.temp.as_file().sync_all()?;
        self.temp.persist(&self.target).map_err(|e| OutputError::from(e.error))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_workbook_is_never_replaced_and_nothing_is_left_behind() {
        let dir = tempfile::tempdir().unwrap();
        let wb = dir.path().join("sổ.db");
        crate::workbook::Workbook::create(&wb, "Phòng Kinh tế", "Vĩnh Long").unwrap();
        assert!(is_workbook_file(&wb));
        assert!(matches!(NewFile::beside(&wb, None), Err(OutputError::Workbook(_))));
        assert!(matches!(NewFile::beside(&wb, Some(&wb)), Err(OutputError::OpenWorkbook(_))));
        let other = dir.path().join("khác.xlsx");
        let mut file = NewFile::beside(&other, Some(&wb)).unwrap();
        std::io::Write::write_all(file.file(), b"xlsx").unwrap();
        let temp = file.path().to_path_buf();
        drop(file);
        assert!(!temp.exists() && !other.exists(), "a file not committed leaves nothing");
        let mut file = NewFile::beside(&other, Some(&wb)).unwrap();
        std::io::Write::write_all(file.file(), b"xlsx").unwrap();
        file.commit().unwrap();
        assert_eq!(fs::read(&other).unwrap(), b"xlsx");
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            2,
            "the workbook and the new file, no temporary"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_at_the_target_is_replaced_not_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim.txt");
        fs::write(&victim, b"keep").unwrap();
        let target = dir.path().join("out.csv");
        std::os::unix::fs::symlink(&victim, &target).unwrap();
        let mut file = NewFile::beside(&target, None).unwrap();
        std::io::Write::write_all(file.file(), b"new").unwrap();
        file.commit().unwrap();
        assert_eq!(fs::read(&victim).unwrap(), b"keep");
        assert_eq!(fs::read(&target).unwrap(), b"new");
        assert!(!fs::symlink_metadata(&target).unwrap().file_type().is_symlink());
    }
}
