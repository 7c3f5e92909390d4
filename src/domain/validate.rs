//! The rules a record must follow (errors block a save or an import) and the
//! rules it should follow (warnings are shown but never block): the support
//! ceilings of Circular 28/2018/TT-BTC art. 8, a tax code's check digit.

use crate::domain::codes::PlanKind;
use crate::domain::codes::ProjectContent;
use crate::domain::number::{DONG_PER_MILLION, format_int_in, format_million_in};
use crate::domain::plan::{LineField, LinesError, MAX_PLAN_LINES, MAX_PLAN_YEARS, Plan};
use crate::domain::records::{DesignSupport, Facility, Project, Training};
use crate::i18n::Lang;

pub const MIN_YEAR: i32 = 2000;
pub const MAX_YEAR: i32 = 2100;
/// Longest one-line text kept; longer input is refused, not cut.
pub const MAX_LINE_CHARS: usize = 500;
pub const MAX_NOTE_CHARS: usize = 10_000;

/// The most one money field may hold: 1.000 tỷ đồng, far above any grant,
/// far below what sums of many records can carry without overflowing.
pub const MAX_MONEY_VND: i64 = 1_000 * crate::domain::number::DONG_PER_BILLION;
/// The most trainees one class may have.
pub const MAX_TRAINEES: i64 = 100_000;
/// Dates a record may carry (a decision, an acceptance, a class).
pub const MIN_DATE_YEAR: i16 = 1990;
pub const MAX_DATE_YEAR: i16 = 2100;

/// Machinery and technology transfer: at most 50 % of cost, 300 million per facility.
pub const MACHINERY_MAX_PERCENT: i64 = 50;
pub const MACHINERY_CAP_VND: i64 = 300 * DONG_PER_MILLION;
/// Technical demonstration model: at most 30 % of cost, 1.000 million.
pub const MODEL_MAX_PERCENT: i64 = 30;
pub const MODEL_CAP_VND: i64 = 1_000 * DONG_PER_MILLION;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Required,
    InvalidNumber,
    NotWhole,
    TooLarge,
    Negative,
    /// Above the most a field may hold (money, trainees).
    AboveLimit {
        max: i64,
        money: bool,
    },
    /// A date before 1990 or after 2100.
    DateOutOfRange,
    YearOutOfRange,
    InvalidDate,
    UnknownCode {
        codes: Vec<&'static str>,
    },
    InvalidTaxCode,
    TooLong {
        max: usize,
    },
    FemaleOverTotal,
    EndBeforeStart,
    AcceptedBeforeApproved,
    /// A warning: the tenth digit does not match the first nine.
    TaxCheckDigit,
    /// A warning: support above the share of the cost the rules allow.
    OverShare {
        max_percent: i64,
    },
    /// A warning: support above the ceiling in đồng.
    OverCap {
        cap_vnd: i64,
        machinery: bool,
    },
    /// A warning: a district that is none of the province's (the charts by
    /// district would show it apart).
    UnknownDistrict {
        known: &'static [&'static str],
    },
    /// A plan's kept lines that cannot be read (another program's, or damaged).
    PlanLinesUnreadable(LinesError),
    /// A plan ending before it starts.
    PlanYearsReversed,
    /// An annual plan over more than one year.
    AnnualOneYear,
    ProgrammeTooLong {
        max: i32,
    },
    TooManyLines {
        max: usize,
    },
    /// Line `line` (from 1) of a plan breaks a rule.
    PlanLine {
        line: usize,
        problem: LineProblem,
    },
}

/// What is wrong with one line of a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineProblem {
    NoTarget,
    /// Its year is not one of the plan's.
    YearOutside,
    /// Trainees set for an activity that has none.
    TraineesNotTraining,
    Negative,
    AboveLimit {
        max: i64,
        money: bool,
    },
    NoteTooLong,
    /// A field that is not a number (or a year that is not one).
    BadNumber(LineField),
    UnknownActivity,
    UnknownSource,
}

impl Problem {
    pub fn severity(&self) -> Severity {
        match self {
            Problem::TaxCheckDigit
            | Problem::OverShare { .. }
            | Problem::OverCap { .. }
            | Problem::UnknownDistrict { .. } => Severity::Warning,
            _ => Severity::Error,
        }
    }

