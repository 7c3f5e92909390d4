//! Writing the template's sheets: the data sheet with its formats and
//! drop-down lists, the instructions, and the lists.

use jiff::civil::Date;
use rust_xlsxwriter::{
    Color, ConditionalFormatFormula, DataValidation, DataValidationErrorStyle, DataValidationRule,
    ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Note, Worksheet, column_number_to_name,
    worksheet_range_absolute,
};

use super::meaning::{RULES, allowed_values, column_meaning, example_value, list_values, type_text};
use super::{EXAMPLE_PREFIX, INSTRUCTIONS_SHEET, LISTS_SHEET, TemplateError, data_sheet_name};
use crate::domain::RecordKind;
use crate::domain::fields::{Column, FieldType, columns};
use crate::domain::number::{DONG_PER_MILLION, parse_count, parse_date, parse_million};
use crate::domain::validate::{MAX_YEAR, MIN_YEAR};
use crate::exchange::export::{DATE_FORMAT, MONEY_FORMAT};
use crate::i18n::Lang;

/// Excel's last row (0-based): validations and formats reach the whole column.
const LAST_ROW: u32 = 1_048_575;
const COUNT_FORMAT: &str = "#,##0";
const WHOLE_MONEY_FORMAT: &str = "#,##0";
const YEAR_FORMAT: &str = "0";
const TEXT_FORMAT: &str = "@";
const REQUIRED_FILL: u32 = 0xF8CBAD;
const OPTIONAL_FILL: u32 = 0xDDEBF7;
const EXAMPLE_GREY: u32 = 0x7F7F7F;

pub(super) struct Styles {
    header_required: Format,
    header_optional: Format,
    example: Format,
    example_money: Format,
    example_count: Format,
    example_year: Format,
    example_date: Format,
    money: Format,
    count: Format,
    year: Format,
    date: Format,
    text: Format,
    title: Format,
    bold: Format,
    wrap: Format,
    bold_wrap: Format,
    table_header: Format,
}

impl Styles {
    pub(super) fn new() -> Self {
        let header = Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_border(FormatBorder::Thin);
        let example = Format::new().set_italic().set_font_color(Color::RGB(EXAMPLE_GREY));
        Styles {
            header_required: header.clone().set_background_color(Color::RGB(REQUIRED_FILL)),
            header_optional: header.set_background_color(Color::RGB(OPTIONAL_FILL)),
            example_money: example.clone().set_num_format(MONEY_FORMAT),
            example_count: example.clone().set_num_format(COUNT_FORMAT),
            example_year: example.clone().set_num_format(YEAR_FORMAT),
            example_date: example.clone().set_num_format(DATE_FORMAT),
            example,
            money: Format::new().set_num_format(MONEY_FORMAT),
            count: Format::new().set_num_format(COUNT_FORMAT),
            year: Format::new().set_num_format(YEAR_FORMAT),
            date: Format::new().set_num_format(DATE_FORMAT),
            text: Format::new().set_num_format(TEXT_FORMAT),
            title: Format::new().set_bold().set_font_size(14),
            bold: Format::new().set_bold(),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            bold_wrap: Format::new().set_bold().set_text_wrap().set_align(FormatAlign::Top),
            table_header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_background_color(Color::RGB(OPTIONAL_FILL))
                .set_border(FormatBorder::Thin),
        }
    }
}

fn col_num(c: usize) -> Result<u16, TemplateError> {
    u16::try_from(c).map_err(|_| TemplateError::Xlsx(format!("column {c} out of range")))
}

fn row_num(r: usize) -> Result<u32, TemplateError> {
    u32::try_from(r).map_err(|_| TemplateError::Xlsx(format!("row {r} out of range")))
}

/// The Excel date of `d`; `None` before 1900, where Excel has no dates.
pub(crate) fn excel_date(d: Date) -> Option<ExcelDateTime> {
    ExcelDateTime::from_ymd(
        u16::try_from(d.year()).ok()?,
        u8::try_from(d.month()).ok()?,
        u8::try_from(d.day()).ok()?,
    )
    .ok()
}

