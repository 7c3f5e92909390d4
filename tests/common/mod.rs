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

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use khuyencong::app::settings::Folders;
use khuyencong::app::{App, StartOptions};
use khuyencong::i18n::Lang;

/// The app on `file`, with its settings under `home`, in Vietnamese.
pub fn app_on(file: &Path, home: &Path) -> App {
    App::new(StartOptions {
        file: Some(file.to_path_buf()),
        folders: Some(Folders::under(home)),
        lang: Some(Lang::Vi),
        ..Default::default()
    })
}

/// A headless window around `app`, with the app's fonts installed and the
/// accessibility check on.
pub fn harness(app: App) -> Harness<'static, App> {
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .with_context_setup(khuyencong::ui::install)
        .build_ui_state(|ui, app: &mut App| app.show(ui), app);
    settle(&mut h);
    h
}

/// Runs frames until the background job (an export, a merge) has ended and
/// what it brought is shown. Its window closes and the next one opens: both
/// fade, over more frames than one `run` allows.
pub fn wait_for_job(h: &mut Harness<'static, App>) {
    let start = std::time::Instant::now();
    while h.state().job_running() {
        assert!(start.elapsed() < std::time::Duration::from_secs(60), "the job did not end");
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.step();
    }
    h.run_steps(8);
    settle(h);
}

/// Clicks a button that starts a background job, and waits for the job.
/// (A job may end within the frames that `click` settles, and its windows'
/// fading would then run past them.)
pub fn click_and_wait(h: &mut Harness<'static, App>, label: &str) {
    h.get_by_label(label).click();
    h.step();
    wait_for_job(h);
}

/// Runs frames until the window is still: a modal shown this frame is placed
/// in the next ones, and tables and grids size their columns over the first
/// frames, so a few more frames than egui asks for.
pub fn settle(h: &mut Harness<'static, App>) {
    h.run();
    h.run_steps(4);
}

/// The input (text field or drop-down) labelled `label`: a list heading
/// behind a form may carry the same words, but it is a button.
pub fn input<'h>(h: &'h Harness<'static, App>, label: &'h str) -> egui_kittest::Node<'h> {
    use egui_kittest::kittest::NodeT;
    let mut inputs = h.get_all_by_label(label).filter(|n| {
        matches!(
            n.accesskit_node().role(),
            egui::accesskit::Role::TextInput
                | egui::accesskit::Role::MultilineTextInput
                | egui::accesskit::Role::PasswordInput
                | egui::accesskit::Role::ComboBox
        )
    });
    // A form's field comes after a list filter of the same name (the form is drawn on top).
    inputs.next_back().unwrap_or_else(|| panic!("no input labelled {label:?}"))
}

/// Clicks the input labelled `label` and types `text` into it (replacing what was there).
pub fn type_into(h: &mut Harness<'static, App>, label: &str, text: &str) {
    input(h, label).click();
    settle(h);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    input(h, label).type_text(text);
    settle(h);
}

/// Clicks the only widget labelled `label`.
pub fn click(h: &mut Harness<'static, App>, label: &str) {
    h.get_by_label(label).click();
    settle(h);
}

/// Clicks the first widget whose label starts with `prefix` (navigation entries carry counts).
pub fn click_prefix(h: &mut Harness<'static, App>, prefix: &str) {
    let node = h.get_all_by_label_contains(prefix).next().expect("a widget with that label");
    node.click();
    settle(h);
}

/// Picks `option` in the drop-down labelled `label`.
pub fn choose(h: &mut Harness<'static, App>, label: &str, option: &str) {
    input(h, label).click();
    settle(h);
    // The option in the open list (a button), not a cell of a table behind
    // it that says the same (a label). A long list scrolls: bring the option
    // into view first.
    let by = || {
        egui_kittest::kittest::By::new()
            .label(option)
            .predicate(|n| !matches!(n.role(), egui::accesskit::Role::Label | egui::accesskit::Role::TextRun))
    };
    h.get_all(by()).last().expect("the option is shown").scroll_to_me();
    settle(h);
    h.get_all(by()).last().expect("the option is shown").click();
    settle(h);
}

/// Every text the window shows (labels and values of all nodes).
pub fn visible_texts(h: &Harness<'static, App>) -> Vec<String> {
    use egui_kittest::kittest::NodeT;
    let mut out = Vec::new();
    for node in h.root().children_recursive() {
        let n = node.accesskit_node();
        if n.is_hidden() {
            continue;
        }
        if let Some(label) = n.label() {
            out.push(label.to_string());
        }
        if let Some(value) = n.value() {
            out.push(value.to_string());
        }
    }
    out
}

