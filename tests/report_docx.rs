//! The yearly report as a Word document: the file is read back (its XML
//! parts unzipped) and checked for the Decree 30/2020/NĐ-CP layout and every
//! word given; charts are drawn without a window.
//!
//! `REPORT_DOCX_SAMPLE=/tmp/x.docx cargo test --test report_docx` also writes
//! the sample report there, to convert and look at.

use std::io::Read;
use std::path::Path;

use khuyencong::exchange::chart_table::WriteError;
use khuyencong::i18n::Lang;
use khuyencong::report::docx::{
    Block, Picture, ReportDocument, Section, Table, TableRow, docx_bytes, write_docx,
};
use khuyencong::report::picture::{BarChart, bar_chart_png};

fn row(cells: &[&str], bold: bool) -> TableRow {
    TableRow { cells: cells.iter().map(|c| c.to_string()).collect(), bold }
}

fn projects_table() -> Table {
    Table {
        caption: "Bảng 1. Đề án khuyến công theo nguồn kinh phí và nội dung".into(),
        unit: Some("Đơn vị tính: triệu đồng".into()),
        header: vec![
            "Nguồn kinh phí — nội dung".into(),
            "Số đề án".into(),
            "Kinh phí hỗ trợ".into(),
            "Vốn đối ứng".into(),
        ],
        rows: vec![
            row(
                &["Khuyến công quốc gia — Ứng dụng máy móc thiết bị tiên tiến", "14", "3.900", "6.096"],
                false,
            ),
            row(&["Khuyến công địa phương", "85", "10.862", "11.437"], false),
            row(&["Mô hình trình diễn kỹ thuật sản xuất sản phẩm mới", "3", "845", "4.900"], false),
            row(&["Tổng cộng", "102", "15.607", "22.433"], true),
        ],
        numeric: vec![false, true, true, true],
        widths: vec![46, 12, 21, 21],
    }
}

fn years_chart(lang: Lang) -> BarChart {
    let (support, counterpart, title, unit) = match lang {
        Lang::Vi => {
            ("Kinh phí hỗ trợ", "Vốn đối ứng", "Kinh phí khuyến công theo năm, 2014–2023", "triệu đồng")
        }
        Lang::En => ("Support", "Counterpart", "Khuyến công money by year, 2014–2023", "million đồng"),
    };
    BarChart {
        title: title.into(),
        categories: (2014..=2023).map(|y| y.to_string()).collect(),
        series: vec![
            (
                support.into(),
                vec![980.0, 1120.0, 1305.5, 1410.0, 1502.0, 1650.0, 1720.0, 1390.0, 2100.0, 2430.0],
            ),
            (
                counterpart.into(),
                vec![1510.0, 1800.0, 2050.0, 2300.0, 2410.0, 2600.0, 2450.0, 1900.0, 2800.0, 3130.0],
            ),
        ],
        stacked: false,
        y_label: unit.into(),
        lang,
    }
}

fn activities_chart() -> BarChart {
    BarChart {
        title: "Kinh phí hỗ trợ theo nội dung hoạt động".into(),
        categories: vec![
            "Ứng dụng máy móc thiết bị tiên tiến, chuyển giao công nghệ".into(),
            "Mô hình trình diễn kỹ thuật sản xuất sản phẩm mới".into(),
            "Đào tạo nghề, truyền nghề và phát triển nghề".into(),
            "Tư vấn thiết kế mẫu mã, bao bì đóng gói".into(),
        ],
        series: vec![
            ("Khuyến công quốc gia".into(), vec![3900.0, 0.0, 0.0, 0.0]),
            ("Khuyến công địa phương".into(), vec![8200.0, 845.0, 1200.0, 617.0]),
        ],
        stacked: true,
        y_label: "triệu đồng".into(),
        lang: Lang::Vi,
    }
}

fn picture(chart: &BarChart, caption: &str) -> Picture {
    let png = bar_chart_png(chart, 1600, 900).unwrap();
    Picture { png, width_px: 1600, height_px: 900, caption: caption.into() }
}

