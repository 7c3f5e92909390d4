//! Importing a table of records into a workbook, in two steps.
//!
//! The file is read first (`crate::spreadsheet`): sheet, header, units,
//! encodings, total and group rows, each decision noted. [`preview_import`]
//! then checks every row, finds likely duplicates (of records already kept
//! and of earlier rows of the file) and writes nothing. [`apply_import`]
//! writes the rows in one transaction, or none: it refuses while the table
//! has an open question or any row has an error. Each duplicate row carries
//! a [`DuplicateChoice`], Skip by default.
//!
//! [`import_file`] (the command line) is read + preview + apply with the
//! defaults: errors refuse everything, likely duplicates are skipped and
//! listed in [`ImportOutcome::skipped_duplicates`], so importing the same
//! file twice adds nothing the second time.

pub mod annex;
mod duplicates;
mod facilities;
mod plan;
mod problem;
mod rejected;

use std::collections::{HashMap, HashSet};
use std::path::Path;

pub use duplicates::{Duplicate, DuplicateChoice, DuplicateOf, DuplicateReason};
pub use problem::{ImportError, RowProblem};
pub use rejected::{reason_header, write_rejected};

use crate::domain::duplicates::{Key, Keys, Seen};
use facilities::FacilityIndex;
use plan::{
    Letters, check_record, check_resolved, draft_of, facility_of, label, resolve_facility, split_issues,
};

use crate::domain::fields::{Draft, columns};
use crate::domain::places::{DEFAULT_PROVINCE, FORMER_DISTRICTS, canonical_district};
use crate::domain::text::{clean_line, fold};
use crate::domain::validate::{Issue, Problem};
use crate::domain::{AnyRecord, Facility, RecordKind};
use crate::i18n::Lang;
use crate::parallel;
use crate::spreadsheet::formats::DetectedFormats;
use crate::spreadsheet::rows::SkipReason;
use crate::spreadsheet::table::read_table_lean;
use crate::spreadsheet::table::{Fill, SkippedRow, TableColumn};
use crate::spreadsheet::{Cell, Notice, ReadOptions, Table, TableProblem};
use crate::workbook::{Workbook, WorkbookError};

/// What the workbook already keeps, loaded once per preview.
struct Known {
    facilities: HashMap<String, Facility>,
    records: HashMap<String, AnyRecord>,
    keys: HashMap<Key, Seen<DuplicateOf>>,
    index: FacilityIndex,
}

impl Known {
    fn load(wb: &Workbook, kind: RecordKind) -> Result<Self, WorkbookError> {
        let facility_list: Vec<(String, Facility)> =
            wb.list::<Facility>()?.into_iter().map(|s| (s.id, s.record)).collect();
        let index = FacilityIndex::of(&facility_list);
        let records: Vec<(String, AnyRecord)> = match kind {
            // The facilities are read already.
            RecordKind::Facility => {
                facility_list.iter().map(|(id, f)| (id.clone(), AnyRecord::Facility(f.clone()))).collect()
            }
            kind => wb.list_any(kind)?.into_iter().map(|s| (s.id, s.record)).collect(),
        };
        let mut keys = HashMap::with_capacity(records.len() * 2);
        for (id, plan) in &records {
            Keys::of(plan).remember(&mut keys, DuplicateOf::Record { id: id.clone(), label: label(plan) });
        }
        Ok(Known {
            facilities: facility_list.into_iter().collect(),
            records: records.into_iter().collect(),
            keys,
            index,
        })
    }
}

/// The record an Update would write: the kept record with the file's columns over it.
#[derive(Debug, Clone)]
struct UpdatePlan {
    id: String,
    record: Option<AnyRecord>,
    errors: Vec<RowProblem>,
    warnings: Vec<RowProblem>,
}

/// What applying the preview does with a row under its current choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowAction {
    /// Added as a new record.
    Insert,
    /// Written over the kept record it duplicates.
    Update,
    /// Left out: a duplicate the officer skips.
    Skip,
    /// The row has errors: nothing is imported while it has (or, when asked, it is left out).
    Refused,
}

