//! Plans: the province's annual khuyến công plan ("kế hoạch khuyến công
//! năm 2024") and its multi-year programme ("chương trình giai đoạn
//! 2026–2030"), each approved by a decision, with lines that set targets for
//! an activity; and what counts as reaching them. No I/O.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

pub use crate::domain::codes::PlanKind;
use crate::domain::codes::{Code, FundingSource, ProjectContent, TrainingKind};
use crate::domain::number::{
    format_int, format_int_in, format_million, format_million_in, parse_count, parse_million, plural,
};
use crate::domain::text::{clean_line, fold};
pub use crate::domain::validate::LineProblem;
use crate::i18n::Lang;

/// The most years a programme spans (the province's are five).
pub const MAX_PLAN_YEARS: i32 = 10;
/// The most lines one plan holds: an annex lists a few dozen.
pub const MAX_PLAN_LINES: usize = 300;
/// The longest kept lines (JSON): a line is well under a kilobyte.
pub const MAX_LINES_JSON_BYTES: usize = MAX_PLAN_LINES * 1024;

/// What a plan line sets a target for: the records that count towards it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Activity {
    /// Projects of one content (advanced machinery, trade fairs…).
    Project(ProjectContent),
    /// Classes of one kind (vocational training, workshops…).
    Training(TrainingKind),
    /// Product and packaging design support, of any form.
    Design,
}

/// What a line's count counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Projects,
    Classes,
    Facilities,
}

impl Unit {
    /// "3 đề án", "1 project", "2 classes".
    pub fn count(self, n: i64, lang: Lang) -> String {
        let one = match self {
            Unit::Projects => "project",
            Unit::Classes => "class",
            Unit::Facilities => "facility",
        };
        match lang {
            Lang::Vi => format!("{} {}", format_int_in(n, lang), self.label(lang)),
            Lang::En => plural(n, &format_int_in(n, lang), one, self.label(lang)),
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Unit::Projects => lang.pick("đề án", "projects"),
            Unit::Classes => lang.pick("lớp", "classes"),
            Unit::Facilities => lang.pick("cơ sở", "facilities"),
        }
    }
}

const DESIGN_CODE: &str = "thiet_ke";

impl Activity {
    /// Every activity, in the order of the report's tables.
    pub fn all() -> Vec<Activity> {
        let mut all: Vec<Activity> = ProjectContent::ALL.iter().map(|c| Activity::Project(*c)).collect();
        all.extend(TrainingKind::ALL.iter().map(|k| Activity::Training(*k)));
        all.push(Activity::Design);
        all
    }

    /// The stable code kept in the workbook: "de_an:may_moc_thiet_bi",
    /// "dao_tao:tap_huan", "thiet_ke".
    pub fn code(self) -> String {
        match self {
            Activity::Project(c) => format!("de_an:{}", c.code()),
            Activity::Training(k) => format!("dao_tao:{}", k.code()),
            Activity::Design => DESIGN_CODE.to_string(),
        }
    }

    pub fn from_code(code: &str) -> Option<Activity> {
        if code == DESIGN_CODE {
            return Some(Activity::Design);
        }
        match code.split_once(':')? {
            ("de_an", c) => ProjectContent::from_code(c).map(Activity::Project),
            ("dao_tao", k) => TrainingKind::from_code(k).map(Activity::Training),
            _ => None,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Activity::Project(c) => c.label(lang),
            Activity::Training(k) => k.label(lang),
            Activity::Design => {
                lang.pick("Tư vấn thiết kế mẫu mã, bao bì", "Product and packaging design consulting")
            }
        }
    }

    pub fn unit(self) -> Unit {
        match self {
            Activity::Project(_) => Unit::Projects,
            Activity::Training(_) => Unit::Classes,
            Activity::Design => Unit::Facilities,
        }
    }

    /// Whether a target of trainees fits (classes only).
    pub fn has_trainees(self) -> bool {
        matches!(self, Activity::Training(_))
    }

