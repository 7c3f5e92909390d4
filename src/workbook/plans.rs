//! Plans in the workbook, and their progress: what the records of each
//! line's years hold, by SQL aggregates (one statement per line, never the
//! rows in memory).

use rusqlite::params;

use crate::domain::Code;
use crate::domain::codes::ProjectStatus;
use crate::domain::plan::{Activity, Actual, LineProgress, Plan, PlanLine, PlanProgress};
use crate::workbook::{Result, Stored, Workbook};

/// Whether a project of this status counts towards a plan: one only
/// proposed is not yet done, one stopped or cancelled never will be.
pub fn counts_towards_plan(status: ProjectStatus) -> bool {
    !matches!(status, ProjectStatus::Proposed | ProjectStatus::Stopped | ProjectStatus::Cancelled)
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
