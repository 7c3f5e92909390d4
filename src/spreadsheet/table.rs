//! A sheet read into the rows of one record kind: every step of the reading
//! put together, each decision written down ([`Notice`]), each question the
//! officer must settle kept ([`TableProblem`]). The rows are drafts, their
//! values written the way the forms take them (amounts in triệu đồng,
//! dates dd/mm/yyyy), so the record rules read them as if typed.

use crate::domain::fields::{Column, Draft, FieldType, columns};
use crate::domain::headers::{Meaning, NotKept, nearest_field};
use crate::domain::number::{format_date, format_million, parse_scaled};
use crate::domain::phrases::code_by_words;
use crate::domain::records::RecordKind;
use crate::domain::text::fold;

use super::choose::{SheetChoice, choose};
use super::formats::{DateOrder, DecimalMark, DetectedFormats, Seen};
use super::grid::{Book, Grid, cell_name, column_letter};
use super::layout::{Header, TitleFacts, title_facts};
use super::reading::{Notice, TableProblem, UnitFrom, UnknownColumn};
use super::rows::{Classifier, RowRole, SkipReason, own_amount};
use super::units::{Unit, split_amount};
use super::{Cell, ReadError};

/// How to read a file, besides what it shows itself.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReadOptions {
    pub sheet: Option<SheetChoice>,
    /// Column (index in the header) → field key, or `None` to leave it out;
    /// `None` here: as the headers say.
    pub mapping: Option<Vec<Option<&'static str>>>,
    pub decimal: Option<DecimalMark>,
    pub date_order: Option<DateOrder>,
    /// Import the hidden rows too.
    pub include_hidden: bool,
    /// Keep text in old font encodings as it is (not converted).
    pub keep_legacy: bool,
    /// The unit of money columns that name none.
    pub unit: Option<Unit>,
    /// Leave out the columns whose header names no field, instead of asking.
    pub ignore_unknown: bool,
}

/// One column of the table.
#[derive(Debug, Clone, PartialEq)]
pub struct TableColumn {
    pub letter: String,
    pub header: String,
    /// The field it is read into, as used.
    pub field: Option<&'static str>,
    /// The field its header names.
    pub detected: Option<&'static str>,
    pub unit: Option<Unit>,
    pub hidden: bool,
}

/// Where a value a row did not hold itself came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fill {
    Group { line: usize },
    Merged { cell: String },
    Title { line: usize },
    ApprovalDate,
}

/// One record's row.
#[derive(Debug, Clone)]
pub struct TableRow {
    pub line: usize,
    /// The index into the table's grid rows (for the file's own cells).
    pub grid_row: usize,
    pub draft: Draft,
    pub hidden: bool,
    pub filled: Vec<(&'static str, Fill)>,
}

/// A row under the header that is not a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedRow {
    pub line: usize,
    pub reason: SkipReason,
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct Table {
    pub kind: RecordKind,
    pub sheet: String,
    /// Every sheet of the file, for the officer to pick another.
    pub sheets: Vec<String>,
    pub sheet_index: usize,
    pub columns: Vec<TableColumn>,
    pub rows: Vec<TableRow>,
    pub skipped: Vec<SkippedRow>,
    pub notices: Vec<Notice>,
    pub problems: Vec<TableProblem>,
    pub formats: DetectedFormats,
    /// Hidden rows of the table (imported only when asked).
    pub hidden_rows: usize,
    /// Columns in an old font encoding were found.
    pub legacy_found: bool,
    /// The sheet as read (old encodings converted): the file's own cells of each row.
    pub grid: Grid,
}

impl Table {
    /// The field each column is read into.
    pub fn mapping(&self) -> Vec<Option<&'static str>> {
        self.columns.iter().map(|c| c.field).collect()
    }

    /// The file's own cells of a row.
    pub fn cells(&self, row: &TableRow) -> &[Cell] {
        self.grid.rows.get(row.grid_row).map_or(&[], |r| r.cells.as_slice())
    }

    /// The column of a field, if one is read into it.
    pub fn column_of(&self, key: &str) -> Option<&TableColumn> {
        self.columns.iter().find(|c| c.field == Some(key))
    }
}

fn column_of_key(kind: RecordKind, key: &str) -> Option<&'static Column> {
    columns(kind).iter().find(|c| c.key == key)
}