    /// The activity an annex names, as officers word it ("Hỗ trợ ứng dụng
    /// máy móc thiết bị tiên tiến", "Tổ chức hội chợ, triển lãm", a code or
    /// a label in either language). `None` when no rule matches, or when
    /// the words name two activities ("Tập huấn, hội thảo"): the import
    /// asks rather than guesses.
    pub fn recognise(text: &str) -> Option<Activity> {
        let text = text.trim();
        if let Some(a) = Activity::from_code(text) {
            return Some(a);
        }
        let key = fold(text);
        if let Some(a) = Activity::all().into_iter().find(|a| {
            fold(a.label(Lang::Vi)) == key || fold(a.label(Lang::En)) == key || fold(&a.code()) == key
        }) {
            return Some(a);
        }
        let mut found: Vec<Activity> = Vec::new();
        for (words, activity) in KEYWORDS {
            if words.iter().any(|w| key.contains(w)) && !found.contains(activity) {
                found.push(*activity);
            }
        }
        match found.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    }
}

/// Words (folded) that name an activity in an annex.
const KEYWORDS: &[(&[&str], Activity)] = &[
    (&["may moc", "thiet bi tien tien", "day chuyen"], Activity::Project(ProjectContent::Machinery)),
    (&["trinh dien"], Activity::Project(ProjectContent::DemonstrationModel)),
    (&["tieu bieu"], Activity::Project(ProjectContent::TypicalProduct)),
    (&["hoi cho", "trien lam", "cung cau", "ket noi"], Activity::Project(ProjectContent::TradeFair)),
    (&["san xuat sach"], Activity::Project(ProjectContent::CleanerProduction)),
    (&["chuyen doi so", "chuyen doi xanh"], Activity::Project(ProjectContent::DigitalGreen)),
    (&["thong tin", "tuyen truyen"], Activity::Project(ProjectContent::Information)),
    (&["cum cong nghiep", "lien ket"], Activity::Project(ProjectContent::Clusters)),
    (&["dao tao nghe"], Activity::Training(TrainingKind::Vocational)),
    (&["truyen nghe"], Activity::Training(TrainingKind::CraftTransfer)),
    (&["tap huan", "boi duong"], Activity::Training(TrainingKind::Course)),
    (&["hoi thao"], Activity::Training(TrainingKind::Workshop)),
    (&["tham quan", "khao sat"], Activity::Training(TrainingKind::StudyTour)),
    (&["thiet ke", "mau ma", "bao bi", "nhan hieu"], Activity::Design),
];

/// One line of a plan: a target for an activity, in one year of the plan
/// or in all of them, from one funding source or any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanLine {
    /// `None`: every year of the plan.
    pub year: Option<i32>,
    pub activity: Activity,
    /// `None`: every source.
    pub source: Option<FundingSource>,
    /// Projects, classes or facilities (see [`Activity::unit`]).
    pub target_count: Option<i64>,
    pub target_trainees: Option<i64>,
    /// Planned money, whole đồng.
    pub target_vnd: Option<i64>,
    pub note: String,
}

/// Kế hoạch khuyến công: a year's plan or a programme of several years.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub kind: PlanKind,
    pub title: String,
    pub from_year: i32,
    pub to_year: i32,
    /// "123/QĐ-UBND".
    pub decision_no: String,
    pub decided_on: Option<Date>,
    /// Who approved it ("Chủ tịch UBND tỉnh").
    pub approved_by: String,
    pub note: String,
    pub lines: Vec<PlanLine>,
}

impl Plan {
    pub fn covers(&self, year: i32) -> bool {
        (self.from_year..=self.to_year).contains(&year)
    }

    /// Whether the plan shares a year with `from..=to`.
    pub fn overlaps(&self, from: i32, to: i32) -> bool {
        self.from_year <= to && from <= self.to_year
    }

    /// "2024" or "2026–2030".
    pub fn years(&self) -> String {
        if self.from_year == self.to_year {
            self.from_year.to_string()
        } else {
            format!("{}–{}", self.from_year, self.to_year)
        }
    }
}

impl PlanLine {
    /// The years whose records count towards the line.
    pub fn years(&self, plan: &Plan) -> (i32, i32) {
        match self.year {
            Some(y) => (y, y),
            None => (plan.from_year, plan.to_year),
        }
    }
}

/// A line as the workbook keeps it (in the plan's `lines` column, JSON):
/// codes as codes, money in đồng.
#[derive(Serialize, Deserialize)]
struct StoredLine {
    #[serde(default)]
    nam: Option<i32>,
    hoat_dong: String,
    #[serde(default)]
    nguon: Option<String>,
    #[serde(default)]
    so_luong: Option<i64>,
    #[serde(default)]
    hoc_vien: Option<i64>,
    #[serde(default)]
    kinh_phi_vnd: Option<i64>,
    #[serde(default)]
    ghi_chu: String,
}