/// Writes one example cell typed as the column expects, so the example shows
/// what Excel makes of a money amount or a date.
fn write_example_cell(
    sheet: &mut Worksheet,
    col: u16,
    column: &Column,
    value: &str,
    s: &Styles,
) -> Result<(), TemplateError> {
    if value.is_empty() {
        return Ok(());
    }
    match column.ty {
        FieldType::Money => match parse_million(value) {
            Ok(dong) => sheet.write_number_with_format(
                1,
                col,
                dong as f64 / DONG_PER_MILLION as f64,
                &s.example_money,
            )?,
            Err(_) => sheet.write_string_with_format(1, col, value, &s.example)?,
        },
        FieldType::Year | FieldType::Count => match parse_count(value) {
            Ok(n) => {
                let f = if column.ty == FieldType::Year { &s.example_year } else { &s.example_count };
                sheet.write_number_with_format(1, col, n as f64, f)?
            }
            Err(_) => sheet.write_string_with_format(1, col, value, &s.example)?,
        },
        FieldType::Date => match parse_date(value).ok().and_then(excel_date) {
            Some(d) => sheet.write_datetime_with_format(1, col, &d, &s.example_date)?,
            None => sheet.write_string_with_format(1, col, value, &s.example)?,
        },
        _ => sheet.write_string_with_format(1, col, value, &s.example)?,
    };
    Ok(())
}

/// The note on a header cell: required or not, and what the column holds.
fn header_note(kind: RecordKind, column: &Column) -> Note {
    let meaning = column_meaning(kind, column.key).map(|t| t.vi).unwrap_or(column.label.vi);
    let head = if column.required { "Bắt buộc nhập." } else { "Không bắt buộc." };
    let allowed = allowed_values(column.ty);
    let mut text = format!("{head}\n{meaning}\n{}", type_text(column.ty).vi);
    if !allowed.is_empty() && allowed.chars().count() <= 400 {
        text.push_str(&format!("\n{allowed}"));
    }
    Note::new(text).add_author_prefix(false).set_width(340).set_height(150)
}

/// The data validation of a column, if it has one: a list from the lists
/// sheet for coded columns, ranges for years, counts, money and dates.
fn validation(column: &Column, list_range: Option<&str>) -> Result<Option<DataValidation>, TemplateError> {
    let v = match column.ty {
        FieldType::Code(_) => {
            let Some(range) = list_range else { return Ok(None) };
            DataValidation::new()
                .allow_list_formula(Formula::new(format!("={range}")))
                .set_error_title("Giá trị không có trong danh sách")?
                .set_error_message(
                    "Hãy chọn một giá trị trong danh sách (bấm mũi tên bên phải ô).\nPick a value from the list (the arrow on the right of the cell).",
                )?
        }
        FieldType::District => {
            let Some(range) = list_range else { return Ok(None) };
            // Other spellings are recognised, and later records leave it empty: inform, never refuse.
            DataValidation::new()
                .allow_list_formula(Formula::new(format!("={range}")))
                .set_error_style(DataValidationErrorStyle::Information)
                .set_error_title("Huyện không có trong danh sách")?
                .set_error_message(
                    "Huyện cũ của Vĩnh Long trước 1/7/2025; bản ghi sau ngày đó để trống.\nA former district of Vĩnh Long before 1 July 2025; leave it empty for later records.",
                )?
        }
        FieldType::Year => DataValidation::new()
            .allow_whole_number(DataValidationRule::Between(MIN_YEAR, MAX_YEAR))
            .set_error_title("Năm không hợp lệ")?
            .set_error_message(format!(
                "Năm phải từ {MIN_YEAR} đến {MAX_YEAR}.\nThe year must be between {MIN_YEAR} and {MAX_YEAR}."
            ))?,
        FieldType::Count => DataValidation::new()
            .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0))
            .set_error_style(DataValidationErrorStyle::Warning)
            .set_error_title("Số không hợp lệ")?
            .set_error_message("Nhập một số nguyên không âm.\nType a whole number, not negative.")?,
        FieldType::Money => DataValidation::new()
            .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
            .set_error_style(DataValidationErrorStyle::Warning)
            .set_error_title("Số tiền không hợp lệ")?
            .set_error_message(
                "Số tiền tính bằng triệu đồng, không âm: 3.900 hoặc 4,9.\nAn amount in million đồng, not negative: 3.900 or 4,9.",
            )?,
        FieldType::Date => {
            let (Ok(first), Ok(last)) = (
                ExcelDateTime::from_ymd(MIN_YEAR as u16, 1, 1),
                ExcelDateTime::from_ymd(MAX_YEAR as u16, 12, 31),
            ) else {
                return Ok(None);
            };
            // A date typed as text (21/5/2012 in an English Excel) still imports: warn only.
            DataValidation::new()
                .allow_date(DataValidationRule::Between(first, last))
                .set_error_style(DataValidationErrorStyle::Warning)
                .set_error_title("Ngày không hợp lệ")?
                .set_error_message(
                    "Viết ngày theo dạng ngày/tháng/năm, ví dụ 05/03/2020.\nWrite the date as day/month/year, for example 05/03/2020.",
                )?
        }
        _ => return Ok(None),
    };
    Ok(Some(v))
}

