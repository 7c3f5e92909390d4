//! Exporting a workbook to XLSX (every kind and the totals by year) and CSV
//! (one kind), read back with calamine and with the importer.

mod common;

use std::collections::HashMap;
use std::fs;
use std::path::Path;

use calamine::{Data, Range, Reader, Xlsx, open_workbook};
use common::*;
use khuyencong::domain::codes::{DesignForm, FundingSource, ProjectContent, ProjectStatus, TrainingKind};
use khuyencong::domain::fields::{FieldType, columns};
use khuyencong::domain::number::{date_from_excel_serial, format_date, format_million};
use khuyencong::domain::{DesignSupport, Facility, Project, RecordKind, Training};
use khuyencong::exchange::export::{ExportError, export_csv, export_xlsx};
use khuyencong::exchange::import::{import_file, import_table, read_file};
use khuyencong::i18n::Lang;
use khuyencong::spreadsheet::ReadOptions;
use khuyencong::spreadsheet::choose::SheetChoice;
use khuyencong::workbook::{OpenMode, Stored, StoredRecord, Workbook};

const SHEETS: [&str; 5] = ["Cơ sở", "Đề án", "Đào tạo", "Thiết kế bao bì", "Tổng hợp"];
const KINDS: [RecordKind; 4] = RecordKind::LISTED;

fn sample(dir: &Path) -> Workbook {
    Workbook::open(&sample_in(dir), OpenMode::Normal).unwrap()
}

fn always(_: f32) -> bool {
    true
}

fn read_xlsx(path: &Path) -> (Vec<String>, HashMap<String, Range<Data>>) {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let names = book.sheet_names();
    let ranges = names.iter().map(|n| (n.clone(), book.worksheet_range(n).unwrap())).collect();
    (names, ranges)
}

fn rows(range: &Range<Data>) -> Vec<Vec<Data>> {
    range.rows().map(|r| r.to_vec()).collect()
}

fn column_index(header: &[Data], label: &str) -> usize {
    header.iter().position(|c| *c == Data::String(label.to_string())).unwrap_or_else(|| panic!("no {label}"))
}

/// Files in `dir` other than `keep` (temporary files must not be left behind).
fn other_files(dir: &Path, keep: &[&str]) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !keep.contains(&n.as_str()))
        .collect()
}

#[test]
fn xlsx_has_the_sheets_in_order_with_vietnamese_headers_and_every_record() {
    let dir = temp();
    let wb = sample(dir.path());
    let out = dir.path().join("xuất.xlsx");
    let mut calls = Vec::new();
    let summary = export_xlsx(&wb, &out, &mut |f| {
        calls.push(f);
        true
    })
    .unwrap();
    let counts = wb.counts().unwrap();
    assert_eq!(summary.records as i64, counts.iter().sum::<i64>());
    // Progress only goes forward and ends at 1.
    assert!(calls.windows(2).all(|w| w[0] <= w[1]), "{calls:?}");
    assert_eq!(calls.last(), Some(&1.0));

    let (names, ranges) = read_xlsx(&out);
    assert_eq!(names, SHEETS);
    for (i, kind) in KINDS.iter().enumerate() {
        let rows = rows(&ranges[SHEETS[i]]);
        assert_eq!(rows.len() as i64 - 1, counts[i], "rows of {}", SHEETS[i]);
        let header: Vec<Data> = columns(*kind).iter().map(|c| Data::String(c.label.vi.to_string())).collect();
        assert_eq!(rows[0], header, "header of {}", SHEETS[i]);
    }
}

