//! The yearly report ("Báo cáo kết quả thực hiện công tác khuyến công năm
//! …") as a document: the office's header, the report paragraph, the tables
//! of projects by source and content, trainings by kind and design support,
//! the charts, the results against the plans of its years and next year's
//! plan; recipients and the signature block. Every figure comes from the
//! workbook's SQL aggregates; [`super::docx`] lays it out.

use jiff::civil::Date;

use super::docx::{Block, Picture, ReportDocument, Section, Table, TableRow};
use super::paragraph::{kind_total, report_with_plans, source_less_models};
use super::picture::{BarChart, bar_chart_png};
use super::plan_table::{
    actual_text, decision_text, money_text, percent_text, source_text, target_text, years_text,
};
use crate::domain::Code;
use crate::domain::codes::{FundingSource, PlanKind, ProjectContent, TrainingKind};
use crate::domain::number::{format_int_in, format_million_in};
use crate::domain::plan::{Plan, PlanLine};
use crate::i18n::Lang;
use crate::workbook::charts::{ChartData, ChartFilter};
use crate::workbook::plans::{PlanWithProgress, plan_bars};
use crate::workbook::summary::{Money, Summary};
use crate::workbook::{Result, Workbook};

/// What the report is for and who signs it.
#[derive(Debug, Clone)]
pub struct ReportRequest {
    pub from: i32,
    pub to: i32,
    pub lang: Lang,
    /// The day written under the motto.
    pub date: Date,
    /// The director's name under "GIÁM ĐỐC" (empty: signed and written by hand).
    pub signer: String,
    /// Draw the overview's charts as pictures.
    pub charts: bool,
}

/// The report's text and figures for the workbook, as a document.
pub fn yearly_report(wb: &Workbook, request: &ReportRequest) -> Result<ReportDocument> {
    let (from, to, lang) = (request.from, request.to, request.lang);
    let summary = wb.summary(Some(from), Some(to))?;
    let plans = wb.plans_overlapping(from, to)?;
    let next = wb.plans_overlapping(to + 1, to + 1)?;
    let info = wb.info();
    let years = if from == to { year_words(from, lang) } else { range_words(from, to, lang) };

    let mut results = vec![Block::Paragraph(report_with_plans(&summary, &info.office_name, &plans, lang))];
    results.push(Block::Table(projects_table(&summary, lang)));
    results.push(Block::Table(trainings_table(&summary, lang)));
    results.push(Block::Table(design_table(&summary, lang)));
    if from < to {
        results.push(Block::Table(years_table(&summary, lang)));
    }
    if request.charts {
        let data = wb.chart_data(&ChartFilter { from, to, ..ChartFilter::default() })?;
        results.extend(charts(&data, &plans, from, to, lang).into_iter().map(Block::Picture));
    } else {
        results.push(Block::Note(
            lang.pick("Bản báo cáo này không kèm biểu đồ.", "This copy of the report has no charts.")
                .to_string(),
        ));
    }
    let mut sections = vec![Section {
        heading: lang.pick("I. KẾT QUẢ THỰC HIỆN", "I. RESULTS").to_string(),
        blocks: results,
    }];
    sections.push(Section {
        heading: lang.pick("II. KẾT QUẢ SO VỚI KẾ HOẠCH", "II. RESULTS AGAINST THE PLAN").to_string(),
        blocks: against_plans(&plans, from, to, request.date.year() as i32, lang),
    });
    if !next.is_empty() {
        sections.push(Section {
            heading: match lang {
                Lang::Vi => format!("III. KẾ HOẠCH NĂM {}", to + 1),
                Lang::En => format!("III. THE PLAN FOR {}", to + 1),
            },
            blocks: next.iter().map(|p| Block::Table(next_plan_table(p, to + 1, lang))).collect(),
        });
    }
    let province = if info.province.trim().is_empty() { "Vĩnh Long" } else { info.province.trim() };
    let office = if info.office_name.trim().is_empty() {
        lang.pick("TRUNG TÂM KHUYẾN CÔNG", "INDUSTRIAL EXTENSION CENTRE").to_string()
    } else {
        info.office_name.trim().to_uppercase()
    };
    Ok(ReportDocument {
        lang,
        governing_body: match lang {
            Lang::Vi => format!("SỞ CÔNG THƯƠNG TỈNH {}", province.to_uppercase()),
            Lang::En => format!("DEPARTMENT OF INDUSTRY AND TRADE OF {}", province.to_uppercase()),
        },
        office,
        number: lang.pick("Số:      /BC-TTKC", "No.:      /BC-TTKC").to_string(),
        place_date: place_date(province, request.date, lang),
        title: lang.pick("BÁO CÁO", "REPORT").to_string(),
        subject: match lang {
            Lang::Vi => format!("Kết quả thực hiện công tác khuyến công {years}"),
            Lang::En => format!("Results of industrial extension work {years}"),
        },
        sections,
        recipients: match lang {
            Lang::Vi => vec![
                format!("- Sở Công Thương tỉnh {province};"),
                "- Cục Công Thương địa phương (Bộ Công Thương);".to_string(),
                "- Ban Giám đốc Trung tâm;".to_string(),
                "- Lưu: VT.".to_string(),
            ],
            Lang::En => vec![
                format!("- Department of Industry and Trade of {province};"),
                "- Agency for Regional Industry and Trade (Ministry of Industry and Trade);".to_string(),
                "- The Centre's directors;".to_string(),
                "- Filed: archives.".to_string(),
            ],
        },
        signer_title: lang.pick("GIÁM ĐỐC", "DIRECTOR").to_string(),
        signer_name: request.signer.trim().to_string(),
    })
}

