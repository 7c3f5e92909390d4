//! File → Merge workbooks: the dry run of merging a district's workbook into
//! the open one (what would be added, updated, deleted, what conflicts), the
//! officer's choice for each conflict and for each record likely the same
//! as one of ours under another id (link it, or add it), then the merge
//! itself in the background.

use std::collections::HashMap;

use egui::{RichText, Ui};

use crate::command::Command;
use crate::domain::RecordKind;
use crate::domain::number::format_int_in;
use crate::domain::text::{capitalised, quote_at_most};
use crate::i18n::{Lang, tr};
use crate::report::text::local_time;
use crate::ui::{View, ViewContext, theme};
use crate::workbook::merge::{
    ConflictReason, Counts, MergePlan, PairChoice, Resolution, RowProblem, SamePair, Side,
};

/// Conflicts (and likely-same pairs) drawn one by one; the rest are settled
/// with the buttons for all (a hostile file may bring thousands, and a
/// frame draws them all).
const SHOWN_CONFLICTS: usize = 100;

pub struct MergeDialog {
    /// The dry run; its pairs hold the officer's choice for each (link by default).
    pub plan: MergePlan,
    /// The officer's choice per conflicting record id.
    pub resolutions: HashMap<String, Resolution>,
    /// The pairs in the order shown: those that differ first, as they need a look.
    pair_order: Vec<usize>,
}

impl MergeDialog {
    pub fn new(plan: MergePlan) -> Self {
        let mut pair_order: Vec<usize> = (0..plan.pairs.len()).collect();
        pair_order.sort_by_key(|&i| plan.pairs[i].differences.is_empty());
        MergeDialog { plan, resolutions: HashMap::new(), pair_order }
    }

    fn unresolved(&self) -> usize {
        self.plan.conflicts.iter().filter(|c| !self.resolutions.contains_key(&c.id)).count()
    }

