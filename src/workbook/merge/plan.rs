//! The target's side and the decisions: what each record of the source
//! does to this workbook, which records conflict, and the dry run.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hasher};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use rusqlite::Connection;
use unicode_normalization::UnicodeNormalization;

use super::error::{MergeError, RowProblem};
use super::source::{
    AnyRecord, Base, MergeRecord, SourceData, SourceRow, fingerprint, hash_value, invalid, open_source,
    read_source, refused,
};
use super::types::{Conflict, Counts, Difference, MergePlan, Version};
use super::{KINDS, kind_of_table, record_columns};
use crate::domain::fields::columns;
use crate::domain::{DesignSupport, Facility, Project, RecordKind, Training};
use crate::workbook::store::{Meta, table_of};
use crate::workbook::{Workbook, WorkbookError, enlarge_cache, restore_cache, same_file};

#[derive(Debug, Clone, Copy)]
pub(super) struct TargetRow {
    pub(super) modified_at: i64,
    pub(super) deleted: bool,
    pub(super) hash: u64,
}

pub(super) struct TargetState {
    pub(super) office_id: String,
    pub(super) offices: HashMap<String, (String, String)>,
    pub(super) rows: [HashMap<String, TargetRow>; 4],
    pub(super) bases: [HashMap<String, Base>; 4],
}

/// Loads, once, what the decisions need of the target: for each record the
/// source also has (and each facility it names), its modified_at, tombstone
/// and a hash of its columns; the meeting points with this peer. One
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
    let mut rows: [HashMap<String, TargetRow>; 4] = Default::default();
    for (k, map) in rows.iter_mut().enumerate() {
        let mut ids: HashSet<&str> = source.rows[k].iter().map(|r| r.id.as_str()).collect();
        if k == 0 {
            ids.extend(source.rows.iter().flatten().filter_map(|r| r.record.facility_ref()));
        }
        if ids.is_empty() {
            continue;
        }
        let ids = serde_json::to_string(&ids).map_err(|e| WorkbookError::Sql(e.to_string()))?;
        let cols = record_columns(k);
        let sql = format!(
            "SELECT id, modified_at, deleted_at, {} FROM {} WHERE id IN (SELECT value FROM json_each(?1))",
            cols.join(", "),
            table_of(KINDS[k])
        );
        let mut stmt = conn.prepare(&sql)?;
        let mut q = stmt.query([ids])?;
        while let Some(r) = q.next()? {
            let mut hasher = DefaultHasher::new();
            for i in 0..cols.len() {
                hash_value(&mut hasher, r.get_ref(i + 3)?);
            }
            let row = TargetRow {
                modified_at: r.get(1)?,
                deleted: r.get::<_, Option<i64>>(2)?.is_some(),
                hash: hasher.finish(),
            };
            map.insert(r.get(0)?, row);
        }
    }
    let mut bases: [HashMap<String, Base>; 4] = Default::default();
    {
        let mut stmt = conn.prepare(
            "SELECT kind, record_id, source_modified_at, target_modified_at, in_sync FROM merge_base
             WHERE peer_office_id = ?1",
        )?;
        let mut q = stmt.query([&source.info.office_id])?;
        while let Some(r) = q.next()? {
            let kind: String = r.get(0)?;
            if let Some(k) = kind_of_table(&kind) {
                bases[k].insert(
                    r.get(1)?,
                    Base { s: r.get(2)?, t: r.get(3)?, in_sync: r.get::<_, i64>(4)? != 0 },
                );
            }
        }
    }
    Ok(TargetState { office_id: office_id.to_string(), offices, rows, bases })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Judged {
    Same,
    KeepTarget,
    TakeSource,
    Conflict,
}

