//! The overview's charts in the window: titles and key figures, presentation
//! mode with the keyboard, and the numbers behind a chart exported to a file.

mod common;

use common::*;
use egui_kittest::kittest::Queryable;
use khuyencong::command::ChartId;
use khuyencong::command::{Command, Screen};

#[test]
fn the_overview_shows_every_chart_and_the_key_figures_of_the_range() {
    let dir = temp();
    let file = sample_in(dir.path());
    let mut h = harness(app_on(&file, dir.path()));
    // 2014–2023 by default: the published ten years.
    assert_eq!(input(&h, "Từ năm").value().as_deref(), Some("2014"));
    assert_eq!(input(&h, "Đến năm").value().as_deref(), Some("2023"));
    assert!(h.query_by_label("102").is_some(), "102 projects in 2014–2023");
    assert!(h.query_by_label("15,61 tỷ đồng").is_some(), "support in tỷ");
    assert!(h.query_by_label("1.518").is_some(), "trainees");
    for chart in ChartId::ALL {
        let title = chart.title(khuyencong::i18n::Lang::Vi);
        h.get_by_label(title).scroll_to_me();
        settle(&mut h);
        assert!(h.query_by_label(title).is_some(), "{title}");
    }
    // Legends sit under their charts, one entry per series.
    assert!(h.query_by_label("Hỗ trợ – Khuyến công quốc gia").is_some());
    assert!(h.query_by_label("Đối ứng – Khuyến công địa phương").is_some());
    // A filter changes the figures: national fund only.
    choose(&mut h, "Nguồn", "Khuyến công quốc gia");
    assert!(h.query_by_label("14").is_some(), "14 national projects");
    assert!(h.query_by_label("3.900 triệu đồng").is_some());
    assert!(h.query_by_label("6.096 triệu đồng").is_some());
}

#[test]
fn presentation_mode_shows_one_chart_at_a_time_and_the_arrows_move() {
    let dir = temp();
    let file = sample_in(dir.path());
    let mut h = harness(app_on(&file, dir.path()));
    h.key_press(egui::Key::F11);
    settle(&mut h);
    let vi = khuyencong::i18n::Lang::Vi;
    assert!(h.query_by_label(ChartId::Funding.title(vi)).is_some());
    assert!(h.query_by_label(ChartId::ProjectsByContent.title(vi)).is_none(), "one chart at a time");
    assert!(
        h.query_by_label_contains("Giai đoạn 2014–2023 · Hỗ trợ 15.607 triệu đồng").is_some(),
        "key figure"
    );
    assert!(h.query_by_label_contains("Tệp").is_none(), "no menu in presentation");
    h.key_press(egui::Key::ArrowRight);
    settle(&mut h);
    assert!(h.query_by_label(ChartId::ProjectsByContent.title(vi)).is_some());
    h.key_press(egui::Key::ArrowLeft);
    h.key_press(egui::Key::ArrowLeft);
    settle(&mut h);
    assert!(h.query_by_label(ChartId::PlanProgress.title(vi)).is_some(), "wraps around to the last");
    h.key_press(egui::Key::Escape);
    settle(&mut h);
    assert!(h.query_by_label("Tệp").is_some(), "back to the window");
    assert_eq!(h.state().screen(), Screen::Overview);
}

#[test]
fn a_charts_numbers_export_to_csv_and_xlsx() {
    let dir = temp();
    let file = sample_in(dir.path());
    let mut h = harness(app_on(&file, dir.path()));
    h.state_mut().push(Command::AskFile(khuyencong::command::FilePurpose::Chart(
        ChartId::Funding,
        khuyencong::command::ChartFile::Numbers,
    )));
    settle(&mut h);
    let csv = dir.path().join("kinh phí.csv");
    type_into(&mut h, "Đường dẫn tệp", csv.to_str().unwrap());
    click(&mut h, "Xuất");
    let bytes = std::fs::read(&csv).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "BOM for Excel");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let header = text.lines().next().unwrap();
    assert!(header.starts_with("Năm,"), "{header}");
    assert!(header.contains("Hỗ trợ – Khuyến công quốc gia (triệu đồng)"), "{header}");
    assert_eq!(text.lines().count(), 11, "a header and ten years");
    assert!(h.query_by_label_contains("Đã xuất").is_some());

    let xlsx = dir.path().join("đề án.xlsx");
    h.state_mut().push(Command::SaveChartData(ChartId::ProjectsByContent, xlsx.clone()));
    settle(&mut h);
    use calamine::{Data, DataType, Reader, Xlsx, open_workbook};
    let mut book: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    let rows: Vec<&[Data]> = range.rows().collect();
    // Title, blank, header, then ten years; the counts add up to 102 projects.
    let total: f64 = rows[3..].iter().flat_map(|r| r[1..].iter()).filter_map(|c| c.as_f64()).sum();
    assert_eq!(total, 102.0);
    assert_eq!(rows[3][0], Data::String("2014".into()));
}

#[test]
fn copying_a_chart_where_no_picture_can_be_taken_says_so() {
    let dir = temp();
    let file = sample_in(dir.path());
    let mut h = harness(app_on(&file, dir.path()));
    h.state_mut().push(Command::CopyChartImage(ChartId::Cumulative));
    // The headless window draws the chart alone, waits for a picture that never comes, then explains.
    for _ in 0..140 {
        h.step();
    }
    settle(&mut h);
    assert!(
        h.state().message().is_some_and(|m| m.contains("Không chụp được ảnh biểu đồ")),
        "{:?}",
        h.state().message()
    );
    assert!(h.query_by_label("Tệp").is_some(), "the window is back");
}