/// One data row of the file, read and checked.
#[derive(Debug, Clone)]
pub struct PreviewRow {
    /// The row's line in the file (1 = the first line).
    pub line: usize,
    /// Hidden in the file (read only when the officer asked for hidden rows).
    pub hidden: bool,
    /// Values the row did not hold itself: from a group heading, a merged cell, the title.
    pub filled: Vec<(&'static str, Fill)>,
    /// What was read into each field, as text (numbers and dates already in the Vietnamese way).
    pub draft: Draft,
    pub errors: Vec<RowProblem>,
    /// Ceiling and check-digit warnings: shown, never blocking.
    pub warnings: Vec<RowProblem>,
    pub duplicate: Option<Duplicate>,
    /// True when the row's facility is not kept yet and the import creates it.
    pub new_facility: bool,
    /// The row's cells as in the file, kept for rows with errors (see
    /// [`write_rejected`]); empty otherwise.
    pub cells: Vec<Cell>,
    record: Option<AnyRecord>,
    /// Boxed: few rows have one, and a file of 100.000 rows holds the slot each.
    update: Option<Box<UpdatePlan>>,
}

impl PreviewRow {
    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    pub fn action(&self) -> RowAction {
        if self.has_errors() || self.record.is_none() {
            return RowAction::Refused;
        }
        match &self.duplicate {
            None => RowAction::Insert,
            Some(d) => match d.choice {
                DuplicateChoice::Skip => RowAction::Skip,
                DuplicateChoice::KeepBoth => RowAction::Insert,
                DuplicateChoice::Update if d.can_update() => RowAction::Update,
                DuplicateChoice::Update => RowAction::Refused,
            },
        }
    }

    /// Errors an Update of this row would meet (the kept record's other
    /// fields may not fit the new ones, e.g. dates in the wrong order).
    pub fn update_errors(&self) -> &[RowProblem] {
        self.update.as_ref().map(|u| u.errors.as_slice()).unwrap_or(&[])
    }
}

/// The counts a preview dialog shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PreviewCounts {
    pub rows: usize,
    pub with_errors: usize,
    pub with_warnings: usize,
    pub duplicates: usize,
    pub to_insert: usize,
    pub to_update: usize,
    pub to_skip: usize,
    pub facilities_to_create: usize,
    pub examples_skipped: usize,
    /// Rows under the header that are not records (totals, groups, hidden, notes).
    pub skipped_rows: usize,
}

/// A file read and checked against a workbook; nothing written.
#[derive(Debug, Clone)]
pub struct ImportPreview {
    pub kind: RecordKind,
    /// The file's columns: letter, header, the field each is read into.
    pub columns: Vec<TableColumn>,
    /// Questions about the columns, units or numbers; while there is one, nothing can be imported.
    pub problems: Vec<TableProblem>,
    pub formats: DetectedFormats,
    /// Every record's row.
    pub rows: Vec<PreviewRow>,
    /// Rows under the header that are not records (totals, groups, hidden, notes).
    pub skipped: Vec<SkippedRow>,
    /// How the file was read: every decision, for the officer to check.
    pub notices: Vec<Notice>,
    pub sheet: String,
    pub sheets: Vec<String>,
    pub hidden_rows: usize,
    pub legacy_found: bool,
    /// Facilities the rows name that are not kept yet, in order of first mention.
    created: Vec<(String, Facility)>,
}

impl ImportPreview {
    /// The field each column is read into.
    pub fn mapping(&self) -> Vec<Option<&'static str>> {
        self.columns.iter().map(|c| c.field).collect()
    }

    /// The field each column's header names.
    pub fn detected_mapping(&self) -> Vec<Option<&'static str>> {
        self.columns.iter().map(|c| c.detected).collect()
    }

    /// The template's example rows, left out.
    pub fn example_lines(&self) -> Vec<usize> {
        self.skipped.iter().filter(|s| s.reason == SkipReason::Example).map(|s| s.line).collect()
    }

    /// Every notice in the officer's words, the number and date styles last.
    pub fn notice_lines(&self, lang: Lang) -> Vec<String> {
        let mut lines: Vec<String> = self.notices.iter().map(|n| n.message(self.kind, lang)).collect();
        lines.push(self.formats.describe(lang));
        lines
    }
}

/// Rows checked at a time: the drafts of a chunk are let go once their
/// records are made, so a file of 100.000 rows is not held twice.
const CHUNK_ROWS: usize = 8_192;

/// Reads and checks the rows of `table` against `wb`; writes nothing. The
/// table's rows move into the preview.
pub fn preview_import(wb: &Workbook, table: Table<'_>) -> Result<ImportPreview, ImportError> {
    preview_rows(wb, table, true)
}

