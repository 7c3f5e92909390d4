//! What the caller of a merge sees: the plan of the dry run, its conflicts
//! and counts, the outcome, the log.

use std::path::PathBuf;

use super::source::{Fingerprint, SourceData};
use crate::domain::AnyRecord;
use crate::domain::duplicates::DuplicateReason;
use crate::domain::fields::{Checked, Column, Draft, FieldType, names_facility};
use crate::domain::plan::lines_summary;
use crate::domain::text::quote_at_most;
use crate::domain::validate::Issue;
use crate::domain::{RecordKind, WorkbookInfo};
use crate::i18n::Lang;

/// How a conflict (a record changed in both workbooks) is resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Resolution {
    /// Keep this workbook's version (the target's).
    KeepMine,
    /// Take the other workbook's version (the source's).
    KeepTheirs,
}

impl Resolution {
    /// `--prefer source|target` of the command line.
    pub fn from_prefer(name: &str) -> Option<Resolution> {
        match name.trim().to_ascii_lowercase().as_str() {
            "source" | "theirs" => Some(Resolution::KeepTheirs),
            "target" | "mine" => Some(Resolution::KeepMine),
            _ => None,
        }
    }
}

/// What to do with a record of the other office that looks like one of
/// this workbook's under another id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PairChoice {
    /// They are one record: theirs is not added, and from now on it merges
    /// into ours. `KeepMine` leaves ours as it is; `KeepTheirs` writes
    /// their fields over ours.
    Link(Resolution),
    /// They are one record, made of ours with the fields the officer took
    /// from theirs ([`SamePair::take_theirs`]).
    LinkFields,
    /// They are two records: theirs is added under its own id.
    AddAnyway,
}

impl PairChoice {
    /// Never add silently: a pair is linked, keeping ours, unless the officer says otherwise.
    pub const DEFAULT: PairChoice = PairChoice::Link(Resolution::KeepMine);
    pub const ALL: [PairChoice; 4] = [
        PairChoice::Link(Resolution::KeepMine),
        PairChoice::Link(Resolution::KeepTheirs),
        PairChoice::LinkFields,
        PairChoice::AddAnyway,
    ];

    pub fn links(self) -> bool {
        self != PairChoice::AddAnyway
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            PairChoice::Link(Resolution::KeepMine) => {
                lang.pick("Là một — giữ bản của sổ này", "The same — keep this workbook's")
            }
            PairChoice::Link(Resolution::KeepTheirs) => {
                lang.pick("Là một — lấy bản gửi đến", "The same — take the received one")
            }
            PairChoice::LinkFields => {
                lang.pick("Là một — chọn từng trường", "The same — choose field by field")
            }
            PairChoice::AddAnyway => lang.pick("Khác nhau — vẫn thêm mới", "Different — add anyway"),
        }
    }
}

/// A record of the source, new here by its id, that is likely one of this
/// workbook's by the import's duplicate rules (a tax code, a project code…).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SamePair {
    pub kind: RecordKind,
    /// This workbook's record.
    pub mine_id: String,
    pub mine_label: String,
    /// The source's record.
    pub theirs_id: String,
    pub theirs_label: String,
    pub reason: DuplicateReason,
    /// Fields that differ, as the officer types them (empty: the same record).
    pub differences: Vec<Difference>,
    /// What apply does with it; [`PairChoice::DEFAULT`] until changed.
    pub choice: PairChoice,
    /// For [`PairChoice::LinkFields`]: per difference, take theirs (else keep
    /// ours). Only the record's own fields can be taken (see [`SamePair::choosable`]).
    pub take_theirs: Vec<bool>,
    /// Both records as typed, and our record's facility: what a record
    /// made field by field is built from.
    pub(super) drafts: (Draft, Draft),
    pub(super) mine_facility: Option<String>,
}

impl SamePair {
    /// Whether the officer may take difference `i` from theirs: a project's
    /// facility name or tax code names its facility, which is linked on its own.
    pub fn choosable(&self, i: usize) -> bool {
        self.differences.get(i).is_some_and(|d| !names_facility(self.kind, d.column.key))
    }

    /// Our record with the fields taken from theirs, and every problem of
    /// the mix (a class's female trainees over its trainees, dates out of
    /// order…); `None` when no field is taken.
    pub fn mixed(&self) -> Option<Checked<AnyRecord>> {
        let mut draft = self.drafts.0.clone();
        let mut taken = false;
        for (i, d) in self.differences.iter().enumerate() {
            if self.take_theirs.get(i).copied().unwrap_or(false) && self.choosable(i) {
                draft.set(d.column.key, self.drafts.1.get(d.column.key).to_string());
                taken = true;
            }
        }
        taken.then(|| AnyRecord::from_draft(self.kind, &draft, self.mine_facility.clone()))
    }