    /// Records of the file received that look like ours under another id:
    /// one of three choices each, link keeping ours until changed.
    fn pairs_ui(&mut self, ui: &mut Ui, lang: Lang) {
        let n = self.plan.pairs.len();
        ui.label(
            RichText::new(match lang {
                Lang::Vi => format!(
                    "{n} bản ghi gửi đến có thể trùng với bản ghi đã có (khác mã định danh) — nối làm một hay thêm mới:"
                ),
                Lang::En => format!(
                    "{n} records received are likely the same as records kept here (under other ids) — link them as one, or add them:"
                ),
            })
            .strong(),
        );
        ui.horizontal_wrapped(|ui| {
            for (choice, words) in [
                (
                    PairChoice::Link(Resolution::KeepMine),
                    tr(lang, "Nối tất cả, giữ bản của sổ này", "Link all, keep this workbook's"),
                ),
                (
                    PairChoice::Link(Resolution::KeepTheirs),
                    tr(lang, "Nối tất cả, lấy bản gửi đến", "Link all, take the received ones"),
                ),
                (PairChoice::AddAnyway, tr(lang, "Thêm mới tất cả", "Add all anyway")),
            ] {
                if ui.small_button(words).clicked() {
                    self.plan.choose_for_all_pairs(choice);
                }
            }
        });
        egui::ScrollArea::vertical().id_salt("merge-pairs").max_height(240.0).show(ui, |ui| {
            for &i in self.pair_order.iter().take(SHOWN_CONFLICTS) {
                let Some(p) = self.plan.pairs.get_mut(i) else { continue };
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.label(
                        RichText::new(format!(
                            "{} — {}: \u{201c}{}\u{201d} · {}: \u{201c}{}\u{201d}",
                            capitalised(p.kind.singular(lang)),
                            tr(lang, "sổ này", "this workbook"),
                            p.mine_label,
                            tr(lang, "gửi đến", "received"),
                            p.theirs_label
                        ))
                        .strong(),
                    );
                    ui.label(p.why(lang));
                    ui.horizontal_wrapped(|ui| {
                        for choice in PairChoice::ALL {
                            if choice != PairChoice::LinkFields || !p.differences.is_empty() {
                                ui.radio_value(&mut p.choice, choice, choice.label(lang));
                            }
                        }
                    });
                    if p.choice == PairChoice::LinkFields {
                        fields_ui(ui, p, lang);
                    }
                });
            }
            if n > SHOWN_CONFLICTS {
                ui.label(match lang {
                    Lang::Vi => format!(
                        "… và {} cặp khác: dùng các nút \u{201c}tất cả\u{201d} ở trên.",
                        n - SHOWN_CONFLICTS
                    ),
                    Lang::En => {
                        format!(
                            "… and {} more pairs: use the \u{201c}all\u{201d} buttons above.",
                            n - SHOWN_CONFLICTS
                        )
                    }
                });
            }
        });
    }

    fn conflicts_ui(&mut self, ui: &mut Ui, lang: Lang) {
        let n = self.plan.conflicts.len();
        let both = self.plan.conflicts.iter().all(|c| c.reason == ConflictReason::BothChanged);
        ui.label(
            RichText::new(match (lang, both) {
                (Lang::Vi, true) => format!("{n} bản ghi được sửa ở cả hai nơi — chọn bản giữ lại:"),
                (Lang::En, true) => format!("{n} records changed in both places — choose which to keep:"),
                (Lang::Vi, false) => format!("{n} bản ghi cần chọn bản giữ lại:"),
                (Lang::En, false) => format!("{n} records need a choice of which to keep:"),
            })
            .strong(),
        );
        ui.horizontal(|ui| {
            if ui
                .small_button(tr(lang, "Giữ bản của sổ này cho tất cả", "Keep this workbook's for all"))
                .clicked()
            {
                for c in &self.plan.conflicts {
                    self.resolutions.insert(c.id.clone(), Resolution::KeepMine);
                }
            }
            if ui
                .small_button(tr(lang, "Lấy bản gửi đến cho tất cả", "Take the received one for all"))
                .clicked()
            {
                for c in &self.plan.conflicts {
                    self.resolutions.insert(c.id.clone(), Resolution::KeepTheirs);
                }
            }
        });
        egui::ScrollArea::vertical().id_salt("merge-conflicts").max_height(280.0).show(ui, |ui| {
            for c in self.plan.conflicts.iter().take(SHOWN_CONFLICTS) {
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.label(
                        RichText::new(format!("{} — {}", capitalised(c.kind.singular(lang)), c.label))
                            .strong(),
                    );
                    if c.reason != ConflictReason::BothChanged {
                        ui.colored_label(theme::WARNING, c.reason.text(lang));
                    }
                    let choice = self.resolutions.get(&c.id).copied();
                    let mut chosen = choice;
                    ui.radio_value(
                        &mut chosen,
                        Some(Resolution::KeepMine),
                        format!(
                            "{} ({} {}): {}",
                            tr(lang, "Sổ này", "This workbook"),
                            tr(lang, "sửa", "changed"),
                            local_time(c.mine.modified_at),
                            c.summary(Side::Mine, lang)
                        ),
                    );
                    ui.radio_value(
                        &mut chosen,
                        Some(Resolution::KeepTheirs),
                        format!(
                            "{} ({} {}): {}",
                            tr(lang, "Bản gửi đến", "Received"),
                            tr(lang, "sửa", "changed"),
                            local_time(c.theirs.modified_at),
                            c.summary(Side::Theirs, lang)
                        ),
                    );
                    if chosen != choice
                        && let Some(r) = chosen
                    {
                        self.resolutions.insert(c.id.clone(), r);
                    }
                });
            }
            if n > SHOWN_CONFLICTS {
                ui.label(match lang {
                    Lang::Vi => format!(
                        "… và {} bản ghi khác: dùng các nút \u{201c}cho tất cả\u{201d} ở trên.",
                        n - SHOWN_CONFLICTS
                    ),
                    Lang::En => {
                        format!(
                            "… and {} more records: use the \u{201c}for all\u{201d} buttons above.",
                            n - SHOWN_CONFLICTS
                        )
                    }
                });
            }
        });
    }
}

