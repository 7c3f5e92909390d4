//! The facilities the rows of a file name: found by tax code, then by
//! name, among those kept and those the import creates.

use std::collections::{HashMap, HashSet};

use crate::domain::fields::Draft;
use crate::domain::text::{clean_line, fold};
use crate::domain::validate::{Issue, Problem};
use crate::domain::{Facility, RecordKind};
use crate::workbook::new_id;

/// A stand-in facility id for a row whose facility cannot be found or made:
/// the row is refused already, and the record's own checks then do not add
/// "facility missing".
pub(super) const UNRESOLVED: &str = "unresolved";

/// Finds facilities by tax code, then by name, including those this import creates.
pub(super) struct FacilityIndex {
    by_tax: HashMap<String, String>,
    by_name: HashMap<String, String>,
    pub(super) created: Vec<(String, Facility)>,
    pub(super) created_ids: HashSet<String>,
}

impl FacilityIndex {
    pub(super) fn of(facilities: &[(String, Facility)]) -> Self {
        let mut index = FacilityIndex {
            by_tax: HashMap::new(),
            by_name: HashMap::new(),
            created: Vec::new(),
            created_ids: HashSet::new(),
        };
        for (id, f) in facilities {
            index.remember(id, f);
        }
        index
    }

    fn remember(&mut self, id: &str, f: &Facility) {
        if !f.tax_code.is_empty() {
            self.by_tax.entry(f.tax_code.clone()).or_insert_with(|| id.to_string());
        }
        self.by_name.entry(fold(&f.name)).or_insert_with(|| id.to_string());
    }

    /// The facility a row names, created (in the plan) when not found.
    /// `None` when the row names no facility; an issue when it cannot be found or made.
    pub(super) fn resolve(&mut self, draft: &Draft) -> Result<Option<String>, Vec<Issue>> {
        let tax = draft.get("ma_so_thue").chars().filter(|c| !matches!(c, ' ' | '.')).collect::<String>();
        let name = clean_line(draft.get("ten_co_so"));
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
        self.created_ids.insert(id.clone());
        Ok(Some(id))
    }
}
