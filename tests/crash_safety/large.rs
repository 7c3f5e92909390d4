//! Large operations killed at random moments: an import of 100.000 rows, a
//! merge of a district workbook of as many projects, a Save As and an XLSX
//! export of it. The child (this test binary again) runs one operation
//! through the program's own functions; the parent measures how long each
//! takes (and when its commit runs) in a first, whole run, then kills later
//! runs after a random delay — half of them drawn over the whole operation,
//! half from the moment the commit is seen under way (the journal hot, the
//! temporary file there) — and opens the file as the window does
//! (`app::open_file`, and the whole window on a file that was rolled back).
//! It must hold exactly the state before the operation or after it.

use std::collections::{BTreeSet, HashMap};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::Rng;
use crate::common::{self, cut_off, journal_of};
use khuyencong::domain::RecordKind;
use khuyencong::workbook::schema::CURRENT_VERSION;
use khuyencong::workbook::{OpenMode, Workbook, WorkbookError};

const OP_ENV: &str = "KHUYENCONG_CRASH_LARGE_OP";
const DB_ENV: &str = "KHUYENCONG_CRASH_LARGE_DB";
const OTHER_ENV: &str = "KHUYENCONG_CRASH_LARGE_OTHER";
const CHILD_TEST: &str = "large::child_mode_runs_one_large_operation";
const IMPORT_ROWS: usize = 100_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Large {
    Import,
    Merge,
    SaveAs,
    Export,
}

impl Large {
    const ALL: [Large; 4] = [Large::Import, Large::Merge, Large::SaveAs, Large::Export];

    fn name(self) -> &'static str {
        match self {
            Large::Import => "import",
            Large::Merge => "merge",
            Large::SaveAs => "save-as",
            Large::Export => "export",
        }
    }
}

/// Not a test of its own: the body of the child process. Opens `DB_ENV` as
/// the window does, says so, runs the operation on it, says so.
#[test]
fn child_mode_runs_one_large_operation() {
    let Ok(op) = std::env::var(OP_ENV) else { return };
    let op = Large::ALL.into_iter().find(|o| o.name() == op).expect("an operation");
    let db = PathBuf::from(std::env::var_os(DB_ENV).expect("the workbook"));
    let other = PathBuf::from(std::env::var_os(OTHER_ENV).expect("the other file"));
    let mut wb = khuyencong::app::open_file(&db, false).expect("open");
    println!("KC B {}", op.name());
    match op {
        Large::Import => {
            let outcome = khuyencong::exchange::import::import_file(&mut wb, &other, RecordKind::Project)
                .expect("import");
            assert_eq!(outcome.records, IMPORT_ROWS);
        }
        Large::Merge => {
            use khuyencong::workbook::merge::{apply_merge, plan_merge};
            let plan = plan_merge(&wb, &other).expect("plan");
            apply_merge(&mut wb, &plan, &HashMap::new(), None, &mut |_| true).expect("merge");
        }
        Large::SaveAs => wb.save_as(&other).expect("save as"),
        Large::Export => {
            khuyencong::exchange::export::export_xlsx(&wb, &other, &mut |_| true).expect("export");
        }
    }
    println!("KC D {}", op.name());
}

// ---- The parent ----

/// What a workbook holds, as numbers that do not depend on new ids or times:
/// counts (all and live), sums of amounts and of title lengths, merge bookkeeping.
#[derive(Debug, Clone, PartialEq, Eq)]
struct State(Vec<i64>);

const DIGEST: &str = "SELECT (SELECT COUNT(*) FROM offices),
    (SELECT COUNT(*) FROM facilities), (SELECT COUNT(*) FROM facilities WHERE deleted_at IS NULL),
    (SELECT COUNT(*) FROM projects), (SELECT COUNT(*) FROM projects WHERE deleted_at IS NULL),
    (SELECT COALESCE(SUM(support_vnd), 0) FROM projects), (SELECT COALESCE(SUM(length(title)), 0) FROM projects),
    (SELECT COUNT(*) FROM trainings), (SELECT COUNT(*) FROM design_supports),
    (SELECT COUNT(*) FROM merge_log), (SELECT COUNT(*) FROM merge_base), (SELECT COUNT(*) FROM merge_undo)";

