//! Sorting a list by a column, and keeping the order through edits.

use std::sync::mpsc::Receiver;

use super::filter::Filter;
use super::table::Change;
use super::{Columns, Data, SortKey, Table};
use crate::domain::text::Query;
use crate::parallel;

/// A large list being sorted by a new column without holding up a frame:
/// its keys are made a slice per frame, then the rows are sorted on their own
/// thread. The list shows the previous order meanwhile.
#[derive(Debug)]
pub(super) enum Sorting {
    Keys { column: usize, keys: Vec<SortKey>, done: usize },
    Order { column: usize, sorted: Receiver<Sorted> },
}

impl Sorting {
    pub(super) fn column(&self) -> usize {
        match self {
            Sorting::Keys { column, .. } | Sorting::Order { column, .. } => *column,
        }
    }
}

/// Lists this long or longer are sorted in the background (a first sort of
/// 5.000 titles takes a few milliseconds).
pub(super) const SORT_IN_BACKGROUND_FROM: usize = 5_000;
/// Sort keys made per frame: folding a title costs far more than checking a
/// filter (2.048 titles take about 1,5 ms on two threads).
pub(super) const SORT_SLICE: usize = 2_048;

/// Sort keys of every row for one column, and every row in ascending order
/// of (key, index).
#[derive(Debug)]
pub(super) struct Sorted {
    pub(super) column: usize,
    pub(super) keys: Vec<SortKey>,
    pub(super) order: Vec<usize>,
}

impl Sorted {
    pub(super) fn new<R: Columns>(table: &Table<R>, data: &Data, column: usize) -> Self {
        let mut keys = vec![SortKey::Int(0); table.rows.len()];
        make_keys(table, data, column, 0, &mut keys);
        Sorted::of_keys(column, keys)
    }

    pub(super) fn of_keys(column: usize, keys: Vec<SortKey>) -> Self {
        let mut order: Vec<usize> = (0..keys.len()).collect();
        order.sort_unstable_by(|a, b| keys[*a].cmp(&keys[*b]).then(a.cmp(b)));
        Sorted { column, keys, order }
    }
}

/// The sort keys by `column` of the rows from `first` on, one slot of `keys` each.
pub(super) fn make_keys<R: Columns>(
    table: &Table<R>,
    data: &Data,
    column: usize,
    first: usize,
    keys: &mut [SortKey],
) {
    let sort = sorter::<R>(column);
    parallel::split_work(keys, |start, out| {
        for (k, key) in out.iter_mut().enumerate() {
            *key = sort_key(sort, &table.rows[first + start + k].record, data);
        }
    });
}

/// Where row `index` (with its key as now kept) is, or goes, in `list`
/// (sorted ascending or descending by (key, index)).
fn position(keys: &[SortKey], list: &[usize], index: usize, ascending: bool) -> usize {
    let key = (&keys[index], index);
    if ascending {
        list.partition_point(|i| (&keys[*i], *i) < key)
    } else {
        list.partition_point(|i| (&keys[*i], *i) > key)
    }
}

/// Takes row `index` out of `list`, if it is there.
fn take_out(keys: &[SortKey], list: &mut Vec<usize>, index: usize, ascending: bool) {
    let at = position(keys, list, index, ascending);
    if list.get(at) == Some(&index) {
        list.remove(at);
    }
}

type SortFn<R> = fn(&R, &Data) -> SortKey;

fn sorter<R: Columns>(column: usize) -> Option<SortFn<R>> {
    R::columns().get(column).map(|c| c.sort)
}

fn sort_key<R>(sort: Option<SortFn<R>>, record: &R, data: &Data) -> SortKey {
    // A column that does not exist leaves the rows in the table's order.
    sort.map(|f| f(record, data)).unwrap_or(SortKey::Int(0))
}

/// Applies the table's changes to the sorted rows and, when given, to the
/// visible rows (shown for `shown`: filter, folded search, ascending).
/// False when the view must be made again from the whole table.
pub(super) fn patch<R: Columns>(
    sorted: &mut Sorted,
    mut visible: Option<&mut Vec<usize>>,
    shown: Option<(&Filter, &str, bool)>,
    changes: impl Iterator<Item = Change>,
    table: &Table<R>,
    data: &Data,
) -> bool {
    let ascending = shown.is_none_or(|s| s.2);
    // First follow the moves, setting changed rows aside: a row changed and
    // then moved by a deletion is read once, where it ends up.
    let mut dirty: Vec<usize> = Vec::new();
    for change in changes {
        match change {
            Change::Set(i) if i < sorted.keys.len() => {
                if !dirty.contains(&i) {
                    take_out(&sorted.keys, &mut sorted.order, i, true);
                    if let Some(v) = visible.as_deref_mut() {
                        take_out(&sorted.keys, v, i, ascending);
                    }
                    dirty.push(i);
                }
            }
            Change::Set(i) if i == sorted.keys.len() => {
                sorted.keys.push(SortKey::Int(0));
                dirty.push(i);
            }
            Change::Set(_) => return false,
            Change::Removed(i) if i < sorted.keys.len() => {
                if let Some(d) = dirty.iter().position(|d| *d == i) {
                    dirty.swap_remove(d);
                } else {
                    take_out(&sorted.keys, &mut sorted.order, i, true);
                    if let Some(v) = visible.as_deref_mut() {
                        take_out(&sorted.keys, v, i, ascending);
                    }
                }
                sorted.keys.remove(i);
                let shift = |list: &mut Vec<usize>| {
                    for x in list.iter_mut() {
                        if *x > i {
                            *x -= 1;
                        }
                    }
                };
                shift(&mut sorted.order);
                shift(&mut dirty);
                if let Some(v) = visible.as_deref_mut() {
                    shift(v);
                }
            }
            Change::Removed(_) => return false,
        }
    }
    if sorted.keys.len() != table.rows.len() {
        return false;
    }
    // Then put each changed row back where its new key says.
    let sort = sorter::<R>(sorted.column);
    let shown = shown.map(|(filter, query, ascending)| (filter, Query::new(query), ascending));
    for i in dirty {
        sorted.keys[i] = sort_key(sort, &table.rows[i].record, data);
        let at = position(&sorted.keys, &sorted.order, i, true);
        sorted.order.insert(at, i);
        if let (Some(v), Some((filter, query, _))) = (visible.as_deref_mut(), &shown)
            && filter.accepts(&table.rows[i].record, table.key(i), query)
        {
            let at = position(&sorted.keys, v, i, ascending);
            v.insert(at, i);
        }
    }
    true
}
