//! Plans: the workbook's plans and programmes, and for the one chosen its
//! lines with target, what the records hold, and a progress bar; lines
//! whose years are over and whose target is not met are marked.

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use crate::command::{Command, FilePurpose};
use crate::domain::RecordKind;
use crate::domain::plan::{LineProgress, Plan};
use crate::domain::{Code, number::format_int_in};
use crate::i18n::{Lang, tr};
use crate::report::plan_table::{
    actual_text, decision_text, money_text, percent_text, source_text, target_text, years_text,
};
use crate::ui::widgets::guarded_button;
use crate::ui::{View, ViewContext, theme};
use crate::workbook::plans::PlanWithProgress;

#[derive(Default)]
pub struct PlansScreen {
    /// The plan whose lines are shown (the latest when none was chosen).
    selected: Option<String>,
}

const ROW: f32 = 26.0;

impl View for PlansScreen {
    fn ui(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>) {
        let lang = cx.lang;
        let this_year = jiff::Zoned::now().year() as i32;
        ui.horizontal_wrapped(|ui| {
            ui.heading(tr(lang, "Kế hoạch khuyến công", "Industrial extension plans"));
            if guarded_button(ui, cx.read_only, tr(lang, "+ Thêm kế hoạch", "+ New plan")).clicked() {
                cx.send(Command::NewRecord(RecordKind::Plan));
            }
            if guarded_button(ui, cx.read_only, tr(lang, "Nhập từ Excel…", "Import from Excel…")).clicked()
            {
                cx.send(Command::AskFile(FilePurpose::ImportPlan));
            }
            if ui.button(tr(lang, "Xuất Excel…", "Export to Excel…")).clicked() {
                cx.send(Command::AskFile(FilePurpose::ExportPlans));
            }
        });
        let plans = cx.plans;
        if plans.is_empty() {
            ui.add_space(12.0);
            ui.label(tr(
                lang,
                "Sổ chưa có kế hoạch nào. Thêm kế hoạch năm hoặc chương trình giai đoạn theo quyết định được phê duyệt, hoặc nhập phụ lục kế hoạch từ Excel.",
                "The workbook has no plan yet. Add an annual plan or a multi-year programme as approved, or import the plan's annex from Excel.",
            ));
            return;
        }
        if !plans.iter().any(|p| Some(&p.stored.id) == self.selected.as_ref()) {
            self.selected = plans.first().map(|p| p.stored.id.clone());
        }
        ui.add_space(4.0);
        self.plan_list(ui, plans, lang);
        ui.separator();
        if let Some(plan) = plans.iter().find(|p| Some(&p.stored.id) == self.selected.as_ref()) {
            detail(ui, plan, this_year, cx);
        }
    }
}

impl PlansScreen {
    /// Shows this plan's lines (one just saved or imported).
    pub fn select(&mut self, id: String) {
        self.selected = Some(id);
    }

    fn plan_list(&mut self, ui: &mut Ui, plans: &[PlanWithProgress], lang: Lang) {
        let height = (plans.len() as f32 * ROW + ROW).min(ui.available_height() * 0.3).max(ROW * 2.0);
        TableBuilder::new(ui)
            .id_salt("plans")
            .striped(true)
            .sense(egui::Sense::click())
            .column(Column::remainder().at_least(220.0).clip(true))
            .column(Column::auto().at_least(80.0))
            .column(Column::auto().at_least(110.0))
            .column(Column::auto().at_least(50.0))
            .column(Column::exact(150.0))
            .max_scroll_height(height)
            .header(ROW, |mut h| {
                for title in [
                    tr(lang, "Kế hoạch", "Plan"),
                    tr(lang, "Năm", "Years"),
                    tr(lang, "Số quyết định", "Decision"),
                    tr(lang, "Dòng", "Lines"),
                    tr(lang, "Kinh phí đạt", "Money reached"),
                ] {
                    h.col(|ui| {
                        ui.strong(title);
                    });
                }
            })
            .body(|body| {
                body.rows(ROW, plans.len(), |mut row| {
                    let p = &plans[row.index()];
                    let selected = Some(&p.stored.id) == self.selected.as_ref();
                    row.set_selected(selected);
                    let mut clicked = false;
                    row.col(|ui| {
                        clicked |= ui.selectable_label(selected, &p.stored.record.title).clicked();
                    });
                    row.col(|ui| {
                        ui.label(p.stored.record.years());
                    });
                    row.col(|ui| {
                        ui.label(&p.stored.record.decision_no);
                    });
                    row.col(|ui| {
                        ui.label(format_int_in(p.stored.record.lines.len() as i64, lang));
                    });
                    row.col(|ui| {
                        let share = p.progress.money_share();
                        bar(ui, share, false, lang);
                    });
                    if clicked || row.response().clicked() {
                        self.selected = Some(p.stored.id.clone());
                    }
                });
            });
    }
}

/// A progress bar with its percentage; over 100 % it stays full.
fn bar(ui: &mut Ui, share: Option<f64>, missed: bool, lang: Lang) {
    let Some(p) = share else {
        ui.weak("—");
        return;
    };
    let mut bar = egui::ProgressBar::new((p / 100.0).clamp(0.0, 1.0) as f32)
        .desired_width(130.0)
        .text(percent_text(Some(p), lang));
    if missed {
        bar = bar.fill(theme::WARNING);
    } else if p >= 100.0 {
        bar = bar.fill(theme::OK);
    }
    ui.add(bar);
}

