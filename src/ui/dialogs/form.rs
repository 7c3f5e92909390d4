//! One form for every record kind, laid out from the kind's columns (the same
//! table the importer reads): a field per column, its problems beside it,
//! Save disabled while any error stands. Enter saves, Esc cancels.

use egui::{RichText, Ui};
use memchr::memmem::Finder;

use crate::command::Command;
use crate::domain::fields::{Checked, Column, Draft, FieldType, columns};
use crate::domain::text::{Query, clean_line, fold};
use crate::domain::validate::{Issue, Problem};
use crate::domain::{AnyRecord, Facility, RecordKind};
use crate::i18n::{Lang, tr};
use crate::lists::Data;
use crate::ui::widgets::fields::field;
use crate::ui::{View, ViewContext, theme};

/// The facility a project, training or design support belongs to.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum FacilityChoice {
    #[default]
    None,
    Existing(String),
    /// A new facility typed in the form, created with the record.
    New,
}

/// A form being filled in.
pub struct FormState {
    pub kind: RecordKind,
    /// The record edited; `None` for a new one.
    pub id: Option<String>,
    pub draft: Draft,
    pub facility: FacilityChoice,
    /// The new facility's fields, when `facility` is `New`.
    pub new_facility: Draft,
    /// Problems of the draft as it stands, recomputed on every change.
    pub issues: Vec<Issue>,
    /// Warnings about likely duplicates (facility forms).
    pub duplicates: Vec<Duplicate>,
    pub original: Option<AnyRecord>,
    focus_pending: bool,
    checked_for: Option<(Draft, FacilityChoice, Draft)>,
    /// Facilities matching the name typed: (query, data generation, row indices).
    matches: Option<(String, u64, Vec<usize>)>,
    /// Fields the officer has been in: "required" is said only there, so a
    /// fresh form does not open covered in red.
    touched: std::collections::HashSet<&'static str>,
    /// Every problem is shown (after an attempt to save, or on request).
    reveal_all: bool,
    /// What the form held when it opened: closing it after a change asks first.
    opened_with: (Draft, FacilityChoice, Draft),
    /// The problems shown beside the fields: taken from `issues` only while
    /// no mouse button is down, so a message that appears cannot move the
    /// field being clicked from under the pointer.
    shown: Vec<Issue>,
}

/// What the form asks the app to do after this frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormAction {
    None,
    Save,
    Cancel,
    /// Cancel, after asking: something was typed.
    AskCancel,
}

impl FormState {
    pub fn new(kind: RecordKind) -> Self {
        let mut draft = Draft::new(kind);
        let year = jiff::Zoned::now().year().to_string();
        match kind {
            RecordKind::Facility => draft.set("tinh", crate::domain::places::DEFAULT_PROVINCE),
            RecordKind::Project => {
                draft.set("nam", year);
                draft.set("trang_thai", "de_xuat");
                draft.set("nguon_kinh_phi", "dia_phuong");
            }
            RecordKind::Training | RecordKind::Design => draft.set("nam", year),
            RecordKind::PlanLine => {}
            RecordKind::Plan => {
                draft.set("loai_ke_hoach", "nam");
                draft.set("tu_nam", year.clone());
                draft.set("den_nam", year);
            }
        }
        Self::with_draft(kind, None, draft, FacilityChoice::None, None)
    }

    pub fn edit(kind: RecordKind, id: String, record: AnyRecord, data: &Data) -> Self {
        let facility_id = record.facility_id();
        let facility = facility_id.and_then(|fid| data.facilities.get(fid)).map(|f| &f.record);
        let draft = record.draft(facility);
        let choice = facility_id.map(|fid| FacilityChoice::Existing(fid.to_string())).unwrap_or_default();
        Self::with_draft(kind, Some(id), draft, choice, Some(record))
    }

    fn with_draft(
        kind: RecordKind,
        id: Option<String>,
        draft: Draft,
        facility: FacilityChoice,
        original: Option<AnyRecord>,
    ) -> Self {
        let new_facility = Draft::new(RecordKind::Facility);
        let opened_with = (draft.clone(), facility.clone(), new_facility.clone());
        FormState {
            kind,
            id,
            draft,
            facility,
            new_facility,
            issues: Vec::new(),
            duplicates: Vec::new(),
            original,
            focus_pending: true,
            checked_for: None,
            matches: None,
            touched: Default::default(),
            reveal_all: false,
            opened_with,
            shown: Vec::new(),
        }
    }

