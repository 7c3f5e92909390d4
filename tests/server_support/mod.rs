//! A throw-away PostgreSQL cluster for the server tests: made with `initdb`
//! in a temporary folder, started with `pg_ctl` on a free loopback port as
//! an unprivileged user (`postgres` when the tests run as root), stopped and
//! removed when dropped. `.ci/run` installs Debian's `postgresql`; where it
//! is missing the tests say so and are skipped, never silently in CI.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Cluster {
    dir: tempfile::TempDir,
    bin: PathBuf,
    pub port: u16,
    /// The server's options (port, sockets), to start it again.
    options: String,
    /// The administrator's URL (a superuser with a password), database `khuyencong`.
    pub admin: String,
}

const ADMIN_PASSWORD: &str = "quan-tri-thu";

fn find_bin() -> Option<PathBuf> {
    let mut candidates: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("bin"))
        .collect();
    candidates.sort();
    candidates.reverse();
    candidates.into_iter().find(|b| b.join("initdb").exists() && b.join("pg_ctl").exists())
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn is_root() -> bool {
    // SAFETY-free check: the effective user of this process.
    std::fs::metadata("/proc/self").map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0).unwrap_or(false)
}

/// Runs a PostgreSQL program as the unprivileged user when we are root.
fn pg(bin: &Path, program: &str, args: &[&str]) -> std::process::Output {
    let exe = bin.join(program);
    let mut cmd = if is_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(&exe);
        c
    } else {
        Command::new(&exe)
    };
    cmd.args(args).output().unwrap_or_else(|e| panic!("{program}: {e}"))
}

impl Cluster {
    /// A running cluster, or `None` (with a message) where PostgreSQL is not installed.
    pub fn start() -> Option<Cluster> {
        let Some(bin) = find_bin() else {
            assert!(
                std::env::var_os("CI").is_none(),
                "PostgreSQL must be installed in CI (.ci/run installs it)"
            );
            eprintln!(
                "SKIPPED: PostgreSQL is not installed (apt-get install postgresql); the server tests did not run."
            );
            return None;
        };
        let dir = tempfile::tempdir().expect("a folder");
        let data = dir.path().join("data");
        let sockets = dir.path().join("sockets");
        std::fs::create_dir_all(&sockets).unwrap();
        let pwfile = dir.path().join("pw");
        std::fs::write(&pwfile, ADMIN_PASSWORD).unwrap();
        if is_root() {
            // The unprivileged user owns the cluster's folder.
            let status =
                Command::new("chown").args(["-R", "postgres:postgres"]).arg(dir.path()).status().unwrap();
            assert!(status.success());
            let status = Command::new("chmod").args(["755"]).arg(dir.path()).status().unwrap();
            assert!(status.success());
        }
        let d = data.to_str().unwrap();
        let out = pg(
            &bin,
            "initdb",
            &[
                "-D",
                d,
                "-U",
                "kcadmin",
                "--pwfile",
                pwfile.to_str().unwrap(),
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                "-E",
                "UTF8",
                "--no-locale",
            ],
        );
        assert!(out.status.success(), "initdb: {}", String::from_utf8_lossy(&out.stderr));
        let port = free_port();
        let options =
            format!("-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off", sockets.display());
        let log = dir.path().join("log");
        let out = pg(&bin, "pg_ctl", &["-D", d, "-o", &options, "-l", log.to_str().unwrap(), "-w", "start"]);
        assert!(
            out.status.success(),
            "pg_ctl: {} {}",
            String::from_utf8_lossy(&out.stderr),
            std::fs::read_to_string(&log).unwrap_or_default()
        );
        let base = format!("postgresql://kcadmin:{ADMIN_PASSWORD}@127.0.0.1:{port}");
        let mut c =
            postgres::Client::connect(&format!("{base}/postgres"), postgres::NoTls).expect("admin connects");
        c.batch_execute("CREATE DATABASE khuyencong").unwrap();
        Some(Cluster { dir, bin, port, options, admin: format!("{base}/khuyencong") })
    }

    /// The URL of a login with its password.
    pub fn url_of(&self, role: &str, password: &str) -> String {
        format!("postgresql://{role}:{password}@127.0.0.1:{}/khuyencong", self.port)
    }

