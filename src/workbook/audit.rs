//! Records outside the limits of [`crate::domain::validate`], for `check`.
//!
//! The forms, the import and the merge refuse such values, but a workbook
//! written by an older version or by hand may hold them; it still opens and
//! reports (totals saturate), and this names the records so the officer can
//! correct them.

use rusqlite::Connection;

use crate::domain::fields::{self, FieldType};
use crate::domain::number::{format_date, format_int, format_million, in_lang};
use crate::domain::records::RecordKind;
use crate::domain::text::quote;
use crate::domain::validate::{
    MAX_DATE_YEAR, MAX_MONEY_VND, MAX_TRAINEES, MAX_YEAR, MIN_DATE_YEAR, MIN_YEAR,
};

use super::Result;
use crate::i18n::Lang;

/// The most records `out_of_limits` lists; the rest are only counted.
pub const MAX_LISTED: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutOfLimit {
    pub kind: RecordKind,
    pub id: String,
    /// What the officer knows the record by: code and title, name, product.
    pub label: String,
    pub field: Field,
    /// The stored value as SQLite writes it (whole đồng, ISO date, ms).
    pub value: String,
}

/// A checked field: a column of the record (its key in
/// [`crate::domain::fields`]) or one of its times.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Column(&'static str),
    Created,
    Modified,
}

/// Records outside the limits, at most [`MAX_LISTED`], and how many there
/// are in all.
pub fn out_of_limits(conn: &Connection, now_ms: i64) -> Result<(Vec<OutOfLimit>, usize)> {
    let mut listed = Vec::new();
    let mut total = 0;
    for (kind, table, label) in TABLES {
        for check in checks(kind, now_ms) {
            let where_clause = format!("deleted_at IS NULL AND ({})", check.condition);
            let count: i64 =
                conn.query_row(&format!("SELECT COUNT(*) FROM {table} WHERE {where_clause}"), [], |r| {
                    r.get(0)
                })?;
            total += usize::try_from(count).unwrap_or(0);
            let room = MAX_LISTED.saturating_sub(listed.len());
            if count == 0 || room == 0 {
                continue;
            }
            let sql = format!(
                "SELECT id, {label}, CAST({} AS TEXT) FROM {table} WHERE {where_clause} ORDER BY id LIMIT {room}",
                check.column
            );
            let mut stmt = conn.prepare(&sql)?;
            let rows = stmt.query_map([], |r| {
                Ok(OutOfLimit {
                    kind,
                    id: r.get(0)?,
                    label: r.get(1)?,
                    field: check.field,
                    value: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                })
            })?;
            for row in rows {
                listed.push(row?);
            }
        }
    }
    Ok((listed, total))
}

const TABLES: [(RecordKind, &str, &str); 5] = [
    (RecordKind::Facility, "facilities", "name"),
    (RecordKind::Project, "projects", "trim(code || ' ' || title)"),
    (RecordKind::Training, "trainings", "name"),
    (RecordKind::Design, "design_supports", "product"),
    (RecordKind::Plan, "plans", "title"),
];

struct Check {
    field: Field,
    column: &'static str,
    /// SQL that is true for a record outside the limits.
    condition: String,
}

fn checks(kind: RecordKind, now_ms: i64) -> Vec<Check> {
    let money = |key, column| Check {
        field: Field::Column(key),
        column,
        condition: format!("{column} > {MAX_MONEY_VND} OR {column} < 0"),
    };
    let year = Check {
        field: Field::Column("nam"),
        column: "year",
        condition: format!("year < {MIN_YEAR} OR year > {MAX_YEAR}"),
    };
    let date = |key, column| Check {
        field: Field::Column(key),
        column,
        condition: format!(
            "{column} IS NOT NULL AND CAST(substr({column}, 1, 4) AS INTEGER) NOT BETWEEN {MIN_DATE_YEAR} AND {MAX_DATE_YEAR}"
        ),
    };
    // A day of clock difference between offices is allowed.
    let latest = now_ms.saturating_add(24 * 3_600_000);
    let time = |field, column| Check {
        field,
        column,
        condition: format!("{column} NOT BETWEEN {EARLIEST_MS} AND {latest}"),
    };
    let mut out = vec![time(Field::Created, "created_at"), time(Field::Modified, "modified_at")];
    match kind {
        RecordKind::Facility => {}
        RecordKind::Project => out.extend([
            year,
            money("kinh_phi_ho_tro", "support_vnd"),
            money("von_doi_ung", "counterpart_vnd"),
            date("ngay_phe_duyet", "approved_on"),
            date("ngay_nghiem_thu", "accepted_on"),
        ]),
        RecordKind::Training => out.extend([
            year,
            money("kinh_phi", "cost_vnd"),
            Check {
                field: Field::Column("so_hoc_vien"),
                column: "trainees",
                condition: format!("trainees > {MAX_TRAINEES} OR trainees < 0"),
            },
            Check {
                field: Field::Column("so_hoc_vien_nu"),
                column: "female_trainees",
                condition: "female_trainees > trainees".to_owned(),
            },
            date("tu_ngay", "start_on"),
            date("den_ngay", "end_on"),
        ]),
        RecordKind::Design => out.extend([year, money("kinh_phi_ho_tro", "support_vnd")]),
        RecordKind::PlanLine => {}
        RecordKind::Plan => out.extend([
            Check {
                field: Field::Column("tu_nam"),
                column: "from_year",
                condition: format!("from_year < {MIN_YEAR} OR from_year > {MAX_YEAR}"),
            },
            Check {
                field: Field::Column("den_nam"),
                column: "to_year",
                condition: format!("to_year < from_year OR to_year > {MAX_YEAR}"),
            },
            date("ngay_quyet_dinh", "decided_on"),
        ]),
    }
    out
}

/// 01/01/1990 00:00 UTC: no record of the programme is older.
const EARLIEST_MS: i64 = 631_152_000_000;

impl OutOfLimit {
    /// One line for the officer: "đề án «DA-01 Máy sấy»: Kinh phí hỗ trợ
    /// (triệu đồng) = 9.223.372.036.854,775807".
    pub fn describe(&self, lang: Lang) -> String {
        let field = match self.field {
            Field::Created => lang.pick("Thời điểm tạo", "Created"),
            Field::Modified => lang.pick("Thời điểm sửa", "Modified"),
            Field::Column(key) => {
                fields::columns(self.kind).iter().find(|c| c.key == key).map_or(key, |c| c.label.get(lang))
            }
        };
        format!("{} «{}»: {field} = {}", self.kind.singular(lang), quote(&self.label), self.shown_value(lang))
    }

    fn shown_value(&self, lang: Lang) -> String {
        let column = match self.field {
            Field::Created | Field::Modified => {
                return match self
                    .value
                    .parse::<i64>()
                    .ok()
                    .and_then(|ms| jiff::Timestamp::from_millisecond(ms).ok())
                {
                    Some(t) => t.strftime("%d/%m/%Y %H:%M UTC").to_string(),
                    None => quote(&self.value),
                };
            }
            Field::Column(key) => fields::columns(self.kind).iter().find(|c| c.key == key),
        };
        let number = self.value.parse::<i64>().ok();
        match (column.map(|c| c.ty), number) {
            (Some(FieldType::Money), Some(dong)) => in_lang(format_million(dong), lang),
            (Some(FieldType::Date), _) => match jiff::civil::Date::strptime("%Y-%m-%d", &self.value) {
                Ok(date) => format_date(date),
                Err(_) => quote(&self.value),
            },
            (_, Some(n)) => in_lang(format_int(n), lang),
            (_, None) => quote(&self.value),
        }
    }
}
