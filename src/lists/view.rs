//! What one list screen shows: the filtered, sorted rows and their totals,
//! kept in step with the data.

use std::sync::mpsc::TryRecvError;
use std::time::Duration;

use super::filter::{FILTER_BUDGET, FILTER_SLICE, Filter, Filtering, in_slices, passing};
use super::sort::{SORT_IN_BACKGROUND_FROM, SORT_SLICE, Sorted, Sorting, make_keys, patch};
use super::{Columns, Data, Listed, SortKey, Table};
use crate::domain::text::fold;

/// Totals of the rows a list shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    pub count: usize,
    pub support_vnd: i64,
    pub counterpart_vnd: i64,
    pub trainees: i64,
}

/// What one list screen shows: filters, sort order, and the rows that pass.
///
/// Kept in step with the data change by change: an edit moves one row in the
/// sorted order instead of sorting the whole table again, and typing in the
/// search box walks rows already in order instead of sorting what passes.
#[derive(Debug, Default)]
pub struct ListView {
    pub filter: Filter,
    pub sort_column: usize,
    pub sort_ascending: bool,
    pub selected: Option<String>,
    /// Indices into the table's rows, filtered and sorted.
    pub visible: Vec<usize>,
    pub totals: Totals,
    /// What `visible` was made for: (filter, its folded search, sort column, ascending).
    shown: Option<(Filter, String, usize, bool)>,
    /// Every row in the order of one column.
    sorted: Option<Sorted>,
    /// The data generation the view is in step with.
    synced: u64,
    /// Times every row was sorted again (a new column, or data too far ahead).
    sorts: u32,
    /// A new filter being applied a slice of rows per frame.
    filtering: Option<Filtering>,
    /// A large list being sorted by a new column.
    sorting: Option<Sorting>,
    /// Rows per slice and time per frame, when not the usual; then lists of
    /// any length are sorted in the background too (tests).
    slicing: Option<(usize, Duration)>,
}

impl ListView {
    pub fn new(sort_column: usize, sort_ascending: bool) -> Self {
        ListView { sort_column, sort_ascending, ..Default::default() }
    }

    /// Brings the visible rows up to date with the data, the filter and the order.
    pub fn update<R: Columns>(&mut self, table: &Table<R>, data: &Data) {
        if self.synced != data.generation {
            // Rows checked by a filter or sort under way may have moved: start again.
            self.filtering = None;
            self.sorting = None;
            let caught_up = match (&mut self.sorted, table.changes_since(self.synced)) {
                (Some(sorted), Some(changes)) => {
                    let shown = self.shown.as_ref().map(|(f, q, _, asc)| (f, q.as_str(), *asc));
                    let visible = shown.is_some().then_some(&mut self.visible);
                    patch(sorted, visible, shown, changes, table, data)
                }
                _ => false,
            };
            if !caught_up {
                // Its rows may be gone: nothing is shown until made again.
                self.sorted = None;
                self.shown = None;
                self.visible.clear();
            }
            self.synced = data.generation;
            self.totals = totals(table, &self.visible);
        }
        if self.sorted.as_ref().is_none_or(|s| s.column != self.sort_column) && !self.sort(table, data) {
            // Still sorting: the list keeps its rows and order meanwhile.
            return;
        }
        let Some(sorted) = &self.sorted else { return };
        let n = table.rows.len();
        let pass = match &self.shown {
            Some((f, _, c, a)) if *f == self.filter => {
                self.filtering = None;
                if *c == self.sort_column && *a == self.sort_ascending {
                    return;
                }
                // The same rows in another order.
                let mut pass = vec![false; n];
                for i in &self.visible {
                    pass[*i] = true;
                }
                pass
            }
            shown => {
                let stale = self.filtering.as_ref().is_none_or(|f| f.filter != self.filter);
                if stale {
                    let query = fold(&self.filter.search);
                    // More letters typed after the same search: only rows shown can still pass.
                    let narrower = matches!(shown, Some((f, q, _, _))
                        if !q.is_empty() && query.starts_with(q.as_str())
                            && Filter { search: String::new(), ..f.clone() }
                                == Filter { search: String::new(), ..self.filter.clone() });
                    let candidates = narrower.then(|| {
                        let mut candidates = vec![false; n];
                        for i in &self.visible {
                            candidates[*i] = true;
                        }
                        candidates
                    });
                    let (filter, pass) = (self.filter.clone(), vec![false; n]);
                    self.filtering = Some(Filtering { filter, query, candidates, pass, done: 0 });
                }
                let Some(f) = &mut self.filtering else { return };
                let (slice, budget) = self.slicing.unwrap_or((FILTER_SLICE, FILTER_BUDGET));
                in_slices(&mut f.done, n, slice, budget, |rows| {
                    let candidates = f.candidates.as_deref();
                    passing(table, &f.filter, &f.query, candidates, rows.start, &mut f.pass[rows]);
                });
                if f.done < n {
                    return;
                }
                match self.filtering.take() {
                    Some(f) => {
                        self.shown = Some((f.filter, f.query, self.sort_column, self.sort_ascending));
                        f.pass
                    }
                    None => return,
                }
            }
        };
        self.visible = if self.sort_ascending {
            sorted.order.iter().copied().filter(|i| pass[*i]).collect()
        } else {
            sorted.order.iter().rev().copied().filter(|i| pass[*i]).collect()
        };
        self.totals = totals(table, &self.visible);
        if let Some(shown) = &mut self.shown {
            (shown.2, shown.3) = (self.sort_column, self.sort_ascending);
        }
    }

