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
mod tests;