/// The plan's lines as kept in the workbook.
pub fn lines_to_json(lines: &[PlanLine]) -> String {
    let stored: Vec<StoredLine> = lines
        .iter()
        .map(|l| StoredLine {
            nam: l.year,
            hoat_dong: l.activity.code(),
            nguon: l.source.map(|s| s.code().to_string()),
            so_luong: l.target_count,
            hoc_vien: l.target_trainees,
            kinh_phi_vnd: l.target_vnd,
            ghi_chu: l.note.clone(),
        })
        .collect();
    serde_json::to_string(&stored).unwrap_or_else(|_| "[]".to_string())
}

/// Why kept lines cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinesError {
    /// Not the JSON a workbook keeps.
    Unreadable,
    TooMany,
    /// Line `n` (from 1) names an unknown activity or source.
    UnknownCode(usize),
}

/// The lines kept in a workbook (or a file from another office): bounded
/// before anything is built, every code checked.
pub fn lines_from_json(text: &str) -> Result<Vec<PlanLine>, LinesError> {
    // A line is under 300 bytes; a longer text is not lines of this program.
    if text.len() > MAX_LINES_JSON_BYTES {
        return Err(LinesError::TooMany);
    }
    let stored: Vec<StoredLine> = serde_json::from_str(text).map_err(|_| LinesError::Unreadable)?;
    if stored.len() > MAX_PLAN_LINES {
        return Err(LinesError::TooMany);
    }
    stored
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            let activity = Activity::from_code(&s.hoat_dong).ok_or(LinesError::UnknownCode(i + 1))?;
            let source = match s.nguon.as_deref() {
                None | Some("") => None,
                Some(code) => Some(FundingSource::from_code(code).ok_or(LinesError::UnknownCode(i + 1))?),
            };
            Ok(PlanLine {
                year: s.nam,
                activity,
                source,
                target_count: s.so_luong,
                target_trainees: s.hoc_vien,
                target_vnd: s.kinh_phi_vnd,
                note: s.ghi_chu,
            })
        })
        .collect()
}

/// A line as typed in the form or read from an annex: the text of each
/// field, numbers the Vietnamese way like every draft. A plan's draft keeps
/// its lines as these, in JSON, in the column "cac_dong".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineText {
    #[serde(default)]
    pub nam: String,
    /// An activity code, or words that name one.
    #[serde(default)]
    pub hoat_dong: String,
    #[serde(default)]
    pub nguon: String,
    #[serde(default)]
    pub so_luong: String,
    #[serde(default)]
    pub hoc_vien: String,
    /// Million đồng.
    #[serde(default)]
    pub kinh_phi: String,
    #[serde(default)]
    pub ghi_chu: String,
}

impl LineText {
    pub fn of(line: &PlanLine) -> Self {
        let count = |v: Option<i64>| v.map(format_int).unwrap_or_default();
        LineText {
            nam: line.year.map(|y| y.to_string()).unwrap_or_default(),
            hoat_dong: line.activity.code(),
            nguon: line.source.map(|s| s.code().to_string()).unwrap_or_default(),
            so_luong: count(line.target_count),
            hoc_vien: count(line.target_trainees),
            kinh_phi: line.target_vnd.map(format_million).unwrap_or_default(),
            ghi_chu: line.note.clone(),
        }
    }

    /// The line typed here, or what is wrong with it.
    pub fn read(&self) -> Result<PlanLine, Vec<LineProblem>> {
        let mut problems = Vec::new();
        let mut number = |text: &str, money: bool, which: LineField| {
            let text = text.trim();
            if text.is_empty() {
                return None;
            }
            let read = if money { parse_million(text) } else { parse_count(text) };
            read.map_err(|_| problems.push(LineProblem::BadNumber(which))).ok()
        };
        let year = number(&self.nam, false, LineField::Year);
        let target_count = number(&self.so_luong, false, LineField::Count);
        let target_trainees = number(&self.hoc_vien, false, LineField::Trainees);
        let target_vnd = number(&self.kinh_phi, true, LineField::Money);
        let activity = Activity::recognise(&self.hoat_dong);
        if activity.is_none() {
            problems.push(LineProblem::UnknownActivity);
        }
        let source = match self.nguon.trim() {
            "" => None,
            text => {
                let found = FundingSource::parse_loose(text);
                if found.is_none() {
                    problems.push(LineProblem::UnknownSource);
                }
                found
            }
        };
        let year = match year.map(i32::try_from) {
            Some(Ok(y)) => Some(y),
            Some(Err(_)) => {
                problems.push(LineProblem::BadNumber(LineField::Year));
                None
            }
            None => None,
        };
        match activity {
            Some(activity) if problems.is_empty() => Ok(PlanLine {
                year,
                activity,
                source,
                target_count,
                target_trainees,
                target_vnd,
                note: clean_line(&self.ghi_chu),
            }),
            _ => Err(problems),
        }
    }
}