/// The preview; with `keep_drafts` false (the command line, which shows no
/// rows) only the rows with an error or a likely duplicate keep their text.
fn preview_rows(wb: &Workbook, table: Table<'_>, keep_drafts: bool) -> Result<ImportPreview, ImportError> {
    let Table {
        kind,
        columns,
        rows: table_rows,
        skipped,
        notices,
        problems,
        formats,
        grid,
        sheet,
        sheets,
        hidden_rows,
        legacy_found,
        ..
    } = table;
    let letters = Letters(columns.iter().filter_map(|c| Some((c.field?, c.letter.clone()))).collect());
    let mapped_keys: Vec<&'static str> = columns.iter().filter_map(|c| c.field).collect();
    let maps_facility = mapped_keys.iter().any(|k| matches!(*k, "ten_co_so" | "ma_so_thue"));
    let check_districts = kind_has(kind, "huyen") && fold(&wb.info().province) == fold(DEFAULT_PROVINCE);
    let mut known = Known::load(wb, kind)?;
    // A chunk at a time: each row's facility, in order (a facility named
    // twice in the file is planned once); the rules, on two threads (the
    // slow part of a big file); the duplicates, in order (a row repeats the
    // rows above it). The rows of the file by key: their lines.
    let mut in_file: HashMap<Key, Seen<usize>> = HashMap::with_capacity(table_rows.len() * 2);
    let mut rows = Vec::with_capacity(table_rows.len());
    let mut table_rows = table_rows.into_iter();
    loop {
        let chunk: Vec<_> = table_rows.by_ref().take(CHUNK_ROWS).collect();
        if chunk.is_empty() {
            break;
        }
        let chunk_facilities: Vec<(Option<String>, Vec<Issue>)> =
            chunk.iter().map(|row| resolve_facility(kind, &row.draft, &mut known.index)).collect();
        let read: Vec<_> = chunk.iter().zip(&chunk_facilities).collect();
        let checked = parallel::map(&read, |(row, (facility, problems))| {
            let (record, mut issues) = check_resolved(kind, &row.draft, facility.clone(), problems.clone());
            if check_districts {
                issues.extend(district_warning(&row.draft));
            }
            let (errors, warnings) = split_issues(kind, row.line, &letters, &issues);
            let keys = record.as_ref().map(Keys::of);
            (record, errors, warnings, keys)
        });
        drop(read);
        for (row, (record, errors, warnings, keys)) in chunk.into_iter().zip(checked) {
            let line = row.line;
            let mut duplicate = None;
            let mut update = None;
            if let (Some(plan), Some(keys)) = (&record, keys) {
                if let Some((reason, of)) = keys.find(&known.keys) {
                    if let DuplicateOf::Record { id, .. } = &of
                        && let Some(kept) = known.records.get(id)
                    {
                        let mut merged = draft_of(kept, &known.facilities);
                        for key in &mapped_keys {
                            merged.set(key, row.draft.get(key));
                        }
                        // Without facility columns in the file, the kept record keeps its facility.
                        let facility = if maps_facility { facility_of(plan) } else { facility_of(kept) };
                        let (merged_record, merged_issues) =
                            check_record(kind, &merged, facility.map(str::to_string));
                        let (errors, warnings) = split_issues(kind, line, &letters, &merged_issues);
                        update = Some(Box::new(UpdatePlan {
                            id: id.clone(),
                            record: merged_record,
                            errors,
                            warnings,
                        }));
                    }
                    duplicate = Some(Duplicate { reason, of, choice: DuplicateChoice::Skip });
                } else {
                    if let Some((reason, line)) = keys.find(&in_file) {
                        let of = DuplicateOf::Row { line };
                        duplicate = Some(Duplicate { reason, of, choice: DuplicateChoice::Skip });
                    }
                    // A row that repeats a kept record is matched through that record.
                    keys.remember(&mut in_file, line);
                }
            }
            let new_facility =
                record.as_ref().and_then(facility_of).is_some_and(|id| known.index.created_ids.contains(id));
            let cells = if errors.is_empty() {
                Vec::new()
            } else {
                grid.rows.get(row.grid_row).map(|r| r.cells.clone()).unwrap_or_default()
            };
            let keep = keep_drafts || !errors.is_empty() || duplicate.is_some();
            rows.push(PreviewRow {
                line,
                hidden: row.hidden,
                filled: row.filled,
                draft: if keep { row.draft } else { Draft::empty(kind) },
                errors,
                warnings,
                duplicate,
                new_facility,
                cells,
                record,
                update,
            });
        }
    }
    Ok(ImportPreview {
        kind,
        columns,
        problems,
        formats,
        rows,
        skipped,
        notices,
        sheet,
        sheets,
        hidden_rows,
        legacy_found,
        created: known.index.created,
    })
}