fn year_words(y: i32, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("năm {y}"),
        Lang::En => format!("in {y}"),
    }
}

fn range_words(from: i32, to: i32, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("giai đoạn {from}–{to}"),
        Lang::En => format!("in {from}–{to}"),
    }
}

/// "Vĩnh Long, ngày 01 tháng 12 năm 2026" (English "Vinh Long, 1 December 2026").
fn place_date(province: &str, d: Date, lang: Lang) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    match lang {
        Lang::Vi => format!("{province}, ngày {:02} tháng {:02} năm {}", d.day(), d.month(), d.year()),
        Lang::En => {
            let month = MONTHS.get((d.month() as usize).saturating_sub(1)).copied().unwrap_or("");
            format!("{province}, {} {month} {}", d.day(), d.year())
        }
    }
}

fn million_unit(lang: Lang) -> Option<String> {
    Some(lang.pick("Đơn vị tính: triệu đồng", "Unit: million VND").to_string())
}

fn row(cells: Vec<String>, bold: bool) -> TableRow {
    TableRow { cells, bold }
}

/// Projects as the province reports them: by funding source (without the
/// demonstration models), then the demonstration models of every source,
/// each with its contents; and the total.
fn projects_table(s: &Summary, lang: Lang) -> Table {
    let n = |v: i64| format_int_in(v, lang);
    let m = |v: i64| format_million_in(v, lang);
    let money_row = |first: String, name: String, x: Money, bold: bool| {
        row(vec![first, name, n(x.count), m(x.support_vnd), m(x.counterpart_vnd)], bold)
    };
    let mut rows = Vec::new();
    let mut group = 0;
    for source in FundingSource::ALL {
        let total = source_less_models(s, *source);
        if total.count == 0 {
            continue;
        }
        group += 1;
        rows.push(money_row(roman(group), source.label(lang).to_string(), total, true));
        let contents = ProjectContent::ALL.iter().filter(|c| **c != ProjectContent::DemonstrationModel);
        let of = contents.map(|c| (c, s.projects.of(*source, *c))).filter(|(_, x)| x.count > 0);
        for (i, (content, x)) in of.enumerate() {
            rows.push(money_row((i + 1).to_string(), content.label(lang).to_string(), x, false));
        }
    }
    let models = kind_total(s, ProjectContent::DemonstrationModel);
    if models.count > 0 {
        group += 1;
        let name = lang
            .pick("Mô hình trình diễn kỹ thuật (mọi nguồn)", "Technical demonstration models (every source)");
        rows.push(money_row(roman(group), name.to_string(), models, true));
    }
    let all = Money {
        count: s.projects.count,
        support_vnd: s.projects.support_vnd,
        counterpart_vnd: s.projects.counterpart_vnd,
    };
    rows.push(money_row(String::new(), lang.pick("Tổng cộng", "Total").to_string(), all, true));
    Table {
        caption: lang
            .pick(
                "Bảng 1. Đề án khuyến công theo nguồn kinh phí và nội dung",
                "Table 1. Projects by funding source and content",
            )
            .to_string(),
        unit: million_unit(lang),
        header: vec![
            lang.pick("TT", "No.").to_string(),
            lang.pick("Nguồn kinh phí, nội dung", "Funding source, content").to_string(),
            lang.pick("Số đề án", "Projects").to_string(),
            lang.pick("Kinh phí hỗ trợ", "Support").to_string(),
            lang.pick("Vốn đối ứng", "Counterpart").to_string(),
        ],
        rows,
        numeric: vec![false, false, true, true, true],
        widths: vec![6, 44, 12, 18, 18],
    }
}