fn detail(ui: &mut Ui, p: &PlanWithProgress, this_year: i32, cx: &mut ViewContext<'_>) {
    let lang = cx.lang;
    let plan = &p.stored.record;
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(&plan.title).strong().size(17.0));
        ui.weak(format!("({}, {})", plan.kind.label(lang), plan.years()));
        if guarded_button(ui, cx.read_only, tr(lang, "Sửa kế hoạch", "Edit plan")).clicked() {
            cx.send(Command::EditRecord(RecordKind::Plan, p.stored.id.clone()));
        }
        if guarded_button(ui, cx.read_only, tr(lang, "Xóa kế hoạch", "Delete plan")).clicked() {
            cx.send(Command::AskDelete(RecordKind::Plan, p.stored.id.clone()));
        }
    });
    let decision = decision_text(plan, lang);
    if !decision.is_empty() {
        ui.label(decision);
    }
    let (planned, done) = p.progress.money();
    let (met, with_target) = p.progress.lines_met();
    ui.label(match lang {
        Lang::Vi => format!(
            "Kinh phí kế hoạch {} triệu đồng, thực hiện {} triệu đồng ({}); {} / {} chỉ tiêu đạt.",
            money_text(Some(planned), lang),
            money_text(Some(done), lang),
            percent_text(p.progress.money_share(), lang),
            format_int_in(met as i64, lang),
            format_int_in(with_target as i64, lang),
        ),
        Lang::En => format!(
            "Planned {} million VND, done {} million VND ({}); {} of {} targets met.",
            money_text(Some(planned), lang),
            money_text(Some(done), lang),
            percent_text(p.progress.money_share(), lang),
            format_int_in(met as i64, lang),
            format_int_in(with_target as i64, lang),
        ),
    });
    let missed = p.progress.lines.iter().filter(|l| l.missed(plan, this_year)).count();
    if missed > 0 {
        ui.colored_label(
            theme::WARNING,
            match lang {
                Lang::Vi => format!("{missed} dòng đã hết năm mà chưa đạt chỉ tiêu (ghi \u{201c}chưa đạt\u{201d} bên dưới)."),
                Lang::En => {
                    format!("{missed} lines are past their year and short of the target (\u{201c}not met\u{201d} below).")
                }
            },
        );
    }
    lines_table(ui, plan, &p.progress.lines, this_year, lang);
    ui.weak(tr(
        lang,
        "Thực hiện: các bản ghi trong năm của dòng; không tính đề án mới đề xuất, dừng hoặc hủy. Tiến độ là chỉ tiêu đạt thấp nhất của dòng.",
        "Done: the records of the line's years, without projects only proposed, stopped or cancelled. Progress is the line's least reached target.",
    ));
}

fn lines_table(ui: &mut Ui, plan: &Plan, lines: &[LineProgress], this_year: i32, lang: Lang) {
    let height = (ui.available_height() - 30.0).max(ROW * 3.0);
    TableBuilder::new(ui)
        .id_salt("plan-lines")
        .striped(true)
        .column(Column::exact(28.0))
        .column(Column::remainder().at_least(150.0).clip(true))
        .column(Column::auto().at_least(70.0))
        .column(Column::auto().at_least(100.0))
        .column(Column::auto().at_least(100.0))
        .column(Column::auto().at_least(110.0))
        .column(Column::exact(150.0))
        .max_scroll_height(height)
        .header(ROW, |mut h| {
            for title in [
                "#",
                tr(lang, "Hoạt động · nguồn", "Activity · source"),
                tr(lang, "Năm", "Year"),
                tr(lang, "Chỉ tiêu", "Target"),
                tr(lang, "Thực hiện", "Done"),
                tr(lang, "Kinh phí KH / TH (tr.đ)", "Plan / done (M VND)"),
                tr(lang, "Tiến độ", "Progress"),
            ] {
                h.col(|ui| {
                    ui.strong(title);
                });
            }
        })
        .body(|body| {
            body.rows(ROW, lines.len(), |mut row| {
                let i = row.index();
                let lp = &lines[i];
                let missed = lp.missed(plan, this_year);
                row.col(|ui| {
                    ui.label((i + 1).to_string());
                });
                row.col(|ui| {
                    let text = format!("{} · {}", lp.line.activity.label(lang), source_text(&lp.line, lang));
                    let hover = if lp.line.note.is_empty() {
                        text.clone()
                    } else {
                        format!("{text}\n{}", lp.line.note)
                    };
                    ui.add(egui::Label::new(text).truncate()).on_hover_text(hover);
                });
                row.col(|ui| {
                    ui.label(years_text(&lp.line, plan));
                });
                // Figures on one line each (their columns fit them); the
                // activity is cut, in full on hover.
                row.col(|ui| {
                    ui.add(egui::Label::new(target_text(&lp.line, lang)).extend());
                });
                row.col(|ui| {
                    ui.add(egui::Label::new(actual_text(lp, lang)).extend());
                });
                row.col(|ui| {
                    ui.label(format!(
                        "{} / {}",
                        money_text(lp.line.target_vnd, lang),
                        money_text(Some(lp.actual.vnd), lang)
                    ));
                });
                row.col(|ui| {
                    bar(ui, lp.progress(), missed, lang);
                    if missed {
                        ui.colored_label(theme::WARNING, tr(lang, "chưa đạt", "not met")).on_hover_text(tr(
                            lang,
                            "Năm đã qua, chưa đạt chỉ tiêu",
                            "Year over, target not met",
                        ));
                    }
                });
            });
        });
}
