//! The input of one field of a record, by its type: text, a number typed
//! the window's way, a coded value, a district, a date, a plan's lines.

use egui::Ui;

use crate::domain::fields::{CodeSet, Column, Draft, FieldType};
use crate::domain::number::{as_vietnamese, format_million, format_million_in, parse_million_in, shown_in};
use crate::domain::places::FORMER_DISTRICTS;
use crate::i18n::{Lang, tr};
use crate::ui::widgets::date_field::date_field;
use crate::ui::widgets::plan_lines::plan_lines;

/// The input of one column, labelled for screen readers and tests.
pub fn field(
    ui: &mut Ui,
    draft: &mut Draft,
    column: &Column,
    label_id: egui::Id,
    lang: Lang,
) -> egui::Response {
    // A plan's lines offer the years of the plan.
    let years =
        (draft.get("tu_nam").trim().parse::<i32>().ok(), draft.get("den_nam").trim().parse::<i32>().ok());
    let Some(text) = draft.get_mut(column.key) else {
        return ui.label("");
    };
    match column.ty {
        FieldType::PlanLines => plan_lines(ui, text, years, label_id, lang),
        FieldType::Code(set) => code_combo(ui, text, set, !column.required, label_id, lang),
        FieldType::District => district_combo(ui, text, label_id, lang),
        FieldType::Date => date_field(ui, text, label_id, lang, true),
        FieldType::Note => {
            ui.add(egui::TextEdit::multiline(text).desired_rows(3).desired_width(360.0)).labelled_by(label_id)
        }
        FieldType::Money => number_field(ui, text, column.key, label_id, lang, true),
        FieldType::Count => number_field(ui, text, column.key, label_id, lang, false),
        FieldType::Year => ui.add(egui::TextEdit::singleline(text).desired_width(80.0)).labelled_by(label_id),
        FieldType::Line | FieldType::TaxCode => {
            ui.add(egui::TextEdit::singleline(text).desired_width(360.0)).labelled_by(label_id)
        }
    }
}

/// A money or count field, typed and read the window's way ("1,200.5" in
/// English) while the draft keeps the Vietnamese text that `domain::fields`
/// reads: the same value, or the same refusal.
pub fn number_field(
    ui: &mut Ui,
    text: &mut String,
    key: &'static str,
    label_id: egui::Id,
    lang: Lang,
    money: bool,
) -> egui::Response {
    number_edit(ui, text, key, lang, money, if money { 140.0 } else { 80.0 }).labelled_by(label_id)
}

/// [`number_field`] without its label; `salt` tells its typed text apart
/// from other fields'.
pub fn number_edit(
    ui: &mut Ui,
    text: &mut String,
    salt: impl std::hash::Hash + std::fmt::Debug,
    lang: Lang,
    money: bool,
    width: f32,
) -> egui::Response {
    let memory = ui.make_persistent_id(("typed-number", salt));
    // What the officer typed, as long as the draft still stands for it.
    let mut shown = ui
        .data(|d| d.get_temp::<(String, String)>(memory))
        .filter(|(_, kept)| kept == text)
        .map(|(typed, _)| typed)
        .unwrap_or_else(|| shown_in(text, lang));
    let edit = egui::TextEdit::singleline(&mut shown);
    let edit = edit.desired_width(width);
    let edit = if money { edit.hint_text("0").align(egui::Align2::RIGHT_CENTER) } else { edit };
    let response = ui.add(edit);
    if response.changed() {
        *text = as_vietnamese(&shown, lang);
    }
    // Written back once the officer leaves the field, to show what was read.
    if money
        && response.lost_focus()
        && let Ok(dong) = parse_million_in(&shown, lang)
    {
        shown = format_million_in(dong, lang);
        *text = format_million(dong);
    }
    ui.data_mut(|d| d.insert_temp(memory, (shown, text.clone())));
    response
}

pub fn code_combo(
    ui: &mut Ui,
    text: &mut String,
    set: CodeSet,
    optional: bool,
    label_id: egui::Id,
    lang: Lang,
) -> egui::Response {
    let current = set.parse_loose(text);
    let shown = current
        .and_then(|c| set.label(c, lang))
        .unwrap_or(if text.is_empty() { "—" } else { text.as_str() })
        .to_string();
    let response = egui::ComboBox::from_id_salt(label_id.with("combo"))
        .selected_text(shown)
        .width(360.0)
        .show_ui(ui, |ui| {
            if optional && ui.selectable_label(text.is_empty(), "—").clicked() {
                text.clear();
            }
            for (code, vi, en) in set.options() {
                if ui.selectable_label(current == Some(code), lang.pick(vi, en)).clicked() {
                    *text = code.to_string();
                }
            }
        })
        .response;
    response.labelled_by(label_id)
}

fn district_combo(ui: &mut Ui, text: &mut String, label_id: egui::Id, lang: Lang) -> egui::Response {
    let shown = if text.is_empty() {
        tr(lang, "— (sau 01/7/2025 để trống)", "— (leave empty after 1 July 2025)").to_string()
    } else {
        text.clone()
    };
    let response = egui::ComboBox::from_id_salt(label_id.with("district"))
        .selected_text(shown)
        .width(360.0)
        .show_ui(ui, |ui| {
            if ui.selectable_label(text.is_empty(), "—").clicked() {
                text.clear();
            }
            let custom = !text.is_empty() && !FORMER_DISTRICTS.contains(&text.as_str());
            if custom {
                let _ = ui.selectable_label(true, text.clone());
            }
            for d in FORMER_DISTRICTS {
                if ui.selectable_label(text == d, d).clicked() {
                    *text = d.to_string();
                }
            }
        })
        .response;
    response.labelled_by(label_id)
}
