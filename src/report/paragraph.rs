//! The paragraph officers write in their yearly report ("báo cáo"), in the
//! style of Vĩnh Long's 2024 press article on ten years of khuyến công:
//! projects by funding source with their support and counterpart money,
//! then trainings, then design support. Every figure comes from a `Summary`.

use crate::domain::Code;
use crate::domain::codes::{FundingSource, ProjectContent, TrainingKind};
use crate::domain::number::{format_billion_in, format_f64_in, format_int_in, format_million_in};
use crate::i18n::Lang;
use crate::workbook::plans::PlanWithProgress;
use crate::workbook::summary::{Money, Summary};

/// A tenth of a billion đồng (100 triệu): the step of "4,9 tỷ".
const TENTH_OF_BILLION: i64 = 100_000_000;
const TEN_BILLION: i64 = 10_000_000_000;
const ONE_BILLION: i64 = 1_000_000_000;

/// What an amount of money is: that decides how the paragraph writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Amount {
    /// Kinh phí hỗ trợ: budget money, settled to the million and always
    /// reported exactly in million đồng, however large ("3.900 triệu đồng",
    /// "10.862 triệu đồng").
    Support,
    /// Vốn đối ứng: the facilities' own investment, which officers report
    /// in round figures (see [`money_words`]).
    Counterpart,
}

/// An amount of whole đồng written as officers write it in a report.
///
/// Support is always exact in million đồng. Counterpart money:
/// - below 1 tỷ (1.000 triệu): exact, in million đồng ("845 triệu đồng");
/// - from 1 to under 10 tỷ: in tỷ when it is an exact tenth of a billion
///   ("4,9 tỷ đồng", "5 tỷ đồng"), otherwise exact in million đồng
///   ("6.096 triệu đồng");
/// - from 10 tỷ on: in tỷ with one decimal, never rounded up. An exact tenth
///   is written as it is ("11,4 tỷ đồng"); anything else is cut down to the
///   tenth below and said to be more than that ("hơn 11,4 tỷ đồng" for
///   11.437 triệu, "hơn 11 tỷ đồng" for 11.050 triệu), so the sentence is
///   always true.
///
/// English uses the same rule with English numbers ("4.9 billion VND",
/// "over 11.4 billion VND", "6,096 million VND").
pub fn money_words(dong: i64, amount: Amount, lang: Lang) -> String {
    let (million, billion, over) = match lang {
        Lang::Vi => ("triệu đồng", "tỷ đồng", "hơn "),
        Lang::En => ("million VND", "billion VND", "over "),
    };
    let exact_tenth = dong % TENTH_OF_BILLION == 0;
    match amount {
        Amount::Counterpart if dong >= TEN_BILLION => {
            let tenths = dong - dong % TENTH_OF_BILLION;
            let more = if exact_tenth { "" } else { over };
            format!("{more}{} {billion}", format_billion_in(tenths, 1, lang))
        }
        Amount::Counterpart if dong >= ONE_BILLION && exact_tenth => {
            format!("{} {billion}", format_billion_in(dong, 1, lang))
        }
        _ => format!("{} {million}", format_million_in(dong, lang)),
    }
}

