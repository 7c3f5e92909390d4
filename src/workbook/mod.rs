//! The workbook: one SQLite file that an officer opens, saves as, copies and
//! e-mails like a document. No egui here.
//!
//! - rollback journal (`journal_mode=DELETE`, `synchronous=FULL`): no side
//!   files to lose when the file is copied;
//! - a fixed `application_id` and `user_version` migrations ([`schema`]);
//! - a file is checked read-only before it is used, so a refused file is
//!   never written to;
//! - every write is one transaction ([`Workbook::write`]).

pub mod audit;
pub mod charts;
pub mod error;
mod functions;
pub mod kinds;
pub mod merge;
pub mod peer_file;
pub mod plans;
pub mod recovery;
pub mod sample;
mod sample_plans;
pub mod schema;
pub mod store;
pub mod summary;
pub mod sync;
pub mod untrusted;

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior};

use crate::domain::WorkbookInfo;
use crate::domain::places::DEFAULT_PROVINCE;
use crate::domain::text::clean_line;
pub use error::{Result, WorkbookError};
pub use kinds::{KindVisitor, StoredRecord, with_kind};
use schema::{APPLICATION_ID, CURRENT_VERSION};
pub use store::{Meta, Stored, Writer};

/// How a file should be opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// Writable when the file and its folder allow it; read-only otherwise.
    Normal,
    /// Never written, whatever the permissions.
    ReadOnly,
}

/// Why a workbook is open read-only, to tell the officer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadOnlyReason {
    /// The officer asked for it.
    Requested,
    /// The file or its medium does not allow writing.
    NoPermission,
}

pub struct Workbook {
    conn: Connection,
    path: PathBuf,
    read_only: Option<ReadOnlyReason>,
    info: WorkbookInfo,
    /// A save had been cut off and was rolled back when the file was opened.
    recovered: bool,
}

pub fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}

pub fn new_id() -> String {
    // Version 7: random like version 4, but led by the time, so ids made one
    // after another sort one after another and SQLite adds each new record at
    // the end of the id index instead of all over it.
    uuid::Uuid::now_v7().to_string()
}

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// The 100-byte SQLite header of a file, and the file's length.
pub(crate) struct Header {
    bytes: [u8; 100],
    len: u64,
}

impl Header {
    /// `PRAGMA application_id`, as stored at bytes 68..72.
    pub(crate) fn application_id(&self) -> i32 {
        let b = &self.bytes;
        i32::from_be_bytes([b[68], b[69], b[70], b[71]])
    }

    /// True when the header says WAL mode.
    fn wal(&self) -> bool {
        self.bytes[18] == 2 || self.bytes[19] == 2
    }

    /// The page size is valid and the file is as long as the header says.
    fn check_length(&self) -> Result<()> {
        let h = &self.bytes;
        let page_size = match u16::from_be_bytes([h[16], h[17]]) {
            1 => 65_536u64,
            n if n >= 512 && n.is_power_of_two() => u64::from(n),
            _ => return Err(WorkbookError::Damaged("page size".into())),
        };
        let change_counter = &h[24..28];
        let valid_for = &h[92..96];
        let page_count = u64::from(u32::from_be_bytes([h[28], h[29], h[30], h[31]]));
        if !self.len.is_multiple_of(page_size) {
            return Err(WorkbookError::Damaged("truncated".into()));
        }
        // The page count in the header is reliable only when written by the same change.
        if change_counter == valid_for && page_count > 0 && self.len < page_count * page_size {
            return Err(WorkbookError::Damaged("truncated".into()));
        }
        Ok(())
    }
}

