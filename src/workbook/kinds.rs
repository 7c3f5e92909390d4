//! How each record kind maps to its table: the four [`StoredRecord`] impls
//! side by side, and [`with_kind`], the one place that turns a kind chosen
//! at run time into its record type.

use jiff::civil::Date;
use rusqlite::Row;
use rusqlite::types::Value;

use crate::domain::codes::Code;
use crate::domain::duplicates::{KeyFields, Keys};
use crate::domain::plan::{Plan, lines_from_json, lines_to_json};
use crate::domain::validate::{self, Issue};
use crate::domain::{AnyRecord, DesignSupport, Facility, Project, Record, RecordKind, Training};

/// How one record kind maps to its table.
pub trait StoredRecord: Record {
    const TABLE: &'static str;
    /// The record's own columns, in the order of `values` and `read`.
    const COLUMNS: &'static [&'static str];
    /// The column that names a record to the officer.
    const LABEL_COLUMN: &'static str;
    fn values(&self) -> Vec<Value>;
    fn read(row: &Row<'_>) -> rusqlite::Result<Self>;
    /// Errors and warnings by the domain's rules.
    fn check(&self) -> Vec<Issue>;
}

/// Work to do with the record type of a kind chosen at run time (see [`with_kind`]).
pub trait KindVisitor {
    type Output;
    fn visit<R: StoredRecord>(self) -> Self::Output;
    /// For a kind a workbook does not keep ([`RecordKind::PlanLine`]).
    fn not_stored(self) -> Self::Output;
}

/// Calls `visitor` with the record type of `kind`: code about any kind is
/// written once, generically, and a new kind adds an arm here.
pub fn with_kind<V: KindVisitor>(kind: RecordKind, visitor: V) -> V::Output {
    match kind {
        RecordKind::Facility => visitor.visit::<Facility>(),
        RecordKind::Project => visitor.visit::<Project>(),
        RecordKind::Training => visitor.visit::<Training>(),
        RecordKind::Design => visitor.visit::<DesignSupport>(),
        RecordKind::Plan => visitor.visit::<Plan>(),
        RecordKind::PlanLine => visitor.not_stored(),
    }
}

/// Where the records of a kind are kept.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    pub table: &'static str,
    /// The record's own columns (see [`StoredRecord::COLUMNS`]).
    pub columns: &'static [&'static str],
    pub label_column: &'static str,
}

pub fn layout(kind: RecordKind) -> Layout {
    struct Of;
    impl KindVisitor for Of {
        type Output = Layout;
        fn visit<R: StoredRecord>(self) -> Layout {
            Layout { table: R::TABLE, columns: R::COLUMNS, label_column: R::LABEL_COLUMN }
        }
        fn not_stored(self) -> Layout {
            Layout { table: "", columns: &[], label_column: "" }
        }
    }
    with_kind(kind, Of)
}

pub fn table_of(kind: RecordKind) -> &'static str {
    layout(kind).table
}

pub(super) fn text(s: &str) -> Value {
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

/// A record's values in the order of its kind's columns.
pub fn values_of(record: &AnyRecord) -> Vec<Value> {
    match record {
        AnyRecord::Facility(r) => r.values(),
        AnyRecord::Project(r) => r.values(),
        AnyRecord::Training(r) => r.values(),
        AnyRecord::Design(r) => r.values(),
        AnyRecord::Plan(r) => r.values(),
    }
}

/// The columns the duplicate rules read of a stored record of `kind`, in
/// the order [`read_keys`] expects them: far fewer than the record's, as
/// a merge keys every live record of the workbook.
pub fn key_columns(kind: RecordKind) -> &'static [&'static str] {
    match kind {
        RecordKind::Facility => &["tax_code", "name", "commune"],
        RecordKind::Project => &["code", "title", "year", "facility_id", "decision_no"],
        RecordKind::Training => &["name", "year", "facility_id", "start_on"],
        RecordKind::Design => &["year", "facility_id", "product", "form"],
        RecordKind::Plan => &["decision_no", "title", "from_year", "to_year"],
        RecordKind::PlanLine => &[],
    }
}

/// The duplicate keys of a row selected with [`key_columns`] first.
pub fn read_keys(kind: RecordKind, r: &Row<'_>) -> rusqlite::Result<Keys> {
    let text = |i: usize| -> rusqlite::Result<&str> { Ok(r.get_ref(i)?.as_str_or_null()?.unwrap_or("")) };
    let facility = |i: usize| -> rusqlite::Result<Option<&str>> { Ok(r.get_ref(i)?.as_str_or_null()?) };
    let fields = match kind {
        RecordKind::PlanLine => return Ok(Keys::of_fields(&KeyFields::None)),
        RecordKind::Facility => KeyFields::Facility { tax_code: text(0)?, name: text(1)?, commune: text(2)? },
        RecordKind::Project => KeyFields::Project {
            code: text(0)?,
            title: text(1)?,
            year: get_year(r, 2)?,
            facility: facility(3)?,
            decision_no: text(4)?,
        },
        RecordKind::Training => KeyFields::Training {
            name: text(0)?,
            year: get_year(r, 1)?,
            facility: facility(2)?,
            start_on: get_date(r, 3)?,
        },
        RecordKind::Design => KeyFields::Design {
            year: get_year(r, 0)?,
            facility: facility(1)?,
            product: text(2)?,
            form: get_code(r, 3)?,
        },
        RecordKind::Plan => KeyFields::Plan {
            decision_no: text(0)?,
            title: text(1)?,
            from_year: get_year(r, 2)?,
            to_year: get_year(r, 3)?,
        },
    };
    Ok(Keys::of_fields(&fields))
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
    const TABLE: &'static str = "facilities";
    const LABEL_COLUMN: &'static str = "name";
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
    const TABLE: &'static str = "projects";
    const LABEL_COLUMN: &'static str = "title";
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
    const TABLE: &'static str = "trainings";
    const LABEL_COLUMN: &'static str = "name";
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
    const TABLE: &'static str = "design_supports";
    const LABEL_COLUMN: &'static str = "product";
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

impl StoredRecord for Plan {
    const TABLE: &'static str = "plans";
    const LABEL_COLUMN: &'static str = "title";
    const COLUMNS: &'static [&'static str] = &[
        "kind",
        "title",
        "from_year",
        "to_year",
        "decision_no",
        "decided_on",
        "approved_by",
        "lines",
        "note",
    ];
    fn values(&self) -> Vec<Value> {
        vec![
            text(self.kind.code()),
            text(&self.title),
            Value::Integer(self.from_year.into()),
            Value::Integer(self.to_year.into()),
            text(&self.decision_no),
            date_value(self.decided_on),
            text(&self.approved_by),
            Value::Text(lines_to_json(&self.lines)),
            text(&self.note),
        ]
    }
    fn read(r: &Row<'_>) -> rusqlite::Result<Self> {
        let lines: String = r.get(7)?;
        Ok(Plan {
            kind: get_code(r, 0)?,
            title: r.get(1)?,
            from_year: get_year(r, 2)?,
            to_year: get_year(r, 3)?,
            decision_no: r.get(4)?,
            decided_on: get_date(r, 5)?,
            approved_by: r.get(6)?,
            lines: lines_from_json(&lines).map_err(|e| conversion_error(7, format!("plan lines: {e:?}")))?,
            note: r.get(8)?,
        })
    }
    fn check(&self) -> Vec<Issue> {
        validate::check_plan(self)
    }
}
