//! The rules that make two records likely the same (a tax code, a project
//! code, a title with its year and facility…): used by the import (a row
//! against the records kept) and by the merge (a record of another office
//! kept under another id).

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use jiff::civil::Date;

use crate::domain::AnyRecord;
use crate::domain::codes::DesignForm;
use crate::domain::text::fold;
use crate::i18n::Lang;

/// Why a row looks like a record already kept or an earlier row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DuplicateReason {
    /// A facility with the same tax code.
    TaxCode,
    /// A facility with the same name and commune (accents and case aside),
    /// unless both have tax codes and they differ.
    NameAndCommune,
    /// A project with the same code.
    ProjectCode,
    /// A project with the same title, year and facility, unless both have
    /// codes and they differ.
    TitleYearFacility,
    /// A training with the same name, year, facility and first day (a class
    /// without a first day is never taken for a duplicate).
    SameClass,
    /// Design support in the same year for the same facility, product and form.
    SameDesign,
    /// A plan approved by the same decision.
    SameDecision,
    /// A plan of the same title and years, unless both have decision
    /// numbers and they differ.
    TitleYears,
}

impl DuplicateReason {
    pub fn describe(self, lang: Lang) -> &'static str {
        match self {
            DuplicateReason::TaxCode => lang.pick("cùng mã số thuế", "same tax code"),
            DuplicateReason::NameAndCommune => lang.pick("cùng tên và xã/phường", "same name and commune"),
            DuplicateReason::ProjectCode => lang.pick("cùng mã đề án", "same project code"),
            DuplicateReason::TitleYearFacility => {
                lang.pick("cùng tên đề án, năm và cơ sở", "same title, year and facility")
            }
            DuplicateReason::SameClass => lang.pick(
                "cùng tên lớp, năm, cơ sở và ngày khai giảng",
                "same class name, year, facility and first day",
            ),
            DuplicateReason::SameDesign => {
                lang.pick("cùng năm, cơ sở, sản phẩm và hình thức", "same year, facility, product and form")
            }
            DuplicateReason::SameDecision => lang.pick("cùng số quyết định", "same decision number"),
            DuplicateReason::TitleYears => {
                lang.pick("cùng tên kế hoạch và các năm", "same plan title and years")
            }
        }
    }
}

/// What a record is matched by (its kind of key and the key's parts),
/// kept as a 128-bit digest: a file of 100.000 rows holds two keys a row,
/// and two different keys have one chance in 2^128 of sharing a digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key(u128);

