//! Importing a sheet of records into a workbook, in two steps.
//!
//! [`preview_import`] reads and checks every row, detects how numbers and
//! dates are written, finds likely duplicates (of records already kept and
//! of earlier rows of the file) and writes nothing. [`apply_import`] then
//! writes the rows in one transaction, or none: it refuses while any row has
//! an error. Each duplicate row carries a [`DuplicateChoice`], Skip by default.
//!
//! [`import_sheet`] (the command line) is preview + apply with the defaults:
//! errors refuse everything, likely duplicates are skipped and listed in
//! [`ImportOutcome::skipped_duplicates`], so importing the same file twice
//! adds nothing the second time.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use jiff::civil::Date;
use rust_xlsxwriter::{Color, Format, Worksheet};

use crate::domain::codes::DesignForm;
use crate::domain::fields::{Column, Draft, FieldType, column_for_header, columns};
use crate::domain::number::{format_date, format_int};
use crate::domain::text::{clean_line, fold};
use crate::domain::validate::{Issue, Problem};
use crate::domain::{DesignSupport, Facility, Project, RecordKind, Training};
use crate::i18n::Lang;
use crate::parallel;
use crate::report::export::DATE_FORMAT;
use crate::report::table::{Cell, ReadError, Sheet, read_sheet};
use crate::report::template::{TemplateError, data_sheet_name, excel_date, is_example_row, save_atomically};
use crate::workbook::{Workbook, WorkbookError, Writer, new_id};

/// A problem with one cell: its line in the file, its column and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    /// What the file's rows are: names the column in messages.
    pub kind: RecordKind,
    pub line: usize,
    pub column: &'static str,
    pub problem: Problem,
}

