//! Files the program writes for the officer: an export, a CSV, a template,
//! rejected rows, a chart's numbers or picture. None may replace a workbook
//! (the open one or any other), follow a symlink planted at the target, or
//! leave anything behind when it fails; `new` and `sample` on a full disk
//! leave nothing at all.

mod common;

use std::fs;
use std::path::Path;

use common::*;
use khuyencong::domain::RecordKind;
use khuyencong::exchange::chart_table::{ChartTable, Value, write_png};
use khuyencong::exchange::template::write_template;
use khuyencong::i18n::Lang;

/// Every name in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

#[test]
fn exports_refuse_to_replace_the_open_or_any_workbook() {
    let dir = temp();
    let file = sample_in(dir.path());
    let other = empty_in(dir.path(), "huyện Long Hồ.db");
    let before = (fs::read(&file).unwrap(), fs::read(&other).unwrap());
    let listing = names(dir.path());
    for (args, what) in [
        (vec!["export", path_str(&file), "-o", path_str(&other)], "another workbook"),
        (vec!["export", path_str(&file), "-o", path_str(&file)], "the workbook itself"),
        (
            vec!["export", path_str(&file), "-o", path_str(&other), "--kind", "projects", "--format", "csv"],
            "another workbook, as CSV",
        ),
        (vec!["template", "--kind", "projects", "-o", path_str(&other)], "a workbook, with a template"),
    ] {
        let out = khuyencong(&args);
        assert_eq!(out.status.code(), Some(2), "{what}: {}", stdout(&out));
        let message = stderr(&out);
        assert!(message.contains("sổ") && message.contains("Hãy chọn tên tệp khác"), "{what}: {message}");
        assert_eq!((fs::read(&file).unwrap(), fs::read(&other).unwrap()), before, "{what}");
        assert_eq!(names(dir.path()), listing, "{what}: nothing left behind");
    }
    let out = khuyencong(&["export", path_str(&file), "-o", path_str(&other), "--lang", "en"]);
    assert!(stderr(&out).contains("never writes over a workbook"), "{}", stderr(&out));
}

#[test]
fn chart_files_templates_and_rejected_rows_refuse_a_workbook_too() {
    let dir = temp();
    let wb = empty_in(dir.path(), "sổ.db");
    let before = fs::read(&wb).unwrap();
    let table = ChartTable {
        title: "Kinh phí".into(),
        header: vec!["Năm".into(), "Hỗ trợ".into()],
        rows: vec![vec![Value::Text("2023".into()), Value::Number { value: 1.5, decimals: 1 }]],
    };
    let csv = table.write(&wb, khuyencong::i18n::Lang::Vi).unwrap_err();
    assert!(csv.message(Lang::Vi).contains("không bao giờ ghi đè lên sổ"), "{}", csv.message(Lang::Vi));
    assert!(
        table.write(&wb.with_extension("xlsx"), khuyencong::i18n::Lang::Vi).is_ok(),
        "another name is written"
    );
    fs::remove_file(wb.with_extension("xlsx")).unwrap();
    let png = write_png(&wb, 1, 1, &[0, 0, 0, 255]).unwrap_err();
    assert!(png.message(Lang::En).contains("never writes over a workbook"));
    let template = write_template(RecordKind::Facility, &wb).unwrap_err();
    assert!(template.message(Lang::Vi).contains("không bao giờ ghi đè lên sổ"));
    assert_eq!(fs::read(&wb).unwrap(), before);
    assert_eq!(names(dir.path()), ["sổ.db"], "no temporary file left");
}

#[cfg(unix)]
#[test]
fn a_symlink_planted_at_the_target_is_replaced_never_written_through() {
    let dir = temp();
    let file = sample_in(dir.path());
    let victim = dir.path().join("victim.txt");
    fs::write(&victim, "do not touch").unwrap();
    let target = dir.path().join("xuất.xlsx");
    std::os::unix::fs::symlink(&victim, &target).unwrap();
    let out = khuyencong(&["export", path_str(&file), "-o", path_str(&target)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(fs::read_to_string(&victim).unwrap(), "do not touch");
    assert!(!fs::symlink_metadata(&target).unwrap().file_type().is_symlink(), "the link itself was replaced");
    assert!(!sheet_rows(&target).is_empty(), "the export is a spreadsheet");
    // A symlink at the target that points to a workbook: refused, the workbook untouched.
    let other = empty_in(dir.path(), "khác.db");
    let before = fs::read(&other).unwrap();
    let link = dir.path().join("link.xlsx");
    std::os::unix::fs::symlink(&other, &link).unwrap();
    let out = khuyencong(&["export", path_str(&file), "-o", path_str(&link)]);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert_eq!(fs::read(&other).unwrap(), before);
}

/// Runs the binary with a file-size limit, as a full disk would stop it.
#[cfg(unix)]
fn with_file_limit(blocks: u32, args: &[&str]) -> std::process::Output {
    std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("trap '' XFSZ; ulimit -f {blocks}; exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_khuyencong"))
        .args(args)
        .output()
        .expect("sh runs")
}

#[cfg(unix)]
#[test]
fn new_and_sample_leave_nothing_behind_when_the_disk_is_full() {
    for (command, blocks) in [("sample", 64), ("new", 4)] {
        let dir = temp();
        let path = dir.path().join("sổ mới.db");
        let out = with_file_limit(blocks, &[command, path_str(&path)]);
        assert_eq!(out.status.code(), Some(2), "{command}: {}{}", stdout(&out), stderr(&out));
        assert!(!stderr(&out).is_empty(), "{command}: refused without a word");
        assert!(names(dir.path()).is_empty(), "{command} left {:?}", names(dir.path()));
        // With room, the same command makes the workbook.
        let out = khuyencong(&[command, path_str(&path)]);
        assert_eq!(out.status.code(), Some(0), "{command}: {}", stderr(&out));
        assert_eq!(names(dir.path()), ["sổ mới.db"], "{command}: only the workbook");
    }
}

#[cfg(unix)]
#[test]
fn an_export_cut_short_by_a_full_disk_leaves_the_old_file_and_nothing_else() {
    let dir = temp();
    let file = sample_in(dir.path());
    let target = dir.path().join("xuất.xlsx");
    fs::write(&target, "the old export").unwrap();
    let listing = names(dir.path());
    let out = with_file_limit(2, &["export", path_str(&file), "-o", path_str(&target)]);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert_eq!(fs::read_to_string(&target).unwrap(), "the old export");
    assert_eq!(names(dir.path()), listing);
}
