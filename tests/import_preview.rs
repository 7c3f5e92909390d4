//! The import preview: column mapping, number and date styles, errors and
//! warnings, likely duplicates with their choices, apply in one transaction,
//! the rejected rows sent back, and a 100.000-row file.

mod common;

use std::fs;
use std::path::Path;

use calamine::{Data, Reader, Xlsx};
use common::*;
use jiff::civil::Date;
use khuyencong::domain::{Facility, Project, RecordKind, Training};
use khuyencong::exchange::import::{
    ApplyOptions, DuplicateChoice, DuplicateOf, DuplicateReason, ImportError, ImportPreview, RowAction,
    apply_import, import_table, write_rejected,
};
use khuyencong::i18n::Lang;
use khuyencong::spreadsheet::formats::{DateOrder, DecimalMark};
use khuyencong::spreadsheet::grid::Grid;
use khuyencong::spreadsheet::reading::UnknownColumn;
use khuyencong::spreadsheet::{Book, Cell, ReadOptions, TableProblem, read_table};
use khuyencong::workbook::{OpenMode, Workbook};

fn csv(text: &str) -> Book {
    khuyencong::spreadsheet::csv::read_csv(text.as_bytes()).expect("csv")
}

/// The preview of a book's table of `kind`, read with `options`.
fn preview_with(wb: &Workbook, book: &Book, kind: RecordKind, options: &ReadOptions) -> ImportPreview {
    let table = read_table(book, kind, options).expect("a table");
    khuyencong::exchange::import::preview_import(wb, table).expect("preview")
}