#[test]
fn xlsx_cells_are_typed_numbers_dates_and_labels() {
    let dir = temp();
    let wb = sample(dir.path());
    let out = dir.path().join("xuất.xlsx");
    export_xlsx(&wb, &out, &mut always).unwrap();
    let (_, ranges) = read_xlsx(&out);

    let (mut money, mut dates, mut text_codes) = (0, 0, 0);
    for (i, kind) in KINDS.iter().enumerate() {
        let rows = rows(&ranges[SHEETS[i]]);
        for (c, column) in columns(*kind).iter().enumerate() {
            for row in &rows[1..] {
                let cell = &row[c];
                match column.ty {
                    FieldType::Money => {
                        assert!(matches!(cell, Data::Float(_)), "{}: {cell:?}", column.key);
                        money += 1;
                    }
                    FieldType::Date if *cell != Data::Empty => {
                        assert!(matches!(cell, Data::DateTime(_)), "{}: {cell:?}", column.key);
                        dates += 1;
                    }
                    FieldType::Year => assert!(matches!(cell, Data::Float(_)), "{}: {cell:?}", column.key),
                    FieldType::Count if *cell != Data::Empty => {
                        assert!(matches!(cell, Data::Float(_)), "{}: {cell:?}", column.key)
                    }
                    FieldType::TaxCode if *cell != Data::Empty => {
                        // A tax code keeps its leading zero: text, 10 or 14 characters.
                        let Data::String(s) = cell else { panic!("{}: {cell:?}", column.key) };
                        assert!(s.len() == 10 || s.len() == 14, "{s}");
                    }
                    FieldType::Code(set) if *cell != Data::Empty => {
                        let Data::String(s) = cell else { panic!("{}: {cell:?}", column.key) };
                        assert!(set.options().iter().any(|(_, vi, _)| vi == s), "{}: {s}", column.key);
                        text_codes += 1;
                    }
                    _ => {}
                }
            }
        }
    }
    assert!(money > 100 && dates > 10 && text_codes > 100, "{money} {dates} {text_codes}");

    // A known project: the first national machinery project, its date as a date.
    let projects = wb.list::<Project>().unwrap();
    let first = projects.iter().position(|p| p.record.approved_on.is_some()).unwrap();
    let sheet = rows(&ranges["Đề án"]);
    let c = column_index(&sheet[0], "Ngày phê duyệt");
    let Data::DateTime(dt) = &sheet[first + 1][c] else { panic!("{:?}", sheet[first + 1][c]) };
    let (y, m, d) = {
        let date = projects[first].record.approved_on.unwrap();
        (date.year(), date.month(), date.day())
    };
    let serial = dt.as_f64();
    let expected = date_from_excel_serial(serial).unwrap();
    assert_eq!((expected.year(), expected.month(), expected.day()), (y, m, d));
}

#[test]
fn xlsx_support_column_adds_up_to_the_sql_total() {
    let dir = temp();
    let db = sample_in(dir.path());
    let wb = Workbook::open(&db, OpenMode::Normal).unwrap();
    let out = dir.path().join("xuất.xlsx");
    export_xlsx(&wb, &out, &mut always).unwrap();
    let (_, ranges) = read_xlsx(&out);
    let sheet = rows(&ranges["Đề án"]);
    let c = column_index(&sheet[0], "Kinh phí hỗ trợ (triệu đồng)");
    let mut sum = 0.0;
    for row in &sheet[1..] {
        let Data::Float(x) = row[c] else { panic!("support is not a number: {:?}", row[c]) };
        sum += x;
    }
    let sql: i64 = common::db(&db)
        .query_row("SELECT SUM(support_vnd) FROM projects WHERE deleted_at IS NULL", [], |r| r.get(0))
        .unwrap();
    let summary = wb.summary(None, None).unwrap();
    assert_eq!(summary.projects.support_vnd, sql);
    assert!((sum - sql as f64 / 1e6).abs() < 1e-6, "{sum} vs {}", sql as f64 / 1e6);

    let c = column_index(&sheet[0], "Vốn đối ứng (triệu đồng)");
    let counterpart: f64 = sheet[1..].iter().map(|r| if let Data::Float(x) = r[c] { x } else { 0.0 }).sum();
    assert!((counterpart - summary.projects.counterpart_vnd as f64 / 1e6).abs() < 1e-6);
}

