//! A plan's lines as words and figures, the same on the Plans screen and in
//! the report's tables: what each line asks for, what was done, the share.

use crate::domain::Code;
use crate::domain::number::{format_f64_in, format_int_in, format_million_in, plural};
use crate::domain::plan::{LineProgress, Plan, PlanLine, Unit};
use crate::i18n::Lang;
use crate::workbook::plans::PlanWithProgress;

/// "2 đề án; 100 học viên" — the line's number and trainees (money apart).
fn counted(count: Option<i64>, trainees: Option<i64>, unit: Unit, lang: Lang) -> String {
    let mut parts = Vec::new();
    if let Some(n) = count {
        parts.push(unit.count(n, lang));
    }
    if let Some(t) = trainees {
        parts.push(match lang {
            Lang::Vi => format!("{} học viên", format_int_in(t, lang)),
            Lang::En => plural(t, &format_int_in(t, lang), "trainee", "trainees"),
        });
    }
    if parts.is_empty() { "—".to_string() } else { parts.join("; ") }
}

pub fn target_text(line: &PlanLine, lang: Lang) -> String {
    counted(line.target_count, line.target_trainees, line.activity.unit(), lang)
}

/// What was done, in the measures the line sets (a number where it sets one…).
pub fn actual_text(p: &LineProgress, lang: Lang) -> String {
    let l = &p.line;
    let count = (l.target_count.is_some() || l.target_trainees.is_none()).then_some(p.actual.count);
    let trainees = l.target_trainees.map(|_| p.actual.trainees);
    counted(count, trainees, l.activity.unit(), lang)
}

/// Money in million đồng ("380"; "—" when none is planned).
pub fn money_text(vnd: Option<i64>, lang: Lang) -> String {
    vnd.map(|v| format_million_in(v, lang)).unwrap_or_else(|| "—".to_string())
}

/// "95,6%" (English "95.6%"); "—" without a target.
pub fn percent_text(share: Option<f64>, lang: Lang) -> String {
    match share {
        Some(p) if p.is_finite() => format!("{}%", format_f64_in(p, 1, lang)),
        _ => "—".to_string(),
    }
}

pub fn source_text(line: &PlanLine, lang: Lang) -> &'static str {
    match line.source {
        Some(s) => s.label(lang),
        None => lang.pick("Mọi nguồn", "Any source"),
    }
}

/// The line's year, or the plan's years for a line of the whole plan.
pub fn years_text(line: &PlanLine, plan: &Plan) -> String {
    match line.year {
        Some(y) => y.to_string(),
        None => plan.years(),
    }
}

/// "Quyết định số 285/QĐ-UBND ngày 31/01/2024 của Chủ tịch UBND tỉnh".
pub fn decision_text(plan: &Plan, lang: Lang) -> String {
    let mut out = String::new();
    if !plan.decision_no.is_empty() {
        out.push_str(&match lang {
            Lang::Vi => format!("Quyết định số {}", plan.decision_no),
            Lang::En => format!("Decision No. {}", plan.decision_no),
        });
    }
    if let Some(d) = plan.decided_on {
        let date = crate::domain::number::format_date(d);
        out.push_str(&match lang {
            Lang::Vi => format!(" ngày {date}"),
            Lang::En => format!(" of {date}"),
        });
    }
    if !plan.approved_by.is_empty() {
        out.push_str(&match lang {
            Lang::Vi => format!(" của {}", plan.approved_by),
            Lang::En => format!(", approved by {}", plan.approved_by),
        });
    }
    out.trim().to_string()
}

/// The plans of `summary --json`: each plan with its lines' targets and
/// what the records hold (money in đồng, codes as codes).
pub fn plans_json(plans: &[PlanWithProgress]) -> serde_json::Value {
    let plans: Vec<serde_json::Value> = plans
        .iter()
        .map(|p| {
            let plan = &p.stored.record;
            let lines: Vec<serde_json::Value> = p
                .progress
                .lines
                .iter()
                .map(|lp| {
                    serde_json::json!({
                        "activity": lp.line.activity.code(),
                        "year": lp.line.year,
                        "source": lp.line.source.map(|s| s.code()),
                        "target_count": lp.line.target_count,
                        "target_trainees": lp.line.target_trainees,
                        "target_vnd": lp.line.target_vnd,
                        "actual_count": lp.actual.count,
                        "actual_trainees": lp.actual.trainees,
                        "actual_vnd": lp.actual.vnd,
                    })
                })
                .collect();
            serde_json::json!({
                "id": p.stored.id,
                "title": plan.title,
                "kind": plan.kind.code(),
                "from": plan.from_year,
                "to": plan.to_year,
                "decision_no": plan.decision_no,
                "lines": lines,
            })
        })
        .collect();
    serde_json::Value::Array(plans)
}
