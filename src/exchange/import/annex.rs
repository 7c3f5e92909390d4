//! A plan's annex, as the decision attaches it ("Phụ lục: Kế hoạch khuyến
//! công năm 2024"), read into a plan to preview: its lines by the import's
//! own reading of officers' tables (title lines, two-row headers, units,
//! group and total rows, old font encodings), its title, years and decision
//! from the lines above the table. Nothing is kept until the officer, having
//! seen and completed it, says so; a line the reading is not sure of is
//! shown with its problem and blocks the import.

use std::path::{Path, PathBuf};

use crate::domain::codes::PlanKind;
use crate::domain::fields::{Checked, Draft};
use crate::domain::number::{format_date, parse_date};
use crate::domain::plan::{LineProblem, LineText, Plan, line_texts_json};
use crate::domain::text::fold;
use crate::domain::{Code, RecordKind};
use crate::i18n::Lang;
use crate::spreadsheet::layout::cell_text;
use crate::spreadsheet::{Notice, ReadError, ReadOptions, TableProblem, open, read_table};

/// One line of the annex's table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnexLine {
    /// Its line in the file.
    pub line: usize,
    pub text: LineText,
    pub problems: Vec<LineProblem>,
}

/// What reading an annex found, for the officer to see and complete.
#[derive(Debug, Clone)]
pub struct AnnexPreview {
    pub path: PathBuf,
    pub sheet: String,
    /// The plan's own fields as read from the title lines (the officer
    /// completes them); its lines are [`AnnexPreview::lines`].
    pub draft: Draft,
    pub lines: Vec<AnnexLine>,
    notices: Vec<Notice>,
    problems: Vec<TableProblem>,
}

impl AnnexPreview {
    /// What the reading decided (units, skipped rows…), in `lang`.
    pub fn notices(&self, lang: Lang) -> Vec<String> {
        let kind = RecordKind::PlanLine;
        self.problems
            .iter()
            .map(|p| p.message(kind, lang))
            .chain(self.notices.iter().map(|n| n.message(kind, lang)))
            .collect()
    }

    /// Whether the table itself could not be read right (a column to choose…).
    pub fn has_table_problems(&self) -> bool {
        !self.problems.is_empty()
    }

    /// The plan with the fields as completed and the lines read; its
    /// problems (a line's among them) block the import.
    pub fn plan(&self) -> Checked<Plan> {
        let texts: Vec<LineText> = self.lines.iter().map(|l| l.text.clone()).collect();
        let mut draft = self.draft.clone();
        draft.set("cac_dong", line_texts_json(&texts));
        draft.to_plan()
    }
}

/// Reads the annex at `path`. A file that is no table of plan lines is
/// refused with the reading's own reason.
pub fn read_annex(path: &Path) -> Result<AnnexPreview, ReadError> {
    let book = open(path)?;
    let options = ReadOptions { ignore_unknown: true, ..ReadOptions::default() };
    let table = read_table(&book, RecordKind::PlanLine, &options)?;
    let first_data = table.rows.iter().map(|r| r.grid_row).min().unwrap_or(table.grid.rows.len());
    let title_lines: Vec<String> = table.grid.rows[..first_data.min(table.grid.rows.len())]
        .iter()
        .map(|row| row.cells.iter().map(cell_text).filter(|t| !t.is_empty()).collect::<Vec<_>>().join(" "))
        .filter(|t| !t.is_empty())
        .collect();
    let lines = table
        .rows
        .iter()
        .map(|row| {
            let text = row.draft.to_line_text();
            let problems = text.read().err().unwrap_or_default();
            AnnexLine { line: row.line, text, problems }
        })
        .collect();
    Ok(AnnexPreview {
        path: path.to_path_buf(),
        sheet: table.sheet.clone(),
        draft: header_draft(&title_lines),
        lines,
        notices: table.notices.clone(),
        problems: table.problems.clone(),
    })
}

