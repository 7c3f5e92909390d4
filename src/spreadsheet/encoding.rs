//! The text of a CSV file, whatever Excel saved it in: UTF-8 ("CSV UTF-8"),
//! UTF-16 with tabs ("Unicode Text"), Windows-1258 ("CSV" on a Vietnamese
//! Windows), or the bytes of an old font encoding (TCVN3, VNI), which are
//! kept as Windows-1252 characters for [`super::legacy`] to convert.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, WINDOWS_1252, WINDOWS_1258};
use unicode_normalization::UnicodeNormalization;

use super::{ReadError, legacy};

/// A CSV's text and what it was decoded from (`None`: UTF-8).
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    pub from: Option<&'static str>,
}

/// The line (1-based) of a byte offset.
fn line_of(bytes: &[u8], offset: usize) -> usize {
    memchr::memchr_iter(b'\n', &bytes[..offset.min(bytes.len())]).count() + 1
}

fn decode_with(encoding: &'static Encoding, bytes: &[u8]) -> Option<String> {
    encoding.decode_without_bom_handling_and_without_replacement(bytes).map(|s| s.into_owned())
}

/// Valid multi-byte UTF-8 sequences, and the offset of the first invalid byte.
fn utf8_shape(bytes: &[u8]) -> (usize, Option<usize>) {
    let (mut valid, mut first_bad, mut rest, mut offset) = (0, None, bytes, 0);
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                valid += s.bytes().filter(|b| *b >= 0xC0).count();
                return (valid, first_bad);
            }
            Err(e) => {
                let good = e.valid_up_to();
                valid += rest[..good].iter().filter(|b| **b >= 0xC0).count();
                first_bad.get_or_insert(offset + good);
                let skip = good + e.error_len().unwrap_or(rest.len() - good).max(1);
                offset += skip;
                rest = &rest[skip.min(rest.len())..];
            }
        }
    }
}

/// UTF-16 without a byte-order mark: zero bytes on every other position.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let zero_odd = sample.chunks_exact(2).filter(|p| p[1] == 0 && p[0] != 0).count();
    let zero_even = sample.chunks_exact(2).filter(|p| p[0] == 0 && p[1] != 0).count();
    if zero_odd * 10 >= pairs * 9 {
        Some(UTF_16LE)
    } else if zero_even * 10 >= pairs * 9 {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Vietnamese written in Windows-1258: its own letters (ă ơ ư đ) or tone
/// marks after a vowel, which Latin-1 text does not have.
fn looks_like_windows_1258(text: &str) -> bool {
    let mut prev_vowel = false;
    for c in text.chars() {
        match c {
            'ă' | 'Ă' | 'ơ' | 'Ơ' | 'ư' | 'Ư' | 'đ' | 'Đ' => return true,
            '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}' if prev_vowel => return true,
            _ => {}
        }
        prev_vowel = "aeiouyâêôAEIOUYÂÊÔ".contains(c);
    }
    false
}

/// Decodes a CSV file's bytes; UTF-8 (the usual case) is taken as it is, not copied.
pub fn decode_owned(mut bytes: Vec<u8>) -> Result<Decoded, ReadError> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
        return String::from_utf8(bytes).map(|text| Decoded { text, from: None }).map_err(|e| {
            ReadError::DamagedUtf8 { line: line_of(e.as_bytes(), e.utf8_error().valid_up_to()) }
        });
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Decoded { text, from: None }),
        Err(e) => decode(e.as_bytes()),
    }
}

