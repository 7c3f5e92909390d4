//! Vietnamese text typed in the legacy 8-bit font encodings TCVN3 (ABC: ".VnTime", ".VnArial" and the
//! upper-case ".VnTimeH" fonts) and VNI-Windows ("VNI-Times"). Without the font a spreadsheet shows each
//! byte as its Windows-1252 character: "C¬ së B¸nh tr¸ng" (TCVN3), "Vónh Long" (VNI) for "Vĩnh Long".
//!
//! [`evidence`] and [`judge`] tell such text from Unicode and [`convert`] turns it into Unicode NFC.
//! Correct Unicode must never be touched, so a text only counts as legacy when it holds characters or
//! sequences that Vietnamese Unicode cannot (for TCVN3 '¬' '®' '¸'…, for VNI 'ñ' 'ö' "aù" "oâ"…, or a
//! word that is no Vietnamese syllable as it stands) and its converted words are Vietnamese syllables.

use std::ops::Range;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// A legacy Vietnamese 8-bit encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Legacy {
    /// TCVN 5712:1993 VN3, the layout of the ".VnTime" fonts (ABC).
    Tcvn3,
    /// VNI-Windows: most toned vowels are a base letter followed by a mark byte.
    Vni,
}

impl Legacy {
    /// The name users know the encoding by, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Legacy::Tcvn3 => "TCVN3 (ABC)",
            Legacy::Vni => "VNI-Windows",
        }
    }
}

// Tables, cross-checked entry by entry against these public implementations:
// - TCVN3: Unikey's VnConv (github fcitx/fcitx5-unikey, unikey/data.cpp, SingleByteTables "TCVN3"),
//   XFree86's TCVN 5712 table (github apple-open-source/macos, X11/xc/extras/X-TrueType/TCVN/TCVNtoUCS2.c),
//   xvnkb (github lamdao/xvnkb, tcvn.h) and github duydev/vietnamese-conversion (src/charsets.ts).
// - VNI-Windows: Unikey's VnConv (same file, DoubleByteTables "VNI-WIN"), xvnkb (vni.h) and
//   duydev/vietnamese-conversion (src/charsets.ts).
// All agree on the 67 lower-case and 7 upper-case TCVN3 codes and on every VNI sequence. They differ on
// upper-case toned TCVN3 letters, which VN3 lacks: XFree86 and xvnkb use the VN1 codes (0x01..=0x17,
// 0x80..=0x9F, 0xC0…), duydev writes the ASCII base and the lower-case code ("A¸" for Á), Unikey writes
// the lower-case code, as the .VnTimeH fonts expect. We follow VN3 and Unikey.

/// Windows-1252 for 0x80..=0x9F; its five unassigned bytes keep their Latin-1 (C1) code point.
const CP1252_80: [char; 32] = [
    '\u{20AC}', '\u{81}', '\u{201A}', '\u{192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}', '\u{2C6}',
    '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{8D}', '\u{17D}', '\u{8F}', '\u{90}', '\u{2018}',
    '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}', '\u{2DC}', '\u{2122}', '\u{161}',
    '\u{203A}', '\u{153}', '\u{9D}', '\u{17E}', '\u{178}',
];

/// The twelve vowels (rows named below) with their tones in the order none, sắc, huyền, hỏi, ngã, nặng.
#[rustfmt::skip]
const VOWELS: [[char; 6]; 12] = [
    ['a', 'á', 'à', 'ả', 'ã', 'ạ'], ['ă', 'ắ', 'ằ', 'ẳ', 'ẵ', 'ặ'], ['â', 'ấ', 'ầ', 'ẩ', 'ẫ', 'ậ'],
    ['e', 'é', 'è', 'ẻ', 'ẽ', 'ẹ'], ['ê', 'ế', 'ề', 'ể', 'ễ', 'ệ'], ['i', 'í', 'ì', 'ỉ', 'ĩ', 'ị'],
    ['o', 'ó', 'ò', 'ỏ', 'õ', 'ọ'], ['ô', 'ố', 'ồ', 'ổ', 'ỗ', 'ộ'], ['ơ', 'ớ', 'ờ', 'ở', 'ỡ', 'ợ'],
    ['u', 'ú', 'ù', 'ủ', 'ũ', 'ụ'], ['ư', 'ứ', 'ừ', 'ử', 'ữ', 'ự'], ['y', 'ý', 'ỳ', 'ỷ', 'ỹ', 'ỵ'],
];
const A: usize = 0;
const AW: usize = 1;
const AA: usize = 2;
const E: usize = 3;
const EE: usize = 4;
const O: usize = 6;
const OO: usize = 7;
const OW: usize = 8;
const U: usize = 9;
const UW: usize = 10;
const Y: usize = 11;

/// TCVN3 letters for the bytes 0xA0..=0xFF ('\0': no letter, the byte stays its Windows-1252 character).
#[rustfmt::skip]
const TCVN3_A0: [char; 96] = [
    '\0', 'Ă', 'Â', 'Ê', 'Ô', 'Ơ', 'Ư', 'Đ', 'ă', 'â', 'ê', 'ô', 'ơ', 'ư', 'đ', '\0', // A0
    '\0', '\0', '\0', '\0', '\0', 'à', 'ả', 'ã', 'á', 'ạ', '\0', 'ằ', 'ẳ', 'ẵ', 'ắ', '\0', // B0
    '\0', '\0', '\0', '\0', '\0', '\0', 'ặ', 'ầ', 'ẩ', 'ẫ', 'ấ', 'ậ', 'è', '\0', 'ẻ', 'ẽ', // C0
    'é', 'ẹ', 'ề', 'ể', 'ễ', 'ế', 'ệ', 'ì', 'ỉ', '\0', '\0', '\0', 'ĩ', 'í', 'ị', 'ò', // D0
    '\0', 'ỏ', 'õ', 'ó', 'ọ', 'ồ', 'ổ', 'ỗ', 'ố', 'ộ', 'ờ', 'ở', 'ỡ', 'ớ', 'ợ', 'ù', // E0
    '\0', 'ủ', 'ũ', 'ú', 'ụ', 'ừ', 'ử', 'ữ', 'ứ', 'ự', 'ỳ', 'ỷ', 'ỹ', 'ý', 'ỵ', '\0', // F0
];

/// VNI mark bytes in lower-case form (the upper-case form is the byte − 0x20): (byte, shape, tone), where
/// shape 0 adds only the tone, 1 also a circumflex (to a e o), 2 a breve (to a).
#[rustfmt::skip]
const VNI_MARKS: [(u8, u8, u8); 17] = [
    (0xF9, 0, 1), (0xF8, 0, 2), (0xFB, 0, 3), (0xF5, 0, 4), (0xEF, 0, 5),
    (0xE2, 1, 0), (0xE1, 1, 1), (0xE0, 1, 2), (0xE5, 1, 3), (0xE3, 1, 4), (0xE4, 1, 5),
    (0xEA, 2, 0), (0xE9, 2, 1), (0xE8, 2, 2), (0xFA, 2, 3), (0xFC, 2, 4), (0xEB, 2, 5),
];

