//! Syncing a workbook with the province server: the server is one more
//! merge peer, so what comes down goes through the file merge's own checks,
//! rules and conflict dialog.
//!
//! 1. **Pull**: the rows whose change counter is above the last one this
//!    workbook pulled (the server's counter, never a clock) are written into
//!    a temporary workbook whose office is the server ([`PeerFile`]), and
//!    the merge's dry run reads it like any office's file.
//! 2. **Apply** the plan (the officer resolves its conflicts, or
//!    `--prefer`), then remember the highest counter merged. A conflict
//!    left unresolved keeps the counter below it, so it is pulled again.
//! 3. **Push**, in one server transaction: every record changed since it
//!    last met the server, each update guarded by the server's
//!    `modified_at` at that meeting (a row changed on the server meanwhile
//!    is left for the next pull to show as a conflict), then the meeting
//!    points of what the server took, in one workbook transaction.
//!
//! Cut off anywhere, both sides stay whole: the server commits all of a
//! push or none; the workbook writes the merge, the counter and the
//! meeting points each in one transaction. A rerun finishes the job: rows
//! pushed whose meeting points were lost come back in the next pull with
//! the same content and are only met; nothing is doubled, as records keep
//! their ids everywhere.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use postgres::fallible_iterator::FallibleIterator;
use postgres::{Client, IsolationLevel};

use super::schema::{SERVER_LEVEL, WRITE_LOCK};
use super::{ServerError, connect_with};
use crate::domain::RecordKind;
use crate::domain::number::format_int_in;
use crate::domain::text::quote_at_most;
use crate::i18n::Lang;
use crate::workbook::kinds::table_of;
use crate::workbook::merge::{
    MergeError, MergeOutcome, MergePlan, PairChoice, Resolution, apply_merge, plan_merge_with,
};
use crate::workbook::peer_file::PeerFile;
use crate::workbook::sync::{Access, Outgoing, SyncState};
use crate::workbook::{Workbook, WorkbookError, now_ms};

/// The server and how to log in. The password is kept in memory only.
#[derive(Clone, Default)]
pub struct Login {
    pub address: String,
    pub password: Option<String>,
}

impl std::fmt::Debug for Login {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Login").field("address", &address_without_password(&self.address)).finish()
    }
}

/// Rows sent in one statement of a push.
const PUSH_CHUNK: usize = 2_000;
/// Rows pulled between two looks at the cancel flag.
const PULL_STEP: usize = 512;
/// The longest record the server may send, in characters (a workbook's
/// longest record, a plan of many lines, is well under it).
const MAX_RECORD_CHARS: usize = 1 << 20;
/// Most offices a server may name.
const MAX_OFFICES: usize = 100_000;
/// Most rows one pull reads: the merge's own limit for a source.
const MAX_PULL_ROWS: u64 = crate::workbook::merge::MAX_SOURCE_ROWS;

#[derive(Debug)]
pub enum SyncError {
    Server(ServerError),
    Merge(MergeError),
    Workbook(WorkbookError),
    /// The login is not an office's (the administrator's, say).
    NotAnOffice,
    /// The login was bound to another workbook's office at its first sync.
    BoundElsewhere,
    /// The server's schema is older than this program's: `server init` brings it up.
    OlderServer {
        found: i32,
    },
    /// The server sent a row that is no record of this program.
    BadRow {
        kind: String,
        id: String,
        detail: String,
    },
    /// The server sent a record longer than any the program writes.
    RowTooLong {
        kind: String,
        id: String,
        chars: i64,
    },
    /// Another server answered at the address between pull and push.
    ServerChanged,
    Cancelled,
}