    fn has_facility_field(&self) -> bool {
        self.kind != RecordKind::Facility
    }

    /// A facility name is typed, but neither a kept facility nor a new one is chosen.
    fn facility_not_picked(&self) -> bool {
        self.has_facility_field()
            && self.facility == FacilityChoice::None
            && !self.draft.get("ten_co_so").trim().is_empty()
    }

    /// The facility id to save with, for an existing facility (a new one gets its id on save).
    fn existing_facility(&self) -> Option<String> {
        match &self.facility {
            FacilityChoice::Existing(id) => Some(id.clone()),
            _ => None,
        }
    }

    /// The record typed, with every problem; `placeholder` stands for a facility not yet created.
    pub fn build(&self, facility_id: Option<String>) -> Checked<AnyRecord> {
        AnyRecord::from_draft(self.kind, &self.draft, facility_id)
    }

    /// The new facility typed inline, if that is the choice.
    pub fn build_new_facility(&self) -> Option<Checked<Facility>> {
        (self.facility == FacilityChoice::New).then(|| self.new_facility.to_facility())
    }

    fn recheck(&mut self, data: &Data) {
        let key = (self.draft.clone(), self.facility.clone(), self.new_facility.clone());
        if self.checked_for.as_ref() == Some(&key) {
            return;
        }
        let stand_in = match &self.facility {
            FacilityChoice::New => Some("new".to_string()),
            _ => self.existing_facility(),
        };
        let mut issues = self.build(stand_in).issues;
        if let Some(new) = self.build_new_facility() {
            issues.extend(new.issues.into_iter().map(|i| Issue { field: new_facility_field(i.field), ..i }));
        }
        // The facility name typed but not chosen nor made new: say so.
        if self.has_facility_field()
            && self.facility == FacilityChoice::None
            && !self.draft.get("ten_co_so").trim().is_empty()
        {
            issues.retain(|i| i.field != "ten_co_so");
            issues.push(Issue::new("ten_co_so", Problem::Required));
        }
        self.duplicates = match self.kind {
            RecordKind::Facility => duplicates_of(&self.draft, self.id.as_deref(), data),
            _ => match self.build_new_facility() {
                Some(c) => duplicates_of(
                    &c.record.map(|f| f.to_draft()).unwrap_or_else(|| self.new_facility.clone()),
                    None,
                    data,
                ),
                None => Vec::new(),
            },
        };
        self.issues = issues;
        self.checked_for = Some(key);
    }

    pub fn has_errors(&self) -> bool {
        self.issues.iter().any(Issue::is_error)
    }

    pub fn title(&self, lang: Lang) -> String {
        let what = self.kind.singular(lang);
        match (self.id.is_some(), lang) {
            (false, Lang::Vi) => format!("Thêm {what}"),
            (false, Lang::En) => format!("New {what}"),
            (true, Lang::Vi) => format!("Sửa {what}"),
            (true, Lang::En) => format!("Edit {what}"),
        }
    }

    /// Draws the form; returns what the officer asked for.
    /// `read_only` says why nothing can be saved, when the workbook is read-only.
    /// Something was typed or chosen since the form opened.
    pub fn changed(&self) -> bool {
        let (draft, facility, new_facility) = &self.opened_with;
        (draft, facility, new_facility) != (&self.draft, &self.facility, &self.new_facility)
    }

    fn cancel(&self) -> FormAction {
        if self.changed() { FormAction::AskCancel } else { FormAction::Cancel }
    }

