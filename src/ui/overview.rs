//! Overview: the key totals of a range of years, read from SQL aggregates
//! when the range or the data change (never per frame).

use egui::{RichText, Ui};

use crate::domain::Code;
use crate::domain::codes::{FundingSource, ProjectContent, TrainingKind};
use crate::domain::number::{format_billion, format_int, format_million};
use crate::i18n::{Lang, tr};
use crate::ui::theme;
use crate::workbook::summary::Summary;

/// The overview's own state: the range chosen, and the totals computed for it.
#[derive(Default)]
pub struct OverviewState {
    pub from: Option<i32>,
    pub to: Option<i32>,
    pub summary: Option<Summary>,
    /// (data generation, from, to) the summary was computed for.
    pub computed_for: Option<(u64, Option<i32>, Option<i32>)>,
}

fn card(ui: &mut Ui, title: &str, value: String, detail: String) {
    egui::Frame::group(ui.style()).inner_margin(10.0).show(ui, |ui| {
        ui.set_min_width(190.0);
        ui.vertical(|ui| {
            ui.label(RichText::new(title).small());
            ui.label(RichText::new(value).font(theme::bold(22.0)));
            ui.weak(detail);
        });
    });
}

/// A figure in a table column, right-aligned so the digits line up.
fn number(ui: &mut Ui, text: String) {
    let size = egui::vec2(80.0, ui.spacing().interact_size.y);
    ui.allocate_ui_with_layout(size, egui::Layout::right_to_left(egui::Align::Center), |ui| ui.label(text));
}

fn money(dong: i64, lang: Lang) -> String {
    // Large sums read better in tỷ (billions), as officers write them.
    if dong >= 10_000_000_000 {
        match lang {
            Lang::Vi => format!("{} tỷ đồng", format_billion(dong, 2)),
            Lang::En => format!("{} billion VND", format_billion(dong, 2)),
        }
    } else {
        match lang {
            Lang::Vi => format!("{} triệu đồng", format_million(dong)),
            Lang::En => format!("{} million VND", format_million(dong)),
        }
    }
}

