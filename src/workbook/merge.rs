//! Merging the workbook of another office into this one.
//!
//! District offices keep their own workbooks and send them to the provincial
//! centre, which merges them (and may send its own back). Records match by
//! id. For each peer office this workbook keeps, per record, the
//! `modified_at` of both sides when they last met (`merge_base`): a record
//! changed on one side only since then takes that change; a record changed
//! on both is a conflict that the officer resolves (keep mine / keep theirs)
//! or leaves unchanged. Deletions travel as tombstones. A peer's own
//! `merge_base` (what it recorded when it last merged this workbook) is used
//! too, so sending a workbook back and forth works both ways.
//!
//! The source is untrusted. It is opened read-only through its own
//! connection (defensive mode, `trusted_schema=OFF`, `query_only`), checked
//! (header, application id, version, `quick_check`, a full
//! `integrity_check`) and read with plain SELECTs of known columns of known
//! tables. It is never ATTACHed to this workbook, so nothing inside it —
//! triggers, views, extra tables — can act here. Every row it sends must
//! pass the record rules, or the merge is refused before anything is written.
//!
//! [`plan_merge`] is the dry run; [`apply_merge`] writes in one transaction
//! with before-images, so [`undo_last_merge`] restores the state before it.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::hash::{DefaultHasher, Hasher};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use rusqlite::types::{Value, ValueRef};
use rusqlite::{Connection, OptionalExtension, Row, Statement, TransactionBehavior, params_from_iter};
use unicode_normalization::UnicodeNormalization;

use super::error::{one_line, show, t};
use super::store::{Meta, StoredRecord, table_of};
use super::{
    Workbook, WorkbookError, check_connection, check_header, configure, enlarge_cache, now_ms,
    read_only_connection, restore_cache, same_file,
};
use crate::domain::fields::{Column, Draft, FieldType, columns};
use crate::domain::text::clean_line;
use crate::domain::validate::{Issue, MAX_LINE_CHARS, MAX_NOTE_CHARS};
use crate::domain::{DesignSupport, Facility, Project, RecordKind, Training, WorkbookInfo};
use crate::i18n::Lang;

/// The record kinds in the order they are merged: facilities first, so a
/// project, training or design support always finds its facility.
const KINDS: [RecordKind; 4] = RecordKind::ALL;
const META_COLUMNS: [&str; 5] = ["id", "office_id", "created_at", "modified_at", "deleted_at"];
const OFFICES: &str = "offices";
/// How often (in rows written) progress is reported and cancel is honoured.
const PROGRESS_EVERY: usize = 256;

fn kind_index(kind: RecordKind) -> usize {
    match kind {
        RecordKind::Facility => 0,
        RecordKind::Project => 1,
        RecordKind::Training => 2,
        RecordKind::Design => 3,
    }
}

fn record_columns(k: usize) -> &'static [&'static str] {
    match KINDS[k] {
        RecordKind::Facility => Facility::COLUMNS,
        RecordKind::Project => Project::COLUMNS,
        RecordKind::Training => Training::COLUMNS,
        RecordKind::Design => DesignSupport::COLUMNS,
    }
}

/// The column that names a record to the officer.
fn label_column(k: usize) -> &'static str {
    match KINDS[k] {
        RecordKind::Facility => "name",
        RecordKind::Project => "title",
        RecordKind::Training => "name",
        RecordKind::Design => "product",
    }
}

fn kind_of_table(table: &str) -> Option<usize> {
    KINDS.iter().position(|k| table_of(*k) == table)
}

// ---------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------

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

/// Numbers of records per kind, each array in the order of [`RecordKind::ALL`]
/// (facilities, projects, trainings, design supports).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Live records this workbook did not have.
    pub added: [usize; 4],
    /// Records changed in the source only since the workbooks last met
    /// (including a deleted record brought back).
    pub updated: [usize; 4],
    /// Live records deleted in the source since they last met.
    pub deleted: [usize; 4],
    /// Deleted records this workbook never had: kept so the deletion travels
    /// on; nothing the officer sees changes.
    pub tombstones: [usize; 4],
    /// Records that are the same, or changed only here.
    pub unchanged: [usize; 4],
}

impl Counts {
    pub fn of(values: &[usize; 4], kind: RecordKind) -> usize {
        values[kind_index(kind)]
    }
    pub fn total(values: &[usize; 4]) -> usize {
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
    match column.ty {
        FieldType::Code(set) => set.label(raw, lang).unwrap_or(raw).to_string(),
        _ => raw.to_string(),
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
    /// Records that are the same in both but whose meeting point is new.
    base_writes: usize,
    office_renamed: bool,
    source: SourceData,
    fingerprint: Fingerprint,
    target_path: PathBuf,
    target_office_id: String,
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
            || self.offices_added > 0
            || self.office_renamed
            || self.base_writes > 0
    }

    pub fn conflict(&self, id: &str) -> Option<&Conflict> {
        self.conflicts.iter().find(|c| c.id == id)
    }
}

/// What a merge did.
#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// When it was undone; the entry stays in the log.
    pub undone_at: Option<i64>,
    /// True for the one merge [`undo_last_merge`] would undo now.
    pub can_undo: bool,
}