    /// Draws the form; returns what the officer asked for. While a drop-down
    /// is open (`popup_open`), Enter and Esc are the drop-down's.
    fn draw(
        &mut self,
        ui: &mut Ui,
        data: &Data,
        lang: Lang,
        read_only: Option<&str>,
        popup_open: bool,
    ) -> FormAction {
        self.recheck(data);
        if !ui.input(|i| i.pointer.any_down()) {
            // "Required" only where the officer has been, or once every problem is asked for.
            let (reveal, touched) = (self.reveal_all, &self.touched);
            self.shown = self
                .issues
                .iter()
                .filter(|i| reveal || i.problem != Problem::Required || touched.contains(i.field))
                .cloned()
                .collect();
        }
        let mut action = FormAction::None;
        let mut multiline_focused = false;
        ui.heading(self.title(lang));
        if let Some(reason) = read_only {
            ui.label(RichText::new(reason).color(theme::BANNER_TEXT).background_color(theme::BANNER));
            self.focus_pending = false;
        }
        ui.add_space(4.0);
        let max_height = (ui.ctx().content_rect().height() - 180.0).max(200.0);
        egui::ScrollArea::vertical().max_height(max_height).show(ui, |ui| {
            if read_only.is_some() {
                ui.disable();
            }
            egui::Grid::new("form-grid").num_columns(2).spacing([12.0, 6.0]).show(ui, |ui| {
                for column in columns(self.kind) {
                    if self.has_facility_field() && column.key == "ma_so_thue" {
                        continue; // shown with the facility
                    }
                    let label = ui.label(label_text(column, lang));
                    ui.vertical(|ui| {
                        if self.has_facility_field() && column.key == "ten_co_so" {
                            self.facility_field(ui, label.id, data, lang);
                        } else {
                            let response = field(ui, &mut self.draft, column, label.id, lang);
                            multiline_focused |= column.ty == FieldType::Note && response.has_focus();
                            if response.changed() || response.lost_focus() {
                                self.touched.insert(column.key);
                            }
                            if self.focus_pending {
                                response.request_focus();
                                self.focus_pending = false;
                            }
                        }
                        if self.facility_not_picked() && column.key == "ten_co_so" {
                            // A name typed but not yet a facility: say what to do, not "required".
                            ui.add(
                                egui::Label::new(
                                    RichText::new(tr(
                                        lang,
                                        "Chọn một cơ sở trong danh sách, hoặc bấm “+ Tạo cơ sở mới”.",
                                        "Pick a facility from the list, or press “+ Create a new facility”.",
                                    ))
                                    .color(theme::WARNING)
                                    .small(),
                                )
                                .wrap(),
                            );
                        } else {
                            show_issues(ui, &self.shown, column.key, lang);
                        }
                    });
                    ui.end_row();
                }
            });
            for duplicate in &self.duplicates {
                ui.colored_label(theme::WARNING, duplicate.message(lang));
            }
        });
        ui.separator();
        let errors = self.issues.iter().filter(|i| i.is_error()).count();
        ui.horizontal(|ui| {
            let why_not = read_only.or_else(|| {
                (errors > 0).then(|| {
                    tr(
                        lang,
                        "Hãy sửa các lỗi màu đỏ trước khi lưu.",
                        "Correct the errors in red before saving.",
                    )
                })
            });
            let save = ui.add_enabled(why_not.is_none(), egui::Button::new(tr(lang, "Lưu", "Save")));
            let save = match why_not {
                Some(reason) => save.on_disabled_hover_text(reason),
                None => save,
            };
            if save.clicked() {
                action = FormAction::Save;
            }
            if ui.button(tr(lang, "Hủy", "Cancel")).clicked() {
                action = self.cancel();
            }
            if errors > 0 {
                let text = match lang {
                    Lang::Vi => format!("Còn {errors} lỗi cần sửa."),
                    Lang::En => format!("{errors} errors to correct."),
                };
                let link = ui
                    .add(egui::Button::new(RichText::new(text).color(theme::ERROR)).frame(false))
                    .on_hover_text(tr(lang, "Bấm để xem tất cả các lỗi", "Click to show every error"));
                if link.clicked() {
                    self.reveal_all = true;
                }
            } else {
                ui.weak(tr(lang, "Enter: lưu · Esc: hủy", "Enter: save · Esc: cancel"));
            }
        });
        let (enter, escape) = if popup_open {
            (false, false)
        } else {
            ui.input(|i| (i.key_pressed(egui::Key::Enter), i.key_pressed(egui::Key::Escape)))
        };
        if enter && errors > 0 {
            // Enter on a form with errors shows them all instead of saving.
            self.reveal_all = true;
        }
        if escape {
            action = self.cancel();
        } else if enter
            && !multiline_focused
            && errors == 0
            && read_only.is_none()
            && action == FormAction::None
        {
            action = FormAction::Save;
        }
        action
    }

