//! Syncing workbooks through a real PostgreSQL server started by the test:
//! three districts and the province that sees their sum, a conflict when
//! both sides edit, a deletion that travels, access the server enforces
//! through the program too, and files that still merge without doubling.

mod common;
mod merge_support;
mod server_support;

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use common::*;
use khuyencong::domain::{Project, RecordKind};
use khuyencong::i18n::Lang;
use khuyencong::server::sync::{Login, Session, SyncError, SyncOutcome, finish, pull, sync};
use khuyencong::workbook::merge::{ConflictReason, Resolution};
use merge_support::*;
use server_support::{Cluster, password_of, workbook_records};

fn run(login: &Login, path: &std::path::Path, prefer: Option<Resolution>) -> SyncOutcome {
    let mut wb = open(path);
    sync(login, &mut wb, prefer, false, &Arc::default(), &mut |_| {}).expect("sync")
}

#[test]
fn three_districts_sync_and_the_province_sees_their_sum() {
    let Some(cluster) = Cluster::start() else { return };
    cluster.ready();
    let dir = temp();
    let names = ["Phòng Kinh tế Long Hồ", "Phòng Kinh tế Tam Bình", "Phòng Kinh tế Mang Thít"];
    let files = ["long-ho.db", "tam-binh.db", "mang-thit.db"];
    let districts: Vec<District> = names
        .iter()
        .zip(files)
        .enumerate()
        .map(|(i, (n, f))| district(dir.path(), f, n, 20 + 5 * i))
        .collect();
    let logins: Vec<Login> = names.iter().map(|n| cluster.office(n, false)).collect();
    for (d, login) in districts.iter().zip(&logins) {
        let done = run(login, &d.path, None);
        let own = workbook_records(&d.path).len();
        assert_eq!(done.pushed, own, "the first sync sends every record");
        assert_eq!(done.not_permitted, 0);
    }
    let province_path = empty_in(dir.path(), "tinh.db");
    let province = cluster.office("Trung tâm Khuyến công tỉnh Vĩnh Long", true);
    let first = run(&province, &province_path, None);
    let expected: usize = districts.iter().map(|d| workbook_records(&d.path).len()).sum();
    assert_eq!(first.pulled, expected);
    assert_eq!(added_total(&first), expected, "every record added once");

    // The province's totals are the sum of the districts', by plain SQL.
    let mut sum = [0i64; 8];
    for d in &districts {
        for (s, v) in sum.iter_mut().zip(sql_totals(&d.path)) {
            *s += v;
        }
    }
    assert_eq!(sql_totals(&province_path), sum);
    // The server holds exactly the workbooks' records, content and all.
    let mut all = std::collections::BTreeMap::new();
    for d in &districts {
        all.extend(workbook_records(&d.path));
    }
    assert_eq!(cluster.records(), all);
    assert_eq!(workbook_records(&province_path), all);

    // Nothing new: nothing pulled, nothing sent, nothing written.
    let before = dump(&province_path);
    let again = run(&province, &province_path, None);
    assert_eq!((again.pulled, again.pushed), (0, 0));
    let after = dump(&province_path);
    assert_eq!(before["projects"], after["projects"]);

    // An edit in a district reaches the province, and only it is pulled.
    let edited = districts[1].projects[0].clone();
    set_support(&districts[1].path, &edited, 777);
    let sent = run(&logins[1], &districts[1].path, None);
    assert_eq!(sent.pushed, 1);
    let got = run(&province, &province_path, None);
    assert_eq!(got.pulled, 1, "incremental: only the change");
    assert_eq!(support_of(&province_path, &edited), 777);
    // The district's status: synced, nothing waiting.
    let (state, waiting) = open(&districts[1].path).pending_changes().unwrap().expect("synced");
    assert_eq!(waiting, 0);
    assert!(state.synced_at.is_some());
    // The password is in no byte of the workbook: the address is kept without it.
    let password = password_of(&logins[1]);
    assert_eq!(state.address, logins[1].address.replace(&format!(":{password}@"), "@"));
    let bytes = std::fs::read(&districts[1].path).unwrap();
    assert!(!bytes.windows(password.len()).any(|w| w == password.as_bytes()));
}