    /// What is wrong and what to do, in the officer's language.
    pub fn message(&self, lang: Lang) -> String {
        let vi = lang == Lang::Vi;
        match self {
            Problem::Required => pick(vi, "Bắt buộc nhập.", "Required."),
            Problem::InvalidNumber => pick(
                vi,
                "Không phải là số; viết như 3.900 hoặc 278,5.",
                "Not a number; write it like 3,900 or 278.5.",
            ),
            Problem::NotWhole => pick(vi, "Phải là số nguyên.", "Must be a whole number."),
            Problem::TooLarge => pick(vi, "Số quá lớn.", "The number is too large."),
            Problem::Negative => pick(vi, "Không được âm.", "Must not be negative."),
            Problem::AboveLimit { max, money: true } => {
                let billions = format_int_in(max / crate::domain::number::DONG_PER_BILLION, lang);
                if vi {
                    format!("Quá lớn: mỗi khoản tối đa {billions} tỷ đồng. Hãy kiểm tra đơn vị (triệu đồng).")
                } else {
                    format!(
                        "Too large: at most {billions} billion VND per amount. Check the unit (million VND)."
                    )
                }
            }
            Problem::AboveLimit { max, money: false } => {
                let n = format_int_in(*max, lang);
                if vi { format!("Quá lớn: tối đa {n}.") } else { format!("Too large: at most {n}.") }
            }
            Problem::DateOutOfRange => {
                if vi {
                    format!("Ngày phải trong khoảng năm {MIN_DATE_YEAR} đến {MAX_DATE_YEAR}.")
                } else {
                    format!("The date must be between the years {MIN_DATE_YEAR} and {MAX_DATE_YEAR}.")
                }
            }
            Problem::YearOutOfRange => {
                if vi {
                    format!("Năm phải từ {MIN_YEAR} đến {MAX_YEAR}.")
                } else {
                    format!("The year must be between {MIN_YEAR} and {MAX_YEAR}.")
                }
            }
            Problem::InvalidDate => pick(
                vi,
                "Ngày không hợp lệ; viết theo dạng ngày/tháng/năm, ví dụ 05/02/2023.",
                "Not a valid date; write it as dd/mm/yyyy, for example 05/02/2023.",
            ),
            Problem::UnknownCode { codes } => {
                if vi {
                    format!("Giá trị không có trong danh mục; dùng một trong: {}.", codes.join(", "))
                } else {
                    format!("Not one of the listed values; use one of: {}.", codes.join(", "))
                }
            }
            Problem::InvalidTaxCode => pick(
                vi,
                "Mã số thuế gồm 10 chữ số, hoặc 10 chữ số, dấu - và 3 chữ số (chi nhánh).",
                "A tax code is 10 digits, or 10 digits, a dash and 3 digits for a branch.",
            ),
            Problem::TooLong { max } => {
                if vi {
                    format!("Quá dài; tối đa {} ký tự.", format_int_in(*max as i64, lang))
                } else {
                    format!("Too long; at most {} characters.", format_int_in(*max as i64, lang))
                }
            }
            Problem::FemaleOverTotal => pick(
                vi,
                "Số học viên nữ không được lớn hơn tổng số học viên.",
                "Female trainees cannot exceed the number of trainees.",
            ),
            Problem::EndBeforeStart => pick(
                vi,
                "Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.",
                "The end date must be on or after the start date.",
            ),
            Problem::AcceptedBeforeApproved => pick(
                vi,
                "Ngày nghiệm thu phải sau hoặc bằng ngày phê duyệt.",
                "The acceptance date must be on or after the approval date.",
            ),
            Problem::TaxCheckDigit => pick(
                vi,
                "Chữ số kiểm tra của mã số thuế không khớp; hãy xem lại (vẫn được lưu).",
                "The tax code's check digit does not match; please verify it (it can still be saved).",
            ),
            Problem::OverShare { max_percent } => {
                if vi {
                    format!(
                        "Kinh phí hỗ trợ vượt {max_percent}% tổng chi phí (hỗ trợ + đối ứng) theo Thông tư 28/2018/TT-BTC; vẫn được lưu."
                    )
                } else {
                    format!(
                        "Support exceeds {max_percent}% of the total cost (support + counterpart) under Circular 28/2018/TT-BTC; it can still be saved."
                    )
                }
            }
            Problem::OverCap { cap_vnd, machinery } => {
                let cap = format_million_in(*cap_vnd, lang);
                let line = format_million_in(cap_vnd * 3 / 2, lang);
                match (vi, machinery) {
                    (true, true) => format!(
                        "Kinh phí hỗ trợ vượt mức tối đa {cap} triệu đồng/cơ sở ({line} triệu đồng nếu là dây chuyền sản xuất) theo Thông tư 28/2018/TT-BTC; vẫn được lưu."
                    ),
                    (false, true) => format!(
                        "Support exceeds the ceiling of {cap} million VND per facility ({line} million for a whole production line) under Circular 28/2018/TT-BTC; it can still be saved."
                    ),
                    (true, false) => format!(
                        "Kinh phí hỗ trợ vượt mức tối đa {cap} triệu đồng/mô hình theo Thông tư 28/2018/TT-BTC; vẫn được lưu."
                    ),
                    (false, false) => format!(
                        "Support exceeds the ceiling of {cap} million VND per model under Circular 28/2018/TT-BTC; it can still be saved."
                    ),
                }
            }
            Problem::PlanLinesUnreadable(_) => pick(
                vi,
                "Không đọc được các dòng kế hoạch (tệp hỏng hoặc do chương trình khác ghi); hãy nhập lại các dòng.",
                "The plan's lines cannot be read (a damaged file, or written by another program); enter the lines again.",
            ),
            Problem::PlanYearsReversed => pick(
                vi,
                "Năm kết thúc phải sau hoặc bằng năm bắt đầu.",
                "The last year must be on or after the first.",
            ),
            Problem::AnnualOneYear => pick(
                vi,
                "Kế hoạch năm chỉ có một năm; kế hoạch nhiều năm hãy chọn loại \u{201c}Chương trình giai đoạn\u{201d}.",
                "An annual plan covers one year; for several years choose \u{201c}Multi-year programme\u{201d}.",
            ),
            Problem::ProgrammeTooLong { max } => {
                if vi {
                    format!("Một chương trình dài tối đa {max} năm.")
                } else {
                    format!("A programme spans at most {max} years.")
                }
            }
            Problem::TooManyLines { max } => {
                let n = format_int_in(*max as i64, lang);
                if vi {
                    format!("Tối đa {n} dòng kế hoạch.")
                } else {
                    format!("At most {n} plan lines.")
                }
            }
            Problem::PlanLine { line, problem } => {
                let what = match problem {
                    LineProblem::NoTarget => pick(
                        vi,
                        "chưa có chỉ tiêu nào (số lượng, học viên hoặc kinh phí).",
                        "no target yet (a number, trainees or money).",
                    ),
                    LineProblem::YearOutside => pick(
                        vi,
                        "năm không thuộc các năm của kế hoạch.",
                        "its year is not one of the plan's years.",
                    ),
                    LineProblem::TraineesNotTraining => pick(
                        vi,
                        "chỉ tiêu học viên chỉ dành cho lớp đào tạo, tập huấn, hội thảo.",
                        "a target of trainees fits classes, courses and workshops only.",
                    ),
                    LineProblem::Negative => {
                        pick(vi, "chỉ tiêu không được âm.", "targets must not be negative.")
                    }
                    LineProblem::AboveLimit { max, money } => {
                        let first = Problem::AboveLimit { max: *max, money: *money }.message(lang);
                        let mut chars = first.chars();
                        chars.next().map(|c| c.to_lowercase().chain(chars).collect()).unwrap_or_default()
                    }
                    LineProblem::BadNumber(which) => {
                        let field = match which {
                            LineField::Year => pick(vi, "năm", "the year"),
                            LineField::Count => pick(vi, "số lượng", "the number"),
                            LineField::Trainees => pick(vi, "số học viên", "the trainees"),
                            LineField::Money => pick(vi, "kinh phí", "the money"),
                        };
                        if vi {
                            format!("{field} không phải là số; viết như 3.900 hoặc 278,5.")
                        } else {
                            format!("{field} is not a number; write it like 3,900 or 278.5.")
                        }
                    }
                    LineProblem::UnknownActivity => pick(
                        vi,
                        "chưa chọn hoạt động (hoặc tên hoạt động chỉ nhiều hoạt động).",
                        "no activity chosen (or the words name several).",
                    ),
                    LineProblem::UnknownSource => pick(
                        vi,
                        "nguồn kinh phí không có trong danh mục.",
                        "the funding source is not one of the list.",
                    ),
                    LineProblem::NoteTooLong => {
                        let max = format_int_in(MAX_LINE_CHARS as i64, lang);
                        if vi {
                            format!("ghi chú quá dài; tối đa {max} ký tự.")
                        } else {
                            format!("the note is too long; at most {max} characters.")
                        }
                    }
                };
                if vi { format!("Dòng {line}: {what}") } else { format!("Line {line}: {what}") }
            }
            Problem::UnknownDistrict { known } => {
                let list = known.join(", ");
                if vi {
                    format!(
                        "Không phải huyện (cũ) nào của tỉnh ({list}); biểu đồ theo huyện sẽ tách riêng. Vẫn được lưu; hãy kiểm tra tên huyện."
                    )
                } else {
                    format!(
                        "Not one of the province's former districts ({list}); the charts by district will show it apart. It can still be saved; check the district's name."
                    )
                }
            }
        }
    }
}