/// VNI letters of one byte; Ơ ơ (0xD4 0xF4) and Ư ư (0xD6 0xF6) also take marks.
#[rustfmt::skip]
const VNI_ONE: [(u8, char); 18] = [
    (0xD1, 'Đ'), (0xF1, 'đ'), (0xCD, 'Í'), (0xED, 'í'), (0xCC, 'Ì'), (0xEC, 'ì'), (0xC6, 'Ỉ'), (0xE6, 'ỉ'),
    (0xD3, 'Ĩ'), (0xF3, 'ĩ'), (0xD2, 'Ị'), (0xF2, 'ị'), (0xCE, 'Ỵ'), (0xEE, 'ỵ'), (0xD4, 'Ơ'), (0xF4, 'ơ'),
    (0xD6, 'Ư'), (0xF6, 'ư'),
];

/// [`VNI_MARKS`] by byte, both cases: shape * 8 + tone + 1, 0 for no mark.
const VNI_MARK: [u8; 256] = {
    let mut t = [0; 256];
    let mut i = 0;
    while i < VNI_MARKS.len() {
        let (b, shape, tone) = VNI_MARKS[i];
        t[b as usize] = shape * 8 + tone + 1;
        t[(b - 0x20) as usize] = shape * 8 + tone + 1;
        i += 1;
    }
    t
};

/// [`VNI_ONE`] by byte, '\0' for none.
const VNI_LETTER: [char; 256] = {
    let mut t = ['\0'; 256];
    let mut i = 0;
    while i < VNI_ONE.len() {
        t[VNI_ONE[i].0 as usize] = VNI_ONE[i].1;
        i += 1;
    }
    t
};

/// How a spreadsheet shows a legacy byte without the legacy font.
fn cp1252(b: u8) -> char {
    match b {
        0x80..=0x9F => CP1252_80[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

fn legacy_byte(c: char) -> Option<u8> {
    match u8::try_from(u32::from(c)) {
        Ok(b) => Some(b),
        Err(_) => CP1252_80.iter().position(|&x| x == c).and_then(|i| u8::try_from(0x80 + i).ok()),
    }
}

fn tcvn3(b: u8) -> Option<char> {
    let c = *TCVN3_A0.get(usize::from(b).checked_sub(0xA0)?)?;
    (c != '\0').then_some(c)
}

fn upper(c: char) -> char {
    c.to_uppercase().next().unwrap_or(c)
}

/// (vowel row + 1, tone) by code point from `first`, both cases, so that reading a letter costs one
/// lookup. Upper case is 0x20 below in Latin-1, one below elsewhere.
const fn vowel_table<const N: usize>(first: usize) -> [(u8, u8); N] {
    let mut t = [(0, 0); N];
    let mut i = 0;
    while i < 72 {
        let c = VOWELS[i / 6][i % 6] as usize;
        let up = if c < 0x100 { c - 0x20 } else { c - 1 };
        let entry = ((i / 6 + 1) as u8, (i % 6) as u8);
        if c >= 0x80 && c >= first && c < first + N {
            (t[c - first], t[up - first]) = (entry, entry);
        }
        i += 1;
    }
    t
}
const VOWEL_C0: [(u8, u8); 0xF1] = vowel_table(0xC0);
const VOWEL_1EA0: [(u8, u8); 0x5A] = vowel_table(0x1EA0);

/// A Vietnamese letter (or other ASCII letter) as (lower-case base letter, tone 0..=5).
fn split_letter(c: char) -> Option<(char, usize)> {
    let code = c as usize;
    let at = match code {
        0xC0..=0x1B0 => VOWEL_C0[code - 0xC0],
        0x1EA0..=0x1EF9 => VOWEL_1EA0[code - 0x1EA0],
        _ => (0, 0),
    };
    match (at, c) {
        ((1.., tone), _) => Some((VOWELS[usize::from(at.0) - 1][0], usize::from(tone))),
        (_, 'A'..='Z' | 'a'..='z') => Some((c.to_ascii_lowercase(), 0)),
        (_, 'Đ' | 'đ') => Some(('đ', 0)),
        _ => None,
    }
}

/// Letters that only Unicode has: they prove a text is not a legacy one.
fn is_unicode_vietnamese(c: char) -> bool {
    matches!(
        c,
        'Ă' | 'ă' | 'Đ' | 'đ' | 'Ĩ' | 'ĩ' | 'Ũ' | 'ũ' | 'Ơ' | 'ơ' | 'Ư' | 'ư' | '\u{1EA0}'..='\u{1EF9}'
    ) || matches!(c, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}')
}

/// The legacy bytes a cell's text stands for: each char mapped back through Windows-1252 (and
/// U+0080..=U+00FF taken as Latin-1 bytes). None when any char cannot come from a legacy byte.
pub fn legacy_bytes(text: &str) -> Option<Vec<u8>> {
    text.chars().map(legacy_byte).collect()
}

/// One decoded character and the byte range it came from.
#[derive(Clone, Copy)]
struct Unit {
    ch: char,
    start: usize,
    end: usize,
    flags: u8,
}
/// From bytes that Vietnamese Unicode cannot hold there ('¬' in TCVN3, "aù" in VNI).
const SUS: u8 = 1;
/// A TCVN3 lower-case code: the .VnTimeH fonts show it in upper case, so its case is unknown.
const CASELESS: u8 = 2;
/// A TCVN3 toned letter, which has no upper-case code at all.
const TONED: u8 = 4;
/// From a byte 0x80 or above.
const HIGH: u8 = 8;

impl Unit {
    fn caseful(&self) -> bool {
        self.flags & CASELESS == 0 && self.ch.is_alphabetic()
    }
}

fn decode_units(legacy: Legacy, bytes: &[u8]) -> Vec<Unit> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let one = |ch: char, flags: u8| Unit { ch, start: i, end: i + 1, flags: flags | ((b >> 7) * HIGH) };
        let sus = |ch: char| if split_letter(cp1252(b)).is_some() { one(ch, 0) } else { one(ch, SUS) };
        let unit = match legacy {
            Legacy::Tcvn3 => match tcvn3(b) {
                Some(ch) if b >= 0xB5 => Unit { flags: sus(ch).flags | CASELESS | TONED, ..one(ch, 0) },
                Some(ch) if b >= 0xA8 => Unit { flags: sus(ch).flags | CASELESS, ..one(ch, 0) },
                Some(ch) => sus(ch),
                None => one(cp1252(b), 0),
            },
            Legacy::Vni => match vni_pair(b, bytes.get(i + 1).copied()) {
                Some((ch, flags)) => Unit { ch, start: i, end: i + 2, flags: flags | HIGH },
                None if VNI_LETTER[usize::from(b)] != '\0' => sus(VNI_LETTER[usize::from(b)]),
                None => one(cp1252(b), 0),
            },
        };
        i = unit.end;
        out.push(unit);
    }
    out
}

/// A VNI base letter and the mark byte after it, combined.
fn vni_pair(b: u8, mark: Option<u8>) -> Option<(char, u8)> {
    let row = match b | 0x20 {
        b'a' => A,
        b'e' => E,
        b'o' => O,
        b'u' => U,
        b'y' => Y,
        0xF4 => OW,
        0xF6 => UW,
        _ => return None,
    };
    // Upper-case base with a lower-case mark comes from Excel's PROPER ("Aùnh"); the reverse never
    // comes from VNI, but often from TCVN3 ("khuyÕn").
    let mark = mark.filter(|&m| b & 0x20 == 0 || m >= 0xE0)?;
    let code = VNI_MARK[usize::from(mark)].checked_sub(1)?;
    let (shape, tone) = (code / 8, usize::from(code % 8));
    let row = match (shape, row) {
        (0, _) => row,
        (1, A) => AA,
        (1, E) => EE,
        (1, O) => OO,
        (2, A) => AW,
        _ => return None,
    };
    let ch = if b & 0x20 == 0 { upper(VOWELS[row][tone]) } else { VOWELS[row][tone] };
    // Unicode can hold "oá" "oà" "oã" (old-style hoá, hoà) and "oõ" (an "oo" rime): they prove nothing.
    let unicode_too =
        (row == OO && matches!(tone, 1 | 2 | 4)) || (b | 0x20 == b'o' && shape == 0 && tone == 4);
    Some((ch, if unicode_too { 0 } else { SUS }))
}

/// Runs of letters; with `camel`, also split where a lower-case letter meets an upper-case one.
fn words(units: &[Unit], camel: bool) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        while units.get(i).is_some_and(|u| !u.ch.is_alphabetic()) {
            i += 1;
        }
        let start = i;
        while let Some(u) = units.get(i).filter(|u| u.ch.is_alphabetic()) {
            let prev = i.checked_sub(1).and_then(|p| units.get(p)).filter(|_| i > start && camel);
            if prev.is_some_and(|p| p.caseful() && p.ch.is_lowercase() && u.caseful() && u.ch.is_uppercase())
            {
                break;
            }
            i += 1;
        }
        (i > start).then_some(start..i)
    })
}