#[test]
fn xlsx_summary_sheet_matches_the_summary_by_year() {
    let dir = temp();
    let wb = sample(dir.path());
    let out = dir.path().join("xuất.xlsx");
    export_xlsx(&wb, &out, &mut always).unwrap();
    let (_, ranges) = read_xlsx(&out);
    let sheet = rows(&ranges["Tổng hợp"]);
    let header: Vec<Data> = [
        "Năm",
        "Số đề án",
        "Kinh phí hỗ trợ (triệu đồng)",
        "Vốn đối ứng (triệu đồng)",
        "Số lớp đào tạo",
        "Số học viên",
        "Lượt hỗ trợ thiết kế",
    ]
    .iter()
    .map(|s| Data::String(s.to_string()))
    .collect();
    assert_eq!(sheet[0], header);
    let summary = wb.summary(None, None).unwrap();
    assert!(summary.by_year.len() >= 10);
    assert_eq!(sheet.len(), summary.by_year.len() + 2, "header, a row per year, the total");
    let num = |d: &Data| match d {
        Data::Float(x) => *x,
        other => panic!("not a number: {other:?}"),
    };
    for (row, y) in sheet[1..].iter().zip(&summary.by_year) {
        assert_eq!(num(&row[0]), f64::from(y.year));
        assert_eq!(num(&row[1]), y.projects as f64);
        assert!((num(&row[2]) - y.support_vnd as f64 / 1e6).abs() < 1e-6, "{}", y.year);
        assert!((num(&row[3]) - y.counterpart_vnd as f64 / 1e6).abs() < 1e-6, "{}", y.year);
        assert_eq!(num(&row[4]), y.trainings as f64);
        assert_eq!(num(&row[5]), y.trainees as f64);
        assert_eq!(num(&row[6]), y.design_supports as f64);
    }
    let total = sheet.last().unwrap();
    assert_eq!(total[0], Data::String("Cộng".into()));
    assert_eq!(num(&total[1]), summary.projects.count as f64);
    assert!((num(&total[2]) - summary.projects.support_vnd as f64 / 1e6).abs() < 1e-6);
    assert!((num(&total[3]) - summary.projects.counterpart_vnd as f64 / 1e6).abs() < 1e-6);
    assert_eq!(num(&total[4]), summary.trainings.count as f64);
    assert_eq!(num(&total[5]), summary.trainings.trainees as f64);
    assert_eq!(num(&total[6]), summary.design_supports.count as f64);
}

#[test]
fn a_cancelled_export_leaves_no_file_and_keeps_an_existing_one() {
    let dir = temp();
    let wb = sample(dir.path());
    let keep = ["mẫu.db"];

    // Cancelled at once: nothing at all.
    let out = dir.path().join("xuất.xlsx");
    let err = export_xlsx(&wb, &out, &mut |_| false).unwrap_err();
    assert_eq!(err, ExportError::Cancelled);
    assert!(!out.exists());
    assert_eq!(other_files(dir.path(), &keep), Vec::<String>::new());

    // An existing file survives byte for byte, whenever the cancel comes
    // (the last call is after the file is saved, before it replaces the target).
    fs::write(&out, b"old report, not to be damaged").unwrap();
    let mut total_calls = 0;
    export_xlsx(&wb, &dir.path().join("probe.xlsx"), &mut |_| {
        total_calls += 1;
        true
    })
    .unwrap();
    fs::remove_file(dir.path().join("probe.xlsx")).unwrap();
    assert!(total_calls >= 2);
    for cancel_at in 1..=total_calls {
        let mut n = 0;
        let err = export_xlsx(&wb, &out, &mut |_| {
            n += 1;
            n < cancel_at
        })
        .unwrap_err();
        assert_eq!(err, ExportError::Cancelled);
        assert_eq!(fs::read(&out).unwrap(), b"old report, not to be damaged", "cancel at call {cancel_at}");
        assert_eq!(other_files(dir.path(), &["mẫu.db", "xuất.xlsx"]), Vec::<String>::new());
    }
    assert!(err_message_is_one_line(&ExportError::Cancelled));
}

fn err_message_is_one_line(e: &ExportError) -> bool {
    [Lang::Vi, Lang::En].iter().all(|l| {
        let m = e.message(*l);
        !m.is_empty() && !m.contains('\n')
    })
}

#[test]
fn a_failed_export_leaves_no_temporary_file_and_never_overwrites_the_workbook() {
    let dir = temp();
    let db = sample_in(dir.path());
    let wb = Workbook::open(&db, OpenMode::Normal).unwrap();

    // A folder at the target: refused, the folder and its contents untouched.
    let folder = dir.path().join("báo cáo.xlsx");
    fs::create_dir(&folder).unwrap();
    fs::write(folder.join("a.txt"), "x").unwrap();
    let err = export_xlsx(&wb, &folder, &mut always).unwrap_err();
    assert!(matches!(err, ExportError::Io(_)), "{err:?}");
    assert!(err_message_is_one_line(&err));
    assert!(folder.join("a.txt").exists());
    let err = export_csv(&wb, RecordKind::Project, &folder).unwrap_err();
    assert!(matches!(err, ExportError::Io(_)), "{err:?}");
    assert_eq!(other_files(dir.path(), &["mẫu.db", "báo cáo.xlsx"]), Vec::<String>::new());

    // The open workbook itself is never the target.
    let before = fs::read(&db).unwrap();
    let err = export_csv(&wb, RecordKind::Facility, &db).unwrap_err();
    assert!(matches!(err, ExportError::SameAsWorkbook(_)), "{err:?}");
    let err = export_xlsx(&wb, &db, &mut always).unwrap_err();
    assert!(matches!(err, ExportError::SameAsWorkbook(_)), "{err:?}");
    assert!(err.message(Lang::Vi).contains("chọn tên tệp khác"));
    assert_eq!(fs::read(&db).unwrap(), before);
}

