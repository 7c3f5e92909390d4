//! A save cut off by a power cut or a killed program leaves a hot journal
//! (`FILE.db-journal`) beside the workbook: the pages as they were before the
//! save began. Until it is rolled back the main file may look damaged (shorter
//! than its header says, half of its pages new). SQLite rolls it back on the
//! first read by a connection that can write, and the workbook is then exactly
//! as the last completed save left it. That is not a change the officer made,
//! so it is done before anything else — when the file is a workbook and can be
//! written; otherwise the workbook can be recovered into a copy and the
//! original is only read.
//!
//! A journal that is not hot (empty, or its header zeroed: SQLite's own rules
//! in `hasHotJournal`) is ignored, as SQLite ignores it.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use crate::i18n::Lang;

use super::schema::APPLICATION_ID;
use super::{OpenMode, Result, Workbook, WorkbookError, check_connection, configure, read_header};

/// The first eight bytes of a journal whose pages are safely written.
const JOURNAL_MAGIC: [u8; 8] = [0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7];

/// What lies beside a workbook file under its journal's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Journal {
    /// No journal, or one SQLite ignores (empty, or its header zeroed).
    None,
    /// A save was cut off: the journal holds the pages to put back.
    Hot,
    /// A file SQLite would take for a hot journal but that does not start
    /// like one (or cannot be read): SQLite would delete it on the first write.
    Unreadable,
}

/// `path` with `-journal` appended, where SQLite keeps the rollback journal.
pub fn journal_path(path: &Path) -> PathBuf {
    side_file(path, "-journal")
}

fn side_file(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// The journal beside `path`, judged by SQLite's rules (a journal is hot when
/// it exists and its first byte is not zero); reads eight bytes at most.
pub fn journal_state(path: &Path) -> Journal {
    let journal = journal_path(path);
    let mut file = match fs::File::open(&journal) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Journal::None,
        // SQLite takes a journal it cannot open for a hot one.
        Err(_) => return if journal.exists() { Journal::Unreadable } else { Journal::None },
    };
    let mut start = [0u8; 8];
    let mut read = 0;
    while read < start.len() {
        match file.read(&mut start[read..]) {
            Ok(0) => break,
            Ok(n) => read += n,
            Err(_) => return Journal::Unreadable,
        }
    }
    match start {
        _ if read == 0 || start[0] == 0 => Journal::None,
        s if read == s.len() && s == JOURNAL_MAGIC => Journal::Hot,
        _ => Journal::Unreadable,
    }
}

/// True when SQLite could open the journal for writing and delete it.
fn journal_writable(path: &Path) -> bool {
    let journal = journal_path(path);
    let Ok(meta) = fs::metadata(&journal) else { return false };
    !meta.permissions().readonly() && fs::OpenOptions::new().append(true).open(&journal).is_ok()
}

/// Rolls back the hot journal of the workbook at `path`, if it has one.
/// True when a save was cut off and has been rolled back. Refuses, touching
/// nothing, a file that is not a workbook by its header, and one that cannot
/// be written (it can be recovered into a copy).
pub(super) fn recover_in_place(path: &Path) -> Result<bool> {
    let header = read_header(path)?;
    let journal = journal_state(path);
    if journal == Journal::None {
        return Ok(false);
    }
    // Another program's SQLite file keeps its journal for that program.
    if header.application_id() != APPLICATION_ID {
        return Err(WorkbookError::NotWorkbook);
    }
    if journal == Journal::Unreadable {
        return Err(WorkbookError::CannotRecoverHere { path: path.to_path_buf(), journal_unreadable: true });
    }
    if !super::file_writable(path) || !journal_writable(path) {
        return Err(WorkbookError::CannotRecoverHere { path: path.to_path_buf(), journal_unreadable: false });
    }
    roll_back(path)?;
    Ok(true)
}

/// Opens `path` for writing and reads its header, which makes SQLite play the
/// hot journal back and delete it.
fn roll_back(path: &Path) -> Result<()> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    configure(&conn)?;
    let app_id: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    drop(conn);
    if app_id != APPLICATION_ID {
        return Err(WorkbookError::NotWorkbook);
    }
    // Still there: another program holds the file and is in the middle of a
    // save of its own (SQLite leaves a journal alone while a writer holds it).
    match journal_state(path) {
        Journal::None => Ok(()),
        _ => Err(WorkbookError::Locked),
    }
}

/// Told when opening rolled back a save that was cut off.
pub fn recovered_notice(lang: Lang) -> &'static str {
    lang.pick(
        "Sổ đã được khôi phục sau lần lưu bị ngắt: sổ giữ mọi thứ đến lần lưu trọn vẹn cuối cùng; lần lưu bị ngắt không được ghi.",
        "The workbook was recovered after an interrupted save: it holds everything up to its last completed save; the save that was cut off did not happen.",
    )
}

