//! The sample's plans (fictional targets, decisions and dates, clearly
//! marked so): the 2024 plan built from the activities the province's 2024
//! plan names (management workshops and training; advanced machinery and
//! production lines; trade fairs, exhibitions and supply–demand links;
//! product and packaging design consulting; information on policies and
//! markets; cleaner production), which the sample's 2024 records reach on
//! some lines and fall short of on others; a small 2025 plan; and the
//! 2026–2030 programme, with digital and green transformation and
//! trademark registration, in yearly lines.

use jiff::civil::Date;

use crate::domain::codes::{FundingSource, PlanKind, ProjectContent, TrainingKind};
use crate::domain::plan::{Activity, Plan, PlanLine};
use crate::workbook::Result;
use crate::workbook::store::Writer;

const MILLION: i64 = 1_000_000;

fn line(year: Option<i32>, activity: Activity, count: i64, trainees: Option<i64>, million: i64) -> PlanLine {
    PlanLine {
        year,
        activity,
        source: Some(FundingSource::Local),
        target_count: Some(count),
        target_trainees: trainees,
        target_vnd: Some(million * MILLION),
        note: String::new(),
    }
}

const FICTIONAL: &str = "Số liệu mẫu (giả định), không phải quyết định thật.";

pub(super) fn add_plans(w: &Writer<'_>) -> Result<()> {
    use Activity::{Design, Project, Training};
    let plan_2024 = Plan {
        kind: PlanKind::Annual,
        title: "Kế hoạch khuyến công năm 2024".to_string(),
        from_year: 2024,
        to_year: 2024,
        decision_no: "285/QĐ-UBND".to_string(),
        decided_on: Date::new(2024, 1, 31).ok(),
        approved_by: "Chủ tịch UBND tỉnh".to_string(),
        note: FICTIONAL.to_string(),
        lines: vec![
            line(None, Training(TrainingKind::Course), 2, Some(100), 60),
            line(None, Training(TrainingKind::Workshop), 1, Some(60), 30),
            line(None, Training(TrainingKind::Vocational), 1, Some(30), 80),
            line(None, Project(ProjectContent::Machinery), 2, None, 380),
            line(None, Project(ProjectContent::TypicalProduct), 1, None, 60),
            line(None, Project(ProjectContent::TradeFair), 1, None, 80),
            line(None, Design, 2, None, 80),
            line(None, Project(ProjectContent::Information), 1, None, 50),
            line(None, Project(ProjectContent::CleanerProduction), 1, None, 100),
        ],
    };
    let plan_2025 = Plan {
        kind: PlanKind::Annual,
        title: "Kế hoạch khuyến công năm 2025".to_string(),
        from_year: 2025,
        to_year: 2025,
        decision_no: "192/QĐ-UBND".to_string(),
        decided_on: Date::new(2025, 1, 24).ok(),
        approved_by: "Chủ tịch UBND tỉnh".to_string(),
        note: FICTIONAL.to_string(),
        lines: vec![
            line(None, Project(ProjectContent::Machinery), 2, None, 500),
            line(None, Project(ProjectContent::DigitalGreen), 1, None, 100),
            line(None, Project(ProjectContent::TradeFair), 1, None, 80),
            line(None, Training(TrainingKind::Workshop), 1, Some(80), 40),
        ],
    };
    let mut yearly = Vec::new();
    for year in 2026..=2030 {
        let y = Some(year);
        yearly.extend([
            line(y, Project(ProjectContent::Machinery), 3, None, 900),
            line(y, Project(ProjectContent::DigitalGreen), 2, None, 400),
            line(y, Project(ProjectContent::CleanerProduction), 1, None, 150),
            line(y, Project(ProjectContent::TradeFair), 1, None, 100),
            line(y, Design, 4, None, 160),
            line(y, Training(TrainingKind::Course), 2, Some(120), 70),
        ]);
    }
    let mut trademarks = line(None, Design, 10, None, 250);
    trademarks.note = "Hỗ trợ đăng ký nhãn hiệu cho sản phẩm công nghiệp nông thôn tiêu biểu.".to_string();
    yearly.push(trademarks);
    let programme = Plan {
        kind: PlanKind::Programme,
        title: "Chương trình khuyến công tỉnh Vĩnh Long giai đoạn 2026–2030".to_string(),
        from_year: 2026,
        to_year: 2030,
        decision_no: "1520/QĐ-UBND".to_string(),
        decided_on: Date::new(2025, 11, 14).ok(),
        approved_by: "Chủ tịch UBND tỉnh".to_string(),
        note: FICTIONAL.to_string(),
        lines: yearly,
    };
    for plan in [plan_2024, plan_2025, programme] {
        w.insert(&plan)?;
    }
    Ok(())
}
