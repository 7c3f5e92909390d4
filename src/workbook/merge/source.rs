//! The source: opened read-only, checked, and read row by row through the
//! record rules.

use std::collections::HashSet;
use std::fs;
use std::hash::{DefaultHasher, Hasher};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, SystemTime};

use rusqlite::limits::Limit;
use rusqlite::types::{Value, ValueRef};
use rusqlite::{Connection, ErrorCode, OptionalExtension, Row};
use unicode_normalization::UnicodeNormalization;

use super::error::{MergeError, RowProblem, SourceLimit};
use super::{KINDS, OFFICES, PROGRESS_EVERY, label_column};
use crate::domain::RecordKind;
use crate::domain::plan::{MAX_LINES_JSON_BYTES, Plan};
use crate::domain::text::clean_line;
use crate::domain::text::quote_at_most;
use crate::domain::validate::{Issue, MAX_LINE_CHARS, MAX_NOTE_CHARS};
use crate::domain::{AnyRecord, DesignSupport, Facility, Project, Training, WorkbookInfo};
use crate::workbook::error::one_line;
use crate::workbook::kinds::{StoredRecord, table_of};
use crate::workbook::schema::{APPLICATION_ID, CURRENT_VERSION, PLANS_LEVEL, user_version};
use crate::workbook::store::Meta;
use crate::workbook::untrusted::{Allow, Stopped, Watch, check_schema};
use crate::workbook::{WorkbookError, check_header, configure, read_only_connection};

/// One row of the source, checked and with its text in NFC.
#[derive(Debug, Clone)]
pub(super) struct SourceRow {
    pub(super) id: String,
    pub(super) record: AnyRecord,
    /// The record's own columns as written (in the order of `COLUMNS`).
    pub(super) values: Vec<Value>,
    pub(super) meta: Meta,
    pub(super) hash: u64,
}

pub(super) struct SourceData {
    pub(super) info: WorkbookInfo,
    pub(super) version: i64,
    /// (id, name, province), cleaned.
    pub(super) offices: Vec<(String, String, String)>,
    pub(super) rows: [Vec<SourceRow>; RecordKind::COUNT],
    pub(super) facility_ids: HashSet<String>,
}

/// The file as it was when planned: apply refuses a file that changed since.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Fingerprint {
    pub(super) len: u64,
    pub(super) modified: Option<SystemTime>,
    pub(super) hash: u64,
}

pub(super) fn fingerprint(path: &Path) -> std::io::Result<Fingerprint> {
    let meta = fs::metadata(path)?;
    let mut file = fs::File::open(path)?;
    let mut hasher = DefaultHasher::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.write(&buf[..n]);
    }
    Ok(Fingerprint { len: meta.len(), modified: meta.modified().ok(), hash: hasher.finish() })
}

pub(super) fn hash_value(h: &mut DefaultHasher, v: ValueRef<'_>) {
    match v {
        ValueRef::Null => h.write_u8(0),
        ValueRef::Integer(i) => {
            h.write_u8(1);
            h.write_i64(i);
        }
        ValueRef::Real(f) => {
            h.write_u8(2);
            h.write_u64(f.to_bits());
        }
        ValueRef::Text(b) => {
            h.write_u8(3);
            h.write_usize(b.len());
            h.write(b);
        }
        ValueRef::Blob(b) => {
            h.write_u8(4);
            h.write_usize(b.len());
            h.write(b);
        }
    }
}

pub(super) fn valid_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_graphic())
}

/// Largest merge source read, with its `-wal` file: far above a province's
/// workbook of 100.000 records (about 60 MB).
pub const MAX_SOURCE_BYTES: u64 = 512 * 1024 * 1024;
/// Most rows read from one table of a merge source.
pub const MAX_SOURCE_ROWS: u64 = 2_000_000;
/// Longest value SQLite hands over from a source, in bytes: a note of
/// 10.000 characters takes at most 40.000. SQLite refuses a longer one
/// before it is read into memory.
pub const MAX_SOURCE_VALUE_BYTES: usize = 1 << 20;

/// Time for checking and reading one source: 6 s, and 1 s more for each
/// 4 MiB of file, so a file under 10 MB is refused within 10 s whatever it holds.
pub fn source_time_limit(bytes: u64) -> Duration {
    Duration::from_secs(6) + Duration::from_millis(bytes / (4 * 1024 * 1024 / 1000))
}

/// An open source that passed the checks, with its watch still on.
pub(super) struct Source {
    path: PathBuf,
    conn: Connection,
    version: i64,
    watch: Watch,
    limit: Duration,
}