/// TCVN3 has no upper-case toned letters: .VnTimeH headers reuse the lower-case codes. A caseless letter
/// is written in upper case when its word's other letters are all upper case, unless the only one is the
/// word's first letter (then the text must be all capitals: "Hµ Néi" is "Hà Nội", "§Ò ¸N" is "ĐỀ ÁN").
/// Otherwise it stays as the officer saw it in .VnTime, in lower case: "NguyÔn ThÞ ¸nh" is
/// "Nguyễn Thị ánh", "Sè 156, Êp Mü ThuËn" is "Số 156, ấp Mỹ Thuận" (capitalising would be a guess).
fn tcvn3_case(units: &mut [Unit]) {
    let count = |u: &[Unit], up: bool| u.iter().filter(|u| u.caseful() && u.ch.is_uppercase() == up).count();
    let all_caps = count(units, true) >= 2 && count(units, false) == 0;
    let ranges: Vec<_> = words(units, false).collect();
    for w in ranges {
        let word = &mut units[w];
        let (up, low) = (count(word, true), count(word, false));
        let first_only = up == 1 && word[0].caseful();
        if low == 0 && ((up > 0 && !first_only) || all_caps) {
            for u in word.iter_mut().filter(|u| u.flags & CASELESS != 0) {
                u.ch = upper(u.ch);
            }
        }
    }
}

/// Text decoded from legacy bytes, NFC. Bytes that are not part of the encoding's Vietnamese letters
/// stay as their Windows-1252 character.
pub fn decode_bytes(legacy: Legacy, bytes: &[u8]) -> String {
    let mut units = decode_units(legacy, bytes);
    if legacy == Legacy::Tcvn3 {
        tcvn3_case(&mut units);
    }
    let text: String = units.iter().map(|u| u.ch).collect();
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => text,
        _ => text.nfc().collect(),
    }
}

/// A cell's text converted (via [`legacy_bytes`] and [`decode_bytes`]); None when it cannot be legacy text.
pub fn convert(legacy: Legacy, text: &str) -> Option<String> {
    legacy_bytes(text).map(|bytes| decode_bytes(legacy, &bytes))
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Syllable {
    Valid,
    NoVowel,
    Invalid,
}

/// Initial consonants of two or three letters (ASCII, so byte length is letter count).
const INITIALS: [&str; 11] = ["ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr"];
/// Vowel clusters and their final consonant: 0 none, 1 optional, 2 required.
#[rustfmt::skip]
const CLUSTERS: [(&str, u8); 54] = [
    ("a", 1), ("ă", 2), ("â", 2), ("e", 1), ("ê", 1), ("i", 1), ("o", 1), ("ô", 1), ("ơ", 1), ("u", 1),
    ("ư", 1), ("y", 1), ("ai", 0), ("ao", 0), ("au", 0), ("ay", 0), ("âu", 0), ("ây", 0), ("eo", 0),
    ("êu", 0), ("ia", 0), ("iê", 2), ("iu", 0), ("oa", 1), ("oă", 2), ("oe", 1), ("oi", 0), ("oo", 2),
    ("ôi", 0), ("ơi", 0), ("ua", 0), ("uâ", 2), ("uê", 1), ("ui", 0), ("uô", 2), ("uơ", 0), ("uy", 1),
    ("ưa", 0), ("ưi", 0), ("ươ", 2), ("ưu", 0), ("yê", 2), ("iêu", 0), ("yêu", 0), ("oai", 0), ("oay", 0),
    ("oeo", 0), ("uây", 0), ("uôi", 0), ("ươi", 0), ("ươu", 0), ("uya", 0), ("uyê", 2), ("uyu", 0),
];

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'ă' | 'â' | 'e' | 'ê' | 'i' | 'o' | 'ô' | 'ơ' | 'u' | 'ư' | 'y')
}

fn is(letters: &[char], s: &str) -> bool {
    letters.iter().copied().eq(s.chars())
}

/// Whether a word is one Vietnamese syllable: letters of the alphabet, at most one tone, a known
/// initial, vowel cluster and final, and the tones a stop final (c ch p t) allows.
fn syllable(word: impl Iterator<Item = char>) -> Syllable {
    let (mut letters, mut n, mut tone, mut tones, mut at) = (['\0'; 8], 0, 0, 0, 0);
    for c in word {
        let (Some((base, t)), Some(slot)) = (split_letter(c), letters.get_mut(n)) else {
            return Syllable::Invalid;
        };
        if t > 0 {
            (tone, tones, at) = (t, tones + 1, n);
        }
        *slot = base;
        n += 1;
    }
    let s = &letters[..n];
    if !s.iter().any(|&c| is_vowel(c)) {
        return Syllable::NoVowel;
    }
    let after = |k: usize| s.get(k).is_some_and(|&c| is_vowel(c));
    let initial =
        INITIALS.iter().find(|i| s.len() >= i.len() && s.iter().zip(i.chars()).all(|(&a, b)| a == b));
    let k = match initial {
        Some(&"gi") if !after(2) => 1,
        Some(i) => i.len(),
        None if s.first().is_some_and(|&c| "bcdđghklmnprstvx".contains(c)) => 1,
        None if after(0) => 0,
        None => return Syllable::Invalid,
    };
    let v = k + s[k..].iter().take_while(|&&c| is_vowel(c)).count();
    let (cluster, fin) = (&s[k..v], &s[v..]);
    let Some(&(_, need)) = CLUSTERS.iter().find(|(c, _)| is(cluster, c)) else { return Syllable::Invalid };
    // "oo" only in loanwords (xoong, soóc, goòng); final k only in highland names (Đắk Lắk).
    let known = ["", "c", "ch", "m", "n", "ng", "nh", "p", "t"].iter().any(|f| is(fin, f))
        && (!is(cluster, "oo") || (is(fin, "c") || is(fin, "ng")) && tone < 3)
        || is(fin, "k") && is(cluster, "ă");
    let stop = ["c", "ch", "p", "t", "k"].iter().any(|f| is(fin, f));
    let last = cluster.last().copied().unwrap_or('a');
    // The tone sits on the (last) vowel with a hat or horn, else on the last vowel before a final, else
    // on the first vowel, on either in oa oe uy oo (old and new style), on the middle one of three.
    let hat = cluster.iter().rposition(|c| "ăâêôơư".contains(*c));
    let tone_ok = tone == 0
        || at.checked_sub(k).is_some_and(|p| match hat {
            Some(h) => p == h,
            None if !fin.is_empty() => p + 1 == cluster.len(),
            None if ["oa", "oe", "uy", "oo"].iter().any(|c| is(cluster, c)) => p <= 1,
            None => p == usize::from(cluster.len() == 3),
        });
    let ok = tones <= 1
        && tone_ok
        && known
        && (need != 0 || fin.is_empty())
        && (need != 2 || !fin.is_empty())
        && (!stop || matches!(tone, 1 | 5))
        && (!(is(fin, "ch") || is(fin, "nh")) || matches!(last, 'a' | 'ê' | 'i' | 'y'))
        && (!(is(fin, "c") || is(fin, "ng")) || !(is(cluster, "ơ") || is(cluster, "i")));
    if ok { Syllable::Valid } else { Syllable::Invalid }
}

