//! Writing a workbook's records out for Excel: every kind and the totals by
//! year as one XLSX file, or one kind as CSV. The columns are the import
//! columns with their Vietnamese labels, so an exported file imports back.
//!
//! Both write a temporary file beside the target and rename it at the end:
//! a failed or cancelled export leaves no half file and never damages a file
//! already at the target.

use std::collections::HashMap;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use rust_xlsxwriter::{ExcelDateTime, Format, Worksheet, XlsxError};

use crate::domain::codes::Code;
use crate::domain::fields::{Column, FieldType, columns};
use crate::domain::number::{DONG_PER_MILLION, format_date, format_int, format_million};
use crate::domain::text::shown_path;
use crate::domain::{DesignSupport, Facility, Project, RecordKind, Training};
use crate::i18n::Lang;
use crate::output::{NewFile, OutputError};
use crate::workbook::summary::{Summary, YearTotals};
use crate::workbook::{Stored, StoredRecord, Workbook, WorkbookError};

/// The sheets of an XLSX export, in order.
pub const SHEET_NAMES: [&str; 5] = ["Cơ sở", "Đề án", "Đào tạo", "Thiết kế bao bì", "Tổng hợp"];

/// The headers of the `Tổng hợp` sheet.
pub const SUMMARY_HEADERS: [&str; 7] = [
    "Năm",
    "Số đề án",
    "Kinh phí hỗ trợ (triệu đồng)",
    "Vốn đối ứng (triệu đồng)",
    "Số lớp đào tạo",
    "Số học viên",
    "Lượt hỗ trợ thiết kế",
];

/// The label of the total row of the `Tổng hợp` sheet.
pub const TOTAL_LABEL: &str = "Cộng";

/// Excel's number format for amounts in million đồng (whole, and with decimals).
pub const MONEY_FORMAT: &str = "#,##0.######";
const MONEY_WHOLE_FORMAT: &str = "#,##0";
const COUNT_FORMAT: &str = "#,##0";
pub const DATE_FORMAT: &str = "dd/mm/yyyy";

/// Rows of one sheet Excel can hold, the header included.
const EXCEL_MAX_ROWS: usize = 1_048_576;
/// How often (in rows) the progress callback is called.
const PROGRESS_EVERY: usize = 1_000;
/// The share of the progress bar given to filling the sheets; the rest is saving.
const FILL_SHARE: f32 = 0.9;
const MAX_COLUMN_WIDTH: usize = 60;

