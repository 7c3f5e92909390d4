//! Merge sources made to attack the target or the machine: objects in the
//! schema the program never makes (expression indexes, generated columns,
//! CHECK constraints, triggers, views, tables, indexes), files over the
//! limits (size, rows, text), and the cancel. Each is refused with a clear
//! message, quickly, and leaves the target and the source byte for byte as
//! they were.

mod common;
mod merge_support;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use common::*;
use khuyencong::i18n::Lang;
use khuyencong::workbook::merge::{
    MAX_SOURCE_BYTES, MAX_SOURCE_ROWS, MergeError, RowProblem, SourceLimit, plan_merge_with,
};
use khuyencong::workbook::untrusted::SchemaMismatch;
use merge_support::*;

/// "Refused within 10 s" of the issue, for files under 10 MB: a bound on
/// correctness, not a benchmark (the refusals below take milliseconds).
const REFUSED_WITHIN: Duration = Duration::from_secs(10);

fn not_ours(e: &MergeError) -> &SchemaMismatch {
    match e {
        MergeError::SourceNotOurs { mismatch, .. } => mismatch,
        e => panic!("expected a schema refusal, got {e:?}"),
    }
}

fn extra(kind: &str, name: &str) -> SchemaMismatch {
    SchemaMismatch::Extra { kind: kind.into(), name: name.into() }
}

fn different(kind: &str, name: &str) -> SchemaMismatch {
    SchemaMismatch::Different { kind: kind.into(), name: name.into() }
}

/// The CREATE TABLE of `table` with `column` added as its last column.
fn with_column(path: &std::path::Path, table: &str, column: &str) -> String {
    let sql = schema_sql(path, table);
    let end = sql.rfind(')').expect("a closing parenthesis");
    format!("{}, {column}{}", &sql[..end], &sql[end..])
}

/// Rebuilds `projects` as another tool would: a new table from `create`
/// (named `projects_new`), the rows copied, the old one dropped, the new one
/// renamed, the indexes made again.
fn rebuild_projects(path: &std::path::Path, create: &str) {
    let columns: Vec<String> = {
        let c = db(path);
        let mut stmt = c.prepare("SELECT name FROM pragma_table_info('projects')").expect("columns");
        stmt.query_map([], |r| r.get(0)).expect("q").collect::<rusqlite::Result<_>>().expect("names")
    };
    let columns = columns.join(", ");
    alter(
        path,
        &format!(
            "PRAGMA foreign_keys = OFF; BEGIN;
             {create};
             INSERT INTO projects_new ({columns}) SELECT {columns} FROM projects;
             DROP TABLE projects;
             ALTER TABLE projects_new RENAME TO projects;
             CREATE INDEX projects_year ON projects(year);
             CREATE INDEX projects_facility ON projects(facility_id);
             COMMIT;"
        ),
    );
}

