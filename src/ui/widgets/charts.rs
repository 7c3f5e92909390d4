//! The overview's charts (egui_plot), drawn from [`ChartData`] aggregates.
//! Each chart knows its title, units, how to draw itself and the table of
//! numbers behind it (for CSV/XLSX export).

use egui::{Color32, RichText, Ui};
use egui_plot::{Bar, BarChart, Line, Plot};

use crate::command::ChartId;
use crate::domain::Code;
use crate::domain::codes::{FundingSource, ProjectContent, Sector, TrainingKind};
use crate::domain::number::{format_f64_in, format_int_in, plural};
use crate::exchange::chart_table::{ChartTable, Value};
use crate::i18n::{Lang, tr};
use crate::workbook::charts::ChartData;

const MILLION: f64 = 1_000_000.0;
/// The height of one line of a legend under a chart.
const LEGEND_LINE: f32 = 22.0;

/// The text shown when the mouse is over a bar.
type BarHover = Box<dyn Fn(&Bar, &BarChart) -> String>;

/// Colours that read well on a projector and in print.
const PALETTE: [Color32; 10] = [
    Color32::from_rgb(0x1f, 0x77, 0xb4),
    Color32::from_rgb(0xff, 0x7f, 0x0e),
    Color32::from_rgb(0x2c, 0xa0, 0x2c),
    Color32::from_rgb(0xd6, 0x27, 0x28),
    Color32::from_rgb(0x94, 0x67, 0xbd),
    Color32::from_rgb(0x8c, 0x56, 0x4b),
    Color32::from_rgb(0xe3, 0x77, 0xc2),
    Color32::from_rgb(0x7f, 0x7f, 0x7f),
    Color32::from_rgb(0xbc, 0xbd, 0x22),
    Color32::from_rgb(0x17, 0xbe, 0xcf),
];

/// A number written `lang`'s way, with at most `decimals` decimals.
pub fn figure(value: f64, decimals: u32, lang: Lang) -> String {
    format_f64_in(value, decimals, lang)
}

/// Marks at a round step (1, 2 or 5 × 10ⁿ) at least about 100 points apart,
/// so that every label fits: egui_plot's own marks (powers of ten only)
/// can leave nothing but "0" on a narrow axis.
fn round_marks(input: egui_plot::GridInput) -> Vec<egui_plot::GridMark> {
    // `base_step_size` is the plot's value over its minimum grid spacing of 8 points.
    let wanted = input.base_step_size / 8.0 * 100.0;
    if !wanted.is_finite() || wanted <= 0.0 {
        return Vec::new();
    }
    let power = 10f64.powf(wanted.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * power).find(|s| *s >= wanted).unwrap_or(10.0 * power);
    let (low, high) = input.bounds;
    let first = (low / step).ceil() as i64;
    let last = (high / step).floor() as i64;
    (first..=last.min(first + 100))
        .map(|k| egui_plot::GridMark { value: k as f64 * step, step_size: step })
        .collect()
}

fn million(v: i64) -> f64 {
    v as f64 / MILLION
}

fn source_label(code: &str, lang: Lang) -> String {
    FundingSource::from_code(code).map(|s| s.label(lang).to_string()).unwrap_or_default()
}