fn added_total(o: &SyncOutcome) -> usize {
    khuyencong::workbook::merge::Counts::total(&o.merge.counts.added)
}

#[test]
fn an_edit_on_both_sides_is_a_conflict_and_a_deletion_travels() {
    let Some(cluster) = Cluster::start() else { return };
    cluster.ready();
    let dir = temp();
    let d = district(dir.path(), "long-ho.db", "Phòng Kinh tế Long Hồ", 6);
    let district_login = cluster.office("Phòng Kinh tế Long Hồ", false);
    run(&district_login, &d.path, None);
    let province_path = empty_in(dir.path(), "tinh.db");
    let province = cluster.office("Trung tâm Khuyến công tỉnh", true);
    run(&province, &province_path, None);

    // Both change one project before either syncs.
    let id = d.projects[2].clone();
    set_support(&d.path, &id, 111);
    set_support(&province_path, &id, 222);
    let district_done = run(&district_login, &d.path, None);
    assert_eq!(district_done.pushed, 1, "the district was first");
    // The province pulls the district's version: a conflict, left as it was.
    let mut wb = open(&province_path);
    let mut session = Session::open(&province, &wb).expect("session");
    let pulled = pull(&mut session, &wb, &Arc::default(), &mut |_| {}).expect("pull");
    assert_eq!(pulled.plan.conflicts.len(), 1);
    assert_eq!(pulled.plan.conflicts[0].reason, ConflictReason::BothChanged);
    assert_eq!(pulled.plan.conflicts[0].id, id);
    let done = finish(&mut session, &mut wb, pulled, &HashMap::new(), None, &mut |_| true).expect("finish");
    drop(wb);
    assert_eq!(done.merge.unresolved.len(), 1);
    assert_eq!(done.changed_there, 1, "its own version is not forced onto the server");
    assert_eq!(support_of(&province_path, &id), 222, "both versions kept");
    assert_eq!(support_of(&d.path, &id), 111);
    // The conflict is shown again at the next sync; the province keeps its own.
    let kept = run(&province, &province_path, Some(Resolution::KeepMine));
    assert_eq!(kept.merge.kept_mine, 1);
    assert_eq!(kept.pushed, 1, "the version kept goes to the server");
    // The district, whose record it is, is asked before taking it.
    let mut wb = open(&d.path);
    let mut session = Session::open(&district_login, &wb).expect("session");
    let pulled = pull(&mut session, &wb, &Arc::default(), &mut |_| {}).expect("pull");
    assert_eq!(pulled.plan.conflicts.len(), 1);
    assert_eq!(pulled.plan.conflicts[0].reason, ConflictReason::ChangesOwnRecord);
    let mut take = HashMap::new();
    take.insert(id.clone(), Resolution::KeepTheirs);
    finish(&mut session, &mut wb, pulled, &take, None, &mut |_| true).expect("finish");
    drop(wb);
    assert_eq!(support_of(&d.path, &id), 222);

    // A deletion travels as a tombstone.
    let gone = d.projects[4].clone();
    tick();
    open(&d.path).delete(RecordKind::Project, &gone).expect("delete");
    run(&district_login, &d.path, None);
    let got = run(&province, &province_path, None);
    assert_eq!(khuyencong::workbook::merge::Counts::total(&got.merge.counts.deleted), 1);
    let row = open(&province_path).get::<Project>(&gone).unwrap().expect("kept as a tombstone");
    assert!(row.meta.deleted_at.is_some());
    assert_eq!(cluster.records(), workbook_records(&province_path));
    assert_eq!(cluster.records(), workbook_records(&d.path));
}

