//! Importing a sheet of records into a workbook: every row is read and
//! checked first; then all rows are written in one transaction, or none.

use std::collections::HashMap;
use std::path::Path;

use crate::domain::fields::{Column, Draft, column_for_header, columns};
use crate::domain::text::fold;
use crate::domain::validate::{Issue, Problem};
use crate::domain::{Facility, RecordKind};
use crate::i18n::Lang;
use crate::report::table::{ReadError, Sheet, read_sheet};
use crate::workbook::{Workbook, WorkbookError, new_id};

/// A problem with one cell: its line in the file, its column and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    pub line: usize,
    pub column: &'static str,
    pub problem: Problem,
}

impl RowProblem {
    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::Vi => format!("Dòng {}, cột {}: {}", self.line, self.column, self.problem.message(lang)),
            Lang::En => format!("Line {}, column {}: {}", self.line, self.column, self.problem.message(lang)),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum ImportError {
    Read(ReadError),
    UnknownColumn(String),
    DuplicateColumn(String),
    MissingColumn(&'static str),
    /// Bad rows: nothing was written.
    Rows(Vec<RowProblem>),
    NoRows,
    Workbook(WorkbookError),
}

impl ImportError {
    pub fn message(&self, lang: Lang) -> String {
        let vi = lang == Lang::Vi;
        match self {
            ImportError::Read(e) => e.message(lang),
            ImportError::UnknownColumn(c) => {
                if vi {
                    format!("Cột \"{c}\" không có trong mẫu nhập. Hãy đổi tên cột theo mẫu hoặc xóa cột đó.")
                } else {
                    format!(
                        "Column \"{c}\" is not an import column. Rename it as in the template or remove it."
                    )
                }
            }
            ImportError::DuplicateColumn(c) => {
                if vi {
                    format!("Cột \"{c}\" xuất hiện hai lần. Hãy giữ lại một cột.")
                } else {
                    format!("Column \"{c}\" appears twice. Keep only one.")
                }
            }
            ImportError::MissingColumn(c) => {
                if vi {
                    format!("Thiếu cột bắt buộc \"{c}\". Hãy thêm cột đó (xem mẫu).")
                } else {
                    format!("The required column \"{c}\" is missing. Add it (see the template).")
                }
            }
            ImportError::Rows(problems) => {
                let head = if vi {
                    format!("{} lỗi; chưa nhập dòng nào. Hãy sửa các dòng sau rồi nhập lại:", problems.len())
                } else {
                    format!(
                        "{} errors; no row was imported. Correct these rows and import again:",
                        problems.len()
                    )
                };
                let mut out = head;
                for p in problems {
                    out.push('\n');
                    out.push_str(&p.message(lang));
                }
                out
            }
            ImportError::NoRows => {
                if vi {
                    "Tệp không có dòng dữ liệu nào.".into()
                } else {
                    "The file has no data rows.".into()
                }
            }
            ImportError::Workbook(e) => e.message(lang),
        }
    }
}

impl From<WorkbookError> for ImportError {
    fn from(e: WorkbookError) -> Self {
        ImportError::Workbook(e)
    }
}

/// What an import wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportOutcome {
    pub records: usize,
    pub facilities_created: usize,
    /// Warnings (ceilings, check digits): shown, never blocking.
    pub warnings: Vec<RowProblem>,
}

/// A row ready to write.
enum Planned {
    Facility(Facility),
    Project(crate::domain::Project),
    Training(crate::domain::Training),
    Design(crate::domain::DesignSupport),
}

/// Maps the sheet's headers to columns of `kind`.
fn map_headers(kind: RecordKind, sheet: &Sheet) -> Result<Vec<Option<&'static Column>>, ImportError> {
    let mut mapped: Vec<Option<&'static Column>> = Vec::new();
    for (i, header) in sheet.headers.iter().enumerate() {
        if header.trim().is_empty() {
            // An unnamed column is fine only when it is empty all the way down.
            let used = sheet
                .rows
                .iter()
                .any(|(_, cells)| cells.get(i).is_some_and(|c| *c != crate::report::table::Cell::Empty));
            if used {
                return Err(ImportError::UnknownColumn(format!("#{}", i + 1)));
            }
            mapped.push(None);
            continue;
        }
        let column =
            column_for_header(kind, header).ok_or_else(|| ImportError::UnknownColumn(header.clone()))?;
        if mapped.iter().flatten().any(|c| c.key == column.key) {
            return Err(ImportError::DuplicateColumn(header.clone()));
        }
        mapped.push(Some(column));
    }
    for c in columns(kind) {
        if c.required && !mapped.iter().flatten().any(|m| m.key == c.key) {
            return Err(ImportError::MissingColumn(c.key));
        }
    }
    Ok(mapped)
}

/// Finds facilities by tax code, then by name, including those this import creates.
struct FacilityIndex {
    by_tax: HashMap<String, String>,
    by_name: HashMap<String, String>,
    created: Vec<(String, Facility)>,
}

impl FacilityIndex {
    fn load(wb: &Workbook) -> Result<Self, WorkbookError> {
        let mut index =
            FacilityIndex { by_tax: HashMap::new(), by_name: HashMap::new(), created: Vec::new() };
        for f in wb.list::<Facility>()? {
            index.remember(&f.id, &f.record);
        }
        Ok(index)
    }

