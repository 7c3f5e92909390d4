//! Plans in the workbook: the sample's 2024 plan and its shares, progress
//! equal to sums over the records (the sample and random workbooks), the
//! plan rules, and plans travelling in a merge like any record.

mod common;
mod merge_support;

use std::collections::HashMap;

use common::*;
use khuyencong::domain::codes::{
    DesignForm, FundingSource, PlanKind, ProjectContent, ProjectStatus, TrainingKind,
};
use khuyencong::domain::plan::{Activity, Actual, Plan, PlanLine};
use khuyencong::domain::{DesignSupport, Facility, Project, Training};
use khuyencong::workbook::merge::{ConflictReason, PairChoice, Resolution, apply_merge, plan_merge};
use khuyencong::workbook::plans::counts_towards_plan;
use khuyencong::workbook::sample::create_sample;
use khuyencong::workbook::{OpenMode, Workbook};
use merge_support::{merge, never_cancel, open, tick};

const MILLION: i64 = 1_000_000;

/// What a line's records hold, worked out from the records themselves
/// (read one by one, not by the program's SQL).
fn expected(wb: &Workbook, plan: &Plan, line: &PlanLine) -> Actual {
    let (from, to) = line.years(plan);
    let in_years = |y: i32| (from..=to).contains(&y);
    let source_ok = |s: Option<FundingSource>| line.source.is_none() || s == line.source;
    let mut a = Actual::default();
    let mut facilities = std::collections::HashSet::new();
    match line.activity {
        Activity::Project(content) => {
            for p in wb.list::<Project>().unwrap().into_iter().filter(|p| p.meta.deleted_at.is_none()) {
                let p = p.record;
                if in_years(p.year)
                    && p.content == content
                    && source_ok(Some(p.source))
                    && counts_towards_plan(p.status)
                {
                    a.count += 1;
                    a.vnd += p.support_vnd;
                    facilities.extend(p.facility_id);
                }
            }
        }
        Activity::Training(kind) => {
            for t in wb.list::<Training>().unwrap().into_iter().filter(|t| t.meta.deleted_at.is_none()) {
                let t = t.record;
                if in_years(t.year) && t.kind == kind && source_ok(t.source) {
                    a.count += 1;
                    a.trainees += t.trainees;
                    a.vnd += t.cost_vnd;
                    facilities.extend(t.facility_id);
                }
            }
        }
        Activity::Design => {
            for d in wb.list::<DesignSupport>().unwrap().into_iter().filter(|d| d.meta.deleted_at.is_none()) {
                let d = d.record;
                if in_years(d.year) && source_ok(d.source) {
                    a.vnd += d.support_vnd;
                    facilities.insert(d.facility_id);
                }
            }
            a.count = facilities.len() as i64;
        }
    }
    a.facilities = facilities.len() as i64;
    a
}

fn assert_progress_is_the_records(wb: &Workbook) -> usize {
    let mut lines = 0;
    for p in wb.plans_with_progress().unwrap() {
        assert_eq!(p.progress.lines.len(), p.stored.record.lines.len());
        for lp in &p.progress.lines {
            assert_eq!(lp.actual, expected(wb, &p.stored.record, &lp.line), "{:?}", lp.line);
            lines += 1;
        }
    }
    lines
}