fn pick(vi: bool, vi_text: &str, en_text: &str) -> String {
    if vi { vi_text } else { en_text }.to_string()
}

/// A problem with one field, named by its column key (`kinh_phi_ho_tro`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub field: &'static str,
    pub problem: Problem,
}

impl Issue {
    pub fn new(field: &'static str, problem: Problem) -> Self {
        Issue { field, problem }
    }

    pub fn is_error(&self) -> bool {
        self.problem.severity() == Severity::Error
    }
}

/// True when `code` is 10 digits, or 10 digits + "-" + 3 digits.
pub fn tax_code_well_formed(code: &str) -> bool {
    let (main, branch) = match code.split_once('-') {
        Some((m, b)) => (m, Some(b)),
        None => (code, None),
    };
    main.len() == 10
        && main.bytes().all(|b| b.is_ascii_digit())
        && branch.is_none_or(|b| b.len() == 3 && b.bytes().all(|c| c.is_ascii_digit()))
}

/// The check digit rule used by the tax authority's number generator (as
/// documented by python-stdnum): weights 31 29 23 19 17 13 7 5 3 over the
/// first nine digits, check = 10 − (sum mod 11). Only a warning, since the
/// rule is not published in law and an officer may know better.
pub fn tax_check_digit_matches(code: &str) -> bool {
    const WEIGHTS: [u32; 9] = [31, 29, 23, 19, 17, 13, 7, 5, 3];
    let digits: Vec<u32> = code.bytes().take(10).map(|b| u32::from(b.wrapping_sub(b'0'))).collect();
    if digits.len() != 10 || digits.iter().any(|d| *d > 9) {
        return false;
    }
    let sum: u32 = WEIGHTS.iter().zip(&digits).map(|(w, d)| w * d).sum();
    10 - (sum % 11) == digits[9]
}