fn kind_has(kind: RecordKind, key: &str) -> bool {
    columns(kind).iter().any(|c| c.key == key)
}

/// A district that is none of the province's former districts: the charts
/// by district would show it apart, so the officer is told.
fn district_warning(draft: &Draft) -> Option<Issue> {
    let district = canonical_district(&clean_line(draft.get("huyen")));
    (!district.is_empty() && !FORMER_DISTRICTS.contains(&district.as_str()))
        .then(|| Issue::new("huyen", Problem::UnknownDistrict { known: &FORMER_DISTRICTS }))
}

/// How to apply a preview.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ApplyOptions {
    /// Leave out the rows with errors and import the others (the officer sends
    /// the rejected rows back with [`write_rejected`]). Off: any error refuses
    /// the whole import.
    pub skip_rows_with_errors: bool,
}

enum Action<'p> {
    Insert(&'p AnyRecord),
    Update(&'p str, &'p AnyRecord),
}

impl ImportPreview {
    /// Every error of every row, in row order.
    pub fn errors(&self) -> Vec<RowProblem> {
        self.rows.iter().flat_map(|r| r.errors.iter().cloned()).collect()
    }

    /// Sets the choice of the duplicate row at `line`. False when that row is
    /// not a duplicate or the choice does not fit it (Update of a row that
    /// repeats another row).
    pub fn set_choice(&mut self, line: usize, choice: DuplicateChoice) -> bool {
        let Some(d) = self.rows.iter_mut().find(|r| r.line == line).and_then(|r| r.duplicate.as_mut()) else {
            return false;
        };
        if !d.choices().contains(&choice) {
            return false;
        }
        d.choice = choice;
        true
    }

    /// Sets every duplicate that allows it to `choice`; returns how many were set.
    pub fn set_all_choices(&mut self, choice: DuplicateChoice) -> usize {
        let mut set = 0;
        for d in self.rows.iter_mut().filter_map(|r| r.duplicate.as_mut()) {
            if d.choices().contains(&choice) {
                d.choice = choice;
                set += 1;
            }
        }
        set
    }

    /// The facilities the import would create under the current choices.
    fn needed_facilities(&self, actions: &[Action<'_>]) -> Vec<&(String, Facility)> {
        let needed: HashSet<&str> = actions
            .iter()
            .filter_map(|a| match a {
                Action::Insert(p) | Action::Update(_, p) => p.facility_id(),
            })
            .collect();
        self.created.iter().filter(|(id, _)| needed.contains(id.as_str())).collect()
    }

    fn actions(&self) -> Vec<Action<'_>> {
        let mut actions = Vec::new();
        for row in &self.rows {
            match (row.action(), &row.record, row.update.as_deref()) {
                (RowAction::Insert, Some(plan), _) => actions.push(Action::Insert(plan)),
                (RowAction::Update, _, Some(UpdatePlan { id, record: Some(plan), .. })) => {
                    actions.push(Action::Update(id, plan))
                }
                _ => {}
            }
        }
        actions
    }

    pub fn counts(&self) -> PreviewCounts {
        let mut c = PreviewCounts {
            rows: self.rows.len(),
            examples_skipped: self.example_lines().len(),
            skipped_rows: self.skipped.iter().filter(|s| s.reason != SkipReason::Example).count(),
            ..Default::default()
        };
        for row in &self.rows {
            c.with_errors += usize::from(row.has_errors());
            c.with_warnings += usize::from(!row.warnings.is_empty());
            c.duplicates += usize::from(row.duplicate.is_some());
            match row.action() {
                RowAction::Insert => c.to_insert += 1,
                RowAction::Update => c.to_update += 1,
                RowAction::Skip => c.to_skip += 1,
                RowAction::Refused => {}
            }
        }
        c.facilities_to_create = self.needed_facilities(&self.actions()).len();
        c
    }

