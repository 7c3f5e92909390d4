//! The files officers really have (tests/corpus/officers, made by its
//! make_corpus.py with each file's true contents in manifest.json):
//! government layouts, old Excel and LibreOffice files, legacy encodings,
//! units, hidden rows, group and total rows. Each file must import with its
//! true count, totals, codes, years, districts and exactly the texts the
//! officer typed — or be refused naming what is wrong, the workbook byte for
//! byte as it was.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use common::*;
use khuyencong::domain::fields::Draft;
use khuyencong::domain::number::{parse_count, parse_date, parse_million};
use khuyencong::domain::{DesignSupport, Facility, Project, RecordKind, Training};
use khuyencong::exchange::import::{import_table, read_file};
use khuyencong::i18n::Lang;
use khuyencong::spreadsheet::ReadOptions;
use khuyencong::spreadsheet::choose::SheetChoice;
use khuyencong::spreadsheet::formats::DecimalMark;
use khuyencong::spreadsheet::rows::SkipReason;
use khuyencong::workbook::{OpenMode, Workbook};
use serde_json::Value;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/officers")
}

fn manifest() -> Vec<Value> {
    let text = fs::read_to_string(corpus().join("manifest.json")).expect("manifest");
    serde_json::from_str::<Value>(&text).expect("json").as_array().expect("a list").clone()
}

fn options_of(entry: &Value) -> ReadOptions {
    let mut options = ReadOptions::default();
    let Some(o) = entry.get("options") else { return options };
    options.sheet = match o.get("sheet") {
        Some(Value::String(name)) => Some(SheetChoice::Name(name.clone())),
        Some(Value::Number(n)) => Some(SheetChoice::Number(n.as_u64().expect("a number") as usize)),
        _ => None,
    };
    options.decimal = match o.get("decimal").and_then(Value::as_str) {
        Some("point") => Some(DecimalMark::Point),
        Some("comma") => Some(DecimalMark::Comma),
        _ => None,
    };
    options.include_hidden = o.get("include_hidden").and_then(Value::as_bool).unwrap_or(false);
    options
}

/// Every stored record of `kind` as the text of its fields, in the order imported.
fn stored(wb: &Workbook, kind: RecordKind) -> Vec<Draft> {
    let facilities: BTreeMap<String, Facility> =
        wb.list::<Facility>().expect("facilities").into_iter().map(|s| (s.id, s.record)).collect();
    let of = |id: &Option<String>| id.as_ref().and_then(|id| facilities.get(id));
    match kind {
        RecordKind::Facility => stored_facilities(wb),
        RecordKind::Project => wb
            .list::<Project>()
            .expect("projects")
            .iter()
            .map(|s| s.record.to_draft(of(&s.record.facility_id)))
            .collect(),
        RecordKind::Training => wb
            .list::<Training>()
            .expect("trainings")
            .iter()
            .map(|s| s.record.to_draft(of(&s.record.facility_id)))
            .collect(),
        RecordKind::Design => wb
            .list::<DesignSupport>()
            .expect("design")
            .iter()
            .map(|s| s.record.to_draft(of(&Some(s.record.facility_id.clone()))))
            .collect(),
        // The corpus holds records of the listed kinds only (plans: tests/plans_exchange.rs).
        RecordKind::Plan | RecordKind::PlanLine => Vec::new(),
    }
}

/// Facilities in the order they were imported (the list is by creation).
fn stored_facilities(wb: &Workbook) -> Vec<Draft> {
    wb.list::<Facility>().expect("facilities").iter().map(|s| s.record.to_draft()).collect()
}

/// A stored amount in whole đồng, or a count.
fn amount(draft: &Draft, key: &str) -> i64 {
    let text = draft.get(key);
    if text.is_empty() {
        return 0;
    }
    let money = key.starts_with("kinh_phi") || key == "von_doi_ung";
    if money { parse_million(text) } else { parse_count(text) }.expect("a stored number")
}