#[test]
fn objects_the_program_never_makes_are_refused_before_any_check() {
    let dir = temp();
    let province = empty_in(dir.path(), "tỉnh.db");
    let first = district(dir.path(), "long-ho.db", "Phòng Kinh tế huyện Long Hồ", 6);
    merge(&province, &first.path, None);
    let objects = schema_objects(&province);
    let counts = open(&province).counts().expect("counts");

    type Case = (&'static str, Box<dyn Fn(&std::path::Path)>, SchemaMismatch);
    let cases: Vec<Case> = vec![
        (
            "expression index",
            Box::new(|p| alter(p, "CREATE INDEX evil ON projects(length(printf('%.*c', 100000, title)))")),
            extra("index", "evil"),
        ),
        (
            "plain extra index",
            Box::new(|p| alter(p, "CREATE INDEX extra ON projects(title)")),
            extra("index", "extra"),
        ),
        (
            "trigger",
            Box::new(|p| {
                alter(
                    p,
                    "CREATE TRIGGER wipe_projects AFTER INSERT ON facilities BEGIN DELETE FROM projects; END;",
                )
            }),
            extra("trigger", "wipe_projects"),
        ),
        (
            "view",
            Box::new(|p| alter(p, "CREATE VIEW every_project AS SELECT * FROM projects")),
            extra("view", "every_project"),
        ),
        ("extra table", Box::new(|p| alter(p, "CREATE TABLE stolen (what TEXT)")), extra("table", "stolen")),
        ("statistics of ANALYZE", Box::new(|p| alter(p, "ANALYZE")), extra("table", "sqlite_stat1")),
        (
            "a view standing in for a workbook table",
            Box::new(|p| {
                alter(
                    p,
                    "DROP INDEX trainings_year; DROP INDEX trainings_facility; DROP TABLE trainings;
                     CREATE VIEW trainings AS SELECT id, 2020 AS year, name FROM facilities;",
                )
            }),
            extra("view", "trainings"),
        ),
        (
            "virtual generated column added",
            Box::new(|p| {
                alter(
                    p,
                    "ALTER TABLE projects ADD COLUMN g INTEGER GENERATED ALWAYS AS (length(title)) VIRTUAL",
                )
            }),
            different("table", "projects"),
        ),
        (
            "stored generated column by a table rebuild",
            Box::new(|p| {
                let create = with_column(p, "projects", "g TEXT GENERATED ALWAYS AS (upper(title)) STORED")
                    .replacen("CREATE TABLE projects", "CREATE TABLE projects_new", 1);
                rebuild_projects(p, &create)
            }),
            different("table", "projects"),
        ),
        (
            "extra CHECK by a table rebuild",
            Box::new(|p| {
                let create = with_column(p, "projects", "CHECK (length(title) < 1000)").replacen(
                    "CREATE TABLE projects",
                    "CREATE TABLE projects_new",
                    1,
                );
                rebuild_projects(p, &create)
            }),
            different("table", "projects"),
        ),
        (
            "extra CHECK written into the schema",
            Box::new(|p| {
                let sql = schema_sql(p, "projects").replacen(
                    "title TEXT NOT NULL,",
                    "title TEXT NOT NULL CHECK (length(title) < 1000),",
                    1,
                );
                set_schema_sql(p, "projects", &sql)
            }),
            different("table", "projects"),
        ),
        (
            "an index of the program missing",
            Box::new(|p| alter(p, "DROP INDEX projects_year")),
            SchemaMismatch::Missing { kind: "index".into(), name: "projects_year".into() },
        ),
        (
            "tables of a later level in a file that says level 2",
            Box::new(|p| alter(p, "PRAGMA user_version = 2")),
            extra("table", "merge_log"),
        ),
    ];
    for (i, (what, spoil, expected)) in cases.into_iter().enumerate() {
        let d = district(dir.path(), &format!("lạ-{i}.db"), "Phòng Kinh tế huyện Trà Ôn", 5);
        spoil(&d.path);
        let (err, took) = refusal(&province, &d.path);
        assert_eq!(not_ours(&err), &expected, "{what}");
        assert!(took < REFUSED_WITHIN, "{what}: {took:?}");
        let (vi, en) = (err.message(Lang::Vi), err.message(Lang::En));
        assert!(vi.contains("không phải sổ do chương trình này tạo ra"), "{what}: {vi}");
        assert!(
            en.contains("not a workbook made by this program") && en.contains("Nothing was merged"),
            "{en}"
        );
        let name = match &expected {
            SchemaMismatch::Extra { name, .. }
            | SchemaMismatch::Missing { name, .. }
            | SchemaMismatch::Different { name, .. } => name.clone(),
            SchemaMismatch::Unreadable => String::new(),
        };
        assert!(vi.contains(&format!("\u{201c}{name}\u{201d}")), "{what}: {vi}");
    }
    // Nothing of any of them reached the target.
    assert_eq!(schema_objects(&province), objects);
    assert_eq!(open(&province).counts().expect("counts"), counts);
}

/// A district file of about 1 MB whose schema would keep SQLite busy for
/// minutes if anything in it were evaluated (the old `merge --dry-run` and
/// `check` ran past 90 s on the generated column).
#[test]
fn expressions_that_would_run_for_minutes_are_refused_within_seconds() {
    let dir = temp();
    let province = empty_in(dir.path(), "tỉnh.db");
    let heavy = "length(printf('%.*c', 30000000, title))";
    type Spoil = Box<dyn Fn(&std::path::Path)>;
    let cases: Vec<(&str, Spoil)> = vec![
        (
            "generated column",
            Box::new(move |p| {
                let sql = with_column(
                    p,
                    "projects",
                    &format!("g INTEGER GENERATED ALWAYS AS ({heavy}) VIRTUAL NOT NULL"),
                );
                set_schema_sql(p, "projects", &sql)
            }),
        ),
        (
            "CHECK constraint",
            Box::new(move |p| {
                let sql = schema_sql(p, "projects").replacen(
                    "title TEXT NOT NULL,",
                    &format!("title TEXT NOT NULL CHECK ({heavy} > 0),"),
                    1,
                );
                set_schema_sql(p, "projects", &sql)
            }),
        ),
        (
            "expression index",
            Box::new(move |p| {
                alter(p, "CREATE INDEX evil ON projects(length(title))");
                set_schema_sql(p, "evil", &format!("CREATE INDEX evil ON projects({heavy})"));
            }),
        ),
    ];
    for (i, (what, spoil)) in cases.into_iter().enumerate() {
        let d = district(dir.path(), &format!("nặng-{i}.db"), "Phòng Kinh tế huyện Vũng Liêm", 500);
        spoil(&d.path);
        let size = std::fs::metadata(&d.path).expect("size").len();
        assert!(size < 10 * 1024 * 1024, "{what}: {size} bytes");
        let (err, took) = refusal(&province, &d.path);
        assert!(matches!(err, MergeError::SourceNotOurs { .. }), "{what}: {err:?}");
        assert!(took < REFUSED_WITHIN, "{what}: refused after {took:?}");
        if i == 0 {
            // What was avoided: SQLite's own check of this file, stopped after 2 s.
            let mut c = rusqlite::Connection::open(&d.path).expect("open");
            let start = Instant::now();
            c.progress_handler(1000, Some(move || start.elapsed() > Duration::from_secs(2)))
                .expect("handler");
            let checked = c.query_row("PRAGMA quick_check", [], |r| r.get::<_, String>(0));
            assert!(checked.is_err(), "quick_check of the hostile schema ended within 2 s: {checked:?}");
        }
    }
}

#[test]
fn names_from_the_file_are_short_and_show_control_characters_in_messages() {
    let dir = temp();
    let province = empty_in(dir.path(), "tỉnh.db");
    let d = district(dir.path(), "long-ho.db", "Phòng Kinh tế huyện Long Hồ", 3);
    let name = format!("x\u{1b}[2J{}", "a".repeat(300));
    alter(
        &d.path,
        &format!("CREATE TRIGGER \"{name}\" AFTER INSERT ON offices BEGIN DELETE FROM projects; END;"),
    );
    let (err, _) = refusal(&province, &d.path);
    for lang in [Lang::Vi, Lang::En] {
        let m = err.message(lang);
        assert!(m.contains("x\\u{1b}[2J"), "{m}");
        assert!(!m.contains('\u{1b}') && !m.contains(&"a".repeat(100)), "{m}");
    }
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_sqlite_opens_it() {
    let dir = temp();
    let province = empty_in(dir.path(), "tỉnh.db");
    let d = district(dir.path(), "lớn.db", "Phòng Kinh tế huyện Long Hồ", 3);
    // Grown past the limit without writing a byte (a sparse file): SQLite
    // itself would read it fine, as a database with free space at the end.
    let len = MAX_SOURCE_BYTES + 64 * 1024;
    std::fs::OpenOptions::new().write(true).open(&d.path).expect("open").set_len(len).expect("grow");
    let head = |p: &std::path::Path| {
        use std::io::Read;
        let mut buf = vec![0; 1 << 20];
        std::fs::File::open(p).expect("open").read_exact(&mut buf).expect("read");
        (buf, std::fs::metadata(p).expect("meta").modified().ok())
    };
    let (before, source_head) = (std::fs::read(&province).expect("read"), head(&d.path));
    let wb = open(&province);
    let start = Instant::now();
    let err = khuyencong::workbook::merge::plan_merge(&wb, &d.path).expect_err("refused");
    assert!(start.elapsed() < REFUSED_WITHIN);
    drop(wb);
    assert_eq!(
        err,
        MergeError::SourceTooLarge {
            path: d.path.clone(),
            limit: SourceLimit::FileSize { bytes: len, max: MAX_SOURCE_BYTES }
        }
    );
    assert!(err.message(Lang::Vi).contains("quá giới hạn 512 MB"), "{}", err.message(Lang::Vi));
    assert!(err.message(Lang::En).contains("over the 512 MB limit"), "{}", err.message(Lang::En));
    assert_eq!(std::fs::read(&province).expect("read"), before);
    assert_eq!(head(&d.path), source_head);
    assert_eq!(std::fs::metadata(&d.path).expect("meta").len(), len);
}

#[test]
fn a_table_over_the_row_limit_is_refused_before_its_rows_are_read() {
    let dir = temp();
    let province = empty_in(dir.path(), "tỉnh.db");
    let d = district(dir.path(), "đông.db", "Phòng Kinh tế huyện Long Hồ", 3);
    // Millions of offices, made by SQLite itself in one statement.
    alter(
        &d.path,
        &format!(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {})
             INSERT INTO offices (id, name) SELECT 'o' || i, '' FROM n;",
            MAX_SOURCE_ROWS + 1
        ),
    );
    let (err, _) = refusal(&province, &d.path);
    assert_eq!(
        err,
        MergeError::SourceTooLarge {
            path: d.path.clone(),
            limit: SourceLimit::Rows { table: "offices", max: MAX_SOURCE_ROWS }
        }
    );
    assert!(
        err.message(Lang::Vi).contains("bảng offices có hơn 2.000.000 dòng"),
        "{}",
        err.message(Lang::Vi)
    );
}

#[test]
fn a_field_over_its_limit_is_refused_and_never_quoted_at_length() {
    let dir = temp();
    let province = empty_in(dir.path(), "tỉnh.db");

    // 5 MB in one note: SQLite refuses to hand the value over at all.
    let d = district(dir.path(), "dài.db", "Phòng Kinh tế huyện Long Hồ", 3);
    alter(&d.path, "UPDATE projects SET note = printf('%.*c', 5000000, 'x') WHERE rowid = 1");
    let (err, took) = refusal(&province, &d.path);
    assert!(matches!(&err, MergeError::SourceTooLarge { limit: SourceLimit::Value { .. }, .. }), "{err:?}");
    assert!(took < REFUSED_WITHIN, "{took:?}");
    assert!(err.message(Lang::Vi).contains("dài hơn 1.048.576 byte"), "{}", err.message(Lang::Vi));

    // A facility name of 20.000 characters and a note of 10.001: over the
    // record rules' 500 and 10.000.
    for (i, sql, column) in [
        (1, "UPDATE facilities SET name = printf('%.*c', 20000, 'x') WHERE rowid = 2", "name"),
        (2, "UPDATE projects SET note = printf('%.*c', 10001, 'x') WHERE rowid = 2", "note"),
    ] {
        let d = district(dir.path(), &format!("dài-{i}.db"), "Phòng Kinh tế huyện Long Hồ", 3);
        alter(&d.path, sql);
        let (err, took) = refusal(&province, &d.path);
        assert!(took < REFUSED_WITHIN, "{took:?}");
        let MergeError::InvalidRecord { problem, .. } = &err else { panic!("{err:?}") };
        assert!(
            matches!(problem, RowProblem::TooLong { column: c, .. } if *c == column)
                || matches!(problem, RowProblem::Rules(_)),
            "{problem:?}"
        );
        for lang in [Lang::Vi, Lang::En] {
            let m = err.message(lang);
            assert!(!m.contains(&"x".repeat(101)), "{} characters: {m:.300}", m.chars().count());
        }
    }
}

#[test]
fn the_officer_can_stop_the_check_and_nothing_is_written() {
    let dir = temp();
    let province = empty_in(dir.path(), "tỉnh.db");
    let d = district(dir.path(), "long-ho.db", "Phòng Kinh tế huyện Long Hồ", 300);
    let before = std::fs::read(&province).expect("read");
    let source_before = std::fs::read(&d.path).expect("read");
    let wb = open(&province);

    // Cancelled before the check: SQLite's progress handler stops integrity_check.
    let cancel = Arc::new(AtomicBool::new(true));
    let err = plan_merge_with(&wb, &d.path, &cancel, &mut |_| {}).expect_err("cancelled");
    assert_eq!(err, MergeError::Cancelled);

    // Cancelled once the check has passed, while rows are read.
    let cancel = Arc::new(AtomicBool::new(false));
    let flag = cancel.clone();
    let mut seen = Vec::new();
    let err = plan_merge_with(&wb, &d.path, &cancel, &mut |f| {
        seen.push(f);
        if f >= 0.3 {
            flag.store(true, Ordering::Relaxed);
        }
    })
    .expect_err("cancelled");
    assert_eq!(err, MergeError::Cancelled);
    assert!(seen.contains(&0.3), "{seen:?}");

    // Not cancelled: the same file plans, with progress up to 1.
    let mut last = 0.0;
    let plan = plan_merge_with(&wb, &d.path, &Arc::default(), &mut |f| last = f).expect("plan");
    assert_eq!(plan.counts.added, [300, 300, 150, 100, 0]);
    assert_eq!(last, 1.0);
    drop(wb);
    assert_eq!(std::fs::read(&province).expect("read"), before);
    assert_eq!(std::fs::read(&d.path).expect("read"), source_before);
}

#[test]
fn the_same_files_opened_as_the_workbook_are_refused_before_any_check_and_an_analysed_one_opens() {
    use khuyencong::workbook::{OpenMode, Workbook, WorkbookError};
    let dir = temp();
    let heavy = "length(printf('%.*c', 30000000, title))";
    type Spoil = Box<dyn Fn(&std::path::Path)>;
    let spoils: Vec<(&str, Spoil)> = vec![
        (
            "generated column",
            Box::new(move |p| {
                let sql =
                    with_column(p, "projects", &format!("g INTEGER GENERATED ALWAYS AS ({heavy}) VIRTUAL"));
                set_schema_sql(p, "projects", &sql)
            }),
        ),
        ("trigger", Box::new(|p| alter(p, "CREATE TRIGGER t AFTER INSERT ON offices BEGIN SELECT 1; END"))),
        ("view", Box::new(|p| alter(p, "CREATE VIEW v AS SELECT * FROM projects"))),
    ];
    for (i, (what, spoil)) in spoils.into_iter().enumerate() {
        let d = district(dir.path(), &format!("lạ-{i}.db"), "Phòng Kinh tế huyện Vũng Liêm", 200);
        spoil(&d.path);
        let before = std::fs::read(&d.path).expect("read");
        for mode in [OpenMode::ReadOnly, OpenMode::Normal] {
            let refused = Workbook::open(&d.path, mode).err();
            assert!(matches!(refused, Some(WorkbookError::ForeignSchema(_))), "{what}: {refused:?}");
        }
        let out = khuyencong(&["check", path_str(&d.path)]);
        assert_eq!(out.status.code(), Some(2), "{what}: {}", stdout(&out));
        assert!(
            stderr(&out).contains("Cấu trúc của sổ này đã bị chương trình khác sửa"),
            "{what}: {}",
            stderr(&out)
        );
        let out = khuyencong(&["check", path_str(&d.path), "--lang", "en"]);
        assert!(
            stderr(&out).contains("structure was changed by another program"),
            "{what}: {}",
            stderr(&out)
        );
        assert_eq!(std::fs::read(&d.path).expect("read"), before, "{what}: the file was changed");
    }
    // ANALYZE's statistics tables hold no expression: such a workbook opens.
    let d = district(dir.path(), "phân-tích.db", "Phòng Kinh tế huyện Vũng Liêm", 200);
    alter(&d.path, "ANALYZE");
    assert!(schema_objects(&d.path).iter().any(|(_, name)| name == "sqlite_stat1"));
    assert!(Workbook::open(&d.path, OpenMode::Normal).is_ok());
    let out = khuyencong(&["check", path_str(&d.path)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}
