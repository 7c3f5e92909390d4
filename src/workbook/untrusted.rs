//! A workbook from outside — another office's file to merge — is checked
//! before SQLite evaluates anything stored in it.
//!
//! SQLite runs expressions kept in a file's schema: CHECK constraints,
//! generated columns and expression indexes are evaluated by `quick_check`
//! and `integrity_check` (a hostile schema keeps them busy for minutes),
//! triggers by writes, views by reads. The schema table itself is plain data,
//! so it is read first and must hold exactly this program's objects for the
//! file's level: the same tables with the same columns, the same indexes,
//! nothing else. Only then do the checks run, each under a time limit that
//! the officer can also cut short ([`Watch`]).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use rusqlite::Connection;
use rusqlite::types::{Value, ValueRef};

use super::schema::{CURRENT_VERSION, migrate_to};
use crate::domain::text::quote_at_most;
use crate::i18n::Lang;

/// Objects a workbook's schema can hold, far above the real number (21):
/// a schema table longer than this is refused without reading on.
const MAX_OBJECTS: usize = 200;

/// One row of `sqlite_schema`, its SQL normalised ([`normalise_sql`]).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Object {
    kind: String,
    name: String,
    table: String,
    sql: Option<String>,
}

/// `pragma table_xinfo` of one table: cid, name, type, notnull, default,
/// pk, hidden (1 for a hidden column, 2 and 3 for generated ones).
type Columns = Vec<Vec<Value>>;

/// This program's schema at one level.
struct Expected {
    objects: Vec<Object>,
    columns: Vec<(String, Columns)>,
}

/// The schema the migrations make at each level (index 0 is level 1),
/// built once in memory from [`super::schema::MIGRATIONS`].
fn expected(level: i64) -> Option<&'static Expected> {
    static LEVELS: OnceLock<Vec<Expected>> = OnceLock::new();
    let levels = LEVELS.get_or_init(|| (1..=CURRENT_VERSION).filter_map(build_expected).collect());
    let i = usize::try_from(level).ok()?.checked_sub(1)?;
    levels.get(i)
}

fn build_expected(level: i64) -> Option<Expected> {
    // Our own scripts on an empty database in memory: nothing here can fail
    // but a bug, which the tests would show as every source refused.
    let mut conn = Connection::open_in_memory().ok()?;
    migrate_to(&mut conn, level).ok()?;
    let objects = read_objects(&conn).ok()?.ok()?;
    let columns = objects
        .iter()
        .filter(|o| o.kind == "table")
        .map(|o| Ok((o.name.clone(), table_columns(&conn, &o.name)?)))
        .collect::<rusqlite::Result<_>>()
        .ok()?;
    Some(Expected { objects, columns })
}

/// Why a file's schema is not this program's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemaMismatch {
    /// An object this program never makes (a trigger, a view, another table or index…).
    Extra { kind: String, name: String },
    /// An object of this program's schema is not there.
    Missing { kind: String, name: String },
    /// The object is there under its name but defined otherwise (other
    /// columns, a CHECK, a generated column, an expression in an index…).
    Different { kind: String, name: String },
    /// Far more objects than a workbook has, or a schema row that is not text.
    Unreadable,
}

impl SchemaMismatch {
    /// What differs, for the middle of a sentence: "có thêm trigger “x”".
    pub fn detail(&self, lang: Lang) -> String {
        let vi = lang == Lang::Vi;
        let named = |kind: &str, name: &str| {
            format!("{} \u{201c}{}\u{201d}", kind_name(kind, lang), quote_at_most(name, 60))
        };
        match self {
            SchemaMismatch::Extra { kind, name } => {
                format!("{} {}", if vi { "có thêm" } else { "it has an extra" }, named(kind, name))
            }
            SchemaMismatch::Missing { kind, name } => {
                format!("{} {}", if vi { "thiếu" } else { "it lacks the" }, named(kind, name))
            }
            SchemaMismatch::Different { kind, name } => {
                if vi {
                    format!("{} khác với của chương trình", named(kind, name))
                } else {
                    format!("its {} is not defined as the program's", named(kind, name))
                }
            }
            SchemaMismatch::Unreadable => {
                if vi {
                    "bảng lược đồ không đọc được".into()
                } else {
                    "its schema table cannot be read".into()
                }
            }
        }
    }
}

fn kind_name(kind: &str, lang: Lang) -> String {
    let vi = lang == Lang::Vi;
    match kind {
        "table" => if vi { "bảng" } else { "table" }.into(),
        "index" => if vi { "chỉ mục" } else { "index" }.into(),
        "view" => if vi { "khung nhìn (view)" } else { "view" }.into(),
        "trigger" => "trigger".into(),
        other => {
            if vi {
                format!("đối tượng {}", quote_at_most(other, 20))
            } else {
                format!("object of type {}", quote_at_most(other, 20))
            }
        }
    }
}