fn counts(drafts: &[Draft], key: &str) -> BTreeMap<String, u64> {
    let mut out = BTreeMap::new();
    for d in drafts {
        let v = d.get(key);
        if !v.is_empty() {
            *out.entry(v.to_string()).or_insert(0) += 1;
        }
    }
    out
}

fn as_counts(v: &Value) -> BTreeMap<String, u64> {
    v.as_object().expect("counts").iter().map(|(k, n)| (k.clone(), n.as_u64().expect("a count"))).collect()
}

/// What went wrong with one file, or nothing.
fn check_import(entry: &Value, dir: &Path) -> Vec<String> {
    let file = entry["file"].as_str().expect("file");
    let kind = RecordKind::from_cli_name(entry["kind"].as_str().expect("kind")).expect("a kind");
    let db = empty_in(dir, "sổ.db");
    let mut wb = Workbook::open(&db, OpenMode::Normal).expect("open");
    let options = options_of(entry);
    let table = match read_file(&corpus().join(file), kind, &options) {
        Ok(t) => t,
        Err(e) => return vec![format!("refused: {}", e.message(Lang::En))],
    };
    let mut wrong = Vec::new();
    if let Some(skipped) = entry.get("skipped").and_then(Value::as_object) {
        let count = |f: fn(&SkipReason) -> bool| table.skipped.iter().filter(|s| f(&s.reason)).count() as u64;
        // The manifest counts totals and subtotals together as "subtotal",
        // notes and signature lines as "note", and every row left out as "total".
        let colnum = table
            .notices
            .iter()
            .filter(|n| matches!(n, khuyencong::spreadsheet::Notice::ColumnNumbers { .. }))
            .count();
        let found = [
            ("group", count(|r| *r == SkipReason::Group)),
            ("subtotal", count(|r| matches!(r, SkipReason::Subtotal { .. } | SkipReason::Total))),
            ("hidden", count(|r| *r == SkipReason::Hidden)),
            ("note", count(|r| matches!(r, SkipReason::End | SkipReason::AfterEnd))),
            ("colnum", colnum as u64),
            ("total", count(|r| *r != SkipReason::Example) + colnum as u64),
        ];
        for (reason, n) in found {
            let expected = skipped.get(reason).and_then(Value::as_u64).unwrap_or(0);
            if n != expected {
                wrong.push(format!("skipped {reason}: {n}, expected {expected}"));
            }
        }
    }
    if let Err(e) = import_table(&mut wb, table) {
        wrong.push(format!("import refused: {}", e.message(Lang::En)));
        return wrong;
    }
    let drafts = if kind == RecordKind::Facility { stored_facilities(&wb) } else { stored(&wb, kind) };
    let expected_count = entry["count"].as_u64().expect("count") as usize;
    if drafts.len() != expected_count {
        wrong.push(format!("{} records, expected {expected_count}", drafts.len()));
    }
    for (key, total) in entry.get("sums").and_then(Value::as_object).into_iter().flatten() {
        let got: i64 = drafts.iter().map(|d| amount(d, key)).sum();
        if Some(got) != total.as_i64() {
            wrong.push(format!("sum of {key}: {got}, expected {total}"));
        }
    }
    for (key, values) in entry.get("amounts").and_then(Value::as_object).into_iter().flatten() {
        let got: Vec<i64> = drafts.iter().map(|d| amount(d, key)).collect();
        let want: Vec<i64> = values.as_array().expect("amounts").iter().filter_map(Value::as_i64).collect();
        if got != want {
            wrong.push(format!("{key} by row: {got:?}, expected {want:?}"));
        }
    }
    for (key, values) in entry.get("texts").and_then(Value::as_object).into_iter().flatten() {
        let got: Vec<&str> = drafts.iter().map(|d| d.get(key)).collect();
        let want: Vec<&str> = values.as_array().expect("texts").iter().filter_map(Value::as_str).collect();
        if got != want {
            let first = got.iter().zip(&want).position(|(g, w)| g != w);
            wrong.push(format!(
                "{key}: first difference at row {first:?}: {:?}",
                first.map(|i| (got[i], want[i]))
            ));
            if got.len() != want.len() {
                wrong.push(format!("{key}: {} values, expected {}", got.len(), want.len()));
            }
        }
    }
    for (key, values) in entry.get("dates").and_then(Value::as_object).into_iter().flatten() {
        let got: Vec<String> = drafts
            .iter()
            .map(|d| parse_date(d.get(key)).map(|date| date.to_string()).unwrap_or_default())
            .collect();
        let want: Vec<String> =
            values.as_array().expect("dates").iter().map(|v| v.as_str().unwrap_or("").to_string()).collect();
        if got != want {
            wrong.push(format!("{key} dates: {got:?}, expected {want:?}"));
        }
    }
    for (key, want) in entry.get("codes").and_then(Value::as_object).into_iter().flatten() {
        let got = counts(&drafts, key);
        if got != as_counts(want) {
            wrong.push(format!("{key} codes: {got:?}, expected {want}"));
        }
    }
    if let Some(want) = entry.get("years") {
        let got = counts(&drafts, "nam");
        if got != as_counts(want) {
            wrong.push(format!("years: {got:?}, expected {want}"));
        }
    }
    if let Some(want) = entry.get("districts") {
        let got = counts(&drafts, "huyen");
        if got != as_counts(want) {
            wrong.push(format!("districts: {got:?}, expected {want}"));
        }
    }
    wrong
}

