//! File → Import: what a spreadsheet would give, before anything is written.
//! The officer sees how the file was read (`import_reading`: sheet, header,
//! units, encodings, rows left out, and the choices to change), every row
//! with its errors, warnings, values taken from above and likely duplicates
//! (skip / update / keep both), then imports all rows or none. Changing how
//! the file is read asks the app for a new reading; choices on duplicates
//! are kept in the preview itself (no SQL while drawing).

use std::path::PathBuf;

use egui::{Align, Layout, RichText, Ui};
use egui_extras::{Column, TableBuilder};

use crate::command::Command;
use crate::domain::fields::columns;
use crate::domain::number::{format_int_in, plural};
use crate::exchange::import::{ApplyOptions, DuplicateChoice, ImportPreview, PreviewRow, RowAction};
use crate::i18n::{Lang, tr};
use crate::spreadsheet::rows::SkipReason;
use crate::spreadsheet::table::{Fill, SkippedRow};
use crate::spreadsheet::{Book, ReadOptions};
use crate::ui::{View, ViewContext, theme};

/// Which rows the table shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RowFilter {
    #[default]
    All,
    Errors,
    Duplicates,
    Warnings,
    /// Rows not imported (totals, groups, hidden, notes) and rows with values taken from above.
    Decisions,
}

/// A line of the rows table: a record's row, or a row left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shown {
    Record(usize),
    Skipped(usize),
}

pub struct ImportDialog {
    pub path: PathBuf,
    /// The file as read once; each new reading starts from it.
    pub book: Book,
    /// How the officer asks the file to be read (sheet, columns, styles, units…).
    pub options: ReadOptions,
    pub preview: ImportPreview,
    pub apply: ApplyOptions,
    pub filter: RowFilter,
    /// Lines shown under the filter, found when the preview or the filter
    /// changes, not per frame.
    shown: Vec<Shown>,
    shown_for: Option<RowFilter>,
}

impl ImportDialog {
    pub fn new(path: PathBuf, book: Book, options: ReadOptions, preview: ImportPreview) -> Self {
        ImportDialog {
            path,
            book,
            options,
            preview,
            apply: ApplyOptions::default(),
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
        let mut shown: Vec<(usize, Shown)> = self
            .preview
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| match filter {
                RowFilter::All => true,
                RowFilter::Errors => r.has_errors(),
                RowFilter::Duplicates => r.duplicate.is_some(),
                RowFilter::Warnings => !r.warnings.is_empty(),
                RowFilter::Decisions => !r.filled.is_empty() || r.hidden,
            })
            .map(|(i, r)| (r.line, Shown::Record(i)))
            .collect();
        if matches!(filter, RowFilter::All | RowFilter::Decisions) {
            shown.extend(self.preview.skipped.iter().enumerate().map(|(i, s)| (s.line, Shown::Skipped(i))));
            shown.sort_by_key(|(line, _)| *line);
        }
        self.shown = shown.into_iter().map(|(_, s)| s).collect();
        self.shown_for = Some(filter);
    }

    fn draw(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>) {
        let lang = cx.lang;
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
        // The reading and the rows scroll apart, and the buttons stay in view:
        // the title above and the buttons with their message below take about 330 px.
        let room = (ui.ctx().content_rect().height() - 330.0).max(150.0);
        egui::ScrollArea::vertical()
            .id_salt("import-dialog-body")
            .max_height(room * 0.55)
            .scroll_bar_visibility(egui::scroll_area::ScrollBarVisibility::AlwaysVisible)
            .show(ui, |ui| {
                ui.add_space(6.0);
                self.reading_ui(ui, cx);
                ui.add_space(6.0);
                self.mapping_ui(ui, cx);
            });
        ui.add_space(6.0);
        self.counts_ui(ui, lang);
        ui.add_space(4.0);
        self.rows_ui(ui, lang, room * 0.45);
    }

    /// The import can be written as the officer has set it.
    pub fn can_apply(&self) -> bool {
        self.preview.check(&self.apply).is_ok()
    }