/// Who changed the record since the two workbooks last met. `own` is this
/// workbook's meeting point with the peer, `peer` the peer's with us: a
/// later meeting recorded on one side only explains what the other cannot.
fn judge(s: &SourceRow, t: &TargetRow, own: Option<Base>, peer: Option<Base>) -> Judged {
    let s_deleted = s.meta.deleted_at.is_some();
    if (s.hash == t.hash && s_deleted == t.deleted) || (s_deleted && t.deleted) {
        return Judged::Same;
    }
    let (mut take, mut keep) = (false, false);
    for base in [own, peer].into_iter().flatten() {
        let s_changed = s.meta.modified_at != base.s;
        let t_changed = t.modified_at != base.t;
        match (s_changed, t_changed) {
            // Last time the officer kept this side's version, and nothing changed since.
            (false, false) if !base.in_sync => keep = true,
            (false, true) => keep = true,
            (true, false) if base.in_sync => take = true,
            _ => {}
        }
    }
    match (take, keep) {
        (true, false) => Judged::TakeSource,
        (false, true) => Judged::KeepTarget,
        _ => Judged::Conflict,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Verdict {
    Insert,
    /// Same content; only the meeting point is written.
    Same,
    TakeSource,
    Conflict,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Decision {
    pub(super) k: usize,
    pub(super) row: usize,
    pub(super) verdict: Verdict,
    pub(super) target_modified_at: i64,
}

#[derive(Default)]
pub(super) struct Computed {
    pub(super) decisions: Vec<Decision>,
    pub(super) counts: Counts,
    pub(super) conflicts: Vec<(usize, usize)>,
    pub(super) base_writes: usize,
    pub(super) offices_added: Vec<usize>,
    pub(super) office_renamed: bool,
}

pub(super) fn decide(source: &SourceData, target: &TargetState) -> Result<Computed, MergeError> {
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
    for k in 0..KINDS.len() {
        for (i, s) in source.rows[k].iter().enumerate() {
            if let Some(f) = s.record.facility_ref()
                && !source.facility_ids.contains(f)
                && !target.rows[0].contains_key(f)
            {
                return Err(invalid(k, &s.id, s.record.label(), RowProblem::MissingFacility(f.to_string())));
            }
            let s_deleted = s.meta.deleted_at.is_some();
            let own = target.bases[k].get(&s.id).copied();
            let Some(t) = target.rows[k].get(&s.id) else {
                if s_deleted {
                    c.counts.tombstones[k] += 1;
                } else {
                    c.counts.added[k] += 1;
                }
                c.decisions.push(Decision { k, row: i, verdict: Verdict::Insert, target_modified_at: 0 });
                continue;
            };
            let decision = |verdict| Decision { k, row: i, verdict, target_modified_at: t.modified_at };
            match judge(s, t, own, source.peer_bases[k].get(&s.id).copied()) {
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
                Judged::Conflict => {
                    c.conflicts.push((k, i));
                    c.decisions.push(decision(Verdict::Conflict));
                }
            }
        }
    }
    Ok(c)
}

fn get_any(target: &Workbook, k: usize, id: &str) -> Result<Option<(AnyRecord, Meta)>, MergeError> {
    fn one<R: MergeRecord>(target: &Workbook, id: &str) -> Result<Option<(AnyRecord, Meta)>, MergeError> {
        Ok(target.get::<R>(id)?.map(|s| (s.record.into_any(), s.meta)))
    }
    match KINDS[k] {
        RecordKind::Facility => one::<Facility>(target, id),
        RecordKind::Project => one::<Project>(target, id),
        RecordKind::Training => one::<Training>(target, id),
        RecordKind::Design => one::<DesignSupport>(target, id),
    }
}

fn build_conflict(
    target: &Workbook,
    source: &SourceData,
    k: usize,
    s: &SourceRow,
) -> Result<Conflict, MergeError> {
    let Some((mine, mine_meta)) = get_any(target, k, &s.id)? else {
        return Err(MergeError::PlanOutdated);
    };
    let target_facility = |id: &str| -> Result<Option<Facility>, MergeError> {
        Ok(target.get::<Facility>(id)?.map(|f| f.record))
    };
    let mine_facility = match mine.facility_ref() {
        Some(f) => target_facility(f)?,
        None => None,
    };
    let theirs_facility = match s.record.facility_ref() {
        Some(f) => match source.rows[0].iter().find(|r| r.id == f).map(|r| &r.record) {
            Some(AnyRecord::Facility(facility)) => Some(facility.clone()),
            _ => target_facility(f)?,
        },
        None => None,
    };
    let (mine_draft, theirs_draft) =
        (mine.draft(mine_facility.as_ref()), s.record.draft(theirs_facility.as_ref()));
    let differences = columns(KINDS[k])
        .iter()
        .filter(|c| mine_draft.get(c.key) != theirs_draft.get(c.key))
        .map(|c| Difference {
            column: c,
            mine: mine_draft.get(c.key).to_string(),
            theirs: theirs_draft.get(c.key).to_string(),
        })
        .collect();
    let label = match s.record.label() {
        "" => mine.label().to_string(),
        l => l.nfc().collect(),
    };
    Ok(Conflict {
        kind: KINDS[k],
        id: s.id.clone(),
        label,
        mine: Version { modified_at: mine_meta.modified_at, deleted: mine_meta.deleted_at.is_some() },
        theirs: Version { modified_at: s.meta.modified_at, deleted: s.meta.deleted_at.is_some() },
        differences,
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
    let data = read_source(&src, &target.info.office_id, progress)?;
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
    let computed = decide(&data, &state)?;
    let conflicts = computed
        .conflicts
        .iter()
        .map(|&(k, i)| {
            stopped()?;
            build_conflict(target, &data, k, &data.rows[k][i])
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
        base_writes: computed.base_writes,
        office_renamed: computed.office_renamed,
        source: data,
        fingerprint: after,
        target_path: target.path.clone(),
        target_office_id: target.info.office_id.clone(),
    })
}
