//! Helpers of the merge tests: district workbooks, merging, reading the
//! files back, refusals that must leave both files as they were.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::common::db;
use khuyencong::domain::codes::{DesignForm, FundingSource, ProjectContent, ProjectStatus, TrainingKind};
use khuyencong::domain::{DesignSupport, Facility, Project, Training};
use khuyencong::i18n::Lang;
use khuyencong::workbook::merge::{
    Counts, MergeError, MergeOutcome, MergePlan, Resolution, apply_merge, plan_merge,
};
use khuyencong::workbook::{OpenMode, Workbook, WorkbookError};
use rusqlite::types::Value;

pub const MILLION: i64 = 1_000_000;

pub struct District {
    pub path: PathBuf,
    pub facilities: Vec<String>,
    pub projects: Vec<String>,
    pub trainings: Vec<String>,
    pub designs: Vec<String>,
}

pub fn facility(tag: &str, i: usize) -> Facility {
    Facility {
        name: format!("Cơ sở chế biến {tag} số {i}"),
        district: "Long Hồ".into(),
        commune: "Phước Hậu".into(),
        province: "Vĩnh Long".into(),
        ..Facility::default()
    }
}

pub fn project(tag: &str, i: usize, facility_id: Option<String>) -> Project {
    let support = (i as i64 % 7 + 1) * 10 * MILLION;
    Project {
        code: format!("{tag}-{i}"),
        year: 2014 + (i % 12) as i32,
        title: format!("Tư vấn nâng cao năng lực {tag} {i}"),
        source: if i.is_multiple_of(3) { FundingSource::National } else { FundingSource::Local },
        content: ProjectContent::Consulting,
        facility_id,
        district: "Long Hồ".into(),
        commune: String::new(),
        support_vnd: support,
        counterpart_vnd: support * 2 + (i as i64) * 1000,
        status: ProjectStatus::Approved,
        decision_no: format!("{i}/QĐ-SCT"),
        approved_on: None,
        accepted_on: None,
        note: String::new(),
    }
}

pub fn training(tag: &str, i: usize, facility_id: Option<String>) -> Training {
    Training {
        year: 2015 + (i % 10) as i32,
        facility_id,
        name: format!("Lớp may công nghiệp {tag} {i}"),
        kind: TrainingKind::Vocational,
        trade: "May công nghiệp".into(),
        district: "Long Hồ".into(),
        commune: String::new(),
        trainees: 20 + (i as i64 % 15),
        female_trainees: Some(10),
        start_on: None,
        end_on: None,
        source: Some(FundingSource::Local),
        cost_vnd: 50 * MILLION,
        note: String::new(),
    }
}

pub fn design(tag: &str, i: usize, facility_id: String) -> DesignSupport {
    DesignSupport {
        year: 2016 + (i % 8) as i32,
        facility_id,
        product: format!("Bao bì bánh tráng {tag} {i}"),
        form: DesignForm::Packaging,
        source: Some(FundingSource::Local),
        support_vnd: (i as i64 % 5 + 1) * 5 * MILLION,
        district: "Long Hồ".into(),
        commune: String::new(),
        note: String::new(),
    }
}

/// A district workbook with `n` facilities and projects, `n / 2` trainings
/// and `n / 3` design supports, all in one transaction.
pub fn district(dir: &Path, file: &str, office: &str, n: usize) -> District {
    let path = dir.join(file);
    let mut wb = Workbook::create(&path, office, "Vĩnh Long").expect("create");
    let tag = file.trim_end_matches(".db");
    let (facilities, projects, trainings, designs) = wb
        .write(|w| {
            let facilities: Vec<String> =
                (0..n).map(|i| w.insert(&facility(tag, i))).collect::<Result<_, _>>()?;
            let projects = (0..n)
                .map(|i| w.insert(&project(tag, i, (i % 5 != 4).then(|| facilities[i].clone()))))
                .collect::<Result<Vec<_>, _>>()?;
            let trainings = (0..n / 2)
                .map(|i| w.insert(&training(tag, i, i.is_multiple_of(2).then(|| facilities[i].clone()))))
                .collect::<Result<Vec<_>, _>>()?;
            let designs = (0..n / 3)
                .map(|i| w.insert(&design(tag, i, facilities[n - 1 - i].clone())))
                .collect::<Result<Vec<_>, _>>()?;
            Ok((facilities, projects, trainings, designs))
        })
        .expect("fill");
    District { path, facilities, projects, trainings, designs }
}

pub fn open(path: &Path) -> Workbook {
    Workbook::open(path, OpenMode::Normal).expect("open")
}

pub fn never_cancel() -> impl FnMut(f32) -> bool {
    |_| true
}

/// Plans and applies one merge; conflicts get `default`.
pub fn merge(target: &Path, source: &Path, default: Option<Resolution>) -> (MergePlan, MergeOutcome) {
    let mut wb = open(target);
    let plan = plan_merge(&wb, source).expect("plan");
    let outcome = apply_merge(&mut wb, &plan, &HashMap::new(), default, &mut never_cancel()).expect("apply");
    (plan, outcome)
}

/// Every row of every table that a merge touches or must leave alone.
pub fn dump(path: &Path) -> BTreeMap<&'static str, Vec<Vec<Value>>> {
    let c = db(path);
    let mut out = BTreeMap::new();
    for table in [
        "offices",
        "workbook_info",
        "facilities",
        "projects",
        "trainings",
        "design_supports",
        "plans",
        "merge_base",
        "merge_undo",
        "merge_link",
    ] {
        let mut stmt = c.prepare(&format!("SELECT * FROM {table} ORDER BY 1, 2, 3")).expect("select");
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| (0..n).map(|i| r.get::<_, Value>(i)).collect::<rusqlite::Result<Vec<_>>>())
            .expect("query")
            .collect::<rusqlite::Result<Vec<_>>>()
            .expect("rows");
        out.insert(table, rows);
    }
    out
}

