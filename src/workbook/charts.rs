//! The numbers behind the overview's charts, from SQL aggregates (GROUP BY),
//! never from rows in memory: a chart of 100.000 projects is a few dozen bars.

use std::collections::BTreeMap;

use rusqlite::types::Value;

use crate::domain::Code;
use crate::domain::codes::{ProjectContent, Sector, TrainingKind};
use crate::domain::validate::{MAX_YEAR, MIN_YEAR};
use crate::workbook::{Result, Workbook};

/// What the charts are drawn for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChartFilter {
    pub from: i32,
    pub to: i32,
    /// A funding source code (projects, trainings and design support that have one).
    pub source: Option<&'static str>,
    /// A district or a commune.
    pub place: Option<String>,
    /// A project content code (projects only).
    pub content: Option<&'static str>,
}

/// Per-year series: one value per year of `ChartData::years`.
pub type Series = Vec<i64>;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChartData {
    pub years: Vec<i32>,
    /// Support per year, by funding source code.
    pub support: BTreeMap<&'static str, Series>,
    /// Counterpart per year, by funding source code.
    pub counterpart: BTreeMap<&'static str, Series>,
    /// Number of projects per year, by content code.
    pub projects: BTreeMap<&'static str, Series>,
    /// Classes per year, by training kind code.
    pub classes: BTreeMap<&'static str, Series>,
    /// Trainees per year, by training kind code.
    pub trainees: BTreeMap<&'static str, Series>,
    /// Distinct facilities given design support per year.
    pub design_facilities: Series,
    /// Support by district (before July 2025) or commune, largest first.
    pub support_by_place: Vec<(String, i64)>,
    /// Support by the facility's sector code ("" when unknown), largest first.
    pub support_by_sector: Vec<(&'static str, i64)>,
    /// Key figures over the whole range.
    pub total_projects: i64,
    pub total_support: i64,
    pub total_counterpart: i64,
    pub total_trainees: i64,
    pub total_design_facilities: i64,
}

impl ChartData {
    /// Support of all sources in each year.
    pub fn support_per_year(&self) -> Series {
        sum_series(self.support.values(), self.years.len())
    }

    pub fn counterpart_per_year(&self) -> Series {
        sum_series(self.counterpart.values(), self.years.len())
    }

    /// Running totals of support and counterpart since the first year.
    pub fn cumulative(&self) -> (Series, Series) {
        let running = |s: Series| {
            let mut total = 0;
            s.into_iter()
                .map(|v| {
                    total += v;
                    total
                })
                .collect()
        };
        (running(self.support_per_year()), running(self.counterpart_per_year()))
    }

    /// Counterpart raised per đồng of support, per year (`None` without support).
    pub fn leverage(&self) -> Vec<Option<f64>> {
        self.support_per_year()
            .into_iter()
            .zip(self.counterpart_per_year())
            .map(|(s, c)| (s > 0).then(|| c as f64 / s as f64))
            .collect()
    }
}

fn sum_series<'a>(series: impl Iterator<Item = &'a Series>, n: usize) -> Series {
    let mut out = vec![0; n];
    for s in series {
        for (o, v) in out.iter_mut().zip(s) {
            *o += v;
        }
    }
    out
}

/// Maps a stored code to its `'static` form (unknown codes are skipped).
fn known<C: Code>(code: &str) -> Option<&'static str> {
    C::from_code(code).map(|c| c.code())
}

fn known_source(code: &str) -> Option<&'static str> {
    known::<crate::domain::codes::FundingSource>(code)
}