// How each chart is drawn and tabled; what it is called lives in `crate::command`.
impl ChartId {
    fn unit(self, lang: Lang) -> &'static str {
        match self {
            ChartId::Funding
            | ChartId::Cumulative
            | ChartId::ByPlace
            | ChartId::BySector
            | ChartId::PlanProgress => tr(lang, "triệu đồng", "million VND"),
            ChartId::ProjectsByContent => tr(lang, "đề án", "projects"),
            ChartId::Trainees => tr(lang, "học viên", "trainees"),
            ChartId::DesignFacilities => tr(lang, "cơ sở", "facilities"),
            ChartId::Leverage => tr(lang, "đồng / đồng", "VND per VND"),
        }
    }

    /// The headline figure of the chart, for presentation mode.
    pub fn key_figure(self, d: &ChartData, lang: Lang) -> String {
        let m = |v: i64| figure(million(v), 0, lang);
        let n = |v: i64| format_int_in(v, lang);
        match (self, lang) {
            (ChartId::Funding | ChartId::Cumulative, Lang::Vi) => {
                format!(
                    "Hỗ trợ {} triệu đồng · đối ứng {} triệu đồng",
                    m(d.total_support),
                    m(d.total_counterpart)
                )
            }
            (ChartId::Funding | ChartId::Cumulative, Lang::En) => {
                format!(
                    "Support {} million VND · counterpart {} million VND",
                    m(d.total_support),
                    m(d.total_counterpart)
                )
            }
            (ChartId::ProjectsByContent, Lang::Vi) => format!("{} đề án", n(d.total_projects)),
            (ChartId::ProjectsByContent, Lang::En) => {
                plural(d.total_projects, &n(d.total_projects), "project", "projects")
            }
            (ChartId::Trainees, Lang::Vi) => format!("{} học viên", n(d.total_trainees)),
            (ChartId::Trainees, Lang::En) => {
                plural(d.total_trainees, &n(d.total_trainees), "trainee", "trainees")
            }
            (ChartId::DesignFacilities, Lang::Vi) => format!("{} cơ sở", n(d.total_design_facilities)),
            (ChartId::DesignFacilities, Lang::En) => {
                plural(d.total_design_facilities, &n(d.total_design_facilities), "facility", "facilities")
            }
            (ChartId::ByPlace | ChartId::BySector, Lang::Vi) => format!("{} triệu đồng", m(d.total_support)),
            (ChartId::ByPlace | ChartId::BySector, Lang::En) => format!("{} million VND", m(d.total_support)),
            (ChartId::PlanProgress, _) => {
                let planned = d.plan.iter().map(|b| b.target_vnd).fold(0, i64::saturating_add);
                let done = d.plan.iter().map(|b| b.actual_vnd).fold(0, i64::saturating_add);
                let share = crate::report::plan_table::percent_text(
                    crate::domain::plan::share(done, Some(planned)),
                    lang,
                );
                let year = d.plan_year.map(|y| y.to_string()).unwrap_or_default();
                match lang {
                    Lang::Vi => format!(
                        "Năm {year}: kế hoạch {} triệu đồng · thực hiện {} triệu đồng ({share})",
                        m(planned),
                        m(done)
                    ),
                    Lang::En => format!(
                        "{year}: planned {} million VND · spent {} million VND ({share})",
                        m(planned),
                        m(done)
                    ),
                }
            }
            (ChartId::Leverage, _) => {
                let ratio = if d.total_support > 0 {
                    d.total_counterpart as f64 / d.total_support as f64
                } else {
                    0.0
                };
                match lang {
                    Lang::Vi => format!("{} đồng đối ứng / 1 đồng hỗ trợ", figure(ratio, 2, lang)),
                    Lang::En => format!("{} VND of counterpart per VND of support", figure(ratio, 2, lang)),
                }
            }
        }
    }

    /// The numbers behind the chart.
    pub fn table(self, d: &ChartData, lang: Lang) -> ChartTable {
        let year_col = tr(lang, "Năm", "Year").to_string();
        let money = |v: i64| Value::Number { value: million(v), decimals: 3 };
        let count = |v: i64| Value::Number { value: v as f64, decimals: 0 };
        let by_year = |series: Vec<(String, &Vec<i64>)>, cell: &dyn Fn(i64) -> Value| {
            let mut header = vec![year_col.clone()];
            header.extend(series.iter().map(|(name, _)| name.clone()));
            let rows = d
                .years
                .iter()
                .enumerate()
                .map(|(i, y)| {
                    let mut row = vec![Value::Text(y.to_string())];
                    row.extend(series.iter().map(|(_, s)| cell(s[i])));
                    row
                })
                .collect();
            (header, rows)
        };
        let unit = self.unit(lang);
        let (header, rows) = match self {
            ChartId::Funding => {
                let mut series = Vec::new();
                for (code, s) in &d.support {
                    series.push((
                        format!("{} – {} ({unit})", tr(lang, "Hỗ trợ", "Support"), source_label(code, lang)),
                        s,
                    ));
                }
                for (code, s) in &d.counterpart {
                    series.push((
                        format!(
                            "{} – {} ({unit})",
                            tr(lang, "Đối ứng", "Counterpart"),
                            source_label(code, lang)
                        ),
                        s,
                    ));
                }
                by_year(series, &money)
            }
            ChartId::ProjectsByContent => by_year(
                d.projects
                    .iter()
                    .map(|(c, s)| {
                        (ProjectContent::from_code(c).map(|c| c.label(lang)).unwrap_or("").to_string(), s)
                    })
                    .collect(),
                &count,
            ),
            ChartId::Trainees => {
                let mut series = Vec::new();
                for (c, s) in &d.trainees {
                    let kind = TrainingKind::from_code(c).map(|c| c.label(lang)).unwrap_or("");
                    series.push((format!("{kind} – {unit}"), s));
                }
                for (c, s) in &d.classes {
                    let kind = TrainingKind::from_code(c).map(|c| c.label(lang)).unwrap_or("");
                    series.push((format!("{kind} – {}", tr(lang, "số lớp", "classes")), s));
                }
                by_year(series, &count)
            }
            ChartId::DesignFacilities => by_year(vec![(unit.to_string(), &d.design_facilities)], &count),
            ChartId::Cumulative => {
                let (s, c) = d.cumulative();
                let header = vec![
                    year_col.clone(),
                    format!("{} ({unit})", tr(lang, "Hỗ trợ lũy kế", "Cumulative support")),
                    format!("{} ({unit})", tr(lang, "Đối ứng lũy kế", "Cumulative counterpart")),
                ];
                let rows = d
                    .years
                    .iter()
                    .enumerate()
                    .map(|(i, y)| vec![Value::Text(y.to_string()), money(s[i]), money(c[i])])
                    .collect();
                (header, rows)
            }
            ChartId::ByPlace => (
                vec![
                    tr(lang, "Huyện / xã", "District / commune").to_string(),
                    format!("{} ({unit})", tr(lang, "Hỗ trợ", "Support")),
                ],
                d.support_by_place
                    .iter()
                    .map(|(p, v)| vec![Value::Text(place_name(p, lang)), money(*v)])
                    .collect(),
            ),
            ChartId::BySector => (
                vec![
                    tr(lang, "Ngành", "Sector").to_string(),
                    format!("{} ({unit})", tr(lang, "Hỗ trợ", "Support")),
                ],
                d.support_by_sector
                    .iter()
                    .map(|(c, v)| vec![Value::Text(sector_name(c, lang)), money(*v)])
                    .collect(),
            ),
            ChartId::PlanProgress => (
                vec![
                    tr(lang, "Hoạt động", "Activity").to_string(),
                    format!("{} ({unit})", tr(lang, "Kế hoạch", "Plan")),
                    format!("{} ({unit})", tr(lang, "Thực hiện", "Done")),
                    tr(lang, "Tỷ lệ đạt (%)", "Share (%)").to_string(),
                ],
                d.plan
                    .iter()
                    .map(|b| {
                        vec![
                            Value::Text(b.activity.label(lang).to_string()),
                            money(b.target_vnd),
                            money(b.actual_vnd),
                            crate::domain::plan::share(b.actual_vnd, Some(b.target_vnd))
                                .map(|v| Value::Number { value: v, decimals: 1 })
                                .unwrap_or(Value::Text(String::new())),
                        ]
                    })
                    .collect(),
            ),
            ChartId::Leverage => (
                vec![year_col.clone(), unit.to_string()],
                d.years
                    .iter()
                    .zip(d.leverage())
                    .map(|(y, l)| {
                        vec![
                            Value::Text(y.to_string()),
                            l.map(|v| Value::Number { value: v, decimals: 2 })
                                .unwrap_or(Value::Text(String::new())),
                        ]
                    })
                    .collect(),
            ),
        };
        ChartTable { title: self.title(lang).to_string(), header, rows }
    }

    /// Draws the chart, `height` points high. `for_picture` leaves out what
    /// follows the mouse (crosshair, hover values), for a clean image.
    pub fn draw(self, ui: &mut Ui, d: &ChartData, lang: Lang, height: f32, id_salt: &str, for_picture: bool) {
        let unit = self.unit(lang);
        let years = d.years.clone();
        if self == ChartId::PlanProgress && d.plan.is_empty() {
            ui.allocate_ui(egui::vec2(ui.available_width(), height), |ui| {
                ui.label(match d.plan_year {
                    Some(y) => match lang {
                        Lang::Vi => format!("Chưa có kế hoạch cho năm {y}."),
                        Lang::En => format!("No plan for {y} yet."),
                    },
                    None => tr(
                        lang,
                        "Sổ chưa có kế hoạch (màn hình Kế hoạch).",
                        "The workbook has no plan yet (the Plans screen).",
                    )
                    .to_string(),
                });
            });
            return;
        }
        let horizontal = matches!(self, ChartId::ByPlace | ChartId::BySector | ChartId::PlanProgress);
        let categories: Vec<String> = match self {
            ChartId::ByPlace => d.support_by_place.iter().map(|(p, _)| place_name(p, lang)).collect(),
            ChartId::BySector => d.support_by_sector.iter().map(|(c, _)| sector_name(c, lang)).collect(),
            ChartId::PlanProgress => d.plan.iter().map(|b| b.activity.label(lang).to_string()).collect(),
            _ => Vec::new(),
        };
        let cats = categories.clone();
        let decimals = if self == ChartId::Leverage { 2 } else { 0 };
        // The legend goes under the chart, never over the bars: count its
        // lines (about 190 points an entry) and give the plot what is left.
        let entries = match self {
            ChartId::Funding => d.support.len() + d.counterpart.len(),
            ChartId::ProjectsByContent => d.projects.len(),
            ChartId::Trainees => d.trainees.len(),
            ChartId::Cumulative | ChartId::PlanProgress => 2,
            _ => 0,
        };
        let per_line = ((ui.available_width() / 190.0) as usize).max(1);
        let legend_height = entries.div_ceil(per_line) as f32 * LEGEND_LINE;
        let height = (height - legend_height).max(80.0);
        let top = self.max_value(d) * 1.08;
        let mut legend: Vec<(String, Color32)> = Vec::new();
        let mut plot = Plot::new((id_salt, self.slug()))
            .height(height)
            .allow_zoom(false)
            .allow_drag(false)
            .allow_scroll(false)
            .allow_boxed_zoom(false)
            .show_x(!for_picture)
            .show_y(!for_picture)
            .show_grid([!horizontal, horizontal]);
        if horizontal {
            let n = categories.len();
            plot = plot
                .y_grid_spacer(move |_| {
                    // A large step: egui_plot hides labels of marks it thinks are dense.
                    (0..n).map(|i| egui_plot::GridMark { value: i as f64, step_size: 3.0 }).collect()
                })
                .x_grid_spacer(round_marks)
                .x_axis_label(unit)
                .x_axis_formatter(move |m, _| figure(m.value, 0, lang))
                .y_axis_formatter(move |m, _| {
                    let i = m.value.round();
                    if (m.value - i).abs() < 1e-6 && i >= 0.0 {
                        cats.get(i as usize).cloned().unwrap_or_default()
                    } else {
                        String::new()
                    }
                })
                .y_axis_min_width(120.0)
                .include_x(0.0);
        } else {
            // Every year labelled up to 12 years, every other year beyond. The
            // step is set large because egui_plot hides labels of dense marks.
            let every_other = d.years.len() > 12;
            let marks: Vec<f64> =
                d.years.iter().filter(|y| !every_other || *y % 2 == 0).map(|y| *y as f64).collect();
            plot = plot
                .x_grid_spacer(move |_| {
                    marks.iter().map(|v| egui_plot::GridMark { value: *v, step_size: 3.0 }).collect()
                })
                .include_y(top)
                .y_axis_label(unit)
                .x_axis_formatter(move |m, _| {
                    let y = m.value.round();
                    if (m.value - y).abs() < 1e-6 && years.contains(&(y as i32)) {
                        format!("{y}")
                    } else {
                        String::new()
                    }
                })
                .y_axis_formatter(move |m, _| figure(m.value, decimals, lang))
                .include_y(0.0);
        }
        let unit_owned = unit.to_string();
        let hovered: std::rc::Rc<std::cell::RefCell<Option<String>>> = Default::default();
        let shown = plot
            .label_formatter(move |hover| match hover {
                egui_plot::HoverPosition::NearDataPoint { plot_name, position, .. } => {
                    Some(format!("{plot_name}\n{} {}", figure(position.y, 2, lang), unit_owned))
                }
                egui_plot::HoverPosition::Elsewhere { .. } => None,
            })
            .show(ui, |p| {
                let x = |i: usize| d.years[i] as f64;
                // egui_plot paints a bar's text to the right of the bar, cut off
                // at the window's edge beside the right-most bars: the text is
                // kept here and shown after the plot as a tooltip, which egui
                // keeps inside the window.
                let hover = |unit: String, decimals: u32| -> BarHover {
                    let hovered = hovered.clone();
                    Box::new(move |bar: &Bar, chart: &BarChart| {
                        let text = format!(
                            "{}\n{}: {} {unit}",
                            egui_plot::PlotItem::name(chart),
                            bar.name,
                            figure(bar.value, decimals, lang)
                        );
                        hovered.replace(Some(text));
                        String::new()
                    })
                };
                match self {
                    ChartId::Funding => {
                        // Support (left) and counterpart (right) of each year, each stacked by source.
                        let mut left: Vec<BarChart> = Vec::new();
                        let mut right: Vec<BarChart> = Vec::new();
                        for (k, (code, s)) in d.support.iter().enumerate() {
                            let name =
                                format!("{} – {}", tr(lang, "Hỗ trợ", "Support"), source_label(code, lang));
                            let bars = s
                                .iter()
                                .enumerate()
                                .map(|(i, v)| Bar::new(x(i) - 0.2, million(*v)).width(0.38).name(d.years[i]))
                                .collect();
                            let refs: Vec<&BarChart> = left.iter().collect();
                            let color = PALETTE[k % 10];
                            legend.push((name.clone(), color));
                            let chart = BarChart::new(name, solid(bars, color))
                                .color(color)
                                .element_formatter(hover(unit.to_string(), 1))
                                .stack_on(&refs);
                            left.push(chart);
                        }
                        for (k, (code, s)) in d.counterpart.iter().enumerate() {
                            let name = format!(
                                "{} – {}",
                                tr(lang, "Đối ứng", "Counterpart"),
                                source_label(code, lang)
                            );
                            let bars = s
                                .iter()
                                .enumerate()
                                .map(|(i, v)| Bar::new(x(i) + 0.2, million(*v)).width(0.38).name(d.years[i]))
                                .collect();
                            let refs: Vec<&BarChart> = right.iter().collect();
                            let color = PALETTE[(k + 4) % 10];
                            legend.push((name.clone(), color));
                            let chart = BarChart::new(name, solid(bars, color))
                                .color(color)
                                .element_formatter(hover(unit.to_string(), 1))
                                .stack_on(&refs);
                            right.push(chart);
                        }
                        for c in left.into_iter().chain(right) {
                            p.bar_chart(c);
                        }
                    }
                    ChartId::ProjectsByContent | ChartId::Trainees => {
                        let source = if self == ChartId::Trainees { &d.trainees } else { &d.projects };
                        let mut stacked: Vec<BarChart> = Vec::new();
                        for (k, (code, s)) in source.iter().enumerate() {
                            let name = if self == ChartId::Trainees {
                                TrainingKind::from_code(code).map(|c| c.label(lang)).unwrap_or("")
                            } else {
                                ProjectContent::from_code(code).map(|c| c.label(lang)).unwrap_or("")
                            };
                            let bars = s
                                .iter()
                                .enumerate()
                                .map(|(i, v)| Bar::new(x(i), *v as f64).width(0.7).name(d.years[i]))
                                .collect();
                            let refs: Vec<&BarChart> = stacked.iter().collect();
                            let color = PALETTE[k % 10];
                            legend.push((name.to_string(), color));
                            let chart = BarChart::new(name, solid(bars, color))
                                .color(color)
                                .element_formatter(hover(unit.to_string(), 0))
                                .stack_on(&refs);
                            stacked.push(chart);
                        }
                        for c in stacked {
                            p.bar_chart(c);
                        }
                    }
                    ChartId::DesignFacilities => {
                        let bars = d
                            .design_facilities
                            .iter()
                            .enumerate()
                            .map(|(i, v)| Bar::new(x(i), *v as f64).width(0.6).name(d.years[i]))
                            .collect();
                        p.bar_chart(
                            BarChart::new(tr(lang, "Cơ sở", "Facilities"), solid(bars, PALETTE[2]))
                                .color(PALETTE[2])
                                .element_formatter(hover(unit.to_string(), 0)),
                        );
                    }
                    ChartId::Cumulative => {
                        let (s, c) = d.cumulative();
                        let pts = |v: &Vec<i64>| {
                            v.iter().enumerate().map(|(i, v)| [x(i), million(*v)]).collect::<Vec<_>>()
                        };
                        legend
                            .push((tr(lang, "Hỗ trợ lũy kế", "Cumulative support").to_string(), PALETTE[0]));
                        legend.push((
                            tr(lang, "Đối ứng lũy kế", "Cumulative counterpart").to_string(),
                            PALETTE[1],
                        ));
                        p.line(
                            Line::new(tr(lang, "Hỗ trợ lũy kế", "Cumulative support"), pts(&s))
                                .color(PALETTE[0])
                                .width(2.5),
                        );
                        p.line(
                            Line::new(tr(lang, "Đối ứng lũy kế", "Cumulative counterpart"), pts(&c))
                                .color(PALETTE[1])
                                .width(2.5),
                        );
                    }
                    ChartId::ByPlace | ChartId::BySector => {
                        let values: Vec<i64> = if self == ChartId::ByPlace {
                            d.support_by_place.iter().map(|p| p.1).collect()
                        } else {
                            d.support_by_sector.iter().map(|p| p.1).collect()
                        };
                        let bars = values
                            .iter()
                            .enumerate()
                            .map(|(i, v)| {
                                Bar::new(i as f64, million(*v))
                                    .width(0.7)
                                    .name(categories[i].clone())
                                    .horizontal()
                            })
                            .collect();
                        p.bar_chart(
                            BarChart::new(tr(lang, "Kinh phí hỗ trợ", "Support"), solid(bars, PALETTE[0]))
                                .horizontal()
                                .color(PALETTE[0])
                                .element_formatter(hover(unit.to_string(), 1)),
                        );
                    }
                    ChartId::PlanProgress => {
                        for (k, (name, values, offset)) in [
                            (
                                tr(lang, "Kế hoạch", "Plan"),
                                d.plan.iter().map(|b| b.target_vnd).collect::<Vec<_>>(),
                                0.2,
                            ),
                            (
                                tr(lang, "Thực hiện", "Done"),
                                d.plan.iter().map(|b| b.actual_vnd).collect(),
                                -0.2,
                            ),
                        ]
                        .into_iter()
                        .enumerate()
                        {
                            let color = PALETTE[if k == 0 { 7 } else { 2 }];
                            legend.push((name.to_string(), color));
                            let bars = values
                                .iter()
                                .enumerate()
                                .map(|(i, v)| {
                                    Bar::new(i as f64 + offset, million(*v))
                                        .width(0.38)
                                        .name(categories[i].clone())
                                        .horizontal()
                                })
                                .collect();
                            p.bar_chart(
                                BarChart::new(name, solid(bars, color))
                                    .horizontal()
                                    .color(color)
                                    .element_formatter(hover(unit.to_string(), 1)),
                            );
                        }
                    }
                    ChartId::Leverage => {
                        let bars = d
                            .leverage()
                            .iter()
                            .enumerate()
                            .filter_map(|(i, l)| l.map(|l| Bar::new(x(i), l).width(0.6).name(d.years[i])))
                            .collect();
                        p.bar_chart(
                            BarChart::new(
                                tr(lang, "Đồng đối ứng / đồng hỗ trợ", "Counterpart per VND of support"),
                                solid(bars, PALETTE[4]),
                            )
                            .color(PALETTE[4])
                            .element_formatter(hover(unit.to_string(), 2)),
                        );
                    }
                }
            });
        if let Some(text) = hovered.take().filter(|_| !for_picture) {
            egui::Tooltip::always_open(
                ui.ctx().clone(),
                shown.response.layer_id,
                shown.response.id.with("bar"),
                egui::PopupAnchor::Pointer,
            )
            .gap(12.0)
            .show(|ui| ui.label(text));
        }
        if !legend.is_empty() {
            ui.horizontal_wrapped(|ui| {
                for (name, color) in &legend {
                    legend_entry(ui, name, *color);
                }
            });
        }
    }
}

