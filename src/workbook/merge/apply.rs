//! Writing a plan into the target: one transaction, with the before-images
//! that undo needs.

use std::collections::HashMap;

use rusqlite::types::{Value, ValueRef};
use rusqlite::{Statement, TransactionBehavior, params_from_iter};

use super::error::{MergeError, RowProblem};
use super::plan::{Base, Verdict, decide, hash_values, load_pair_rows, load_target, translated};
use super::source::fingerprint;
use super::types::{ConflictReason, Counts, MergeOutcome, MergePlan, PairChoice, Resolution};
use super::undo::set_clauses;
use super::{KINDS, META_COLUMNS, OFFICES, PROGRESS_EVERY, record_columns};
use crate::domain::RecordKind;
use crate::workbook::kinds::{table_of, values_of};
use crate::workbook::{Workbook, WorkbookError, enlarge_cache, now_ms, restore_cache, same_file};

fn json_of(v: ValueRef<'_>) -> Result<serde_json::Value, MergeError> {
    Ok(match v {
        ValueRef::Null => serde_json::Value::Null,
        ValueRef::Integer(i) => i.into(),
        ValueRef::Text(b) => match std::str::from_utf8(b) {
            Ok(s) => s.into(),
            Err(_) => return Err(WorkbookError::Damaged("text is not UTF-8".into()).into()),
        },
        // STRICT tables of a workbook hold no reals or blobs.
        ValueRef::Real(_) | ValueRef::Blob(_) => {
            return Err(WorkbookError::Damaged("unexpected value type".into()).into());
        }
    })
}

pub(super) fn value_of(v: &serde_json::Value) -> Result<Value, MergeError> {
    match v {
        serde_json::Value::Null => Ok(Value::Null),
        serde_json::Value::String(s) => Ok(Value::Text(s.clone())),
        serde_json::Value::Number(n) => {
            n.as_i64().map(Value::Integer).ok_or_else(|| WorkbookError::Damaged("merge_undo".into()).into())
        }
        _ => Err(WorkbookError::Damaged("merge_undo".into()).into()),
    }
}

/// The row's columns (record columns, then the meta columns) as a JSON array.
fn before_image(stmt: &mut Statement<'_>, id: &str, n: usize) -> Result<Option<String>, MergeError> {
    let mut q = stmt.query([id])?;
    let Some(r) = q.next()? else {
        return Ok(None);
    };
    let values = (0..n).map(|i| json_of(r.get_ref(i)?)).collect::<Result<Vec<_>, _>>()?;
    Ok(Some(serde_json::Value::Array(values).to_string()))
}

