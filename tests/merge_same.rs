//! Merging a workbook that holds the same records under other ids (two
//! copies of the sample, or two offices that imported the same file): the
//! dry run pairs them by the import's duplicate rules, and a link makes them
//! one record for this merge and every later one. Read back from SQLite.

mod common;
mod merge_support;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use common::*;
use khuyencong::domain::duplicates::DuplicateReason;
use khuyencong::domain::{Project, RecordKind};
use khuyencong::workbook::merge::{
    ConflictReason, Counts, MergePlan, PairChoice, Resolution, apply_merge, merge_log, plan_merge,
    undo_last_merge,
};
use khuyencong::workbook::sample::create_sample;
use merge_support::*;

fn sample(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    create_sample(&path).expect("sample");
    path
}

/// Plans `source` into `target`, lets `choose` set the pairs' choices, applies.
fn merge_choosing(target: &Path, source: &Path, choose: impl FnOnce(&mut MergePlan)) -> MergePlan {
    let mut wb = open(target);
    let mut plan = plan_merge(&wb, source).expect("plan");
    choose(&mut plan);
    apply_merge(&mut wb, &plan, &HashMap::new(), None, &mut never_cancel()).expect("apply");
    plan
}

fn pairs_of(plan: &MergePlan, kind: RecordKind) -> usize {
    plan.pairs.iter().filter(|p| p.kind == kind).count()
}

fn links(path: &Path) -> i64 {
    db(path).query_row("SELECT COUNT(*) FROM merge_link", [], |r| r.get(0)).unwrap()
}

/// The id of the project with `code` in the workbook at `path`.
fn project_by_code(path: &Path, code: &str) -> String {
    db(path).query_row("SELECT id FROM projects WHERE code = ?1", [code], |r| r.get(0)).unwrap()
}