/// What an export wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExportSummary {
    /// Records written (all record sheets for XLSX; the summary rows are not counted).
    pub records: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExportError {
    /// The records could not be read from the workbook.
    Workbook(WorkbookError),
    /// The file could not be written (permission, disk full, a folder at the target…).
    Io(String),
    /// The spreadsheet library refused the data.
    Xlsx(String),
    /// More records of one kind than an Excel sheet holds.
    TooManyRows { sheet: &'static str, rows: usize },
    /// The target is the workbook file itself.
    SameAsWorkbook(PathBuf),
    /// The target is another workbook.
    ReplacesWorkbook(PathBuf),
    /// The officer cancelled; nothing was written.
    Cancelled,
}

impl ExportError {
    /// One line: what is wrong and what to do.
    pub fn message(&self, lang: Lang) -> String {
        let vi = lang == Lang::Vi;
        let t = |vi_text: String, en_text: String| if vi { vi_text } else { en_text };
        match self {
            ExportError::Workbook(e) => e.message(lang),
            ExportError::Io(detail) => t(
                format!(
                    "Không ghi được tệp xuất ({}). Hãy kiểm tra quyền ghi, dung lượng đĩa, hoặc đóng tệp nếu đang mở trong Excel rồi thử lại.",
                    one_line(detail)
                ),
                format!(
                    "Could not write the export file ({}). Check write permission and free disk space, or close the file if it is open in Excel, and try again.",
                    one_line(detail)
                ),
            ),
            ExportError::Xlsx(detail) => t(
                format!(
                    "Không tạo được tệp Excel ({}). Tệp cũ (nếu có) không bị thay đổi; hãy thử xuất CSV.",
                    one_line(detail)
                ),
                format!(
                    "Could not make the Excel file ({}). Any existing file was not changed; try exporting CSV.",
                    one_line(detail)
                ),
            ),
            ExportError::TooManyRows { sheet, rows } => t(
                format!(
                    "Trang \"{sheet}\" có {} dòng, nhiều hơn Excel chứa được ({}). Hãy xuất loại này ra CSV.",
                    format_int(*rows as i64),
                    format_int(EXCEL_MAX_ROWS as i64 - 1)
                ),
                format!(
                    "Sheet \"{sheet}\" has {} rows, more than Excel holds ({}). Export this kind as CSV.",
                    format_int(*rows as i64),
                    format_int(EXCEL_MAX_ROWS as i64 - 1)
                ),
            ),
            ExportError::SameAsWorkbook(p) => t(
                format!(
                    "\"{}\" là tệp sổ đang mở; xuất vào đó sẽ xóa sổ. Hãy chọn tên tệp khác.",
                    shown_path(p)
                ),
                format!(
                    "\"{}\" is the open workbook; exporting there would erase it. Choose another file name.",
                    shown_path(p)
                ),
            ),
            ExportError::ReplacesWorkbook(p) => OutputError::Workbook(p.clone()).message(lang),
            ExportError::Cancelled => t(
                "Đã hủy xuất tệp. Không có tệp nào được ghi hay thay đổi.".into(),
                "Export cancelled. No file was written or changed.".into(),
            ),
        }
    }
}

impl std::fmt::Display for ExportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for ExportError {}

impl From<WorkbookError> for ExportError {
    fn from(e: WorkbookError) -> Self {
        ExportError::Workbook(e)
    }
}

impl From<OutputError> for ExportError {
    fn from(e: OutputError) -> Self {
        match e {
            OutputError::OpenWorkbook(p) => ExportError::SameAsWorkbook(p),
            OutputError::Workbook(p) => ExportError::ReplacesWorkbook(p),
            OutputError::Io(detail) => ExportError::Io(detail),
        }
    }
}

impl From<std::io::Error> for ExportError {
    fn from(e: std::io::Error) -> Self {
        ExportError::Io(e.to_string())
    }
}

impl From<XlsxError> for ExportError {
    fn from(e: XlsxError) -> Self {
        match e {
            XlsxError::IoError(e) => ExportError::Io(e.to_string()),
            XlsxError::TempFileError(_, e) => ExportError::Io(e.to_string()),
            other => ExportError::Xlsx(other.to_string()),
        }
    }
}

impl From<csv::Error> for ExportError {
    fn from(e: csv::Error) -> Self {
        ExportError::Io(e.to_string())
    }
}

/// What a panic of the spreadsheet writer means: its temporary files could not be written.
pub(crate) const UNWRITABLE_TEMP: &str = "the temporary files could not be written: is the disk full?";

fn one_line(detail: &str) -> String {
    let mut out = detail.split_whitespace().collect::<Vec<_>>().join(" ");
    if out.chars().count() > 160 {
        out = out.chars().take(159).collect::<String>() + "…";
    }
    out
}

// ---------------------------------------------------------------------------
// One cell of an exported record, typed.

/// The value of one column of one record.
#[derive(Debug, Clone, PartialEq)]
enum Value<'a> {
    Empty,
    Text(&'a str),
    /// A coded field, as its Vietnamese label.
    Label(&'static str),
    /// A year or a number of people.
    Int(i64),
    /// Whole đồng, shown in million đồng.
    Money(i64),
    Date(Date),
}

fn text(s: &str) -> Value<'_> {
    if s.is_empty() { Value::Empty } else { Value::Text(s) }
}

fn label<C: Code>(c: Option<C>) -> Value<'static> {
    c.map(|c| Value::Label(c.label_vi())).unwrap_or(Value::Empty)
}

