//! Reading and writing records. One generic implementation serves the four
//! record kinds; each kind only says how its fields map to columns
//! ([`super::kinds`]).

use std::cell::RefCell;
use std::collections::HashMap;

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params_from_iter};

use super::kinds::{KindVisitor, StoredRecord, table_of, text, with_kind};
use crate::domain::validate::Issue;
use crate::domain::{AnyRecord, Record, RecordKind};
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

impl<R: Record> Stored<R> {
    pub fn into_any(self) -> Stored<AnyRecord> {
        Stored { id: self.id, record: self.record.into_any(), meta: self.meta }
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

    /// Adds a record of any kind; returns its new id.
    pub fn insert_any(&self, record: &AnyRecord) -> Result<String> {
        match record {
            AnyRecord::Facility(r) => self.insert(r),
            AnyRecord::Project(r) => self.insert(r),
            AnyRecord::Training(r) => self.insert(r),
            AnyRecord::Design(r) => self.insert(r),
            AnyRecord::Plan(r) => self.insert(r),
        }
    }

    /// Replaces a live record's fields, whatever its kind.
    pub fn update_any(&self, id: &str, record: &AnyRecord) -> Result<()> {
        match record {
            AnyRecord::Facility(r) => self.update(id, r),
            AnyRecord::Project(r) => self.update(id, r),
            AnyRecord::Training(r) => self.update(id, r),
            AnyRecord::Design(r) => self.update(id, r),
            AnyRecord::Plan(r) => self.update(id, r),
        }
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

    pub fn update_any(&mut self, id: &str, record: &AnyRecord) -> Result<()> {
        self.write(|w| w.update_any(id, record))
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

    /// How many records the workbook holds at most, deleted ones included:
    /// the largest row id of each table, found without counting.
    pub fn record_estimate(&self) -> Result<i64> {
        let mut estimate = 0;
        for kind in RecordKind::ALL {
            let sql = format!("SELECT COALESCE(MAX(rowid), 0) FROM {}", table_of(kind));
            estimate += self.conn().query_row(&sql, [], |r| r.get::<_, i64>(0))?;
        }
        Ok(estimate)
    }

    /// One record of `kind` by id, deleted or not.
    pub fn get_any(&self, kind: RecordKind, id: &str) -> Result<Option<Stored<AnyRecord>>> {
        struct Get<'a>(&'a Workbook, &'a str);
        impl KindVisitor for Get<'_> {
            type Output = Result<Option<Stored<AnyRecord>>>;
            fn visit<R: StoredRecord>(self) -> Self::Output {
                Ok(self.0.get::<R>(self.1)?.map(Stored::into_any))
            }
            fn not_stored(self) -> Self::Output {
                Ok(None)
            }
        }
        with_kind(kind, Get(self, id))
    }

    /// Every live record of `kind`, oldest first.
    pub fn list_any(&self, kind: RecordKind) -> Result<Vec<Stored<AnyRecord>>> {
        struct List<'a>(&'a Workbook);
        impl KindVisitor for List<'_> {
            type Output = Result<Vec<Stored<AnyRecord>>>;
            fn visit<R: StoredRecord>(self) -> Self::Output {
                Ok(self.0.list::<R>()?.into_iter().map(Stored::into_any).collect())
            }
            fn not_stored(self) -> Self::Output {
                Ok(Vec::new())
            }
        }
        with_kind(kind, List(self))
    }
}