    /// The facility of a project, training or design support: type to find
    /// one, or make a new one here.
    fn facility_field(&mut self, ui: &mut Ui, label_id: egui::Id, data: &Data, lang: Lang) {
        let before = self.draft.get("ten_co_so").to_string();
        let mut name = before.clone();
        let response = ui.add(
            egui::TextEdit::singleline(&mut name)
                .hint_text(tr(lang, "Gõ tên hoặc mã số thuế để tìm", "Type a name or tax code to search"))
                .desired_width(360.0),
        );
        let response = response.labelled_by(label_id);
        if self.focus_pending && self.kind == RecordKind::Design {
            response.request_focus();
            self.focus_pending = false;
        }
        if name != before {
            self.touched.insert("ten_co_so");
            self.draft.set("ten_co_so", name.clone());
            if self.facility != FacilityChoice::New {
                self.facility = FacilityChoice::None;
            }
            self.new_facility.set("ten_co_so", name.clone());
        }
        match &self.facility {
            FacilityChoice::Existing(id) => {
                if let Some(f) = data.facilities.get(id) {
                    let detail =
                        [f.record.tax_code.as_str(), f.record.district.as_str(), f.record.commune.as_str()]
                            .iter()
                            .filter(|s| !s.is_empty())
                            .copied()
                            .collect::<Vec<_>>()
                            .join(" · ");
                    ui.weak(format!("→ {detail}"));
                }
            }
            FacilityChoice::New => {
                ui.label(
                    RichText::new(tr(lang, "Cơ sở mới, được tạo khi lưu:", "New facility, created on save:"))
                        .italics(),
                );
                egui::Grid::new("new-facility").num_columns(2).show(ui, |ui| {
                    for key in ["ma_so_thue", "loai_hinh", "nganh", "huyen", "xa_phuong"] {
                        if let Some(column) = columns(RecordKind::Facility).iter().find(|c| c.key == key) {
                            let label = ui.label(label_text(column, lang));
                            ui.vertical(|ui| {
                                field(ui, &mut self.new_facility, column, label.id, lang);
                                show_issues(ui, &self.shown, new_facility_field(key), lang);
                            });
                            ui.end_row();
                        }
                    }
                });
                if ui.button(tr(lang, "Không tạo cơ sở mới", "Do not create a new facility")).clicked()
                {
                    self.facility = FacilityChoice::None;
                }
            }
            FacilityChoice::None => {
                let query = fold(&name);
                if !query.is_empty() {
                    // Searched when the text changes, not every frame.
                    let stale =
                        !matches!(&self.matches, Some((q, g, _)) if *q == query && *g == data.generation);
                    if stale {
                        let words = Query::new(&query);
                        let found = (0..data.facilities.rows.len())
                            .filter(|i| words.matches(data.facilities.key(*i)))
                            .take(6)
                            .collect();
                        self.matches = Some((query.clone(), data.generation, found));
                    }
                    let found = self.matches.as_ref().map(|m| m.2.clone()).unwrap_or_default();
                    for f in found.iter().map(|i| &data.facilities.rows[*i]) {
                        let text = if f.record.district.is_empty() {
                            f.record.name.clone()
                        } else {
                            format!("{} — {}", f.record.name, f.record.district)
                        };
                        if ui.button(text).clicked() {
                            self.choose_facility(&f.id, &f.record);
                        }
                    }
                    let typed = clean_line(&name);
                    let create = match lang {
                        Lang::Vi => format!("+ Tạo cơ sở mới “{typed}”"),
                        Lang::En => format!("+ Create a new facility “{typed}”"),
                    };
                    if ui.button(create).clicked() {
                        self.facility = FacilityChoice::New;
                        self.new_facility.set("ten_co_so", typed);
                        self.new_facility.set("huyen", self.draft.get("huyen"));
                        self.new_facility.set("xa_phuong", self.draft.get("xa_phuong"));
                        self.new_facility.set("tinh", crate::domain::places::DEFAULT_PROVINCE);
                    }
                }
            }
        }
    }

    fn choose_facility(&mut self, id: &str, f: &Facility) {
        self.facility = FacilityChoice::Existing(id.to_string());
        self.draft.set("ten_co_so", f.name.clone());
        self.draft.set("ma_so_thue", f.tax_code.clone());
        // The record's place defaults to the facility's.
        if self.draft.get("huyen").is_empty() && self.draft.get("xa_phuong").is_empty() {
            self.draft.set("huyen", f.district.clone());
            self.draft.set("xa_phuong", f.commune.clone());
        }
    }
}

