//! Import templates: the XLSX read back with calamine and unzipped (drop-down
//! validations, formats, notes), and filled-in templates imported as they are.

mod common;

use std::collections::HashMap;
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use calamine::{Data, Range, Reader, Xlsx};
use common::*;
use khuyencong::domain::fields::{FieldType, columns};
use khuyencong::domain::{DesignSupport, Facility, Project, RecordKind, Training};
use khuyencong::exchange::export::{DATE_FORMAT, MONEY_FORMAT};
use khuyencong::exchange::import::{ImportError, import_file};
use khuyencong::exchange::template::{
    EXAMPLE_PREFIX, INSTRUCTIONS_SHEET, LISTS_SHEET, TemplateError, data_sheet_name, write_template,
};
use khuyencong::i18n::Lang;
use khuyencong::workbook::{OpenMode, Workbook};
use rust_xlsxwriter::column_number_to_name;

fn template(dir: &Path, kind: RecordKind) -> PathBuf {
    let path = dir.join(format!("mẫu {}.xlsx", kind.cli_name()));
    write_template(kind, &path).expect("template written");
    path
}

fn read_book(path: &Path) -> (Vec<String>, HashMap<String, Range<Data>>) {
    let mut book: Xlsx<_> = calamine::open_workbook(path).expect("opens");
    let names = book.sheet_names().to_vec();
    let ranges = names.iter().map(|n| (n.clone(), book.worksheet_range(n).expect("sheet"))).collect();
    (names, ranges)
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

/// Every entry of an XLSX (a zip file), by name.
fn unzip(path: &Path) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(fs::File::open(path).expect("open")).expect("a zip file");
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).expect("entry");
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).expect("read");
            (f.name().expect("entry name").to_string(), bytes)
        })
        .collect()
}

fn entry(path: &Path, name: &str) -> String {
    let (_, bytes) = unzip(path).into_iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("no {name}"));
    String::from_utf8(bytes).expect("utf-8 xml")
}