    fn counts_ui(&mut self, ui: &mut Ui, lang: Lang) {
        let c = self.preview.counts();
        let n = |v: usize| format_int_in(v as i64, lang);
        let en = |v: usize, one: &str, many: &str| plural(v as i64, &n(v), one, many);
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
                "{}: {} to add, {} to update, {} to skip; {} with errors, {} with warnings, {}; {}.",
                en(c.rows, "row", "rows"),
                n(c.to_insert),
                n(c.to_update),
                n(c.to_skip),
                n(c.with_errors),
                n(c.with_warnings),
                en(c.duplicates, "likely duplicate", "likely duplicates"),
                en(c.facilities_to_create, "new facility", "new facilities")
            ),
        };
        ui.label(RichText::new(line).strong());
        if c.examples_skipped > 0 {
            ui.weak(match lang {
                Lang::Vi => format!("Bỏ qua {} dòng ví dụ của mẫu.", c.examples_skipped),
                Lang::En => format!("{} example row(s) of the template left out.", c.examples_skipped),
            });
        }
        if c.skipped_rows > 0 {
            ui.weak(match lang {
                Lang::Vi => format!(
                    "{} dòng không phải bản ghi (tổng, nhóm, dòng ẩn, ghi chú) không được nhập.",
                    n(c.skipped_rows)
                ),
                Lang::En => format!(
                    "{} rows that are not records (totals, groups, hidden, notes) are not imported.",
                    n(c.skipped_rows)
                ),
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
            ui.radio_value(
                &mut self.filter,
                RowFilter::Decisions,
                tr(lang, "Dòng bỏ qua, giá trị lấy từ trên", "Rows left out, values from above"),
            );
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

    fn rows_ui(&mut self, ui: &mut Ui, lang: Lang, height: f32) {
        let kind = self.preview.kind;
        // The year and the name or title tell the officer which row this is.
        let mapping = self.preview.mapping();
        let keys: Vec<&'static str> = mapping
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
        let skipped = &self.preview.skipped;
        let rows = &mut self.preview.rows;
        let mut choice_header = None;
        TableBuilder::new(ui)
            .id_salt("import-rows")
            .striped(true)
            .resizable(true)
            .max_scroll_height(height)
            .min_scrolled_height(height.min(120.0))
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
                    let r = match shown.get(row.index()) {
                        Some(Shown::Record(i)) => rows.get_mut(*i),
                        Some(Shown::Skipped(i)) => {
                            if let Some(s) = skipped.get(*i) {
                                skipped_row(&mut row, s, lang);
                            }
                            return;
                        }
                        None => None,
                    };
                    let Some(r) = r else { return };
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
                        let notes = row_notes(r, kind, lang);
                        let color = if r.has_errors() {
                            theme::ERROR
                        } else if r.warnings.is_empty() && r.duplicate.is_none() {
                            theme::OK
                        } else {
                            theme::WARNING
                        };
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

    fn actions_ui(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>) {
        let lang = cx.lang;
        let errors = self.preview.rows.iter().filter(|r| r.has_errors()).count();
        if errors > 0 {
            ui.checkbox(
                &mut self.apply.skip_rows_with_errors,
                tr(
                    lang,
                    "Bỏ qua các dòng có lỗi, nhập các dòng còn lại",
                    "Leave out the rows with errors and import the others",
                ),
            );
        }
        let check = self.preview.check(&self.apply);
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
                cx.send(Command::ApplyImport);
            }
            if errors > 0
                && ui
                    .button(tr(lang, "Lưu các dòng lỗi ra Excel…", "Save the rejected rows to Excel…"))
                    .clicked()
            {
                cx.send(Command::AskFile(crate::command::FilePurpose::RejectedRows));
            }
            if ui.button(tr(lang, "Hủy", "Cancel")).clicked() {
                cx.send(Command::CloseImport);
            }
        });
    }
}

