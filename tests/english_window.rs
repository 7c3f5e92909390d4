//! The window in English writes numbers the English way ("3,900", "4.9"),
//! reads them the English way in the forms, and says "1 record", "2 records".

mod common;

use common::*;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use khuyencong::app::settings::Folders;
use khuyencong::app::{App, StartOptions};
use khuyencong::domain::number::{format_int_in, format_million_in};
use khuyencong::i18n::Lang;

/// The app on `file`, in English.
fn english_on(file: &std::path::Path, home: &std::path::Path) -> Harness<'static, App> {
    harness(App::new(StartOptions {
        file: Some(file.to_path_buf()),
        folders: Some(Folders::under(home)),
        lang: Some(Lang::En),
        ..Default::default()
    }))
}

/// A number with Vietnamese grouping ("1.518", "24.543,25") in `text`: a
/// digit, a dot, three digits and no further digit.
fn has_vietnamese_grouping(text: &str) -> bool {
    let b = text.as_bytes();
    (1..b.len()).any(|i| {
        b[i] == b'.'
            && b[i - 1].is_ascii_digit()
            && b.len() >= i + 4
            && b[i + 1..i + 4].iter().all(u8::is_ascii_digit)
            && b.get(i + 4).is_none_or(|c| !c.is_ascii_digit())
    }) || (1..b.len()).any(|i| {
        b[i] == b',' && b[i - 1].is_ascii_digit() && b.get(i + 1).is_some_and(|c| c.is_ascii_digit()) && {
            // "4,9" or "278,5": a comma followed by other than exactly three digits.
            let digits = b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
            digits != 3
        }
    })
}

#[test]
fn the_overview_navigation_and_totals_write_english_numbers() {
    let dir = temp();
    let file = sample_in(dir.path());
    let mut h = english_on(&file, dir.path());
    // The sample's figures for 2014–2023 (the overview's range), as
    // tests/ui_charts.rs reads them in Vietnamese.
    for figure in ["1,518", "15.61 billion VND", "22.43 billion VND", "Projects (110)", "Facilities (103)"] {
        assert!(h.query_all_by_label(figure).next().is_some(), "{figure} in {:?}", visible_texts(&h));
    }
    let texts = visible_texts(&h);
    let vietnamese: Vec<&String> = texts.iter().filter(|t| has_vietnamese_grouping(t)).collect();
    assert!(vietnamese.is_empty(), "Vietnamese numbers in the English overview: {vietnamese:?}");

    // A list's totals: "Total: 110 projects · support 16,091.5 million VND · …".
    click_prefix(&mut h, "Projects (");
    let (projects, support) = db(&file)
        .query_row("SELECT COUNT(*), SUM(support_vnd) FROM projects", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    let total = format!(
        "Total: {} projects · support {} million VND",
        format_int_in(projects, Lang::En),
        format_million_in(support, Lang::En)
    );
    assert!(total.contains(','), "{total}");
    assert!(h.query_by_label_contains(&total).is_some(), "{total} in {:?}", visible_texts(&h));
    let texts = visible_texts(&h);
    let vietnamese: Vec<&String> = texts.iter().filter(|t| has_vietnamese_grouping(t)).collect();
    assert!(vietnamese.is_empty(), "Vietnamese numbers in the English list: {vietnamese:?}");
}

#[test]
fn vietnamese_stays_vietnamese() {
    let dir = temp();
    let file = sample_in(dir.path());
    let h = harness(app_on(&file, dir.path()));
    for figure in ["1.518", "15,61 tỷ đồng", "22,43 tỷ đồng", "Đề án (110)"] {
        assert!(h.query_all_by_label(figure).next().is_some(), "{figure} in {:?}", visible_texts(&h));
    }
}

/// Saves a new project whose support is typed as `support`, in `lang`, and
/// returns what the file holds (None: nothing was saved).
fn save_project_with_support(lang: Lang, support: &str) -> (Option<i64>, Vec<String>) {
    let dir = temp();
    let file = empty_in(dir.path(), "sổ.db");
    let mut h = match lang {
        Lang::En => english_on(&file, dir.path()),
        Lang::Vi => harness(app_on(&file, dir.path())),
    };
    let pick = |vi: &'static str, en: &'static str| lang.pick(vi, en);
    click_prefix(&mut h, pick("Đề án (0)", "Projects (0)"));
    click(&mut h, pick("Thêm mới", "New"));
    type_into(&mut h, pick("Năm *", "Year *"), "2024");
    type_into(&mut h, pick("Tên đề án *", "Project title *"), "Máy sấy");
    choose(&mut h, pick("Nội dung *", "Content *"), content_label(lang));
    type_into(&mut h, pick("Kinh phí hỗ trợ (triệu đồng) *", "Support (million VND) *"), support);
    let texts = visible_texts(&h);
    click(&mut h, pick("Lưu", "Save"));
    let saved = db(&file).query_row("SELECT support_vnd FROM projects", [], |r| r.get::<_, i64>(0)).ok();
    (saved, texts)
}

fn content_label(lang: Lang) -> &'static str {
    use khuyencong::domain::Code;
    let first = khuyencong::domain::codes::ProjectContent::ALL[0];
    match lang {
        Lang::Vi => first.label_vi(),
        Lang::En => first.label_en(),
    }
}

#[test]
fn an_english_amount_typed_in_the_form_is_stored_as_meant() {
    assert_eq!(save_project_with_support(Lang::En, "1,200.5").0, Some(1_200_500_000));
    assert_eq!(save_project_with_support(Lang::En, "278.5").0, Some(278_500_000));
    assert_eq!(save_project_with_support(Lang::En, "1,235").0, Some(1_235_000_000));
    // Vietnamese keeps its own way.
    assert_eq!(save_project_with_support(Lang::Vi, "1.200,5").0, Some(1_200_500_000));
    assert_eq!(save_project_with_support(Lang::Vi, "1,235").0, Some(1_235_000));
}

#[test]
fn an_english_amount_written_the_vietnamese_way_is_refused_not_guessed() {
    let (saved, texts) = save_project_with_support(Lang::En, "278,5");
    assert_eq!(saved, None, "nothing is saved");
    assert!(texts.iter().any(|t| t == "Not a number; write it like 3,900 or 278.5."), "{texts:?}");
}
