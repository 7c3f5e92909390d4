//! The province server, against a real PostgreSQL started by the test:
//! `server init` creates and migrates the schema and refuses a newer one;
//! `server add-office` makes a login that can write its own office's
//! records only, enforced by the server even for raw SQL; a province-wide
//! login writes every office's; the change counter is the server's.

mod common;
mod server_support;

use common::*;
use khuyencong::server::schema::SERVER_LEVEL;
use khuyencong::server::{ServerError, add_office, init};
use server_support::Cluster;

fn insert(c: &mut postgres::Client, id: &str, office: &str) -> Result<u64, postgres::Error> {
    c.execute(
        "INSERT INTO kc_records (kind, id, office_id, record, created_at, modified_at, change_seq)
         VALUES ('projects', $1, $2, '{}'::jsonb, 1, 1, -5)",
        &[&id, &office],
    )
}

#[test]
fn init_creates_the_schema_once_and_refuses_a_newer_server() {
    let Some(cluster) = Cluster::start() else { return };
    let done = init(&cluster.admin).expect("init");
    assert_eq!((done.from, done.to), (0, SERVER_LEVEL));
    let again = init(&cluster.admin).expect("init again");
    assert_eq!((again.from, again.to), (SERVER_LEVEL, SERVER_LEVEL), "nothing to do the second time");
    let mut admin = cluster.raw(&cluster.admin);
    admin.execute("UPDATE kc_schema SET level = 99", &[]).unwrap();
    let refused = init(&cluster.admin).expect_err("a newer server");
    assert_eq!(refused, ServerError::Newer { found: 99, supported: SERVER_LEVEL });
    assert!(refused.message(khuyencong::i18n::Lang::Vi).contains("mới hơn chương trình này"));
    let level: i32 = admin.query_one("SELECT level FROM kc_schema", &[]).unwrap().get(0);
    assert_eq!(level, 99, "left as it was");

    // A server set up by an older program (level 1) is brought up, level by level.
    admin.batch_execute("CREATE DATABASE khuyencong_cu").unwrap();
    let older = cluster.admin.replace("/khuyencong", "/khuyencong_cu");
    let mut c = cluster.raw(&older);
    c.batch_execute(khuyencong::server::schema::LEVELS[0]).unwrap();
    c.batch_execute("UPDATE kc_schema SET level = 1").unwrap();
    let done = init(&older).expect("migrate");
    assert_eq!((done.from, done.to), (1, SERVER_LEVEL));
    let id: String = c.query_one("SELECT server_id FROM kc_schema", &[]).unwrap().get(0);
    assert_eq!(id.len(), 36, "the server's own id, made at level 2");
}

