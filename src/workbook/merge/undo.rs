//! The merge log, and undoing the last merge from its before-images.

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row, TransactionBehavior, params_from_iter};

use super::apply::value_of;
use super::error::MergeError;
use super::types::MergeLogEntry;
use super::{KINDS, META_COLUMNS, OFFICES, label_column, record_columns};
use crate::domain::RecordKind;
use crate::workbook::kinds::table_of;
use crate::workbook::{Workbook, WorkbookError, enlarge_cache, now_ms, restore_cache};

const LOG_COLUMNS: &str = "id, merged_at, source_path, source_office_id, source_office_name, added, updated,
    deleted, tombstones, unchanged, conflicts, kept_mine, kept_theirs, unresolved, offices_added, undone_at, linked";

fn log_entry(r: &Row<'_>) -> rusqlite::Result<MergeLogEntry> {
    let n = |i: usize| -> rusqlite::Result<usize> { Ok(r.get::<_, i64>(i)?.max(0) as usize) };
    Ok(MergeLogEntry {
        id: r.get(0)?,
        merged_at: r.get(1)?,
        source_path: r.get(2)?,
        source_office_id: r.get(3)?,
        source_office_name: r.get(4)?,
        added: n(5)?,
        updated: n(6)?,
        deleted: n(7)?,
        tombstones: n(8)?,
        unchanged: n(9)?,
        conflicts: n(10)?,
        kept_mine: n(11)?,
        kept_theirs: n(12)?,
        unresolved: n(13)?,
        offices_added: n(14)?,
        undone_at: r.get(15)?,
        linked: n(16)?,
        can_undo: false,
    })
}

/// Every merge into `wb`, newest first.
pub fn merge_log(wb: &Workbook) -> Result<Vec<MergeLogEntry>, MergeError> {
    let mut stmt = wb.conn.prepare(&format!("SELECT {LOG_COLUMNS} FROM merge_log ORDER BY id DESC"))?;
    let mut entries = stmt.query_map([], log_entry)?.collect::<rusqlite::Result<Vec<_>>>()?;
    if let Some(e) = entries.iter_mut().find(|e| e.undone_at.is_none()) {
        e.can_undo = true;
    }
    Ok(entries)
}

struct UndoRow {
    kind: String,
    row_id: String,
    row_written: bool,
    row_before: Option<String>,
    after_modified_at: Option<i64>,
    base_written: bool,
    base_before: Option<String>,
}

/// Undoes the most recent merge not yet undone: the records, offices and
/// meeting points it wrote go back to exactly what they were before it, and
/// its log entry is marked undone. Refused, with nothing changed, when a
/// record the merge wrote was edited or deleted since, or when a record
/// entered since uses a facility the merge added.
pub fn undo_last_merge(wb: &mut Workbook) -> Result<MergeLogEntry, MergeError> {
    let old = enlarge_cache(&wb.conn)?;
    let result = undo_inner(wb);
    restore_cache(&wb.conn, old);
    result
}

