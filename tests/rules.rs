//! Records and their rules: field-level errors block, warnings never do.

mod common;

use common::*;
use khuyencong::domain::RecordKind;
use khuyencong::domain::fields::Draft;
use khuyencong::domain::validate::{Problem, Severity};
use khuyencong::domain::{Project, Training};
use khuyencong::i18n::Lang;
use khuyencong::workbook::{OpenMode, Workbook};
use unicode_normalization::UnicodeNormalization;

fn project_draft() -> Draft {
    Draft::new(RecordKind::Project)
        .with("nam", "2020")
        .with("ten_de_an", "Hỗ trợ máy sấy lúa")
        .with("nguon_kinh_phi", "dia_phuong")
        .with("noi_dung", "may_moc_thiet_bi")
        .with("kinh_phi_ho_tro", "150")
        .with("von_doi_ung", "200")
}

fn problems(issues: &[khuyencong::domain::validate::Issue], field: &str) -> Vec<Problem> {
    issues.iter().filter(|i| i.field == field).map(|i| i.problem.clone()).collect()
}

#[test]
fn a_good_project_reads_into_whole_dong() {
    let checked = project_draft().with("ngay_phe_duyet", "21/5/2020").to_project(None);
    let p = checked.record.expect("valid");
    assert_eq!(p.support_vnd, 150_000_000);
    assert_eq!(p.counterpart_vnd, 200_000_000);
    assert_eq!(p.approved_on.unwrap().to_string(), "2020-05-21");
    assert!(checked.issues.is_empty(), "{:?}", checked.issues);
}

#[test]
fn required_fields_are_named() {
    let checked = Draft::new(RecordKind::Project).to_project(None);
    assert!(checked.record.is_none());
    for field in ["nam", "ten_de_an", "nguon_kinh_phi", "noi_dung", "kinh_phi_ho_tro"] {
        assert_eq!(problems(&checked.issues, field), vec![Problem::Required], "{field}");
    }
    assert_eq!(problems(&checked.issues, "von_doi_ung"), vec![]);
}

#[test]
fn year_must_be_between_2000_and_2100() {
    for (year, ok) in [("1999", false), ("2000", true), ("2100", true), ("2101", false), ("20a0", false)] {
        let checked = project_draft().with("nam", year).to_project(None);
        assert_eq!(checked.record.is_some(), ok, "{year}: {:?}", checked.issues);
    }
    let checked = project_draft().with("nam", "1999").to_project(None);
    assert_eq!(problems(&checked.issues, "nam"), vec![Problem::YearOutOfRange]);
    assert!(checked.issues[0].problem.message(Lang::Vi).contains("2000"));
}

#[test]
fn amounts_must_not_be_negative_or_malformed() {
    let checked = project_draft().with("kinh_phi_ho_tro", "-5").to_project(None);
    assert_eq!(problems(&checked.issues, "kinh_phi_ho_tro"), vec![Problem::Negative]);
    let checked = project_draft().with("von_doi_ung", "1,2,3").to_project(None);
    assert_eq!(problems(&checked.issues, "von_doi_ung"), vec![Problem::InvalidNumber]);
    let checked = project_draft().with("von_doi_ung", "1.234,5").to_project(None);
    assert_eq!(checked.record.unwrap().counterpart_vnd, 1_234_500_000);
}

#[test]
fn unknown_codes_list_the_valid_ones() {
    let checked = project_draft().with("nguon_kinh_phi", "ngân sách trung ương").to_project(None);
    let p = problems(&checked.issues, "nguon_kinh_phi");
    assert!(matches!(&p[..], [Problem::UnknownCode { codes }] if codes.contains(&"quoc_gia")));
    // Labels in either language, with or without accents, are read.
    let checked = project_draft()
        .with("nguon_kinh_phi", "KHUYEN CONG QUOC GIA")
        .with("noi_dung", "Mô hình trình diễn kỹ thuật")
        .with("trang_thai", "da nghiem thu")
        .to_project(None);
    let p = checked.record.unwrap();
    assert_eq!(p.source.code_str(), "quoc_gia");
}

trait CodeStr {
    fn code_str(&self) -> &'static str;
}
impl<T: khuyencong::domain::Code> CodeStr for T {
    fn code_str(&self) -> &'static str {
        self.code()
    }
}

