//! Numbers, money and dates written the Vietnamese way: "." groups thousands,
//! "," marks decimals ("3.900", "278,5"), dates are dd/mm/yyyy.
//! Money is kept as whole đồng in an `i64`; officers type and read it in
//! million đồng ("triệu đồng").
//!
//! What the officer reads and types goes through the `_in` functions, which
//! take the language: English writes "3,900" and "278.5". Files, drafts and
//! exports keep the Vietnamese text (`format_int`, `format_million`, …).

use jiff::civil::Date;

use crate::i18n::Lang;

pub const DONG_PER_MILLION: i64 = 1_000_000;
pub const DONG_PER_BILLION: i64 = 1_000_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberError {
    /// Not a number at all ("abc", "1,2,3").
    Invalid,
    /// A whole number was expected ("12,5 học viên").
    NotWhole,
    /// Larger than the program can store.
    TooLarge,
}

/// Reads an amount typed in million đồng and returns whole đồng.
/// Accepts "3.900", "3900", "278,5", "1.234,56", "0,5", "278.5" (a single
/// dot not followed by three digits is read as a decimal point), spaces as
/// group separators and a leading minus. Fractions of a đồng are rounded.
pub fn parse_million(input: &str) -> Result<i64, NumberError> {
    parse_scaled(input, DONG_PER_MILLION)
}

/// Reads an amount written the Vietnamese way in a unit of `dong_per_unit`
/// đồng (1 for đồng, 1.000 for nghìn đồng, …) and returns whole đồng,
/// exactly: the fraction is kept to the đồng and rounded half up below it.
pub fn parse_scaled(input: &str, dong_per_unit: i64) -> Result<i64, NumberError> {
    parse_scaled_in(input, dong_per_unit, Lang::Vi)
}

/// [`parse_scaled`] for a number written `lang`'s way: English reads
/// "1,200.5" and "278.5", and refuses "278,5" rather than guess.
pub fn parse_scaled_in(input: &str, dong_per_unit: i64, lang: Lang) -> Result<i64, NumberError> {
    let (negative, int_part, frac_part) = split_in(input, lang)?;
    let factor = i128::from(dong_per_unit.max(1));
    let mut dong: i128 = 0;
    for d in int_part.bytes() {
        dong = dong * 10 + i128::from(d - b'0');
        if dong > i128::from(i64::MAX) {
            return Err(NumberError::TooLarge);
        }
    }
    dong *= factor;
    if dong > i128::from(i64::MAX) {
        return Err(NumberError::TooLarge);
    }
    // The fraction of one unit, in đồng, from as many digits as can matter
    // (the unit has at most 18 digits): then rounded half up.
    let digits: Vec<i128> = frac_part.bytes().take(19).map(|b| i128::from(b - b'0')).collect();
    let (mut numerator, mut denominator) = (0i128, 1i128);
    for d in &digits {
        numerator = numerator * 10 + d;
        denominator *= 10;
    }
    dong += (numerator * factor * 2 + denominator) / (denominator * 2);
    if negative {
        dong = -dong;
    }
    i64::try_from(dong).map_err(|_| NumberError::TooLarge)
}

/// Reads an amount typed in million đồng written `lang`'s way.
pub fn parse_million_in(input: &str, lang: Lang) -> Result<i64, NumberError> {
    parse_scaled_in(input, DONG_PER_MILLION, lang)
}

/// Reads a whole number ("368", "1.234"); rejects fractions.
pub fn parse_count(input: &str) -> Result<i64, NumberError> {
    parse_count_in(input, Lang::Vi)
}

/// Reads a whole number written `lang`'s way ("1,234" in English).
pub fn parse_count_in(input: &str, lang: Lang) -> Result<i64, NumberError> {
    let (negative, int_part, frac_part) = split_in(input, lang)?;
    if frac_part.bytes().any(|b| b != b'0') {
        return Err(NumberError::NotWhole);
    }
    // Wider than i64, so that -9.223.372.036.854.775.808 (whose magnitude
    // i64 cannot hold) reads back as written.
    let value: i128 = int_part.parse().map_err(|_| NumberError::TooLarge)?;
    i64::try_from(if negative { -value } else { value }).map_err(|_| NumberError::TooLarge)
}