/// Reads the 100-byte SQLite header: the file exists, is a file, is not
/// empty and starts as an SQLite file does.
pub(crate) fn read_header(path: &Path) -> Result<Header> {
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(WorkbookError::NotFound(path.to_path_buf()));
        }
        Err(e) => return Err(e.into()),
    };
    if meta.is_dir() {
        return Err(WorkbookError::NotAFile(path.to_path_buf()));
    }
    let len = meta.len();
    if len == 0 {
        return Err(WorkbookError::Empty);
    }
    let mut bytes = [0u8; 100];
    let mut file = fs::File::open(path)?;
    let mut read = 0;
    while read < bytes.len() {
        match file.read(&mut bytes[read..])? {
            0 => break,
            n => read += n,
        }
    }
    if read < 16 || &bytes[..16] != SQLITE_MAGIC {
        return Err(WorkbookError::NotSqlite);
    }
    if read < 100 {
        return Err(WorkbookError::Damaged("header".into()));
    }
    Ok(Header { bytes, len })
}

/// Checks what can be checked before SQLite touches the file: magic, page
/// size, and that the file is as long as the header says. A file whose last
/// save was cut off (a hot journal beside it) is refused as such: until it is
/// rolled back its length proves nothing. True when the header says WAL mode.
fn check_header(path: &Path) -> Result<bool> {
    let header = read_header(path)?;
    if recovery::journal_state(path) != recovery::Journal::None {
        return Err(WorkbookError::Interrupted);
    }
    header.check_length()?;
    Ok(header.wal())
}

/// A read-only connection for checking `path`. A workbook put in WAL mode by
/// another tool would get `-wal` and `-shm` files beside it from a mere look
/// (which `check` must not leave); without a `-wal` file the main file holds
/// everything, so it is read as immutable and nothing is created.
fn read_only_connection(path: &Path, wal: bool) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut log = path.as_os_str().to_os_string();
    log.push("-wal");
    if wal
        && !Path::new(&log).exists()
        && let Some(uri) = immutable_uri(path)
    {
        return Ok(Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI)?);
    }
    Ok(Connection::open_with_flags(path, flags)?)
}

/// `file:` URI of `path` with `immutable=1`; `None` for a path that is not UTF-8.
fn immutable_uri(path: &Path) -> Option<String> {
    let text = std::path::absolute(path).ok()?.to_str()?.replace('\\', "/");
    let mut uri = String::from(if text.starts_with('/') { "file://" } else { "file:///" });
    for c in text.chars() {
        match c {
            '%' => uri.push_str("%25"),
            '?' => uri.push_str("%3F"),
            '#' => uri.push_str("%23"),
            c => uri.push(c),
        }
    }
    uri.push_str("?mode=ro&immutable=1");
    Some(uri)
}

/// True when the file could be opened for writing now.
fn file_writable(path: &Path) -> bool {
    let Ok(meta) = fs::metadata(path) else {
        return false;
    };
    // Honour the permission bits even for root, who could write anyway: an
    // officer who marked a file read-only expects it left alone.
    if meta.permissions().readonly() {
        return false;
    }
    if fs::OpenOptions::new().append(true).open(path).is_err() {
        return false;
    }
    // SQLite writes its journal beside the file.
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::metadata(dir).map(|m| !m.permissions().readonly()).unwrap_or(false)
}

/// Settings every connection gets, outside any transaction.
fn configure(conn: &Connection) -> Result<()> {
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false)?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(std::time::Duration::from_millis(2_000))?;
    functions::register(conn)?;
    Ok(())
}

/// Checks an open connection: is it a workbook, of a version we read, undamaged?
/// Reads only.
fn check_connection(conn: &Connection) -> Result<i64> {
    let app_id: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    let version = schema::user_version(conn)?;
    if app_id != APPLICATION_ID || version <= 0 {
        return Err(WorkbookError::NotWorkbook);
    }
    if version > CURRENT_VERSION {
        return Err(WorkbookError::Newer { found: version, supported: CURRENT_VERSION });
    }
    // quick_check evaluates what the schema holds (CHECK constraints,
    // generated columns, expression indexes): a workbook from outside must
    // hold only this program's objects before it runs.
    if let Err(mismatch) = untrusted::check_schema(conn, version, untrusted::Allow::Statistics)? {
        return Err(WorkbookError::ForeignSchema(mismatch));
    }
    let check: String = conn.query_row("PRAGMA quick_check(1)", [], |r| r.get(0))?;
    if check != "ok" {
        return Err(WorkbookError::Damaged(check));
    }
    Ok(version)
}

