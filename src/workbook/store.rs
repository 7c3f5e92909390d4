//! Reading and writing records. One generic implementation serves the four
//! record kinds; each kind only says how its fields map to columns.

use std::cell::RefCell;
use std::collections::HashMap;

use jiff::civil::Date;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params_from_iter};

use crate::domain::codes::Code;
use crate::domain::validate::{self, Issue};
use crate::domain::{DesignSupport, Facility, Project, RecordKind, Training};
use crate::workbook::{Result, Workbook, WorkbookError, new_id};

/// When and by which office a record was made and changed; deletion is a tombstone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta {
    pub office_id: String,
    pub created_at: i64,
    pub modified_at: i64,
    pub deleted_at: Option<i64>,
}

/// A record with its identity, as kept in the workbook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored<T> {
    pub id: String,
    pub record: T,
    pub meta: Meta,
}

/// How one record kind maps to its table.
pub trait StoredRecord: Sized + Clone {
    const KIND: RecordKind;
    const TABLE: &'static str;
    /// The record's own columns, in the order of `values` and `read`.
    const COLUMNS: &'static [&'static str];
    fn values(&self) -> Vec<Value>;
    fn read(row: &Row<'_>) -> rusqlite::Result<Self>;
    /// Errors and warnings by the domain's rules.
    fn check(&self) -> Vec<Issue>;
}

pub fn table_of(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Facility => Facility::TABLE,
        RecordKind::Project => Project::TABLE,
        RecordKind::Training => Training::TABLE,
        RecordKind::Design => DesignSupport::TABLE,
    }
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

fn opt_code<C: Code>(c: Option<C>) -> Value {
    c.map(|c| text(c.code())).unwrap_or(Value::Null)
}

fn date_value(d: Option<Date>) -> Value {
    d.map(|d| Value::Text(d.to_string())).unwrap_or(Value::Null)
}

fn conversion_error(idx: usize, what: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, what.into())
}

fn get_code<C: Code>(row: &Row<'_>, idx: usize) -> rusqlite::Result<C> {
    let s: String = row.get(idx)?;
    C::from_code(&s).ok_or_else(|| conversion_error(idx, format!("unknown code {s:?}")))
}

fn get_opt_code<C: Code>(row: &Row<'_>, idx: usize) -> rusqlite::Result<Option<C>> {
    let s: Option<String> = row.get(idx)?;
    match s {
        None => Ok(None),
        Some(s) if s.is_empty() => Ok(None),
        Some(s) => {
            C::from_code(&s).map(Some).ok_or_else(|| conversion_error(idx, format!("unknown code {s:?}")))
        }
    }
}

fn get_date(row: &Row<'_>, idx: usize) -> rusqlite::Result<Option<Date>> {
    let s: Option<String> = row.get(idx)?;
    match s {
        None => Ok(None),
        Some(s) => s.parse::<Date>().map(Some).map_err(|e| conversion_error(idx, format!("date {s:?}: {e}"))),
    }
}

fn get_year(row: &Row<'_>, idx: usize) -> rusqlite::Result<i32> {
    let y: i64 = row.get(idx)?;
    i32::try_from(y).map_err(|_| rusqlite::Error::IntegralValueOutOfRange(idx, y))
}

impl StoredRecord for Facility {
    const KIND: RecordKind = RecordKind::Facility;
    const TABLE: &'static str = "facilities";
    const COLUMNS: &'static [&'static str] = &[
        "name",
        "kind",
        "tax_code",
        "representative",
        "phone",
        "address",
        "commune",
        "district",
        "province",
        "sector",
    ];
    fn values(&self) -> Vec<Value> {
        vec![
            text(&self.name),
            opt_code(self.kind),
            text(&self.tax_code),
            text(&self.representative),
            text(&self.phone),
            text(&self.address),
            text(&self.commune),
            text(&self.district),
            text(&self.province),
            opt_code(self.sector),
        ]
    }
    fn read(r: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(Facility {
            name: r.get(0)?,
            kind: get_opt_code(r, 1)?,
            tax_code: r.get(2)?,
            representative: r.get(3)?,
            phone: r.get(4)?,
            address: r.get(5)?,
            commune: r.get(6)?,
            district: r.get(7)?,
            province: r.get(8)?,
            sector: get_opt_code(r, 9)?,
        })
    }
    fn check(&self) -> Vec<Issue> {
        validate::check_facility(self)
    }
}