/// Every sheet's names, the header, the title: read into a table of `kind`.
pub fn read_table(book: &Book, kind: RecordKind, options: &ReadOptions) -> Result<Table, ReadError> {
    let prepared = choose(book, kind, options.sheet.as_ref(), !options.keep_legacy)?;
    let sheets: Vec<String> = book.sheets.iter().map(|s| s.name.clone()).collect();
    let Some(header) = prepared.header else {
        return Err(ReadError::NoTable { kind, sheets: vec![prepared.grid.name.clone()] });
    };
    let grid = prepared.grid;
    let mut notices = Vec::new();
    if let Some(from) = book.decoded_from {
        notices.push(Notice::Decoded { from });
    }
    if book.sheets.len() > 1 || options.sheet.is_some() {
        notices.push(Notice::Sheet {
            name: grid.name.clone(),
            number: prepared.index + 1,
            of: book.sheets.len(),
            chosen_by_officer: options.sheet.is_some(),
        });
    }
    let line = |i: usize| grid.rows[i].row as usize + 1;
    notices.push(Notice::Header { first_line: line(header.first), last_line: line(header.last) });
    if let Some(n) = header.numbers_row {
        notices.push(Notice::ColumnNumbers { line: line(n) });
    }
    notices.extend(prepared.notices);
    let legacy_found = !prepared.legacy_columns.is_empty();
    let title = title_facts(&grid, &header);
    let mut reader =
        TableReader { kind, grid: &grid, header: &header, options, title, notices, problems: Vec::new() };
    let columns = reader.map_columns();
    let fields: Vec<Option<&'static Column>> =
        columns.iter().map(|c| c.field.and_then(|k| column_of_key(kind, k))).collect();
    let formats = reader.formats(&fields);
    let roles = Classifier {
        grid: &grid,
        header: &header,
        kind,
        fields: &fields,
        formats: &formats,
        include_hidden: options.include_hidden,
    }
    .classify();
    let mut columns = columns;
    reader.units(&mut columns, &fields, &roles, &formats);
    let rows = reader.rows(&columns, &fields, &roles, &formats);
    let skipped = reader.skipped(&roles);
    reader.formulas(&fields, &rows);
    reader.missing(&fields, &rows);
    if formats.needs_decimal_choice() {
        reader
            .problems
            .push(TableProblem::AmbiguousDecimal { examples: formats.comma_three_examples.0.clone() });
    }
    let hidden_rows = roles
        .iter()
        .filter(|r| r.hidden && !matches!(r.skip, Some(SkipReason::AfterEnd | SkipReason::End)))
        .count();
    let (notices, problems) = (reader.notices, reader.problems);
    Ok(Table {
        kind,
        sheet: grid.name.clone(),
        sheets,
        sheet_index: prepared.index,
        columns,
        rows,
        skipped,
        notices,
        problems,
        formats,
        hidden_rows,
        legacy_found,
        grid,
    })
}

struct TableReader<'a> {
    kind: RecordKind,
    grid: &'a Grid,
    header: &'a Header,
    options: &'a ReadOptions,
    title: TitleFacts,
    notices: Vec<Notice>,
    problems: Vec<TableProblem>,
}