/// What is wrong with one row of the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowProblem {
    /// A value that is not what the column holds (unknown code, bad date, text in a number…).
    Unreadable(String),
    /// The record rules (year, required fields, amounts…).
    Rules(Vec<Issue>),
    TooLong {
        column: &'static str,
        max: usize,
    },
    BadId,
    /// The row names an office the source does not have.
    UnknownOffice(String),
    /// The row names a facility that neither workbook has.
    MissingFacility(String),
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MergeError {
    #[error("target workbook is read-only")]
    TargetReadOnly,
    #[error("source is the target file")]
    SameFile,
    #[error("source is a copy of the target workbook")]
    SameWorkbook,
    #[error("source {path:?} refused: {error}")]
    SourceRefused { path: PathBuf, error: WorkbookError },
    #[error("invalid {kind:?} {id} in source: {problem:?}")]
    InvalidRecord { kind: RecordKind, id: String, label: String, problem: RowProblem },
    #[error("source changed since the preview")]
    SourceChanged,
    #[error("target changed since the preview")]
    PlanOutdated,
    #[error("merge cancelled")]
    Cancelled,
    #[error("no merge to undo")]
    NothingToUndo,
    #[error("{count} merged records edited since the merge")]
    EditedSinceMerge { count: usize, kind: RecordKind, label: String },
    #[error("facility {facility} still used by {used_by}")]
    UndoBlocked { facility: String, used_by: String },
    #[error(transparent)]
    Workbook(#[from] WorkbookError),
}

impl From<rusqlite::Error> for MergeError {
    fn from(e: rusqlite::Error) -> Self {
        MergeError::Workbook(e.into())
    }
}

impl MergeError {
    /// What is wrong and what to do, in the officer's language.
    pub fn message(&self, lang: Lang) -> String {
        let vi = lang == Lang::Vi;
        match self {
            MergeError::TargetReadOnly => t(
                vi,
                "Sổ đang mở ở chế độ chỉ đọc nên không thể gộp vào. Hãy dùng \"Lưu thành\" để tạo bản có thể sửa rồi gộp vào bản đó.".into(),
                "The workbook is open read-only, so nothing can be merged into it. Use \"Save as\" to make an editable copy and merge into that.".into(),
            ),
            MergeError::SameFile => t(
                vi,
                "Không thể gộp một sổ vào chính nó. Hãy chọn tệp sổ do đơn vị khác gửi đến.".into(),
                "A workbook cannot be merged into itself. Choose the workbook file sent by another office.".into(),
            ),
            MergeError::SameWorkbook => t(
                vi,
                "Tệp này là bản sao của chính sổ đang mở (cùng đơn vị), không phải sổ của đơn vị khác. Hãy chọn tệp sổ do đơn vị khác gửi đến.".into(),
                "This file is a copy of the open workbook (same office), not another office's workbook. Choose the workbook file sent by another office.".into(),
            ),
            MergeError::SourceRefused { path, error } => t(
                vi,
                format!("Không gộp được tệp {}: {} Sổ đang mở không bị thay đổi.", show(path), error.message(lang)),
                format!("Cannot merge {}: {} The open workbook was not changed.", show(path), error.message(lang)),
            ),
            MergeError::InvalidRecord { kind, id, label, problem } => {
                let what = kind.singular(lang);
                let name = if label.is_empty() { id.clone() } else { format!("\u{201c}{label}\u{201d} ({id})") };
                let detail = problem.message(*kind, lang);
                t(
                    vi,
                    format!("Tệp gửi đến có {what} {name} không hợp lệ: {detail} Chưa gộp gì; hãy nhờ đơn vị gửi sửa bản ghi này rồi gửi lại tệp."),
                    format!("The file sent has an invalid {what} {name}: {detail} Nothing was merged; ask the sending office to correct this record and send the file again."),
                )
            }
            MergeError::SourceChanged => t(
                vi,
                "Tệp gửi đến đã thay đổi sau khi xem trước. Chưa gộp gì; hãy xem trước lại rồi gộp.".into(),
                "The file sent has changed since the preview. Nothing was merged; preview again, then merge.".into(),
            ),
            MergeError::PlanOutdated => t(
                vi,
                "Sổ đang mở đã thay đổi sau khi xem trước. Chưa gộp gì; hãy xem trước lại rồi gộp.".into(),
                "The open workbook has changed since the preview. Nothing was merged; preview again, then merge.".into(),
            ),
            MergeError::Cancelled => t(
                vi,
                "Đã hủy gộp sổ. Không có gì được ghi.".into(),
                "The merge was cancelled. Nothing was written.".into(),
            ),
            MergeError::NothingToUndo => t(
                vi,
                "Không có lần gộp sổ nào để hoàn tác.".into(),
                "There is no merge to undo.".into(),
            ),
            MergeError::EditedSinceMerge { count, kind, label } => {
                let what = kind.singular(lang);
                t(
                    vi,
                    format!("Không thể hoàn tác lần gộp sổ cuối: {count} bản ghi do lần gộp ghi vào đã được sửa hoặc xóa sau đó (ví dụ {what} \u{201c}{label}\u{201d}). Hoàn tác sẽ làm mất các sửa đổi đó; sổ không bị thay đổi."),
                    format!("The last merge cannot be undone: {count} records it wrote were edited or deleted since (for example the {what} \u{201c}{label}\u{201d}). Undoing would lose those edits; the workbook was not changed."),
                )
            }
            MergeError::UndoBlocked { facility, used_by } => t(
                vi,
                format!("Không thể hoàn tác lần gộp sổ cuối: cơ sở \u{201c}{facility}\u{201d} do lần gộp thêm vào đang được bản ghi nhập sau đó dùng (\u{201c}{used_by}\u{201d}). Hãy xóa hoặc chuyển bản ghi đó trước; sổ không bị thay đổi."),
                format!("The last merge cannot be undone: the facility \u{201c}{facility}\u{201d} it added is used by a record entered since (\u{201c}{used_by}\u{201d}). Delete or move that record first; the workbook was not changed."),
            ),
            MergeError::Workbook(e) => e.message(lang),
        }
    }
}

impl RowProblem {
    /// What is wrong with the row; fields are named by their labels, as in the forms.
    pub fn message(&self, kind: RecordKind, lang: Lang) -> String {
        let vi = lang == Lang::Vi;
        match self {
            RowProblem::Unreadable(detail) => {
                let detail = one_line(detail);
                t(
                    vi,
                    format!("giá trị không đọc được ({detail})."),
                    format!("a value cannot be read ({detail})."),
                )
            }
            RowProblem::Rules(issues) => {
                let text: Vec<String> = issues
                    .iter()
                    .filter(|i| i.is_error())
                    .map(|i| {
                        let field = columns(kind).iter().find(|c| c.key == i.field);
                        format!(
                            "{}: {}",
                            field.map_or(i.field, |c| c.label.get(lang)),
                            i.problem.message(lang)
                        )
                    })
                    .collect();
                text.join(" ")
            }
            RowProblem::TooLong { column, max } => t(
                vi,
                format!("trường {column} dài quá {max} ký tự."),
                format!("field {column} is longer than {max} characters."),
            ),
            RowProblem::BadId => {
                t(vi, "mã bản ghi không hợp lệ.".into(), "the record id is not valid.".into())
            }
            RowProblem::UnknownOffice(id) => t(
                vi,
                format!("ghi thuộc đơn vị {id} mà tệp không có."),
                format!("it names office {id}, which the file does not have."),
            ),
            RowProblem::MissingFacility(id) => t(
                vi,
                format!("ghi cơ sở {id} mà cả hai sổ đều không có."),
                format!("it names facility {id}, which neither workbook has."),
            ),
        }
    }
}

// ---------------------------------------------------------------------------
// Reading the source
// ---------------------------------------------------------------------------

/// A record of any kind, typed: for labels and the fields of a conflict.
#[derive(Debug, Clone)]
enum AnyRecord {
    Facility(Facility),
    Project(Project),
    Training(Training),
    Design(DesignSupport),
}

impl AnyRecord {
    fn facility_ref(&self) -> Option<&str> {
        match self {
            AnyRecord::Facility(_) => None,
            AnyRecord::Project(p) => p.facility_id.as_deref(),
            AnyRecord::Training(t) => t.facility_id.as_deref(),
            AnyRecord::Design(d) => Some(d.facility_id.as_str()),
        }
    }

    fn label(&self) -> &str {
        match self {
            AnyRecord::Facility(f) => &f.name,
            AnyRecord::Project(p) => &p.title,
            AnyRecord::Training(t) => &t.name,
            AnyRecord::Design(d) => &d.product,
        }
    }

    fn draft(&self, facility: Option<&Facility>) -> Draft {
        match self {
            AnyRecord::Facility(f) => f.to_draft(),
            AnyRecord::Project(p) => p.to_draft(facility),
            AnyRecord::Training(t) => t.to_draft(facility),
            AnyRecord::Design(d) => d.to_draft(facility),
        }
    }
}

trait MergeRecord: StoredRecord {
    fn into_any(self) -> AnyRecord;
}
impl MergeRecord for Facility {
    fn into_any(self) -> AnyRecord {
        AnyRecord::Facility(self)
    }
}
impl MergeRecord for Project {
    fn into_any(self) -> AnyRecord {
        AnyRecord::Project(self)
    }
}
impl MergeRecord for Training {
    fn into_any(self) -> AnyRecord {
        AnyRecord::Training(self)
    }
}
impl MergeRecord for DesignSupport {
    fn into_any(self) -> AnyRecord {
        AnyRecord::Design(self)
    }
}

/// One row of the source, checked and with its text in NFC.
#[derive(Debug, Clone)]
struct SourceRow {
    id: String,
    record: AnyRecord,
    /// The record's own columns as written (in the order of `COLUMNS`).
    values: Vec<Value>,
    meta: Meta,
    hash: u64,
}

/// Where the two sides stood when they last met, for one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Base {
    /// The source's modified_at.
    s: i64,
    /// The target's modified_at.
    t: i64,
    in_sync: bool,
}