impl RowProblem {
    /// "Dòng 4, cột “Năm” (nam): …": the column by its label, as the
    /// template heads it, and by its import name, as a file may head it.
    pub fn message(&self, lang: Lang) -> String {
        let label = columns(self.kind).iter().find(|c| c.key == self.column).map(|c| c.label.get(lang));
        let column = match label {
            Some(label) => format!("“{label}” ({})", self.column),
            None => self.column.to_string(),
        };
        match lang {
            Lang::Vi => format!("Dòng {}, cột {column}: {}", self.line, self.problem.message(lang)),
            Lang::En => format!("Line {}, column {column}: {}", self.line, self.problem.message(lang)),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum ImportError {
    Read(ReadError),
    UnknownColumn(String),
    DuplicateColumn(String),
    MissingColumn(&'static str),
    /// Bad rows: nothing was written.
    Rows(Vec<RowProblem>),
    NoRows,
    /// "Update" was chosen for a row that repeats another row of the file,
    /// not a record of the workbook: there is nothing to update.
    CannotUpdate {
        line: usize,
    },
    Workbook(WorkbookError),
}

impl ImportError {
    pub fn message(&self, lang: Lang) -> String {
        let vi = lang == Lang::Vi;
        match self {
            ImportError::Read(e) => e.message(lang),
            ImportError::UnknownColumn(c) => {
                if vi {
                    format!("Cột \"{c}\" không có trong mẫu nhập. Hãy đổi tên cột theo mẫu hoặc xóa cột đó.")
                } else {
                    format!(
                        "Column \"{c}\" is not an import column. Rename it as in the template or remove it."
                    )
                }
            }
            ImportError::DuplicateColumn(c) => {
                if vi {
                    format!("Cột \"{c}\" xuất hiện hai lần. Hãy giữ lại một cột.")
                } else {
                    format!("Column \"{c}\" appears twice. Keep only one.")
                }
            }
            ImportError::MissingColumn(c) => {
                if vi {
                    format!("Thiếu cột bắt buộc \"{c}\". Hãy thêm cột đó (xem mẫu).")
                } else {
                    format!("The required column \"{c}\" is missing. Add it (see the template).")
                }
            }
            ImportError::Rows(problems) => {
                let head = if vi {
                    format!("{} lỗi; chưa nhập dòng nào. Hãy sửa các dòng sau rồi nhập lại:", problems.len())
                } else {
                    format!(
                        "{} errors; no row was imported. Correct these rows and import again:",
                        problems.len()
                    )
                };
                let mut out = head;
                for p in problems {
                    out.push('\n');
                    out.push_str(&p.message(lang));
                }
                out
            }
            ImportError::NoRows => {
                if vi {
                    "Tệp không có dòng dữ liệu nào.".into()
                } else {
                    "The file has no data rows.".into()
                }
            }
            ImportError::CannotUpdate { line } => {
                if vi {
                    format!(
                        "Dòng {line} trùng với một dòng khác của tệp, không phải với bản ghi trong sổ, nên không cập nhật được. Hãy chọn \"Bỏ qua\" hoặc \"Giữ cả hai\"."
                    )
                } else {
                    format!(
                        "Line {line} repeats another line of the file, not a record of the workbook, so there is nothing to update. Choose \"Skip\" or \"Keep both\"."
                    )
                }
            }
            ImportError::Workbook(e) => e.message(lang),
        }
    }
}

impl From<WorkbookError> for ImportError {
    fn from(e: WorkbookError) -> Self {
        ImportError::Workbook(e)
    }
}

// ---------------------------------------------------------------------------
// Which sheet column is read into which field.

/// Why the columns of a sheet cannot be read as they are mapped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MappingProblem {
    /// A column whose header names no field and that is not ignored.
    Unknown { column: usize, header: String },
    /// A second column read into a field another column already fills.
    Duplicate { column: usize, header: String, key: &'static str },
    /// A required field that no column is read into.
    Missing { key: &'static str },
}

impl MappingProblem {
    /// The error an import stops with for this problem.
    pub fn to_error(&self) -> ImportError {
        match self {
            MappingProblem::Unknown { header, .. } => ImportError::UnknownColumn(header.clone()),
            MappingProblem::Duplicate { header, .. } => ImportError::DuplicateColumn(header.clone()),
            MappingProblem::Missing { key } => ImportError::MissingColumn(key),
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        self.to_error().message(lang)
    }
}

/// Headers that name no field and are ignored without asking: a row-number
/// column, and the reason column of a rejected-rows file sent back corrected.
const IGNORED_HEADERS: [&str; 6] = ["stt", "tt", "so tt", "so thu tu", "ly do", "reason"];

fn is_ignored_header(header: &str) -> bool {
    let folded = fold(header);
    IGNORED_HEADERS.contains(&folded.trim_end_matches(['.', ':']))
}

/// A header folded, without a trailing "*" or "(…)"; and what the brackets held.
fn bare_header(header: &str) -> (String, String) {
    let folded = fold(header).replace('_', " ");
    let mut bare = folded.trim().trim_end_matches(['*', ' ']).to_string();
    let mut unit = String::new();
    if bare.ends_with(')')
        && let Some(open) = bare.rfind('(')
    {
        unit = bare[open + 1..bare.len() - 1].trim_matches(['*', ' ']).to_string();
        bare = bare[..open].trim_end_matches(['*', ' ']).to_string();
    }
    (bare, unit)
}

/// The column a header names: the key or a label in either language (any
/// case, accents optional, see [`column_for_header`]), or the same without a
/// trailing "*" or bracket ("Năm *", "Kinh phí hỗ trợ", "Huyện"). A money
/// header whose bracket names another unit ("(đồng)") is not matched, so an
/// amount in đồng is never read as millions.
pub fn detect_column(kind: RecordKind, header: &str) -> Option<&'static Column> {
    if let Some(c) = column_for_header(kind, header) {
        return Some(c);
    }
    let (bare, unit) = bare_header(header);
    if bare.is_empty() {
        return None;
    }
    let unit_ok = unit.is_empty() || unit.contains("trieu") || unit.contains("million");
    let mut found = columns(kind).iter().filter(|c| {
        (c.ty != FieldType::Money || unit_ok)
            && [c.key, c.label.vi, c.label.en].iter().any(|name| bare_header(name).0 == bare)
    });
    let first = found.next()?;
    found.next().is_none().then_some(first)
}

struct Mapping {
    fields: Vec<Option<&'static Column>>,
    detected: Vec<Option<&'static str>>,
    problems: Vec<MappingProblem>,
}

fn build_mapping(kind: RecordKind, sheet: &Sheet, chosen: Option<&[Option<&'static str>]>) -> Mapping {
    let n = sheet.headers.len();
    let detected: Vec<Option<&'static str>> = sheet
        .headers
        .iter()
        .map(|h| if is_ignored_header(h) { None } else { detect_column(kind, h).map(|c| c.key) })
        .collect();
    let used = |i: usize| sheet.rows.iter().any(|(_, cells)| cells.get(i).is_some_and(|c| *c != Cell::Empty));
    let shown = |i: usize| {
        let h = sheet.headers[i].trim();
        if h.is_empty() { format!("#{}", i + 1) } else { h.to_string() }
    };
    let mut problems = Vec::new();
    let mut fields: Vec<Option<&'static Column>> = Vec::with_capacity(n);
    for (i, found) in detected.iter().enumerate() {
        let key = match chosen {
            Some(chosen) => chosen.get(i).copied().flatten(),
            None => *found,
        };
        let column = key.and_then(|k| columns(kind).iter().find(|c| c.key == k));
        match (key, column) {
            (Some(k), None) => problems.push(MappingProblem::Unknown { column: i, header: k.to_string() }),
            (None, _) if chosen.is_none() => {
                let header = sheet.headers[i].trim();
                // An unnamed column is fine only when it is empty all the way down.
                let unknown = if header.is_empty() { used(i) } else { !is_ignored_header(header) };
                if unknown {
                    problems.push(MappingProblem::Unknown { column: i, header: shown(i) });
                }
            }
            (_, Some(c)) if fields.iter().flatten().any(|f| f.key == c.key) => {
                problems.push(MappingProblem::Duplicate { column: i, header: shown(i), key: c.key });
            }
            _ => {}
        }
        let already = column.is_some_and(|c| fields.iter().flatten().any(|f| f.key == c.key));
        fields.push(if already { None } else { column });
    }
    for c in columns(kind) {
        if c.required && !fields.iter().flatten().any(|f| f.key == c.key) {
            problems.push(MappingProblem::Missing { key: c.key });
        }
    }
    Mapping { fields, detected, problems }
}

// ---------------------------------------------------------------------------
// How the file writes numbers and dates.

/// The decimal mark of numbers typed as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DecimalMark {
    /// Vietnamese: 3.900 and 4,9.
    #[default]
    Comma,
    /// English: 3,900 and 4.9.
    Point,
}

/// The order of day and month in dates typed as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateOrder {
    /// 05/03/2020 is 5 March (Vietnamese).
    #[default]
    DayMonth,
    /// 03/05/2020 is 5 March (American).
    MonthDay,
}

/// How the file writes numbers and dates, as found in its money, count and date columns.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DetectedFormats {
    /// The decimal mark the text numbers are read with.
    pub decimal: DecimalMark,
    /// The order text dates are read in.
    pub date_order: DateOrder,
    /// Text numbers that show a decimal comma or dots between thousands (4,9; 1.234.567).
    pub comma_numbers: usize,
    /// Text numbers that show a decimal point or commas between thousands (4.9; 1,234,567).
    pub point_numbers: usize,
    /// Text numbers that show neither (3900, or 1.518 read by the decimal mark).
    pub plain_numbers: usize,
    /// Cells Excel keeps as numbers.
    pub excel_numbers: usize,
    /// Text dates d/m/y or m/d/y (read in `date_order`).
    pub text_dates: usize,
    /// Text dates that can only be day first (31/12/2020).
    pub day_first_dates: usize,
    /// Text dates that can only be month first (12/31/2020).
    pub month_first_dates: usize,
    /// Text dates yyyy-mm-dd.
    pub iso_dates: usize,
    /// Cells Excel keeps as dates.
    pub excel_dates: usize,
    /// Excel day numbers in a date column (44927 is 01/01/2023).
    pub serial_dates: usize,
}

enum NumberStyle {
    Comma,
    Point,
    Plain,
}

/// What a number typed as text says about the decimal mark.
fn number_style(text: &str) -> NumberStyle {
    let t: String = text.chars().filter(|c| !c.is_whitespace() && *c != '\'').collect();
    let t = t.trim_start_matches(['-', '+']);
    if !t.bytes().any(|b| b.is_ascii_digit())
        || !t.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
    {
        return NumberStyle::Plain;
    }
    // "1.518" and "3,900": thousands in one style, a fraction in the other.
    let ambiguous = |sep: char| {
        t.split_once(sep).is_some_and(|(a, b)| {
            b.len() == 3 && (1..=3).contains(&a.len()) && !a.trim_start_matches('0').is_empty()
        })
    };
    match (t.matches(',').count(), t.matches('.').count()) {
        (0, 0) => NumberStyle::Plain,
        (c, d) if c > 0 && d > 0 => {
            if t.rfind(',') > t.rfind('.') {
                NumberStyle::Comma
            } else {
                NumberStyle::Point
            }
        }
        (1, 0) if ambiguous(',') => NumberStyle::Plain,
        (1, 0) => NumberStyle::Comma,
        (_, 0) => NumberStyle::Point,
        (0, 1) if ambiguous('.') => NumberStyle::Plain,
        (0, 1) => NumberStyle::Point,
        _ => NumberStyle::Comma,
    }
}

enum DateText {
    Iso,
    DayFirst,
    MonthFirst,
    Either,
    Other,
}

fn date_parts(text: &str) -> Option<[&str; 3]> {
    let mut parts = text.trim().split(['/', '-', '.']).map(str::trim);
    let p = [parts.next()?, parts.next()?, parts.next()?];
    if parts.next().is_some() || p.iter().any(|s| s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    Some(p)
}

fn date_text(text: &str) -> DateText {
    let Some([a, b, c]) = date_parts(text) else {
        return DateText::Other;
    };
    if a.len() == 4 {
        return DateText::Iso;
    }
    if c.len() != 4 {
        return DateText::Other;
    }
    match (a.parse::<u32>().unwrap_or(0), b.parse::<u32>().unwrap_or(0)) {
        (a, b) if a > 12 && b <= 12 => DateText::DayFirst,
        (a, b) if b > 12 && a <= 12 => DateText::MonthFirst,
        (a, b) if a <= 12 && b <= 12 => DateText::Either,
        _ => DateText::Other,
    }
}

fn detect_formats(
    sheet: &Sheet,
    fields: &[Option<&'static Column>],
    options: &PreviewOptions<'_>,
) -> DetectedFormats {
    let mut f = DetectedFormats::default();
    for (_, cells) in &sheet.rows {
        if is_example_row(cells) {
            continue;
        }
        for (cell, column) in cells.iter().zip(fields) {
            let Some(column) = column else { continue };
            match (column.ty, cell) {
                (FieldType::Money | FieldType::Count, Cell::Text(s)) => match number_style(s) {
                    NumberStyle::Comma => f.comma_numbers += 1,
                    NumberStyle::Point => f.point_numbers += 1,
                    NumberStyle::Plain => f.plain_numbers += 1,
                },
                (FieldType::Money | FieldType::Count, Cell::Number(_)) => f.excel_numbers += 1,
                (FieldType::Date, Cell::Text(s)) => match date_text(s) {
                    DateText::Iso => f.iso_dates += 1,
                    DateText::DayFirst => {
                        f.day_first_dates += 1;
                        f.text_dates += 1;
                    }
                    DateText::MonthFirst => {
                        f.month_first_dates += 1;
                        f.text_dates += 1;
                    }
                    DateText::Either => f.text_dates += 1,
                    DateText::Other => {}
                },
                (FieldType::Date, Cell::Date(_)) => f.excel_dates += 1,
                (FieldType::Date, Cell::Number(_)) => f.serial_dates += 1,
                _ => {}
            }
        }
    }
    // Switch from the Vietnamese way only on evidence and no evidence against.
    f.decimal = options.decimal.unwrap_or(if f.point_numbers > 0 && f.comma_numbers == 0 {
        DecimalMark::Point
    } else {
        DecimalMark::Comma
    });
    f.date_order = options.date_order.unwrap_or(if f.month_first_dates > 0 && f.day_first_dates == 0 {
        DateOrder::MonthDay
    } else {
        DateOrder::DayMonth
    });
    f
}

impl DetectedFormats {
    /// True when the file shows both decimal marks: some numbers may be misread.
    pub fn mixed_decimals(&self) -> bool {
        self.comma_numbers > 0 && self.point_numbers > 0
    }

    /// True when some text dates can only be day first and others only month first.
    pub fn mixed_date_orders(&self) -> bool {
        self.day_first_dates > 0 && self.month_first_dates > 0
    }

    /// One line for the officer: how numbers and dates were read.
    pub fn describe(&self, lang: Lang) -> String {
        let vi = lang == Lang::Vi;
        let n = |x: usize| format_int(x as i64);
        let mut numbers = Vec::new();
        let text_numbers = self.comma_numbers + self.point_numbers + self.plain_numbers;
        if text_numbers > 0 {
            numbers.push(match (self.decimal, vi) {
                (DecimalMark::Comma, true) => format!(
                    "{} số viết kiểu Việt Nam: dấu chấm ngăn cách hàng nghìn, dấu phẩy thập phân (3.900; 4,9)",
                    n(text_numbers)
                ),
                (DecimalMark::Comma, false) => format!(
                    "{} numbers written the Vietnamese way: dot between thousands, decimal comma (3.900; 4,9)",
                    n(text_numbers)
                ),
                (DecimalMark::Point, true) => format!(
                    "{} số viết kiểu Anh – Mỹ: dấu phẩy ngăn cách hàng nghìn, dấu chấm thập phân (3,900; 4.9), đã đọc theo kiểu này",
                    n(text_numbers)
                ),
                (DecimalMark::Point, false) => format!(
                    "{} numbers written the English way: comma between thousands, decimal point (3,900; 4.9), read that way",
                    n(text_numbers)
                ),
            });
            if self.mixed_decimals() {
                numbers.push(
                    if vi {
                        "tệp có cả hai kiểu dấu thập phân – hãy kiểm tra các số"
                    } else {
                        "the file mixes both decimal marks – check the numbers"
                    }
                    .to_string(),
                );
            }
        }
        if self.excel_numbers > 0 {
            numbers.push(if vi {
                format!("{} ô số của Excel", n(self.excel_numbers))
            } else {
                format!("{} Excel number cells", n(self.excel_numbers))
            });
        }
        let mut dates = Vec::new();
        if self.text_dates > 0 {
            dates.push(match (self.date_order, vi) {
                (DateOrder::DayMonth, true) => {
                    format!("{} ngày viết ngày/tháng/năm (05/03/2020 là ngày 5 tháng 3)", n(self.text_dates))
                }
                (DateOrder::DayMonth, false) => {
                    format!("{} dates written day/month/year (05/03/2020 is 5 March)", n(self.text_dates))
                }
                (DateOrder::MonthDay, true) => format!(
                    "{} ngày viết tháng/ngày/năm kiểu Mỹ (03/05/2020 là ngày 5 tháng 3), đã đọc theo kiểu này",
                    n(self.text_dates)
                ),
                (DateOrder::MonthDay, false) => format!(
                    "{} dates written month/day/year, US style (03/05/2020 is 5 March), read that way",
                    n(self.text_dates)
                ),
            });
            if self.mixed_date_orders() {
                dates.push(
                    if vi {
                        "có cả ngày trước tháng và tháng trước ngày – hãy kiểm tra các ngày"
                    } else {
                        "some dates put the day first, others the month – check the dates"
                    }
                    .to_string(),
                );
            }
        }
        if self.iso_dates > 0 {
            dates.push(if vi {
                format!("{} ngày viết năm-tháng-ngày (2020-03-05)", n(self.iso_dates))
            } else {
                format!("{} dates written year-month-day (2020-03-05)", n(self.iso_dates))
            });
        }
        if self.excel_dates > 0 {
            dates.push(if vi {
                format!("{} ô ngày của Excel", n(self.excel_dates))
            } else {
                format!("{} Excel date cells", n(self.excel_dates))
            });
        }
        if self.serial_dates > 0 {
            dates.push(if vi {
                format!("{} số ngày của Excel (44927 là 01/01/2023)", n(self.serial_dates))
            } else {
                format!("{} Excel day numbers (44927 is 01/01/2023)", n(self.serial_dates))
            });
        }
        let none = if vi { "không có" } else { "none" };
        let join = |v: Vec<String>| if v.is_empty() { none.to_string() } else { v.join("; ") };
        if vi {
            format!("Số: {}. Ngày: {}.", join(numbers), join(dates))
        } else {
            format!("Numbers: {}. Dates: {}.", join(numbers), join(dates))
        }
    }
}

/// A cell as the text the field reads, in the file's number and date style.
fn field_text(cell: &Cell, ty: FieldType, formats: &DetectedFormats) -> String {
    match (cell, ty) {
        (Cell::Text(s), FieldType::Money | FieldType::Count) if formats.decimal == DecimalMark::Point => {
            // The Vietnamese reader then sees 3,900.5 as 3.900,5.
            s.chars()
                .map(|c| match c {
                    '.' => ',',
                    ',' => '.',
                    c => c,
                })
                .collect()
        }
        (Cell::Text(s), FieldType::Date) if formats.date_order == DateOrder::MonthDay => {
            match date_parts(s) {
                Some([m, d, y]) if y.len() == 4 => format!("{d}/{m}/{y}"),
                _ => s.clone(),
            }
        }
        _ => cell.to_field_text(ty),
    }
}

// ---------------------------------------------------------------------------
// Records planned, and the keys that make two of them likely the same.

/// A row read into a record, ready to write.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Plan {
    Facility(Facility),
    Project(Project),
    Training(Training),
    Design(DesignSupport),
}

impl Plan {
    fn facility_id(&self) -> Option<&str> {
        match self {
            Plan::Facility(_) => None,
            Plan::Project(p) => p.facility_id.as_deref(),
            Plan::Training(t) => t.facility_id.as_deref(),
            Plan::Design(d) => Some(d.facility_id.as_str()).filter(|id| !id.is_empty()),
        }
    }

    /// How the officer knows the record: a name or a title.
    fn label(&self) -> String {
        match self {
            Plan::Facility(f) => f.name.clone(),
            Plan::Project(p) if !p.code.is_empty() => format!("{} – {}", p.code, p.title),
            Plan::Project(p) => p.title.clone(),
            Plan::Training(t) => t.name.clone(),
            Plan::Design(d) => d.product.clone(),
        }
    }

    fn to_draft(&self, facilities: &HashMap<String, Facility>) -> Draft {
        let facility = self.facility_id().and_then(|id| facilities.get(id));
        match self {
            Plan::Facility(f) => f.to_draft(),
            Plan::Project(p) => p.to_draft(facility),
            Plan::Training(t) => t.to_draft(facility),
            Plan::Design(d) => d.to_draft(facility),
        }
    }

    fn insert(&self, w: &Writer<'_>) -> Result<String, WorkbookError> {
        match self {
            Plan::Facility(r) => w.insert(r),
            Plan::Project(r) => w.insert(r),
            Plan::Training(r) => w.insert(r),
            Plan::Design(r) => w.insert(r),
        }
    }

    fn update(&self, w: &Writer<'_>, id: &str) -> Result<(), WorkbookError> {
        match self {
            Plan::Facility(r) => w.update(id, r),
            Plan::Project(r) => w.update(id, r),
            Plan::Training(r) => w.update(id, r),
            Plan::Design(r) => w.update(id, r),
        }
    }
}

/// Why a row looks like a record already kept or an earlier row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DuplicateReason {
    /// A facility with the same tax code.
    TaxCode,
    /// A facility with the same name and commune (accents and case aside),
    /// unless both have tax codes and they differ.
    NameAndCommune,
    /// A project with the same code.
    ProjectCode,
    /// A project with the same title, year and facility, unless both have
    /// codes and they differ.
    TitleYearFacility,
    /// A training with the same name, year, facility and first day (a class
    /// without a first day is never taken for a duplicate).
    SameClass,
    /// Design support in the same year for the same facility, product and form.
    SameDesign,
}

impl DuplicateReason {
    pub fn describe(self, lang: Lang) -> &'static str {
        match self {
            DuplicateReason::TaxCode => lang.pick("cùng mã số thuế", "same tax code"),
            DuplicateReason::NameAndCommune => lang.pick("cùng tên và xã/phường", "same name and commune"),
            DuplicateReason::ProjectCode => lang.pick("cùng mã đề án", "same project code"),
            DuplicateReason::TitleYearFacility => {
                lang.pick("cùng tên đề án, năm và cơ sở", "same title, year and facility")
            }
            DuplicateReason::SameClass => lang.pick(
                "cùng tên lớp, năm, cơ sở và ngày khai giảng",
                "same class name, year, facility and first day",
            ),
            DuplicateReason::SameDesign => {
                lang.pick("cùng năm, cơ sở, sản phẩm và hình thức", "same year, facility, product and form")
            }
        }
    }
}

/// What the row is likely a duplicate of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DuplicateOf {
    /// A live record of the workbook.
    Record { id: String, label: String },
    /// An earlier row of the file.
    Row { line: usize },
}

/// What to do with a likely duplicate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum DuplicateChoice {
    /// Do not import the row.
    #[default]
    Skip,
    /// Replace the kept record's fields with the row's columns (only for a
    /// duplicate of a workbook record; columns not in the file keep their values).
    Update,
    /// Import the row as a new record.
    KeepBoth,
}

