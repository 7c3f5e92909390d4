//! Hostile inputs too large to keep in the repository (each under 10 MB,
//! written in a moment), shared by tests/hostile_files.rs and the benchmark.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes the inputs into `dir`: (file, what it is).
pub fn write_large_inputs(dir: &Path) -> Vec<(PathBuf, &'static str)> {
    let mut out = Vec::new();
    let mut write = |name: &str, what: &'static str, parts: &[(&[u8], usize)]| {
        let path = dir.join(name);
        let mut file = std::io::BufWriter::new(fs::File::create(&path).expect("create"));
        for (bytes, times) in parts {
            for _ in 0..*times {
                file.write_all(bytes).expect("write");
            }
        }
        file.flush().expect("flush");
        out.push((path, what));
    };
    const MB: usize = 1024 * 1024;
    write("mot-dong-9mb.csv", "one line of 9 MB", &[(b"ten_co_so\n", 1), (b"a", 9 * MB)]);
    write("9-trieu-cot.csv", "one line of 9 million columns", &[(b"ten_co_so", 1), (b",", 9 * MB)]);
    write("5-trieu-dong.csv", "five million lines", &[(b"ten_co_so\n", 1), (b"x\n", 5 * MB)]);
    write("10-trieu-dong-trong.csv", "ten million empty lines", &[(b"ten_co_so\n", 1), (b"\n", 10 * MB)]);
    write(
        "ngoac-kep-khong-dong.csv",
        "a quote never closed, 9 MB after it",
        &[(b"ten_co_so\n\"", 1), (b"a;", 9 * MB / 2)],
    );
    let mut wide_line = b"x;".repeat(16_000);
    wide_line.push(b'\n');
    write(
        "8-trieu-o.csv",
        "500 lines of 16.000 cells under a header",
        &[(b"ten_co_so;dia_chi\n", 1), (&wide_line, 500)],
    );
    // Sparse: 300 MB that take no room on the disk.
    for name in ["lon-300mb.csv", "lon-300mb.xlsx"] {
        let path = dir.join(name);
        fs::File::create(&path).and_then(|f| f.set_len(300 * MB as u64)).expect("sparse file");
        out.push((path, "a file of 300 MB"));
    }
    out
}