impl State {
    fn of(path: &Path) -> State {
        let c = common::db(path);
        State(c.query_row(DIGEST, [], |r| (0..12).map(|i| r.get(i)).collect()).expect("digest"))
    }
    fn projects(&self) -> i64 {
        self.0[4]
    }
    fn facilities(&self) -> i64 {
        self.0[2]
    }
}

/// Opens `path` as the window does and checks every page; returns its state.
fn open_as_the_window_does(path: &Path, recovered: bool, round: &str) -> State {
    let wb = khuyencong::app::open_file(path, false).unwrap_or_else(|e| panic!("{round}: refused: {e:?}"));
    assert_eq!(wb.recovered(), recovered, "{round}: rolled back exactly when the journal was hot");
    assert_eq!(wb.read_only(), None, "{round}");
    assert_eq!(wb.check_report().expect("check"), ("ok".to_string(), CURRENT_VERSION), "{round}");
    drop(wb);
    assert!(!cut_off(path).hot, "{round}: no hot journal left");
    State::of(path)
}

/// When the parent kills the child, counted from the moment it has opened the workbook.
#[derive(Debug, Clone, Copy)]
enum Kill {
    After(Duration),
    /// This long after the commit is first seen under way.
    InCommit(Duration),
    /// Not at all: a whole run, to measure.
    Never,
}

/// What one run of the child did.
#[derive(Debug)]
struct Run {
    completed: bool,
    /// From "opened" to the end (a whole run) or to the kill.
    took: Duration,
    /// When the commit was first and last seen under way.
    commit: Option<(Duration, Duration)>,
    /// The commit was under way when the child died.
    killed_in_commit: bool,
}

fn run(op: Large, db: &Path, other: &Path, kill: Kill, in_commit: &dyn Fn() -> bool, log: &Path) -> Run {
    let exe = std::env::current_exe().expect("test binary");
    let mut child = Command::new(exe)
        .args([CHILD_TEST, "--exact", "--nocapture", "--test-threads=1"])
        .env(OP_ENV, op.name())
        .env(DB_ENV, db)
        .env(OTHER_ENV, other)
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(log).expect("log"))
        .spawn()
        .expect("start the child");
    let stdout = child.stdout.take().expect("stdout");
    let (lines, received) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    let failed = |what: &str| -> ! {
        let log = std::fs::read_to_string(log).unwrap_or_default();
        panic!("{} child {what}:\n{}", op.name(), log.chars().take(3_000).collect::<String>())
    };
    // The test harness may print before the child's first line.
    loop {
        match received.recv_timeout(Duration::from_secs(120)) {
            Ok(line) if line.contains("KC B ") => break,
            Ok(_) => {}
            Err(_) => failed("did not open the workbook"),
        }
    }
    let began = Instant::now();
    let mut commit: Option<(Duration, Duration)> = None;
    let mut exited = false;
    loop {
        let now = began.elapsed();
        if in_commit() {
            let first = commit.map_or(now, |c| c.0);
            commit = Some((first, now));
        }
        let due = match kill {
            Kill::After(d) => now >= d,
            Kill::InCommit(extra) => commit.is_some_and(|c| now >= c.0 + extra),
            Kill::Never => false,
        };
        if due {
            let _ = child.kill();
            break;
        }
        if child.try_wait().expect("wait").is_some() {
            exited = true;
            break;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    let took = began.elapsed();
    let status = child.wait().expect("reap");
    let killed_in_commit = !exited && in_commit();
    reader.join().expect("reader");
    let completed = received.try_iter().any(|l| l.contains("KC D "));
    if exited && !(status.success() && completed) {
        failed(&format!("ended by itself ({status}) without finishing"));
    }
    Run { completed, took, commit, killed_in_commit }
}

/// The names in a folder, sorted.
fn names(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .map(|d| d.map(|e| e.expect("entry").file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default()
}

/// Every part of an XLSX file, each read to its end (its CRC checked).
fn xlsx_parts(path: &Path) -> Result<Vec<String>, String> {
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut zip = zip::ZipArchive::new(file).map_err(|e| e.to_string())?;
    let mut parts = Vec::new();
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).map_err(|e| e.to_string())?;
        std::io::copy(&mut part, &mut std::io::sink()).map_err(|e| e.to_string())?;
        parts.push(part.name().map_err(|e| e.to_string())?.into_owned());
    }
    parts.sort();
    Ok(parts)
}

/// Per operation: how its kills went.
#[derive(Debug, Default)]
struct Tally {
    kills: usize,
    in_commit: usize,
    /// Killed in the commit with the main file shorter than its header says:
    /// refused as "damaged (truncated)" before the fix.
    short: usize,
    after: usize,
    before: usize,
    leftovers: usize,
    whole_run: Duration,
    commit: Duration,
}

/// The file in the middle of its commit: refused untouched where it cannot
/// be written, `khuyencong recover` makes a copy holding `expected`.
fn check_read_only_copy(work: &Path, expected: &State, round: &str) {
    use std::os::unix::fs::PermissionsExt;
    let dir = common::temp();
    let folder = dir.path().join("chỉ đọc");
    std::fs::create_dir_all(&folder).expect("folder");
    let copy = folder.join("sổ.db");
    std::fs::copy(work, &copy).expect("copy");
    std::fs::copy(journal_of(work), journal_of(&copy)).expect("copy the journal");
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o555)).expect("chmod");
    let pair = || (std::fs::read(&copy).ok(), std::fs::read(journal_of(&copy)).ok());
    let untouched = pair();
    let refused = khuyencong::app::open_file(&copy, false).err();
    let expected_error = WorkbookError::CannotRecoverHere { path: copy.clone(), journal_unreadable: false };
    assert_eq!(refused, Some(expected_error), "{round}");
    let recovered = dir.path().join("khôi phục.db");
    let out = common::khuyencong(&["recover", common::path_str(&copy), "-o", common::path_str(&recovered)]);
    assert_eq!(out.status.code(), Some(0), "{round}: {}", common::stderr(&out));
    assert_eq!(pair(), untouched, "{round}: the original pair is as it was");
    assert_eq!(&State::of(&recovered), expected, "{round}: the copy holds the last save");
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).expect("chmod back");
}

