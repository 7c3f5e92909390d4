//! Files where officers look: exports, templates and charts suggested in the
//! Documents folder with a proper name; a list's CSV holds what the list
//! shows; "Chọn…" without a system dialog says so and keeps the path.

mod common;

use std::path::Path;

use common::*;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use khuyencong::app::settings::Folders;
use khuyencong::app::{App, StartOptions};
use khuyencong::command::{ChartFile, ChartId, Command, FilePurpose, Screen};
use khuyencong::domain::RecordKind;
use khuyencong::i18n::Lang;
use khuyencong::workbook::{OpenMode, Workbook};

/// The path the file dialog suggests.
fn suggested(h: &mut Harness<'static, App>, purpose: FilePurpose) -> String {
    h.state_mut().push(Command::AskFile(purpose));
    settle(h);
    let value = input(h, "Đường dẫn tệp").accesskit_node().value().map(|v| v.to_string());
    h.state_mut().push(Command::CloseDialog);
    settle(h);
    value.expect("the path field has a value")
}

fn span(file: &Path) -> (i32, i32) {
    let wb = Workbook::open(file, OpenMode::ReadOnly).expect("open");
    wb.year_span().expect("span").expect("years")
}

#[test]
fn exports_templates_and_charts_are_suggested_in_the_documents_folder_with_their_extension() {
    let dir = temp();
    let file = sample_in(dir.path());
    let (from, to) = span(&file);
    let docs = dir.path().join("documents");
    let mut h = harness(app_on(&file, dir.path()));
    let workbook = suggested(&mut h, FilePurpose::ExportWorkbook);
    assert_eq!(Path::new(&workbook), docs.join(format!("so-khuyen-cong-{from}-{to}.xlsx")));
    assert_eq!(
        Path::new(&suggested(&mut h, FilePurpose::ExportCsv(RecordKind::Project))),
        docs.join(format!("de-an-{from}-{to}.csv"))
    );
    assert_eq!(
        Path::new(&suggested(&mut h, FilePurpose::Template(RecordKind::Project))),
        docs.join("mau-nhap-de-an.xlsx")
    );
    assert_eq!(
        Path::new(&suggested(&mut h, FilePurpose::Template(RecordKind::Design))),
        docs.join("mau-nhap-thiet-ke-bao-bi.xlsx")
    );
    let chart = suggested(&mut h, FilePurpose::Chart(ChartId::Funding, ChartFile::Image));
    assert!(Path::new(&chart).starts_with(&docs) && chart.ends_with(".png"), "{chart}");
    // The suggestion is taken as it is: the export lands there (the folder made).
    h.state_mut().push(Command::AskFile(FilePurpose::ExportWorkbook));
    settle(&mut h);
    h.get_by_label("Xuất").click();
    h.step();
    wait_for_job(&mut h);
    assert!(Path::new(&workbook).is_file(), "{workbook}: {:?}", h.state().message());
}

#[test]
fn the_list_csv_holds_exactly_the_rows_the_list_shows() {
    let dir = temp();
    let file = sample_in(dir.path());
    let conn = db(&file);
    let total: i64 = conn
        .query_row("SELECT COUNT(*) FROM projects WHERE deleted_at IS NULL", [], |r| r.get(0))
        .expect("count");
    let mut codes: Vec<String> = conn
        .prepare("SELECT code FROM projects WHERE deleted_at IS NULL AND code LIKE '%-2018-%'")
        .expect("sql")
        .query_map([], |r| r.get(0))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("codes");
    assert!(!codes.is_empty() && (codes.len() as i64) < total);
    let mut h = harness(app_on(&file, dir.path()));
    h.state_mut().push(Command::Show(Screen::Projects));
    settle(&mut h);
    type_into(&mut h, "Tìm", "-2018-");
    h.state_mut().push(Command::AskFile(FilePurpose::ExportCsv(RecordKind::Project)));
    settle(&mut h);
    let note = format!("Ghi {} dòng đang hiện trong danh sách", codes.len());
    assert!(h.query_by_label_contains(&note).is_some(), "{:?}", visible_texts(&h));
    let csv = dir.path().join("đề án 2018.csv");
    type_into(&mut h, "Đường dẫn tệp", path_str(&csv));
    h.get_by_label("Xuất").click();
    h.step();
    wait_for_job(&mut h);
    let text = std::fs::read_to_string(&csv).expect("the CSV");
    let mut rows = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header = rows.headers().expect("header").clone();
    let code_at = header.iter().position(|c| c.starts_with("Mã đề án")).expect("a code column");
    let mut written: Vec<String> = rows.records().map(|r| r.expect("a row")[code_at].to_string()).collect();
    written.sort();
    codes.sort();
    assert_eq!(written, codes);
}

#[test]
fn browse_without_a_system_dialog_says_so_and_keeps_the_typed_path() {
    let dir = temp();
    let file = sample_in(dir.path());
    let folders = Folders { system_dialog: false, ..Folders::under(dir.path()) };
    let app = App::new(StartOptions {
        file: Some(file),
        folders: Some(folders),
        lang: Some(Lang::Vi),
        ..Default::default()
    });
    let mut h = harness(app);
    h.state_mut().push(Command::AskFile(FilePurpose::ExportWorkbook));
    settle(&mut h);
    let typed = dir.path().join("báo cáo năm.xlsx");
    type_into(&mut h, "Đường dẫn tệp", path_str(&typed));
    click(&mut h, "Chọn…");
    assert!(
        h.query_by_label_contains("Máy này không mở được hộp chọn tệp của hệ thống").is_some(),
        "{:?}",
        visible_texts(&h)
    );
    let value = input(&h, "Đường dẫn tệp").accesskit_node().value().map(|v| v.to_string());
    assert_eq!(value.as_deref(), Some(path_str(&typed)));
    assert_eq!(h.state().dialog_names(), ["file"]);
}
