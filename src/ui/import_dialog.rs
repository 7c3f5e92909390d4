//! File → Import: what a CSV or XLSX file would give, before anything is
//! written. The officer sees how its columns are read (and can change it),
//! the number and date styles found, every row with its errors, warnings and
//! likely duplicates (skip / update / keep both), then imports all rows or none.
//! Changing the columns or styles asks the app for a new preview; choices on
//! duplicates are kept in the preview itself (no SQL while drawing).

use std::path::PathBuf;

use egui::{Align, Layout, RichText, Ui};
use egui_extras::{Column, TableBuilder};

use crate::app::Command;
use crate::domain::fields::columns;
use crate::domain::number::format_int;
use crate::i18n::{Lang, tr};
use crate::report::import::{
    ApplyOptions, DateOrder, DecimalMark, DuplicateChoice, ImportPreview, PreviewRow, RowAction,
};
use crate::report::table::Sheet;
use crate::ui::theme;

/// Which rows the table shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RowFilter {
    #[default]
    All,
    Errors,
    Duplicates,
    Warnings,
}

pub struct ImportDialog {
    pub path: PathBuf,
    pub sheet: Sheet,
    pub preview: ImportPreview,
    /// The officer's own reading of the file's numbers and dates (None: as detected).
    pub decimal: Option<DecimalMark>,
    pub date_order: Option<DateOrder>,
    pub options: ApplyOptions,
    /// The officer has set the columns: every column not read is ignored on
    /// purpose (until then an unknown header is a problem to settle).
    pub mapping_chosen: bool,
    pub filter: RowFilter,
    /// Rows shown under the filter (indices into `preview.rows`), found when
    /// the preview or the filter changes, not per frame.
    shown: Vec<usize>,
    shown_for: Option<RowFilter>,
}

impl ImportDialog {
    pub fn new(path: PathBuf, sheet: Sheet, preview: ImportPreview) -> Self {
        ImportDialog {
            path,
            sheet,
            preview,
            decimal: None,
            date_order: None,
            options: ApplyOptions::default(),
            mapping_chosen: false,
            filter: RowFilter::All,
            shown: Vec::new(),
            shown_for: None,
        }
    }

    /// Takes a new preview (after a change of columns or styles), keeping the
    /// officer's choices on the duplicates that are still there.
    pub fn replace_preview(&mut self, mut preview: ImportPreview) {
        for row in &self.preview.rows {
            if let Some(d) = &row.duplicate {
                preview.set_choice(row.line, d.choice);
            }
        }
        self.preview = preview;
        self.shown_for = None;
    }

    fn update_shown(&mut self) {
        if self.shown_for == Some(self.filter) {
            return;
        }
        let filter = self.filter;
        self.shown = (0..self.preview.rows.len())
            .filter(|&i| {
                let r = &self.preview.rows[i];
                match filter {
                    RowFilter::All => true,
                    RowFilter::Errors => r.has_errors(),
                    RowFilter::Duplicates => r.duplicate.is_some(),
                    RowFilter::Warnings => !r.warnings.is_empty(),
                }
            })
            .collect();
        self.shown_for = Some(filter);
    }

    pub fn ui(&mut self, ui: &mut Ui, lang: Lang, commands: &mut Vec<Command>) {
        self.update_shown();
        let kind = self.preview.kind;
        let name = self.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        ui.heading(match lang {
            Lang::Vi => format!("Nhập {} từ “{name}”", kind.plural().vi.to_lowercase()),
            Lang::En => format!("Import {} from “{name}”", kind.plural().en.to_lowercase()),
        });
        ui.weak(tr(
            lang,
            "Chưa ghi gì vào sổ. Xem lại rồi bấm Nhập: tất cả các dòng được nhập cùng lúc, hoặc không dòng nào.",
            "Nothing is written yet. Check, then press Import: all rows are written together, or none.",
        ));
        ui.add_space(6.0);
        self.formats_ui(ui, lang, commands);
        ui.add_space(6.0);
        self.mapping_ui(ui, lang, commands);
        ui.add_space(6.0);
        self.counts_ui(ui, lang);
        ui.add_space(4.0);
        self.rows_ui(ui, lang);
        ui.add_space(6.0);
        self.actions_ui(ui, lang, commands);
    }