#[test]
fn trainings_check_trainees_and_dates() {
    let base = Draft::new(RecordKind::Training)
        .with("nam", "2019")
        .with("ten_lop", "Lớp may công nghiệp")
        .with("loai", "dao_tao_nghe")
        .with("so_hoc_vien", "30");
    let t: Training = base.to_training(None).record.expect("valid");
    assert_eq!(t.trainees, 30);
    let checked = base.clone().with("so_hoc_vien_nu", "31").to_training(None);
    assert_eq!(problems(&checked.issues, "so_hoc_vien_nu"), vec![Problem::FemaleOverTotal]);
    let checked = base.clone().with("so_hoc_vien", "-1").to_training(None);
    assert_eq!(problems(&checked.issues, "so_hoc_vien"), vec![Problem::Negative]);
    let checked = base.clone().with("so_hoc_vien", "12,5").to_training(None);
    assert_eq!(problems(&checked.issues, "so_hoc_vien"), vec![Problem::NotWhole]);
    let checked = base.clone().with("tu_ngay", "10/06/2019").with("den_ngay", "09/06/2019").to_training(None);
    assert_eq!(problems(&checked.issues, "den_ngay"), vec![Problem::EndBeforeStart]);
    let checked = base.clone().with("tu_ngay", "31/02/2019").to_training(None);
    assert_eq!(problems(&checked.issues, "tu_ngay"), vec![Problem::InvalidDate]);
    assert!(
        base.with("tu_ngay", "10/06/2019").with("den_ngay", "10/06/2019").to_training(None).record.is_some()
    );
}

#[test]
fn tax_codes_are_10_digits_or_a_branch() {
    let f = |code: &str| {
        Draft::new(RecordKind::Facility).with("ten_co_so", "Cơ sở A").with("ma_so_thue", code).to_facility()
    };
    // 1500123467 has a matching check digit under the 31,29,…,3 weights.
    assert!(f("1500123467").issues.is_empty(), "{:?}", f("1500123467").issues);
    assert!(f("1500123467-001").issues.is_empty());
    assert!(f("1500 123 467").record.is_some(), "spaces between groups are dropped");
    for bad in ["150012346", "15001234670", "1500123467-01", "15OO123467"] {
        assert_eq!(problems(&f(bad).issues, "ma_so_thue"), vec![Problem::InvalidTaxCode], "{bad}");
        assert!(f(bad).record.is_none());
    }
    // A wrong check digit is only a warning: the officer may know better.
    let checked = f("1500123468");
    assert_eq!(problems(&checked.issues, "ma_so_thue"), vec![Problem::TaxCheckDigit]);
    assert!(checked.record.is_some());
}

#[test]
fn ceilings_warn_but_never_block() {
    // Machinery: 50 % of cost, 300 million.
    let checked = project_draft().with("kinh_phi_ho_tro", "320").with("von_doi_ung", "300").to_project(None);
    let p = problems(&checked.issues, "kinh_phi_ho_tro");
    assert!(p.contains(&Problem::OverShare { max_percent: 50 }), "{p:?}");
    assert!(p.iter().any(|x| matches!(x, Problem::OverCap { machinery: true, .. })), "{p:?}");
    assert!(checked.issues.iter().all(|i| i.problem.severity() == Severity::Warning));
    let project: Project = checked.record.expect("warnings do not block");
    // Exactly at the limits: no warning.
    let at_limit = project_draft().with("kinh_phi_ho_tro", "300").with("von_doi_ung", "300").to_project(None);
    assert!(at_limit.issues.is_empty(), "{:?}", at_limit.issues);
    // Demonstration model: 30 % of cost, 1.000 million.
    let model = project_draft()
        .with("noi_dung", "mo_hinh_trinh_dien")
        .with("kinh_phi_ho_tro", "1.100")
        .with("von_doi_ung", "2.000")
        .to_project(None);
    let p = problems(&model.issues, "kinh_phi_ho_tro");
    assert!(p.contains(&Problem::OverShare { max_percent: 30 }), "{p:?}");
    assert!(p.iter().any(|x| matches!(x, Problem::OverCap { machinery: false, .. })), "{p:?}");
    assert!(p[0].message(Lang::Vi).contains("vẫn được lưu"));
    // Other contents have no ceiling.
    let fair = project_draft()
        .with("noi_dung", "hoi_cho_trien_lam")
        .with("kinh_phi_ho_tro", "900")
        .with("von_doi_ung", "0");
    assert!(fair.to_project(None).issues.is_empty());

    // And a record over the ceiling is saved.
    let dir = temp();
    let path = empty_in(dir.path(), "sổ.db");
    let mut wb = Workbook::open(&path, OpenMode::Normal).unwrap();
    let id = wb.insert(&project).unwrap();
    let stored = wb.get::<Project>(&id).unwrap().unwrap();
    assert_eq!(stored.record.support_vnd, 320_000_000);
}

