//! How a file writes numbers and dates: the decimal mark and the order of
//! day and month, found from the cells of the money, count and date columns,
//! and never guessed where the cells cannot tell.

use crate::domain::number::format_int;
use crate::i18n::Lang;

/// The decimal mark of numbers typed as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DecimalMark {
    /// Vietnamese: 3.900 and 4,9.
    #[default]
    Comma,
    /// English: 3,900 and 4.9.
    Point,
}

/// The order of day and month in dates typed as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateOrder {
    /// 05/03/2020 is 5 March (Vietnamese).
    #[default]
    DayMonth,
    /// 03/05/2020 is 5 March (American).
    MonthDay,
}

/// How the file writes numbers and dates, as found in its money, count and date columns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DetectedFormats {
    /// The decimal mark the text numbers are read with.
    pub decimal: DecimalMark,
    /// The order text dates are read in.
    pub date_order: DateOrder,
    /// Text numbers that show a decimal comma or dots between thousands (4,9; 1.234.567).
    pub comma_numbers: usize,
    /// Text numbers that show a decimal point or commas between thousands (4.9; 1,234,567).
    pub point_numbers: usize,
    /// Text numbers that show neither (3900).
    pub plain_numbers: usize,
    /// "1,235": a decimal comma to a Vietnamese reader, a thousands comma to
    /// an English one. Without other numbers to tell, the officer chooses.
    pub comma_three: usize,
    /// "1.235": thousands to a Vietnamese reader (how the program writes them).
    pub dot_three: usize,
    /// The first few "1,235" numbers seen, to show the officer.
    pub comma_three_examples: Examples,
    /// The decimal mark was chosen by the officer, not found.
    pub decimal_chosen: bool,
    /// Cells Excel keeps as numbers.
    pub excel_numbers: usize,
    /// Text dates d/m/y or m/d/y (read in `date_order`).
    pub text_dates: usize,
    /// Text dates that can only be day first (31/12/2020).
    pub day_first_dates: usize,
    /// Text dates that can only be month first (12/31/2020).
    pub month_first_dates: usize,
    /// Text dates yyyy-mm-dd.
    pub iso_dates: usize,
    /// Cells Excel keeps as dates.
    pub excel_dates: usize,
    /// Excel day numbers in a date column (44927 is 01/01/2023).
    pub serial_dates: usize,
}

/// A few cell texts (each short), to show in a message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Examples(pub Vec<String>);

impl Examples {
    fn push(&mut self, text: &str) {
        if self.0.len() < 3 {
            self.0.push(crate::domain::text::quote(text).chars().take(20).collect());
        }
    }
}

enum NumberStyle {
    Comma,
    Point,
    Plain,
    CommaThree,
    DotThree,
}

/// What a number typed as text says about the decimal mark.
fn number_style(text: &str) -> NumberStyle {
    let compact: std::borrow::Cow<'_, str> = if text.contains(|c: char| c.is_whitespace() || c == '\'') {
        text.chars().filter(|c| !c.is_whitespace() && *c != '\'').collect::<String>().into()
    } else {
        text.into()
    };
    let t = compact.trim_start_matches(['-', '+']);
    if !t.bytes().any(|b| b.is_ascii_digit())
        || !t.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
    {
        return NumberStyle::Plain;
    }
    // "1.518" and "3,900": thousands in one style, a fraction in the other.
    let ambiguous = |sep: char| {
        t.split_once(sep).is_some_and(|(a, b)| {
            b.len() == 3 && (1..=3).contains(&a.len()) && !a.trim_start_matches('0').is_empty()
        })
    };
    match (t.matches(',').count(), t.matches('.').count()) {
        (0, 0) => NumberStyle::Plain,
        (c, d) if c > 0 && d > 0 => {
            if t.rfind(',') > t.rfind('.') {
                NumberStyle::Comma
            } else {
                NumberStyle::Point
            }
        }
        (1, 0) if ambiguous(',') => NumberStyle::CommaThree,
        (1, 0) => NumberStyle::Comma,
        (_, 0) => NumberStyle::Point,
        (0, 1) if ambiguous('.') => NumberStyle::DotThree,
        (0, 1) => NumberStyle::Point,
        _ => NumberStyle::Comma,
    }
}

enum DateText {
    Iso,
    DayFirst,
    MonthFirst,
    Either,
    Other,
}