fn column_format(ty: FieldType, s: &Styles) -> &Format {
    match ty {
        FieldType::Money => &s.money,
        FieldType::Count => &s.count,
        FieldType::Year => &s.year,
        FieldType::Date => &s.date,
        // Text everywhere else: Excel then keeps a tax code's leading 0 and
        // never turns "1/2" or "3-4" into a date.
        _ => &s.text,
    }
}

/// The lists sheet: one column of Vietnamese labels per column with a list.
/// Returns the sheet and, for each import column, the range of its list.
pub(super) fn lists_sheet(
    cols: &[Column],
    s: &Styles,
) -> Result<(Worksheet, Vec<Option<String>>), TemplateError> {
    let mut sheet = Worksheet::new();
    sheet.set_name(LISTS_SHEET)?;
    let mut ranges = Vec::with_capacity(cols.len());
    let mut next = 0usize;
    for column in cols {
        let values = list_values(column.ty);
        if values.is_empty() {
            ranges.push(None);
            continue;
        }
        let c = col_num(next)?;
        sheet.write_string_with_format(0, c, column.label.vi, &s.bold)?;
        let mut width = column.label.vi.chars().count();
        for (i, v) in values.iter().enumerate() {
            sheet.write_string(row_num(i + 1)?, c, *v)?;
            width = width.max(v.chars().count());
        }
        sheet.set_column_width(c, (width + 2) as f64)?;
        ranges.push(Some(worksheet_range_absolute(LISTS_SHEET, 1, c, row_num(values.len())?, c)));
        next += 1;
    }
    Ok((sheet, ranges))
}

