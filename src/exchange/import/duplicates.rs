//! What the officer may do with a likely duplicate row of an import. The
//! rules that find one are shared with the merge: [`crate::domain::duplicates`].

pub use crate::domain::duplicates::DuplicateReason;
use crate::i18n::Lang;

/// What the row is likely a duplicate of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DuplicateOf {
    /// A live record of the workbook.
    Record { id: String, label: String },
    /// An earlier row of the file.
    Row { line: usize },
}

/// What to do with a likely duplicate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum DuplicateChoice {
    /// Do not import the row.
    #[default]
    Skip,
    /// Replace the kept record's fields with the row's columns (only for a
    /// duplicate of a workbook record; columns not in the file keep their values).
    Update,
    /// Import the row as a new record.
    KeepBoth,
}

impl DuplicateChoice {
    pub const ALL: [DuplicateChoice; 3] =
        [DuplicateChoice::Skip, DuplicateChoice::Update, DuplicateChoice::KeepBoth];

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            DuplicateChoice::Skip => lang.pick("Bỏ qua", "Skip"),
            DuplicateChoice::Update => lang.pick("Cập nhật bản ghi đã có", "Update the kept record"),
            DuplicateChoice::KeepBoth => lang.pick("Giữ cả hai", "Keep both"),
        }
    }
}

/// A row that is likely the same as a record already kept or an earlier row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    pub reason: DuplicateReason,
    pub of: DuplicateOf,
    /// Skip unless the officer chooses otherwise; see [`Duplicate::choices`].
    pub choice: DuplicateChoice,
}

impl Duplicate {
    /// Update is possible only for a duplicate of a workbook record.
    pub fn can_update(&self) -> bool {
        matches!(self.of, DuplicateOf::Record { .. })
    }

    /// The choices that make sense for this duplicate.
    pub fn choices(&self) -> &'static [DuplicateChoice] {
        if self.can_update() {
            &DuplicateChoice::ALL
        } else {
            &[DuplicateChoice::Skip, DuplicateChoice::KeepBoth]
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        let reason = self.reason.describe(lang);
        match (&self.of, lang) {
            (DuplicateOf::Record { label, .. }, Lang::Vi) => {
                format!("Có thể trùng với bản ghi đã có trong sổ: “{label}” ({reason}).")
            }
            (DuplicateOf::Record { label, .. }, Lang::En) => {
                format!("Likely the same as a record already kept: “{label}” ({reason}).")
            }
            (DuplicateOf::Row { line }, Lang::Vi) => {
                format!("Có thể trùng với dòng {line} của tệp ({reason}).")
            }
            (DuplicateOf::Row { line }, Lang::En) => {
                format!("Likely the same as line {line} of the file ({reason}).")
            }
        }
    }
}
