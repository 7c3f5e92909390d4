//! The records of the open workbook, kept in memory for the lists, with the
//! filtering, sorting and totals the list screens show. Loaded once when a
//! workbook opens and patched record by record after each edit, so no frame
//! ever waits on SQL. No egui here.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::{Duration, Instant};

use crate::domain::Code;
use crate::domain::codes::{FundingSource, Sector};
use crate::domain::number::{format_date, format_int, format_million};
use crate::domain::text::{Query, fold};
use crate::domain::{AnyRecord, DesignSupport, Facility, Project, RecordKind, Training};
use crate::i18n::{Lang, Text, tr};
use crate::parallel;
use crate::workbook::charts::{ChartData, ChartFilter};
use crate::workbook::summary::Summary;
use crate::workbook::{OpenMode, Result, Stored, StoredRecord, Workbook, WorkbookError};

/// What a list can filter on, for any record kind.
pub trait Listed: StoredRecord {
    fn year(&self) -> Option<i32>;
    fn source(&self) -> Option<&'static str>;
    fn district(&self) -> &str;
    fn commune(&self) -> &str;
    /// The record's kind of activity (content, training kind, design form, facility type).
    fn kind_code(&self) -> Option<&'static str>;
    fn status_code(&self) -> Option<&'static str> {
        None
    }
    /// Words an officer may search for, besides the facility's name.
    fn search_words(&self) -> Vec<&str>;
    fn support_vnd(&self) -> i64 {
        0
    }
    fn counterpart_vnd(&self) -> i64 {
        0
    }
    fn trainees(&self) -> i64 {
        0
    }
}

impl Listed for Facility {
    fn year(&self) -> Option<i32> {
        None
    }
    fn source(&self) -> Option<&'static str> {
        None
    }
    fn district(&self) -> &str {
        &self.district
    }
    fn commune(&self) -> &str {
        &self.commune
    }
    fn kind_code(&self) -> Option<&'static str> {
        self.kind.map(|k| k.code())
    }
    fn search_words(&self) -> Vec<&str> {
        vec![&self.name, &self.tax_code, &self.representative, &self.address, &self.commune, &self.district]
    }
}

impl Listed for Project {
    fn year(&self) -> Option<i32> {
        Some(self.year)
    }
    fn source(&self) -> Option<&'static str> {
        Some(self.source.code())
    }
    fn district(&self) -> &str {
        &self.district
    }
    fn commune(&self) -> &str {
        &self.commune
    }
    fn kind_code(&self) -> Option<&'static str> {
        Some(self.content.code())
    }
    fn status_code(&self) -> Option<&'static str> {
        Some(self.status.code())
    }
    fn search_words(&self) -> Vec<&str> {
        vec![&self.code, &self.title, &self.district, &self.commune, &self.decision_no, &self.note]
    }
    fn support_vnd(&self) -> i64 {
        self.support_vnd
    }
    fn counterpart_vnd(&self) -> i64 {
        self.counterpart_vnd
    }
}

impl Listed for Training {
    fn year(&self) -> Option<i32> {
        Some(self.year)
    }
    fn source(&self) -> Option<&'static str> {
        self.source.map(|s| s.code())
    }
    fn district(&self) -> &str {
        &self.district
    }
    fn commune(&self) -> &str {
        &self.commune
    }
    fn kind_code(&self) -> Option<&'static str> {
        Some(self.kind.code())
    }
    fn search_words(&self) -> Vec<&str> {
        vec![&self.name, &self.trade, &self.district, &self.commune, &self.note]
    }
    fn support_vnd(&self) -> i64 {
        self.cost_vnd
    }
    fn trainees(&self) -> i64 {
        self.trainees
    }
}

impl Listed for DesignSupport {
    fn year(&self) -> Option<i32> {
        Some(self.year)
    }
    fn source(&self) -> Option<&'static str> {
        self.source.map(|s| s.code())
    }
    fn district(&self) -> &str {
        &self.district
    }
    fn commune(&self) -> &str {
        &self.commune
    }
    fn kind_code(&self) -> Option<&'static str> {
        Some(self.form.code())
    }
    fn search_words(&self) -> Vec<&str> {
        vec![&self.product, &self.district, &self.commune, &self.note]
    }
    fn support_vnd(&self) -> i64 {
        self.support_vnd
    }
}

