//! Which rows under the header are records: not the total, subtotal and
//! group rows ("Tổng cộng", "Cộng I", "I. Khuyến công quốc gia", a row that
//! sums the rows above it), not the notes and signatures under the table,
//! not the hidden rows; and what a group row gives the rows under it.

use crate::domain::fields::{CodeSet, Column, FieldType};
use crate::domain::number::parse_scaled;
use crate::domain::phrases::code_by_words;
use crate::domain::places::{FORMER_DISTRICTS, canonical_district};
use crate::domain::records::RecordKind;
use crate::domain::text::fold;

use super::Cell;
use super::formats::DetectedFormats;
use super::grid::{Grid, GridRow};
use super::layout::{Header, cell_text, is_row_number};
use super::units::split_amount;

/// Why a row under the header is not a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    /// Hidden in the file (by hand or by a filter).
    Hidden,
    /// "Tổng cộng", "Cộng I", "Tổng số".
    Total,
    /// A row whose amounts are the sums of the rows from `first` to `last` above it.
    Subtotal { first: usize, last: usize },
    /// "I. Khuyến công quốc gia", "A.", "II": a heading over the rows under it.
    Group,
    /// A note or the signature block: the table ends here.
    End,
    /// Under the end of the table.
    AfterEnd,
    /// The example row of the program's own template ("Ví dụ: …").
    Example,
}

/// A value a group row gives the rows under it, with the group's line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupValue {
    pub key: &'static str,
    pub value: String,
    pub line: usize,
}

#[derive(Debug, Clone)]
pub struct RowRole {
    /// The index into `Grid::rows`.
    pub index: usize,
    pub line: usize,
    pub hidden: bool,
    pub skip: Option<SkipReason>,
    /// A short text of the row, to show what was skipped.
    pub label: String,
    /// For a record: the values of the groups above it.
    pub groups: Vec<GroupValue>,
}

fn is_roman(s: &str) -> bool {
    const ROMANS: [&str; 20] = [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI",
        "XVII", "XVIII", "XIX", "XX",
    ];
    ROMANS.contains(&s)
}

/// The numbering at the start of a text and the rest: "I. Khuyến công" →
/// ("I", "Khuyến công"); "1)" → ("1", "").
fn split_numbering(text: &str) -> (&str, &str) {
    let t = text.trim().trim_start_matches('(');
    let end = t.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(t.len());
    let (head, rest) = t.split_at(end);
    let numbered = rest.is_empty() || rest.starts_with(['.', ')', '/', '-', ':', ' ']);
    let is_numbering = !head.is_empty()
        && (is_roman(head)
            || head.chars().all(|c| c.is_ascii_digit())
            || (head.len() == 1 && head.chars().all(char::is_alphabetic)));
    if numbered && is_numbering {
        (head, rest.trim_start_matches(['.', ')', '/', '-', ':']).trim())
    } else {
        ("", text.trim())
    }
}

/// The level of a group's numbering (I. over A. over 1. over a.), none for data numbers.
fn group_level(numbering: &str) -> Option<u8> {
    if is_roman(numbering) {
        Some(1)
    } else if numbering.len() == 1 && numbering.chars().all(|c| c.is_ascii_uppercase()) {
        Some(2)
    } else if numbering.len() == 1 && numbering.chars().all(|c| c.is_ascii_lowercase()) {
        Some(4)
    } else {
        None
    }
}

/// "Tổng cộng", "Cộng I", "Tổng số", "Tổng", "Cộng:" — not "Công ty…",
/// "Cộng đồng…" or "Tổng công ty…".
pub fn is_total_label(text: &str) -> bool {
    // Every total word starts with one of these letters: most rows are told at once.
    if !text.trim_start().starts_with(['t', 'T', 'c', 'C', 'g', 'G', 's', 'S']) {
        return false;
    }
    let lower = text.trim().to_lowercase();
    let words: Vec<&str> =
        lower.split(|c: char| c.is_whitespace() || c == ':').filter(|w| !w.is_empty()).collect();
    let Some((first, rest)) = words.split_first() else { return false };
    let next = rest.first().copied().unwrap_or("");
    let numbered = |w: &str| {
        let bare = w.trim_matches(|c: char| "().,".contains(c)).to_uppercase();
        w.starts_with('(')
            || is_roman(&bare)
            || (!bare.is_empty() && bare.chars().all(|c| c.is_ascii_digit()))
    };
    match *first {
        "tổng" | "tong" => {
            next.is_empty()
                || ["cộng", "số", "so", "kinh", "vốn", "von"].contains(&next)
                || (next == "cong" && rest.get(1).is_none_or(|w| *w != "ty"))
                || numbered(next)
        }
        "cộng" => {
            next.is_empty() || numbered(next) || ["nhóm", "mục", "phần", "lại", "chung"].contains(&next)
        }
        "cong" => next.is_empty() || numbered(next),
        "total" | "subtotal" | "sub-total" => true,
        "grand" => next == "total",
        _ => false,
    }
}