/// What besides the program's own objects a schema may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Allow {
    /// Nothing: a file from another office, to merge.
    Nothing,
    /// The statistics tables `ANALYZE` makes (`sqlite_stat1`…), which hold
    /// numbers the query planner reads, no expression: the officer's own
    /// workbook, perhaps "optimised" in a database browser.
    Statistics,
}

/// Requires `conn`'s schema to be exactly this program's at `level`. Reads
/// only `sqlite_schema` and `pragma table_xinfo`, which evaluate nothing
/// stored in the file. `Ok(Err(..))` is a schema that is not ours;
/// `Err(..)` an SQLite error (damage, a hot journal, a lock).
pub fn check_schema(
    conn: &Connection,
    level: i64,
    allow: Allow,
) -> rusqlite::Result<Result<(), SchemaMismatch>> {
    let Some(expected) = expected(level) else {
        return Ok(Err(SchemaMismatch::Unreadable));
    };
    let objects = match read_objects(conn)? {
        Ok(objects) => objects,
        Err(e) => return Ok(Err(e)),
    };
    let statistics = |o: &Object| o.kind == "table" && o.name.starts_with("sqlite_stat");
    for o in objects.iter().filter(|o| !(allow == Allow::Statistics && statistics(o))) {
        match expected.objects.iter().find(|e| e.kind == o.kind && e.name == o.name) {
            None => return Ok(Err(SchemaMismatch::Extra { kind: o.kind.clone(), name: o.name.clone() })),
            Some(e) if e != o => {
                return Ok(Err(SchemaMismatch::Different { kind: o.kind.clone(), name: o.name.clone() }));
            }
            Some(_) => {}
        }
    }
    if let Some(e) =
        expected.objects.iter().find(|e| !objects.iter().any(|o| o.kind == e.kind && o.name == e.name))
    {
        return Ok(Err(SchemaMismatch::Missing { kind: e.kind.clone(), name: e.name.clone() }));
    }
    // The same SQL makes the same columns; this says so again in SQLite's
    // own words, so no normalising slip can let a generated column through.
    for (table, columns) in &expected.columns {
        if table_columns(conn, table)? != *columns {
            return Ok(Err(SchemaMismatch::Different { kind: "table".into(), name: table.clone() }));
        }
    }
    Ok(Ok(()))
}

fn read_objects(conn: &Connection) -> rusqlite::Result<Result<Vec<Object>, SchemaMismatch>> {
    let mut stmt = conn.prepare("SELECT type, name, tbl_name, sql FROM sqlite_schema")?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        if out.len() == MAX_OBJECTS {
            return Ok(Err(SchemaMismatch::Unreadable));
        }
        let text = |i: usize| -> rusqlite::Result<Option<String>> {
            Ok(match r.get_ref(i)? {
                ValueRef::Text(b) => Some(String::from_utf8_lossy(b).into_owned()),
                _ => None,
            })
        };
        let (Some(kind), Some(name), Some(table)) = (text(0)?, text(1)?, text(2)?) else {
            return Ok(Err(SchemaMismatch::Unreadable));
        };
        let sql = match r.get_ref(3)? {
            ValueRef::Null => None,
            ValueRef::Text(b) => Some(normalise_sql(&String::from_utf8_lossy(b))),
            _ => return Ok(Err(SchemaMismatch::Unreadable)),
        };
        out.push(Object { kind, name, table, sql });
    }
    Ok(Ok(out))
}

fn table_columns(conn: &Connection, table: &str) -> rusqlite::Result<Columns> {
    let mut stmt = conn
        .prepare("SELECT cid, name, type, \"notnull\", dflt_value, pk, hidden FROM pragma_table_xinfo(?1)")?;
    let rows = stmt.query_map([table], |r| (0..7).map(|i| r.get::<_, Value>(i)).collect())?;
    rows.collect()
}

/// SQL with the differences that change nothing taken out: runs of white
/// space become one space, none is kept beside `(`, `)`, `,` or `;`, and
/// letters outside quotes are lower case (SQL keywords and names ignore
/// case). Quoted text is kept exactly. A comment is kept as text, so SQL with
/// one never equals this program's (which has none).
fn normalise_sql(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut space = false;
    let mut chars = sql.chars();
    let punct = |c: char| matches!(c, '(' | ')' | ',' | ';');
    while let Some(c) = chars.next() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if punct(c) {
            out.push(c);
        } else {
            if space && out.chars().next_back().is_some_and(|p| !punct(p)) {
                out.push(' ');
            }
            match c {
                '\'' | '"' | '`' | '[' => {
                    let close = if c == '[' { ']' } else { c };
                    out.push(c);
                    for d in chars.by_ref() {
                        out.push(d);
                        if d == close {
                            break;
                        }
                    }
                }
                c => out.push(c.to_ascii_lowercase()),
            }
        }
        space = false;
    }
    out
}

/// Why SQLite work was stopped by a [`Watch`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stopped {
    TimedOut,
    Cancelled,
}

