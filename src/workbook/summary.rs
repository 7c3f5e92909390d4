//! Totals for a range of years, computed by SQL aggregates (never from rows
//! in memory): the figures of `khuyencong summary`, the report and the charts.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::domain::Code;
use crate::domain::codes::{FundingSource, ProjectContent, TrainingKind};
use crate::domain::validate::{MAX_YEAR, MIN_YEAR};
use crate::workbook::{Result, Workbook};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Money {
    pub count: i64,
    pub support_vnd: i64,
    pub counterpart_vnd: i64,
}

impl Money {
    fn add(&mut self, count: i64, support: i64, counterpart: i64) {
        self.count += count;
        self.support_vnd += support;
        self.counterpart_vnd += counterpart;
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ProjectTotals {
    pub count: i64,
    pub support_vnd: i64,
    pub counterpart_vnd: i64,
    pub by_source: BTreeMap<String, Money>,
    pub by_kind: BTreeMap<String, Money>,
    pub by_source_kind: BTreeMap<String, BTreeMap<String, Money>>,
}

impl ProjectTotals {
    /// Number of projects of one funding source.
    pub fn of_source(&self, source: FundingSource) -> i64 {
        self.by_source.get(source.code()).map(|m| m.count).unwrap_or(0)
    }

    /// Totals of one funding source and one content (zero when absent).
    pub fn of(&self, source: FundingSource, content: ProjectContent) -> Money {
        self.by_source_kind
            .get(source.code())
            .and_then(|m| m.get(content.code()))
            .copied()
            .unwrap_or_default()
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct People {
    pub count: i64,
    pub trainees: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct TrainingTotals {
    pub count: i64,
    pub trainees: i64,
    pub by_kind: BTreeMap<String, People>,
}

impl TrainingTotals {
    pub fn of(&self, kind: TrainingKind) -> People {
        self.by_kind.get(kind.code()).copied().unwrap_or_default()
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct DesignTotals {
    pub count: i64,
    /// Distinct facilities supported.
    pub facilities: i64,
    pub support_vnd: i64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct FacilityTotals {
    /// Every live facility of the workbook, whatever the years.
    pub count: i64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct YearTotals {
    pub year: i32,
    pub projects: i64,
    pub support_vnd: i64,
    pub counterpart_vnd: i64,
    pub trainings: i64,
    pub trainees: i64,
    pub design_supports: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub from: i32,
    pub to: i32,
    pub projects: ProjectTotals,
    pub trainings: TrainingTotals,
    pub design_supports: DesignTotals,
    pub facilities: FacilityTotals,
    pub by_year: Vec<YearTotals>,
}

impl Workbook {
    /// The years that hold records, (first, last); `None` for an empty workbook.
    pub fn year_span(&self) -> Result<Option<(i32, i32)>> {
        let span: (Option<i32>, Option<i32>) = self.conn().query_row(
            "SELECT MIN(y), MAX(y) FROM (
                SELECT year AS y FROM projects WHERE deleted_at IS NULL
                UNION ALL SELECT year FROM trainings WHERE deleted_at IS NULL
                UNION ALL SELECT year FROM design_supports WHERE deleted_at IS NULL)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok(match span {
            (Some(a), Some(b)) => Some((a, b)),
            _ => None,
        })
    }

    /// Totals of live records whose year is in `from..=to`. Missing ends
    /// default to the first and last year holding records.
    pub fn summary(&self, from: Option<i32>, to: Option<i32>) -> Result<Summary> {
        let this_year = jiff::Zoned::now().year().into();
        let span = self.year_span()?.unwrap_or((this_year, this_year));
        // Years outside the rules' range hold no records; clamping keeps the
        // per-year table small whatever is asked.
        let from = from.unwrap_or(span.0).clamp(MIN_YEAR, MAX_YEAR);
        let to = to.unwrap_or(span.1).clamp(MIN_YEAR, MAX_YEAR).max(from);
        let conn = self.conn();
        let mut s = Summary { from, to, ..Summary::default() };
        let mut years: BTreeMap<i32, YearTotals> =
            (from..=to).map(|y| (y, YearTotals { year: y, ..Default::default() })).collect();

        for source in FundingSource::ALL {
            s.projects.by_source.insert(source.code().to_string(), Money::default());
        }
        for content in ProjectContent::ALL {
            s.projects.by_kind.insert(content.code().to_string(), Money::default());
        }
        let mut stmt = conn.prepare_cached(
            "SELECT year, source, content, COUNT(*), SUM(support_vnd), SUM(counterpart_vnd)
             FROM projects WHERE deleted_at IS NULL AND year BETWEEN ?1 AND ?2
             GROUP BY year, source, content",
        )?;
        let mut rows = stmt.query((from, to))?;
        while let Some(r) = rows.next()? {
            let (year, source, content): (i32, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
            let (n, support, counterpart): (i64, i64, i64) = (r.get(3)?, r.get(4)?, r.get(5)?);
            s.projects.count += n;
            s.projects.support_vnd += support;
            s.projects.counterpart_vnd += counterpart;
            s.projects.by_source.entry(source.clone()).or_default().add(n, support, counterpart);
            s.projects.by_kind.entry(content.clone()).or_default().add(n, support, counterpart);
            s.projects.by_source_kind.entry(source).or_default().entry(content).or_default().add(
                n,
                support,
                counterpart,
            );
            if let Some(y) = years.get_mut(&year) {
                y.projects += n;
                y.support_vnd += support;
                y.counterpart_vnd += counterpart;
            }
        }

        for kind in TrainingKind::ALL {
            s.trainings.by_kind.insert(kind.code().to_string(), People::default());
        }
        let mut stmt = conn.prepare_cached(
            "SELECT year, kind, COUNT(*), SUM(trainees) FROM trainings
             WHERE deleted_at IS NULL AND year BETWEEN ?1 AND ?2 GROUP BY year, kind",
        )?;
        let mut rows = stmt.query((from, to))?;
        while let Some(r) = rows.next()? {
            let (year, kind, n, trainees): (i32, String, i64, i64) =
                (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
            s.trainings.count += n;
            s.trainings.trainees += trainees;
            let k = s.trainings.by_kind.entry(kind).or_default();
            k.count += n;
            k.trainees += trainees;
            if let Some(y) = years.get_mut(&year) {
                y.trainings += n;
                y.trainees += trainees;
            }
        }

        let mut stmt = conn.prepare_cached(
            "SELECT year, COUNT(*), SUM(support_vnd) FROM design_supports
             WHERE deleted_at IS NULL AND year BETWEEN ?1 AND ?2 GROUP BY year",
        )?;
        let mut rows = stmt.query((from, to))?;
        while let Some(r) = rows.next()? {
            let (year, n, support): (i32, i64, i64) = (r.get(0)?, r.get(1)?, r.get(2)?);
            s.design_supports.count += n;
            s.design_supports.support_vnd += support;
            if let Some(y) = years.get_mut(&year) {
                y.design_supports += n;
            }
        }
        s.design_supports.facilities = conn.query_row(
            "SELECT COUNT(DISTINCT facility_id) FROM design_supports
             WHERE deleted_at IS NULL AND year BETWEEN ?1 AND ?2",
            (from, to),
            |r| r.get(0),
        )?;
        s.facilities.count =
            conn.query_row("SELECT COUNT(*) FROM facilities WHERE deleted_at IS NULL", [], |r| r.get(0))?;
        s.by_year = years.into_values().collect();
        Ok(s)
    }
}
