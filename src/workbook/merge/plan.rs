//! The target's side and the decisions: what each record of the source
//! does to this workbook, which records conflict, and the dry run.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hasher};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use rusqlite::types::{Value, ValueRef};
use rusqlite::{Connection, Row};
use unicode_normalization::UnicodeNormalization;

use super::error::{MergeError, RowProblem};
use super::source::{
    SourceData, SourceRow, fingerprint, hash_value, invalid, open_source, read_source, refused,
};
use super::types::{Conflict, ConflictReason, Counts, Difference, MergePlan, PairChoice, SamePair, Version};
use super::{KINDS, kind_of_table, record_columns};
use crate::domain::RecordKind;
use crate::domain::duplicates::{DuplicateReason, Key, Keys, Seen};
use crate::domain::fields::{Draft, columns};
use crate::domain::text::quote_at_most;
use crate::domain::{AnyRecord, Facility};
use crate::workbook::kinds::{key_columns, read_keys, table_of};
use crate::workbook::store::Stored;
use crate::workbook::{Workbook, WorkbookError, enlarge_cache, now_ms, restore_cache, same_file};

/// Where the two sides stood when they last met, for one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Base {
    /// The source's modified_at.
    pub(super) s: i64,
    /// The target's modified_at.
    pub(super) t: i64,
    pub(super) in_sync: bool,
}

#[derive(Debug, Clone)]
pub(super) struct TargetRow {
    pub(super) modified_at: i64,
    pub(super) deleted: bool,
    pub(super) hash: u64,
    /// The office that made the record, and when: the target's word, kept
    /// whatever the source says.
    pub(super) office_id: String,
    pub(super) created_at: i64,
}

pub(super) struct TargetState {
    pub(super) office_id: String,
    pub(super) offices: HashMap<String, (String, String)>,
    pub(super) rows: [HashMap<String, TargetRow>; RecordKind::COUNT],
    pub(super) bases: [HashMap<String, Base>; RecordKind::COUNT],
    /// This workbook's links with the peer, per kind: their id → ours.
    pub(super) links: [HashMap<String, String>; RecordKind::COUNT],
    /// The duplicate keys of this workbook's live records that no record
    /// of the source reaches by id or link, for the kinds where the source
    /// brings new records: what such a record may be the same as.
    pub(super) keys: [HashMap<Key, Seen<PairTarget>>; RecordKind::COUNT],
}

/// A live record of this workbook that a new record of the source may be
/// the same as: its full row is loaded only when it is paired (see
/// [`load_pair_rows`]), as a workbook holds many more of them than pairs.
#[derive(Debug, Clone)]
pub(super) struct PairTarget {
    pub(super) id: String,
    pub(super) modified_at: i64,
}

/// Loads into `map` the rows of kind `k` with these ids (one statement).
fn load_rows<'a>(
    conn: &Connection,
    k: usize,
    ids: impl IntoIterator<Item = &'a str>,
    map: &mut HashMap<String, TargetRow>,
) -> Result<(), MergeError> {
    let ids: HashSet<&str> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(());
    }
    let ids = serde_json::to_string(&ids).map_err(|e| WorkbookError::Sql(e.to_string()))?;
    let cols = record_columns(k);
    let sql = format!(
        "SELECT {}, id, modified_at, deleted_at, office_id, created_at FROM {}
         WHERE id IN (SELECT value FROM json_each(?1))",
        cols.join(", "),
        table_of(KINDS[k])
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut q = stmt.query([ids])?;
    while let Some(r) = q.next()? {
        map.insert(r.get(cols.len())?, target_row(r, cols.len())?);
    }
    Ok(())
}

/// Loads into `map` the meeting points with `peer` of the records of kind `k` with these ids.
fn load_bases<'a>(
    conn: &Connection,
    peer: &str,
    k: usize,
    ids: impl IntoIterator<Item = &'a str>,
    map: &mut HashMap<String, Base>,
) -> Result<(), MergeError> {
    let ids: HashSet<&str> = ids.into_iter().filter(|id| !map.contains_key(*id)).collect();
    if ids.is_empty() {
        return Ok(());
    }
    let ids = serde_json::to_string(&ids).map_err(|e| WorkbookError::Sql(e.to_string()))?;
    let mut stmt = conn.prepare_cached(
        "SELECT record_id, source_modified_at, target_modified_at, in_sync FROM merge_base
         WHERE peer_office_id = ?1 AND kind = ?2 AND record_id IN (SELECT value FROM json_each(?3))",
    )?;
    let mut q = stmt.query((peer, table_of(KINDS[k]), ids))?;
    while let Some(r) = q.next()? {
        map.insert(r.get(0)?, Base { s: r.get(1)?, t: r.get(2)?, in_sync: r.get::<_, i64>(3)? != 0 });
    }
    Ok(())
}