#[derive(Hash)]
enum KeyParts<'a> {
    Tax(&'a str),
    NameCommune(&'a str, &'a str),
    Code(&'a str),
    Title(&'a str, i32, Option<&'a str>),
    Class(i32, &'a str, Option<&'a str>, Date),
    Design(i32, &'a str, &'a str, DesignForm),
    Decision(&'a str),
    Plan(&'a str, i32, i32),
}

/// Two SipHash digests of a value under two fixed prefixes: the same in
/// every run (the keys of a workbook and of a file are compared).
fn digest(value: &impl Hash) -> u128 {
    let half = |prefix: u8| {
        let mut hasher = std::hash::DefaultHasher::new();
        prefix.hash(&mut hasher);
        value.hash(&mut hasher);
        hasher.finish()
    };
    (u128::from(half(1)) << 64) | u128::from(half(2))
}

impl KeyParts<'_> {
    fn key(&self) -> Key {
        Key(digest(self))
    }
}

/// What a record is keyed and told apart by, borrowed from the record or
/// read from only these columns of a stored row (see
/// `workbook::kinds::read_key_fields`): the one place the duplicate rules
/// look at a record.
pub enum KeyFields<'a> {
    Facility {
        tax_code: &'a str,
        name: &'a str,
        commune: &'a str,
    },
    Project {
        code: &'a str,
        title: &'a str,
        year: i32,
        facility: Option<&'a str>,
        decision_no: &'a str,
    },
    Training {
        name: &'a str,
        year: i32,
        facility: Option<&'a str>,
        start_on: Option<Date>,
    },
    Design {
        year: i32,
        facility: Option<&'a str>,
        product: &'a str,
        form: DesignForm,
    },
    Plan {
        decision_no: &'a str,
        title: &'a str,
        from_year: i32,
        to_year: i32,
    },
    /// A kind without duplicate rules.
    None,
}

impl<'a> KeyFields<'a> {
    /// A record's fields, keyed by `facility` (its own facility id, or the
    /// one it is linked to).
    fn of(plan: &'a AnyRecord, facility: Option<&'a str>) -> Self {
        match plan {
            AnyRecord::Facility(f) => {
                KeyFields::Facility { tax_code: &f.tax_code, name: &f.name, commune: &f.commune }
            }
            AnyRecord::Project(p) => KeyFields::Project {
                code: &p.code,
                title: &p.title,
                year: p.year,
                facility,
                decision_no: &p.decision_no,
            },
            AnyRecord::Training(t) => {
                KeyFields::Training { name: &t.name, year: t.year, facility, start_on: t.start_on }
            }
            AnyRecord::Design(d) => {
                KeyFields::Design { year: d.year, facility, product: &d.product, form: d.form }
            }
            AnyRecord::Plan(p) => KeyFields::Plan {
                decision_no: &p.decision_no,
                title: &p.title,
                from_year: p.from_year,
                to_year: p.to_year,
            },
        }
    }

    /// The keys a record is matched by, strongest first.
    fn keys(&self) -> Vec<(DuplicateReason, Key)> {
        let mut keys = Vec::with_capacity(2);
        match *self {
            KeyFields::Facility { tax_code, name, commune } => {
                if !tax_code.is_empty() {
                    keys.push((DuplicateReason::TaxCode, KeyParts::Tax(tax_code).key()));
                }
                let (name, commune) = (fold(name), fold(commune));
                keys.push((DuplicateReason::NameAndCommune, KeyParts::NameCommune(&name, &commune).key()));
            }
            KeyFields::Project { code, title, year, facility, .. } => {
                if !code.is_empty() {
                    keys.push((DuplicateReason::ProjectCode, KeyParts::Code(&fold(code)).key()));
                }
                let title = fold(title);
                keys.push((
                    DuplicateReason::TitleYearFacility,
                    KeyParts::Title(&title, year, facility).key(),
                ));
            }
            // Classes of the same name recur every year and often within one:
            // only the first day tells a repeat from a new class.
            KeyFields::Training { name, year, facility, start_on } => {
                if let Some(start) = start_on {
                    let name = fold(name);
                    keys.push((
                        DuplicateReason::SameClass,
                        KeyParts::Class(year, &name, facility, start).key(),
                    ));
                }
            }
            KeyFields::Design { year, facility, product, form } => {
                let product = fold(product);
                let key = KeyParts::Design(year, facility.unwrap_or(""), &product, form).key();
                keys.push((DuplicateReason::SameDesign, key));
            }
            KeyFields::Plan { decision_no, title, from_year, to_year } => {
                if !decision_no.is_empty() {
                    keys.push((DuplicateReason::SameDecision, KeyParts::Decision(&fold(decision_no)).key()));
                }
                let title = fold(title);
                keys.push((DuplicateReason::TitleYears, KeyParts::Plan(&title, from_year, to_year).key()));
            }
            KeyFields::None => {}
        }
        keys
    }
}

/// The first record or row seen with a key: `of` is what it was (a kept
/// record, or only a line of the file: small, there is one a row).
pub struct Seen<T> {
    of: T,
    ident: Idents,
}

/// What tells two records apart when their names match: a facility's tax
/// code; a project's code and its approval decision (a facility can have a
/// national and a local project of the same title in one year, or two under
/// two decisions). Two records differ when both have one and they differ.
/// Kept as digests, like the keys.
#[derive(Clone, Copy, Default)]
struct Idents([Option<u64>; 2]);

impl Idents {
    fn of(fields: &KeyFields) -> Self {
        let ident = |s: &str| (!s.is_empty()).then(|| digest(&fold(s)) as u64);
        match fields {
            KeyFields::Facility { tax_code, .. } => Idents([ident(tax_code), None]),
            KeyFields::Project { code, decision_no, .. } => Idents([ident(code), ident(decision_no)]),
            KeyFields::Plan { decision_no, .. } => Idents([ident(decision_no), None]),
            _ => Idents::default(),
        }
    }

    fn differ(&self, other: &Idents) -> bool {
        self.0.iter().zip(&other.0).any(|(a, b)| matches!((a, b), (Some(a), Some(b)) if a != b))
    }
}

/// A record's keys and identifiers, worked out once per row.
pub struct Keys {
    keys: Vec<(DuplicateReason, Key)>,
    ident: Idents,
}

impl Keys {
    pub fn of(plan: &AnyRecord) -> Self {
        Keys::with_facility(plan, plan.facility_id())
    }

    /// The keys of a record as if it named `facility` (another office's
    /// record whose facility is linked to one of this workbook).
    pub fn with_facility(plan: &AnyRecord, facility: Option<&str>) -> Self {
        Keys::of_fields(&KeyFields::of(plan, facility))
    }

    pub fn of_fields(fields: &KeyFields) -> Self {
        Keys { keys: fields.keys(), ident: Idents::of(fields) }
    }

    /// The record or row first seen with one of these keys.
    pub fn find<T: Clone>(&self, map: &HashMap<Key, Seen<T>>) -> Option<(DuplicateReason, T)> {
        for (reason, key) in &self.keys {
            if let Some(seen) = map.get(key) {
                let by_name = matches!(
                    reason,
                    DuplicateReason::NameAndCommune
                        | DuplicateReason::TitleYearFacility
                        | DuplicateReason::TitleYears
                );
                if by_name && self.ident.differ(&seen.ident) {
                    continue;
                }
                return Some((*reason, seen.of.clone()));
            }
        }
        None
    }

    pub fn remember<T: Clone>(self, map: &mut HashMap<Key, Seen<T>>, of: T) {
        for (_, key) in self.keys {
            map.entry(key).or_insert_with(|| Seen { of: of.clone(), ident: self.ident });
        }
    }
}