fn check_refusal(entry: &Value, dir: &Path) -> Vec<String> {
    let file = entry["file"].as_str().expect("file");
    let kind = RecordKind::from_cli_name(entry["kind"].as_str().expect("kind")).expect("a kind");
    let db = empty_in(dir, "sổ.db");
    let before = fs::read(&db).expect("read");
    let mut wb = Workbook::open(&db, OpenMode::Normal).expect("open");
    let result =
        read_file(&corpus().join(file), kind, &options_of(entry)).and_then(|t| import_table(&mut wb, t));
    drop(wb);
    let mut wrong = Vec::new();
    match result {
        Ok(outcome) => wrong.push(format!("imported {} records instead of refusing", outcome.records)),
        Err(e) => {
            for lang in [Lang::Vi, Lang::En] {
                let message = e.message(lang);
                for mention in
                    entry["mentions"].as_array().expect("mentions").iter().filter_map(Value::as_str)
                {
                    if !message.contains(mention) && lang == Lang::Vi {
                        wrong.push(format!("the message does not name {mention:?}: {message}"));
                    }
                }
                if message.chars().count() > 600 {
                    wrong.push(format!("a long message: {} characters", message.chars().count()));
                }
            }
        }
    }
    if fs::read(&db).expect("read") != before {
        wrong.push("the workbook changed".into());
    }
    wrong
}

#[test]
fn every_officer_file_imports_its_true_contents_or_is_refused_clearly() {
    let mut failures = Vec::new();
    let entries = manifest();
    assert!(entries.len() >= 90, "the corpus is there");
    for (i, entry) in entries.iter().enumerate() {
        let dir = temp();
        let wrong = match entry["expect"].as_str() {
            Some("import") => check_import(entry, dir.path()),
            Some("refuse") => check_refusal(entry, dir.path()),
            other => vec![format!("unknown expectation {other:?}")],
        };
        if !wrong.is_empty() {
            let wrong: Vec<String> = wrong.iter().map(|w| w.chars().take(300).collect()).collect();
            failures.push(format!("#{i} {} {:?}: {}", entry["file"], entry.get("options"), wrong.join("; ")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} files wrong:\n{}",
        failures.len(),
        entries.len(),
        failures.join("\n")
    );
}