    fn formats_ui(&mut self, ui: &mut Ui, lang: Lang, commands: &mut Vec<Command>) {
        ui.label(RichText::new(tr(lang, "Cách ghi số và ngày", "Numbers and dates")).strong());
        ui.label(self.preview.formats.describe(lang));
        ui.horizontal(|ui| {
            let before = (self.decimal, self.date_order);
            let auto = tr(lang, "Tự nhận", "As found");
            choice_combo(
                ui,
                tr(lang, "Dấu thập phân", "Decimal mark"),
                &mut self.decimal,
                &[
                    (None, auto),
                    (Some(DecimalMark::Comma), tr(lang, "dấu phẩy (4,9)", "comma (4,9)")),
                    (Some(DecimalMark::Point), tr(lang, "dấu chấm (4.9)", "point (4.9)")),
                ],
            );
            choice_combo(
                ui,
                tr(lang, "Thứ tự ngày", "Date order"),
                &mut self.date_order,
                &[
                    (None, auto),
                    (Some(DateOrder::DayMonth), tr(lang, "ngày/tháng/năm", "day/month/year")),
                    (Some(DateOrder::MonthDay), tr(lang, "tháng/ngày/năm", "month/day/year")),
                ],
            );
            if (self.decimal, self.date_order) != before {
                commands.push(Command::RefreshImportPreview);
            }
        });
    }