/// Splits a number written `lang`'s way into sign, integer digits and fraction digits.
fn split_in(input: &str, lang: Lang) -> Result<(bool, String, String), NumberError> {
    let compact: String =
        input.trim().chars().filter(|c| !matches!(c, ' ' | '\u{00A0}' | '\u{202F}' | '\'')).collect();
    let (negative, body) = match compact.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, compact.strip_prefix('+').unwrap_or(&compact)),
    };
    if body.is_empty() || !body.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',') {
        return Err(NumberError::Invalid);
    }
    let (int_digits, frac) = match lang {
        Lang::Vi => split_vietnamese(body)?,
        Lang::En => split_english(body)?,
    };
    if int_digits.is_empty() && frac.is_empty() {
        return Err(NumberError::Invalid);
    }
    let int_digits = if int_digits.is_empty() { "0".to_string() } else { int_digits };
    Ok((negative, int_digits, frac))
}

/// Whether `groups` are thousands groups: 1 to 3 digits, then exactly 3 each.
fn thousands(groups: &[&str]) -> bool {
    (1..=3).contains(&groups[0].len()) && groups[1..].iter().all(|g| g.len() == 3)
}

/// English, strictly: "," only groups thousands, one "." marks decimals.
/// "278,5" is refused: read as 2785 or as 278.5, one of them would be wrong.
fn split_english(body: &str) -> Result<(String, String), NumberError> {
    let (int_raw, frac) = body.split_once('.').unwrap_or((body, ""));
    if frac.contains(['.', ',']) {
        return Err(NumberError::Invalid);
    }
    let groups: Vec<&str> = int_raw.split(',').collect();
    if groups.len() > 1 && !thousands(&groups) {
        return Err(NumberError::Invalid);
    }
    Ok((groups.concat(), frac.to_string()))
}

/// Vietnamese, as officers type it: "." groups, "," marks decimals, and a
/// single "." not followed by three digits is a decimal point ("278.5").
fn split_vietnamese(body: &str) -> Result<(String, String), NumberError> {
    let (int_raw, frac) = if body.matches(',').count() > 1 {
        return Err(NumberError::Invalid);
    } else if let Some((int_raw, frac)) = body.split_once(',') {
        (int_raw, frac)
    } else {
        let groups: Vec<&str> = body.split('.').collect();
        if groups.len() == 1 || thousands(&groups) {
            (body, "")
        } else if groups.len() == 2 {
            (groups[0], groups[1])
        } else {
            return Err(NumberError::Invalid);
        }
    };
    if frac.contains('.') {
        return Err(NumberError::Invalid);
    }
    let groups: Vec<&str> = int_raw.split('.').collect();
    if groups.len() > 1 && !thousands(&groups) {
        return Err(NumberError::Invalid);
    }
    Ok((groups.concat(), frac.to_string()))
}

/// A number typed `lang`'s way rewritten the Vietnamese way, for the text a
/// draft keeps (the one reader of drafts knows Vietnamese): the same value,
/// or text refused with the same error. Empty stays empty.
pub fn as_vietnamese(input: &str, lang: Lang) -> String {
    if lang == Lang::Vi || input.trim().is_empty() {
        return input.to_string();
    }
    match split_in(input, lang) {
        Ok((negative, int_digits, frac)) => {
            let sign = if negative { "-" } else { "" };
            if frac.is_empty() { format!("{sign}{int_digits}") } else { format!("{sign}{int_digits},{frac}") }
        }
        // Letters make it "not a number" in Vietnamese too.
        Err(_) => format!("{input} (?)"),
    }
}

/// A number kept the Vietnamese way (a draft's text) as `lang` writes it;
/// text that is not a number is left as it is.
pub fn shown_in(vietnamese: &str, lang: Lang) -> String {
    if lang == Lang::Vi {
        return vietnamese.to_string();
    }
    match split_in(vietnamese, Lang::Vi) {
        Ok((negative, int_digits, frac)) => {
            let mut out = String::new();
            if negative {
                out.push('-');
            }
            out.push_str(&group(&int_digits, ','));
            if !frac.is_empty() {
                out.push('.');
                out.push_str(&frac);
            }
            out
        }
        Err(_) => vietnamese.to_string(),
    }
}

/// A number written the Vietnamese way ("3.900", "278,5") as `lang`
/// writes it: English swaps the two separators ("3,900", "278.5").
pub fn in_lang(vi: String, lang: Lang) -> String {
    match lang {
        Lang::Vi => vi,
        Lang::En => swap_separators(&vi),
    }
}

/// "3.900,5" ⇄ "3,900.5".
pub fn swap_separators(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '.' => ',',
            ',' => '.',
            c => c,
        })
        .collect()
}

