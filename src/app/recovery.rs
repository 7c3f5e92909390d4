//! Opening a file as the window does, and recovering into a copy a workbook
//! whose last save was cut off and that cannot be rolled back where it is
//! (a read-only file, folder or medium).

use std::path::{Path, PathBuf};

use super::{App, Status, display_name};
use crate::command::FilePurpose;
use crate::ui::dialogs::Dialog;
use crate::ui::dialogs::file::FileDialog;
use crate::ui::dialogs::message::Interrupted;
use crate::workbook::recovery::recover_into_copy;
use crate::workbook::{OpenMode, Workbook, WorkbookError};

/// Opens the workbook at `path` as the window's File → Open and start-up do:
/// for editing unless `read_only` (or the file cannot be written). A save
/// that was cut off is rolled back first where the file can be written
/// ([`Workbook::recovered`]).
pub fn open_file(path: &Path, read_only: bool) -> Result<Workbook, WorkbookError> {
    let mode = if read_only { OpenMode::ReadOnly } else { OpenMode::Normal };
    Workbook::open(path, mode)
}

impl App {
    pub(super) fn open(&mut self, path: &Path, read_only: bool) {
        match open_file(path, read_only) {
            Ok(wb) => self.install_telling(wb),
            Err(e @ WorkbookError::CannotRecoverHere { .. }) => {
                let text = e.message(self.lang);
                self.open_dialog(Dialog::Interrupted(Interrupted { source: path.to_path_buf(), text }));
            }
            Err(e) => self.refuse(e),
        }
    }

    /// Makes `wb` the open workbook; the status line says when a save that
    /// had been cut off was rolled back as it opened.
    fn install_telling(&mut self, wb: Workbook) {
        let recovered = wb.recovered();
        let name = display_name(wb.path());
        self.install(wb);
        if recovered && !self.has_passing() {
            self.status = Some(Status::Recovered(name));
        }
    }

    /// Asks where the copy goes: by default a new name in the program's own
    /// folder, which can be written even when the original's cannot.
    pub(super) fn ask_recover_copy(&mut self, source: PathBuf) {
        let stem = source.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let free = |n: u32| {
            let suffix = if n == 1 { String::new() } else { format!("-{n}") };
            self.folders.data.join(format!("{stem}-khoi-phuc{suffix}.db"))
        };
        let path = (1..100).map(free).find(|p| !p.exists()).unwrap_or_else(|| free(1));
        self.open_dialog(Dialog::File(FileDialog {
            source: Some(source),
            ..self.file_dialog(FilePurpose::RecoverCopy, path.display().to_string())
        }));
    }

    /// Recovers `source` into the new file `dest` and opens the copy.
    pub(super) fn recover_copy(&mut self, source: &Path, dest: &Path) {
        match recover_into_copy(source, dest) {
            Ok(recovered) => {
                let name = display_name(dest);
                let interrupted = recovered.was_interrupted;
                self.install(recovered.workbook);
                if interrupted && !self.has_passing() {
                    self.status = Some(Status::Recovered(name));
                }
            }
            Err(e) => self.refuse(e),
        }
    }
}