/// A note or the start of the signature block under a table.
fn is_end_label(text: &str) -> bool {
    let folded = fold(text);
    const MARKS: [&str; 20] = [
        "ghi chu",
        "luu y",
        "nguoi lap",
        "lap bieu",
        "thu truong",
        "giam doc",
        "kt giam doc",
        "kt. giam doc",
        "k/t giam doc",
        "pho giam doc",
        "tm.",
        "tm ",
        "xac nhan",
        "ke toan",
        "truong phong",
        "chu tich",
        "noi nhan",
        "nguoi duyet",
        "nguoi kiem tra",
        "nguoi ky",
    ];
    MARKS.iter().any(|m| folded.starts_with(m))
        || (folded.contains("ngay")
            && folded.contains("thang")
            && folded.contains("nam")
            && folded.len() < 80)
}

/// True when `cells` is a template's example row: its first filled cell is
/// text starting with "Ví dụ:" (any case, accents optional). Real data never
/// starts that way: the first column is a code, a year or a name.
pub fn is_example_row(cells: &[Cell]) -> bool {
    let Some(first) = cells.iter().find(|c| !c.is_empty()) else {
        return false;
    };
    let Cell::Text(text) = first else {
        return false;
    };
    let folded = fold(text);
    folded.strip_prefix("vi du").is_some_and(|rest| rest.trim_start().starts_with(':'))
}

/// An amount in a money cell, in millionths of the column's own unit, for
/// comparing sums (`None` for an empty or unreadable cell).
pub fn own_amount(cell: &Cell, formats: &DetectedFormats) -> Option<i64> {
    let text = match cell {
        Cell::Number(x) if x.is_finite() => format!("{x}").replace('.', ","),
        Cell::Text(s) => {
            let s = split_amount(s).map_or(s.as_str(), |(n, _)| n);
            formats.number_text(s)
        }
        _ => return None,
    };
    parse_scaled(&text, 1_000_000).ok()
}

/// What the rows of a table are.
pub struct Classifier<'a> {
    pub grid: &'a Grid,
    pub header: &'a Header,
    pub kind: RecordKind,
    /// The field each cell index is read into.
    pub fields: &'a [Option<&'static Column>],
    pub formats: &'a DetectedFormats,
    pub include_hidden: bool,
}