impl Workbook {
    /// Creates a new, empty workbook file for an office. Refuses to overwrite.
    pub fn create(path: &Path, office_name: &str, province: &str) -> Result<Workbook> {
        Workbook::create_with(path, office_name, province, |_| Ok(()))
    }

    /// Creates a new workbook and lets `fill` write into it before it takes
    /// its name: it is made under a random temporary name beside `path`,
    /// closed, then linked to `path` only if nothing is there yet. On any
    /// failure (a full disk) nothing is left behind.
    pub fn create_with(
        path: &Path,
        office_name: &str,
        province: &str,
        fill: impl FnOnce(&mut Workbook) -> Result<()>,
    ) -> Result<Workbook> {
        if path.exists() {
            return Err(WorkbookError::AlreadyExists(path.to_path_buf()));
        }
        let dir = match path.parent().filter(|p| !p.as_os_str().is_empty()) {
            Some(dir) => {
                fs::create_dir_all(dir)?;
                dir.to_path_buf()
            }
            None => PathBuf::from("."),
        };
        let temp = tempfile::Builder::new().prefix(".khuyencong-").suffix(".db-tmp").tempfile_in(&dir)?;
        let temp = temp.into_temp_path();
        let made = (|| {
            let mut wb = Workbook::create_in_place(&temp, office_name, province)?;
            fill(&mut wb)?;
            Ok::<_, WorkbookError>(())
        })();
        let journal = journal_of(&temp);
        if let Err(e) = made {
            let _ = fs::remove_file(&journal);
            return Err(e);
        }
        let _ = fs::remove_file(&journal);
        temp.persist_noclobber(path).map_err(|e| match e.error.kind() {
            std::io::ErrorKind::AlreadyExists => WorkbookError::AlreadyExists(path.to_path_buf()),
            _ => WorkbookError::from(e.error),
        })?;
        Workbook::open(path, OpenMode::Normal)
    }

