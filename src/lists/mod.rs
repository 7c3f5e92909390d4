//! The records of the open workbook, kept in memory for the lists, with the
//! filtering, sorting and totals the list screens show. Loaded once when a
//! workbook opens and patched record by record after each edit, so no frame
//! ever waits on SQL. No egui here, and no pixels.
//!
//! [`Data`] holds a [`Table`] per kind ([`table`]) and is read by [`load`];
//! each kind says what a list filters on ([`listed`]) and shows ([`columns`]);
//! a [`ListView`] ([`view`]) filters ([`filter`]) and sorts ([`sort`]) one table.

mod columns;
mod filter;
mod listed;
mod load;
mod sort;
mod table;
mod view;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};

pub use columns::{Columns, ListColumn, SortKey};
pub use filter::Filter;
pub use listed::Listed;
pub use load::READ_IN_BACKGROUND_FROM;
pub use table::Table;
pub use view::{ListView, Totals};

use crate::domain::codes::Sector;
use crate::domain::text::fold;
use crate::domain::{AnyRecord, DesignSupport, Facility, Project, RecordKind, Training};
use crate::workbook::charts::{ChartData, ChartFilter};
use crate::workbook::summary::Summary;
use crate::workbook::{Result, Workbook};
use load::Loading;
use table::Change;

/// Generations are unique in the process, so a list or cache made for one
/// workbook's data never takes another's for its own.
fn next_generation() -> u64 {
    static GENERATION: AtomicU64 = AtomicU64::new(0);
    GENERATION.fetch_add(1, Ordering::Relaxed) + 1
}

/// All live records of the open workbook.
pub struct Data {
    pub facilities: Table<Facility>,
    pub projects: Table<Project>,
    pub trainings: Table<Training>,
    pub designs: Table<DesignSupport>,
    facility_names: HashMap<String, String>,
    /// How many facilities, projects and trainings name each district and
    /// commune: the place filter's choices, kept without a pass over the rows.
    place_counts: HashMap<String, usize>,
    /// Changes whenever any record changes; views recompute when it moves.
    pub generation: u64,
    /// The sector of each project's facility (same order as `projects.rows`),
    /// so the sector chart needs no look-up per project.
    project_sectors: Vec<Option<Sector>>,
    /// Set while a large workbook's records are read on another thread.
    loading: Option<Loading>,
}

fn count_place(counts: &mut HashMap<String, usize>, place: &str, add: bool) {
    if place.is_empty() {
        return;
    }
    match counts.get_mut(place) {
        Some(n) if add => *n += 1,
        Some(n) => *n = n.saturating_sub(1),
        None if add => {
            counts.insert(place.to_string(), 1);
        }
        None => {}
    }
}

impl Data {
    /// False while records are being read (the workbook is large, so not empty).
    pub fn is_empty(&self) -> bool {
        !self.is_loading()
            && self.facilities.rows.is_empty()
            && self.projects.rows.is_empty()
            && self.trainings.rows.is_empty()
            && self.designs.rows.is_empty()
    }

    /// The overview's chart numbers, counted from the lists (`None` while
    /// they are being read): the same as [`Workbook::chart_data`], in a few
    /// milliseconds whatever the workbook's size.
    pub fn chart_data(&self, filter: &ChartFilter) -> Option<ChartData> {
        if self.is_loading() {
            return None;
        }
        Some(ChartData::from_records(
            filter,
            self.projects.rows.iter().map(|r| &r.record).zip(self.project_sectors.iter().copied()),
            self.trainings.rows.iter().map(|r| &r.record),
            self.designs.rows.iter().map(|r| &r.record),
        ))
    }

    /// The totals of `from..=to`, counted from the lists (`None` while they
    /// are being read): the same as [`Workbook::summary`].
    pub fn summary(&self, from: i32, to: i32) -> Option<Summary> {
        if self.is_loading() {
            return None;
        }
        Some(Summary::from_records(
            from,
            to,
            self.projects.rows.iter().map(|r| &r.record),
            self.trainings.rows.iter().map(|r| &r.record),
            self.designs.rows.iter().map(|r| &r.record),
            self.facilities.rows.len() as i64,
        ))
    }

    pub fn facility_name(&self, id: Option<&str>) -> &str {
        id.and_then(|id| self.facility_names.get(id)).map(String::as_str).unwrap_or("")
    }

