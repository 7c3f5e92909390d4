//! The import preview's account of how the file was read: the sheet (with a
//! choice of another), every decision the reader made, and the choices the
//! officer can change or must make (old encodings, hidden rows, the decimal
//! mark, the money unit, the columns). Each change asks the app for a new
//! reading of the same file.

use egui::{RichText, Ui};

use crate::command::Command;
use crate::domain::fields::columns;
use crate::i18n::{Lang, tr};
use crate::spreadsheet::TableProblem;
use crate::spreadsheet::choose::SheetChoice;
use crate::spreadsheet::formats::{DateOrder, DecimalMark};
use crate::spreadsheet::units::Unit;
use crate::ui::dialogs::import::ImportDialog;
use crate::ui::{ViewContext, theme};

/// A labelled drop-down over a few values, each with its text.
pub fn choice_combo<T: PartialEq + Clone>(ui: &mut Ui, label: &str, value: &mut T, options: &[(T, &str)]) {
    let l = ui.label(label);
    let shown = options.iter().find(|(v, _)| v == value).map(|(_, t)| *t).unwrap_or_default();
    egui::ComboBox::from_id_salt(("import-choice", label))
        .selected_text(shown)
        .show_ui(ui, |ui| {
            for (v, text) in options {
                ui.selectable_value(value, v.clone(), *text);
            }
        })
        .response
        .labelled_by(l.id);
}

impl ImportDialog {
    /// The sheet, the decisions, and the switches for hidden rows and old encodings.
    pub(crate) fn reading_ui(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>) {
        let lang = cx.lang;
        ui.label(RichText::new(tr(lang, "Cách đọc tệp", "How the file was read")).strong());
        let before = self.options.clone();
        if self.preview.sheets.len() > 1 {
            ui.horizontal(|ui| {
                let sheets: Vec<(Option<SheetChoice>, String)> = self
                    .preview
                    .sheets
                    .iter()
                    .enumerate()
                    .map(|(i, name)| (Some(SheetChoice::Name(name.clone())), format!("{}. {name}", i + 1)))
                    .collect();
                let current = Some(SheetChoice::Name(self.preview.sheet.clone()));
                let mut chosen = current.clone();
                let options: Vec<(Option<SheetChoice>, &str)> =
                    sheets.iter().map(|(v, t)| (v.clone(), t.as_str())).collect();
                choice_combo(ui, tr(lang, "Trang tính", "Sheet"), &mut chosen, &options);
                if chosen != current {
                    self.options.sheet = chosen;
                    // Another sheet has other columns.
                    self.options.mapping = None;
                }
            });
        }
        egui::CollapsingHeader::new(tr(lang, "Những gì chương trình đã nhận ra", "What the program found"))
            .id_salt("import-notices")
            .default_open(true)
            .show(ui, |ui| {
                for line in self.preview.notice_lines(lang) {
                    ui.label(format!("• {line}"));
                }
            });
        ui.horizontal_wrapped(|ui| {
            if self.preview.hidden_rows > 0 {
                let text = match lang {
                    Lang::Vi => format!("Nhập cả {} dòng ẩn", self.preview.hidden_rows),
                    Lang::En => format!("Import the {} hidden rows too", self.preview.hidden_rows),
                };
                ui.checkbox(&mut self.options.include_hidden, text);
            }
            if self.preview.legacy_found {
                let mut convert = !self.options.keep_legacy;
                ui.checkbox(
                    &mut convert,
                    tr(
                        lang,
                        "Chuyển chữ bảng mã cũ (TCVN3, VNI) sang Unicode",
                        "Convert old encodings (TCVN3, VNI) to Unicode",
                    ),
                );
                self.options.keep_legacy = !convert;
            }
        });
        self.formats_ui(ui, lang);
        if self.options != before {
            cx.send(Command::RefreshImportPreview);
        }
    }

    fn formats_ui(&mut self, ui: &mut Ui, lang: Lang) {
        let asks_decimal =
            self.preview.problems.iter().any(|p| matches!(p, TableProblem::AmbiguousDecimal { .. }));
        let asks_unit = self.preview.problems.iter().any(|p| matches!(p, TableProblem::UnitlessDong { .. }));
        ui.horizontal_wrapped(|ui| {
            let auto = tr(lang, "Tự nhận", "As found");
            let decimal_auto =
                if asks_decimal { tr(lang, "— hãy chọn —", "— choose —") } else { auto };
            choice_combo(
                ui,
                tr(lang, "Cách ghi số", "Number style"),
                &mut self.options.decimal,
                &[
                    (None, decimal_auto),
                    (
                        Some(DecimalMark::Comma),
                        tr(lang, "Kiểu Việt Nam: 3.900 và 4,9", "Vietnamese: 3.900 and 4,9"),
                    ),
                    (
                        Some(DecimalMark::Point),
                        tr(lang, "Kiểu Anh – Mỹ: 3,900 và 4.9", "English: 3,900 and 4.9"),
                    ),
                ],
            );
            choice_combo(
                ui,
                tr(lang, "Thứ tự ngày", "Date order"),
                &mut self.options.date_order,
                &[
                    (None, auto),
                    (Some(DateOrder::DayMonth), tr(lang, "ngày/tháng/năm", "day/month/year")),
                    (Some(DateOrder::MonthDay), tr(lang, "tháng/ngày/năm", "month/day/year")),
                ],
            );
            if asks_unit || self.options.unit.is_some() {
                let units: Vec<(Option<Unit>, &str)> =
                    std::iter::once((None, tr(lang, "— hãy chọn —", "— choose —")))
                        .chain(Unit::ALL.into_iter().map(|u| (Some(u), u.label(lang))))
                        .collect();
                choice_combo(
                    ui,
                    tr(lang, "Đơn vị tiền của cột không ghi đơn vị", "Unit of money columns that name none"),
                    &mut self.options.unit,
                    &units,
                );
            }
        });
    }