    /// Makes the schema and the office in an empty (or missing) file at `path`.
    fn create_in_place(path: &Path, office_name: &str, province: &str) -> Result<Workbook> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(path, flags)?;
        configure(&conn)?;
        conn.pragma_update(None, "journal_mode", "DELETE")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        schema::migrate(&mut conn)?;
        let office_id = new_id();
        let office_name = clean_line(office_name);
        let province = match clean_line(province) {
            p if p.is_empty() => DEFAULT_PROVINCE.to_string(),
            p => p,
        };
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO offices (id, name, province) VALUES (?1, ?2, ?3)",
            (&office_id, &office_name, &province),
        )?;
        tx.execute(
            "INSERT INTO workbook_info (singleton, office_id, created_at) VALUES (1, ?1, ?2)",
            (&office_id, now_ms()),
        )?;
        tx.commit()?;
        let info = load_info(&conn)?;
        Ok(Workbook { conn, path: path.to_path_buf(), read_only: None, info, recovered: false })
    }

    /// Opens an existing workbook. A file that is not a workbook, is newer
    /// than this program or is damaged is refused and left byte for byte as it was.
    ///
    /// A workbook whose last save was cut off (a hot journal beside it) is
    /// first rolled back to its last completed save, in either mode, when the
    /// file and its folder can be written ([`recovery`]); otherwise it is
    /// refused untouched with [`WorkbookError::CannotRecoverHere`].
    pub fn open(path: &Path, mode: OpenMode) -> Result<Workbook> {
        let recovered = recovery::recover_in_place(path)?;
        let wal = check_header(path)?;
        let read_only = match mode {
            OpenMode::ReadOnly => Some(ReadOnlyReason::Requested),
            OpenMode::Normal if !file_writable(path) => Some(ReadOnlyReason::NoPermission),
            OpenMode::Normal => None,
        };
        let rw_flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let checker = read_only_connection(path, wal)?;
        configure(&checker)?;
        let (checker, version) = match check_connection(&checker) {
            Ok(v) => (Some(checker), v),
            // A WAL file whose index only a writer can rebuild, or a save cut
            // off since the look above: SQLite puts it right on the first read
            // from a writable connection — for a workbook only.
            Err(WorkbookError::ReadOnly)
                if read_only.is_none() && read_header(path)?.application_id() == APPLICATION_ID =>
            {
                drop(checker);
                let conn = Connection::open_with_flags(path, rw_flags)?;
                configure(&conn)?;
                (None, check_connection(&conn)?)
            }
            // Read-only, the hot journal stays: say so rather than "read-only".
            Err(WorkbookError::ReadOnly) => return Err(WorkbookError::Interrupted),
            Err(e) => return Err(e),
        };
        // Whatever can refuse the file is read before anything is written to it.
        if let Some(checker) = &checker {
            load_info(checker)?;
        }
        let conn = match (read_only, checker) {
            (Some(_), _) if version < CURRENT_VERSION => return Err(WorkbookError::OldReadOnly),
            (Some(_), Some(checker)) => {
                checker.pragma_update(None, "query_only", "ON")?;
                checker
            }
            (_, checker) => {
                drop(checker);
                let mut conn = Connection::open_with_flags(path, rw_flags)?;
                configure(&conn)?;
                conn.pragma_update(None, "synchronous", "FULL")?;
                if version < CURRENT_VERSION {
                    schema::migrate(&mut conn)?;
                }
                // Only once the upgrade has worked: a file it refuses keeps its journal mode.
                let journal: String = conn.pragma_query_value(None, "journal_mode", |r| r.get(0))?;
                if !journal.eq_ignore_ascii_case("delete") {
                    conn.pragma_update(None, "journal_mode", "DELETE")?;
                }
                conn
            }
        };
        let info = load_info(&conn)?;
        Ok(Workbook { conn, path: path.to_path_buf(), read_only, info, recovered })
    }

    /// True when the last save had been cut off (a power cut, the program
    /// stopped) and opening rolled the workbook back to the save before it.
    pub fn recovered(&self) -> bool {
        self.recovered
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn info(&self) -> &WorkbookInfo {
        &self.info
    }

    pub fn read_only(&self) -> Option<ReadOnlyReason> {
        self.read_only
    }

    /// For queries in this crate (summaries, lists).
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// [`Workbook::write`] for thousands of records at once (an import).
    pub fn write_many<T>(&mut self, f: impl FnOnce(&Writer<'_>) -> Result<T>) -> Result<T> {
        let old = enlarge_cache(&self.conn)?;
        let result = self.write(f);
        restore_cache(&self.conn, old);
        result
    }

    /// Runs `f` in one immediate transaction: all of it is saved, or none.
    pub fn write<T>(&mut self, f: impl FnOnce(&Writer<'_>) -> Result<T>) -> Result<T> {
        if self.read_only.is_some() {
            return Err(WorkbookError::ReadOnly);
        }
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let writer = Writer::new(&tx, &self.info.office_id, now_ms());
        let value = f(&writer)?;
        tx.commit()?;
        Ok(value)
    }

    /// Renames the office that keeps this workbook.
    pub fn set_office(&mut self, office_name: &str, province: &str) -> Result<()> {
        let office_id = self.info.office_id.clone();
        let (name, province) = (clean_line(office_name), clean_line(province));
        self.write(|w| {
            w.tx().execute(
                "UPDATE offices SET name = ?2, province = ?3 WHERE id = ?1",
                (&office_id, &name, &province),
            )?;
            Ok(())
        })?;
        self.info = load_info(&self.conn)?;
        Ok(())
    }

    /// Writes a consistent copy of the whole workbook to `dest` with SQLite's
    /// online backup, then continues work in the copy. Refuses to overwrite
    /// a file that is not a workbook; on any error the current file stays open.
    pub fn save_as(&mut self, dest: &Path) -> Result<()> {
        self.backup_to(dest)?;
        let mode = match self.read_only {
            Some(ReadOnlyReason::Requested) => OpenMode::ReadOnly,
            _ => OpenMode::Normal,
        };
        *self = Workbook::open(dest, mode)?;
        Ok(())
    }

    /// Writes a consistent copy of the workbook to `dest` (a new file, or an
    /// existing workbook that is replaced).
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        if dest.exists() {
            if same_file(dest, &self.path) {
                return Ok(());
            }
            // Only ever replace another workbook, never an unrelated file.
            if let Err(e) = check_header(dest).and_then(|_| {
                let c = Connection::open_with_flags(dest, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
                check_connection(&c).map(|_| ())
            }) {
                return Err(match e {
                    WorkbookError::Newer { .. } | WorkbookError::Damaged(_) => e,
                    _ => WorkbookError::AlreadyExists(dest.to_path_buf()),
                });
            }
        }
        if let Some(dir) = dest.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(dir)?;
        }
        // Back up into a temporary file beside the target (created under a
        // random name, never an existing path), then rename, so the target is
        // either the old file or the complete copy.
        let dir = dest.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let tmp = tempfile::Builder::new().prefix(".khuyencong-").suffix(".db-tmp").tempfile_in(dir)?;
        let tmp = tmp.into_temp_path();
        let result = self.conn.backup("main", &tmp, None::<fn(rusqlite::backup::Progress)>);
        let _ = fs::remove_file(journal_of(&tmp));
        result?;
        tmp.persist(dest).map_err(|e| WorkbookError::from(e.error))?;
        Ok(())
    }

    /// `PRAGMA integrity_check` and the schema level, for `khuyencong check`.
    pub fn check_report(&self) -> Result<(String, i64)> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let lines: Vec<String> =
            stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<_>>()?;
        Ok((lines.join("; "), schema::user_version(&self.conn)?))
    }

    /// Live records outside the limits of the rules, for `check`.
    pub fn out_of_limits(&self) -> Result<(Vec<audit::OutOfLimit>, usize)> {
        audit::out_of_limits(&self.conn, now_ms())
    }

    /// Counts of live records: facilities, projects, trainings, design supports.
    pub fn counts(&self) -> Result<[i64; 4]> {
        let mut out = [0; 4];
        for (i, table) in ["facilities", "projects", "trainings", "design_supports"].iter().enumerate() {
            out[i] = self.conn.query_row(
                &format!("SELECT COUNT(*) FROM {table} WHERE deleted_at IS NULL"),
                [],
                |r| r.get(0),
            )?;
        }
        Ok(out)
    }
}