impl Classifier<'_> {
    fn stt_index(&self) -> Option<usize> {
        self.header.cells.iter().position(is_row_number)
    }

    fn money_cells<'r>(&self, row: &'r GridRow) -> impl Iterator<Item = (usize, &'r Cell)> + use<'r, '_> {
        row.cells.iter().enumerate().filter(|(i, _)| {
            self.fields
                .get(*i)
                .copied()
                .flatten()
                .is_some_and(|c| matches!(c.ty, FieldType::Money | FieldType::Count))
        })
    }

    /// True when a money or count cell of the row holds a number (a date
    /// line typed across the money columns is no amount).
    fn has_amounts(&self, row: &GridRow) -> bool {
        self.money_cells(row)
            .any(|(_, c)| matches!(c, Cell::Number(_)) || own_amount(c, self.formats).is_some())
    }

    /// True when the row fills none of the kind's required text fields (a title, a name).
    fn lacks_names(&self, row: &GridRow) -> bool {
        self.fields.iter().enumerate().all(|(i, f)| {
            f.is_none_or(|c| !(c.required && c.ty == FieldType::Line))
                || row.cells.get(i).is_none_or(Cell::is_empty)
        })
    }

    /// The first text of a row besides its number and its amounts, and how
    /// many distinct texts the row holds (counted up to two).
    fn texts(&self, row: &GridRow) -> (String, usize) {
        let stt = self.stt_index();
        let numeric = |i: usize| {
            self.fields.get(i).copied().flatten().is_some_and(|c| {
                matches!(c.ty, FieldType::Money | FieldType::Count | FieldType::Year | FieldType::Date)
            })
        };
        let mut first: Option<std::borrow::Cow<'_, str>> = None;
        for (i, cell) in row.cells.iter().enumerate() {
            if Some(i) == stt || cell.is_empty() {
                continue;
            }
            // An amount is no label, typed as text or not ("1.860,5" in a CSV).
            if numeric(i) && (cell.text().is_none() || own_amount(cell, self.formats).is_some()) {
                continue;
            }
            let text = match cell {
                Cell::Text(s) => std::borrow::Cow::Borrowed(s.trim()),
                other => std::borrow::Cow::Owned(other.shown()),
            };
            match &first {
                None => first = Some(text),
                Some(f) if *f != text => return (f.to_string(), 2),
                Some(_) => {}
            }
        }
        match first {
            Some(f) => (f.into_owned(), 1),
            None => (String::new(), 0),
        }
    }

    /// The values a group's heading names, for the fields of the kind.
    fn group_values(&self, label: &str, line: usize) -> Vec<GroupValue> {
        let (_, rest) = split_numbering(label);
        let mut values = Vec::new();
        let mut push = |key: &'static str, value: String| {
            if crate::domain::fields::columns(self.kind).iter().any(|c| c.key == key) {
                values.push(GroupValue { key, value, line });
            }
        };
        for (key, set) in [
            ("nguon_kinh_phi", CodeSet::FundingSource),
            ("noi_dung", CodeSet::ProjectContent),
            ("loai", CodeSet::TrainingKind),
            ("hinh_thuc", CodeSet::DesignForm),
        ] {
            if let Some(code) = code_by_words(set, rest) {
                push(key, code.to_string());
            }
        }
        let folded = fold(rest);
        let year = folded.strip_prefix("nam ").unwrap_or(&folded);
        if year.len() == 4 && year.parse::<i32>().is_ok_and(|y| (2000..=2100).contains(&y)) {
            push("nam", year.to_string());
        }
        let district = canonical_district(rest);
        if FORMER_DISTRICTS.contains(&district.as_str()) {
            push("huyen", district);
        }
        values
    }

    /// Every row from the header's data start, with its role.
    pub fn classify(&self) -> Vec<RowRole> {
        let stt = self.stt_index();
        let mut roles: Vec<RowRole> = Vec::new();
        // Groups open above the current row: (level, values).
        let mut groups: Vec<(u8, Vec<GroupValue>)> = Vec::new();
        // Data rows (indices into `roles`) since the last boundary, since the
        // last group, and in all.
        let (mut since_boundary, mut since_group, mut all): (Vec<usize>, Vec<usize>, Vec<usize>) =
            (Vec::new(), Vec::new(), Vec::new());
        let mut ended = false;
        for index in self.header.data_start..self.grid.rows.len() {
            let row = &self.grid.rows[index];
            let line = row.row as usize + 1;
            let hidden = self.grid.row_hidden(row.row);
            let (first_text, texts) = self.texts(row);
            let stt_text = stt.and_then(|i| row.cells.get(i)).map(cell_text).unwrap_or_default();
            // Numbering may be in the number column or at the start of the first text.
            let numbering = if stt_text.is_empty() {
                split_numbering(&first_text).0.to_string()
            } else {
                split_numbering(&stt_text).0.to_string()
            };
            let data_number = !numbering.is_empty() && numbering.chars().all(|c| c.is_ascii_digit());
            // The row's words, to show why it was left out (kept for skipped rows only).
            let label = || {
                let l =
                    if stt_text.is_empty() { first_text.clone() } else { format!("{stt_text} {first_text}") };
                l.trim().to_string()
            };
            let mut role =
                RowRole { index, line, hidden, skip: None, label: String::new(), groups: Vec::new() };
            if is_example_row(&row.cells) {
                role.skip = Some(SkipReason::Example);
                role.label = label();
                roles.push(role);
                continue;
            }
            if ended {
                role.skip = Some(SkipReason::AfterEnd);
                role.label = label();
                roles.push(role);
                continue;
            }
            if !data_number
                && !self.has_amounts(row)
                && (is_end_label(&first_text) || is_end_label(&stt_text))
            {
                ended = true;
                role.skip = Some(SkipReason::End);
                role.label = label();
                roles.push(role);
                continue;
            }
            if hidden && !self.include_hidden {
                role.skip = Some(SkipReason::Hidden);
                role.label = label();
                roles.push(role);
                continue;
            }
            let total = !data_number
                && (is_total_label(&first_text)
                    || is_total_label(&stt_text)
                    || is_total_label(split_numbering(&first_text).1));
            if total {
                role.skip = Some(SkipReason::Total);
                role.label = label();
                since_boundary.clear();
                roles.push(role);
                continue;
            }
            let level =
                group_level(&numbering).filter(|l| *l < 4 || self.lacks_names(row) || !self.has_amounts(row));
            // A heading alone on its row ("1 | Hỗ trợ ứng dụng máy móc…"): no
            // amounts, so no record of a kind that needs one; numbered like data
            // or not. A facility list's row may be a name alone: there only an
            // unnumbered heading is one.
            let label_only =
                texts == 1 && !self.has_amounts(row) && (!data_number || self.kind != RecordKind::Facility);
            // "I. KHUYẾN CÔNG ĐỊA PHƯƠNG" may be one cell over the number column.
            let heading = if first_text.is_empty() {
                split_numbering(&stt_text).1.to_string()
            } else {
                first_text.clone()
            };
            // Only a heading-like row is asked what it names (a slow question).
            let named =
                if level.is_some() || label_only { self.group_values(&heading, line) } else { Vec::new() };
            if level.is_some() || (label_only && !named.is_empty()) {
                let level = level.unwrap_or(3);
                groups.retain(|(l, _)| *l < level);
                groups.push((level, named));
                role.skip = Some(SkipReason::Group);
                role.label = label();
                since_boundary.clear();
                since_group.clear();
                roles.push(role);
                continue;
            }
            if !data_number
                && self.lacks_names(row)
                && self.has_amounts(row)
                && let Some((first, last)) =
                    self.sums_rows_above(row, &roles, [&since_boundary, &since_group, &all])
            {
                role.skip = Some(SkipReason::Subtotal { first, last });
                role.label = label();
                since_boundary.clear();
                roles.push(role);
                continue;
            }
            role.groups = groups.iter().flat_map(|(_, v)| v.iter().cloned()).collect();
            let at = roles.len();
            since_boundary.push(at);
            since_group.push(at);
            all.push(at);
            roles.push(role);
        }
        roles
    }

    /// The lines of the rows whose amounts this row sums, if it sums one of
    /// the candidate runs of at least two rows.
    fn sums_rows_above(
        &self,
        row: &GridRow,
        roles: &[RowRole],
        runs: [&Vec<usize>; 3],
    ) -> Option<(usize, usize)> {
        let own: Vec<(usize, i64)> =
            self.money_cells(row).filter_map(|(i, c)| own_amount(c, self.formats).map(|v| (i, v))).collect();
        if own.is_empty() {
            return None;
        }
        runs.into_iter().filter(|run| run.len() >= 2).find_map(|run| {
            let sums_all = own.iter().all(|(col, value)| {
                let total: i128 = run
                    .iter()
                    .filter_map(|r| self.grid.rows[roles[*r].index].cells.get(*col))
                    .filter_map(|c| own_amount(c, self.formats))
                    .map(i128::from)
                    .sum();
                total == i128::from(*value)
            });
            sums_all.then(|| (roles[run[0]].line, roles[run[run.len() - 1]].line))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_are_told_from_names() {
        for t in [
            "Tổng cộng",
            "TỔNG CỘNG",
            "Cộng I",
            "Cộng:",
            "Tổng số",
            "Tổng",
            "Cộng (I+II)",
            "Tong cong",
            "Total",
        ] {
            assert!(is_total_label(t), "{t}");
        }
        for t in [
            "Công ty TNHH Cơ khí Tân Phát",
            "Cộng đồng dân cư",
            "Tổng công ty Lương thực",
            "Cong ty A",
            "Tổng hợp",
        ] {
            assert!(!is_total_label(t), "{t}");
        }
    }

    #[test]
    fn numbering_is_split_from_headings() {
        assert_eq!(split_numbering("I. Khuyến công quốc gia"), ("I", "Khuyến công quốc gia"));
        assert_eq!(split_numbering("II"), ("II", ""));
        assert_eq!(split_numbering("A. Máy móc"), ("A", "Máy móc"));
        assert_eq!(split_numbering("1."), ("1", ""));
        assert_eq!(split_numbering("Cơ sở A"), ("", "Cơ sở A"));
        assert_eq!(group_level("IV"), Some(1));
        assert_eq!(group_level("B"), Some(2));
        assert_eq!(group_level("12"), None);
    }

    #[test]
    fn notes_and_signatures_end_the_table() {
        for t in [
            "Ghi chú: số liệu tạm tính",
            "Người lập biểu",
            "KT. GIÁM ĐỐC",
            "Vĩnh Long, ngày 15 tháng 12 năm 2023",
        ] {
            assert!(is_end_label(t), "{t}");
        }
        assert!(!is_end_label("Cơ sở Giám Định"));
    }

    #[test]
    fn example_rows_are_recognised_by_their_first_filled_cell() {
        let text = |s: &str| Cell::Text(s.into());
        assert!(is_example_row(&[text("Ví dụ: KCĐP-2024-01"), Cell::Number(2024.0)]));
        assert!(is_example_row(&[Cell::Empty, text("VI DU : 2024")]));
        assert!(!is_example_row(&[text("KCĐP-2024-01"), text("Ví dụ: máy sấy")]));
        assert!(!is_example_row(&[text("Ví dụ điển hình về máy sấy")]));
        assert!(!is_example_row(&[Cell::Number(2024.0)]));
        assert!(!is_example_row(&[]));
    }
}
