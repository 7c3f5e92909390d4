//! Where the table is in a sheet laid out for printing: the header row under
//! the title lines (one row, or two with merged cells), the row numbering the
//! columns "(1) (2) (3)…", and what the title lines say of the whole table
//! (its money unit, its year).

use crate::domain::headers::{HeaderMatch, HeaderText, Meaning, NotKept, match_header, normalise};
use crate::domain::records::RecordKind;
use crate::domain::text::fold;

use super::Cell;
use super::grid::{Grid, GridRow};
use super::units::{Unit, unit_line, unit_named};

/// How many rows from the top the header is looked for in.
const HEADER_SEARCH_ROWS: usize = 40;

/// One column of the header.
#[derive(Debug, Clone)]
pub struct HeaderCell {
    /// The header as shown to the officer: the two rows joined ("Kinh phí (triệu đồng) / Hỗ trợ").
    pub shown: String,
    pub matched: HeaderMatch,
    /// A unit the header names (in its own or its upper row's brackets).
    pub unit: Option<Unit>,
}

#[derive(Debug, Clone)]
pub struct Header {
    /// Indices into `Grid::rows` of the header's first and last row.
    pub first: usize,
    pub last: usize,
    pub cells: Vec<HeaderCell>,
    /// The index of the column-number row, when there is one.
    pub numbers_row: Option<usize>,
    /// The index of the first row that may be data.
    pub data_start: usize,
    score: usize,
}

impl Header {
    /// How well the header names the kind's fields (more fields, higher).
    pub fn score(&self) -> usize {
        self.score
    }
}

/// What the lines above the header say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TitleFacts {
    /// "Đơn vị tính: triệu đồng", and its line.
    pub unit: Option<(Unit, usize)>,
    /// "DANH SÁCH ĐỀ ÁN KHUYẾN CÔNG NĂM 2023": the one year the title names, and its line.
    pub year: Option<(i32, usize)>,
}

/// A cell's text as a header or title reads it.
pub fn cell_text(cell: &Cell) -> String {
    match cell {
        Cell::Text(s) => s.trim().to_string(),
        Cell::Empty => String::new(),
        other => other.shown(),
    }
}

fn is_number_like(cell: &Cell) -> bool {
    match cell {
        Cell::Number(_) | Cell::Date(_) => true,
        Cell::Text(s) => {
            let t = s.trim();
            !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || " .,-/".contains(c))
        }
        Cell::Empty => false,
    }
}

/// "(1) (2) (3)…", "1 2 3…", "(4)=(2)+(3)", "A B C": a row that numbers the columns.
fn is_column_numbers(row: &GridRow) -> bool {
    let texts: Vec<String> = row.cells.iter().map(cell_text).filter(|t| !t.is_empty()).collect();
    if texts.len() < 3 {
        return false;
    }
    let numbering = |t: &str| {
        let bare =
            t.trim_matches(|c: char| c == '(' || c == ')' || c == '[' || c == ']' || c == '.' || c == ' ');
        let short_letters = bare.len() <= 2 && bare.chars().all(|c| c.is_ascii_uppercase());
        let digits = !bare.is_empty() && bare.len() <= 3 && bare.chars().all(|c| c.is_ascii_digit());
        let formula = t.contains('(') && t.chars().all(|c| c.is_ascii_digit() || "()=+-*x/ ".contains(c));
        short_letters || digits || formula
    };
    texts.iter().filter(|t| numbering(t)).count() * 10 >= texts.len() * 8
}

/// The texts of a row per column, with a horizontally merged cell's text
/// given to every column it covers.
fn row_texts(grid: &Grid, row: &GridRow) -> Vec<String> {
    // An "Đơn vị tính: …" cell beside the headers is the table's unit, not a header.
    let mut texts: Vec<String> = row
        .cells
        .iter()
        .map(cell_text)
        .map(|t| if unit_line(&t).is_some() { String::new() } else { t })
        .collect();
    for m in grid.merges.iter().filter(|m| m.first_row == row.row && m.last_col > m.first_col) {
        let Some(first) = m.first_col.checked_sub(grid.first_col) else { continue };
        let Some(text) = texts.get(first as usize).cloned() else { continue };
        for col in m.first_col + 1..=m.last_col {
            if let Some(slot) = col.checked_sub(grid.first_col).and_then(|i| texts.get_mut(i as usize))
                && slot.is_empty()
            {
                *slot = text.clone();
            }
        }
    }
    texts
}

fn unit_of(text: &HeaderText) -> Option<Unit> {
    text.brackets.iter().find_map(|b| unit_named(b))
}