    /// How many live records of `kind` the workbook holds.
    pub fn count(&self, kind: RecordKind) -> usize {
        match kind {
            RecordKind::Facility => self.facilities.rows.len(),
            RecordKind::Project => self.projects.rows.len(),
            RecordKind::Training => self.trainings.rows.len(),
            RecordKind::Design => self.designs.rows.len(),
            RecordKind::Plan | RecordKind::PlanLine => 0,
        }
    }

    /// One record by id, whatever its kind (for the form and undo).
    pub fn record(&self, kind: RecordKind, id: &str) -> Option<AnyRecord> {
        fn any<R: Listed>(table: &Table<R>, id: &str) -> Option<AnyRecord> {
            table.get(id).map(|s| s.record.clone().into_any())
        }
        match kind {
            RecordKind::Facility => any(&self.facilities, id),
            RecordKind::Project => any(&self.projects, id),
            RecordKind::Training => any(&self.trainings, id),
            RecordKind::Design => any(&self.designs, id),
            RecordKind::Plan | RecordKind::PlanLine => None,
        }
    }

    /// The district and commune of a record, when its kind feeds the place filter.
    fn places_of(&self, kind: RecordKind, id: &str) -> [String; 2] {
        fn of<R: Listed>(table: &Table<R>, id: &str) -> [String; 2] {
            table
                .get(id)
                .map(|s| [s.record.district().to_string(), s.record.commune().to_string()])
                .unwrap_or_default()
        }
        match kind {
            RecordKind::Facility => of(&self.facilities, id),
            RecordKind::Project => of(&self.projects, id),
            RecordKind::Training => of(&self.trainings, id),
            RecordKind::Design | RecordKind::Plan | RecordKind::PlanLine => Default::default(),
        }
    }

    /// Re-reads one record after it changed in the workbook.
    pub fn refresh(&mut self, wb: &Workbook, kind: RecordKind, id: &str) -> Result<()> {
        // Rows read before this edit would overwrite it: take them first.
        self.finish_loading(wb)?;
        let generation = next_generation();
        let before = self.places_of(kind, id);
        match kind {
            RecordKind::Facility => {
                let stored = wb.get::<Facility>(id)?;
                match stored.as_ref().filter(|s| s.meta.deleted_at.is_none()) {
                    Some(s) => self.facility_names.insert(id.to_string(), s.record.name.clone()),
                    None => self.facility_names.remove(id),
                };
                self.facilities.put(stored, id, &self.facility_names, generation);
                self.projects.rekey_facility(id, &self.facility_names, generation);
                self.trainings.rekey_facility(id, &self.facility_names, generation);
                self.designs.rekey_facility(id, &self.facility_names, generation);
            }
            RecordKind::Project => self.projects.put(wb.get(id)?, id, &self.facility_names, generation),
            RecordKind::Training => self.trainings.put(wb.get(id)?, id, &self.facility_names, generation),
            RecordKind::Design => self.designs.put(wb.get(id)?, id, &self.facility_names, generation),
            // Plans are not listed here: the Plans screen reads them itself.
            RecordKind::Plan | RecordKind::PlanLine => {}
        }
        let after = self.places_of(kind, id);
        // Projects changed now (or whose facility did) get their sector again.
        for change in self.projects.changes_at(generation) {
            match change {
                Change::Set(i) => {
                    let sector = self.facilities.sector(&self.projects.rows[i].record);
                    match self.project_sectors.get_mut(i) {
                        Some(s) => *s = sector,
                        None => self.project_sectors.push(sector),
                    }
                }
                Change::Removed(i) => {
                    self.project_sectors.remove(i);
                }
            }
        }
        for place in &before {
            count_place(&mut self.place_counts, place, false);
        }
        for place in &after {
            count_place(&mut self.place_counts, place, true);
        }
        self.generation = generation;
        Ok(())
    }