/// Problems of the inline new facility are filed under "co_so_moi.<field>".
fn new_facility_field(key: &'static str) -> &'static str {
    match key {
        "ten_co_so" => "co_so_moi.ten_co_so",
        "ma_so_thue" => "co_so_moi.ma_so_thue",
        "loai_hinh" => "co_so_moi.loai_hinh",
        "nganh" => "co_so_moi.nganh",
        "huyen" => "co_so_moi.huyen",
        "xa_phuong" => "co_so_moi.xa_phuong",
        other => other,
    }
}

fn label_text(column: &Column, lang: Lang) -> String {
    let label = column.label.get(lang);
    if column.required { format!("{label} *") } else { label.to_string() }
}

/// The problems of one field; "required" only once the field was visited (`touched`).
fn show_issues(ui: &mut Ui, issues: &[Issue], key: &str, lang: Lang) {
    for issue in issues.iter().filter(|i| i.field == key) {
        let color = if issue.is_error() { theme::ERROR } else { theme::WARNING };
        ui.add(egui::Label::new(RichText::new(issue.problem.message(lang)).color(color).small()).wrap());
    }
}

/// A facility already in the workbook that looks like the one typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Duplicate {
    SameTaxCode(String),
    SameNameAndCommune(String),
}

impl Duplicate {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Duplicate::SameTaxCode(n), Lang::Vi) => {
                format!("Đã có cơ sở cùng mã số thuế: {n}. Hãy kiểm tra để tránh nhập trùng.")
            }
            (Duplicate::SameTaxCode(n), Lang::En) => {
                format!("A facility with this tax code exists: {n}. Check that this is not a duplicate.")
            }
            (Duplicate::SameNameAndCommune(n), Lang::Vi) => {
                format!("Đã có cơ sở cùng tên và xã/phường: {n}. Hãy kiểm tra để tránh nhập trùng.")
            }
            (Duplicate::SameNameAndCommune(n), Lang::En) => format!(
                "A facility with this name and commune exists: {n}. Check that this is not a duplicate."
            ),
        }
    }
}

/// Facilities that look like the one typed: same tax code, or same name and commune.
fn duplicates_of(draft: &Draft, own_id: Option<&str>, data: &Data) -> Vec<Duplicate> {
    let tax: String = draft.get("ma_so_thue").chars().filter(|c| !matches!(c, ' ' | '.')).collect();
    let name = fold(draft.get("ten_co_so"));
    let commune = fold(draft.get("xa_phuong"));
    // A facility's folded search text holds its tax code, name and commune:
    // only the texts are read for the quick look, not the records, which lie
    // all over memory (50.000 facilities in big files, at each keystroke).
    let (tax_in, name_in, commune_in) = (Finder::new(&tax), Finder::new(&name), Finder::new(&commune));
    let mut out = Vec::new();
    for (i, stored) in data.facilities.rows.iter().enumerate() {
        let key = data.facilities.key(i).as_bytes();
        let near_tax = !tax.is_empty() && tax_in.find(key).is_some();
        let near_name = !name.is_empty() && name_in.find(key).is_some() && commune_in.find(key).is_some();
        if !(near_tax || near_name) || Some(stored.id.as_str()) == own_id {
            continue;
        }
        let f = &stored.record;
        if near_tax && f.tax_code == tax {
            out.push(Duplicate::SameTaxCode(f.name.clone()));
        } else if near_name && fold(&f.name) == name && fold(&f.commune) == commune {
            out.push(Duplicate::SameNameAndCommune(f.name.clone()));
        }
    }
    out
}

impl View for FormState {
    fn ui(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>) {
        let Some(data) = cx.data else { return };
        let lang = cx.lang;
        let read_only = cx.read_only.map(|_| {
            tr(lang, "Sổ chỉ đọc: không lưu được thay đổi.", "Read-only workbook: changes cannot be saved.")
        });
        match self.draw(ui, data, lang, read_only, cx.popup_open) {
            FormAction::Save => cx.send(Command::SaveForm),
            FormAction::Cancel => cx.send(Command::CancelForm),
            FormAction::AskCancel => cx.send(Command::AskDiscardForm),
            FormAction::None => {}
        }
    }
}
