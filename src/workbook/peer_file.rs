//! A workbook file made from what a peer sent by other means than a file
//! (the province server's rows), so that the merge reads it like any other
//! office's workbook: the same checks, the same rules, the same dialog.
//!
//! The file is a plain workbook at this program's level whose office is the
//! peer. It is written in one transaction without a journal (it is a
//! temporary file: a cut-off write just leaves a file nobody reads), and
//! without foreign keys, since an incremental pull brings a project
//! without the facility the workbook already has; the merge checks that.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, params};

use super::kinds::{layout, table_of};
use super::{Result, WorkbookError, now_ms, schema};
use crate::domain::RecordKind;

pub struct PeerFile {
    conn: Connection,
    path: PathBuf,
    statements: [String; RecordKind::COUNT],
}

/// Why one row the peer sent could not be written: the row names itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerRowError {
    pub kind: String,
    pub id: String,
    pub detail: String,
}

fn insert_sql(kind: RecordKind) -> String {
    let cols = layout(kind).columns;
    let values: Vec<String> = cols.iter().map(|c| format!("json_extract(?1, '$.{c}')")).collect();
    format!(
        "INSERT INTO {} ({}, id, office_id, created_at, modified_at, deleted_at) VALUES ({}, ?2, ?3, ?4, ?5, ?6)",
        table_of(kind),
        cols.join(", "),
        values.join(", ")
    )
}

impl PeerFile {
    /// A new file at `path` (which must not exist) for the peer office `(id, name, province)`.
    pub fn create(path: &Path, office: (&str, &str, &str)) -> Result<PeerFile> {
        if path.exists() {
            return Err(WorkbookError::AlreadyExists(path.to_path_buf()));
        }
        let mut conn = Connection::open(path)?;
        conn.execute_batch(
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF;",
        )?;
        schema::migrate(&mut conn)?;
        conn.execute_batch("BEGIN")?;
        let (id, name, province) = office;
        conn.execute(
            "INSERT INTO offices (id, name, province) VALUES (?1, ?2, ?3)",
            params![id, name, province],
        )?;
        conn.execute(
            "INSERT INTO workbook_info (singleton, office_id, created_at) VALUES (1, ?1, ?2)",
            params![id, now_ms()],
        )?;
        let statements = RecordKind::ALL.map(insert_sql);
        Ok(PeerFile { conn, path: path.to_path_buf(), statements })
    }

    /// Adds an office that made records, unless it is there.
    pub fn add_office(&self, id: &str, name: &str, province: &str) -> Result<()> {
        self.conn.execute(
            "INSERT OR IGNORE INTO offices (id, name, province) VALUES (?1, ?2, ?3)",
            params![id, name, province],
        )?;
        Ok(())
    }

    /// Adds one record: `table` names its kind, `record` is its columns as
    /// a JSON object (a column missing from it is empty).
    #[allow(clippy::too_many_arguments)]
    pub fn add_record(
        &self,
        table: &str,
        id: &str,
        office_id: &str,
        record: &str,
        created_at: i64,
        modified_at: i64,
        deleted_at: Option<i64>,
    ) -> std::result::Result<(), PeerRowError> {
        let error = |detail: String| PeerRowError { kind: table.to_string(), id: id.to_string(), detail };
        let Some(k) = RecordKind::ALL.iter().position(|k| table_of(*k) == table) else {
            return Err(error("unknown kind".into()));
        };
        let mut stmt = self.conn.prepare_cached(&self.statements[k]).map_err(|e| error(e.to_string()))?;
        stmt.execute(params![record, id, office_id, created_at, modified_at, deleted_at])
            .map_err(|e| error(e.to_string()))?;
        Ok(())
    }

    /// Commits and closes the file, for the merge to open.
    pub fn finish(self) -> Result<PathBuf> {
        self.conn.execute_batch("COMMIT")?;
        self.conn.close().map_err(|(_, e)| WorkbookError::from(e))?;
        Ok(self.path)
    }
}
