//! A date typed as dd/mm/yyyy, with a calendar in Vietnamese (or English)
//! to pick it from. egui_extras' date picker speaks only English.

use egui::{Response, Ui};
use jiff::ToSpan;
use jiff::civil::Date;

use crate::domain::number::{format_date, parse_date};
use crate::i18n::{Lang, tr};

/// The month the calendar shows, kept per field between frames.
#[derive(Clone, Copy)]
struct Shown(Date);

/// Shows the text field and the calendar button; returns the text field's response.
pub fn date_field(ui: &mut Ui, text: &mut String, label_id: egui::Id, lang: Lang, enabled: bool) -> Response {
    ui.horizontal(|ui| {
        let edit = ui.add_enabled(
            enabled,
            egui::TextEdit::singleline(text).hint_text("dd/mm/yyyy").desired_width(110.0),
        );
        let edit = edit.labelled_by(label_id);
        let id = edit.id.with("calendar");
        ui.add_enabled_ui(enabled, |ui| {
            ui.menu_button(tr(lang, "Lịch", "Calendar"), |ui| {
                let today = jiff::Zoned::now().date();
                let current = parse_date(text).ok();
                let mut shown =
                    ui.data(|d| d.get_temp::<Shown>(id)).map(|s| s.0).or(current).unwrap_or(today);
                shown = shown.first_of_month();
                if let Some(picked) = calendar(ui, &mut shown, current, lang) {
                    *text = format_date(picked);
                    ui.close();
                }
                ui.data_mut(|d| d.insert_temp(id, Shown(shown)));
            });
        });
        edit
    })
    .inner
}

/// A month grid; returns the day clicked.
fn calendar(ui: &mut Ui, shown: &mut Date, selected: Option<Date>, lang: Lang) -> Option<Date> {
    let mut picked = None;
    ui.horizontal(|ui| {
        if ui.button("◄").on_hover_text(tr(lang, "Tháng trước", "Previous month")).clicked() {
            *shown = shown.checked_sub(1.month()).unwrap_or(*shown);
        }
        let title = match lang {
            Lang::Vi => format!("Tháng {}/{}", shown.month(), shown.year()),
            Lang::En => format!("{}/{}", shown.month(), shown.year()),
        };
        ui.label(egui::RichText::new(title).strong());
        if ui.button("►").on_hover_text(tr(lang, "Tháng sau", "Next month")).clicked() {
            *shown = shown.checked_add(1.month()).unwrap_or(*shown);
        }
    });
    let names: [&str; 7] = match lang {
        Lang::Vi => ["T2", "T3", "T4", "T5", "T6", "T7", "CN"],
        Lang::En => ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"],
    };
    egui::Grid::new(ui.scope_id().with("days")).spacing([2.0, 2.0]).show(ui, |ui| {
        for name in names {
            ui.label(egui::RichText::new(name).small());
        }
        ui.end_row();
        // Monday first, as Vietnamese calendars are laid out.
        let offset = shown.weekday().to_monday_zero_offset();
        for _ in 0..offset {
            ui.label("");
        }
        let mut day = *shown;
        let mut column = offset;
        while day.month() == shown.month() {
            let is_selected = Some(day) == selected;
            if ui.selectable_label(is_selected, format!("{:>2}", day.day())).clicked() {
                picked = Some(day);
            }
            column += 1;
            if column == 7 {
                column = 0;
                ui.end_row();
            }
            match day.tomorrow() {
                Ok(next) => day = next,
                Err(_) => break,
            }
        }
    });
    picked
}