fn date(d: Option<Date>) -> Value<'static> {
    d.map(Value::Date).unwrap_or(Value::Empty)
}

fn facility_name(f: Option<&Facility>) -> Value<'_> {
    f.map(|f| text(&f.name)).unwrap_or(Value::Empty)
}

fn facility_tax(f: Option<&Facility>) -> Value<'_> {
    f.map(|f| text(&f.tax_code)).unwrap_or(Value::Empty)
}

/// A record kind that can be written out column by column.
trait Export: StoredRecord {
    /// The value of the import column `key`; `None` for a key this kind does not have.
    fn value<'a>(&'a self, key: &str, facility: Option<&'a Facility>) -> Option<Value<'a>>;
}

impl Export for Facility {
    fn value<'a>(&'a self, key: &str, _: Option<&'a Facility>) -> Option<Value<'a>> {
        Some(match key {
            "ten_co_so" => text(&self.name),
            "loai_hinh" => label(self.kind),
            "ma_so_thue" => text(&self.tax_code),
            "nguoi_dai_dien" => text(&self.representative),
            "dien_thoai" => text(&self.phone),
            "dia_chi" => text(&self.address),
            "xa_phuong" => text(&self.commune),
            "huyen" => text(&self.district),
            "tinh" => text(&self.province),
            "nganh" => label(self.sector),
            _ => return None,
        })
    }
}

impl Export for Project {
    fn value<'a>(&'a self, key: &str, facility: Option<&'a Facility>) -> Option<Value<'a>> {
        Some(match key {
            "ma_de_an" => text(&self.code),
            "nam" => Value::Int(self.year.into()),
            "ten_de_an" => text(&self.title),
            "nguon_kinh_phi" => label(Some(self.source)),
            "noi_dung" => label(Some(self.content)),
            "ten_co_so" => facility_name(facility),
            "ma_so_thue" => facility_tax(facility),
            "huyen" => text(&self.district),
            "xa_phuong" => text(&self.commune),
            "kinh_phi_ho_tro" => Value::Money(self.support_vnd),
            "von_doi_ung" => Value::Money(self.counterpart_vnd),
            "trang_thai" => label(Some(self.status)),
            "so_quyet_dinh" => text(&self.decision_no),
            "ngay_phe_duyet" => date(self.approved_on),
            "ngay_nghiem_thu" => date(self.accepted_on),
            "ghi_chu" => text(&self.note),
            _ => return None,
        })
    }
}

impl Export for Training {
    fn value<'a>(&'a self, key: &str, facility: Option<&'a Facility>) -> Option<Value<'a>> {
        Some(match key {
            "nam" => Value::Int(self.year.into()),
            "ten_lop" => text(&self.name),
            "loai" => label(Some(self.kind)),
            "nganh_nghe" => text(&self.trade),
            "ten_co_so" => facility_name(facility),
            "ma_so_thue" => facility_tax(facility),
            "huyen" => text(&self.district),
            "xa_phuong" => text(&self.commune),
            "so_hoc_vien" => Value::Int(self.trainees),
            "so_hoc_vien_nu" => self.female_trainees.map(Value::Int).unwrap_or(Value::Empty),
            "tu_ngay" => date(self.start_on),
            "den_ngay" => date(self.end_on),
            "nguon_kinh_phi" => label(self.source),
            "kinh_phi" => Value::Money(self.cost_vnd),
            "ghi_chu" => text(&self.note),
            _ => return None,
        })
    }
}

impl Export for DesignSupport {
    fn value<'a>(&'a self, key: &str, facility: Option<&'a Facility>) -> Option<Value<'a>> {
        Some(match key {
            "nam" => Value::Int(self.year.into()),
            "ten_co_so" => facility_name(facility),
            "ma_so_thue" => facility_tax(facility),
            "san_pham" => text(&self.product),
            "hinh_thuc" => label(Some(self.form)),
            "nguon_kinh_phi" => label(self.source),
            "kinh_phi_ho_tro" => Value::Money(self.support_vnd),
            "huyen" => text(&self.district),
            "xa_phuong" => text(&self.commune),
            "ghi_chu" => text(&self.note),
            _ => return None,
        })
    }
}

