//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

/// Runs the built `khuyencong` binary.
pub fn khuyencong(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_khuyencong"))
        .args(args)
        .env("KHUYENCONG_HOME", std::env::temp_dir().join("khuyencong-test-home"))
        .output()
        .expect("the binary runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn temp() -> TempDir {
    tempfile::tempdir().expect("temp dir")
}

pub fn path_str(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// A fresh copy of the sample workbook in `dir`.
pub fn sample_in(dir: &Path) -> PathBuf {
    let path = dir.join("mẫu.db");
    khuyencong::workbook::sample::create_sample(&path).expect("sample");
    path
}

/// A new empty workbook in `dir`.
pub fn empty_in(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    khuyencong::workbook::Workbook::create(&path, "Phòng Kinh tế huyện Long Hồ", "Vĩnh Long")
        .expect("create");
    path
}