fn report() -> ReportDocument {
    ReportDocument {
        lang: Lang::Vi,
        governing_body: "Sở Công Thương tỉnh Vĩnh Long".into(),
        office: "Trung tâm Khuyến công và Xúc tiến thương mại".into(),
        number: "Số: 125/BC-TTKC".into(),
        place_date: "Vĩnh Long, ngày 01 tháng 12 năm 2026".into(),
        title: "BÁO CÁO".into(),
        subject: "Kết quả thực hiện công tác khuyến công năm 2024".into(),
        sections: vec![
            Section {
                heading: "I. KẾT QUẢ THỰC HIỆN".into(),
                blocks: vec![
                    Block::Heading("1. Đề án khuyến công".into()),
                    Block::Paragraph(
                        "Giai đoạn 2014–2023, Trung tâm đã hỗ trợ 14 đề án khuyến công quốc gia ứng dụng máy móc \
                         thiết bị tiên tiến với kinh phí hỗ trợ 3.900 triệu đồng, vốn đối ứng của các cơ sở \
                         6.096 triệu đồng; 85 đề án khuyến công địa phương với kinh phí 10.862 triệu đồng, vốn \
                         đối ứng hơn 11 tỷ đồng."
                            .into(),
                    ),
                    Block::Table(projects_table()),
                    Block::Picture(picture(&years_chart(Lang::Vi), "Hình 1. Kinh phí khuyến công theo năm")),
                    Block::Picture(picture(&activities_chart(), "Hình 2. Kinh phí hỗ trợ theo nội dung")),
                    Block::Heading("2. Đào tạo nghề".into()),
                    Block::Paragraph(
                        "Tổ chức 12 lớp đào tạo nghề may công nghiệp cho 368 học viên; 19 lớp tập huấn, hội thảo \
                         nâng cao năng lực quản lý cho cơ sở công nghiệp nông thôn."
                            .into(),
                    ),
                    Block::Note("Số liệu lấy từ sổ khuyến công ngày 01/12/2026.".into()),
                ],
            },
            Section {
                heading: "II. PHƯƠNG HƯỚNG NĂM 2025".into(),
                blocks: vec![Block::Paragraph(
                    "Tiếp tục hỗ trợ ứng dụng máy móc thiết bị tiên tiến, tư vấn thiết kế mẫu mã, bao bì đóng \
                     gói và sản xuất sạch hơn."
                        .into(),
                )],
            },
        ],
        recipients: vec!["- Sở Công Thương;".into(), "- Cục Công Thương địa phương;".into(), "- Lưu: VT, TTKC.".into()],
        signer_title: "GIÁM ĐỐC".into(),
        signer_name: "Nguyễn Văn An".into(),
    }
}

fn english_report() -> ReportDocument {
    ReportDocument {
        lang: Lang::En,
        governing_body: "Department of Industry and Trade of Vinh Long".into(),
        office: "Industrial Extension and Trade Promotion Centre".into(),
        number: "No.: 125/BC-TTKC".into(),
        place_date: "Vinh Long, 1 December 2026".into(),
        title: "REPORT".into(),
        subject: "Results of industrial extension in 2024".into(),
        sections: vec![Section {
            heading: "I. RESULTS".into(),
            blocks: vec![
                Block::Paragraph("14 national-fund projects received 3,900 million đồng.".into()),
                Block::Picture(picture(&years_chart(Lang::En), "Figure 1. Money by year")),
            ],
        }],
        recipients: vec!["- Department of Industry and Trade;".into(), "- Archive.".into()],
        signer_title: "DIRECTOR".into(),
        signer_name: "Nguyen Van An".into(),
    }
}

/// The named part of the .docx package as text.
fn part(docx: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut text = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut text).unwrap();
    text
}

fn names(docx: &[u8]) -> Vec<String> {
    let zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    zip.file_names().map(|n| n.unwrap().into_owned()).collect()
}