/// The value as an officer would type it into this column.
fn typed_text(value: &Value<'_>, ty: FieldType) -> String {
    match value {
        Value::Empty => String::new(),
        Value::Text(s) => (*s).to_string(),
        Value::Label(s) => (*s).to_string(),
        Value::Int(n) if ty == FieldType::Year => n.to_string(),
        Value::Int(n) => format_int(*n),
        Value::Money(dong) => format_million(*dong),
        Value::Date(d) => format_date(*d),
    }
}

/// Facilities by id: the live ones, and any other a record still names.
struct Facilities {
    by_id: HashMap<String, Facility>,
}

impl Facilities {
    fn load(wb: &Workbook) -> Result<Self, ExportError> {
        Ok(Facilities::of_list(&wb.list::<Facility>()?))
    }

    fn of_list(list: &[Stored<Facility>]) -> Self {
        Facilities { by_id: list.iter().map(|s| (s.id.clone(), s.record.clone())).collect() }
    }

    /// Adds the facilities that `records` name but that are not live (a
    /// deleted facility still named by a record), so their rows keep a name.
    fn complete<R: Export>(&mut self, wb: &Workbook, records: &[Stored<R>]) -> Result<(), ExportError> {
        for r in records {
            if let Some(id) = r.record.facility_id()
                && !self.by_id.contains_key(id)
                && let Some(f) = wb.get::<Facility>(id)?
            {
                self.by_id.insert(f.id, f.record);
            }
        }
        Ok(())
    }

    fn of<R: Export>(&self, record: &R) -> Option<&Facility> {
        record.facility_id().and_then(|id| self.by_id.get(id))
    }
}

// ---------------------------------------------------------------------------
// Writing beside the target, then renaming.

// ---------------------------------------------------------------------------
// XLSX

struct Formats {
    header: Format,
    money: Format,
    money_whole: Format,
    count: Format,
    date: Format,
    total: Format,
    total_money: Format,
    total_money_whole: Format,
    total_count: Format,
}

impl Formats {
    fn new() -> Self {
        let bold = Format::new().set_bold();
        Formats {
            header: bold.clone(),
            money: Format::new().set_num_format(MONEY_FORMAT),
            money_whole: Format::new().set_num_format(MONEY_WHOLE_FORMAT),
            count: Format::new().set_num_format(COUNT_FORMAT),
            date: Format::new().set_num_format(DATE_FORMAT),
            total: bold.clone(),
            total_money: bold.clone().set_num_format(MONEY_FORMAT),
            total_money_whole: bold.clone().set_num_format(MONEY_WHOLE_FORMAT),
            total_count: bold.set_num_format(COUNT_FORMAT),
        }
    }

    /// Whole millions without a trailing decimal mark, fractions with up to six decimals.
    fn money_for(&self, dong: i64, total: bool) -> &Format {
        match (dong % DONG_PER_MILLION == 0, total) {
            (true, false) => &self.money_whole,
            (false, false) => &self.money,
            (true, true) => &self.total_money_whole,
            (false, true) => &self.total_money,
        }
    }
}

fn million(dong: i64) -> f64 {
    dong as f64 / DONG_PER_MILLION as f64
}

fn excel_date(d: Date) -> Option<ExcelDateTime> {
    let year = u16::try_from(d.year()).ok()?;
    let month = u8::try_from(d.month()).ok()?;
    let day = u8::try_from(d.day()).ok()?;
    ExcelDateTime::from_ymd(year, month, day).ok()
}

/// Counts rows and calls the progress callback every [`PROGRESS_EVERY`] rows.
struct Progress<'p> {
    callback: &'p mut dyn FnMut(f32) -> bool,
    done: usize,
    total: usize,
}