/// The plan's fields the title lines give: "KẾ HOẠCH KHUYẾN CÔNG NĂM 2024",
/// "(Kèm theo Quyết định số 285/QĐ-UBND ngày 31/01/2024 của Chủ tịch UBND tỉnh)".
fn header_draft(title_lines: &[String]) -> Draft {
    let mut draft = Draft::new(RecordKind::Plan);
    let title = title_lines.iter().find(|l| {
        let f = fold(l);
        (f.contains("ke hoach") || f.contains("chuong trinh")) && !f.starts_with("kem theo")
    });
    if let Some(title) = title {
        draft.set("ten_ke_hoach", sentence_case(title.trim()));
        let years = years_in(title);
        match years.as_slice() {
            [one] => {
                draft.set("loai_ke_hoach", PlanKind::Annual.code());
                draft.set("tu_nam", one.to_string());
                draft.set("den_nam", one.to_string());
            }
            [from, .., to] if from < to => {
                draft.set("loai_ke_hoach", PlanKind::Programme.code());
                draft.set("tu_nam", from.to_string());
                draft.set("den_nam", to.to_string());
            }
            _ => {}
        }
    }
    if let Some(line) = title_lines.iter().find(|l| fold(l).contains("quyet dinh")) {
        let (number, date, by) = decision_parts(line);
        draft.set("so_quyet_dinh", number);
        draft.set("ngay_quyet_dinh", date.map(format_date).unwrap_or_default());
        draft.set("nguoi_phe_duyet", by);
    }
    draft
}

/// A title in capitals as a sentence ("KẾ HOẠCH KHUYẾN CÔNG NĂM 2024" →
/// "Kế hoạch khuyến công năm 2024"); one already in mixed case is kept.
fn sentence_case(title: &str) -> String {
    let letters = title.chars().filter(|c| c.is_alphabetic());
    if letters.clone().any(|c| c.is_lowercase()) {
        return title.to_string();
    }
    crate::domain::text::capitalised(&title.to_lowercase())
}

/// The years (2000–2100) a line names, in order.
fn years_in(text: &str) -> Vec<i32> {
    let mut out = Vec::new();
    let mut digits = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        if digits.len() == 4
            && let Ok(y) = digits.parse::<i32>()
            && (2000..=2100).contains(&y)
        {
            out.push(y);
        }
        digits.clear();
    }
    out
}

/// "…Quyết định số 285/QĐ-UBND ngày 31/01/2024 của Chủ tịch UBND tỉnh)":
/// the number, the date and who decided, each when the line holds it.
fn decision_parts(line: &str) -> (String, Option<jiff::civil::Date>, String) {
    let words: Vec<&str> = line.split_whitespace().collect();
    let folded: Vec<String> = words.iter().map(|w| fold(w)).collect();
    let after = |word: &str| folded.iter().position(|w| w == word).and_then(|i| words.get(i + 1));
    let clean = |s: &str| s.trim_matches(|c: char| matches!(c, '(' | ')' | ',' | ';' | '.')).to_string();
    let number =
        after("so").map(|w| clean(w)).filter(|w| w.chars().any(|c| c.is_ascii_digit())).unwrap_or_default();
    let date = after("ngay").and_then(|w| parse_date(&clean(w)).ok());
    let by =
        folded.iter().position(|w| w == "cua").map(|i| clean(&words[i + 1..].join(" "))).unwrap_or_default();
    (number, date, by)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_title_lines_give_the_plan_its_title_years_and_decision() {
        let d = header_draft(&[
            "ỦY BAN NHÂN DÂN TỈNH VĨNH LONG".to_string(),
            "KẾ HOẠCH KHUYẾN CÔNG NĂM 2024".to_string(),
            "(Kèm theo Quyết định số 285/QĐ-UBND ngày 31/01/2024 của Chủ tịch UBND tỉnh)".to_string(),
        ]);
        assert_eq!(d.get("ten_ke_hoach"), "Kế hoạch khuyến công năm 2024");
        assert_eq!((d.get("loai_ke_hoach"), d.get("tu_nam"), d.get("den_nam")), ("nam", "2024", "2024"));
        assert_eq!(d.get("so_quyet_dinh"), "285/QĐ-UBND");
        assert_eq!(d.get("ngay_quyet_dinh"), "31/01/2024");
        assert_eq!(d.get("nguoi_phe_duyet"), "Chủ tịch UBND tỉnh");
        let p = header_draft(&["Chương trình khuyến công giai đoạn 2026 - 2030".to_string()]);
        assert_eq!(
            (p.get("loai_ke_hoach"), p.get("tu_nam"), p.get("den_nam")),
            ("giai_doan", "2026", "2030")
        );
        let none = header_draft(&["DANH MỤC".to_string()]);
        assert_eq!((none.get("ten_ke_hoach"), none.get("tu_nam")), ("", ""), "nothing guessed");
    }
}
