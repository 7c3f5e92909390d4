//! Hostile spreadsheets: the files of tests/corpus/hostile (made by its
//! make_hostile.py: zip bombs, shared strings that claim billions, sheets
//! that span every cell, XLS dimensions and texts that calamine would
//! reserve or copy, ODS repeats) and large ones made here (CSV of one long
//! line, of millions of columns or rows). Each is imported by the command
//! line under a 2 GB address-space limit: refused with a short, clear
//! message (or read, where the manifest says so), never aborted or hung,
//! and the workbook byte for byte as it was. How fast each is refused is
//! measured by the benchmark (`cargo bench --bench scale`).

mod common;
#[path = "common/hostile_inputs.rs"]
mod hostile_inputs;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use serde_json::Value;

/// 2 GB of address space, as `ulimit -v` counts it (KiB).
const ADDRESS_SPACE_KB: u64 = 2 * 1024 * 1024;
/// A hung import is killed after this long (the debug build is slow; the
/// benchmark measures the release build against 10 s).
const WATCHDOG: Duration = Duration::from_secs(180);

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs `khuyencong import` under the address-space limit, killed if it hangs.
fn import_limited(db: &Path, input: &Path, lang: &str) -> Run {
    let (out_path, err_path) = (db.with_extension("out"), db.with_extension("err"));
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {ADDRESS_SPACE_KB}; exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_khuyencong"))
        .args(["import", path_str(db), path_str(input), "--kind", "facilities", "--lang", lang])
        .env("KHUYENCONG_HOME", db.with_extension("home"))
        // Files, not pipes: a full pipe nobody reads would stall the child.
        .stdout(Stdio::from(fs::File::create(&out_path).expect("stdout file")))
        .stderr(Stdio::from(fs::File::create(&err_path).expect("stderr file")))
        .spawn()
        .expect("sh runs");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > WATCHDOG {
            let _ = child.kill();
            panic!("{} still running after {WATCHDOG:?}", input.display());
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let read = |p: &Path| String::from_utf8_lossy(&fs::read(p).unwrap_or_default()).into_owned();
    Run { code: status.code(), stdout: read(&out_path), stderr: read(&err_path) }
}

/// The longest run of one character: a message quoting megabytes of a file shows one.
fn longest_run(text: &str) -> usize {
    let chars: Vec<char> = text.chars().collect();
    chars.chunk_by(|a, b| a == b).map(<[char]>::len).max().unwrap_or(0)
}

fn check_refused(run: &Run, what: &str) {
    assert!(matches!(run.code, Some(1 | 2)), "{what}: exit {:?}\n{}\n{}", run.code, run.stdout, run.stderr);
    let message = format!("{}{}", run.stdout, run.stderr);
    assert!(!message.trim().is_empty(), "{what}: refused without a word");
    assert!(!message.contains("panicked") && !message.contains("RUST_BACKTRACE"), "{what}: {message}");
    assert!(longest_run(&message) < 100, "{what}: the message quotes the file at length");
    assert!(message.lines().all(|l| l.chars().count() < 600), "{what}: a message line too long:\n{message}");
}

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/hostile")
}

#[test]
fn every_hostile_spreadsheet_is_refused_or_read_within_bounds_and_the_workbook_untouched() {
    let dir = temp();
    let db = empty_in(dir.path(), "sổ.db");
    let manifest: Value =
        serde_json::from_str(&fs::read_to_string(corpus().join("manifest.json")).expect("manifest"))
            .expect("json");
    let entries = manifest.as_array().expect("a list");
    assert!(entries.len() >= 30, "the corpus is there");
    for entry in entries {
        let file = corpus().join(entry["file"].as_str().expect("file"));
        let what = format!("{} ({})", entry["file"], entry["what"]);
        let before = fs::read(&db).expect("read");
        let run = import_limited(&db, &file, "vi");
        match entry["expect"].as_str() {
            Some("read") => {
                assert_eq!(run.code, Some(0), "{what}: {}{}", run.stdout, run.stderr);
                // Put the workbook back for the next file.
                fs::write(&db, &before).expect("restore");
            }
            _ => {
                check_refused(&run, &what);
                assert_eq!(fs::read(&db).expect("read"), before, "{what}: the workbook changed");
            }
        }
    }
}

#[test]
fn large_csv_and_sparse_files_are_refused_within_bounds() {
    let dir = temp();
    let db = empty_in(dir.path(), "sổ.db");
    let before = fs::read(&db).expect("read");
    for (file, what) in hostile_inputs::write_large_inputs(dir.path()) {
        let run = import_limited(&db, &file, "vi");
        check_refused(&run, what);
        assert_eq!(fs::read(&db).expect("read"), before, "{what}: the workbook changed");
    }
}

#[test]
fn refusals_name_what_is_wrong_in_each_language() {
    let dir = temp();
    let db = empty_in(dir.path(), "sổ.db");
    let cases = [
        (
            "sst-claims-billions.xlsx",
            "bảng chữ dùng chung có hơn 5 triệu mục",
            "shared text table has over 5 million",
        ),
        (
            "sheet-1-5gb-of-spaces.xlsx",
            "“xl/worksheets/sheet1.xml” của tệp giải nén ra hơn 256 MB",
            "unpacks to over 256 MB",
        ),
        (
            "styles-20-million-formats.xlsx",
            "“xl/styles.xml” của tệp giải nén ra hơn 32 MB",
            "unpacks to over 32 MB",
        ),
        ("zip-20000-parts.xlsx", "hơn 10.000 phần", "over 10,000 parts"),
        ("eight-million-merges.xlsx", "quá nhiều vùng gộp ô", "merges too many cells"),
        ("dimensions-4-billion-rows.xls", "hơn 5 triệu ô", "over 5 million cells"),
        ("one-60k-text-300000-cells.xls", "hơn 256 MB chữ", "over 256 MB of text"),
        ("columns-repeated-under-the-cap.ods", "hơn 5 triệu ô", "over 5 million cells"),
        (
            "one-5mb-text-repeated-2000-times.ods",
            "ô A2 dài hơn 32.767 ký tự",
            "longer than 32,767 characters",
        ),
        ("wide-header-many-rows.csv", "hơn 5 triệu ô", "over 5 million cells"),
    ];
    for (file, vi, en) in cases {
        let path = corpus().join(file);
        let run = import_limited(&db, &path, "vi");
        let text = run.stdout.clone() + &run.stderr;
        assert!(text.contains(vi) && text.contains("Hãy"), "{file}: {text}");
        let run = import_limited(&db, &path, "en");
        let text = run.stdout.clone() + &run.stderr;
        assert!(text.contains(en), "{file}: {text}");
    }
}