impl StoredRecord for Project {
    const KIND: RecordKind = RecordKind::Project;
    const TABLE: &'static str = "projects";
    const COLUMNS: &'static [&'static str] = &[
        "code",
        "year",
        "title",
        "source",
        "content",
        "facility_id",
        "district",
        "commune",
        "support_vnd",
        "counterpart_vnd",
        "status",
        "decision_no",
        "approved_on",
        "accepted_on",
        "note",
    ];
    fn values(&self) -> Vec<Value> {
        vec![
            text(&self.code),
            Value::Integer(self.year.into()),
            text(&self.title),
            text(self.source.code()),
            text(self.content.code()),
            self.facility_id.as_deref().map(text).unwrap_or(Value::Null),
            text(&self.district),
            text(&self.commune),
            Value::Integer(self.support_vnd),
            Value::Integer(self.counterpart_vnd),
            text(self.status.code()),
            text(&self.decision_no),
            date_value(self.approved_on),
            date_value(self.accepted_on),
            text(&self.note),
        ]
    }
    fn read(r: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(Project {
            code: r.get(0)?,
            year: get_year(r, 1)?,
            title: r.get(2)?,
            source: get_code(r, 3)?,
            content: get_code(r, 4)?,
            facility_id: r.get(5)?,
            district: r.get(6)?,
            commune: r.get(7)?,
            support_vnd: r.get(8)?,
            counterpart_vnd: r.get(9)?,
            status: get_code(r, 10)?,
            decision_no: r.get(11)?,
            approved_on: get_date(r, 12)?,
            accepted_on: get_date(r, 13)?,
            note: r.get(14)?,
        })
    }
    fn check(&self) -> Vec<Issue> {
        validate::check_project(self)
    }
}

impl StoredRecord for Training {
    const KIND: RecordKind = RecordKind::Training;
    const TABLE: &'static str = "trainings";
    const COLUMNS: &'static [&'static str] = &[
        "year",
        "name",
        "kind",
        "trade",
        "district",
        "commune",
        "trainees",
        "female_trainees",
        "start_on",
        "end_on",
        "source",
        "cost_vnd",
        "note",
        "facility_id",
    ];
    fn values(&self) -> Vec<Value> {
        vec![
            Value::Integer(self.year.into()),
            text(&self.name),
            text(self.kind.code()),
            text(&self.trade),
            text(&self.district),
            text(&self.commune),
            Value::Integer(self.trainees),
            self.female_trainees.map(Value::Integer).unwrap_or(Value::Null),
            date_value(self.start_on),
            date_value(self.end_on),
            opt_code(self.source),
            Value::Integer(self.cost_vnd),
            text(&self.note),
            self.facility_id.as_deref().map(text).unwrap_or(Value::Null),
        ]
    }
    fn read(r: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(Training {
            facility_id: r.get(13)?,
            year: get_year(r, 0)?,
            name: r.get(1)?,
            kind: get_code(r, 2)?,
            trade: r.get(3)?,
            district: r.get(4)?,
            commune: r.get(5)?,
            trainees: r.get(6)?,
            female_trainees: r.get(7)?,
            start_on: get_date(r, 8)?,
            end_on: get_date(r, 9)?,
            source: get_opt_code(r, 10)?,
            cost_vnd: r.get(11)?,
            note: r.get(12)?,
        })
    }
    fn check(&self) -> Vec<Issue> {
        validate::check_training(self)
    }
}

impl StoredRecord for DesignSupport {
    const KIND: RecordKind = RecordKind::Design;
    const TABLE: &'static str = "design_supports";
    const COLUMNS: &'static [&'static str] =
        &["year", "facility_id", "product", "form", "source", "support_vnd", "district", "commune", "note"];
    fn values(&self) -> Vec<Value> {
        vec![
            Value::Integer(self.year.into()),
            text(&self.facility_id),
            text(&self.product),
            text(self.form.code()),
            opt_code(self.source),
            Value::Integer(self.support_vnd),
            text(&self.district),
            text(&self.commune),
            text(&self.note),
        ]
    }
    fn read(r: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(DesignSupport {
            year: get_year(r, 0)?,
            facility_id: r.get(1)?,
            product: r.get(2)?,
            form: get_code(r, 3)?,
            source: get_opt_code(r, 4)?,
            support_vnd: r.get(5)?,
            district: r.get(6)?,
            commune: r.get(7)?,
            note: r.get(8)?,
        })
    }
    fn check(&self) -> Vec<Issue> {
        validate::check_design(self)
    }
}

fn select_sql<R: StoredRecord>(filter: &str) -> String {
    format!(
        "SELECT {}, id, office_id, created_at, modified_at, deleted_at FROM {} {filter}",
        R::COLUMNS.join(", "),
        R::TABLE
    )
}

fn read_stored<R: StoredRecord>(row: &Row<'_>) -> rusqlite::Result<Stored<R>> {
    let n = R::COLUMNS.len();
    Ok(Stored {
        record: R::read(row)?,
        id: row.get(n)?,
        meta: Meta {
            office_id: row.get(n + 1)?,
            created_at: row.get(n + 2)?,
            modified_at: row.get(n + 3)?,
            deleted_at: row.get(n + 4)?,
        },
    })
}

fn refuse_errors<R: StoredRecord>(record: &R) -> Result<()> {
    let issues = record.check();
    if issues.iter().any(Issue::is_error) {
        return Err(WorkbookError::Invalid(issues));
    }
    Ok(())
}

/// Writes inside one transaction (see [`Workbook::write`]).
pub struct Writer<'a> {
    tx: &'a Transaction<'a>,
    office_id: &'a str,
    now: i64,
    /// The INSERT statement of each table, made once (an import inserts 100.000 rows).
    insert_sql: RefCell<HashMap<&'static str, String>>,
}