#[test]
fn a_district_cannot_write_another_offices_records_through_the_program() {
    let Some(cluster) = Cluster::start() else { return };
    cluster.ready();
    let dir = temp();
    let a = district(dir.path(), "long-ho.db", "Phòng Kinh tế Long Hồ", 4);
    let b = district(dir.path(), "tam-binh.db", "Phòng Kinh tế Tam Bình", 4);
    let login_a = cluster.office("Phòng Kinh tế Long Hồ", false);
    let login_b = cluster.office("Phòng Kinh tế Tam Bình", false);
    run(&login_a, &a.path, None);
    run(&login_b, &b.path, None);
    // B gets A's records by file, edits one of them and syncs: not sent.
    merge(&b.path, &a.path, None);
    let theirs = a.projects[0].clone();
    set_support(&b.path, &theirs, 999);
    let server_before = cluster.records();
    let done = run(&login_b, &b.path, None);
    // Every record of A that B holds stays unsent, the edited one too; B had nothing of its own.
    assert_eq!(done.not_permitted, workbook_records(&a.path).len(), "{done:?}");
    assert_eq!(done.pushed, 0);
    assert_eq!(open(&b.path).pending_changes().unwrap().expect("synced").1, 0, "nothing of B's waits");
    let after = cluster.records();
    let key = ("projects".to_string(), theirs.clone());
    assert_eq!(after[&key], server_before[&key], "A's record on the server is A's");
    // B's login used with A's workbook is refused: it is bound to B's office.
    let mut wb = open(&a.path);
    let refused = sync(&login_b, &mut wb, None, false, &Arc::default(), &mut |_| {}).expect_err("bound");
    assert!(matches!(refused, SyncError::BoundElsewhere), "{refused:?}");
    assert!(refused.message(Lang::Vi).contains("đơn vị khác"));
    // The administrator is no office.
    let admin = Login { address: cluster.admin.clone(), password: None };
    let refused = sync(&admin, &mut wb, None, false, &Arc::new(AtomicBool::new(false)), &mut |_| {})
        .expect_err("not an office");
    assert!(matches!(refused, SyncError::NotAnOffice), "{refused:?}");
}

#[test]
fn records_that_travel_by_file_and_by_server_are_never_doubled() {
    let Some(cluster) = Cluster::start() else { return };
    cluster.ready();
    let dir = temp();
    let d = district(dir.path(), "long-ho.db", "Phòng Kinh tế Long Hồ", 8);
    let district_login = cluster.office("Phòng Kinh tế Long Hồ", false);
    let province_path = empty_in(dir.path(), "tinh.db");
    let province = cluster.office("Trung tâm Khuyến công tỉnh", true);
    run(&province, &province_path, None);
    run(&district_login, &d.path, None);
    run(&province, &province_path, None);
    // The district changes a project and e-mails its file before syncing;
    // the province merges the file, then syncs; then the district syncs.
    set_support(&d.path, &d.projects[1], 4242);
    let copy = dir.path().join("long-ho-gui-tinh.db");
    open(&d.path).save_as(&copy).expect("save as");
    // The province never met this file: the record that differs is asked
    // about, as in any first merge; the officer takes the district's.
    let (_, merged) = merge(&province_path, &copy, Some(Resolution::KeepTheirs));
    assert_eq!(merged.kept_theirs, 1);
    let province_sync = run(&province, &province_path, None);
    assert_eq!(province_sync.pushed, 1, "the province sends the change it got by file");
    let district_sync = run(&district_login, &d.path, None);
    assert_eq!((district_sync.merge.counts.changes(), district_sync.pushed), (0, 0), "{district_sync:?}");
    // The file merged again adds nothing either.
    let (plan, _) = merge(&province_path, &copy, None);
    assert!(zero_changes(&plan) && plan.pairs.is_empty(), "{plan:?}");
    let server = cluster.records();
    assert_eq!(workbook_records(&province_path), server);
    assert_eq!(workbook_records(&d.path), server);
    assert_eq!(support_of(&province_path, &d.projects[1]), 4242);
}