#[test]
fn the_sample_holds_a_2024_plan_reached_on_some_lines_and_short_on_others() {
    let dir = temp();
    let path = dir.path().join("mẫu.db");
    let wb = create_sample(&path).expect("sample");
    let plans = wb.plans_overlapping(2024, 2024).unwrap();
    assert_eq!(plans.len(), 1, "only the 2024 plan covers 2024");
    let plan = &plans[0];
    assert_eq!(plan.stored.record.title, "Kế hoạch khuyến công năm 2024");
    assert_eq!(plan.stored.record.kind, PlanKind::Annual);
    let of = |a: Activity| plan.progress.lines.iter().find(|l| l.line.activity == a).expect("a line").clone();
    let machinery = of(Activity::Project(ProjectContent::Machinery));
    assert_eq!((machinery.actual.count, machinery.actual.vnd), (2, 390 * MILLION));
    assert!(machinery.met(), "2 of 2 projects, 390 of 380 million");
    let vocational = of(Activity::Training(TrainingKind::Vocational));
    assert_eq!((vocational.actual.count, vocational.actual.trainees), (1, 30));
    assert!(vocational.met());
    let design = of(Activity::Design);
    assert_eq!(design.actual.count, 1);
    assert_eq!(design.shares()[0], Some(50.0));
    assert!(design.missed(&plan.stored.record, 2025), "2024 is over and 1 of 2 facilities");
    let fair = of(Activity::Project(ProjectContent::TradeFair));
    assert_eq!(fair.actual, Actual::default());
    assert_eq!(fair.progress(), Some(0.0));
    let (met, with_target) = plan.progress.lines_met();
    assert_eq!((met, with_target), (3, 9));
    let share = plan.progress.money_share().expect("money planned");
    // 390 + 86 + 60 + the design support, over 920 million planned.
    assert!(share > 55.0 && share < 65.0, "{share}");
    // The programme: yearly lines, none before 2026.
    let programme = wb.plans_overlapping(2026, 2030).unwrap();
    assert_eq!(programme.len(), 1);
    let lines = &programme[0].stored.record.lines;
    assert!(lines.len() >= 25);
    assert!(lines.iter().all(|l| l.year.is_none_or(|y| (2026..=2030).contains(&y))));
    assert!(lines.iter().any(|l| l.activity == Activity::Project(ProjectContent::DigitalGreen)));
    assert!(lines.iter().any(|l| l.note.contains("nhãn hiệu")), "trademark registration");
    assert_eq!(assert_progress_is_the_records(&wb), 9 + 4 + lines.len());
}

/// A small deterministic random source (the tests must repeat).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }
}

#[test]
fn progress_equals_the_sums_over_the_records_in_random_workbooks() {
    let dir = temp();
    for seed in 1..=6u64 {
        let path = dir.path().join(format!("ngẫu nhiên {seed}.db"));
        let mut wb = Workbook::create(&path, "Phòng Kinh tế", "Vĩnh Long").unwrap();
        let mut rng = Rng(seed);
        let sources = [FundingSource::National, FundingSource::Local, FundingSource::Other];
        let mut facility_ids = Vec::new();
        for i in 0..8 {
            let f = Facility { name: format!("Cơ sở {i}"), ..Facility::default() };
            facility_ids.push(wb.insert(&f).unwrap());
        }
        for i in 0..60 {
            let p = Project {
                code: String::new(),
                year: 2022 + rng.below(5) as i32,
                title: format!("Đề án {i}"),
                source: rng.pick(&sources),
                content: rng.pick(&[
                    ProjectContent::Machinery,
                    ProjectContent::TradeFair,
                    ProjectContent::DigitalGreen,
                ]),
                facility_id: (rng.below(4) > 0).then(|| facility_ids[rng.below(8) as usize].clone()),
                district: String::new(),
                commune: String::new(),
                support_vnd: rng.below(300) as i64 * MILLION,
                counterpart_vnd: 0,
                status: rng.pick(<ProjectStatus as khuyencong::domain::Code>::ALL),
                decision_no: String::new(),
                approved_on: None,
                accepted_on: None,
                note: String::new(),
            };
            let id = wb.insert(&p).unwrap();
            if rng.below(10) == 0 {
                wb.delete(khuyencong::domain::RecordKind::Project, &id).unwrap();
            }
        }
        for i in 0..30 {
            let t = Training {
                year: 2022 + rng.below(5) as i32,
                facility_id: (rng.below(3) == 0).then(|| facility_ids[rng.below(8) as usize].clone()),
                name: format!("Lớp {i}"),
                kind: rng.pick(&[TrainingKind::Course, TrainingKind::Workshop, TrainingKind::Vocational]),
                trade: String::new(),
                district: String::new(),
                commune: String::new(),
                trainees: rng.below(80) as i64,
                female_trainees: None,
                start_on: None,
                end_on: None,
                source: (rng.below(4) > 0).then(|| rng.pick(&sources)),
                cost_vnd: rng.below(90) as i64 * MILLION,
                note: String::new(),
            };
            wb.insert(&t).unwrap();
        }
        for i in 0..20 {
            let d = DesignSupport {
                year: 2022 + rng.below(5) as i32,
                facility_id: facility_ids[rng.below(8) as usize].clone(),
                product: format!("Sản phẩm {i}"),
                form: rng.pick(&[DesignForm::Packaging, DesignForm::Trademark]),
                source: (rng.below(4) > 0).then(|| rng.pick(&sources)),
                support_vnd: rng.below(60) as i64 * MILLION,
                district: String::new(),
                commune: String::new(),
                note: String::new(),
            };
            wb.insert(&d).unwrap();
        }
        let activities = Activity::all();
        let lines: Vec<PlanLine> = (0..25)
            .map(|_| PlanLine {
                year: (rng.below(2) == 0).then(|| 2022 + rng.below(3) as i32),
                activity: rng.pick(&activities),
                source: (rng.below(2) == 0).then(|| rng.pick(&sources)),
                target_count: Some(1 + rng.below(5) as i64),
                target_trainees: None,
                target_vnd: Some(rng.below(500) as i64 * MILLION),
                note: String::new(),
            })
            .collect();
        let plan = Plan {
            kind: PlanKind::Programme,
            title: format!("Chương trình {seed}"),
            from_year: 2022,
            to_year: 2024,
            decision_no: String::new(),
            decided_on: None,
            approved_by: String::new(),
            note: String::new(),
            lines,
        };
        wb.insert(&plan).unwrap();
        assert_eq!(assert_progress_is_the_records(&wb), 25, "seed {seed}");
    }
}

