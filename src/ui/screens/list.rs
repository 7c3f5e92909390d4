//! A list of records of one kind: search, filters, sortable columns, a
//! totals line, and the buttons to add, open and delete. Virtualised: only
//! the rows on screen are drawn, whatever the number of records.

use egui::{Align, Layout, RichText, Sense, Ui};
use egui_extras::{Column, TableBuilder};

use crate::command::Command;
use crate::domain::Code;
use crate::domain::RecordKind;
use crate::domain::codes::{
    DesignForm, FacilityKind, FundingSource, ProjectContent, ProjectStatus, TrainingKind,
};
use crate::domain::number::{format_int, format_million};
use crate::i18n::{Lang, tr};
use crate::lists::{Columns, Data, ListView, Table};
use crate::ui::guarded_button;

mod columns;

use columns::column_width;

/// What a list screen needs besides its own state.
pub struct ListContext<'a> {
    pub data: &'a Data,
    pub lang: Lang,
    /// Why editing is not possible, when the workbook is read-only.
    pub read_only: Option<&'a str>,
    pub years: Option<(i32, i32)>,
    pub places: &'a [String],
    /// A form or dialog is open above the list: keys belong to it.
    pub modal_open: bool,
    pub commands: &'a mut Vec<Command>,
}

/// Options of a coded filter: (code, Vietnamese, English).
fn options<C: Code>() -> Vec<(&'static str, &'static str, &'static str)> {
    C::ALL.iter().map(|c| (c.code(), c.label_vi(), c.label_en())).collect()
}

fn kind_options(kind: RecordKind) -> Vec<(&'static str, &'static str, &'static str)> {
    match kind {
        RecordKind::Facility => options::<FacilityKind>(),
        RecordKind::Project => options::<ProjectContent>(),
        RecordKind::Training => options::<TrainingKind>(),
        RecordKind::Design => options::<DesignForm>(),
    }
}

fn kind_filter_label(kind: RecordKind, lang: Lang) -> &'static str {
    match kind {
        RecordKind::Facility => tr(lang, "Loại hình", "Type"),
        RecordKind::Project => tr(lang, "Nội dung", "Content"),
        RecordKind::Training => tr(lang, "Loại lớp", "Kind"),
        RecordKind::Design => tr(lang, "Hình thức", "Form"),
    }
}

