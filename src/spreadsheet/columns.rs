//! What each column of a table is: the field it is read into (and what is
//! wrong with that), how its numbers and dates are written, and the unit of
//! its amounts.

use crate::domain::fields::{Column, FieldType};
use crate::domain::headers::{Meaning, NotKept, nearest_field};

use super::Cell;
use super::formats::{DetectedFormats, Seen};
use super::grid::{Grid, GridRow, column_letter};
use super::reading::{Notice, TableProblem, UnitFrom, UnknownColumn};
use super::rows::{RowRole, own_amount};
use super::table::{TableColumn, TableReader};
use super::units::{Unit, split_amount};
use super::values::is_dash;

impl TableReader<'_> {
    /// Rows from the first that may be data.
    fn data_rows<'g>(&self, grid: &'g Grid) -> impl Iterator<Item = &'g GridRow> + use<'g, '_> {
        grid.rows[self.header.data_start.min(grid.rows.len())..].iter()
    }

    fn column_used(&self, grid: &Grid, i: usize) -> bool {
        self.data_rows(grid).any(|r| r.cells.get(i).is_some_and(|c| !c.is_empty()))
    }

    /// Which column is read into which field, and what is wrong with that.
    pub(super) fn map_columns(&mut self, grid: &Grid) -> Vec<TableColumn> {
        let mut out: Vec<TableColumn> = Vec::with_capacity(grid.width);
        let mut unknown = Vec::new();
        for (i, cell) in self.header.cells.iter().enumerate() {
            let col = grid.col_of(i);
            let letter = column_letter(col);
            let hidden = grid.col_hidden(col);
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
                    _ if !self.column_used(grid, i) => {}
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
    pub(super) fn formats(&self, grid: &Grid, fields: &[Option<&'static Column>]) -> DetectedFormats {
        let mut f = DetectedFormats::default();
        for row in self.data_rows(grid) {
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
    pub(super) fn units(
        &mut self,
        grid: &Grid,
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
                .filter_map(|r| grid.rows[r.index].cells.get(i))
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
}