/// Opens the source read-only and checks it before anything is read from
/// it: header, application id and level, then its schema (which must be
/// exactly this program's), and only then `integrity_check`, which
/// evaluates the schema's own constraints. Everything from the first
/// statement on runs under a [`Watch`]: the time limit and `cancel`.
pub(super) fn open_source(path: &Path, cancel: Arc<AtomicBool>) -> Result<Source, MergeError> {
    let refuse = |e: WorkbookError| refused(path, e);
    // A workbook in WAL mode is read without leaving -wal/-shm files beside it.
    let wal = check_header(path).map_err(refuse)?;
    let bytes = file_bytes(path, wal);
    if bytes > MAX_SOURCE_BYTES {
        let limit = SourceLimit::FileSize { bytes, max: MAX_SOURCE_BYTES };
        return Err(MergeError::SourceTooLarge { path: path.to_path_buf(), limit });
    }
    let limit = source_time_limit(bytes);
    let mut conn = read_only_connection(path, wal).map_err(refuse)?;
    configure(&conn).map_err(refuse)?;
    let watch = Watch::start(&mut conn, limit, cancel).map_err(|e| refuse(e.into()))?;
    let fail = |e: rusqlite::Error| source_error(path, &watch, limit, e, None);
    conn.pragma_update(None, "query_only", "ON").map_err(fail)?;
    conn.set_limit(Limit::SQLITE_LIMIT_LENGTH, MAX_SOURCE_VALUE_BYTES as i32).map_err(fail)?;
    // Numbers of the header, then the schema table: plain data, nothing of
    // the file is evaluated yet.
    let app_id: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0)).map_err(fail)?;
    let version = user_version(&conn).map_err(fail)?;
    if app_id != APPLICATION_ID || version <= 0 {
        return Err(refuse(WorkbookError::NotWorkbook));
    }
    if version > CURRENT_VERSION {
        return Err(refuse(WorkbookError::Newer { found: version, supported: CURRENT_VERSION }));
    }
    if let Err(mismatch) = check_schema(&conn, version, Allow::Nothing).map_err(fail)? {
        return Err(MergeError::SourceNotOurs { path: path.to_path_buf(), mismatch });
    }
    // Only this program's own constraints are left to evaluate.
    let lines: Vec<String> = {
        let mut stmt = conn.prepare("PRAGMA integrity_check").map_err(fail)?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0)).map_err(fail)?;
        rows.collect::<rusqlite::Result<_>>().map_err(fail)?
    };
    if lines.len() != 1 || lines[0] != "ok" {
        return Err(refuse(WorkbookError::Damaged(lines.join("; "))));
    }
    Ok(Source { path: path.to_path_buf(), conn, version, watch, limit })
}

/// The size of the file and of its `-wal` file, when SQLite reads one.
fn file_bytes(path: &Path, wal: bool) -> u64 {
    let len = |p: &Path| fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    let mut log = path.as_os_str().to_os_string();
    log.push("-wal");
    len(path) + if wal { len(Path::new(&log)) } else { 0 }
}

/// What an SQLite error while checking or reading the source means: the
/// watch stopped it, a value over the limit, or the file is refused.
fn source_error(
    path: &Path,
    watch: &Watch,
    limit: Duration,
    e: rusqlite::Error,
    table: Option<&'static str>,
) -> MergeError {
    match watch.explains(&e) {
        Some(Stopped::Cancelled) => return MergeError::Cancelled,
        Some(Stopped::TimedOut) => {
            return MergeError::SourceTooSlow { path: path.to_path_buf(), seconds: limit.as_secs() };
        }
        None => {}
    }
    if e.sqlite_error_code() == Some(ErrorCode::TooBig) {
        let limit = SourceLimit::Value { table, max_bytes: MAX_SOURCE_VALUE_BYTES };
        return MergeError::SourceTooLarge { path: path.to_path_buf(), limit };
    }
    match WorkbookError::from(e) {
        // A table of the source that cannot be read as a workbook's is damage, not our error.
        WorkbookError::Sql(detail) => refused(path, WorkbookError::Damaged(detail)),
        e => refused(path, e),
    }
}

impl Source {
    fn error(&self, e: rusqlite::Error, table: Option<&'static str>) -> MergeError {
        source_error(&self.path, &self.watch, self.limit, e, table)
    }

    /// Between statements: the officer's cancel, or the time limit.
    fn check_watch(&self) -> Result<(), MergeError> {
        match self.watch.stopped() {
            None => Ok(()),
            Some(Stopped::Cancelled) => Err(MergeError::Cancelled),
            Some(Stopped::TimedOut) => {
                Err(MergeError::SourceTooSlow { path: self.path.clone(), seconds: self.limit.as_secs() })
            }
        }
    }
}