    /// What [`apply_import`] would refuse with, if anything.
    pub fn check(&self, options: &ApplyOptions) -> Result<(), ImportError> {
        if let Some(problem) = self.problems.first() {
            return Err(ImportError::Table { kind: self.kind, problem: problem.clone() });
        }
        if !options.skip_rows_with_errors {
            let errors = self.errors();
            if !errors.is_empty() {
                return Err(ImportError::Rows(errors));
            }
        }
        if self.rows.is_empty() {
            return Err(ImportError::NoRows);
        }
        let mut update_errors = Vec::new();
        for row in self.rows.iter().filter(|r| !r.has_errors()) {
            if let Some(d) = &row.duplicate
                && d.choice == DuplicateChoice::Update
            {
                match &row.update {
                    Some(u) if d.can_update() => update_errors.extend(u.errors.iter().cloned()),
                    _ => return Err(ImportError::CannotUpdate { line: row.line }),
                }
            }
        }
        if !update_errors.is_empty() {
            return Err(ImportError::Rows(update_errors));
        }
        Ok(())
    }
}

/// What an import wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportOutcome {
    /// New records added (not counting the facilities created for them).
    pub records: usize,
    /// Kept records updated from the file.
    pub updated: usize,
    pub facilities_created: usize,
    /// Rows left out as likely duplicates, with their line.
    pub skipped_duplicates: Vec<(usize, Duplicate)>,
    /// Rows with errors left out (only with [`ApplyOptions::skip_rows_with_errors`]).
    pub skipped_errors: usize,
    /// The template's example rows, skipped.
    pub examples_skipped: usize,
    /// Warnings (ceilings, check digits) of the rows written: shown, never blocking.
    pub warnings: Vec<RowProblem>,
}

/// Writes the rows of `preview` into `wb` in one transaction, following each
/// duplicate's choice: all of them, or none. Refuses while the mapping has a
/// problem or a row has an error (unless `options` leaves such rows out).
/// The preview must have been made from `wb` as it still is.
pub fn apply_import(
    wb: &mut Workbook,
    preview: &ImportPreview,
    options: &ApplyOptions,
) -> Result<ImportOutcome, ImportError> {
    if wb.read_only().is_some() {
        return Err(ImportError::Workbook(WorkbookError::ReadOnly));
    }
    preview.check(options)?;
    let mut outcome = ImportOutcome { examples_skipped: preview.example_lines().len(), ..Default::default() };
    for row in &preview.rows {
        match row.action() {
            RowAction::Refused => outcome.skipped_errors += 1,
            RowAction::Skip => {
                if let Some(d) = &row.duplicate {
                    outcome.skipped_duplicates.push((row.line, d.clone()));
                }
            }
            RowAction::Insert => {
                outcome.records += 1;
                outcome.warnings.extend(row.warnings.iter().cloned());
            }
            RowAction::Update => {
                outcome.updated += 1;
                if let Some(u) = &row.update {
                    outcome.warnings.extend(u.warnings.iter().cloned());
                }
            }
        }
    }
    let actions = preview.actions();
    let facilities = preview.needed_facilities(&actions);
    outcome.facilities_created = facilities.len();
    if !actions.is_empty() {
        wb.write_many(|w| {
            for (id, facility) in &facilities {
                w.insert_with_id(id, facility)?;
            }
            for action in &actions {
                match action {
                    Action::Insert(plan) => {
                        w.insert_any(plan)?;
                    }
                    Action::Update(id, plan) => w.update_any(id, plan)?,
                }
            }
            Ok(())
        })?;
    }
    Ok(outcome)
}

/// Reads the table of `kind` in the file at `path` (CSV, XLSX, XLS or ODS).
pub fn read_file(
    path: &Path,
    kind: RecordKind,
    options: &ReadOptions,
) -> Result<Table<'static>, ImportError> {
    let book = crate::spreadsheet::open(path).map_err(ImportError::Read)?;
    read_table_lean(book, kind, options).map_err(ImportError::Read)
}

/// Imports the records of `path` as `kind` into `wb`, read as the file
/// shows: all or nothing.
pub fn import_file(wb: &mut Workbook, path: &Path, kind: RecordKind) -> Result<ImportOutcome, ImportError> {
    let table = read_file(path, kind, &ReadOptions::default())?;
    import_table(wb, table)
}

/// Preview and apply with the defaults: any error or open question refuses
/// everything, likely duplicates are skipped (and listed).
pub fn import_table(wb: &mut Workbook, table: Table<'_>) -> Result<ImportOutcome, ImportError> {
    if wb.read_only().is_some() {
        return Err(ImportError::Workbook(WorkbookError::ReadOnly));
    }
    let preview = preview_rows(wb, table, false)?;
    apply_import(wb, &preview, &ApplyOptions::default())
}