/// A change to a table, for the lists to patch what they show instead of
/// filtering and sorting every row again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
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
    amounts: Vec<[i64; 3]>,
    position: HashMap<String, usize>,
    /// Recent changes, oldest first, with the data generation they made.
    log: VecDeque<(u64, Change)>,
    /// The log holds every change made after this generation.
    log_since: u64,
}

impl<R: Listed> Table<R> {
    fn new(read: Read<R>, generation: u64) -> Self {
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
    fn changes_since(&self, generation: u64) -> Option<impl Iterator<Item = Change> + '_> {
        (generation >= self.log_since)
            .then(|| self.log.iter().filter(move |(g, _)| *g > generation).map(|(_, c)| *c))
    }

    /// The changes made at `generation`, oldest first.
    fn changes_at(&self, generation: u64) -> Vec<Change> {
        self.log.iter().filter(|(g, _)| *g == generation).map(|(_, c)| *c).collect()
    }

    /// Puts the stored record in the table (new, changed) or takes it out (deleted).
    fn put(
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
    fn rekey_facility(
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
    fn sector<R: Listed>(&self, record: &R) -> Option<Sector> {
        record.facility_id().and_then(|id| self.get(id)).and_then(|f| f.record.sector)
    }
}

fn search_key<R: Listed>(record: &R, facility_names: &HashMap<String, String>) -> String {
    let mut words = record.search_words().join(" ");
    if let Some(name) = record.facility_id().and_then(|id| facility_names.get(id)) {
        words.push(' ');
        words.push_str(name);
    }
    fold(&words)
}

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

/// The district and commune of a record kind that feeds the place filter.
fn places_of<R: Listed>(table: &Table<R>, id: &str) -> [String; 2] {
    table
        .get(id)
        .map(|s| [s.record.district().to_string(), s.record.commune().to_string()])
        .unwrap_or_default()
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

/// One kind's rows with their search keys, as read from the workbook.
struct Read<R> {
    rows: Vec<Stored<R>>,
    keys: Vec<String>,
}

impl<R> Read<R> {
    fn empty() -> Self {
        Read { rows: Vec::new(), keys: Vec::new() }
    }
}

/// Every live record of a workbook, read (on any thread) before it becomes [`Data`].
struct Rows {
    facilities: Read<Facility>,
    projects: Read<Project>,
    trainings: Read<Training>,
    designs: Read<DesignSupport>,
    facility_names: HashMap<String, String>,
}

fn search_keys<R: Listed>(rows: &[Stored<R>], facility_names: &HashMap<String, String>) -> Vec<String> {
    rows.iter().map(|r| search_key(&r.record, facility_names)).collect()
}

/// Reads every live record. The search keys of one kind are folded on a
/// second thread while SQLite reads the next kind.
fn read_rows(wb: &Workbook) -> Result<Rows> {
    let facilities = wb.list::<Facility>()?;
    let names: HashMap<String, String> =
        facilities.iter().map(|f| (f.id.clone(), f.record.name.clone())).collect();
    fn read<R: Listed>(rows: Vec<Stored<R>>, names: &HashMap<String, String>) -> Read<R> {
        Read { keys: search_keys(&rows, names), rows }
    }
    fn joined<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
        // A panic on a helper thread is this thread's panic.
        handle.join().unwrap_or_else(|e| std::panic::resume_unwind(e))
    }
    let shared = &names;
    let (facilities, projects, trainings, designs) = std::thread::scope(|scope| {
        let facilities = scope.spawn(move || read(facilities, shared));
        let projects = wb.list::<Project>()?;
        let projects = scope.spawn(move || read(projects, shared));
        let trainings = wb.list::<Training>()?;
        let trainings = scope.spawn(move || read(trainings, shared));
        let designs = read(wb.list::<DesignSupport>()?, shared);
        Ok::<_, WorkbookError>((joined(facilities), joined(projects), joined(trainings), designs))
    })?;
    Ok(Rows { facilities, projects, trainings, designs, facility_names: names })
}

/// Workbooks with more records than this are read on another thread by
/// [`Data::open`]; smaller ones take less than a frame's worth of waiting.
pub const READ_IN_BACKGROUND_FROM: i64 = 20_000;

/// Records being read, and made into lists, on another thread. (The lock
/// only lets lists be sorted on two threads while it waits.)
struct Loading {
    data: Mutex<Receiver<Result<Data>>>,
}

impl Data {
    /// Reads every live record of `wb` now.
    pub fn load(wb: &Workbook) -> Result<Data> {
        Ok(Data::from_rows(read_rows(wb)?))
    }

    /// The records of `wb` for the window. A large workbook is read on
    /// another thread (with its own connection) while the window shows what
    /// needs no list: the lists are empty and [`Data::is_loading`] is true
    /// until [`Data::poll`] finds the rows read. A small one is read at once.
    pub fn open(wb: &Workbook) -> Result<Data> {
        Data::open_from(wb, READ_IN_BACKGROUND_FROM)
    }

    fn open_from(wb: &Workbook, background_from: i64) -> Result<Data> {
        // The largest row id of each table: an upper bound, found without counting.
        let mut estimate = 0;
        for table in ["facilities", "projects", "trainings", "design_supports"] {
            let sql = format!("SELECT COALESCE(MAX(rowid), 0) FROM {table}");
            estimate += wb.conn().query_row(&sql, [], |r| r.get::<_, i64>(0))?;
        }
        if estimate < background_from {
            return Data::load(wb);
        }
        let (sender, receiver) = std::sync::mpsc::channel();
        let path = wb.path().to_path_buf();
        std::thread::spawn(move || {
            let data = Workbook::open(&path, OpenMode::ReadOnly).and_then(|reader| Data::load(&reader));
            // The window may have closed the workbook meanwhile: nobody to tell.
            let _ = sender.send(data);
        });
        let empty = Rows {
            facilities: Read::empty(),
            projects: Read::empty(),
            trainings: Read::empty(),
            designs: Read::empty(),
            facility_names: HashMap::new(),
        };
        Ok(Data { loading: Some(Loading { data: Mutex::new(receiver) }), ..Data::from_rows(empty) })
    }

    fn from_rows(rows: Rows) -> Data {
        let generation = next_generation();
        let mut place_counts = HashMap::new();
        let places = (rows.facilities.rows.iter().map(|r| [r.record.district.as_str(), &r.record.commune]))
            .chain(rows.projects.rows.iter().map(|r| [r.record.district.as_str(), &r.record.commune]))
            .chain(rows.trainings.rows.iter().map(|r| [r.record.district.as_str(), &r.record.commune]));
        for place in places.flatten() {
            count_place(&mut place_counts, place, true);
        }
        let facilities = Table::new(rows.facilities, generation);
        let project_sectors = rows.projects.rows.iter().map(|p| facilities.sector(&p.record)).collect();
        Data {
            facilities,
            projects: Table::new(rows.projects, generation),
            trainings: Table::new(rows.trainings, generation),
            designs: Table::new(rows.designs, generation),
            facility_names: rows.facility_names,
            place_counts,
            project_sectors,
            generation,
            loading: None,
        }
    }

    /// True while the records are read on another thread (see [`Data::open`]).
    pub fn is_loading(&self) -> bool {
        self.loading.is_some()
    }

    /// Takes the records once read. True when they just arrived (the
    /// generation moved). Call every frame while [`Data::is_loading`].
    pub fn poll(&mut self, wb: &Workbook) -> Result<bool> {
        let Some(loading) = &mut self.loading else { return Ok(false) };
        let receiver = loading.data.get_mut().unwrap_or_else(|e| e.into_inner());
        match receiver.try_recv() {
            Err(TryRecvError::Empty) => Ok(false),
            Ok(Ok(data)) => {
                *self = data;
                Ok(true)
            }
            // The reader could not open the file a second time (moved,
            // locked): read it here instead.
            Ok(Err(_)) | Err(TryRecvError::Disconnected) => {
                *self = Data::load(wb)?;
                Ok(true)
            }
        }
    }

    /// Waits for the records being read, if any.
    fn finish_loading(&mut self, wb: &Workbook) -> Result<()> {
        let Some(loading) = self.loading.take() else { return Ok(()) };
        *self = match loading.data.into_inner().unwrap_or_else(|e| e.into_inner()).recv() {
            Ok(Ok(data)) => data,
            _ => Data::load(wb)?,
        };
        Ok(())
    }

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
        }
    }