/// Loads the rows (and meeting points) of the records `decide` paired, for
/// the merge to write them.
pub(super) fn load_pair_rows(
    conn: &Connection,
    target: &mut TargetState,
    computed: &Computed,
    peer: &str,
) -> Result<(), MergeError> {
    for (k, map) in target.rows.iter_mut().enumerate() {
        let ids = || computed.pairs.iter().filter(|p| p.0 == k).map(|p| p.2.as_str());
        load_rows(conn, k, ids(), map)?;
        load_bases(conn, peer, k, ids(), &mut target.bases[k])?;
    }
    Ok(())
}

/// The column of a record's facility in its values, if it has one.
pub(super) fn facility_column(k: usize) -> Option<usize> {
    record_columns(k).iter().position(|c| *c == "facility_id")
}

/// A source row's values with its facility id replaced by the one it is
/// linked to here, if it is: `None` when nothing changes.
pub(super) fn translated(
    k: usize,
    s: &SourceRow,
    facilities: &HashMap<String, String>,
) -> Option<Vec<Value>> {
    let col = facility_column(k)?;
    let ours = facilities.get(s.record.facility_id()?)?;
    let mut values = s.values.clone();
    values[col] = Value::Text(ours.clone());
    Some(values)
}

pub(super) fn hash_values(values: &[Value]) -> u64 {
    let mut hasher = DefaultHasher::new();
    for v in values {
        hash_value(&mut hasher, ValueRef::from(v));
    }
    hasher.finish()
}

/// The row's meta columns (after the record's `n` columns) and a hash of its record columns.
fn target_row(r: &Row<'_>, n: usize) -> rusqlite::Result<TargetRow> {
    let mut hasher = DefaultHasher::new();
    for i in 0..n {
        hash_value(&mut hasher, r.get_ref(i)?);
    }
    Ok(TargetRow {
        modified_at: r.get(n + 1)?,
        deleted: r.get::<_, Option<i64>>(n + 2)?.is_some(),
        hash: hasher.finish(),
        office_id: r.get(n + 3)?,
        created_at: r.get(n + 4)?,
    })
}