    /// A plain connection as that login (raw SQL, as `psql` would).
    pub fn raw(&self, url: &str) -> postgres::Client {
        postgres::Client::connect(url, postgres::NoTls).expect("connects")
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let data = self.dir.path().join("data");
        let _ = pg(&self.bin, "pg_ctl", &["-D", data.to_str().unwrap_or(""), "-m", "immediate", "stop"]);
    }
}

impl Cluster {
    /// The schema made, ready for offices.
    pub fn ready(&self) {
        khuyencong::server::init(&self.admin).expect("server init");
    }

    /// A new office's login (its password in the URL, as a test may).
    pub fn office(&self, name: &str, province_wide: bool) -> khuyencong::server::sync::Login {
        let o = khuyencong::server::add_office(&self.admin, name, "Vĩnh Long", province_wide)
            .expect("add-office");
        khuyencong::server::sync::Login { address: self.url_of(&o.role, &o.password), password: None }
    }

    /// The records the server keeps, as the administrator sees them:
    /// (table, id) → (office, modified_at, deleted, the record's JSON).
    pub fn records(&self) -> std::collections::BTreeMap<(String, String), (String, i64, bool, String)> {
        let mut c = self.raw(&self.admin);
        c.query(
            "SELECT kind, id, office_id, modified_at, deleted_at IS NOT NULL, record::text FROM kc_records",
            &[],
        )
        .expect("records")
        .iter()
        .map(|r| {
            let record: serde_json::Value = serde_json::from_str(r.get(5)).expect("json");
            ((r.get(0), r.get(1)), (r.get(2), r.get(3), r.get(4), record.to_string()))
        })
        .collect()
    }

    /// Restarts the server (fast shutdown: connections are cut).
    pub fn restart(&self) {
        let (data, log) = (self.dir.path().join("data"), self.dir.path().join("log"));
        let (d, l) = (data.to_str().unwrap_or(""), log.to_str().unwrap_or(""));
        // Stopped and started again with its log file (`restart` takes none,
        // and the server it starts would hold our output pipe open).
        let out = pg(&self.bin, "pg_ctl", &["-D", d, "-m", "fast", "-w", "stop"]);
        assert!(out.status.success(), "stop: {}", String::from_utf8_lossy(&out.stderr));
        let out = pg(&self.bin, "pg_ctl", &["-D", d, "-o", &self.options, "-l", l, "-w", "start"]);
        assert!(out.status.success(), "start: {}", String::from_utf8_lossy(&out.stderr));
    }
}

/// The password written into a login's address (as `Cluster::office` writes it).
pub fn password_of(login: &khuyencong::server::sync::Login) -> String {
    let rest = login.address.strip_prefix("postgresql://").expect("a URL");
    let user_info = rest.split('@').next().unwrap_or("");
    user_info.split(':').nth(1).expect("a password in the URL").to_string()
}

/// The records of a workbook as the server would keep them (same shape as [`Cluster::records`]).
pub fn workbook_records(
    path: &Path,
) -> std::collections::BTreeMap<(String, String), (String, i64, bool, String)> {
    let c = rusqlite::Connection::open(path).expect("open");
    let mut out = std::collections::BTreeMap::new();
    for kind in khuyencong::domain::RecordKind::ALL {
        let layout = khuyencong::workbook::kinds::layout(kind);
        let object: Vec<String> = layout.columns.iter().map(|c| format!("'{c}', {c}")).collect();
        let sql = format!(
            "SELECT id, office_id, modified_at, deleted_at IS NOT NULL, json_object({}) FROM {}",
            object.join(", "),
            layout.table
        );
        let mut stmt = c.prepare(&sql).expect("select");
        let mut rows = stmt.query([]).expect("query");
        while let Some(r) = rows.next().expect("row") {
            let json: String = r.get(4).unwrap();
            let value: serde_json::Value = serde_json::from_str(&json).unwrap();
            out.insert(
                (layout.table.to_string(), r.get(0).unwrap()),
                (r.get(1).unwrap(), r.get(2).unwrap(), r.get(3).unwrap(), value.to_string()),
            );
        }
    }
    out
}
