//! Totals for a range of years, computed by SQL aggregates (never from rows
//! in memory): the figures of `khuyencong summary`, the report and the charts.

use std::collections::{BTreeMap, HashSet};

use rusqlite::OptionalExtension;
use serde::Serialize;

use crate::domain::Code;
use crate::domain::codes::{FundingSource, ProjectContent, TrainingKind};
use crate::domain::validate::{MAX_YEAR, MIN_YEAR};
use crate::domain::{DesignSupport, Project, Training};
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
        self.support_vnd = self.support_vnd.saturating_add(support);
        self.counterpart_vnd = self.counterpart_vnd.saturating_add(counterpart);
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
        // Each end read from a year index, a few rows whatever the workbook's
        // size: the lists ask again after every edit.
        let mut span: Option<(i32, i32)> = None;
        for table in ["projects", "trainings", "design_supports"] {
            for order in ["ASC", "DESC"] {
                let sql = format!(
                    "SELECT year FROM {table} WHERE deleted_at IS NULL ORDER BY year {order} LIMIT 1"
                );
                let year: Option<i32> =
                    self.conn().prepare_cached(&sql)?.query_row([], |r| r.get(0)).optional()?;
                if let Some(y) = year {
                    span = Some(span.map_or((y, y), |(a, b)| (a.min(y), b.max(y))));
                }
            }
        }
        Ok(span)
    }

    /// Totals of live records whose year is in `from..=to`. Missing ends
    /// default to the first and last year holding records.
    /// The years of the records, or this year alone when there are none:
    /// what a summary covers by default.
    pub fn summary_span(&self) -> Result<(i32, i32)> {
        let this_year = jiff::Zoned::now().year().into();
        Ok(self.year_span()?.unwrap_or((this_year, this_year)))
    }

    pub fn summary(&self, from: Option<i32>, to: Option<i32>) -> Result<Summary> {
        let span = self.summary_span()?;
        let mut t = Tally::new(from.unwrap_or(span.0), to.unwrap_or(span.1));
        let (from, to) = (t.s.from, t.s.to);
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT year, source, content, COUNT(*), sum_vnd(support_vnd), sum_vnd(counterpart_vnd)
             FROM projects WHERE deleted_at IS NULL AND year BETWEEN ?1 AND ?2
             GROUP BY year, source, content",
        )?;
        let mut rows = stmt.query((from, to))?;
        while let Some(r) = rows.next()? {
            let (year, source, content): (i32, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
            t.projects(year, source, content, r.get(3)?, r.get(4)?, r.get(5)?);
        }
        let mut stmt = conn.prepare_cached(
            "SELECT year, kind, COUNT(*), sum_vnd(trainees) FROM trainings
             WHERE deleted_at IS NULL AND year BETWEEN ?1 AND ?2 GROUP BY year, kind",
        )?;
        let mut rows = stmt.query((from, to))?;
        while let Some(r) = rows.next()? {
            t.trainings(r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
        }
        let mut stmt = conn.prepare_cached(
            "SELECT year, COUNT(*), sum_vnd(support_vnd) FROM design_supports
             WHERE deleted_at IS NULL AND year BETWEEN ?1 AND ?2 GROUP BY year",
        )?;
        let mut rows = stmt.query((from, to))?;
        while let Some(r) = rows.next()? {
            t.designs(r.get(0)?, r.get(1)?, r.get(2)?);
        }
        let design_facilities = conn.query_row(
            "SELECT COUNT(DISTINCT facility_id) FROM design_supports
             WHERE deleted_at IS NULL AND year BETWEEN ?1 AND ?2",
            (from, to),
            |r| r.get(0),
        )?;
        let facilities =
            conn.query_row("SELECT COUNT(*) FROM facilities WHERE deleted_at IS NULL", [], |r| r.get(0))?;
        Ok(t.finish(design_facilities, facilities))
    }
}

