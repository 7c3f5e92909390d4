//! Numbers, money and dates written the Vietnamese way: "." groups thousands,
//! "," marks decimals ("3.900", "278,5"), dates are dd/mm/yyyy.
//! Money is kept as whole đồng in an `i64`; officers type and read it in
//! million đồng ("triệu đồng").

use jiff::civil::Date;

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
    let (negative, int_part, frac_part) = split_number(input)?;
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

/// Reads a whole number ("368", "1.234"); rejects fractions.
pub fn parse_count(input: &str) -> Result<i64, NumberError> {
    let (negative, int_part, frac_part) = split_number(input)?;
    if frac_part.bytes().any(|b| b != b'0') {
        return Err(NumberError::NotWhole);
    }
    // Wider than i64, so that -9.223.372.036.854.775.808 (whose magnitude
    // i64 cannot hold) reads back as written.
    let value: i128 = int_part.parse().map_err(|_| NumberError::TooLarge)?;
    i64::try_from(if negative { -value } else { value }).map_err(|_| NumberError::TooLarge)
}

/// Splits a Vietnamese-written number into sign, integer digits and fraction digits.
fn split_number(input: &str) -> Result<(bool, String, String), NumberError> {
    let compact: String =
        input.trim().chars().filter(|c| !matches!(c, ' ' | '\u{00A0}' | '\u{202F}' | '\'')).collect();
    let (negative, body) = match compact.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, compact.strip_prefix('+').unwrap_or(&compact)),
    };
    if body.is_empty() || !body.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',') {
        return Err(NumberError::Invalid);
    }
    let (int_raw, frac) = if body.matches(',').count() > 1 {
        return Err(NumberError::Invalid);
    } else if let Some((int_raw, frac)) = body.split_once(',') {
        (int_raw, frac)
    } else {
        let groups: Vec<&str> = body.split('.').collect();
        let thousands = groups.len() > 1
            && (1..=3).contains(&groups[0].len())
            && groups[1..].iter().all(|g| g.len() == 3);
        if thousands || groups.len() == 1 {
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
    if groups.len() > 1 && !((1..=3).contains(&groups[0].len()) && groups[1..].iter().all(|g| g.len() == 3)) {
        return Err(NumberError::Invalid);
    }
    let int_digits: String = groups.concat();
    if int_digits.is_empty() && frac.is_empty() {
        return Err(NumberError::Invalid);
    }
    let int_digits = if int_digits.is_empty() { "0".to_string() } else { int_digits };
    Ok((negative, int_digits, frac.to_string()))
}

/// A number written the Vietnamese way ("3.900", "278,5") as `lang`
/// writes it: English swaps the two separators ("3,900", "278.5").
pub fn in_lang(vi: String, lang: crate::i18n::Lang) -> String {
    match lang {
        crate::i18n::Lang::Vi => vi,
        crate::i18n::Lang::En => swap_separators(&vi),
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

/// "1.234.567" for 1234567.
pub fn format_int(value: i64) -> String {
    let digits = value.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if value < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// `numerator / denominator` written with at most `max_decimals` decimals,
/// trailing zeros dropped: format_scaled(278_500_000, 1_000_000, 6) = "278,5".
pub fn format_scaled(numerator: i64, denominator: i64, max_decimals: u32) -> String {
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
    out.push_str(&format_int(i64::try_from(int_part).unwrap_or(i64::MAX)));
    if frac_part != 0 {
        let frac = format!("{:0width$}", frac_part, width = max_decimals as usize);
        out.push(',');
        out.push_str(frac.trim_end_matches('0'));
    }
    out
}

/// Whole đồng written in million đồng, exactly: 3.900, 278,5, 0,000001.
pub fn format_million(dong: i64) -> String {
    format_scaled(dong, DONG_PER_MILLION, 6)
}

/// Whole đồng written in billion đồng ("tỷ") to at most `decimals` places: 4,9.
pub fn format_billion(dong: i64, decimals: u32) -> String {
    format_scaled(dong, DONG_PER_BILLION, decimals)
}

/// A share written as a Vietnamese percentage with one decimal: "48,6 %".
pub fn format_percent(part: i64, whole: i64) -> String {
    if whole == 0 {
        return "–".to_string();
    }
    format!("{} %", format_scaled(part.saturating_mul(100), whole, 1))
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
