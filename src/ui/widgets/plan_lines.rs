//! A plan's lines in its form: one block per line (activity, year, funding
//! source; then its targets and a note), added and removed here. The lines
//! are kept in the draft as typed (see `domain::plan::LineText`), so the
//! form's checks, undo and discard question treat them like any field.

use egui::{Response, Ui};

use crate::domain::Code;
use crate::domain::codes::FundingSource;
use crate::domain::plan::{Activity, LineText, MAX_PLAN_LINES, line_texts, line_texts_json};
use crate::i18n::{Lang, tr};
use crate::ui::widgets::fields::number_edit;

/// The lines of the draft's `text`; `years` are the plan's first and last
/// year as typed (offered for each line). Returns the response of the block.
pub fn plan_lines(
    ui: &mut Ui,
    text: &mut String,
    years: (Option<i32>, Option<i32>),
    label_id: egui::Id,
    lang: Lang,
) -> Response {
    let Ok(mut lines) = line_texts(text) else {
        // Kept lines no program of ours wrote: say so, offer a fresh start.
        return ui
            .vertical(|ui| {
                ui.label(tr(
                    lang,
                    "Không đọc được các dòng kế hoạch đã lưu.",
                    "The plan's saved lines cannot be read.",
                ));
                if ui
                    .button(tr(lang, "Xóa các dòng để nhập lại", "Clear the lines to enter them again"))
                    .clicked()
                {
                    text.clear();
                }
            })
            .response
            .labelled_by(label_id);
    };
    let year_options: Vec<i32> = match years {
        (Some(from), Some(to)) if from <= to && to - from < 10 => (from..=to).collect(),
        _ => Vec::new(),
    };
    let mut changed = false;
    let mut remove = None;
    let response = ui
        .vertical(|ui| {
            if lines.is_empty() {
                ui.weak(tr(lang, "Chưa có dòng nào.", "No line yet."));
            }
            for (i, line) in lines.iter_mut().enumerate() {
                let name = |field: &str| match lang {
                    Lang::Vi => format!("Dòng {}: {field}", i + 1),
                    Lang::En => format!("Line {}: {field}", i + 1),
                };
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.horizontal_wrapped(|ui| {
                        ui.strong(format!("{}.", i + 1));
                        let activity =
                            activity_combo(ui, &mut line.hoat_dong, label_id.with((i, "activity")), lang);
                        changed |= named(activity, name(tr(lang, "Hoạt động", "Activity")));
                        let year =
                            year_combo(ui, &mut line.nam, &year_options, label_id.with((i, "year")), lang);
                        changed |= named(year, name(tr(lang, "Năm", "Year")));
                        let source = source_combo(ui, &mut line.nguon, label_id.with((i, "source")), lang);
                        changed |= named(source, name(tr(lang, "Nguồn kinh phí", "Funding source")));
                    });
                    ui.horizontal_wrapped(|ui| {
                        let unit = Activity::recognise(&line.hoat_dong).map(|a| a.unit().label(lang));
                        ui.label(match unit {
                            Some(unit) => format!("{} ({unit})", tr(lang, "Số lượng", "Number")),
                            None => tr(lang, "Số lượng", "Number").to_string(),
                        });
                        changed |=
                            number_edit(ui, &mut line.so_luong, (label_id, i, "count"), lang, false, 60.0)
                                .accessible_name(name(tr(lang, "Số lượng", "Number")))
                                .changed();
                        let trainees = Activity::recognise(&line.hoat_dong).is_some_and(|a| a.has_trainees());
                        if trainees || !line.hoc_vien.is_empty() {
                            ui.label(tr(lang, "Học viên", "Trainees"));
                            changed |= number_edit(
                                ui,
                                &mut line.hoc_vien,
                                (label_id, i, "trainees"),
                                lang,
                                false,
                                60.0,
                            )
                            .accessible_name(name(tr(lang, "Học viên", "Trainees")))
                            .changed();
                        }
                        ui.label(tr(lang, "Kinh phí (triệu đồng)", "Money (million VND)"));
                        changed |=
                            number_edit(ui, &mut line.kinh_phi, (label_id, i, "money"), lang, true, 100.0)
                                .accessible_name(name(tr(lang, "Kinh phí", "Money")))
                                .changed();
                        changed |= ui
                            .add(
                                egui::TextEdit::singleline(&mut line.ghi_chu)
                                    .hint_text(tr(lang, "Ghi chú", "Note"))
                                    .desired_width(140.0),
                            )
                            .accessible_name(name(tr(lang, "Ghi chú", "Note")))
                            .changed();
                        if ui
                            .small_button(tr(lang, "Xóa dòng", "Remove line"))
                            .accessible_name(name(tr(lang, "Xóa dòng", "Remove line")))
                            .clicked()
                        {
                            remove = Some(i);
                        }
                    });
                });
            }
            let room = lines.len() < MAX_PLAN_LINES;
            if ui.add_enabled(room, egui::Button::new(tr(lang, "+ Thêm dòng", "+ Add a line"))).clicked() {
                lines.push(LineText::default());
                changed = true;
            }
        })
        .response
        .labelled_by(label_id);
    if let Some(i) = remove {
        lines.remove(i);
        changed = true;
    }
    if changed {
        *text = line_texts_json(&lines);
    }
    response
}