fn roman(n: usize) -> String {
    ["I", "II", "III", "IV", "V", "VI"]
        .get(n.wrapping_sub(1))
        .map_or_else(|| n.to_string(), |r| r.to_string())
}

fn trainings_table(s: &Summary, lang: Lang) -> Table {
    let n = |v: i64| format_int_in(v, lang);
    let mut rows: Vec<TableRow> = TrainingKind::ALL
        .iter()
        .map(|k| (k, s.trainings.of(*k)))
        .filter(|(_, p)| p.count > 0)
        .enumerate()
        .map(|(i, (k, p))| {
            row(vec![(i + 1).to_string(), k.label(lang).to_string(), n(p.count), n(p.trainees)], false)
        })
        .collect();
    rows.push(row(
        vec![
            String::new(),
            lang.pick("Tổng cộng", "Total").to_string(),
            n(s.trainings.count),
            n(s.trainings.trainees),
        ],
        true,
    ));
    Table {
        caption: lang
            .pick("Bảng 2. Đào tạo nghề, tập huấn, hội thảo theo loại", "Table 2. Trainings by kind")
            .to_string(),
        unit: None,
        header: vec![
            lang.pick("TT", "No.").to_string(),
            lang.pick("Loại", "Kind").to_string(),
            lang.pick("Số lớp", "Classes").to_string(),
            lang.pick("Số học viên", "Trainees").to_string(),
        ],
        rows,
        numeric: vec![false, false, true, true],
        widths: vec![6, 50, 20, 20],
    }
}

fn design_table(s: &Summary, lang: Lang) -> Table {
    let d = &s.design_supports;
    Table {
        caption: lang
            .pick(
                "Bảng 3. Hỗ trợ tư vấn thiết kế mẫu mã, bao bì",
                "Table 3. Product and packaging design support",
            )
            .to_string(),
        unit: million_unit(lang),
        header: vec![
            lang.pick("Lượt hỗ trợ", "Supports").to_string(),
            lang.pick("Số cơ sở", "Facilities").to_string(),
            lang.pick("Kinh phí hỗ trợ", "Support").to_string(),
        ],
        rows: vec![row(
            vec![
                format_int_in(d.count, lang),
                format_int_in(d.facilities, lang),
                format_million_in(d.support_vnd, lang),
            ],
            false,
        )],
        numeric: vec![true, true, true],
        widths: vec![30, 30, 30],
    }
}

fn years_table(s: &Summary, lang: Lang) -> Table {
    let n = |v: i64| format_int_in(v, lang);
    let m = |v: i64| format_million_in(v, lang);
    Table {
        caption: lang.pick("Bảng 4. Kết quả theo năm", "Table 4. Results per year").to_string(),
        unit: million_unit(lang),
        header: vec![
            lang.pick("Năm", "Year").to_string(),
            lang.pick("Số đề án", "Projects").to_string(),
            lang.pick("Kinh phí hỗ trợ", "Support").to_string(),
            lang.pick("Vốn đối ứng", "Counterpart").to_string(),
            lang.pick("Số lớp", "Classes").to_string(),
            lang.pick("Số học viên", "Trainees").to_string(),
            lang.pick("Lượt thiết kế", "Design").to_string(),
        ],
        rows: s
            .by_year
            .iter()
            .map(|y| {
                row(
                    vec![
                        y.year.to_string(),
                        n(y.projects),
                        m(y.support_vnd),
                        m(y.counterpart_vnd),
                        n(y.trainings),
                        n(y.trainees),
                        n(y.design_supports),
                    ],
                    false,
                )
            })
            .collect(),
        numeric: vec![false, true, true, true, true, true, true],
        widths: vec![10, 12, 18, 18, 12, 14, 14],
    }
}