fn small_plan(title: &str, decision: &str) -> Plan {
    Plan {
        kind: PlanKind::Annual,
        title: title.to_string(),
        from_year: 2024,
        to_year: 2024,
        decision_no: decision.to_string(),
        decided_on: None,
        approved_by: "Chủ tịch UBND tỉnh".to_string(),
        note: String::new(),
        lines: vec![PlanLine {
            year: None,
            activity: Activity::Design,
            source: None,
            target_count: Some(2),
            target_trainees: None,
            target_vnd: Some(80 * MILLION),
            note: String::new(),
        }],
    }
}

#[test]
fn the_plan_rules_refuse_what_no_decision_says() {
    let mut p = small_plan("Kế hoạch", "");
    assert!(p.to_draft().to_plan().record.is_some(), "{:?}", p.to_draft().to_plan().issues);
    p.to_year = 2025;
    assert!(p.to_draft().to_plan().record.is_none(), "an annual plan over two years");
    p.kind = PlanKind::Programme;
    assert!(p.to_draft().to_plan().record.is_some());
    p.to_year = 2040;
    assert!(p.to_draft().to_plan().record.is_none(), "a programme of 17 years");
    let mut p = small_plan("Kế hoạch", "");
    p.lines[0].year = Some(2023);
    let issues = p.to_draft().to_plan().issues;
    let said: Vec<String> = issues.iter().map(|i| i.problem.message(khuyencong::i18n::Lang::Vi)).collect();
    assert!(said.iter().any(|s| s.starts_with("Dòng 1: năm không thuộc")), "{said:?}");
    let mut p = small_plan("Kế hoạch", "");
    p.lines[0].target_trainees = Some(10);
    assert!(p.to_draft().to_plan().record.is_none(), "trainees for design support");
    let mut p = small_plan("Kế hoạch", "");
    (p.lines[0].target_count, p.lines[0].target_vnd) = (None, None);
    assert!(p.to_draft().to_plan().record.is_none(), "a line without a target");
}

#[test]
fn plans_travel_in_a_merge_with_their_changes_deletions_and_conflicts() {
    let dir = temp();
    let province = dir.path().join("tỉnh.db");
    let district = dir.path().join("huyện.db");
    Workbook::create(&province, "Trung tâm Khuyến công", "Vĩnh Long").unwrap();
    let mut d = Workbook::create(&district, "Phòng Kinh tế huyện Long Hồ", "Vĩnh Long").unwrap();
    let id = d.insert(&small_plan("Kế hoạch khuyến công huyện năm 2024", "12/QĐ-UBND")).unwrap();
    drop(d);
    let (plan, _) = merge(&province, &district, None);
    assert_eq!(plan.counts.added[khuyencong::domain::RecordKind::Plan.index()], 1);
    let got = open(&province).get::<Plan>(&id).unwrap().expect("arrived").record;
    assert_eq!(got.lines, small_plan("", "").lines);

    // A target changed in the district reaches the province.
    tick();
    let mut d = open(&district);
    let mut p = d.get::<Plan>(&id).unwrap().unwrap().record;
    p.lines[0].target_count = Some(5);
    d.update(&id, &p).unwrap();
    drop(d);
    merge(&province, &district, None);
    assert_eq!(open(&province).get::<Plan>(&id).unwrap().unwrap().record.lines[0].target_count, Some(5));

    // Changed on both sides: a conflict, settled by the officer.
    tick();
    for (path, n) in [(&province, 6), (&district, 7)] {
        let mut wb = open(path);
        let mut p = wb.get::<Plan>(&id).unwrap().unwrap().record;
        p.lines[0].target_count = Some(n);
        wb.update(&id, &p).unwrap();
    }
    let wb = open(&province);
    let dry = plan_merge(&wb, &district).unwrap();
    drop(wb);
    assert_eq!(dry.conflicts.len(), 1);
    assert_eq!(dry.conflicts[0].reason, ConflictReason::BothChanged);
    assert!(dry.conflicts[0].differences.iter().any(|d| d.column.key == "cac_dong"));
    merge(&province, &district, Some(Resolution::KeepTheirs));
    assert_eq!(open(&province).get::<Plan>(&id).unwrap().unwrap().record.lines[0].target_count, Some(7));

    // Deleted in the district: the tombstone travels.
    tick();
    open(&district).delete(khuyencong::domain::RecordKind::Plan, &id).unwrap();
    merge(&province, &district, None);
    assert!(open(&province).plans().unwrap().is_empty());
}

