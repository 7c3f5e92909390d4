//! The yearly-report paragraph ("báo cáo"): the published 2014–2023 figures
//! of the sample in both languages, the money wording, empty and one-year
//! ranges, and clauses left out when their count is zero.

mod common;

use common::{empty_in, sample_in, temp};
use khuyencong::domain::Project;
use khuyencong::domain::codes::{FundingSource, ProjectContent, ProjectStatus};
use khuyencong::i18n::Lang;
use khuyencong::report::paragraph::{Amount, money_words, report_paragraph};
use khuyencong::workbook::summary::{Money, People, Summary};
use khuyencong::workbook::{OpenMode, Workbook};

const MILLION: i64 = 1_000_000;

fn sample_summary(from: i32, to: i32) -> Summary {
    let dir = temp();
    let file = sample_in(dir.path());
    let wb = Workbook::open(&file, OpenMode::ReadOnly).unwrap();
    wb.summary(Some(from), Some(to)).unwrap()
}

fn assert_contains(text: &str, parts: &[&str]) {
    for part in parts {
        assert!(text.contains(part), "{part:?} missing from:\n{text}");
    }
}

/// Adds `n` projects of one source and content to a hand-made summary.
fn add_projects(s: &mut Summary, source: &str, content: &str, n: i64, support_m: i64, counterpart_m: i64) {
    let m = Money { count: n, support_vnd: support_m * MILLION, counterpart_vnd: counterpart_m * MILLION };
    let add = |into: &mut Money| {
        into.count += m.count;
        into.support_vnd += m.support_vnd;
        into.counterpart_vnd += m.counterpart_vnd;
    };
    let p = &mut s.projects;
    p.count += m.count;
    p.support_vnd += m.support_vnd;
    p.counterpart_vnd += m.counterpart_vnd;
    add(p.by_source.entry(source.into()).or_default());
    add(p.by_kind.entry(content.into()).or_default());
    add(p.by_source_kind.entry(source.into()).or_default().entry(content.into()).or_default());
}

fn add_trainings(s: &mut Summary, kind: &str, n: i64, trainees: i64) {
    s.trainings.count += n;
    s.trainings.trainees += trainees;
    let k = s.trainings.by_kind.entry(kind.into()).or_default();
    *k = People { count: k.count + n, trainees: k.trainees + trainees };
}

#[test]
fn vietnamese_paragraph_gives_the_published_figures() {
    let s = sample_summary(2014, 2023);
    let text = report_paragraph(&s, "", Lang::Vi);
    assert!(text.starts_with("Giai đoạn 2014–2023, Trung tâm đã hỗ trợ "), "{text}");
    assert_contains(
        &text,
        &[
            "14 đề án khuyến công quốc gia ứng dụng máy móc thiết bị tiên tiến",
            "3.900 triệu đồng",
            "6.096 triệu đồng",
            "85 đề án khuyến công địa phương",
            "10.862 triệu đồng",
            // 11.437 million: more than 11,4 tỷ, never rounded up to 11,5.
            "vốn đối ứng hơn 11,4 tỷ đồng",
            "3 mô hình trình diễn kỹ thuật sản xuất sản phẩm mới",
            "845 triệu đồng",
            "4,9 tỷ đồng",
            "13 lớp đào tạo nghề cho 400 học viên",
            "19 lớp tập huấn, hội thảo",
            "17 cơ sở",
        ],
    );
    // Nothing else: no other-source clause, no study tours, no zero figure.
    for absent in ["nguồn kinh phí khác", "tham quan", " 0 ", "11,5", "Giai đoạn 2014–2023 chưa"] {
        assert!(!text.contains(absent), "{absent:?} in:\n{text}");
    }
    // The office named by the caller replaces "Trung tâm".
    let office = "Trung tâm Khuyến công và Xúc tiến thương mại tỉnh Vĩnh Long";
    let named = report_paragraph(&s, office, Lang::Vi);
    assert!(named.starts_with(&format!("Giai đoạn 2014–2023, {office} đã hỗ trợ 14 ")), "{named}");
}

#[test]
fn english_paragraph_gives_the_published_figures() {
    let s = sample_summary(2014, 2023);
    let text = report_paragraph(&s, "", Lang::En);
    assert!(text.starts_with("In 2014–2023, the Centre supported 14 national"), "{text}");
    assert_contains(
        &text,
        &[
            "14 national-fund projects applying advanced machinery",
            "3,900 million VND",
            "6,096 million VND",
            "85 local",
            "10,862 million VND",
            "over 11.4 billion VND",
            "3 technical demonstration models",
            "845 million VND",
            "4.9 billion VND",
            "13 vocational training classes for 400 trainees",
            "19 training courses and workshops",
            "17 facilities",
        ],
    );
    // English numbers only: no Vietnamese grouping or words left over.
    for absent in ["3.900", "10.862", "4,9", "triệu", "tỷ", "Trung tâm"] {
        assert!(!text.contains(absent), "{absent:?} in:\n{text}");
    }
}