    /// Sorts every row by the chosen column, or moves a sort in the
    /// background on; true once `sorted` is by that column.
    fn sort<R: Columns>(&mut self, table: &Table<R>, data: &Data) -> bool {
        let (n, column) = (table.rows.len(), self.sort_column);
        if n < SORT_IN_BACKGROUND_FROM && self.slicing.is_none() {
            self.sorted = Some(Sorted::new(table, data, column));
            self.sorts += 1;
            return true;
        }
        if self.sorting.as_ref().is_none_or(|s| s.column() != column) {
            self.sorting = Some(Sorting::Keys { column, keys: Vec::with_capacity(n), done: 0 });
        }
        let (slice, budget) = self.slicing.unwrap_or((SORT_SLICE, FILTER_BUDGET));
        match &mut self.sorting {
            Some(Sorting::Keys { keys, done, .. }) => {
                in_slices(done, n, slice, budget, |rows| {
                    keys.resize(rows.end, SortKey::Int(0));
                    make_keys(table, data, column, rows.start, &mut keys[rows]);
                });
                if *done >= n {
                    let keys = std::mem::take(keys);
                    let (sender, sorted) = std::sync::mpsc::channel();
                    std::thread::spawn(move || {
                        // The view may have moved on meanwhile: nobody to tell.
                        let _ = sender.send(Sorted::of_keys(column, keys));
                    });
                    self.sorting = Some(Sorting::Order { column, sorted });
                }
                false
            }
            Some(Sorting::Order { sorted, .. }) => {
                let sorted = match sorted.try_recv() {
                    Err(TryRecvError::Empty) => return false,
                    Ok(sorted) => sorted,
                    // The sorting thread could not finish: sort here instead.
                    Err(TryRecvError::Disconnected) => Sorted::new(table, data, column),
                };
                self.sorted = Some(sorted);
                self.sorting = None;
                self.sorts += 1;
                true
            }
            None => false,
        }
    }

    /// True while a new filter is still being applied (the list then shows
    /// the previous result); the window should draw again soon.
    pub fn is_filtering(&self) -> bool {
        self.filtering.is_some()
    }