    fn mapping_ui(&mut self, ui: &mut Ui, lang: Lang, commands: &mut Vec<Command>) {
        let kind = self.preview.kind;
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(tr(lang, "Cột trong tệp → trường trong sổ", "File column → workbook field"))
                    .strong(),
            );
            if self.preview.mapping != self.preview.detected_mapping
                && ui.small_button(tr(lang, "Như tiêu đề cột", "As the headers say")).clicked()
            {
                self.preview.mapping = self.preview.detected_mapping.clone();
                self.mapping_chosen = false;
                commands.push(Command::RefreshImportPreview);
            }
        });
        let ignore = tr(lang, "— bỏ qua —", "— ignore —");
        let unmatched = tr(lang, "— chưa khớp —", "— not matched —");
        let problem_columns: Vec<usize> = self
            .preview
            .mapping_problems
            .iter()
            .filter_map(|p| match p {
                crate::report::import::MappingProblem::Unknown { column, .. } => Some(*column),
                _ => None,
            })
            .collect();
        let label_of = |key: Option<&'static str>| -> String {
            key.and_then(|k| columns(kind).iter().find(|c| c.key == k))
                .map(|c| {
                    let label = c.label.get(lang);
                    if c.required { format!("{label} *") } else { label.to_string() }
                })
                .unwrap_or_else(|| ignore.to_string())
        };
        let matched = self.preview.mapping.iter().flatten().count();
        let title = match lang {
            Lang::Vi => format!("{} cột, {matched} cột được đọc vào sổ", self.preview.headers.len()),
            Lang::En => format!("{} columns, {matched} read into the workbook", self.preview.headers.len()),
        };
        // Folded while every column is settled, so the rows stay in view.
        let problems = !self.preview.mapping_problems.is_empty();
        egui::CollapsingHeader::new(title)
            .id_salt("import-mapping-header")
            .open(problems.then_some(true))
            .show(ui, |ui| {
                egui::ScrollArea::both().id_salt("import-mapping").max_height(150.0).show(ui, |ui| {
                    egui::Grid::new("import-mapping-grid").num_columns(2).spacing([12.0, 2.0]).show(
                        ui,
                        |ui| {
                            let mut changed = false;
                            for (i, header) in self.preview.headers.iter().enumerate() {
                                let Some(slot) = self.preview.mapping.get_mut(i) else { continue };
                                let shown = if header.trim().is_empty() {
                                    format!("#{}", i + 1)
                                } else {
                                    header.clone()
                                };
                                let l = ui.label(shown);
                                let before = *slot;
                                let shown_value = if problem_columns.contains(&i) {
                                    unmatched.to_string()
                                } else {
                                    label_of(*slot)
                                };
                                egui::ComboBox::from_id_salt(("import-map", i))
                                    .selected_text(shown_value)
                                    .width(260.0)
                                    .show_ui(ui, |ui| {
                                        // Choosing "ignore" settles an unknown column even
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
                            if changed {
                                self.mapping_chosen = true;
                                commands.push(Command::RefreshImportPreview);
                            }
                        },
                    );
                });
            });
        for p in &self.preview.mapping_problems {
            ui.colored_label(theme::ERROR, p.message(lang));
        }
    }

    fn counts_ui(&mut self, ui: &mut Ui, lang: Lang) {
        let c = self.preview.counts();
        let n = |v: usize| format_int(v as i64);
        let line = match lang {
            Lang::Vi => format!(
                "{} dòng: {} dòng thêm mới, {} cập nhật, {} bỏ qua; {} dòng có lỗi, {} có cảnh báo, {} có thể trùng; tạo mới {} cơ sở.",
                n(c.rows),
                n(c.to_insert),
                n(c.to_update),
                n(c.to_skip),
                n(c.with_errors),
                n(c.with_warnings),
                n(c.duplicates),
                n(c.facilities_to_create)
            ),
            Lang::En => format!(
                "{} rows: {} to add, {} to update, {} to skip; {} with errors, {} with warnings, {} likely duplicates; {} new facilities.",
                n(c.rows),
                n(c.to_insert),
                n(c.to_update),
                n(c.to_skip),
                n(c.with_errors),
                n(c.with_warnings),
                n(c.duplicates),
                n(c.facilities_to_create)
            ),
        };
        ui.label(RichText::new(line).strong());
        if c.examples_skipped > 0 {
            ui.weak(match lang {
                Lang::Vi => format!("Bỏ qua {} dòng ví dụ của mẫu.", c.examples_skipped),
                Lang::En => format!("{} example row(s) of the template left out.", c.examples_skipped),
            });
        }
        ui.horizontal(|ui| {
            let before = self.filter;
            ui.label(tr(lang, "Xem", "Show"));
            ui.radio_value(&mut self.filter, RowFilter::All, tr(lang, "Tất cả", "All"));
            ui.radio_value(&mut self.filter, RowFilter::Errors, tr(lang, "Dòng có lỗi", "Rows with errors"));
            ui.radio_value(
                &mut self.filter,
                RowFilter::Duplicates,
                tr(lang, "Có thể trùng", "Likely duplicates"),
            );
            ui.radio_value(&mut self.filter, RowFilter::Warnings, tr(lang, "Cảnh báo", "Warnings"));
            if c.duplicates > 0 {
                ui.separator();
                ui.label(tr(lang, "Mọi dòng trùng:", "Every duplicate:"));
                for choice in DuplicateChoice::ALL {
                    if ui.small_button(choice.label(lang)).clicked() {
                        self.preview.set_all_choices(choice);
                    }
                }
            }
            if self.filter != before {
                self.update_shown();
            }
        });
    }

    fn rows_ui(&mut self, ui: &mut Ui, lang: Lang) {
        let kind = self.preview.kind;
        // The year and the name or title tell the officer which row this is.
        let keys: Vec<&'static str> = self
            .preview
            .mapping
            .iter()
            .flatten()
            .filter(|k| {
                **k == "nam"
                    || columns(kind)
                        .iter()
                        .any(|c| c.key == **k && c.required && c.ty == crate::domain::fields::FieldType::Line)
            })
            .take(3)
            .copied()
            .collect();
        let shown = &self.shown;
        let rows = &mut self.preview.rows;
        let mut choice_header = None;
        TableBuilder::new(ui)
            .id_salt("import-rows")
            .striped(true)
            .resizable(true)
            .max_scroll_height(200.0)
            .min_scrolled_height(120.0)
            .cell_layout(Layout::left_to_right(Align::Center))
            .column(Column::exact(50.0))
            .column(Column::exact(110.0))
            .column(Column::initial(240.0).clip(true))
            .column(Column::initial(380.0).clip(true))
            .column(Column::remainder().at_least(150.0))
            .header(24.0, |mut h| {
                for title in [
                    tr(lang, "Dòng", "Line"),
                    tr(lang, "Sẽ làm", "Action"),
                    tr(lang, "Nội dung", "Row"),
                    tr(lang, "Lỗi, cảnh báo", "Errors, warnings"),
                    tr(lang, "Nếu trùng", "If duplicate"),
                ] {
                    h.col(|ui| {
                        choice_header = Some(ui.strong(title).id);
                    });
                }
            })
            .body(|body| {
                body.rows(24.0, shown.len(), |mut row| {
                    let Some(r) = shown.get(row.index()).and_then(|&i| rows.get_mut(i)) else { return };
                    row.col(|ui| {
                        ui.label(r.line.to_string());
                    });
                    row.col(|ui| {
                        let (text, color) = action_text(r, lang);
                        ui.colored_label(color, text);
                    });
                    row.col(|ui| {
                        let text: Vec<&str> =
                            keys.iter().map(|k| r.draft.get(k)).filter(|v| !v.is_empty()).collect();
                        ui.label(text.join(" · "));
                    });
                    row.col(|ui| {
                        let notes = row_notes(r, lang);
                        let color = if r.has_errors() { theme::ERROR } else { theme::WARNING };
                        ui.colored_label(color, notes.first().cloned().unwrap_or_default())
                            .on_hover_text(notes.join("\n"));
                    });
                    row.col(|ui| {
                        let Some(d) = &mut r.duplicate else { return };
                        let response =
                            egui::ComboBox::from_id_salt(("import-choice", kind.cli_name(), r.line))
                                .selected_text(d.choice.label(lang))
                                .width(170.0)
                                .show_ui(ui, |ui| {
                                    for choice in d.choices() {
                                        ui.selectable_value(&mut d.choice, *choice, choice.label(lang));
                                    }
                                })
                                .response;
                        if let Some(header) = choice_header {
                            response.labelled_by(header);
                        }
                    });
                });
            });
    }

    fn actions_ui(&mut self, ui: &mut Ui, lang: Lang, commands: &mut Vec<Command>) {
        let errors = self.preview.rows.iter().filter(|r| r.has_errors()).count();
        if errors > 0 {
            ui.checkbox(
                &mut self.options.skip_rows_with_errors,
                tr(
                    lang,
                    "Bỏ qua các dòng có lỗi, nhập các dòng còn lại",
                    "Leave out the rows with errors and import the others",
                ),
            );
        }
        let check = self.preview.check(&self.options);
        if let Err(e) = &check {
            // The first lines are enough here; the table has every row.
            let message = e.message(lang);
            let short: Vec<&str> = message.lines().take(4).collect();
            ui.colored_label(theme::ERROR, short.join("\n"));
        }
        ui.horizontal(|ui| {
            let import = ui.add_enabled(
                check.is_ok(),
                egui::Button::new(RichText::new(tr(lang, "Nhập", "Import")).strong()),
            );
            if import.clicked() {
                commands.push(Command::ApplyImport);
            }
            if errors > 0
                && ui
                    .button(tr(lang, "Lưu các dòng lỗi ra Excel…", "Save the rejected rows to Excel…"))
                    .clicked()
            {
                commands.push(Command::AskFile(crate::ui::dialogs::FilePurpose::RejectedRows));
            }
            if ui.button(tr(lang, "Hủy", "Cancel")).clicked() {
                commands.push(Command::CloseImport);
            }
        });
    }
}

/// A labelled drop-down over a few values, each with its text.
fn choice_combo<T: PartialEq + Copy>(ui: &mut Ui, label: &str, value: &mut T, options: &[(T, &str)]) {
    let l = ui.label(label);
    let shown = options.iter().find(|(v, _)| v == value).map(|(_, t)| *t).unwrap_or_default();
    egui::ComboBox::from_id_salt(("import-choice", label))
        .selected_text(shown)
        .show_ui(ui, |ui| {
            for (v, text) in options {
                ui.selectable_value(value, *v, *text);
            }
        })
        .response
        .labelled_by(l.id);
}

fn action_text(r: &PreviewRow, lang: Lang) -> (&'static str, egui::Color32) {
    match r.action() {
        RowAction::Insert => (tr(lang, "Thêm mới", "Add"), theme::OK),
        RowAction::Update => (tr(lang, "Cập nhật", "Update"), theme::OK),
        RowAction::Skip => (tr(lang, "Bỏ qua", "Skip"), theme::WARNING),
        RowAction::Refused => (tr(lang, "Có lỗi", "Error"), theme::ERROR),
    }
}

/// Errors first, then the duplicate, then warnings.
fn row_notes(r: &PreviewRow, lang: Lang) -> Vec<String> {
    let mut notes: Vec<String> = r.errors.iter().map(|p| p.message(lang)).collect();
    notes.extend(r.update_errors().iter().map(|p| p.message(lang)));
    if let Some(d) = &r.duplicate {
        notes.push(d.message(lang));
    }
    notes.extend(r.warnings.iter().map(|p| p.message(lang)));
    notes
}