/// The lines typed in a draft's "cac_dong" (JSON of [`LineText`]).
pub fn line_texts(json: &str) -> Result<Vec<LineText>, LinesError> {
    if json.trim().is_empty() {
        return Ok(Vec::new());
    }
    if json.len() > MAX_PLAN_LINES * 2048 {
        return Err(LinesError::TooMany);
    }
    let texts: Vec<LineText> = serde_json::from_str(json).map_err(|_| LinesError::Unreadable)?;
    if texts.len() > MAX_PLAN_LINES {
        return Err(LinesError::TooMany);
    }
    Ok(texts)
}

/// The draft's text of typed lines (empty for none).
pub fn line_texts_json(texts: &[LineText]) -> String {
    if texts.is_empty() {
        return String::new();
    }
    serde_json::to_string(texts).unwrap_or_default()
}

/// A draft's typed lines in a few words, for a conflict or a pair: "9
/// dòng; kinh phí 920 triệu đồng".
pub fn lines_summary(json: &str, lang: Lang) -> String {
    let Ok(texts) = line_texts(json) else {
        return lang.pick("(không đọc được các dòng)", "(lines unreadable)").to_string();
    };
    let money: i64 =
        texts.iter().filter_map(|t| parse_million(t.kinh_phi.trim()).ok()).fold(0, i64::saturating_add);
    let n = format_int_in(texts.len() as i64, lang);
    let m = format_million_in(money, lang);
    match lang {
        Lang::Vi => format!("{n} dòng; kinh phí {m} triệu đồng"),
        Lang::En => format!("{}; {m} million VND", plural(texts.len() as i64, &n, "line", "lines")),
    }
}

/// Which typed field of a line is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineField {
    Year,
    Count,
    Trainees,
    Money,
}

/// What the records of a line's years hold.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Actual {
    /// Projects, classes, or facilities given design support (the line's unit).
    pub count: i64,
    pub trainees: i64,
    /// Support (projects, design) or cost (classes), whole đồng.
    pub vnd: i64,
    /// Distinct facilities among the records.
    pub facilities: i64,
}

/// A line's targets against its records.
#[derive(Debug, Clone, PartialEq)]
pub struct LineProgress {
    pub line: PlanLine,
    pub actual: Actual,
}

/// Share of a target reached, in percent: `None` without a target (or a zero one).
pub fn share(actual: i64, target: Option<i64>) -> Option<f64> {
    match target {
        Some(t) if t > 0 => Some(actual as f64 * 100.0 / t as f64),
        _ => None,
    }
}

impl LineProgress {
    /// The shares of each target set: count, trainees, money.
    pub fn shares(&self) -> [Option<f64>; 3] {
        [
            share(self.actual.count, self.line.target_count),
            share(self.actual.trainees, self.line.target_trainees),
            share(self.actual.vnd, self.line.target_vnd),
        ]
    }

    /// The line's progress: its least reached target (a line is met when
    /// every target is), capped at nothing — over 100 % says "exceeded".
    pub fn progress(&self) -> Option<f64> {
        self.shares().into_iter().flatten().reduce(f64::min)
    }

    pub fn met(&self) -> bool {
        self.progress().is_some_and(|p| p >= 100.0)
    }

    /// Its years are over and a target is not met: marked on the Plans
    /// screen and in the report.
    pub fn missed(&self, plan: &Plan, this_year: i32) -> bool {
        self.line.years(plan).1 < this_year && !self.met() && self.progress().is_some()
    }
}

/// A plan's progress: each line, and the plan in total.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanProgress {
    pub lines: Vec<LineProgress>,
}