pub fn show(ui: &mut Ui, state: &mut OverviewState, years: Option<(i32, i32)>, lang: Lang) {
    ui.horizontal(|ui| {
        ui.heading(tr(lang, "Tổng quan", "Overview"));
        ui.add_space(20.0);
        for (label, value) in
            [(tr(lang, "Từ năm", "From"), &mut state.from), (tr(lang, "Đến năm", "To"), &mut state.to)]
        {
            let l = ui.label(label);
            let shown = value.map(|y| y.to_string()).unwrap_or_else(|| tr(lang, "Tất cả", "All").to_string());
            egui::ComboBox::from_id_salt(l.id.with("overview-year"))
                .selected_text(shown)
                .width(70.0)
                .show_ui(ui, |ui| {
                    ui.selectable_value(value, None, tr(lang, "Tất cả", "All"));
                    if let Some((first, last)) = years {
                        for y in first..=last {
                            ui.selectable_value(value, Some(y), y.to_string());
                        }
                    }
                })
                .response
                .labelled_by(l.id);
        }
    });
    let Some(s) = &state.summary else {
        return;
    };
    ui.weak(match lang {
        Lang::Vi => format!("Số liệu các năm {}–{}, không tính bản ghi đã xóa.", s.from, s.to),
        Lang::En => format!("Figures for {}–{}, deleted records excluded.", s.from, s.to),
    });
    ui.add_space(6.0);
    ui.horizontal_wrapped(|ui| {
        card(
            ui,
            tr(lang, "Đề án", "Projects"),
            format_int(s.projects.count),
            match lang {
                Lang::Vi => format!(
                    "{} quốc gia · {} địa phương",
                    format_int(s.projects.of_source(FundingSource::National)),
                    format_int(s.projects.of_source(FundingSource::Local))
                ),
                Lang::En => format!(
                    "{} national · {} local",
                    format_int(s.projects.of_source(FundingSource::National)),
                    format_int(s.projects.of_source(FundingSource::Local))
                ),
            },
        );
        card(ui, tr(lang, "Kinh phí hỗ trợ", "Support"), money(s.projects.support_vnd, lang), String::new());
        card(
            ui,
            tr(lang, "Vốn đối ứng", "Counterpart"),
            money(s.projects.counterpart_vnd, lang),
            String::new(),
        );
        card(
            ui,
            tr(lang, "Học viên", "Trainees"),
            format_int(s.trainings.trainees),
            match lang {
                Lang::Vi => format!("{} lớp, khóa, hội thảo", format_int(s.trainings.count)),
                Lang::En => format!("{} classes, courses, workshops", format_int(s.trainings.count)),
            },
        );
        card(
            ui,
            tr(lang, "Cơ sở được hỗ trợ thiết kế", "Facilities given design support"),
            format_int(s.design_supports.facilities),
            money(s.design_supports.support_vnd, lang),
        );
    });
    ui.add_space(10.0);
    egui::ScrollArea::both().show(ui, |ui| {
        ui.horizontal_top(|ui| {
            ui.vertical(|ui| {
                ui.label(
                    RichText::new(tr(lang, "Đề án theo nguồn và nội dung", "Projects by source and content"))
                        .strong(),
                );
                egui::Grid::new("by-source-kind").striped(true).num_columns(4).show(ui, |ui| {
                    ui.label(RichText::new(tr(lang, "Nguồn – nội dung", "Source – content")).small());
                    ui.label(RichText::new(tr(lang, "Số đề án", "Projects")).small());
                    ui.label(RichText::new(tr(lang, "Hỗ trợ (tr.đ)", "Support (mil.)")).small());
                    ui.label(RichText::new(tr(lang, "Đối ứng (tr.đ)", "Counterpart (mil.)")).small());
                    ui.end_row();
                    for source in FundingSource::ALL {
                        for content in ProjectContent::ALL {
                            let m = s.projects.of(*source, *content);
                            if m.count == 0 {
                                continue;
                            }
                            ui.label(format!("{} – {}", source.label(lang), content.label(lang)));
                            number(ui, format_int(m.count));
                            number(ui, format_million(m.support_vnd));
                            number(ui, format_million(m.counterpart_vnd));
                            ui.end_row();
                        }
                    }
                });
                ui.add_space(10.0);
                ui.label(RichText::new(tr(lang, "Đào tạo theo loại", "Trainings by kind")).strong());
                egui::Grid::new("by-training-kind").striped(true).num_columns(3).show(ui, |ui| {
                    for kind in TrainingKind::ALL {
                        let p = s.trainings.of(*kind);
                        if p.count == 0 {
                            continue;
                        }
                        ui.label(kind.label(lang));
                        ui.label(match lang {
                            Lang::Vi => format!("{} lớp", format_int(p.count)),
                            Lang::En => format!("{} classes", format_int(p.count)),
                        });
                        ui.label(match lang {
                            Lang::Vi => format!("{} học viên", format_int(p.trainees)),
                            Lang::En => format!("{} trainees", format_int(p.trainees)),
                        });
                        ui.end_row();
                    }
                });
            });
            ui.add_space(32.0);
            ui.vertical(|ui| {
                ui.label(RichText::new(tr(lang, "Theo năm", "By year")).strong());
                egui::Grid::new("by-year").striped(true).num_columns(6).show(ui, |ui| {
                    for h in [
                        tr(lang, "Năm", "Year"),
                        tr(lang, "Đề án", "Projects"),
                        tr(lang, "Hỗ trợ (tr.đ)", "Support (mil.)"),
                        tr(lang, "Đối ứng (tr.đ)", "Counterpart (mil.)"),
                        tr(lang, "Học viên", "Trainees"),
                        tr(lang, "Thiết kế", "Design"),
                    ] {
                        ui.label(RichText::new(h).small());
                    }
                    ui.end_row();
                    for y in &s.by_year {
                        ui.label(y.year.to_string());
                        number(ui, format_int(y.projects));
                        number(ui, format_million(y.support_vnd));
                        number(ui, format_million(y.counterpart_vnd));
                        number(ui, format_int(y.trainees));
                        number(ui, format_int(y.design_supports));
                        ui.end_row();
                    }
                });
            });
        });
    });
}
