//! What the program remembers between runs (language, recent files, the
//! officer's name) and where it keeps its files. No egui here.

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

pub const MAX_RECENT: usize = 10;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub lang: Lang,
    /// Most recent first.
    pub recent: Vec<PathBuf>,
    /// The officer using this computer, for records of who changed what.
    pub officer: String,
}

impl Settings {
    /// Reads the settings; a missing or unreadable file gives the defaults.
    pub fn load(path: &Path) -> Settings {
        fs::read(path).ok().and_then(|bytes| serde_json::from_slice(&bytes).ok()).unwrap_or_default()
    }

    /// Writes the settings whole (a new temporary file, then rename).
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let text = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        let refused = |e: crate::output::OutputError| std::io::Error::other(e.message(crate::i18n::Lang::En));
        let mut file = crate::output::NewFile::beside(path, None).map_err(refused)?;
        std::io::Write::write_all(file.file(), &text)?;
        file.commit().map_err(refused)
    }

    /// Puts `path` first in the recent list, once, keeping at most ten.
    pub fn remember(&mut self, path: &Path) {
        let path = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(MAX_RECENT);
    }
}

/// Where the program keeps its own files, and where it suggests the
/// officer's (exports, templates, charts): the Documents folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folders {
    pub config: PathBuf,
    pub data: PathBuf,
    pub documents: PathBuf,
    /// Whether "Chọn…" may open the system's file dialog; tests turn it
    /// off, as a computer without one would have it.
    pub system_dialog: bool,
}

impl Folders {
    /// `KHUYENCONG_HOME` when set (portable use, tests), else the platform's
    /// folders (for example `%APPDATA%\KhuyenCong\SoKhuyenCong` on Windows,
    /// `~/.local/share/sokhuyencong` on Linux).
    pub fn from_env() -> Option<Folders> {
        if let Some(home) = std::env::var_os("KHUYENCONG_HOME").filter(|h| !h.is_empty()) {
            return Some(Folders::under(Path::new(&home)));
        }
        let dirs = directories::ProjectDirs::from("vn", "KhuyenCong", "SoKhuyenCong")?;
        // Where officers look for their files; the home folder when the
        // platform names no Documents folder.
        let user = directories::UserDirs::new();
        let documents = user
            .as_ref()
            .and_then(|u| u.document_dir().map(Path::to_path_buf))
            .or_else(|| user.as_ref().map(|u| u.home_dir().to_path_buf()))
            .unwrap_or_else(|| dirs.data_dir().to_path_buf());
        Some(Folders {
            config: dirs.config_dir().to_path_buf(),
            data: dirs.data_dir().to_path_buf(),
            documents,
            system_dialog: true,
        })
    }

    /// Everything under `home` (portable use, tests).
    pub fn under(home: &Path) -> Folders {
        Folders {
            config: home.join("config"),
            data: home.join("data"),
            documents: home.join("documents"),
            system_dialog: true,
        }
    }

    pub fn settings_file(&self) -> PathBuf {
        self.config.join("settings.json")
    }

    /// The workbook opened when the program starts with no file named.
    pub fn default_workbook(&self) -> PathBuf {
        self.data.join("so-khuyen-cong.db")
    }

    /// A new file name for a fresh copy of the sample workbook.
    pub fn new_sample_copy(&self) -> PathBuf {
        let stamp = jiff::Zoned::now().strftime("%Y%m%d-%H%M%S").to_string();
        let dir = self.data.join("mau");
        let mut path = dir.join(format!("so-mau-{stamp}.db"));
        let mut n = 2;
        while path.exists() {
            path = dir.join(format!("so-mau-{stamp}-{n}.db"));
            n += 1;
        }
        path
    }

    /// A file name for a new workbook that does not exist yet.
    pub fn new_workbook_name(&self) -> PathBuf {
        let mut path = self.data.join("so-moi.db");
        let mut n = 2;
        while path.exists() {
            path = self.data.join(format!("so-moi-{n}.db"));
            n += 1;
        }
        path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_files_are_unique_newest_first_and_at_most_ten() {
        let mut s = Settings::default();
        for i in 0..12 {
            s.remember(Path::new(&format!("/khong-co/{i}.db")));
        }
        s.remember(Path::new("/khong-co/5.db"));
        assert_eq!(s.recent.len(), MAX_RECENT);
        assert_eq!(s.recent[0], PathBuf::from("/khong-co/5.db"));
        assert_eq!(s.recent.iter().filter(|p| p.ends_with("5.db")).count(), 1);
    }

    #[test]
    fn settings_round_trip_and_survive_garbage() {
        let dir = std::env::temp_dir().join(format!("kc-settings-{}", std::process::id()));
        let path = dir.join("settings.json");
        let s = Settings {
            lang: Lang::En,
            recent: vec![PathBuf::from("/a/sổ.db")],
            officer: "Nguyễn Thị Lan".into(),
        };
        s.save(&path).unwrap();
        assert_eq!(Settings::load(&path), s);
        fs::write(&path, b"{not json").unwrap();
        assert_eq!(Settings::load(&path), Settings::default());
        let _ = fs::remove_dir_all(dir);
    }
}
