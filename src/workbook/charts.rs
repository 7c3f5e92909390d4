//! The numbers behind the overview's charts, from SQL aggregates (GROUP BY),
//! never from rows in memory: a chart of 100.000 projects is a few dozen bars.

use std::collections::{BTreeMap, HashMap, HashSet};

use rusqlite::types::Value;

use crate::domain::Code;
use crate::domain::codes::{FundingSource, ProjectContent, Sector, TrainingKind};
use crate::domain::validate::{MAX_YEAR, MIN_YEAR};
use crate::domain::{DesignSupport, Project, Training};
use crate::workbook::plans::PlanBar;
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
    /// The year of the plan chart, and its activities (set from the plans, see `plans::plan_bars`).
    pub plan_year: Option<i32>,
    pub plan: Vec<PlanBar>,
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
            let mut total: i64 = 0;
            s.into_iter()
                .map(|v| {
                    total = total.saturating_add(v);
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

impl ChartData {
    /// Empty series for the filter's years (clamped to the rules' range).
    fn for_years(filter: &ChartFilter) -> ChartData {
        let from = filter.from.clamp(MIN_YEAR, MAX_YEAR);
        let to = filter.to.clamp(MIN_YEAR, MAX_YEAR).max(from);
        let years: Vec<i32> = (from..=to).collect();
        ChartData { design_facilities: vec![0; years.len()], years, ..Default::default() }
    }

    /// The index of `year` in the series.
    fn slot(&self, year: i32) -> Option<usize> {
        let first = *self.years.first()?;
        usize::try_from(year - first).ok().filter(|i| *i < self.years.len())
    }

    fn add_projects(
        &mut self,
        i: usize,
        source: &'static str,
        content: &'static str,
        count: i64,
        support: i64,
        counterpart: i64,
    ) {
        let n = self.years.len();
        add_to(&mut self.support.entry(source).or_insert_with(|| vec![0; n])[i], support);
        add_to(&mut self.counterpart.entry(source).or_insert_with(|| vec![0; n])[i], counterpart);
        add_to(&mut self.projects.entry(content).or_insert_with(|| vec![0; n])[i], count);
        self.total_projects += count;
        self.total_support = self.total_support.saturating_add(support);
        self.total_counterpart = self.total_counterpart.saturating_add(counterpart);
    }

    fn add_trainings(&mut self, i: usize, kind: &'static str, count: i64, trainees: i64) {
        let n = self.years.len();
        add_to(&mut self.classes.entry(kind).or_insert_with(|| vec![0; n])[i], count);
        add_to(&mut self.trainees.entry(kind).or_insert_with(|| vec![0; n])[i], trainees);
        self.total_trainees = self.total_trainees.saturating_add(trainees);
    }

    /// The same numbers as [`Workbook::chart_data`], counted from live records
    /// already in memory (the window's lists). For 100.000 projects this takes
    /// a few milliseconds, where SQL needs a look-up per project for the
    /// sector chart, so the overview follows an edit at once. Each project
    /// comes with the sector of its facility.
    pub fn from_records<'a>(
        filter: &ChartFilter,
        projects: impl IntoIterator<Item = (&'a Project, Option<Sector>)>,
        trainings: impl IntoIterator<Item = &'a Training>,
        designs: impl IntoIterator<Item = &'a DesignSupport>,
    ) -> ChartData {
        let mut d = ChartData::for_years(filter);
        // The conditions of the SQL: source and place (district or commune).
        let passes = |source: Option<FundingSource>, district: &str, commune: &str| {
            filter.source.is_none_or(|s| source.map(|x| x.code()) == Some(s))
                && filter.place.as_deref().is_none_or(|p| district == p || commune == p)
        };
        // Sums by year, source and content first (what SQL's GROUP BY gives),
        // indexed by the codes' positions: no map look-up per record.
        let (sources, contents, kinds) = (FundingSource::ALL, ProjectContent::ALL, TrainingKind::ALL);
        let mut groups = vec![[0i64; 3]; d.years.len() * sources.len() * contents.len()];
        let mut places: HashMap<&str, i64> = HashMap::new();
        // Per sector (the last slot: no facility, or no sector): [projects, support].
        let mut sectors = vec![[0i64; 2]; Sector::ALL.len() + 1];
        for (p, sector) in projects {
            let Some(i) = d.slot(p.year) else { continue };
            if !passes(Some(p.source), &p.district, &p.commune)
                || filter.content.is_some_and(|c| c != p.content.code())
            {
                continue;
            }
            let g =
                &mut groups[(i * sources.len() + p.source as usize) * contents.len() + p.content as usize];
            g[0] += 1;
            g[1] = g[1].saturating_add(p.support_vnd);
            g[2] = g[2].saturating_add(p.counterpart_vnd);
            let place = if !p.district.is_empty() { p.district.as_str() } else { p.commune.as_str() };
            let slot = places.entry(place).or_default();
            *slot = slot.saturating_add(p.support_vnd);
            let sector = sector.map_or(Sector::ALL.len(), |s| s as usize);
            sectors[sector][0] += 1;
            sectors[sector][1] = sectors[sector][1].saturating_add(p.support_vnd);
        }
        for (at, [count, support, counterpart]) in groups.into_iter().enumerate() {
            if count > 0 {
                let (i, rest) =
                    (at / (sources.len() * contents.len()), at % (sources.len() * contents.len()));
                let (source, content) = (sources[rest / contents.len()], contents[rest % contents.len()]);
                d.add_projects(i, source.code(), content.code(), count, support, counterpart);
            }
        }
        let mut classes = vec![[0i64; 2]; d.years.len() * kinds.len()];
        for t in trainings {
            if let Some(i) = d.slot(t.year).filter(|_| passes(t.source, &t.district, &t.commune)) {
                let c = &mut classes[i * kinds.len() + t.kind as usize];
                c[0] += 1;
                c[1] = c[1].saturating_add(t.trainees);
            }
        }
        for (at, [count, trainees]) in classes.into_iter().enumerate() {
            if count > 0 {
                d.add_trainings(at / kinds.len(), kinds[at % kinds.len()].code(), count, trainees);
            }
        }
        let mut per_year: HashSet<(usize, &str)> = HashSet::new();
        let mut all: HashSet<&str> = HashSet::new();
        for s in designs {
            if let Some(i) = d.slot(s.year).filter(|_| passes(s.source, &s.district, &s.commune)) {
                per_year.insert((i, &s.facility_id));
                all.insert(&s.facility_id);
            }
        }
        for (i, _) in per_year {
            d.design_facilities[i] += 1;
        }
        d.total_design_facilities = all.len() as i64;
        d.support_by_place = places.into_iter().map(|(p, v)| (p.to_string(), v)).collect();
        d.support_by_place.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let code = |i: usize| Sector::ALL.get(i).map_or("", |s| s.code());
        d.support_by_sector =
            sectors.iter().enumerate().filter(|(_, s)| s[0] > 0).map(|(i, s)| (code(i), s[1])).collect();
        d.support_by_sector.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        d
    }
}

/// Adds without wrapping: a hostile workbook can hold sums past i64.
fn add_to(cell: &mut i64, v: i64) {
    *cell = cell.saturating_add(v);
}

fn sum_series<'a>(series: impl Iterator<Item = &'a Series>, n: usize) -> Series {
    let mut out = vec![0; n];
    for s in series {
        for (o, v) in out.iter_mut().zip(s) {
            add_to(o, *v);
        }
    }
    out
}

/// Maps a stored code to its `'static` form (unknown codes are skipped).
fn known<C: Code>(code: &str) -> Option<&'static str> {
    C::from_code(code).map(|c| c.code())
}

