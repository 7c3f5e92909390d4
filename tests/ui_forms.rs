//! The forms, driven by label as an officer would, then read back from the file.

mod common;

use common::*;
use egui_kittest::kittest::Queryable;

#[test]
fn a_facility_typed_in_the_form_is_in_the_file() {
    let dir = temp();
    let file = empty_in(dir.path(), "sổ.db");
    let mut h = harness(app_on(&file, dir.path()));
    click_prefix(&mut h, "Cơ sở (0)");
    click(&mut h, "Thêm mới");
    type_into(&mut h, "Tên cơ sở *", "Cơ sở Bánh Tráng Mỹ Lồng");
    type_into(&mut h, "Mã số thuế", "1500123467");
    type_into(&mut h, "Xã/phường", "Xã Mỹ An");
    choose(&mut h, "Loại hình", "Hộ kinh doanh");
    choose(&mut h, "Huyện (cũ)", "Mang Thít");
    click(&mut h, "Lưu");
    let c = db(&file);
    let row: (String, String, String, String, String) = c
        .query_row("SELECT name, tax_code, kind, district, commune FROM facilities", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap();
    assert_eq!(
        row,
        (
            "Cơ sở Bánh Tráng Mỹ Lồng".into(),
            "1500123467".into(),
            "ho_kinh_doanh".into(),
            "Mang Thít".into(),
            "Xã Mỹ An".into()
        )
    );
    assert!(h.query_by_label_contains("Đã lưu lúc").is_some(), "the status line says it was saved");
    // The new facility is in the list.
    assert!(h.query_all_by_label("Cơ sở Bánh Tráng Mỹ Lồng").count() >= 1);
}

#[test]
fn a_project_with_a_new_facility_typed_inline_is_saved_in_one_go() {
    let dir = temp();
    let file = empty_in(dir.path(), "sổ.db");
    let mut h = harness(app_on(&file, dir.path()));
    click_prefix(&mut h, "Đề án (0)");
    click(&mut h, "Thêm mới");
    type_into(&mut h, "Mã đề án", "KCQG-2021-07");
    type_into(&mut h, "Năm *", "2021");
    type_into(&mut h, "Tên đề án *", "Hỗ trợ máy sấy chôm chôm");
    choose(&mut h, "Nguồn kinh phí *", "Khuyến công quốc gia");
    choose(&mut h, "Nội dung *", "Ứng dụng máy móc thiết bị tiên tiến");
    type_into(&mut h, "Kinh phí hỗ trợ (triệu đồng) *", "278,5");
    type_into(&mut h, "Vốn đối ứng (triệu đồng)", "1234,5");
    type_into(&mut h, "Ngày phê duyệt", "21/5/2021");
    type_into(&mut h, "Tên cơ sở", "Cơ sở Sấy Khô Tư Sáng");
    click(&mut h, "+ Tạo cơ sở mới “Cơ sở Sấy Khô Tư Sáng”");
    type_into(&mut h, "Mã số thuế", "1500123467");
    click(&mut h, "Lưu");
    let c = db(&file);
    let (title, support, counterpart, approved, source, facility): (
        String,
        i64,
        i64,
        String,
        String,
        String,
    ) = c
        .query_row(
            "SELECT p.title, p.support_vnd, p.counterpart_vnd, p.approved_on, p.source, f.name
             FROM projects p JOIN facilities f ON f.id = p.facility_id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
        )
        .unwrap();
    let (code, year): (String, i64) =
        c.query_row("SELECT code, year FROM projects", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    assert_eq!((code.as_str(), year), ("KCQG-2021-07", 2021));
    assert_eq!(title, "Hỗ trợ máy sấy chôm chôm");
    assert_eq!(support, 278_500_000);
    assert_eq!(counterpart, 1_234_500_000);
    assert_eq!(approved, "2021-05-21");
    assert_eq!(source, "quoc_gia");
    assert_eq!(facility, "Cơ sở Sấy Khô Tư Sáng");
    let tax: String = c.query_row("SELECT tax_code FROM facilities", [], |r| r.get(0)).unwrap();
    assert_eq!(tax, "1500123467");
}

#[test]
fn a_training_and_a_design_support_pick_an_existing_facility() {
    let dir = temp();
    let file = sample_in(dir.path());
    let mut h = harness(app_on(&file, dir.path()));
    click_prefix(&mut h, "Đào tạo (");
    click(&mut h, "Thêm mới");
    type_into(&mut h, "Năm *", "2022");
    type_into(&mut h, "Tên lớp *", "Lớp may công nghiệp khóa 3");
    choose(&mut h, "Loại *", "Đào tạo nghề");
    type_into(&mut h, "Số học viên *", "35");
    type_into(&mut h, "Số học viên nữ", "33");
    type_into(&mut h, "Từ ngày", "01/03/2022");
    type_into(&mut h, "Đến ngày", "30/05/2022");
    type_into(&mut h, "Cơ sở phối hợp", "may mac phu thinh");
    click(&mut h, "Công ty TNHH may mặc Phú Thịnh — Long Hồ");
    h.key_press(egui::Key::Enter);
    settle(&mut h);
    let c = db(&file);
    let (trainees, female, start, facility): (i64, i64, String, String) = c
        .query_row(
            "SELECT t.trainees, t.female_trainees, t.start_on, f.name FROM trainings t
             JOIN facilities f ON f.id = t.facility_id WHERE t.name = 'Lớp may công nghiệp khóa 3'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!((trainees, female, start.as_str()), (35, 33, "2022-03-01"));
    assert_eq!(facility, "Công ty TNHH may mặc Phú Thịnh");

    click_prefix(&mut h, "Thiết kế bao bì (");
    click(&mut h, "Thêm mới");
    type_into(&mut h, "Tên cơ sở *", "phu thinh");
    click(&mut h, "Công ty TNHH may mặc Phú Thịnh — Long Hồ");
    type_into(&mut h, "Sản phẩm *", "Áo sơ mi");
    choose(&mut h, "Hình thức *", "Thiết kế bao bì");
    type_into(&mut h, "Kinh phí hỗ trợ (triệu đồng)", "35");
    click(&mut h, "Lưu");
    let (product, support, facility): (String, i64, String) = c
        .query_row(
            "SELECT d.product, d.support_vnd, f.name FROM design_supports d
             JOIN facilities f ON f.id = d.facility_id WHERE d.product = 'Áo sơ mi'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (product.as_str(), support, facility.as_str()),
        ("Áo sơ mi", 35_000_000, "Công ty TNHH may mặc Phú Thịnh")
    );
}

#[test]
fn bad_input_shows_the_error_beside_the_field_and_writes_nothing() {
    let dir = temp();
    let file = empty_in(dir.path(), "sổ.db");
    let before = std::fs::read(&file).unwrap();
    let mut h = harness(app_on(&file, dir.path()));
    click_prefix(&mut h, "Đào tạo (0)");
    click(&mut h, "Thêm mới");
    type_into(&mut h, "Năm *", "1999");
    type_into(&mut h, "Tên lớp *", "Lớp đan lục bình");
    choose(&mut h, "Loại *", "Truyền nghề");
    type_into(&mut h, "Số học viên *", "abc");
    type_into(&mut h, "Từ ngày", "31/02/2020");
    assert!(h.query_by_label("Năm phải từ 2000 đến 2100.").is_some());
    assert!(h.query_by_label("Không phải là số; viết như 3.900 hoặc 278,5.").is_some());
    assert!(h.query_by_label_contains("Ngày không hợp lệ").is_some());
    assert!(h.query_by_label("Còn 3 lỗi cần sửa.").is_some());
    // Save is disabled; clicking it and pressing Enter change nothing.
    click(&mut h, "Lưu");
    h.key_press(egui::Key::Enter);
    settle(&mut h);
    assert!(h.query_by_label("Còn 3 lỗi cần sửa.").is_some(), "the form is still open");
    // Esc on a form typed in asks first; Esc again keeps the form as it was.
    h.key_press(egui::Key::Escape);
    settle(&mut h);
    assert!(h.query_by_label("Bỏ các thay đổi?").is_some(), "asked before dropping");
    h.key_press(egui::Key::Escape);
    settle(&mut h);
    assert!(h.query_by_label("Bỏ các thay đổi?").is_none());
    assert_eq!(input(&h, "Tên lớp *").value().as_deref(), Some("Lớp đan lục bình"), "nothing lost");
    // Esc, then "Drop them": the form is gone.
    h.key_press(egui::Key::Escape);
    settle(&mut h);
    click(&mut h, "Bỏ thay đổi");
    assert!(h.query_by_label("Còn 3 lỗi cần sửa.").is_none());
    drop(h);
    assert_eq!(std::fs::read(&file).unwrap(), before, "the file was not written");
}

#[test]
fn a_ceiling_is_warned_but_the_project_saves() {
    let dir = temp();
    let file = empty_in(dir.path(), "sổ.db");
    let mut h = harness(app_on(&file, dir.path()));
    click_prefix(&mut h, "Đề án (0)");
    click(&mut h, "Thêm mới");
    type_into(&mut h, "Tên đề án *", "Dây chuyền sản xuất gạch không nung");
    choose(&mut h, "Nội dung *", "Ứng dụng máy móc thiết bị tiên tiến");
    type_into(&mut h, "Kinh phí hỗ trợ (triệu đồng) *", "400");
    type_into(&mut h, "Vốn đối ứng (triệu đồng)", "300");
    assert!(h.query_by_label_contains("vượt 50% tổng chi phí").is_some());
    assert!(h.query_by_label_contains("vượt mức tối đa 300 triệu đồng").is_some());
    click(&mut h, "Lưu");
    let support: i64 = db(&file).query_row("SELECT support_vnd FROM projects", [], |r| r.get(0)).unwrap();
    assert_eq!(support, 400_000_000);
}

#[test]
fn a_facility_with_a_kept_tax_code_is_pointed_out_under_another_name() {
    let dir = temp();
    let file = sample_in(dir.path());
    let mut h = harness(app_on(&file, dir.path()));
    let (name, tax): (String, String) = db(&file)
        .query_row("SELECT name, tax_code FROM facilities WHERE length(tax_code) = 10 LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    click_prefix(&mut h, "Cơ sở (");
    click(&mut h, "Thêm mới");
    type_into(&mut h, "Tên cơ sở *", "Cơ sở hoàn toàn khác");
    assert!(h.query_by_label_contains("Đã có cơ sở").is_none(), "no duplicate yet");
    // Typed with the dots and spaces people put in.
    let typed = format!("{}.{} {}", &tax[..3], &tax[3..6], &tax[6..]);
    type_into(&mut h, "Mã số thuế", &typed);
    let warning = format!("Đã có cơ sở cùng mã số thuế: {name}.");
    assert!(h.query_by_label_contains(&warning).is_some(), "{warning}");
}

#[test]
fn a_facility_like_one_already_kept_is_pointed_out() {
    let dir = temp();
    let file = sample_in(dir.path());
    let mut h = harness(app_on(&file, dir.path()));
    let (name, commune): (String, String) = db(&file)
        .query_row("SELECT name, commune FROM facilities LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    click_prefix(&mut h, "Cơ sở (");
    click(&mut h, "Thêm mới");
    type_into(&mut h, "Tên cơ sở *", &name.to_uppercase());
    type_into(&mut h, "Xã/phường", &commune);
    assert!(h.query_by_label_contains("Đã có cơ sở cùng tên và xã/phường").is_some());
    // A warning only: it can still be saved.
    click(&mut h, "Lưu");
    let n: i64 = db(&file)
        .query_row("SELECT COUNT(*) FROM facilities WHERE name = ?1", [name.to_uppercase()], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn editing_a_record_opens_it_filled_and_saves_the_change() {
    let dir = temp();
    let file = sample_in(dir.path());
    let mut h = harness(app_on(&file, dir.path()));
    click_prefix(&mut h, "Đề án (");
    type_into(&mut h, "Tìm", "KCQG-2014-01");
    let title: String = db(&file)
        .query_row("SELECT title FROM projects WHERE code = 'KCQG-2014-01'", [], |r| r.get(0))
        .unwrap();
    // Select the row and open it with Enter.
    h.get_by_label(&title).click();
    settle(&mut h);
    h.key_press(egui::Key::Enter);
    settle(&mut h);
    assert_eq!(h.get_by_label("Mã đề án").value().as_deref(), Some("KCQG-2014-01"));
    type_into(&mut h, "Ghi chú", "Đã kiểm tra hồ sơ");
    click(&mut h, "Lưu");
    let note: String = db(&file)
        .query_row("SELECT note FROM projects WHERE code = 'KCQG-2014-01'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(note, "Đã kiểm tra hồ sơ");
}

#[test]
fn a_fresh_form_is_not_covered_in_red_until_the_officer_asks() {
    let dir = temp();
    let file = empty_in(dir.path(), "sổ.db");
    let mut h = harness(app_on(&file, dir.path()));
    click_prefix(&mut h, "Đề án (0)");
    click(&mut h, "Thêm mới");
    assert!(h.query_by_label("Còn 3 lỗi cần sửa.").is_some(), "the count is there");
    assert!(h.query_by_label("Bắt buộc nhập.").is_none(), "but no field is marked yet");
    // Leaving a required field empty marks it.
    type_into(&mut h, "Tên đề án *", "x");
    h.key_press(egui::Key::Backspace);
    settle(&mut h);
    assert_eq!(h.query_all_by_label("Bắt buộc nhập.").count(), 1);
    // Enter with errors shows them all and saves nothing.
    h.key_press(egui::Key::Enter);
    settle(&mut h);
    assert_eq!(h.query_all_by_label("Bắt buộc nhập.").count(), 3);
    let n: i64 = db(&file).query_row("SELECT COUNT(*) FROM projects", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 0);
}

#[test]
fn tab_follows_the_form() {
    let dir = temp();
    let file = sample_in(dir.path());
    let mut h = harness(app_on(&file, dir.path()));
    click_prefix(&mut h, "Đào tạo (");
    click(&mut h, "Thêm mới");
    use egui_kittest::kittest::NodeT;
    let focused = |h: &egui_kittest::Harness<'static, khuyencong::app::App>| {
        h.root()
            .children_recursive()
            .find(|n| n.accesskit_node().is_focused())
            .and_then(|n| n.accesskit_node().label())
    };
    assert_eq!(focused(&h).as_deref(), Some("Năm *"), "the first field has the focus");
    h.key_press(egui::Key::Tab);
    settle(&mut h);
    assert_eq!(focused(&h).as_deref(), Some("Tên lớp *"));
    h.key_press(egui::Key::Tab);
    settle(&mut h);
    assert_eq!(focused(&h).as_deref(), Some("Loại *"));
    h.key_press(egui::Key::Escape);
    settle(&mut h);
}