    /// Why the record chosen field by field cannot be written, if it cannot.
    pub fn mixed_problems(&self) -> Option<Vec<Issue>> {
        if self.choice != PairChoice::LinkFields {
            return None;
        }
        let checked = self.mixed()?;
        let errors: Vec<Issue> = checked.issues.into_iter().filter(Issue::is_error).collect();
        (checked.record.is_none() || !errors.is_empty()).then_some(errors)
    }

    /// "cùng mã số thuế; khác: Điện thoại" — why, and which fields differ.
    pub fn why(&self, lang: Lang) -> String {
        let reason = self.reason.describe(lang);
        if self.differences.is_empty() {
            return format!("{reason}; {}", lang.pick("mọi trường giống nhau", "every field the same"));
        }
        let fields: Vec<&str> = self.differences.iter().map(|d| d.label(lang)).collect();
        format!("{reason}; {} {}", lang.pick("khác:", "differs in:"), fields.join(", "))
    }
}

/// Numbers of records per kind, each array in the order of [`RecordKind::ALL`]
/// (facilities, projects, trainings, design supports).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Live records this workbook did not have.
    pub added: [usize; RecordKind::COUNT],
    /// Records changed in the source only since the workbooks last met
    /// (including a deleted record brought back).
    pub updated: [usize; RecordKind::COUNT],
    /// Live records deleted in the source since they last met.
    pub deleted: [usize; RecordKind::COUNT],
    /// Deleted records this workbook never had: kept so the deletion travels
    /// on; nothing the officer sees changes.
    pub tombstones: [usize; RecordKind::COUNT],
    /// Records that are the same, or changed only here.
    pub unchanged: [usize; RecordKind::COUNT],
}

impl Counts {
    pub fn of(values: &[usize; RecordKind::COUNT], kind: RecordKind) -> usize {
        values[kind.index()]
    }
    pub fn total(values: &[usize; RecordKind::COUNT]) -> usize {
        values.iter().sum()
    }
    /// Added + updated + deleted, all kinds: the visible changes.
    pub fn changes(&self) -> usize {
        Counts::total(&self.added) + Counts::total(&self.updated) + Counts::total(&self.deleted)
    }
}

/// One side of a conflict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    /// Milliseconds since 1970 (UTC).
    pub modified_at: i64,
    pub deleted: bool,
}

/// A field whose value differs between the two versions, as the officer types it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    pub column: &'static Column,
    /// The field as text (codes as codes, money in million đồng, dates dd/mm/yyyy).
    pub mine: String,
    pub theirs: String,
}

impl Difference {
    pub fn label(&self, lang: Lang) -> &'static str {
        self.column.label.get(lang)
    }
    pub fn mine_text(&self, lang: Lang) -> String {
        shown(self.column, &self.mine, lang)
    }
    pub fn theirs_text(&self, lang: Lang) -> String {
        shown(self.column, &self.theirs, lang)
    }
}

fn shown(column: &Column, raw: &str, lang: Lang) -> String {
    if raw.is_empty() {
        return "—".to_string();
    }
    // A note may hold 10.000 characters: the officer sees the start of it.
    match column.ty {
        FieldType::Code(set) => quote_at_most(set.label(raw, lang).unwrap_or(raw), 100),
        FieldType::PlanLines => lines_summary(raw, lang),
        _ => quote_at_most(raw, 100),
    }
}

/// Which version of a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Mine,
    Theirs,
}

/// A record changed in both workbooks since they last met (or met for the
/// first time with different contents).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub kind: RecordKind,
    pub id: String,
    /// Facility name, project title, class name or designed product.
    pub label: String,
    pub mine: Version,
    pub theirs: Version,
    pub differences: Vec<Difference>,
    /// Why it waits for the officer.
    pub reason: ConflictReason,
}

/// Why a record of the source waits for the officer instead of being taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConflictReason {
    /// Changed in both workbooks since they last met (or met for the first
    /// time with different contents).
    BothChanged,
    /// The source deletes a record that this workbook's own office made.
    DeletesOwnRecord,
    /// The source changes (or brings back) a record this office made.
    ChangesOwnRecord,
    /// The source's modification time is before 2000 or more than a day
    /// ahead of this computer's clock: it cannot say which version is newer.
    ImplausibleTime,
}

impl ConflictReason {
    /// One line for the officer, above the two versions.
    pub fn text(self, lang: Lang) -> &'static str {
        match self {
            ConflictReason::BothChanged => lang.pick("Sửa ở cả hai sổ", "Changed in both workbooks"),
            ConflictReason::DeletesOwnRecord => lang.pick(
                "Sổ huyện xóa bản ghi của đơn vị mình",
                "The district file deletes a record of this office",
            ),
            ConflictReason::ChangesOwnRecord => lang.pick(
                "Sổ huyện sửa bản ghi của đơn vị mình",
                "The district file changes a record of this office",
            ),
            ConflictReason::ImplausibleTime => lang.pick(
                "Thời điểm sửa trong sổ gửi đến không hợp lý (trước năm 2000 hoặc ở tương lai)",
                "The modification time in the file received is implausible (before 2000 or in the future)",
            ),
        }
    }
}