impl From<ServerError> for SyncError {
    fn from(e: ServerError) -> Self {
        SyncError::Server(e)
    }
}
impl From<postgres::Error> for SyncError {
    fn from(e: postgres::Error) -> Self {
        SyncError::Server(ServerError::from(e))
    }
}
impl From<MergeError> for SyncError {
    fn from(e: MergeError) -> Self {
        match e {
            MergeError::Cancelled => SyncError::Cancelled,
            e => SyncError::Merge(e),
        }
    }
}
impl From<WorkbookError> for SyncError {
    fn from(e: WorkbookError) -> Self {
        SyncError::Workbook(e)
    }
}

impl SyncError {
    pub fn message(&self, lang: Lang) -> String {
        let vi = lang == Lang::Vi;
        match self {
            SyncError::Server(e) => e.message(lang),
            SyncError::Merge(e) => e.message(lang),
            SyncError::Workbook(e) => e.message(lang),
            SyncError::NotAnOffice => lang
                .pick(
                    "Tài khoản này không phải tài khoản của một đơn vị. Hãy đăng nhập bằng tài khoản do quản trị máy chủ tạo cho đơn vị (khuyencong server add-office); không có gì thay đổi.",
                    "This login is not an office's. Log in with the login the server's administrator made for the office (khuyencong server add-office); nothing was changed.",
                )
                .to_string(),
            SyncError::BoundElsewhere => lang
                .pick(
                    "Tài khoản này đã được dùng để đồng bộ sổ của một đơn vị khác. Mỗi đơn vị đồng bộ một sổ bằng tài khoản của mình; hãy hỏi quản trị máy chủ. Không có gì thay đổi.",
                    "This login already syncs the workbook of another office. Each office syncs one workbook with its own login; ask the server's administrator. Nothing was changed.",
                )
                .to_string(),
            SyncError::OlderServer { found } => {
                if vi {
                    format!(
                        "Máy chủ dùng cấu trúc cấp {found}, cũ hơn chương trình này (cấp {SERVER_LEVEL}). Quản trị máy chủ cần chạy khuyencong server init; không có gì thay đổi."
                    )
                } else {
                    format!(
                        "The server's schema is at level {found}, older than this program's ({SERVER_LEVEL}). The server's administrator needs to run khuyencong server init; nothing was changed."
                    )
                }
            }
            SyncError::BadRow { kind, id, detail } => {
                let (kind, id) = (quote_at_most(kind, 40), quote_at_most(id, 64));
                if vi {
                    format!(
                        "Máy chủ gửi một dòng không phải bản ghi của chương trình ({kind} {id}: {detail}). Không nhận gì; hãy báo quản trị máy chủ."
                    )
                } else {
                    format!(
                        "The server sent a row that is not a record of this program ({kind} {id}: {detail}). Nothing was taken; tell the server's administrator."
                    )
                }
            }
            SyncError::RowTooLong { kind, id, chars } => {
                let (kind, id) = (quote_at_most(kind, 40), quote_at_most(id, 64));
                let (n, max) = (format_int_in(*chars, lang), format_int_in(MAX_RECORD_CHARS as i64, lang));
                if vi {
                    format!(
                        "Máy chủ gửi một bản ghi dài {n} ký tự ({kind} {id}), quá mức {max} ký tự của chương trình. Không nhận gì; hãy báo quản trị máy chủ."
                    )
                } else {
                    format!(
                        "The server sent a record of {n} characters ({kind} {id}), over the program's limit of {max}. Nothing was taken; tell the server's administrator."
                    )
                }
            }
            SyncError::ServerChanged => lang
                .pick(
                    "Địa chỉ này giờ là một máy chủ khác. Không gửi gì; hãy kiểm tra địa chỉ rồi đồng bộ lại.",
                    "This address is now another server. Nothing was sent; check the address and sync again.",
                )
                .to_string(),
            SyncError::Cancelled => lang
                .pick(
                    "Đã dừng đồng bộ. Sổ và máy chủ vẫn nguyên vẹn; đồng bộ lại để làm tiếp.",
                    "Sync stopped. The workbook and the server are whole; sync again to go on.",
                )
                .to_string(),
        }
    }
}

