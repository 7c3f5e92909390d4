//! District files in the window: File → Import with its preview (columns,
//! errors, duplicates, rejected rows), the Excel template, File → Merge with
//! its dry run and conflicts, the merge log and undo. Each test clicks and
//! types by label, then reads the SQLite file.

mod common;

use std::fs;
use std::path::Path;
use std::time::Duration;

use common::*;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use khuyencong::app::App;
use khuyencong::domain::{Facility, Project};
use khuyencong::workbook::{OpenMode, Workbook};

fn count(path: &Path, sql: &str) -> i64 {
    db(path).query_row(sql, [], |r| r.get(0)).expect("query")
}

fn open_menu(h: &mut Harness<'static, App>, path: &[&str]) {
    click(h, "Tệp");
    for item in path {
        click(h, item);
    }
}

/// Projects from a district: a good row with decimal commas and a dd/mm/yyyy
/// date, a row with an error (no year), and a project the workbook already has.
fn district_csv(dir: &Path, existing: &Project) -> std::path::PathBuf {
    let path = dir.join("đề án huyện.csv");
    let text = format!(
        "STT;Mã đề án;Năm;Tên đề án;Nguồn kinh phí;Nội dung;Kinh phí hỗ trợ (triệu đồng);Vốn đối ứng (triệu đồng);Ngày phê duyệt;Tên cơ sở\n\
         1;;2024;Máy sấy chôm chôm;Khuyến công địa phương;Ứng dụng máy móc thiết bị tiên tiến;278,5;1.518;05/03/2024;Cơ sở Sấy Mới\n\
         2;;;Máy ép viên;Khuyến công địa phương;Tư vấn;100;0;;\n\
         3;{};{};{};Khuyến công địa phương;Ứng dụng máy móc thiết bị tiên tiến;10;0;;\n",
        existing.code, existing.year, existing.title
    );
    fs::write(&path, text).expect("csv");
    path
}

