//! A row read into a record, ready to write, and the checks that make it one.

use std::collections::HashMap;

use super::facilities::{FacilityIndex, UNRESOLVED};
use super::problem::RowProblem;
use crate::domain::fields::Draft;
use crate::domain::validate::Issue;
use crate::domain::{DesignSupport, Facility, Project, RecordKind, Training};
use crate::workbook::{WorkbookError, Writer};

/// The file's column letter of each field read from one.
#[derive(Debug, Clone, Default)]
pub struct Letters(pub Vec<(&'static str, String)>);

impl Letters {
    pub fn of(&self, key: &str) -> Option<String> {
        self.0.iter().find(|(k, _)| *k == key).map(|(_, l)| l.clone())
    }
}

/// A row read into a record, ready to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Plan {
    Facility(Facility),
    Project(Project),
    Training(Training),
    Design(DesignSupport),
}

impl Plan {
    pub(super) fn facility_id(&self) -> Option<&str> {
        match self {
            Plan::Facility(_) => None,
            Plan::Project(p) => p.facility_id.as_deref(),
            Plan::Training(t) => t.facility_id.as_deref(),
            Plan::Design(d) => Some(d.facility_id.as_str()).filter(|id| !id.is_empty()),
        }
    }

    /// How the officer knows the record: a name or a title.
    pub(super) fn label(&self) -> String {
        match self {
            Plan::Facility(f) => f.name.clone(),
            Plan::Project(p) if !p.code.is_empty() => format!("{} – {}", p.code, p.title),
            Plan::Project(p) => p.title.clone(),
            Plan::Training(t) => t.name.clone(),
            Plan::Design(d) => d.product.clone(),
        }
    }

    pub(super) fn to_draft(&self, facilities: &HashMap<String, Facility>) -> Draft {
        let facility = self.facility_id().and_then(|id| facilities.get(id));
        match self {
            Plan::Facility(f) => f.to_draft(),
            Plan::Project(p) => p.to_draft(facility),
            Plan::Training(t) => t.to_draft(facility),
            Plan::Design(d) => d.to_draft(facility),
        }
    }

    pub(super) fn insert(&self, w: &Writer<'_>) -> Result<String, WorkbookError> {
        match self {
            Plan::Facility(r) => w.insert(r),
            Plan::Project(r) => w.insert(r),
            Plan::Training(r) => w.insert(r),
            Plan::Design(r) => w.insert(r),
        }
    }

    pub(super) fn update(&self, w: &Writer<'_>, id: &str) -> Result<(), WorkbookError> {
        match self {
            Plan::Facility(r) => w.update(id, r),
            Plan::Project(r) => w.update(id, r),
            Plan::Training(r) => w.update(id, r),
            Plan::Design(r) => w.update(id, r),
        }
    }
}

/// Reads a draft into a record for the given facility: the record when it has
/// no error, and every issue.
pub(super) fn check_record(
    kind: RecordKind,
    draft: &Draft,
    facility: Option<String>,
) -> (Option<Plan>, Vec<Issue>) {
    match kind {
        RecordKind::Facility => {
            let c = draft.to_facility();
            (c.record.map(Plan::Facility), c.issues)
        }
        RecordKind::Project => {
            let c = draft.to_project(facility);
            (c.record.map(Plan::Project), c.issues)
        }
        RecordKind::Training => {
            let c = draft.to_training(facility);
            (c.record.map(Plan::Training), c.issues)
        }
        RecordKind::Design => {
            let c = draft.to_design(facility);
            (c.record.map(Plan::Design), c.issues)
        }
    }
}

/// The facility of a row's record, found or planned (none for a facility
/// row), and the problems that stopped it being found.
pub(super) fn resolve_facility(
    kind: RecordKind,
    draft: &Draft,
    index: &mut FacilityIndex,
) -> (Option<String>, Vec<Issue>) {
    if kind == RecordKind::Facility {
        return (None, Vec::new());
    }
    match index.resolve(draft) {
        Ok(f) => (f, Vec::new()),
        Err(problems) => (Some(UNRESOLVED.to_string()), problems),
    }
}

/// Reads a row's draft once its facility is resolved; no record when
/// anything, the facility included, is an error.
pub(super) fn check_resolved(
    kind: RecordKind,
    draft: &Draft,
    facility: Option<String>,
    mut issues: Vec<Issue>,
) -> (Option<Plan>, Vec<Issue>) {
    let (record, more) = check_record(kind, draft, facility);
    issues.extend(more);
    let record = if issues.iter().any(Issue::is_error) { None } else { record };
    (record, issues)
}

/// Errors and warnings of a row, each once (the facility columns are checked
/// twice: as a facility and as part of the row).
pub(super) fn split_issues(
    kind: RecordKind,
    line: usize,
    letters: &Letters,
    issues: &[Issue],
) -> (Vec<RowProblem>, Vec<RowProblem>) {
    let mut seen: Vec<&Issue> = Vec::new();
    let (mut errors, mut warnings) = (Vec::new(), Vec::new());
    for issue in issues {
        if seen.contains(&issue) {
            continue;
        }
        seen.push(issue);
        let p = RowProblem {
            kind,
            line,
            column: issue.field,
            letter: letters.of(issue.field),
            problem: issue.problem.clone(),
        };
        if issue.is_error() { errors.push(p) } else { warnings.push(p) }
    }
    (errors, warnings)
}
