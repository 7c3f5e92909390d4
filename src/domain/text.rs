//! Vietnamese text rules: what is stored (trimmed NFC, no control characters)
//! and how text is compared when an officer searches (no accents, no case).

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// A one-line field as stored: NFC, control characters removed, runs of
/// white space folded to one space, trimmed.
pub fn clean_line(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut pending_space = false;
    // Most text arrives in NFC already: a quick check spares the composition.
    let nfc: std::borrow::Cow<'_, str> = match is_nfc_quick(input.chars()) {
        IsNormalized::Yes => input.into(),
        _ => input.nfc().collect::<String>().into(),
    };
    for c in without_mark_floods(nfc.chars()) {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
        } else if c.is_control() || is_invisible_format(c) {
            continue;
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

/// A note as stored: NFC, line breaks kept (as `\n`), other control
/// characters removed, each line's end and the whole trimmed.
pub fn clean_multiline(input: &str) -> String {
    let normalized = input.replace("\r\n", "\n").replace(['\r', '\u{2028}', '\u{2029}'], "\n");
    let lines: Vec<String> = normalized
        .split('\n')
        .map(|line| {
            without_mark_floods(line.nfc())
                .filter(|c| *c == '\t' || !(c.is_control() || is_invisible_format(*c)))
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect();
    lines.join("\n").trim().to_string()
}

/// Bidirectional controls and zero-width characters garble a list when
/// pasted from elsewhere; they carry no meaning in these records. (A zero-width
/// joiner goes too, so an emoji sequence such as 👨‍👩‍👧 is kept as its emoji.)
fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}'
    )
}

/// Combining marks kept after one letter. Vietnamese in NFC needs none, the
/// Khmer of the province's former Trà Vinh communes two or three; "Zalgo" text
/// stacks dozens, which paint over the rows above and below in a list.
pub const MAX_MARKS_PER_LETTER: usize = 4;

fn without_mark_floods(chars: impl Iterator<Item = char>) -> impl Iterator<Item = char> {
    let mut marks = 0;
    chars.filter(move |c| {
        if is_combining_mark(*c) {
            marks += 1;
            marks <= MAX_MARKS_PER_LETTER
        } else {
            marks = 0;
            true
        }
    })
}

/// The text with its first letter in upper case ("đề án" → "Đề án").
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// The search key of a text: lower case, accents removed, đ read as d, white
/// space folded. "Vĩnh Long", "VINH LONG" and "vinh  long" share one key.
pub fn fold(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut pending_space = false;
    let mut push = |c: char, out: &mut String| {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            return;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        match c {
            'đ' | 'Đ' => out.push('d'),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => out.extend(c.to_lowercase()),
        }
    };
    for c in input.chars() {
        if c.is_ascii() {
            // Most letters need no decomposition: a fast path for long lists.
            push(c, &mut out);
        } else if let Some(letter) = latin_letter(c) {
            // Vietnamese letters: their folded letter from a table made once.
            push(letter, &mut out);
        } else {
            fold_char(c, &mut |d| push(d, &mut out));
        }
    }
    out
}

/// `c` decomposed, without its marks: the slow path, and how the table is made.
fn fold_char(c: char, push: &mut impl FnMut(char)) {
    for d in std::iter::once(c).nfd().filter(|d| !is_combining_mark(*d)) {
        push(d);
    }
}

/// Latin letters with marks (U+00C0–U+024F and U+1E00–U+1EFF, all of
/// Vietnamese) that fold to one ASCII letter, from a table made once by
/// [`fold_char`]; `None` for every other character.
fn latin_letter(c: char) -> Option<char> {
    const RANGES: [(u32, u32); 2] = [(0xC0, 0x24F), (0x1E00, 0x1EFF)];
    static TABLE: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut table = Vec::new();
        for code in RANGES.iter().flat_map(|(first, last)| *first..=*last) {
            let mut folded = String::new();
            match char::from_u32(code) {
                Some('đ' | 'Đ') => folded.push('d'),
                Some(c) => fold_char(c, &mut |d| folded.push(d)),
                None => {}
            }
            let mut chars = folded.chars();
            table.push(match (chars.next(), chars.next()) {
                (Some(d), None) if d.is_ascii_alphabetic() => d as u8,
                _ => 0,
            });
        }
        table
    });
    let code = u32::from(c);
    let mut offset = 0;
    for (first, last) in RANGES {
        if (first..=last).contains(&code) {
            let letter = table[(offset + code - first) as usize];
            return (letter != 0).then_some(char::from(letter));
        }
        offset += last - first + 1;
    }
    None
}

/// True when every word of `query` occurs in `haystack_folded` (already folded).
pub fn matches_query(haystack_folded: &str, query_folded: &str) -> bool {
    Query::new(query_folded).matches(haystack_folded)
}

/// A folded search made ready to be looked for in many folded texts (a
/// list of 100.000 rows): each word's searcher is built once.
#[derive(Debug, Clone)]
pub struct Query {
    words: Vec<memchr::memmem::Finder<'static>>,
}

impl Query {
    pub fn new(query_folded: &str) -> Self {
        let words = query_folded.split(' ').filter(|w| !w.is_empty());
        Query { words: words.map(|w| memchr::memmem::Finder::new(w).into_owned()).collect() }
    }

