//! The command line: help, new, sample, import (all or nothing), check, summary.

mod common;

use std::fs;

use common::*;
use khuyencong::domain::{DesignSupport, Facility, Project, Training};
use khuyencong::workbook::{OpenMode, Workbook};

#[test]
fn help_is_in_vietnamese_and_english() {
    let out = khuyencong(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    for words in ["Tạo sổ mới", "Create a new workbook", "Nhập bản ghi", "Import records", "summary", "check"]
    {
        assert!(text.contains(words), "help lacks {words:?}:\n{text}");
    }
    let out = khuyencong(&["import", "--help"]);
    assert!(stdout(&out).contains("facilities | projects | trainings | design"));
}

#[test]
fn new_creates_and_never_overwrites() {
    let dir = temp();
    let path = dir.path().join("Sổ Long Hồ.db");
    let out = khuyencong(&["new", path_str(&path), "--office", "Phòng Kinh tế Long Hồ"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let wb = Workbook::open(&path, OpenMode::ReadOnly).unwrap();
    assert_eq!(wb.info().office_name, "Phòng Kinh tế Long Hồ");
    drop(wb);
    let before = fs::read(&path).unwrap();
    let out = khuyencong(&["new", path_str(&path)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("đã có"), "{}", stderr(&out));
    assert_eq!(fs::read(&path).unwrap(), before);
}

fn write(dir: &std::path::Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    fs::write(&p, text).unwrap();
    p
}

#[test]
fn projects_import_from_csv_with_bom_semicolons_and_decimal_commas() {
    let dir = temp();
    let db = empty_in(dir.path(), "sổ.db");
    let csv = write(
        dir.path(),
        "đề án.csv",
        "\u{FEFF}ma_de_an;nam;ten_de_an;nguon_kinh_phi;noi_dung;ten_co_so;ma_so_thue;huyen;xa_phuong;kinh_phi_ho_tro;von_doi_ung;trang_thai;so_quyet_dinh;ngay_phe_duyet;ngay_nghiem_thu;ghi_chu\n\
         KCĐP-2021-01;2021;Máy sấy chôm chôm;dia_phuong;may_moc_thiet_bi;Cơ sở Sấy Khô Tư Sáng;;huyện Long Hồ;Xã Long Phước;278,5;\"1.234,5\";nghiem_thu;12/QĐ-SCT;21/5/2021;05/11/2021;\n\
         KCQG-2022-01;2022;Dây chuyền bánh tráng;Khuyến công quốc gia;Ứng dụng máy móc thiết bị tiên tiến;co so say kho tu sang;;Long Hồ;;3.900;6096;;;;;Ghi chú\n",
    );
    let out = khuyencong(&["import", path_str(&db), path_str(&csv), "--kind", "projects"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("Đã nhập 2 bản ghi"), "{}", stdout(&out));
    // 3.900 million for one machinery project is over both ceilings: warned, imported.
    assert!(stderr(&out).contains("Cảnh báo"), "{}", stderr(&out));
    let wb = Workbook::open(&db, OpenMode::ReadOnly).unwrap();
    let projects = wb.list::<Project>().unwrap();
    assert_eq!(projects.len(), 2);
    assert_eq!(projects[0].record.support_vnd, 278_500_000);
    assert_eq!(projects[0].record.counterpart_vnd, 1_234_500_000);
    assert_eq!(projects[0].record.district, "Long Hồ");
    assert_eq!(projects[0].record.approved_on.unwrap().to_string(), "2021-05-21");
    assert_eq!(projects[1].record.support_vnd, 3_900_000_000);
    // The second row names the same facility without accents: one facility.
    let facilities = wb.list::<Facility>().unwrap();
    assert_eq!(facilities.len(), 1);
    assert_eq!(projects[0].record.facility_id, projects[1].record.facility_id);
    assert_eq!(facilities[0].record.name, "Cơ sở Sấy Khô Tư Sáng");
}

#[test]
fn a_bad_row_means_nothing_is_imported_and_every_bad_row_is_named() {
    let dir = temp();
    let db = sample_in(dir.path());
    let before = fs::read(&db).unwrap();
    let csv = write(
        dir.path(),
        "lớp.csv",
        "nam,ten_lop,loai,so_hoc_vien,so_hoc_vien_nu,tu_ngay,den_ngay\n\
         2020,Lớp may,dao_tao_nghe,30,28,01/03/2020,30/05/2020\n\
         2020,Lớp đan,dao_tao_nghe,30,31,,\n\
         1990,Lớp gốm,lop_hoc,abc,,31/02/2020,\n",
    );
    let out = khuyencong(&["import", path_str(&db), path_str(&csv), "--kind", "trainings"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("chưa nhập dòng nào"), "{err}");
    for expected in [
        "Dòng 3, cột E “Số học viên nữ” (so_hoc_vien_nu)",
        "Dòng 4, cột A “Năm” (nam)",
        "Dòng 4, cột C “Loại” (loai)",
        "Dòng 4, cột D “Số học viên” (so_hoc_vien)",
        "Dòng 4, cột F “Từ ngày” (tu_ngay)",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
    assert!(!err.contains("Dòng 2,"), "{err}");
    assert_eq!(fs::read(&db).unwrap(), before, "the workbook changed");
    // English messages on request.
    let out = khuyencong(&["import", path_str(&db), path_str(&csv), "--kind", "trainings", "--lang", "en"]);
    assert!(stderr(&out).contains("Line 3, column E “Female trainees” (so_hoc_vien_nu)"), "{}", stderr(&out));
}

#[test]
fn an_unknown_or_missing_column_is_named() {
    let dir = temp();
    let db = empty_in(dir.path(), "sổ.db");
    let before = fs::read(&db).unwrap();
    let csv = write(dir.path(), "x.csv", "ten_co_so,so_luong\nCơ sở A,3\n");
    let out = khuyencong(&["import", path_str(&db), path_str(&csv), "--kind", "facilities"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("B “so_luong”"), "{}", stderr(&out));
    let csv = write(dir.path(), "y.csv", "nam,ten_lop\n2020,Lớp may\n");
    let out = khuyencong(&["import", path_str(&db), path_str(&csv), "--kind", "trainings"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("“Loại” (loai)"), "{}", stderr(&out));
    assert_eq!(fs::read(&db).unwrap(), before);
}

#[test]
fn design_and_facilities_import_from_xlsx_with_numbers_and_dates() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook as Xlsx};
    let dir = temp();
    let db = empty_in(dir.path(), "sổ.db");
    // Facilities first, with a tax code the design rows then refer to.
    let mut book = Xlsx::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["Tên cơ sở", "Mã số thuế", "Loại hình", "Ngành", "huyen"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_string(1, 0, "HTX Gốm Đỏ Mang Thít").unwrap();
    sheet.write_string(1, 1, "1500123467").unwrap();
    sheet.write_string(1, 2, "Hợp tác xã").unwrap();
    sheet.write_string(1, 3, "thu_cong_my_nghe").unwrap();
    sheet.write_string(1, 4, "Mang Thít").unwrap();
    let facilities_xlsx = dir.path().join("cơ sở.xlsx");
    book.save(&facilities_xlsx).unwrap();
    let out = khuyencong(&["import", path_str(&db), path_str(&facilities_xlsx), "--kind", "facilities"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    let mut book = Xlsx::new();
    let sheet = book.add_worksheet();
    for (c, h) in
        ["nam", "ten_co_so", "ma_so_thue", "san_pham", "hinh_thuc", "kinh_phi_ho_tro"].iter().enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_number(1, 0, 2021).unwrap();
    sheet.write_string(1, 1, "tên khác nhưng cùng mã số thuế").unwrap();
    sheet.write_string(1, 2, "1500123467").unwrap();
    sheet.write_string(1, 3, "Bình gốm").unwrap();
    sheet.write_string(1, 4, "bao_bi").unwrap();
    sheet.write_number(1, 5, 45.5).unwrap();
    let design_xlsx = dir.path().join("thiết kế.xlsx");
    book.save(&design_xlsx).unwrap();
    let out = khuyencong(&["import", path_str(&db), path_str(&design_xlsx), "--kind", "design"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    let mut book = Xlsx::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["nam", "ten_lop", "loai", "so_hoc_vien", "tu_ngay", "kinh_phi"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_number(1, 0, 2022).unwrap();
    sheet.write_string(1, 1, "Tập huấn thương mại điện tử").unwrap();
    sheet.write_string(1, 2, "Tập huấn").unwrap();
    sheet.write_number(1, 3, 45).unwrap();
    let date = ExcelDateTime::from_ymd(2022, 3, 15).unwrap();
    sheet.write_datetime_with_format(1, 4, &date, &Format::new().set_num_format("dd/mm/yyyy")).unwrap();
    sheet.write_number(1, 5, 12.25).unwrap();
    let training_xlsx = dir.path().join("tập huấn.xlsx");
    book.save(&training_xlsx).unwrap();
    let out = khuyencong(&["import", path_str(&db), path_str(&training_xlsx), "--kind", "trainings"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    let wb = Workbook::open(&db, OpenMode::ReadOnly).unwrap();
    let facilities = wb.list::<Facility>().unwrap();
    assert_eq!(facilities.len(), 1, "found by tax code, not created again");
    let design = wb.list::<DesignSupport>().unwrap();
    assert_eq!(design[0].record.facility_id, facilities[0].id);
    assert_eq!(design[0].record.support_vnd, 45_500_000);
    let training = &wb.list::<Training>().unwrap()[0].record;
    assert_eq!(training.start_on.unwrap().to_string(), "2022-03-15");
    assert_eq!(training.cost_vnd, 12_250_000);
    assert_eq!(training.trainees, 45);
}

#[test]
fn import_into_a_read_only_workbook_is_refused() {
    let dir = temp();
    let db = empty_in(dir.path(), "sổ.db");
    let mut perms = fs::metadata(&db).unwrap().permissions();
    perms.set_readonly(true);
    fs::set_permissions(&db, perms).unwrap();
    let before = fs::read(&db).unwrap();
    let csv = write(dir.path(), "a.csv", "ten_co_so\nCơ sở A\n");
    let out = khuyencong(&["import", path_str(&db), path_str(&csv), "--kind", "facilities"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("chỉ đọc"), "{}", stderr(&out));
    assert_eq!(fs::read(&db).unwrap(), before);
}

#[test]
fn sample_summary_equals_the_published_figures() {
    let dir = temp();
    let db = dir.path().join("sổ mẫu.db");
    let out = khuyencong(&["sample", path_str(&db)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = khuyencong(&["summary", path_str(&db), "--from", "2014", "--to", "2023", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let m = 1_000_000i64;
    let sk = &v["projects"]["by_source_kind"];
    assert_eq!(v["from"], 2014);
    assert_eq!(v["to"], 2023);
    assert_eq!(v["projects"]["by_source"]["quoc_gia"]["count"], 14);
    assert_eq!(sk["quoc_gia"]["may_moc_thiet_bi"]["count"], 14);
    assert_eq!(sk["quoc_gia"]["may_moc_thiet_bi"]["support_vnd"], 3_900 * m);
    assert_eq!(sk["quoc_gia"]["may_moc_thiet_bi"]["counterpart_vnd"], 6_096 * m);
    assert_eq!(sk["dia_phuong"]["mo_hinh_trinh_dien"]["count"], 3);
    assert_eq!(sk["dia_phuong"]["mo_hinh_trinh_dien"]["support_vnd"], 845 * m);
    assert_eq!(sk["dia_phuong"]["mo_hinh_trinh_dien"]["counterpart_vnd"], 4_900 * m);
    // Local projects other than demonstration models.
    let local = &v["projects"]["by_source"]["dia_phuong"];
    let model = &sk["dia_phuong"]["mo_hinh_trinh_dien"];
    let n = local["count"].as_i64().unwrap() - model["count"].as_i64().unwrap();
    let support = local["support_vnd"].as_i64().unwrap() - model["support_vnd"].as_i64().unwrap();
    let counterpart = local["counterpart_vnd"].as_i64().unwrap() - model["counterpart_vnd"].as_i64().unwrap();
    assert_eq!(n, 85);
    assert_eq!(support, 10_862 * m);
    assert!((11_000 * m..=12_000 * m).contains(&counterpart), "{counterpart}");
    let by_kind = &v["trainings"]["by_kind"];
    assert_eq!(by_kind["dao_tao_nghe"]["trainees"], 400);
    assert_eq!(by_kind["dao_tao_nghe"]["count"], 13);
    let courses =
        by_kind["tap_huan"]["count"].as_i64().unwrap() + by_kind["hoi_thao"]["count"].as_i64().unwrap();
    assert_eq!(courses, 19);
    assert_eq!(v["design_supports"]["facilities"], 17);
    // The per-year table adds up to the totals.
    let years = v["by_year"].as_array().unwrap();
    assert_eq!(years.len(), 10);
    let sum = |key: &str| years.iter().map(|y| y[key].as_i64().unwrap()).sum::<i64>();
    assert_eq!(sum("projects"), v["projects"]["count"].as_i64().unwrap());
    assert_eq!(sum("support_vnd"), v["projects"]["support_vnd"].as_i64().unwrap());
    assert_eq!(sum("trainees"), v["trainings"]["trainees"].as_i64().unwrap());
    assert_eq!(sum("design_supports"), v["design_supports"]["count"].as_i64().unwrap());
    // Records after 2023 exist but are outside the range.
    let all: serde_json::Value =
        serde_json::from_str(&stdout(&khuyencong(&["summary", path_str(&db), "--json"]))).unwrap();
    assert!(all["to"].as_i64().unwrap() >= 2025);
    assert!(all["projects"]["count"].as_i64().unwrap() > 102);
}

#[test]
fn the_sample_has_sewing_classes_and_handicraft_class_as_published() {
    let dir = temp();
    let db = sample_in(dir.path());
    let wb = Workbook::open(&db, OpenMode::ReadOnly).unwrap();
    let trainings = wb.list::<Training>().unwrap();
    let in_range = |t: &&khuyencong::workbook::Stored<Training>| (2014..=2023).contains(&t.record.year);
    let sewing: Vec<_> =
        trainings.iter().filter(in_range).filter(|t| t.record.trade == "May công nghiệp").collect();
    assert_eq!(sewing.len(), 12);
    assert_eq!(sewing.iter().map(|t| t.record.trainees).sum::<i64>(), 368);
    let handicraft: Vec<_> =
        trainings.iter().filter(in_range).filter(|t| t.record.trade == "Đan lục bình").collect();
    assert_eq!(handicraft.iter().map(|t| t.record.trainees).sum::<i64>(), 32);
    // Every sample record passes the rules without warnings on ceilings.
    for p in wb.list::<Project>().unwrap() {
        let issues = khuyencong::workbook::StoredRecord::check(&p.record);
        assert!(issues.is_empty(), "{}: {issues:?}", p.record.title);
    }
}

#[test]
fn summary_prints_a_vietnamese_table() {
    let dir = temp();
    let db = sample_in(dir.path());
    let out = khuyencong(&["summary", path_str(&db), "--from", "2014", "--to", "2023"]);
    let text = stdout(&out);
    assert!(text.contains("TỔNG HỢP KHUYẾN CÔNG 2014–2023"), "{text}");
    assert!(text.contains("3.900") && text.contains("6.096") && text.contains("10.586"), "{text}");
    let out = khuyencong(&["summary", path_str(&db), "--from", "2014", "--to", "2023", "--lang", "en"]);
    assert!(stdout(&out).contains("KHUYẾN CÔNG SUMMARY"), "{}", stdout(&out));
}

#[test]
fn check_reports_integrity_and_version() {
    let dir = temp();
    let db = sample_in(dir.path());
    let before = fs::read(&db).unwrap();
    let out = khuyencong(&["check", path_str(&db)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("Kiểm tra toàn vẹn: ok"), "{text}");
    assert!(text.contains(&format!(
        "{} / {}",
        khuyencong::workbook::schema::CURRENT_VERSION,
        khuyencong::workbook::schema::CURRENT_VERSION
    )));
    assert_eq!(fs::read(&db).unwrap(), before);
}
