//! The fuzz targets' checks (fuzz/checks.rs) run in `cargo test`: on every file
//! kept in tests/corpus/<target>/ (inputs found while fuzzing and every crash
//! reproducer), and on cases made here with fixed seeds — each truncation of a
//! workbook at a page boundary, random byte flips, damaged header fields,
//! broken CSV and XLSX files — so the test means something without the corpus.

#[path = "../fuzz/checks.rs"]
mod checks;
mod common;

use std::fs;
use std::path::{Path, PathBuf};

use khuyencong::domain::fields::Draft;
use khuyencong::domain::number::{format_int, format_million};
use khuyencong::domain::{Facility, RecordKind};
use khuyencong::i18n::Lang;
use khuyencong::spreadsheet::xlsx::read as read_xlsx;
use khuyencong::spreadsheet::{Excess, ReadError};
use khuyencong::workbook::{OpenMode, Workbook};

/// xorshift64*: fixed seeds, so a failure replays.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn corpus(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus").join(target);
    let mut files: Vec<PathBuf> =
        fs::read_dir(&dir).expect("corpus folder").map(|e| e.expect("entry").path()).collect();
    files.sort();
    files
}

fn replay(target: &str, check: fn(&[u8])) -> usize {
    let files = corpus(target);
    assert!(!files.is_empty(), "tests/corpus/{target} holds inputs");
    for file in &files {
        let bytes = fs::read(file).expect("read");
        // A failing file is named before the check's own message.
        eprintln!("replaying {}", file.display());
        check(&bytes);
    }
    files.len()
}

/// Every byte of `base` flipped at `count` random places, and `bursts` random runs.
fn mutations(base: &[u8], seed: u64, count: usize, bursts: usize) -> Vec<Vec<u8>> {
    let mut rng = Rng(seed);
    let mut out = Vec::new();
    for _ in 0..count {
        let mut bytes = base.to_vec();
        let at = rng.below(bytes.len());
        bytes[at] ^= 1 << rng.below(8);
        out.push(bytes);
    }
    for _ in 0..bursts {
        let mut bytes = base.to_vec();
        let len = 1 + rng.below(64);
        let at = rng.below(bytes.len().saturating_sub(len));
        for b in &mut bytes[at..at + len] {
            *b = rng.next() as u8;
        }
        out.push(bytes);
    }
    out
}

#[test]
fn the_corpus_replays() {
    let n = replay("numbers", checks::numbers)
        + replay("csv_import", checks::csv_import)
        + replay("xlsx_import", checks::xlsx_import)
        + replay("xls_import", checks::xls_import)
        + replay("ods_import", checks::ods_import)
        + replay("workbook_open", checks::workbook_open)
        + replay("merge_source", checks::merge_source);
    eprintln!("{n} corpus files replayed");
}

#[test]
fn what_fuzzing_found_stays_fixed() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    // A cell reference whose row number overflows made calamine panic.
    let overflow = read_xlsx(&corpus.join("xlsx_import/crash-cell-reference-overflow.xlsx"));
    assert!(matches!(overflow, Err(ReadError::Damaged(_) | ReadError::TooLarge(_))), "{overflow:?}");
    // A cell four billion rows down would have been a rectangle of that many rows.
    let far = read_xlsx(&corpus.join("xlsx_import/far-row.xlsx"));
    let outside = ReadError::TooLarge(Excess::OutsideSheet);
    assert_eq!(far.as_ref().err(), Some(&outside));
    assert!(outside.message(Lang::Vi).contains("ngoài số dòng, số cột của Excel"));
    assert!(outside.message(Lang::En).contains("beyond Excel's rows or columns"));
    // Excel's last column is still a spreadsheet.
    let wide = read_xlsx(&corpus.join("xlsx_import/last-column.xlsx")).expect("read");
    assert_eq!(wide.sheets[0].first_col + wide.sheets[0].width as u32, 16_384);
    // A WAL-mode workbook whose office is missing was refused only after being
    // switched to the rollback journal: refused now with every byte as it was.
    let dir = common::temp();
    let path = dir.path().join("sổ.db");
    fs::copy(corpus.join("workbook_open/crash-wal-bad-office-id.db"), &path).expect("copy");
    let before = fs::read(&path).expect("read");
    assert_eq!(
        Workbook::open(&path, OpenMode::Normal).err(),
        Some(khuyencong::workbook::WorkbookError::Damaged("workbook_info".into()))
    );
    assert_eq!(fs::read(&path).expect("read"), before);
}

