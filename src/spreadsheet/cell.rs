//! One cell's value, as the file keeps it.

use calamine::{Data, DataRef};
use jiff::civil::Date;

use crate::domain::number::{date_from_excel_serial, format_date};

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    /// A number cell of a spreadsheet (a CSV has only text).
    Number(f64),
    /// A cell a spreadsheet keeps as a date.
    Date(Date),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    pub fn text(&self) -> Option<&str> {
        match self {
            Cell::Text(s) => Some(s),
            _ => None,
        }
    }

    /// The cell as an officer sees it on screen: text as typed, numbers in
    /// the Vietnamese way without grouping (2023, 278,5), dates dd/mm/yyyy.
    pub fn shown(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Date(d) => format_date(*d),
            Cell::Number(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{}", *x as i64),
            Cell::Number(x) => x.to_string().replace('.', ","),
        }
    }

    /// A spreadsheet value as a cell (text kept as it is: cleaning comes later).
    pub fn of_data(data: &Data) -> Cell {
        match data {
            Data::Empty => Cell::Empty,
            Data::String(s) => Cell::text_or_empty(s),
            Data::Int(i) => Cell::Number(*i as f64),
            Data::Float(f) => Cell::Number(*f),
            Data::Bool(b) => Cell::Text(b.to_string()),
            Data::DateTime(dt) => {
                date_from_excel_serial(dt.as_f64()).map(Cell::Date).unwrap_or(Cell::Number(dt.as_f64()))
            }
            Data::DateTimeIso(s) => Cell::of_iso(s),
            Data::DurationIso(s) => Cell::Text(s.clone()),
            Data::Error(e) => Cell::Text(format!("#{e:?}")),
        }
    }

    /// A cell of the streaming XLSX reader.
    pub fn of_data_ref(data: &DataRef<'_>) -> Cell {
        match data {
            DataRef::SharedString(s) => Cell::text_or_empty(s),
            DataRef::String(s) => Cell::text_or_empty(s),
            DataRef::Empty => Cell::Empty,
            DataRef::Int(i) => Cell::Number(*i as f64),
            DataRef::Float(f) => Cell::Number(*f),
            DataRef::Bool(b) => Cell::Text(b.to_string()),
            DataRef::DateTime(dt) => {
                date_from_excel_serial(dt.as_f64()).map(Cell::Date).unwrap_or(Cell::Number(dt.as_f64()))
            }
            DataRef::DateTimeIso(s) => Cell::of_iso(s),
            DataRef::DurationIso(s) => Cell::Text(s.clone()),
            DataRef::Error(e) => Cell::Text(format!("#{e:?}")),
        }
    }

    fn text_or_empty(s: &str) -> Cell {
        if s.trim().is_empty() { Cell::Empty } else { Cell::Text(s.to_string()) }
    }

    fn of_iso(s: &str) -> Cell {
        s.get(..10)
            .and_then(|d| d.parse::<Date>().ok())
            .map(Cell::Date)
            .unwrap_or_else(|| Cell::Text(s.into()))
    }
}
