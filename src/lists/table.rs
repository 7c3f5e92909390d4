//! One kind's records in memory with their search keys and amounts, and the
//! log of recent changes the list views follow.

use std::collections::{HashMap, VecDeque};

use super::Listed;
use super::load::Read;
use crate::domain::Facility;
use crate::domain::codes::Sector;
use crate::domain::text::fold;
use crate::workbook::Stored;

/// A change to a table, for the lists to patch what they show instead of
/// filtering and sorting every row again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Change {
    /// The row at this index is new or changed.
    Set(usize),
    /// The row at this index went; the rows after it moved up by one.
    Removed(usize),
}

/// Changes kept for lists not drawn since; a list further behind starts again
/// from the whole table.
const LOG_LENGTH: usize = 512;

/// Records of one kind with their search keys.
pub struct Table<R> {
    pub rows: Vec<Stored<R>>,
    /// Folded search text of each row (same order as `rows`).
    keys: Vec<String>,
    /// Support, counterpart and trainees of each row, side by side: a list's
    /// totals add these up without reading every record.
    pub(super) amounts: Vec<[i64; 3]>,
    pub(super) position: HashMap<String, usize>,
    /// Recent changes, oldest first, with the data generation they made.
    log: VecDeque<(u64, Change)>,
    /// The log holds every change made after this generation.
    log_since: u64,
}

impl<R: Listed> Table<R> {
    pub(super) fn new(read: Read<R>, generation: u64) -> Self {
        let Read { rows, keys } = read;
        let position = rows.iter().enumerate().map(|(i, r)| (r.id.clone(), i)).collect();
        let amounts = rows.iter().map(|r| amounts(&r.record)).collect();
        Table { rows, keys, amounts, position, log: VecDeque::new(), log_since: generation }
    }

    pub fn get(&self, id: &str) -> Option<&Stored<R>> {
        self.position.get(id).map(|i| &self.rows[*i])
    }

    pub fn key(&self, index: usize) -> &str {
        &self.keys[index]
    }

    fn record(&mut self, generation: u64, change: Change) {
        if self.log.len() == LOG_LENGTH
            && let Some((dropped, _)) = self.log.pop_front()
        {
            self.log_since = dropped;
        }
        self.log.push_back((generation, change));
    }

    /// The changes made after `generation`, oldest first; `None` when they
    /// are no longer all known.
    pub(super) fn changes_since(&self, generation: u64) -> Option<impl Iterator<Item = Change> + '_> {
        (generation >= self.log_since)
            .then(|| self.log.iter().filter(move |(g, _)| *g > generation).map(|(_, c)| *c))
    }

    /// The changes made at `generation`, oldest first.
    pub(super) fn changes_at(&self, generation: u64) -> Vec<Change> {
        self.log.iter().filter(|(g, _)| *g == generation).map(|(_, c)| *c).collect()
    }

    /// Puts the stored record in the table (new, changed) or takes it out (deleted).
    pub(super) fn put(
        &mut self,
        stored: Option<Stored<R>>,
        id: &str,
        facility_names: &HashMap<String, String>,
        generation: u64,
    ) {
        match (stored.filter(|s| s.meta.deleted_at.is_none()), self.position.get(id).copied()) {
            (Some(s), Some(i)) => {
                self.keys[i] = search_key(&s.record, facility_names);
                self.amounts[i] = amounts(&s.record);
                self.rows[i] = s;
                self.record(generation, Change::Set(i));
            }
            (Some(s), None) => {
                let i = self.rows.len();
                self.position.insert(s.id.clone(), i);
                self.keys.push(search_key(&s.record, facility_names));
                self.amounts.push(amounts(&s.record));
                self.rows.push(s);
                self.record(generation, Change::Set(i));
            }
            (None, Some(i)) => {
                self.rows.remove(i);
                self.keys.remove(i);
                self.amounts.remove(i);
                self.position.remove(id);
                // Shift in place: no id is copied or hashed again.
                for p in self.position.values_mut() {
                    if *p > i {
                        *p -= 1;
                    }
                }
                self.record(generation, Change::Removed(i));
            }
            (None, None) => {}
        }
    }

    /// Rebuilds the search keys of rows that belong to `facility_id`.
    pub(super) fn rekey_facility(
        &mut self,
        facility_id: &str,
        facility_names: &HashMap<String, String>,
        generation: u64,
    ) {
        let mut changed = Vec::new();
        for (i, (row, key)) in self.rows.iter().zip(self.keys.iter_mut()).enumerate() {
            if row.record.facility_id() == Some(facility_id) {
                *key = search_key(&row.record, facility_names);
                changed.push(i);
            }
        }
        // The facility's name is also a column of these lists.
        for i in changed {
            self.record(generation, Change::Set(i));
        }
    }
}

impl Table<Facility> {
    /// The sector of the facility a record belongs to.
    pub(super) fn sector<R: Listed>(&self, record: &R) -> Option<Sector> {
        record.facility_id().and_then(|id| self.get(id)).and_then(|f| f.record.sector)
    }
}

pub(super) fn search_key<R: Listed>(record: &R, facility_names: &HashMap<String, String>) -> String {
    let mut words = record.search_words().join(" ");
    if let Some(name) = record.facility_id().and_then(|id| facility_names.get(id)) {
        words.push(' ');
        words.push_str(name);
    }
    fold(&words)
}

pub(super) fn amounts<R: Listed>(r: &R) -> [i64; 3] {
    [r.support_vnd(), r.counterpart_vnd(), r.trainees()]
}
