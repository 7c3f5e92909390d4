//! A list of records of one kind: search, filters, sortable columns, a
//! totals line, and the buttons to add, open and delete. Virtualised: only
//! the rows on screen are drawn, whatever the number of records.

use egui::{Align, Layout, RichText, Sense, Ui};
use egui_extras::{Column, TableBuilder};

use crate::command::Command;
use crate::domain::RecordKind;
use crate::domain::codes::{
    DesignForm, FacilityKind, FundingSource, ProjectContent, ProjectStatus, TrainingKind,
};
use crate::domain::number::{format_int_in, format_million_in, plural};
use crate::domain::plan::PlanKind;
use crate::i18n::{Lang, tr};
use crate::lists::{Columns, Data, ListView, Table};
use crate::ui::screens::facilities::FacilityDetail;
use crate::ui::widgets::filters::{CodeOptions, code_filter, code_options, place_filter, year_filter};
use crate::ui::widgets::guarded_button;
use crate::ui::{View, ViewContext};

mod columns;

use columns::fitted_widths;

fn kind_options(kind: RecordKind) -> CodeOptions {
    match kind {
        RecordKind::Facility => code_options::<FacilityKind>(),
        RecordKind::Project => code_options::<ProjectContent>(),
        RecordKind::Training => code_options::<TrainingKind>(),
        RecordKind::Design => code_options::<DesignForm>(),
        RecordKind::Plan | RecordKind::PlanLine => code_options::<PlanKind>(),
    }
}

fn kind_filter_label(kind: RecordKind, lang: Lang) -> &'static str {
    match kind {
        RecordKind::Facility => tr(lang, "Loại hình", "Type"),
        RecordKind::Project => tr(lang, "Nội dung", "Content"),
        RecordKind::Training => tr(lang, "Loại lớp", "Kind"),
        RecordKind::Design => tr(lang, "Hình thức", "Form"),
        RecordKind::Plan | RecordKind::PlanLine => tr(lang, "Loại", "Kind"),
    }
}

fn totals_text(kind: RecordKind, view: &ListView, lang: Lang) -> String {
    let t = view.totals;
    let n = format_int_in(t.count as i64, lang);
    let (s, c, p) = (
        format_million_in(t.support_vnd, lang),
        format_million_in(t.counterpart_vnd, lang),
        format_int_in(t.trainees, lang),
    );
    // English nouns follow the count ("1 project", "2 projects").
    let en = |one: &str, many: &str| plural(t.count as i64, &n, one, many);
    match (kind, lang) {
        (RecordKind::Facility, Lang::Vi) => format!("Cộng: {n} cơ sở"),
        (RecordKind::Facility, Lang::En) => format!("Total: {}", en("facility", "facilities")),
        (RecordKind::Project, Lang::Vi) => {
            format!("Cộng: {n} đề án · Kinh phí hỗ trợ {s} triệu đồng · Vốn đối ứng {c} triệu đồng")
        }
        (RecordKind::Project, Lang::En) => {
            format!(
                "Total: {} · support {s} million VND · counterpart {c} million VND",
                en("project", "projects")
            )
        }
        (RecordKind::Training, Lang::Vi) => format!("Cộng: {n} lớp · {p} học viên · Kinh phí {s} triệu đồng"),
        (RecordKind::Training, Lang::En) => {
            let trainees = plural(t.trainees, &p, "trainee", "trainees");
            format!("Total: {} · {trainees} · cost {s} million VND", en("class", "classes"))
        }
        (RecordKind::Design, Lang::Vi) => format!("Cộng: {n} lượt hỗ trợ · Kinh phí {s} triệu đồng"),
        (RecordKind::Design, Lang::En) => format!("Total: {} · {s} million VND", en("support", "supports")),
        (RecordKind::Plan, Lang::Vi) => format!("Cộng: {n} kế hoạch"),
        (RecordKind::Plan, Lang::En) => format!("Total: {}", en("plan", "plans")),
        (RecordKind::PlanLine, Lang::Vi) => format!("Cộng: {n} dòng"),
        (RecordKind::PlanLine, Lang::En) => format!("Total: {}", en("line", "lines")),
    }
}