#[test]
fn a_forged_row_on_the_server_is_refused_and_the_workbook_keeps_its_bytes() {
    let Some(cluster) = Cluster::start() else { return };
    cluster.ready();
    let dir = temp();
    let d = district(dir.path(), "long-ho.db", "Phòng Kinh tế Long Hồ", 3);
    let login = cluster.office("Phòng Kinh tế Long Hồ", false);
    run(&login, &d.path, None);
    let office = open(&d.path).info().office_id.clone();
    let mut admin = cluster.raw(&cluster.admin);
    let forge = |admin: &mut postgres::Client, kind: &str, id: &str, record: &str| {
        admin
            .execute(
                "INSERT INTO kc_records (kind, id, office_id, record, created_at, modified_at)
                 VALUES ($1, $2, $3, $4::text::jsonb, 1700000000000, 1700000000000)",
                &[&kind, &id, &office, &record],
            )
            .expect("forged");
    };
    let project = open(&d.path).get::<Project>(&d.projects[0]).unwrap().unwrap();
    let mut values: serde_json::Value =
        serde_json::from_str(&workbook_records(&d.path)[&("projects".to_string(), project.id.clone())].3)
            .unwrap();
    values["support_vnd"] = serde_json::json!(-5);
    let huge = format!(r#"{{"note":"{}"}}"#, "x".repeat(2_100_000));
    let cases = [
        ("projects", "01900000-0000-7000-8000-000000000001", values.to_string(), "không phải bản ghi"),
        ("projects", "01900000-0000-7000-8000-000000000004", huge, "dài 2.100.012 ký tự"),
        ("bang_la", "01900000-0000-7000-8000-000000000002", "{}".to_string(), "không phải bản ghi"),
        (
            "projects",
            "01900000-0000-7000-8000-000000000003",
            r#"{"year":"hai nghìn"}"#.to_string(),
            "không phải bản ghi",
        ),
    ];
    for (kind, id, record, words) in cases {
        forge(&mut admin, kind, id, &record);
        let before = std::fs::read(&d.path).unwrap();
        let mut wb = open(&d.path);
        let refused = sync(&login, &mut wb, None, false, &Arc::default(), &mut |_| {}).expect_err("refused");
        drop(wb);
        let said = refused.message(Lang::Vi);
        assert!(said.contains(words), "{said}");
        assert_eq!(std::fs::read(&d.path).unwrap(), before, "{kind} {id}: the workbook is untouched");
        admin.execute("UPDATE kc_records SET office_id = 'nobody' WHERE id = $1", &[&id]).unwrap();
    }
    // Once the forged rows are out of its sight, the office syncs again.
    run(&login, &d.path, None);
}

#[test]
fn a_pulls_folder_left_by_a_killed_sync_is_removed_a_day_later() {
    let Some(cluster) = Cluster::start() else { return };
    cluster.ready();
    let dir = temp();
    let d = district(dir.path(), "long-ho.db", "Phòng Kinh tế Long Hồ", 2);
    let parent = std::env::temp_dir().join("khuyencong-dong-bo");
    std::fs::create_dir_all(&parent).unwrap();
    let (old, recent) = (parent.join("keo-test-cu"), parent.join("keo-test-moi"));
    for f in [&old, &recent] {
        std::fs::create_dir_all(f).unwrap();
        std::fs::write(f.join("may-chu.db"), b"left by a killed sync").unwrap();
    }
    let two_days_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(2 * 24 * 3600);
    std::fs::File::open(&old).unwrap().set_modified(two_days_ago).unwrap();
    run(&cluster.office("Phòng Kinh tế Long Hồ", false), &d.path, None);
    assert!(!old.exists(), "a day-old pull's folder is removed");
    assert!(recent.exists(), "another sync's may be running");
    std::fs::remove_dir_all(&recent).unwrap();
}

#[test]
fn the_command_line_syncs_with_the_address_it_remembers_and_says_what_it_did() {
    let Some(cluster) = Cluster::start() else { return };
    cluster.ready();
    let dir = temp();
    let d = district(dir.path(), "long-ho.db", "Phòng Kinh tế Long Hồ", 4);
    let login = cluster.office("Phòng Kinh tế Long Hồ", false);
    let file = path_str(&d.path);
    // Never synced, no address: said, nothing changed.
    let before = std::fs::read(&d.path).unwrap();
    let out = khuyencong(&["sync", file]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("chưa đồng bộ với máy chủ nào"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&d.path).unwrap(), before);
    // A wrong password: refused by the server, nothing changed.
    let password = password_of(&login);
    let wrong = login.address.replace(&password, "sai");
    let out = khuyencong(&["sync", file, "--server", &wrong]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("Không kết nối được máy chủ"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&d.path).unwrap(), before);

    let out = khuyencong(&["sync", file, "--server", &login.address]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("đã gửi 11 bản ghi"), "{text}");
    assert!(!text.contains(&password), "the password is not repeated: {text}");
    // Later: the address the workbook keeps, the password from PGPASSWORD, in English.
    set_support(&d.path, &d.projects[0], 55);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_khuyencong"))
        .args(["sync", file, "--lang", "en"])
        .env("PGPASSWORD", &password)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("Received 0 rows from the server, sent 1 record."), "{}", stdout(&out));
    assert_eq!(cluster.records(), workbook_records(&d.path));
}