    /// Districts and communes named by any facility, project or training, for the place filter.
    pub fn places(&self) -> Vec<String> {
        let mut places: Vec<(String, String)> =
            self.place_counts.iter().filter(|(_, n)| **n > 0).map(|(p, _)| (fold(p), p.clone())).collect();
        places.sort();
        places.into_iter().map(|(_, p)| p).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workbook::sample::create_sample;

    #[test]
    fn places_follow_edits() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut wb = create_sample(&dir.path().join("mau.db")).expect("sample");
        let mut data = Data::load(&wb).expect("load");
        let every = |data: &Data| {
            let mut all: Vec<String> = Vec::new();
            let rows = (data.facilities.rows.iter().map(|r| [&r.record.district, &r.record.commune]))
                .chain(data.projects.rows.iter().map(|r| [&r.record.district, &r.record.commune]))
                .chain(data.trainings.rows.iter().map(|r| [&r.record.district, &r.record.commune]));
            for p in rows.flatten() {
                if !p.is_empty() && !all.contains(p) {
                    all.push(p.clone());
                }
            }
            all.sort_by_key(|p| fold(p));
            all
        };
        assert_eq!(data.places(), every(&data));
        assert!(data.places().contains(&"Long Hồ".to_string()));
        let t = data
            .trainings
            .rows
            .iter()
            .find(|t| t.record.commune == "Phường Long Châu")
            .expect("2025 workshop");
        let (id, mut record) = (t.id.clone(), t.record.clone());
        record.commune = "Xã Mới Lập".to_string();
        wb.update(&id, &record).expect("update");
        data.refresh(&wb, RecordKind::Training, &id).expect("refresh");
        let places = data.places();
        assert!(places.contains(&"Xã Mới Lập".to_string()));
        assert!(!places.contains(&"Phường Long Châu".to_string()), "no record names it any more");
        assert_eq!(places, every(&data));
    }

    /// Sector ties come out of SQL in no set order.
    fn settled(mut d: ChartData) -> ChartData {
        d.support_by_sector.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        d
    }

    #[test]
    fn charts_and_totals_from_the_lists_equal_sql() {
        use crate::domain::Code;
        use crate::domain::codes::{FundingSource, ProjectContent};
        let dir = tempfile::tempdir().expect("temp dir");
        let mut wb = create_sample(&dir.path().join("mau.db")).expect("sample");
        // Edits followed as the window follows them: a project moved to a
        // commune only, one deleted, one added, a facility's sector changed.
        let mut data = Data::load(&wb).expect("load");
        let p = data.projects.rows[7].clone();
        let mut moved = p.record.clone();
        moved.district = String::new();
        moved.commune = "Phường Long Châu".to_string();
        wb.update(&p.id, &moved).expect("update");
        data.refresh(&wb, RecordKind::Project, &p.id).expect("refresh");
        let gone = data.projects.rows[8].id.clone();
        wb.delete(RecordKind::Project, &gone).expect("delete");
        data.refresh(&wb, RecordKind::Project, &gone).expect("refresh");
        let mut added = data.projects.rows[20].record.clone();
        added.year = 2019;
        let added = wb.insert(&added).expect("insert");
        data.refresh(&wb, RecordKind::Project, &added).expect("refresh");
        let fid = data.projects.get(&added).and_then(|p| p.record.facility_id.clone()).expect("a facility");
        let mut f = data.facilities.get(&fid).expect("facility").record.clone();
        f.sector = Some(crate::domain::codes::Sector::Electrical);
        wb.update(&fid, &f).expect("update");
        data.refresh(&wb, RecordKind::Facility, &fid).expect("refresh");
        let sources = [None, Some(FundingSource::National.code()), Some(FundingSource::Local.code())];
        let places = [None, Some("Long Hồ"), Some("Phường Long Châu"), Some("Xã Phước Hậu")];
        let contents =
            [None, Some(ProjectContent::Machinery.code()), Some(ProjectContent::Information.code())];
        let mut compared = 0;
        for (from, to) in [(2014, 2023), (2010, 2030), (2024, 2025), (2019, 2019)] {
            for source in sources {
                for place in places {
                    for content in contents {
                        let f = ChartFilter { from, to, source, place: place.map(str::to_string), content };
                        let sql = settled(wb.chart_data(&f).expect("sql"));
                        assert_eq!(data.chart_data(&f).map(settled), Some(sql), "{f:?}");
                        compared += 1;
                    }
                }
            }
            let sql = wb.summary(Some(from), Some(to)).expect("summary");
            assert_eq!(data.summary(from, to), Some(sql), "{from}–{to}");
        }
        let all = ChartFilter { from: 2014, to: 2023, ..Default::default() };
        assert_eq!(data.chart_data(&all).map(|d| d.total_projects), Some(102), "102, one deleted, one added");
        let electrical =
            data.chart_data(&all).map(|d| d.support_by_sector.iter().any(|s| s.0 == "dien_dien_tu"));
        assert_eq!(electrical, Some(true));
        assert_eq!(compared, 144);
    }

    #[test]
    fn generations_differ_between_loads() {
        let dir = tempfile::tempdir().expect("temp dir");
        let wb = create_sample(&dir.path().join("mau.db")).expect("sample");
        let a = Data::load(&wb).expect("load");
        let b = Data::load(&wb).expect("load");
        assert_ne!(a.generation, b.generation);
    }
}
