//! The province server at scale (part of `cargo bench --bench scale`): a
//! throw-away PostgreSQL cluster on loopback (the tests' own, see
//! `tests/server_support`), the 10 district workbooks of the merge
//! measurement synced into it one after the other (after the provincial
//! centre's first, empty sync), then the whole province out to its workbook; then 10 changes in one district, sent and
//! received by the province.

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use serde_json::{Value, json};

use khuyencong::domain::Project;
use khuyencong::server::sync::{Login, SyncOutcome, sync};
use khuyencong::workbook::{OpenMode, Workbook};

#[path = "../tests/server_support/mod.rs"]
mod server_support;

fn run(login: &Login, path: &Path) -> SyncOutcome {
    let mut wb = Workbook::open(path, OpenMode::Normal).expect("open");
    // The generated districts reuse the sample's names: their records are
    // distinct, added as `--add-duplicates` does (the pairing is still timed).
    sync(login, &mut wb, None, true, &Arc::default(), &mut |_| {}).expect("sync")
}

/// Ten changes in a district: the support of ten of its projects.
fn change_ten(path: &Path) {
    let mut wb = Workbook::open(path, OpenMode::Normal).expect("open");
    let projects = wb.list::<Project>().expect("projects");
    for p in projects.iter().step_by(projects.len() / 10).take(10) {
        let mut r = p.record.clone();
        r.support_vnd += 1_000_000;
        wb.update(&p.id, &r).expect("update");
    }
}

/// `districts` are the merge measurement's workbooks. `Value::Null` where
/// PostgreSQL is not installed (said on stderr).
pub fn run_sync(districts: &[std::path::PathBuf], dir: &Path, ms: fn(std::time::Duration) -> f64) -> Value {
    let Some(cluster) = server_support::Cluster::start() else { return Value::Null };
    cluster.ready();
    let logins: Vec<Login> =
        (0..districts.len()).map(|i| cluster.office(&format!("Phòng Kinh tế số {}", i + 1), false)).collect();
    let province = cluster.office("Trung tâm Khuyến công tỉnh", true);
    let target = dir.join("tinh-dong-bo.db");
    let _ = std::fs::remove_file(&target);
    Workbook::create(&target, "Trung tâm Khuyến công tỉnh", "Vĩnh Long").expect("create");

    // The provincial centre syncs first (its empty workbook), as it does
    // when the server is set up: the offices then read its records too.
    let start = Instant::now();
    run(&province, &target);
    let mut sent = 0;
    for (path, login) in districts.iter().zip(&logins) {
        sent += run(login, path).pushed;
    }
    let pushed = start.elapsed();
    let received = run(&province, &target).pulled;
    let first = start.elapsed();
    assert_eq!(received, sent, "the province received every record sent");
    let mut admin = cluster.raw(&cluster.admin);
    let bytes: i64 =
        admin.query_one("SELECT pg_database_size(current_database())", &[]).expect("size").get(0);

    change_ten(&districts[0]);
    let t = Instant::now();
    let out = run(&logins[0], &districts[0]);
    let send_ten = t.elapsed();
    let t = Instant::now();
    let got = run(&province, &target);
    let receive_ten = t.elapsed();
    assert_eq!((out.pushed, got.pulled), (10, 10), "ten changes each way");
    json!({
        "records": sent,
        "push": ms(pushed),
        "first": ms(first),
        "send_ten": ms(send_ten),
        "receive_ten": ms(receive_ten),
        "database_mb": bytes as f64 / 1_048_576.0,
    })
}