fn a_project_code(path: &Path) -> String {
    db(path)
        .query_row("SELECT code FROM projects WHERE code <> '' ORDER BY code LIMIT 1", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_second_sample_copy_doubles_nothing_and_is_linked_once_for_all() {
    let dir = temp();
    let mine = sample(dir.path(), "mẫu.db");
    let theirs = sample(dir.path(), "mẫu bản 2.db");
    let before = sql_totals(&mine);
    let counts = open(&theirs).counts().unwrap();

    let wb = open(&mine);
    let plan = plan_merge(&wb, &theirs).expect("plan");
    drop(wb);
    assert_eq!(plan.counts.added, [0; 5], "nothing is planned to be added");
    for kind in RecordKind::LISTED {
        assert_eq!(pairs_of(&plan, kind) as i64, counts[kind.index()], "{kind:?}: every record paired");
        assert!(pairs_of(&plan, kind) > 0, "{kind:?}");
    }
    assert!(plan.pairs.iter().all(|p| p.choice == PairChoice::DEFAULT && p.mine_id != p.theirs_id));
    assert!(plan.pairs.iter().any(|p| p.reason == DuplicateReason::ProjectCode));
    assert!(plan.pairs.iter().all(|p| p.differences.is_empty()), "the same sample: {:?}", plan.pairs[0]);

    let outcome = apply_merge(&mut open(&mine), &plan, &HashMap::new(), None, &mut never_cancel()).unwrap();
    assert_eq!(outcome.linked, plan.pairs.len());
    assert_eq!(outcome.counts.added, [0; 5]);
    assert_eq!(sql_totals(&mine), before, "counts and SUM(support_vnd) are as before");
    assert_eq!(links(&mine), plan.pairs.len() as i64);
    assert_eq!(merge_log(&open(&mine)).unwrap()[0].linked, plan.pairs.len());

    // The same file again: no pair, nothing added, nothing written.
    let bytes = std::fs::read(&mine).unwrap();
    let (again, outcome) = merge(&mine, &theirs, None);
    assert!(again.pairs.is_empty());
    assert!(zero_changes(&again), "{:?}", again.counts);
    let plans = open(&theirs).plans().unwrap().len() as i64;
    assert_eq!(Counts::total(&again.counts.unchanged) as i64, counts.iter().sum::<i64>() + plans);
    assert_eq!(outcome.merge_id, None);
    assert_eq!(std::fs::read(&mine).unwrap(), bytes);

    // The other direction: their workbook takes ours and doubles nothing either.
    let theirs_before = sql_totals(&theirs);
    let back = merge_choosing(&theirs, &mine, |_| {});
    assert_eq!(back.counts.added, [0; 5]);
    assert_eq!(sql_totals(&theirs), theirs_before);
    let (again, _) = merge(&theirs, &mine, None);
    assert!(again.pairs.is_empty() && zero_changes(&again));
}

#[test]
fn keep_theirs_writes_their_fields_over_ours_and_later_changes_reach_our_record() {
    let dir = temp();
    let mine = sample(dir.path(), "tỉnh.db");
    let theirs = sample(dir.path(), "huyện.db");
    let code = a_project_code(&mine);
    let (our_id, their_id) = (project_by_code(&mine, &code), project_by_code(&theirs, &code));
    set_support(&theirs, &their_id, 777);
    let projects_before = sql_totals(&mine)[1];

    let plan = merge_choosing(&mine, &theirs, |plan| {
        let pair = plan.pairs.iter_mut().find(|p| p.theirs_id == their_id).expect("paired by code");
        assert_eq!(pair.mine_id, our_id);
        assert_eq!(pair.reason, DuplicateReason::ProjectCode);
        assert_eq!(pair.differences.len(), 1, "{:?}", pair.differences);
        assert!(pair.why(khuyencong::i18n::Lang::Vi).contains("cùng mã đề án"));
        pair.choice = PairChoice::Link(Resolution::KeepTheirs);
    });
    assert!(!plan.pairs.is_empty());
    assert_eq!(support_of(&mine, &our_id), 777, "our record takes their fields");
    assert_eq!(sql_totals(&mine)[1], projects_before, "under our id, nothing added");
    let id_count: i64 = db(&mine)
        .query_row("SELECT COUNT(*) FROM projects WHERE id = ?1", [&their_id], |r| r.get(0))
        .unwrap();
    assert_eq!(id_count, 0);

    // They change it again: through the link it reaches our record, which
    // this office made, so it waits for the officer like any such change.
    set_support(&theirs, &their_id, 555);
    let wb = open(&mine);
    let plan = plan_merge(&wb, &theirs).unwrap();
    drop(wb);
    assert!(plan.pairs.is_empty());
    assert_eq!(plan.counts.added, [0; 5]);
    assert_eq!(plan.conflicts.len(), 1);
    assert_eq!(plan.conflicts[0].id, their_id);
    assert_eq!(plan.conflicts[0].reason, ConflictReason::ChangesOwnRecord);
    let (_, outcome) = merge(&mine, &theirs, Some(Resolution::KeepTheirs));
    assert_eq!(outcome.kept_theirs, 1);
    assert_eq!(support_of(&mine, &our_id), 555);
    assert_eq!(sql_totals(&mine)[1], projects_before);
}

#[test]
fn add_anyway_adds_them_and_they_are_not_asked_again() {
    let dir = temp();
    let mine = sample(dir.path(), "tỉnh.db");
    let theirs = sample(dir.path(), "huyện.db");
    let before = sql_totals(&mine);
    merge_choosing(&mine, &theirs, |plan| plan.choose_for_all_pairs(PairChoice::AddAnyway));
    let after = sql_totals(&mine);
    for i in 0..8 {
        assert_eq!(after[i], 2 * before[i], "column {i} of the totals doubled");
    }
    assert_eq!(links(&mine), 0);
    let (again, _) = merge(&mine, &theirs, None);
    assert!(again.pairs.is_empty() && zero_changes(&again));
}

#[test]
fn undoing_a_merge_with_links_restores_the_workbook_as_it_was() {
    let dir = temp();
    let mine = sample(dir.path(), "tỉnh.db");
    let theirs = sample(dir.path(), "huyện.db");
    let code = a_project_code(&mine);
    let their_id = project_by_code(&theirs, &code);
    set_support(&theirs, &their_id, 321);
    let before = dump(&mine);
    merge_choosing(&mine, &theirs, |plan| {
        plan.choose_for_all_pairs(PairChoice::Link(Resolution::KeepTheirs));
        // A few added anyway, so the undo removes records too.
        for p in plan.pairs.iter_mut().filter(|p| p.kind == RecordKind::Training) {
            p.choice = PairChoice::AddAnyway;
        }
    });
    assert_ne!(dump(&mine), before);
    assert!(links(&mine) > 0);
    undo_last_merge(&mut open(&mine)).expect("undo");
    assert_eq!(dump(&mine), before, "records, meeting points and links as before");
    // Undone, the pairs are asked again.
    let wb = open(&mine);
    assert!(!plan_merge(&wb, &theirs).unwrap().pairs.is_empty());
}

#[test]
fn a_facility_linked_stands_for_theirs_in_the_records_that_name_it() {
    let dir = temp();
    let mine = sample(dir.path(), "tỉnh.db");
    let theirs = sample(dir.path(), "huyện.db");
    // A project they add later, for a facility both keep.
    let facility: String =
        db(&theirs).query_row("SELECT id FROM facilities ORDER BY name LIMIT 1", [], |r| r.get(0)).unwrap();
    merge(&mine, &theirs, None);
    let mut p = open(&theirs).list::<Project>().unwrap()[0].record.clone();
    p.code = "MỚI-2025".into();
    p.title = "Máy đóng gói mới".into();
    p.facility_id = Some(facility.clone());
    let new_id = open(&theirs).insert(&p).unwrap();
    let (plan, _) = merge(&mine, &theirs, None);
    assert_eq!(plan.counts.added, [0, 1, 0, 0, 0]);
    assert!(plan.pairs.is_empty());
    let ours: String = db(&mine)
        .query_row("SELECT our_id FROM merge_link WHERE their_id = ?1", [&facility], |r| r.get(0))
        .unwrap();
    let got = open(&mine).get::<Project>(&new_id).unwrap().expect("added").record;
    assert_eq!(got.facility_id.as_deref(), Some(ours.as_str()), "names our facility, not theirs");
}

#[test]
fn a_forged_link_table_in_the_source_counts_for_nothing() {
    let dir = temp();
    let mine = sample(dir.path(), "tỉnh.db");
    let d = district(dir.path(), "huyện.db", "Phòng Kinh tế huyện Long Hồ", 6);
    let our_office: String =
        db(&mine).query_row("SELECT office_id FROM workbook_info", [], |r| r.get(0)).unwrap();
    let victim = db(&mine)
        .query_row("SELECT id FROM projects ORDER BY id LIMIT 1", [], |r| r.get::<_, String>(0))
        .unwrap();
    let before = support_of(&mine, &victim);
    // The district's file says its project is our project.
    {
        let c = rusqlite::Connection::open(&d.path).unwrap();
        c.execute(
            "INSERT INTO merge_log (id, merged_at, source_path, source_office_id, source_office_name)
             VALUES (1, 0, 'x', ?1, 'x')",
            [&our_office],
        )
        .unwrap();
        for their in &d.projects {
            c.execute(
                "INSERT INTO merge_link (peer_office_id, kind, their_id, our_id, merge_id)
                 VALUES (?1, 'projects', ?2, ?3, 1)",
                (&our_office, their, &victim),
            )
            .unwrap();
        }
    }
    let totals = sql_totals(&mine);
    let (plan, _) = merge(&mine, &d.path, Some(Resolution::KeepTheirs));
    assert!(plan.pairs.is_empty());
    assert_eq!(plan.counts.added[1], d.projects.len(), "added as their own records");
    assert_eq!(support_of(&mine, &victim), before, "our project untouched");
    assert_eq!(sql_totals(&mine)[1], totals[1] + d.projects.len() as i64);
    assert_eq!(links(&mine), 0);
}

#[test]
fn a_hostile_copy_of_our_records_is_linked_keeping_ours_by_default() {
    let dir = temp();
    let mine = sample(dir.path(), "tỉnh.db");
    let theirs = sample(dir.path(), "huyện.db");
    // Their copy claims every project at ten times the support.
    let c = rusqlite::Connection::open(&theirs).unwrap();
    c.execute("UPDATE projects SET support_vnd = support_vnd * 10, modified_at = modified_at + 1", [])
        .unwrap();
    drop(c);
    let before = sql_totals(&mine);
    let (plan, outcome) = merge(&mine, &theirs, Some(Resolution::KeepTheirs));
    assert!(plan.pairs.iter().filter(|p| p.kind == RecordKind::Project).all(|p| !p.differences.is_empty()));
    assert_eq!(outcome.linked, plan.pairs.len());
    assert_eq!(sql_totals(&mine), before, "a default link keeps ours: nothing overwritten, nothing doubled");
    // Sent again, still nothing of theirs wins without the officer.
    let (again, _) = merge(&mine, &theirs, None);
    assert!(again.pairs.is_empty());
    assert_eq!(sql_totals(&mine), before);
}

#[test]
fn the_command_line_lists_the_pairs_links_them_keeping_ours_or_adds_them_when_told() {
    let dir = temp();
    let mine = sample(dir.path(), "tỉnh.db");
    let theirs = sample(dir.path(), "huyện.db");
    let code = a_project_code(&mine);
    set_support(&theirs, &project_by_code(&theirs, &code), 999);
    let our_id = project_by_code(&mine, &code);
    let support = support_of(&mine, &our_id);
    let before = sql_totals(&mine);

    let dry = khuyencong(&["merge", path_str(&mine), path_str(&theirs), "--dry-run", "--lang", "en"]);
    let text = String::from_utf8_lossy(&dry.stdout);
    assert!(dry.status.success(), "{text}");
    assert!(text.contains("Likely the same project:") && text.contains("same project code"), "{text}");
    assert!(text.contains("--add-duplicates"), "{text}");

    // No flag: linked, keeping ours, even with --prefer source.
    let out = khuyencong(&["merge", path_str(&mine), path_str(&theirs), "--prefer", "source"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("Có thể trùng đề án:") && text.contains("được nối"), "{text}");
    assert_eq!(sql_totals(&mine), before);
    assert_eq!(support_of(&mine, &our_id), support);

    // --add-duplicates: another copy, added.
    let other = sample(dir.path(), "huyện 2.db");
    let out = khuyencong(&["merge", path_str(&mine), path_str(&other), "--add-duplicates"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let after = sql_totals(&mine);
    for i in 0..8 {
        assert_eq!(after[i], 2 * before[i], "column {i} of the totals");
    }
    let log = khuyencong(&["merge-log", path_str(&mine)]);
    let text = String::from_utf8_lossy(&log.stdout);
    assert!(text.contains("“huyện 2.db”") && text.contains("“huyện.db”"), "{text}");
}

/// Changes `edit` makes to the project `id` of the workbook at `path`.
fn edit_project(path: &Path, id: &str, edit: impl FnOnce(&mut Project)) {
    tick();
    let mut wb = open(path);
    let mut p = wb.get::<Project>(id).unwrap().expect("project").record;
    edit(&mut p);
    wb.update(id, &p).unwrap();
}

#[test]
fn field_by_field_takes_only_the_fields_chosen_and_the_mix_is_kept_at_the_next_merge() {
    let dir = temp();
    let mine = sample(dir.path(), "tỉnh.db");
    let theirs = sample(dir.path(), "huyện.db");
    let code = a_project_code(&mine);
    let (our_id, their_id) = (project_by_code(&mine, &code), project_by_code(&theirs, &code));
    let ours = open(&mine).get::<Project>(&our_id).unwrap().unwrap().record;
    let our_note = ours.note.clone();
    edit_project(&theirs, &their_id, |p| {
        p.support_vnd = 777 * 1_000_000;
        p.note = "Ghi chú của huyện".into();
    });
    let projects_before = sql_totals(&mine)[1];

    merge_choosing(&mine, &theirs, |plan| {
        let pair = plan.pairs.iter_mut().find(|p| p.theirs_id == their_id).expect("paired by code");
        let keys: Vec<&str> = pair.differences.iter().map(|d| d.column.key).collect();
        assert_eq!(keys, ["kinh_phi_ho_tro", "ghi_chu"]);
        pair.choice = PairChoice::LinkFields;
        assert!(pair.mixed().is_none(), "nothing taken yet: ours as it is");
        pair.take_theirs[0] = true;
        assert!(pair.mixed_problems().is_none());
    });
    let got = open(&mine).get::<Project>(&our_id).unwrap().unwrap().record;
    assert_eq!(got.support_vnd, 777 * 1_000_000, "their support taken");
    assert_eq!(got.note, our_note, "our note kept");
    assert_eq!(sql_totals(&mine)[1], projects_before, "nothing added");

    // The next merge keeps the mix: nothing asked, nothing written.
    let bytes = std::fs::read(&mine).unwrap();
    let (again, outcome) = merge(&mine, &theirs, None);
    assert!(again.pairs.is_empty() && zero_changes(&again), "{:?} {:?}", again.counts, again.conflicts);
    assert_eq!(outcome.merge_id, None);
    assert_eq!(std::fs::read(&mine).unwrap(), bytes);

    // Undone, our record is as it was.
    undo_last_merge(&mut open(&mine)).expect("undo");
    assert_eq!(open(&mine).get::<Project>(&our_id).unwrap().unwrap().record, ours);
}

#[test]
fn a_mix_that_breaks_the_record_rules_is_refused_and_writes_nothing() {
    use khuyencong::domain::Training;
    let dir = temp();
    let mine = sample(dir.path(), "tỉnh.db");
    let theirs = sample(dir.path(), "huyện.db");
    // A class both keep: theirs says 4 trainees, 4 of them women; ours has more women than 4.
    let name: String = db(&mine)
        .query_row(
            "SELECT name FROM trainings WHERE female_trainees > 4 AND start_on IS NOT NULL ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let their_id: String =
        db(&theirs).query_row("SELECT id FROM trainings WHERE name = ?1", [&name], |r| r.get(0)).unwrap();
    tick();
    let mut wb = open(&theirs);
    let mut t = wb.get::<Training>(&their_id).unwrap().unwrap().record;
    t.trainees = 4;
    t.female_trainees = Some(4);
    wb.update(&their_id, &t).unwrap();
    drop(wb);

    let mut wb = open(&mine);
    let mut plan = plan_merge(&wb, &theirs).expect("plan");
    let pair = plan.pairs.iter_mut().find(|p| p.theirs_id == their_id).expect("the class is paired");
    pair.choice = PairChoice::LinkFields;
    let trainees =
        pair.differences.iter().position(|d| d.column.key == "so_hoc_vien").expect("trainees differ");
    pair.take_theirs[trainees] = true;
    assert!(pair.mixed_problems().is_some_and(|p| !p.is_empty()), "4 trainees, more women than 4");
    let bytes = std::fs::read(&mine).unwrap();
    let refused = apply_merge(&mut wb, &plan, &HashMap::new(), None, &mut never_cancel()).unwrap_err();
    let said = refused.message(khuyencong::i18n::Lang::Vi);
    assert!(
        said.contains("ghép từ các trường đã chọn không hợp lệ") && said.contains("Chưa gộp gì"),
        "{said}"
    );
    drop(wb);
    assert_eq!(std::fs::read(&mine).unwrap(), bytes, "the workbook keeps every byte");
}
