//! The two languages of the program. Vietnamese is the default everywhere.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    /// Picks the text of this language from a Vietnamese/English pair.
    pub fn pick<'a>(self, vi: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "vi" | "vn" | "vie" => Some(Lang::Vi),
            "en" | "eng" => Some(Lang::En),
            _ => None,
        }
    }
}

/// A text known in both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text {
    pub vi: &'static str,
    pub en: &'static str,
}

impl Text {
    pub const fn new(vi: &'static str, en: &'static str) -> Self {
        Text { vi, en }
    }

    pub fn get(self, lang: Lang) -> &'static str {
        tr(lang, self.vi, self.en)
    }
}

/// Picks the text of `lang`. Every fixed string the window shows goes through
/// here (or [`Text::get`]), so a test can list them all and check that no
/// screen mixes the languages.
pub fn tr(lang: Lang, vi: &'static str, en: &'static str) -> &'static str {
    audit::record(vi, en);
    lang.pick(vi, en)
}

/// Records the pairs shown while an audit runs (tests only turn it on).
pub mod audit {
    use std::collections::BTreeSet;
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicBool, Ordering};

    static ON: AtomicBool = AtomicBool::new(false);
    static SEEN: Mutex<BTreeSet<(&'static str, &'static str)>> = Mutex::new(BTreeSet::new());

    pub fn start() {
        ON.store(true, Ordering::Relaxed);
    }

    pub(super) fn record(vi: &'static str, en: &'static str) {
        if ON.load(Ordering::Relaxed)
            && let Ok(mut seen) = SEEN.lock()
        {
            seen.insert((vi, en));
        }
    }

    /// Every (Vietnamese, English) pair shown since [`start`].
    pub fn seen() -> Vec<(&'static str, &'static str)> {
        SEEN.lock().map(|s| s.iter().copied().collect()).unwrap_or_default()
    }
}