impl PlanProgress {
    /// Planned and actual money over the lines that plan money.
    pub fn money(&self) -> (i64, i64) {
        self.lines
            .iter()
            .filter_map(|l| Some((l.line.target_vnd?, l.actual.vnd)))
            .fold((0, 0), |(t, a), (lt, la)| (t.saturating_add(lt), a.saturating_add(la)))
    }

    /// Share of the planned money reached, in percent.
    pub fn money_share(&self) -> Option<f64> {
        let (target, actual) = self.money();
        share(actual, Some(target))
    }

    /// The lines whose years lie within `from..=to`: what a report of those
    /// years can say of the plan.
    pub fn within(&self, plan: &Plan, from: i32, to: i32) -> PlanProgress {
        let lines = self
            .lines
            .iter()
            .filter(|l| {
                let (a, b) = l.line.years(plan);
                from <= a && b <= to
            })
            .cloned()
            .collect();
        PlanProgress { lines }
    }

    /// (lines met, lines with a target).
    pub fn lines_met(&self) -> (usize, usize) {
        let with_target = self.lines.iter().filter(|l| l.progress().is_some()).count();
        (self.lines.iter().filter(|l| l.met()).count(), with_target)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn activity_codes_round_trip_and_annex_words_are_recognised() {
        for a in Activity::all() {
            assert_eq!(Activity::from_code(&a.code()), Some(a));
            assert_eq!(Activity::recognise(a.label(Lang::Vi)), Some(a), "{a:?}");
            assert_eq!(Activity::recognise(a.label(Lang::En)), Some(a), "{a:?}");
        }
        let machinery = Activity::Project(ProjectContent::Machinery);
        assert_eq!(Activity::recognise("Hỗ trợ ứng dụng máy móc thiết bị tiên tiến"), Some(machinery));
        assert_eq!(
            Activity::recognise("Tổ chức hội chợ, triển lãm"),
            Some(Activity::Project(ProjectContent::TradeFair))
        );
        assert_eq!(Activity::recognise("Tư vấn thiết kế bao bì sản phẩm"), Some(Activity::Design));
        assert_eq!(Activity::recognise("Tập huấn, hội thảo"), None, "two activities: asked, not guessed");
        assert_eq!(Activity::recognise("Chi phí quản lý"), None);
    }

    #[test]
    fn lines_round_trip_through_json_and_bad_json_is_refused() {
        let lines = vec![
            PlanLine {
                year: Some(2024),
                activity: Activity::Training(TrainingKind::Course),
                source: Some(FundingSource::Local),
                target_count: Some(4),
                target_trainees: Some(200),
                target_vnd: Some(120_000_000),
                note: "Ghi chú".into(),
            },
            PlanLine {
                year: None,
                activity: Activity::Design,
                source: None,
                target_count: Some(3),
                target_trainees: None,
                target_vnd: None,
                note: String::new(),
            },
        ];
        assert_eq!(lines_from_json(&lines_to_json(&lines)), Ok(lines));
        assert_eq!(lines_from_json("{"), Err(LinesError::Unreadable));
        assert_eq!(lines_from_json(r#"[{"hoat_dong":"x"}]"#), Err(LinesError::UnknownCode(1)));
        let many = format!("[{}]", vec![r#"{"hoat_dong":"thiet_ke"}"#; MAX_PLAN_LINES + 1].join(","));
        assert_eq!(lines_from_json(&many), Err(LinesError::TooMany));
    }

    #[test]
    fn a_line_is_met_when_every_target_is_and_missed_when_its_year_is_over() {
        let plan = Plan {
            kind: PlanKind::Annual,
            title: "Kế hoạch 2024".into(),
            from_year: 2024,
            to_year: 2024,
            decision_no: String::new(),
            decided_on: None,
            approved_by: String::new(),
            note: String::new(),
            lines: Vec::new(),
        };
        let line = PlanLine {
            year: None,
            activity: Activity::Training(TrainingKind::Course),
            source: None,
            target_count: Some(4),
            target_trainees: Some(200),
            target_vnd: None,
            note: String::new(),
        };
        let p = LineProgress { line, actual: Actual { count: 5, trainees: 150, vnd: 0, facilities: 0 } };
        assert_eq!(p.shares(), [Some(125.0), Some(75.0), None]);
        assert_eq!(p.progress(), Some(75.0));
        assert!(!p.met());
        assert!(p.missed(&plan, 2025));
        assert!(!p.missed(&plan, 2024), "the year is not over");
    }
}