fn check_year(year: i32, issues: &mut Vec<Issue>) {
    if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
        issues.push(Issue::new("nam", Problem::YearOutOfRange));
    }
}

fn check_not_negative(field: &'static str, value: i64, issues: &mut Vec<Issue>) {
    if value < 0 {
        issues.push(Issue::new(field, Problem::Negative));
    }
}

/// A money field: not negative, at most [`MAX_MONEY_VND`].
fn check_money(field: &'static str, value: i64, issues: &mut Vec<Issue>) {
    check_not_negative(field, value, issues);
    if value > MAX_MONEY_VND {
        issues.push(Issue::new(field, Problem::AboveLimit { max: MAX_MONEY_VND, money: true }));
    }
}

fn check_trainees(field: &'static str, value: i64, issues: &mut Vec<Issue>) {
    check_not_negative(field, value, issues);
    if value > MAX_TRAINEES {
        issues.push(Issue::new(field, Problem::AboveLimit { max: MAX_TRAINEES, money: false }));
    }
}

fn check_date(field: &'static str, date: Option<jiff::civil::Date>, issues: &mut Vec<Issue>) {
    if date.is_some_and(|d| !(MIN_DATE_YEAR..=MAX_DATE_YEAR).contains(&d.year())) {
        issues.push(Issue::new(field, Problem::DateOutOfRange));
    }
}