    /// True while the list is being sorted by a new column (it shows the
    /// previous order meanwhile); the window should draw again soon.
    pub fn is_sorting(&self) -> bool {
        self.sorting.is_some()
    }

    /// Position of the selected record among the visible rows.
    pub fn selected_position<R: Listed>(&self, table: &Table<R>) -> Option<usize> {
        let id = self.selected.as_deref()?;
        let index = table.position.get(id)?;
        self.visible.iter().position(|i| i == index)
    }

    pub fn toggle_sort(&mut self, column: usize) {
        if self.sort_column == column {
            self.sort_ascending = !self.sort_ascending;
        } else {
            self.sort_column = column;
            self.sort_ascending = true;
        }
    }
}

fn totals<R: Listed>(table: &Table<R>, visible: &[usize]) -> Totals {
    let mut totals = Totals { count: visible.len(), ..Totals::default() };
    for i in visible {
        let [support, counterpart, trainees] = table.amounts[*i];
        totals.support_vnd = totals.support_vnd.saturating_add(support);
        totals.counterpart_vnd = totals.counterpart_vnd.saturating_add(counterpart);
        totals.trainees = totals.trainees.saturating_add(trainees);
    }
    totals
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::RecordKind;
    use crate::workbook::sample::create_sample;

    /// The same view made from nothing: what a patched view must equal.
    fn fresh<R: Columns>(view: &ListView, table: &Table<R>, data: &Data) -> (Vec<usize>, Totals) {
        let mut v = ListView::new(view.sort_column, view.sort_ascending);
        v.filter = view.filter.clone();
        v.update(table, data);
        assert!(!v.is_filtering(), "a small list is filtered at once");
        // The totals, read from the records themselves.
        let mut direct = Totals { count: v.visible.len(), ..Totals::default() };
        for r in v.visible.iter().map(|i| &table.rows[*i].record) {
            direct.support_vnd = direct.support_vnd.saturating_add(r.support_vnd());
            direct.counterpart_vnd = direct.counterpart_vnd.saturating_add(r.counterpart_vnd());
            direct.trainees = direct.trainees.saturating_add(r.trainees());
        }
        assert_eq!(v.totals, direct);
        (v.visible, v.totals)
    }

    fn project_views() -> Vec<ListView> {
        let mut views = Vec::new();
        for (column, ascending) in [(0, true), (1, false), (2, true), (5, false), (8, true), (99, true)] {
            for search in ["", "may", "long ho"] {
                let mut v = ListView::new(column, ascending);
                v.filter.search = search.to_string();
                views.push(v);
            }
        }
        let mut v = ListView::new(1, true);
        v.filter.place = Some("Long Hồ".to_string());
        v.filter.year_from = Some(2016);
        views.push(v);
        views
    }

    #[test]
    fn lists_follow_edits_one_row_at_a_time() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut wb = create_sample(&dir.path().join("mau.db")).expect("sample");
        let mut data = Data::load(&wb).expect("load");
        let mut views = project_views();
        let mut facility_view = ListView::new(0, true);
        for v in &mut views {
            v.update(&data.projects, &data);
        }
        facility_view.update(&data.facilities, &data);
        let sorts: Vec<u32> = views.iter().map(|v| v.sorts).collect();
        let check = |views: &mut Vec<ListView>, facility_view: &mut ListView, data: &Data| {
            for v in views.iter_mut() {
                v.update(&data.projects, data);
                assert_eq!((v.visible.clone(), v.totals), fresh(v, &data.projects, data), "{:?}", v.filter);
            }
            facility_view.update(&data.facilities, data);
            assert_eq!(
                (facility_view.visible.clone(), facility_view.totals),
                fresh(facility_view, &data.facilities, data)
            );
        };

        // Change a project's title and support.
        let first = data.projects.rows[3].clone();
        let mut changed = first.record.clone();
        changed.title = "Hỗ trợ máy sấy cho cơ sở Long Hồ".to_string();
        changed.support_vnd = changed.support_vnd.saturating_add(7_000_000);
        wb.update(&first.id, &changed).expect("update");
        data.refresh(&wb, RecordKind::Project, &first.id).expect("refresh");
        check(&mut views, &mut facility_view, &data);

        // Add one, delete another (rows after it move up), then undo the delete.
        let mut added = data.projects.rows[10].record.clone();
        added.title = "Đề án mới: máy đóng gói".to_string();
        let new_id = wb.insert(&added).expect("insert");
        data.refresh(&wb, RecordKind::Project, &new_id).expect("refresh");
        let gone = data.projects.rows[5].id.clone();
        wb.delete(RecordKind::Project, &gone).expect("delete");
        data.refresh(&wb, RecordKind::Project, &gone).expect("refresh");
        assert!(data.projects.get(&gone).is_none());
        check(&mut views, &mut facility_view, &data);
        wb.restore(RecordKind::Project, &gone).expect("restore");
        data.refresh(&wb, RecordKind::Project, &gone).expect("refresh");

        // Several edits before the lists are drawn again: an edit, then a
        // deletion before it, so the edited row moves.
        let edited = data.projects.rows[20].clone();
        let mut e = edited.record.clone();
        e.support_vnd = 1_000_000;
        wb.update(&edited.id, &e).expect("update");
        data.refresh(&wb, RecordKind::Project, &edited.id).expect("refresh");
        let before = data.projects.rows[2].id.clone();
        wb.delete(RecordKind::Project, &before).expect("delete");
        data.refresh(&wb, RecordKind::Project, &before).expect("refresh");

        // Rename a facility: its projects' search keys and facility column change.
        let fid = data.projects.rows.iter().find_map(|p| p.record.facility_id.clone()).expect("a facility");
        let mut f = data.facilities.get(&fid).expect("facility").record.clone();
        f.name = "Cơ sở Aaa Long Hồ".to_string();
        wb.update(&fid, &f).expect("rename");
        data.refresh(&wb, RecordKind::Facility, &fid).expect("refresh");
        check(&mut views, &mut facility_view, &data);
        assert_eq!(
            views.iter().map(|v| v.sorts).collect::<Vec<_>>(),
            sorts,
            "no list sorted every row again after the edits"
        );
        // Sorted by facility (projects with none first), the renamed one leads.
        let first_named =
            views[6].visible.iter().find_map(|i| data.projects.rows[*i].record.facility_id.clone());
        assert_eq!(first_named, Some(fid));
    }

    #[test]
    fn typing_more_letters_filters_what_is_shown() {
        let dir = tempfile::tempdir().expect("temp dir");
        let wb = create_sample(&dir.path().join("mau.db")).expect("sample");
        let data = Data::load(&wb).expect("load");
        for ascending in [true, false] {
            let mut v = ListView::new(1, ascending);
            let mut shown = Vec::new();
            for search in ["m", "ma", "may", "may m", "may mo", "ma", ""] {
                v.filter.search = search.to_string();
                v.update(&data.projects, &data);
                assert_eq!((v.visible.clone(), v.totals), fresh(&v, &data.projects, &data), "{search:?}");
                shown.push(v.visible.len());
            }
            assert!(shown[3] < shown[0] && shown[6] == data.projects.rows.len(), "{shown:?}");
        }
    }

    #[test]
    fn a_large_list_is_filtered_over_several_frames() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut wb = create_sample(&dir.path().join("mau.db")).expect("sample");
        let mut data = Data::load(&wb).expect("load");
        let mut v = ListView::new(1, true);
        v.slicing = Some((7, Duration::ZERO));
        let n = data.projects.rows.len();
        v.update(&data.projects, &data);
        assert!(v.is_sorting() && v.visible.is_empty(), "sorted first, in the background");
        let frames = until_sorted(&mut v, &data.projects, &data);
        assert!(frames >= n.div_ceil(7) - 1, "keys for 7 rows a frame: {frames}");
        let mut frames = 0;
        while v.is_filtering() {
            v.update(&data.projects, &data);
            frames += 1;
        }
        assert_eq!(frames, n.div_ceil(7) - 1, "7 rows a frame");
        let all = v.visible.clone();
        assert_eq!(all.len(), data.projects.rows.len());
        v.filter.search = "may".to_string();
        v.update(&data.projects, &data);
        assert!(v.is_filtering());
        assert_eq!(v.visible, all, "the previous result stays until the new one is ready");
        // An edit meanwhile: the filter starts again and still ends right.
        let p = data.projects.rows[0].clone();
        let mut changed = p.record.clone();
        changed.title = "Máy sấy mới".to_string();
        wb.update(&p.id, &changed).expect("update");
        data.refresh(&wb, RecordKind::Project, &p.id).expect("refresh");
        while v.is_filtering() || v.synced != data.generation {
            v.update(&data.projects, &data);
        }
        assert_eq!((v.visible.clone(), v.totals), fresh(&v, &data.projects, &data));
        assert!(v.visible.len() < all.len() && v.visible.contains(&0));
        // Another order of the same rows needs no filtering.
        v.toggle_sort(1);
        v.update(&data.projects, &data);
        assert!(!v.is_filtering() && !v.is_sorting());
        assert_eq!((v.visible.clone(), v.totals), fresh(&v, &data.projects, &data));
    }

    /// Calls `update` as the window's frames do until a sort in the
    /// background is done; the number of frames it took.
    fn until_sorted<R: Columns>(v: &mut ListView, table: &Table<R>, data: &Data) -> usize {
        let mut frames = 0;
        while v.is_sorting() {
            assert!(frames < 1_000_000, "the sort never ends");
            std::thread::yield_now();
            v.update(table, data);
            frames += 1;
        }
        frames
    }

    #[test]
    fn a_large_list_is_sorted_in_the_background() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut wb = create_sample(&dir.path().join("mau.db")).expect("sample");
        let mut data = Data::load(&wb).expect("load");
        let mut v = ListView::new(1, true);
        v.filter.search = "may".to_string();
        v.update(&data.projects, &data);
        assert!(!v.is_sorting(), "a short list is sorted at once");
        v.slicing = Some((7, Duration::ZERO));
        v.toggle_sort(2);
        let before = v.visible.clone();
        v.update(&data.projects, &data);
        assert!(v.is_sorting());
        assert_eq!(v.visible, before, "the previous order stays until the new one is ready");
        until_sorted(&mut v, &data.projects, &data);
        assert_ne!(v.visible, before);
        assert_eq!((v.visible.clone(), v.totals), fresh(&v, &data.projects, &data));
        // An edit while sorting by another column: the sort starts again and ends right.
        v.toggle_sort(5);
        v.update(&data.projects, &data);
        assert!(v.is_sorting());
        let p = data.projects.rows[3].clone();
        let mut changed = p.record.clone();
        changed.title = "Máy ép dầu dừa".to_string();
        changed.support_vnd = 1;
        wb.update(&p.id, &changed).expect("update");
        data.refresh(&wb, RecordKind::Project, &p.id).expect("refresh");
        v.update(&data.projects, &data);
        until_sorted(&mut v, &data.projects, &data);
        assert_eq!((v.visible.clone(), v.totals), fresh(&v, &data.projects, &data));
        assert!(v.visible.contains(&3));
        // Back to the first column before its sort is done: the first column's order.
        v.toggle_sort(2);
        v.update(&data.projects, &data);
        v.toggle_sort(1);
        v.update(&data.projects, &data);
        until_sorted(&mut v, &data.projects, &data);
        assert_eq!(v.sorted.as_ref().map(|s| s.column), Some(1));
        assert_eq!((v.visible.clone(), v.totals), fresh(&v, &data.projects, &data));
    }
}