    /// Which file column is read into which field; an unknown column can be
    /// left out, one by one or all at once.
    pub(crate) fn mapping_ui(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>) {
        let lang = cx.lang;
        let kind = self.preview.kind;
        let mut mapping = self.preview.mapping();
        let unknown: Vec<String> = self
            .preview
            .problems
            .iter()
            .filter_map(|p| match p {
                TableProblem::UnknownColumns(list) => {
                    Some(list.iter().map(|u| u.column.clone()).collect::<Vec<_>>())
                }
                _ => None,
            })
            .flatten()
            .collect();
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(tr(lang, "Cột trong tệp → trường trong sổ", "File column → workbook field"))
                    .strong(),
            );
            if self.options.mapping.is_some()
                && ui.small_button(tr(lang, "Như tiêu đề cột", "As the headers say")).clicked()
            {
                self.options.mapping = None;
                self.options.ignore_unknown = false;
                cx.send(Command::RefreshImportPreview);
            }
            if !unknown.is_empty()
                && ui
                    .small_button(tr(lang, "Bỏ qua các cột không biết", "Leave out the unknown columns"))
                    .clicked()
            {
                self.options.ignore_unknown = true;
                cx.send(Command::RefreshImportPreview);
            }
        });
        let ignore = tr(lang, "— bỏ qua —", "— leave out —");
        let unmatched = tr(lang, "— chưa khớp —", "— not matched —");
        let label_of = |key: Option<&'static str>| -> String {
            key.and_then(|k| columns(kind).iter().find(|c| c.key == k))
                .map(|c| {
                    let label = c.label.get(lang);
                    if c.required { format!("{label} *") } else { label.to_string() }
                })
                .unwrap_or_else(|| ignore.to_string())
        };
        let matched = mapping.iter().flatten().count();
        let title = match lang {
            Lang::Vi => format!("{} cột, {matched} cột được đọc vào sổ", mapping.len()),
            Lang::En => format!("{} columns, {matched} read into the workbook", mapping.len()),
        };
        let open = self.preview.problems.iter().any(|p| {
            matches!(
                p,
                TableProblem::UnknownColumns(_)
                    | TableProblem::DuplicateColumn { .. }
                    | TableProblem::MissingColumn { .. }
            )
        });
        let mut changed = false;
        egui::CollapsingHeader::new(title).id_salt("import-mapping-header").open(open.then_some(true)).show(
            ui,
            |ui| {
                egui::ScrollArea::both().id_salt("import-mapping").max_height(150.0).show(ui, |ui| {
                    egui::Grid::new("import-mapping-grid").num_columns(2).spacing([12.0, 2.0]).show(
                        ui,
                        |ui| {
                            for (i, column) in self.preview.columns.iter().enumerate() {
                                let Some(slot) = mapping.get_mut(i) else { continue };
                                let header = if column.header.trim().is_empty() {
                                    "—"
                                } else {
                                    column.header.as_str()
                                };
                                let hidden =
                                    if column.hidden { tr(lang, " (ẩn)", " (hidden)") } else { "" };
                                let l = ui.label(format!("{} · {header}{hidden}", column.letter));
                                let before = *slot;
                                let shown = if unknown.contains(&column.letter) {
                                    unmatched.to_string()
                                } else {
                                    label_of(*slot)
                                };
                                egui::ComboBox::from_id_salt(("import-map", i))
                                    .selected_text(shown)
                                    .width(260.0)
                                    .show_ui(ui, |ui| {
                                        // Choosing "leave out" settles an unknown column
                                        // though the field stays empty.
                                        if ui.selectable_value(slot, None, ignore).clicked() {
                                            changed = true;
                                        }
                                        for c in columns(kind) {
                                            ui.selectable_value(slot, Some(c.key), label_of(Some(c.key)));
                                        }
                                    })
                                    .response
                                    .labelled_by(l.id);
                                changed |= *slot != before;
                                ui.end_row();
                            }
                        },
                    );
                });
            },
        );
        if changed {
            self.options.mapping = Some(mapping);
            cx.send(Command::RefreshImportPreview);
        }
        for p in &self.preview.problems {
            ui.colored_label(theme::ERROR, p.message(kind, lang));
        }
    }
}