/// The yearly-report paragraph for the summary's year range, in `lang`.
pub fn report_paragraph(s: &Summary, office: &str, lang: Lang) -> String {
    let office = match office.trim() {
        "" => lang.pick("Trung tâm", "the Centre"),
        name => name,
    };
    let intro = match (lang, s.from == s.to) {
        (Lang::Vi, true) => format!("Năm {}", s.from),
        (Lang::Vi, false) => format!("Giai đoạn {}–{}", s.from, s.to),
        (Lang::En, true) => format!("In {}", s.from),
        (Lang::En, false) => format!("In {}–{}", s.from, s.to),
    };
    let w = Words { lang };
    let mut sentences: Vec<String> = Vec::new();

    // Projects: each one in exactly one clause. Demonstration models of every
    // source have their own clause, so they are taken out of the sources'.
    let models = kind_total(s, ProjectContent::DemonstrationModel);
    let national = source_less_models(s, FundingSource::National);
    let local = source_less_models(s, FundingSource::Local);
    let all = Money {
        count: s.projects.count,
        support_vnd: s.projects.support_vnd,
        counterpart_vnd: s.projects.counterpart_vnd,
    };
    let other = minus(minus(minus(all, national), local), models);
    let machinery = |m: Money, source: Option<FundingSource>| {
        let machines = match source {
            Some(source) => s.projects.of(source, ProjectContent::Machinery).count,
            None => {
                kind_total(s, ProjectContent::Machinery).count
                    - s.projects.of(FundingSource::National, ProjectContent::Machinery).count
                    - s.projects.of(FundingSource::Local, ProjectContent::Machinery).count
            }
        };
        m.count > 0 && machines == m.count
    };
    let mut counterpart_named = false;
    let mut clauses = Vec::new();
    for (group, m, source) in [
        (Group::National, national, Some(FundingSource::National)),
        (Group::Local, local, Some(FundingSource::Local)),
        (Group::Models, models, None),
        (Group::Other, other, None),
    ] {
        if m.count <= 0 {
            continue;
        }
        let all_machinery = group != Group::Models && machinery(m, source);
        let name = w.projects(group, m.count, all_machinery);
        clauses.push(format!("{name}{}", w.funds(m, &mut counterpart_named)));
    }
    if !clauses.is_empty() {
        sentences.push(match lang {
            Lang::Vi => format!("{intro}, {office} đã hỗ trợ {}.", clauses.join("; ")),
            Lang::En => format!("{intro}, {office} supported {}.", join_en(&clauses, "; ", "; and ")),
        });
    }

    // Trainings.
    let vocational = s.trainings.of(TrainingKind::Vocational);
    let craft = s.trainings.of(TrainingKind::CraftTransfer);
    let courses = s.trainings.of(TrainingKind::Course).count;
    let workshops = s.trainings.of(TrainingKind::Workshop).count;
    let tours = s.trainings.of(TrainingKind::StudyTour).count;
    let mut items = Vec::new();
    if vocational.count + craft.count > 0 {
        items.push(w.vocational(vocational.count, craft.count, vocational.trainees + craft.trainees));
    }
    if courses + workshops > 0 {
        items.push(w.courses(courses, workshops));
    }
    if tours > 0 {
        items.push(w.tours(tours));
    }
    if !items.is_empty() {
        sentences.push(match (lang, sentences.is_empty()) {
            (Lang::Vi, true) => format!("{intro}, {office} đã tổ chức {}.", items.join("; ")),
            (Lang::Vi, false) => format!("Về đào tạo, đã tổ chức {}.", items.join("; ")),
            (Lang::En, true) => format!("{intro}, {office} organised {}.", join_en(&items, ", ", " and ")),
            (Lang::En, false) => format!("It also organised {}.", join_en(&items, ", ", " and ")),
        });
    }

    // Design support, counted in distinct facilities.
    let facilities = s.design_supports.facilities;
    if facilities > 0 {
        let n = w.count(facilities);
        sentences.push(match (lang, sentences.is_empty()) {
            (Lang::Vi, true) => {
                format!("{intro}, {office} đã hỗ trợ tư vấn thiết kế mẫu mã, bao bì cho {n} cơ sở.")
            }
            (Lang::Vi, false) => format!("Đã hỗ trợ tư vấn thiết kế mẫu mã, bao bì cho {n} cơ sở."),
            (Lang::En, true) => format!(
                "{intro}, {office} provided product and packaging design consulting to {n} {}.",
                plural(facilities, "facility", "facilities")
            ),
            (Lang::En, false) => format!(
                "In addition, {n} {} product and packaging design consulting.",
                plural(facilities, "facility received", "facilities received")
            ),
        });
    }

    if sentences.is_empty() {
        return match lang {
            Lang::Vi => format!("{intro} chưa có số liệu khuyến công trong sổ."),
            Lang::En => {
                let years =
                    if s.from == s.to { s.from.to_string() } else { format!("{}–{}", s.from, s.to) };
                format!("The workbook holds no industrial-extension figures for {years}.")
            }
        };
    }
    sentences.join(" ")
}