#[test]
fn a_syncs_merge_undone_is_pulled_again_at_the_next_sync() {
    let Some(cluster) = Cluster::start() else { return };
    cluster.ready();
    let dir = temp();
    let d = district(dir.path(), "long-ho.db", "Phòng Kinh tế Long Hồ", 4);
    run(&cluster.office("Phòng Kinh tế Long Hồ", false), &d.path, None);
    let province_path = empty_in(dir.path(), "tinh.db");
    let province = cluster.office("Trung tâm Khuyến công tỉnh", true);
    run(&province, &province_path, None);
    assert_eq!(workbook_records(&province_path), cluster.records());
    khuyencong::workbook::merge::undo_last_merge(&mut open(&province_path)).expect("undo");
    assert_eq!(sql_totals(&province_path)[1], 0, "the district's projects are gone again");
    let again = run(&province, &province_path, None);
    assert_eq!(again.pulled, workbook_records(&d.path).len(), "read from the start");
    assert_eq!(workbook_records(&province_path), cluster.records());
}

#[test]
fn a_server_whose_tables_were_altered_is_refused_without_a_panic() {
    let Some(cluster) = Cluster::start() else { return };
    cluster.ready();
    let dir = temp();
    let d = district(dir.path(), "long-ho.db", "Phòng Kinh tế Long Hồ", 2);
    let login = cluster.office("Phòng Kinh tế Long Hồ", false);
    run(&login, &d.path, None);
    set_support(&d.path, &d.projects[0], 9);
    let mut admin = cluster.raw(&cluster.admin);
    admin
        .batch_execute("ALTER TABLE kc_records ALTER COLUMN modified_at TYPE text USING modified_at::text")
        .unwrap();
    let before = std::fs::read(&d.path).unwrap();
    let mut wb = open(&d.path);
    let refused = sync(&login, &mut wb, None, false, &Arc::default(), &mut |_| {}).expect_err("refused");
    drop(wb);
    assert!(matches!(refused, SyncError::Server(_)), "{refused:?}");
    assert!(refused.message(Lang::Vi).contains("Máy chủ báo lỗi"), "{}", refused.message(Lang::Vi));
    assert_eq!(std::fs::read(&d.path).unwrap(), before, "the workbook is untouched");
}
