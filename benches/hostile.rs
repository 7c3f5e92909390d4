//! How fast the release build refuses every hostile file (tests/corpus/hostile
//! and the large inputs of tests/common/hostile_inputs.rs), run by the command
//! line under a 2 GB address-space limit as tests/hostile_files.rs runs it.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use serde_json::{Value, json};

#[path = "../tests/common/hostile_inputs.rs"]
mod hostile_inputs;

/// (file, seconds, exit code) of every input; the workbook is made anew for each.
pub fn run(dir: &Path) -> Value {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/hostile");
    let manifest: Value = serde_json::from_str(
        &std::fs::read_to_string(corpus.join("manifest.json")).expect("the hostile corpus's manifest"),
    )
    .expect("json");
    let mut inputs: Vec<std::path::PathBuf> = manifest
        .as_array()
        .expect("a list")
        .iter()
        .map(|e| corpus.join(e["file"].as_str().expect("file")))
        .collect();
    let large = dir.join("large");
    std::fs::create_dir_all(&large).expect("folder");
    inputs.extend(hostile_inputs::write_large_inputs(&large).into_iter().map(|(p, _)| p));
    let mut slowest = (0.0f64, String::new());
    let mut aborted = Vec::new();
    for input in &inputs {
        let db = dir.join("hostile-target.db");
        let _ = std::fs::remove_file(&db);
        khuyencong::workbook::Workbook::create(&db, "Phòng Kinh tế", "Vĩnh Long").expect("create");
        let start = Instant::now();
        let status = Command::new("sh")
            .arg("-c")
            .arg("ulimit -v 2097152; exec \"$0\" \"$@\"")
            .arg(env!("CARGO_BIN_EXE_khuyencong"))
            .args(["import", path_str(&db), path_str(input), "--kind", "facilities"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("sh runs");
        let took = start.elapsed().as_secs_f64();
        let name = input.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if status.code().is_none() {
            aborted.push(name.clone());
        }
        if took > slowest.0 {
            slowest = (took, name);
        }
    }
    json!({ "files": inputs.len(), "slowest": slowest.0 * 1000.0, "slowest_file": slowest.1, "aborted": aborted })
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 path")
}