/// The address as the officer may see and the workbook may keep it: a
/// password written into it is taken out (URL or `key=value` form).
pub fn address_without_password(address: &str) -> String {
    let address = address.trim();
    if let Some(rest) = address.strip_prefix("postgresql://").or_else(|| address.strip_prefix("postgres://"))
    {
        let scheme = &address[..address.len() - rest.len()];
        let end = rest.find(['/', '?']).unwrap_or(rest.len());
        let (authority, tail) = rest.split_at(end);
        let authority = match authority.rsplit_once('@') {
            Some((user, host)) => format!("{}@{host}", user.split(':').next().unwrap_or("")),
            None => authority.to_string(),
        };
        let tail = match tail.split_once('?') {
            Some((path, query)) => {
                let kept: Vec<&str> = query.split('&').filter(|p| !p.starts_with("password=")).collect();
                if kept.is_empty() { path.to_string() } else { format!("{path}?{}", kept.join("&")) }
            }
            None => tail.to_string(),
        };
        return format!("{scheme}{authority}{tail}");
    }
    address.split_whitespace().filter(|p| !p.starts_with("password=")).collect::<Vec<_>>().join(" ")
}

/// A connection to the server as an office, checked: the schema at this
/// program's level, the login an office's, bound to this workbook's office.
pub struct Session {
    client: Client,
    pub server_id: String,
    pub access: Access,
    address: String,
}

impl Session {
    pub fn open(login: &Login, wb: &Workbook) -> Result<Session, SyncError> {
        if wb.read_only().is_some() {
            return Err(MergeError::TargetReadOnly.into());
        }
        let mut client = connect_with(&login.address, login.password.as_deref())?;
        let found = super::level(&mut client)?;
        if found > SERVER_LEVEL {
            return Err(ServerError::Newer { found, supported: SERVER_LEVEL }.into());
        }
        if found < SERVER_LEVEL {
            return Err(SyncError::OlderServer { found });
        }
        let server_id: String =
            client.query_one("SELECT server_id FROM kc_schema WHERE singleton = 1", &[])?.try_get(0)?;
        let office = &wb.info().office_id;
        let bound: Option<Option<String>> =
            client.query_opt("SELECT kc_bind_office($1)", &[office])?.map(|r| r.try_get(0)).transpose()?;
        match bound.flatten() {
            None => return Err(SyncError::NotAnOffice),
            Some(b) if b != *office => return Err(SyncError::BoundElsewhere),
            Some(_) => {}
        }
        let province_wide: bool = client.query_one("SELECT kc_province_wide()", &[])?.try_get(0)?;
        let granted: Vec<String> = client
            .query(
                "SELECT o.workbook_office FROM kc_office_grants g
                 JOIN kc_offices me ON me.id = g.grantee JOIN kc_offices o ON o.id = g.office_id
                 WHERE me.role_name = session_user AND o.workbook_office IS NOT NULL ORDER BY 1",
                &[],
            )?
            .iter()
            .map(|r| r.try_get(0))
            .collect::<Result<_, _>>()?;
        let readable: Vec<String> = client
            .query(
                "SELECT workbook_office FROM kc_offices WHERE province_wide AND workbook_office IS NOT NULL ORDER BY 1",
                &[],
            )?
            .iter()
            .map(|r| r.try_get(0))
            .collect::<Result<_, _>>()?;
        let mut writable = vec![office.clone()];
        writable.extend(granted.into_iter().filter(|g| g != office));
        let access = Access { province_wide, writable, readable };
        Ok(Session { client, server_id, access, address: address_without_password(&login.address) })
    }