impl Progress<'_> {
    fn report(&mut self, fraction: f32) -> Result<(), ExportError> {
        if (self.callback)(fraction.clamp(0.0, 1.0)) { Ok(()) } else { Err(ExportError::Cancelled) }
    }

    fn row_done(&mut self) -> Result<(), ExportError> {
        self.done += 1;
        if self.done.is_multiple_of(PROGRESS_EVERY) {
            let fraction = self.done as f32 / self.total.max(1) as f32 * FILL_SHARE;
            self.report(fraction)?;
        }
        Ok(())
    }
}

/// The display width (in characters) of a value, to size its column.
fn width_of(value: &Value<'_>, ty: FieldType) -> usize {
    match value {
        Value::Empty => 0,
        // A multi-line note is as wide as its longest line.
        Value::Text(s) => s.lines().map(|l| l.chars().count()).max().unwrap_or(0),
        Value::Date(_) => 10,
        other => typed_text(other, ty).chars().count(),
    }
}

fn set_widths(sheet: &mut Worksheet, widths: &[usize]) -> Result<(), ExportError> {
    for (c, w) in widths.iter().enumerate() {
        let width = (*w + 2).clamp(6, MAX_COLUMN_WIDTH);
        sheet.set_column_width(col_num(c)?, width as f64)?;
    }
    Ok(())
}

fn col_num(c: usize) -> Result<u16, ExportError> {
    u16::try_from(c).map_err(|_| ExportError::Xlsx(format!("column {c} out of range")))
}

fn row_num(r: usize) -> Result<u32, ExportError> {
    u32::try_from(r).map_err(|_| ExportError::Xlsx(format!("row {r} out of range")))
}

/// Writes a header row: bold, frozen, with an autofilter over `rows` data rows.
fn header(
    sheet: &mut Worksheet,
    labels: &[&str],
    rows: usize,
    formats: &Formats,
) -> Result<Vec<usize>, ExportError> {
    let mut widths = Vec::with_capacity(labels.len());
    for (c, l) in labels.iter().enumerate() {
        sheet.write_string_with_format(0, col_num(c)?, *l, &formats.header)?;
        // Bold text and the filter button need a little more room.
        widths.push(l.chars().count() + 2);
    }
    sheet.set_freeze_panes(1, 0)?;
    if !labels.is_empty() {
        sheet.autofilter(0, 0, row_num(rows)?, col_num(labels.len() - 1)?)?;
    }
    Ok(widths)
}

/// Writes `records` to a new sheet of `book`, row by row: the sheet keeps
/// one row in memory ("low memory" mode), not 100.000.
fn record_sheet<R: Export>(
    book: &mut rust_xlsxwriter::Workbook,
    name: &'static str,
    records: &[Stored<R>],
    facilities: &Facilities,
    formats: &Formats,
    progress: &mut Progress<'_>,
) -> Result<(), ExportError> {
    if records.len() + 1 > EXCEL_MAX_ROWS {
        return Err(ExportError::TooManyRows { sheet: name, rows: records.len() });
    }
    let cols: &[Column] = columns(R::KIND);
    let sheet = book.add_worksheet_with_low_memory()?;
    sheet.set_name(name)?;
    let labels: Vec<&str> = cols.iter().map(|c| c.label.vi).collect();
    let mut widths = header(sheet, &labels, records.len(), formats)?;
    for (i, stored) in records.iter().enumerate() {
        let row = row_num(i + 1)?;
        let facility = facilities.of(&stored.record);
        for (c, column) in cols.iter().enumerate() {
            let col = col_num(c)?;
            let value = stored.record.value(column.key, facility).unwrap_or(Value::Empty);
            widths[c] = widths[c].max(width_of(&value, column.ty));
            match value {
                Value::Empty => {}
                Value::Text(s) => {
                    sheet.write_string(row, col, s)?;
                }
                Value::Label(s) => {
                    sheet.write_string(row, col, s)?;
                }
                Value::Int(n) if column.ty == FieldType::Year => {
                    sheet.write_number(row, col, n as f64)?;
                }
                Value::Int(n) => {
                    sheet.write_number_with_format(row, col, n as f64, &formats.count)?;
                }
                Value::Money(dong) => {
                    sheet.write_number_with_format(
                        row,
                        col,
                        million(dong),
                        formats.money_for(dong, false),
                    )?;
                }
                Value::Date(d) => match excel_date(d) {
                    Some(x) => {
                        sheet.write_datetime_with_format(row, col, &x, &formats.date)?;
                    }
                    // Before 1900 Excel has no date: the text still imports.
                    None => {
                        sheet.write_string(row, col, format_date(d))?;
                    }
                },
            }
        }
        progress.row_done()?;
    }
    set_widths(sheet, &widths)?;
    Ok(())
}