/// Loads, once, what the decisions need of the target: for each record the
/// source also has (and each facility it names), its modified_at, tombstone
/// and a hash of its columns, who made it; this workbook's own meeting
/// points with this peer (never the source's: they could be forged). One
/// statement per kind, looked up by primary key, so the cost follows the
/// source's size, not the target's.
pub(super) fn load_target(
    conn: &Connection,
    office_id: &str,
    source: &SourceData,
) -> Result<TargetState, MergeError> {
    let mut offices = HashMap::new();
    {
        let mut stmt = conn.prepare("SELECT id, name, province FROM offices")?;
        let mut q = stmt.query([])?;
        while let Some(r) = q.next()? {
            offices.insert(r.get(0)?, (r.get(1)?, r.get(2)?));
        }
    }
    let mut links: [HashMap<String, String>; RecordKind::COUNT] = Default::default();
    {
        let mut stmt =
            conn.prepare("SELECT kind, their_id, our_id FROM merge_link WHERE peer_office_id = ?1")?;
        let mut q = stmt.query([&source.info.office_id])?;
        while let Some(r) = q.next()? {
            if let Some(k) = kind_of_table(&r.get::<_, String>(0)?) {
                links[k].insert(r.get(1)?, r.get(2)?);
            }
        }
    }
    let mut rows: [HashMap<String, TargetRow>; RecordKind::COUNT] = Default::default();
    for (k, map) in rows.iter_mut().enumerate() {
        let mut ids: HashSet<&str> = source.rows[k].iter().map(|r| r.id.as_str()).collect();
        ids.extend(source.rows[k].iter().filter_map(|r| links[k].get(&r.id)).map(String::as_str));
        if k == 0 {
            ids.extend(source.rows.iter().flatten().filter_map(|r| r.record.facility_id()));
        }
        load_rows(conn, k, ids, map)?;
    }
    // Where the source brings records new here, this workbook's other live
    // records by their duplicate keys (one statement per such kind).
    let mut keys: [HashMap<Key, Seen<PairTarget>>; RecordKind::COUNT] = Default::default();
    for k in 0..KINDS.len() {
        let new = |r: &&SourceRow| {
            r.meta.deleted_at.is_none() && !rows[k].contains_key(&r.id) && !links[k].contains_key(&r.id)
        };
        if !source.rows[k].iter().any(|r| new(&r)) {
            continue;
        }
        // A record reached by id or linked already is never taken for another.
        let claimed: HashSet<&str> = rows[k].keys().chain(links[k].values()).map(String::as_str).collect();
        let cols = key_columns(KINDS[k]);
        let sql = format!(
            "SELECT {}, id, modified_at FROM {} WHERE deleted_at IS NULL ORDER BY created_at, rowid",
            cols.join(", "),
            table_of(KINDS[k])
        );
        let mut stmt = conn.prepare(&sql)?;
        let mut q = stmt.query([])?;
        while let Some(r) = q.next()? {
            let id = r.get_ref(cols.len())?.as_str().map_err(rusqlite::Error::from)?;
            if claimed.contains(id) {
                continue;
            }
            let target = PairTarget { id: id.to_string(), modified_at: r.get(cols.len() + 1)? };
            read_keys(KINDS[k], r)?.remember(&mut keys[k], target);
        }
    }
    // The meeting points of the records found here and of the source's
    // (the only ones decide and apply look up; pairs add theirs in
    // `load_pair_rows`): a small source reads few, however many the peer has.
    let mut bases: [HashMap<String, Base>; RecordKind::COUNT] = Default::default();
    for (k, map) in bases.iter_mut().enumerate() {
        let ids = rows[k].keys().map(String::as_str).chain(source.rows[k].iter().map(|r| r.id.as_str()));
        load_bases(conn, &source.info.office_id, k, ids, map)?;
    }
    Ok(TargetState { office_id: office_id.to_string(), offices, rows, bases, links, keys })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Judged {
    Same,
    KeepTarget,
    TakeSource,
    Conflict,
}

/// Who changed the record since the two workbooks last met, by this
/// workbook's own meeting point with the peer (`own`); without one, records
/// that differ are a conflict.
fn judge(s: &SourceRow, s_hash: u64, t: &TargetRow, own: Option<Base>) -> Judged {
    let s_deleted = s.meta.deleted_at.is_some();
    if (s_hash == t.hash && s_deleted == t.deleted) || (s_deleted && t.deleted) {
        return Judged::Same;
    }
    let Some(base) = own else {
        return Judged::Conflict;
    };
    let s_changed = s.meta.modified_at != base.s;
    let t_changed = t.modified_at != base.t;
    match (s_changed, t_changed) {
        // Last time the officer kept this side's version, and nothing changed since.
        (false, false) if !base.in_sync => Judged::KeepTarget,
        (false, true) => Judged::KeepTarget,
        (true, false) if base.in_sync => Judged::TakeSource,
        _ => Judged::Conflict,
    }
}

/// 2000-01-01 00:00 UTC, in milliseconds: no workbook is older.
pub(super) const EARLIEST_MS: i64 = 946_684_800_000;
/// How far ahead of this computer's clock a modification time may be (a
/// clock a little wrong elsewhere) before it is not believed.
pub(super) const AHEAD_MS: i64 = 24 * 60 * 60 * 1000;

fn implausible(s: &SourceRow, now: i64) -> bool {
    let bad = |ms: i64| !(EARLIEST_MS..=now.saturating_add(AHEAD_MS)).contains(&ms);
    bad(s.meta.modified_at) || s.meta.deleted_at.is_some_and(bad)
}

/// Why a change the source brings must wait for the officer, if it must:
/// the source deletes or rewrites a record this office made (whatever the
/// meeting points say), its time is not believable, or both sides changed.
fn needs_officer(
    s: &SourceRow,
    t: &TargetRow,
    judged: Judged,
    target_office: &str,
    now: i64,
) -> Option<ConflictReason> {
    if !matches!(judged, Judged::TakeSource | Judged::Conflict) {
        return None;
    }
    if t.office_id == target_office {
        return Some(if s.meta.deleted_at.is_some() && !t.deleted {
            ConflictReason::DeletesOwnRecord
        } else {
            ConflictReason::ChangesOwnRecord
        });
    }
    if implausible(s, now) {
        return Some(ConflictReason::ImplausibleTime);
    }
    (judged == Judged::Conflict).then_some(ConflictReason::BothChanged)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Verdict {
    Insert,
    /// Same content; only the meeting point is written.
    Same,
    TakeSource,
    Conflict,
    /// Likely the same as one of this workbook's: `Computed::pairs[i]`.
    Pair(usize),
}

#[derive(Debug, Clone)]
pub(super) struct Decision {
    pub(super) k: usize,
    pub(super) row: usize,
    pub(super) verdict: Verdict,
    /// The id of the record here: the source's own, or the one it is linked (or paired) to.
    pub(super) target_id: String,
    pub(super) target_modified_at: i64,
}

/// A likely-same pair found by [`decide`]: (kind, row of the source, our id, why).
pub(super) type Pair = (usize, usize, String, DuplicateReason);

#[derive(Default)]
pub(super) struct Computed {
    pub(super) decisions: Vec<Decision>,
    pub(super) counts: Counts,
    /// (kind, row of the source, why, the id of the record here).
    pub(super) conflicts: Vec<(usize, usize, ConflictReason, String)>,
    pub(super) pairs: Vec<Pair>,
    /// Facilities of the source linked to one of this workbook's before
    /// this merge, usable now: their id → ours.
    pub(super) facility_links: HashMap<String, String>,
    pub(super) base_writes: usize,
    pub(super) offices_added: Vec<usize>,
    pub(super) office_renamed: bool,
}

/// What each row of the source does to the target. `now` (milliseconds)
/// is the moment of the plan, so that apply decides exactly the same.
pub(super) fn decide(source: &SourceData, target: &TargetState, now: i64) -> Result<Computed, MergeError> {
    let mut c = Computed::default();
    for (i, (id, name, province)) in source.offices.iter().enumerate() {
        if *id == target.office_id {
            continue;
        }
        match target.offices.get(id) {
            None => c.offices_added.push(i),
            // The sender names its own office; other offices' names are left as they are here.
            Some((n, p)) if *id == source.info.office_id && (n != name || p != province) => {
                c.office_renamed = true
            }
            Some(_) => {}
        }
    }
    // Their facilities that stand for ours: linked before, or paired now
    // (as if linked, so that their records are matched against ours).
    let mut facilities: HashMap<String, String> = HashMap::new();
    for k in 0..KINDS.len() {
        let source_ids: HashSet<&str> = source.rows[k].iter().map(|r| r.id.as_str()).collect();
        // One record of ours is paired with one of theirs at most.
        let mut taken: HashSet<String> = HashSet::new();
        for (i, s) in source.rows[k].iter().enumerate() {
            if let Some(f) = s.record.facility_id()
                && !source.facility_ids.contains(f)
                && !target.rows[0].contains_key(f)
            {
                return Err(invalid(k, &s.id, s.record.title(), RowProblem::MissingFacility(f.to_string())));
            }
            let s_deleted = s.meta.deleted_at.is_some();
            let s_hash = translated(k, s, &facilities).map_or(s.hash, |v| hash_values(&v));
            let link = target.links[k].get(&s.id);
            let found = match target.rows[k].get_key_value(&s.id) {
                Some(by_id) => Some(by_id),
                // A link is followed unless the source also holds our record
                // under its own id: that one is matched by id.
                None => link
                    .filter(|our| !source_ids.contains(our.as_str()))
                    .and_then(|our| target.rows[k].get_key_value(our)),
            };
            let Some((target_id, t)) = found else {
                // New here by id: perhaps ours under another id (a row with a
                // link it cannot follow is not paired again).
                let facility = s.record.facility_id().map(|f| facilities.get(f).map_or(f, String::as_str));
                let pair = (!s_deleted && link.is_none())
                    .then(|| Keys::with_facility(&s.record, facility).find(&target.keys[k]))
                    .flatten()
                    .filter(|(_, our)| !taken.contains(&our.id));
                if let Some((reason, our)) = pair {
                    if k == 0 {
                        facilities.insert(s.id.clone(), our.id.clone());
                    }
                    c.decisions.push(Decision {
                        k,
                        row: i,
                        verdict: Verdict::Pair(c.pairs.len()),
                        target_id: our.id.clone(),
                        target_modified_at: our.modified_at,
                    });
                    c.pairs.push((k, i, our.id.clone(), reason));
                    taken.insert(our.id);
                    continue;
                }
                if s_deleted {
                    c.counts.tombstones[k] += 1;
                } else {
                    c.counts.added[k] += 1;
                }
                c.decisions.push(Decision {
                    k,
                    row: i,
                    verdict: Verdict::Insert,
                    target_id: s.id.clone(),
                    target_modified_at: 0,
                });
                continue;
            };
            if k == 0 && *target_id != s.id {
                facilities.insert(s.id.clone(), target_id.clone());
                c.facility_links.insert(s.id.clone(), target_id.clone());
            }
            let own = target.bases[k].get(target_id).copied();
            let decision = |verdict| Decision {
                k,
                row: i,
                verdict,
                target_id: target_id.clone(),
                target_modified_at: t.modified_at,
            };
            let judged = judge(s, s_hash, t, own);
            if let Some(reason) = needs_officer(s, t, judged, &target.office_id, now) {
                c.conflicts.push((k, i, reason, target_id.clone()));
                c.decisions.push(decision(Verdict::Conflict));
                continue;
            }
            match judged {
                Judged::Same => {
                    c.counts.unchanged[k] += 1;
                    let met = Base { s: s.meta.modified_at, t: t.modified_at, in_sync: true };
                    if own != Some(met) {
                        c.base_writes += 1;
                        c.decisions.push(decision(Verdict::Same));
                    }
                }
                Judged::KeepTarget => c.counts.unchanged[k] += 1,
                Judged::TakeSource => {
                    if s_deleted && !t.deleted {
                        c.counts.deleted[k] += 1;
                    } else {
                        c.counts.updated[k] += 1;
                    }
                    c.decisions.push(decision(Verdict::TakeSource));
                }
                // needs_officer took every conflict.
                Judged::Conflict => {}
            }
        }
    }
    Ok(c)
}

/// The fields that differ between our record and theirs, as the officer
/// types them, and both records as typed.
fn differences(
    target: &Workbook,
    source: &SourceData,
    k: usize,
    mine: &AnyRecord,
    theirs: &AnyRecord,
) -> Result<(Vec<Difference>, (Draft, Draft)), MergeError> {
    let target_facility = |id: &str| -> Result<Option<Facility>, MergeError> {
        Ok(target.get::<Facility>(id)?.map(|f| f.record))
    };
    let mine_facility = match mine.facility_id() {
        Some(f) => target_facility(f)?,
        None => None,
    };
    let theirs_facility = match theirs.facility_id() {
        Some(f) => match source.rows[0].iter().find(|r| r.id == f).map(|r| &r.record) {
            Some(AnyRecord::Facility(facility)) => Some(facility.clone()),
            _ => target_facility(f)?,
        },
        None => None,
    };
    let (mine_draft, theirs_draft) =
        (mine.draft(mine_facility.as_ref()), theirs.draft(theirs_facility.as_ref()));
    let differences = columns(KINDS[k])
        .iter()
        .filter(|c| mine_draft.get(c.key) != theirs_draft.get(c.key))
        .map(|c| Difference {
            column: c,
            mine: mine_draft.get(c.key).to_string(),
            theirs: theirs_draft.get(c.key).to_string(),
        })
        .collect();
    Ok((differences, (mine_draft, theirs_draft)))
}

fn label_of(record: &AnyRecord) -> String {
    quote_at_most(&record.title().nfc().collect::<String>(), 100)
}

fn build_conflict(
    target: &Workbook,
    source: &SourceData,
    k: usize,
    s: &SourceRow,
    reason: ConflictReason,
    target_id: &str,
) -> Result<Conflict, MergeError> {
    let Some(Stored { record: mine, meta: mine_meta, .. }) = target.get_any(KINDS[k], target_id)? else {
        return Err(MergeError::PlanOutdated);
    };
    let (differences, _) = differences(target, source, k, &mine, &s.record)?;
    let label = match s.record.title() {
        "" => quote_at_most(mine.title(), 100),
        _ => label_of(&s.record),
    };
    Ok(Conflict {
        kind: KINDS[k],
        id: s.id.clone(),
        label,
        mine: Version { modified_at: mine_meta.modified_at, deleted: mine_meta.deleted_at.is_some() },
        theirs: Version { modified_at: s.meta.modified_at, deleted: s.meta.deleted_at.is_some() },
        differences,
        reason,
    })
}

fn build_pair(target: &Workbook, source: &SourceData, pair: &Pair) -> Result<SamePair, MergeError> {
    let (k, i, our, reason) = pair;
    let s = &source.rows[*k][*i];
    let Some(mine) = target.get_any(KINDS[*k], our)? else {
        return Err(MergeError::PlanOutdated);
    };
    let (differences, drafts) = differences(target, source, *k, &mine.record, &s.record)?;
    Ok(SamePair {
        kind: KINDS[*k],
        mine_id: our.clone(),
        mine_label: label_of(&mine.record),
        theirs_id: s.id.clone(),
        theirs_label: label_of(&s.record),
        reason: *reason,
        take_theirs: vec![false; differences.len()],
        differences,
        choice: PairChoice::DEFAULT,
        mine_facility: mine.record.facility_id().map(str::to_string),
        drafts,
    })
}

/// The dry run: opens and checks `source`, reads it, and says what merging it
/// into `target` would add, update, delete and which records conflict.
/// Writes nothing, to either file.
pub fn plan_merge(target: &Workbook, source: &Path) -> Result<MergePlan, MergeError> {
    plan_merge_with(target, source, &Arc::default(), &mut |_| {})
}

/// [`plan_merge`] for the window: `progress` gets 0.0–1.0, and setting
/// `cancel` stops it with [`MergeError::Cancelled`] — also in the middle of
/// SQLite's check of the source.
pub fn plan_merge_with(
    target: &Workbook,
    source: &Path,
    cancel: &Arc<AtomicBool>,
    progress: &mut dyn FnMut(f32),
) -> Result<MergePlan, MergeError> {
    let old = enlarge_cache(&target.conn)?;
    let result = plan_inner(target, source, cancel, progress);
    restore_cache(&target.conn, old);
    result
}

fn plan_inner(
    target: &Workbook,
    source: &Path,
    cancel: &Arc<AtomicBool>,
    progress: &mut dyn FnMut(f32),
) -> Result<MergePlan, MergeError> {
    if target.read_only.is_some() {
        return Err(MergeError::TargetReadOnly);
    }
    if same_file(source, &target.path) {
        return Err(MergeError::SameFile);
    }
    progress(0.0);
    let src = open_source(source, cancel.clone())?;
    progress(0.3);
    let before = fingerprint(source).map_err(|e| refused(source, e.into()))?;
    let data = read_source(&src, progress)?;
    drop(src);
    let after = fingerprint(source).map_err(|e| refused(source, e.into()))?;
    if before != after {
        return Err(MergeError::SourceChanged);
    }
    if data.info.office_id == target.info.office_id {
        return Err(MergeError::SameWorkbook);
    }
    let stopped = || if cancel.load(Ordering::Relaxed) { Err(MergeError::Cancelled) } else { Ok(()) };
    stopped()?;
    let state = load_target(&target.conn, &target.info.office_id, &data)?;
    let planned_at = now_ms();
    let computed = decide(&data, &state, planned_at)?;
    let conflicts = computed
        .conflicts
        .iter()
        .map(|(k, i, reason, target_id)| {
            stopped()?;
            build_conflict(target, &data, *k, &data.rows[*k][*i], *reason, target_id)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let pairs = computed
        .pairs
        .iter()
        .map(|pair| {
            stopped()?;
            build_pair(target, &data, pair)
        })
        .collect::<Result<Vec<_>, _>>()?;
    progress(1.0);
    Ok(MergePlan {
        source_path: source.to_path_buf(),
        source_office: data.info.clone(),
        source_version: data.version,
        counts: computed.counts,
        offices_added: computed.offices_added.len(),
        conflicts,
        pairs,
        base_writes: computed.base_writes,
        office_renamed: computed.office_renamed,
        source: data,
        fingerprint: after,
        planned_at,
        target_path: target.path.clone(),
        target_office_id: target.info.office_id.clone(),
    })
}