    /// True when the search has no word: everything matches.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// True when every word occurs in `haystack_folded`.
    pub fn matches(&self, haystack_folded: &str) -> bool {
        self.words.iter().all(|w| w.find(haystack_folded.as_bytes()).is_some())
    }
}

/// A piece of a file's content as it may be quoted in a message: at most
/// about 100 characters, control characters shown as escapes, one line.
pub fn quote(text: &str) -> String {
    quote_at_most(text, 100)
}

/// [`quote`] of at most `max` characters.
pub fn quote_at_most(text: &str, max: usize) -> String {
    let mut out = String::new();
    for (i, c) in text.trim().chars().enumerate() {
        if i == max {
            out.push('…');
            break;
        }
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => out.extend(c.escape_default()),
            c => out.push(c),
        }
    }
    out
}

/// A path as printed in a message or the window: control characters (a
/// newline or an escape planted in a file name) shown as escapes, so a name
/// cannot forge lines of output or move the terminal's cursor.
pub fn shown_path(path: &std::path::Path) -> String {
    let text = path.to_string_lossy();
    if !text.chars().any(char::is_control) {
        return text.into_owned();
    }
    text.chars()
        .map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn quotes_are_short_one_line_and_escaped() {
        assert_eq!(quote("  a\nb\tc "), "a b c");
        assert_eq!(quote("x\u{1b}[2J"), "x\\u{1b}[2J");
        let long = "ă".repeat(500);
        assert_eq!(quote(&long).chars().count(), 101);
    }

    #[test]
    fn paths_show_control_characters_as_escapes() {
        let p = std::path::Path::new("/tmp/a\nĐã nhập 5 bản ghi\u{1b}[1m.db");
        assert_eq!(shown_path(p), "/tmp/a\\nĐã nhập 5 bản ghi\\u{1b}[1m.db");
        assert_eq!(shown_path(std::path::Path::new("/tmp/Vĩnh Long.db")), "/tmp/Vĩnh Long.db");
    }

    use super::*;

    #[test]
    fn nfd_input_is_stored_nfc() {
        let nfd: String = "Vĩnh Long".nfd().collect();
        assert_ne!(nfd, "Vĩnh Long");
        assert_eq!(clean_line(&nfd), "Vĩnh Long");
    }

    #[test]
    fn clean_line_trims_and_drops_controls() {
        assert_eq!(clean_line("  Cơ sở \u{0007}Minh\t\tPhát \n"), "Cơ sở Minh Phát");
        assert_eq!(clean_line("\u{202E}abc\u{200B}"), "abc");
    }

    #[test]
    fn bidi_controls_and_mark_floods_go_emoji_stay() {
        assert_eq!(clean_line("\u{061C}Cơ sở\u{2067} A\u{2069}"), "Cơ sở A");
        let zalgo = format!("x{}y", "\u{0336}".repeat(40));
        assert_eq!(clean_line(&zalgo), "x\u{0336}\u{0336}\u{0336}\u{0336}y");
        // NFC first: "ệ" typed as e + dot below + circumflex is one letter, no mark left.
        assert_eq!(clean_line("e\u{0323}\u{0302}"), "ệ");
        // Khmer: a consonant, a subscript (coeng + consonant) and a vowel sign.
        assert_eq!(clean_line("ស្ត្រី"), "ស្ត្រី");
        assert_eq!(clean_line("Phở 🍜 👍🏽"), "Phở 🍜 👍🏽");
        assert_eq!(clean_multiline("a\u{2028}b\u{2029}c"), "a\nb\nc");
    }

    #[test]
    fn multiline_keeps_lines() {
        assert_eq!(clean_multiline(" a \r\nb\u{0000}c \n"), "a\nbc");
    }

    #[test]
    fn fold_ignores_accents_case_and_d() {
        assert_eq!(fold("Vĩnh Long"), "vinh long");
        assert_eq!(fold("ĐỒNG THÁP"), "dong thap");
        assert_eq!(fold("  Trà   Ôn "), "tra on");
        assert!(matches_query(&fold("Cơ sở Bánh Phồng Tôm"), &fold("banh tom")));
        assert!(!matches_query(&fold("Cơ sở Bánh Phồng Tôm"), &fold("cá")));
    }

    #[test]
    fn the_letter_table_folds_as_decomposition_does() {
        // Every character the table knows, folded through it and the slow way.
        let mut letters = 0;
        for c in (0xC0..=0x24F).chain(0x1E00..=0x1EFF).filter_map(char::from_u32) {
            let mut slow = String::new();
            match c {
                'đ' | 'Đ' => slow.push('d'),
                c => fold_char(c, &mut |d| slow.extend(d.to_lowercase())),
            }
            if let Some(letter) = latin_letter(c) {
                letters += 1;
                assert_eq!(letter.to_ascii_lowercase().to_string(), slow, "{c}");
            }
            assert_eq!(fold(&c.to_string()), slow, "{c}");
        }
        // All 134 Vietnamese vowels with marks, and đ, are in the table.
        assert!(letters >= 135, "{letters}");
        assert_eq!(fold("ĐẶNG Thị Ỷ"), "dang thi y");
    }
}
