//! Every chart's numbers equal plain SQL sums, on the sample and on random workbooks.

mod common;

use common::*;
use khuyencong::domain::Code;
use khuyencong::domain::codes::{DesignForm, FundingSource, ProjectContent, ProjectStatus, TrainingKind};
use khuyencong::domain::{DesignSupport, Facility, Project, Training};
use khuyencong::workbook::charts::{ChartData, ChartFilter};
use khuyencong::workbook::{OpenMode, Workbook};
use rusqlite::Connection;

/// Checks every series of `d` against direct SQL on the file.
fn check_against_sql(c: &Connection, d: &ChartData, f: &ChartFilter) {
    let source = f.source.unwrap_or("");
    let place = f.place.clone().unwrap_or_default();
    let content = f.content.unwrap_or("");
    let cond = "deleted_at IS NULL AND year = ?1 AND (?2 = '' OR source = ?2) AND (?3 = '' OR district = ?3 OR commune = ?3)";
    let sum = |sql: &str, year: i32| -> i64 {
        c.query_row(sql, rusqlite::params![year, source, place, content], |r| r.get::<_, Option<i64>>(0))
            .unwrap()
            .unwrap_or(0)
    };
    for (i, year) in d.years.iter().enumerate() {
        let support = sum(
            &format!("SELECT SUM(support_vnd) FROM projects WHERE {cond} AND (?4 = '' OR content = ?4)"),
            *year,
        );
        let counterpart = sum(
            &format!("SELECT SUM(counterpart_vnd) FROM projects WHERE {cond} AND (?4 = '' OR content = ?4)"),
            *year,
        );
        let projects =
            sum(&format!("SELECT COUNT(*) FROM projects WHERE {cond} AND (?4 = '' OR content = ?4)"), *year);
        let classes = sum(&format!("SELECT COUNT(*) FROM trainings WHERE {cond} AND ?4 = ?4"), *year);
        let trainees = sum(&format!("SELECT SUM(trainees) FROM trainings WHERE {cond} AND ?4 = ?4"), *year);
        let design = sum(
            &format!("SELECT COUNT(DISTINCT facility_id) FROM design_supports WHERE {cond} AND ?4 = ?4"),
            *year,
        );
        assert_eq!(d.support_per_year()[i], support, "support {year}");
        assert_eq!(d.counterpart_per_year()[i], counterpart, "counterpart {year}");
        assert_eq!(d.projects.values().map(|s| s[i]).sum::<i64>(), projects, "projects {year}");
        assert_eq!(d.classes.values().map(|s| s[i]).sum::<i64>(), classes, "classes {year}");
        assert_eq!(d.trainees.values().map(|s| s[i]).sum::<i64>(), trainees, "trainees {year}");
        assert_eq!(d.design_facilities[i], design, "design facilities {year}");
        for (code, series) in &d.support {
            let by_source = c
                .query_row(
                    &format!("SELECT COALESCE(SUM(support_vnd), 0) FROM projects WHERE {cond} AND (?4 = '' OR content = ?4) AND source = ?5"),
                    rusqlite::params![year, source, place, content, code],
                    |r| r.get::<_, i64>(0),
                )
                .unwrap();
            assert_eq!(series[i], by_source, "support {code} {year}");
        }
        for (code, series) in &d.projects {
            let by_content = c
                .query_row(
                    &format!("SELECT COUNT(*) FROM projects WHERE {cond} AND (?4 = '' OR content = ?4) AND content = ?5"),
                    rusqlite::params![year, source, place, content, code],
                    |r| r.get::<_, i64>(0),
                )
                .unwrap();
            assert_eq!(series[i], by_content, "projects {code} {year}");
        }
    }
    // Range totals, cumulative end, places and sectors add up to the same support.
    let total = d.support_per_year().iter().sum::<i64>();
    assert_eq!(d.total_support, total);
    assert_eq!(d.cumulative().0.last().copied().unwrap_or(0), total);
    assert_eq!(d.support_by_place.iter().map(|p| p.1).sum::<i64>(), total);
    assert_eq!(d.support_by_sector.iter().map(|p| p.1).sum::<i64>(), total);
    for (i, leverage) in d.leverage().iter().enumerate() {
        let (s, c) = (d.support_per_year()[i], d.counterpart_per_year()[i]);
        match leverage {
            Some(l) => assert!((l - c as f64 / s as f64).abs() < 1e-9),
            None => assert_eq!(s, 0),
        }
    }
}