/// A row left out, in the rows table: its line, why, and its first words.
fn skipped_row(row: &mut egui_extras::TableRow<'_, '_>, s: &SkippedRow, lang: Lang) {
    let why = match s.reason {
        SkipReason::Hidden => tr(lang, "dòng ẩn", "hidden row"),
        SkipReason::Total => tr(lang, "dòng tổng", "total row"),
        SkipReason::Subtotal { .. } => tr(lang, "dòng cộng các dòng trên", "adds up the rows above"),
        SkipReason::Group => tr(lang, "tiêu đề nhóm", "group heading"),
        SkipReason::End => tr(lang, "cuối bảng: ghi chú, chữ ký", "end of the table: notes, signatures"),
        SkipReason::AfterEnd => tr(lang, "dưới cuối bảng", "below the table"),
        SkipReason::Example => tr(lang, "dòng ví dụ của mẫu", "the template's example row"),
    };
    let detail = match s.reason {
        SkipReason::Subtotal { first, last } => match lang {
            Lang::Vi => format!("{why} ({first}–{last})"),
            Lang::En => format!("{why} ({first}–{last})"),
        },
        _ => why.to_string(),
    };
    row.col(|ui| {
        ui.weak(s.line.to_string());
    });
    row.col(|ui| {
        ui.weak(tr(lang, "Không nhập", "Not imported"));
    });
    row.col(|ui| {
        ui.weak(crate::domain::text::quote(&s.text));
    });
    row.col(|ui| {
        ui.weak(detail);
    });
    row.col(|_| {});
}

fn action_text(r: &PreviewRow, lang: Lang) -> (&'static str, egui::Color32) {
    match r.action() {
        RowAction::Insert => (tr(lang, "Thêm mới", "Add"), theme::OK),
        RowAction::Update => (tr(lang, "Cập nhật", "Update"), theme::OK),
        RowAction::Skip => (tr(lang, "Bỏ qua", "Skip"), theme::WARNING),
        RowAction::Refused => (tr(lang, "Có lỗi", "Error"), theme::ERROR),
    }
}

/// Errors first, then the duplicate, then warnings, then the values the
/// row took from above it.
fn row_notes(r: &PreviewRow, kind: crate::domain::RecordKind, lang: Lang) -> Vec<String> {
    let mut notes: Vec<String> = r.errors.iter().map(|p| p.message(lang)).collect();
    notes.extend(r.update_errors().iter().map(|p| p.message(lang)));
    if let Some(d) = &r.duplicate {
        notes.push(d.message(lang));
    }
    notes.extend(r.warnings.iter().map(|p| p.message(lang)));
    if r.hidden {
        notes.push(
            tr(lang, "Dòng ẩn trong tệp, nhập theo yêu cầu.", "Hidden in the file, imported as asked.")
                .into(),
        );
    }
    for (key, fill) in &r.filled {
        let column = columns(kind).iter().find(|c| c.key == *key);
        let label = column.map(|c| c.label.get(lang)).unwrap_or(key);
        // A code is shown by its label ("Khuyến công quốc gia", not "quoc_gia").
        let value = match column.map(|c| c.ty) {
            Some(crate::domain::fields::FieldType::Code(set)) => {
                set.label(r.draft.get(key), lang).unwrap_or(r.draft.get(key))
            }
            _ => r.draft.get(key),
        };
        notes.push(match (fill, lang) {
            (Fill::Group { line }, Lang::Vi) => format!("“{label}” = {value}: theo dòng nhóm {line}."),
            (Fill::Group { line }, Lang::En) => {
                format!("“{label}” = {value}: from the group heading on line {line}.")
            }
            (Fill::Merged { cell }, Lang::Vi) => format!("“{label}” = {value}: theo ô gộp {cell}."),
            (Fill::Merged { cell }, Lang::En) => format!("“{label}” = {value}: from the merged cell {cell}."),
            (Fill::Title { line }, Lang::Vi) => format!("“{label}” = {value}: theo tiêu đề (dòng {line})."),
            (Fill::Title { line }, Lang::En) => format!("“{label}” = {value}: from the title (line {line})."),
            (Fill::ApprovalDate, Lang::Vi) => format!("“{label}” = {value}: theo ngày phê duyệt."),
            (Fill::ApprovalDate, Lang::En) => format!("“{label}” = {value}: from the approval date."),
        });
    }
    notes
}

impl View for ImportDialog {
    fn ui(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>) {
        self.draw(ui, cx);
    }

    fn footer(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>) {
        self.actions_ui(ui, cx);
    }
}