impl DuplicateChoice {
    pub const ALL: [DuplicateChoice; 3] =
        [DuplicateChoice::Skip, DuplicateChoice::Update, DuplicateChoice::KeepBoth];

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            DuplicateChoice::Skip => lang.pick("Bỏ qua", "Skip"),
            DuplicateChoice::Update => lang.pick("Cập nhật bản ghi đã có", "Update the kept record"),
            DuplicateChoice::KeepBoth => lang.pick("Giữ cả hai", "Keep both"),
        }
    }
}

/// A row that is likely the same as a record already kept or an earlier row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    pub reason: DuplicateReason,
    pub of: DuplicateOf,
    /// Skip unless the officer chooses otherwise; see [`Duplicate::choices`].
    pub choice: DuplicateChoice,
}

impl Duplicate {
    /// Update is possible only for a duplicate of a workbook record.
    pub fn can_update(&self) -> bool {
        matches!(self.of, DuplicateOf::Record { .. })
    }

    /// The choices that make sense for this duplicate.
    pub fn choices(&self) -> &'static [DuplicateChoice] {
        if self.can_update() {
            &DuplicateChoice::ALL
        } else {
            &[DuplicateChoice::Skip, DuplicateChoice::KeepBoth]
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        let reason = self.reason.describe(lang);
        match (&self.of, lang) {
            (DuplicateOf::Record { label, .. }, Lang::Vi) => {
                format!("Có thể trùng với bản ghi đã có trong sổ: “{label}” ({reason}).")
            }
            (DuplicateOf::Record { label, .. }, Lang::En) => {
                format!("Likely the same as a record already kept: “{label}” ({reason}).")
            }
            (DuplicateOf::Row { line }, Lang::Vi) => {
                format!("Có thể trùng với dòng {line} của tệp ({reason}).")
            }
            (DuplicateOf::Row { line }, Lang::En) => {
                format!("Likely the same as line {line} of the file ({reason}).")
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Tax(String),
    NameCommune(String, String),
    Code(String),
    Title(String, i32, Option<String>),
    Class(i32, String, Option<String>, Date),
    Design(i32, String, String, DesignForm),
}

/// The keys a record is matched by, strongest first.
fn keys_of(plan: &Plan) -> Vec<(DuplicateReason, Key)> {
    let mut keys = Vec::with_capacity(2);
    match plan {
        Plan::Facility(f) => {
            if !f.tax_code.is_empty() {
                keys.push((DuplicateReason::TaxCode, Key::Tax(f.tax_code.clone())));
            }
            keys.push((DuplicateReason::NameAndCommune, Key::NameCommune(fold(&f.name), fold(&f.commune))));
        }
        Plan::Project(p) => {
            if !p.code.is_empty() {
                keys.push((DuplicateReason::ProjectCode, Key::Code(fold(&p.code))));
            }
            keys.push((
                DuplicateReason::TitleYearFacility,
                Key::Title(fold(&p.title), p.year, p.facility_id.clone()),
            ));
        }
        // Classes of the same name recur every year and often within one:
        // only the first day tells a repeat from a new class.
        Plan::Training(t) => {
            if let Some(start) = t.start_on {
                keys.push((
                    DuplicateReason::SameClass,
                    Key::Class(t.year, fold(&t.name), t.facility_id.clone(), start),
                ));
            }
        }
        Plan::Design(d) => keys.push((
            DuplicateReason::SameDesign,
            Key::Design(d.year, d.facility_id.clone(), fold(&d.product), d.form),
        )),
    }
    keys
}

/// The first record or row seen with a key.
struct Seen {
    of: DuplicateOf,
    /// A facility's tax code or a project's code: two records with different
    /// identifiers are different even when their names match (a facility can
    /// have a national and a local project of the same title in one year).
    ident: String,
}

fn ident_of(plan: &Plan) -> String {
    match plan {
        Plan::Facility(f) => f.tax_code.clone(),
        Plan::Project(p) => fold(&p.code),
        _ => String::new(),
    }
}

/// A record's keys and identifier, worked out once per row.
struct Keys {
    keys: Vec<(DuplicateReason, Key)>,
    ident: String,
}

impl Keys {
    fn of(plan: &Plan) -> Self {
        Keys { keys: keys_of(plan), ident: ident_of(plan) }
    }

    /// The record or row first seen with one of these keys.
    fn find(&self, map: &HashMap<Key, Seen>) -> Option<(DuplicateReason, DuplicateOf)> {
        for (reason, key) in &self.keys {
            if let Some(seen) = map.get(key) {
                let by_name =
                    matches!(reason, DuplicateReason::NameAndCommune | DuplicateReason::TitleYearFacility);
                if by_name && !self.ident.is_empty() && !seen.ident.is_empty() && self.ident != seen.ident {
                    continue;
                }
                return Some((*reason, seen.of.clone()));
            }
        }
        None
    }

    fn remember(self, map: &mut HashMap<Key, Seen>, of: DuplicateOf) {
        for (_, key) in self.keys {
            map.entry(key).or_insert_with(|| Seen { of: of.clone(), ident: self.ident.clone() });
        }
    }
}

// ---------------------------------------------------------------------------
// Facilities named by rows.

/// A stand-in facility id for a row whose facility cannot be found or made:
/// the row is refused already, and the record's own checks then do not add
/// "facility missing".
const UNRESOLVED: &str = "unresolved";

/// Finds facilities by tax code, then by name, including those this import creates.
struct FacilityIndex {
    by_tax: HashMap<String, String>,
    by_name: HashMap<String, String>,
    created: Vec<(String, Facility)>,
    created_ids: HashSet<String>,
}

impl FacilityIndex {
    fn of(facilities: &[(String, Facility)]) -> Self {
        let mut index = FacilityIndex {
            by_tax: HashMap::new(),
            by_name: HashMap::new(),
            created: Vec::new(),
            created_ids: HashSet::new(),
        };
        for (id, f) in facilities {
            index.remember(id, f);
        }
        index
    }

    fn remember(&mut self, id: &str, f: &Facility) {
        if !f.tax_code.is_empty() {
            self.by_tax.entry(f.tax_code.clone()).or_insert_with(|| id.to_string());
        }
        self.by_name.entry(fold(&f.name)).or_insert_with(|| id.to_string());
    }

    /// The facility a row names, created (in the plan) when not found.
    /// `None` when the row names no facility; an issue when it cannot be found or made.
    fn resolve(&mut self, draft: &Draft) -> Result<Option<String>, Vec<Issue>> {
        let tax = draft.get("ma_so_thue").chars().filter(|c| !matches!(c, ' ' | '.')).collect::<String>();
        let name = clean_line(draft.get("ten_co_so"));
        if !tax.is_empty() {
            if let Some(id) = self.by_tax.get(&tax) {
                return Ok(Some(id.clone()));
            }
        } else if !name.is_empty()
            && let Some(id) = self.by_name.get(&fold(&name))
        {
            return Ok(Some(id.clone()));
        }
        if name.is_empty() {
            return if tax.is_empty() {
                Ok(None)
            } else {
                Err(vec![Issue::new("ten_co_so", Problem::Required)])
            };
        }
        let facility_draft = Draft::new(RecordKind::Facility)
            .with("ten_co_so", &name)
            .with("ma_so_thue", &tax)
            .with("huyen", draft.get("huyen"))
            .with("xa_phuong", draft.get("xa_phuong"));
        let checked = facility_draft.to_facility();
        let Some(facility) = checked.record else {
            return Err(checked.issues.into_iter().filter(Issue::is_error).collect());
        };
        let id = new_id();
        self.remember(&id, &facility);
        self.created.push((id.clone(), facility));
        self.created_ids.insert(id.clone());
        Ok(Some(id))
    }
}

/// Reads a draft into a record for the given facility: the record when it has
/// no error, and every issue.
fn check_record(kind: RecordKind, draft: &Draft, facility: Option<String>) -> (Option<Plan>, Vec<Issue>) {
    match kind {
        RecordKind::Facility => {
            let c = draft.to_facility();
            (c.record.map(Plan::Facility), c.issues)
        }
        RecordKind::Project => {
            let c = draft.to_project(facility);
            (c.record.map(Plan::Project), c.issues)
        }
        RecordKind::Training => {
            let c = draft.to_training(facility);
            (c.record.map(Plan::Training), c.issues)
        }
        RecordKind::Design => {
            let c = draft.to_design(facility);
            (c.record.map(Plan::Design), c.issues)
        }
    }
}

/// The facility of a row's record, found or planned (none for a facility
/// row), and the problems that stopped it being found.
fn resolve_facility(
    kind: RecordKind,
    draft: &Draft,
    index: &mut FacilityIndex,
) -> (Option<String>, Vec<Issue>) {
    if kind == RecordKind::Facility {
        return (None, Vec::new());
    }
    match index.resolve(draft) {
        Ok(f) => (f, Vec::new()),
        Err(problems) => (Some(UNRESOLVED.to_string()), problems),
    }
}

/// Reads a row's draft once its facility is resolved; no record when
/// anything, the facility included, is an error.
fn check_resolved(
    kind: RecordKind,
    draft: &Draft,
    facility: Option<String>,
    mut issues: Vec<Issue>,
) -> (Option<Plan>, Vec<Issue>) {
    let (record, more) = check_record(kind, draft, facility);
    issues.extend(more);
    let record = if issues.iter().any(Issue::is_error) { None } else { record };
    (record, issues)
}

/// Errors and warnings of a row, each once (the facility columns are checked
/// twice: as a facility and as part of the row).
fn split_issues(kind: RecordKind, line: usize, issues: &[Issue]) -> (Vec<RowProblem>, Vec<RowProblem>) {
    let mut seen: Vec<&Issue> = Vec::new();
    let (mut errors, mut warnings) = (Vec::new(), Vec::new());
    for issue in issues {
        if seen.contains(&issue) {
            continue;
        }
        seen.push(issue);
        let p = RowProblem { kind, line, column: issue.field, problem: issue.problem.clone() };
        if issue.is_error() { errors.push(p) } else { warnings.push(p) }
    }
    (errors, warnings)
}

// ---------------------------------------------------------------------------
// The preview.

/// What the workbook already keeps, loaded once per preview.
struct Known {
    facilities: HashMap<String, Facility>,
    records: HashMap<String, Plan>,
    keys: HashMap<Key, Seen>,
    index: FacilityIndex,
}

impl Known {
    fn load(wb: &Workbook, kind: RecordKind) -> Result<Self, WorkbookError> {
        let facility_list: Vec<(String, Facility)> =
            wb.list::<Facility>()?.into_iter().map(|s| (s.id, s.record)).collect();
        let index = FacilityIndex::of(&facility_list);
        let records: Vec<(String, Plan)> = match kind {
            RecordKind::Facility => {
                facility_list.iter().map(|(id, f)| (id.clone(), Plan::Facility(f.clone()))).collect()
            }
            RecordKind::Project => {
                wb.list::<Project>()?.into_iter().map(|s| (s.id, Plan::Project(s.record))).collect()
            }
            RecordKind::Training => {
                wb.list::<Training>()?.into_iter().map(|s| (s.id, Plan::Training(s.record))).collect()
            }
            RecordKind::Design => {
                wb.list::<DesignSupport>()?.into_iter().map(|s| (s.id, Plan::Design(s.record))).collect()
            }
        };
        let mut keys = HashMap::with_capacity(records.len() * 2);
        for (id, plan) in &records {
            Keys::of(plan).remember(&mut keys, DuplicateOf::Record { id: id.clone(), label: plan.label() });
        }
        Ok(Known {
            facilities: facility_list.into_iter().collect(),
            records: records.into_iter().collect(),
            keys,
            index,
        })
    }
}

/// The record an Update would write: the kept record with the file's columns over it.
#[derive(Debug, Clone)]
struct UpdatePlan {
    id: String,
    record: Option<Plan>,
    errors: Vec<RowProblem>,
    warnings: Vec<RowProblem>,
}

/// What applying the preview does with a row under its current choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowAction {
    /// Added as a new record.
    Insert,
    /// Written over the kept record it duplicates.
    Update,
    /// Left out: a duplicate the officer skips.
    Skip,
    /// The row has errors: nothing is imported while it has (or, when asked, it is left out).
    Refused,
}

/// One data row of the file, read and checked.
#[derive(Debug, Clone)]
pub struct PreviewRow {
    /// The row's line in the file (1 = the first line).
    pub line: usize,
    /// The row's index in `Sheet::rows`.
    pub sheet_row: usize,
    /// What was read into each field, as text (numbers and dates already in the Vietnamese way).
    pub draft: Draft,
    pub errors: Vec<RowProblem>,
    /// Ceiling and check-digit warnings: shown, never blocking.
    pub warnings: Vec<RowProblem>,
    pub duplicate: Option<Duplicate>,
    /// True when the row's facility is not kept yet and the import creates it.
    pub new_facility: bool,
    /// The row's cells as in the file, kept for rows with errors (see
    /// [`write_rejected`]); empty otherwise (the sheet has them).
    pub cells: Vec<Cell>,
    record: Option<Plan>,
    update: Option<UpdatePlan>,
}

impl PreviewRow {
    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    pub fn action(&self) -> RowAction {
        if self.has_errors() || self.record.is_none() {
            return RowAction::Refused;
        }
        match &self.duplicate {
            None => RowAction::Insert,
            Some(d) => match d.choice {
                DuplicateChoice::Skip => RowAction::Skip,
                DuplicateChoice::KeepBoth => RowAction::Insert,
                DuplicateChoice::Update if d.can_update() => RowAction::Update,
                DuplicateChoice::Update => RowAction::Refused,
            },
        }
    }

    /// Errors an Update of this row would meet (the kept record's other
    /// fields may not fit the new ones, e.g. dates in the wrong order).
    pub fn update_errors(&self) -> &[RowProblem] {
        self.update.as_ref().map(|u| u.errors.as_slice()).unwrap_or(&[])
    }
}

/// The counts a preview dialog shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PreviewCounts {
    pub rows: usize,
    pub with_errors: usize,
    pub with_warnings: usize,
    pub duplicates: usize,
    pub to_insert: usize,
    pub to_update: usize,
    pub to_skip: usize,
    pub facilities_to_create: usize,
    pub examples_skipped: usize,
}

/// A file read and checked against a workbook; nothing written.
#[derive(Debug, Clone)]
pub struct ImportPreview {
    pub kind: RecordKind,
    pub headers: Vec<String>,
    /// The field each sheet column is read into (`None`: ignored), as used here.
    pub mapping: Vec<Option<&'static str>>,
    /// The mapping found from the headers alone (to offer "reset").
    pub detected_mapping: Vec<Option<&'static str>>,
    /// Problems of the mapping; while there is one, nothing can be imported.
    pub mapping_problems: Vec<MappingProblem>,
    pub formats: DetectedFormats,
    /// Every data row (empty rows and the template's example rows left out).
    pub rows: Vec<PreviewRow>,
    /// Lines of the template's example rows, skipped.
    pub example_lines: Vec<usize>,
    /// Facilities the rows name that are not kept yet, in order of first mention.
    created: Vec<(String, Facility)>,
}

/// Options of a preview besides the sheet and the kind.
#[derive(Debug, Clone, Copy, Default)]
pub struct PreviewOptions<'a> {
    /// Sheet column index → field key, or `None` to ignore the column. `None`
    /// here: found from the headers.
    pub mapping: Option<&'a [Option<&'static str>]>,
    /// Read text numbers with this decimal mark instead of the one detected.
    pub decimal: Option<DecimalMark>,
    /// Read text dates in this order instead of the one detected.
    pub date_order: Option<DateOrder>,
}