#[test]
fn invalid_records_are_refused_by_the_workbook() {
    let dir = temp();
    let path = empty_in(dir.path(), "sổ.db");
    let mut wb = Workbook::open(&path, OpenMode::Normal).unwrap();
    let mut p = project_draft().to_project(None).record.unwrap();
    p.year = 1990;
    let before = wb.counts().unwrap();
    let err = wb.insert(&p).unwrap_err();
    assert!(err.message(Lang::Vi).contains("chưa được lưu"), "{}", err.message(Lang::Vi));
    assert_eq!(wb.counts().unwrap(), before);
}

#[test]
fn text_is_trimmed_and_stored_nfc() {
    let nfd_name: String = "  Cơ sở Bánh Tráng Mỹ Lồng  ".nfd().collect();
    assert_ne!(nfd_name.trim(), "Cơ sở Bánh Tráng Mỹ Lồng");
    let facility = Draft::new(RecordKind::Facility)
        .with("ten_co_so", nfd_name.as_str())
        .with("huyen", "huyện Long Hồ")
        .to_facility()
        .record
        .unwrap();
    let dir = temp();
    let path = empty_in(dir.path(), "sổ.db");
    let mut wb = Workbook::open(&path, OpenMode::Normal).unwrap();
    wb.insert(&facility).unwrap();
    drop(wb);
    let c = rusqlite::Connection::open(&path).unwrap();
    let (name, district): (String, String) =
        c.query_row("SELECT name, district FROM facilities", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    assert_eq!(name, "Cơ sở Bánh Tráng Mỹ Lồng");
    assert_eq!(name, name.nfc().collect::<String>());
    assert_eq!(district, "Long Hồ");
}

#[test]
fn deletion_is_a_tombstone_and_can_be_undone() {
    let dir = temp();
    let path = sample_in(dir.path());
    let mut wb = Workbook::open(&path, OpenMode::Normal).unwrap();
    let projects = wb.list::<Project>().unwrap();
    let id = projects[0].id.clone();
    wb.delete(RecordKind::Project, &id).unwrap();
    assert_eq!(wb.list::<Project>().unwrap().len(), projects.len() - 1);
    let tomb = wb.get::<Project>(&id).unwrap().unwrap();
    assert!(tomb.meta.deleted_at.is_some());
    wb.restore(RecordKind::Project, &id).unwrap();
    assert_eq!(wb.list::<Project>().unwrap().len(), projects.len());
    // A facility with live projects cannot be deleted.
    let facility_id = projects[0].record.facility_id.clone().unwrap();
    let err = wb.delete(RecordKind::Facility, &facility_id).unwrap_err();
    assert!(err.message(Lang::Vi).contains("còn"), "{}", err.message(Lang::Vi));
}

#[test]
fn every_record_has_a_uuid_times_and_its_office() {
    let dir = temp();
    let path = sample_in(dir.path());
    let wb = Workbook::open(&path, OpenMode::ReadOnly).unwrap();
    let office = wb.info().office_id.clone();
    for p in wb.list::<Project>().unwrap() {
        assert!(uuid::Uuid::parse_str(&p.id).is_ok());
        assert_eq!(p.meta.office_id, office);
        assert!(p.meta.created_at > 1_700_000_000_000);
        assert!(p.meta.modified_at >= p.meta.created_at);
        assert_eq!(p.meta.deleted_at, None);
    }
}