#[test]
fn csv_starts_with_a_bom_and_writes_values_the_vietnamese_way() {
    let dir = temp();
    let mut wb = sample(dir.path());
    enrich(&mut wb);
    let out = dir.path().join("đề án.csv");
    let summary = export_csv(&wb, RecordKind::Project, &out).unwrap();
    assert_eq!(summary.records as i64, wb.counts().unwrap()[1]);
    let bytes = fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let header = text.lines().next().unwrap();
    let labels: Vec<&str> = columns(RecordKind::Project).iter().map(|c| c.label.vi).collect();
    assert_eq!(header, labels.join(","));
    // Labels, not codes; Vietnamese money; dd/mm/yyyy dates; the facility by name and tax code.
    assert!(text.contains("Khuyến công quốc gia"));
    assert!(!text.contains(",quoc_gia,"));
    assert!(
        text.contains(
            "KCĐP-XUAT-01,2021,\"Máy sấy chôm chôm, loại 2 buồng\",Khuyến công địa phương,\
             Ứng dụng máy móc thiết bị tiên tiến,Cơ sở Sấy Khô Tư Sáng,0101234567,Long Hồ,Xã Long Phước,\
             \"278,5\",\"1.234,56789\",Đã nghiệm thu,12/QĐ-SCT,21/05/2021,05/11/2021,\
             \"Dòng một\nDòng hai, có \"\"ngoặc\"\"\"\n"
        ),
        "{text}"
    );
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let c_support = labels.iter().position(|l| l.starts_with("Kinh phí hỗ trợ")).unwrap();
    let c_counterpart = labels.iter().position(|l| l.starts_with("Vốn đối ứng")).unwrap();
    let c_date = labels.iter().position(|l| *l == "Ngày phê duyệt").unwrap();
    let projects = wb.list::<Project>().unwrap();
    let mut n = 0;
    for (record, p) in reader.records().zip(&projects) {
        let record = record.unwrap();
        assert_eq!(record[c_support], format_million(p.record.support_vnd), "{record:?}");
        assert_eq!(record[c_counterpart], format_million(p.record.counterpart_vnd), "{record:?}");
        let date = p.record.approved_on.map(format_date).unwrap_or_default();
        assert_eq!(record[c_date], date);
        n += 1;
    }
    assert_eq!(n, projects.len());
    // The sample has counterparts of a billion and more: written with a thousands dot.
    assert!(projects.iter().any(|p| p.record.counterpart_vnd >= 1_000_000_000));
}

/// Adds records with the awkward values: a tax code with a leading zero,
/// fractions of a million, a note over two lines with a comma and quotes,
/// dates, an optional count.
fn enrich(wb: &mut Workbook) {
    let facility = Facility {
        name: "Cơ sở Sấy Khô Tư Sáng".into(),
        tax_code: "0101234567".into(),
        district: "Long Hồ".into(),
        commune: "Xã Long Phước".into(),
        province: "Vĩnh Long".into(),
        ..Default::default()
    };
    let id = wb.insert(&facility).unwrap();
    let date = |y, m, d| jiff::civil::Date::new(y, m, d).ok();
    let note = "Dòng một\nDòng hai, có \"ngoặc\"".to_string();
    wb.insert(&Project {
        code: "KCĐP-XUAT-01".into(),
        year: 2021,
        title: "Máy sấy chôm chôm, loại 2 buồng".into(),
        source: FundingSource::Local,
        content: ProjectContent::Machinery,
        facility_id: Some(id.clone()),
        district: "Long Hồ".into(),
        commune: "Xã Long Phước".into(),
        support_vnd: 278_500_000,
        counterpart_vnd: 1_234_567_890,
        status: ProjectStatus::Accepted,
        decision_no: "12/QĐ-SCT".into(),
        approved_on: date(2021, 5, 21),
        accepted_on: date(2021, 11, 5),
        note: note.clone(),
    })
    .unwrap();
    wb.insert(&Training {
        year: 2022,
        facility_id: Some(id.clone()),
        name: "Lớp may công nghiệp, khóa 3".into(),
        kind: TrainingKind::Vocational,
        trade: "May".into(),
        district: String::new(),
        commune: "Phường 1".into(),
        trainees: 1_234,
        female_trainees: Some(1_000),
        start_on: date(2022, 2, 28),
        end_on: date(2022, 3, 1),
        source: Some(FundingSource::National),
        cost_vnd: 1,
        note: note.clone(),
    })
    .unwrap();
    wb.insert(&DesignSupport {
        year: 2023,
        facility_id: id,
        product: "Bánh tráng \"Tư Sáng\"".into(),
        form: DesignForm::Trademark,
        source: None,
        support_vnd: 12_345_678,
        district: String::new(),
        commune: String::new(),
        note,
    })
    .unwrap();
}