/// Reads and checks `sheet` as records of `kind` against `wb`; writes nothing.
/// `mapping` (sheet column → field key or ignored) overrides the headers.
pub fn preview_import(
    wb: &Workbook,
    sheet: &Sheet,
    kind: RecordKind,
    mapping: Option<&[Option<&'static str>]>,
) -> Result<ImportPreview, ImportError> {
    preview_import_with(wb, sheet, kind, &PreviewOptions { mapping, ..Default::default() })
}

/// [`preview_import`] with the number and date styles chosen by the officer.
pub fn preview_import_with(
    wb: &Workbook,
    sheet: &Sheet,
    kind: RecordKind,
    options: &PreviewOptions<'_>,
) -> Result<ImportPreview, ImportError> {
    let mapping = build_mapping(kind, sheet, options.mapping);
    let formats = detect_formats(sheet, &mapping.fields, options);
    let mapped_keys: Vec<&'static str> = mapping.fields.iter().flatten().map(|c| c.key).collect();
    let maps_facility = mapped_keys.iter().any(|k| matches!(*k, "ten_co_so" | "ma_so_thue"));
    let mut known = Known::load(wb, kind)?;
    // First each row's draft and facility, in order: a facility named twice
    // in the file is planned once.
    let mut read = Vec::with_capacity(sheet.rows.len());
    let mut example_lines = Vec::new();
    for (sheet_row, (line, cells)) in sheet.rows.iter().enumerate() {
        let line = *line;
        if cells.iter().all(|c| *c == Cell::Empty) {
            continue;
        }
        if is_example_row(cells) {
            example_lines.push(line);
            continue;
        }
        let mut draft = Draft::new(kind);
        for (cell, column) in cells.iter().zip(&mapping.fields) {
            if let Some(column) = column {
                draft.set(column.key, field_text(cell, column.ty, &formats));
            }
        }
        let facility = resolve_facility(kind, &draft, &mut known.index);
        read.push((sheet_row, line, draft, facility));
    }
    // Then the rules, row by row on two threads: the slow part of a big file.
    let checked = parallel::map(&read, |(_, line, draft, (facility, problems))| {
        let (record, issues) = check_resolved(kind, draft, facility.clone(), problems.clone());
        let (errors, warnings) = split_issues(kind, *line, &issues);
        let keys = record.as_ref().map(Keys::of);
        (record, errors, warnings, keys)
    });
    // Last the duplicates, in order: a row repeats the rows above it.
    let mut in_file: HashMap<Key, Seen> = HashMap::with_capacity(read.len() * 2);
    let mut rows = Vec::with_capacity(read.len());
    for ((sheet_row, line, draft, _), (record, errors, warnings, keys)) in read.into_iter().zip(checked) {
        let mut duplicate = None;
        let mut update = None;
        if let (Some(plan), Some(keys)) = (&record, keys) {
            if let Some((reason, of)) = keys.find(&known.keys) {
                if let DuplicateOf::Record { id, .. } = &of
                    && let Some(kept) = known.records.get(id)
                {
                    let mut merged = kept.to_draft(&known.facilities);
                    for key in &mapped_keys {
                        merged.set(key, draft.get(key));
                    }
                    // Without facility columns in the file, the kept record keeps its facility.
                    let facility = if maps_facility { plan.facility_id() } else { kept.facility_id() };
                    let (merged_record, merged_issues) =
                        check_record(kind, &merged, facility.map(str::to_string));
                    let (errors, warnings) = split_issues(kind, line, &merged_issues);
                    update = Some(UpdatePlan { id: id.clone(), record: merged_record, errors, warnings });
                }
                duplicate = Some(Duplicate { reason, of, choice: DuplicateChoice::Skip });
            } else {
                if let Some((reason, of)) = keys.find(&in_file) {
                    duplicate = Some(Duplicate { reason, of, choice: DuplicateChoice::Skip });
                }
                // A row that repeats a kept record is matched through that record.
                keys.remember(&mut in_file, DuplicateOf::Row { line });
            }
        }
        let new_facility = record
            .as_ref()
            .and_then(Plan::facility_id)
            .is_some_and(|id| known.index.created_ids.contains(id));
        let cells = if errors.is_empty() { Vec::new() } else { sheet.rows[sheet_row].1.clone() };
        rows.push(PreviewRow {
            line,
            sheet_row,
            draft,
            errors,
            warnings,
            duplicate,
            new_facility,
            cells,
            record,
            update,
        });
    }
    Ok(ImportPreview {
        kind,
        headers: sheet.headers.clone(),
        mapping: mapping.fields.iter().map(|c| c.map(|c| c.key)).collect(),
        detected_mapping: mapping.detected,
        mapping_problems: mapping.problems,
        formats,
        rows,
        example_lines,
        created: known.index.created,
    })
}

/// How to apply a preview.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ApplyOptions {
    /// Leave out the rows with errors and import the others (the officer sends
    /// the rejected rows back with [`write_rejected`]). Off: any error refuses
    /// the whole import.
    pub skip_rows_with_errors: bool,
}