/// The thousands separator and the decimal mark of `lang`.
fn marks(lang: Lang) -> (char, char) {
    match lang {
        Lang::Vi => ('.', ','),
        Lang::En => (',', '.'),
    }
}

/// Digits grouped by three with `separator`: "1234567" → "1.234.567".
fn group(digits: &str, separator: char) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    out
}

/// "1.234.567" for 1234567.
pub fn format_int(value: i64) -> String {
    format_int_in(value, Lang::Vi)
}

/// 1234567 as `lang` writes it: "1.234.567", "1,234,567".
pub fn format_int_in(value: i64, lang: Lang) -> String {
    let sign = if value < 0 { "-" } else { "" };
    format!("{sign}{}", group(&value.unsigned_abs().to_string(), marks(lang).0))
}

/// `numerator / denominator` written with at most `max_decimals` decimals,
/// trailing zeros dropped: format_scaled(278_500_000, 1_000_000, 6) = "278,5".
pub fn format_scaled(numerator: i64, denominator: i64, max_decimals: u32) -> String {
    format_scaled_in(numerator, denominator, max_decimals, Lang::Vi)
}

/// [`format_scaled`] as `lang` writes it ("278.5" in English).
pub fn format_scaled_in(numerator: i64, denominator: i64, max_decimals: u32, lang: Lang) -> String {
    let (_, decimal_mark) = marks(lang);
    let denominator = i128::from(denominator.max(1));
    let factor = 10i128.pow(max_decimals);
    let n = i128::from(numerator);
    // Round half away from zero at the last kept decimal.
    let scaled = (n.abs() * factor * 2 + denominator) / (denominator * 2);
    let int_part = scaled / factor;
    let frac_part = scaled % factor;
    let mut out = String::new();
    if n < 0 && scaled != 0 {
        out.push('-');
    }
    out.push_str(&format_int_in(i64::try_from(int_part).unwrap_or(i64::MAX), lang));
    if frac_part != 0 {
        let frac = format!("{:0width$}", frac_part, width = max_decimals as usize);
        out.push(decimal_mark);
        out.push_str(frac.trim_end_matches('0'));
    }
    out
}

/// A measured value (a chart's axis, a ratio) as `lang` writes it, with at
/// most `decimals` decimals; empty when it is not a number or too large.
pub fn format_f64_in(value: f64, decimals: u32, lang: Lang) -> String {
    let decimals = decimals.min(9);
    let factor = 10i64.pow(decimals);
    let scaled = (value * factor as f64).round();
    if !scaled.is_finite() || scaled.abs() > 9.0e18 {
        return String::new();
    }
    format_scaled_in(scaled as i64, factor, decimals, lang)
}

/// Whole đồng written in million đồng, exactly: 3.900, 278,5, 0,000001.
pub fn format_million(dong: i64) -> String {
    format_scaled(dong, DONG_PER_MILLION, 6)
}

/// Whole đồng in million đồng as `lang` writes it: "3,900", "278.5" in English.
pub fn format_million_in(dong: i64, lang: Lang) -> String {
    format_scaled_in(dong, DONG_PER_MILLION, 6, lang)
}

/// Whole đồng written in billion đồng ("tỷ") to at most `decimals` places: 4,9.
pub fn format_billion(dong: i64, decimals: u32) -> String {
    format_scaled(dong, DONG_PER_BILLION, decimals)
}

/// Whole đồng in billion đồng as `lang` writes it: "4,9", "4.9".
pub fn format_billion_in(dong: i64, decimals: u32, lang: Lang) -> String {
    format_scaled_in(dong, DONG_PER_BILLION, decimals, lang)
}

/// A share written as a Vietnamese percentage with one decimal: "48,6 %".
pub fn format_percent(part: i64, whole: i64) -> String {
    format_percent_in(part, whole, Lang::Vi)
}

/// A share as `lang` writes it: "48,6 %", "48.6%".
pub fn format_percent_in(part: i64, whole: i64, lang: Lang) -> String {
    if whole == 0 {
        return "–".to_string();
    }
    let share = format_scaled_in(part.saturating_mul(100), whole, 1, lang);
    match lang {
        Lang::Vi => format!("{share} %"),
        Lang::En => format!("{share}%"),
    }
}

