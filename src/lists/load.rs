//! Reading a workbook's records into [`Data`]: at once, or for a large
//! workbook on another thread while the window goes on.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, TryRecvError};

use super::table::search_key;
use super::{Data, Listed, Table, count_place, next_generation};
use crate::domain::{DesignSupport, Facility, Project, Training};
use crate::workbook::{OpenMode, Result, Stored, Workbook, WorkbookError};

/// One kind's rows with their search keys, as read from the workbook.
pub(super) struct Read<R> {
    pub(super) rows: Vec<Stored<R>>,
    pub(super) keys: Vec<String>,
}

impl<R> Read<R> {
    fn empty() -> Self {
        Read { rows: Vec::new(), keys: Vec::new() }
    }
}

/// Every live record of a workbook, read (on any thread) before it becomes [`Data`].
pub(super) struct Rows {
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
pub(super) struct Loading {
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
        if wb.record_estimate()? < background_from {
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
    pub(super) fn finish_loading(&mut self, wb: &Workbook) -> Result<()> {
        let Some(loading) = self.loading.take() else { return Ok(()) };
        *self = match loading.data.into_inner().unwrap_or_else(|e| e.into_inner()).recv() {
            Ok(Ok(data)) => data,
            _ => Data::load(wb)?,
        };
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::RecordKind;
    use crate::workbook::charts::ChartFilter;
    use crate::workbook::sample::create_sample;

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
}