#[test]
fn sample_charts_equal_sql_and_the_published_figures() {
    let dir = temp();
    let file = sample_in(dir.path());
    let wb = Workbook::open(&file, OpenMode::ReadOnly).unwrap();
    let c = db(&file);
    let f = ChartFilter { from: 2014, to: 2023, ..Default::default() };
    let d = wb.chart_data(&f).unwrap();
    check_against_sql(&c, &d, &f);
    assert_eq!(d.years.len(), 10);
    assert_eq!(d.support["quoc_gia"].iter().sum::<i64>(), 3_900_000_000);
    assert_eq!(d.counterpart["quoc_gia"].iter().sum::<i64>(), 6_096_000_000);
    assert_eq!(d.projects["mo_hinh_trinh_dien"].iter().sum::<i64>(), 3);
    assert_eq!(d.trainees["dao_tao_nghe"].iter().sum::<i64>(), 400);
    assert_eq!(d.classes["tap_huan"].iter().sum::<i64>() + d.classes["hoi_thao"].iter().sum::<i64>(), 19);
    assert_eq!(d.total_design_facilities, 17);
    // Filters: national only, one district, one content.
    for f in [
        ChartFilter { from: 2014, to: 2023, source: Some("quoc_gia"), ..Default::default() },
        ChartFilter { from: 2014, to: 2025, place: Some("Long Hồ".into()), ..Default::default() },
        ChartFilter { from: 2016, to: 2020, content: Some("may_moc_thiet_bi"), ..Default::default() },
    ] {
        let d = wb.chart_data(&f).unwrap();
        check_against_sql(&c, &d, &f);
    }
}

struct Rng(u64);
impl Rng {
    fn next(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.next(items.len() as u64) as usize]
    }
}

#[test]
fn random_workbooks_chart_equal_sql() {
    for seed in [7u64, 1234, 99_999] {
        let dir = temp();
        let file = empty_in(dir.path(), "ngẫu nhiên.db");
        let mut wb = Workbook::open(&file, OpenMode::Normal).unwrap();
        let mut rng = Rng(seed);
        let places = ["Long Hồ", "Mang Thít", "Trà Ôn", ""];
        wb.write(|w| {
            let mut facilities = Vec::new();
            for i in 0..40 {
                let f = Facility {
                    name: format!("Cơ sở {i}"),
                    district: rng.pick(&places).to_string(),
                    sector: Some(rng.pick(khuyencong::domain::codes::Sector::ALL)),
                    ..Default::default()
                };
                facilities.push(w.insert(&f)?);
            }
            for i in 0..300 {
                let district = rng.pick(&places).to_string();
                let p = Project {
                    code: format!("P{i}"),
                    year: 2014 + rng.next(12) as i32,
                    title: format!("Đề án {i}"),
                    source: rng.pick(FundingSource::ALL),
                    content: rng.pick(ProjectContent::ALL),
                    facility_id: (rng.next(5) > 0).then(|| facilities[rng.next(40) as usize].clone()),
                    commune: if district.is_empty() { "Xã Mới".into() } else { String::new() },
                    district,
                    support_vnd: rng.next(500) as i64 * 1_000_000 + rng.next(999_999) as i64,
                    counterpart_vnd: rng.next(900) as i64 * 1_000_000,
                    status: rng.pick(ProjectStatus::ALL),
                    decision_no: String::new(),
                    approved_on: None,
                    accepted_on: None,
                    note: String::new(),
                };
                let id = w.insert(&p)?;
                if rng.next(10) == 0 {
                    w.delete(khuyencong::domain::RecordKind::Project, &id)?;
                }
            }
            for i in 0..80 {
                let t = Training {
                    year: 2014 + rng.next(12) as i32,
                    facility_id: None,
                    name: format!("Lớp {i}"),
                    kind: rng.pick(TrainingKind::ALL),
                    trade: String::new(),
                    district: rng.pick(&places).to_string(),
                    commune: String::new(),
                    trainees: rng.next(60) as i64,
                    female_trainees: None,
                    start_on: None,
                    end_on: None,
                    source: Some(rng.pick(FundingSource::ALL)),
                    cost_vnd: 0,
                    note: String::new(),
                };
                w.insert(&t)?;
            }
            for i in 0..60 {
                let d = DesignSupport {
                    year: 2014 + rng.next(12) as i32,
                    facility_id: facilities[rng.next(40) as usize].clone(),
                    product: format!("Sản phẩm {i}"),
                    form: rng.pick(DesignForm::ALL),
                    source: Some(rng.pick(FundingSource::ALL)),
                    support_vnd: rng.next(50) as i64 * 1_000_000,
                    district: rng.pick(&places).to_string(),
                    commune: String::new(),
                    note: String::new(),
                };
                w.insert(&d)?;
            }
            Ok(())
        })
        .unwrap();
        let c = db(&file);
        for f in [
            ChartFilter { from: 2014, to: 2025, ..Default::default() },
            ChartFilter { from: 2015, to: 2020, source: Some("dia_phuong"), ..Default::default() },
            ChartFilter {
                from: 2014,
                to: 2025,
                place: Some("Xã Mới".into()),
                content: Some("tu_van"),
                ..Default::default()
            },
        ] {
            let d = wb.chart_data(&f).unwrap();
            check_against_sql(&c, &d, &f);
        }
    }
}
