//! What every record kind has in common: the [`Record`] trait, implemented
//! once per record type (side by side below), and [`AnyRecord`], a record of
//! any kind as the form, undo, the import and the merge pass it around.

use crate::domain::fields::{Checked, Draft};
use crate::domain::plan::Plan;
use crate::domain::{DesignSupport, Facility, Project, RecordKind, Training};

/// One record type: its kind, how it is named and linked, and how it turns
/// into and out of the text of a [`Draft`].
pub trait Record: Clone + Sized {
    const KIND: RecordKind;
    /// The one-line name of the record (in lists of a facility, and in messages).
    fn title(&self) -> &str;
    /// The facility the record belongs to, if any.
    fn facility_id(&self) -> Option<&str>;
    /// The fields as text; the facility columns come from `facility`.
    fn draft(&self, facility: Option<&Facility>) -> Draft;
    /// The record typed in `draft`, for the given facility, with every problem.
    fn from_draft(draft: &Draft, facility_id: Option<String>) -> Checked<Self>;
    fn into_any(self) -> AnyRecord;
}

impl Record for Facility {
    const KIND: RecordKind = RecordKind::Facility;
    fn title(&self) -> &str {
        &self.name
    }
    fn facility_id(&self) -> Option<&str> {
        None
    }
    fn draft(&self, _: Option<&Facility>) -> Draft {
        self.to_draft()
    }
    fn from_draft(draft: &Draft, _: Option<String>) -> Checked<Self> {
        draft.to_facility()
    }
    fn into_any(self) -> AnyRecord {
        AnyRecord::Facility(self)
    }
}

impl Record for Project {
    const KIND: RecordKind = RecordKind::Project;
    fn title(&self) -> &str {
        &self.title
    }
    fn facility_id(&self) -> Option<&str> {
        self.facility_id.as_deref()
    }
    fn draft(&self, facility: Option<&Facility>) -> Draft {
        self.to_draft(facility)
    }
    fn from_draft(draft: &Draft, facility_id: Option<String>) -> Checked<Self> {
        draft.to_project(facility_id)
    }
    fn into_any(self) -> AnyRecord {
        AnyRecord::Project(self)
    }
}

impl Record for Training {
    const KIND: RecordKind = RecordKind::Training;
    fn title(&self) -> &str {
        &self.name
    }
    fn facility_id(&self) -> Option<&str> {
        self.facility_id.as_deref()
    }
    fn draft(&self, facility: Option<&Facility>) -> Draft {
        self.to_draft(facility)
    }
    fn from_draft(draft: &Draft, facility_id: Option<String>) -> Checked<Self> {
        draft.to_training(facility_id)
    }
    fn into_any(self) -> AnyRecord {
        AnyRecord::Training(self)
    }
}

impl Record for DesignSupport {
    const KIND: RecordKind = RecordKind::Design;
    fn title(&self) -> &str {
        &self.product
    }
    fn facility_id(&self) -> Option<&str> {
        Some(&self.facility_id)
    }
    fn draft(&self, facility: Option<&Facility>) -> Draft {
        self.to_draft(facility)
    }
    fn from_draft(draft: &Draft, facility_id: Option<String>) -> Checked<Self> {
        draft.to_design(facility_id)
    }
    fn into_any(self) -> AnyRecord {
        AnyRecord::Design(self)
    }
}

impl Record for Plan {
    const KIND: RecordKind = RecordKind::Plan;
    fn title(&self) -> &str {
        &self.title
    }
    fn facility_id(&self) -> Option<&str> {
        None
    }
    fn draft(&self, _: Option<&Facility>) -> Draft {
        self.to_draft()
    }
    fn from_draft(draft: &Draft, _: Option<String>) -> Checked<Self> {
        draft.to_plan()
    }
    fn into_any(self) -> AnyRecord {
        AnyRecord::Plan(self)
    }
}

/// A record of any kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnyRecord {
    Facility(Facility),
    Project(Project),
    Training(Training),
    Design(DesignSupport),
    Plan(Plan),
}

impl AnyRecord {
    /// The record typed in `draft` as a record of `kind`, for the given facility.
    pub fn from_draft(kind: RecordKind, draft: &Draft, facility_id: Option<String>) -> Checked<AnyRecord> {
        fn typed<R: Record>(draft: &Draft, facility_id: Option<String>) -> Checked<AnyRecord> {
            R::from_draft(draft, facility_id).map(R::into_any)
        }
        match kind {
            RecordKind::Facility => typed::<Facility>(draft, facility_id),
            RecordKind::Project => typed::<Project>(draft, facility_id),
            RecordKind::Training => typed::<Training>(draft, facility_id),
            RecordKind::Design => typed::<DesignSupport>(draft, facility_id),
            RecordKind::Plan => typed::<Plan>(draft, facility_id),
            // An annex line becomes part of a plan, never a record of its own.
            RecordKind::PlanLine => Checked { record: None, issues: Vec::new() },
        }
    }

    /// The record as its own type, for what every kind does the same way.
    fn record(&self) -> &dyn RecordRef {
        match self {
            AnyRecord::Facility(r) => r,
            AnyRecord::Project(r) => r,
            AnyRecord::Training(r) => r,
            AnyRecord::Design(r) => r,
            AnyRecord::Plan(r) => r,
        }
    }

    pub fn kind(&self) -> RecordKind {
        self.record().kind()
    }

    pub fn title(&self) -> &str {
        self.record().title()
    }

    pub fn facility_id(&self) -> Option<&str> {
        self.record().facility_id()
    }

    pub fn draft(&self, facility: Option<&Facility>) -> Draft {
        self.record().draft(facility)
    }
}

/// [`Record`]'s methods on a borrowed record, so [`AnyRecord`] matches on
/// its variants once.
trait RecordRef {
    fn kind(&self) -> RecordKind;
    fn title(&self) -> &str;
    fn facility_id(&self) -> Option<&str>;
    fn draft(&self, facility: Option<&Facility>) -> Draft;
}

impl<R: Record> RecordRef for R {
    fn kind(&self) -> RecordKind {
        R::KIND
    }
    fn title(&self) -> &str {
        Record::title(self)
    }
    fn facility_id(&self) -> Option<&str> {
        Record::facility_id(self)
    }
    fn draft(&self, facility: Option<&Facility>) -> Draft {
        Record::draft(self, facility)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_reads_back_as_itself() {
        for kind in RecordKind::ALL {
            let checked = AnyRecord::from_draft(kind, &Draft::new(kind), None);
            assert!(checked.record.is_none_or(|r| r.kind() == kind), "{kind:?}");
        }
        let facility = Facility { name: "Cơ sở Tư Hòa".to_string(), ..Facility::default() };
        let any = facility.clone().into_any();
        assert_eq!(
            (any.kind(), any.title(), any.facility_id()),
            (RecordKind::Facility, "Cơ sở Tư Hòa", None)
        );
        assert_eq!(any.draft(None), facility.to_draft());
    }
}
