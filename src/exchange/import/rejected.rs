//! The rows an import refused, written back as a file the district can
//! correct and send again.

use std::collections::HashSet;
use std::path::Path;

use rust_xlsxwriter::{Color, Format, Worksheet};

use super::{ImportPreview, PreviewRow};
use crate::domain::fields::columns;
use crate::domain::number::format_date;
use crate::exchange::export::DATE_FORMAT;
use crate::exchange::template::{TemplateError, data_sheet_name, excel_date, save_atomically};
use crate::i18n::Lang;
use crate::spreadsheet::Cell;

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
    let headers: Vec<&str> = preview.columns.iter().map(|c| c.header.as_str()).collect();
    let width = rejected.iter().map(|r| r.cells.len()).fold(headers.len(), usize::max);
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
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, col(c)?, *h, &bold)?;
        widths[c] = widths[c].max(h.chars().count() + 2);
    }
    sheet.write_string_with_format(0, col(width)?, reason_header(lang), &bold)?;
    widths[width] = 60;

    // The sheet column each field was read from, to shade and name it.
    let mapping = preview.mapping();
    let column_of = |key: &str| mapping.iter().position(|m| *m == Some(key));
    let name_of = |key: &'static str| -> String {
        match column_of(key).and_then(|c| headers.get(c)).filter(|h| !h.trim().is_empty()) {
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
