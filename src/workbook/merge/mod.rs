//! Merging the workbook of another office into this one.
//!
//! District offices keep their own workbooks and send them to the provincial
//! centre, which merges them (and may send its own back). Records match by
//! id. For each peer office this workbook keeps, per record, the
//! `modified_at` of both sides when they last met (`merge_base`): a record
//! changed on one side only since then takes that change; a record changed
//! on both is a conflict that the officer resolves (keep mine / keep theirs)
//! or leaves unchanged. Deletions travel as tombstones.
//!
//! The target decides from its own bookkeeping only: the source's merge
//! tables are never read, so nothing forged in them counts. Some changes
//! wait for the officer whatever the meeting points say: a deletion or
//! change of a record this workbook's own office made, and a change whose
//! modification time is before 2000 or more than a day ahead. Who made a
//! record (office and time) stays as this workbook has it.
//!
//! The source is untrusted. It is opened read-only through its own
//! connection (defensive mode, `trusted_schema=OFF`, `query_only`, values
//! over 1 MiB refused by SQLite), within limits of size and rows. Its schema
//! must be exactly this program's for its level before anything stored in
//! it is evaluated ([`crate::workbook::untrusted`]); then `integrity_check`
//! and the reading run under a time limit and the officer's cancel. It is
//! read with plain SELECTs of known columns and never ATTACHed to this
//! workbook. Every row it sends must pass the record rules, or the merge is
//! refused before anything is written.
//!
//! A record new here by its id may still be one this workbook keeps under
//! another id (both offices imported the same file, or two copies of the
//! sample). The dry run finds these by the import's duplicate rules
//! ([`crate::domain::duplicates`]) and lists them as [`SamePair`]s; each is
//! linked (one record, keep mine or theirs) or added anyway. A link is kept
//! in this workbook's `merge_link` (their id → ours, per peer office), so
//! the next merge of that office's file reaches our record through it; a
//! linked facility also stands for theirs in the records that name it.
//! Like the meeting points, links are this workbook's own: the source's
//! `merge_link` is never read.
//!
//! [`plan_merge`] is the dry run; [`apply_merge`] writes in one transaction
//! with before-images, so [`undo_last_merge`] restores the state before it.
//!
//! One concern per file: [`types`] (what the caller sees), [`error`],
//! [`source`] (opening, checking and reading the source), [`plan`] (the
//! target's state, the decisions, the dry run), [`apply`] (writing it) and
//! [`undo`] (the log, and undoing the last merge).

mod apply;
mod error;
mod plan;
mod source;
mod types;
mod undo;

pub use apply::apply_merge;
pub use error::{MergeError, RowProblem, SourceLimit};
pub use plan::{plan_merge, plan_merge_with};
pub use source::{MAX_SOURCE_BYTES, MAX_SOURCE_ROWS, MAX_SOURCE_VALUE_BYTES, source_time_limit};
pub use types::{
    Conflict, ConflictReason, Counts, Difference, MergeLogEntry, MergeOutcome, MergePlan, PairChoice,
    Resolution, SamePair, Side, Version,
};
pub use undo::{merge_log, undo_last_merge};

use super::kinds::{layout, table_of};
use crate::domain::RecordKind;

/// The record kinds in the order they are merged: facilities first, so a
/// project, training or design support always finds its facility.
const KINDS: [RecordKind; RecordKind::COUNT] = RecordKind::ALL;
const META_COLUMNS: [&str; 5] = ["id", "office_id", "created_at", "modified_at", "deleted_at"];
const OFFICES: &str = "offices";
/// How often (in rows written) progress is reported and cancel is honoured.
const PROGRESS_EVERY: usize = 256;

fn record_columns(k: usize) -> &'static [&'static str] {
    layout(KINDS[k]).columns
}

fn label_column(k: usize) -> &'static str {
    layout(KINDS[k]).label_column
}

fn kind_of_table(table: &str) -> Option<usize> {
    KINDS.iter().position(|k| table_of(*k) == table)
}
