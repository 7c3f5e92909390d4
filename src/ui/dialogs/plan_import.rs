//! Import → plan (its annex): the plan's fields as the title lines gave
//! them, for the officer to complete; what the reading decided; each line
//! read, with its problem if it has one. Nothing is kept before "Nhập kế
//! hoạch", and a plan with any problem cannot be imported.

use egui::{RichText, Ui};

use crate::command::Command;
use crate::domain::codes::FundingSource;
use crate::domain::fields::{Checked, Draft, columns};
use crate::domain::number::shown_in;
use crate::domain::plan::{Activity, Plan};
use crate::domain::text::shown_path;
use crate::domain::validate::{Issue, Problem};
use crate::domain::{Code, RecordKind};
use crate::exchange::import::annex::AnnexPreview;
use crate::i18n::{Lang, tr};
use crate::ui::widgets::fields::field;
use crate::ui::{View, ViewContext, theme};

pub struct PlanImportDialog {
    pub preview: AnnexPreview,
    /// The plan as completed, for the fields it was worked out from.
    checked: Option<(Draft, Checked<Plan>)>,
}

impl PlanImportDialog {
    pub fn new(preview: AnnexPreview) -> Self {
        PlanImportDialog { preview, checked: None }
    }

    /// The plan as the officer has completed it, worked out again only when
    /// a field changed.
    pub fn checked(&mut self) -> &Checked<Plan> {
        if self.checked.as_ref().is_some_and(|(draft, _)| *draft != self.preview.draft) {
            self.checked = None;
        }
        let preview = &self.preview;
        &self.checked.get_or_insert_with(|| (preview.draft.clone(), preview.plan())).1
    }

    pub fn can_apply(&mut self) -> bool {
        !self.preview.has_table_problems() && self.checked().record.is_some()
    }
}

/// The problems of each of the plan's `n` lines, without "Dòng n:": the
/// table shows the line of the file.
fn problems_by_line(issues: &[Issue], n: usize, lang: Lang) -> Vec<String> {
    let mut out = vec![String::new(); n];
    for issue in issues {
        if let Problem::PlanLine { line, .. } = issue.problem
            && let Some(text) = line.checked_sub(1).and_then(|i| out.get_mut(i))
        {
            let whole = issue.problem.message(lang);
            let said = whole.split_once(": ").map(|(_, rest)| rest.to_string()).unwrap_or(whole);
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(&said);
        }
    }
    out
}

