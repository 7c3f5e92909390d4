//! The XLSX export: a sheet per record kind and the totals by year.

use std::io::{BufWriter, Write};
use std::path::Path;

use jiff::civil::Date;
use rust_xlsxwriter::{ExcelDateTime, Format, Worksheet};

use super::values::{Export, Facilities, Value, typed_text};
use super::{
    DATE_FORMAT, EXCEL_MAX_ROWS, ExportError, ExportSummary, MONEY_FORMAT, SHEET_NAMES, SUMMARY_HEADERS,
    TOTAL_LABEL, UNWRITABLE_TEMP,
};
use crate::domain::fields::{Column, FieldType, columns};
use crate::domain::number::{DONG_PER_MILLION, format_date, format_million};
use crate::domain::{DesignSupport, Facility, Project, Training};
use crate::output::NewFile;
use crate::workbook::summary::{Summary, YearTotals};
use crate::workbook::{Stored, Workbook};

const MONEY_WHOLE_FORMAT: &str = "#,##0";
const COUNT_FORMAT: &str = "#,##0";
/// How often (in rows) the progress callback is called.
const PROGRESS_EVERY: usize = 1_000;
/// The share of the progress bar given to filling the sheets; the rest is saving.
const FILL_SHARE: f32 = 0.9;
const MAX_COLUMN_WIDTH: usize = 60;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_before_1900_are_not_excel_dates() {
        assert!(excel_date(Date::new(2021, 5, 21).unwrap()).is_some());
        assert!(excel_date(Date::new(1800, 1, 1).unwrap()).is_none());
    }
}
