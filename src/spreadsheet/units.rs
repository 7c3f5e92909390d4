//! Money units as officers write them: in a header's brackets ("Kinh phí
//! (Tr.đ)"), in the "Đơn vị tính: …" line, or after an amount ("278,5
//! triệu"). Amounts become whole đồng exactly.

use crate::domain::number::{DONG_PER_BILLION, DONG_PER_MILLION};
use crate::domain::text::fold;
use crate::i18n::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    Dong,
    Thousand,
    Million,
    Billion,
}

impl Unit {
    pub const ALL: [Unit; 4] = [Unit::Dong, Unit::Thousand, Unit::Million, Unit::Billion];

    pub fn dong(self) -> i64 {
        match self {
            Unit::Dong => 1,
            Unit::Thousand => 1_000,
            Unit::Million => DONG_PER_MILLION,
            Unit::Billion => DONG_PER_BILLION,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Unit::Dong, Lang::Vi) => "đồng",
            (Unit::Thousand, Lang::Vi) => "nghìn đồng",
            (Unit::Million, Lang::Vi) => "triệu đồng",
            (Unit::Billion, Lang::Vi) => "tỷ đồng",
            (Unit::Dong, Lang::En) => "VND",
            (Unit::Thousand, Lang::En) => "thousand VND",
            (Unit::Million, Lang::En) => "million VND",
            (Unit::Billion, Lang::En) => "billion VND",
        }
    }

    /// The command line's name (`--unit`).
    pub fn cli_name(self) -> &'static str {
        match self {
            Unit::Dong => "dong",
            Unit::Thousand => "nghin",
            Unit::Million => "trieu",
            Unit::Billion => "ty",
        }
    }

    pub fn from_cli_name(name: &str) -> Option<Unit> {
        Unit::ALL.into_iter().find(|u| u.cli_name() == name)
    }
}

/// A unit's words, folded, without spaces or dots ("tr.đ" is "trd").
const WORDS: &[(Unit, &[&str])] = &[
    (Unit::Billion, &["tydong", "ty", "tyvnd", "tyd", "billionvnd", "billion", "billiondong"]),
    (
        Unit::Million,
        &[
            "trieudong",
            "trieu",
            "trd",
            "tr",
            "trdong",
            "trieuvnd",
            "millionvnd",
            "million",
            "milliondong",
            "mvnd",
        ],
    ),
    (
        Unit::Thousand,
        &[
            "nghindong",
            "ngandong",
            "1000dong",
            "1000d",
            "nghin",
            "ngan",
            "1000vnd",
            "thousandvnd",
            "thousand",
            "nghinvnd",
        ],
    ),
    (Unit::Dong, &["dong", "vnd", "d", "dongvn", "vndong"]),
];

fn compact(folded: &str) -> String {
    folded.chars().filter(|c| !matches!(c, ' ' | '.' | ',' | '\u{a0}')).collect()
}

/// The unit a short text names exactly ("triệu đồng", "Tr.đ", "(1.000 đồng)").
pub fn unit_named(text: &str) -> Option<Unit> {
    let mut key = compact(&fold(text));
    for prefix in ["donvitinh", "dvt", "donvi", "unit"] {
        if let Some(rest) = key.strip_prefix(prefix) {
            key = rest.trim_start_matches([':', '-']).to_string();
        }
    }
    let key = key.trim_matches(|c: char| matches!(c, ':' | '-' | '*' | '(' | ')'));
    WORDS.iter().find(|(_, words)| words.contains(&key)).map(|(u, _)| *u)
}

/// The unit of an "Đơn vị tính: …" line ("ĐVT: triệu đồng", "Đơn vị: đồng").
pub fn unit_line(text: &str) -> Option<Unit> {
    let folded = fold(text);
    let at = ["don vi tinh", "dvt", "don vi"].iter().find_map(|p| folded.find(p).map(|i| (i, p.len())))?;
    let rest = &folded[at.0 + at.1..];
    let rest = rest.trim_start_matches([':', ' ', '-']);
    // The unit ends at a separator: "Đơn vị tính: triệu đồng; số lượng: lớp".
    let unit = rest.split([';', ',', '/', '(', ')']).next().unwrap_or("");
    unit_named(unit)
}

/// An amount followed by its unit ("278,5 triệu", "500.000đ"): the number's
/// text and the unit. `None` when the text ends in no unit.
pub fn split_amount(text: &str) -> Option<(&str, Unit)> {
    let t = text.trim();
    let end = t.char_indices().find(|(_, c)| c.is_alphabetic()).map(|(i, _)| i)?;
    let (number, suffix) = t.split_at(end);
    if number.trim().is_empty()
        || !number.trim().chars().all(|c| c.is_ascii_digit() || " .,'-+\u{a0}".contains(c))
    {
        return None;
    }
    unit_named(suffix).map(|u| (number.trim(), u))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_are_read_as_officers_write_them() {
        for (text, unit) in [
            ("đồng", Unit::Dong),
            ("VNĐ", Unit::Dong),
            ("nghìn đồng", Unit::Thousand),
            ("1.000 đồng", Unit::Thousand),
            ("1.000đ", Unit::Thousand),
            ("triệu đồng", Unit::Million),
            ("tr.đ", Unit::Million),
            ("Tr.đ", Unit::Million),
            ("trđ", Unit::Million),
            ("tỷ đồng", Unit::Billion),
            ("ĐVT: triệu đồng", Unit::Million),
            ("million VND", Unit::Million),
        ] {
            assert_eq!(unit_named(text), Some(unit), "{text}");
        }
        assert_eq!(unit_named("người"), None);
        assert_eq!(unit_named("%"), None);
    }

    #[test]
    fn unit_lines_and_amounts_with_units() {
        assert_eq!(unit_line("Đơn vị tính: triệu đồng"), Some(Unit::Million));
        assert_eq!(unit_line("ĐVT: đồng"), Some(Unit::Dong));
        assert_eq!(unit_line("Đơn vị tính: 1.000 đồng"), Some(Unit::Thousand));
        assert_eq!(unit_line("DANH SÁCH ĐỀ ÁN"), None);
        assert_eq!(split_amount("278,5 triệu"), Some(("278,5", Unit::Million)));
        assert_eq!(split_amount("500.000đ"), Some(("500.000", Unit::Dong)));
        assert_eq!(split_amount("1,2 tỷ"), Some(("1,2", Unit::Billion)));
        assert_eq!(split_amount("278,5"), None);
        assert_eq!(split_amount("abc triệu"), None);
    }
}