    /// Re-reads one record after it changed in the workbook.
    pub fn refresh(&mut self, wb: &Workbook, kind: RecordKind, id: &str) -> Result<()> {
        // Rows read before this edit would overwrite it: take them first.
        self.finish_loading(wb)?;
        let generation = next_generation();
        let before = match kind {
            RecordKind::Facility => places_of(&self.facilities, id),
            RecordKind::Project => places_of(&self.projects, id),
            RecordKind::Training => places_of(&self.trainings, id),
            RecordKind::Design => Default::default(),
        };
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
        }
        let after = match kind {
            RecordKind::Facility => places_of(&self.facilities, id),
            RecordKind::Project => places_of(&self.projects, id),
            RecordKind::Training => places_of(&self.trainings, id),
            RecordKind::Design => Default::default(),
        };
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
    fn accepts<R: Listed>(&self, r: &R, key: &str, query: &Query) -> bool {
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

/// A column of a list: its heading, and how to show and sort a record.
pub struct ListColumn<R> {
    pub title: Text,
    pub width: f32,
    pub numeric: bool,
    pub cell: fn(&R, &Data, Lang) -> String,
    pub sort: fn(&R, &Data) -> SortKey,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum SortKey {
    Int(i64),
    Text(String),
}

fn code_label<C: Code>(c: Option<C>, lang: Lang) -> String {
    c.map(|c| c.label(lang).to_string()).unwrap_or_default()
}

/// The funding source in a narrow column: "Quốc gia", "Địa phương".
fn short_source(source: Option<FundingSource>, lang: Lang) -> String {
    match source {
        Some(FundingSource::National) => tr(lang, "Quốc gia", "National"),
        Some(FundingSource::Local) => tr(lang, "Địa phương", "Local"),
        Some(FundingSource::Other) => tr(lang, "Khác", "Other"),
        None => "",
    }
    .to_string()
}

fn text_key(s: &str) -> SortKey {
    SortKey::Text(fold(s))
}

/// Columns of each list, in display order.
pub trait Columns: Listed + Sized + Sync + 'static {
    fn columns() -> Vec<ListColumn<Self>>;
}

impl Columns for Facility {
    fn columns() -> Vec<ListColumn<Self>> {
        vec![
            ListColumn {
                title: Text::new("Tên cơ sở", "Facility"),
                width: 260.0,
                numeric: false,
                cell: |f, _, _| f.name.clone(),
                sort: |f, _| text_key(&f.name),
            },
            ListColumn {
                title: Text::new("Loại hình", "Type"),
                width: 120.0,
                numeric: false,
                cell: |f, _, lang| code_label(f.kind, lang),
                sort: |f, _| text_key(f.kind.map(|k| k.code()).unwrap_or("")),
            },
            ListColumn {
                title: Text::new("Mã số thuế", "Tax code"),
                width: 110.0,
                numeric: false,
                cell: |f, _, _| f.tax_code.clone(),
                sort: |f, _| text_key(&f.tax_code),
            },
            ListColumn {
                title: Text::new("Ngành", "Sector"),
                width: 170.0,
                numeric: false,
                cell: |f, _, lang| code_label(f.sector, lang),
                sort: |f, _| text_key(f.sector.map(|k| k.code()).unwrap_or("")),
            },
            ListColumn {
                title: Text::new("Huyện (cũ)", "District (former)"),
                width: 110.0,
                numeric: false,
                cell: |f, _, _| f.district.clone(),
                sort: |f, _| text_key(&f.district),
            },
            ListColumn {
                title: Text::new("Xã/phường", "Commune/ward"),
                width: 130.0,
                numeric: false,
                cell: |f, _, _| f.commune.clone(),
                sort: |f, _| text_key(&f.commune),
            },
            ListColumn {
                title: Text::new("Người đại diện", "Representative"),
                width: 130.0,
                numeric: false,
                cell: |f, _, _| f.representative.clone(),
                sort: |f, _| text_key(&f.representative),
            },
        ]
    }
}

impl Columns for Project {
    fn columns() -> Vec<ListColumn<Self>> {
        vec![
            ListColumn {
                title: Text::new("Năm", "Year"),
                width: 50.0,
                numeric: true,
                cell: |p, _, _| p.year.to_string(),
                sort: |p, _| SortKey::Int(p.year.into()),
            },
            ListColumn {
                title: Text::new("Tên đề án", "Project"),
                width: 280.0,
                numeric: false,
                cell: |p, _, _| p.title.clone(),
                sort: |p, _| text_key(&p.title),
            },
            ListColumn {
                title: Text::new("Cơ sở", "Facility"),
                width: 200.0,
                numeric: false,
                cell: |p, d, _| d.facility_name(p.facility_id.as_deref()).to_string(),
                sort: |p, d| text_key(d.facility_name(p.facility_id.as_deref())),
            },
            ListColumn {
                title: Text::new("Nguồn", "Source"),
                width: 90.0,
                numeric: false,
                cell: |p, _, lang| short_source(Some(p.source), lang),
                sort: |p, _| text_key(p.source.code()),
            },
            ListColumn {
                title: Text::new("Nội dung", "Content"),
                width: 190.0,
                numeric: false,
                cell: |p, _, lang| p.content.label(lang).to_string(),
                sort: |p, _| text_key(p.content.code()),
            },
            ListColumn {
                title: Text::new("Hỗ trợ (tr.đ)", "Support (mil.)"),
                width: 95.0,
                numeric: true,
                cell: |p, _, _| format_million(p.support_vnd),
                sort: |p, _| SortKey::Int(p.support_vnd),
            },
            ListColumn {
                title: Text::new("Đối ứng (tr.đ)", "Counterpart (mil.)"),
                width: 105.0,
                numeric: true,
                cell: |p, _, _| format_million(p.counterpart_vnd),
                sort: |p, _| SortKey::Int(p.counterpart_vnd),
            },
            ListColumn {
                title: Text::new("Trạng thái", "Status"),
                width: 110.0,
                numeric: false,
                cell: |p, _, lang| p.status.label(lang).to_string(),
                sort: |p, _| SortKey::Int(p.status as i64),
            },
            ListColumn {
                title: Text::new("Huyện / xã", "District / commune"),
                width: 150.0,
                numeric: false,
                cell: |p, _, _| place(&p.district, &p.commune),
                sort: |p, _| text_key(&place(&p.district, &p.commune)),
            },
        ]
    }
}

impl Columns for Training {
    fn columns() -> Vec<ListColumn<Self>> {
        vec![
            ListColumn {
                title: Text::new("Năm", "Year"),
                width: 50.0,
                numeric: true,
                cell: |t, _, _| t.year.to_string(),
                sort: |t, _| SortKey::Int(t.year.into()),
            },
            ListColumn {
                title: Text::new("Tên lớp", "Class"),
                width: 300.0,
                numeric: false,
                cell: |t, _, _| t.name.clone(),
                sort: |t, _| text_key(&t.name),
            },
            ListColumn {
                title: Text::new("Loại", "Kind"),
                width: 130.0,
                numeric: false,
                cell: |t, _, lang| t.kind.label(lang).to_string(),
                sort: |t, _| text_key(t.kind.code()),
            },
            ListColumn {
                title: Text::new("Học viên", "Trainees"),
                width: 70.0,
                numeric: true,
                cell: |t, _, _| format_int(t.trainees),
                sort: |t, _| SortKey::Int(t.trainees),
            },
            ListColumn {
                title: Text::new("Nữ", "Female"),
                width: 50.0,
                numeric: true,
                cell: |t, _, _| t.female_trainees.map(format_int).unwrap_or_default(),
                sort: |t, _| SortKey::Int(t.female_trainees.unwrap_or(-1)),
            },
            ListColumn {
                title: Text::new("Từ ngày", "From"),
                width: 85.0,
                numeric: false,
                cell: |t, _, _| t.start_on.map(format_date).unwrap_or_default(),
                sort: |t, _| SortKey::Text(t.start_on.map(|d| d.to_string()).unwrap_or_default()),
            },
            ListColumn {
                title: Text::new("Kinh phí (tr.đ)", "Cost (mil.)"),
                width: 95.0,
                numeric: true,
                cell: |t, _, _| format_million(t.cost_vnd),
                sort: |t, _| SortKey::Int(t.cost_vnd),
            },
            ListColumn {
                title: Text::new("Cơ sở phối hợp", "Host facility"),
                width: 180.0,
                numeric: false,
                cell: |t, d, _| d.facility_name(t.facility_id.as_deref()).to_string(),
                sort: |t, d| text_key(d.facility_name(t.facility_id.as_deref())),
            },
            ListColumn {
                title: Text::new("Huyện / xã", "District / commune"),
                width: 150.0,
                numeric: false,
                cell: |t, _, _| place(&t.district, &t.commune),
                sort: |t, _| text_key(&place(&t.district, &t.commune)),
            },
        ]
    }
}

impl Columns for DesignSupport {
    fn columns() -> Vec<ListColumn<Self>> {
        vec![
            ListColumn {
                title: Text::new("Năm", "Year"),
                width: 50.0,
                numeric: true,
                cell: |d, _, _| d.year.to_string(),
                sort: |d, _| SortKey::Int(d.year.into()),
            },
            ListColumn {
                title: Text::new("Cơ sở", "Facility"),
                width: 240.0,
                numeric: false,
                cell: |r, d, _| d.facility_name(Some(&r.facility_id)).to_string(),
                sort: |r, d| text_key(d.facility_name(Some(&r.facility_id))),
            },
            ListColumn {
                title: Text::new("Sản phẩm", "Product"),
                width: 180.0,
                numeric: false,
                cell: |d, _, _| d.product.clone(),
                sort: |d, _| text_key(&d.product),
            },
            ListColumn {
                title: Text::new("Hình thức", "Form of support"),
                width: 150.0,
                numeric: false,
                cell: |d, _, lang| d.form.label(lang).to_string(),
                sort: |d, _| text_key(d.form.code()),
            },
            ListColumn {
                title: Text::new("Nguồn", "Source"),
                width: 90.0,
                numeric: false,
                cell: |d, _, lang| short_source(d.source, lang),
                sort: |d, _| text_key(d.source.map(|s| s.code()).unwrap_or("")),
            },
            ListColumn {
                title: Text::new("Hỗ trợ (tr.đ)", "Support (mil.)"),
                width: 95.0,
                numeric: true,
                cell: |d, _, _| format_million(d.support_vnd),
                sort: |d, _| SortKey::Int(d.support_vnd),
            },
            ListColumn {
                title: Text::new("Huyện / xã", "District / commune"),
                width: 150.0,
                numeric: false,
                cell: |d, _, _| place(&d.district, &d.commune),
                sort: |d, _| text_key(&place(&d.district, &d.commune)),
            },
        ]
    }
}

fn place(district: &str, commune: &str) -> String {
    match (district.is_empty(), commune.is_empty()) {
        (false, false) => format!("{district} / {commune}"),
        (false, true) => district.to_string(),
        _ => commune.to_string(),
    }
}

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

/// A large list being sorted by a new column without holding up a frame:
/// its keys are made a slice per frame, then the rows are sorted on their own
/// thread. The list shows the previous order meanwhile.
#[derive(Debug)]
enum Sorting {
    Keys { column: usize, keys: Vec<SortKey>, done: usize },
    Order { column: usize, sorted: Receiver<Sorted> },
}

impl Sorting {
    fn column(&self) -> usize {
        match self {
            Sorting::Keys { column, .. } | Sorting::Order { column, .. } => *column,
        }
    }
}

/// Lists this long or longer are sorted in the background (a first sort of
/// 5.000 titles takes a few milliseconds).
const SORT_IN_BACKGROUND_FROM: usize = 5_000;
/// Sort keys made per frame: folding a title costs far more than checking a
/// filter (2.048 titles take about 1,5 ms on two threads).
const SORT_SLICE: usize = 2_048;

/// A filter being applied to a large list over several frames, so that no
/// frame waits for 100.000 rows: the list shows the previous result until
/// every row was checked.
#[derive(Debug)]
struct Filtering {
    filter: Filter,
    /// The filter's search, folded.
    query: String,
    /// The rows that can still pass (more letters typed); `None`: every row.
    candidates: Option<Vec<bool>>,
    /// Which of the rows checked so far pass.
    pass: Vec<bool>,
    /// Rows `0..done` are checked.
    done: usize,
}

/// What a frame may spend on filtering; the rest is done in the next frames.
const FILTER_BUDGET: Duration = Duration::from_micros(1_500);
/// Rows checked between looks at the clock (on two threads, about a
/// millisecond's work).
const FILTER_SLICE: usize = 16_384;

/// Sort keys of every row for one column, and every row in ascending order
/// of (key, index).
#[derive(Debug)]
struct Sorted {
    column: usize,
    keys: Vec<SortKey>,
    order: Vec<usize>,
}

impl Sorted {
    fn new<R: Columns>(table: &Table<R>, data: &Data, column: usize) -> Self {
        let mut keys = vec![SortKey::Int(0); table.rows.len()];
        make_keys(table, data, column, 0, &mut keys);
        Sorted::of_keys(column, keys)
    }

    fn of_keys(column: usize, keys: Vec<SortKey>) -> Self {
        let mut order: Vec<usize> = (0..keys.len()).collect();
        order.sort_unstable_by(|a, b| keys[*a].cmp(&keys[*b]).then(a.cmp(b)));
        Sorted { column, keys, order }
    }
}

/// The sort keys by `column` of the rows from `first` on, one slot of `keys` each.
fn make_keys<R: Columns>(table: &Table<R>, data: &Data, column: usize, first: usize, keys: &mut [SortKey]) {
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

/// Runs `work` on rows `*done..n` a slice at a time, at least one slice and
/// more while `budget` lasts, moving `done` on: a frame's share of a long job.
fn in_slices(
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
fn passing<R: Listed + Sync>(
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

/// Applies the table's changes to the sorted rows and, when given, to the
/// visible rows (shown for `shown`: filter, folded search, ascending).
/// False when the view must be made again from the whole table.
fn patch<R: Columns>(
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

fn amounts<R: Listed>(r: &R) -> [i64; 3] {
    [r.support_vnd(), r.counterpart_vnd(), r.trainees()]
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
    fn large_workbooks_are_read_on_another_thread() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut wb = create_sample(&dir.path().join("mau.db")).expect("sample");
        let now = Data::load(&wb).expect("load");
        let mut data = Data::open_from(&wb, 0).expect("open");
        assert!(data.is_loading() && !data.is_empty() && data.projects.rows.is_empty());
        assert_eq!(data.chart_data(&ChartFilter::default()), None);
        let generation = data.generation;
        let start = std::time::Instant::now();
        while !data.poll(&wb).expect("poll") {
            assert!(start.elapsed().as_secs() < 20, "the rows arrive");
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        assert!(!data.is_loading() && data.generation != generation);
        let ids = |d: &Data| d.projects.rows.iter().map(|r| r.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&data), ids(&now));
        assert_eq!(data.facilities.rows.len(), now.facilities.rows.len());
        assert_eq!(data.places(), now.places());
        assert_eq!(data.facilities.key(3), now.facilities.key(3));

        // An edit saved while the rows are read waits for them, then shows.
        let mut data = Data::open_from(&wb, 0).expect("open");
        let p = now.projects.rows[0].clone();
        let mut changed = p.record.clone();
        changed.title = "Đề án sửa trong lúc đọc".to_string();
        wb.update(&p.id, &changed).expect("update");
        data.refresh(&wb, RecordKind::Project, &p.id).expect("refresh");
        assert!(!data.is_loading());
        assert_eq!(
            data.projects.get(&p.id).map(|r| r.record.title.as_str()),
            Some("Đề án sửa trong lúc đọc")
        );
        assert_eq!(data.projects.rows.len(), now.projects.rows.len());
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