impl TableReader<'_> {
    /// Rows from the first that may be data.
    fn data_rows(&self) -> impl Iterator<Item = &super::grid::GridRow> {
        self.grid.rows[self.header.data_start.min(self.grid.rows.len())..].iter()
    }

    fn column_used(&self, i: usize) -> bool {
        self.data_rows().any(|r| r.cells.get(i).is_some_and(|c| !c.is_empty()))
    }

    /// Which column is read into which field, and what is wrong with that.
    fn map_columns(&mut self) -> Vec<TableColumn> {
        let mut out: Vec<TableColumn> = Vec::with_capacity(self.grid.width);
        let mut unknown = Vec::new();
        for (i, cell) in self.header.cells.iter().enumerate() {
            let col = self.grid.col_of(i);
            let letter = column_letter(col);
            let hidden = self.grid.col_hidden(col);
            // A hidden column is read only when its header names a field
            // exactly: "Ghi chú nội bộ", hidden, is the office's own.
            let hidden_aside = hidden && !cell.matched.exact && cell.matched.field().is_some();
            let detected = cell.matched.field().map(|c| c.key).filter(|_| !hidden_aside);
            if hidden_aside && self.options.mapping.is_none() {
                self.notices
                    .push(Notice::HiddenColumnIgnored { column: letter.clone(), header: cell.shown.clone() });
            }
            let field = match &self.options.mapping {
                Some(chosen) => chosen.get(i).copied().flatten(),
                None => detected,
            };
            if self.options.mapping.is_none() && field.is_none() && !hidden_aside {
                match cell.matched.meaning {
                    Meaning::NotKept(NotKept::RowNumber) => {}
                    Meaning::NotKept(why) => self.notices.push(Notice::Ignored {
                        column: letter.clone(),
                        header: cell.shown.clone(),
                        why,
                    }),
                    _ if !self.column_used(i) => {}
                    _ if hidden => self.notices.push(Notice::HiddenColumnIgnored {
                        column: letter.clone(),
                        header: cell.shown.clone(),
                    }),
                    _ if self.options.ignore_unknown => self.notices.push(Notice::Ignored {
                        column: letter.clone(),
                        header: cell.shown.clone(),
                        why: NotKept::NotInWorkbook,
                    }),
                    _ => unknown.push(UnknownColumn {
                        column: letter.clone(),
                        header: cell.shown.clone(),
                        nearest: nearest_field(self.kind, &crate::domain::headers::normalise(&cell.shown)),
                    }),
                }
            }
            out.push(TableColumn {
                letter,
                header: cell.shown.clone(),
                field,
                detected,
                unit: cell.unit,
                hidden,
            });
        }
        if !unknown.is_empty() {
            self.problems.push(TableProblem::UnknownColumns(unknown));
        }
        // Two columns for one field: a weak one gives way ("Đơn vị thực hiện"
        // beside "Đơn vị thụ hưởng"); otherwise the officer must choose.
        for i in 0..out.len() {
            let Some(key) = out[i].field else { continue };
            let Some(j) = (0..i).find(|&j| out[j].field == Some(key)) else { continue };
            let weak = |k: usize| self.options.mapping.is_none() && self.header.cells[k].matched.weak;
            let drop = if weak(i) {
                Some(i)
            } else if weak(j) {
                Some(j)
            } else {
                None
            };
            match drop {
                Some(d) => {
                    self.notices.push(Notice::WeakColumnIgnored {
                        column: out[d].letter.clone(),
                        header: out[d].header.clone(),
                        key,
                    });
                    out[d].field = None;
                }
                None => {
                    self.problems.push(TableProblem::DuplicateColumn {
                        column: out[i].letter.clone(),
                        header: out[i].header.clone(),
                        key,
                        other: out[j].letter.clone(),
                    });
                    out[i].field = None;
                }
            }
        }
        out
    }

    /// How the numbers and dates of the mapped columns are written.
    fn formats(&self, fields: &[Option<&'static Column>]) -> DetectedFormats {
        let mut f = DetectedFormats::default();
        for row in self.data_rows() {
            for (cell, column) in row.cells.iter().zip(fields) {
                let Some(column) = column else { continue };
                match (column.ty, cell) {
                    (FieldType::Money | FieldType::Count, Cell::Text(s)) => {
                        let number = split_amount(s).map_or(s.as_str(), |(n, _)| n);
                        if !is_dash(number) {
                            f.count(Seen::TextNumber(number));
                        }
                    }
                    (FieldType::Money | FieldType::Count, Cell::Number(_)) => f.count(Seen::ExcelNumber),
                    (FieldType::Date, Cell::Text(s)) => f.count(Seen::TextDate(s)),
                    (FieldType::Date, Cell::Date(_)) => f.count(Seen::ExcelDate),
                    (FieldType::Date, Cell::Number(_)) => f.count(Seen::SerialDate),
                    _ => {}
                }
            }
        }
        f.decide(self.options.decimal, self.options.date_order);
        f
    }

    /// The unit of every money column, and a refusal where amounts are
    /// plainly in đồng but no unit says so.
    fn units(
        &mut self,
        columns: &mut [TableColumn],
        fields: &[Option<&'static Column>],
        roles: &[RowRole],
        formats: &DetectedFormats,
    ) {
        let mut said: Vec<(Unit, UnitFrom, Vec<String>)> = Vec::new();
        for (i, column) in columns.iter_mut().enumerate() {
            if fields[i].is_none_or(|c| c.ty != FieldType::Money) {
                continue;
            }
            let cells: Vec<&Cell> = roles
                .iter()
                .filter(|r| r.skip.is_none())
                .filter_map(|r| self.grid.rows[r.index].cells.get(i))
                .filter(|c| !c.is_empty() && c.text().is_none_or(|t| !is_dash(t)))
                .collect();
            let all_carry_units = !cells.is_empty()
                && cells.iter().all(|c| c.text().is_some_and(|t| split_amount(t).is_some()));
            let (unit, from) = match (column.unit, self.title.unit, self.options.unit) {
                (Some(u), _, _) => (u, UnitFrom::Header),
                (None, Some((u, line)), _) => (u, UnitFrom::TitleLine(line)),
                (None, None, Some(u)) => (u, UnitFrom::Officer),
                (None, None, None) if all_carry_units => (Unit::Million, UnitFrom::Cells),
                (None, None, None) => {
                    let amounts: Vec<(i64, &Cell)> = cells
                        .iter()
                        .filter_map(|c| own_amount(c, formats).map(|v| (v / 1_000_000, *c)))
                        .collect();
                    let big = |v: i64| v >= 100_000;
                    let plainly_dong = amounts.iter().any(|(v, _)| *v > 100_000)
                        || (!amounts.is_empty() && amounts.iter().all(|(v, _)| big(*v)));
                    if plainly_dong {
                        let example =
                            amounts.iter().find(|(v, _)| big(*v)).map(|(_, c)| c.shown()).unwrap_or_default();
                        self.problems.push(TableProblem::UnitlessDong {
                            column: column.letter.clone(),
                            header: column.header.clone(),
                            example,
                        });
                    }
                    (Unit::Million, UnitFrom::Assumed)
                }
            };
            column.unit = Some(unit);
            match said.iter_mut().find(|(u, f, _)| *u == unit && *f == from) {
                Some((_, _, letters)) => letters.push(column.letter.clone()),
                None => said.push((unit, from, vec![column.letter.clone()])),
            }
        }
        for (unit, from, letters) in said {
            self.notices.push(Notice::Unit { column: letters.join(", "), unit, from });
        }
    }

    /// The records' drafts, with the values their groups, merged cells and
    /// title give them.
    fn rows(
        &mut self,
        columns: &[TableColumn],
        fields: &[Option<&'static Column>],
        roles: &[RowRole],
        formats: &DetectedFormats,
    ) -> Vec<TableRow> {
        let kind = self.kind;
        let mut by_words: Vec<(usize, &'static str, usize, String, &'static str)> = Vec::new();
        let read =
            |i: usize,
             cell: &Cell,
             by_words: &mut Vec<(usize, &'static str, usize, String, &'static str)>| {
                let column = fields[i]?;
                let (text, code) = field_text(cell, column, columns[i].unit, formats);
                if let Some(code) = code {
                    match by_words.iter_mut().find(|(c, ..)| *c == i) {
                        Some((_, _, n, _, _)) => *n += 1,
                        None => by_words.push((i, column.key, 1, cell.shown(), code)),
                    }
                }
                Some((column.key, text))
            };
        let mut out = Vec::new();
        for role in roles.iter().filter(|r| r.skip.is_none()) {
            let row = &self.grid.rows[role.index];
            let mut draft = Draft::new(kind);
            for (i, cell) in row.cells.iter().enumerate() {
                if let Some((key, text)) = read(i, cell, &mut by_words) {
                    draft.set(key, text);
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
        // Cells merged over several rows: each row of the merge takes the value.
        let mut merged_counts: Vec<(&'static str, usize)> = Vec::new();
        for m in self.grid.merges.iter().filter(|m| m.last_row > m.first_row) {
            let Some(i) = m.first_col.checked_sub(self.grid.first_col).map(|i| i as usize) else { continue };
            let Some(column) = fields.get(i).copied().flatten() else { continue };
            let Some(top) = self.grid.rows.iter().find(|r| r.row == m.first_row).and_then(|r| r.cells.get(i))
            else {
                continue;
            };
            if top.is_empty() {
                continue;
            }
            let (text, _) = field_text(top, column, columns[i].unit, formats);
            for row in out.iter_mut().filter(|r| {
                let at = self.grid.rows[r.grid_row].row;
                at > m.first_row && at <= m.last_row
            }) {
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
    fn skipped(&mut self, roles: &[RowRole]) -> Vec<SkippedRow> {
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
    fn formulas(&mut self, fields: &[Option<&'static Column>], rows: &[TableRow]) {
        let read_rows: Vec<u32> = rows.iter().map(|r| self.grid.rows[r.grid_row].row).collect();
        let cells: Vec<String> = self
            .grid
            .formulas_without_value
            .iter()
            .filter(|(row, col)| {
                let i = col.checked_sub(self.grid.first_col).map(|i| i as usize);
                read_rows.binary_search(row).is_ok()
                    && i.is_some_and(|i| fields.get(i).copied().flatten().is_some())
            })
            .map(|(row, col)| cell_name(*row, *col))
            .collect();
        if !cells.is_empty() {
            self.problems.push(TableProblem::FormulasWithoutValue { sheet: self.grid.name.clone(), cells });
        }
    }

    /// Required fields no column is read into and nothing above gives.
    fn missing(&mut self, fields: &[Option<&'static Column>], rows: &[TableRow]) {
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
fn is_dash(text: &str) -> bool {
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