struct SourceData {
    info: WorkbookInfo,
    version: i64,
    /// (id, name, province), cleaned.
    offices: Vec<(String, String, String)>,
    rows: [Vec<SourceRow>; 4],
    facility_ids: HashSet<String>,
    /// The source's own meeting points with the target, seen from the target.
    peer_bases: [HashMap<String, Base>; 4],
}

/// The file as it was when planned: apply refuses a file that changed since.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Fingerprint {
    len: u64,
    modified: Option<SystemTime>,
    hash: u64,
}

fn fingerprint(path: &Path) -> std::io::Result<Fingerprint> {
    let meta = fs::metadata(path)?;
    let mut file = fs::File::open(path)?;
    let mut hasher = DefaultHasher::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.write(&buf[..n]);
    }
    Ok(Fingerprint { len: meta.len(), modified: meta.modified().ok(), hash: hasher.finish() })
}

fn hash_value(h: &mut DefaultHasher, v: ValueRef<'_>) {
    match v {
        ValueRef::Null => h.write_u8(0),
        ValueRef::Integer(i) => {
            h.write_u8(1);
            h.write_i64(i);
        }
        ValueRef::Real(f) => {
            h.write_u8(2);
            h.write_u64(f.to_bits());
        }
        ValueRef::Text(b) => {
            h.write_u8(3);
            h.write_usize(b.len());
            h.write(b);
        }
        ValueRef::Blob(b) => {
            h.write_u8(4);
            h.write_usize(b.len());
            h.write(b);
        }
    }
}

fn valid_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_graphic())
}

/// Opens the source read-only and checks it before anything is read from it.
fn open_source(path: &Path) -> super::Result<(Connection, i64)> {
    // A workbook in WAL mode is read without leaving -wal/-shm files beside it.
    let wal = check_header(path)?;
    let conn = read_only_connection(path, wal)?;
    configure(&conn)?;
    conn.pragma_update(None, "query_only", "ON")?;
    let version = check_connection(&conn)?;
    let lines: Vec<String> = {
        let mut stmt = conn.prepare("PRAGMA integrity_check")?;
        stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<_>>()?
    };
    if lines.len() != 1 || lines[0] != "ok" {
        return Err(WorkbookError::Damaged(lines.join("; ")));
    }
    // Only real tables are read: a view or anything else under a workbook
    // table's name means the file is not what it claims to be.
    let tables: HashSet<String> = {
        let mut stmt = conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table'")?;
        stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<_>>()?
    };
    let mut required = vec![OFFICES, "workbook_info"];
    required.extend(KINDS.iter().map(|k| table_of(*k)));
    if version >= 3 {
        required.push("merge_base");
    }
    if let Some(missing) = required.iter().find(|t| !tables.contains(**t)) {
        return Err(WorkbookError::Damaged(format!("no table {missing}")));
    }
    Ok((conn, version))
}

fn refused(path: &Path, error: WorkbookError) -> MergeError {
    let error = match error {
        // A hot journal can only be rolled back by a writer; the source is never written.
        WorkbookError::ReadOnly => WorkbookError::Interrupted,
        error => error,
    };
    MergeError::SourceRefused { path: path.to_path_buf(), error }
}

fn invalid(k: usize, id: &str, label: &str, problem: RowProblem) -> MergeError {
    MergeError::InvalidRecord { kind: KINDS[k], id: id.to_string(), label: label.nfc().collect(), problem }
}

/// Every row of one kind, checked by the record rules, text in NFC.
fn read_kind<R: MergeRecord>(
    conn: &Connection,
    version: i64,
    offices: &HashSet<String>,
) -> Result<Vec<SourceRow>, MergeError> {
    let k = kind_index(R::KIND);
    // Level 1 had no host facility for a training.
    let select: Vec<&str> = R::COLUMNS
        .iter()
        .map(|c| if version < 2 && R::TABLE == "trainings" && *c == "facility_id" { "NULL" } else { *c })
        .collect();
    let sql = format!(
        "SELECT {}, id, office_id, created_at, modified_at, deleted_at, {} FROM {}",
        select.join(", "),
        label_column(k),
        R::TABLE
    );
    let n = R::COLUMNS.len();
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(read_row::<R>(row, n, k, offices)?);
    }
    Ok(out)
}

fn read_row<R: MergeRecord>(
    row: &Row<'_>,
    n: usize,
    k: usize,
    offices: &HashSet<String>,
) -> Result<SourceRow, MergeError> {
    let id: String = row.get::<_, Option<String>>(n).ok().flatten().unwrap_or_default();
    let label: String = row.get::<_, Option<String>>(n + 5).ok().flatten().unwrap_or_default();
    let bad = |problem| invalid(k, &id, &label, problem);
    if !valid_id(&id) {
        return Err(bad(RowProblem::BadId));
    }
    let unreadable = |e: rusqlite::Error| invalid(k, &id, &label, RowProblem::Unreadable(e.to_string()));
    let record = R::read(row).map_err(unreadable)?;
    let meta = Meta {
        office_id: row.get(n + 1).map_err(unreadable)?,
        created_at: row.get(n + 2).map_err(unreadable)?,
        modified_at: row.get(n + 3).map_err(unreadable)?,
        deleted_at: row.get(n + 4).map_err(unreadable)?,
    };
    if !offices.contains(&meta.office_id) {
        return Err(bad(RowProblem::UnknownOffice(meta.office_id.clone())));
    }
    let issues = record.check();
    if issues.iter().any(Issue::is_error) {
        return Err(bad(RowProblem::Rules(issues)));
    }
    let mut values = record.values();
    let mut hasher = DefaultHasher::new();
    for (value, &column) in values.iter_mut().zip(R::COLUMNS) {
        if let Value::Text(s) = value {
            if !unicode_normalization::is_nfc(s) {
                *s = s.nfc().collect();
            }
            let max = if column == "note" { MAX_NOTE_CHARS } else { MAX_LINE_CHARS };
            if s.chars().count() > max {
                return Err(bad(RowProblem::TooLong { column, max }));
            }
        }
        hash_value(&mut hasher, ValueRef::from(&*value));
    }
    Ok(SourceRow { id, record: record.into_any(), values, meta, hash: hasher.finish() })
}