    /// The workbook's state for this server: the last counter pulled,
    /// started over when what the login may read changed (rows it could
    /// not see before may lie below the counter).
    fn state(&self, wb: &Workbook) -> Result<SyncState, SyncError> {
        let known = wb.sync_state_of(&self.server_id)?;
        let last_seq = match &known {
            Some(s) if s.access == self.access => s.last_seq,
            _ => 0,
        };
        Ok(SyncState {
            server_id: self.server_id.clone(),
            address: self.address.clone(),
            last_seq,
            synced_at: known.and_then(|s| s.synced_at),
            access: self.access.clone(),
        })
    }
}

/// What came down from the server, planned as a merge: the plan, which
/// the window's merge dialog takes while the officer resolves it, and the
/// rest of the sync.
#[derive(Debug)]
pub struct Pulled {
    pub plan: MergePlan,
    pub pending: Pending,
}

/// A pull waiting to be merged; the temporary workbook it was read from
/// lives as long as this.
pub struct Pending {
    /// Rows the server sent.
    pub rows: usize,
    state: SyncState,
    /// The counter of each row pulled, by (table, id).
    seqs: HashMap<(String, String), i64>,
    max_seq: i64,
    _dir: tempfile::TempDir,
}

impl Pending {
    /// Whether `plan` is this pull's (and not another merge's).
    pub fn is_for(&self, plan: &MergePlan) -> bool {
        plan.source_path.starts_with(self._dir.path())
    }
}

impl std::fmt::Debug for Pending {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pending").field("rows", &self.rows).finish_non_exhaustive()
    }
}

impl Pulled {
    /// The conflicts and likely-same pairs the officer should look at.
    pub fn needs_officer(&self) -> bool {
        !self.plan.conflicts.is_empty() || !self.plan.pairs.is_empty()
    }
}

fn stop_if(cancel: &AtomicBool) -> Result<(), SyncError> {
    if cancel.load(Ordering::Relaxed) { Err(SyncError::Cancelled) } else { Ok(()) }
}