fn summary_sheet(by_year: &[YearTotals], formats: &Formats) -> Result<Worksheet, ExportError> {
    let mut sheet = Worksheet::new();
    sheet.set_name(SHEET_NAMES[4])?;
    let mut widths = header(&mut sheet, &SUMMARY_HEADERS, by_year.len(), formats)?;
    let mut total = YearTotals::default();
    let mut write_row = |sheet: &mut Worksheet, r: usize, y: &YearTotals, is_total: bool| {
        let row = row_num(r)?;
        let count = if is_total { &formats.total_count } else { &formats.count };
        if is_total {
            sheet.write_string_with_format(row, 0, TOTAL_LABEL, &formats.total)?;
        } else {
            sheet.write_number(row, 0, f64::from(y.year))?;
        }
        let money = [(2u16, y.support_vnd), (3, y.counterpart_vnd)];
        for (col, dong) in money {
            sheet.write_number_with_format(row, col, million(dong), formats.money_for(dong, is_total))?;
            widths[col as usize] = widths[col as usize].max(format_million(dong).chars().count());
        }
        for (col, n) in [(1u16, y.projects), (4, y.trainings), (5, y.trainees), (6, y.design_supports)] {
            sheet.write_number_with_format(row, col, n as f64, count)?;
        }
        Ok::<(), ExportError>(())
    };
    for (i, y) in by_year.iter().enumerate() {
        write_row(&mut sheet, i + 1, y, false)?;
        total.projects += y.projects;
        total.support_vnd = total.support_vnd.saturating_add(y.support_vnd);
        total.counterpart_vnd = total.counterpart_vnd.saturating_add(y.counterpart_vnd);
        total.trainings += y.trainings;
        total.trainees = total.trainees.saturating_add(y.trainees);
        total.design_supports = total.design_supports.saturating_add(y.design_supports);
    }
    write_row(&mut sheet, by_year.len() + 1, &total, true)?;
    set_widths(&mut sheet, &widths)?;
    Ok(sheet)
}