fn base_json(b: Option<Base>) -> Option<String> {
    b.map(|b| serde_json::json!([b.s, b.t, i64::from(b.in_sync)]).to_string())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Write {
    Nothing,
    Insert,
    Update,
}

/// What one record of the source writes here.
struct Op {
    k: usize,
    row: usize,
    write: Write,
    /// The record written (or whose meeting point is): its id here.
    row_id: String,
    base: Option<Base>,
    /// Link the source's record to `row_id`.
    link: bool,
    /// What is written instead of the source's row: a record made field by
    /// field from ours and theirs, written at the merge's moment.
    mixed: Option<Vec<Value>>,
}

fn total(a: &[usize; RecordKind::COUNT]) -> i64 {
    Counts::total(a) as i64
}

/// Writes the plan into `target` in one transaction. Conflicts take the
/// resolution given for their record id, else `default`; without either
/// they are left unchanged. Each likely-same pair does as its
/// [`PairChoice`] in the plan says. `progress` receives 0.0–1.0 and returns false
/// to cancel, in which case nothing is written. Refuses when the source
/// file or the workbook changed since the plan (plan again).
pub fn apply_merge(
    target: &mut Workbook,
    plan: &MergePlan,
    resolutions: &HashMap<String, Resolution>,
    default: Option<Resolution>,
    progress: &mut dyn FnMut(f32) -> bool,
) -> Result<MergeOutcome, MergeError> {
    let old = enlarge_cache(&target.conn)?;
    let result = apply_inner(target, plan, resolutions, default, progress);
    restore_cache(&target.conn, old);
    result
}

fn apply_inner(
    target: &mut Workbook,
    plan: &MergePlan,
    resolutions: &HashMap<String, Resolution>,
    default: Option<Resolution>,
    progress: &mut dyn FnMut(f32) -> bool,
) -> Result<MergeOutcome, MergeError> {
    if target.read_only.is_some() {
        return Err(MergeError::TargetReadOnly);
    }
    if plan.target_office_id != target.info.office_id || !same_file(&plan.target_path, &target.path) {
        return Err(MergeError::PlanOutdated);
    }
    match fingerprint(&plan.source_path) {
        Ok(f) if f == plan.fingerprint => {}
        _ => return Err(MergeError::SourceChanged),
    }
    if !progress(0.0) {
        return Err(MergeError::Cancelled);
    }
    let source = &plan.source;
    let peer = source.info.office_id.clone();
    let own_office = target.info.office_id.clone();
    let tx = target.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut state = load_target(&tx, &own_office, source)?;
    let computed = decide(source, &state, plan.planned_at)?;
    load_pair_rows(&tx, &mut state, &computed, &source.info.office_id)?;
    let planned: Vec<(RecordKind, &str, ConflictReason)> =
        plan.conflicts.iter().map(|c| (c.kind, c.id.as_str(), c.reason)).collect();
    let now: Vec<(RecordKind, &str, ConflictReason)> = computed
        .conflicts
        .iter()
        .map(|(k, i, r, _)| (KINDS[*k], source.rows[*k][*i].id.as_str(), *r))
        .collect();
    let planned_pairs: Vec<(RecordKind, &str, &str)> =
        plan.pairs.iter().map(|p| (p.kind, p.theirs_id.as_str(), p.mine_id.as_str())).collect();
    let now_pairs: Vec<(RecordKind, &str, &str)> = computed
        .pairs
        .iter()
        .map(|(k, i, our, _)| (KINDS[*k], source.rows[*k][*i].id.as_str(), our.as_str()))
        .collect();
    if computed.counts != plan.counts
        || planned_pairs != now_pairs
        || computed.base_writes != plan.base_writes
        || computed.offices_added.len() != plan.offices_added
        || computed.office_renamed != plan.office_renamed
        || planned != now
    {
        return Err(MergeError::PlanOutdated);
    }

    let mut outcome = MergeOutcome {
        merge_id: None,
        counts: computed.counts,
        offices_added: computed.offices_added.len(),
        kept_mine: 0,
        kept_theirs: 0,
        unresolved: Vec::new(),
        linked: 0,
    };
    // Their facilities that stand for ours: linked before, or linked now.
    let mut facilities = computed.facility_links.clone();
    for (p, (k, i, our, _)) in plan.pairs.iter().zip(&computed.pairs) {
        if *k == 0 && p.choice.links() {
            facilities.insert(source.rows[*k][*i].id.clone(), our.clone());
        }
    }
    // What each decision writes.
    let mut ops: Vec<Op> = Vec::with_capacity(computed.decisions.len());
    let written_at = now_ms();
    for d in &computed.decisions {
        let s = &source.rows[d.k][d.row];
        let taken = Base { s: s.meta.modified_at, t: s.meta.modified_at, in_sync: true };
        let kept = Base { s: s.meta.modified_at, t: d.target_modified_at, in_sync: false };
        let op = |write, row_id: &str, base, link| Op {
            k: d.k,
            row: d.row,
            write,
            row_id: row_id.to_string(),
            base,
            link,
            mixed: None,
        };
        match d.verdict {
            Verdict::Insert => ops.push(op(Write::Insert, &d.target_id, Some(taken), false)),
            Verdict::TakeSource => ops.push(op(Write::Update, &d.target_id, Some(taken), false)),
            Verdict::Same => ops.push(op(
                Write::Nothing,
                &d.target_id,
                Some(Base { s: s.meta.modified_at, t: d.target_modified_at, in_sync: true }),
                false,
            )),
            Verdict::Conflict => match resolutions.get(&s.id).copied().or(default) {
                Some(Resolution::KeepTheirs) => {
                    outcome.kept_theirs += 1;
                    ops.push(op(Write::Update, &d.target_id, Some(taken), false));
                }
                Some(Resolution::KeepMine) => {
                    outcome.kept_mine += 1;
                    ops.push(op(Write::Nothing, &d.target_id, Some(kept), false));
                }
                None => {
                    if let Some(c) = plan.conflict(&s.id) {
                        outcome.unresolved.push(c.clone());
                    }
                }
            },
            Verdict::Pair(p) => {
                let pair = plan.pairs.get(p);
                let choice = pair.map_or(PairChoice::DEFAULT, |p| p.choice);
                // Ours kept as it is: in sync when the same, with the facilities as
                // linked now (a facility added anyway is theirs, not ours).
                let keep_mine = |ops: &mut Vec<Op>| {
                    let values = translated(d.k, s, &facilities);
                    let hash = values.as_deref().map_or(s.hash, hash_values);
                    let same = state.rows[d.k].get(&d.target_id).is_some_and(|t| t.hash == hash);
                    let base = Base { in_sync: same, ..kept };
                    ops.push(op(Write::Nothing, &d.target_id, Some(base), true));
                };
                match choice {
                    PairChoice::Link(Resolution::KeepMine) => {
                        outcome.linked += 1;
                        keep_mine(&mut ops);
                    }
                    PairChoice::Link(Resolution::KeepTheirs) => {
                        outcome.linked += 1;
                        ops.push(op(Write::Update, &d.target_id, Some(taken), true));
                    }
                    PairChoice::LinkFields => {
                        outcome.linked += 1;
                        match pair.and_then(|p| Some((p, p.mixed()?))) {
                            None => keep_mine(&mut ops),
                            Some((pair, checked)) => {
                                let problems = pair.mixed_problems().unwrap_or_default();
                                let Some(record) = checked.record.filter(|_| problems.is_empty()) else {
                                    return Err(MergeError::MixedInvalid {
                                        kind: pair.kind,
                                        label: pair.mine_label.clone(),
                                        problem: RowProblem::Rules(problems),
                                    });
                                };
                                // Theirs as of now, ours newer than both: kept at the next merge.
                                let base = Base { s: s.meta.modified_at, t: written_at, in_sync: false };
                                ops.push(Op {
                                    mixed: Some(values_of(&record)),
                                    ..op(Write::Update, &d.target_id, Some(base), true)
                                });
                            }
                        }
                    }
                    PairChoice::AddAnyway => {
                        outcome.counts.added[d.k] += 1;
                        ops.push(op(Write::Insert, &s.id, Some(taken), false));
                    }
                }
            }
        }
    }
    if ops.is_empty()
        && computed.offices_added.is_empty()
        && !computed.office_renamed
        && plan.conflicts.is_empty()
        && plan.pairs.is_empty()
    {
        // Nothing to write: the transaction ends unwritten and the file keeps every byte.
        return Ok(outcome);
    }

    let c = &outcome.counts;
    tx.execute(
        "INSERT INTO merge_log (merged_at, source_path, source_office_id, source_office_name, added, updated,
             deleted, tombstones, unchanged, conflicts, kept_mine, kept_theirs, unresolved, offices_added, linked)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        rusqlite::params![
            now_ms(),
            plan.source_path.to_string_lossy(),
            peer,
            source.info.office_name,
            total(&c.added),
            total(&c.updated),
            total(&c.deleted),
            total(&c.tombstones),
            total(&c.unchanged),
            plan.conflicts.len() as i64,
            outcome.kept_mine as i64,
            outcome.kept_theirs as i64,
            outcome.unresolved.len() as i64,
            outcome.offices_added as i64,
            outcome.linked as i64,
        ],
    )?;
    let merge_id = tx.last_insert_rowid();
    let mut undo = tx.prepare(
        "INSERT INTO merge_undo (merge_id, kind, row_id, row_written, row_before, after_modified_at,
             base_written, base_before) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    let mut link_insert = tx.prepare(
        "INSERT INTO merge_link (peer_office_id, kind, their_id, our_id, merge_id) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let mut base_upsert = tx.prepare(
        "INSERT OR REPLACE INTO merge_base (peer_office_id, kind, record_id, source_modified_at,
             target_modified_at, in_sync) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;

    let total_steps = (ops.len() + computed.offices_added.len() + 1) as f32;
    let mut step = 0usize;
    let mut tick = |step: usize| -> Result<(), MergeError> {
        if step.is_multiple_of(PROGRESS_EVERY) && !progress(step as f32 / total_steps) {
            return Err(MergeError::Cancelled);
        }
        Ok(())
    };

    // Offices first: every record names the office that made it.
    for &i in &computed.offices_added {
        let (id, name, province) = &source.offices[i];
        tx.execute("INSERT INTO offices (id, name, province) VALUES (?1, ?2, ?3)", (id, name, province))?;
        undo.execute(rusqlite::params![
            merge_id,
            OFFICES,
            id,
            1,
            None::<String>,
            None::<i64>,
            0,
            None::<String>
        ])?;
        step += 1;
        tick(step)?;
    }
    if computed.office_renamed
        && let Some((id, name, province)) = source.offices.iter().find(|o| o.0 == peer)
        && let Some((old_name, old_province)) = state.offices.get(id)
    {
        let before = serde_json::json!([old_name, old_province]).to_string();
        tx.execute("UPDATE offices SET name = ?2, province = ?3 WHERE id = ?1", (id, name, province))?;
        undo.execute(rusqlite::params![merge_id, OFFICES, id, 1, before, None::<i64>, 0, None::<String>])?;
    }

    // Records, facilities first (decisions are in kind order).
    let mut k_prepared = usize::MAX;
    let mut statements: Option<(Statement<'_>, Statement<'_>, Statement<'_>)> = None;
    for op in &ops {
        let (k, s) = (op.k, &source.rows[op.k][op.row]);
        let table = table_of(KINDS[k]);
        let cols = record_columns(k);
        if k_prepared != k {
            let all: Vec<&str> = cols.iter().chain(META_COLUMNS.iter()).copied().collect();
            let placeholders: Vec<String> = (1..=all.len()).map(|i| format!("?{i}")).collect();
            let sets = set_clauses(&all);
            statements = Some((
                tx.prepare(&format!(
                    "INSERT INTO {table} ({}) VALUES ({})",
                    all.join(", "),
                    placeholders.join(", ")
                ))?,
                tx.prepare(&format!(
                    "UPDATE {table} SET {} WHERE id = ?{}",
                    sets.join(", "),
                    cols.len() + 1
                ))?,
                tx.prepare(&format!("SELECT {} FROM {table} WHERE id = ?1", all.join(", ")))?,
            ));
            k_prepared = k;
        }
        let Some((insert, update, select)) = statements.as_mut() else {
            continue;
        };
        let own = state.bases[k].get(&op.row_id).copied();
        let mut row_before = None;
        let mut after = None;
        let write_row = op.write != Write::Nothing;
        if write_row {
            // A record naming a facility linked here names ours.
            let mut values = match &op.mixed {
                Some(values) => values.clone(),
                None => translated(k, s, &facilities).unwrap_or_else(|| s.values.clone()),
            };
            let modified_at = if op.mixed.is_some() { written_at } else { s.meta.modified_at };
            // Who made a record and when is the target's to say: a source
            // cannot move a record of this office to another.
            let (office_id, created_at) =
                match state.rows[k].get(&op.row_id).filter(|_| op.write == Write::Update) {
                    Some(t) => (t.office_id.clone(), t.created_at),
                    None => (s.meta.office_id.clone(), s.meta.created_at),
                };
            values.extend([
                Value::Text(op.row_id.clone()),
                Value::Text(office_id),
                Value::Integer(created_at),
                Value::Integer(modified_at),
                s.meta.deleted_at.map(Value::Integer).unwrap_or(Value::Null),
            ]);
            if op.write == Write::Insert {
                insert.execute(params_from_iter(values))?;
            } else {
                row_before = before_image(select, &op.row_id, cols.len() + META_COLUMNS.len())?;
                if update.execute(params_from_iter(values))? != 1 {
                    return Err(MergeError::PlanOutdated);
                }
            }
            after = Some(modified_at);
        }
        if op.link {
            link_insert.execute(rusqlite::params![peer, table, s.id, op.row_id, merge_id])?;
        }
        let base = op.base.filter(|b| own != Some(*b));
        if let Some(b) = base {
            base_upsert.execute(rusqlite::params![peer, table, op.row_id, b.s, b.t, i64::from(b.in_sync)])?;
        }
        if write_row || base.is_some() {
            undo.execute(rusqlite::params![
                merge_id,
                table,
                op.row_id,
                i64::from(write_row),
                row_before,
                after,
                i64::from(base.is_some()),
                if base.is_some() { base_json(own) } else { None },
            ])?;
        }
        step += 1;
        tick(step)?;
    }
    drop(statements);
    drop(undo);
    drop(link_insert);
    drop(base_upsert);
    if !progress(1.0) {
        return Err(MergeError::Cancelled);
    }
    tx.commit()?;
    outcome.merge_id = Some(merge_id);
    Ok(outcome)
}