impl View for PlanImportDialog {
    fn ui(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>) {
        let lang = cx.lang;
        ui.heading(tr(lang, "Nhập kế hoạch từ phụ lục", "Import a plan from its annex"));
        ui.label(match lang {
            Lang::Vi => format!(
                "Tệp {}, trang \u{201c}{}\u{201d}.",
                shown_path(&self.preview.path),
                self.preview.sheet
            ),
            Lang::En => format!(
                "File {}, sheet \u{201c}{}\u{201d}.",
                shown_path(&self.preview.path),
                self.preview.sheet
            ),
        });
        let checked = self.checked().clone();
        let room = (ui.ctx().content_rect().height() - 260.0).max(160.0);
        // Both ways: a long line of the file never widens the dialog past the window.
        egui::ScrollArea::both().id_salt("plan-import-body").max_height(room).show(ui, |ui| {
            ui.label(
                RichText::new(tr(
                    lang,
                    "Kế hoạch (xem và sửa nếu cần):",
                    "The plan (check, correct if needed):",
                ))
                .strong(),
            );
            egui::Grid::new("plan-import-fields").num_columns(2).spacing([12.0, 6.0]).show(ui, |ui| {
                for column in columns(RecordKind::Plan).iter().filter(|c| c.key != "cac_dong") {
                    let label = if column.required {
                        format!("{} *", column.label.get(lang))
                    } else {
                        column.label.get(lang).to_string()
                    };
                    let label_id = ui.label(label).id;
                    ui.vertical(|ui| {
                        field(ui, &mut self.preview.draft, column, label_id, lang);
                        for issue in checked.issues.iter().filter(|i| i.field == column.key) {
                            ui.colored_label(
                                theme::ERROR,
                                RichText::new(issue.problem.message(lang)).small(),
                            );
                        }
                    });
                    ui.end_row();
                }
            });
            let notices = self.preview.notices(lang);
            if !notices.is_empty() {
                ui.add_space(6.0);
                ui.label(RichText::new(tr(lang, "Cách đọc bảng:", "How the table was read:")).strong());
                for n in notices {
                    ui.label(format!("• {n}"));
                }
            }
            ui.add_space(6.0);
            let problems = problems_by_line(&checked.issues, self.preview.lines.len(), lang);
            let bad = problems.iter().filter(|p| !p.is_empty()).count();
            ui.label(
                RichText::new(match lang {
                    Lang::Vi => format!("{} dòng kế hoạch, {bad} dòng có lỗi:", self.preview.lines.len()),
                    Lang::En => format!("{} plan lines, {bad} with a problem:", self.preview.lines.len()),
                })
                .strong(),
            );
            egui::Grid::new("plan-import-lines").striped(true).spacing([10.0, 4.0]).show(ui, |ui| {
                for h in [
                    tr(lang, "Dòng tệp", "File line"),
                    tr(lang, "Hoạt động", "Activity"),
                    tr(lang, "Năm", "Year"),
                    tr(lang, "Nguồn", "Source"),
                    tr(lang, "Số lượng", "Number"),
                    tr(lang, "Học viên", "Trainees"),
                    tr(lang, "Kinh phí (tr.đ)", "Money (M VND)"),
                    "",
                ] {
                    ui.strong(h);
                }
                ui.end_row();
                for (l, problem) in self.preview.lines.iter().zip(&problems) {
                    let t = &l.text;
                    ui.label(l.line.to_string());
                    match Activity::recognise(&t.hoat_dong) {
                        Some(a) => ui.label(a.label(lang)),
                        None => ui.colored_label(theme::ERROR, &t.hoat_dong),
                    };
                    ui.label(&t.nam);
                    ui.label(
                        FundingSource::parse_loose(&t.nguon)
                            .map(|s| s.label(lang))
                            .unwrap_or(t.nguon.as_str()),
                    );
                    ui.label(shown_in(&t.so_luong, lang));
                    ui.label(shown_in(&t.hoc_vien, lang));
                    ui.label(shown_in(&t.kinh_phi, lang));
                    ui.vertical(|ui| {
                        ui.set_max_width(260.0);
                        ui.add(egui::Label::new(RichText::new(problem).color(theme::ERROR)).wrap());
                    });
                    ui.end_row();
                }
            });
            // What is wrong with the lines as a whole (too many…).
            for issue in checked.issues.iter().filter(|i| i.field == "cac_dong") {
                if !matches!(issue.problem, Problem::PlanLine { .. }) {
                    ui.colored_label(theme::ERROR, issue.problem.message(lang));
                }
            }
        });
    }

    fn footer(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>) {
        let lang = cx.lang;
        ui.horizontal(|ui| {
            let ready = self.can_apply() && cx.read_only.is_none();
            let import = ui.add_enabled(
                ready,
                egui::Button::new(RichText::new(tr(lang, "Nhập kế hoạch", "Import the plan")).strong()),
            );
            if import.clicked() {
                cx.send(Command::ApplyPlanImport);
            }
            if ui.button(tr(lang, "Hủy", "Cancel")).clicked() {
                cx.send(Command::ClosePlanImport);
            }
            if !ready {
                ui.colored_label(
                    theme::WARNING,
                    tr(
                        lang,
                        "Sửa các lỗi ở trên (hoặc trong tệp) rồi nhập.",
                        "Correct the problems above (or in the file), then import.",
                    ),
                );
            }
        });
    }
}