/// A labelled drop-down of coded values with an "all" entry.
fn code_filter(
    ui: &mut Ui,
    label: &str,
    value: &mut Option<&'static str>,
    options: &[(&'static str, &'static str, &'static str)],
    lang: Lang,
) {
    let label = ui.label(label);
    let all = tr(lang, "Tất cả", "All");
    let shown =
        value.and_then(|v| options.iter().find(|o| o.0 == v)).map(|o| lang.pick(o.1, o.2)).unwrap_or(all);
    egui::ComboBox::from_id_salt(label.id.with("filter"))
        .selected_text(shown)
        .width(170.0)
        .show_ui(ui, |ui| {
            ui.selectable_value(value, None, all);
            for (code, vi, en) in options {
                ui.selectable_value(value, Some(*code), lang.pick(vi, en));
            }
        })
        .response
        .labelled_by(label.id);
}

fn year_filter(ui: &mut Ui, label: &str, value: &mut Option<i32>, years: Option<(i32, i32)>, lang: Lang) {
    let label = ui.label(label);
    let all = tr(lang, "Tất cả", "All");
    let shown = value.map(|y| y.to_string()).unwrap_or_else(|| all.to_string());
    egui::ComboBox::from_id_salt(label.id.with("year"))
        .selected_text(shown)
        .width(70.0)
        .show_ui(ui, |ui| {
            ui.selectable_value(value, None, all);
            if let Some((first, last)) = years {
                for y in first..=last {
                    ui.selectable_value(value, Some(y), y.to_string());
                }
            }
        })
        .response
        .labelled_by(label.id);
}

fn place_filter(ui: &mut Ui, value: &mut Option<String>, places: &[String], lang: Lang) {
    let label = ui.label(tr(lang, "Huyện/xã", "District/commune"));
    let all = tr(lang, "Tất cả", "All");
    egui::ComboBox::from_id_salt(label.id.with("place"))
        .selected_text(value.clone().unwrap_or_else(|| all.to_string()))
        .width(150.0)
        .show_ui(ui, |ui| {
            ui.selectable_value(value, None, all);
            for p in places {
                ui.selectable_value(value, Some(p.clone()), p.as_str());
            }
        })
        .response
        .labelled_by(label.id);
}

fn totals_text(kind: RecordKind, view: &ListView, lang: Lang) -> String {
    let t = view.totals;
    let n = format_int(t.count as i64);
    let (s, c, p) =
        (format_million(t.support_vnd), format_million(t.counterpart_vnd), format_int(t.trainees));
    match (kind, lang) {
        (RecordKind::Facility, Lang::Vi) => format!("Cộng: {n} cơ sở"),
        (RecordKind::Facility, Lang::En) => format!("Total: {n} facilities"),
        (RecordKind::Project, Lang::Vi) => {
            format!("Cộng: {n} đề án · Kinh phí hỗ trợ {s} triệu đồng · Vốn đối ứng {c} triệu đồng")
        }
        (RecordKind::Project, Lang::En) => {
            format!("Total: {n} projects · support {s} million VND · counterpart {c} million VND")
        }
        (RecordKind::Training, Lang::Vi) => format!("Cộng: {n} lớp · {p} học viên · Kinh phí {s} triệu đồng"),
        (RecordKind::Training, Lang::En) => {
            format!("Total: {n} classes · {p} trainees · cost {s} million VND")
        }
        (RecordKind::Design, Lang::Vi) => format!("Cộng: {n} lượt hỗ trợ · Kinh phí {s} triệu đồng"),
        (RecordKind::Design, Lang::En) => format!("Total: {n} supports · {s} million VND"),
    }
}

/// Draws the list screen of one record kind.
pub fn show<R: Columns>(
    ui: &mut Ui,
    kind: RecordKind,
    table: &Table<R>,
    view: &mut ListView,
    cx: &mut ListContext<'_>,
) {
    let lang = cx.lang;
    if cx.data.is_loading() {
        // A large workbook is still being read on another thread.
        ui.add_space(12.0);
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(tr(
                lang,
                "Đang đọc các bản ghi của sổ, xin chờ một chút…",
                "Reading the workbook's records, one moment…",
            ));
        });
        ui.ctx().request_repaint_after(std::time::Duration::from_millis(50));
        return;
    }
    // Filters.
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(tr(lang, "Tìm", "Search"));
        ui.add(
            egui::TextEdit::singleline(&mut view.filter.search)
                .hint_text(tr(
                    lang,
                    "tên, mã, địa bàn… (không cần dấu)",
                    "name, code, place… (accents optional)",
                ))
                .desired_width(230.0),
        )
        .labelled_by(label.id);
        if kind != RecordKind::Facility {
            year_filter(ui, tr(lang, "Từ năm", "From"), &mut view.filter.year_from, cx.years, lang);
            year_filter(ui, tr(lang, "Đến năm", "To"), &mut view.filter.year_to, cx.years, lang);
            code_filter(
                ui,
                tr(lang, "Nguồn", "Source"),
                &mut view.filter.source,
                &options::<FundingSource>(),
                lang,
            );
        }
        place_filter(ui, &mut view.filter.place, cx.places, lang);
        code_filter(ui, kind_filter_label(kind, lang), &mut view.filter.kind, &kind_options(kind), lang);
        if kind == RecordKind::Project {
            code_filter(
                ui,
                tr(lang, "Trạng thái", "Status"),
                &mut view.filter.status,
                &options::<ProjectStatus>(),
                lang,
            );
        }
        if view.filter != Default::default() && ui.button(tr(lang, "Bỏ lọc", "Clear filters")).clicked() {
            view.filter = Default::default();
        }
    });
    view.update(table, cx.data);
    if view.is_filtering() || view.is_sorting() {
        // A large list is filtered or sorted over several frames: come back for the rest.
        ui.ctx().request_repaint();
    }

    // Actions.
    ui.horizontal(|ui| {
        if guarded_button(ui, cx.read_only, tr(lang, "Thêm mới", "New")).clicked() {
            cx.commands.push(Command::NewRecord(kind));
        }
        let selected = view.selected.clone().filter(|id| table.get(id).is_some());
        let open = ui
            .add_enabled(selected.is_some(), egui::Button::new(tr(lang, "Mở", "Open")))
            .on_disabled_hover_text(tr(lang, "Chọn một dòng trước.", "Select a row first."));
        if open.clicked()
            && let Some(id) = &selected
        {
            cx.commands.push(Command::EditRecord(kind, id.clone()));
        }
        let delete =
            if selected.is_some() {
                guarded_button(ui, cx.read_only, tr(lang, "Xóa", "Delete"))
            } else {
                ui.add_enabled(false, egui::Button::new(tr(lang, "Xóa", "Delete")))
                    .on_disabled_hover_text(tr(lang, "Chọn một dòng trước.", "Select a row first."))
            };
        if delete.clicked()
            && let Some(id) = &selected
        {
            cx.commands.push(Command::AskDelete(kind, id.clone()));
        }
        ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
            if view.is_sorting() {
                ui.weak(tr(lang, "Đang sắp xếp…", "Sorting…"));
                ui.spinner();
            } else if view.is_filtering() {
                ui.weak(tr(lang, "Đang lọc…", "Filtering…"));
                ui.spinner();
            } else {
                ui.label(RichText::new(totals_text(kind, view, lang)).strong());
            }
        });
    });

    // Keyboard: arrows move the selection, Enter opens, Delete deletes,
    // unless the officer is typing somewhere.
    let mut scroll_to = None;
    let typing = ui.ctx().memory(|m| m.focused().is_some());
    if !typing && !cx.modal_open && !view.visible.is_empty() {
        let (up, down, enter, delete) = ui.input(|i| {
            (
                i.key_pressed(egui::Key::ArrowUp),
                i.key_pressed(egui::Key::ArrowDown),
                i.key_pressed(egui::Key::Enter),
                i.key_pressed(egui::Key::Delete),
            )
        });
        let position = view.selected_position(table);
        if up || down {
            let next = match position {
                Some(p) if up => p.saturating_sub(1),
                Some(p) => (p + 1).min(view.visible.len() - 1),
                None => 0,
            };
            view.selected = Some(table.rows[view.visible[next]].id.clone());
            scroll_to = Some(next);
        }
        if let Some(p) = position {
            let id = table.rows[view.visible[p]].id.clone();
            if enter {
                cx.commands.push(Command::EditRecord(kind, id));
            } else if delete && cx.read_only.is_none() {
                cx.commands.push(Command::AskDelete(kind, id));
            }
        }
    }

    let columns = R::columns();
    let mut sort_clicked = None;
    // Wide lists scroll sideways rather than squeeze their columns.
    egui::ScrollArea::horizontal().id_salt((kind.cli_name(), "h")).show(ui, |ui| {
        let mut builder = TableBuilder::new(ui)
            .id_salt(kind.cli_name())
            .striped(true)
            .resizable(true)
            .sense(Sense::click())
            .cell_layout(Layout::left_to_right(Align::Center))
            .min_scrolled_height(0.0);
        for i in 0..columns.len() {
            let column = if i + 1 == columns.len() {
                Column::remainder()
            } else {
                Column::initial(column_width(kind, i))
            };
            builder = builder.column(column.at_least(40.0).clip(true));
        }
        if let Some(row) = scroll_to {
            builder = builder.scroll_to_row(row, None);
        }
        builder
            .header(26.0, |mut header| {
                for (i, c) in columns.iter().enumerate() {
                    header.col(|ui| {
                        let arrow = match (view.sort_column == i, view.sort_ascending) {
                            (true, true) => " ▲",
                            (true, false) => " ▼",
                            _ => "",
                        };
                        let text = RichText::new(format!("{}{arrow}", c.title.get(lang))).strong();
                        let response = ui.add(egui::Button::new(text).frame(false)).on_hover_text(tr(
                            lang,
                            "Bấm để sắp xếp",
                            "Click to sort",
                        ));
                        if response.clicked() {
                            sort_clicked = Some(i);
                        }
                    });
                }
            })
            .body(|body| {
                body.rows(24.0, view.visible.len(), |mut row| {
                    let index = view.visible[row.index()];
                    let stored = &table.rows[index];
                    row.set_selected(view.selected.as_deref() == Some(stored.id.as_str()));
                    for c in &columns {
                        row.col(|ui| {
                            let text = (c.cell)(&stored.record, cx.data, lang);
                            let label = egui::Label::new(text).selectable(false).truncate();
                            if c.numeric {
                                ui.with_layout(Layout::right_to_left(Align::Center), |ui| ui.add(label));
                            } else {
                                ui.add(label);
                            }
                        });
                    }
                    let response = row.response();
                    if response.clicked() {
                        view.selected = Some(stored.id.clone());
                    }
                    if response.double_clicked() {
                        view.selected = Some(stored.id.clone());
                        cx.commands.push(Command::EditRecord(kind, stored.id.clone()));
                    }
                });
            });
    });
    if let Some(i) = sort_clicked {
        view.toggle_sort(i);
    }
    if view.visible.is_empty() {
        ui.add_space(12.0);
        let text = if table.rows.is_empty() {
            tr(
                lang,
                "Chưa có bản ghi nào. Bấm “Thêm mới” để bắt đầu.",
                "No records yet. Click “New” to start.",
            )
        } else {
            tr(lang, "Không có bản ghi nào khớp với bộ lọc.", "No record matches the filters.")
        };
        ui.weak(text);
    }
}