enum Action<'p> {
    Insert(&'p Plan),
    Update(&'p str, &'p Plan),
}

impl ImportPreview {
    /// Every error of every row, in row order.
    pub fn errors(&self) -> Vec<RowProblem> {
        self.rows.iter().flat_map(|r| r.errors.iter().cloned()).collect()
    }

    /// Sets the choice of the duplicate row at `line`. False when that row is
    /// not a duplicate or the choice does not fit it (Update of a row that
    /// repeats another row).
    pub fn set_choice(&mut self, line: usize, choice: DuplicateChoice) -> bool {
        let Some(d) = self.rows.iter_mut().find(|r| r.line == line).and_then(|r| r.duplicate.as_mut()) else {
            return false;
        };
        if !d.choices().contains(&choice) {
            return false;
        }
        d.choice = choice;
        true
    }

    /// Sets every duplicate that allows it to `choice`; returns how many were set.
    pub fn set_all_choices(&mut self, choice: DuplicateChoice) -> usize {
        let mut set = 0;
        for d in self.rows.iter_mut().filter_map(|r| r.duplicate.as_mut()) {
            if d.choices().contains(&choice) {
                d.choice = choice;
                set += 1;
            }
        }
        set
    }

    /// The facilities the import would create under the current choices.
    fn needed_facilities(&self, actions: &[Action<'_>]) -> Vec<&(String, Facility)> {
        let needed: HashSet<&str> = actions
            .iter()
            .filter_map(|a| match a {
                Action::Insert(p) | Action::Update(_, p) => p.facility_id(),
            })
            .collect();
        self.created.iter().filter(|(id, _)| needed.contains(id.as_str())).collect()
    }

    fn actions(&self) -> Vec<Action<'_>> {
        let mut actions = Vec::new();
        for row in &self.rows {
            match (row.action(), &row.record, &row.update) {
                (RowAction::Insert, Some(plan), _) => actions.push(Action::Insert(plan)),
                (RowAction::Update, _, Some(UpdatePlan { id, record: Some(plan), .. })) => {
                    actions.push(Action::Update(id, plan))
                }
                _ => {}
            }
        }
        actions
    }