pub(super) fn refused(path: &Path, error: WorkbookError) -> MergeError {
    let error = match error {
        // A hot journal can only be rolled back by a writer; the source is never written.
        WorkbookError::ReadOnly => WorkbookError::Interrupted,
        // SQLite's words may quote the file (a token of a broken schema):
        // short, and no control character reaches the officer's screen.
        WorkbookError::Damaged(detail) => WorkbookError::Damaged(quote_at_most(&one_line(&detail), 100)),
        error => error,
    };
    MergeError::SourceRefused { path: path.to_path_buf(), error }
}

pub(super) fn invalid(k: usize, id: &str, label: &str, problem: RowProblem) -> MergeError {
    MergeError::InvalidRecord { kind: KINDS[k], id: id.to_string(), label: label.nfc().collect(), problem }
}

/// Rows read so far, for the progress of the dry run.
struct Reading<'a> {
    done: u64,
    total: u64,
    report: &'a mut dyn FnMut(f32),
}

impl Reading<'_> {
    fn step(&mut self, src: &Source) -> Result<(), MergeError> {
        self.done += 1;
        if self.done.is_multiple_of(PROGRESS_EVERY as u64) {
            src.check_watch()?;
            (self.report)(0.3 + 0.6 * self.done as f32 / self.total.max(1) as f32);
        }
        Ok(())
    }
}

/// The rows of `table`, refused over [`MAX_SOURCE_ROWS`] before any is read.
fn count_rows(src: &Source, table: &'static str) -> Result<u64, MergeError> {
    let n: i64 = src
        .conn
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .map_err(|e| src.error(e, Some(table)))?;
    let n = n.max(0) as u64;
    if n > MAX_SOURCE_ROWS {
        let limit = SourceLimit::Rows { table, max: MAX_SOURCE_ROWS };
        return Err(MergeError::SourceTooLarge { path: src.path.clone(), limit });
    }
    Ok(n)
}

/// Every row of one kind, checked by the record rules, text in NFC.
fn read_kind<R: StoredRecord>(
    src: &Source,
    offices: &HashSet<String>,
    reading: &mut Reading<'_>,
) -> Result<Vec<SourceRow>, MergeError> {
    let k = R::KIND.index();
    let fail = |e| src.error(e, Some(R::TABLE));
    if !src.keeps(R::KIND) {
        return Ok(Vec::new());
    }
    // Level 1 had no host facility for a training.
    let select: Vec<&str> = R::COLUMNS
        .iter()
        .map(|c| if src.version < 2 && R::TABLE == "trainings" && *c == "facility_id" { "NULL" } else { *c })
        .collect();
    let sql = format!(
        "SELECT {}, id, office_id, created_at, modified_at, deleted_at, {} FROM {}",
        select.join(", "),
        label_column(k),
        R::TABLE
    );
    let n = R::COLUMNS.len();
    let mut stmt = src.conn.prepare(&sql).map_err(fail)?;
    let mut rows = stmt.query([]).map_err(fail)?;
    let mut out = Vec::new();
    while let Some(row) = rows.next().map_err(fail)? {
        if out.len() as u64 >= MAX_SOURCE_ROWS {
            let limit = SourceLimit::Rows { table: R::TABLE, max: MAX_SOURCE_ROWS };
            return Err(MergeError::SourceTooLarge { path: src.path.clone(), limit });
        }
        out.push(read_row::<R>(row, n, k, offices)?);
        reading.step(src)?;
    }
    Ok(out)
}

fn max_chars(column: &str) -> usize {
    match column {
        "note" => MAX_NOTE_CHARS,
        "lines" => MAX_LINES_JSON_BYTES,
        _ => MAX_LINE_CHARS,
    }
}