/// Reads one header cell from its text(s): the lower row alone, the two
/// joined, the upper alone; the best match wins.
fn header_cell(kind: RecordKind, top: &str, bottom: Option<&str>) -> HeaderCell {
    let (top_text, bottom) = (normalise(top), bottom.filter(|b| !b.is_empty() && *b != top));
    let Some(bottom) = bottom else {
        return HeaderCell {
            shown: top.to_string(),
            matched: match_header(kind, &top_text),
            unit: unit_of(&top_text),
        };
    };
    let bottom_text = normalise(bottom);
    let joined = HeaderText {
        words: format!("{} {}", top_text.words, bottom_text.words).trim().to_string(),
        brackets: top_text.brackets.iter().chain(&bottom_text.brackets).cloned().collect(),
    };
    let (joined_match, bottom_match) = (match_header(kind, &joined), match_header(kind, &bottom_text));
    let rank = |m: &HeaderMatch| match (m.meaning, m.exact, m.weak) {
        (Meaning::Field(_), true, false) => 4,
        (Meaning::Field(_), false, false) => 3,
        (Meaning::NotKept(_), true, _) => 2,
        (Meaning::Field(_), _, true) => 1,
        _ => 0,
    };
    // The joined header first when it is as good: "Số học viên / Tổng số" is
    // the trainees, though "Tổng số" alone is a total.
    let matched = if rank(&joined_match) >= rank(&bottom_match) { joined_match } else { bottom_match };
    let shown = if top.is_empty() { bottom.to_string() } else { format!("{top} / {bottom}") };
    HeaderCell { shown, matched, unit: unit_of(&bottom_text).or(unit_of(&top_text)) }
}

fn score(cells: &[HeaderCell]) -> usize {
    let mut fields: Vec<&str> = cells.iter().filter_map(|c| c.matched.field()).map(|c| c.key).collect();
    fields.sort_unstable();
    fields.dedup();
    let not_kept = cells.iter().filter(|c| matches!(c.matched.meaning, Meaning::NotKept(_))).count();
    fields.len() * 4 + not_kept
}

fn distinct_fields(cells: &[HeaderCell]) -> usize {
    let mut fields: Vec<&str> = cells.iter().filter_map(|c| c.matched.field()).map(|c| c.key).collect();
    fields.sort_unstable();
    fields.dedup();
    fields.len()
}

/// The header of one candidate row `i`, alone or with the row under it.
fn header_at(grid: &Grid, kind: RecordKind, i: usize) -> Option<Header> {
    let row = &grid.rows[i];
    let top = row_texts(grid, row);
    let texts = top.iter().filter(|t| !t.is_empty()).count();
    if texts < 2 && i > 0 {
        return None;
    }
    // A header holds words: a row mostly of numbers is data.
    if row.cells.iter().filter(|c| is_number_like(c)).count() * 2 > texts {
        return None;
    }
    let single: Vec<HeaderCell> = top.iter().map(|t| header_cell(kind, t, None)).collect();
    let mut best = Header {
        first: i,
        last: i,
        score: score(&single),
        cells: single,
        numbers_row: None,
        data_start: i + 1,
    };
    // The row under it continues the header when it is words only, right
    // under a row of several headers (a title line above a header is no header).
    if let Some(next) = grid.rows.get(i + 1)
        && texts >= 2
        && next.row == row.row + 1
        && !is_column_numbers(next)
        && next.cells.iter().all(|c| c.is_empty() || !is_number_like(c))
    {
        let bottom = row_texts(grid, next);
        if bottom.iter().any(|t| !t.is_empty()) {
            let double: Vec<HeaderCell> =
                top.iter().zip(&bottom).map(|(t, b)| header_cell(kind, t, Some(b.as_str()))).collect();
            let s = score(&double);
            if s > best.score {
                best = Header {
                    first: i,
                    last: i + 1,
                    score: s,
                    cells: double,
                    numbers_row: None,
                    data_start: i + 2,
                };
            }
        }
    }
    if distinct_fields(&best.cells) == 0 {
        return None;
    }
    if let Some(n) = grid.rows.get(best.data_start)
        && is_column_numbers(n)
    {
        best.numbers_row = Some(best.data_start);
        best.data_start += 1;
    }
    Some(best)
}

/// The header of a kind's table in a sheet: the row (or two) among the
/// first ones that names the most of the kind's fields. A lone title line
/// is never a header: a header names at least two fields, unless the sheet
/// is one plain row of headers over its data.
pub fn find_header(grid: &Grid, kind: RecordKind) -> Option<Header> {
    let rows = grid.rows.len().min(HEADER_SEARCH_ROWS);
    let mut best: Option<Header> = None;
    for i in 0..rows {
        let Some(h) = header_at(grid, kind, i) else { continue };
        if distinct_fields(&h.cells) < 2 && i > 0 {
            continue;
        }
        if best.as_ref().is_none_or(|b| h.score > b.score) {
            best = Some(h);
        }
    }
    best
}