impl Workbook {
    /// The charts' numbers for `filter`.
    pub fn chart_data(&self, filter: &ChartFilter) -> Result<ChartData> {
        let from = filter.from.clamp(MIN_YEAR, MAX_YEAR);
        let to = filter.to.clamp(MIN_YEAR, MAX_YEAR).max(from);
        let years: Vec<i32> = (from..=to).collect();
        let n = years.len();
        let slot = |year: i32| usize::try_from(year - from).ok().filter(|i| *i < n);
        let mut d = ChartData { years: years.clone(), design_facilities: vec![0; n], ..Default::default() };

        // Conditions shared by the three kinds; parameters ?1..?5 in every query.
        let params: Vec<Value> = vec![
            Value::Integer(from.into()),
            Value::Integer(to.into()),
            filter.source.map(|s| Value::Text(s.into())).unwrap_or(Value::Null),
            filter.place.clone().map(Value::Text).unwrap_or(Value::Null),
            filter.content.map(|s| Value::Text(s.into())).unwrap_or(Value::Null),
        ];
        let common = "t.deleted_at IS NULL AND t.year BETWEEN ?1 AND ?2
             AND (?3 IS NULL OR t.source = ?3)
             AND (?4 IS NULL OR t.district = ?4 OR t.commune = ?4)";
        let conn = self.conn();

        let sql = format!(
            "SELECT t.year, t.source, t.content, COUNT(*), SUM(t.support_vnd), SUM(t.counterpart_vnd)
             FROM projects t WHERE {common} AND (?5 IS NULL OR t.content = ?5)
             GROUP BY t.year, t.source, t.content"
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(params.iter()))?;
        while let Some(r) = rows.next()? {
            let (year, source, content): (i32, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
            let (count, support, counterpart): (i64, i64, i64) = (r.get(3)?, r.get(4)?, r.get(5)?);
            let (Some(i), Some(source), Some(content)) =
                (slot(year), known_source(&source), known::<ProjectContent>(&content))
            else {
                continue;
            };
            d.support.entry(source).or_insert_with(|| vec![0; n])[i] += support;
            d.counterpart.entry(source).or_insert_with(|| vec![0; n])[i] += counterpart;
            d.projects.entry(content).or_insert_with(|| vec![0; n])[i] += count;
            d.total_projects += count;
            d.total_support += support;
            d.total_counterpart += counterpart;
        }

        let sql = format!(
            "SELECT t.year, t.kind, COUNT(*), SUM(t.trainees) FROM trainings t
             WHERE {common} AND ?5 IS ?5 GROUP BY t.year, t.kind"
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(params.iter()))?;
        while let Some(r) = rows.next()? {
            let (year, kind, count, trainees): (i32, String, i64, i64) =
                (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
            let (Some(i), Some(kind)) = (slot(year), known::<TrainingKind>(&kind)) else { continue };
            d.classes.entry(kind).or_insert_with(|| vec![0; n])[i] += count;
            d.trainees.entry(kind).or_insert_with(|| vec![0; n])[i] += trainees;
            d.total_trainees += trainees;
        }

        let sql = format!(
            "SELECT t.year, COUNT(DISTINCT t.facility_id) FROM design_supports t
             WHERE {common} AND ?5 IS ?5 GROUP BY t.year"
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(params.iter()))?;
        while let Some(r) = rows.next()? {
            let (year, facilities): (i32, i64) = (r.get(0)?, r.get(1)?);
            if let Some(i) = slot(year) {
                d.design_facilities[i] += facilities;
            }
        }
        let sql = format!(
            "SELECT COUNT(DISTINCT t.facility_id) FROM design_supports t WHERE {common} AND ?5 IS ?5"
        );
        d.total_design_facilities =
            conn.prepare_cached(&sql)?.query_row(rusqlite::params_from_iter(params.iter()), |r| r.get(0))?;

        // Where the support went: the district before the merger, else the commune.
        let sql = format!(
            "SELECT CASE WHEN t.district <> '' THEN t.district WHEN t.commune <> '' THEN t.commune ELSE '' END AS place,
                    SUM(t.support_vnd)
             FROM projects t WHERE {common} AND (?5 IS NULL OR t.content = ?5)
             GROUP BY place ORDER BY SUM(t.support_vnd) DESC, place"
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(params.iter()))?;
        while let Some(r) = rows.next()? {
            d.support_by_place.push((r.get(0)?, r.get(1)?));
        }

        let sql = format!(
            "SELECT COALESCE(f.sector, ''), SUM(t.support_vnd)
             FROM projects t LEFT JOIN facilities f ON f.id = t.facility_id
             WHERE {common} AND (?5 IS NULL OR t.content = ?5)
             GROUP BY COALESCE(f.sector, '') ORDER BY SUM(t.support_vnd) DESC"
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(params.iter()))?;
        while let Some(r) = rows.next()? {
            let (sector, support): (String, i64) = (r.get(0)?, r.get(1)?);
            let code = if sector.is_empty() { Some("") } else { known::<Sector>(&sector) };
            if let Some(code) = code {
                d.support_by_sector.push((code, support));
            }
        }
        Ok(d)
    }
}