    pub fn counts(&self) -> PreviewCounts {
        let mut c = PreviewCounts {
            rows: self.rows.len(),
            examples_skipped: self.example_lines.len(),
            ..Default::default()
        };
        for row in &self.rows {
            c.with_errors += usize::from(row.has_errors());
            c.with_warnings += usize::from(!row.warnings.is_empty());
            c.duplicates += usize::from(row.duplicate.is_some());
            match row.action() {
                RowAction::Insert => c.to_insert += 1,
                RowAction::Update => c.to_update += 1,
                RowAction::Skip => c.to_skip += 1,
                RowAction::Refused => {}
            }
        }
        c.facilities_to_create = self.needed_facilities(&self.actions()).len();
        c
    }

    /// What [`apply_import`] would refuse with, if anything.
    pub fn check(&self, options: &ApplyOptions) -> Result<(), ImportError> {
        if let Some(p) = self.mapping_problems.first() {
            return Err(p.to_error());
        }
        if !options.skip_rows_with_errors {
            let errors = self.errors();
            if !errors.is_empty() {
                return Err(ImportError::Rows(errors));
            }
        }
        if self.rows.is_empty() {
            return Err(ImportError::NoRows);
        }
        let mut update_errors = Vec::new();
        for row in self.rows.iter().filter(|r| !r.has_errors()) {
            if let Some(d) = &row.duplicate
                && d.choice == DuplicateChoice::Update
            {
                match &row.update {
                    Some(u) if d.can_update() => update_errors.extend(u.errors.iter().cloned()),
                    _ => return Err(ImportError::CannotUpdate { line: row.line }),
                }
            }
        }
        if !update_errors.is_empty() {
            return Err(ImportError::Rows(update_errors));
        }
        Ok(())
    }
}