fn read_source(conn: &mut Connection, version: i64, target_office: &str) -> Result<SourceData, MergeError> {
    // One read transaction: every table from the same moment.
    let tx = conn.transaction()?;
    let office_id: String = tx
        .query_row("SELECT office_id FROM workbook_info WHERE singleton = 1", [], |r| r.get(0))
        .optional()?
        .ok_or_else(|| WorkbookError::Damaged("workbook_info".into()))?;
    let mut offices = Vec::new();
    {
        let mut stmt = tx.prepare("SELECT id, name, province FROM offices")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (id, name, province): (String, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
            let (name, province) = (clean_line(&name), clean_line(&province));
            if !valid_id(&id)
                || name.chars().count() > MAX_LINE_CHARS
                || province.chars().count() > MAX_LINE_CHARS
            {
                return Err(WorkbookError::Damaged(format!("office {}", one_line(&id))).into());
            }
            offices.push((id, name, province));
        }
    }
    let Some((_, office_name, province)) = offices.iter().find(|o| o.0 == office_id).cloned() else {
        return Err(WorkbookError::Damaged("workbook_info".into()).into());
    };
    let office_ids: HashSet<String> = offices.iter().map(|o| o.0.clone()).collect();
    let rows = [
        read_kind::<Facility>(&tx, version, &office_ids)?,
        read_kind::<Project>(&tx, version, &office_ids)?,
        read_kind::<Training>(&tx, version, &office_ids)?,
        read_kind::<DesignSupport>(&tx, version, &office_ids)?,
    ];
    let facility_ids = rows[0].iter().map(|r| r.id.clone()).collect();
    let mut peer_bases: [HashMap<String, Base>; 4] = Default::default();
    if version >= 3 {
        let mut stmt = tx.prepare(
            "SELECT kind, record_id, source_modified_at, target_modified_at FROM merge_base
             WHERE peer_office_id = ?1 AND in_sync = 1",
        )?;
        let mut q = stmt.query([target_office])?;
        while let Some(r) = q.next()? {
            let kind: String = r.get(0)?;
            if let Some(k) = kind_of_table(&kind) {
                // Their "source" is us: swap the sides.
                let base = Base { s: r.get(3)?, t: r.get(2)?, in_sync: true };
                peer_bases[k].insert(r.get(1)?, base);
            }
        }
    }
    tx.finish()?;
    Ok(SourceData {
        info: WorkbookInfo { office_id, office_name, province },
        version,
        offices,
        rows,
        facility_ids,
        peer_bases,
    })
}

// ---------------------------------------------------------------------------
// The target and the decisions
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy)]
struct TargetRow {
    modified_at: i64,
    deleted: bool,
    hash: u64,
}

struct TargetState {
    office_id: String,
    offices: HashMap<String, (String, String)>,
    rows: [HashMap<String, TargetRow>; 4],
    bases: [HashMap<String, Base>; 4],
}