/// Text longer than the rules allow, however the record was made (a form, an
/// import, a file from another office): a megabyte name would freeze every list.
fn check_lengths(lines: &[(&'static str, &str)], note: Option<&str>, issues: &mut Vec<Issue>) {
    let mut too_long = |field: &'static str, value: &str, max: usize| {
        // Bytes bound characters from above: skip the count for short text.
        if value.len() > max && value.chars().count() > max {
            issues.push(Issue::new(field, Problem::TooLong { max }));
        }
    };
    for (field, value) in lines {
        too_long(field, value, MAX_LINE_CHARS);
    }
    if let Some(note) = note {
        too_long("ghi_chu", note, MAX_NOTE_CHARS);
    }
}

fn check_required_text(field: &'static str, value: &str, issues: &mut Vec<Issue>) {
    if value.is_empty() {
        issues.push(Issue::new(field, Problem::Required));
    }
}

pub fn check_plan(p: &Plan) -> Vec<Issue> {
    let mut issues = Vec::new();
    check_required_text("ten_ke_hoach", &p.title, &mut issues);
    let lines = [
        ("ten_ke_hoach", p.title.as_str()),
        ("so_quyet_dinh", &p.decision_no),
        ("nguoi_phe_duyet", &p.approved_by),
    ];
    check_lengths(&lines, Some(&p.note), &mut issues);
    check_date("ngay_quyet_dinh", p.decided_on, &mut issues);
    for (field, year) in [("tu_nam", p.from_year), ("den_nam", p.to_year)] {
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
            issues.push(Issue::new(field, Problem::YearOutOfRange));
        }
    }
    if p.to_year < p.from_year {
        issues.push(Issue::new("den_nam", Problem::PlanYearsReversed));
    } else if p.kind == PlanKind::Annual && p.to_year != p.from_year {
        issues.push(Issue::new("den_nam", Problem::AnnualOneYear));
    } else if p.to_year - p.from_year >= MAX_PLAN_YEARS {
        issues.push(Issue::new("den_nam", Problem::ProgrammeTooLong { max: MAX_PLAN_YEARS }));
    }
    if p.lines.len() > MAX_PLAN_LINES {
        issues.push(Issue::new("cac_dong", Problem::TooManyLines { max: MAX_PLAN_LINES }));
        return issues;
    }
    for (i, line) in p.lines.iter().enumerate() {
        let mut bad =
            |problem| issues.push(Issue::new("cac_dong", Problem::PlanLine { line: i + 1, problem }));
        if line.year.is_some_and(|y| !p.covers(y)) {
            bad(LineProblem::YearOutside);
        }
        let targets = [line.target_count, line.target_trainees, line.target_vnd];
        if targets.iter().all(Option::is_none) {
            bad(LineProblem::NoTarget);
        }
        if line.target_trainees.is_some() && !line.activity.has_trainees() {
            bad(LineProblem::TraineesNotTraining);
        }
        if targets.iter().flatten().any(|v| *v < 0) {
            bad(LineProblem::Negative);
        }
        for (value, max, money) in [
            (line.target_count, MAX_TRAINEES, false),
            (line.target_trainees, MAX_TRAINEES, false),
            (line.target_vnd, MAX_MONEY_VND, true),
        ] {
            if value.is_some_and(|v| v > max) {
                bad(LineProblem::AboveLimit { max, money });
            }
        }
        if line.note.len() > MAX_LINE_CHARS && line.note.chars().count() > MAX_LINE_CHARS {
            bad(LineProblem::NoteTooLong);
        }
    }
    issues
}

pub fn check_facility(f: &Facility) -> Vec<Issue> {
    let mut issues = Vec::new();
    check_required_text("ten_co_so", &f.name, &mut issues);
    let lines = [
        ("ten_co_so", f.name.as_str()),
        ("nguoi_dai_dien", &f.representative),
        ("dien_thoai", &f.phone),
        ("dia_chi", &f.address),
        ("xa_phuong", &f.commune),
        ("huyen", &f.district),
        ("tinh", &f.province),
    ];
    check_lengths(&lines, None, &mut issues);
    if !f.tax_code.is_empty() {
        if !tax_code_well_formed(&f.tax_code) {
            issues.push(Issue::new("ma_so_thue", Problem::InvalidTaxCode));
        } else if !tax_check_digit_matches(&f.tax_code) {
            issues.push(Issue::new("ma_so_thue", Problem::TaxCheckDigit));
        }
    }
    issues
}