    fn remember(&mut self, id: &str, f: &Facility) {
        if !f.tax_code.is_empty() {
            self.by_tax.entry(f.tax_code.clone()).or_insert_with(|| id.to_string());
        }
        self.by_name.entry(fold(&f.name)).or_insert_with(|| id.to_string());
    }

    /// The facility a row names, created (in the plan) when not found.
    /// `None` when the row names no facility; an issue when it cannot be found or made.
    fn resolve(&mut self, draft: &Draft) -> Result<Option<String>, Vec<Issue>> {
        let tax = draft.get("ma_so_thue").chars().filter(|c| !matches!(c, ' ' | '.')).collect::<String>();
        let name = crate::domain::text::clean_line(draft.get("ten_co_so"));
        if !tax.is_empty() {
            if let Some(id) = self.by_tax.get(&tax) {
                return Ok(Some(id.clone()));
            }
        } else if !name.is_empty()
            && let Some(id) = self.by_name.get(&fold(&name))
        {
            return Ok(Some(id.clone()));
        }
        if name.is_empty() {
            return if tax.is_empty() {
                Ok(None)
            } else {
                Err(vec![Issue::new("ten_co_so", Problem::Required)])
            };
        }
        let facility_draft = Draft::new(RecordKind::Facility)
            .with("ten_co_so", &name)
            .with("ma_so_thue", &tax)
            .with("huyen", draft.get("huyen"))
            .with("xa_phuong", draft.get("xa_phuong"));
        let checked = facility_draft.to_facility();
        let Some(facility) = checked.record else {
            return Err(checked.issues.into_iter().filter(Issue::is_error).collect());
        };
        let id = new_id();
        self.remember(&id, &facility);
        self.created.push((id.clone(), facility));
        Ok(Some(id))
    }
}

/// Imports the records of `path` (CSV or XLSX) as `kind` into `wb`: all or nothing.
pub fn import_file(wb: &mut Workbook, path: &Path, kind: RecordKind) -> Result<ImportOutcome, ImportError> {
    let sheet = read_sheet(path).map_err(ImportError::Read)?;
    import_sheet(wb, &sheet, kind)
}

pub fn import_sheet(
    wb: &mut Workbook,
    sheet: &Sheet,
    kind: RecordKind,
) -> Result<ImportOutcome, ImportError> {
    if wb.read_only().is_some() {
        return Err(ImportError::Workbook(WorkbookError::ReadOnly));
    }
    let mapped = map_headers(kind, sheet)?;
    let mut index = FacilityIndex::load(wb)?;
    let mut planned = Vec::with_capacity(sheet.rows.len());
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    for (line, cells) in &sheet.rows {
        if cells.iter().all(|c| *c == crate::report::table::Cell::Empty) {
            continue;
        }
        let mut draft = Draft::new(kind);
        for (cell, column) in cells.iter().zip(&mapped) {
            if let Some(column) = column {
                draft.set(column.key, cell.to_field_text(column.ty));
            }
        }
        let mut issues = Vec::new();
        let record = match kind {
            RecordKind::Facility => {
                let c = draft.to_facility();
                issues = c.issues;
                c.record.map(Planned::Facility)
            }
            RecordKind::Project | RecordKind::Training | RecordKind::Design => {
                let facility = match index.resolve(&draft) {
                    Ok(f) => f,
                    Err(problems) => {
                        issues.extend(problems);
                        // The row is refused already; a stand-in id keeps the
                        // record's own checks from adding "facility missing".
                        Some("unresolved".to_string())
                    }
                };
                match kind {
                    RecordKind::Project => {
                        let c = draft.to_project(facility);
                        issues.extend(c.issues);
                        c.record.map(Planned::Project)
                    }
                    RecordKind::Training => {
                        let c = draft.to_training(facility);
                        issues.extend(c.issues);
                        c.record.map(Planned::Training)
                    }
                    _ => {
                        let c = draft.to_design(facility);
                        issues.extend(c.issues);
                        c.record.map(Planned::Design)
                    }
                }
            }
        };
        let mut seen: Vec<&Issue> = Vec::new();
        for issue in &issues {
            // The facility's columns are checked twice (as facility and as row).
            if seen.contains(&issue) {
                continue;
            }
            seen.push(issue);
            let p = RowProblem { line: *line, column: issue.field, problem: issue.problem.clone() };
            if issue.is_error() { errors.push(p) } else { warnings.push(p) }
        }
        if let Some(record) = record {
            planned.push(record);
        }
    }
    if !errors.is_empty() {
        return Err(ImportError::Rows(errors));
    }
    if planned.is_empty() {
        return Err(ImportError::NoRows);
    }
    let facilities_created = index.created.len();
    let records = planned.len();
    wb.write(|w| {
        for (id, facility) in &index.created {
            w.insert_with_id(id, facility)?;
        }
        for record in &planned {
            match record {
                Planned::Facility(r) => w.insert(r)?,
                Planned::Project(r) => w.insert(r)?,
                Planned::Training(r) => w.insert(r)?,
                Planned::Design(r) => w.insert(r)?,
            };
        }
        Ok(())
    })?;
    Ok(ImportOutcome { records, facilities_created, warnings })
}
