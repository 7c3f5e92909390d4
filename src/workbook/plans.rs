//! Plans in the workbook, and their progress: what the records of each
//! line's years hold, by SQL aggregates (one statement per line, never the
//! rows in memory).

use rusqlite::params;

use crate::domain::Code;
use crate::domain::codes::{PlanKind, ProjectStatus};
use crate::domain::plan::{Activity, Actual, LineProgress, Plan, PlanLine, PlanProgress};
use crate::workbook::{Result, Stored, Workbook};

/// Whether a project of this status counts towards a plan: one only
/// proposed is not yet done, one stopped or cancelled never will be.
pub fn counts_towards_plan(status: ProjectStatus) -> bool {
    !matches!(status, ProjectStatus::Proposed | ProjectStatus::Stopped | ProjectStatus::Cancelled)
}

/// One activity of a year's plan: the money planned and spent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanBar {
    pub activity: Activity,
    pub target_vnd: i64,
    pub actual_vnd: i64,
}

/// The plan of `year` by activity, for the chart "kế hoạch và thực hiện":
/// the lines of its annual plans, or, without one, the lines a programme
/// sets for that year (a programme's lines for all its years are not one
/// year's). Activities in the order of the report's tables.
pub fn plan_bars(plans: &[PlanWithProgress], year: i32) -> Vec<PlanBar> {
    let annual: Vec<&PlanWithProgress> = plans
        .iter()
        .filter(|p| p.stored.record.kind == PlanKind::Annual && p.stored.record.covers(year))
        .collect();
    let lines: Vec<&LineProgress> = if annual.is_empty() {
        plans
            .iter()
            .filter(|p| p.stored.record.covers(year))
            .flat_map(|p| p.progress.lines.iter().filter(|l| l.line.year == Some(year)))
            .collect()
    } else {
        annual.iter().flat_map(|p| p.progress.lines.iter()).collect()
    };
    Activity::all()
        .into_iter()
        .filter_map(|activity| {
            let of: Vec<&&LineProgress> = lines.iter().filter(|l| l.line.activity == activity).collect();
            if of.is_empty() {
                return None;
            }
            let target_vnd = of.iter().filter_map(|l| l.line.target_vnd).fold(0, i64::saturating_add);
            let actual_vnd = of.iter().map(|l| l.actual.vnd).fold(0, i64::saturating_add);
            Some(PlanBar { activity, target_vnd, actual_vnd })
        })
        .collect()
}

/// Every year some plan covers, in order.
pub fn plan_years(plans: &[PlanWithProgress]) -> Vec<i32> {
    let mut years: Vec<i32> =
        plans.iter().flat_map(|p| p.stored.record.from_year..=p.stored.record.to_year).collect();
    years.sort_unstable();
    years.dedup();
    years
}

/// The year the plan chart shows unless the officer chose one: the latest
/// year of the overview's range a plan covers; else, of the years plans
/// cover up to now, the one nearest the range's end; else the first.
pub fn default_plan_year(plans: &[PlanWithProgress], from: i32, to: i32, this_year: i32) -> Option<i32> {
    let years = plan_years(plans);
    if let Some(y) = years.iter().rev().find(|y| (from..=to).contains(*y)) {
        return Some(*y);
    }
    let past: Vec<i32> = years.iter().copied().filter(|y| *y <= this_year).collect();
    past.iter().copied().min_by_key(|y| (y - to).abs()).or(years.first().copied())
}

/// A plan kept in the workbook, with its progress.
#[derive(Debug, Clone)]
pub struct PlanWithProgress {
    pub stored: Stored<Plan>,
    pub progress: PlanProgress,
}

impl Workbook {
    /// Every live plan, the latest first (then by title).
    pub fn plans(&self) -> Result<Vec<Stored<Plan>>> {
        let mut plans: Vec<Stored<Plan>> =
            self.list::<Plan>()?.into_iter().filter(|p| p.meta.deleted_at.is_none()).collect();
        plans.sort_by(|a, b| {
            (b.record.from_year, b.record.to_year, &a.record.title).cmp(&(
                a.record.from_year,
                a.record.to_year,
                &b.record.title,
            ))
        });
        Ok(plans)
    }

    /// Every live plan with its progress.
    pub fn plans_with_progress(&self) -> Result<Vec<PlanWithProgress>> {
        self.plans()?
            .into_iter()
            .map(|stored| Ok(PlanWithProgress { progress: self.plan_progress(&stored.record)?, stored }))
            .collect()
    }

    /// The live plans that share a year with `from..=to`, with their progress.
    pub fn plans_overlapping(&self, from: i32, to: i32) -> Result<Vec<PlanWithProgress>> {
        Ok(self.plans_with_progress()?.into_iter().filter(|p| p.stored.record.overlaps(from, to)).collect())
    }

    /// What the records of each line's years hold.
    pub fn plan_progress(&self, plan: &Plan) -> Result<PlanProgress> {
        let lines = plan
            .lines
            .iter()
            .map(|line| Ok(LineProgress { line: line.clone(), actual: self.actual(plan, line)? }))
            .collect::<Result<Vec<_>>>()?;
        Ok(PlanProgress { lines })
    }

    fn actual(&self, plan: &Plan, line: &PlanLine) -> Result<Actual> {
        let (from, to) = line.years(plan);
        let source = line.source.map(|s| s.code());
        let not_counted: Vec<&str> =
            ProjectStatus::ALL.iter().filter(|s| !counts_towards_plan(**s)).map(|s| s.code()).collect();
        let (sql, code) = match line.activity {
            Activity::Project(content) => (
                "SELECT COUNT(*), 0, COALESCE(sum_vnd(support_vnd), 0), COUNT(DISTINCT facility_id)
                 FROM projects WHERE deleted_at IS NULL AND year BETWEEN ?1 AND ?2 AND content = ?3
                 AND (?4 IS NULL OR source = ?4)
                 AND status NOT IN (SELECT value FROM json_each(?5))",
                content.code(),
            ),
            Activity::Training(kind) => (
                "SELECT COUNT(*), COALESCE(sum_vnd(trainees), 0), COALESCE(sum_vnd(cost_vnd), 0),
                 COUNT(DISTINCT facility_id)
                 FROM trainings WHERE deleted_at IS NULL AND year BETWEEN ?1 AND ?2 AND kind = ?3
                 AND (?4 IS NULL OR source = ?4) AND ?5 IS NOT NULL",
                kind.code(),
            ),
            // Design support is counted by the facilities it reached ("17 cơ sở").
            Activity::Design => (
                "SELECT COUNT(DISTINCT facility_id), 0, COALESCE(sum_vnd(support_vnd), 0),
                 COUNT(DISTINCT facility_id)
                 FROM design_supports WHERE deleted_at IS NULL AND year BETWEEN ?1 AND ?2 AND ?3 IS NOT NULL
                 AND (?4 IS NULL OR source = ?4) AND ?5 IS NOT NULL",
                "",
            ),
        };
        let statuses = serde_json::to_string(&not_counted).unwrap_or_else(|_| "[]".to_string());
        let mut stmt = self.conn.prepare_cached(sql)?;
        Ok(stmt.query_row(params![from, to, code, source, statuses], |r| {
            Ok(Actual { count: r.get(0)?, trainees: r.get(1)?, vnd: r.get(2)?, facilities: r.get(3)? })
        })?)
    }
}