fn known_source(code: &str) -> Option<&'static str> {
    known::<FundingSource>(code)
}

impl Workbook {
    /// The charts' numbers for `filter`.
    pub fn chart_data(&self, filter: &ChartFilter) -> Result<ChartData> {
        let mut d = ChartData::for_years(filter);
        let (from, to) = (d.years[0], d.years[d.years.len() - 1]);

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
            "SELECT t.year, t.source, t.content, COUNT(*), sum_vnd(t.support_vnd), sum_vnd(t.counterpart_vnd)
             FROM projects t WHERE {common} AND (?5 IS NULL OR t.content = ?5)
             GROUP BY t.year, t.source, t.content"
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(params.iter()))?;
        while let Some(r) = rows.next()? {
            let (year, source, content): (i32, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
            let (count, support, counterpart): (i64, i64, i64) = (r.get(3)?, r.get(4)?, r.get(5)?);
            let (Some(i), Some(source), Some(content)) =
                (d.slot(year), known_source(&source), known::<ProjectContent>(&content))
            else {
                continue;
            };
            d.add_projects(i, source, content, count, support, counterpart);
        }

        let sql = format!(
            "SELECT t.year, t.kind, COUNT(*), sum_vnd(t.trainees) FROM trainings t
             WHERE {common} AND ?5 IS ?5 GROUP BY t.year, t.kind"
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(params.iter()))?;
        while let Some(r) = rows.next()? {
            let (year, kind, count, trainees): (i32, String, i64, i64) =
                (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
            let (Some(i), Some(kind)) = (d.slot(year), known::<TrainingKind>(&kind)) else { continue };
            d.add_trainings(i, kind, count, trainees);
        }

        let sql = format!(
            "SELECT t.year, COUNT(DISTINCT t.facility_id) FROM design_supports t
             WHERE {common} AND ?5 IS ?5 GROUP BY t.year"
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(params.iter()))?;
        while let Some(r) = rows.next()? {
            let (year, facilities): (i32, i64) = (r.get(0)?, r.get(1)?);
            if let Some(i) = d.slot(year) {
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
                    sum_vnd(t.support_vnd)
             FROM projects t WHERE {common} AND (?5 IS NULL OR t.content = ?5)
             GROUP BY place ORDER BY sum_vnd(t.support_vnd) DESC, place"
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(params.iter()))?;
        while let Some(r) = rows.next()? {
            d.support_by_place.push((r.get(0)?, r.get(1)?));
        }

        let sql = format!(
            "SELECT COALESCE(f.sector, ''), sum_vnd(t.support_vnd)
             FROM projects t LEFT JOIN facilities f ON f.id = t.facility_id
             WHERE {common} AND (?5 IS NULL OR t.content = ?5)
             GROUP BY COALESCE(f.sector, '') ORDER BY sum_vnd(t.support_vnd) DESC"
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::codes::{DesignForm, ProjectStatus};

    /// The in-memory counts index their sums by a code's place in its list.
    #[test]
    fn codes_sit_at_their_own_place_in_their_list() {
        fn check<C: Code + std::fmt::Debug>(place: fn(C) -> usize) {
            for (i, c) in C::ALL.iter().enumerate() {
                assert_eq!(place(*c), i, "{c:?}");
            }
        }
        check::<FundingSource>(|c| c as usize);
        check::<ProjectContent>(|c| c as usize);
        check::<TrainingKind>(|c| c as usize);
        check::<Sector>(|c| c as usize);
        check::<DesignForm>(|c| c as usize);
        check::<ProjectStatus>(|c| c as usize);
    }
}