impl Conflict {
    /// One line for one side: "Kinh phí hỗ trợ (triệu đồng): 150; Ghi chú: …".
    pub fn summary(&self, side: Side, lang: Lang) -> String {
        let version = match side {
            Side::Mine => &self.mine,
            Side::Theirs => &self.theirs,
        };
        let mut parts = Vec::new();
        if self.mine.deleted != self.theirs.deleted {
            parts.push(if version.deleted {
                lang.pick("Đã xóa", "Deleted").to_string()
            } else {
                lang.pick("Còn (chưa xóa)", "Kept (not deleted)").to_string()
            });
        }
        for d in &self.differences {
            let value = match side {
                Side::Mine => d.mine_text(lang),
                Side::Theirs => d.theirs_text(lang),
            };
            parts.push(format!("{}: {value}", d.label(lang)));
        }
        if parts.is_empty() {
            parts.push(lang.pick("(khác ở liên kết cơ sở)", "(differs in the linked facility)").to_string());
        }
        parts.join("; ")
    }
}

/// The dry run: what a merge would do. Holds the source's rows, so
/// [`apply_merge`] writes exactly what was shown (after checking that
/// neither file changed in between).
pub struct MergePlan {
    pub source_path: PathBuf,
    /// The office that keeps the source workbook.
    pub source_office: WorkbookInfo,
    /// The schema level of the source (older levels are read too).
    pub source_version: i64,
    pub counts: Counts,
    /// Offices (record owners) this workbook will learn about.
    pub offices_added: usize,
    pub conflicts: Vec<Conflict>,
    /// Records of the source that are likely this workbook's under another
    /// id; each with the officer's [`PairChoice`]. Not counted in `counts`.
    pub pairs: Vec<SamePair>,
    /// Records that are the same in both but whose meeting point is new.
    pub(super) base_writes: usize,
    pub(super) office_renamed: bool,
    pub(super) source: SourceData,
    pub(super) fingerprint: Fingerprint,
    /// When the plan was made (ms): apply decides as of this moment too.
    pub(super) planned_at: i64,
    pub(super) target_path: PathBuf,
    pub(super) target_office_id: String,
}

impl std::fmt::Debug for MergePlan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MergePlan")
            .field("source_path", &self.source_path)
            .field("source_office", &self.source_office)
            .field("source_version", &self.source_version)
            .field("counts", &self.counts)
            .field("offices_added", &self.offices_added)
            .field("conflicts", &self.conflicts)
            .field("pairs", &self.pairs)
            .field("base_writes", &self.base_writes)
            .finish_non_exhaustive()
    }
}

impl MergePlan {
    /// False when merging would write nothing at all (the same file merged
    /// again): apply then leaves the workbook byte for byte as it is.
    pub fn writes_anything(&self) -> bool {
        self.counts.changes() > 0
            || Counts::total(&self.counts.tombstones) > 0
            || !self.conflicts.is_empty()
            || !self.pairs.is_empty()
            || self.offices_added > 0
            || self.office_renamed
            || self.base_writes > 0
    }

    pub fn conflict(&self, id: &str) -> Option<&Conflict> {
        self.conflicts.iter().find(|c| c.id == id)
    }

    /// The same choice for every likely-same pair.
    pub fn choose_for_all_pairs(&mut self, choice: PairChoice) {
        for p in &mut self.pairs {
            p.choice = choice;
        }
    }
}

/// What a merge did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MergeOutcome {
    /// The merge's entry in [`merge_log`]; `None` when there was nothing to write.
    pub merge_id: Option<i64>,
    /// Added, updated, deleted, … (conflicts resolved are counted in `kept_*`).
    pub counts: Counts,
    pub offices_added: usize,
    pub kept_mine: usize,
    pub kept_theirs: usize,
    /// Conflicts left unchanged (no resolution given): both versions stay as they were.
    pub unresolved: Vec<Conflict>,
    /// Likely-same pairs linked as one record (the others were added, in `counts.added`).
    pub linked: usize,
}

/// One merge as logged in the workbook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeLogEntry {
    pub id: i64,
    /// Milliseconds since 1970 (UTC).
    pub merged_at: i64,
    pub source_path: String,
    pub source_office_id: String,
    pub source_office_name: String,
    pub added: usize,
    pub updated: usize,
    pub deleted: usize,
    pub tombstones: usize,
    pub unchanged: usize,
    pub conflicts: usize,
    pub kept_mine: usize,
    pub kept_theirs: usize,
    pub unresolved: usize,
    pub offices_added: usize,
    /// Records of the source linked to one of this workbook's.
    pub linked: usize,
    /// When it was undone; the entry stays in the log.
    pub undone_at: Option<i64>,
    /// True for the one merge [`undo_last_merge`] would undo now.
    pub can_undo: bool,
}