/// Decodes a CSV file's bytes.
pub fn decode(bytes: &[u8]) -> Result<Decoded, ReadError> {
    if bytes.starts_with(&[0xFF, 0xFE, 0, 0]) || bytes.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return Err(ReadError::OtherEncoding { found: "UTF-32".into() });
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return match std::str::from_utf8(rest) {
            Ok(s) => Ok(Decoded { text: s.to_string(), from: None }),
            Err(e) => Err(ReadError::DamagedUtf8 { line: line_of(rest, e.valid_up_to()) }),
        };
    }
    for (bom, encoding, name) in
        [(&[0xFF, 0xFE], UTF_16LE, "UTF-16 LE"), (&[0xFE, 0xFF], UTF_16BE, "UTF-16 BE")]
    {
        if let Some(rest) = bytes.strip_prefix(bom) {
            let text = decode_with(encoding, rest).ok_or(ReadError::Damaged(name.to_string()))?;
            return Ok(Decoded { text, from: Some(name) });
        }
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(Decoded { text: s.to_string(), from: None });
    }
    if memchr::memchr(0, bytes).is_some() {
        let encoding = utf16_without_bom(bytes)
            .ok_or_else(|| ReadError::OtherEncoding { found: "binary data, not text".into() })?;
        let text = decode_with(encoding, bytes).ok_or(ReadError::Damaged("UTF-16".into()))?;
        return Ok(Decoded {
            text,
            from: Some(if encoding == UTF_16LE { "UTF-16 LE" } else { "UTF-16 BE" }),
        });
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let guess = detector.guess(None, false);
    let latin_family = guess.name().starts_with("windows-125") || guess.name().starts_with("ISO-8859");
    // Text in another script (Japanese, Chinese, Russian…) that decodes cleanly is named as such.
    if !latin_family && decode_with(guess, bytes).is_some() {
        return Err(ReadError::OtherEncoding { found: guess.name().to_string() });
    }
    let (valid, first_bad) = utf8_shape(bytes);
    if valid > 0 {
        // Mostly UTF-8 with some bad bytes: damaged, not another encoding
        // (read as Windows-1258, every "ơ" would become "Æ¡").
        return Err(ReadError::DamagedUtf8 { line: line_of(bytes, first_bad.unwrap_or(0)) });
    }
    // One byte per character: Windows-1258 when its words read as Vietnamese
    // (Excel on a Vietnamese Windows), else the bytes of an old font encoding
    // when they show characters Vietnamese text cannot hold.
    let vietnamese: String = WINDOWS_1258.decode_without_bom_handling(bytes).0.nfc().collect();
    let (words, others) = legacy::vietnamese_words(&vietnamese);
    let reads_as_1258 = looks_like_windows_1258(&vietnamese) && words > 0 && others * 10 <= words;
    let latin = WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned();
    if !reads_as_1258 {
        let verdict = legacy::judge(latin.split(['\n', ',', ';', '\t']));
        if verdict.legacy.is_some() || verdict.majority.is_some() {
            return Ok(Decoded { text: latin, from: Some("Windows-1252 (TCVN3/VNI)") });
        }
    }
    if reads_as_1258 || latin_family {
        return Ok(Decoded { text: vietnamese, from: Some("Windows-1258") });
    }
    Err(ReadError::OtherEncoding { found: guess.name().to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_encodings_are_decoded() {
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Tên cơ sở\tNăm".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(&utf16).unwrap().text, "Tên cơ sở\tNăm");
        // "Cơ sở" in Windows-1258: ơ is F5, the hook above is the combining D2.
        let cp1258 = b"C\xf5 s\xf5\xd2 B\xe1nh tr\xe1ng";
        let d = decode(cp1258).unwrap();
        assert_eq!(d.text, "Cơ sở Bánh tráng");
        assert_eq!(d.from, Some("Windows-1258"));
    }

    #[test]
    fn damaged_utf8_is_not_read_as_another_encoding() {
        let mut bytes = "ten\nCơ sở ".as_bytes().to_vec();
        bytes.extend([0xC3, 0x28]);
        assert_eq!(decode(&bytes).unwrap_err(), ReadError::DamagedUtf8 { line: 2 });
    }

    #[test]
    fn other_encodings_are_named() {
        let utf32 = [0xFF, 0xFE, 0, 0, b'a', 0, 0, 0];
        assert!(matches!(decode(&utf32), Err(ReadError::OtherEncoding { .. })));
        // Japanese in Shift_JIS.
        let sjis = encoding_rs::SHIFT_JIS.encode("名前,年\n日本語のテキストです,2023\n").0.into_owned();
        match decode(&sjis) {
            Err(ReadError::OtherEncoding { found }) => assert_eq!(found, "Shift_JIS"),
            other => panic!("{other:?}"),
        }
    }
}