pub fn schema_objects(path: &Path) -> Vec<(String, String)> {
    let c = db(path);
    let mut stmt = c.prepare("SELECT type, name FROM sqlite_master ORDER BY type, name").unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().collect::<rusqlite::Result<_>>().unwrap()
}

/// Live records and money of a workbook, by plain SQL.
pub fn sql_totals(path: &Path) -> [i64; 8] {
    let c = db(path);
    let q = |sql: &str| -> i64 { c.query_row(sql, [], |r| r.get(0)).unwrap() };
    [
        q("SELECT COUNT(*) FROM facilities WHERE deleted_at IS NULL"),
        q("SELECT COUNT(*) FROM projects WHERE deleted_at IS NULL"),
        q("SELECT COALESCE(SUM(support_vnd), 0) FROM projects WHERE deleted_at IS NULL"),
        q("SELECT COALESCE(SUM(counterpart_vnd), 0) FROM projects WHERE deleted_at IS NULL"),
        q("SELECT COUNT(*) FROM trainings WHERE deleted_at IS NULL"),
        q("SELECT COALESCE(SUM(trainees), 0) FROM trainings WHERE deleted_at IS NULL"),
        q("SELECT COUNT(*) FROM design_supports WHERE deleted_at IS NULL"),
        q("SELECT COALESCE(SUM(support_vnd), 0) FROM design_supports WHERE deleted_at IS NULL"),
    ]
}

/// modified_at has millisecond resolution: an edit must not share the
/// millisecond of the version it replaces.
pub fn tick() {
    std::thread::sleep(Duration::from_millis(3));
}

pub fn set_support(path: &Path, id: &str, million: i64) {
    tick();
    let mut wb = open(path);
    let mut p = wb.get::<Project>(id).unwrap().expect("project").record;
    p.support_vnd = million * MILLION;
    wb.update(id, &p).unwrap();
}

pub fn support_of(path: &Path, id: &str) -> i64 {
    let wb = Workbook::open(path, OpenMode::ReadOnly).unwrap();
    wb.get::<Project>(id).unwrap().expect("project").record.support_vnd / MILLION
}

pub fn zero_changes(plan: &MergePlan) -> bool {
    plan.counts.changes() == 0 && Counts::total(&plan.counts.tombstones) == 0 && plan.conflicts.is_empty()
}

/// plan_merge refuses `source` with an error `expected` accepts, a message in
/// both languages, and the target keeps every byte.
pub fn assert_refused(target: &Path, source: &Path, expected: fn(&MergeError) -> bool, words_vi: &str) {
    let before = fs::read(target).unwrap();
    let source_before = fs::read(source).ok();
    let wb = open(target);
    let err = plan_merge(&wb, source).expect_err("refused");
    assert!(expected(&err), "unexpected error {err:?}");
    let (vi, en) = (err.message(Lang::Vi), err.message(Lang::En));
    assert!(vi.contains(words_vi), "{vi:?} lacks {words_vi:?}");
    assert_ne!(vi, en);
    assert!(!en.contains("Tệp") && !en.contains("Sổ"), "English message: {en}");
    drop(wb);
    assert_eq!(fs::read(target).unwrap(), before, "target bytes changed");
    assert_eq!(fs::read(source).ok(), source_before, "source bytes changed");
}

pub fn refused_as(e: &MergeError, f: fn(&WorkbookError) -> bool) -> bool {
    matches!(e, MergeError::SourceRefused { error, .. } if f(error))
}

/// Plans `source` into `target`, which must be refused: the error and how
/// long the refusal took. Both files keep every byte.
pub fn refusal(target: &Path, source: &Path) -> (MergeError, Duration) {
    let before = fs::read(target).expect("read target");
    let source_before = fs::read(source).expect("read source");
    let wb = open(target);
    let start = std::time::Instant::now();
    let err = plan_merge(&wb, source).expect_err("refused");
    let took = start.elapsed();
    drop(wb);
    assert_eq!(fs::read(target).expect("read target"), before, "target bytes changed");
    assert!(fs::read(source).expect("read source") == source_before, "source bytes changed");
    (err, took)
}

/// Runs `sql` on the workbook file with a plain connection (as another tool would).
pub fn alter(path: &Path, sql: &str) {
    let c = rusqlite::Connection::open(path).expect("open");
    c.execute_batch(sql).expect("alter");
}

/// Replaces the SQL of one schema object behind SQLite's back, so nothing
/// of it is evaluated while the file is made.
pub fn set_schema_sql(path: &Path, name: &str, sql: &str) {
    let c = rusqlite::Connection::open(path).expect("open");
    c.execute_batch("PRAGMA writable_schema = ON").expect("writable");
    let n = c.execute("UPDATE sqlite_schema SET sql = ?2 WHERE name = ?1", (name, sql)).expect("update");
    assert_eq!(n, 1, "{name}");
}

/// The CREATE statement of a schema object.
pub fn schema_sql(path: &Path, name: &str) -> String {
    db(path).query_row("SELECT sql FROM sqlite_schema WHERE name = ?1", [name], |r| r.get(0)).expect("sql")
}