/// The rollback journal SQLite keeps beside a database file.
fn journal_of(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push("-journal");
    PathBuf::from(name)
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn load_info(conn: &Connection) -> Result<WorkbookInfo> {
    conn.query_row(
        "SELECT o.id, o.name, o.province FROM workbook_info w JOIN offices o ON o.id = w.office_id",
        [],
        |r| Ok(WorkbookInfo { office_id: r.get(0)?, office_name: r.get(1)?, province: r.get(2)? }),
    )
    .optional()?
    .ok_or_else(|| WorkbookError::Damaged("workbook_info".into()))
}

/// Work on thousands of records (imports, merges) reaches pages all over the
/// file; SQLite's default page cache (2 MB) would read the same pages again
/// and again. The connection gets a larger cache while such work runs.
const LARGE_CACHE_KIB: i64 = 64 * 1024;

/// Gives `conn` the large cache; returns the size to put back.
pub(crate) fn enlarge_cache(conn: &Connection) -> rusqlite::Result<i64> {
    let old: i64 = conn.pragma_query_value(None, "cache_size", |r| r.get(0))?;
    conn.pragma_update(None, "cache_size", -LARGE_CACHE_KIB)?;
    Ok(old)
}

pub(crate) fn restore_cache(conn: &Connection, old: i64) {
    // Only a cache size: failing to set it back costs memory, never data.
    let _ = conn.pragma_update(None, "cache_size", old);
}