/// A drop-down named for screen readers and tests; whether it changed its text.
fn named((response, changed): (Response, bool), name: String) -> bool {
    let _ = response.accessible_name(name);
    changed
}

fn activity_combo(ui: &mut Ui, text: &mut String, id: egui::Id, lang: Lang) -> (Response, bool) {
    let current = Activity::recognise(text);
    let shown = match current {
        Some(a) => a.label(lang).to_string(),
        None if text.trim().is_empty() => {
            tr(lang, "— chọn hoạt động —", "— choose an activity —").to_string()
        }
        None => text.clone(),
    };
    let mut changed = false;
    let response = egui::ComboBox::from_id_salt(id)
        .selected_text(shown)
        .width(300.0)
        .height(700.0)
        .show_ui(ui, |ui| {
            for a in Activity::all() {
                if ui.selectable_label(current == Some(a), a.label(lang)).clicked() {
                    *text = a.code();
                    changed = true;
                }
            }
        })
        .response;
    (response, changed)
}

fn year_combo(ui: &mut Ui, text: &mut String, years: &[i32], id: egui::Id, lang: Lang) -> (Response, bool) {
    let whole = tr(lang, "Cả kế hoạch", "Whole plan");
    let shown = if text.trim().is_empty() { whole.to_string() } else { text.clone() };
    let mut changed = false;
    let response = egui::ComboBox::from_id_salt(id)
        .selected_text(shown)
        .width(110.0)
        .show_ui(ui, |ui| {
            if ui.selectable_label(text.trim().is_empty(), whole).clicked() {
                text.clear();
                changed = true;
            }
            for y in years {
                let y = y.to_string();
                if ui.selectable_label(*text == y, &y).clicked() {
                    *text = y;
                    changed = true;
                }
            }
        })
        .response;
    (response, changed)
}

fn source_combo(ui: &mut Ui, text: &mut String, id: egui::Id, lang: Lang) -> (Response, bool) {
    let any = tr(lang, "Mọi nguồn", "Any source");
    let current = FundingSource::parse_loose(text);
    let shown = match current {
        Some(s) => s.label(lang).to_string(),
        None if text.trim().is_empty() => any.to_string(),
        None => text.clone(),
    };
    let mut changed = false;
    let response = egui::ComboBox::from_id_salt(id)
        .selected_text(shown)
        .width(180.0)
        .show_ui(ui, |ui| {
            if ui.selectable_label(text.trim().is_empty(), any).clicked() {
                text.clear();
                changed = true;
            }
            for s in FundingSource::ALL {
                if ui.selectable_label(current == Some(*s), s.label(lang)).clicked() {
                    *text = s.code().to_string();
                    changed = true;
                }
            }
        })
        .response;
    (response, changed)
}
