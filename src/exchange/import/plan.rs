//! A row read into a record, ready to write, and the checks that make it one.

use std::collections::HashMap;

use super::facilities::{FacilityIndex, UNRESOLVED};
use super::problem::RowProblem;
use crate::domain::fields::Draft;
use crate::domain::validate::Issue;
use crate::domain::{AnyRecord, Facility, RecordKind};

/// The file's column letter of each field read from one.
#[derive(Debug, Clone, Default)]
pub struct Letters(pub Vec<(&'static str, String)>);

impl Letters {
    pub fn of(&self, key: &str) -> Option<String> {
        self.0.iter().find(|(k, _)| *k == key).map(|(_, l)| l.clone())
    }
}

/// The facility a record names: none for a design support read without one.
pub(super) fn facility_of(record: &AnyRecord) -> Option<&str> {
    record.facility_id().filter(|id| !id.is_empty())
}

/// How the officer knows the record: a name or a title (with a project's code).
pub(super) fn label(record: &AnyRecord) -> String {
    match record {
        AnyRecord::Project(p) if !p.code.is_empty() => format!("{} – {}", p.code, p.title),
        r => r.title().to_string(),
    }
}

/// The record's fields as text, with its facility's from `facilities`.
pub(super) fn draft_of(record: &AnyRecord, facilities: &HashMap<String, Facility>) -> Draft {
    record.draft(facility_of(record).and_then(|id| facilities.get(id)))
}

/// Reads a draft into a record for the given facility: the record when it has
/// no error, and every issue.
pub(super) fn check_record(
    kind: RecordKind,
    draft: &Draft,
    facility: Option<String>,
) -> (Option<AnyRecord>, Vec<Issue>) {
    let checked = AnyRecord::from_draft(kind, draft, facility);
    (checked.record, checked.issues)
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
) -> (Option<AnyRecord>, Vec<Issue>) {
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
