//! The records' drafts: each cell as the text its field reads, the way the
//! forms take it (amounts in triệu đồng, dates dd/mm/yyyy), and the values
//! the rows take from group headings, merged cells and the title; what was
//! left out, and what stops the import (formulas without a value, required
//! fields nothing gives).

use std::borrow::Cow;

use crate::domain::fields::{Column, Draft, FieldType, columns};
use crate::domain::number::{format_date, format_million, parse_scaled};
use crate::domain::phrases::code_by_words;
use crate::domain::records::RecordKind;
use crate::domain::text::fold;

use super::Cell;
use super::formats::{DecimalMark, DetectedFormats};
use super::grid::{Grid, cell_name};
use super::reading::{Notice, TableProblem};
use super::rows::{RowRole, SkipReason};
use super::table::{Fill, SkippedRow, TableColumn, TableReader, TableRow, column_of_key};
use super::units::{Unit, split_amount};

/// A cell being read: shared with the file's book (read by copy), or the
/// table's own (its text moved into the draft: a large file is held once).
enum CellRef<'a> {
    Shared(&'a Cell),
    Mine(&'a mut Cell),
}

impl CellRef<'_> {
    /// The cell's text for its field, and the code when read by its words.
    fn read(
        self,
        column: &Column,
        unit: Option<Unit>,
        formats: &DetectedFormats,
    ) -> (String, Option<(&'static str, String)>) {
        match self {
            CellRef::Mine(cell) if text_as_is(cell, column, unit, formats) => {
                let Cell::Text(text) = std::mem::replace(cell, Cell::Empty) else {
                    return (String::new(), None);
                };
                (text, None)
            }
            CellRef::Mine(cell) => read_shared(cell, column, unit, formats),
            CellRef::Shared(cell) => read_shared(cell, column, unit, formats),
        }
    }
}

fn read_shared(
    cell: &Cell,
    column: &Column,
    unit: Option<Unit>,
    formats: &DetectedFormats,
) -> (String, Option<(&'static str, String)>) {
    let (text, code) = field_text(cell, column, unit, formats);
    (text, code.map(|c| (c, cell.shown())))
}

/// True when the field reads the cell's text exactly as written.
fn text_as_is(cell: &Cell, column: &Column, unit: Option<Unit>, formats: &DetectedFormats) -> bool {
    let Cell::Text(s) = cell else { return false };
    match column.ty {
        FieldType::Line | FieldType::Note | FieldType::TaxCode | FieldType::District => true,
        FieldType::Code(set) => set.parse_loose(s).is_some(),
        FieldType::Money => money_as_is(s, unit.unwrap_or(Unit::Million), formats),
        _ => false,
    }
}

/// Triệu đồng written the Vietnamese way: the record rules read it exactly
/// as they would the converted text (the usual case, kept fast).
fn money_as_is(text: &str, unit: Unit, formats: &DetectedFormats) -> bool {
    unit == Unit::Million
        && formats.decimal == DecimalMark::Comma
        && !is_dash(text)
        && !text.bytes().any(|b| b.is_ascii_alphabetic() || b >= 0x80)
}

impl TableReader<'_> {
    /// The records' drafts, with the values their groups, merged cells and
    /// title give them.
    pub(super) fn rows(
        &mut self,
        grid: &mut Cow<'_, Grid>,
        take: bool,
        columns: &[TableColumn],
        fields: &[Option<&'static Column>],
        roles: &[RowRole],
        formats: &DetectedFormats,
    ) -> Vec<TableRow> {
        let kind = self.kind;
        let mut by_words: Vec<(usize, &'static str, usize, String, &'static str)> = Vec::new();
        let mut out = Vec::new();
        for role in roles.iter().filter(|r| r.skip.is_none()) {
            let mut draft = Draft::new(kind);
            let mut read = |i: usize, cell: CellRef<'_>| {
                let Some(column) = fields.get(i).copied().flatten() else { return };
                let (text, code) = cell.read(column, columns[i].unit, formats);
                if let Some((code, shown)) = code {
                    match by_words.iter_mut().find(|(c, ..)| *c == i) {
                        Some((_, _, n, _, _)) => *n += 1,
                        None => by_words.push((i, column.key, 1, shown, code)),
                    }
                }
                draft.set(column.key, text);
            };
            if take {
                // The row's cells are the table's own: their text moves into
                // the draft and the row lets them go.
                let cells = std::mem::take(&mut grid.to_mut().rows[role.index].cells);
                for (i, mut cell) in cells.into_iter().enumerate() {
                    read(i, CellRef::Mine(&mut cell));
                }
            } else {
                for (i, cell) in grid.rows[role.index].cells.iter().enumerate() {
                    read(i, CellRef::Shared(cell));
                }
            }
            out.push(TableRow {
                line: role.line,
                grid_row: role.index,
                draft,
                hidden: role.hidden,
                filled: Vec::new(),
            });
        }
        // Cells merged over several rows: each row of the merge takes the
        // value, as its top row read it (its draft, when that row is a record).
        let mut merged_counts: Vec<(&'static str, usize)> = Vec::new();
        let sheet_row = |r: &TableRow| grid.rows[r.grid_row].row;
        for m in grid.merges.iter().filter(|m| m.last_row > m.first_row) {
            let Some(i) = m.first_col.checked_sub(grid.first_col).map(|i| i as usize) else { continue };
            let Some(column) = fields.get(i).copied().flatten() else { continue };
            // The rows are in the sheet's order: the merge's rows are found by halving.
            let top = out.partition_point(|r| sheet_row(r) < m.first_row);
            let text = match out.get(top).filter(|r| sheet_row(r) == m.first_row) {
                Some(top) => top.draft.get(column.key).to_string(),
                None => match grid
                    .rows
                    .binary_search_by_key(&m.first_row, |r| r.row)
                    .ok()
                    .and_then(|at| grid.rows[at].cells.get(i))
                {
                    Some(top) => field_text(top, column, columns[i].unit, formats).0,
                    None => continue,
                },
            };
            if text.is_empty() {
                continue;
            }
            let below = out.partition_point(|r| sheet_row(r) <= m.first_row);
            let end = out.partition_point(|r| sheet_row(r) <= m.last_row);
            for row in &mut out[below..end.max(below)] {
                if row.draft.get(column.key).is_empty() {
                    row.draft.set(column.key, text.clone());
                    row.filled.push((column.key, Fill::Merged { cell: cell_name(m.first_row, m.first_col) }));
                    match merged_counts.iter_mut().find(|(k, _)| *k == column.key) {
                        Some((_, n)) => *n += 1,
                        None => merged_counts.push((column.key, 1)),
                    }
                }
            }
        }
        // Group headings give their values to the rows under them that lack one.
        let mut group_counts: Vec<(&'static str, usize)> = Vec::new();
        for (row, role) in out.iter_mut().zip(roles.iter().filter(|r| r.skip.is_none())) {
            for g in &role.groups {
                if row.draft.get(g.key).is_empty() {
                    row.draft.set(g.key, g.value.clone());
                    row.filled.push((g.key, Fill::Group { line: g.line }));
                    match group_counts.iter_mut().find(|(k, _)| *k == g.key) {
                        Some((_, n)) => *n += 1,
                        None => group_counts.push((g.key, 1)),
                    }
                }
            }
        }
        // The year of a table without a year column: from its title, or the approval date.
        let has_year = columns.iter().any(|c| c.field == Some("nam"));
        if !has_year && column_of_key(kind, "nam").is_some() {
            let date_key = match kind {
                RecordKind::Project => Some("ngay_phe_duyet"),
                RecordKind::Training => Some("tu_ngay"),
                _ => None,
            };
            let (mut from_title, mut from_date) = (0, 0);
            for row in out.iter_mut().filter(|r| r.draft.get("nam").is_empty()) {
                if let Some((year, line)) = self.title.year {
                    row.draft.set("nam", year.to_string());
                    row.filled.push(("nam", Fill::Title { line }));
                    from_title += 1;
                } else if let Some(date) = date_key.map(|k| row.draft.get(k).to_string())
                    && let Ok(date) = crate::domain::number::parse_date(&date)
                {
                    row.draft.set("nam", date.year().to_string());
                    row.filled.push(("nam", Fill::ApprovalDate));
                    from_date += 1;
                }
            }
            if let (Some((year, line)), true) = (self.title.year, from_title > 0) {
                self.notices.push(Notice::YearFromTitle { year, line, rows: from_title });
            }
            if from_date > 0 {
                self.notices.push(Notice::YearFromDate { rows: from_date });
            }
        }
        for (key, rows) in merged_counts {
            self.notices.push(Notice::FilledFromMerges { key, rows });
        }
        for (key, rows) in group_counts {
            self.notices.push(Notice::FilledFromGroups { key, rows });
        }
        for (i, key, rows, example, code) in by_words {
            self.notices.push(Notice::CodesByWords {
                column: columns[i].letter.clone(),
                key,
                rows,
                example,
                code,
            });
        }
        if self.options.include_hidden {
            let rows = out.iter().filter(|r| r.hidden).count();
            if rows > 0 {
                self.notices.push(Notice::HiddenIncluded { rows });
            }
        }
        out
    }

    /// The rows left out, listed by reason.
    pub(super) fn skipped(&mut self, roles: &[RowRole]) -> Vec<SkippedRow> {
        let skipped: Vec<SkippedRow> = roles
            .iter()
            .filter_map(|r| Some(SkippedRow { line: r.line, reason: r.skip.clone()?, text: r.label.clone() }))
            .collect();
        let mut by_reason: Vec<(SkipReason, Vec<usize>)> = Vec::new();
        for s in &skipped {
            let key = match &s.reason {
                SkipReason::Subtotal { .. } => SkipReason::Subtotal { first: 0, last: 0 },
                SkipReason::End | SkipReason::AfterEnd => continue,
                other => other.clone(),
            };
            match by_reason.iter_mut().find(|(r, _)| *r == key) {
                Some((_, lines)) => lines.push(s.line),
                None => by_reason.push((key, vec![s.line])),
            }
        }
        for (reason, lines) in by_reason {
            self.notices.push(Notice::Skipped { reason, lines });
        }
        if let Some(end) = skipped.iter().find(|s| s.reason == SkipReason::End) {
            let below = skipped.iter().filter(|s| s.reason == SkipReason::AfterEnd).count();
            self.notices.push(Notice::TableEnd {
                line: end.line,
                text: end.text.clone(),
                lines_below: below,
            });
        }
        skipped
    }

    /// Formulas whose value was never stored, in the cells read.
    pub(super) fn formulas(&mut self, grid: &Grid, fields: &[Option<&'static Column>], rows: &[TableRow]) {
        let read_rows: Vec<u32> = rows.iter().map(|r| grid.rows[r.grid_row].row).collect();
        let cells: Vec<String> = grid
            .formulas_without_value
            .iter()
            .filter(|(row, col)| {
                let i = col.checked_sub(grid.first_col).map(|i| i as usize);
                read_rows.binary_search(row).is_ok()
                    && i.is_some_and(|i| fields.get(i).copied().flatten().is_some())
            })
            .map(|(row, col)| cell_name(*row, *col))
            .collect();
        if !cells.is_empty() {
            self.problems.push(TableProblem::FormulasWithoutValue { sheet: grid.name.clone(), cells });
        }
    }

    /// Required fields no column is read into and nothing above gives.
    pub(super) fn missing(&mut self, fields: &[Option<&'static Column>], rows: &[TableRow]) {
        for column in columns(self.kind).iter().filter(|c| c.required) {
            let mapped = fields.iter().flatten().any(|f| f.key == column.key);
            let given = !rows.is_empty() && rows.iter().any(|r| !r.draft.get(column.key).is_empty());
            if !mapped && !given {
                self.problems.push(TableProblem::MissingColumn { key: column.key });
            }
        }
    }
}

/// "-", "–", "—": no amount.
pub(super) fn is_dash(text: &str) -> bool {
    matches!(text.trim(), "-" | "–" | "—" | "--")
}

/// A cell as the text its field reads, the way the forms take it; and the
/// code, when a coded cell was read by its words ("Hỗ trợ máy móc…").
fn field_text(
    cell: &Cell,
    column: &Column,
    unit: Option<Unit>,
    formats: &DetectedFormats,
) -> (String, Option<&'static str>) {
    let text = match (column.ty, cell) {
        (_, Cell::Empty) => String::new(),
        (FieldType::Money, _) => money_text(cell, unit.unwrap_or(Unit::Million), formats),
        (FieldType::Count | FieldType::Year, Cell::Text(s)) if is_dash(s) => String::new(),
        (FieldType::Count, Cell::Text(s)) => formats.number_text(s),
        (FieldType::Year, Cell::Text(s)) => {
            let folded = fold(s);
            let bare = ["nam ", "year "].iter().find_map(|p| folded.strip_prefix(p)).unwrap_or(&folded);
            if bare.len() == 4 && bare.bytes().all(|b| b.is_ascii_digit()) {
                bare.to_string()
            } else {
                s.clone()
            }
        }
        (FieldType::Year, Cell::Date(d)) => d.year().to_string(),
        (FieldType::Date, Cell::Text(s)) => formats.date_text(s),
        (FieldType::Date, Cell::Number(x)) => {
            crate::domain::number::date_from_excel_serial(*x).map(format_date).unwrap_or_else(|| cell.shown())
        }
        (FieldType::Code(set), Cell::Text(s)) => {
            if set.parse_loose(s).is_none()
                && let Some(code) = code_by_words(set, s)
            {
                return (code.to_string(), Some(code));
            }
            s.clone()
        }
        (_, cell) => cell.shown(),
    };
    (text, None)
}

/// An amount as triệu đồng text, converted exactly from the column's unit
/// (or the unit the cell itself names). A cell that is no amount is kept as
/// written, for the record rules to say what is wrong with it.
pub fn money_text(cell: &Cell, unit: Unit, formats: &DetectedFormats) -> String {
    let (number, unit) = match cell {
        Cell::Text(s) if is_dash(s) => return "0".into(),
        Cell::Text(s) if money_as_is(s, unit, formats) => return s.clone(),
        Cell::Text(s) => match split_amount(s) {
            Some((n, u)) => (formats.number_text(n), u),
            None => (formats.number_text(s), unit),
        },
        Cell::Number(x) if x.is_finite() => (format!("{x}").replace('.', ","), unit),
        other => return other.shown(),
    };
    match parse_scaled(&number, unit.dong()) {
        Ok(dong) => format_million(dong),
        Err(_) => cell.shown(),
    }
}