/// The unit line and the year the title lines above the header name.
pub fn title_facts(grid: &Grid, header: &Header) -> TitleFacts {
    let mut facts = TitleFacts::default();
    let mut years: Vec<(i32, usize)> = Vec::new();
    for (i, row) in grid.rows[..=header.last.min(grid.rows.len().saturating_sub(1))].iter().enumerate() {
        let in_header = i >= header.first;
        let line = row.row as usize + 1;
        for cell in &row.cells {
            let text = cell_text(cell);
            if text.is_empty() {
                continue;
            }
            if facts.unit.is_none()
                && let Some(unit) = unit_line(&text)
            {
                facts.unit = Some((unit, line));
            }
            if !in_header {
                years.extend(title_years(&text).into_iter().map(|y| (y, line)));
            }
        }
    }
    years.sort_unstable();
    years.dedup_by_key(|(y, _)| *y);
    if let [(year, line)] = years.as_slice() {
        facts.year = Some((*year, *line));
    }
    facts
}

/// The years a title line names after "năm" ("… NĂM 2023"), or as a range
/// ("giai đoạn 2021 – 2025": two years, so none is the table's).
fn title_years(text: &str) -> Vec<i32> {
    let folded = fold(text);
    if folded.starts_with("ngay ") || folded.contains(" ngay ") && folded.contains(" thang ") {
        // "Vĩnh Long, ngày 15 tháng 12 năm 2023" is a date, not the table's year.
        return Vec::new();
    }
    let words: Vec<&str> = folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let mut years = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let Ok(year) = w.parse::<i32>() else { continue };
        if !(2000..=2100).contains(&year) || w.len() != 4 {
            continue;
        }
        let after_nam = i > 0 && words[i - 1] == "nam";
        let in_range = words.get(i.wrapping_sub(2)).is_some_and(|p| p.len() == 4 && p.parse::<i32>().is_ok())
            || words.get(i + 1).is_some_and(|n| n.len() == 4 && n.parse::<i32>().is_ok());
        if after_nam || in_range || words.contains(&"giai") {
            years.push(year);
        }
    }
    years
}

/// Header cells that are row numbers.
pub fn is_row_number(cell: &HeaderCell) -> bool {
    cell.matched.meaning == Meaning::NotKept(NotKept::RowNumber)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: &[&[&str]]) -> Grid {
        let mut cells = Vec::new();
        for (r, row) in rows.iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                cells.push((r as u32, c as u32, Cell::Text(text.to_string())));
            }
        }
        Grid::from_cells("T".into(), cells).unwrap()
    }

    #[test]
    fn the_header_is_found_under_title_lines() {
        let g = grid(&[
            &["ỦY BAN NHÂN DÂN TỈNH VĨNH LONG"],
            &["DANH SÁCH ĐỀ ÁN KHUYẾN CÔNG NĂM 2023"],
            &["", "", "", "Đơn vị tính: triệu đồng"],
            &["STT", "Tên đề án", "Năm", "Kinh phí hỗ trợ"],
            &["(1)", "(2)", "(3)", "(4)"],
            &["1", "Máy sấy", "2023", "300"],
        ]);
        let h = find_header(&g, RecordKind::Project).unwrap();
        assert_eq!((h.first, h.last, h.numbers_row, h.data_start), (3, 3, Some(4), 5));
        assert!(is_row_number(&h.cells[0]));
        let facts = title_facts(&g, &h);
        assert_eq!(facts.unit, Some((Unit::Million, 3)));
        assert_eq!(facts.year, Some((2023, 2)));
    }

    #[test]
    fn two_row_headers_are_joined() {
        let g = grid(&[
            &["STT", "Tên đề án", "Kinh phí (triệu đồng)", ""],
            &["", "", "Hỗ trợ", "Đối ứng"],
            &["1", "Máy sấy", "300", "600"],
        ]);
        let mut g = g;
        g.merges.push(super::super::grid::Merge { first_row: 0, first_col: 2, last_row: 0, last_col: 3 });
        let h = find_header(&g, RecordKind::Project).unwrap();
        assert_eq!((h.first, h.last, h.data_start), (0, 1, 2));
        let keys: Vec<Option<&str>> = h.cells.iter().map(|c| c.matched.field().map(|f| f.key)).collect();
        assert_eq!(keys, [None, Some("ten_de_an"), Some("kinh_phi_ho_tro"), Some("von_doi_ung")]);
        assert_eq!(h.cells[3].unit, Some(Unit::Million));
        assert_eq!(h.cells[3].shown, "Kinh phí (triệu đồng) / Đối ứng");
    }

    #[test]
    fn a_title_line_is_not_a_header() {
        let g = grid(&[&["Năm 2023"], &["Tên cơ sở", "Mã số thuế"], &["Cơ sở A", "123"]]);
        let h = find_header(&g, RecordKind::Facility).unwrap();
        assert_eq!(h.first, 1);
    }

    #[test]
    fn years_of_titles() {
        assert_eq!(title_years("DANH SÁCH ĐỀ ÁN KHUYẾN CÔNG NĂM 2023"), [2023]);
        assert_eq!(title_years("KẾ HOẠCH GIAI ĐOẠN 2021 - 2025"), [2021, 2025]);
        assert!(title_years("Vĩnh Long, ngày 15 tháng 12 năm 2023").is_empty());
        assert!(title_years("Số: 125/QĐ-UBND").is_empty());
    }
}
