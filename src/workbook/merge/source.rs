//! The source: opened read-only, checked, and read row by row through the
//! record rules.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::hash::{DefaultHasher, Hasher};
use std::io::Read;
use std::path::Path;
use std::time::SystemTime;

use rusqlite::types::{Value, ValueRef};
use rusqlite::{Connection, OptionalExtension, Row};
use unicode_normalization::UnicodeNormalization;

use super::error::{MergeError, RowProblem};
use super::{KINDS, OFFICES, kind_index, kind_of_table, label_column};
use crate::domain::fields::Draft;
use crate::domain::text::clean_line;
use crate::domain::validate::{Issue, MAX_LINE_CHARS, MAX_NOTE_CHARS};
use crate::domain::{DesignSupport, Facility, Project, Training, WorkbookInfo};
use crate::workbook::error::one_line;
use crate::workbook::store::{Meta, StoredRecord, table_of};
use crate::workbook::{WorkbookError, check_connection, check_header, configure, read_only_connection};

/// A record of any kind, typed: for labels and the fields of a conflict.
#[derive(Debug, Clone)]
pub(super) enum AnyRecord {
    Facility(Facility),
    Project(Project),
    Training(Training),
    Design(DesignSupport),
}

impl AnyRecord {
    pub(super) fn facility_ref(&self) -> Option<&str> {
        match self {
            AnyRecord::Facility(_) => None,
            AnyRecord::Project(p) => p.facility_id.as_deref(),
            AnyRecord::Training(t) => t.facility_id.as_deref(),
            AnyRecord::Design(d) => Some(d.facility_id.as_str()),
        }
    }

    pub(super) fn label(&self) -> &str {
        match self {
            AnyRecord::Facility(f) => &f.name,
            AnyRecord::Project(p) => &p.title,
            AnyRecord::Training(t) => &t.name,
            AnyRecord::Design(d) => &d.product,
        }
    }

    pub(super) fn draft(&self, facility: Option<&Facility>) -> Draft {
        match self {
            AnyRecord::Facility(f) => f.to_draft(),
            AnyRecord::Project(p) => p.to_draft(facility),
            AnyRecord::Training(t) => t.to_draft(facility),
            AnyRecord::Design(d) => d.to_draft(facility),
        }
    }
}

pub(super) trait MergeRecord: StoredRecord {
    fn into_any(self) -> AnyRecord;
}
impl MergeRecord for Facility {
    fn into_any(self) -> AnyRecord {
        AnyRecord::Facility(self)
    }
}
impl MergeRecord for Project {
    fn into_any(self) -> AnyRecord {
        AnyRecord::Project(self)
    }
}
impl MergeRecord for Training {
    fn into_any(self) -> AnyRecord {
        AnyRecord::Training(self)
    }
}
impl MergeRecord for DesignSupport {
    fn into_any(self) -> AnyRecord {
        AnyRecord::Design(self)
    }
}

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

/// Where the two sides stood when they last met, for one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Base {
    /// The source's modified_at.
    pub(super) s: i64,
    /// The target's modified_at.
    pub(super) t: i64,
    pub(super) in_sync: bool,
}