/// What the plans say of the years `from..=to`: for each plan whose lines
/// of those years set targets, "Đối chiếu Kế hoạch khuyến công năm 2024
/// (Quyết định số 285/QĐ-UBND), kinh phí thực hiện đạt 60,5% kế hoạch; 3/9
/// chỉ tiêu đạt hoặc vượt." Empty when no plan covers the years.
pub fn plan_sentences(plans: &[PlanWithProgress], from: i32, to: i32, lang: Lang) -> String {
    let mut out = Vec::new();
    for p in plans {
        let plan = &p.stored.record;
        let progress = p.progress.within(plan, from, to);
        let (met, with_target) = progress.lines_met();
        if with_target == 0 {
            continue;
        }
        let decision = if plan.decision_no.is_empty() {
            String::new()
        } else {
            match lang {
                Lang::Vi => format!(" (Quyết định số {})", plan.decision_no),
                Lang::En => format!(" (Decision No. {})", plan.decision_no),
            }
        };
        let (m, n) = (format_int_in(met as i64, lang), format_int_in(with_target as i64, lang));
        let money = progress.money_share().map(|s| format_f64_in(s, 1, lang));
        out.push(match (lang, money) {
            (Lang::Vi, Some(s)) => format!(
                "Đối chiếu {}{decision}, kinh phí thực hiện đạt {s}% kế hoạch; {m}/{n} chỉ tiêu đạt hoặc vượt kế hoạch.",
                plan.title
            ),
            (Lang::Vi, None) => {
                format!("Đối chiếu {}{decision}, {m}/{n} chỉ tiêu đạt hoặc vượt kế hoạch.", plan.title)
            }
            (Lang::En, Some(s)) => format!(
                "Against the plan \u{201c}{}\u{201d}{decision}, spending reached {s}% of the plan; {m} of {n} targets were met or exceeded.",
                plan.title
            ),
            (Lang::En, None) => format!(
                "Against the plan \u{201c}{}\u{201d}{decision}, {m} of {n} targets were met or exceeded.",
                plan.title
            ),
        });
    }
    out.join(" ")
}