#[test]
fn a_range_without_data_says_so() {
    let dir = temp();
    let file = empty_in(dir.path(), "trống.db");
    let wb = Workbook::open(&file, OpenMode::ReadOnly).unwrap();
    let s = wb.summary(Some(2014), Some(2023)).unwrap();
    assert_eq!(
        report_paragraph(&s, "Phòng Kinh tế huyện Long Hồ", Lang::Vi),
        "Giai đoạn 2014–2023 chưa có số liệu khuyến công trong sổ."
    );
    assert_eq!(
        report_paragraph(&s, "", Lang::En),
        "The workbook holds no industrial-extension figures for 2014–2023."
    );
    // The sample holds nothing before 2014 either.
    let s = sample_summary(2010, 2010);
    assert_eq!(report_paragraph(&s, "", Lang::Vi), "Năm 2010 chưa có số liệu khuyến công trong sổ.");
}

#[test]
fn a_single_year_says_nam() {
    let s = sample_summary(2023, 2023);
    let text = report_paragraph(&s, "", Lang::Vi);
    assert!(text.starts_with("Năm 2023, Trung tâm "), "{text}");
    assert!(!text.contains("Giai đoạn"), "{text}");
    let en = report_paragraph(&s, "", Lang::En);
    assert!(en.starts_with("In 2023, the Centre "), "{en}");
    assert!(!en.contains("2023–2023"), "{en}");
}

#[test]
fn clauses_with_nothing_are_left_out() {
    let dir = temp();
    let file = empty_in(dir.path(), "một đề án.db");
    let mut wb = Workbook::open(&file, OpenMode::Normal).unwrap();
    wb.insert(&Project {
        code: "KCĐP-2020-01".into(),
        year: 2020,
        title: "Hỗ trợ máy sấy".into(),
        source: FundingSource::Local,
        content: ProjectContent::Machinery,
        facility_id: None,
        district: "Long Hồ".into(),
        commune: String::new(),
        support_vnd: 250 * MILLION,
        counterpart_vnd: 300 * MILLION,
        status: ProjectStatus::Settled,
        decision_no: String::new(),
        approved_on: None,
        accepted_on: None,
        note: String::new(),
    })
    .unwrap();
    let s = wb.summary(Some(2020), Some(2020)).unwrap();
    assert_eq!(
        report_paragraph(&s, "", Lang::Vi),
        "Năm 2020, Trung tâm đã hỗ trợ 1 đề án khuyến công địa phương ứng dụng máy móc thiết bị \
         tiên tiến với kinh phí hỗ trợ 250 triệu đồng, vốn đối ứng của cơ sở 300 triệu đồng."
    );
    assert_eq!(
        report_paragraph(&s, "", Lang::En),
        "In 2020, the Centre supported 1 local-fund project applying advanced machinery, with \
         250 million VND of support and 300 million VND of counterpart funds from the facilities."
    );
}

#[test]
fn hand_made_summary_counts_each_project_once() {
    let mut s = Summary { from: 2018, to: 2022, ..Summary::default() };
    // National: one trade fair and one machinery project, plus a national
    // demonstration model that belongs to the models clause only.
    add_projects(&mut s, "quoc_gia", "hoi_cho_trien_lam", 1, 100, 0);
    add_projects(&mut s, "quoc_gia", "may_moc_thiet_bi", 1, 300, 450);
    add_projects(&mut s, "quoc_gia", "mo_hinh_trinh_dien", 1, 1_000, 2_000);
    add_projects(&mut s, "dia_phuong", "mo_hinh_trinh_dien", 1, 278, 722);
    add_projects(&mut s, "khac", "tu_van", 2, 40, 0);
    add_trainings(&mut s, "truyen_nghe", 2, 1_234);
    add_trainings(&mut s, "tham_quan", 3, 60);
    let text = report_paragraph(&s, "Phòng Kinh tế", Lang::Vi);
    assert_eq!(
        text,
        "Giai đoạn 2018–2022, Phòng Kinh tế đã hỗ trợ 2 đề án khuyến công quốc gia với kinh phí hỗ trợ \
         400 triệu đồng, vốn đối ứng của cơ sở 450 triệu đồng; 2 mô hình trình diễn kỹ thuật sản xuất \
         sản phẩm mới với kinh phí hỗ trợ 1.278 triệu đồng, vốn đối ứng 2.722 triệu đồng; 2 đề án từ \
         nguồn kinh phí khác với kinh phí hỗ trợ 40 triệu đồng. Về đào tạo, đã tổ chức 2 lớp truyền \
         nghề cho 1.234 học viên; 3 đoàn tham quan, khảo sát học tập kinh nghiệm."
    );
    let en = report_paragraph(&s, "", Lang::En);
    assert_contains(
        &en,
        &[
            "2 national-fund projects, with 400 million VND",
            "2 technical demonstration models for new products, with 1,278 million VND",
            "; and 2 projects funded from other sources, with 40 million VND of support.",
            "It also organised 2 craft-transfer classes for 1,234 trainees and 3 study tours.",
        ],
    );
    assert!(!en.contains("local"), "{en}");
}