pub(super) fn data_sheet(
    kind: RecordKind,
    ranges: &[Option<String>],
    s: &Styles,
) -> Result<Worksheet, TemplateError> {
    let cols = columns(kind);
    let mut sheet = Worksheet::new();
    sheet.set_name(data_sheet_name(kind))?;
    sheet.set_row_height(0, 45)?;
    for (c, column) in cols.iter().enumerate() {
        let col = col_num(c)?;
        let header = if column.required { &s.header_required } else { &s.header_optional };
        sheet.write_string_with_format(0, col, column.label.vi, header)?;
        sheet.insert_note(0, col, &header_note(kind, column))?;
        sheet.set_column_format(col, column_format(column.ty, s))?;

        let value = example_value(kind, column.key);
        if c == 0 {
            // The marker the importer skips the row by; the value stays readable after it.
            sheet.write_string_with_format(1, col, format!("{EXAMPLE_PREFIX} {value}"), &s.example)?;
            let note = Note::new(
                "Dòng ví dụ: chương trình bỏ qua dòng này khi nhập. Có thể xóa hoặc để nguyên.\nExample row: skipped on import. Delete it or leave it.",
            )
            .add_author_prefix(false)
            .set_width(300)
            .set_height(90);
            sheet.insert_note(1, col, &note)?;
        } else {
            write_example_cell(&mut sheet, col, column, value, s)?;
        }

        if let Some(v) = validation(column, ranges.get(c).and_then(|r| r.as_deref()))? {
            sheet.add_data_validation(1, col, LAST_ROW, col, &v)?;
        }
        if column.ty == FieldType::Money {
            // Whole millions without a trailing decimal mark (3.900, not 3.900,).
            let cell = format!("{}2", column_number_to_name(col));
            let whole = ConditionalFormatFormula::new()
                .set_rule(format!("=AND(ISNUMBER({cell}),MOD({cell},1)=0)").as_str())
                .set_format(Format::new().set_num_format(WHOLE_MONEY_FORMAT));
            sheet.add_conditional_format(1, col, LAST_ROW, col, &whole)?;
        }

        let example_width =
            if c == 0 { value.chars().count() + EXAMPLE_PREFIX.len() } else { value.chars().count() };
        let label_width = column.label.vi.chars().count().min(20);
        let width = label_width.max(example_width).max(10) + 2;
        sheet.set_column_width(col, width.min(45) as f64)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    // Printed for checking: landscape, all columns on one page wide, header on every page.
    sheet.set_landscape().set_paper_size(9).set_print_fit_to_pages(1, 0).set_repeat_rows(0, 0)?;
    Ok(sheet)
}

/// Rough height of a wrapped text row, for `chars` characters in a cell `width` characters wide.
fn wrapped_height(chars: usize, width: usize) -> f64 {
    let lines = chars.div_ceil(width.max(1)).max(1);
    15.0 * lines as f64 + 3.0
}

pub(super) fn instructions_sheet(kind: RecordKind, s: &Styles) -> Result<Worksheet, TemplateError> {
    let cols = columns(kind);
    let mut sheet = Worksheet::new();
    sheet.set_name(INSTRUCTIONS_SHEET)?;
    sheet.set_landscape().set_paper_size(9).set_print_fit_to_pages(1, 0);
    let widths = [30usize, 10, 34, 50, 50, 26, 18];
    for (c, w) in widths.iter().enumerate() {
        sheet.set_column_width(col_num(c)?, *w as f64)?;
    }
    let text_width: usize = widths.iter().sum::<usize>() - 10;
    let last_col = col_num(widths.len() - 1)?;
    let sheet_name = data_sheet_name(kind);
    let fill =
        |text: &str, lang: Lang| text.replace("{sheet}", sheet_name).replace("{one}", kind.singular(lang));

    sheet.write_string_with_format(
        0,
        0,
        format!("HƯỚNG DẪN NHẬP {} – SỔ KHUYẾN CÔNG", kind.plural().vi.to_uppercase()),
        &s.title,
    )?;
    let mut row = 2usize;
    sheet.write_string_with_format(row_num(row)?, 0, "Cách điền", &s.bold)?;
    row += 1;
    for (i, (vi, _)) in RULES.iter().enumerate() {
        let text = format!("{}. {}", i + 1, fill(vi, Lang::Vi));
        let r = row_num(row)?;
        sheet.merge_range(r, 0, r, last_col, &text, &s.wrap)?;
        sheet.set_row_height(r, wrapped_height(text.chars().count(), text_width))?;
        row += 1;
    }

    row += 1;
    sheet.write_string_with_format(row_num(row)?, 0, "Các cột", &s.bold)?;
    row += 1;
    let heads = [
        "Cột (tiêu đề)",
        "Bắt buộc",
        "Kiểu dữ liệu, đơn vị",
        "Ý nghĩa",
        "Giá trị được chấp nhận",
        "Column (English)",
        "Mã cột",
    ];
    for (c, h) in heads.iter().enumerate() {
        sheet.write_string_with_format(row_num(row)?, col_num(c)?, *h, &s.table_header)?;
    }
    row += 1;
    for column in cols {
        let r = row_num(row)?;
        let meaning = column_meaning(kind, column.key).map(|t| t.vi).unwrap_or("");
        let allowed = allowed_values(column.ty);
        let cells = [
            column.label.vi.to_string(),
            if column.required { "Bắt buộc".into() } else { String::new() },
            type_text(column.ty).vi.to_string(),
            meaning.to_string(),
            allowed.clone(),
            column.label.en.to_string(),
            column.key.to_string(),
        ];
        let mut lines = 1.0f64;
        for (c, text) in cells.iter().enumerate() {
            let format = if c == 0 && column.required { &s.bold_wrap } else { &s.wrap };
            sheet.write_string_with_format(r, col_num(c)?, text, format)?;
            lines = lines.max(wrapped_height(text.chars().count(), widths[c]));
        }
        sheet.set_row_height(r, lines)?;
        row += 1;
    }

    row += 1;
    sheet.write_string_with_format(row_num(row)?, 0, "In English", &s.bold)?;
    row += 1;
    for (i, (_, en)) in RULES.iter().enumerate() {
        let text = format!("{}. {}", i + 1, fill(en, Lang::En));
        let r = row_num(row)?;
        sheet.merge_range(r, 0, r, last_col, &text, &s.wrap)?;
        sheet.set_row_height(r, wrapped_height(text.chars().count(), text_width))?;
        row += 1;
    }
    Ok(sheet)
}