/// Writes every live record and the totals by year to an XLSX file at `path`.
///
/// Progress from 0.0 to 1.0 is reported about every 1.000 rows and at the
/// end; the callback returns false to cancel (then [`ExportError::Cancelled`]
/// and nothing is written).
pub fn export_xlsx(
    wb: &Workbook,
    path: &Path,
    progress: &mut dyn FnMut(f32) -> bool,
) -> Result<ExportSummary, ExportError> {
    let mut progress = Progress { callback: progress, done: 0, total: 0 };
    progress.report(0.0)?;
    let mut file = NewFile::beside(path, Some(wb.path()))?;

    let facility_rows = wb.list::<Facility>()?;
    let mut facilities = Facilities::of_list(&facility_rows);
    let projects = wb.list::<Project>()?;
    let trainings = wb.list::<Training>()?;
    let designs = wb.list::<DesignSupport>()?;
    facilities.complete(wb, &projects)?;
    facilities.complete(wb, &trainings)?;
    facilities.complete(wb, &designs)?;
    // The totals by year from the records just read, not a second pass over
    // the file (equal to `Workbook::summary`: tested in `app::data`).
    let (from, to) = wb.summary_span()?;
    let summary = Summary::from_records(
        from,
        to,
        projects.iter().map(|s| &s.record),
        trainings.iter().map(|s| &s.record),
        designs.iter().map(|s| &s.record),
        facility_rows.len() as i64,
    );
    progress.total = facility_rows.len() + projects.len() + trainings.len() + designs.len();

    // rust_xlsxwriter panics when it cannot write its temporary files (a
    // full disk): that becomes an error like any other failed write.
    crate::guard::catch(|| {
        let formats = Formats::new();
        let mut book = rust_xlsxwriter::Workbook::new();
        // Level 3, as Excel itself writes: the file is a few per cent larger and
        // saved in about two thirds of the time of the default level 6.
        book.set_zip_compression_level(3);
        record_sheet(&mut book, SHEET_NAMES[0], &facility_rows, &facilities, &formats, &mut progress)?;
        record_sheet(&mut book, SHEET_NAMES[1], &projects, &facilities, &formats, &mut progress)?;
        record_sheet(&mut book, SHEET_NAMES[2], &trainings, &facilities, &formats, &mut progress)?;
        record_sheet(&mut book, SHEET_NAMES[3], &designs, &facilities, &formats, &mut progress)?;
        book.push_worksheet(summary_sheet(&summary.by_year, &formats)?);
        progress.report(FILL_SHARE)?;
        let mut buffered = BufWriter::new(file.file());
        book.save_to_writer(&mut buffered)?;
        buffered.flush()?;
        Ok::<_, ExportError>(())
    })
    .unwrap_or_else(|| Err(ExportError::Io(UNWRITABLE_TEMP.into())))?;
    progress.report(1.0)?;
    file.commit()?;
    Ok(ExportSummary { records: progress.total })
}

// ---------------------------------------------------------------------------
// CSV

fn csv_rows<R: Export>(
    wb: &Workbook,
    facilities: &mut Facilities,
    out: &mut csv::Writer<impl Write>,
) -> Result<usize, ExportError> {
    let records = wb.list::<R>()?;
    facilities.complete(wb, &records)?;
    let cols = columns(R::KIND);
    let mut cells: Vec<String> = Vec::with_capacity(cols.len());
    for stored in &records {
        let facility = facilities.of(&stored.record);
        cells.clear();
        for column in cols {
            let value = stored.record.value(column.key, facility).unwrap_or(Value::Empty);
            cells.push(typed_text(&value, column.ty));
        }
        out.write_record(&cells)?;
    }
    Ok(records.len())
}