/// The text of each paragraph, runs joined, as Word would show it.
fn paragraphs(xml: &str) -> Vec<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut out, mut current, mut in_text) = (Vec::new(), String::new(), false);
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) if e.name().as_ref() == "w:t" => in_text = true,
            Event::End(e) if e.name().as_ref() == "w:t" => in_text = false,
            Event::Text(t) if in_text => current.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_text => {
                current.push_str(&quick_xml::escape::unescape(&format!("&{};", &*r)).unwrap());
            }
            Event::End(e) if e.name().as_ref() == "w:p" => out.push(std::mem::take(&mut current)),
            Event::Empty(e) if e.name().as_ref() == "w:p" => out.push(String::new()),
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

fn assert_has(paras: &[String], text: &str) {
    assert!(paras.iter().any(|p| p == text), "no paragraph “{text}” in {paras:#?}");
}

#[test]
fn the_vietnamese_report_has_every_line_in_the_decree_layout() {
    let bytes = docx_bytes(&report()).unwrap();
    if let Some(path) = std::env::var_os("REPORT_DOCX_SAMPLE") {
        write_docx(&report(), Path::new(&path)).unwrap();
        let mut en = std::path::PathBuf::from(&path);
        en.set_extension("en.docx");
        write_docx(&english_report(), &en).unwrap();
    }
    let document = part(&bytes, "word/document.xml");
    let paras = paragraphs(&document);
    for line in [
        "SỞ CÔNG THƯƠNG TỈNH VĨNH LONG",
        "TRUNG TÂM KHUYẾN CÔNG VÀ XÚC TIẾN THƯƠNG MẠI",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 125/BC-TTKC",
        "Vĩnh Long, ngày 01 tháng 12 năm 2026",
        "BÁO CÁO",
        "Kết quả thực hiện công tác khuyến công năm 2024",
        "I. KẾT QUẢ THỰC HIỆN",
        "1. Đề án khuyến công",
        "II. PHƯƠNG HƯỚNG NĂM 2025",
        "Bảng 1. Đề án khuyến công theo nguồn kinh phí và nội dung",
        "Đơn vị tính: triệu đồng",
        "Hình 1. Kinh phí khuyến công theo năm",
        "Số liệu lấy từ sổ khuyến công ngày 01/12/2026.",
        "Nơi nhận:",
        "- Sở Công Thương;",
        "- Lưu: VT, TTKC.",
        "GIÁM ĐỐC",
        "Nguyễn Văn An",
    ] {
        assert_has(&paras, line);
    }
    assert!(!paras.iter().any(|p| p.contains("SOCIALIST")));
    let table = projects_table();
    for text in table.header.iter().chain(table.rows.iter().flat_map(|r| r.cells.iter())) {
        assert_has(&paras, text);
    }
    // The lines come in the order of the page.
    let at = |t: &str| paras.iter().position(|p| p == t).unwrap();
    assert!(at("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") < at("BÁO CÁO"));
    assert!(at("BÁO CÁO") < at("I. KẾT QUẢ THỰC HIỆN"));
    assert!(at("Khuyến công quốc gia — Ứng dụng máy móc thiết bị tiên tiến") < at("Tổng cộng"));
    assert!(at("II. PHƯƠNG HƯỚNG NĂM 2025") < at("Nơi nhận:"));

    // A4 portrait, margins 20/20/30/15 mm in twips.
    assert!(document.contains(r#"<w:pgSz w:w="11906" w:h="16838""#), "{document}");
    for margin in [r#"w:top="1134""#, r#"w:bottom="1134""#, r#"w:left="1701""#, r#"w:right="850""#] {
        assert!(document.contains(margin), "margin {margin}");
    }
    // Times New Roman by default and on the runs, all four scripts.
    let styles = part(&bytes, "word/styles.xml");
    let fonts = r#"w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman" w:eastAsia="Times New Roman""#;
    assert!(styles.contains(fonts), "{styles}");
    assert!(document.contains(fonts));
    assert!(styles.contains(r#"<w:sz w:val="28" />"#), "body 14 pt by default");
    // The motto underlined; the table's header row repeated on each page.
    assert!(document.contains(r#"<w:u w:val="single" />"#));
    assert_eq!(document.matches("<w:tblHeader />").count(), 1);
    // Word reads properties in the schema's order (docx-rs writes them out
    // of it; the writer puts them back): fonts before sizes, paragraph marks
    // last, header references first, one id per picture.
    for rpr in document.split("<w:rPr>").skip(1) {
        let rpr = &rpr[..rpr.find("</w:rPr>").unwrap_or(rpr.len())];
        if let (Some(fonts), Some(size)) = (rpr.find("<w:rFonts"), rpr.find("<w:sz ")) {
            assert!(fonts < size, "{rpr}");
        }
    }
    for ppr in document.split("<w:pPr>").skip(1) {
        let ppr = &ppr[..ppr.find("</w:pPr>").unwrap()];
        if let (Some(spacing), Some(jc)) = (ppr.find("<w:spacing"), ppr.find("<w:jc")) {
            assert!(spacing < jc, "{ppr}");
        }
        assert!(!ppr.contains("<w:rPr") || ppr.ends_with("</w:rPr>") || ppr.ends_with("<w:rPr />"), "{ppr}");
    }
    let section = &document[document.find("<w:sectPr>").unwrap()..];
    assert!(section.starts_with("<w:sectPr><w:headerReference"), "{section}");
    assert!(document.contains(r#"<wp:docPr id="1""#) && document.contains(r#"<wp:docPr id="2""#));
    for column in document.split("<w:gridCol ").skip(1) {
        assert!(!column[..column.find("/>").unwrap()].contains("w:type"), "{column}");
    }
    // Two pictures in the package.
    let media: Vec<String> = names(&bytes).into_iter().filter(|n| n.starts_with("word/media/")).collect();
    assert_eq!(media.iter().filter(|n| n.ends_with(".png")).count(), 2, "{media:?}");
    assert!(document.contains("<wp:inline"));
}

#[test]
fn the_english_report_has_the_english_motto() {
    let bytes = docx_bytes(&english_report()).unwrap();
    let paras = paragraphs(&part(&bytes, "word/document.xml"));
    assert_has(&paras, "SOCIALIST REPUBLIC OF VIET NAM");
    assert_has(&paras, "Independence - Freedom - Happiness");
    assert_has(&paras, "Recipients:");
    assert_has(&paras, "DIRECTOR");
    assert!(!paras.iter().any(|p| p.contains("CỘNG HÒA") || p.contains("Nơi nhận")));
}

#[test]
fn a_report_without_pictures_has_no_media_and_odd_text_stays_readable() {
    let mut doc = report();
    doc.sections.truncate(1);
    doc.sections[0].blocks.retain(|b| !matches!(b, Block::Picture(_)));
    // Decomposed Vietnamese, XML specials and control characters.
    doc.subject = "Ke\u{0302}\u{0301}t qua\u{0309} <năm> & \u{0001}2024".into();
    doc.sections[0].blocks.push(Block::Table(Table {
        header: vec![],
        rows: vec![row(&["a"], false), row(&["b", "c", "d"], true)],
        widths: vec![0],
        ..Table::default()
    }));
    doc.sections[0].blocks.push(Block::Table(Table::default()));
    let bytes = docx_bytes(&doc).unwrap();
    assert!(!names(&bytes).iter().any(|n| n.starts_with("word/media/") && n.ends_with(".png")));
    let paras = paragraphs(&part(&bytes, "word/document.xml"));
    assert_has(&paras, "Kết quả <năm> &  2024");
    assert_has(&paras, "d");
}

#[test]
fn a_failed_write_leaves_the_target_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    // The target is a folder: nothing replaces it, no temporary file stays.
    let folder = dir.path().join("report.docx");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("inside.txt"), b"kept").unwrap();
    assert!(matches!(write_docx(&report(), &folder), Err(WriteError::Io(_))));
    assert!(folder.is_dir());
    assert_eq!(std::fs::read(folder.join("inside.txt")).unwrap(), b"kept");
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(left.len(), 1, "a temporary file stayed behind");

    // The target is a workbook: refused, its bytes untouched.
    let book = dir.path().join("so.docx");
    let mut header = vec![0u8; 100];
    header[..16].copy_from_slice(b"SQLite format 3\0");
    header[68..72].copy_from_slice(&khuyencong::workbook::schema::APPLICATION_ID.to_be_bytes());
    std::fs::write(&book, &header).unwrap();
    assert!(matches!(write_docx(&report(), &book), Err(WriteError::Target(_))));
    assert_eq!(std::fs::read(&book).unwrap(), header);

    // A good target is written whole and replaces the old file.
    let good = dir.path().join("ok.docx");
    std::fs::write(&good, b"old").unwrap();
    write_docx(&report(), &good).unwrap();
    assert_eq!(std::fs::read(&good).unwrap()[..2], *b"PK");
}

fn decoded(png: &[u8]) -> (u32, u32) {
    let mut reader = png::Decoder::new(std::io::Cursor::new(png)).read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let frame = reader.next_frame(&mut buf).unwrap();
    (frame.width, frame.height)
}

#[test]
fn charts_are_pngs_of_the_asked_size_whatever_the_numbers() {
    assert_eq!(decoded(&bar_chart_png(&years_chart(Lang::Vi), 1600, 900).unwrap()), (1600, 900));
    assert_eq!(decoded(&bar_chart_png(&activities_chart(), 1200, 800).unwrap()), (1200, 800));
    let empty = BarChart { title: "Không có gì".into(), ..BarChart::default() };
    assert_eq!(decoded(&bar_chart_png(&empty, 640, 360).unwrap()), (640, 360));
    let no_series = BarChart { categories: vec!["2024".into()], ..BarChart::default() };
    assert_eq!(decoded(&bar_chart_png(&no_series, 640, 360).unwrap()), (640, 360));
    let hostile = BarChart {
        title: "x".repeat(5000),
        categories: (0..500).map(|i| format!("Nội dung {i} {}", "rất dài ".repeat(i % 7))).collect(),
        series: (0..9)
            .map(|s| {
                let values = [
                    f64::NAN,
                    f64::INFINITY,
                    f64::NEG_INFINITY,
                    -5.0e20,
                    1.0e300,
                    -3.0,
                    0.0,
                    f64::MIN_POSITIVE,
                ];
                (format!("Chuỗi {s}"), values.iter().cycle().skip(s).take(400).copied().collect())
            })
            .collect(),
        stacked: true,
        y_label: "\u{0007}triệu đồng".into(),
        lang: Lang::En,
    };
    assert_eq!(decoded(&bar_chart_png(&hostile, 800, 600).unwrap()), (800, 600));
    let grouped = BarChart { stacked: false, ..hostile.clone() };
    assert_eq!(decoded(&bar_chart_png(&grouped, 64, 64).unwrap()), (64, 64));
    assert_eq!(decoded(&bar_chart_png(&grouped, 800, 600).unwrap()), (800, 600));
    let long_names = BarChart { categories: hostile.categories[..6].to_vec(), ..hostile.clone() };
    assert_eq!(decoded(&bar_chart_png(&long_names, 900, 700).unwrap()), (900, 700));
    assert!(bar_chart_png(&empty, 20_000, 10).is_err());
    if let Some(path) = std::env::var_os("REPORT_DOCX_SAMPLE") {
        let dir = Path::new(&path).parent().unwrap_or(Path::new(".")).to_path_buf();
        std::fs::write(dir.join("chart-empty.png"), bar_chart_png(&empty, 640, 360).unwrap()).unwrap();
        std::fs::write(dir.join("chart-hostile.png"), bar_chart_png(&grouped, 800, 600).unwrap()).unwrap();
        std::fs::write(dir.join("chart-long.png"), bar_chart_png(&long_names, 900, 700).unwrap()).unwrap();
    }
}