#[test]
fn numbers_and_dates_round_trip() {
    let typed = [
        "3.900",
        "278,5",
        "1.234,56",
        "0,5",
        ",5",
        "278.5",
        "-5",
        "+7",
        " 10 862 ",
        "4,9",
        "0,0000015",
        "0,0000005",
        "9.223.372.036.854,775807",
        "-9.223.372.036.854,775808",
        "9223372036854775807",
        "-9223372036854775808",
        "9223372036854775808",
        "1.2.3",
        "12.34.567",
        "1,2,3",
        "",
        "-",
        ",",
        ".",
        "1.",
        ".1",
        "1,",
        "--1",
        "1e5",
        "١٢٣",
        "１２３",
        "3.900.000.000.000.000",
        "21/5/2012",
        "05/02/2023",
        "2023-02-05",
        "29/02/2024",
        "29/02/2023",
        "31/12/9999",
        "1/1/0000",
        "00/00/0000",
        "5/2/23",
    ];
    for text in typed {
        checks::numbers(text.as_bytes());
    }
    for value in [0, 1, -1, 999_999, 1_000_000, i64::MAX, i64::MIN, i64::MIN + 1, 4_900_000_000] {
        checks::numbers(&value.to_le_bytes());
        checks::numbers(format_million(value).as_bytes());
        checks::numbers(format_int(value).as_bytes());
    }
    for x in
        [0.0, 0.5, -0.5, 278.5, 1e15, 9.2e12, 9.3e12, f64::NAN, f64::INFINITY, f64::MIN_POSITIVE, 44927.0]
    {
        checks::numbers(&f64::to_le_bytes(x));
    }
    // Random strings of the characters numbers are written with.
    let alphabet: Vec<char> = "0123456789.,-+ /'\u{a0}".chars().collect();
    let mut rng = Rng(7);
    for _ in 0..20_000 {
        let len = rng.below(14);
        let text: String = (0..len).map(|_| alphabet[rng.below(alphabet.len())]).collect();
        checks::numbers(text.as_bytes());
    }
}

fn project_csv() -> String {
    "ma_de_an;nam;ten_de_an;nguon_kinh_phi;noi_dung;ten_co_so;ma_so_thue;kinh_phi_ho_tro;von_doi_ung;ngay_phe_duyet;ghi_chu\r\n\
     KC-1;2021;Hỗ trợ máy sấy;quoc_gia;may_moc_thiet_bi;Cơ sở Bánh Phồng Tôm Tư Nhớ;1500123467;278,5;1.234,5;21/5/2021;\"dòng 1\r\ndòng 2\"\r\n\
     KC-2;2022;Mô hình \u{202E}trình diễn;Khuyến công địa phương;mo_hinh_trinh_dien;Cơ sở Mới 🍜;;1.000;3.000;01/02/2022;\r\n"
        .to_string()
}

#[test]
fn broken_csv_files_are_refused_or_imported_cleanly() {
    let csv = project_csv();
    let bytes = csv.as_bytes();
    checks::csv_import(bytes);
    // Every cut, and byte flips and bursts (some break UTF-8, quoting, columns).
    for cut in 0..bytes.len() {
        checks::csv_import(&bytes[..cut]);
    }
    for mutated in mutations(bytes, 11, 300, 60) {
        checks::csv_import(&mutated);
    }
    let tricky: [&[u8]; 8] = [
        b"",
        b"\xEF\xBB\xBF",
        b"\"",
        b"ten_co_so\n\"unterminated",
        b"ten_co_so,ten_co_so\nA,B",
        b";;;\n;;;\n",
        b"ten_co_so\r\n\0\r\n",
        b"nam\tten_lop\tloai\tso_hoc_vien\n2020\tL\xe1\xbb\x9bp\ttap_huan\t-1\n",
    ];
    for input in tricky {
        checks::csv_import(input);
    }
}

#[test]
fn broken_xlsx_files_are_refused_or_imported_cleanly() {
    let dir = common::temp();
    let path = dir.path().join("đề án.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let csv = project_csv();
    let rows: Vec<Vec<&str>> = csv.lines().map(|l| l.split(';').collect()).collect();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            match cell.replace('.', "").replace(',', ".").parse::<f64>() {
                Ok(x) if r > 0 && c != 6 => sheet.write_number(r as u32, c as u16, x),
                _ => sheet.write_string(r as u32, c as u16, *cell),
            }
            .expect("cell");
        }
    }
    book.save(&path).expect("save");
    let bytes = fs::read(&path).expect("read");
    checks::xlsx_import(&bytes);
    let mut rng = Rng(5);
    for _ in 0..40 {
        checks::xlsx_import(&bytes[..rng.below(bytes.len())]);
    }
    for mutated in mutations(&bytes, 13, 150, 30) {
        checks::xlsx_import(&mutated);
    }
    checks::xlsx_import(b"PK\x03\x04");
    checks::xlsx_import(b"ten_co_so\nnot a zip");
}