/// The English plural: "1 facility", "2 facilities" (`count` already written).
/// Vietnamese nouns do not change, so Vietnamese callers need no such thing.
pub fn plural(n: i64, count: &str, one: &str, many: &str) -> String {
    format!("{count} {}", if n == 1 { one } else { many })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateError {
    Invalid,
}

/// Reads dd/mm/yyyy (also d/m/yyyy, with "-" or "." between, and a year of
/// two digits, 18/04/23, which is 2023: the program keeps no year before
/// 2000), ISO yyyy-mm-dd, and the date of a decision as it is written,
/// "ngày 05 tháng 5 năm 2023".
pub fn parse_date(input: &str) -> Result<Date, DateError> {
    if let Some(date) = parse_written_date(input) {
        return Ok(date);
    }
    let s = input.trim();
    let parts: Vec<&str> = s.split(['/', '-', '.']).map(str::trim).collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit())) {
        return Err(DateError::Invalid);
    }
    let (y, m, d) = if parts[0].len() == 4 {
        (parts[0].to_string(), parts[1], parts[2])
    } else if parts[2].len() == 4 {
        (parts[2].to_string(), parts[1], parts[0])
    } else if parts[2].len() == 2 && parts[0].len() <= 2 {
        (format!("20{}", parts[2]), parts[1], parts[0])
    } else {
        return Err(DateError::Invalid);
    };
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i16>(), m.parse::<i8>(), d.parse::<i8>()) else {
        return Err(DateError::Invalid);
    };
    Date::new(y, m, d).map_err(|_| DateError::Invalid)
}

/// "ngày 05 tháng 5 năm 2023" (any case, accents optional, a place before it).
fn parse_written_date(input: &str) -> Option<Date> {
    let folded = crate::domain::text::fold(input);
    let at = folded.find("ngay ")?;
    let words: Vec<&str> =
        folded[at..].split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let [_, d, t, m, n, y, ..] = words.as_slice() else { return None };
    if *t != "thang" || *n != "nam" || y.len() != 4 {
        return None;
    }
    Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()
}

/// dd/mm/yyyy.
pub fn format_date(date: Date) -> String {
    format!("{:02}/{:02}/{:04}", date.day(), date.month(), date.year())
}

