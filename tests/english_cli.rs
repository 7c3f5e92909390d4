//! The command line in English writes numbers the English way.

mod common;

use common::*;

#[test]
fn summary_in_english_writes_english_numbers() {
    let dir = temp();
    let db = sample_in(dir.path());
    let out = khuyencong(&["summary", path_str(&db), "--from", "2014", "--to", "2023", "--lang", "en"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("KHUYẾN CÔNG SUMMARY 2014–2023"), "{text}");
    for figure in ["3,900", "6,096", "10,586"] {
        assert!(text.contains(figure), "{figure} in:\n{text}");
    }
    for vietnamese in ["3.900", "6.096", "10.586"] {
        assert!(!text.contains(vietnamese), "{vietnamese} in:\n{text}");
    }
    // Vietnamese as it was.
    let out = khuyencong(&["summary", path_str(&db), "--from", "2014", "--to", "2023"]);
    let text = stdout(&out);
    assert!(text.contains("3.900") && text.contains("6.096") && text.contains("10.586"), "{text}");
    assert!(!text.contains("3,900"), "{text}");
}

#[test]
fn export_says_how_many_records_in_english() {
    let dir = temp();
    let db = sample_in(dir.path());
    let csv = dir.path().join("cơ sở.csv");
    let out =
        khuyencong(&["export", path_str(&db), "--kind", "facilities", "-o", path_str(&csv), "--lang", "en"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("Exported 103 records to"), "{}", stdout(&out));
}