/// What [`recover_into_copy`] did.
pub struct Recovered {
    /// The copy, open for editing.
    pub workbook: Workbook,
    /// A save of the original had been cut off and the copy was rolled back.
    pub was_interrupted: bool,
}

/// `khuyencong recover` and the window's "Recover into a copy…": the workbook
/// at `source` and its journal are copied to a new file beside `dest` (created
/// exclusively), the copy is opened for writing so that SQLite rolls it back,
/// it is checked (`integrity_check`), and only then named `dest`. The
/// original is only read; an existing `dest` is never replaced.
pub fn recover_into_copy(source: &Path, dest: &Path) -> Result<Recovered> {
    let header = read_header(source)?;
    if header.application_id() != APPLICATION_ID {
        return Err(WorkbookError::NotWorkbook);
    }
    if super::same_file(source, dest) || exists(dest) {
        return Err(WorkbookError::AlreadyExists(dest.to_path_buf()));
    }
    // A journal already beside the target would be played into the copy.
    if exists(&journal_path(dest)) {
        return Err(WorkbookError::AlreadyExists(journal_path(dest)));
    }
    let was_interrupted = journal_state(source) != Journal::None;
    let dir = match dest.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(dir) => {
            fs::create_dir_all(dir)?;
            dir.to_path_buf()
        }
        None => PathBuf::from("."),
    };
    let name = dest.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let (tmp, mut file) = create_temp(&dir, &name)?;
    let mut made = vec![tmp.clone(), journal_path(&tmp), side_file(&tmp, "-wal"), side_file(&tmp, "-shm")];
    let result = (|| {
        copy_into(source, &mut file)?;
        drop(file);
        // The pages to put back, and a WAL file's last saves, go with the copy.
        for suffix in ["-journal", "-wal"] {
            let side = side_file(source, suffix);
            let stale = suffix == "-journal" && journal_state(source) == Journal::None;
            if stale || !side.exists() {
                continue;
            }
            let mut out = create_new(&side_file(&tmp, suffix))?;
            copy_into(&side, &mut out)?;
        }
        check_copy(&tmp)?;
        place(&tmp, dest)
    })();
    if let Err(e) = result {
        for path in &made {
            let _ = fs::remove_file(path);
        }
        return Err(e);
    }
    made.remove(0);
    for side in &made {
        let _ = fs::remove_file(side);
    }
    let workbook = Workbook::open(dest, OpenMode::Normal)?;
    Ok(Recovered { workbook, was_interrupted })
}

fn exists(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok()
}

fn create_new(path: &Path) -> Result<fs::File> {
    match fs::OpenOptions::new().write(true).create_new(true).open(path) {
        Ok(f) => Ok(f),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            Err(WorkbookError::AlreadyExists(path.to_path_buf()))
        }
        Err(e) => Err(e.into()),
    }
}

/// A new file of an unguessable name in `dir`, made by this call (never an
/// existing file or a link planted under that name).
fn create_temp(dir: &Path, name: &str) -> Result<(PathBuf, fs::File)> {
    let mut last = None;
    for _ in 0..8 {
        let tmp = dir.join(format!(".{name}.{}.khoi-phuc", uuid::Uuid::now_v7().simple()));
        match fs::OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(file) => return Ok((tmp, file)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e.into()),
        }
    }
    Err(last.map(WorkbookError::from).unwrap_or(WorkbookError::Io("temporary file".into())))
}

fn copy_into(from: &Path, to: &mut fs::File) -> Result<()> {
    let mut input = fs::File::open(from)?;
    std::io::copy(&mut input, to)?;
    to.flush()?;
    to.sync_all()?;
    Ok(())
}

/// Rolls the copy back (a connection that can write, reading its header),
/// then checks it as [`Workbook::open`] would, and every page.
fn check_copy(tmp: &Path) -> Result<()> {
    roll_back(tmp)?;
    super::check_header(tmp)?;
    let conn = Connection::open_with_flags(tmp, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    configure(&conn)?;
    check_connection(&conn)?;
    let lines: Vec<String> = {
        let mut stmt = conn.prepare("PRAGMA integrity_check(20)")?;
        stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<_>>()?
    };
    if lines.len() != 1 || lines[0] != "ok" {
        return Err(WorkbookError::Damaged(lines.join("; ")));
    }
    super::load_info(&conn)?;
    Ok(())
}

/// Gives the checked copy its name without ever replacing a file: a hard link
/// fails when the name exists (even as a link); where the file system has no
/// hard links, a rename once the name is seen free.
fn place(tmp: &Path, dest: &Path) -> Result<()> {
    match fs::hard_link(tmp, dest) {
        Ok(()) => {
            fs::remove_file(tmp)?;
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            Err(WorkbookError::AlreadyExists(dest.to_path_buf()))
        }
        Err(_) if !exists(dest) => Ok(fs::rename(tmp, dest)?),
        Err(_) => Err(WorkbookError::AlreadyExists(dest.to_path_buf())),
    }
}