/// The report paragraph, then what the plans of its years say.
pub fn report_with_plans(s: &Summary, office: &str, plans: &[PlanWithProgress], lang: Lang) -> String {
    let plans = plan_sentences(plans, s.from, s.to, lang);
    let paragraph = report_paragraph(s, office, lang);
    if plans.is_empty() { paragraph } else { format!("{paragraph} {plans}") }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Group {
    National,
    Local,
    Models,
    Other,
}

/// The wording of one language.
struct Words {
    lang: Lang,
}

impl Words {
    fn count(&self, n: i64) -> String {
        format_int_in(n, self.lang)
    }

    /// "14 đề án khuyến công quốc gia ứng dụng máy móc thiết bị tiên tiến".
    fn projects(&self, group: Group, n: i64, all_machinery: bool) -> String {
        let c = self.count(n);
        match self.lang {
            Lang::Vi => {
                let machinery =
                    if all_machinery { " ứng dụng máy móc thiết bị tiên tiến" } else { "" };
                match group {
                    Group::National => format!("{c} đề án khuyến công quốc gia{machinery}"),
                    Group::Local => format!("{c} đề án khuyến công địa phương{machinery}"),
                    Group::Models => format!("{c} mô hình trình diễn kỹ thuật sản xuất sản phẩm mới"),
                    Group::Other => format!("{c} đề án{machinery} từ nguồn kinh phí khác"),
                }
            }
            Lang::En => {
                let machinery = if all_machinery { " applying advanced machinery" } else { "" };
                let projects = plural(n, "project", "projects");
                match group {
                    Group::National => format!("{c} national-fund {projects}{machinery}"),
                    Group::Local => format!("{c} local-fund {projects}{machinery}"),
                    Group::Models => format!(
                        "{c} technical demonstration {} for new products",
                        plural(n, "model", "models")
                    ),
                    Group::Other => format!("{c} {projects}{machinery} funded from other sources"),
                }
            }
        }
    }

    /// " với kinh phí hỗ trợ …, vốn đối ứng …": the parts that are not zero.
    /// The first counterpart named says whose it is.
    fn funds(&self, m: Money, counterpart_named: &mut bool) -> String {
        let support = (m.support_vnd != 0).then(|| money_words(m.support_vnd, Amount::Support, self.lang));
        let counterpart =
            (m.counterpart_vnd != 0).then(|| money_words(m.counterpart_vnd, Amount::Counterpart, self.lang));
        let first = counterpart.is_some() && !*counterpart_named;
        *counterpart_named |= counterpart.is_some();
        match self.lang {
            Lang::Vi => {
                let whose = if first { "vốn đối ứng của cơ sở" } else { "vốn đối ứng" };
                let parts: Vec<String> = [
                    support.map(|v| format!("kinh phí hỗ trợ {v}")),
                    counterpart.map(|v| format!("{whose} {v}")),
                ]
                .into_iter()
                .flatten()
                .collect();
                if parts.is_empty() { String::new() } else { format!(" với {}", parts.join(", ")) }
            }
            Lang::En => {
                let whose = if first { " from the facilities" } else { "" };
                let parts: Vec<String> = [
                    support.map(|v| format!("{v} of support")),
                    counterpart.map(|v| format!("{v} of counterpart funds{whose}")),
                ]
                .into_iter()
                .flatten()
                .collect();
                if parts.is_empty() { String::new() } else { format!(", with {}", parts.join(" and ")) }
            }
        }
    }

    /// "13 lớp đào tạo nghề cho 400 học viên".
    fn vocational(&self, vocational: i64, craft: i64, trainees: i64) -> String {
        let n = vocational + craft;
        let c = self.count(n);
        let t = self.count(trainees);
        match self.lang {
            Lang::Vi => {
                let what = match (vocational > 0, craft > 0) {
                    (true, true) => "lớp đào tạo nghề, truyền nghề",
                    (false, _) => "lớp truyền nghề",
                    (true, false) => "lớp đào tạo nghề",
                };
                let whom = if trainees > 0 { format!(" cho {t} học viên") } else { String::new() };
                format!("{c} {what}{whom}")
            }
            Lang::En => {
                let what = match (vocational > 0, craft > 0) {
                    (true, true) => "vocational training and craft-transfer",
                    (false, _) => "craft-transfer",
                    (true, false) => "vocational training",
                };
                let classes = plural(n, "class", "classes");
                let whom = if trainees > 0 {
                    format!(" for {t} {}", plural(trainees, "trainee", "trainees"))
                } else {
                    String::new()
                };
                format!("{c} {what} {classes}{whom}")
            }
        }
    }

    /// "19 lớp tập huấn, hội thảo nâng cao năng lực quản lý cho cơ sở công nghiệp nông thôn".
    fn courses(&self, courses: i64, workshops: i64) -> String {
        let n = courses + workshops;
        let c = self.count(n);
        match self.lang {
            Lang::Vi => {
                let what = match (courses > 0, workshops > 0) {
                    (true, true) => "lớp tập huấn, hội thảo",
                    (true, false) => "lớp tập huấn",
                    (false, _) => "hội thảo",
                };
                format!("{c} {what} nâng cao năng lực quản lý cho cơ sở công nghiệp nông thôn")
            }
            Lang::En => {
                let what = match (courses > 0, workshops > 0) {
                    (true, true) => "training courses and workshops",
                    (true, false) => plural(n, "training course", "training courses"),
                    (false, _) => plural(n, "workshop", "workshops"),
                };
                format!("{c} {what} to build the management capacity of rural industrial facilities")
            }
        }
    }

    /// "2 đoàn tham quan, khảo sát học tập kinh nghiệm".
    fn tours(&self, n: i64) -> String {
        let c = self.count(n);
        match self.lang {
            Lang::Vi => format!("{c} đoàn tham quan, khảo sát học tập kinh nghiệm"),
            Lang::En => format!("{c} {}", plural(n, "study tour", "study tours")),
        }
    }
}

/// Totals of one content, all sources together.
pub(super) fn kind_total(s: &Summary, content: ProjectContent) -> Money {
    s.projects.by_kind.get(content.code()).copied().unwrap_or_default()
}

/// Totals of one source without its demonstration models.
pub(super) fn source_less_models(s: &Summary, source: FundingSource) -> Money {
    let all = s.projects.by_source.get(source.code()).copied().unwrap_or_default();
    minus(all, s.projects.of(source, ProjectContent::DemonstrationModel))
}

fn minus(a: Money, b: Money) -> Money {
    Money {
        count: a.count - b.count,
        support_vnd: a.support_vnd - b.support_vnd,
        counterpart_vnd: a.counterpart_vnd - b.counterpart_vnd,
    }
}

fn plural(n: i64, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}

/// "a, b and c" (or with `sep` "; " and `last` "; and ").
fn join_en(items: &[String], sep: &str, last: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., end] => format!("{}{last}{end}", rest.join(sep)),
    }
}
