//! A sheet read into the rows of one record kind: every step of the reading
//! put together, each decision written down ([`Notice`]), each question the
//! officer must settle kept ([`TableProblem`]). The rows are drafts, their
//! values written the way the forms take them (amounts in triệu đồng,
//! dates dd/mm/yyyy), so the record rules read them as if typed.

use std::borrow::Cow;

use crate::domain::fields::{Column, Draft, columns};
use crate::domain::records::RecordKind;

use super::choose::{Prepared, SheetChoice, choose};
use super::formats::{DateOrder, DecimalMark, DetectedFormats};
use super::grid::{Book, Grid};
use super::layout::{Header, TitleFacts, title_facts};
use super::reading::{Notice, TableProblem};
use super::rows::{Classifier, SkipReason};
use super::units::Unit;
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
pub struct Table<'a> {
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
    /// The sheet as read (old encodings converted): the file's own cells of
    /// each row. Borrowed from the file's book when nothing was converted.
    pub grid: Cow<'a, Grid>,
}

impl Table<'_> {
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

pub(super) fn column_of_key(kind: RecordKind, key: &str) -> Option<&'static Column> {
    columns(kind).iter().find(|c| c.key == key)
}

/// Every sheet's names, the header, the title: read into a table of `kind`.
/// The file's own cells stay in the book ([`Table::cells`] shows them).
pub fn read_table<'a>(
    book: &'a Book,
    kind: RecordKind,
    options: &ReadOptions,
) -> Result<Table<'a>, ReadError> {
    let prepared = choose(book, kind, options.sheet.as_ref(), !options.keep_legacy)?;
    build(book, prepared, kind, options, false)
}

/// [`read_table`] for an import that shows no rows (the command line), from a
/// book the caller gives away: the cells' text moves into the drafts and the
/// file's own cells are let go, so a file of 100.000 rows is held once;
/// [`Table::cells`] is then empty.
pub fn read_table_lean(
    mut book: Book,
    kind: RecordKind,
    options: &ReadOptions,
) -> Result<Table<'static>, ReadError> {
    let prepared = choose(&book, kind, options.sheet.as_ref(), !options.keep_legacy)?;
    let Prepared { index, grid, header, notices, legacy_columns } = prepared;
    let grid = match grid {
        Cow::Owned(grid) => grid,
        Cow::Borrowed(_) => std::mem::take(&mut book.sheets[index]),
    };
    // The book's other sheets give their names only.
    let mut names = Book { decoded_from: book.decoded_from, ..Book::default() };
    names.sheets = book.sheets.iter().map(|s| Grid { name: s.name.clone(), ..Grid::default() }).collect();
    names.sheets[index].name = grid.name.clone();
    drop(book);
    let prepared: Prepared<'static> =
        Prepared { index, grid: Cow::Owned(grid), header, notices, legacy_columns };
    let mut table = build(&names, prepared, kind, options, true)?;
    // The drafts have the text; the rows' cells go.
    table.grid = Cow::Owned(Grid { name: table.sheet.clone(), ..Grid::default() });
    Ok(table)
}

fn build<'a>(
    book: &Book,
    prepared: Prepared<'a>,
    kind: RecordKind,
    options: &ReadOptions,
    take: bool,
) -> Result<Table<'a>, ReadError> {
    let sheets: Vec<String> = book.sheets.iter().map(|s| s.name.clone()).collect();
    let Some(header) = prepared.header else {
        return Err(ReadError::NoTable { kind, sheets: vec![prepared.grid.name.clone()] });
    };
    let mut grid = prepared.grid;
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
    let mut reader = TableReader { kind, header: &header, options, title, notices, problems: Vec::new() };
    let mut columns = reader.map_columns(&grid);
    let fields: Vec<Option<&'static Column>> =
        columns.iter().map(|c| c.field.and_then(|k| column_of_key(kind, k))).collect();
    let formats = reader.formats(&grid, &fields);
    let roles = Classifier {
        grid: &grid,
        header: &header,
        kind,
        fields: &fields,
        formats: &formats,
        include_hidden: options.include_hidden,
    }
    .classify();
    reader.units(&grid, &mut columns, &fields, &roles, &formats);
    let rows = reader.rows(&mut grid, take, &columns, &fields, &roles, &formats);
    let skipped = reader.skipped(&roles);
    reader.formulas(&grid, &fields, &rows);
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

/// What the reading of one table has decided and noted so far; its steps
/// are in `columns` (what each column is) and `values` (the drafts).
pub(super) struct TableReader<'a> {
    pub(super) kind: RecordKind,
    pub(super) header: &'a Header,
    pub(super) options: &'a ReadOptions,
    pub(super) title: TitleFacts,
    pub(super) notices: Vec<Notice>,
    pub(super) problems: Vec<TableProblem>,
}