/// Officers' files from tests/corpus/officers, cut and mutated: XLS (its
/// BIFF records and compound file) and ODS (its zip and XML) readers.
#[test]
fn broken_xls_and_ods_files_are_refused_or_imported_cleanly() {
    let officers = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/officers");
    for (name, check) in [
        ("de-an-2022-an-dong-rut.xls", checks::xls_import as fn(&[u8])),
        ("de-an-2014-2016-tcvn3.xls", checks::xls_import),
        ("de-an-2023-ubnd.ods", checks::ods_import),
        ("thiet-ke-2022-2023-hai-sheet.ods", checks::ods_import),
    ] {
        let bytes = fs::read(officers.join(name)).expect("an officer's file");
        check(&bytes);
        let mut rng = Rng(7);
        for _ in 0..12 {
            check(&bytes[..rng.below(bytes.len())]);
        }
        for mutated in mutations(&bytes, 17, 40, 10) {
            check(&mutated);
        }
    }
    checks::xls_import(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    checks::ods_import(b"PK\x03\x04");
}

/// A small workbook with a record of every kind, as bytes.
fn small_workbook(dir: &Path) -> Vec<u8> {
    let path = common::empty_in(dir, "nhỏ.db");
    let mut wb = Workbook::open(&path, OpenMode::Normal).expect("open");
    let facility = Draft::new(RecordKind::Facility)
        .with("ten_co_so", "Cơ sở Bánh Tráng Mỹ Lồng")
        .with("ma_so_thue", "1500123467")
        .to_facility()
        .record
        .expect("valid");
    let fid = wb.insert::<Facility>(&facility).expect("insert");
    for year in 2014..2024 {
        let project = Draft::new(RecordKind::Project)
            .with("nam", year.to_string())
            .with("ten_de_an", format!("Hỗ trợ máy móc {year}"))
            .with("nguon_kinh_phi", "quoc_gia")
            .with("noi_dung", "may_moc_thiet_bi")
            .with("kinh_phi_ho_tro", "278,5")
            .with("von_doi_ung", "600")
            .to_project(Some(fid.clone()))
            .record
            .expect("valid");
        wb.insert(&project).expect("insert");
        let training = Draft::new(RecordKind::Training)
            .with("nam", year.to_string())
            .with("ten_lop", "Lớp may công nghiệp")
            .with("loai", "dao_tao_nghe")
            .with("so_hoc_vien", "30")
            .to_training(None)
            .record
            .expect("valid");
        wb.insert(&training).expect("insert");
        let design = Draft::new(RecordKind::Design)
            .with("nam", year.to_string())
            .with("ten_co_so", "Cơ sở Bánh Tráng Mỹ Lồng")
            .with("san_pham", "Bánh tráng")
            .with("hinh_thuc", "bao_bi")
            .to_design(Some(fid.clone()))
            .record
            .expect("valid");
        wb.insert(&design).expect("insert");
    }
    drop(wb);
    fs::read(&path).expect("read")
}

#[test]
fn damaged_workbooks_are_refused_unchanged_or_read_without_panic() {
    let dir = common::temp();
    let bytes = small_workbook(dir.path());
    checks::workbook_open(&bytes);
    let page = u16::from_be_bytes([bytes[16], bytes[17]]) as usize;
    assert_eq!(bytes.len() % page, 0);
    let mut cases = 0;
    // Every truncation at a page boundary, and a few anywhere.
    for cut in (0..bytes.len()).step_by(page) {
        checks::workbook_open(&bytes[..cut]);
        cases += 1;
    }
    let mut rng = Rng(3);
    for _ in 0..20 {
        checks::workbook_open(&bytes[..rng.below(bytes.len())]);
        cases += 1;
    }
    // Header fields one by one: page size, write/read versions (WAL), page
    // count, schema cookie, user_version, application_id, text encoding.
    for (at, value) in [
        (16, 0x00),
        (17, 0x01),
        (18, 2),
        (19, 2),
        (18, 9),
        (21, 0),
        (28, 0xFF),
        (31, 0x00),
        (43, 0x77),
        (59, 0xFF),
        (60, 0x7F),
        (63, 0x00),
        (56, 0x00),
        (59, 3),
        (68, 0x00),
        (71, 0x48),
    ] {
        let mut b = bytes.clone();
        b[at] = value;
        checks::workbook_open(&b);
        cases += 1;
    }
    for mutated in mutations(&bytes, 17, 200, 40) {
        checks::workbook_open(&mutated);
        cases += 1;
    }
    // Each b-tree page's header scribbled on.
    for p in 1..bytes.len() / page {
        let mut b = bytes.clone();
        for x in &mut b[p * page..p * page + 12] {
            *x = rng.next() as u8;
        }
        checks::workbook_open(&b);
        cases += 1;
    }
    eprintln!("{cases} damaged workbooks checked");
}

#[test]
fn damaged_merge_sources_are_refused_with_the_target_untouched_or_merged_cleanly() {
    let dir = common::temp();
    let bytes = small_workbook(dir.path());
    checks::merge_source(&bytes);
    let page = u16::from_be_bytes([bytes[16], bytes[17]]) as usize;
    let mut cases = 1;
    for cut in (0..bytes.len()).step_by(page) {
        checks::merge_source(&bytes[..cut]);
        cases += 1;
    }
    for mutated in mutations(&bytes, 29, 120, 30) {
        checks::merge_source(&mutated);
        cases += 1;
    }
    eprintln!("{cases} damaged merge sources checked");
}