pub fn check_project(p: &Project) -> Vec<Issue> {
    let mut issues = Vec::new();
    check_year(p.year, &mut issues);
    check_required_text("ten_de_an", &p.title, &mut issues);
    let lines = [
        ("ma_de_an", p.code.as_str()),
        ("ten_de_an", &p.title),
        ("huyen", &p.district),
        ("xa_phuong", &p.commune),
        ("so_quyet_dinh", &p.decision_no),
    ];
    check_lengths(&lines, Some(&p.note), &mut issues);
    check_money("kinh_phi_ho_tro", p.support_vnd, &mut issues);
    check_money("von_doi_ung", p.counterpart_vnd, &mut issues);
    check_date("ngay_phe_duyet", p.approved_on, &mut issues);
    check_date("ngay_nghiem_thu", p.accepted_on, &mut issues);
    if let (Some(approved), Some(accepted)) = (p.approved_on, p.accepted_on)
        && accepted < approved
    {
        issues.push(Issue::new("ngay_nghiem_thu", Problem::AcceptedBeforeApproved));
    }
    let ceiling = match p.content {
        ProjectContent::Machinery => Some((MACHINERY_MAX_PERCENT, MACHINERY_CAP_VND, true)),
        ProjectContent::DemonstrationModel => Some((MODEL_MAX_PERCENT, MODEL_CAP_VND, false)),
        _ => None,
    };
    if let Some((max_percent, cap_vnd, machinery)) = ceiling
        && p.support_vnd > 0
        && p.counterpart_vnd >= 0
    {
        let cost = i128::from(p.support_vnd) + i128::from(p.counterpart_vnd);
        if i128::from(p.support_vnd) * 100 > cost * i128::from(max_percent) {
            issues.push(Issue::new("kinh_phi_ho_tro", Problem::OverShare { max_percent }));
        }
        if p.support_vnd > cap_vnd {
            issues.push(Issue::new("kinh_phi_ho_tro", Problem::OverCap { cap_vnd, machinery }));
        }
    }
    issues
}

pub fn check_training(t: &Training) -> Vec<Issue> {
    let mut issues = Vec::new();
    check_year(t.year, &mut issues);
    check_required_text("ten_lop", &t.name, &mut issues);
    let lines = [
        ("ten_lop", t.name.as_str()),
        ("nganh_nghe", &t.trade),
        ("huyen", &t.district),
        ("xa_phuong", &t.commune),
    ];
    check_lengths(&lines, Some(&t.note), &mut issues);
    check_trainees("so_hoc_vien", t.trainees, &mut issues);
    check_money("kinh_phi", t.cost_vnd, &mut issues);
    check_date("tu_ngay", t.start_on, &mut issues);
    check_date("den_ngay", t.end_on, &mut issues);
    if let Some(female) = t.female_trainees {
        check_trainees("so_hoc_vien_nu", female, &mut issues);
        if female > t.trainees {
            issues.push(Issue::new("so_hoc_vien_nu", Problem::FemaleOverTotal));
        }
    }
    if let (Some(start), Some(end)) = (t.start_on, t.end_on)
        && end < start
    {
        issues.push(Issue::new("den_ngay", Problem::EndBeforeStart));
    }
    issues
}

pub fn check_design(d: &DesignSupport) -> Vec<Issue> {
    let mut issues = Vec::new();
    check_year(d.year, &mut issues);
    check_required_text("san_pham", &d.product, &mut issues);
    let lines = [("san_pham", d.product.as_str()), ("huyen", &d.district), ("xa_phuong", &d.commune)];
    check_lengths(&lines, Some(&d.note), &mut issues);
    if d.facility_id.is_empty() {
        issues.push(Issue::new("ten_co_so", Problem::Required));
    }
    check_money("kinh_phi_ho_tro", d.support_vnd, &mut issues);
    issues
}