fn date_parts(text: &str) -> Option<[&str; 3]> {
    let mut parts = text.trim().split(['/', '-', '.']).map(str::trim);
    let p = [parts.next()?, parts.next()?, parts.next()?];
    if parts.next().is_some() || p.iter().any(|s| s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    Some(p)
}

fn date_text(text: &str) -> DateText {
    let Some([a, b, c]) = date_parts(text) else {
        return DateText::Other;
    };
    if a.len() == 4 {
        return DateText::Iso;
    }
    if c.len() != 4 {
        return DateText::Other;
    }
    match (a.parse::<u32>().unwrap_or(0), b.parse::<u32>().unwrap_or(0)) {
        (a, b) if a > 12 && b <= 12 => DateText::DayFirst,
        (a, b) if b > 12 && a <= 12 => DateText::MonthFirst,
        (a, b) if a <= 12 && b <= 12 => DateText::Either,
        _ => DateText::Other,
    }
}

/// What the table's cells are, for counting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seen<'a> {
    TextNumber(&'a str),
    ExcelNumber,
    TextDate(&'a str),
    ExcelDate,
    SerialDate,
}

impl DetectedFormats {
    /// Counts one cell of a money, count or date column.
    pub fn count(&mut self, seen: Seen<'_>) {
        match seen {
            Seen::TextNumber(s) => match number_style(s) {
                NumberStyle::Comma => self.comma_numbers += 1,
                NumberStyle::Point => self.point_numbers += 1,
                NumberStyle::Plain => self.plain_numbers += 1,
                NumberStyle::CommaThree => {
                    self.comma_three += 1;
                    self.comma_three_examples.push(s);
                }
                NumberStyle::DotThree => self.dot_three += 1,
            },
            Seen::ExcelNumber => self.excel_numbers += 1,
            Seen::TextDate(s) => match date_text(s) {
                DateText::Iso => self.iso_dates += 1,
                DateText::DayFirst => {
                    self.day_first_dates += 1;
                    self.text_dates += 1;
                }
                DateText::MonthFirst => {
                    self.month_first_dates += 1;
                    self.text_dates += 1;
                }
                DateText::Either => self.text_dates += 1,
                DateText::Other => {}
            },
            Seen::ExcelDate => self.excel_dates += 1,
            Seen::SerialDate => self.serial_dates += 1,
        }
    }

    /// Decides how to read the counted cells: on evidence, or as the
    /// officer chose; the Vietnamese way when nothing says otherwise.
    pub fn decide(&mut self, decimal: Option<DecimalMark>, date_order: Option<DateOrder>) {
        self.decimal_chosen = decimal.is_some();
        self.decimal = decimal.unwrap_or(if self.point_numbers > 0 && self.comma_numbers == 0 {
            DecimalMark::Point
        } else {
            DecimalMark::Comma
        });
        self.date_order = date_order.unwrap_or(if self.month_first_dates > 0 && self.day_first_dates == 0 {
            DateOrder::MonthDay
        } else {
            DateOrder::DayMonth
        });
    }

    /// True when numbers like "1,235" can be read two ways and nothing in
    /// the file tells which: the officer must choose (`--decimal`).
    pub fn needs_decimal_choice(&self) -> bool {
        !self.decimal_chosen && self.comma_three > 0 && self.comma_numbers == 0 && self.point_numbers == 0
    }

    /// A number typed as text, written the Vietnamese way for the domain's reader.
    pub fn number_text(&self, s: &str) -> String {
        match self.decimal {
            // The Vietnamese reader then sees 3,900.5 as 3.900,5.
            DecimalMark::Point => crate::domain::number::swap_separators(s),
            DecimalMark::Comma => s.to_string(),
        }
    }

    /// A date typed as text, day first for the domain's reader.
    pub fn date_text(&self, s: &str) -> String {
        match (self.date_order, date_parts(s)) {
            (DateOrder::MonthDay, Some([m, d, y])) if y.len() == 4 => format!("{d}/{m}/{y}"),
            _ => s.to_string(),
        }
    }

    /// True when the file shows both decimal marks: some numbers may be misread.
    pub fn mixed_decimals(&self) -> bool {
        self.comma_numbers > 0 && self.point_numbers > 0
    }

    /// True when some text dates can only be day first and others only month first.
    pub fn mixed_date_orders(&self) -> bool {
        self.day_first_dates > 0 && self.month_first_dates > 0
    }

    /// One line for the officer: how numbers and dates were read.
    pub fn describe(&self, lang: Lang) -> String {
        let vi = lang == Lang::Vi;
        let n = |x: usize| format_int(x as i64);
        let mut numbers = Vec::new();
        let text_numbers =
            self.comma_numbers + self.point_numbers + self.plain_numbers + self.comma_three + self.dot_three;
        if text_numbers > 0 {
            numbers.push(match (self.decimal, vi) {
                (DecimalMark::Comma, true) => format!(
                    "{} số viết kiểu Việt Nam: dấu chấm ngăn cách hàng nghìn, dấu phẩy thập phân (3.900; 4,9)",
                    n(text_numbers)
                ),
                (DecimalMark::Comma, false) => format!(
                    "{} numbers written the Vietnamese way: dot between thousands, decimal comma (3.900; 4,9)",
                    n(text_numbers)
                ),
                (DecimalMark::Point, true) => format!(
                    "{} số viết kiểu Anh – Mỹ: dấu phẩy ngăn cách hàng nghìn, dấu chấm thập phân (3,900; 4.9), đã đọc theo kiểu này",
                    n(text_numbers)
                ),
                (DecimalMark::Point, false) => format!(
                    "{} numbers written the English way: comma between thousands, decimal point (3,900; 4.9), read that way",
                    n(text_numbers)
                ),
            });
            if self.mixed_decimals() {
                numbers.push(
                    if vi {
                        "tệp có cả hai kiểu dấu thập phân – hãy kiểm tra các số"
                    } else {
                        "the file mixes both decimal marks – check the numbers"
                    }
                    .to_string(),
                );
            }
        }
        if self.excel_numbers > 0 {
            numbers.push(if vi {
                format!("{} ô số của Excel", n(self.excel_numbers))
            } else {
                format!("{} Excel number cells", n(self.excel_numbers))
            });
        }
        let mut dates = Vec::new();
        if self.text_dates > 0 {
            dates.push(match (self.date_order, vi) {
                (DateOrder::DayMonth, true) => {
                    format!("{} ngày viết ngày/tháng/năm (05/03/2020 là ngày 5 tháng 3)", n(self.text_dates))
                }
                (DateOrder::DayMonth, false) => {
                    format!("{} dates written day/month/year (05/03/2020 is 5 March)", n(self.text_dates))
                }
                (DateOrder::MonthDay, true) => format!(
                    "{} ngày viết tháng/ngày/năm kiểu Mỹ (03/05/2020 là ngày 5 tháng 3), đã đọc theo kiểu này",
                    n(self.text_dates)
                ),
                (DateOrder::MonthDay, false) => format!(
                    "{} dates written month/day/year, US style (03/05/2020 is 5 March), read that way",
                    n(self.text_dates)
                ),
            });
            if self.mixed_date_orders() {
                dates.push(
                    if vi {
                        "có cả ngày trước tháng và tháng trước ngày – hãy kiểm tra các ngày"
                    } else {
                        "some dates put the day first, others the month – check the dates"
                    }
                    .to_string(),
                );
            }
        }
        if self.iso_dates > 0 {
            dates.push(if vi {
                format!("{} ngày viết năm-tháng-ngày (2020-03-05)", n(self.iso_dates))
            } else {
                format!("{} dates written year-month-day (2020-03-05)", n(self.iso_dates))
            });
        }
        if self.excel_dates > 0 {
            dates.push(if vi {
                format!("{} ô ngày của Excel", n(self.excel_dates))
            } else {
                format!("{} Excel date cells", n(self.excel_dates))
            });
        }
        if self.serial_dates > 0 {
            dates.push(if vi {
                format!("{} số ngày của Excel (44927 là 01/01/2023)", n(self.serial_dates))
            } else {
                format!("{} Excel day numbers (44927 is 01/01/2023)", n(self.serial_dates))
            });
        }
        let none = if vi { "không có" } else { "none" };
        let join = |v: Vec<String>| if v.is_empty() { none.to_string() } else { v.join("; ") };
        if vi {
            format!("Số: {}. Ngày: {}.", join(numbers), join(dates))
        } else {
            format!("Numbers: {}. Dates: {}.", join(numbers), join(dates))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn formats(texts: &[&str], decimal: Option<DecimalMark>) -> DetectedFormats {
        let mut f = DetectedFormats::default();
        for t in texts {
            f.count(Seen::TextNumber(t));
        }
        f.decide(decimal, None);
        f
    }

    #[test]
    fn thousands_commas_that_could_be_decimals_are_asked() {
        let f = formats(&["1,235", "2,100", "3.900"], None);
        assert!(f.needs_decimal_choice());
        assert_eq!(f.comma_three_examples.0, ["1,235", "2,100"]);
        // A decimal comma elsewhere tells: Vietnamese.
        let f = formats(&["1,235", "4,9"], None);
        assert!(!f.needs_decimal_choice());
        assert_eq!(f.decimal, DecimalMark::Comma);
        // A decimal point elsewhere tells: English.
        let f = formats(&["1,235", "4.95"], None);
        assert_eq!((f.needs_decimal_choice(), f.decimal), (false, DecimalMark::Point));
        assert_eq!(f.number_text("1,235"), "1.235");
        // The officer's choice settles it.
        let f = formats(&["1,235"], Some(DecimalMark::Point));
        assert!(!f.needs_decimal_choice());
        // "3.900" alone is the Vietnamese way.
        let f = formats(&["3.900", "1.518"], None);
        assert_eq!((f.needs_decimal_choice(), f.decimal), (false, DecimalMark::Comma));
    }

    #[test]
    fn us_dates_are_turned_day_first() {
        let mut f = DetectedFormats::default();
        f.count(Seen::TextDate("3/15/2020"));
        f.decide(None, None);
        assert_eq!(f.date_order, DateOrder::MonthDay);
        assert_eq!(f.date_text("3/15/2020"), "15/3/2020");
    }
}
