//! The workbook's side of syncing with the province server
//! ([`crate::server::sync`]): what it knows of the server (`sync_state`),
//! which records wait to be sent, and the meeting points of what was sent.
//!
//! The server is one more merge peer: its meeting points are `merge_base`
//! rows under the server's id, written by the merge for what is pulled and
//! here for what is pushed. A record waits to be sent when it has no
//! meeting point with the server, changed since it, or the officer kept
//! this side's version in a conflict.

use rusqlite::params;

use super::kinds::{layout, table_of};
use super::{Result, Workbook, WorkbookError};
use crate::domain::RecordKind;

/// What the workbook knows of one server it syncs with.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SyncState {
    pub server_id: String,
    /// The server's address, without any password.
    pub address: String,
    /// Every change up to this counter is in the workbook (or waits as a conflict).
    pub last_seq: i64,
    pub synced_at: Option<i64>,
    /// Whose records this office may send: all, or these office ids.
    pub access: Access,
}

/// What the office's login may do on the server, as it said at the last sync.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Access {
    pub province_wide: bool,
    /// The offices whose records this login writes (its own first).
    pub writable: Vec<String>,
    /// The province-wide offices, whose records every office reads.
    pub readable: Vec<String>,
}

impl Access {
    pub fn may_write(&self, office_id: &str) -> bool {
        self.province_wide || self.writable.iter().any(|o| o == office_id)
    }
}

/// A record to send: its row as the server keeps it.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub kind: RecordKind,
    pub id: String,
    pub office_id: String,
    /// The record's own columns as a JSON object (column → value).
    pub record: String,
    pub created_at: i64,
    pub modified_at: i64,
    pub deleted_at: Option<i64>,
    /// The server's `modified_at` when the two last met: the push changes
    /// the server's row only if it is still that one. `None`: never met.
    pub base: Option<i64>,
}

/// The candidates' SELECT for one kind: rows without a meeting point with
/// the server, changed since, or kept against the server's version. A
/// record linked to one of the server's under another id is left out (the
/// server keeps that one).
fn outgoing_sql(kind: RecordKind, select: &str) -> String {
    let table = table_of(kind);
    format!(
        "SELECT {select} FROM {table} t
         LEFT JOIN merge_base b ON b.peer_office_id = ?1 AND b.kind = '{table}' AND b.record_id = t.id
         WHERE (b.record_id IS NULL OR b.target_modified_at <> t.modified_at OR b.in_sync = 0)
           AND t.id NOT IN (SELECT our_id FROM merge_link WHERE peer_office_id = ?1 AND kind = '{table}')"
    )
}

impl Workbook {
    /// The server this workbook synced with last (or was first told of).
    pub fn sync_state(&self) -> Result<Option<SyncState>> {
        self.read_sync_state("ORDER BY synced_at IS NULL, synced_at DESC LIMIT 1", None)
    }

    /// What the workbook knows of the server with this id.
    pub fn sync_state_of(&self, server_id: &str) -> Result<Option<SyncState>> {
        self.read_sync_state("WHERE server_id = ?1", Some(server_id))
    }

    fn read_sync_state(&self, clause: &str, server_id: Option<&str>) -> Result<Option<SyncState>> {
        let sql = format!("SELECT server_id, address, last_seq, synced_at, access FROM sync_state {clause}");
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = match server_id {
            Some(id) => stmt.query([id])?,
            None => stmt.query([])?,
        };
        let Some(r) = rows.next()? else { return Ok(None) };
        let access: String = r.get(4)?;
        let access: Access =
            serde_json::from_str(&access).map_err(|_| WorkbookError::Damaged("sync_state.access".into()))?;
        Ok(Some(SyncState {
            server_id: r.get(0)?,
            address: r.get(1)?,
            last_seq: r.get(2)?,
            synced_at: r.get(3)?,
            access,
        }))
    }

    /// The changes waiting to be sent to the server this workbook syncs
    /// with, counting only records its login may write; `None` when it
    /// syncs with none.
    pub fn pending_changes(&self) -> Result<Option<(SyncState, usize)>> {
        let Some(state) = self.sync_state()? else { return Ok(None) };
        let writable =
            serde_json::to_string(&state.access.writable).map_err(|e| WorkbookError::Sql(e.to_string()))?;
        let mut n = 0usize;
        for kind in RecordKind::ALL {
            let sql = format!(
                "{} AND (?2 OR t.office_id IN (SELECT value FROM json_each(?3)))",
                outgoing_sql(kind, "count(*)")
            );
            let count: i64 = self.conn.query_row(
                &sql,
                params![state.server_id, state.access.province_wide, writable],
                |r| r.get(0),
            )?;
            n += count.max(0) as usize;
        }
        Ok(Some((state, n)))
    }

    /// Every record waiting to be sent to `server_id`, whoever made it.
    pub fn outgoing(&self, server_id: &str) -> Result<Vec<Outgoing>> {
        let mut out = Vec::new();
        for kind in RecordKind::ALL {
            let object: Vec<String> = layout(kind).columns.iter().map(|c| format!("'{c}', t.{c}")).collect();
            let select = format!(
                "t.id, t.office_id, json_object({}), t.created_at, t.modified_at, t.deleted_at, b.source_modified_at",
                object.join(", ")
            );
            let mut stmt = self.conn.prepare(&outgoing_sql(kind, &select))?;
            let mut rows = stmt.query([server_id])?;
            while let Some(r) = rows.next()? {
                out.push(Outgoing {
                    kind,
                    id: r.get(0)?,
                    office_id: r.get(1)?,
                    record: r.get(2)?,
                    created_at: r.get(3)?,
                    modified_at: r.get(4)?,
                    deleted_at: r.get(5)?,
                    base: r.get(6)?,
                });
            }
        }
        Ok(out)
    }

    /// The names of the offices with these ids, as this workbook has them.
    pub fn office_names(&self, ids: &[&str]) -> Result<Vec<(String, String, String)>> {
        let ids = serde_json::to_string(ids).map_err(|e| WorkbookError::Sql(e.to_string()))?;
        let mut stmt = self.conn.prepare(
            "SELECT id, name, province FROM offices WHERE id IN (SELECT value FROM json_each(?1)) ORDER BY id",
        )?;
        let rows = stmt.query_map([ids], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Writes what the workbook knows of the server (after a pull), and the
    /// meeting points of the records the server took (after a push), in one
    /// transaction. The records themselves are not touched.
    pub fn note_synced(&mut self, state: &SyncState, sent: &[&Outgoing]) -> Result<()> {
        let access = serde_json::to_string(&state.access).map_err(|e| WorkbookError::Sql(e.to_string()))?;
        self.write(|w| {
            let tx = w.tx();
            tx.execute(
                "INSERT INTO sync_state (server_id, address, last_seq, synced_at, access)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (server_id) DO UPDATE SET address = ?2, last_seq = ?3, synced_at = ?4, access = ?5",
                params![state.server_id, state.address, state.last_seq.max(0), state.synced_at, access],
            )?;
            let mut base = tx.prepare(
                "INSERT OR REPLACE INTO merge_base (peer_office_id, kind, record_id, source_modified_at,
                     target_modified_at, in_sync) VALUES (?1, ?2, ?3, ?4, ?4, 1)",
            )?;
            for o in sent {
                base.execute(params![state.server_id, table_of(o.kind), o.id, o.modified_at])?;
            }
            Ok(())
        })
    }
}