/// Pulls the changes above the workbook's counter and plans their merge
/// (the dry run: nothing is written to the workbook). `progress` gets 0–1.
pub fn pull(
    session: &mut Session,
    wb: &Workbook,
    cancel: &Arc<AtomicBool>,
    progress: &mut dyn FnMut(f32),
) -> Result<Pulled, SyncError> {
    let state = session.state(wb)?;
    let dir = pull_folder()?;
    let path = dir.path().join("may-chu.db");
    let name =
        format!("{} ({})", "Máy chủ khuyến công", crate::domain::text::quote_at_most(&session.address, 120));
    let peer = PeerFile::create(&path, (&session.server_id, &name, &wb.info().province))?;
    let mut tx = session
        .client
        .build_transaction()
        .isolation_level(IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()?;
    // The server's policies decide what is read; the offices named here let
    // it go by its index of office and counter.
    let wide = session.access.province_wide;
    let readable: Vec<&str> =
        session.access.writable.iter().chain(&session.access.readable).map(String::as_str).collect();
    let (which, params): (&str, Vec<&(dyn postgres::types::ToSql + Sync)>) = if wide {
        ("change_seq > $1", vec![&state.last_seq])
    } else {
        ("office_id = ANY ($2) AND change_seq > $1", vec![&state.last_seq, &readable])
    };
    // The highest counter to come (by the index): how far the pull is, in counters.
    let last: i64 = tx
        .query_one(&format!("SELECT max(change_seq) FROM kc_records WHERE {which}"), &params)?
        .try_get::<_, Option<i64>>(0)?
        .unwrap_or(state.last_seq);
    let span = (last - state.last_seq).max(1) as f32;
    let mut offices: HashSet<String> = HashSet::new();
    // Text is cut where no valid value reaches (the merge then refuses it
    // by its length): what the server sends is bounded, whatever it holds.
    let names = tx.query(
        "SELECT left(id, 200), left(name, 2000), left(province, 2000) FROM kc_record_offices LIMIT $1",
        &[&(MAX_OFFICES as i64 + 1)],
    )?;
    if names.len() > MAX_OFFICES {
        let limit =
            crate::workbook::merge::SourceLimit::Rows { table: "kc_record_offices", max: MAX_OFFICES as u64 };
        return Err(MergeError::SourceTooLarge { path: path.clone(), limit }.into());
    }
    for r in names {
        let (id, name, province): (String, String, String) = (r.try_get(0)?, r.try_get(1)?, r.try_get(2)?);
        peer.add_office(&id, &name, &province)?;
        offices.insert(id);
    }
    let mut seqs = HashMap::new();
    let mut max_seq = state.last_seq;
    {
        let mut rows = tx.query_raw(
            &format!(
                "SELECT left(kind, 64), left(id, 200), left(office_id, 200),
                        CASE WHEN length(r.text) <= {MAX_RECORD_CHARS} THEN r.text END,
                        created_at, modified_at, deleted_at, change_seq, length(r.text)
                 FROM kc_records, LATERAL (SELECT record::text AS text) r
                 WHERE {which} ORDER BY change_seq"
            ),
            params,
        )?;
        while let Some(r) = rows.next()? {
            let (kind, id, office_id): (String, String, String) =
                (r.try_get(0)?, r.try_get(1)?, r.try_get(2)?);
            let Some(record) = r.try_get::<_, Option<&str>>(3)? else {
                let chars: i32 = r.try_get(8)?;
                return Err(SyncError::RowTooLong { kind, id, chars: i64::from(chars) });
            };
            let seq: i64 = r.try_get(7)?;
            if seqs.len() as u64 >= MAX_PULL_ROWS * RecordKind::COUNT as u64 {
                let limit =
                    crate::workbook::merge::SourceLimit::Rows { table: "kc_records", max: MAX_PULL_ROWS };
                return Err(MergeError::SourceTooLarge { path: path.clone(), limit }.into());
            }
            peer.add_record(&kind, &id, &office_id, record, r.try_get(4)?, r.try_get(5)?, r.try_get(6)?)
                .map_err(|e| SyncError::BadRow { kind: e.kind, id: e.id, detail: e.detail })?;
            if offices.insert(office_id.clone()) {
                peer.add_office(&office_id, "", "")?;
            }
            max_seq = max_seq.max(seq);
            seqs.insert((kind, id), seq);
            if seqs.len().is_multiple_of(PULL_STEP) {
                stop_if(cancel)?;
                progress(0.4 * (seq - state.last_seq) as f32 / span);
            }
        }
    }
    tx.commit()?;
    let path = peer.finish()?;
    let rows = seqs.len();
    let plan = plan_merge_with(wb, &path, cancel, &mut |f| progress(0.4 + 0.6 * f))?;
    Ok(Pulled { plan, pending: Pending { rows, state, seqs, max_seq, _dir: dir } })
}

/// A new folder for a pull's temporary workbook, under one folder of the
/// system's temporary directory, where the folders a killed sync left more
/// than a day ago are removed first.
fn pull_folder() -> Result<tempfile::TempDir, SyncError> {
    let parent = std::env::temp_dir().join("khuyencong-dong-bo");
    std::fs::create_dir_all(&parent).map_err(WorkbookError::from)?;
    let day_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(24 * 3600);
    for entry in std::fs::read_dir(&parent).into_iter().flatten().flatten() {
        let old = entry.metadata().and_then(|m| m.modified()).is_ok_and(|t| t < day_ago);
        if old {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
    Ok(tempfile::Builder::new().prefix("keo-").tempdir_in(&parent).map_err(WorkbookError::from)?)
}

/// What a sync did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncOutcome {
    /// Rows the server sent.
    pub pulled: usize,
    pub merge: MergeOutcome,
    /// Records the server took.
    pub pushed: usize,
    /// Records changed on the server since they last met: the next sync shows them.
    pub changed_there: usize,
    /// Records of other offices (received by file, or edited here), which this login may not send.
    pub not_permitted: usize,
}

/// Merges what was pulled (conflicts as `resolutions` say, else `default`,
/// else left for the next sync), remembers how far it came, and pushes the
/// workbook's changes. `progress` gets 0–1 and returns false to cancel.
pub fn finish(
    session: &mut Session,
    wb: &mut Workbook,
    pulled: Pulled,
    resolutions: &HashMap<String, Resolution>,
    default: Option<Resolution>,
    progress: &mut dyn FnMut(f32) -> bool,
) -> Result<SyncOutcome, SyncError> {
    let Pulled { plan, pending: pulled } = pulled;
    if pulled.state.server_id != session.server_id {
        return Err(SyncError::ServerChanged);
    }
    let merge = apply_merge(wb, &plan, resolutions, default, &mut |f| progress(0.6 * f))?;
    // A conflict left as it was is pulled again next time: the counter stays below it.
    let lowest_unresolved = merge
        .unresolved
        .iter()
        .filter_map(|c| pulled.seqs.get(&(table_of(c.kind).to_string(), c.id.clone())))
        .min()
        .map(|s| s - 1);
    let mut state = pulled.state.clone();
    state.last_seq = match lowest_unresolved {
        Some(below) => below.max(state.last_seq),
        None => pulled.max_seq,
    };
    wb.note_synced(&state, &[])?;
    let pushed = push(session, wb, state, pulled.max_seq, &mut |f| progress(0.6 + 0.4 * f))?;
    Ok(SyncOutcome { pulled: pulled.rows, merge, ..pushed })
}

/// Sends the records waiting, in one server transaction, then writes their
/// meeting points. `pulled_to` is the highest counter the pull saw.
fn push(
    session: &mut Session,
    wb: &mut Workbook,
    mut state: SyncState,
    pulled_to: i64,
    progress: &mut dyn FnMut(f32) -> bool,
) -> Result<SyncOutcome, SyncError> {
    let outgoing = wb.outgoing(&session.server_id)?;
    let (sendable, refused): (Vec<&Outgoing>, Vec<&Outgoing>) =
        outgoing.iter().partition(|o| session.access.may_write(&o.office_id));
    let mut outcome = SyncOutcome {
        pulled: 0,
        merge: MergeOutcome::default(),
        pushed: 0,
        changed_there: 0,
        not_permitted: refused.len(),
    };
    let mut taken: Vec<&Outgoing> = Vec::new();
    if !sendable.is_empty() {
        let mut tx = session.client.transaction()?;
        // Every writer takes this lock first: counters in commit order.
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK])?;
        let before: i64 =
            tx.query_one("SELECT coalesce(max(change_seq), 0) FROM kc_records", &[])?.try_get(0)?;
        let mut office_ids: Vec<&str> = sendable.iter().map(|o| o.office_id.as_str()).collect();
        office_ids.sort_unstable();
        office_ids.dedup();
        for (id, name, province) in wb.office_names(&office_ids)? {
            tx.execute(
                "INSERT INTO kc_record_offices (id, name, province) VALUES ($1, $2, $3)
                 ON CONFLICT (id) DO UPDATE SET name = excluded.name, province = excluded.province
                 WHERE (kc_record_offices.name, kc_record_offices.province) IS DISTINCT FROM (excluded.name, excluded.province)",
                &[&id, &name, &province],
            )?;
        }
        let by_key: HashMap<(&str, &str), &Outgoing> =
            sendable.iter().map(|o| ((table_of(o.kind), o.id.as_str()), *o)).collect();
        for (i, chunk) in sendable.chunks(PUSH_CHUNK).enumerate() {
            if !progress(0.8 * (i * PUSH_CHUNK) as f32 / sendable.len() as f32) {
                return Err(SyncError::Cancelled);
            }
            for row in send_chunk(&mut tx, chunk)? {
                let (kind, id): (String, String) = (row.try_get(0)?, row.try_get(1)?);
                if let Some(o) = by_key.get(&(kind.as_str(), id.as_str())) {
                    taken.push(o);
                }
            }
        }
        let after: i64 =
            tx.query_one("SELECT coalesce(max(change_seq), 0) FROM kc_records", &[])?.try_get(0)?;
        if !progress(0.9) {
            return Err(SyncError::Cancelled);
        }
        tx.commit()?;
        // Nothing came between the pull and this push (the lock says so):
        // the rows above the counter are the ones just sent.
        if before == pulled_to && state.last_seq == pulled_to {
            state.last_seq = after;
        }
        outcome.pushed = taken.len();
        outcome.changed_there = sendable.len() - taken.len();
    }
    state.synced_at = Some(now_ms());
    wb.note_synced(&state, &taken)?;
    progress(1.0);
    Ok(outcome)
}