/// The list screen of one record kind (with, for facilities, the selected
/// facility's records under the list).
pub struct ListScreen {
    pub kind: RecordKind,
    /// Filters, sort order, selection and the rows that pass (no egui).
    pub view: ListView,
    detail: Option<FacilityDetail>,
}

impl ListScreen {
    pub fn new(kind: RecordKind) -> Self {
        let facilities = kind == RecordKind::Facility;
        // Facilities by name A–Z; the other lists newest first.
        let view = ListView::new(0, facilities);
        ListScreen { kind, view, detail: facilities.then(FacilityDetail::default) }
    }
}

impl View for ListScreen {
    fn ui(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>) {
        let Some(data) = cx.data else { return };
        if let Some(detail) = &mut self.detail {
            let selected = self.view.selected.as_deref();
            egui::Panel::bottom("facility-detail").resizable(true).default_size(200.0).show(ui, |ui| {
                detail.show(ui, data, selected, cx);
            });
        }
        let (kind, view) = (self.kind, &mut self.view);
        match kind {
            RecordKind::Facility => show(ui, kind, &data.facilities, view, data, cx),
            RecordKind::Project => show(ui, kind, &data.projects, view, data, cx),
            RecordKind::Training => show(ui, kind, &data.trainings, view, data, cx),
            RecordKind::Design => show(ui, kind, &data.designs, view, data, cx),
            RecordKind::Plan | RecordKind::PlanLine => {}
        }
    }
}

/// Draws the list of one record kind.
fn show<R: Columns>(
    ui: &mut Ui,
    kind: RecordKind,
    table: &Table<R>,
    view: &mut ListView,
    data: &Data,
    cx: &mut ViewContext<'_>,
) {
    let lang = cx.lang;
    if data.is_loading() {
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
            year_filter(ui, lang, &mut view.filter.year_from, &mut view.filter.year_to, cx.years);
            code_filter(
                ui,
                tr(lang, "Nguồn", "Source"),
                &mut view.filter.source,
                &code_options::<FundingSource>(),
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
                &code_options::<ProjectStatus>(),
                lang,
            );
        }
        if view.filter != Default::default() && ui.button(tr(lang, "Bỏ lọc", "Clear filters")).clicked() {
            view.filter = Default::default();
        }
    });
    view.update(table, data);
    if view.is_filtering() || view.is_sorting() {
        // A large list is filtered or sorted over several frames: come back for the rest.
        ui.ctx().request_repaint();
    }

    // Actions.
    ui.horizontal(|ui| {
        if guarded_button(ui, cx.read_only, tr(lang, "Thêm mới", "New")).clicked() {
            cx.send(Command::NewRecord(kind));
        }
        let selected = view.selected.clone().filter(|id| table.get(id).is_some());
        let open = ui
            .add_enabled(selected.is_some(), egui::Button::new(tr(lang, "Mở", "Open")))
            .on_disabled_hover_text(tr(lang, "Chọn một dòng trước.", "Select a row first."));
        if open.clicked()
            && let Some(id) = &selected
        {
            cx.send(Command::EditRecord(kind, id.clone()));
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
            cx.send(Command::AskDelete(kind, id.clone()));
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
                cx.send(Command::EditRecord(kind, id));
            } else if delete && cx.read_only.is_none() {
                cx.send(Command::AskDelete(kind, id));
            }
        }
    }

    let columns = R::columns();
    let mut sort_clicked = None;
    let widths = fitted_widths(kind, columns.len(), ui.available_width());
    // What still does not fit scrolls sideways rather than squeezing the figures.
    egui::ScrollArea::horizontal().id_salt((kind.cli_name(), "h")).show(ui, |ui| {
        let mut builder = TableBuilder::new(ui)
            .id_salt(kind.cli_name())
            .striped(true)
            .resizable(true)
            .sense(Sense::click())
            .cell_layout(Layout::left_to_right(Align::Center))
            .min_scrolled_height(0.0);
        for (i, width) in widths.iter().enumerate() {
            let column = if i + 1 == columns.len() { Column::remainder() } else { Column::initial(*width) };
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
                            let text = (c.cell)(&stored.record, data, lang);
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
                        cx.send(Command::EditRecord(kind, stored.id.clone()));
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