/// A colour swatch and its series name, placed as one piece so that a
/// wrapping legend never parts them.
fn legend_entry(ui: &mut Ui, name: &str, color: Color32) {
    let text_color = ui.visuals().text_color();
    let font = egui::TextStyle::Body.resolve(ui.style());
    let galley = ui.painter().layout_no_wrap(name.to_string(), font, text_color);
    let swatch = galley.size().y * 0.6;
    let gap = 6.0;
    let size = egui::vec2(swatch + gap + galley.size().x + 12.0, galley.size().y);
    let (rect, response) = ui.allocate_exact_size(size, egui::Sense::hover());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, name));
    let swatch_rect = egui::Rect::from_center_size(
        egui::pos2(rect.left() + swatch / 2.0, rect.center().y),
        egui::vec2(swatch, swatch),
    );
    ui.painter().rect_filled(swatch_rect, 2.0, color);
    ui.painter().galley(egui::pos2(rect.left() + swatch + gap, rect.top()), galley, text_color);
}

/// The bars filled with their full colour (egui_plot's default fill is too
/// pale for a projector), with a thin white line between stacked parts.
fn solid(bars: Vec<Bar>, color: Color32) -> Vec<Bar> {
    bars.into_iter().map(|b| b.fill(color).stroke(egui::Stroke::new(1.0, Color32::WHITE))).collect()
}