/// One statement: new records inserted, known ones updated where the
/// server's row is still the one last met; returns the rows taken.
fn send_chunk(
    tx: &mut postgres::Transaction<'_>,
    chunk: &[&Outgoing],
) -> Result<Vec<postgres::Row>, SyncError> {
    let kinds: Vec<&str> = chunk.iter().map(|o| table_of(o.kind)).collect();
    let ids: Vec<&str> = chunk.iter().map(|o| o.id.as_str()).collect();
    let offices: Vec<&str> = chunk.iter().map(|o| o.office_id.as_str()).collect();
    let records: Vec<&str> = chunk.iter().map(|o| o.record.as_str()).collect();
    let created: Vec<i64> = chunk.iter().map(|o| o.created_at).collect();
    let modified: Vec<i64> = chunk.iter().map(|o| o.modified_at).collect();
    let deleted: Vec<Option<i64>> = chunk.iter().map(|o| o.deleted_at).collect();
    let bases: Vec<Option<i64>> = chunk.iter().map(|o| o.base).collect();
    Ok(tx.query(
        "WITH input AS (
             SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int8[], $6::int8[], $7::int8[], $8::int8[])
                 AS i(kind, id, office_id, record, created_at, modified_at, deleted_at, base)
         ), inserted AS (
             INSERT INTO kc_records (kind, id, office_id, record, created_at, modified_at, deleted_at)
             SELECT kind, id, office_id, record::jsonb, created_at, modified_at, deleted_at FROM input WHERE base IS NULL
             ON CONFLICT (kind, id) DO NOTHING
             RETURNING kind, id
         ), updated AS (
             UPDATE kc_records r SET record = i.record::jsonb, modified_at = i.modified_at, deleted_at = i.deleted_at
             FROM input i
             WHERE i.base IS NOT NULL AND r.kind = i.kind AND r.id = i.id AND r.modified_at = i.base
             RETURNING r.kind, r.id
         )
         SELECT kind, id FROM inserted UNION ALL SELECT kind, id FROM updated",
        &[&kinds, &ids, &offices, &records, &created, &modified, &deleted, &bases],
    )?)
}

/// A whole sync without a window: conflicts take `prefer` or wait for the
/// next sync (or the window); likely-same pairs are linked, or added with
/// `add_duplicates`. `report` gets the plan before it is applied.
pub fn sync(
    login: &Login,
    wb: &mut Workbook,
    prefer: Option<Resolution>,
    add_duplicates: bool,
    cancel: &Arc<AtomicBool>,
    report: &mut dyn FnMut(&MergePlan),
) -> Result<SyncOutcome, SyncError> {
    let mut session = Session::open(login, wb)?;
    let mut pulled = pull(&mut session, wb, cancel, &mut |_| {})?;
    if add_duplicates {
        pulled.plan.choose_for_all_pairs(PairChoice::AddAnyway);
    }
    report(&pulled.plan);
    finish(&mut session, wb, pulled, &HashMap::new(), prefer, &mut |_| !cancel.load(Ordering::Relaxed))
}
