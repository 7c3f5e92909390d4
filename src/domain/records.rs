//! The four record kinds of a workbook, as typed values. Money is whole đồng.

use jiff::civil::Date;

use crate::domain::codes::{
    DesignForm, FacilityKind, FundingSource, ProjectContent, ProjectStatus, Sector, TrainingKind,
};
use crate::i18n::{Lang, Text};

/// Cơ sở công nghiệp nông thôn: the beneficiary.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Facility {
    pub name: String,
    pub kind: Option<FacilityKind>,
    pub tax_code: String,
    pub representative: String,
    pub phone: String,
    pub address: String,
    pub commune: String,
    pub district: String,
    pub province: String,
    pub sector: Option<Sector>,
}

/// Đề án khuyến công: a grant to a facility (or a programme-level activity).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    pub code: String,
    pub year: i32,
    pub title: String,
    pub source: FundingSource,
    pub content: ProjectContent,
    pub facility_id: Option<String>,
    pub district: String,
    pub commune: String,
    pub support_vnd: i64,
    pub counterpart_vnd: i64,
    pub status: ProjectStatus,
    pub decision_no: String,
    pub approved_on: Option<Date>,
    pub accepted_on: Option<Date>,
    pub note: String,
}

/// Đào tạo nghề, truyền nghề, tập huấn, hội thảo, tham quan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Training {
    pub year: i32,
    /// The facility that hosts or co-organises the class, if any.
    pub facility_id: Option<String>,
    pub name: String,
    pub kind: TrainingKind,
    pub trade: String,
    pub district: String,
    pub commune: String,
    pub trainees: i64,
    pub female_trainees: Option<i64>,
    pub start_on: Option<Date>,
    pub end_on: Option<Date>,
    pub source: Option<FundingSource>,
    pub cost_vnd: i64,
    pub note: String,
}

/// Hỗ trợ thiết kế mẫu mã, bao bì: design support given to a facility.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DesignSupport {
    pub year: i32,
    pub facility_id: String,
    pub product: String,
    pub form: DesignForm,
    pub source: Option<FundingSource>,
    pub support_vnd: i64,
    pub district: String,
    pub commune: String,
    pub note: String,
}

/// The workbook's own identity: which office keeps it, in which province.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkbookInfo {
    pub office_id: String,
    pub office_name: String,
    pub province: String,
}

/// The kinds of record, in the order officers meet them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecordKind {
    Facility,
    Project,
    Training,
    Design,
    /// A plan with its lines (see `domain::plan`): kept, merged and
    /// undone like the others, but not one of the lists, imports or
    /// templates of records.
    Plan,
    /// A line of a plan's annex, as an import reads it (see
    /// `exchange::import::annex`): never kept on its own, so in no array
    /// with a slot per kind ([`RecordKind::ALL`]).
    PlanLine,
}

impl RecordKind {
    /// How many kinds a workbook keeps: the length of arrays with a slot per kind.
    pub const COUNT: usize = 5;
    /// Every kind a workbook keeps.
    pub const ALL: [RecordKind; RecordKind::COUNT] = [
        RecordKind::Facility,
        RecordKind::Project,
        RecordKind::Training,
        RecordKind::Design,
        RecordKind::Plan,
    ];
    /// The kinds of the program's activity records: a list screen, an
    /// import, an export sheet and a template each.
    pub const LISTED: [RecordKind; 4] =
        [RecordKind::Facility, RecordKind::Project, RecordKind::Training, RecordKind::Design];

    /// The kind's place in [`RecordKind::ALL`], for arrays with a slot per kind.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The name used on the command line (`--kind`).
    pub fn cli_name(self) -> &'static str {
        match self {
            RecordKind::Facility => "facilities",
            RecordKind::Project => "projects",
            RecordKind::Training => "trainings",
            RecordKind::Design => "design",
            RecordKind::Plan => "plans",
            RecordKind::PlanLine => "plan_lines",
        }
    }

    /// A kind of the command line's `--kind`: one of the listed kinds.
    pub fn from_cli_name(name: &str) -> Option<RecordKind> {
        RecordKind::LISTED.into_iter().find(|k| k.cli_name() == name)
    }

    pub fn plural(self) -> Text {
        match self {
            RecordKind::Facility => Text::new("Cơ sở", "Facilities"),
            RecordKind::Project => Text::new("Đề án", "Projects"),
            RecordKind::Training => Text::new("Đào tạo", "Trainings"),
            RecordKind::Design => Text::new("Thiết kế bao bì", "Design support"),
            RecordKind::Plan => Text::new("Kế hoạch", "Plans"),
            RecordKind::PlanLine => Text::new("Dòng kế hoạch", "Plan lines"),
        }
    }

    pub fn singular(self, lang: Lang) -> &'static str {
        match self {
            RecordKind::Facility => lang.pick("cơ sở", "facility"),
            RecordKind::Project => lang.pick("đề án", "project"),
            RecordKind::Training => lang.pick("lớp đào tạo", "training"),
            RecordKind::Design => lang.pick("hỗ trợ thiết kế", "design support"),
            RecordKind::Plan => lang.pick("kế hoạch", "plan"),
            RecordKind::PlanLine => lang.pick("dòng kế hoạch", "plan line"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_knows_its_place() {
        for (i, kind) in RecordKind::ALL.into_iter().enumerate() {
            assert_eq!(kind.index(), i, "{kind:?}");
        }
    }
}