impl ChartId {
    /// The tallest bar or highest point, to leave a little room above it.
    fn max_value(self, d: &ChartData) -> f64 {
        let stacked = |m: &std::collections::BTreeMap<&'static str, Vec<i64>>| {
            (0..d.years.len())
                .map(|i| m.values().fold(0i64, |sum, s| sum.saturating_add(s[i])))
                .max()
                .unwrap_or(0) as f64
        };
        match self {
            ChartId::Funding => stacked(&d.support).max(stacked(&d.counterpart)) / MILLION,
            ChartId::ProjectsByContent => stacked(&d.projects),
            ChartId::Trainees => stacked(&d.trainees),
            ChartId::DesignFacilities => d.design_facilities.iter().copied().max().unwrap_or(0) as f64,
            ChartId::Cumulative => {
                let (s, c) = d.cumulative();
                s.last().copied().unwrap_or(0).max(c.last().copied().unwrap_or(0)) as f64 / MILLION
            }
            ChartId::ByPlace | ChartId::BySector | ChartId::PlanProgress => 0.0,
            ChartId::Leverage => d.leverage().iter().flatten().copied().fold(0.0, f64::max),
        }
    }
}

fn place_name(p: &str, lang: Lang) -> String {
    if p.is_empty() { tr(lang, "(chưa ghi địa bàn)", "(no place)").to_string() } else { p.to_string() }
}

fn sector_name(code: &str, lang: Lang) -> String {
    Sector::from_code(code)
        .map(|s| s.label(lang).to_string())
        .unwrap_or_else(|| tr(lang, "(chưa ghi ngành)", "(no sector)").to_string())
}

/// A chart in a frame with its title and unit.
pub fn chart_card(ui: &mut Ui, chart: ChartId, d: &ChartData, lang: Lang, height: f32) {
    ui.label(RichText::new(chart.title(lang)).strong());
    chart.draw(ui, d, lang, height, "card", false);
}