pub(super) struct SourceData {
    pub(super) info: WorkbookInfo,
    pub(super) version: i64,
    /// (id, name, province), cleaned.
    pub(super) offices: Vec<(String, String, String)>,
    pub(super) rows: [Vec<SourceRow>; 4],
    pub(super) facility_ids: HashSet<String>,
    /// The source's own meeting points with the target, seen from the target.
    pub(super) peer_bases: [HashMap<String, Base>; 4],
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

/// Opens the source read-only and checks it before anything is read from it.
pub(super) fn open_source(path: &Path) -> crate::workbook::Result<(Connection, i64)> {
    // A workbook in WAL mode is read without leaving -wal/-shm files beside it.
    let wal = check_header(path)?;
    let conn = read_only_connection(path, wal)?;
    configure(&conn)?;
    conn.pragma_update(None, "query_only", "ON")?;
    let version = check_connection(&conn)?;
    let lines: Vec<String> = {
        let mut stmt = conn.prepare("PRAGMA integrity_check")?;
        stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<_>>()?
    };
    if lines.len() != 1 || lines[0] != "ok" {
        return Err(WorkbookError::Damaged(lines.join("; ")));
    }
    // Only real tables are read: a view or anything else under a workbook
    // table's name means the file is not what it claims to be.
    let tables: HashSet<String> = {
        let mut stmt = conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table'")?;
        stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<_>>()?
    };
    let mut required = vec![OFFICES, "workbook_info"];
    required.extend(KINDS.iter().map(|k| table_of(*k)));
    if version >= 3 {
        required.push("merge_base");
    }
    if let Some(missing) = required.iter().find(|t| !tables.contains(**t)) {
        return Err(WorkbookError::Damaged(format!("no table {missing}")));
    }
    Ok((conn, version))
}

pub(super) fn refused(path: &Path, error: WorkbookError) -> MergeError {
    let error = match error {
        // A hot journal can only be rolled back by a writer; the source is never written.
        WorkbookError::ReadOnly => WorkbookError::Interrupted,
        error => error,
    };
    MergeError::SourceRefused { path: path.to_path_buf(), error }
}

pub(super) fn invalid(k: usize, id: &str, label: &str, problem: RowProblem) -> MergeError {
    MergeError::InvalidRecord { kind: KINDS[k], id: id.to_string(), label: label.nfc().collect(), problem }
}

/// Every row of one kind, checked by the record rules, text in NFC.
pub(super) fn read_kind<R: MergeRecord>(
    conn: &Connection,
    version: i64,
    offices: &HashSet<String>,
) -> Result<Vec<SourceRow>, MergeError> {
    let k = kind_index(R::KIND);
    // Level 1 had no host facility for a training.
    let select: Vec<&str> = R::COLUMNS
        .iter()
        .map(|c| if version < 2 && R::TABLE == "trainings" && *c == "facility_id" { "NULL" } else { *c })
        .collect();
    let sql = format!(
        "SELECT {}, id, office_id, created_at, modified_at, deleted_at, {} FROM {}",
        select.join(", "),
        label_column(k),
        R::TABLE
    );
    let n = R::COLUMNS.len();
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(read_row::<R>(row, n, k, offices)?);
    }
    Ok(out)
}

pub(super) fn read_row<R: MergeRecord>(
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
            let max = if column == "note" { MAX_NOTE_CHARS } else { MAX_LINE_CHARS };
            if s.chars().count() > max {
                return Err(bad(RowProblem::TooLong { column, max }));
            }
        }
        hash_value(&mut hasher, ValueRef::from(&*value));
    }
    Ok(SourceRow { id, record: record.into_any(), values, meta, hash: hasher.finish() })
}

pub(super) fn read_source(
    conn: &mut Connection,
    version: i64,
    target_office: &str,
) -> Result<SourceData, MergeError> {
    // One read transaction: every table from the same moment.
    let tx = conn.transaction()?;
    let office_id: String = tx
        .query_row("SELECT office_id FROM workbook_info WHERE singleton = 1", [], |r| r.get(0))
        .optional()?
        .ok_or_else(|| WorkbookError::Damaged("workbook_info".into()))?;
    let mut offices = Vec::new();
    {
        let mut stmt = tx.prepare("SELECT id, name, province FROM offices")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (id, name, province): (String, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
            let (name, province) = (clean_line(&name), clean_line(&province));
            if !valid_id(&id)
                || name.chars().count() > MAX_LINE_CHARS
                || province.chars().count() > MAX_LINE_CHARS
            {
                return Err(WorkbookError::Damaged(format!("office {}", one_line(&id))).into());
            }
            offices.push((id, name, province));
        }
    }
    let Some((_, office_name, province)) = offices.iter().find(|o| o.0 == office_id).cloned() else {
        return Err(WorkbookError::Damaged("workbook_info".into()).into());
    };
    let office_ids: HashSet<String> = offices.iter().map(|o| o.0.clone()).collect();
    let rows = [
        read_kind::<Facility>(&tx, version, &office_ids)?,
        read_kind::<Project>(&tx, version, &office_ids)?,
        read_kind::<Training>(&tx, version, &office_ids)?,
        read_kind::<DesignSupport>(&tx, version, &office_ids)?,
    ];
    let facility_ids = rows[0].iter().map(|r| r.id.clone()).collect();
    let mut peer_bases: [HashMap<String, Base>; 4] = Default::default();
    if version >= 3 {
        let mut stmt = tx.prepare(
            "SELECT kind, record_id, source_modified_at, target_modified_at FROM merge_base
             WHERE peer_office_id = ?1 AND in_sync = 1",
        )?;
        let mut q = stmt.query([target_office])?;
        while let Some(r) = q.next()? {
            let kind: String = r.get(0)?;
            if let Some(k) = kind_of_table(&kind) {
                // Their "source" is us: swap the sides.
                let base = Base { s: r.get(3)?, t: r.get(2)?, in_sync: true };
                peer_bases[k].insert(r.get(1)?, base);
            }
        }
    }
    tx.finish()?;
    Ok(SourceData {
        info: WorkbookInfo { office_id, office_name, province },
        version,
        offices,
        rows,
        facility_ids,
        peer_bases,
    })
}