/// The records of a kind with facility ids replaced by facility names.
fn normalised<R: StoredRecord>(wb: &Workbook, rename: impl Fn(&mut R, &HashMap<String, String>)) -> Vec<R> {
    let names: HashMap<String, String> =
        wb.list::<Facility>().unwrap().into_iter().map(|f| (f.id, f.record.name)).collect();
    wb.list::<R>()
        .unwrap()
        .into_iter()
        .map(|s: Stored<R>| {
            let mut r = s.record;
            rename(&mut r, &names);
            r
        })
        .collect()
}

fn by_name<R: StoredRecord + FacilityRef>(wb: &Workbook) -> Vec<R> {
    normalised(wb, |r: &mut R, names| r.rename(names))
}

trait FacilityRef {
    fn rename(&mut self, names: &HashMap<String, String>);
}

fn name_of(id: &str, names: &HashMap<String, String>) -> String {
    names.get(id).cloned().unwrap_or_else(|| panic!("facility {id} is not in the workbook"))
}

impl FacilityRef for Facility {
    fn rename(&mut self, _: &HashMap<String, String>) {}
}
impl FacilityRef for Project {
    fn rename(&mut self, names: &HashMap<String, String>) {
        self.facility_id = self.facility_id.as_deref().map(|id| name_of(id, names));
    }
}
impl FacilityRef for Training {
    fn rename(&mut self, names: &HashMap<String, String>) {
        self.facility_id = self.facility_id.as_deref().map(|id| name_of(id, names));
    }
}
impl FacilityRef for DesignSupport {
    fn rename(&mut self, names: &HashMap<String, String>) {
        self.facility_id = name_of(&self.facility_id, names);
    }
}

fn round_trip<R: StoredRecord + FacilityRef + PartialEq + std::fmt::Debug>(kind: RecordKind, ext: &str) {
    let dir = temp();
    let mut wb = sample(dir.path());
    enrich(&mut wb);
    let file = dir.path().join(format!("{}.{ext}", kind.cli_name()));
    let summary = match ext {
        "csv" => export_csv(&wb, kind, &file).unwrap(),
        _ => export_xlsx(&wb, &file, &mut always).unwrap(),
    };
    let original: Vec<R> = by_name(&wb);
    assert!(original.len() > 10, "{kind:?}: the sample has records");
    if ext == "csv" {
        assert_eq!(summary.records, original.len());
    }

    let mut fresh = Workbook::open(&empty_in(dir.path(), "trống.db"), OpenMode::Normal).unwrap();
    let outcome = import_file(&mut fresh, &file, kind).unwrap_or_else(|e| panic!("{}", e.message(Lang::En)));
    assert_eq!(outcome.records, original.len());
    let back: Vec<R> = by_name(&fresh);
    assert_eq!(back.len(), original.len());
    for (i, (a, b)) in original.iter().zip(&back).enumerate() {
        assert_eq!(a, b, "{kind:?} record {i}");
    }
}

#[test]
fn csv_round_trip_facilities() {
    round_trip::<Facility>(RecordKind::Facility, "csv");
}

#[test]
fn csv_round_trip_projects() {
    round_trip::<Project>(RecordKind::Project, "csv");
}

#[test]
fn csv_round_trip_trainings() {
    round_trip::<Training>(RecordKind::Training, "csv");
}

#[test]
fn csv_round_trip_design_supports() {
    round_trip::<DesignSupport>(RecordKind::Design, "csv");
}

/// The XLSX export's facilities import back, from the sheet that holds them.
#[test]
fn xlsx_round_trip_facilities() {
    round_trip::<Facility>(RecordKind::Facility, "xlsx");
}