/// The plans' lines of the report's years: target, done, share, and the
/// lines whose years are over short of their target.
fn against_plans(plans: &[PlanWithProgress], from: i32, to: i32, this_year: i32, lang: Lang) -> Vec<Block> {
    let mut blocks = Vec::new();
    for p in plans {
        let plan = &p.stored.record;
        let progress = p.progress.within(plan, from, to);
        if progress.lines.is_empty() {
            continue;
        }
        let decision = decision_text(plan, lang);
        blocks.push(Block::Heading(if decision.is_empty() {
            plan.title.clone()
        } else {
            format!("{} ({decision})", plan.title)
        }));
        let mut rows: Vec<TableRow> = progress
            .lines
            .iter()
            .enumerate()
            .map(|(i, lp)| {
                let mark =
                    if lp.missed(plan, this_year) { lang.pick(" (chưa đạt)", " (not met)") } else { "" };
                row(
                    vec![
                        (i + 1).to_string(),
                        line_name(&lp.line, plan, lang),
                        target_text(&lp.line, lang),
                        actual_text(lp, lang),
                        money_text(lp.line.target_vnd, lang),
                        money_text(Some(lp.actual.vnd), lang),
                        format!("{}{mark}", percent_text(lp.progress(), lang)),
                    ],
                    false,
                )
            })
            .collect();
        let (planned, done) = progress.money();
        rows.push(row(
            vec![
                String::new(),
                lang.pick("Tổng cộng", "Total").to_string(),
                String::new(),
                String::new(),
                money_text(Some(planned), lang),
                money_text(Some(done), lang),
                percent_text(progress.money_share(), lang),
            ],
            true,
        ));
        blocks.push(Block::Table(Table {
            caption: match lang {
                Lang::Vi => format!("Kết quả thực hiện {}", plan.title.to_lowercase()),
                Lang::En => format!("Results against {}", plan.title),
            },
            unit: million_unit(lang),
            header: vec![
                lang.pick("TT", "No.").to_string(),
                lang.pick("Hoạt động", "Activity").to_string(),
                lang.pick("Chỉ tiêu", "Target").to_string(),
                lang.pick("Thực hiện", "Done").to_string(),
                lang.pick("Kinh phí kế hoạch", "Money planned").to_string(),
                lang.pick("Kinh phí thực hiện", "Money spent").to_string(),
                lang.pick("Tỷ lệ đạt", "Share").to_string(),
            ],
            rows,
            numeric: vec![false, false, false, false, true, true, true],
            widths: vec![5, 40, 14, 14, 11, 11, 11],
        }));
        blocks.push(Block::Note(
            lang.pick("Thực hiện tính các bản ghi trong năm của từng dòng, không tính đề án mới đề xuất, dừng hoặc hủy; tỷ lệ đạt là chỉ tiêu đạt thấp nhất của dòng.",
                "Done counts the records of each line's years, without projects only proposed, stopped or cancelled; the share is the line's least reached target.",
            )
            .to_string(),
        ));
    }
    if blocks.is_empty() {
        blocks.push(Block::Paragraph(
            lang.pick(
                "Sổ chưa có kế hoạch cho các năm của báo cáo.",
                "The workbook holds no plan for the report's years.",
            )
            .to_string(),
        ));
    }
    blocks
}

/// "Tập huấn (Khuyến công địa phương)", with the line's year in a programme.
fn line_name(line: &PlanLine, plan: &Plan, lang: Lang) -> String {
    let source = source_text(line, lang);
    match plan.kind {
        PlanKind::Programme => {
            format!("{} ({source}; {})", line.activity.label(lang), years_text(line, plan))
        }
        PlanKind::Annual => format!("{} ({source})", line.activity.label(lang)),
    }
}

/// Next year's plan: the lines of that year (a programme's yearly lines, or the whole annual plan).
fn next_plan_table(p: &PlanWithProgress, year: i32, lang: Lang) -> Table {
    let plan = &p.stored.record;
    let lines: Vec<_> = plan.lines.iter().filter(|l| l.year.is_none_or(|y| y == year)).collect();
    let planned: i64 = lines.iter().filter_map(|l| l.target_vnd).fold(0, i64::saturating_add);
    let mut rows: Vec<TableRow> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            row(
                vec![
                    (i + 1).to_string(),
                    line_name(l, plan, lang),
                    target_text(l, lang),
                    money_text(l.target_vnd, lang),
                ],
                false,
            )
        })
        .collect();
    rows.push(row(
        vec![
            String::new(),
            lang.pick("Tổng cộng", "Total").to_string(),
            String::new(),
            money_text(Some(planned), lang),
        ],
        true,
    ));
    Table {
        caption: plan.title.clone(),
        unit: million_unit(lang),
        header: vec![
            lang.pick("TT", "No.").to_string(),
            lang.pick("Hoạt động", "Activity").to_string(),
            lang.pick("Chỉ tiêu", "Target").to_string(),
            lang.pick("Kinh phí", "Money").to_string(),
        ],
        rows,
        numeric: vec![false, false, false, true],
        widths: vec![6, 50, 20, 18],
    }
}