#[test]
fn the_same_plan_kept_under_another_id_is_paired_by_its_decision() {
    let dir = temp();
    let mine = dir.path().join("tỉnh.db");
    let theirs = dir.path().join("bản sao.db");
    create_sample(&mine).unwrap();
    create_sample(&theirs).unwrap();
    let mut wb = open(&mine);
    let dry = plan_merge(&wb, &theirs).unwrap();
    let plan_pairs: Vec<_> =
        dry.pairs.iter().filter(|p| p.kind == khuyencong::domain::RecordKind::Plan).collect();
    assert_eq!(plan_pairs.len(), 3, "the three sample plans");
    assert!(
        plan_pairs.iter().all(|p| p.reason == khuyencong::domain::duplicates::DuplicateReason::SameDecision)
    );
    assert!(dry.pairs.iter().all(|p| p.choice == PairChoice::DEFAULT));
    apply_merge(&mut wb, &dry, &HashMap::new(), None, &mut never_cancel()).unwrap();
    assert_eq!(wb.plans().unwrap().len(), 3, "linked, not doubled");
    let ro = Workbook::open(&mine, OpenMode::ReadOnly).unwrap();
    assert_eq!(ro.plans().unwrap().len(), 3);
}

#[test]
fn a_source_with_forged_plan_lines_is_refused_and_both_files_keep_their_bytes() {
    let dir = temp();
    let province = dir.path().join("tỉnh.db");
    Workbook::create(&province, "Trung tâm Khuyến công", "Vĩnh Long").unwrap();
    let many = format!("[{}]", vec![r#"{"hoat_dong":"thiet_ke","so_luong":1}"#; 5_000].join(","));
    let huge = format!(r#"[{{"hoat_dong":"thiet_ke","so_luong":1,"ghi_chu":"{}"}}]"#, "x".repeat(400_000));
    for (what, lines) in [
        ("not JSON", "{\"a\":".to_string()),
        ("an unknown activity", r#"[{"hoat_dong":"rm -rf","so_luong":1}]"#.to_string()),
        ("a negative target", r#"[{"hoat_dong":"thiet_ke","so_luong":-5}]"#.to_string()),
        ("too many lines", many.clone()),
        ("a huge line", huge.clone()),
    ] {
        let district = dir.path().join(format!("huyện {what}.db"));
        let mut d = Workbook::create(&district, "Phòng Kinh tế", "Vĩnh Long").unwrap();
        let id = d.insert(&small_plan("Kế hoạch", "1/QĐ")).unwrap();
        drop(d);
        let c = rusqlite::Connection::open(&district).unwrap();
        c.execute("UPDATE plans SET lines = ?1 WHERE id = ?2", (&lines, &id)).unwrap();
        drop(c);
        let (target_bytes, source_bytes) =
            (std::fs::read(&province).unwrap(), std::fs::read(&district).unwrap());
        let wb = open(&province);
        let refused = plan_merge(&wb, &district).expect_err(what);
        drop(wb);
        assert!(!refused.message(khuyencong::i18n::Lang::Vi).is_empty(), "{what}");
        assert_eq!(std::fs::read(&province).unwrap(), target_bytes, "{what}");
        assert_eq!(std::fs::read(&district).unwrap(), source_bytes, "{what}");
    }
}
