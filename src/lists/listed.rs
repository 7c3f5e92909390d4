//! What a list filters and adds up, for each record kind: the [`Listed`]
//! impls side by side.

use crate::domain::{Code, DesignSupport, Facility, Project, Training};
use crate::workbook::StoredRecord;

/// What a list can filter on, for any record kind.
pub trait Listed: StoredRecord {
    fn year(&self) -> Option<i32>;
    fn source(&self) -> Option<&'static str>;
    fn district(&self) -> &str;
    fn commune(&self) -> &str;
    /// The record's kind of activity (content, training kind, design form, facility type).
    fn kind_code(&self) -> Option<&'static str>;
    fn status_code(&self) -> Option<&'static str> {
        None
    }
    /// Words an officer may search for, besides the facility's name.
    fn search_words(&self) -> Vec<&str>;
    fn support_vnd(&self) -> i64 {
        0
    }
    fn counterpart_vnd(&self) -> i64 {
        0
    }
    fn trainees(&self) -> i64 {
        0
    }
}

impl Listed for Facility {
    fn year(&self) -> Option<i32> {
        None
    }
    fn source(&self) -> Option<&'static str> {
        None
    }
    fn district(&self) -> &str {
        &self.district
    }
    fn commune(&self) -> &str {
        &self.commune
    }
    fn kind_code(&self) -> Option<&'static str> {
        self.kind.map(|k| k.code())
    }
    fn search_words(&self) -> Vec<&str> {
        vec![&self.name, &self.tax_code, &self.representative, &self.address, &self.commune, &self.district]
    }
}

impl Listed for Project {
    fn year(&self) -> Option<i32> {
        Some(self.year)
    }
    fn source(&self) -> Option<&'static str> {
        Some(self.source.code())
    }
    fn district(&self) -> &str {
        &self.district
    }
    fn commune(&self) -> &str {
        &self.commune
    }
    fn kind_code(&self) -> Option<&'static str> {
        Some(self.content.code())
    }
    fn status_code(&self) -> Option<&'static str> {
        Some(self.status.code())
    }
    fn search_words(&self) -> Vec<&str> {
        vec![&self.code, &self.title, &self.district, &self.commune, &self.decision_no, &self.note]
    }
    fn support_vnd(&self) -> i64 {
        self.support_vnd
    }
    fn counterpart_vnd(&self) -> i64 {
        self.counterpart_vnd
    }
}

impl Listed for Training {
    fn year(&self) -> Option<i32> {
        Some(self.year)
    }
    fn source(&self) -> Option<&'static str> {
        self.source.map(|s| s.code())
    }
    fn district(&self) -> &str {
        &self.district
    }
    fn commune(&self) -> &str {
        &self.commune
    }
    fn kind_code(&self) -> Option<&'static str> {
        Some(self.kind.code())
    }
    fn search_words(&self) -> Vec<&str> {
        vec![&self.name, &self.trade, &self.district, &self.commune, &self.note]
    }
    fn support_vnd(&self) -> i64 {
        self.cost_vnd
    }
    fn trainees(&self) -> i64 {
        self.trainees
    }
}

impl Listed for DesignSupport {
    fn year(&self) -> Option<i32> {
        Some(self.year)
    }
    fn source(&self) -> Option<&'static str> {
        self.source.map(|s| s.code())
    }
    fn district(&self) -> &str {
        &self.district
    }
    fn commune(&self) -> &str {
        &self.commune
    }
    fn kind_code(&self) -> Option<&'static str> {
        Some(self.form.code())
    }
    fn search_words(&self) -> Vec<&str> {
        vec![&self.product, &self.district, &self.commune, &self.note]
    }
    fn support_vnd(&self) -> i64 {
        self.support_vnd
    }
}