/// The words of a (Unicode, NFC) text with letters beyond ASCII, as
/// (valid Vietnamese syllables, other words): how Vietnamese a decoding reads.
pub fn vietnamese_words(text: &str) -> (usize, usize) {
    let (mut valid, mut invalid) = (0, 0);
    for word in text.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_ascii()) {
        match syllable(word.chars()) {
            Syllable::Valid => valid += 1,
            Syllable::Invalid => invalid += 1,
            Syllable::NoVowel => {}
        }
    }
    (valid, invalid)
}

/// How the words of a text read in one encoding, and as they stand.
#[derive(Default, Clone, Copy)]
struct Tally {
    valid: i32,
    invalid: i32,
    /// Valid words of two letters or more that cannot be Unicode as they stand.
    strong: i32,
    /// Valid words with characters or sequences Vietnamese Unicode cannot hold.
    sus: i32,
    unicode_valid: i32,
    unicode_invalid: i32,
}

fn tally(legacy: Legacy, bytes: &[u8]) -> Tally {
    let units = decode_units(legacy, bytes);
    let mut t = Tally::default();
    for w in words(&units, true) {
        let word = &units[w];
        let (Some(first), Some(last)) = (word.first(), word.last()) else { continue };
        if word.iter().all(|u| u.flags & HIGH == 0) {
            continue;
        }
        let as_is = bytes.get(first.start..last.end).unwrap_or_default();
        let unicode = syllable(as_is.iter().map(|&b| cp1252(b)));
        match syllable(word.iter().map(|u| u.ch)) {
            Syllable::Valid => {
                t.valid += 1;
                let sus = word.iter().any(|u| u.flags & SUS != 0);
                t.sus += i32::from(sus);
                t.strong += i32::from(word.len() >= 2 && (sus || unicode == Syllable::Invalid));
            }
            Syllable::Invalid => t.invalid += 1,
            Syllable::NoVowel => {}
        }
        t.unicode_valid += i32::from(unicode == Syllable::Valid);
        t.unicode_invalid += i32::from(unicode == Syllable::Invalid);
    }
    t
}

/// Legacy evidence per encoding: some strong word and no more invalid words than valid ones; when both
/// encodings qualify, the one whose reading has more valid words wins, then the one that explains more
/// characters Unicode cannot hold (both stay when they tie).
fn verdict(t: &[Tally; 2]) -> (bool, bool) {
    let ok = |t: &Tally| t.strong > 0 && t.invalid <= t.valid;
    let score = |t: &Tally| (t.valid - t.invalid, t.sus, t.strong);
    match (ok(&t[0]), ok(&t[1])) {
        (true, true) if score(&t[0]) != score(&t[1]) => {
            (score(&t[0]) > score(&t[1]), score(&t[1]) > score(&t[0]))
        }
        both => both,
    }
}

/// What one text says about its encoding.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Evidence {
    /// Holds letters only Unicode has (ơ ư đ ạ…): it is Unicode, whatever else it holds.
    pub unicode: bool,
    /// Reads as Vietnamese in TCVN3 where it cannot be Unicode.
    pub tcvn3: bool,
    /// Reads as Vietnamese in VNI where it cannot be Unicode (both are set when the two tie).
    pub vni: bool,
}

impl Evidence {
    fn points_to(self, legacy: Legacy) -> bool {
        match legacy {
            Legacy::Tcvn3 => self.tcvn3,
            Legacy::Vni => self.vni,
        }
    }
}

/// A text's legacy bytes and how its words read in TCVN3 and in VNI.
type Readings = (Vec<u8>, [Tally; 2]);

/// Reads a text both ways; None for texts that cannot be legacy (ASCII, Unicode-only letters, emoji…).
fn analyse(text: &str) -> (Evidence, Option<Readings>) {
    if text.is_ascii() {
        return (Evidence::default(), None);
    }
    if text.chars().any(is_unicode_vietnamese) {
        return (Evidence { unicode: true, ..Evidence::default() }, None);
    }
    let Some(bytes) = legacy_bytes(text) else { return (Evidence::default(), None) };
    let tallies = [tally(Legacy::Tcvn3, &bytes), tally(Legacy::Vni, &bytes)];
    let (tcvn3, vni) = verdict(&tallies);
    (Evidence { unicode: false, tcvn3, vni }, Some((bytes, tallies)))
}

/// What one text says about its encoding. ASCII-only text returns at once, without allocating.
pub fn evidence(text: &str) -> Evidence {
    analyse(text).0
}

/// The decision for a column (or any set of texts): which legacy encoding, if any, its texts are in,
/// and how sure (counts of texts that showed each kind of evidence).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnVerdict {
    /// Set only when some text has legacy evidence and none has Unicode evidence.
    pub legacy: Option<Legacy>,
    /// The encoding most texts with legacy evidence point to, also in a mixed column; None on a tie.
    pub majority: Option<Legacy>,
    /// Texts with legacy evidence (either encoding).
    pub legacy_texts: usize,
    /// Texts with Unicode evidence.
    pub unicode_texts: usize,
    /// Both kinds of evidence occur: convert text by text with [`ColumnVerdict::convert`].
    pub mixed: bool,
}

/// Judges a column from the evidence of each of its texts (ASCII cells cost next to nothing).
pub fn judge<'a>(texts: impl IntoIterator<Item = &'a str>) -> ColumnVerdict {
    let (mut legacy_texts, mut unicode_texts, mut tcvn3, mut vni) = (0, 0, 0, 0);
    for text in texts {
        let e = evidence(text);
        unicode_texts += usize::from(e.unicode);
        legacy_texts += usize::from(e.tcvn3 || e.vni);
        tcvn3 += usize::from(e.tcvn3);
        vni += usize::from(e.vni);
    }
    let majority = match tcvn3.cmp(&vni) {
        std::cmp::Ordering::Greater => Some(Legacy::Tcvn3),
        std::cmp::Ordering::Less => Some(Legacy::Vni),
        std::cmp::Ordering::Equal => None,
    };
    let legacy = majority.filter(|_| unicode_texts == 0);
    ColumnVerdict {
        legacy,
        majority,
        legacy_texts,
        unicode_texts,
        mixed: legacy_texts > 0 && unicode_texts > 0,
    }
}

