//! A table of projects as a provincial office prints it, for the benchmark:
//! the issuing body and the title, "Đơn vị tính", a two-row header with
//! merged cells, the row numbering the columns, group rows by funding source
//! (no source column), a subtotal after each group, "Tổng cộng", notes and
//! the signature block.

use std::collections::HashMap;
use std::path::Path;

use khuyencong::domain::codes::FundingSource;
use khuyencong::domain::number::DONG_PER_MILLION;
use khuyencong::domain::{Code, Facility, Project};
use khuyencong::workbook::Workbook;
use rust_xlsxwriter::{Format, FormatAlign, Workbook as Xlsx};

/// Writes the workbook's first `rows` projects in the government layout;
/// returns how many records the file holds.
pub fn write(wb: &Workbook, path: &Path, rows: usize) -> usize {
    let facilities: HashMap<String, Facility> =
        wb.list::<Facility>().expect("facilities").into_iter().map(|s| (s.id, s.record)).collect();
    let mut projects: Vec<Project> =
        wb.list::<Project>().expect("projects").into_iter().map(|s| s.record).collect();
    projects.truncate(rows);
    let mut book = Xlsx::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Danh sách").expect("name");
    let bold = Format::new().set_bold().set_align(FormatAlign::Center);
    let header = [
        "STT",
        "Tên đề án",
        "Tên cơ sở thụ hưởng",
        "Huyện, thị xã, thành phố",
        "Năm thực hiện",
        "Nội dung hỗ trợ",
        "Kinh phí (triệu đồng)",
        "",
        "Số QĐ",
    ];
    let write = |sheet: &mut rust_xlsxwriter::Worksheet, row: u32, col: u16, text: &str| {
        sheet.write_string(row, col, text).expect("cell");
    };
    sheet.merge_range(0, 0, 0, 3, "ỦY BAN NHÂN DÂN TỈNH VĨNH LONG", &bold).expect("merge");
    sheet.merge_range(0, 5, 0, 8, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", &bold).expect("merge");
    sheet.merge_range(1, 0, 1, 3, "TRUNG TÂM KHUYẾN CÔNG", &bold).expect("merge");
    sheet.merge_range(1, 5, 1, 8, "Độc lập - Tự do - Hạnh phúc", &bold).expect("merge");
    sheet.merge_range(3, 0, 3, 8, "DANH SÁCH ĐỀ ÁN KHUYẾN CÔNG GIAI ĐOẠN 2014 - 2025", &bold).expect("merge");
    write(sheet, 4, 7, "Đơn vị tính: triệu đồng");
    for (c, h) in header.iter().enumerate() {
        if !h.is_empty() {
            write(sheet, 5, c as u16, h);
        }
    }
    sheet.merge_range(5, 6, 5, 7, "Kinh phí (triệu đồng)", &bold).expect("merge");
    write(sheet, 6, 6, "Hỗ trợ");
    write(sheet, 6, 7, "Đối ứng");
    for c in 0..header.len() {
        write(sheet, 7, c as u16, &format!("({})", c + 1));
    }
    let mut row = 8u32;
    let mut written = 0;
    let mut number = 0;
    let (mut total_support, mut total_counterpart) = (0i64, 0i64);
    for (roman, source) in
        [("I", FundingSource::National), ("II", FundingSource::Local), ("III", FundingSource::Other)]
    {
        let group: Vec<&Project> = projects.iter().filter(|p| p.source == source).collect();
        if group.is_empty() {
            continue;
        }
        write(sheet, row, 0, roman);
        write(sheet, row, 1, &source.label_vi().to_uppercase());
        row += 1;
        let (mut support, mut counterpart) = (0i64, 0i64);
        for p in group {
            number += 1;
            let facility = p.facility_id.as_ref().and_then(|id| facilities.get(id));
            sheet.write_number(row, 0, number as f64).expect("cell");
            write(sheet, row, 1, &p.title);
            write(sheet, row, 2, facility.map(|f| f.name.as_str()).unwrap_or(""));
            write(sheet, row, 3, &p.district);
            sheet.write_number(row, 4, f64::from(p.year)).expect("cell");
            write(sheet, row, 5, p.content.label_vi());
            sheet.write_number(row, 6, p.support_vnd as f64 / DONG_PER_MILLION as f64).expect("cell");
            sheet.write_number(row, 7, p.counterpart_vnd as f64 / DONG_PER_MILLION as f64).expect("cell");
            write(sheet, row, 8, &p.decision_no);
            support += p.support_vnd;
            counterpart += p.counterpart_vnd;
            row += 1;
            written += 1;
        }
        write(sheet, row, 1, &format!("Cộng {roman}"));
        sheet.write_number(row, 6, support as f64 / DONG_PER_MILLION as f64).expect("cell");
        sheet.write_number(row, 7, counterpart as f64 / DONG_PER_MILLION as f64).expect("cell");
        row += 1;
        total_support += support;
        total_counterpart += counterpart;
    }
    write(sheet, row, 1, "Tổng cộng");
    sheet.write_number(row, 6, total_support as f64 / DONG_PER_MILLION as f64).expect("cell");
    sheet.write_number(row, 7, total_counterpart as f64 / DONG_PER_MILLION as f64).expect("cell");
    write(sheet, row + 2, 0, "Ghi chú: số liệu tổng hợp từ các phòng Kinh tế.");
    write(sheet, row + 3, 6, "Vĩnh Long, ngày 15 tháng 12 năm 2025");
    write(sheet, row + 4, 1, "Người lập biểu");
    write(sheet, row + 4, 6, "GIÁM ĐỐC");
    book.save(path).expect("save the government-layout file");
    written
}