fn preview_import(
    wb: &Workbook,
    book: &Book,
    kind: RecordKind,
    mapping: Option<&[Option<&'static str>]>,
) -> Result<ImportPreview, ImportError> {
    let options = ReadOptions { mapping: mapping.map(<[_]>::to_vec), ..Default::default() };
    Ok(preview_with(wb, book, kind, &options))
}

fn import_sheet(
    wb: &mut Workbook,
    book: &Book,
    kind: RecordKind,
) -> Result<khuyencong::exchange::import::ImportOutcome, ImportError> {
    let table = read_table(book, kind, &ReadOptions::default()).map_err(ImportError::Read)?;
    import_table(wb, table)
}

fn open(path: &Path) -> Workbook {
    Workbook::open(path, OpenMode::Normal).expect("workbook")
}

fn date(y: i16, m: i8, d: i8) -> Option<Date> {
    Date::new(y, m, d).ok()
}

#[test]
fn decimal_commas_and_day_first_dates_in_csv_are_read_the_vietnamese_way() {
    let dir = temp();
    let mut wb = open(&empty_in(dir.path(), "sổ.db"));
    let sheet = csv("nam;ten_de_an;nguon_kinh_phi;noi_dung;kinh_phi_ho_tro;von_doi_ung;ngay_phe_duyet\n\
         2020;Máy sấy;dia_phuong;tu_van;4,9;1.518;05/03/2020\n\
         2021;Máy xay;dia_phuong;tu_van;\"1.234,5\";0;2021-07-31\n");
    let preview = preview_import(&wb, &sheet, RecordKind::Project, None).unwrap();
    let f = preview.formats.clone();
    assert_eq!((f.decimal, f.date_order), (DecimalMark::Comma, DateOrder::DayMonth));
    assert_eq!((f.comma_numbers, f.plain_numbers, f.dot_three, f.text_dates, f.iso_dates), (2, 1, 1, 1, 1));
    assert!(f.describe(Lang::Vi).contains("dấu phẩy thập phân"), "{}", f.describe(Lang::Vi));
    assert!(f.describe(Lang::En).contains("decimal comma"), "{}", f.describe(Lang::En));
    assert!(f.describe(Lang::Vi).contains("ngày/tháng/năm"));
    assert_eq!(preview.rows[0].draft.get("kinh_phi_ho_tro"), "4,9");
    apply_import(&mut wb, &preview, &ApplyOptions::default()).unwrap();
    let p = wb.list::<Project>().unwrap();
    assert_eq!(p[0].record.support_vnd, 4_900_000, "4,9 million đồng");
    assert_eq!(p[0].record.counterpart_vnd, 1_518_000_000, "1.518 million đồng");
    assert_eq!(p[0].record.approved_on, date(2020, 3, 5));
    assert_eq!(p[1].record.support_vnd, 1_234_500_000);
    assert_eq!(p[1].record.approved_on, date(2021, 7, 31));
}

#[test]
fn excel_numbers_dates_and_day_numbers_are_read_as_they_are() {
    let dir = temp();
    let wb = open(&empty_in(dir.path(), "sổ.db"));
    let headers = ["nam", "ten_lop", "loai", "so_hoc_vien", "tu_ngay", "den_ngay", "kinh_phi"];
    let values = [
        Cell::Number(2020.0),
        Cell::Text("Lớp may".into()),
        Cell::Text("dao_tao_nghe".into()),
        Cell::Number(30.0),
        Cell::Date(Date::new(2020, 3, 5).unwrap()),
        Cell::Number(43_982.0),
        Cell::Number(4.9),
    ];
    let mut cells: Vec<(u32, u32, Cell)> =
        headers.iter().enumerate().map(|(c, h)| (0, c as u32, Cell::Text(h.to_string()))).collect();
    cells.extend(values.into_iter().enumerate().map(|(c, v)| (1, c as u32, v)));
    let sheet = Book { sheets: vec![Grid::from_cells("Trang 1".into(), cells).unwrap()], decoded_from: None };
    let preview = preview_import(&wb, &sheet, RecordKind::Training, None).unwrap();
    let f = preview.formats.clone();
    assert_eq!((f.excel_numbers, f.excel_dates, f.serial_dates), (2, 1, 1));
    assert!(f.describe(Lang::Vi).contains("1 ô ngày của Excel"), "{}", f.describe(Lang::Vi));
    assert!(f.describe(Lang::En).contains("1 Excel day numbers"), "{}", f.describe(Lang::En));
    let row = &preview.rows[0];
    assert!(row.errors.is_empty(), "{:?}", row.errors);
    assert_eq!(row.draft.get("tu_ngay"), "05/03/2020");
    assert_eq!(row.draft.get("den_ngay"), "31/05/2020");
    assert_eq!(row.draft.get("kinh_phi"), "4,9");
}

#[test]
fn decimal_points_and_month_first_dates_are_detected_and_read_right() {
    let dir = temp();
    let mut wb = open(&empty_in(dir.path(), "sổ.db"));
    let sheet = csv("Year,Class name,Kind,Trainees,From,To,Cost (million VND)\n\
         2020,Sewing,dao_tao_nghe,30,03/15/2020,04/05/2020,4.9\n\
         2021,Weaving,dao_tao_nghe,\"1,200\",01/02/2021,01/30/2021,\"1,518.25\"\n\
         2022,Pottery,dao_tao_nghe,12,,,1.518\n");
    let preview = preview_import(&wb, &sheet, RecordKind::Training, None).unwrap();
    assert!(preview.problems.is_empty(), "{:?}", preview.problems);
    let f = preview.formats.clone();
    assert_eq!((f.decimal, f.date_order), (DecimalMark::Point, DateOrder::MonthDay));
    assert!(f.describe(Lang::En).contains("decimal point"), "{}", f.describe(Lang::En));
    assert!(f.describe(Lang::En).contains("month/day/year"));
    assert!(f.describe(Lang::Vi).contains("tháng/ngày/năm"));
    apply_import(&mut wb, &preview, &ApplyOptions::default()).unwrap();
    let t = wb.list::<Training>().unwrap();
    assert_eq!(t[0].record.cost_vnd, 4_900_000);
    assert_eq!(t[0].record.start_on, date(2020, 3, 15));
    assert_eq!(t[0].record.end_on, date(2020, 4, 5));
    assert_eq!(t[1].record.trainees, 1_200);
    assert_eq!(t[1].record.cost_vnd, 1_518_250_000);
    assert_eq!(t[1].record.start_on, date(2021, 1, 2));
    // In an English file, 1.518 is one and a half million.
    assert_eq!(t[2].record.cost_vnd, 1_518_000);

    // The officer can overrule the detection.
    let options = ReadOptions {
        decimal: Some(DecimalMark::Comma),
        date_order: Some(DateOrder::DayMonth),
        ..Default::default()
    };
    let preview = preview_with(&wb, &sheet, RecordKind::Training, &options);
    assert_eq!(preview.rows[2].draft.get("kinh_phi"), "1.518");
    assert!(preview.rows[0].errors.iter().any(|p| p.column == "tu_ngay"), "15th month");
}

#[test]
fn a_preview_writes_nothing_even_with_errors_and_duplicates() {
    let dir = temp();
    let db = sample_in(dir.path());
    let before = fs::read(&db).unwrap();
    let wb = open(&db);
    let facility = &wb.list::<Facility>().unwrap()[0].record;
    let sheet = csv(&format!(
        "ten_co_so,xa_phuong,ma_so_thue\n\"{}\",\"{}\",{}\nCơ sở mới,Xã A,123\n",
        facility.name, facility.commune, facility.tax_code
    ));
    let preview = preview_import(&wb, &sheet, RecordKind::Facility, None).unwrap();
    assert!(preview.rows[0].duplicate.is_some());
    assert!(preview.rows[1].has_errors());
    drop(wb);
    assert_eq!(fs::read(&db).unwrap(), before);
}

#[test]
fn headers_in_english_or_without_accents_map_and_the_officer_can_remap() {
    let dir = temp();
    let mut wb = open(&empty_in(dir.path(), "sổ.db"));
    let sheet =
        csv("STT,ten co so,Tax code,Commune/ward,Huyện,Ghi chú riêng\n1,Cơ sở A,,Xã Long Phước,long ho,x\n");
    let preview = preview_import(&wb, &sheet, RecordKind::Facility, None).unwrap();
    assert_eq!(
        preview.detected_mapping(),
        vec![None, Some("ten_co_so"), Some("ma_so_thue"), Some("xa_phuong"), Some("huyen"), None]
    );
    // "STT" is ignored by itself; an unknown column must be mapped or ignored.
    let unknown = TableProblem::UnknownColumns(vec![UnknownColumn {
        column: "F".into(),
        header: "Ghi chú riêng".into(),
        nearest: None,
    }]);
    assert_eq!(preview.problems, vec![unknown.clone()]);
    assert!(unknown.message(RecordKind::Facility, Lang::Vi).contains("F “Ghi chú riêng”"));
    assert_eq!(
        apply_import(&mut wb, &preview, &ApplyOptions::default()).unwrap_err(),
        ImportError::Table { kind: RecordKind::Facility, problem: unknown }
    );
    assert!(wb.list::<Facility>().unwrap().is_empty());

    // The officer reads the last column as the address and ignores the commune.
    let mut mapping = preview.detected_mapping();
    mapping[3] = None;
    mapping[5] = Some("dia_chi");
    let preview = preview_import(&wb, &sheet, RecordKind::Facility, Some(&mapping)).unwrap();
    assert!(preview.problems.is_empty(), "{:?}", preview.problems);
    apply_import(&mut wb, &preview, &ApplyOptions::default()).unwrap();
    let f = &wb.list::<Facility>().unwrap()[0].record;
    assert_eq!((f.name.as_str(), f.address.as_str(), f.commune.as_str()), ("Cơ sở A", "x", ""));
    assert_eq!(f.district, "Long Hồ");

    // Two columns into one field, and a required field left out.
    let twice = [Some("ten_co_so"), Some("ten_co_so"), None, None, None, None];
    let preview = preview_import(&wb, &sheet, RecordKind::Facility, Some(&twice)).unwrap();
    assert_eq!(
        preview.problems,
        vec![TableProblem::DuplicateColumn {
            column: "B".into(),
            header: "ten co so".into(),
            key: "ten_co_so",
            other: "A".into()
        }]
    );
    let none = [None; 6];
    let preview = preview_import(&wb, &sheet, RecordKind::Facility, Some(&none)).unwrap();
    assert_eq!(preview.problems, vec![TableProblem::MissingColumn { key: "ten_co_so" }]);
}

#[test]
fn facility_duplicates_by_tax_code_or_name_and_commune_in_the_workbook_and_the_file() {
    let dir = temp();
    let mut wb = open(&empty_in(dir.path(), "sổ.db"));
    let kept = Facility {
        name: "Cơ sở Bánh Tráng Tư Sáng".into(),
        tax_code: "0101234567".into(),
        commune: "Xã Long Phước".into(),
        phone: "0270 111 222".into(),
        province: "Vĩnh Long".into(),
        ..Default::default()
    };
    let kept_id = wb.insert(&kept).unwrap();
    let sheet = csv("ten_co_so,ma_so_thue,xa_phuong,nguoi_dai_dien\n\
         Tên khác,0101234567,,Bà Tư\n\
         co so banh trang tu sang,,xa long phuoc,\n\
         Cơ sở Bánh Tráng Tư Sáng,1500456787,Xã Long Phước,\n\
         Cơ sở Mới,,Xã Mỹ An,\n\
         CƠ SỞ MỚI,,Xã Mỹ An,\n\
         Cơ sở Mới,,Xã Khác,\n");
    let mut preview = preview_import(&wb, &sheet, RecordKind::Facility, None).unwrap();
    let dup = |i: usize| preview.rows[i].duplicate.clone();
    let d0 = dup(0).expect("same tax code");
    assert_eq!(d0.reason, DuplicateReason::TaxCode);
    assert_eq!(d0.of, DuplicateOf::Record { id: kept_id.clone(), label: kept.name.clone() });
    assert_eq!(d0.choice, DuplicateChoice::Skip);
    assert!(d0.message(Lang::Vi).contains("cùng mã số thuế"), "{}", d0.message(Lang::Vi));
    assert!(d0.message(Lang::En).contains("same tax code"));
    assert_eq!(dup(1).expect("same name and commune").reason, DuplicateReason::NameAndCommune);
    assert!(dup(2).is_none(), "another tax code: another facility");
    assert!(dup(3).is_none());
    let d4 = dup(4).expect("repeats line 5");
    assert_eq!(d4.of, DuplicateOf::Row { line: 5 });
    assert_eq!(d4.choices(), &[DuplicateChoice::Skip, DuplicateChoice::KeepBoth]);
    assert!(dup(5).is_none(), "another commune");
    assert_eq!(preview.counts().duplicates, 3);

    // Update the kept facility from line 2, keep line 6 as a second facility, skip line 3.
    assert!(preview.set_choice(2, DuplicateChoice::Update));
    assert!(!preview.set_choice(6, DuplicateChoice::Update), "a row of the file cannot be updated");
    assert!(preview.set_choice(6, DuplicateChoice::KeepBoth));
    assert_eq!(preview.rows[0].action(), RowAction::Update);
    let counts = preview.counts();
    assert_eq!((counts.to_insert, counts.to_update, counts.to_skip), (4, 1, 1));
    let outcome = apply_import(&mut wb, &preview, &ApplyOptions::default()).unwrap();
    assert_eq!((outcome.records, outcome.updated), (4, 1));
    assert_eq!(outcome.skipped_duplicates.len(), 1);
    assert_eq!(outcome.skipped_duplicates[0].0, 3);

    let updated = wb.get::<Facility>(&kept_id).unwrap().unwrap().record;
    // The file's columns replace the kept values, the others stay.
    assert_eq!(updated.name, "Tên khác");
    assert_eq!(updated.representative, "Bà Tư");
    assert_eq!(updated.commune, "", "the commune column is in the file, empty");
    assert_eq!(updated.phone, "0270 111 222", "no phone column in the file");
    let all = wb.list::<Facility>().unwrap();
    assert_eq!(all.len(), 5);
    assert_eq!(all.iter().filter(|f| fold_eq(&f.record.name, "co so moi")).count(), 3);
}

fn fold_eq(a: &str, b: &str) -> bool {
    khuyencong::domain::text::fold(a) == b
}

#[test]
fn project_duplicates_by_code_or_title_year_and_facility() {
    let dir = temp();
    let mut wb = open(&empty_in(dir.path(), "sổ.db"));
    let facility_id = wb
        .insert(&Facility {
            name: "Cơ sở Sấy Tư Sáng".into(),
            province: "Vĩnh Long".into(),
            ..Default::default()
        })
        .unwrap();
    let kept = Project {
        code: "KCĐP-2021-01".into(),
        year: 2021,
        title: "Máy sấy chôm chôm".into(),
        source: khuyencong::domain::codes::FundingSource::Local,
        content: khuyencong::domain::codes::ProjectContent::Consulting,
        facility_id: Some(facility_id.clone()),
        district: String::new(),
        commune: String::new(),
        support_vnd: 100_000_000,
        counterpart_vnd: 0,
        status: khuyencong::domain::codes::ProjectStatus::Approved,
        decision_no: "12/QĐ-SCT".into(),
        approved_on: date(2021, 5, 21),
        accepted_on: None,
        note: "ghi chú cũ".into(),
    };
    let kept_id = wb.insert(&kept).unwrap();
    let header = "ma_de_an,nam,ten_de_an,nguon_kinh_phi,noi_dung,ten_co_so,kinh_phi_ho_tro,trang_thai\n";
    let sheet = csv(&format!(
        "{header}\
         kcđp-2021-01,2021,Tên mới,dia_phuong,tu_van,Cơ sở Sấy Tư Sáng,150,nghiem_thu\n\
         ,2021,MÁY SẤY CHÔM CHÔM,dia_phuong,tu_van,co so say tu sang,90,\n\
         KCQG-2021-07,2021,Máy sấy chôm chôm,quoc_gia,tu_van,Cơ sở Sấy Tư Sáng,90,\n\
         ,2022,Máy sấy chôm chôm,dia_phuong,tu_van,Cơ sở Sấy Tư Sáng,90,\n\
         ,2022,Máy sấy chôm chôm,dia_phuong,tu_van,Cơ sở Sấy Tư Sáng,95,\n"
    ));
    let mut preview = preview_import(&wb, &sheet, RecordKind::Project, None).unwrap();
    let reasons: Vec<Option<DuplicateReason>> =
        preview.rows.iter().map(|r| r.duplicate.as_ref().map(|d| d.reason)).collect();
    assert_eq!(
        reasons,
        vec![
            Some(DuplicateReason::ProjectCode),
            Some(DuplicateReason::TitleYearFacility),
            // Another code: the national project of the same title is another project.
            None,
            None,
            Some(DuplicateReason::TitleYearFacility),
        ]
    );
    assert_eq!(preview.rows[4].duplicate.as_ref().unwrap().of, DuplicateOf::Row { line: 5 });

    // Update the kept project from line 2; keep both for line 3.
    preview.set_choice(2, DuplicateChoice::Update);
    preview.set_choice(3, DuplicateChoice::KeepBoth);
    let outcome = apply_import(&mut wb, &preview, &ApplyOptions::default()).unwrap();
    assert_eq!((outcome.records, outcome.updated, outcome.skipped_duplicates.len()), (3, 1, 1));
    let updated = wb.get::<Project>(&kept_id).unwrap().unwrap().record;
    assert_eq!(updated.title, "Tên mới");
    assert_eq!(updated.support_vnd, 150_000_000);
    assert_eq!(updated.status, khuyencong::domain::codes::ProjectStatus::Accepted);
    assert_eq!(updated.code, "kcđp-2021-01");
    assert_eq!(updated.note, "ghi chú cũ", "no note column in the file");
    assert_eq!(updated.decision_no, "12/QĐ-SCT");
    assert_eq!(updated.approved_on, date(2021, 5, 21));
    assert_eq!(updated.facility_id.as_deref(), Some(facility_id.as_str()));
    assert_eq!(wb.list::<Project>().unwrap().len(), 4);
    assert_eq!(wb.list::<Facility>().unwrap().len(), 1, "the facility was found, not created");
}

#[test]
fn update_is_refused_for_a_row_that_repeats_the_file() {
    let dir = temp();
    let mut wb = open(&empty_in(dir.path(), "sổ.db"));
    let sheet = csv("ten_co_so\nCơ sở A\ncơ sở a\n");
    let mut preview = preview_import(&wb, &sheet, RecordKind::Facility, None).unwrap();
    preview.rows[1].duplicate.as_mut().unwrap().choice = DuplicateChoice::Update;
    let err = apply_import(&mut wb, &preview, &ApplyOptions::default()).unwrap_err();
    assert_eq!(err, ImportError::CannotUpdate { line: 3 });
    assert!(err.message(Lang::Vi).contains("Dòng 3"));
    assert!(err.message(Lang::En).contains("Keep both"));
    assert!(wb.list::<Facility>().unwrap().is_empty());
}

#[test]
fn importing_the_same_file_twice_adds_nothing_the_second_time() {
    let dir = temp();
    let mut wb = open(&empty_in(dir.path(), "sổ.db"));
    let sheet = csv("nam,ten_co_so,san_pham,hinh_thuc,kinh_phi_ho_tro\n\
         2023,Cơ sở A,Bánh pía,bao_bi,10\n\
         2023,Cơ sở A,Bánh pía,nhan_hieu,12\n");
    let first = import_sheet(&mut wb, &sheet, RecordKind::Design).unwrap();
    assert_eq!((first.records, first.facilities_created), (2, 1));
    let second = import_sheet(&mut wb, &sheet, RecordKind::Design).unwrap();
    assert_eq!((second.records, second.facilities_created, second.skipped_duplicates.len()), (0, 0, 2));
    assert!(second.skipped_duplicates[0].1.message(Lang::Vi).contains("Bánh pía"));
    assert_eq!(wb.list::<khuyencong::domain::DesignSupport>().unwrap().len(), 2);
    assert_eq!(wb.list::<Facility>().unwrap().len(), 1);
}

#[test]
fn errors_refuse_everything_unless_the_officer_leaves_those_rows_out() {
    let dir = temp();
    let db = empty_in(dir.path(), "sổ.db");
    let mut wb = open(&db);
    let sheet = csv("nam,ten_de_an,nguon_kinh_phi,noi_dung,kinh_phi_ho_tro,von_doi_ung,ten_co_so\n\
         2021,Máy sấy,dia_phuong,may_moc_thiet_bi,400,400,Cơ sở A\n\
         1990,Máy xay,dia_phuong,tu_van,abc,,Cơ sở B\n\
         2022,Tư vấn,dia_phuong,tu_van,20,,Cơ sở C\n");
    let preview = preview_import(&wb, &sheet, RecordKind::Project, None).unwrap();
    let counts = preview.counts();
    assert_eq!((counts.rows, counts.with_errors, counts.with_warnings), (3, 1, 1));
    // The ceiling warning of line 2: over 300 million for machinery.
    assert!(preview.rows[0].warnings.iter().any(|w| w.column == "kinh_phi_ho_tro"));
    let columns: Vec<&str> = preview.rows[1].errors.iter().map(|p| p.column).collect();
    assert_eq!(columns, ["nam", "kinh_phi_ho_tro"]);
    assert_eq!(preview.rows[1].cells.len(), 7, "kept for the rejected file");
    assert!(preview.rows[0].cells.is_empty());
    let before = fs::read(&db).unwrap();
    let err = apply_import(&mut wb, &preview, &ApplyOptions::default()).unwrap_err();
    assert!(matches!(&err, ImportError::Rows(p) if p.len() == 2), "{err:?}");
    assert_eq!(fs::read(&db).unwrap(), before, "nothing written");
    assert_eq!(counts.facilities_to_create, 2, "B's row is refused: B is not created");

    let options = ApplyOptions { skip_rows_with_errors: true };
    let outcome = apply_import(&mut wb, &preview, &options).unwrap();
    assert_eq!((outcome.records, outcome.skipped_errors, outcome.facilities_created), (2, 1, 2));
    assert_eq!(outcome.warnings.len(), 1);
    let names: Vec<String> = wb.list::<Facility>().unwrap().into_iter().map(|f| f.record.name).collect();
    assert_eq!(names, ["Cơ sở A", "Cơ sở C"]);
}

#[test]
fn rejected_rows_go_back_with_their_cells_and_a_reason_and_import_once_corrected() {
    let dir = temp();
    let mut wb = open(&empty_in(dir.path(), "sổ.db"));
    let sheet = csv("STT;Năm;Tên lớp;Loại;Số học viên;Số học viên nữ;Từ ngày\n\
         1;2020;Lớp may;dao_tao_nghe;30;28;01/03/2020\n\
         2;2020;Lớp đan;dao_tao_nghe;30;31;\n\
         3;1990;Lớp gốm;lop_hoc;abc;;31/02/2020\n");
    let preview = preview_import(&wb, &sheet, RecordKind::Training, None).unwrap();
    let out = dir.path().join("trả lại.xlsx");
    assert_eq!(write_rejected(&preview, &out, Lang::Vi).unwrap(), 2);

    let mut book: Xlsx<_> = calamine::open_workbook(&out).unwrap();
    assert_eq!(book.sheet_names(), ["Đào tạo"]);
    let range = book.worksheet_range("Đào tạo").unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| {
            r.iter()
                .map(|d| match d {
                    Data::String(s) => s.clone(),
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect();
    assert_eq!(
        rows[0],
        ["STT", "Năm", "Tên lớp", "Loại", "Số học viên", "Số học viên nữ", "Từ ngày", "Lý do"]
    );
    assert_eq!(rows.len(), 3);
    assert_eq!(&rows[1][..7], ["2", "2020", "Lớp đan", "dao_tao_nghe", "30", "31", ""]);
    assert!(
        rows[1][7].starts_with("Dòng 3 – Số học viên nữ: Số học viên nữ không được lớn hơn"),
        "{}",
        rows[1][7]
    );
    for words in [
        "Dòng 4",
        "Năm: Năm phải từ 2000",
        "Loại: Giá trị không có trong danh mục",
        "Số học viên: Không phải là số",
        "Từ ngày: Ngày không hợp lệ",
    ] {
        assert!(rows[2][7].contains(words), "{words:?} in {}", rows[2][7]);
    }
    let english = dir.path().join("rejected.xlsx");
    write_rejected(&preview, &english, Lang::En).unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook(&english).unwrap();
    let range = book.worksheet_range("Đào tạo").unwrap();
    assert_eq!(range.get((0, 7)), Some(&Data::String("Reason".into())));
    assert!(
        matches!(range.get((1, 7)), Some(Data::String(s)) if s.starts_with("Line 3 – Số học viên nữ: Female"))
    );

    // The district corrects the rows and sends the file back: the reason column is ignored.
    let mut back = khuyencong::spreadsheet::open(&out).unwrap();
    back.sheets[0].rows[1].cells[5] = Cell::Text("25".into());
    back.sheets[0].rows[2].cells = ["3", "2020", "Lớp gốm", "truyen_nghe", "20", "", "28/02/2020"]
        .iter()
        .map(|s| if s.is_empty() { Cell::Empty } else { Cell::Text(s.to_string()) })
        .chain([Cell::Text("Dòng 4 – …".into())])
        .collect();
    let preview = preview_import(&wb, &back, RecordKind::Training, None).unwrap();
    assert!(preview.problems.is_empty(), "{:?}", preview.problems);
    assert_eq!(preview.mapping()[7], None);
    let outcome = apply_import(&mut wb, &preview, &ApplyOptions::default()).unwrap();
    assert_eq!(outcome.records, 2);
    let t = wb.list::<Training>().unwrap();
    assert_eq!(t[0].record.female_trainees, Some(25));
    assert_eq!(t[1].record.start_on, date(2020, 2, 28));
}

/// 100.000 rows preview in one pass with the workbook's keys loaded once.
/// 100.000 rows: checked on two threads, the facilities (1.000, each named
/// in both halves) and duplicates still found in file order. (Its speed is measured by
/// `cargo bench --bench scale`, not here.)
#[test]
fn a_large_csv_is_previewed_whole() {
    const N: usize = 100_000;
    let dir = temp();
    let wb = open(&sample_in(dir.path()));
    let mut text = String::with_capacity(N * 120);
    text.push_str("ma_de_an;nam;ten_de_an;nguon_kinh_phi;noi_dung;ten_co_so;ma_so_thue;huyen;kinh_phi_ho_tro;von_doi_ung;ngay_phe_duyet\n");
    for i in 0..N {
        text.push_str(&format!(
            "KC-{i};{};Máy đóng gói số {i};dia_phuong;may_moc_thiet_bi;Cơ sở số {};;Long Hồ;{},5;\"1.{:03}\";{:02}/03/2020\n",
            2014 + i % 10,
            i % 1_000,
            100 + i % 150,
            i % 1_000,
            1 + i % 28
        ));
    }
    // The last line repeats the first.
    text.push_str("KC-0;2014;Máy đóng gói số 0;dia_phuong;may_moc_thiet_bi;Cơ sở số 0;;Long Hồ;100,5;\"1.000\";01/03/2020\n");
    // And one with an error, in the second half.
    text.push_str("KC-X;2014;Máy sấy;dia_phuong;may_moc_thiet_bi;Cơ sở số 999;;Long Hồ;mười;0;01/03/2020\n");
    let sheet = csv(&text);
    let preview = preview_import(&wb, &sheet, RecordKind::Project, None).unwrap();
    let counts = preview.counts();
    assert_eq!(counts.rows, N + 2);
    assert_eq!(counts.with_errors, 1);
    assert!(preview.rows[N + 1].has_errors() && preview.rows[N + 1].errors[0].column == "kinh_phi_ho_tro");
    assert_eq!(counts.duplicates, 1);
    assert!(matches!(preview.rows[N].duplicate.as_ref().map(|d| &d.of), Some(DuplicateOf::Row { line: 2 })));
    assert_eq!(counts.facilities_to_create, 1_000);
    assert_eq!(preview.rows[7].draft.get("von_doi_ung"), "1.007");
    assert_eq!(preview.rows[N - 1].draft.get("ten_de_an"), format!("Máy đóng gói số {}", N - 1));
}