impl Summary {
    /// The same totals as [`Workbook::summary`] for `from..=to`, counted from
    /// live records already in memory (the window's lists), so that an edit
    /// is followed by a few milliseconds of counting instead of queries over
    /// every row. `facilities` is the number of live facilities.
    pub fn from_records<'a>(
        from: i32,
        to: i32,
        projects: impl IntoIterator<Item = &'a Project>,
        trainings: impl IntoIterator<Item = &'a Training>,
        designs: impl IntoIterator<Item = &'a DesignSupport>,
        facilities: i64,
    ) -> Summary {
        let mut t = Tally::new(from, to);
        let first = t.s.from;
        let n = (t.s.to - first + 1) as usize;
        let year = |y: i32| usize::try_from(y - first).ok().filter(|i| *i < n);
        // Sums by year and codes first (what SQL's GROUP BY gives), indexed by
        // the codes' positions: no map look-up per record.
        let (sources, contents, kinds) = (FundingSource::ALL, ProjectContent::ALL, TrainingKind::ALL);
        let mut groups = vec![[0i64; 3]; n * sources.len() * contents.len()];
        for p in projects {
            if let Some(i) = year(p.year) {
                let g = &mut groups
                    [(i * sources.len() + p.source as usize) * contents.len() + p.content as usize];
                g[0] += 1;
                g[1] = g[1].saturating_add(p.support_vnd);
                g[2] = g[2].saturating_add(p.counterpart_vnd);
            }
        }
        for (at, [count, support, counterpart]) in groups.into_iter().enumerate() {
            if count > 0 {
                let (i, rest) =
                    (at / (sources.len() * contents.len()), at % (sources.len() * contents.len()));
                let (source, content) = (sources[rest / contents.len()], contents[rest % contents.len()]);
                let (source, content) = (source.code().to_string(), content.code().to_string());
                t.projects(first + i as i32, source, content, count, support, counterpart);
            }
        }
        let mut classes = vec![[0i64; 2]; n * kinds.len()];
        for r in trainings {
            if let Some(i) = year(r.year) {
                let c = &mut classes[i * kinds.len() + r.kind as usize];
                c[0] += 1;
                c[1] = c[1].saturating_add(r.trainees);
            }
        }
        for (at, [count, trainees]) in classes.into_iter().enumerate() {
            if count > 0 {
                let kind = kinds[at % kinds.len()].code().to_string();
                t.trainings(first + (at / kinds.len()) as i32, kind, count, trainees);
            }
        }
        let mut supports = vec![[0i64; 2]; n];
        let mut supported = HashSet::new();
        for d in designs {
            if let Some(i) = year(d.year) {
                supports[i][0] += 1;
                supports[i][1] = supports[i][1].saturating_add(d.support_vnd);
                supported.insert(d.facility_id.as_str());
            }
        }
        for (i, [count, support]) in supports.into_iter().enumerate() {
            if count > 0 {
                t.designs(first + i as i32, count, support);
            }
        }
        t.finish(supported.len() as i64, facilities)
    }
}

/// Adds up groups of records (from SQL) or single records (from memory) the same way.
struct Tally {
    s: Summary,
    years: BTreeMap<i32, YearTotals>,
}

impl Tally {
    fn new(from: i32, to: i32) -> Tally {
        // Years outside the rules' range hold no records; clamping keeps the
        // per-year table small whatever is asked.
        let from = from.clamp(MIN_YEAR, MAX_YEAR);
        let to = to.clamp(MIN_YEAR, MAX_YEAR).max(from);
        let mut s = Summary { from, to, ..Summary::default() };
        for source in FundingSource::ALL {
            s.projects.by_source.insert(source.code().to_string(), Money::default());
        }
        for content in ProjectContent::ALL {
            s.projects.by_kind.insert(content.code().to_string(), Money::default());
        }
        for kind in TrainingKind::ALL {
            s.trainings.by_kind.insert(kind.code().to_string(), People::default());
        }
        let years = (from..=to).map(|y| (y, YearTotals { year: y, ..Default::default() })).collect();
        Tally { s, years }
    }

    fn projects(
        &mut self,
        year: i32,
        source: String,
        content: String,
        n: i64,
        support: i64,
        counterpart: i64,
    ) {
        let p = &mut self.s.projects;
        p.count += n;
        p.support_vnd = p.support_vnd.saturating_add(support);
        p.counterpart_vnd = p.counterpart_vnd.saturating_add(counterpart);
        p.by_source.entry(source.clone()).or_default().add(n, support, counterpart);
        p.by_kind.entry(content.clone()).or_default().add(n, support, counterpart);
        p.by_source_kind.entry(source).or_default().entry(content).or_default().add(n, support, counterpart);
        if let Some(y) = self.years.get_mut(&year) {
            y.projects += n;
            y.support_vnd = y.support_vnd.saturating_add(support);
            y.counterpart_vnd = y.counterpart_vnd.saturating_add(counterpart);
        }
    }

    fn trainings(&mut self, year: i32, kind: String, n: i64, trainees: i64) {
        self.s.trainings.count += n;
        self.s.trainings.trainees = self.s.trainings.trainees.saturating_add(trainees);
        let k = self.s.trainings.by_kind.entry(kind).or_default();
        k.count += n;
        k.trainees = k.trainees.saturating_add(trainees);
        if let Some(y) = self.years.get_mut(&year) {
            y.trainings += n;
            y.trainees = y.trainees.saturating_add(trainees);
        }
    }

    fn designs(&mut self, year: i32, n: i64, support: i64) {
        self.s.design_supports.count = self.s.design_supports.count.saturating_add(n);
        self.s.design_supports.support_vnd = self.s.design_supports.support_vnd.saturating_add(support);
        if let Some(y) = self.years.get_mut(&year) {
            y.design_supports = y.design_supports.saturating_add(n);
        }
    }

    fn finish(mut self, design_facilities: i64, facilities: i64) -> Summary {
        self.s.design_supports.facilities = design_facilities;
        self.s.facilities.count = facilities;
        self.s.by_year = self.years.into_values().collect();
        self.s
    }
}