/// The window started on a copy of the just-killed file: it opens, no message.
fn check_whole_window(work: &Path, home: &Path, expected: &State, round: &str) {
    let dir = common::temp();
    let copy = dir.path().join("sổ.db");
    std::fs::copy(work, &copy).expect("copy");
    std::fs::copy(journal_of(work), journal_of(&copy)).expect("copy the journal");
    let app = common::app_on(&copy, home);
    assert_eq!(app.message(), None, "{round}");
    assert!(app.workbook().is_some_and(|wb| wb.read_only().is_none()), "{round}");
    drop(app);
    assert_eq!(&State::of(&copy), expected, "{round}");
}

/// `rounds` kills of each large operation; returns the total number of kills.
pub fn large_operations(rounds: usize, seed: u64) -> usize {
    let started = Instant::now();
    let dir = common::temp();
    let home = dir.path().join("home");
    let log = dir.path().join("child.log");
    let mut rng = Rng::new(seed);

    // The files the operations start from.
    let csv = dir.path().join("đề án.csv");
    common::projects_csv(&csv, IMPORT_ROWS);
    let base = common::empty_in(dir.path(), "Sổ Long Hồ.db");
    {
        let mut wb = Workbook::open(&base, OpenMode::Normal).expect("open");
        let fid = wb.insert(&super::facility_of(1)).expect("facility");
        wb.insert(&super::project_of(2, Some(fid))).expect("project");
        wb.insert(&super::training_of(3)).expect("training");
    }
    let province = dir.path().join("Sổ tỉnh.db");
    Workbook::create(&province, "Trung tâm Khuyến công tỉnh Vĩnh Long", "Vĩnh Long").expect("create");
    {
        let mut wb = Workbook::open(&province, OpenMode::Normal).expect("open");
        wb.insert(&super::training_of(4)).expect("training");
        wb.insert(&super::project_of(5, None)).expect("project");
    }
    let big = dir.path().join("Sổ Long Hồ 100.000.db");
    let before_import = State::of(&base);
    let before_merge = State::of(&province);

    let mut report = Vec::new();
    let mut kills = 0;
    let mut after_import = None;
    for op in Large::ALL {
        let op_started = Instant::now();
        let mut tally = Tally::default();
        let work_dir = dir.path().join(op.name());
        // Where each run writes, and what it starts from.
        let setup = |n: usize| -> (PathBuf, PathBuf) {
            let round = work_dir.join(n.to_string());
            std::fs::create_dir_all(&round).expect("folder");
            match op {
                Large::Import | Large::Merge => {
                    let work = round.join("sổ.db");
                    std::fs::copy(if op == Large::Import { &base } else { &province }, &work).expect("copy");
                    let other = if op == Large::Import { csv.clone() } else { big.clone() };
                    (work, other)
                }
                Large::SaveAs => (big.clone(), round.join("bản sao.db")),
                Large::Export => (big.clone(), round.join("xuất.xlsx")),
            }
        };
        let in_commit_of = |work: &Path, other: &Path| -> Box<dyn Fn() -> bool> {
            match op {
                Large::Import | Large::Merge => {
                    let work = work.to_path_buf();
                    Box::new(move || cut_off(&work).hot)
                }
                Large::SaveAs => {
                    let folder = other.parent().expect("folder").to_path_buf();
                    Box::new(move || names(&folder).iter().any(|n| is_backup_temp(n)))
                }
                Large::Export => {
                    let folder = other.parent().expect("folder").to_path_buf();
                    Box::new(move || names(&folder).iter().any(|n| n.ends_with(".tmp")))
                }
            }
        };
        // A whole run: how long it takes, when its commit runs, the state after.
        let (work, other) = setup(0);
        let whole = run(op, &work, &other, Kill::Never, &*in_commit_of(&work, &other), &log);
        assert!(whole.completed);
        tally.whole_run = whole.took;
        let commit = whole.commit.map(|(a, b)| b - a + Duration::from_millis(1)).unwrap_or(whole.took / 10);
        tally.commit = commit;
        let big_bytes =
            (op == Large::SaveAs || op == Large::Export).then(|| std::fs::read(&big).expect("read"));
        let (before, after) = match op {
            Large::Import => {
                std::fs::copy(&work, &big).expect("keep the imported workbook");
                let after = open_as_the_window_does(&big, false, "import, whole");
                assert_eq!(after.projects(), before_import.projects() + IMPORT_ROWS as i64);
                after_import = Some(after.clone());
                (before_import.clone(), after)
            }
            Large::Merge => {
                let after = open_as_the_window_does(&work, false, "merge, whole");
                let source = after_import.clone().expect("imported first");
                assert_eq!(
                    after.projects(),
                    before_merge.projects() + source.projects(),
                    "every project merged"
                );
                assert_eq!(after.facilities(), before_merge.facilities() + source.facilities());
                assert_eq!(after.0[9], 1, "one merge logged");
                (before_merge.clone(), after)
            }
            Large::SaveAs => {
                let state = after_import.clone().expect("imported first");
                assert_eq!(open_as_the_window_does(&other, false, "save as, whole"), state);
                (state.clone(), state)
            }
            Large::Export => {
                let parts = xlsx_parts(&other).expect("a whole XLSX");
                let book = khuyencong::spreadsheet::open(&other).expect("readable");
                let projects = book.sheets.iter().find(|s| s.name == "Đề án").expect("the projects sheet");
                assert_eq!(
                    projects.rows.len() as i64,
                    after_import.as_ref().expect("imported").projects() + 1
                );
                (State(vec![parts.len() as i64]), State(vec![parts.len() as i64]))
            }
        };
        let expected_parts = (op == Large::Export).then(|| xlsx_parts(&other).expect("parts"));
        let _ = std::fs::remove_dir_all(work_dir.join("0"));

        // An import takes some 5 s a run in a debug build: fewer of them.
        let rounds = if op == Large::Import { rounds * 2 / 3 } else { rounds };
        for n in 1..=rounds {
            let name = format!("{} {n}", op.name());
            let (work, other) = setup(n);
            // Odd runs: anywhere in the operation. Even runs: inside the commit,
            // once it is seen under way; every fourth up to half as long again,
            // so that some land just after it.
            let commit_us = commit.as_micros() as u64;
            let kill = match n % 4 {
                1 | 3 => {
                    Kill::After(Duration::from_micros(rng.below(whole.took.as_micros() as u64 * 11 / 10)))
                }
                2 => Kill::InCommit(Duration::from_micros(rng.below(commit_us * 9 / 10))),
                _ => Kill::InCommit(Duration::from_micros(rng.below(commit_us * 3 / 2))),
            };
            let in_commit = in_commit_of(&work, &other);
            let r = run(op, &work, &other, kill, &*in_commit, &log);
            tally.kills += usize::from(!r.completed);
            tally.in_commit += usize::from(r.killed_in_commit);
            match op {
                Large::Import | Large::Merge => {
                    let state = cut_off(&work);
                    tally.short += usize::from(state.hot && state.short);
                    if state.hot && tally.in_commit <= 2 {
                        check_read_only_copy(&work, &before, &name);
                        check_whole_window(&work, &home, &before, &name);
                    }
                    let found = open_as_the_window_does(&work, state.hot, &name);
                    if r.completed {
                        assert_eq!(found, after, "{name}: the operation had returned");
                    } else if state.hot {
                        assert_eq!(found, before, "{name}: killed inside the commit, rolled back");
                    } else {
                        assert!(found == before || found == after, "{name}: {found:?}");
                    }
                    if found == after {
                        tally.after += 1;
                    } else {
                        tally.before += 1;
                    }
                    let left: Vec<String> = names(work.parent().expect("folder"))
                        .into_iter()
                        .filter(|n| n != "sổ.db" && n != "sổ.db-journal")
                        .collect();
                    assert!(left.is_empty(), "{name}: {left:?}");
                }
                Large::SaveAs | Large::Export => {
                    // The workbook is only read: never changed, never given a journal.
                    assert!(std::fs::read(&big).ok() == big_bytes, "{name}: the workbook changed");
                    assert!(!journal_of(&big).exists(), "{name}");
                    let folder = other.parent().expect("folder");
                    let target = other.file_name().expect("name").to_string_lossy().into_owned();
                    let present = other.exists();
                    assert!(present || !r.completed, "{name}: returned without its file");
                    if present && op == Large::SaveAs {
                        assert_eq!(
                            open_as_the_window_does(&other, false, &name),
                            after,
                            "{name}: a whole copy"
                        );
                    }
                    if present && op == Large::Export {
                        assert_eq!(
                            xlsx_parts(&other).as_ref().ok(),
                            expected_parts.as_ref(),
                            "{name}: a whole XLSX"
                        );
                    }
                    if present {
                        tally.after += 1
                    } else {
                        tally.before += 1
                    }
                    // A killed program cannot remove its temporary file: only
                    // ever that file (a name of its own, never the target's).
                    let temp = |n: &str| match op {
                        Large::SaveAs => is_backup_temp(n),
                        _ => n.starts_with(".xuất.xlsx.") && n.ends_with(".tmp"),
                    };
                    let left: Vec<String> = names(folder).into_iter().filter(|n| *n != target).collect();
                    let unknown: Vec<&String> = left.iter().filter(|n| !temp(n)).collect();
                    assert!(unknown.is_empty(), "{name}: {unknown:?}");
                    tally.leftovers += usize::from(!left.is_empty());
                }
            }
            let _ = std::fs::remove_dir_all(work_dir.join(n.to_string()));
        }
        kills += tally.kills;
        report.push(format!(
            "{}: {} kills ({} in the commit, {} of them with the file shorter than its header), {} after, {} before, {} left a temporary file; whole run {:.2} s, commit {:.0} ms; {:.1} s",
            op.name(),
            tally.kills,
            tally.in_commit,
            tally.short,
            tally.after,
            tally.before,
            tally.leftovers,
            tally.whole_run.as_secs_f64(),
            tally.commit.as_secs_f64() * 1e3,
            op_started.elapsed().as_secs_f64()
        ));
        let minimum = (rounds / 6).max(1);
        assert!(
            tally.in_commit >= minimum,
            "{}: {} kills inside the commit, fewer than {minimum}",
            op.name(),
            tally.in_commit
        );
    }
    eprintln!(
        "crash safety, large operations (seed {seed}), {:.1} s:\n  {}",
        started.elapsed().as_secs_f64(),
        report.join("\n  ")
    );
    kills
}

/// The temporary file Save As copies into (a random name of its own) or its journal.
fn is_backup_temp(name: &str) -> bool {
    name.starts_with(".khuyencong-") && (name.ends_with(".db-tmp") || name.ends_with(".db-tmp-journal"))
}
