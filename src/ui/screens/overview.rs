//! Overview: filters, key figures, the charts, and the summary tables.
//! Everything shown comes from SQL aggregates computed when the filters or
//! the data change, never per frame.

use egui::{RichText, Ui};

use crate::command::ChartId;
use crate::command::Command;
use crate::command::{ChartFile, FilePurpose};
use crate::domain::Code;
use crate::domain::codes::{FundingSource, ProjectContent, TrainingKind};
use crate::domain::number::{format_billion_in, format_int_in, format_million_in, plural};
use crate::i18n::{Lang, tr};
use crate::ui::screens::welcome::Welcome;
use crate::ui::widgets::charts::chart_card;
use crate::ui::widgets::filters::{code_filter, code_options, place_filter, year_range};
use crate::ui::{View, ViewContext, theme};
use crate::workbook::charts::{ChartData, ChartFilter};
use crate::workbook::summary::Summary;

/// The overview's own state: the filters, and what was computed for them.
#[derive(Default)]
pub struct OverviewState {
    pub filter: ChartFilter,
    /// Whether `filter.from/to` were set from the data yet.
    pub range_chosen: bool,
    pub summary: Option<Summary>,
    pub charts: Option<ChartData>,
    /// (data generation, filter) the figures were computed for.
    pub computed_for: Option<(u64, ChartFilter)>,
    /// The year of the plan chart the officer chose (else a default, see
    /// `workbook::plans::default_plan_year`).
    pub plan_year: Option<i32>,
}

impl OverviewState {
    /// The range officers show in meetings: 2014–2023 when the data cover it,
    /// else every year present.
    pub fn choose_range(&mut self, span: Option<(i32, i32)>) {
        if self.range_chosen {
            return;
        }
        let this_year = jiff::Zoned::now().year() as i32;
        let (first, last) = span.unwrap_or((this_year, this_year));
        let (from, to) = if first <= 2014 && last >= 2023 { (2014, 2023) } else { (first, last) };
        self.filter.from = from;
        self.filter.to = to;
        self.range_chosen = true;
    }
}

/// The least width of a key-figure card, its frame included.
const CARD_WIDTH: f32 = 180.0;
/// Charts go side by side from this width of the screen on.
const TWO_CHART_COLUMNS_FROM: f32 = 2.0 * 450.0 + 16.0;

/// The key figures, as many cards a row as the screen has room for.
fn cards(ui: &mut Ui, cards: &[(&str, String)]) {
    let gap = ui.spacing().item_spacing.x;
    let room = ui.available_width();
    let per_row = (((room + gap) / (CARD_WIDTH + gap)) as usize).clamp(1, cards.len().max(1));
    // The row filled: the cards share what is left over.
    let width = (room - gap * (per_row as f32 - 1.0)) / per_row as f32;
    for row in cards.chunks(per_row) {
        ui.horizontal_top(|ui| {
            for (title, value) in row {
                egui::Frame::group(ui.style()).inner_margin(10.0).show(ui, |ui| {
                    ui.set_width(width - 22.0);
                    ui.vertical(|ui| {
                        ui.label(RichText::new(*title).small());
                        ui.label(RichText::new(value).font(theme::bold(20.0)));
                    });
                });
            }
        });
    }
}

/// Money as officers write it: tỷ from 10 billion on, else triệu.
pub fn money(dong: i64, lang: Lang) -> String {
    if dong >= 10_000_000_000 {
        match lang {
            Lang::Vi => format!("{} tỷ đồng", format_billion_in(dong, 2, lang)),
            Lang::En => format!("{} billion VND", format_billion_in(dong, 2, lang)),
        }
    } else {
        match lang {
            Lang::Vi => format!("{} triệu đồng", format_million_in(dong, lang)),
            Lang::En => format!("{} million VND", format_million_in(dong, lang)),
        }
    }
}

/// A figure in a table column, right-aligned so the digits line up.
fn number(ui: &mut Ui, text: String) {
    let size = egui::vec2(80.0, ui.spacing().interact_size.y);
    ui.allocate_ui_with_layout(size, egui::Layout::right_to_left(egui::Align::Center), |ui| ui.label(text));
}

impl View for OverviewState {
    fn ui(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>) {
        if cx.data.is_some_and(|d| d.is_empty()) {
            Welcome.ui(ui, cx);
        } else {
            show(ui, self, cx);
        }
    }
}