/// What an import wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportOutcome {
    /// New records added (not counting the facilities created for them).
    pub records: usize,
    /// Kept records updated from the file.
    pub updated: usize,
    pub facilities_created: usize,
    /// Rows left out as likely duplicates, with their line.
    pub skipped_duplicates: Vec<(usize, Duplicate)>,
    /// Rows with errors left out (only with [`ApplyOptions::skip_rows_with_errors`]).
    pub skipped_errors: usize,
    /// The template's example rows, skipped.
    pub examples_skipped: usize,
    /// Warnings (ceilings, check digits) of the rows written: shown, never blocking.
    pub warnings: Vec<RowProblem>,
}

/// Writes the rows of `preview` into `wb` in one transaction, following each
/// duplicate's choice: all of them, or none. Refuses while the mapping has a
/// problem or a row has an error (unless `options` leaves such rows out).
/// The preview must have been made from `wb` as it still is.
pub fn apply_import(
    wb: &mut Workbook,
    preview: &ImportPreview,
    options: &ApplyOptions,
) -> Result<ImportOutcome, ImportError> {
    if wb.read_only().is_some() {
        return Err(ImportError::Workbook(WorkbookError::ReadOnly));
    }
    preview.check(options)?;
    let mut outcome = ImportOutcome { examples_skipped: preview.example_lines.len(), ..Default::default() };
    for row in &preview.rows {
        match row.action() {
            RowAction::Refused => outcome.skipped_errors += 1,
            RowAction::Skip => {
                if let Some(d) = &row.duplicate {
                    outcome.skipped_duplicates.push((row.line, d.clone()));
                }
            }
            RowAction::Insert => {
                outcome.records += 1;
                outcome.warnings.extend(row.warnings.iter().cloned());
            }
            RowAction::Update => {
                outcome.updated += 1;
                if let Some(u) = &row.update {
                    outcome.warnings.extend(u.warnings.iter().cloned());
                }
            }
        }
    }
    let actions = preview.actions();
    let facilities = preview.needed_facilities(&actions);
    outcome.facilities_created = facilities.len();
    if !actions.is_empty() {
        wb.write_many(|w| {
            for (id, facility) in &facilities {
                w.insert_with_id(id, facility)?;
            }
            for action in &actions {
                match action {
                    Action::Insert(plan) => {
                        plan.insert(w)?;
                    }
                    Action::Update(id, plan) => plan.update(w, id)?,
                }
            }
            Ok(())
        })?;
    }
    Ok(outcome)
}

/// Imports the records of `path` (CSV or XLSX) as `kind` into `wb`: all or nothing.
pub fn import_file(wb: &mut Workbook, path: &Path, kind: RecordKind) -> Result<ImportOutcome, ImportError> {
    let sheet = read_sheet(path).map_err(ImportError::Read)?;
    import_sheet(wb, &sheet, kind)
}