#[test]
fn the_first_sentence_carries_the_years_whatever_it_is() {
    let mut s = Summary { from: 2021, to: 2021, ..Summary::default() };
    s.design_supports.count = 2;
    s.design_supports.facilities = 1;
    assert_eq!(
        report_paragraph(&s, "", Lang::Vi),
        "Năm 2021, Trung tâm đã hỗ trợ tư vấn thiết kế mẫu mã, bao bì cho 1 cơ sở."
    );
    assert_eq!(
        report_paragraph(&s, "", Lang::En),
        "In 2021, the Centre provided product and packaging design consulting to 1 facility."
    );
    add_trainings(&mut s, "tap_huan", 1, 40);
    assert_eq!(
        report_paragraph(&s, "", Lang::Vi),
        "Năm 2021, Trung tâm đã tổ chức 1 lớp tập huấn nâng cao năng lực quản lý cho cơ sở công \
         nghiệp nông thôn. Đã hỗ trợ tư vấn thiết kế mẫu mã, bao bì cho 1 cơ sở."
    );
}

#[test]
fn support_money_is_always_exact_million() {
    let vi = |m: i64| money_words(m, Amount::Support, Lang::Vi);
    assert_eq!(vi(3_900 * MILLION), "3.900 triệu đồng");
    assert_eq!(vi(278_500_000), "278,5 triệu đồng");
    assert_eq!(vi(845 * MILLION), "845 triệu đồng");
    assert_eq!(vi(10_862 * MILLION), "10.862 triệu đồng");
    assert_eq!(vi(5_000 * MILLION), "5.000 triệu đồng");
    assert_eq!(money_words(10_862 * MILLION, Amount::Support, Lang::En), "10,862 million VND");
    assert_eq!(money_words(278_500_000, Amount::Support, Lang::En), "278.5 million VND");
}

#[test]
fn counterpart_money_is_rounded_down_never_up() {
    let vi = |m: i64| money_words(m, Amount::Counterpart, Lang::Vi);
    let en = |m: i64| money_words(m, Amount::Counterpart, Lang::En);
    // Below 1 tỷ: exact million.
    assert_eq!(vi(845 * MILLION), "845 triệu đồng");
    assert_eq!(vi(999_900_000), "999,9 triệu đồng");
    // 1 to under 10 tỷ: tỷ only for an exact tenth of a billion.
    assert_eq!(vi(4_900 * MILLION), "4,9 tỷ đồng");
    assert_eq!(vi(1_000 * MILLION), "1 tỷ đồng");
    assert_eq!(vi(5_000 * MILLION), "5 tỷ đồng");
    assert_eq!(vi(6_096 * MILLION), "6.096 triệu đồng");
    assert_eq!(vi(9_999 * MILLION), "9.999 triệu đồng");
    assert_eq!(vi(4_900 * MILLION + 1), "4.900,000001 triệu đồng");
    // From 10 tỷ: one decimal, cut down, "hơn" when something was cut.
    assert_eq!(vi(10_000 * MILLION), "10 tỷ đồng");
    assert_eq!(vi(11_400 * MILLION), "11,4 tỷ đồng");
    assert_eq!(vi(11_437 * MILLION), "hơn 11,4 tỷ đồng");
    assert_eq!(vi(11_499 * MILLION), "hơn 11,4 tỷ đồng");
    assert_eq!(vi(11_050 * MILLION), "hơn 11 tỷ đồng");
    assert_eq!(vi(10_000 * MILLION + 1), "hơn 10 tỷ đồng");
    assert_eq!(vi(1_234_567 * MILLION), "hơn 1.234,5 tỷ đồng");
    // English: the same rule, English numbers.
    assert_eq!(en(4_900 * MILLION), "4.9 billion VND");
    assert_eq!(en(6_096 * MILLION), "6,096 million VND");
    assert_eq!(en(11_437 * MILLION), "over 11.4 billion VND");
    assert_eq!(en(1_234_567 * MILLION), "over 1,234.5 billion VND");
    assert_eq!(en(12_000 * MILLION), "12 billion VND");
}