fn read_row<R: StoredRecord>(
    row: &Row<'_>,
    n: usize,
    k: usize,
    offices: &HashSet<String>,
) -> Result<SourceRow, MergeError> {
    let id: String = row.get::<_, Option<String>>(n).ok().flatten().unwrap_or_default();
    let label: String = row.get::<_, Option<String>>(n + 5).ok().flatten().unwrap_or_default();
    let bad = |problem| invalid(k, &id, &label, problem);
    if !valid_id(&id) {
        return Err(bad(RowProblem::BadId));
    }
    // A field far over its limit is refused by its length, before it is copied.
    for (i, &column) in R::COLUMNS.iter().enumerate() {
        let max = max_chars(column);
        if let Ok(ValueRef::Text(b)) = row.get_ref(i)
            && b.len() > 4 * max
        {
            return Err(bad(RowProblem::TooLong { column, max }));
        }
    }
    let unreadable = |e: rusqlite::Error| invalid(k, &id, &label, RowProblem::Unreadable(e.to_string()));
    let record = R::read(row).map_err(unreadable)?;
    let meta = Meta {
        office_id: row.get(n + 1).map_err(unreadable)?,
        created_at: row.get(n + 2).map_err(unreadable)?,
        modified_at: row.get(n + 3).map_err(unreadable)?,
        deleted_at: row.get(n + 4).map_err(unreadable)?,
    };
    if !offices.contains(&meta.office_id) {
        return Err(bad(RowProblem::UnknownOffice(meta.office_id.clone())));
    }
    let issues = record.check();
    if issues.iter().any(Issue::is_error) {
        return Err(bad(RowProblem::Rules(issues)));
    }
    let mut values = record.values();
    let mut hasher = DefaultHasher::new();
    for (value, &column) in values.iter_mut().zip(R::COLUMNS) {
        if let Value::Text(s) = value {
            if !unicode_normalization::is_nfc(s) {
                *s = s.nfc().collect();
            }
            let max = max_chars(column);
            if s.chars().count() > max {
                return Err(bad(RowProblem::TooLong { column, max }));
            }
        }
        hash_value(&mut hasher, ValueRef::from(&*value));
    }
    Ok(SourceRow { id, record: record.into_any(), values, meta, hash: hasher.finish() })
}

/// Reads every table the merge needs, in one read transaction, under the
/// source's watch; `progress` gets 0.3–0.9 as rows are read.
impl Source {
    /// Whether the source's level has a table for `kind` (plans came at level 5).
    fn keeps(&self, kind: RecordKind) -> bool {
        kind != RecordKind::Plan || self.version >= PLANS_LEVEL
    }
}

pub(super) fn read_source(src: &Source, progress: &mut dyn FnMut(f32)) -> Result<SourceData, MergeError> {
    let fail = |e| src.error(e, None);
    // One read transaction: every table from the same moment.
    let tx = src.conn.unchecked_transaction().map_err(fail)?;
    let office_id: String = tx
        .query_row("SELECT office_id FROM workbook_info WHERE singleton = 1", [], |r| r.get(0))
        .optional()
        .map_err(fail)?
        .ok_or_else(|| refused(&src.path, WorkbookError::Damaged("workbook_info".into())))?;
    let mut total = count_rows(src, OFFICES)?;
    for kind in KINDS.into_iter().filter(|k| src.keeps(*k)) {
        total += count_rows(src, table_of(kind))?;
    }
    let mut reading = Reading { done: 0, total, report: progress };
    let mut offices = Vec::new();
    {
        let fail = |e| src.error(e, Some(OFFICES));
        let mut stmt = tx.prepare("SELECT id, name, province FROM offices").map_err(fail)?;
        let mut rows = stmt.query([]).map_err(fail)?;
        while let Some(r) = rows.next().map_err(fail)? {
            let (id, name, province): (String, String, String) =
                (r.get(0).map_err(fail)?, r.get(1).map_err(fail)?, r.get(2).map_err(fail)?);
            let (name, province) = (clean_line(&name), clean_line(&province));
            if !valid_id(&id)
                || name.chars().count() > MAX_LINE_CHARS
                || province.chars().count() > MAX_LINE_CHARS
            {
                let detail = format!("office {}", quote_at_most(&id, 64));
                return Err(refused(&src.path, WorkbookError::Damaged(detail)));
            }
            offices.push((id, name, province));
            reading.step(src)?;
        }
    }
    let Some((_, office_name, province)) = offices.iter().find(|o| o.0 == office_id).cloned() else {
        return Err(refused(&src.path, WorkbookError::Damaged("workbook_info".into())));
    };
    let office_ids: HashSet<String> = offices.iter().map(|o| o.0.clone()).collect();
    let rows = [
        read_kind::<Facility>(src, &office_ids, &mut reading)?,
        read_kind::<Project>(src, &office_ids, &mut reading)?,
        read_kind::<Training>(src, &office_ids, &mut reading)?,
        read_kind::<DesignSupport>(src, &office_ids, &mut reading)?,
        read_kind::<Plan>(src, &office_ids, &mut reading)?,
    ];
    let facility_ids = rows[0].iter().map(|r| r.id.clone()).collect();
    tx.finish().map_err(fail)?;
    Ok(SourceData {
        info: WorkbookInfo { office_id, office_name, province },
        version: src.version,
        offices,
        rows,
        facility_ids,
    })
}