#[test]
fn an_office_writes_only_its_own_records_even_through_raw_sql() {
    let Some(cluster) = Cluster::start() else { return };
    init(&cluster.admin).expect("init");
    let long_ho =
        add_office(&cluster.admin, "Phòng Kinh tế huyện Long Hồ", "Vĩnh Long", false).expect("office");
    let tam_binh =
        add_office(&cluster.admin, "Phòng Kinh tế huyện Tam Bình", "Vĩnh Long", false).expect("office");
    let province =
        add_office(&cluster.admin, "Trung tâm Khuyến công tỉnh", "Vĩnh Long", true).expect("office");
    assert!(long_ho.role.starts_with("kc_phong_kinh_te_huyen_long_ho_"), "{}", long_ho.role);
    assert_ne!(long_ho.password, tam_binh.password);

    // The wrong password is refused by the server.
    let wrong = khuyencong::server::connect(&cluster.url_of(&long_ho.role, "sai-mat-khau"))
        .map(|_| ())
        .expect_err("refused");
    assert!(matches!(wrong, ServerError::Connect(_)), "{wrong:?}");

    // Records carry the office id of the workbook a login was bound to at its first sync.
    let bind = |c: &mut postgres::Client, workbook_office: &str| -> Option<String> {
        c.query_one("SELECT kc_bind_office($1)", &[&workbook_office]).unwrap().get(0)
    };
    let mut district = cluster.raw(&cluster.url_of(&long_ho.role, &long_ho.password));
    assert_eq!(bind(&mut district, "wb-long-ho").as_deref(), Some("wb-long-ho"));
    assert_eq!(bind(&mut district, "wb-other").as_deref(), Some("wb-long-ho"), "bound once, for good");
    assert_eq!(insert(&mut district, "p-long-ho", "wb-long-ho").expect("its own record"), 1);
    // Another office's record: refused by row-level security.
    let refused = insert(&mut district, "p-tam-binh", "wb-tam-binh").expect_err("another office's record");
    let said = refused.as_db_error().map(|d| d.message().to_string()).unwrap_or_default();
    assert!(said.contains("row-level security"), "{said}");
    let mut other = cluster.raw(&cluster.url_of(&tam_binh.role, &tam_binh.password));
    bind(&mut other, "wb-tam-binh");
    assert_eq!(insert(&mut other, "p-tam-binh", "wb-tam-binh").unwrap(), 1);
    // Changing or taking over another's row changes nothing; deleting is not granted at all.
    let changed = district
        .execute("UPDATE kc_records SET record = '{\"x\":1}' WHERE id = 'p-tam-binh'", &[])
        .unwrap_or(0);
    assert_eq!(changed, 0, "another office's row is out of its reach");
    let moved =
        district.execute("UPDATE kc_records SET office_id = 'wb-tam-binh' WHERE id = 'p-long-ho'", &[]);
    assert!(moved.is_err(), "its own row cannot be given to another office");
    assert!(district.execute("DELETE FROM kc_records", &[]).is_err(), "no DELETE for an office");
    assert!(district.execute("UPDATE kc_schema SET level = 0", &[]).is_err(), "nor the schema");
    assert!(
        district.execute("INSERT INTO kc_offices (id, name) VALUES ('x', 'x')", &[]).is_err(),
        "nor the offices"
    );

    // The province-wide login writes anyone's, and sees all.
    let mut centre = cluster.raw(&cluster.url_of(&province.role, &province.password));
    bind(&mut centre, "wb-tinh");
    // Nor may a district name another office's records.
    assert!(
        district
            .execute("INSERT INTO kc_record_offices (id, name) VALUES ('wb-tam-binh', 'x')", &[])
            .is_err(),
        "another office's name"
    );
    let n = centre.execute("UPDATE kc_records SET modified_at = 2 WHERE id = 'p-tam-binh'", &[]).unwrap();
    assert_eq!(n, 1);
    let all: i64 = centre.query_one("SELECT count(*) FROM kc_records", &[]).unwrap().get(0);
    assert_eq!(all, 2);
    // A district reads its own (and the province's), not its neighbour's.
    let seen: i64 = district.query_one("SELECT count(*) FROM kc_records", &[]).unwrap().get(0);
    assert_eq!(seen, 1);

    // The change counter is the server's: the -5 sent was replaced, and each write counts up.
    let mut admin = cluster.raw(&cluster.admin);
    let seqs: Vec<i64> = admin
        .query("SELECT change_seq FROM kc_records ORDER BY change_seq", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert!(seqs.iter().all(|s| *s > 0) && seqs.windows(2).all(|w| w[0] < w[1]), "{seqs:?}");
}

#[test]
fn the_command_line_sets_up_the_server_and_prints_how_to_connect() {
    let Some(cluster) = Cluster::start() else { return };
    let out = khuyencong(&["server", "init", &cluster.admin]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains(&format!("cấp {SERVER_LEVEL}")), "{}", stdout(&out));
    let out =
        khuyencong(&["server", "add-office", &cluster.admin, "--name", "Phòng Kinh tế huyện Mang Thít"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let role = text.lines().find_map(|l| l.trim().strip_prefix("Tên đăng nhập: ")).expect(&text).to_string();
    let password = text.lines().find_map(|l| l.trim().strip_prefix("Mật khẩu: ")).expect(&text).to_string();
    assert!(!text.contains(&cluster.admin), "the administrator's password is not repeated");
    khuyencong::server::connect(&cluster.url_of(&role, &password)).expect("the printed login works");
    // A URL that is none, and a server that is down: said, status 2.
    let out = khuyencong(&["server", "init", "không phải địa chỉ"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("Địa chỉ máy chủ không đúng dạng"), "{}", stderr(&out));
}
