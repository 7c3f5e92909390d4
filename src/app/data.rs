//! The records of the open workbook, kept in memory for the lists, with the
//! filtering, sorting and totals the list screens show. Loaded once when a
//! workbook opens and patched record by record after each edit, so no frame
//! ever waits on SQL. No egui here.

use std::collections::HashMap;

use crate::domain::Code;
use crate::domain::codes::FundingSource;
use crate::domain::number::{format_date, format_int, format_million};
use crate::domain::text::{fold, matches_query};
use crate::domain::{DesignSupport, Facility, Project, RecordKind, Training};
use crate::i18n::{Lang, Text, tr};
use crate::workbook::{Result, Stored, StoredRecord, Workbook};

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
    fn facility_id(&self) -> Option<&str>;
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
    /// The one-line name of the record (in lists of a facility, and in messages).
    fn title(&self) -> &str;
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
    fn facility_id(&self) -> Option<&str> {
        None
    }
    fn search_words(&self) -> Vec<&str> {
        vec![&self.name, &self.tax_code, &self.representative, &self.address, &self.commune, &self.district]
    }
    fn title(&self) -> &str {
        &self.name
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
    fn facility_id(&self) -> Option<&str> {
        self.facility_id.as_deref()
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
    fn title(&self) -> &str {
        &self.title
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
    fn facility_id(&self) -> Option<&str> {
        self.facility_id.as_deref()
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
    fn title(&self) -> &str {
        &self.name
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
    fn facility_id(&self) -> Option<&str> {
        Some(&self.facility_id)
    }
    fn search_words(&self) -> Vec<&str> {
        vec![&self.product, &self.district, &self.commune, &self.note]
    }
    fn support_vnd(&self) -> i64 {
        self.support_vnd
    }
    fn title(&self) -> &str {
        &self.product
    }
}

/// Records of one kind with their search keys.
pub struct Table<R> {
    pub rows: Vec<Stored<R>>,
    /// Folded search text of each row (same order as `rows`).
    keys: Vec<String>,
    position: HashMap<String, usize>,
}

impl<R: Listed> Table<R> {
    fn new(rows: Vec<Stored<R>>, facility_names: &HashMap<String, String>) -> Self {
        let keys = rows.iter().map(|r| search_key(&r.record, facility_names)).collect();
        let position = rows.iter().enumerate().map(|(i, r)| (r.id.clone(), i)).collect();
        Table { rows, keys, position }
    }

    pub fn get(&self, id: &str) -> Option<&Stored<R>> {
        self.position.get(id).map(|i| &self.rows[*i])
    }

    pub fn key(&self, index: usize) -> &str {
        &self.keys[index]
    }

    /// Puts the stored record in the table (new, changed) or takes it out (deleted).
    fn put(&mut self, stored: Option<Stored<R>>, id: &str, facility_names: &HashMap<String, String>) {
        match (stored.filter(|s| s.meta.deleted_at.is_none()), self.position.get(id).copied()) {
            (Some(s), Some(i)) => {
                self.keys[i] = search_key(&s.record, facility_names);
                self.rows[i] = s;
            }
            (Some(s), None) => {
                self.position.insert(s.id.clone(), self.rows.len());
                self.keys.push(search_key(&s.record, facility_names));
                self.rows.push(s);
            }
            (None, Some(i)) => {
                self.rows.remove(i);
                self.keys.remove(i);
                self.position = self.rows.iter().enumerate().map(|(i, r)| (r.id.clone(), i)).collect();
            }
            (None, None) => {}
        }
    }

    /// Rebuilds the search keys of rows that belong to `facility_id`.
    fn rekey_facility(&mut self, facility_id: &str, facility_names: &HashMap<String, String>) {
        for (row, key) in self.rows.iter().zip(self.keys.iter_mut()) {
            if row.record.facility_id() == Some(facility_id) {
                *key = search_key(&row.record, facility_names);
            }
        }
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

/// All live records of the open workbook.
pub struct Data {
    pub facilities: Table<Facility>,
    pub projects: Table<Project>,
    pub trainings: Table<Training>,
    pub designs: Table<DesignSupport>,
    facility_names: HashMap<String, String>,
    /// Changes whenever any record changes; views recompute when it moves.
    pub generation: u64,
}

impl Data {
    pub fn load(wb: &Workbook) -> Result<Data> {
        let facilities = wb.list::<Facility>()?;
        let facility_names: HashMap<String, String> =
            facilities.iter().map(|f| (f.id.clone(), f.record.name.clone())).collect();
        Ok(Data {
            projects: Table::new(wb.list::<Project>()?, &facility_names),
            trainings: Table::new(wb.list::<Training>()?, &facility_names),
            designs: Table::new(wb.list::<DesignSupport>()?, &facility_names),
            facilities: Table::new(facilities, &facility_names),
            facility_names,
            generation: 1,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.facilities.rows.is_empty()
            && self.projects.rows.is_empty()
            && self.trainings.rows.is_empty()
            && self.designs.rows.is_empty()
    }

    pub fn facility_name(&self, id: Option<&str>) -> &str {
        id.and_then(|id| self.facility_names.get(id)).map(String::as_str).unwrap_or("")
    }

    /// Re-reads one record after it changed in the workbook.
    pub fn refresh(&mut self, wb: &Workbook, kind: RecordKind, id: &str) -> Result<()> {
        match kind {
            RecordKind::Facility => {
                let stored = wb.get::<Facility>(id)?;
                match stored.as_ref().filter(|s| s.meta.deleted_at.is_none()) {
                    Some(s) => self.facility_names.insert(id.to_string(), s.record.name.clone()),
                    None => self.facility_names.remove(id),
                };
                self.facilities.put(stored, id, &self.facility_names);
                self.projects.rekey_facility(id, &self.facility_names);
                self.trainings.rekey_facility(id, &self.facility_names);
                self.designs.rekey_facility(id, &self.facility_names);
            }
            RecordKind::Project => self.projects.put(wb.get(id)?, id, &self.facility_names),
            RecordKind::Training => self.trainings.put(wb.get(id)?, id, &self.facility_names),
            RecordKind::Design => self.designs.put(wb.get(id)?, id, &self.facility_names),
        }
        self.generation += 1;
        Ok(())
    }

    /// Districts and communes named by any record, for the place filter.
    pub fn places(&self) -> Vec<String> {
        let mut places: Vec<String> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut add = |s: &str| {
            if !s.is_empty() && seen.insert(s.to_string()) {
                places.push(s.to_string());
            }
        };
        for f in &self.facilities.rows {
            add(&f.record.district);
            add(&f.record.commune);
        }
        for p in &self.projects.rows {
            add(&p.record.district);
            add(&p.record.commune);
        }
        for t in &self.trainings.rows {
            add(&t.record.district);
            add(&t.record.commune);
        }
        places.sort_by_key(|p| fold(p));
        places
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
    fn accepts<R: Listed>(&self, r: &R, key: &str, query: &str) -> bool {
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
        query.is_empty() || matches_query(key, query)
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
pub trait Columns: Listed + Sized + 'static {
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
#[derive(Debug, Default)]
pub struct ListView {
    pub filter: Filter,
    pub sort_column: usize,
    pub sort_ascending: bool,
    pub selected: Option<String>,
    /// Indices into the table's rows, filtered and sorted.
    pub visible: Vec<usize>,
    pub totals: Totals,
    computed: Option<(u64, Filter, usize, bool)>,
    /// Sort keys of every row for the sort column, kept while the data stay
    /// the same: typing in the search box then only filters and reorders.
    sort_keys: Option<(u64, usize, Vec<SortKey>)>,
}

impl ListView {
    pub fn new(sort_column: usize, sort_ascending: bool) -> Self {
        ListView { sort_column, sort_ascending, ..Default::default() }
    }

    /// Recomputes the visible rows when the data, the filter or the order changed.
    pub fn update<R: Columns>(&mut self, table: &Table<R>, data: &Data) {
        let key = (data.generation, self.filter.clone(), self.sort_column, self.sort_ascending);
        if self.computed.as_ref() == Some(&key) {
            return;
        }
        let query = fold(&self.filter.search);
        let mut visible: Vec<usize> = (0..table.rows.len())
            .filter(|i| self.filter.accepts(&table.rows[*i].record, table.key(*i), &query))
            .collect();
        let columns = R::columns();
        if let Some(column) = columns.get(self.sort_column) {
            let fresh =
                matches!(&self.sort_keys, Some((g, c, _)) if *g == data.generation && *c == self.sort_column);
            if !fresh {
                let keys = table.rows.iter().map(|r| (column.sort)(&r.record, data)).collect();
                self.sort_keys = Some((data.generation, self.sort_column, keys));
            }
            if let Some((_, _, keys)) = &self.sort_keys {
                let ascending = self.sort_ascending;
                visible.sort_by(|a, b| {
                    let o = keys[*a].cmp(&keys[*b]).then(a.cmp(b));
                    if ascending { o } else { o.reverse() }
                });
            }
        }
        let mut totals = Totals { count: visible.len(), ..Totals::default() };
        for i in &visible {
            let r = &table.rows[*i].record;
            totals.support_vnd += r.support_vnd();
            totals.counterpart_vnd += r.counterpart_vnd();
            totals.trainees += r.trainees();
        }
        self.visible = visible;
        self.totals = totals;
        self.computed = Some(key);
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