/// A time limit and a cancel on all SQLite work of one connection, through
/// SQLite's progress handler: past the deadline, or once `cancel` is set,
/// the running statement stops with `SQLITE_INTERRUPT`.
pub struct Watch {
    deadline: Instant,
    cancel: Arc<AtomicBool>,
}

impl Watch {
    pub fn start(conn: &mut Connection, limit: Duration, cancel: Arc<AtomicBool>) -> rusqlite::Result<Watch> {
        let deadline = Instant::now() + limit;
        let flag = cancel.clone();
        conn.progress_handler(
            1_000,
            Some(move || flag.load(Ordering::Relaxed) || Instant::now() >= deadline),
        )?;
        Ok(Watch { deadline, cancel })
    }

    /// Why the work must stop now, if it must (for loops between statements).
    pub fn stopped(&self) -> Option<Stopped> {
        if self.cancel.load(Ordering::Relaxed) {
            Some(Stopped::Cancelled)
        } else if Instant::now() >= self.deadline {
            Some(Stopped::TimedOut)
        } else {
            None
        }
    }

    /// Why `e` happened, when it is this watch's interruption.
    pub fn explains(&self, e: &rusqlite::Error) -> Option<Stopped> {
        if e.sqlite_error_code() == Some(rusqlite::ErrorCode::OperationInterrupted) {
            Some(self.stopped().unwrap_or(Stopped::TimedOut))
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_level_has_its_expected_schema() {
        for level in 1..=CURRENT_VERSION {
            let e = expected(level).expect("built");
            assert!(e.objects.iter().any(|o| o.name == "projects"));
            let mut conn = Connection::open_in_memory().expect("memory");
            migrate_to(&mut conn, level).expect("migrate");
            assert_eq!(check_schema(&conn, level, Allow::Nothing).expect("read"), Ok(()), "level {level}");
            if level > 1 {
                assert!(
                    check_schema(&conn, level - 1, Allow::Nothing).expect("read").is_err(),
                    "level {level} as {}",
                    level - 1
                );
            }
        }
        assert_eq!(expected(0).map(|e| e.objects.len()), None);
        assert_eq!(expected(CURRENT_VERSION + 1).map(|e| e.objects.len()), None);
    }

    #[test]
    fn normalising_keeps_meaning_and_quoted_text() {
        assert_eq!(
            normalise_sql(
                "CREATE TABLE t (\n  a TEXT NOT NULL DEFAULT '',\n  b INTEGER\n    , c TEXT) STRICT"
            ),
            normalise_sql("create table t(a text not null default '', b integer, c text) strict")
        );
        assert_ne!(
            normalise_sql("CREATE TABLE t (a TEXT DEFAULT 'A  b')"),
            normalise_sql("CREATE TABLE t (a TEXT DEFAULT 'a b')")
        );
        assert_ne!(normalise_sql("CREATE TABLE t (ab TEXT)"), normalise_sql("CREATE TABLE t (a bTEXT)"));
        assert_eq!(normalise_sql("x 'it''s'  y"), "x 'it''s' y");
        assert!(normalise_sql("a -- note\n b").contains("--"));
    }

    /// A statement that never ends on its own.
    const ENDLESS: &str =
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c";

    #[test]
    fn a_watch_stops_sqlite_at_its_deadline_and_on_cancel() {
        let mut conn = Connection::open_in_memory().expect("memory");
        let start = Instant::now();
        let watch = Watch::start(&mut conn, Duration::from_millis(200), Arc::default()).expect("watch");
        let e = conn.query_row(ENDLESS, [], |r| r.get::<_, i64>(0)).expect_err("stopped");
        assert_eq!(watch.explains(&e), Some(Stopped::TimedOut));
        assert!(start.elapsed() < Duration::from_secs(5), "{:?}", start.elapsed());
        assert_eq!(watch.stopped(), Some(Stopped::TimedOut));

        let mut conn = Connection::open_in_memory().expect("memory");
        let cancel = Arc::new(AtomicBool::new(false));
        let watch = Watch::start(&mut conn, Duration::from_secs(600), cancel.clone()).expect("watch");
        assert_eq!(watch.stopped(), None);
        let officer = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(100));
            cancel.store(true, Ordering::Relaxed);
        });
        let e = conn.query_row(ENDLESS, [], |r| r.get::<_, i64>(0)).expect_err("stopped");
        officer.join().expect("thread");
        assert_eq!(watch.explains(&e), Some(Stopped::Cancelled));
        let other = rusqlite::Error::QueryReturnedNoRows;
        assert_eq!(watch.explains(&other), None);
    }

    #[test]
    fn clipped_text_is_short_and_shows_control_characters() {
        assert_eq!(quote_at_most("abc", 2), "ab…");
        assert_eq!(quote_at_most("a\u{1b}[2J\nb", 10), "a\\u{1b}[2J b");
    }
}
