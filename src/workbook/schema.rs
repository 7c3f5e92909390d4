//! The workbook's schema and its numbered migrations.
//!
//! `PRAGMA user_version` holds the schema level. Each migration and its
//! version bump run in one transaction, so a file is always at one level.
//! (rusqlite_migration does this too, but no release builds against rusqlite
//! 0.43 yet; this is the same idea in a few lines.)

use rusqlite::{Connection, TransactionBehavior};

/// `PRAGMA application_id` of every workbook: "KCNG" in ASCII.
pub const APPLICATION_ID: i32 = 0x4B43_4E47;

/// One SQL script per schema level; level N is reached by running `MIGRATIONS[N-1]`.
pub const MIGRATIONS: &[&str] = &[
    // 1: the first workbook.
    r#"
    CREATE TABLE offices (
        id TEXT PRIMARY KEY NOT NULL,
        name TEXT NOT NULL,
        province TEXT NOT NULL DEFAULT ''
    ) STRICT;

    CREATE TABLE workbook_info (
        singleton INTEGER PRIMARY KEY NOT NULL CHECK (singleton = 1),
        office_id TEXT NOT NULL REFERENCES offices(id),
        created_at INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE facilities (
        id TEXT PRIMARY KEY NOT NULL,
        name TEXT NOT NULL,
        kind TEXT,
        tax_code TEXT NOT NULL DEFAULT '',
        representative TEXT NOT NULL DEFAULT '',
        phone TEXT NOT NULL DEFAULT '',
        address TEXT NOT NULL DEFAULT '',
        commune TEXT NOT NULL DEFAULT '',
        district TEXT NOT NULL DEFAULT '',
        province TEXT NOT NULL DEFAULT '',
        sector TEXT,
        office_id TEXT NOT NULL REFERENCES offices(id),
        created_at INTEGER NOT NULL,
        modified_at INTEGER NOT NULL,
        deleted_at INTEGER
    ) STRICT;
    CREATE INDEX facilities_tax_code ON facilities(tax_code) WHERE tax_code <> '';

    CREATE TABLE projects (
        id TEXT PRIMARY KEY NOT NULL,
        code TEXT NOT NULL DEFAULT '',
        year INTEGER NOT NULL,
        title TEXT NOT NULL,
        source TEXT NOT NULL,
        content TEXT NOT NULL,
        facility_id TEXT REFERENCES facilities(id),
        district TEXT NOT NULL DEFAULT '',
        commune TEXT NOT NULL DEFAULT '',
        support_vnd INTEGER NOT NULL CHECK (support_vnd >= 0),
        counterpart_vnd INTEGER NOT NULL DEFAULT 0 CHECK (counterpart_vnd >= 0),
        status TEXT NOT NULL,
        decision_no TEXT NOT NULL DEFAULT '',
        approved_on TEXT,
        accepted_on TEXT,
        note TEXT NOT NULL DEFAULT '',
        office_id TEXT NOT NULL REFERENCES offices(id),
        created_at INTEGER NOT NULL,
        modified_at INTEGER NOT NULL,
        deleted_at INTEGER
    ) STRICT;
    CREATE INDEX projects_year ON projects(year);
    CREATE INDEX projects_facility ON projects(facility_id);

    CREATE TABLE trainings (
        id TEXT PRIMARY KEY NOT NULL,
        year INTEGER NOT NULL,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        trade TEXT NOT NULL DEFAULT '',
        district TEXT NOT NULL DEFAULT '',
        commune TEXT NOT NULL DEFAULT '',
        trainees INTEGER NOT NULL CHECK (trainees >= 0),
        female_trainees INTEGER CHECK (female_trainees >= 0),
        start_on TEXT,
        end_on TEXT,
        source TEXT,
        cost_vnd INTEGER NOT NULL DEFAULT 0 CHECK (cost_vnd >= 0),
        note TEXT NOT NULL DEFAULT '',
        office_id TEXT NOT NULL REFERENCES offices(id),
        created_at INTEGER NOT NULL,
        modified_at INTEGER NOT NULL,
        deleted_at INTEGER
    ) STRICT;
    CREATE INDEX trainings_year ON trainings(year);

    CREATE TABLE design_supports (
        id TEXT PRIMARY KEY NOT NULL,
        year INTEGER NOT NULL,
        facility_id TEXT NOT NULL REFERENCES facilities(id),
        product TEXT NOT NULL,
        form TEXT NOT NULL,
        source TEXT,
        support_vnd INTEGER NOT NULL DEFAULT 0 CHECK (support_vnd >= 0),
        district TEXT NOT NULL DEFAULT '',
        commune TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        office_id TEXT NOT NULL REFERENCES offices(id),
        created_at INTEGER NOT NULL,
        modified_at INTEGER NOT NULL,
        deleted_at INTEGER
    ) STRICT;
    CREATE INDEX design_supports_year ON design_supports(year);
    CREATE INDEX design_supports_facility ON design_supports(facility_id);
    "#,
    // 2: a training may be held with a facility (a garment company that
    // trains the workers it will hire), so the facility screen can list it.
    r#"
    ALTER TABLE trainings ADD COLUMN facility_id TEXT REFERENCES facilities(id);
    CREATE INDEX trainings_facility ON trainings(facility_id);
    "#,
    // 3: merging workbooks of other offices (see workbook::merge).
    // merge_log: one row per merge, kept after an undo (undone_at set).
    // merge_base: per peer office and record, the modified_at of both sides
    // when they last met; in_sync = 0 when the officer kept this side's
    // version against theirs. merge_undo: what a merge changed, to undo it
    // (row_before NULL when the merge inserted the row).
    r#"
    CREATE TABLE merge_log (
        id INTEGER PRIMARY KEY NOT NULL,
        merged_at INTEGER NOT NULL,
        source_path TEXT NOT NULL,
        source_office_id TEXT NOT NULL,
        source_office_name TEXT NOT NULL,
        added INTEGER NOT NULL DEFAULT 0,
        updated INTEGER NOT NULL DEFAULT 0,
        deleted INTEGER NOT NULL DEFAULT 0,
        tombstones INTEGER NOT NULL DEFAULT 0,
        unchanged INTEGER NOT NULL DEFAULT 0,
        conflicts INTEGER NOT NULL DEFAULT 0,
        kept_mine INTEGER NOT NULL DEFAULT 0,
        kept_theirs INTEGER NOT NULL DEFAULT 0,
        unresolved INTEGER NOT NULL DEFAULT 0,
        offices_added INTEGER NOT NULL DEFAULT 0,
        undone_at INTEGER
    ) STRICT;

    CREATE TABLE merge_base (
        peer_office_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        record_id TEXT NOT NULL,
        source_modified_at INTEGER NOT NULL,
        target_modified_at INTEGER NOT NULL,
        in_sync INTEGER NOT NULL CHECK (in_sync IN (0, 1)),
        PRIMARY KEY (peer_office_id, kind, record_id)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE merge_undo (
        merge_id INTEGER NOT NULL REFERENCES merge_log(id),
        kind TEXT NOT NULL,
        row_id TEXT NOT NULL,
        row_written INTEGER NOT NULL,
        row_before TEXT,
        after_modified_at INTEGER,
        base_written INTEGER NOT NULL,
        base_before TEXT,
        PRIMARY KEY (merge_id, kind, row_id)
    ) STRICT, WITHOUT ROWID;
    "#,
    // 4: records of another office that the officer linked to one of this
    // workbook's (the same facility or project under another id): per peer
    // office and kind, their id → ours, and the merge that made the link
    // (undo removes it). merge_log counts the records linked.
    r#"
    CREATE TABLE merge_link (
        peer_office_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        their_id TEXT NOT NULL,
        our_id TEXT NOT NULL,
        merge_id INTEGER NOT NULL REFERENCES merge_log(id),
        PRIMARY KEY (peer_office_id, kind, their_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX merge_link_merge ON merge_link(merge_id);
    ALTER TABLE merge_log ADD COLUMN linked INTEGER NOT NULL DEFAULT 0;
    "#,
    // 5: plans (see domain::plan): an annual plan or a programme of years,
    // with its lines kept as JSON (checked when read, bounded in size).
    r#"
    CREATE TABLE plans (
        id TEXT PRIMARY KEY NOT NULL,
        kind TEXT NOT NULL,
        title TEXT NOT NULL,
        from_year INTEGER NOT NULL,
        to_year INTEGER NOT NULL,
        decision_no TEXT NOT NULL DEFAULT '',
        decided_on TEXT,
        approved_by TEXT NOT NULL DEFAULT '',
        lines TEXT NOT NULL DEFAULT '[]',
        note TEXT NOT NULL DEFAULT '',
        office_id TEXT NOT NULL REFERENCES offices(id),
        created_at INTEGER NOT NULL,
        modified_at INTEGER NOT NULL,
        deleted_at INTEGER
    ) STRICT;
    CREATE INDEX plans_years ON plans(from_year, to_year);
    "#,
    // 6: the province server this workbook syncs with (`crate::server::sync`):
    // its address without a password, the highest change counter pulled,
    // when it last synced, and whose records this office may send. The
    // server is a merge peer: its meeting points are in merge_base under
    // its id.
    r#"
    CREATE TABLE sync_state (
        server_id TEXT PRIMARY KEY NOT NULL,
        address TEXT NOT NULL,
        last_seq INTEGER NOT NULL DEFAULT 0 CHECK (last_seq >= 0),
        synced_at INTEGER,
        access TEXT NOT NULL DEFAULT '{}'
    ) STRICT;
    "#,
];

/// The first level that keeps plans.
pub const PLANS_LEVEL: i64 = 5;

/// The schema level this program writes.
pub const CURRENT_VERSION: i64 = MIGRATIONS.len() as i64;

pub fn user_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.pragma_query_value(None, "user_version", |row| row.get(0))
}

/// Brings the file from its level up to `target`, one transaction per level.
pub fn migrate_to(conn: &mut Connection, target: i64) -> rusqlite::Result<()> {
    let target = target.min(CURRENT_VERSION);
    loop {
        let version = user_version(conn)?;
        if version >= target {
            return Ok(());
        }
        let Some(script) = usize::try_from(version).ok().and_then(|i| MIGRATIONS.get(i)) else {
            return Err(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CORRUPT),
                Some(format!("schema level {version} is not a workbook level")),
            ));
        };
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(script)?;
        tx.pragma_update(None, "user_version", version + 1)?;
        if version == 0 {
            tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        }
        tx.commit()?;
    }
}

pub fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    migrate_to(conn, CURRENT_VERSION)
}