/// The date of an Excel serial day number (1900 date system, as written by
/// Excel and LibreOffice): 44927 is 01/01/2023.
pub fn date_from_excel_serial(serial: f64) -> Option<Date> {
    if !serial.is_finite() || !(1.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    let days = serial.floor() as i64;
    let epoch = Date::new(1899, 12, 30).ok()?;
    epoch.checked_add(jiff::Span::new().days(days)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_vietnamese_money() {
        assert_eq!(parse_million("3.900"), Ok(3_900_000_000));
        assert_eq!(parse_million("3900"), Ok(3_900_000_000));
        assert_eq!(parse_million("278,5"), Ok(278_500_000));
        assert_eq!(parse_million("1.234,56"), Ok(1_234_560_000));
        assert_eq!(parse_million(" 10 862 "), Ok(10_862_000_000));
        assert_eq!(parse_million("0,5"), Ok(500_000));
        assert_eq!(parse_million(",5"), Ok(500_000));
        assert_eq!(parse_million("278.5"), Ok(278_500_000));
        assert_eq!(parse_million("4,9"), Ok(4_900_000));
        assert_eq!(parse_million("0,0000015"), Ok(2));
        assert_eq!(parse_million("-5"), Ok(-5_000_000));
        assert_eq!(parse_million("1.2.3"), Err(NumberError::Invalid));
        assert_eq!(parse_million("12.34.567"), Err(NumberError::Invalid));
        assert_eq!(parse_million("1,2,3"), Err(NumberError::Invalid));
        assert_eq!(parse_million("abc"), Err(NumberError::Invalid));
        assert_eq!(parse_million(""), Err(NumberError::Invalid));
        assert_eq!(parse_million("99999999999999999999"), Err(NumberError::TooLarge));
    }

    #[test]
    fn parses_amounts_in_any_unit_exactly() {
        assert_eq!(parse_scaled("278.500.000", 1), Ok(278_500_000));
        assert_eq!(parse_scaled("278.500", 1_000), Ok(278_500_000));
        assert_eq!(parse_scaled("1,5", 1_000_000_000), Ok(1_500_000_000));
        assert_eq!(parse_scaled("0,0000015", 1_000_000), Ok(2));
        assert_eq!(parse_scaled("0,4", 1), Ok(0));
        assert_eq!(parse_scaled("12,345678901", 1_000_000_000), Ok(12_345_678_901));
        assert_eq!(parse_scaled("9.300.000", 1_000_000_000), Ok(9_300_000_000_000_000));
        assert_eq!(parse_scaled("9.300.000.000", 1_000_000_000), Err(NumberError::TooLarge));
    }

    #[test]
    fn parses_counts() {
        assert_eq!(parse_count("368"), Ok(368));
        assert_eq!(parse_count("1.234"), Ok(1234));
        assert_eq!(parse_count("12,0"), Ok(12));
        assert_eq!(parse_count("12,5"), Err(NumberError::NotWhole));
        assert_eq!(parse_count(&format_int(i64::MIN)), Ok(i64::MIN));
        assert_eq!(parse_count("9.223.372.036.854.775.808"), Err(NumberError::TooLarge));
    }

    #[test]
    fn formats_the_vietnamese_way() {
        assert_eq!(format_int(3900), "3.900");
        assert_eq!(format_int(-1_234_567), "-1.234.567");
        assert_eq!(format_int(0), "0");
        assert_eq!(format_million(3_900_000_000), "3.900");
        assert_eq!(format_million(278_500_000), "278,5");
        assert_eq!(format_million(6_296_200_000), "6.296,2");
        assert_eq!(format_million(1), "0,000001");
        assert_eq!(format_billion(4_900_000_000, 1), "4,9");
        assert_eq!(format_billion(11_350_000_000, 1), "11,4");
        assert_eq!(format_percent(486, 1000), "48,6 %");
    }

    #[test]
    fn formats_the_english_way() {
        let en = Lang::En;
        assert_eq!(format_int_in(3900, en), "3,900");
        assert_eq!(format_int_in(-1_234_567, en), "-1,234,567");
        assert_eq!(format_int_in(0, en), "0");
        assert_eq!(format_int_in(999, en), "999");
        assert_eq!(format_int_in(i64::MIN, en), "-9,223,372,036,854,775,808");
        assert_eq!(format_million_in(3_900_000_000, en), "3,900");
        assert_eq!(format_million_in(278_500_000, en), "278.5");
        assert_eq!(format_million_in(24_543_250_000, en), "24,543.25");
        assert_eq!(format_million_in(-1_500_000, en), "-1.5");
        assert_eq!(format_million_in(1, en), "0.000001");
        assert_eq!(format_billion_in(4_900_000_000, 1, en), "4.9");
        assert_eq!(format_billion_in(15_614_000_000, 2, en), "15.61");
        assert_eq!(format_billion_in(1_234_560_000_000, 1, en), "1,234.6");
        assert_eq!(format_billion_in(-40_000_000, 1, en), "0");
        assert_eq!(format_percent_in(486, 1000, en), "48.6%");
        assert_eq!(format_percent_in(1, 0, en), "–");
        assert_eq!(format_f64_in(4000.0, 0, en), "4,000");
        assert_eq!(format_f64_in(2.25, 1, en), "2.3");
        assert_eq!(format_f64_in(f64::NAN, 1, en), "");
        // Vietnamese through the same functions, unchanged.
        assert_eq!(format_million_in(24_543_250_000, Lang::Vi), "24.543,25");
        assert_eq!(format_f64_in(4000.0, 0, Lang::Vi), "4.000");
        assert_eq!(format_percent_in(486, 1000, Lang::Vi), "48,6 %");
    }

    #[test]
    fn parses_english_money_by_its_own_convention() {
        let en = Lang::En;
        assert_eq!(parse_million_in("1,200.5", en), Ok(1_200_500_000));
        assert_eq!(parse_million_in("278.5", en), Ok(278_500_000));
        assert_eq!(parse_million_in("1200", en), Ok(1_200_000_000));
        assert_eq!(parse_million_in("3,900", en), Ok(3_900_000_000));
        assert_eq!(parse_million_in("1,234,567.891", en), Ok(1_234_567_891_000));
        assert_eq!(parse_million_in(".5", en), Ok(500_000));
        assert_eq!(parse_million_in("0", en), Ok(0));
        assert_eq!(parse_million_in("-2.5", en), Ok(-2_500_000));
        assert_eq!(parse_million_in("0.0000015", en), Ok(2));
        // The same text, each language by its own convention.
        assert_eq!(parse_million_in("1,235", en), Ok(1_235_000_000));
        assert_eq!(parse_million_in("1,235", Lang::Vi), Ok(1_235_000));
        assert_eq!(parse_million_in("1.235", en), Ok(1_235_000));
        assert_eq!(parse_million_in("1.235", Lang::Vi), Ok(1_235_000_000));
        // What English cannot read without guessing is refused.
        for bad in ["278,5", "1,2", "1.200,5", "1,20.5", "1.2.3", ",5", "1,", "1.5,0", "abc", ""] {
            assert_eq!(parse_million_in(bad, en), Err(NumberError::Invalid), "{bad}");
        }
        assert_eq!(parse_million_in("99,999,999,999,999", en), Err(NumberError::TooLarge));
        assert_eq!(parse_count_in("1,234", en), Ok(1234));
        assert_eq!(parse_count_in("12.0", en), Ok(12));
        assert_eq!(parse_count_in("12.5", en), Err(NumberError::NotWhole));
        assert_eq!(parse_count_in(&format_int_in(i64::MIN, en), en), Ok(i64::MIN));
    }

    #[test]
    fn english_text_is_kept_the_vietnamese_way_with_the_same_meaning() {
        let en = Lang::En;
        for (typed, vi) in
            [("1,200.5", "1200,5"), ("278.5", "278,5"), ("1,235", "1235"), ("-3", "-3"), ("", "")]
        {
            assert_eq!(as_vietnamese(typed, en), vi, "{typed}");
        }
        for typed in ["278,5", "1,2", "x", "1.2.3"] {
            assert_eq!(parse_million(&as_vietnamese(typed, en)), Err(NumberError::Invalid), "{typed}");
        }
        assert_eq!(parse_count(&as_vietnamese("12.5", en)), Err(NumberError::NotWhole));
        assert_eq!(as_vietnamese("1,2", Lang::Vi), "1,2");
        assert_eq!(shown_in("1.200,5", en), "1,200.5");
        assert_eq!(shown_in("1200,5", en), "1,200.5");
        assert_eq!(shown_in("abc", en), "abc");
        assert_eq!(shown_in("1.200,5", Lang::Vi), "1.200,5");
        for dong in [0, 1, 999_999, 278_500_000, 3_900_000_000, 123_456_789_012, -5_000_000] {
            assert_eq!(parse_million_in(&format_million_in(dong, en), en), Ok(dong), "{dong}");
            assert_eq!(parse_million(&as_vietnamese(&format_million_in(dong, en), en)), Ok(dong), "{dong}");
        }
    }

    #[test]
    fn english_plurals() {
        assert_eq!(plural(1, "1", "facility", "facilities"), "1 facility");
        assert_eq!(plural(0, "0", "facility", "facilities"), "0 facilities");
        assert_eq!(plural(1234, "1,234", "record", "records"), "1,234 records");
    }

    #[test]
    fn money_round_trips() {
        for dong in [0, 1, 999_999, 278_500_000, 3_900_000_000, 123_456_789_012] {
            assert_eq!(parse_million(&format_million(dong)), Ok(dong), "{dong}");
        }
    }

    #[test]
    fn parses_dates() {
        assert_eq!(parse_date("21/5/2012"), Ok(Date::new(2012, 5, 21).unwrap()));
        assert_eq!(parse_date("05/02/2023"), Ok(Date::new(2023, 2, 5).unwrap()));
        assert_eq!(parse_date("2023-02-05"), Ok(Date::new(2023, 2, 5).unwrap()));
        assert_eq!(parse_date("31/02/2023"), Err(DateError::Invalid));
        assert_eq!(parse_date("5/2/23"), Ok(Date::new(2023, 2, 5).unwrap()));
        assert_eq!(parse_date("18/04/23"), Ok(Date::new(2023, 4, 18).unwrap()));
        assert_eq!(parse_date("ngày 05 tháng 5 năm 2023"), Ok(Date::new(2023, 5, 5).unwrap()));
        assert_eq!(parse_date("Vĩnh Long, ngày 15 tháng 12 năm 2023"), Ok(Date::new(2023, 12, 15).unwrap()));
        assert_eq!(parse_date("ngày 31 tháng 2 năm 2023"), Err(DateError::Invalid));
        assert_eq!(parse_date("5/2/123"), Err(DateError::Invalid));
        assert_eq!(format_date(Date::new(2012, 5, 21).unwrap()), "21/05/2012");
        assert_eq!(date_from_excel_serial(44927.0), Some(Date::new(2023, 1, 1).unwrap()));
    }
}