fn undo_inner(wb: &mut Workbook) -> Result<MergeLogEntry, MergeError> {
    if wb.read_only.is_some() {
        return Err(MergeError::TargetReadOnly);
    }
    let tx = wb.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut entry = tx
        .query_row(
            &format!("SELECT {LOG_COLUMNS} FROM merge_log WHERE undone_at IS NULL ORDER BY id DESC LIMIT 1"),
            [],
            log_entry,
        )
        .optional()?
        .ok_or(MergeError::NothingToUndo)?;
    let rows: Vec<UndoRow> = {
        let mut stmt = tx.prepare(
            "SELECT kind, row_id, row_written, row_before, after_modified_at, base_written, base_before
             FROM merge_undo WHERE merge_id = ?1",
        )?;
        stmt.query_map([entry.id], |r| {
            Ok(UndoRow {
                kind: r.get(0)?,
                row_id: r.get(1)?,
                row_written: r.get::<_, i64>(2)? != 0,
                row_before: r.get(3)?,
                after_modified_at: r.get(4)?,
                base_written: r.get::<_, i64>(5)? != 0,
                base_before: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?
    };

    // A record the merge wrote and the officer changed since: undoing would lose that edit.
    let mut edited: Option<(usize, usize, String)> = None;
    for (k, kind) in KINDS.iter().enumerate() {
        let table = table_of(*kind);
        let mut stmt =
            tx.prepare(&format!("SELECT modified_at, {} FROM {table} WHERE id = ?1", label_column(k)))?;
        for r in rows.iter().filter(|r| r.row_written && r.kind == table) {
            let now: Option<(i64, String)> =
                stmt.query_row([&r.row_id], |q| Ok((q.get(0)?, q.get(1)?))).optional()?;
            if now.as_ref().map(|n| n.0) != r.after_modified_at {
                let label = now.map(|n| n.1).unwrap_or_else(|| r.row_id.clone());
                let e = edited.get_or_insert((0, k, label));
                e.0 += 1;
            }
        }
    }
    if let Some((count, k, label)) = edited {
        return Err(MergeError::EditedSinceMerge { count, kind: KINDS[k], label });
    }

    // Records, last kind first so no facility is removed before its projects.
    for k in (0..KINDS.len()).rev() {
        let table = table_of(KINDS[k]);
        let cols = record_columns(k);
        let all: Vec<&str> = cols.iter().chain(META_COLUMNS.iter()).copied().collect();
        let sets = set_clauses(&all);
        let mut update =
            tx.prepare(&format!("UPDATE {table} SET {} WHERE id = ?{}", sets.join(", "), cols.len() + 1))?;
        let mut delete = tx.prepare(&format!("DELETE FROM {table} WHERE id = ?1"))?;
        for r in rows.iter().filter(|r| r.row_written && r.kind == table) {
            match &r.row_before {
                None => {
                    if KINDS[k] == RecordKind::Facility
                        && let Some(used_by) = facility_user(&tx, &r.row_id)?
                    {
                        let facility: String = tx
                            .query_row("SELECT name FROM facilities WHERE id = ?1", [&r.row_id], |q| q.get(0))
                            .optional()?
                            .unwrap_or_default();
                        return Err(MergeError::UndoBlocked { facility, used_by });
                    }
                    delete.execute([&r.row_id])?;
                }
                Some(json) => {
                    let values = parse_row(json, all.len())?;
                    update.execute(params_from_iter(values))?;
                }
            }
        }
    }
    for r in rows.iter().filter(|r| r.row_written && r.kind == OFFICES) {
        match &r.row_before {
            None => {
                tx.execute("DELETE FROM offices WHERE id = ?1", [&r.row_id])?;
            }
            Some(json) => {
                let v = parse_row(json, 2)?;
                tx.execute(
                    "UPDATE offices SET name = ?2, province = ?3 WHERE id = ?1",
                    params_from_iter([Value::Text(r.row_id.clone()), v[0].clone(), v[1].clone()]),
                )?;
            }
        }
    }
    {
        let mut put = tx.prepare(
            "INSERT OR REPLACE INTO merge_base (peer_office_id, kind, record_id, source_modified_at,
                 target_modified_at, in_sync) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        let mut remove =
            tx.prepare("DELETE FROM merge_base WHERE peer_office_id = ?1 AND kind = ?2 AND record_id = ?3")?;
        for r in rows.iter().filter(|r| r.base_written) {
            match &r.base_before {
                None => {
                    remove.execute((&entry.source_office_id, &r.kind, &r.row_id))?;
                }
                Some(json) => {
                    let v = parse_row(json, 3)?;
                    put.execute(params_from_iter(
                        [
                            Value::Text(entry.source_office_id.clone()),
                            Value::Text(r.kind.clone()),
                            Value::Text(r.row_id.clone()),
                        ]
                        .into_iter()
                        .chain(v),
                    ))?;
                }
            }
        }
    }
    // Links the merge made: a later merge of that file asks again.
    tx.execute("DELETE FROM merge_link WHERE merge_id = ?1", [entry.id])?;
    let undone_at = now_ms();
    tx.execute("UPDATE merge_log SET undone_at = ?2 WHERE id = ?1", (entry.id, undone_at))?;
    // A sync's merge undone: its rows are below the counter the workbook
    // keeps for that server, so the next sync reads the server from the start.
    tx.execute("UPDATE sync_state SET last_seq = 0 WHERE server_id = ?1", [&entry.source_office_id])?;
    tx.execute("DELETE FROM merge_undo WHERE merge_id = ?1", [entry.id])?;
    tx.commit()?;
    entry.undone_at = Some(undone_at);
    Ok(entry)
}

/// A record that still uses the facility: its label.
fn facility_user(conn: &Connection, facility_id: &str) -> Result<Option<String>, MergeError> {
    Ok(conn
        .query_row(
            "SELECT title FROM projects WHERE facility_id = ?1
             UNION ALL SELECT name FROM trainings WHERE facility_id = ?1
             UNION ALL SELECT product FROM design_supports WHERE facility_id = ?1
             LIMIT 1",
            [facility_id],
            |r| r.get(0),
        )
        .optional()?)
}

/// `col = ?N` for every column but the id, numbered by position in `all`
/// (the record columns, then [`META_COLUMNS`]); the id is `?{record columns + 1}`.
pub(super) fn set_clauses(all: &[&str]) -> Vec<String> {
    all.iter().enumerate().filter(|(_, c)| **c != "id").map(|(i, c)| format!("{c} = ?{}", i + 1)).collect()
}

fn parse_row(json: &str, n: usize) -> Result<Vec<Value>, MergeError> {
    let damaged = || MergeError::from(WorkbookError::Damaged("merge_undo".into()));
    let parsed: serde_json::Value = serde_json::from_str(json).map_err(|_| damaged())?;
    let items = parsed.as_array().filter(|a| a.len() == n).ok_or_else(damaged)?;
    items.iter().map(value_of).collect()
}
