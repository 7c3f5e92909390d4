//! File → "Đồng bộ với máy chủ…" in the window, against a real server: the
//! officer types the address and the password, the sync runs with its
//! progress, the status line tells when it last synced and what waits; a
//! conflict opens the merge's own dialog; the password is written nowhere.

mod common;
mod merge_support;
mod server_support;

use std::path::Path;
use std::sync::Arc;

use common::*;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use khuyencong::app::App;
use khuyencong::server::sync::{Login, address_without_password, sync};
use merge_support::*;
use server_support::{Cluster, password_of, workbook_records};

/// The address as the officer types it, and the password apart.
fn typed(login: &Login) -> (String, String) {
    let address = address_without_password(&login.address);
    (address, password_of(login))
}

/// Runs frames until a text containing `words` is shown; that text.
fn wait_for_text(h: &mut Harness<'static, App>, words: &str) -> String {
    let start = std::time::Instant::now();
    loop {
        if let Some(t) = visible_texts(h).into_iter().find(|t| t.contains(words)) {
            return t;
        }
        assert!(
            start.elapsed() < std::time::Duration::from_secs(20),
            "no {words:?} in {:?}",
            visible_texts(h)
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
        h.step();
    }
}

fn no_file_holds(dir: &Path, secret: &str) {
    for entry in walk(dir) {
        let bytes = std::fs::read(&entry).unwrap_or_default();
        assert!(
            !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "the password is in {}",
            entry.display()
        );
    }
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() { out.extend(walk(&p)) } else { out.push(p) }
    }
    out
}

#[test]
fn the_window_syncs_shows_when_and_what_waits_and_asks_about_a_conflict() {
    let Some(cluster) = Cluster::start() else { return };
    cluster.ready();
    let dir = temp();
    let d = district(dir.path(), "long-ho.db", "Phòng Kinh tế Long Hồ", 5);
    let login = cluster.office("Phòng Kinh tế Long Hồ", false);
    let (address, password) = typed(&login);

    let mut h = harness(app_on(&d.path, dir.path()));
    click(&mut h, "Tệp");
    click(&mut h, "Đồng bộ với máy chủ…");
    type_into(&mut h, "Địa chỉ máy chủ", &address);
    type_into(&mut h, "Mật khẩu", &password);
    assert!(h.query_by_label_contains(&password).is_none(), "the password is not shown");
    click_and_wait(&mut h, "Đồng bộ");
    let texts = visible_texts(&h);
    assert!(texts.iter().any(|t| t.starts_with("Đã đồng bộ lúc") && t.ends_with("gửi 13.")), "{texts:?}");
    // Counted on a thread of its own: shown a few frames later.
    let line = wait_for_text(&mut h, "Đồng bộ lần cuối");
    assert!(line.ends_with("0 thay đổi chờ gửi"), "{line}");
    assert_eq!(cluster.records(), workbook_records(&d.path), "the server holds the workbook's records");

    // A change saved since: the status line of the workbook opened again says it waits.
    drop(h);
    set_support(&d.path, &d.projects[0], 321);
    let mut h = harness(app_on(&d.path, dir.path()));
    assert!(wait_for_text(&mut h, "Đồng bộ lần cuối").ends_with("1 thay đổi chờ gửi"));

    // The province changes the same project meanwhile: a conflict, in the merge's dialog.
    let province_path = empty_in(dir.path(), "tinh.db");
    let province = cluster.office("Trung tâm Khuyến công tỉnh", true);
    let mut wb = open(&province_path);
    sync(&province, &mut wb, None, false, &Arc::default(), &mut |_| {}).expect("province");
    drop(wb);
    set_support(&province_path, &d.projects[0], 654);
    let mut wb = open(&province_path);
    sync(&province, &mut wb, None, false, &Arc::default(), &mut |_| {}).expect("province sends");
    drop(wb);

    click(&mut h, "Tệp");
    click(&mut h, "Đồng bộ với máy chủ…");
    // The workbook remembers the address; the password is asked again.
    assert_eq!(input(&h, "Địa chỉ máy chủ").value().as_deref(), Some(address.as_str()));
    type_into(&mut h, "Mật khẩu", &password);
    click_and_wait(&mut h, "Đồng bộ");
    assert!(
        h.query_by_label_contains("Đơn vị gửi: Máy chủ khuyến công").is_some(),
        "{:?}",
        visible_texts(&h)
    );
    click(&mut h, "Giữ bản của sổ này cho tất cả");
    click_and_wait(&mut h, "Gộp");
    let texts = visible_texts(&h);
    assert!(texts.iter().any(|t| t.starts_with("Đã đồng bộ lúc")), "{texts:?}");
    assert_eq!(support_of(&d.path, &d.projects[0]), 321, "the district kept its own");
    assert_eq!(cluster.records(), workbook_records(&d.path), "and the server took it");

    drop(h);
    no_file_holds(dir.path(), &password);
}