impl ColumnVerdict {
    /// One text of the judged column converted, or None to keep it as it is. Texts with Unicode evidence
    /// are never touched. A text with legacy evidence is converted with the column's encoding when it
    /// points there or reads as Vietnamese in it (short texts can mislead), else with the one it points to.
    /// A text without evidence is converted only under a legacy verdict, and only when that makes more of
    /// its words Vietnamese syllables: "Cã" (TCVN3 "Có") is a tie and stays, as it may well be Unicode.
    pub fn convert(&self, text: &str) -> Option<String> {
        let (e, Some((bytes, tallies))) = analyse(text) else { return None };
        let tally = |l: Legacy| tallies[usize::from(l == Legacy::Vni)];
        let fits = |l: Legacy| tally(l).valid > 0 && tally(l).invalid <= tally(l).valid;
        let pick = match (e.tcvn3, e.vni, self.legacy.or(self.majority)) {
            (false, false, _) => {
                let t = tally(self.legacy?);
                self.legacy.filter(|_| t.valid - t.invalid > t.unicode_valid - t.unicode_invalid)?
            }
            (_, _, Some(column)) if e.points_to(column) || fits(column) => column,
            (true, false, _) => Legacy::Tcvn3,
            (false, true, _) => Legacy::Vni,
            (true, true, _) => return None,
        };
        Some(decode_bytes(pick, &bytes)).filter(|out| out != text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Unicode → TCVN3 bytes → Windows-1252 characters, upper-case toned letters on lower-case codes (the
    /// .VnTimeH way); None when some character has no TCVN3 form.
    fn tcvn3_encode(s: &str) -> Option<String> {
        let code = |c: char| TCVN3_A0.iter().position(|&x| x == c).map(|i| 0xA0 + i as u8);
        let mut out = String::new();
        for c in s.nfc() {
            let b = match code(c).or_else(|| code(c.to_lowercase().next()?)) {
                Some(b) => b,
                None => Some(legacy_byte(c)?).filter(|&b| c.is_ascii() || tcvn3(b).is_none())?,
            };
            out.push(cp1252(b));
        }
        Some(out)
    }

    /// Unicode → VNI-Windows bytes → Windows-1252 characters; None when some character has no VNI form.
    fn vni_encode(s: &str) -> Option<String> {
        let mut out = String::new();
        for c in s.nfc() {
            let up = c.is_uppercase();
            let case = |b: u8| if up { b - 0x20 } else { b };
            match (split_letter(c), VNI_ONE.iter().find(|&&(_, x)| x == c)) {
                (_, Some(&(b, _))) => out.push(cp1252(b)),
                (Some((base, tone)), None) if !c.is_ascii() => {
                    let (letter, shape) = match base {
                        'â' => (b'a', 1),
                        'ê' => (b'e', 1),
                        'ô' => (b'o', 1),
                        'ă' => (b'a', 2),
                        'ơ' => (0xF4, 0),
                        'ư' => (0xF6, 0),
                        other => (u8::try_from(other).ok()?, 0),
                    };
                    let mark = VNI_MARKS.iter().find(|m| m.1 == shape && usize::from(m.2) == tone)?.0;
                    out.push(cp1252(if up { letter & !0x20 } else { letter }));
                    out.push(cp1252(case(mark)));
                }
                _ => {
                    let b = legacy_byte(c)?;
                    if b >= 0x80 && (VNI_MARK[usize::from(b)] != 0 || VNI_LETTER[usize::from(b)] != '\0') {
                        return None;
                    }
                    out.push(cp1252(b));
                }
            }
        }
        Some(out)
    }

    fn encode(legacy: Legacy, s: &str) -> Option<String> {
        match legacy {
            Legacy::Tcvn3 => tcvn3_encode(s),
            Legacy::Vni => vni_encode(s),
        }
    }

    /// The 146 Vietnamese letters (134 of them outside ASCII), lower case then upper case.
    fn letters() -> Vec<char> {
        let lower: Vec<char> = VOWELS.iter().flatten().copied().chain(['đ']).collect();
        lower.iter().copied().chain(lower.iter().map(|&c| upper(c))).collect()
    }

    const BOTH: [Legacy; 2] = [Legacy::Tcvn3, Legacy::Vni];

    #[test]
    fn every_letter_round_trips() {
        let letters = letters();
        assert_eq!(letters.iter().filter(|c| !c.is_ascii()).count(), 134);
        for &c in &letters {
            let (base, tone) = split_letter(c).unwrap_or_default();
            let row = VOWELS.iter().find(|r| r[0] == base).map_or(base, |r| r[tone]);
            assert_eq!(Some(row), c.to_lowercase().next(), "{c}");
        }
        for legacy in BOTH {
            for &c in &letters {
                // An upper-case toned TCVN3 letter needs an upper-case word around it.
                let s =
                    if legacy == Legacy::Tcvn3 && c.is_uppercase() { format!("{c}N") } else { c.to_string() };
                let e = encode(legacy, &s).unwrap_or_else(|| panic!("{legacy:?} cannot write {c}"));
                assert_eq!(convert(legacy, &e), Some(s.clone()), "{legacy:?} {c} as {e:?}");
            }
        }
        assert_eq!(decode_bytes(Legacy::Tcvn3, &[0xB8]), "á", "alone, a toned TCVN3 letter stays lower case");
        assert_eq!(
            convert(Legacy::Vni, "Aù Oâng Ñoàng").as_deref(),
            Some("Á Ông Đồng"),
            "case from the base"
        );
    }

    #[test]
    fn tables_match_the_sources() {
        // The lower-case letters in xvnkb's order (tcvn.h, vni.h): a â ă e ê o ô ơ u ư i y đ.
        let unicode = "aáàảãạâấầẩẫậăắằẳẵặeéèẻẽẹêếềểễệoóòỏõọôốồổỗộơớờởỡợuúùủũụưứừửữựiíìỉĩịyýỳỷỹỵđ";
        let tcvn3 = "a¸µ¶·¹©ÊÇÈÉË¨¾»¼½ÆeÐÌÎÏÑªÕÒÓÔÖoãßáâä«èåæçé¬íêëìîuóïñòô\u{AD}øõö÷ùiÝ×ØÜÞyýúûüþ®";
        assert_eq!(convert(Legacy::Tcvn3, tcvn3).as_deref(), Some(unicode));
        assert_eq!(convert(Legacy::Tcvn3, "¡¢£¤¥¦§").as_deref(), Some("ĂÂÊÔƠƯĐ"));
        let vni = "a aù aø aû aõ aï aâ aá aà aå aã aä aê aé aè aú aü aë e eù eø eû eõ eï eâ eá eà eå eã eä \
                   o où oø oû oõ oï oâ oá oà oå oã oä ô ôù ôø ôû ôõ ôï u uù uø uû uõ uï ö öù öø öû öõ öï \
                   i í ì æ ó ò y yù yø yû yõ î ñ";
        let spaced: String = unicode.chars().flat_map(|c| [c, ' ']).collect();
        assert_eq!(convert(Legacy::Vni, vni), Some(spaced.trim_end().to_string()));
        assert_eq!(convert(Legacy::Vni, &vni.to_uppercase()), Some(spaced.trim_end().to_uppercase()));
    }

    #[test]
    fn anchors() {
        let tcvn3 = [(0xAC, "ơ"), (0xEB, "ở"), (0xB8, "á"), (0xDC, "ĩ"), (0xAE, "đ"), (0xA7, "Đ")];
        for (b, s) in tcvn3 {
            assert_eq!(decode_bytes(Legacy::Tcvn3, &[b]), s);
        }
        for (v, s) in [("ó", "ĩ"), ("ô", "ơ"), ("ôû", "ở"), ("aù", "á"), ("ñ", "đ"), ("Ñ", "Đ"), ("ö", "ư")]
        {
            assert_eq!(convert(Legacy::Vni, v).as_deref(), Some(s));
        }
        assert_eq!(convert(Legacy::Tcvn3, "C¬ së B¸nh tr¸ng").as_deref(), Some("Cơ sở Bánh tráng"));
        assert_eq!(convert(Legacy::Tcvn3, "VÜnh Long").as_deref(), Some("Vĩnh Long"));
        assert_eq!(convert(Legacy::Vni, "Vónh Long").as_deref(), Some("Vĩnh Long"));
        for (text, legacy) in [("C¬ së B¸nh tr¸ng", Legacy::Tcvn3), ("VÜnh Long", Legacy::Tcvn3)] {
            assert_eq!(judge([text]).legacy, Some(legacy), "{text}");
        }
        assert_eq!(judge(["Vónh Long", "Cô sôû Baùnh traùng"]).legacy, Some(Legacy::Vni));
        assert_eq!(Legacy::Tcvn3.name(), "TCVN3 (ABC)");
        assert_eq!(Legacy::Vni.name(), "VNI-Windows");
    }

    #[test]
    fn tcvn3_headers_and_case() {
        let cases = [
            ("DANH S¸CH §Ò ¸N KHUYÕN C¤NG N¡M 2023", "DANH SÁCH ĐỀ ÁN KHUYẾN CÔNG NĂM 2023"),
            ("Tªn c¬ së", "Tên cơ sở"),
            ("TR¦êNG", "TRƯỜNG"),
            ("Hµ Néi", "Hà Nội"),
            ("Hµ NéI", "HÀ NỘI"),
            ("Lª V¨n Hïng", "Lê Văn Hùng"),
            ("NguyÔn ThÞ ¸nh", "Nguyễn Thị ánh"),
            ("Sè 156, Êp Mü ThuËn", "Số 156, ấp Mỹ Thuận"),
            ("§¸ ong", "Đá ong"),
            // Known limit: inside a sentence a capital toned initial cannot be told from a small one.
            ("C¬ së ¸nh D\u{AD}¬ng", "Cơ sở ánh Dương"),
        ];
        for (tcvn3, unicode) in cases {
            assert_eq!(convert(Legacy::Tcvn3, tcvn3).as_deref(), Some(unicode));
            assert!(evidence(tcvn3).tcvn3 && !evidence(tcvn3).vni, "{tcvn3}");
        }
    }

    #[test]
    fn mixed_column() {
        let column = ["Cơ sở Bánh tráng", "C¬ së B¸nh tr¸ng", "Tªn c¬ së", "TX Bình Minh", "123", ""];
        let v = judge(column);
        assert_eq!((v.legacy, v.majority, v.mixed), (None, Some(Legacy::Tcvn3), true));
        assert_eq!((v.legacy_texts, v.unicode_texts), (2, 1));
        let out: Vec<_> = column.iter().map(|t| v.convert(t)).collect();
        let want = [None, Some("Cơ sở Bánh tráng"), Some("Tên cơ sở"), None, None, None];
        assert_eq!(out.iter().map(Option::as_deref).collect::<Vec<_>>(), want);
        // "uû" alone reads best as TCVN3 "uỷ"; in a VNI column it is "ủ". A TCVN3 text stays TCVN3.
        let v = judge(["Vónh Long", "Cô sôû Baùnh traùng", "Nguyeãn Vaên A", "uû", "C¬ së"]);
        assert_eq!((v.legacy, v.majority), (Some(Legacy::Vni), Some(Legacy::Vni)));
        assert_eq!(evidence("uû"), Evidence { unicode: false, tcvn3: true, vni: false });
        assert_eq!((v.convert("uû").as_deref(), v.convert("C¬ së").as_deref()), (Some("ủ"), Some("Cơ sở")));
    }

    /// Vietnamese names, titles, products and places from src/workbook/sample.rs, benches/scale.rs and
    /// tests/*.rs (strings with Vietnamese letters, UI messages and file names left out).
    #[rustfmt::skip]
    const NAMES: &[&str] = &[
        "hơn 11 tỷ đồng", "TP Vĩnh Long", "Phường 1", "Phường 8", "Phường Tân Ngãi", "Phường Trường An",
        "TX Bình Minh", "Phường Cái Vồn", "Phường Thành Phước", "Xã Đông Thành", "Bình Tân", "Xã Tân Quới",
        "Xã Thành Lợi", "Xã Tân Lược", "Long Hồ", "Xã Long Phước", "Xã Phước Hậu", "Xã Lộc Hòa",
        "Xã Thanh Đức", "Mang Thít", "Xã Mỹ An", "Xã Nhơn Phú", "Xã Hòa Tịnh", "Thị trấn Cái Nhum",
        "Tam Bình", "Xã Song Phú", "Xã Tường Lộc", "Thị trấn Tam Bình", "Trà Ôn", "Xã Hựu Thành",
        "Xã Thiện Mỹ", "Thị trấn Trà Ôn", "Vũng Liêm", "Xã Trung Thành", "Xã Hiếu Phụng",
        "Thị trấn Vũng Liêm", "Phường Phước Hậu", "Phường Long Châu", "Xã Cái Nhum", "Xã Trà Ôn",
        "Phường Bình Minh", "Minh Phát", "Thành Đạt", "Hồng Phúc", "Tân Tiến", "Phú Quý", "Kim Ngân",
        "Hoàng Long", "Bảy Lành", "Út Hiền", "Tư Sáng", "Ngọc Hân", "Sáu Mến", "Phước Lộc", "Thanh Tâm",
        "Hữu Nghĩa", "Mỹ Duyên", "Quốc Thái", "Ba Tâm", "Thiện Tâm", "Tám Lợi", "Vạn Thành", "Gia Bảo",
        "bánh tráng", "Bánh tráng", "bánh phồng", "Bánh phồng", "kẹo dừa", "Kẹo dừa", "trái cây sấy",
        "Chôm chôm sấy dẻo", "xay xát lúa gạo", "Gạo sạch", "nước mắm", "Nước mắm", "may mặc",
        "Quần áo may sẵn", "cơ khí", "Máy sấy lúa", "cơ khí nông nghiệp", "Máy cắt cỏ", "đan lục bình",
        "Giỏ lục bình", "gốm mỹ nghệ", "Gốm đỏ", "gạch ngói", "Gạch ống", "bao bì", "Thùng carton",
        "phân bón vi sinh", "Phân bón hữu cơ vi sinh", "Nguyễn Văn", "Trần Thị", "Lê Văn", "Phạm Thị",
        "Võ Văn", "Huỳnh Thị", "Vĩnh Long", "sản phẩm", "Thông tin tuyên truyền về chính sách khuyến công",
        "Hỗ trợ liên kết sản xuất trong cụm công nghiệp", "Hoạt động khuyến công khác", "KCĐP", "Phú Thịnh",
        "Hòa Bình", "May công nghiệp", "Lớp đào tạo nghề tiểu thủ công nghiệp đan lục bình", "Đan lục bình",
        "Tập huấn nâng cao năng lực quản lý cho cơ sở công nghiệp nông thôn",
        "Tập huấn kỹ năng bán hàng trên sàn thương mại điện tử", "Tập huấn áp dụng sản xuất sạch hơn",
        "Hội thảo giới thiệu chính sách khuyến công",
        "Hội thảo liên kết tiêu thụ sản phẩm công nghiệp nông thôn",
        "Lớp đào tạo nghề may công nghiệp tại Xã Hòa Tịnh",
        "Hội thảo chuyển đổi số cho cơ sở công nghiệp nông thôn", "Sản phẩm", "Thành", "Hồng", "Tân", "Phú",
        "Hoàng", "Bảy", "Út", "Tư", "Ngọc", "Sáu", "Phước", "Hữu", "Phát", "Đạt", "Phúc", "Tiến", "Quý",
        "Ngân", "Lành", "Hiền", "Sáng", "Hân", "Mến", "Lộc", "Tâm", "Nghĩa", "Được",
        "Tham quan, khảo sát mô hình sản xuất sạch hơn", "Hộ kinh doanh", "Nội dung",
        "Ứng dụng máy móc thiết bị tiên tiến", "Cơ sở phối hợp", "Hình thức", "Thiết kế bao bì", "Tìm",
        "Sửa ", "Phòng Kinh tế", "Trung tâm Khuyến công tỉnh", "TỔNG HỢP KHUYẾN CÔNG", "Đường dẫn tệp",
        "Đóng", "cơ sở dữ liệu của chương trình khác", "Phòng Kinh tế huyện Trà Ôn", "phiên bản mới hơn",
        "là một thư mục", "Xã Mới", "Xung đột", "bỏ qua 2 dòng có thể trùng", "Phòng Kinh tế Long Hồ",
        "Mã số thuế", "Ngành", "HTX Gốm Đỏ Mang Thít", "Hợp tác xã", "tên khác nhưng cùng mã số thuế",
        "Bình gốm", "Tập huấn thương mại điện tử", "Tập huấn", "chỉ đọc", "TỔNG HỢP KHUYẾN CÔNG 2014–2023",
        "Khuyến công địa phương", "+ Tạo cơ sở mới", "Lần lưu cuối bị ngắt giữa chừng", "mở sổ bình thường",
        "Cơ sở", "Tổng hợp", "Lượt hỗ trợ thiết kế", "chọn tên tệp khác", "Khuyến công quốc gia",
        "Cơ sở Sấy Khô Tư Sáng", "KCĐP-XUAT-01", "Máy sấy chôm chôm, loại 2 buồng",
        "Lớp may công nghiệp, khóa 3", "Bánh tráng \"Tư Sáng\"", "Máy đóng gói", "quá lớn",
        "Cơ sở Bánh Tráng Mỹ Lồng", "Lớp may công nghiệp", "Cơ sở MinhPhát Long Hồ", "[31mĐỏ[0m",
        "Cơ sở ABC", "MỹLồng", "Unicode tổ hợp", "Cơ sở Bánh Phồng Tôm Vĩnh Long", "ệ", "ghi chú ", "Đ",
        "Cơ sở An Bình", "Thêm mới", "Địa chỉ", "dấu phẩy thập phân", "ngày/tháng/năm", "Lớp may",
        "Ghi chú riêng", "\"Ghi chú riêng\"", "Cơ sở Bánh Tráng Tư Sáng", "Phước Hậu",
        "Phòng Kinh tế huyện Long Hồ", "Phòng Kinh tế huyện Mang Thít",
        "Trung tâm Khuyến công tỉnh Vĩnh Long", "Tư vấn nâng cao năng lực long-ho 1", "chương trình khác",
        "Phòng Kinh tế huyện Vũng Liêm", "bị ngắt giữa chừng", "chính nó", "bản sao",
        "Phòng Kinh tế huyện Tam Bình", "Tư vấn", "nữ", "Phòng Kinh tế huyện Bình Tân", "Chưa gộp gì", "mới",
        "tỉnh", "Cơ sở chế biến long-ho số 2", "Tư vấn nâng cao năng lực tỉnh 1", "Sửa ở tỉnh",
        "xem trước lại", "HTX Bánh tráng Mỹ Lồng", "Hồng Nhung", "báo cáo", "vốn đối ứng hơn 11,4 tỷ đồng",
        "nguồn kinh phí khác", "Trung tâm", "Trung tâm Khuyến công và Xúc tiến thương mại tỉnh Vĩnh Long",
        "triệu", "tỷ", "KCĐP-2020-01", "Hỗ trợ máy sấy", "Chép đoạn văn", "Từ năm", "Hủy",
        "Hỗ trợ máy sấy lúa", "ngân sách trung ương", "Mô hình trình diễn kỹ thuật", "vẫn được lưu",
        "  Cơ sở Bánh Tráng Mỹ Lồng  ", "huyện Long Hồ", "còn", "Bắt buộc", "triệu đồng", "huyện Mang Thít",
        "Thủ công mỹ nghệ", "Hộ Đan Lục Bình Út Hiền", "KCĐP-2025-01", "Máy đóng gói bánh phồng",
        "Cơ sở Bánh Phồng Sáu Mến", "Tuyên truyền chính sách khuyến công", "Lớp đan lục bình", "Truyền nghề",
        "Hội thảo chuyển đổi số", "Cơ sở Bánh Phồng Tôm Sáu Mến", "Bánh phồng tôm", "Đăng ký nhãn hiệu",
        "Đến năm", "Đối ứng – Khuyến công địa phương", "Nguồn",
        "Ghi chú riêng của huyện\" không có trong mẫu nhập", "Ghi chú riêng của huyện", "— bỏ qua —",
        "Mẫu nhập Excel", "Xem trước", "Chạy thử", "Gộp", "thêm 2, cập nhật 0, xóa 0, xung đột 0",
        "Hoàn tác lần gộp gần nhất", "Kính gửi Trung tâm", "Dấu thập phân", "Ngôn ngữ", "Xã/phường",
        "Mã đề án", "Hỗ trợ máy sấy chôm chôm", "Lớp may công nghiệp khóa 3", "Từ ngày", "Đến ngày",
        "Công ty TNHH may mặc Phú Thịnh — Long Hồ", "Công ty TNHH may mặc Phú Thịnh", "Áo sơ mi",
        "Dây chuyền sản xuất gạch không nung", "vượt 50% tổng chi phí", "vượt mức tối đa 300 triệu đồng",
        "Cơ sở hoàn toàn khác", "Ghi chú", "ạo", "Cơ sở tạo", " Mới Tiến", "Cơ sở tạo Mới Tiến", "Huyện/xã",
        "Cơ sở thử hoàn tác", "Tiếng Việt", "giữ nguyên",
    ];

    #[test]
    fn unicode_is_never_taken_for_legacy() {
        for s in NAMES {
            let e = evidence(s);
            assert!(!e.tcvn3 && !e.vni, "{s:?}: {e:?}");
            assert_eq!(judge([*s]).legacy, None, "{s:?}");
        }
        let v = judge(NAMES.iter().copied());
        assert_eq!((v.legacy, v.majority, v.legacy_texts, v.mixed), (None, None, 0, false));
        for s in ["Hòa Bình", "Bánh mì", "Tô Châu", "Cà Mau", "Trà Ôn", "Hoà Bình", "Xuân", "Nguyên", "Thuý"]
        {
            assert_eq!(evidence(s), Evidence::default(), "{s}");
        }
        let other = ["Müller", "Peña", "Noël", "Straße", "Café", "© 2024", "5 × 3", "½ kg", "£ 20", "Köln"];
        for s in other {
            assert!(!evidence(s).tcvn3 && !evidence(s).vni, "{s}");
        }
        // Even a column judged legacy leaves Unicode rows alone.
        let v = judge(["C¬ së B¸nh tr¸ng", "Tªn c¬ së"]);
        for s in NAMES.iter().chain(&["Hòa Bình", "Trà Ôn", "Tô Châu", "Bánh mì"]) {
            assert_eq!(v.convert(s), None, "{s}");
        }
    }

    #[test]
    fn legacy_names_are_detected_and_convert_back() {
        for legacy in BOTH {
            let (mut column, mut detected, mut uncased) = (Vec::new(), 0, 0);
            for &s in NAMES {
                let Some(e) = encode(legacy, s).filter(|e| e != s) else { continue };
                let out = convert(legacy, &e).unwrap_or_default();
                if out != s {
                    // VN3 has no capital toned letters: only their case may differ.
                    assert!(legacy == Legacy::Tcvn3 && out.to_lowercase() == s.to_lowercase(), "{e:?} {out}");
                    eprintln!("TCVN3 cannot write {s:?}: {out:?}");
                    uncased += 1;
                }
                let ev = evidence(&e);
                assert!(!ev.unicode && (ev.points_to(legacy) || !(ev.tcvn3 || ev.vni)), "{s:?} {e:?} {ev:?}");
                detected += usize::from(ev.points_to(legacy));
                column.push((e, s));
            }
            assert!(column.len() > 250 && uncased <= 5, "{} texts, {uncased} differ in case", column.len());
            assert!(detected * 10 >= column.len() * 9, "{legacy:?}: {detected} of {}", column.len());
            let v = judge(column.iter().map(|(e, _)| e.as_str()));
            assert_eq!((v.legacy, v.mixed, v.unicode_texts), (Some(legacy), false, 0));
            let back = column.iter().filter(|(e, s)| v.convert(e).as_deref().unwrap_or(e) == *s).count();
            eprintln!("{legacy:?}: {} texts, {detected} with evidence, {back} converted back", column.len());
            assert!(back * 10 >= column.len() * 9, "{legacy:?}: {back} of {}", column.len());
        }
    }

    #[test]
    fn syllables() {
        let real = "khuỷu ngoằn ngoèo xoong thuở giữa gì quốc khuya rượu huỳnh nghiêng oái boong hoà thuý \
                    khỏe uống ươm yêu ạch ếch ích kịch oách ăn ống Đắk Lắk";
        for w in real.split_whitespace() {
            assert_eq!(syllable(w.chars()), Syllable::Valid, "{w}");
        }
        for w in ["aù", "eọ", "bàt", "cơng", "tiê", "hoàu", "qu", "gía", "qúa", "ting", "bơc", "xoõng"]
        {
            assert_ne!(syllable(w.chars()), Syllable::Valid, "{w}");
        }
    }

    /// Every syllable the checker accepts, built from its initials, clusters, finals and tones.
    fn all_syllables() -> Vec<String> {
        let initials =
            INITIALS.iter().chain(&["", "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r"]);
        let mut out = Vec::new();
        for initial in initials.chain(&["s", "t", "v", "x"]) {
            for &(cluster, _) in &CLUSTERS {
                for fin in ["", "c", "ch", "m", "n", "ng", "nh", "p", "t"] {
                    for (tone, at) in (0..6).flat_map(|t| (0..cluster.chars().count()).map(move |a| (t, a))) {
                        let toned = cluster.chars().enumerate().map(|(i, c)| {
                            VOWELS.iter().find(|r| r[0] == c).map_or(c, |r| if i == at { r[tone] } else { c })
                        });
                        let w: String = initial.chars().chain(toned).chain(fin.chars()).collect();
                        if syllable(w.chars()) == Syllable::Valid {
                            out.push(w);
                        }
                    }
                }
            }
        }
        out
    }

    #[test]
    fn no_latin1_syllable_is_taken_for_legacy() {
        let latin1: Vec<_> =
            all_syllables().into_iter().filter(|w| w.chars().all(|c| c <= '\u{FF}')).collect();
        assert!(latin1.len() > 8000, "{}", latin1.len());
        for w in &latin1 {
            let title: String = w.chars().take(1).map(upper).chain(w.chars().skip(1)).collect();
            for w in [w.clone(), title, w.to_uppercase()] {
                assert!(!evidence(&w).tcvn3 && !evidence(&w).vni, "{w}");
            }
        }
    }

    #[test]
    fn legacy_syllables_never_point_the_wrong_way() {
        let syllables = all_syllables();
        for legacy in BOTH {
            let (mut total, mut right, mut both) = (0, 0, 0);
            for w in &syllables {
                let Some(e) = encode(legacy, w).filter(|e| e != w) else { continue };
                let ev = evidence(&e);
                let other = if legacy == Legacy::Tcvn3 { ev.vni } else { ev.tcvn3 };
                assert!(ev.points_to(legacy) || !other || w.chars().count() == 1, "{legacy:?} {w} {e}");
                (total, right, both) =
                    (total + 1, right + usize::from(ev.points_to(legacy)), both + usize::from(other));
            }
            eprintln!(
                "{legacy:?}: {total} syllables, {right} with evidence, {both} of them also for the other"
            );
            assert!(right * 10 >= total * 8, "{legacy:?}: {right} of {total}");
        }
    }

    #[test]
    fn ascii_and_other_scripts_are_left_alone() {
        let texts =
            ["", " ", "Nguyen Van A", "TNHH", "2023", "01/03/2020", "3.900", "1,5e3", "Phở 🍜 ngon 👍🏽 ❤️"];
        let more =
            ["北京市", "１２３", "١٢٣", "\u{0}\u{7}\u{202E}", "Ẓ\u{336}\u{301}algo", "\u{FEFF}", "€‚ƒ„…†‡"];
        for s in texts.iter().chain(&more) {
            assert!(!evidence(s).tcvn3 && !evidence(s).vni, "{s:?}");
            assert_eq!(judge([*s]).legacy, None);
            if s.is_ascii() {
                assert_eq!(evidence(s), Evidence::default());
                for legacy in BOTH {
                    assert_eq!(convert(legacy, s).as_deref(), Some(*s));
                }
            }
        }
        assert_eq!(legacy_bytes("Phở"), None);
        assert_eq!(convert(Legacy::Tcvn3, "🍜"), None);
        assert_eq!(legacy_bytes("€Ÿ\u{81}ÿ"), Some(vec![0x80, 0x9F, 0x81, 0xFF]));
    }

    #[test]
    fn random_input_never_panics_and_decodes_to_nfc() {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let pool: Vec<char> =
            "aeouyAEOUYnghtC ¬®§¸ùøûõïâáàåãäêéèúüëñÑöÖôÔóíìæîÜ€–🍜北ơđạ\u{301}\u{AD}".chars().collect();
        for _ in 0..3000 {
            let len = (next() % 24) as usize;
            let bytes: Vec<u8> = (0..len).map(|_| (next() >> 24) as u8).collect();
            for legacy in BOTH {
                let s = decode_bytes(legacy, &bytes);
                assert!(unicode_normalization::is_nfc(&s), "{bytes:?}");
            }
            let text: String = (0..len).map(|_| pool[(next() % pool.len() as u64) as usize]).collect();
            let v = judge([text.as_str(), "C¬ së"]);
            let _ = (evidence(&text), v.convert(&text), convert(Legacy::Vni, &text));
        }
    }
}
