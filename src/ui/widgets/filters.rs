//! The drop-downs that choose what a screen shows: years, a coded value
//! (source, content, status…), a place. Each is a label tied to its box, so
//! the keyboard, a screen reader and the tests find it by its name.

use egui::Ui;

use crate::domain::Code;
use crate::i18n::{Lang, tr};

/// A coded value's choices: (code, Vietnamese, English).
pub type CodeOptions = Vec<(&'static str, &'static str, &'static str)>;

pub fn code_options<C: Code>() -> CodeOptions {
    C::ALL.iter().map(|c| (c.code(), c.label_vi(), c.label_en())).collect()
}

/// A labelled drop-down: `shown` in the box, a line per choice.
fn combo<T: PartialEq + Clone>(
    ui: &mut Ui,
    label: &str,
    width: f32,
    value: &mut T,
    shown: String,
    choices: impl IntoIterator<Item = (T, String)>,
) {
    // The label and its box stay together when a row of filters wraps: the
    // room for both is asked for at once, so the pair moves to the next line.
    let font = egui::TextStyle::Body.resolve(ui.style());
    let label_width = ui.painter().layout_no_wrap(label.to_string(), font, egui::Color32::WHITE).size().x;
    let size = egui::vec2(label_width + ui.spacing().item_spacing.x + width, ui.spacing().interact_size.y);
    ui.allocate_ui_with_layout(size, egui::Layout::left_to_right(egui::Align::Center), |ui| {
        let l = ui.label(label);
        egui::ComboBox::from_id_salt(l.id.with("choice"))
            .selected_text(shown)
            .width(width)
            .show_ui(ui, |ui| {
                for (choice, text) in choices {
                    ui.selectable_value(value, choice, text);
                }
            })
            .response
            .labelled_by(l.id);
    });
}

fn years(span: Option<(i32, i32)>) -> impl Iterator<Item = i32> {
    span.into_iter().flat_map(|(first, last)| first..=last)
}

/// "From … to …" among the years of `span`. Choosing one end past the other
/// moves both.
pub fn year_range(ui: &mut Ui, lang: Lang, from: &mut i32, to: &mut i32, span: Option<(i32, i32)>) {
    let before = *from;
    for (label, value) in [(tr(lang, "Từ năm", "From"), &mut *from), (tr(lang, "Đến năm", "To"), &mut *to)]
    {
        let shown = value.to_string();
        combo(ui, label, 70.0, value, shown, years(span).map(|y| (y, y.to_string())));
    }
    if *to < *from {
        if *from != before {
            *to = *from;
        } else {
            *from = *to;
        }
    }
}

/// "From … to …" where either end may be left at "all".
pub fn year_filter(
    ui: &mut Ui,
    lang: Lang,
    from: &mut Option<i32>,
    to: &mut Option<i32>,
    span: Option<(i32, i32)>,
) {
    let all = tr(lang, "Tất cả", "All");
    for (label, value) in [(tr(lang, "Từ năm", "From"), from), (tr(lang, "Đến năm", "To"), to)] {
        let shown = value.map(|y| y.to_string()).unwrap_or_else(|| all.to_string());
        let choices =
            std::iter::once((None, all.to_string())).chain(years(span).map(|y| (Some(y), y.to_string())));
        combo(ui, label, 70.0, value, shown, choices);
    }
}

/// A coded value, or "all".
pub fn code_filter(
    ui: &mut Ui,
    label: &str,
    value: &mut Option<&'static str>,
    options: &[(&'static str, &'static str, &'static str)],
    lang: Lang,
) {
    let all = tr(lang, "Tất cả", "All");
    let shown =
        value.and_then(|v| options.iter().find(|o| o.0 == v)).map(|o| lang.pick(o.1, o.2)).unwrap_or(all);
    let choices = std::iter::once((None, all.to_string()))
        .chain(options.iter().map(|(code, vi, en)| (Some(*code), lang.pick(vi, en).to_string())));
    combo(ui, label, 170.0, value, shown.to_string(), choices);
}

/// A district or commune the records name, or "all".
pub fn place_filter(ui: &mut Ui, value: &mut Option<String>, places: &[String], lang: Lang) {
    let all = tr(lang, "Tất cả", "All");
    let shown = value.clone().unwrap_or_else(|| all.to_string());
    let choices =
        std::iter::once((None, all.to_string())).chain(places.iter().map(|p| (Some(p.clone()), p.clone())));
    combo(ui, tr(lang, "Huyện/xã", "District/commune"), 150.0, value, shown, choices);
}