impl<'a> Writer<'a> {
    pub(crate) fn new(tx: &'a Transaction<'a>, office_id: &'a str, now: i64) -> Self {
        Writer { tx, office_id, now, insert_sql: RefCell::default() }
    }

    pub(crate) fn tx(&self) -> &Connection {
        self.tx
    }

    /// Adds a record; returns its new id. A record with errors is refused.
    pub fn insert<R: StoredRecord>(&self, record: &R) -> Result<String> {
        let id = new_id();
        self.insert_with_id(&id, record)?;
        Ok(id)
    }

    pub(crate) fn insert_with_id<R: StoredRecord>(&self, id: &str, record: &R) -> Result<()> {
        refuse_errors(record)?;
        let mut statements = self.insert_sql.borrow_mut();
        let sql = statements.entry(R::TABLE).or_insert_with(|| {
            let placeholders: Vec<String> = (1..=R::COLUMNS.len() + 5).map(|i| format!("?{i}")).collect();
            format!(
                "INSERT INTO {} ({}, id, office_id, created_at, modified_at, deleted_at) VALUES ({})",
                R::TABLE,
                R::COLUMNS.join(", "),
                placeholders.join(", ")
            )
        });
        let mut values = record.values();
        values.extend([
            text(id),
            text(self.office_id),
            Value::Integer(self.now),
            Value::Integer(self.now),
            Value::Null,
        ]);
        self.tx.prepare_cached(sql)?.execute(params_from_iter(values))?;
        Ok(())
    }

    /// Replaces a live record's fields. A record with errors is refused.
    pub fn update<R: StoredRecord>(&self, id: &str, record: &R) -> Result<()> {
        refuse_errors(record)?;
        let sets: Vec<String> =
            R::COLUMNS.iter().enumerate().map(|(i, c)| format!("{c} = ?{}", i + 1)).collect();
        let n = R::COLUMNS.len();
        let sql = format!(
            "UPDATE {} SET {}, modified_at = ?{} WHERE id = ?{} AND deleted_at IS NULL",
            R::TABLE,
            sets.join(", "),
            n + 1,
            n + 2
        );
        let mut values = record.values();
        values.extend([Value::Integer(self.now), text(id)]);
        let changed = self.tx.prepare_cached(&sql)?.execute(params_from_iter(values))?;
        if changed == 0 {
            return Err(WorkbookError::RecordNotFound);
        }
        Ok(())
    }

    /// Marks a record deleted (a tombstone that travels when workbooks merge).
    /// A facility that still has live projects or design supports is refused.
    pub fn delete(&self, kind: RecordKind, id: &str) -> Result<()> {
        if kind == RecordKind::Facility {
            let in_use: i64 = self.tx.query_row(
                "SELECT (SELECT COUNT(*) FROM projects WHERE facility_id = ?1 AND deleted_at IS NULL)
                      + (SELECT COUNT(*) FROM trainings WHERE facility_id = ?1 AND deleted_at IS NULL)
                      + (SELECT COUNT(*) FROM design_supports WHERE facility_id = ?1 AND deleted_at IS NULL)",
                [id],
                |r| r.get(0),
            )?;
            if in_use > 0 {
                return Err(WorkbookError::FacilityInUse(in_use as usize));
            }
        }
        self.set_deleted(kind, id, Some(self.now))
    }

    /// Brings back a deleted record (undo of a delete).
    pub fn restore(&self, kind: RecordKind, id: &str) -> Result<()> {
        self.set_deleted(kind, id, None)
    }

    fn set_deleted(&self, kind: RecordKind, id: &str, at: Option<i64>) -> Result<()> {
        let sql = format!("UPDATE {} SET deleted_at = ?1, modified_at = ?2 WHERE id = ?3", table_of(kind));
        let changed = self.tx.execute(&sql, (at, self.now, id))?;
        if changed == 0 {
            return Err(WorkbookError::RecordNotFound);
        }
        Ok(())
    }
}

impl Workbook {
    pub fn insert<R: StoredRecord>(&mut self, record: &R) -> Result<String> {
        self.write(|w| w.insert(record))
    }

    pub fn update<R: StoredRecord>(&mut self, id: &str, record: &R) -> Result<()> {
        self.write(|w| w.update(id, record))
    }

    pub fn delete(&mut self, kind: RecordKind, id: &str) -> Result<()> {
        self.write(|w| w.delete(kind, id))
    }

    pub fn restore(&mut self, kind: RecordKind, id: &str) -> Result<()> {
        self.write(|w| w.restore(kind, id))
    }

    /// One record by id, deleted or not.
    pub fn get<R: StoredRecord>(&self, id: &str) -> Result<Option<Stored<R>>> {
        let sql = select_sql::<R>("WHERE id = ?1");
        Ok(self.conn().query_row(&sql, [id], read_stored::<R>).optional()?)
    }

    /// Every live record of a kind, oldest first.
    pub fn list<R: StoredRecord>(&self) -> Result<Vec<Stored<R>>> {
        let sql = select_sql::<R>("WHERE deleted_at IS NULL ORDER BY created_at, rowid");
        let mut stmt = self.conn().prepare(&sql)?;
        let rows = stmt.query_map([], read_stored::<R>)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