const CHART_W: u32 = 1400;
const CHART_H: u32 = 700;

fn picture(chart: BarChart, caption: String) -> Option<Picture> {
    let png = bar_chart_png(&chart, CHART_W, CHART_H).ok()?;
    Some(Picture { png, width_px: CHART_W, height_px: CHART_H, caption })
}

/// The overview's charts the report carries: funds per year, trainees per
/// year, and the plan against what was done, by activity.
fn charts(d: &ChartData, plans: &[PlanWithProgress], from: i32, to: i32, lang: Lang) -> Vec<Picture> {
    let million = |v: i64| v as f64 / 1_000_000.0;
    let years: Vec<String> = d.years.iter().map(|y| y.to_string()).collect();
    let mut out = Vec::new();
    // Charts of years need more than one year.
    if from < to {
        let funds = BarChart {
            title: lang
                .pick("Kinh phí hỗ trợ và vốn đối ứng theo năm", "Support and counterpart funds per year")
                .to_string(),
            categories: years.clone(),
            series: vec![
                (
                    lang.pick("Kinh phí hỗ trợ", "Support").to_string(),
                    d.support_per_year().into_iter().map(million).collect(),
                ),
                (
                    lang.pick("Vốn đối ứng", "Counterpart").to_string(),
                    d.counterpart_per_year().into_iter().map(million).collect(),
                ),
            ],
            stacked: false,
            y_label: lang.pick("triệu đồng", "million VND").to_string(),
            lang,
        };
        out.extend(picture(
            funds,
            lang.pick(
                "Hình 1. Kinh phí hỗ trợ và vốn đối ứng theo năm",
                "Figure 1. Support and counterpart funds per year",
            )
            .to_string(),
        ));
        let trainees = BarChart {
            title: lang
                .pick("Học viên theo năm và loại đào tạo", "Trainees per year by training kind")
                .to_string(),
            categories: years,
            series: d
                .trainees
                .iter()
                .map(|(code, s)| {
                    let kind = TrainingKind::from_code(code).map(|k| k.label(lang)).unwrap_or(code);
                    (kind.to_string(), s.iter().map(|v| *v as f64).collect())
                })
                .collect(),
            stacked: true,
            y_label: lang.pick("học viên", "trainees").to_string(),
            lang,
        };
        out.extend(picture(
            trainees,
            lang.pick(
                "Hình 2. Học viên theo năm và loại đào tạo",
                "Figure 2. Trainees per year by training kind",
            )
            .to_string(),
        ));
    }
    for year in from..=to {
        let bars = plan_bars(plans, year);
        if bars.is_empty() {
            continue;
        }
        let chart = BarChart {
            title: match lang {
                Lang::Vi => format!("Kế hoạch và thực hiện năm {year}"),
                Lang::En => format!("Plan and results in {year}"),
            },
            categories: bars.iter().map(|b| b.activity.label(lang).to_string()).collect(),
            series: vec![
                (
                    lang.pick("Kế hoạch", "Plan").to_string(),
                    bars.iter().map(|b| million(b.target_vnd)).collect(),
                ),
                (
                    lang.pick("Thực hiện", "Done").to_string(),
                    bars.iter().map(|b| million(b.actual_vnd)).collect(),
                ),
            ],
            stacked: false,
            y_label: lang.pick("triệu đồng", "million VND").to_string(),
            lang,
        };
        let caption = match lang {
            Lang::Vi => {
                format!("Hình {}. Kinh phí kế hoạch và thực hiện năm {year} theo hoạt động", out.len() + 1)
            }
            Lang::En => format!("Figure {}. Money planned and spent in {year} by activity", out.len() + 1),
        };
        out.extend(picture(chart, caption));
    }
    out
}
