//! The plans to Excel: one sheet per plan, laid out as a decision's annex
//! (title, decision, "Đơn vị tính: triệu đồng", the lines, "Tổng cộng"),
//! with what was done beside each line. The annex columns read back with
//! the plan import; the columns of what was done are left out by it.

use std::io::{BufWriter, Write};
use std::path::Path;

use rust_xlsxwriter::{Format, Worksheet};

use super::{ExportError, ExportSummary, MONEY_FORMAT, UNWRITABLE_TEMP};
use crate::domain::Code;
use crate::domain::number::DONG_PER_MILLION;
use crate::domain::plan::share;
use crate::i18n::Lang;
use crate::output::NewFile;
use crate::report::plan_table::decision_text;
use crate::workbook::Workbook;
use crate::workbook::plans::PlanWithProgress;

/// The annex's columns, then what was done.
pub const PLAN_HEADERS: [&str; 13] = [
    "STT",
    "Nội dung hoạt động",
    "Năm",
    "Nguồn kinh phí",
    "Số lượng",
    "Đơn vị tính",
    "Số học viên",
    "Kinh phí (triệu đồng)",
    "Ghi chú",
    "Thực hiện - số lượng",
    "Thực hiện - số học viên",
    "Thực hiện - kinh phí (triệu đồng)",
    "Tỷ lệ đạt (%)",
];

const WIDTHS: [f64; 13] = [6.0, 44.0, 10.0, 22.0, 10.0, 10.0, 12.0, 14.0, 24.0, 12.0, 12.0, 16.0, 10.0];

/// A sheet name Excel takes: at most 31 characters, none of : \ / ? * [ ], unique.
fn sheet_name(plan: &crate::domain::plan::Plan, taken: &mut Vec<String>) -> String {
    let base: String = format!("{} {}", plan.kind.label(Lang::Vi), plan.years())
        .chars()
        .filter(|c| !matches!(c, ':' | '\\' | '/' | '?' | '*' | '[' | ']'))
        .take(27)
        .collect();
    let mut name = base.clone();
    let mut n = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&name)) {
        name = format!("{base} ({n})");
        n += 1;
    }
    taken.push(name.clone());
    name
}

fn million(vnd: i64) -> f64 {
    vnd as f64 / DONG_PER_MILLION as f64
}

fn plan_sheet(p: &PlanWithProgress, name: String) -> Result<Worksheet, ExportError> {
    let plan = &p.stored.record;
    let mut sheet = Worksheet::new();
    sheet.set_name(name)?;
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format(MONEY_FORMAT);
    let bold_money = Format::new().set_bold().set_num_format(MONEY_FORMAT);
    sheet.write_string_with_format(0, 1, plan.title.to_uppercase(), &bold)?;
    let decision = decision_text(plan, Lang::Vi);
    if !decision.is_empty() {
        sheet.write_string(1, 1, format!("(Kèm theo {decision})"))?;
    }
    sheet.write_string(2, 1, "Đơn vị tính: triệu đồng")?;
    for (c, h) in PLAN_HEADERS.iter().enumerate() {
        sheet.write_string_with_format(4, c as u16, *h, &bold)?;
        sheet.set_column_width(c as u16, WIDTHS[c])?;
    }
    let (mut planned, mut done) = (0i64, 0i64);
    for (i, lp) in p.progress.lines.iter().enumerate() {
        let r = 5 + i as u32;
        let l = &lp.line;
        sheet.write_number(r, 0, (i + 1) as f64)?;
        sheet.write_string(r, 1, l.activity.label(Lang::Vi))?;
        if let Some(y) = l.year {
            sheet.write_number(r, 2, f64::from(y))?;
        }
        if let Some(s) = l.source {
            sheet.write_string(r, 3, s.label_vi())?;
        }
        if let Some(n) = l.target_count {
            sheet.write_number(r, 4, n as f64)?;
        }
        sheet.write_string(r, 5, l.activity.unit().label(Lang::Vi))?;
        if let Some(t) = l.target_trainees {
            sheet.write_number(r, 6, t as f64)?;
        }
        if let Some(v) = l.target_vnd {
            sheet.write_number_with_format(r, 7, million(v), &money)?;
            planned = planned.saturating_add(v);
            done = done.saturating_add(lp.actual.vnd);
        }
        if !l.note.is_empty() {
            sheet.write_string(r, 8, &l.note)?;
        }
        sheet.write_number(r, 9, lp.actual.count as f64)?;
        if l.target_trainees.is_some() {
            sheet.write_number(r, 10, lp.actual.trainees as f64)?;
        }
        sheet.write_number_with_format(r, 11, million(lp.actual.vnd), &money)?;
        if let Some(p) = lp.progress() {
            sheet.write_number(r, 12, (p * 10.0).round() / 10.0)?;
        }
    }
    let total = 5 + p.progress.lines.len() as u32;
    sheet.write_string_with_format(total, 1, "Tổng cộng", &bold)?;
    sheet.write_number_with_format(total, 7, million(planned), &bold_money)?;
    sheet.write_number_with_format(total, 11, million(done), &bold_money)?;
    if let Some(s) = share(done, Some(planned)) {
        sheet.write_number_with_format(total, 12, (s * 10.0).round() / 10.0, &bold)?;
    }
    Ok(sheet)
}

/// Writes every live plan, with its progress, to an XLSX file at `path`.
pub fn export_plans(wb: &Workbook, path: &Path) -> Result<ExportSummary, ExportError> {
    let plans = wb.plans_with_progress()?;
    let mut file = NewFile::beside(path, Some(wb.path()))?;
    crate::guard::catch(|| {
        let mut book = rust_xlsxwriter::Workbook::new();
        let mut taken = Vec::new();
        if plans.is_empty() {
            let mut sheet = Worksheet::new();
            sheet.set_name("Kế hoạch")?;
            sheet.write_string(0, 0, "Sổ chưa có kế hoạch nào.")?;
            book.push_worksheet(sheet);
        }
        for p in &plans {
            book.push_worksheet(plan_sheet(p, sheet_name(&p.stored.record, &mut taken))?);
        }
        let mut buffered = BufWriter::new(file.file());
        book.save_to_writer(&mut buffered)?;
        buffered.flush()?;
        Ok::<_, ExportError>(())
    })
    .unwrap_or_else(|| Err(ExportError::Io(UNWRITABLE_TEMP.into())))?;
    file.commit()?;
    Ok(ExportSummary { records: plans.len() })
}