#[test]
fn every_template_has_headers_lists_formats_notes_and_instructions() {
    let dir = temp();
    for kind in RecordKind::LISTED {
        let path = template(dir.path(), kind);
        let cols = columns(kind);
        let (names, ranges) = read_book(&path);
        // The data sheet first: the importer reads only the first sheet.
        assert_eq!(names, vec![data_sheet_name(kind), INSTRUCTIONS_SHEET, LISTS_SHEET], "{kind:?}");
        let data = &ranges[data_sheet_name(kind)];
        let rows: Vec<Vec<String>> = data.rows().map(|r| r.iter().map(text).collect()).collect();
        assert_eq!(rows.len(), 2, "{kind:?}: header and example");
        let labels: Vec<&str> = cols.iter().map(|c| c.label.vi).collect();
        assert_eq!(rows[0], labels, "{kind:?}: the export's headers");
        assert!(rows[1][0].starts_with(EXAMPLE_PREFIX), "{kind:?}: {:?}", rows[1][0]);
        // Money and years in the example are numbers, dates are dates.
        for (c, column) in cols.iter().enumerate() {
            let cell = data.get((1, c)).cloned().unwrap_or(Data::Empty);
            match column.ty {
                FieldType::Money | FieldType::Count if cell != Data::Empty => {
                    assert!(matches!(cell, Data::Float(_)), "{kind:?} {}: {cell:?}", column.key)
                }
                FieldType::Date if cell != Data::Empty => {
                    assert!(matches!(cell, Data::DateTime(_)), "{kind:?} {}: {cell:?}", column.key)
                }
                _ => {}
            }
        }

        // The instructions name every column, say which are required, the units and the date form.
        let instructions: Vec<String> =
            ranges[INSTRUCTIONS_SHEET].rows().flat_map(|r| r.iter().map(text).collect::<Vec<_>>()).collect();
        let all = instructions.join("\n");
        for c in cols {
            assert!(instructions.iter().any(|t| t == c.label.vi), "{kind:?}: {} not explained", c.label.vi);
            assert!(instructions.iter().any(|t| t == c.key), "{kind:?}: key {}", c.key);
        }
        // One "Bắt buộc" per required column, and the table's heading.
        let required = instructions.iter().filter(|t| *t == "Bắt buộc").count();
        assert_eq!(required, cols.iter().filter(|c| c.required).count() + 1, "{kind:?}");
        for words in ["triệu đồng", "05/03/2020", "dấu phẩy thập phân", "Ví dụ:", "quoc_gia"] {
            if words == "quoc_gia" && kind == RecordKind::Facility {
                continue;
            }
            assert!(all.contains(words), "{kind:?}: instructions lack {words:?}");
        }

        // Drop-down lists: one per coded column, over the whole column, from the lists sheet.
        let sheet1 = entry(&path, "xl/worksheets/sheet1.xml");
        let lists = &ranges[LISTS_SHEET];
        for (c, column) in cols.iter().enumerate() {
            let letter = column_number_to_name(c as u16);
            let sqref = format!("sqref=\"{letter}2:{letter}1048576\"");
            let at = sheet1.find(&sqref);
            match column.ty {
                FieldType::Code(set) => {
                    let at = at.unwrap_or_else(|| panic!("{kind:?} {}: no validation", column.key));
                    let start = sheet1[..at].rfind("<dataValidation ").expect("validation start");
                    let end = at + sheet1[at..].find("</dataValidation>").expect("validation end");
                    let xml = &sheet1[start..end];
                    assert!(xml.contains("type=\"list\""), "{xml}");
                    assert!(!xml.contains("errorStyle"), "codes refuse other values: {xml}");
                    let formula = &xml[xml.find("<formula1>").unwrap() + 10..];
                    assert!(formula.starts_with("'Danh mục'!$"), "{formula}");
                    // The range holds exactly the Vietnamese labels of the codes.
                    let list_col = formula.strip_prefix("'Danh mục'!$").unwrap().split('$').next().unwrap();
                    let col_index = lists
                        .rows()
                        .next()
                        .unwrap()
                        .iter()
                        .position(|h| text(h) == column.label.vi)
                        .expect("list column");
                    assert_eq!(column_number_to_name(col_index as u16), list_col);
                    let values: Vec<String> =
                        lists.rows().skip(1).map(|r| text(&r[col_index])).filter(|s| !s.is_empty()).collect();
                    let expected: Vec<String> =
                        set.options().iter().map(|(_, vi, _)| vi.to_string()).collect();
                    assert_eq!(values, expected, "{kind:?} {}", column.key);
                }
                FieldType::Year
                | FieldType::Money
                | FieldType::Count
                | FieldType::Date
                | FieldType::District => {
                    assert!(at.is_some(), "{kind:?} {}: no validation", column.key)
                }
                _ => assert!(at.is_none(), "{kind:?} {}: unexpected validation", column.key),
            }
        }
        let codes = cols.iter().filter(|c| matches!(c.ty, FieldType::Code(_))).count();
        let districts = cols.iter().filter(|c| c.ty == FieldType::District).count();
        assert_eq!(sheet1.matches("type=\"list\"").count(), codes + districts, "{kind:?}");
        // Frozen header.
        assert!(sheet1.contains("ySplit=\"1\"") && sheet1.contains("state=\"frozen\""), "{kind:?}");
        // Number formats for money and dates; text for tax codes.
        let styles = entry(&path, "xl/styles.xml");
        if cols.iter().any(|c| c.ty == FieldType::Money) {
            assert!(styles.contains(&format!("formatCode=\"{MONEY_FORMAT}\"")), "{kind:?}");
        }
        if cols.iter().any(|c| c.ty == FieldType::Date) {
            assert!(styles.contains(&format!("formatCode=\"{DATE_FORMAT}\"")), "{kind:?}");
        }
        assert!(styles.contains("formatCode=\"@\""), "{kind:?}");
        // Required columns are marked in the header's note (and its colour).
        let notes = entry(&path, "xl/comments1.xml");
        assert_eq!(
            notes.matches("Bắt buộc nhập.").count(),
            cols.iter().filter(|c| c.required).count(),
            "{kind:?}"
        );
        assert_eq!(notes.matches("Không bắt buộc.").count(), cols.iter().filter(|c| !c.required).count());
    }
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A value typed into a filled-in template.
enum V {
    T(&'static str),
    N(f64),
}

/// Adds `rows` below the example row of the template's data sheet, as Excel
/// would save them (text and number cells), keeping everything else.
fn fill_xlsx(template: &Path, out: &Path, kind: RecordKind, rows: &[Vec<(&str, V)>]) {
    let cols = columns(kind);
    let mut xml = String::new();
    for (i, row) in rows.iter().enumerate() {
        let r = i + 3;
        xml.push_str(&format!("<row r=\"{r}\">"));
        for (key, value) in row {
            let c = cols.iter().position(|c| c.key == *key).unwrap_or_else(|| panic!("{key}"));
            let cell = format!("{}{r}", column_number_to_name(c as u16));
            match value {
                V::T(s) => xml.push_str(&format!(
                    "<c r=\"{cell}\" t=\"inlineStr\"><is><t>{}</t></is></c>",
                    xml_escape(s)
                )),
                V::N(x) => xml.push_str(&format!("<c r=\"{cell}\"><v>{x}</v></c>")),
            }
        }
        xml.push_str("</row>");
    }
    let last = column_number_to_name(cols.len() as u16 - 1);
    let mut writer = zip::ZipWriter::new(fs::File::create(out).expect("create"));
    for (name, bytes) in unzip(template) {
        let bytes = if name == "xl/worksheets/sheet1.xml" {
            let sheet = String::from_utf8(bytes).unwrap();
            assert!(sheet.contains(&format!("<dimension ref=\"A1:{last}2\"/>")), "{sheet:.300}");
            sheet
                .replace(
                    &format!("<dimension ref=\"A1:{last}2\"/>"),
                    &format!("<dimension ref=\"A1:{last}{}\"/>", rows.len() + 2),
                )
                .replace("</sheetData>", &format!("{xml}</sheetData>"))
                .into_bytes()
        } else {
            bytes
        };
        writer.start_file(name, zip::write::SimpleFileOptions::default()).expect("entry");
        writer.write_all(&bytes).expect("write");
    }
    writer.finish().expect("zip");
}

fn fresh(dir: &Path, name: &str) -> Workbook {
    Workbook::open(&empty_in(dir, name), OpenMode::Normal).expect("workbook")
}

fn import(wb: &mut Workbook, path: &Path, kind: RecordKind) -> khuyencong::exchange::import::ImportOutcome {
    import_file(wb, path, kind).unwrap_or_else(|e| panic!("{kind:?}: {}", e.message(Lang::En)))
}

#[test]
fn a_filled_facilities_template_imports_as_is_without_the_example() {
    let dir = temp();
    let kind = RecordKind::Facility;
    let filled = dir.path().join("cơ sở đã điền.xlsx");
    fill_xlsx(
        &template(dir.path(), kind),
        &filled,
        kind,
        &[
            vec![
                ("ten_co_so", V::T("HTX Gốm Đỏ Mang Thít")),
                ("loai_hinh", V::T("Hợp tác xã")),
                ("ma_so_thue", V::T("0101234567")),
                ("xa_phuong", V::T("Xã Mỹ An")),
                ("huyen", V::T("huyện Mang Thít")),
                ("nganh", V::T("Thủ công mỹ nghệ")),
            ],
            vec![
                ("ten_co_so", V::T("Hộ Đan Lục Bình Út Hiền")),
                ("loai_hinh", V::T("ho_kinh_doanh")),
                ("xa_phuong", V::T("Xã Hựu Thành")),
                ("huyen", V::T("Trà Ôn")),
            ],
        ],
    );
    let mut wb = fresh(dir.path(), "sổ.db");
    let outcome = import(&mut wb, &filled, kind);
    assert_eq!((outcome.records, outcome.examples_skipped), (2, 1));
    let got = wb.list::<Facility>().unwrap();
    let names: Vec<&str> = got.iter().map(|f| f.record.name.as_str()).collect();
    assert_eq!(names, ["HTX Gốm Đỏ Mang Thít", "Hộ Đan Lục Bình Út Hiền"]);
    assert_eq!(got[0].record.tax_code, "0101234567");
    assert_eq!(got[0].record.district, "Mang Thít");
    assert_eq!(got[0].record.kind.map(khuyencong::domain::codes::Code::code), Some("hop_tac_xa"));
    assert_eq!(got[0].record.province, "Vĩnh Long");
}

#[test]
fn a_filled_projects_template_imports_with_numbers_decimal_commas_and_dates() {
    let dir = temp();
    let kind = RecordKind::Project;
    let filled = dir.path().join("đề án đã điền.xlsx");
    fill_xlsx(
        &template(dir.path(), kind),
        &filled,
        kind,
        &[
            vec![
                ("ma_de_an", V::T("KCĐP-2025-01")),
                ("nam", V::N(2025.0)),
                ("ten_de_an", V::T("Máy đóng gói bánh phồng")),
                ("nguon_kinh_phi", V::T("Khuyến công địa phương")),
                ("noi_dung", V::T("Ứng dụng máy móc thiết bị tiên tiến")),
                ("ten_co_so", V::T("Cơ sở Bánh Phồng Sáu Mến")),
                ("kinh_phi_ho_tro", V::N(4.9)),
                ("von_doi_ung", V::T("1.518")),
                ("ngay_phe_duyet", V::T("05/03/2025")),
                // An Excel date cell without its style: the day number.
                ("ngay_nghiem_thu", V::N(45_658.0 + 300.0)),
            ],
            vec![
                ("nam", V::T("2025")),
                ("ten_de_an", V::T("Tuyên truyền chính sách khuyến công")),
                ("nguon_kinh_phi", V::T("quoc_gia")),
                ("noi_dung", V::T("thong tin tuyen truyen")),
                ("kinh_phi_ho_tro", V::T("120,25")),
                ("trang_thai", V::T("Đang thực hiện")),
            ],
        ],
    );
    let mut wb = fresh(dir.path(), "sổ.db");
    let outcome = import(&mut wb, &filled, kind);
    assert_eq!((outcome.records, outcome.facilities_created, outcome.examples_skipped), (2, 1, 1));
    let projects = wb.list::<Project>().unwrap();
    let p = &projects[0].record;
    assert_eq!(p.support_vnd, 4_900_000);
    assert_eq!(p.counterpart_vnd, 1_518_000_000);
    assert_eq!(p.approved_on.unwrap().to_string(), "2025-03-05");
    assert_eq!(p.accepted_on.unwrap().to_string(), "2025-10-28");
    assert_eq!(projects[1].record.support_vnd, 120_250_000);
    assert_eq!(projects[1].record.facility_id, None);
    // The example's facility was not created.
    let facilities = wb.list::<Facility>().unwrap();
    assert_eq!(facilities.len(), 1);
    assert_eq!(facilities[0].record.name, "Cơ sở Bánh Phồng Sáu Mến");
}

#[test]
fn a_filled_trainings_template_imports_as_is() {
    let dir = temp();
    let kind = RecordKind::Training;
    let filled = dir.path().join("đào tạo đã điền.xlsx");
    fill_xlsx(
        &template(dir.path(), kind),
        &filled,
        kind,
        &[
            vec![
                ("nam", V::N(2023.0)),
                ("ten_lop", V::T("Lớp đan lục bình")),
                ("loai", V::T("Truyền nghề")),
                ("so_hoc_vien", V::N(32.0)),
                ("so_hoc_vien_nu", V::T("30")),
                ("tu_ngay", V::T("05/03/2023")),
                ("den_ngay", V::N(45_097.0)),
                ("kinh_phi", V::T("4,9")),
            ],
            vec![
                ("nam", V::N(2023.0)),
                ("ten_lop", V::T("Hội thảo chuyển đổi số")),
                ("loai", V::T("hoi_thao")),
                ("so_hoc_vien", V::N(80.0)),
            ],
        ],
    );
    let mut wb = fresh(dir.path(), "sổ.db");
    let outcome = import(&mut wb, &filled, kind);
    assert_eq!((outcome.records, outcome.examples_skipped), (2, 1));
    let t = wb.list::<Training>().unwrap();
    assert_eq!(t[0].record.name, "Lớp đan lục bình");
    assert_eq!(t[0].record.trainees, 32);
    assert_eq!(t[0].record.female_trainees, Some(30));
    assert_eq!(t[0].record.start_on.unwrap().to_string(), "2023-03-05");
    assert_eq!(t[0].record.end_on.unwrap().to_string(), "2023-06-20");
    assert_eq!(t[0].record.cost_vnd, 4_900_000);
    assert_eq!(t[1].record.trainees, 80);
    assert!(wb.list::<Facility>().unwrap().is_empty(), "the example's host facility is not created");
}

#[test]
fn a_filled_design_template_imports_as_is() {
    let dir = temp();
    let kind = RecordKind::Design;
    let filled = dir.path().join("thiết kế đã điền.xlsx");
    fill_xlsx(
        &template(dir.path(), kind),
        &filled,
        kind,
        &[
            vec![
                ("nam", V::N(2024.0)),
                ("ten_co_so", V::T("Cơ sở Bánh Phồng Tôm Sáu Mến")),
                ("san_pham", V::T("Bánh phồng tôm")),
                ("hinh_thuc", V::T("Thiết kế bao bì")),
                ("kinh_phi_ho_tro", V::T("12,5")),
            ],
            vec![
                ("nam", V::N(2024.0)),
                ("ten_co_so", V::T("co so banh phong tom sau men")),
                ("san_pham", V::T("Bánh phồng tôm")),
                ("hinh_thuc", V::T("Đăng ký nhãn hiệu")),
                ("nguon_kinh_phi", V::T("dia_phuong")),
                ("kinh_phi_ho_tro", V::N(30.0)),
            ],
        ],
    );
    let mut wb = fresh(dir.path(), "sổ.db");
    let outcome = import(&mut wb, &filled, kind);
    assert_eq!((outcome.records, outcome.facilities_created, outcome.examples_skipped), (2, 1, 1));
    let d = wb.list::<DesignSupport>().unwrap();
    assert_eq!(d[0].record.support_vnd, 12_500_000);
    assert_eq!(d[1].record.support_vnd, 30_000_000);
    assert_eq!(d[0].record.facility_id, d[1].record.facility_id, "one facility, named two ways");
}

/// The template's headers and example row saved as CSV (as Excel does)
/// import too: the example line is skipped there as well.
#[test]
fn a_template_saved_as_csv_skips_the_example_line() {
    let dir = temp();
    let kind = RecordKind::Project;
    let (_, ranges) = read_book(&template(dir.path(), kind));
    let data = &ranges[data_sheet_name(kind)];
    let mut csv = String::from("\u{FEFF}");
    for row in data.rows() {
        let cells: Vec<String> = row
            .iter()
            .map(|d| match d {
                Data::DateTime(dt) => {
                    let (y, m, day, ..) = dt.to_ymd_hms_milli();
                    format!("{day:02}/{m:02}/{y}")
                }
                Data::Float(x) => x.to_string().replace('.', ","),
                other => format!("\"{}\"", text(other)),
            })
            .collect();
        csv.push_str(&cells.join(";"));
        csv.push('\n');
    }
    csv.push_str(";2024;Máy sấy;dia_phuong;may_moc_thiet_bi;;;;;278,5;;;;;;\n");
    let path = dir.path().join("đề án.csv");
    fs::write(&path, csv).unwrap();
    let mut wb = fresh(dir.path(), "sổ.db");
    let outcome = import(&mut wb, &path, kind);
    assert_eq!((outcome.records, outcome.examples_skipped), (1, 1));
    assert_eq!(wb.list::<Project>().unwrap()[0].record.support_vnd, 278_500_000);
}

#[test]
fn an_untouched_template_has_no_rows_to_import() {
    let dir = temp();
    let path = template(dir.path(), RecordKind::Training);
    let db = empty_in(dir.path(), "sổ.db");
    let before = fs::read(&db).unwrap();
    let mut wb = Workbook::open(&db, OpenMode::Normal).unwrap();
    assert_eq!(import_file(&mut wb, &path, RecordKind::Training), Err(ImportError::NoRows));
    drop(wb);
    assert_eq!(fs::read(&db).unwrap(), before);
}

#[test]
fn a_template_that_cannot_be_written_says_so_in_both_languages() {
    let dir = temp();
    // A folder where the file should go.
    let target = dir.path().join("mẫu.xlsx");
    fs::create_dir(&target).unwrap();
    let err = write_template(RecordKind::Project, &target).unwrap_err();
    assert!(matches!(err, TemplateError::Io(_)), "{err:?}");
    assert!(err.message(Lang::Vi).starts_with("Không ghi được tệp Excel"), "{}", err.message(Lang::Vi));
    assert!(err.message(Lang::En).starts_with("Could not write the Excel file"));
    // No temporary file is left behind.
    let left: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left.len(), 1, "{left:?}");
}