fn show(ui: &mut Ui, state: &mut OverviewState, cx: &mut ViewContext<'_>) {
    let (lang, span, places) = (cx.lang, cx.years, cx.places);
    ui.horizontal_wrapped(|ui| {
        ui.heading(tr(lang, "Tổng quan", "Overview"));
        ui.add_space(12.0);
        year_range(ui, lang, &mut state.filter.from, &mut state.filter.to, span);
        let sources = code_options::<FundingSource>();
        code_filter(ui, tr(lang, "Nguồn", "Source"), &mut state.filter.source, &sources, lang);
        place_filter(ui, &mut state.filter.place, places, lang);
        let contents = code_options::<ProjectContent>();
        code_filter(ui, tr(lang, "Nội dung", "Content"), &mut state.filter.content, &contents, lang);
        if ui.button(tr(lang, "Trình chiếu (F11)", "Present (F11)")).clicked() {
            cx.send(Command::Present(ChartId::Funding));
        }
        if ui.button(tr(lang, "Đoạn văn báo cáo…", "Report paragraph…")).clicked() {
            cx.send(Command::ShowReport);
        }
    });
    let Some(d) = &state.charts else {
        return;
    };
    ui.add_space(4.0);
    cards(
        ui,
        &[
            (tr(lang, "Đề án", "Projects"), format_int_in(d.total_projects, lang)),
            (tr(lang, "Kinh phí hỗ trợ", "Support"), money(d.total_support, lang)),
            (tr(lang, "Vốn đối ứng", "Counterpart"), money(d.total_counterpart, lang)),
            (tr(lang, "Học viên", "Trainees"), format_int_in(d.total_trainees, lang)),
            (
                tr(lang, "Cơ sở được hỗ trợ thiết kế", "Facilities given design support"),
                format_int_in(d.total_design_facilities, lang),
            ),
        ],
    );
    ui.add_space(6.0);
    egui::ScrollArea::vertical().id_salt("overview-scroll").show(ui, |ui| {
        // Two charts a row on a wide screen, one on a narrow one (1024×600).
        let width = ui.available_width();
        let per_row = if width >= TWO_CHART_COLUMNS_FROM { 2 } else { 1 };
        let column = if per_row == 2 { (width - 16.0) / 2.0 } else { width };
        let mut plan_year = None;
        for pair in ChartId::ALL.chunks(per_row) {
            ui.horizontal_top(|ui| {
                for chart in pair {
                    ui.allocate_ui(egui::vec2(column, 330.0), |ui| {
                        ui.set_width(column);
                        ui.vertical(|ui| {
                            if *chart == ChartId::PlanProgress {
                                plan_year = plan_year_choice(ui, d.plan_year, cx);
                            }
                            chart_card(ui, *chart, d, lang, 260.0);
                            chart_actions(ui, *chart, cx);
                        });
                    });
                }
            });
            ui.add_space(8.0);
        }
        if plan_year.is_some() {
            state.plan_year = plan_year;
        }
        if let Some(s) = &state.summary {
            egui::CollapsingHeader::new(tr(
                lang,
                "Bảng tổng hợp theo năm (không theo bộ lọc nguồn, địa bàn)",
                "Summary tables by year (source and place filters not applied)",
            ))
            .default_open(false)
            .show(ui, |ui| summary_tables(ui, s, lang));
        }
    });
}

/// The year of the plan chart, among the years the plans cover; the year chosen, if changed.
fn plan_year_choice(ui: &mut Ui, shown: Option<i32>, cx: &ViewContext<'_>) -> Option<i32> {
    let years = crate::workbook::plans::plan_years(cx.plans);
    let mut chosen = None;
    ui.horizontal(|ui| {
        let label = ui.label(tr(cx.lang, "Năm kế hoạch", "Plan year"));
        let text = shown.map(|y| y.to_string()).unwrap_or_else(|| "—".to_string());
        egui::ComboBox::from_id_salt("plan-chart-year")
            .selected_text(text)
            .show_ui(ui, |ui| {
                for y in &years {
                    if ui.selectable_label(shown == Some(*y), y.to_string()).clicked() {
                        chosen = Some(*y);
                    }
                }
            })
            .response
            .labelled_by(label.id);
    });
    chosen
}

fn chart_actions(ui: &mut Ui, chart: ChartId, cx: &mut ViewContext<'_>) {
    let lang = cx.lang;
    ui.horizontal(|ui| {
        let small = |t: &str| egui::Button::new(RichText::new(t).small());
        if ui.add(small(tr(lang, "Trình chiếu", "Present"))).clicked() {
            cx.send(Command::Present(chart));
        }
        if ui.add(small(tr(lang, "Lưu ảnh PNG…", "Save as PNG…"))).clicked() {
            cx.send(Command::AskFile(FilePurpose::Chart(chart, ChartFile::Image)));
        }
        if ui.add(small(tr(lang, "Chép ảnh", "Copy image"))).clicked() {
            cx.send(Command::CopyChartImage(chart));
        }
        if ui.add(small(tr(lang, "Xuất số liệu…", "Export numbers…"))).clicked() {
            cx.send(Command::AskFile(FilePurpose::Chart(chart, ChartFile::Numbers)));
        }
    });
}

fn summary_tables(ui: &mut Ui, s: &Summary, lang: Lang) {
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
                        number(ui, format_int_in(m.count, lang));
                        number(ui, format_million_in(m.support_vnd, lang));
                        number(ui, format_million_in(m.counterpart_vnd, lang));
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
                        Lang::Vi => format!("{} lớp", format_int_in(p.count, lang)),
                        Lang::En => plural(p.count, &format_int_in(p.count, lang), "class", "classes"),
                    });
                    ui.label(match lang {
                        Lang::Vi => format!("{} học viên", format_int_in(p.trainees, lang)),
                        Lang::En => {
                            plural(p.trainees, &format_int_in(p.trainees, lang), "trainee", "trainees")
                        }
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
                    number(ui, format_int_in(y.projects, lang));
                    number(ui, format_million_in(y.support_vnd, lang));
                    number(ui, format_million_in(y.counterpart_vnd, lang));
                    number(ui, format_int_in(y.trainees, lang));
                    number(ui, format_int_in(y.design_supports, lang));
                    ui.end_row();
                }
            });
        });
    });
}