/// Writes the live records of one kind to a CSV file at `path`: UTF-8 with a
/// BOM (so Excel shows Vietnamese), comma separated, Vietnamese headers and
/// values as an officer would type them.
pub fn export_csv(wb: &Workbook, kind: RecordKind, path: &Path) -> Result<ExportSummary, ExportError> {
    let mut file = NewFile::beside(path, Some(wb.path()))?;
    let mut facilities = Facilities::load(wb)?;
    let mut buffered = BufWriter::new(file.file());
    buffered.write_all(b"\xEF\xBB\xBF")?;
    let mut out = csv::WriterBuilder::new().delimiter(b',').from_writer(buffered);
    out.write_record(columns(kind).iter().map(|c| c.label.vi))?;
    let records = match kind {
        RecordKind::Facility => csv_rows::<Facility>(wb, &mut facilities, &mut out)?,
        RecordKind::Project => csv_rows::<Project>(wb, &mut facilities, &mut out)?,
        RecordKind::Training => csv_rows::<Training>(wb, &mut facilities, &mut out)?,
        RecordKind::Design => csv_rows::<DesignSupport>(wb, &mut facilities, &mut out)?,
    };
    let mut buffered = out.into_inner().map_err(|e| ExportError::Io(e.error().to_string()))?;
    buffered.flush()?;
    drop(buffered);
    file.commit()?;
    Ok(ExportSummary { records })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project() -> Project {
        Project {
            code: "KCĐP-2021-01".into(),
            year: 2021,
            title: "Máy sấy".into(),
            source: crate::domain::codes::FundingSource::Local,
            content: crate::domain::codes::ProjectContent::Machinery,
            facility_id: Some("f".into()),
            district: "Long Hồ".into(),
            commune: String::new(),
            support_vnd: 278_500_000,
            counterpart_vnd: 3_900_000_000,
            status: crate::domain::codes::ProjectStatus::Accepted,
            decision_no: String::new(),
            approved_on: Date::new(2021, 5, 21).ok(),
            accepted_on: None,
            note: String::new(),
        }
    }

    #[test]
    fn every_import_column_has_a_value() {
        let f = Facility::default();
        let p = project();
        let t = Training {
            year: 2020,
            facility_id: None,
            name: "Lớp may".into(),
            kind: crate::domain::codes::TrainingKind::Vocational,
            trade: String::new(),
            district: String::new(),
            commune: String::new(),
            trainees: 30,
            female_trainees: None,
            start_on: None,
            end_on: None,
            source: None,
            cost_vnd: 0,
            note: String::new(),
        };
        let d = DesignSupport {
            year: 2020,
            facility_id: "f".into(),
            product: "Bánh".into(),
            form: crate::domain::codes::DesignForm::Packaging,
            source: None,
            support_vnd: 0,
            district: String::new(),
            commune: String::new(),
            note: String::new(),
        };
        for c in columns(RecordKind::Facility) {
            assert!(f.value(c.key, None).is_some(), "facility {}", c.key);
        }
        for c in columns(RecordKind::Project) {
            assert!(p.value(c.key, None).is_some(), "project {}", c.key);
        }
        for c in columns(RecordKind::Training) {
            assert!(t.value(c.key, None).is_some(), "training {}", c.key);
        }
        for c in columns(RecordKind::Design) {
            assert!(d.value(c.key, None).is_some(), "design {}", c.key);
        }
        assert_eq!(p.value("khong_co", None), None);
    }

    #[test]
    fn values_are_written_as_officers_type_them() {
        let facility =
            Facility {
                name: "Cơ sở Tư Sáng".into(), tax_code: "1500123456".into(), ..Default::default()
            };
        let p = project();
        let cell = |key: &str| {
            let column = columns(RecordKind::Project).iter().find(|c| c.key == key).unwrap();
            typed_text(&p.value(key, Some(&facility)).unwrap(), column.ty)
        };
        assert_eq!(cell("nam"), "2021");
        assert_eq!(cell("kinh_phi_ho_tro"), "278,5");
        assert_eq!(cell("von_doi_ung"), "3.900");
        assert_eq!(cell("ngay_phe_duyet"), "21/05/2021");
        assert_eq!(cell("ngay_nghiem_thu"), "");
        assert_eq!(cell("nguon_kinh_phi"), "Khuyến công địa phương");
        assert_eq!(cell("trang_thai"), "Đã nghiệm thu");
        assert_eq!(cell("ten_co_so"), "Cơ sở Tư Sáng");
        assert_eq!(cell("ma_so_thue"), "1500123456");
        assert_eq!(typed_text(&Value::Int(1234), FieldType::Count), "1.234");
    }

    #[test]
    fn messages_are_one_line_in_both_languages() {
        let errors = [
            ExportError::Io("Permission denied\n(os error 13)".into()),
            ExportError::Xlsx("bad".into()),
            ExportError::TooManyRows { sheet: "Đề án", rows: 2_000_000 },
            ExportError::SameAsWorkbook(PathBuf::from("sổ.db")),
            ExportError::Cancelled,
            ExportError::Workbook(WorkbookError::ReadOnly),
        ];
        for e in &errors {
            let vi = e.message(Lang::Vi);
            let en = e.message(Lang::En);
            assert!(!vi.contains('\n') && !en.contains('\n'), "{vi} / {en}");
            assert_ne!(vi, en);
        }
        assert!(errors[2].message(Lang::Vi).contains("2.000.000"));
    }

    #[test]
    fn dates_before_1900_are_not_excel_dates() {
        assert!(excel_date(Date::new(2021, 5, 21).unwrap()).is_some());
        assert!(excel_date(Date::new(1800, 1, 1).unwrap()).is_none());
    }
}
