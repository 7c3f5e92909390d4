//! A list's filters, and applying one to a large list a slice per frame.

use std::time::{Duration, Instant};

use super::{Listed, Table};
use crate::domain::text::Query;
use crate::parallel;

/// A list's filters. `None` means "all".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub search: String,
    pub year_from: Option<i32>,
    pub year_to: Option<i32>,
    pub source: Option<&'static str>,
    /// A district or a commune.
    pub place: Option<String>,
    pub kind: Option<&'static str>,
    pub status: Option<&'static str>,
}

impl Filter {
    pub(super) fn accepts<R: Listed>(&self, r: &R, key: &str, query: &Query) -> bool {
        if let Some(from) = self.year_from
            && r.year().is_some_and(|y| y < from)
        {
            return false;
        }
        if let Some(to) = self.year_to
            && r.year().is_some_and(|y| y > to)
        {
            return false;
        }
        if self.source.is_some() && r.source() != self.source {
            return false;
        }
        if self.kind.is_some() && r.kind_code() != self.kind {
            return false;
        }
        if self.status.is_some() && r.status_code() != self.status {
            return false;
        }
        if let Some(place) = &self.place
            && r.district() != place
            && r.commune() != place
        {
            return false;
        }
        query.matches(key)
    }
}

/// A filter being applied to a large list over several frames, so that no
/// frame waits for 100.000 rows: the list shows the previous result until
/// every row was checked.
#[derive(Debug)]
pub(super) struct Filtering {
    pub(super) filter: Filter,
    /// The filter's search, folded.
    pub(super) query: String,
    /// The rows that can still pass (more letters typed); `None`: every row.
    pub(super) candidates: Option<Vec<bool>>,
    /// Which of the rows checked so far pass.
    pub(super) pass: Vec<bool>,
    /// Rows `0..done` are checked.
    pub(super) done: usize,
}

/// What a frame may spend on filtering; the rest is done in the next frames.
pub(super) const FILTER_BUDGET: Duration = Duration::from_micros(1_500);
/// Rows checked between looks at the clock (on two threads, about a
/// millisecond's work).
pub(super) const FILTER_SLICE: usize = 16_384;

/// Runs `work` on rows `*done..n` a slice at a time, at least one slice and
/// more while `budget` lasts, moving `done` on: a frame's share of a long job.
pub(super) fn in_slices(
    done: &mut usize,
    n: usize,
    slice: usize,
    budget: Duration,
    mut work: impl FnMut(std::ops::Range<usize>),
) {
    let start = Instant::now();
    loop {
        let end = (*done + slice.max(1)).min(n);
        work(*done..end);
        *done = end;
        if *done >= n || start.elapsed() >= budget {
            break;
        }
    }
}

/// Which rows pass `filter` (`query` is its search, folded), among
/// `candidates` when given, for the rows from `first` on, one slot of `pass`
/// each. Rows are read in their own order, which keeps the memory reads in
/// sequence; the sorted order is applied afterwards.
pub(super) fn passing<R: Listed + Sync>(
    table: &Table<R>,
    filter: &Filter,
    query: &str,
    candidates: Option<&[bool]>,
    first: usize,
    pass: &mut [bool],
) {
    let query = Query::new(query);
    parallel::split_work(pass, |start, out| {
        for (k, slot) in out.iter_mut().enumerate() {
            let i = first + start + k;
            *slot = candidates.is_none_or(|c| c[i])
                && filter.accepts(&table.rows[i].record, table.key(i), &query);
        }
    });
}