#[test]
fn an_import_is_previewed_then_written_all_at_once() {
    let dir = temp();
    let file = sample_in(dir.path());
    let before = count(&file, "SELECT COUNT(*) FROM projects");
    let wb = Workbook::open(&file, OpenMode::ReadOnly).expect("open");
    let existing = wb.list::<Project>().expect("list").remove(0);
    drop(wb);
    let csv = district_csv(dir.path(), &existing.record);
    let csv_bytes = fs::read(&csv).expect("read");

    let mut h = harness(app_on(&file, dir.path()));
    open_menu(&mut h, &["Nhập từ Excel/CSV", "Đề án…"]);
    type_into(&mut h, "Đường dẫn tệp", path_str(&csv));
    click(&mut h, "Xem trước");
    // The preview: the styles found, the counts, the error and the duplicate.
    assert!(h.query_by_label_contains("dấu phẩy thập phân").is_some(), "{:?}", visible_texts(&h));
    assert!(
        h.query_by_label_contains("3 dòng: 1 dòng thêm mới, 0 cập nhật, 1 bỏ qua; 1 dòng có lỗi").is_some(),
        "{:?}",
        visible_texts(&h)
    );
    assert_eq!(count(&file, "SELECT COUNT(*) FROM projects"), before, "nothing written by the preview");
    assert!(h.get_by_label("Nhập").accesskit_node().is_disabled(), "an error keeps Import disabled");

    // The officer leaves out the bad row and imports the rest.
    click(&mut h, "Bỏ qua các dòng có lỗi, nhập các dòng còn lại");
    click(&mut h, "Nhập");
    assert!(h.query_by_label_contains("Đã nhập 1 bản ghi").is_some(), "{:?}", visible_texts(&h));
    assert_eq!(count(&file, "SELECT COUNT(*) FROM projects"), before + 1);
    let (support, counterpart, approved): (i64, i64, String) = db(&file)
        .query_row(
            "SELECT support_vnd, counterpart_vnd, approved_on FROM projects WHERE title = 'Máy sấy chôm chôm'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("the new project");
    assert_eq!((support, counterpart, approved.as_str()), (278_500_000, 1_518_000_000, "2024-03-05"));
    assert_eq!(count(&file, "SELECT COUNT(*) FROM facilities WHERE name = 'Cơ sở Sấy Mới'"), 1);
    assert_eq!(fs::read(&csv).expect("read"), csv_bytes, "the district's file is only read");
    // The list on screen has the new project without reopening.
    assert!(h.query_by_label_contains(&format!("Đề án ({})", before + 1)).is_some());
}

#[test]
fn a_duplicate_can_update_the_kept_record_and_rejected_rows_go_back_to_the_district() {
    let dir = temp();
    let file = sample_in(dir.path());
    let wb = Workbook::open(&file, OpenMode::ReadOnly).expect("open");
    let existing = wb.list::<Project>().expect("list").remove(0);
    drop(wb);
    let csv = district_csv(dir.path(), &existing.record);
    let mut h = harness(app_on(&file, dir.path()));
    open_menu(&mut h, &["Nhập từ Excel/CSV", "Đề án…"]);
    type_into(&mut h, "Đường dẫn tệp", path_str(&csv));
    click(&mut h, "Xem trước");

    // Rejected rows to an XLSX with the reason.
    click(&mut h, "Lưu các dòng lỗi ra Excel…");
    let rejected = dir.path().join("dòng lỗi.xlsx");
    type_into(&mut h, "Đường dẫn tệp", path_str(&rejected));
    click(&mut h, "Lưu");
    let rows = sheet_rows(&rejected);
    assert_eq!(rows.len(), 2, "the header and only the bad row");
    assert!(rows[0].iter().any(|h| h == "Lý do"), "{:?}", rows[0]);

    // Every duplicate: update the kept record.
    click(&mut h, "Cập nhật bản ghi đã có");
    click(&mut h, "Bỏ qua các dòng có lỗi, nhập các dòng còn lại");
    click(&mut h, "Nhập");
    let support: i64 = db(&file)
        .query_row("SELECT support_vnd FROM projects WHERE id = ?1", [&existing.id], |r| r.get(0))
        .expect("kept record");
    assert_eq!(support, 10_000_000, "updated from the file");
}

#[test]
fn an_unknown_column_is_named_and_can_be_ignored() {
    let dir = temp();
    let file = empty_in(dir.path(), "sổ.db");
    let csv = dir.path().join("co-so.csv");
    fs::write(&csv, "Tên cơ sở;Ghi chú riêng của huyện\nCơ sở Bánh Tráng Sáu;gọi trước\n").expect("csv");
    let mut h = harness(app_on(&file, dir.path()));
    open_menu(&mut h, &["Nhập từ Excel/CSV", "Cơ sở…"]);
    type_into(&mut h, "Đường dẫn tệp", path_str(&csv));
    click(&mut h, "Xem trước");
    let problem = "Không biết các cột: B “Ghi chú riêng của huyện”";
    assert!(h.query_all_by_label_contains(problem).next().is_some(), "{:?}", visible_texts(&h));
    assert!(h.get_by_label("Nhập").accesskit_node().is_disabled());
    choose(&mut h, "B · Ghi chú riêng của huyện", "— bỏ qua —");
    assert!(h.query_all_by_label_contains(problem).next().is_none());
    click(&mut h, "Nhập");
    assert_eq!(count(&file, "SELECT COUNT(*) FROM facilities WHERE name = 'Cơ sở Bánh Tráng Sáu'"), 1);
}

#[test]
fn the_template_is_written_from_the_file_menu_and_imports_as_is() {
    let dir = temp();
    let file = empty_in(dir.path(), "sổ.db");
    let mut h = harness(app_on(&file, dir.path()));
    open_menu(&mut h, &["Mẫu nhập Excel", "Đề án…"]);
    let template = dir.path().join("mẫu đề án.xlsx");
    type_into(&mut h, "Đường dẫn tệp", path_str(&template));
    click(&mut h, "Lưu");
    assert!(template.exists());
    let rows = sheet_rows(&template);
    assert!(rows[0].iter().any(|h| h.starts_with("Năm")), "{:?}", rows[0]);
    // The untouched template holds only its example row: nothing to import.
    open_menu(&mut h, &["Nhập từ Excel/CSV", "Đề án…"]);
    type_into(&mut h, "Đường dẫn tệp", path_str(&template));
    click(&mut h, "Xem trước");
    assert!(h.query_by_label_contains("Bỏ qua 1 dòng ví dụ của mẫu").is_some(), "{:?}", visible_texts(&h));
}

/// A district workbook with one facility and one project of its own.
fn district(dir: &Path, name: &str) -> (std::path::PathBuf, String) {
    let path = empty_in(dir, name);
    let mut wb = Workbook::open(&path, OpenMode::Normal).expect("open");
    let fid = wb.insert(&Facility { name: format!("Cơ sở {name}"), ..Default::default() }).expect("facility");
    let pid = wb
        .insert(&Project {
            code: String::new(),
            year: 2024,
            title: format!("Máy đóng gói {name}"),
            source: khuyencong::domain::codes::FundingSource::Local,
            content: khuyencong::domain::codes::ProjectContent::Machinery,
            facility_id: Some(fid),
            district: "Long Hồ".into(),
            commune: String::new(),
            support_vnd: 200_000_000,
            counterpart_vnd: 300_000_000,
            status: khuyencong::domain::codes::ProjectStatus::Approved,
            decision_no: String::new(),
            approved_on: None,
            accepted_on: None,
            note: String::new(),
        })
        .expect("project");
    (path, pid)
}

fn set_support(path: &Path, id: &str, dong: i64) {
    let mut wb = Workbook::open(path, OpenMode::Normal).expect("open");
    let mut p = wb.get::<Project>(id).expect("get").expect("there").record;
    p.support_vnd = dong;
    wb.update(id, &p).expect("update");
}

#[test]
fn a_district_workbook_is_merged_after_a_dry_run_and_the_merge_can_be_undone() {
    let dir = temp();
    let province = empty_in(dir.path(), "tỉnh.db");
    let (source, _) = district(dir.path(), "huyện Long Hồ.db");
    let source_bytes = fs::read(&source).expect("read");
    let mut h = harness(app_on(&province, dir.path()));
    click(&mut h, "Tệp");
    click(&mut h, "Gộp sổ của đơn vị khác…");
    type_into(&mut h, "Đường dẫn tệp", path_str(&source));
    click_and_wait(&mut h, "Chạy thử");
    assert!(h.query_by_label_contains("Chạy thử: chưa ghi gì").is_some(), "{:?}", visible_texts(&h));
    assert_eq!(count(&province, "SELECT COUNT(*) FROM projects"), 0, "a dry run writes nothing");
    click_and_wait(&mut h, "Gộp");
    // The whole status line is the merge's own message (it once read "Đã mở Đã gộp sổ…").
    let status = visible_texts(&h).into_iter().find(|t| t.contains("Đã gộp sổ:"));
    assert!(status.as_deref().is_some_and(|t| t.starts_with("Đã gộp sổ: thêm 2")), "{status:?}");
    assert_eq!(count(&province, "SELECT COUNT(*) FROM projects WHERE deleted_at IS NULL"), 1);
    assert_eq!(count(&province, "SELECT SUM(support_vnd) FROM projects"), 200_000_000);
    assert_eq!(fs::read(&source).expect("read"), source_bytes, "the district's file is only read");

    // The same file again: nothing new.
    click(&mut h, "Tệp");
    click(&mut h, "Gộp sổ của đơn vị khác…");
    type_into(&mut h, "Đường dẫn tệp", path_str(&source));
    click_and_wait(&mut h, "Chạy thử");
    assert!(h.query_by_label_contains("Không có gì mới").is_some());
    click(&mut h, "Hủy");

    // The log, and undo.
    click(&mut h, "Tệp");
    click(&mut h, "Nhật ký gộp sổ…");
    assert!(
        h.query_by_label_contains("thêm 2, cập nhật 0, xóa 0, xung đột 0").is_some(),
        "{:?}",
        visible_texts(&h)
    );
    assert!(h.query_by_label_contains("\u{201c}huyện Long Hồ.db\u{201d}").is_some(), "the file's name");
    click(&mut h, "Hoàn tác lần gộp gần nhất");
    assert_eq!(count(&province, "SELECT COUNT(*) FROM projects"), 0);
    assert!(h.query_by_label_contains("Đã hoàn tác lần gộp").is_some());
}

#[test]
fn a_second_copy_of_the_sample_shows_its_pairs_and_links_them_instead_of_doubling() {
    let dir = temp();
    let mine = sample_in(dir.path());
    let theirs = dir.path().join("mẫu bản 2.db");
    khuyencong::workbook::sample::create_sample(&theirs).expect("sample");
    let totals = |sql: &str| count(&mine, sql);
    let facilities = totals("SELECT COUNT(*) FROM facilities");
    let projects = totals("SELECT COUNT(*) FROM projects");
    let support = totals("SELECT SUM(support_vnd) FROM projects");
    let trainings = totals("SELECT COUNT(*) FROM trainings");
    let designs = totals("SELECT COUNT(*) FROM design_supports");

    let mut h = harness(app_on(&mine, dir.path()));
    open_menu(&mut h, &["Gộp sổ của đơn vị khác…"]);
    type_into(&mut h, "Đường dẫn tệp", path_str(&theirs));
    click_and_wait(&mut h, "Chạy thử");
    assert!(
        h.query_by_label_contains("bản ghi gửi đến có thể trùng với bản ghi đã có").is_some(),
        "{:?}",
        visible_texts(&h)
    );
    assert!(h.query_all_by_label_contains("; mọi trường giống nhau").next().is_some());
    // Every pair is linked unless the officer says otherwise: add all, then back to link.
    click(&mut h, "Thêm mới tất cả");
    click(&mut h, "Nối tất cả, giữ bản của sổ này");
    // One pair, the first shown, added anyway by its own choice.
    h.get_all_by_label("Khác nhau — vẫn thêm mới").next().expect("a pair's choice").click();
    h.step();
    assert!(!h.get_by_label("Gộp").accesskit_node().is_disabled());
    click_and_wait(&mut h, "Gộp");
    let added = totals("SELECT COUNT(*) FROM facilities") - facilities
        + totals("SELECT COUNT(*) FROM projects")
        - projects
        + totals("SELECT COUNT(*) FROM trainings")
        - trainings
        + totals("SELECT COUNT(*) FROM design_supports")
        - designs;
    assert_eq!(added, 1, "only the pair added anyway");
    assert_eq!(totals("SELECT SUM(support_vnd) FROM projects WHERE deleted_at IS NULL"), support);
    let links = totals("SELECT COUNT(*) FROM merge_link");
    assert!(links > 100);
    let said = format!("nối {} bản ghi trùng", khuyencong::domain::number::format_int(links));
    assert!(
        h.query_by_label_contains(&said).is_some(),
        "the status line counts the links: {:?}",
        visible_texts(&h)
    );

    // Again: nothing new, nothing asked.
    open_menu(&mut h, &["Gộp sổ của đơn vị khác…"]);
    type_into(&mut h, "Đường dẫn tệp", path_str(&theirs));
    click_and_wait(&mut h, "Chạy thử");
    assert!(h.query_by_label_contains("Không có gì mới").is_some(), "{:?}", visible_texts(&h));
    assert!(h.query_all_by_label_contains("có thể trùng").next().is_none());
    click(&mut h, "Hủy");

    // The log names the link; undo removes it with the merge.
    open_menu(&mut h, &["Nhật ký gộp sổ…"]);
    let logged = visible_texts(&h).into_iter().any(|t| t.contains(" — “") && t.contains("bản ghi trùng"));
    assert!(logged, "the log's line counts the links: {:?}", visible_texts(&h));
    click(&mut h, "Hoàn tác lần gộp gần nhất");
    assert_eq!(totals("SELECT COUNT(*) FROM merge_link"), 0);
    assert_eq!(totals("SELECT COUNT(*) FROM facilities"), facilities);
}

#[test]
fn a_pair_linked_field_by_field_takes_the_fields_clicked_and_keeps_ours_for_the_rest() {
    let dir = temp();
    let mine = sample_in(dir.path());
    let theirs = dir.path().join("mẫu của huyện.db");
    khuyencong::workbook::sample::create_sample(&theirs).expect("sample");
    let code: String = rusqlite::Connection::open(&mine)
        .unwrap()
        .query_row("SELECT code FROM projects WHERE code <> '' ORDER BY code LIMIT 1", [], |r| r.get(0))
        .unwrap();
    let id_in = |path: &Path| -> String {
        let c = rusqlite::Connection::open(path).unwrap();
        c.query_row("SELECT id FROM projects WHERE code = ?1", [&code], |r| r.get(0)).unwrap()
    };
    let (our_id, their_id) = (id_in(&mine), id_in(&theirs));
    let ours =
        Workbook::open(&mine, OpenMode::ReadOnly).unwrap().get::<Project>(&our_id).unwrap().unwrap().record;
    {
        let mut wb = Workbook::open(&theirs, OpenMode::Normal).expect("open");
        let mut p = wb.get::<Project>(&their_id).unwrap().unwrap().record;
        p.support_vnd = 777_000_000;
        p.note = "Ghi chú của huyện".into();
        wb.update(&their_id, &p).expect("update");
    }

    let mut h = harness(app_on(&mine, dir.path()));
    open_menu(&mut h, &["Gộp sổ của đơn vị khác…"]);
    type_into(&mut h, "Đường dẫn tệp", path_str(&theirs));
    click_and_wait(&mut h, "Chạy thử");
    // The pair that differs is shown first; field by field, each difference gets its two values.
    h.get_all_by_label("Là một — chọn từng trường").next().expect("the first pair's choice").click();
    h.step();
    assert!(h.query_by_label("Ghi chú của huyện").is_some(), "{:?}", visible_texts(&h));
    click(&mut h, "777");
    click_and_wait(&mut h, "Gộp");
    let got =
        Workbook::open(&mine, OpenMode::ReadOnly).unwrap().get::<Project>(&our_id).unwrap().unwrap().record;
    assert_eq!(got.support_vnd, 777_000_000, "the support clicked is theirs");
    assert_eq!(got.note, ours.note, "the note not clicked is ours");
    assert_eq!(Project { support_vnd: ours.support_vnd, ..got }, ours, "nothing else changed");
}

#[test]
fn a_record_changed_in_both_workbooks_waits_for_the_officers_choice() {
    let dir = temp();
    let province = empty_in(dir.path(), "tỉnh.db");
    let (source, pid) = district(dir.path(), "huyện Mang Thít.db");
    {
        let mut wb = Workbook::open(&province, OpenMode::Normal).expect("open");
        let plan = khuyencong::workbook::merge::plan_merge(&wb, &source).expect("plan");
        khuyencong::workbook::merge::apply_merge(&mut wb, &plan, &Default::default(), None, &mut |_| true)
            .expect("first merge");
    }
    std::thread::sleep(Duration::from_millis(5));
    set_support(&province, &pid, 250_000_000);
    set_support(&source, &pid, 260_000_000);

    let mut h = harness(app_on(&province, dir.path()));
    click(&mut h, "Tệp");
    click(&mut h, "Gộp sổ của đơn vị khác…");
    type_into(&mut h, "Đường dẫn tệp", path_str(&source));
    click_and_wait(&mut h, "Chạy thử");
    assert!(
        h.query_by_label_contains("1 bản ghi được sửa ở cả hai nơi").is_some(),
        "{:?}",
        visible_texts(&h)
    );
    assert!(h.get_by_label("Gộp").accesskit_node().is_disabled(), "a choice is needed first");
    let theirs = h
        .get_all_by_label_contains("Bản gửi đến (sửa ")
        .next()
        .map(|n| n.accesskit_node().label().map(|l| l.to_string()).unwrap_or_default())
        .expect("the received version");
    assert!(theirs.contains("260"), "{theirs}");
    click(&mut h, &theirs);
    click_and_wait(&mut h, "Gộp");
    assert_eq!(
        db(&province)
            .query_row("SELECT support_vnd FROM projects WHERE id = ?1", [&pid], |r| r.get::<_, i64>(0))
            .expect("q"),
        260_000_000
    );
}

#[test]
fn a_district_file_that_deletes_a_record_of_this_office_waits_for_the_officers_choice() {
    let dir = temp();
    let (province, own) = district(dir.path(), "tỉnh.db");
    let source = dir.path().join("huyện Trà Ôn.db");
    Workbook::create(&source, "Phòng Kinh tế huyện Trà Ôn", "Vĩnh Long").expect("create");
    // The district merged the province's workbook, then deleted the province's project.
    {
        let mut wb = Workbook::open(&source, OpenMode::Normal).expect("open");
        let plan = khuyencong::workbook::merge::plan_merge(&wb, &province).expect("plan");
        khuyencong::workbook::merge::apply_merge(&mut wb, &plan, &Default::default(), None, &mut |_| true)
            .expect("merge");
        std::thread::sleep(Duration::from_millis(5));
        wb.delete(khuyencong::domain::RecordKind::Project, &own).expect("delete");
    }
    let live = |p: &Path| count(p, "SELECT COUNT(*) FROM projects WHERE deleted_at IS NULL");

    let mut h = harness(app_on(&province, dir.path()));
    click(&mut h, "Tệp");
    click(&mut h, "Gộp sổ của đơn vị khác…");
    type_into(&mut h, "Đường dẫn tệp", path_str(&source));
    click_and_wait(&mut h, "Chạy thử");
    assert!(
        h.query_by_label_contains("Sổ huyện xóa bản ghi của đơn vị mình").is_some(),
        "{:?}",
        visible_texts(&h)
    );
    assert!(h.query_by_label_contains("1 bản ghi cần chọn bản giữ lại").is_some(), "{:?}", visible_texts(&h));
    assert!(h.get_by_label("Gộp").accesskit_node().is_disabled(), "the deletion waits for a choice");
    assert!(h.query_by_label_contains("Còn (chưa xóa)").is_some(), "{:?}", visible_texts(&h));
    assert_eq!(live(&province), 1, "nothing deleted by the dry run");

    let theirs = h
        .get_all_by_label_contains("Bản gửi đến (sửa ")
        .next()
        .map(|n| n.accesskit_node().label().map(|l| l.to_string()).unwrap_or_default())
        .expect("the received version");
    assert!(theirs.ends_with("Đã xóa"), "{theirs}");
    click(&mut h, &theirs);
    assert!(!h.get_by_label("Gộp").accesskit_node().is_disabled());
    click_and_wait(&mut h, "Gộp");
    assert_eq!(live(&province), 0, "deleted once the officer chose it");
}

#[test]
fn a_file_that_is_not_a_workbook_is_refused_for_merge_and_the_workbook_is_untouched() {
    let dir = temp();
    let province = empty_in(dir.path(), "tỉnh.db");
    let bad = dir.path().join("thư.db");
    fs::write(&bad, "Kính gửi Trung tâm").expect("write");
    let before = fs::read(&province).expect("read");
    let mut h = harness(app_on(&province, dir.path()));
    click(&mut h, "Tệp");
    click(&mut h, "Gộp sổ của đơn vị khác…");
    type_into(&mut h, "Đường dẫn tệp", path_str(&bad));
    click_and_wait(&mut h, "Chạy thử");
    assert!(h.query_by_label("Không thực hiện được").is_some(), "{:?}", visible_texts(&h));
    drop(h);
    assert_eq!(fs::read(&province).expect("read"), before);
    assert_eq!(fs::read(&bad).expect("read"), "Kính gửi Trung tâm".as_bytes());
}

#[test]
fn the_officer_can_say_the_file_writes_decimal_points() {
    let dir = temp();
    let file = empty_in(dir.path(), "sổ.db");
    let csv = dir.path().join("english.csv");
    fs::write(
        &csv,
        "Năm,Tên đề án,Nguồn kinh phí,Nội dung,Kinh phí hỗ trợ (triệu đồng)\n2024,Máy sấy,dia_phuong,tu_van,1.518\n",
    )
    .expect("csv");
    let mut h = harness(app_on(&file, dir.path()));
    open_menu(&mut h, &["Nhập từ Excel/CSV", "Đề án…"]);
    type_into(&mut h, "Đường dẫn tệp", path_str(&csv));
    click(&mut h, "Xem trước");
    choose(&mut h, "Cách ghi số", "Kiểu Anh – Mỹ: 3,900 và 4.9");
    click(&mut h, "Nhập");
    let support: i64 = db(&file).query_row("SELECT support_vnd FROM projects", [], |r| r.get(0)).expect("q");
    assert_eq!(support, 1_518_000, "1.518 read with a decimal point: 1,518 million đồng");
}