fn xlsx_round_trip<R: StoredRecord + FacilityRef + PartialEq + std::fmt::Debug>(
    kind: RecordKind,
    sheet: &str,
) {
    let dir = temp();
    let mut wb = sample(dir.path());
    enrich(&mut wb);
    let file = dir.path().join("tất cả.xlsx");
    export_xlsx(&wb, &file, &mut always).unwrap();
    let (_, ranges) = read_xlsx(&file);
    let original: Vec<R> = by_name(&wb);
    let mut fresh = Workbook::open(&empty_in(dir.path(), "trống.db"), OpenMode::Normal).unwrap();
    // The sheet named as on the command line (--sheet): each kind has its own.
    assert!(ranges.contains_key(sheet));
    let options = ReadOptions { sheet: Some(SheetChoice::Name(sheet.into())), ..Default::default() };
    let outcome = read_file(&file, kind, &options)
        .and_then(|table| import_table(&mut fresh, table))
        .unwrap_or_else(|e| panic!("{}", e.message(Lang::En)));
    assert_eq!(outcome.records, original.len());
    let back: Vec<R> = by_name(&fresh);
    assert_eq!(back.len(), original.len());
    for (i, (a, b)) in original.iter().zip(&back).enumerate() {
        assert_eq!(a, b, "{kind:?} record {i}");
    }
}

/// Every record sheet of the XLSX imports back as the same records: numbers
/// in million, real dates and Vietnamese labels are read as typed.
#[test]
fn xlsx_round_trip_every_record_sheet() {
    xlsx_round_trip::<Project>(RecordKind::Project, "Đề án");
    xlsx_round_trip::<Training>(RecordKind::Training, "Đào tạo");
    xlsx_round_trip::<DesignSupport>(RecordKind::Design, "Thiết kế bao bì");
}

#[test]
fn an_empty_workbook_exports_headers_and_a_zero_total() {
    let dir = temp();
    let wb = Workbook::open(&empty_in(dir.path(), "trống.db"), OpenMode::Normal).unwrap();
    let out = dir.path().join("trống.xlsx");
    assert_eq!(export_xlsx(&wb, &out, &mut always).unwrap().records, 0);
    let (names, ranges) = read_xlsx(&out);
    assert_eq!(names, SHEETS);
    for (i, kind) in KINDS.iter().enumerate() {
        let rows = rows(&ranges[SHEETS[i]]);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].len(), columns(*kind).len());
    }
    let sheet = rows(&ranges["Tổng hợp"]);
    assert_eq!(sheet.last().unwrap()[0], Data::String("Cộng".into()));
    let csv = dir.path().join("trống.csv");
    assert_eq!(export_csv(&wb, RecordKind::Training, &csv).unwrap().records, 0);
    assert!(fs::read(&csv).unwrap().starts_with(b"\xEF\xBB\xBF"));
}

/// 100.000 projects export in one go, with progress about every 1.000 rows.
#[test]
fn many_projects_export_whole_with_progress() {
    let dir = temp();
    let mut wb = Workbook::open(&empty_in(dir.path(), "lớn.db"), OpenMode::Normal).unwrap();
    let template = Project {
        code: String::new(),
        year: 2020,
        title: "Máy đóng gói".into(),
        source: FundingSource::Local,
        content: ProjectContent::Machinery,
        facility_id: None,
        district: "Long Hồ".into(),
        commune: String::new(),
        support_vnd: 0,
        counterpart_vnd: 0,
        status: ProjectStatus::Accepted,
        decision_no: String::new(),
        approved_on: jiff::civil::Date::new(2020, 3, 15).ok(),
        accepted_on: None,
        note: String::new(),
    };
    const N: usize = 100_000;
    wb.write(|w| {
        for i in 0..N {
            let mut p = template.clone();
            p.code = format!("KC-{i}");
            p.year = 2014 + (i % 10) as i32;
            p.support_vnd = 100_500_000 + i as i64;
            w.insert(&p)?;
        }
        Ok(())
    })
    .unwrap();
    let out = dir.path().join("lớn.xlsx");
    let mut calls = 0;
    let summary = export_xlsx(&wb, &out, &mut |_| {
        calls += 1;
        true
    })
    .unwrap();
    assert_eq!(summary.records, N);
    assert!((N / 1_000..=N / 1_000 + 5).contains(&calls), "{calls} progress calls");
    let (_, ranges) = read_xlsx(&out);
    assert_eq!(ranges["Đề án"].height(), N + 1);
}