/// Loads, once, what the decisions need of the target: for each record the
/// source also has (and each facility it names), its modified_at, tombstone
/// and a hash of its columns; the meeting points with this peer. One
/// statement per kind, looked up by primary key, so the cost follows the
/// source's size, not the target's.
fn load_target(conn: &Connection, office_id: &str, source: &SourceData) -> Result<TargetState, MergeError> {
    let mut offices = HashMap::new();
    {
        let mut stmt = conn.prepare("SELECT id, name, province FROM offices")?;
        let mut q = stmt.query([])?;
        while let Some(r) = q.next()? {
            offices.insert(r.get(0)?, (r.get(1)?, r.get(2)?));
        }
    }
    let mut rows: [HashMap<String, TargetRow>; 4] = Default::default();
    for (k, map) in rows.iter_mut().enumerate() {
        let mut ids: HashSet<&str> = source.rows[k].iter().map(|r| r.id.as_str()).collect();
        if k == 0 {
            ids.extend(source.rows.iter().flatten().filter_map(|r| r.record.facility_ref()));
        }
        if ids.is_empty() {
            continue;
        }
        let ids = serde_json::to_string(&ids).map_err(|e| WorkbookError::Sql(e.to_string()))?;
        let cols = record_columns(k);
        let sql = format!(
            "SELECT id, modified_at, deleted_at, {} FROM {} WHERE id IN (SELECT value FROM json_each(?1))",
            cols.join(", "),
            table_of(KINDS[k])
        );
        let mut stmt = conn.prepare(&sql)?;
        let mut q = stmt.query([ids])?;
        while let Some(r) = q.next()? {
            let mut hasher = DefaultHasher::new();
            for i in 0..cols.len() {
                hash_value(&mut hasher, r.get_ref(i + 3)?);
            }
            let row = TargetRow {
                modified_at: r.get(1)?,
                deleted: r.get::<_, Option<i64>>(2)?.is_some(),
                hash: hasher.finish(),
            };
            map.insert(r.get(0)?, row);
        }
    }
    let mut bases: [HashMap<String, Base>; 4] = Default::default();
    {
        let mut stmt = conn.prepare(
            "SELECT kind, record_id, source_modified_at, target_modified_at, in_sync FROM merge_base
             WHERE peer_office_id = ?1",
        )?;
        let mut q = stmt.query([&source.info.office_id])?;
        while let Some(r) = q.next()? {
            let kind: String = r.get(0)?;
            if let Some(k) = kind_of_table(&kind) {
                bases[k].insert(
                    r.get(1)?,
                    Base { s: r.get(2)?, t: r.get(3)?, in_sync: r.get::<_, i64>(4)? != 0 },
                );
            }
        }
    }
    Ok(TargetState { office_id: office_id.to_string(), offices, rows, bases })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Judged {
    Same,
    KeepTarget,
    TakeSource,
    Conflict,
}

/// Who changed the record since the two workbooks last met. `own` is this
/// workbook's meeting point with the peer, `peer` the peer's with us: a
/// later meeting recorded on one side only explains what the other cannot.
fn judge(s: &SourceRow, t: &TargetRow, own: Option<Base>, peer: Option<Base>) -> Judged {
    let s_deleted = s.meta.deleted_at.is_some();
    if (s.hash == t.hash && s_deleted == t.deleted) || (s_deleted && t.deleted) {
        return Judged::Same;
    }
    let (mut take, mut keep) = (false, false);
    for base in [own, peer].into_iter().flatten() {
        let s_changed = s.meta.modified_at != base.s;
        let t_changed = t.modified_at != base.t;
        match (s_changed, t_changed) {
            // Last time the officer kept this side's version, and nothing changed since.
            (false, false) if !base.in_sync => keep = true,
            (false, true) => keep = true,
            (true, false) if base.in_sync => take = true,
            _ => {}
        }
    }
    match (take, keep) {
        (true, false) => Judged::TakeSource,
        (false, true) => Judged::KeepTarget,
        _ => Judged::Conflict,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Insert,
    /// Same content; only the meeting point is written.
    Same,
    TakeSource,
    Conflict,
}

#[derive(Debug, Clone, Copy)]
struct Decision {
    k: usize,
    row: usize,
    verdict: Verdict,
    target_modified_at: i64,
}

#[derive(Default)]
struct Computed {
    decisions: Vec<Decision>,
    counts: Counts,
    conflicts: Vec<(usize, usize)>,
    base_writes: usize,
    offices_added: Vec<usize>,
    office_renamed: bool,
}

fn decide(source: &SourceData, target: &TargetState) -> Result<Computed, MergeError> {
    let mut c = Computed::default();
    for (i, (id, name, province)) in source.offices.iter().enumerate() {
        if *id == target.office_id {
            continue;
        }
        match target.offices.get(id) {
            None => c.offices_added.push(i),
            // The sender names its own office; other offices' names are left as they are here.
            Some((n, p)) if *id == source.info.office_id && (n != name || p != province) => {
                c.office_renamed = true
            }
            Some(_) => {}
        }
    }
    for k in 0..KINDS.len() {
        for (i, s) in source.rows[k].iter().enumerate() {
            if let Some(f) = s.record.facility_ref()
                && !source.facility_ids.contains(f)
                && !target.rows[0].contains_key(f)
            {
                return Err(invalid(k, &s.id, s.record.label(), RowProblem::MissingFacility(f.to_string())));
            }
            let s_deleted = s.meta.deleted_at.is_some();
            let own = target.bases[k].get(&s.id).copied();
            let Some(t) = target.rows[k].get(&s.id) else {
                if s_deleted {
                    c.counts.tombstones[k] += 1;
                } else {
                    c.counts.added[k] += 1;
                }
                c.decisions.push(Decision { k, row: i, verdict: Verdict::Insert, target_modified_at: 0 });
                continue;
            };
            let decision = |verdict| Decision { k, row: i, verdict, target_modified_at: t.modified_at };
            match judge(s, t, own, source.peer_bases[k].get(&s.id).copied()) {
                Judged::Same => {
                    c.counts.unchanged[k] += 1;
                    let met = Base { s: s.meta.modified_at, t: t.modified_at, in_sync: true };
                    if own != Some(met) {
                        c.base_writes += 1;
                        c.decisions.push(decision(Verdict::Same));
                    }
                }
                Judged::KeepTarget => c.counts.unchanged[k] += 1,
                Judged::TakeSource => {
                    if s_deleted && !t.deleted {
                        c.counts.deleted[k] += 1;
                    } else {
                        c.counts.updated[k] += 1;
                    }
                    c.decisions.push(decision(Verdict::TakeSource));
                }
                Judged::Conflict => {
                    c.conflicts.push((k, i));
                    c.decisions.push(decision(Verdict::Conflict));
                }
            }
        }
    }
    Ok(c)
}

fn get_any(target: &Workbook, k: usize, id: &str) -> Result<Option<(AnyRecord, Meta)>, MergeError> {
    fn one<R: MergeRecord>(target: &Workbook, id: &str) -> Result<Option<(AnyRecord, Meta)>, MergeError> {
        Ok(target.get::<R>(id)?.map(|s| (s.record.into_any(), s.meta)))
    }
    match KINDS[k] {
        RecordKind::Facility => one::<Facility>(target, id),
        RecordKind::Project => one::<Project>(target, id),
        RecordKind::Training => one::<Training>(target, id),
        RecordKind::Design => one::<DesignSupport>(target, id),
    }
}

fn build_conflict(
    target: &Workbook,
    source: &SourceData,
    k: usize,
    s: &SourceRow,
) -> Result<Conflict, MergeError> {
    let Some((mine, mine_meta)) = get_any(target, k, &s.id)? else {
        return Err(MergeError::PlanOutdated);
    };
    let target_facility = |id: &str| -> Result<Option<Facility>, MergeError> {
        Ok(target.get::<Facility>(id)?.map(|f| f.record))
    };
    let mine_facility = match mine.facility_ref() {
        Some(f) => target_facility(f)?,
        None => None,
    };
    let theirs_facility = match s.record.facility_ref() {
        Some(f) => match source.rows[0].iter().find(|r| r.id == f).map(|r| &r.record) {
            Some(AnyRecord::Facility(facility)) => Some(facility.clone()),
            _ => target_facility(f)?,
        },
        None => None,
    };
    let (mine_draft, theirs_draft) =
        (mine.draft(mine_facility.as_ref()), s.record.draft(theirs_facility.as_ref()));
    let differences = columns(KINDS[k])
        .iter()
        .filter(|c| mine_draft.get(c.key) != theirs_draft.get(c.key))
        .map(|c| Difference {
            column: c,
            mine: mine_draft.get(c.key).to_string(),
            theirs: theirs_draft.get(c.key).to_string(),
        })
        .collect();
    let label = match s.record.label() {
        "" => mine.label().to_string(),
        l => l.nfc().collect(),
    };
    Ok(Conflict {
        kind: KINDS[k],
        id: s.id.clone(),
        label,
        mine: Version { modified_at: mine_meta.modified_at, deleted: mine_meta.deleted_at.is_some() },
        theirs: Version { modified_at: s.meta.modified_at, deleted: s.meta.deleted_at.is_some() },
        differences,
    })
}

// ---------------------------------------------------------------------------
// Plan and apply
// ---------------------------------------------------------------------------

/// The dry run: opens and checks `source`, reads it, and says what merging it
/// into `target` would add, update, delete and which records conflict.
/// Writes nothing, to either file.
pub fn plan_merge(target: &Workbook, source: &Path) -> Result<MergePlan, MergeError> {
    let old = enlarge_cache(&target.conn)?;
    let result = plan_inner(target, source);
    restore_cache(&target.conn, old);
    result
}

fn plan_inner(target: &Workbook, source: &Path) -> Result<MergePlan, MergeError> {
    if target.read_only.is_some() {
        return Err(MergeError::TargetReadOnly);
    }
    if same_file(source, &target.path) {
        return Err(MergeError::SameFile);
    }
    let (mut conn, version) = open_source(source).map_err(|e| refused(source, e))?;
    let before = fingerprint(source).map_err(|e| refused(source, e.into()))?;
    let data = read_source(&mut conn, version, &target.info.office_id).map_err(|e| match e {
        // A table of the source that cannot be read as a workbook's is damage, not our error.
        MergeError::Workbook(WorkbookError::Sql(detail)) => refused(source, WorkbookError::Damaged(detail)),
        MergeError::Workbook(e) => refused(source, e),
        e => e,
    })?;
    drop(conn);
    let after = fingerprint(source).map_err(|e| refused(source, e.into()))?;
    if before != after {
        return Err(MergeError::SourceChanged);
    }
    if data.info.office_id == target.info.office_id {
        return Err(MergeError::SameWorkbook);
    }
    let state = load_target(&target.conn, &target.info.office_id, &data)?;
    let computed = decide(&data, &state)?;
    let conflicts = computed
        .conflicts
        .iter()
        .map(|&(k, i)| build_conflict(target, &data, k, &data.rows[k][i]))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(MergePlan {
        source_path: source.to_path_buf(),
        source_office: data.info.clone(),
        source_version: data.version,
        counts: computed.counts,
        offices_added: computed.offices_added.len(),
        conflicts,
        base_writes: computed.base_writes,
        office_renamed: computed.office_renamed,
        source: data,
        fingerprint: after,
        target_path: target.path.clone(),
        target_office_id: target.info.office_id.clone(),
    })
}

fn json_of(v: ValueRef<'_>) -> Result<serde_json::Value, MergeError> {
    Ok(match v {
        ValueRef::Null => serde_json::Value::Null,
        ValueRef::Integer(i) => i.into(),
        ValueRef::Text(b) => match std::str::from_utf8(b) {
            Ok(s) => s.into(),
            Err(_) => return Err(WorkbookError::Damaged("text is not UTF-8".into()).into()),
        },
        // STRICT tables of a workbook hold no reals or blobs.
        ValueRef::Real(_) | ValueRef::Blob(_) => {
            return Err(WorkbookError::Damaged("unexpected value type".into()).into());
        }
    })
}

fn value_of(v: &serde_json::Value) -> Result<Value, MergeError> {
    match v {
        serde_json::Value::Null => Ok(Value::Null),
        serde_json::Value::String(s) => Ok(Value::Text(s.clone())),
        serde_json::Value::Number(n) => {
            n.as_i64().map(Value::Integer).ok_or_else(|| WorkbookError::Damaged("merge_undo".into()).into())
        }
        _ => Err(WorkbookError::Damaged("merge_undo".into()).into()),
    }
}

/// The row's columns (record columns, then the meta columns) as a JSON array.
fn before_image(stmt: &mut Statement<'_>, id: &str, n: usize) -> Result<Option<String>, MergeError> {
    let mut q = stmt.query([id])?;
    let Some(r) = q.next()? else {
        return Ok(None);
    };
    let values = (0..n).map(|i| json_of(r.get_ref(i)?)).collect::<Result<Vec<_>, _>>()?;
    Ok(Some(serde_json::Value::Array(values).to_string()))
}

fn base_json(b: Option<Base>) -> Option<String> {
    b.map(|b| serde_json::json!([b.s, b.t, i64::from(b.in_sync)]).to_string())
}

fn total(a: &[usize; 4]) -> i64 {
    Counts::total(a) as i64
}

/// Writes the plan into `target` in one transaction. Conflicts take the
/// resolution given for their record id, else `default`; without either
/// they are left unchanged. `progress` receives 0.0–1.0 and returns false
/// to cancel, in which case nothing is written. Refuses when the source
/// file or the workbook changed since the plan (plan again).
pub fn apply_merge(
    target: &mut Workbook,
    plan: &MergePlan,
    resolutions: &HashMap<String, Resolution>,
    default: Option<Resolution>,
    progress: &mut dyn FnMut(f32) -> bool,
) -> Result<MergeOutcome, MergeError> {
    let old = enlarge_cache(&target.conn)?;
    let result = apply_inner(target, plan, resolutions, default, progress);
    restore_cache(&target.conn, old);
    result
}

fn apply_inner(
    target: &mut Workbook,
    plan: &MergePlan,
    resolutions: &HashMap<String, Resolution>,
    default: Option<Resolution>,
    progress: &mut dyn FnMut(f32) -> bool,
) -> Result<MergeOutcome, MergeError> {
    if target.read_only.is_some() {
        return Err(MergeError::TargetReadOnly);
    }
    if plan.target_office_id != target.info.office_id || !same_file(&plan.target_path, &target.path) {
        return Err(MergeError::PlanOutdated);
    }
    match fingerprint(&plan.source_path) {
        Ok(f) if f == plan.fingerprint => {}
        _ => return Err(MergeError::SourceChanged),
    }
    if !progress(0.0) {
        return Err(MergeError::Cancelled);
    }
    let source = &plan.source;
    let peer = source.info.office_id.clone();
    let own_office = target.info.office_id.clone();
    let tx = target.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let state = load_target(&tx, &own_office, source)?;
    let computed = decide(source, &state)?;
    let planned: Vec<(RecordKind, &str)> = plan.conflicts.iter().map(|c| (c.kind, c.id.as_str())).collect();
    let now: Vec<(RecordKind, &str)> =
        computed.conflicts.iter().map(|&(k, i)| (KINDS[k], source.rows[k][i].id.as_str())).collect();
    if computed.counts != plan.counts
        || computed.base_writes != plan.base_writes
        || computed.offices_added.len() != plan.offices_added
        || computed.office_renamed != plan.office_renamed
        || planned != now
    {
        return Err(MergeError::PlanOutdated);
    }

    let mut outcome = MergeOutcome {
        merge_id: None,
        counts: computed.counts,
        offices_added: computed.offices_added.len(),
        kept_mine: 0,
        kept_theirs: 0,
        unresolved: Vec::new(),
    };
    // What each decision writes: (decision, write the source row?, new meeting point).
    let mut ops: Vec<(Decision, bool, Option<Base>)> = Vec::with_capacity(computed.decisions.len());
    for d in &computed.decisions {
        let s = &source.rows[d.k][d.row];
        let taken = Base { s: s.meta.modified_at, t: s.meta.modified_at, in_sync: true };
        match d.verdict {
            Verdict::Insert | Verdict::TakeSource => ops.push((*d, true, Some(taken))),
            Verdict::Same => ops.push((
                *d,
                false,
                Some(Base { s: s.meta.modified_at, t: d.target_modified_at, in_sync: true }),
            )),
            Verdict::Conflict => match resolutions.get(&s.id).copied().or(default) {
                Some(Resolution::KeepTheirs) => {
                    outcome.kept_theirs += 1;
                    ops.push((*d, true, Some(taken)));
                }
                Some(Resolution::KeepMine) => {
                    outcome.kept_mine += 1;
                    let kept = Base { s: s.meta.modified_at, t: d.target_modified_at, in_sync: false };
                    ops.push((*d, false, Some(kept)));
                }
                None => {
                    if let Some(c) = plan.conflict(&s.id) {
                        outcome.unresolved.push(c.clone());
                    }
                }
            },
        }
    }
    if ops.is_empty()
        && computed.offices_added.is_empty()
        && !computed.office_renamed
        && plan.conflicts.is_empty()
    {
        // Nothing to write: the transaction ends unwritten and the file keeps every byte.
        return Ok(outcome);
    }

    let c = &outcome.counts;
    tx.execute(
        "INSERT INTO merge_log (merged_at, source_path, source_office_id, source_office_name, added, updated,
             deleted, tombstones, unchanged, conflicts, kept_mine, kept_theirs, unresolved, offices_added)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        rusqlite::params![
            now_ms(),
            plan.source_path.to_string_lossy(),
            peer,
            source.info.office_name,
            total(&c.added),
            total(&c.updated),
            total(&c.deleted),
            total(&c.tombstones),
            total(&c.unchanged),
            plan.conflicts.len() as i64,
            outcome.kept_mine as i64,
            outcome.kept_theirs as i64,
            outcome.unresolved.len() as i64,
            outcome.offices_added as i64,
        ],
    )?;
    let merge_id = tx.last_insert_rowid();
    let mut undo = tx.prepare(
        "INSERT INTO merge_undo (merge_id, kind, row_id, row_written, row_before, after_modified_at,
             base_written, base_before) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    let mut base_upsert = tx.prepare(
        "INSERT OR REPLACE INTO merge_base (peer_office_id, kind, record_id, source_modified_at,
             target_modified_at, in_sync) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;

    let total_steps = (ops.len() + computed.offices_added.len() + 1) as f32;
    let mut step = 0usize;
    let mut tick = |step: usize| -> Result<(), MergeError> {
        if step.is_multiple_of(PROGRESS_EVERY) && !progress(step as f32 / total_steps) {
            return Err(MergeError::Cancelled);
        }
        Ok(())
    };

    // Offices first: every record names the office that made it.
    for &i in &computed.offices_added {
        let (id, name, province) = &source.offices[i];
        tx.execute("INSERT INTO offices (id, name, province) VALUES (?1, ?2, ?3)", (id, name, province))?;
        undo.execute(rusqlite::params![
            merge_id,
            OFFICES,
            id,
            1,
            None::<String>,
            None::<i64>,
            0,
            None::<String>
        ])?;
        step += 1;
        tick(step)?;
    }
    if computed.office_renamed
        && let Some((id, name, province)) = source.offices.iter().find(|o| o.0 == peer)
        && let Some((old_name, old_province)) = state.offices.get(id)
    {
        let before = serde_json::json!([old_name, old_province]).to_string();
        tx.execute("UPDATE offices SET name = ?2, province = ?3 WHERE id = ?1", (id, name, province))?;
        undo.execute(rusqlite::params![merge_id, OFFICES, id, 1, before, None::<i64>, 0, None::<String>])?;
    }

    // Records, facilities first (decisions are in kind order).
    let mut k_prepared = usize::MAX;
    let mut statements: Option<(Statement<'_>, Statement<'_>, Statement<'_>)> = None;
    for (d, write_row, base) in &ops {
        let (k, s) = (d.k, &source.rows[d.k][d.row]);
        let table = table_of(KINDS[k]);
        let cols = record_columns(k);
        if k_prepared != k {
            let all: Vec<&str> = cols.iter().chain(META_COLUMNS.iter()).copied().collect();
            let placeholders: Vec<String> = (1..=all.len()).map(|i| format!("?{i}")).collect();
            let sets = set_clauses(&all);
            statements = Some((
                tx.prepare(&format!(
                    "INSERT INTO {table} ({}) VALUES ({})",
                    all.join(", "),
                    placeholders.join(", ")
                ))?,
                tx.prepare(&format!(
                    "UPDATE {table} SET {} WHERE id = ?{}",
                    sets.join(", "),
                    cols.len() + 1
                ))?,
                tx.prepare(&format!("SELECT {} FROM {table} WHERE id = ?1", all.join(", ")))?,
            ));
            k_prepared = k;
        }
        let Some((insert, update, select)) = statements.as_mut() else {
            continue;
        };
        let own = state.bases[k].get(&s.id).copied();
        let mut row_before = None;
        let mut after = None;
        if *write_row {
            let mut values = s.values.clone();
            values.extend([
                Value::Text(s.id.clone()),
                Value::Text(s.meta.office_id.clone()),
                Value::Integer(s.meta.created_at),
                Value::Integer(s.meta.modified_at),
                s.meta.deleted_at.map(Value::Integer).unwrap_or(Value::Null),
            ]);
            if d.verdict == Verdict::Insert {
                insert.execute(params_from_iter(values))?;
            } else {
                row_before = before_image(select, &s.id, cols.len() + META_COLUMNS.len())?;
                if update.execute(params_from_iter(values))? != 1 {
                    return Err(MergeError::PlanOutdated);
                }
            }
            after = Some(s.meta.modified_at);
        }
        let base = base.filter(|b| own != Some(*b));
        if let Some(b) = base {
            base_upsert.execute(rusqlite::params![peer, table, s.id, b.s, b.t, i64::from(b.in_sync)])?;
        }
        if *write_row || base.is_some() {
            undo.execute(rusqlite::params![
                merge_id,
                table,
                s.id,
                i64::from(*write_row),
                row_before,
                after,
                i64::from(base.is_some()),
                if base.is_some() { base_json(own) } else { None },
            ])?;
        }
        step += 1;
        tick(step)?;
    }
    drop(statements);
    drop(undo);
    drop(base_upsert);
    if !progress(1.0) {
        return Err(MergeError::Cancelled);
    }
    tx.commit()?;
    outcome.merge_id = Some(merge_id);
    Ok(outcome)
}

// ---------------------------------------------------------------------------
// Log and undo
// ---------------------------------------------------------------------------

const LOG_COLUMNS: &str = "id, merged_at, source_path, source_office_id, source_office_name, added, updated,
    deleted, tombstones, unchanged, conflicts, kept_mine, kept_theirs, unresolved, offices_added, undone_at";

fn log_entry(r: &Row<'_>) -> rusqlite::Result<MergeLogEntry> {
    let n = |i: usize| -> rusqlite::Result<usize> { Ok(r.get::<_, i64>(i)?.max(0) as usize) };
    Ok(MergeLogEntry {
        id: r.get(0)?,
        merged_at: r.get(1)?,
        source_path: r.get(2)?,
        source_office_id: r.get(3)?,
        source_office_name: r.get(4)?,
        added: n(5)?,
        updated: n(6)?,
        deleted: n(7)?,
        tombstones: n(8)?,
        unchanged: n(9)?,
        conflicts: n(10)?,
        kept_mine: n(11)?,
        kept_theirs: n(12)?,
        unresolved: n(13)?,
        offices_added: n(14)?,
        undone_at: r.get(15)?,
        can_undo: false,
    })
}

/// Every merge into `wb`, newest first.
pub fn merge_log(wb: &Workbook) -> Result<Vec<MergeLogEntry>, MergeError> {
    let mut stmt = wb.conn.prepare(&format!("SELECT {LOG_COLUMNS} FROM merge_log ORDER BY id DESC"))?;
    let mut entries = stmt.query_map([], log_entry)?.collect::<rusqlite::Result<Vec<_>>>()?;
    if let Some(e) = entries.iter_mut().find(|e| e.undone_at.is_none()) {
        e.can_undo = true;
    }
    Ok(entries)
}

struct UndoRow {
    kind: String,
    row_id: String,
    row_written: bool,
    row_before: Option<String>,
    after_modified_at: Option<i64>,
    base_written: bool,
    base_before: Option<String>,
}

/// Undoes the most recent merge not yet undone: the records, offices and
/// meeting points it wrote go back to exactly what they were before it, and
/// its log entry is marked undone. Refused, with nothing changed, when a
/// record the merge wrote was edited or deleted since, or when a record
/// entered since uses a facility the merge added.
pub fn undo_last_merge(wb: &mut Workbook) -> Result<MergeLogEntry, MergeError> {
    let old = enlarge_cache(&wb.conn)?;
    let result = undo_inner(wb);
    restore_cache(&wb.conn, old);
    result
}

fn undo_inner(wb: &mut Workbook) -> Result<MergeLogEntry, MergeError> {
    if wb.read_only.is_some() {
        return Err(MergeError::TargetReadOnly);
    }
    let tx = wb.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut entry = tx
        .query_row(
            &format!("SELECT {LOG_COLUMNS} FROM merge_log WHERE undone_at IS NULL ORDER BY id DESC LIMIT 1"),
            [],
            log_entry,
        )
        .optional()?
        .ok_or(MergeError::NothingToUndo)?;
    let rows: Vec<UndoRow> = {
        let mut stmt = tx.prepare(
            "SELECT kind, row_id, row_written, row_before, after_modified_at, base_written, base_before
             FROM merge_undo WHERE merge_id = ?1",
        )?;
        stmt.query_map([entry.id], |r| {
            Ok(UndoRow {
                kind: r.get(0)?,
                row_id: r.get(1)?,
                row_written: r.get::<_, i64>(2)? != 0,
                row_before: r.get(3)?,
                after_modified_at: r.get(4)?,
                base_written: r.get::<_, i64>(5)? != 0,
                base_before: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?
    };

    // A record the merge wrote and the officer changed since: undoing would lose that edit.
    let mut edited: Option<(usize, usize, String)> = None;
    for (k, kind) in KINDS.iter().enumerate() {
        let table = table_of(*kind);
        let mut stmt =
            tx.prepare(&format!("SELECT modified_at, {} FROM {table} WHERE id = ?1", label_column(k)))?;
        for r in rows.iter().filter(|r| r.row_written && r.kind == table) {
            let now: Option<(i64, String)> =
                stmt.query_row([&r.row_id], |q| Ok((q.get(0)?, q.get(1)?))).optional()?;
            if now.as_ref().map(|n| n.0) != r.after_modified_at {
                let label = now.map(|n| n.1).unwrap_or_else(|| r.row_id.clone());
                let e = edited.get_or_insert((0, k, label));
                e.0 += 1;
            }
        }
    }
    if let Some((count, k, label)) = edited {
        return Err(MergeError::EditedSinceMerge { count, kind: KINDS[k], label });
    }

    // Records, last kind first so no facility is removed before its projects.
    for k in (0..KINDS.len()).rev() {
        let table = table_of(KINDS[k]);
        let cols = record_columns(k);
        let all: Vec<&str> = cols.iter().chain(META_COLUMNS.iter()).copied().collect();
        let sets = set_clauses(&all);
        let mut update =
            tx.prepare(&format!("UPDATE {table} SET {} WHERE id = ?{}", sets.join(", "), cols.len() + 1))?;
        let mut delete = tx.prepare(&format!("DELETE FROM {table} WHERE id = ?1"))?;
        for r in rows.iter().filter(|r| r.row_written && r.kind == table) {
            match &r.row_before {
                None => {
                    if KINDS[k] == RecordKind::Facility
                        && let Some(used_by) = facility_user(&tx, &r.row_id)?
                    {
                        let facility: String = tx
                            .query_row("SELECT name FROM facilities WHERE id = ?1", [&r.row_id], |q| q.get(0))
                            .optional()?
                            .unwrap_or_default();
                        return Err(MergeError::UndoBlocked { facility, used_by });
                    }
                    delete.execute([&r.row_id])?;
                }
                Some(json) => {
                    let values = parse_row(json, all.len())?;
                    update.execute(params_from_iter(values))?;
                }
            }
        }
    }
    for r in rows.iter().filter(|r| r.row_written && r.kind == OFFICES) {
        match &r.row_before {
            None => {
                tx.execute("DELETE FROM offices WHERE id = ?1", [&r.row_id])?;
            }
            Some(json) => {
                let v = parse_row(json, 2)?;
                tx.execute(
                    "UPDATE offices SET name = ?2, province = ?3 WHERE id = ?1",
                    params_from_iter([Value::Text(r.row_id.clone()), v[0].clone(), v[1].clone()]),
                )?;
            }
        }
    }
    {
        let mut put = tx.prepare(
            "INSERT OR REPLACE INTO merge_base (peer_office_id, kind, record_id, source_modified_at,
                 target_modified_at, in_sync) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        let mut remove =
            tx.prepare("DELETE FROM merge_base WHERE peer_office_id = ?1 AND kind = ?2 AND record_id = ?3")?;
        for r in rows.iter().filter(|r| r.base_written) {
            match &r.base_before {
                None => {
                    remove.execute((&entry.source_office_id, &r.kind, &r.row_id))?;
                }
                Some(json) => {
                    let v = parse_row(json, 3)?;
                    put.execute(params_from_iter(
                        [
                            Value::Text(entry.source_office_id.clone()),
                            Value::Text(r.kind.clone()),
                            Value::Text(r.row_id.clone()),
                        ]
                        .into_iter()
                        .chain(v),
                    ))?;
                }
            }
        }
    }
    let undone_at = now_ms();
    tx.execute("UPDATE merge_log SET undone_at = ?2 WHERE id = ?1", (entry.id, undone_at))?;
    tx.execute("DELETE FROM merge_undo WHERE merge_id = ?1", [entry.id])?;
    tx.commit()?;
    entry.undone_at = Some(undone_at);
    Ok(entry)
}

/// A record that still uses the facility: its label.
fn facility_user(conn: &Connection, facility_id: &str) -> Result<Option<String>, MergeError> {
    Ok(conn
        .query_row(
            "SELECT title FROM projects WHERE facility_id = ?1
             UNION ALL SELECT name FROM trainings WHERE facility_id = ?1
             UNION ALL SELECT product FROM design_supports WHERE facility_id = ?1
             LIMIT 1",
            [facility_id],
            |r| r.get(0),
        )
        .optional()?)
}

/// `col = ?N` for every column but the id, numbered by position in `all`
/// (the record columns, then [`META_COLUMNS`]); the id is `?{record columns + 1}`.
fn set_clauses(all: &[&str]) -> Vec<String> {
    all.iter().enumerate().filter(|(_, c)| **c != "id").map(|(i, c)| format!("{c} = ?{}", i + 1)).collect()
}

fn parse_row(json: &str, n: usize) -> Result<Vec<Value>, MergeError> {
    let damaged = || MergeError::from(WorkbookError::Damaged("merge_undo".into()));
    let parsed: serde_json::Value = serde_json::from_str(json).map_err(|_| damaged())?;
    let items = parsed.as_array().filter(|a| a.len() == n).ok_or_else(damaged)?;
    items.iter().map(value_of).collect()
}