/// The first sheet of a spreadsheet as text rows (the header first), as the importer reads its cells.
pub fn sheet_rows(path: &Path) -> Vec<Vec<String>> {
    let book = khuyencong::spreadsheet::open(path).expect("a spreadsheet");
    book.sheets[0].rows.iter().map(|r| r.cells.iter().map(|c| c.shown()).collect()).collect()
}

pub fn db(path: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).expect("open db")
}

/// `path` with `-journal` appended: SQLite's rollback journal beside it.
pub fn journal_of(path: &Path) -> PathBuf {
    khuyencong::workbook::recovery::journal_path(path)
}

/// A CSV of `rows` projects in the import columns, written once per path.
pub fn projects_csv(path: &Path, rows: usize) {
    use std::io::Write;
    if path.exists() {
        return;
    }
    let tmp = path.with_extension(format!("{}.tmp", std::process::id()));
    let mut out = std::io::BufWriter::new(std::fs::File::create(&tmp).expect("create the CSV"));
    writeln!(out, "nam;ten_de_an;nguon_kinh_phi;noi_dung;kinh_phi_ho_tro").expect("write");
    for i in 0..rows {
        let content = ["may_moc_thiet_bi", "mo_hinh_trinh_dien", "tu_van", "hoi_cho_trien_lam"][i % 4];
        let source = if i % 2 == 0 { "quoc_gia" } else { "dia_phuong" };
        writeln!(out, "{};Hỗ trợ máy sấy nhập số {i};{source};{content};{}", 2014 + i % 10, 10 + i % 490)
            .expect("write");
    }
    drop(out);
    std::fs::rename(&tmp, path).expect("rename the CSV");
}

/// What a hot journal beside `path` and the main file say, read as a power
/// cut in the middle of a commit leaves them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CutOff {
    /// The journal's header is written (its magic): SQLite will roll it back.
    pub hot: bool,
    /// The main file is shorter than its header says (the new first page is
    /// written, later pages are not): refused as "truncated" before this fix.
    pub short: bool,
}

pub fn cut_off(path: &Path) -> CutOff {
    use std::io::Read;
    const MAGIC: [u8; 8] = [0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7];
    let mut start = [0u8; 8];
    let hot = std::fs::File::open(journal_of(path))
        .and_then(|mut f| f.read_exact(&mut start))
        .is_ok_and(|_| start == MAGIC);
    let mut header = [0u8; 100];
    let len = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let read = std::fs::File::open(path).and_then(|mut f| f.read_exact(&mut header)).is_ok();
    let page_size = u64::from(u16::from_be_bytes([header[16], header[17]]));
    let pages = u64::from(u32::from_be_bytes([header[28], header[29], header[30], header[31]]));
    let valid = header[24..28] == header[92..96];
    CutOff { hot, short: read && valid && len < pages * page_size }
}

/// A workbook whose last save was cut off for real: the sample workbook, and
/// `khuyencong import` of `rows` projects killed (SIGKILL) in the middle of
/// its commit, once the journal is hot and the main file is shorter than its
/// header says — the state a power cut leaves, refused as "damaged
/// (truncated)" before SQLite rolled it back. Returns the workbook (in `dir`)
/// and its counts before the import.
pub fn interrupted_import(dir: &Path, name: &str, rows: usize) -> (PathBuf, [i64; 4]) {
    let pristine = dir.join(format!(".{name}.before"));
    khuyencong::workbook::sample::create_sample(&pristine).expect("sample");
    let before = khuyencong::workbook::Workbook::open(&pristine, khuyencong::workbook::OpenMode::ReadOnly)
        .expect("open")
        .counts()
        .expect("counts");
    let csv = std::env::temp_dir().join(format!("khuyencong-test-{rows}-projects.csv"));
    projects_csv(&csv, rows);
    let path = dir.join(name);
    for _attempt in 0..20 {
        let _ = std::fs::remove_file(journal_of(&path));
        std::fs::copy(&pristine, &path).expect("copy");
        let mut child = Command::new(env!("CARGO_BIN_EXE_khuyencong"))
            .args(["import", path_str(&path), path_str(&csv), "--kind", "projects"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start the import");
        loop {
            let state = cut_off(&path);
            if state.hot && state.short {
                let _ = child.kill();
                break;
            }
            if child.try_wait().expect("wait").is_some() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_micros(100));
        }
        let _ = child.kill();
        let _ = child.wait();
        if cut_off(&path) == (CutOff { hot: true, short: true }) {
            std::fs::remove_file(&pristine).expect("remove");
            return (path, before);
        }
    }
    panic!("no kill landed in the import's commit in 20 tries");
}