/// Preview and apply with the defaults: the headers name the columns, any
/// error refuses everything, likely duplicates are skipped (and listed).
pub fn import_sheet(
    wb: &mut Workbook,
    sheet: &Sheet,
    kind: RecordKind,
) -> Result<ImportOutcome, ImportError> {
    if wb.read_only().is_some() {
        return Err(ImportError::Workbook(WorkbookError::ReadOnly));
    }
    let preview = preview_import(wb, sheet, kind, None)?;
    apply_import(wb, &preview, &ApplyOptions::default())
}

// ---------------------------------------------------------------------------
// Rejected rows, to send back.

/// The header of the reason column of a rejected-rows file (ignored on import).
pub fn reason_header(lang: Lang) -> &'static str {
    lang.pick("Lý do", "Reason")
}

/// Writes the rows with errors to an XLSX file at `path`: the file's own
/// columns and cells, the bad cells shaded, and a last column "Lý do" that
/// says what is wrong. Corrected, the file imports as it is (the reason
/// column is ignored). Returns the number of rows written.
pub fn write_rejected(preview: &ImportPreview, path: &Path, lang: Lang) -> Result<usize, TemplateError> {
    let rejected: Vec<&PreviewRow> = preview.rows.iter().filter(|r| r.has_errors()).collect();
    let width = rejected.iter().map(|r| r.cells.len()).fold(preview.headers.len(), usize::max);
    let col =
        |c: usize| u16::try_from(c).map_err(|_| TemplateError::Xlsx(format!("column {c} out of range")));
    let row_no =
        |r: usize| u32::try_from(r).map_err(|_| TemplateError::Xlsx(format!("row {r} out of range")));
    let shade = Color::RGB(0xFFC7CE);
    let bold = Format::new().set_bold();
    let bad = Format::new().set_background_color(shade);
    let date = Format::new().set_num_format(DATE_FORMAT);
    let bad_date = date.clone().set_background_color(shade);
    let wrap = Format::new().set_text_wrap();

    let mut sheet = Worksheet::new();
    sheet.set_name(data_sheet_name(preview.kind))?;
    let mut widths = vec![10usize; width + 1];
    for (c, h) in preview.headers.iter().enumerate() {
        sheet.write_string_with_format(0, col(c)?, h, &bold)?;
        widths[c] = widths[c].max(h.chars().count() + 2);
    }
    sheet.write_string_with_format(0, col(width)?, reason_header(lang), &bold)?;
    widths[width] = 60;

    // The sheet column each field was read from, to shade and name it.
    let column_of = |key: &str| preview.mapping.iter().position(|m| *m == Some(key));
    let name_of = |key: &'static str| -> String {
        match column_of(key).and_then(|c| preview.headers.get(c)).filter(|h| !h.trim().is_empty()) {
            Some(h) => h.trim().to_string(),
            None => columns(preview.kind)
                .iter()
                .find(|c| c.key == key)
                .map(|c| c.label.get(lang).to_string())
                .unwrap_or_else(|| key.to_string()),
        }
    };
    for (i, row) in rejected.iter().enumerate() {
        let r = row_no(i + 1)?;
        let bad_columns: HashSet<usize> = row.errors.iter().filter_map(|p| column_of(p.column)).collect();
        for (c, cell) in row.cells.iter().enumerate() {
            let is_bad = bad_columns.contains(&c);
            let cc = col(c)?;
            match cell {
                Cell::Empty if is_bad => {
                    sheet.write_blank(r, cc, &bad)?;
                }
                Cell::Empty => {}
                Cell::Text(s) => {
                    if is_bad {
                        sheet.write_string_with_format(r, cc, s, &bad)?;
                    } else {
                        sheet.write_string(r, cc, s)?;
                    }
                    widths[c] = widths[c].max(s.chars().count().min(50) + 2);
                }
                Cell::Number(x) => {
                    if is_bad {
                        sheet.write_number_with_format(r, cc, *x, &bad)?;
                    } else {
                        sheet.write_number(r, cc, *x)?;
                    }
                }
                Cell::Date(d) => {
                    let format = if is_bad { &bad_date } else { &date };
                    match excel_date(*d) {
                        Some(x) => sheet.write_datetime_with_format(r, cc, &x, format)?,
                        None => sheet.write_string_with_format(r, cc, format_date(*d), format)?,
                    };
                    widths[c] = widths[c].max(12);
                }
            }
        }
        // A required column missing from the row entirely still gets its cell shaded.
        for c in bad_columns.iter().filter(|c| **c >= row.cells.len()) {
            sheet.write_blank(r, col(*c)?, &bad)?;
        }
        let reasons: Vec<String> = row
            .errors
            .iter()
            .map(|p| format!("{}: {}", name_of(p.column), p.problem.message(lang)))
            .collect();
        let line = match lang {
            Lang::Vi => format!("Dòng {} – {}", row.line, reasons.join("; ")),
            Lang::En => format!("Line {} – {}", row.line, reasons.join("; ")),
        };
        sheet.write_string_with_format(r, col(width)?, line, &wrap)?;
    }
    for (c, w) in widths.iter().enumerate() {
        sheet.set_column_width(col(c)?, (*w).min(60) as f64)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    let mut book = rust_xlsxwriter::Workbook::new();
    book.push_worksheet(sheet);
    save_atomically(&mut book, path)?;
    Ok(rejected.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn style(s: &str) -> &'static str {
        match number_style(s) {
            NumberStyle::Comma => "comma",
            NumberStyle::Point => "point",
            NumberStyle::Plain => "plain",
        }
    }

    #[test]
    fn number_styles_are_told_apart() {
        assert_eq!(style("4,9"), "comma");
        assert_eq!(style("1.234,5"), "comma");
        assert_eq!(style("1.234.567"), "comma");
        assert_eq!(style("0,500"), "comma");
        assert_eq!(style("4.9"), "point");
        assert_eq!(style("1,234.5"), "point");
        assert_eq!(style("1,234,567"), "point");
        assert_eq!(style("1.518"), "plain");
        assert_eq!(style("3,900"), "plain");
        assert_eq!(style("3900"), "plain");
        assert_eq!(style("abc"), "plain");
    }

    #[test]
    fn headers_match_without_stars_units_or_accents() {
        let key = |h: &str| detect_column(RecordKind::Project, h).map(|c| c.key);
        assert_eq!(key("Kinh phí hỗ trợ (triệu đồng)"), Some("kinh_phi_ho_tro"));
        assert_eq!(key("kinh phi ho tro"), Some("kinh_phi_ho_tro"));
        assert_eq!(key("Năm *"), Some("nam"));
        assert_eq!(key("Huyện"), Some("huyen"));
        assert_eq!(key("Support (million VND)"), Some("kinh_phi_ho_tro"));
        // An amount in đồng is not read as millions.
        assert_eq!(key("Kinh phí hỗ trợ (đồng)"), None);
        assert_eq!(key("Số lượng"), None);
        assert!(is_ignored_header("STT"));
        assert!(is_ignored_header("Lý do"));
    }

    #[test]
    fn month_first_dates_are_turned_around() {
        let f = DetectedFormats { date_order: DateOrder::MonthDay, ..Default::default() };
        assert_eq!(field_text(&Cell::Text("3/15/2020".into()), FieldType::Date, &f), "15/3/2020");
        let f = DetectedFormats { decimal: DecimalMark::Point, ..Default::default() };
        assert_eq!(field_text(&Cell::Text("1,234.5".into()), FieldType::Money, &f), "1.234,5");
        assert_eq!(field_text(&Cell::Text("1,234.5".into()), FieldType::Line, &f), "1,234.5");
    }
}