/// A pair linked field by field: for each field that differs, ours or
/// theirs; what the mix breaks, if anything.
fn fields_ui(ui: &mut Ui, p: &mut SamePair, lang: Lang) {
    let salt = format!("merge-fields-{}", p.theirs_id);
    egui::Grid::new(salt).striped(true).spacing([12.0, 2.0]).show(ui, |ui| {
        ui.label(RichText::new(tr(lang, "Trường", "Field")).strong());
        ui.label(RichText::new(tr(lang, "Sổ này", "This workbook")).strong());
        ui.label(RichText::new(tr(lang, "Gửi đến", "Received")).strong());
        ui.end_row();
        for i in 0..p.differences.len() {
            let d = &p.differences[i];
            let (label, mine, theirs) = (d.label(lang), d.mine_text(lang), d.theirs_text(lang));
            ui.label(label);
            if p.choosable(i) {
                let mut theirs_taken = p.take_theirs.get(i).copied().unwrap_or(false);
                ui.radio_value(&mut theirs_taken, false, empty_as_dash(mine));
                ui.radio_value(&mut theirs_taken, true, empty_as_dash(theirs));
                if let Some(taken) = p.take_theirs.get_mut(i) {
                    *taken = theirs_taken;
                }
            } else {
                // A project's facility is the facility's own pair, chosen there.
                ui.label(empty_as_dash(mine));
                ui.label(empty_as_dash(theirs)).on_hover_text(tr(
                    lang,
                    "Theo cơ sở đã nối",
                    "Follows the linked facility",
                ));
            }
            ui.end_row();
        }
    });
    if let Some(problems) = p.mixed_problems() {
        let text = RowProblem::Rules(problems).message(p.kind, lang);
        ui.colored_label(theme::WARNING, text);
    }
}

fn empty_as_dash(text: String) -> String {
    if text.is_empty() { "—".to_string() } else { text }
}

/// Added / updated / deleted / unchanged, one row per record kind.
fn counts_grid(ui: &mut Ui, counts: &Counts, lang: Lang) {
    egui::Grid::new("merge-counts").striped(true).spacing([18.0, 4.0]).show(ui, |ui| {
        ui.label("");
        for title in [
            tr(lang, "Thêm mới", "Added"),
            tr(lang, "Cập nhật", "Updated"),
            tr(lang, "Xóa", "Deleted"),
            tr(lang, "Không đổi", "Unchanged"),
        ] {
            ui.strong(title);
        }
        ui.end_row();
        for kind in RecordKind::ALL {
            ui.label(kind.plural().get(lang));
            for values in [&counts.added, &counts.updated, &counts.deleted, &counts.unchanged] {
                ui.label(format_int_in(Counts::of(values, kind) as i64, lang));
            }
            ui.end_row();
        }
    });
}

impl View for MergeDialog {
    fn ui(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>) {
        let lang = cx.lang;
        let file = self
            .plan
            .source_path
            .file_name()
            .map(|n| quote_at_most(&n.to_string_lossy(), 120))
            .unwrap_or_default();
        let office = quote_at_most(&self.plan.source_office.office_name, 100);
        ui.heading(match lang {
            Lang::Vi => format!("Gộp sổ “{file}”"),
            Lang::En => format!("Merge the workbook “{file}”"),
        });
        if !office.is_empty() {
            ui.label(format!("{}: {office}", tr(lang, "Đơn vị gửi", "Sent by")));
        }
        ui.weak(tr(
            lang,
            "Chạy thử: chưa ghi gì. Tệp gửi đến chỉ được đọc, không bị thay đổi.",
            "Dry run: nothing written yet. The file received is only read, never changed.",
        ));
        ui.add_space(6.0);
        counts_grid(ui, &self.plan.counts, lang);
        ui.add_space(6.0);
        if !self.plan.writes_anything() {
            ui.label(RichText::new(tr(
                lang,
                "Không có gì mới: mọi bản ghi của sổ này đã có trong sổ đang mở (có thể sổ đã được gộp trước đây).",
                "Nothing new: every record of this workbook is already in the open one (it may have been merged before).",
            ))
            .strong());
        }
        if !self.plan.pairs.is_empty() {
            self.pairs_ui(ui, lang);
            ui.add_space(6.0);
        }
        if !self.plan.conflicts.is_empty() {
            self.conflicts_ui(ui, lang);
        }
        ui.add_space(6.0);
        let unresolved = self.unresolved();
        if unresolved > 0 {
            ui.colored_label(
                theme::WARNING,
                match lang {
                    Lang::Vi => format!("Còn {unresolved} bản ghi chưa chọn giữ bản nào."),
                    Lang::En => format!("{unresolved} records still need a choice of which to keep."),
                },
            );
        }
        ui.horizontal(|ui| {
            let mixed_wrong = self.plan.pairs.iter().any(|p| p.mixed_problems().is_some());
            let ready = self.plan.writes_anything() && unresolved == 0 && !mixed_wrong;
            let merge =
                ui.add_enabled(ready, egui::Button::new(RichText::new(tr(lang, "Gộp", "Merge")).strong()));
            if merge.clicked() {
                cx.send(Command::ApplyMerge);
            }
            if ui.button(tr(lang, "Hủy", "Cancel")).clicked() {
                cx.send(Command::CloseMerge);
            }
        });
    }
}
