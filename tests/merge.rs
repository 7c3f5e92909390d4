//! Merging district workbooks into the provincial one (and back): sums,
//! idempotence, one-sided edits, conflicts, tombstones, refused sources,
//! hostile sources, undo and the merge log. Every check reads the files back.

mod common;
mod merge_support;

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use common::*;
use khuyencong::domain::codes::FundingSource;
use khuyencong::domain::{Facility, Project, RecordKind, Training};
use khuyencong::i18n::Lang;
use khuyencong::workbook::merge::{
    ConflictReason, MergeError, MergeOutcome, MergePlan, Resolution, RowProblem, Side, apply_merge,
    merge_log, plan_merge, undo_last_merge,
};
use khuyencong::workbook::schema::{CURRENT_VERSION, migrate_to};
use khuyencong::workbook::{OpenMode, Workbook, WorkbookError};
use merge_support::*;
use rusqlite::Connection;

#[test]
fn three_districts_add_up_in_an_empty_province() {
    let dir = temp();
    let d = [
        district(dir.path(), "long-ho.db", "Phòng Kinh tế huyện Long Hồ", 30),
        district(dir.path(), "mang-thit.db", "Phòng Kinh tế huyện Mang Thít", 41),
        district(dir.path(), "tra-on.db", "Phòng Kinh tế huyện Trà Ôn", 52),
    ];
    let province = dir.path().join("tỉnh.db");
    Workbook::create(&province, "Trung tâm Khuyến công tỉnh Vĩnh Long", "Vĩnh Long").unwrap();
    for (i, district) in d.iter().enumerate() {
        let source_before = fs::read(&district.path).unwrap();
        let (plan, outcome) = merge(&province, &district.path, None);
        let n = district.facilities.len();
        assert_eq!(plan.counts.added, [n, n, n / 2, n / 3, 0], "district {i}");
        assert_eq!(outcome.counts, plan.counts);
        assert!(plan.conflicts.is_empty());
        assert_eq!(plan.offices_added, 1);
        assert!(outcome.merge_id.is_some());
        assert_eq!(fs::read(&district.path).unwrap(), source_before, "the source is never written");
    }

    let sums = d.iter().map(|d| sql_totals(&d.path)).fold([0i64; 8], |mut acc, t| {
        acc.iter_mut().zip(t).for_each(|(a, b)| *a += b);
        acc
    });
    assert_eq!(sql_totals(&province), sums);
    assert_eq!(sums[0], 30 + 41 + 52);

    // The summary the officer reads is the sum of the three, year by year.
    let summaries: Vec<_> =
        d.iter().map(|d| open(&d.path).summary(Some(2014), Some(2025)).unwrap()).collect();
    let total = open(&province).summary(Some(2014), Some(2025)).unwrap();
    let sum =
        |f: &dyn Fn(&khuyencong::workbook::summary::Summary) -> i64| summaries.iter().map(f).sum::<i64>();
    assert_eq!(total.projects.count, sum(&|s| s.projects.count));
    assert_eq!(total.projects.support_vnd, sum(&|s| s.projects.support_vnd));
    assert_eq!(total.projects.counterpart_vnd, sum(&|s| s.projects.counterpart_vnd));
    assert_eq!(
        total.projects.of_source(FundingSource::National),
        sum(&|s| s.projects.of_source(FundingSource::National))
    );
    assert_eq!(total.trainings.trainees, sum(&|s| s.trainings.trainees));
    assert_eq!(total.design_supports.count, sum(&|s| s.design_supports.count));
    assert_eq!(total.design_supports.facilities, sum(&|s| s.design_supports.facilities));
    assert_eq!(total.design_supports.support_vnd, sum(&|s| s.design_supports.support_vnd));
    assert_eq!(total.facilities.count, sum(&|s| s.facilities.count));
    for (y, row) in total.by_year.iter().enumerate() {
        assert_eq!(row.support_vnd, summaries.iter().map(|s| s.by_year[y].support_vnd).sum::<i64>());
        assert_eq!(row.trainees, summaries.iter().map(|s| s.by_year[y].trainees).sum::<i64>());
    }

    // Every record keeps its id, its office and its times; every facility a
    // project names is there.
    let c = db(&province);
    let dangling: i64 =
        c.query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).unwrap();
    assert_eq!(dangling, 0);
    let offices: i64 = c.query_row("SELECT COUNT(*) FROM offices", [], |r| r.get(0)).unwrap();
    assert_eq!(offices, 4);
    let src = db(&d[1].path);
    let row = |c: &Connection| -> (String, i64, i64, i64) {
        c.query_row(
            "SELECT office_id, created_at, modified_at, support_vnd FROM projects WHERE id = ?1",
            [&d[1].projects[7]],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap()
    };
    assert_eq!(row(&c), row(&src));

    // The log names each district and its counts.
    let log = merge_log(&open(&province)).unwrap();
    assert_eq!(log.len(), 3);
    assert_eq!(log[0].source_office_name, "Phòng Kinh tế huyện Trà Ôn");
    assert_eq!(log[0].added, 52 + 52 + 26 + 17);
    assert_eq!(log[2].source_office_name, "Phòng Kinh tế huyện Long Hồ");
    assert!(log[2].source_path.ends_with("long-ho.db"));
    assert!(log[0].can_undo && !log[1].can_undo && !log[2].can_undo);
    assert!(log.iter().all(|e| e.undone_at.is_none() && e.conflicts == 0));
}

#[test]
fn merging_the_same_file_again_changes_nothing() {
    let dir = temp();
    let d = district(dir.path(), "long-ho.db", "Phòng Kinh tế huyện Long Hồ", 20);
    let province = empty_in(dir.path(), "tỉnh.db");
    merge(&province, &d.path, None);
    let bytes = fs::read(&province).unwrap();
    let counts = open(&province).counts().unwrap();

    let mut wb = open(&province);
    let plan = plan_merge(&wb, &d.path).unwrap();
    assert!(zero_changes(&plan), "{plan:?}");
    assert_eq!(plan.counts.unchanged, [20, 20, 10, 6, 0]);
    assert!(!plan.writes_anything());
    let outcome = apply_merge(&mut wb, &plan, &HashMap::new(), None, &mut never_cancel()).unwrap();
    assert_eq!(outcome.merge_id, None);
    assert_eq!(wb.counts().unwrap(), counts);
    drop(wb);
    assert_eq!(fs::read(&province).unwrap(), bytes, "a second merge writes no byte");
    assert_eq!(merge_log(&open(&province)).unwrap().len(), 1);

    // Sending the province back to the district: nothing new there either.
    let (plan, _) = merge(&d.path, &province, None);
    assert!(zero_changes(&plan), "{plan:?}");
    let district_bytes = fs::read(&d.path).unwrap();
    let (plan, outcome) = merge(&d.path, &province, None);
    assert!(!plan.writes_anything());
    assert_eq!(outcome.merge_id, None);
    assert_eq!(fs::read(&d.path).unwrap(), district_bytes);
}

#[test]
fn an_edit_in_one_workbook_travels_and_an_edit_here_stays() {
    let dir = temp();
    let d = district(dir.path(), "long-ho.db", "Phòng Kinh tế huyện Long Hồ", 10);
    let province = empty_in(dir.path(), "tỉnh.db");
    merge(&province, &d.path, None);

    set_support(&d.path, &d.projects[3], 275);
    set_support(&province, &d.projects[5], 90);
    let (plan, outcome) = merge(&province, &d.path, None);
    assert_eq!(plan.counts.updated, [0, 1, 0, 0, 0]);
    assert_eq!(plan.counts.added, [0; 5]);
    assert_eq!(plan.counts.unchanged, [10, 9, 5, 3, 0]);
    assert!(plan.conflicts.is_empty());
    assert_eq!(outcome.counts.updated, [0, 1, 0, 0, 0]);
    assert_eq!(support_of(&province, &d.projects[3]), 275, "the district's edit arrived");
    assert_eq!(support_of(&province, &d.projects[5]), 90, "the province's own edit stayed");
    let modified = |p: &Path| -> i64 {
        db(p)
            .query_row("SELECT modified_at FROM projects WHERE id = ?1", [&d.projects[3]], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(modified(&province), modified(&d.path));

    // And back: the province changed a record the district made. The
    // district decides from its own records only, and a change to one of its
    // own waits for its officer, who takes it.
    let (plan, outcome) = merge(&d.path, &province, None);
    assert_eq!(plan.conflicts.len(), 1, "{plan:?}");
    assert_eq!(plan.conflicts[0].id, d.projects[5]);
    assert_eq!(plan.conflicts[0].reason, ConflictReason::ChangesOwnRecord);
    assert_eq!(plan.counts.updated, [0; 5]);
    assert_eq!(outcome.unresolved.len(), 1);
    assert_eq!(support_of(&d.path, &d.projects[5]), 60, "left alone without a choice");
    merge(&d.path, &province, Some(Resolution::KeepTheirs));
    assert_eq!(support_of(&d.path, &d.projects[5]), 90);

    // The district builds on it. The province's own meeting point is from
    // before its edit, so it cannot tell that the district started from its
    // version (the district file's word for that is not taken): a conflict.
    set_support(&d.path, &d.projects[5], 95);
    let (plan, _) = merge(&province, &d.path, Some(Resolution::KeepTheirs));
    assert_eq!(plan.conflicts.len(), 1, "{plan:?}");
    assert_eq!(plan.conflicts[0].reason, ConflictReason::BothChanged);
    assert_eq!(support_of(&province, &d.projects[5]), 95);
    // From then on both sides know where they met: the next edit travels alone.
    set_support(&d.path, &d.projects[5], 96);
    let (plan, _) = merge(&province, &d.path, None);
    assert!(plan.conflicts.is_empty(), "{plan:?}");
    assert_eq!(plan.counts.updated, [0, 1, 0, 0, 0]);
    assert_eq!(support_of(&province, &d.projects[5]), 96);
}

#[test]
fn an_edit_in_both_is_a_conflict_resolved_by_the_officer() {
    let dir = temp();
    let d = district(dir.path(), "long-ho.db", "Phòng Kinh tế huyện Long Hồ", 10);
    let province = empty_in(dir.path(), "tỉnh.db");
    merge(&province, &d.path, None);
    let (a, b) = (&d.projects[1], &d.projects[2]);
    set_support(&d.path, a, 111);
    set_support(&d.path, b, 222);
    set_support(&province, a, 333);
    set_support(&province, b, 444);

    // Reported, left unchanged without a preference.
    let (plan, outcome) = merge(&province, &d.path, None);
    assert_eq!(plan.conflicts.len(), 2);
    let c = plan.conflict(a).expect("conflict on a");
    assert_eq!(c.kind, RecordKind::Project);
    assert_eq!(c.label, "Tư vấn nâng cao năng lực long-ho 1");
    assert_eq!(c.differences.len(), 1);
    assert_eq!(c.differences[0].column.key, "kinh_phi_ho_tro");
    assert_eq!(c.differences[0].mine, "333");
    assert_eq!(c.differences[0].theirs, "111");
    assert_eq!(c.summary(Side::Mine, Lang::Vi), "Kinh phí hỗ trợ (triệu đồng): 333");
    assert_eq!(c.summary(Side::Theirs, Lang::En), "Support (million VND): 111");
    assert!(c.mine.modified_at > c.theirs.modified_at);
    assert_eq!(outcome.unresolved.len(), 2);
    assert_eq!((outcome.kept_mine, outcome.kept_theirs), (0, 0));
    assert_eq!((support_of(&province, a), support_of(&province, b)), (333, 444));
    let log = merge_log(&open(&province)).unwrap();
    assert_eq!((log[0].conflicts, log[0].unresolved), (2, 2));

    // Still a conflict next time; now resolved: theirs for a, mine (the default) for b.
    let mut wb = open(&province);
    let plan = plan_merge(&wb, &d.path).unwrap();
    assert_eq!(plan.conflicts.len(), 2);
    let choices = HashMap::from([(a.clone(), Resolution::KeepTheirs)]);
    let outcome =
        apply_merge(&mut wb, &plan, &choices, Resolution::from_prefer("target"), &mut never_cancel())
            .unwrap();
    drop(wb);
    assert_eq!((outcome.kept_theirs, outcome.kept_mine), (1, 1));
    assert!(outcome.unresolved.is_empty());
    assert_eq!((support_of(&province, a), support_of(&province, b)), (111, 444));

    // Resolved stays resolved…
    let (plan, _) = merge(&province, &d.path, None);
    assert!(zero_changes(&plan), "{plan:?}");
    // …until the district changes the record it lost again: that is a new conflict.
    set_support(&d.path, b, 555);
    let (plan, _) = merge(&province, &d.path, Some(Resolution::KeepTheirs));
    assert_eq!(plan.conflicts.len(), 1);
    assert_eq!(support_of(&province, b), 555);
}

#[test]
fn a_deletion_travels_as_a_tombstone() {
    let dir = temp();
    let d = district(dir.path(), "long-ho.db", "Phòng Kinh tế huyện Long Hồ", 10);
    // A record made and deleted before the first merge.
    let mut wb = open(&d.path);
    let gone = wb.insert(&project("long-ho", 99, None)).unwrap();
    wb.delete(RecordKind::Project, &gone).unwrap();
    drop(wb);
    let province = empty_in(dir.path(), "tỉnh.db");
    let (plan, _) = merge(&province, &d.path, None);
    assert_eq!(plan.counts.tombstones, [0, 1, 0, 0, 0]);
    assert_eq!(plan.counts.added, [10, 10, 5, 3, 0]);
    assert_eq!(open(&province).counts().unwrap(), [10, 10, 5, 3]);

    tick();
    let mut wb = open(&d.path);
    wb.delete(RecordKind::Design, &d.designs[0]).unwrap();
    wb.delete(RecordKind::Project, &d.projects[4]).unwrap();
    drop(wb);
    let (plan, _) = merge(&province, &d.path, None);
    assert_eq!(plan.counts.deleted, [0, 1, 0, 1, 0]);
    assert_eq!(open(&province).counts().unwrap(), [10, 9, 5, 2]);
    let deleted_at = |p: &Path| -> Option<i64> {
        db(p)
            .query_row("SELECT deleted_at FROM design_supports WHERE id = ?1", [&d.designs[0]], |r| r.get(0))
            .unwrap()
    };
    assert!(deleted_at(&province).is_some());
    assert_eq!(deleted_at(&province), deleted_at(&d.path));

    // A deletion made in the province stays deleted.
    tick();
    open(&province).delete(RecordKind::Training, &d.trainings[1]).unwrap();
    let (plan, _) = merge(&province, &d.path, None);
    assert!(zero_changes(&plan));
    assert_eq!(open(&province).counts().unwrap(), [10, 9, 4, 2]);
    // It reaches the district as a deletion of the district's own record:
    // shown to its officer, and made only when chosen.
    let (plan, _) = merge(&d.path, &province, None);
    assert_eq!(plan.counts.deleted, [0; 5]);
    assert_eq!(plan.conflicts.len(), 1);
    assert_eq!(plan.conflicts[0].reason, ConflictReason::DeletesOwnRecord);
    assert_eq!(open(&d.path).counts().unwrap(), [10, 9, 5, 2]);
    merge(&d.path, &province, Some(Resolution::KeepTheirs));
    assert_eq!(open(&d.path).counts().unwrap(), [10, 9, 4, 2]);
}

#[test]
fn damaged_foreign_and_newer_sources_are_refused() {
    let dir = temp();
    let province = dir.path().join("tỉnh.db");
    Workbook::create(&province, "Trung tâm Khuyến công tỉnh Vĩnh Long", "Vĩnh Long").unwrap();
    let d = district(dir.path(), "long-ho.db", "Phòng Kinh tế huyện Long Hồ", 5);
    merge(&province, &d.path, None);

    // Garbage over a few pages in the middle.
    let sample = sample_in(dir.path());
    let mut bytes = fs::read(&sample).unwrap();
    let page = 4096;
    let pages = bytes.len() / page;
    let mut seed = 12345u32;
    for p in [pages / 3, pages / 2, pages / 2 + 1] {
        for b in &mut bytes[p * page..p * page + 64] {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
            *b = (seed >> 16) as u8;
        }
    }
    let damaged = dir.path().join("hỏng.db");
    fs::write(&damaged, &bytes).unwrap();
    assert_refused(
        &province,
        &damaged,
        |e| refused_as(e, |w| matches!(w, WorkbookError::Damaged(_))),
        "Sổ bị hỏng",
    );

    // Another program's SQLite file.
    let foreign = dir.path().join("khác.db");
    let c = Connection::open(&foreign).unwrap();
    c.execute_batch("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('An');").unwrap();
    drop(c);
    assert_refused(
        &province,
        &foreign,
        |e| refused_as(e, |w| *w == WorkbookError::NotWorkbook),
        "chương trình khác",
    );

    // A workbook of a newer program.
    let newer = district(dir.path(), "mới.db", "Phòng Kinh tế huyện Vũng Liêm", 3).path;
    let c = Connection::open(&newer).unwrap();
    c.pragma_update(None, "user_version", CURRENT_VERSION + 1).unwrap();
    drop(c);
    assert_refused(
        &province,
        &newer,
        |e| {
            refused_as(
                e,
                |w| matches!(w, WorkbookError::Newer { found, .. } if *found == CURRENT_VERSION + 1),
            )
        },
        "phiên bản mới hơn",
    );

    let text = dir.path().join("ghi chú.db");
    fs::write(&text, "không phải sổ").unwrap();
    assert_refused(
        &province,
        &text,
        |e| refused_as(e, |w| *w == WorkbookError::NotSqlite),
        "không phải là sổ",
    );
    let missing = dir.path().join("không có.db");
    assert_refused(
        &province,
        &missing,
        |e| refused_as(e, |w| matches!(w, WorkbookError::NotFound(_))),
        "Không tìm thấy",
    );
}

#[test]
fn damage_only_a_full_integrity_check_sees_is_refused() {
    let dir = temp();
    let province = empty_in(dir.path(), "tỉnh.db");
    let d = district(dir.path(), "long-ho.db", "Phòng Kinh tế huyện Long Hồ", 20);
    // Change table rows behind an index's back: quick_check passes, integrity_check does not.
    let c = Connection::open(&d.path).unwrap();
    let index: (String, String, String, i64, String) = c
        .query_row(
            "SELECT type, name, tbl_name, rootpage, sql FROM sqlite_master WHERE name = 'projects_year'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .unwrap();
    c.execute_batch("PRAGMA writable_schema = ON; DELETE FROM sqlite_master WHERE name = 'projects_year';")
        .unwrap();
    drop(c);
    let c = Connection::open(&d.path).unwrap();
    c.execute("UPDATE projects SET year = year + 1", []).unwrap();
    c.execute_batch("PRAGMA writable_schema = ON;").unwrap();
    c.execute("INSERT INTO sqlite_master VALUES (?1, ?2, ?3, ?4, ?5)", index).unwrap();
    drop(c);
    let c = Connection::open(&d.path).unwrap();
    let quick: String = c.query_row("PRAGMA quick_check", [], |r| r.get(0)).unwrap();
    let full: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    drop(c);
    assert_eq!(quick, "ok");
    assert_ne!(full, "ok");
    assert_refused(
        &province,
        &d.path,
        |e| refused_as(e, |w| matches!(w, WorkbookError::Damaged(_))),
        "Sổ bị hỏng",
    );
}

fn journal_of(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push("-journal");
    PathBuf::from(name)
}

#[test]
fn a_source_whose_last_save_was_interrupted_is_refused_untouched() {
    let dir = temp();
    let province = empty_in(dir.path(), "tỉnh.db");
    let d = district(dir.path(), "long-ho.db", "Phòng Kinh tế huyện Long Hồ", 300);
    // Copy the file and its journal in the middle of a save: a hot journal,
    // which only a writer may roll back.
    let c = Connection::open(&d.path).unwrap();
    c.pragma_update(None, "cache_size", 10).unwrap();
    c.execute_batch("BEGIN; UPDATE projects SET note = printf('%.400c', 'x');").unwrap();
    let copy = dir.path().join("bị ngắt.db");
    fs::copy(&d.path, &copy).unwrap();
    fs::copy(journal_of(&d.path), journal_of(&copy)).unwrap();
    c.execute_batch("ROLLBACK").unwrap();
    drop(c);
    let journal = fs::read(journal_of(&copy)).unwrap();
    assert_ne!(journal.first().copied().unwrap_or(0), 0, "the journal is hot");
    assert_refused(
        &province,
        &copy,
        |e| refused_as(e, |w| *w == WorkbookError::Interrupted),
        "bị ngắt giữa chừng",
    );
    assert_eq!(fs::read(journal_of(&copy)).unwrap(), journal, "the journal stays for the sender to recover");
}

#[test]
fn itself_a_copy_of_itself_and_a_read_only_target_are_refused() {
    let dir = temp();
    let province = empty_in(dir.path(), "tỉnh.db");
    let d = district(dir.path(), "long-ho.db", "Phòng Kinh tế huyện Long Hồ", 3);
    assert_refused(&province, &province, |e| *e == MergeError::SameFile, "chính nó");
    let copy = dir.path().join("bản sao.db");
    fs::copy(&province, &copy).unwrap();
    assert_refused(&province, &copy, |e| *e == MergeError::SameWorkbook, "bản sao");

    let before = fs::read(&province).unwrap();
    let mut wb = Workbook::open(&province, OpenMode::ReadOnly).unwrap();
    let err = plan_merge(&wb, &d.path).unwrap_err();
    assert_eq!(err, MergeError::TargetReadOnly);
    assert!(err.message(Lang::Vi).contains("chỉ đọc"));
    assert_eq!(undo_last_merge(&mut wb).unwrap_err(), MergeError::TargetReadOnly);
    drop(wb);
    assert_eq!(fs::read(&province).unwrap(), before);
}

/// SQL that spoils one row, words of the message, the problem, the start of the label.
type Case = (&'static str, &'static str, fn(&RowProblem) -> bool, &'static str);

#[test]
fn rows_that_break_the_record_rules_are_refused() {
    let dir = temp();
    let province = empty_in(dir.path(), "tỉnh.db");
    let cases: [Case; 4] = [
        (
            "UPDATE projects SET year = 1999 WHERE code = 'bad-0-2'",
            "2000",
            |p| matches!(p, RowProblem::Rules(_)),
            "Tư vấn",
        ),
        (
            "UPDATE projects SET status = 'xyz' WHERE code = 'bad-1-2'",
            "không đọc được",
            |p| matches!(p, RowProblem::Unreadable(_)),
            "Tư vấn",
        ),
        (
            "PRAGMA foreign_keys = OFF; UPDATE projects SET facility_id = 'nowhere' WHERE code = 'bad-2-2'",
            "nowhere",
            |p| matches!(p, RowProblem::MissingFacility(_)),
            "Tư vấn",
        ),
        (
            "UPDATE trainings SET female_trainees = 500 WHERE rowid = 1",
            "nữ",
            |p| matches!(p, RowProblem::Rules(_)),
            "Lớp may",
        ),
    ];
    for (i, (sql, words, problem, label)) in cases.into_iter().enumerate() {
        let d = district(dir.path(), &format!("bad-{i}.db"), "Phòng Kinh tế huyện Bình Tân", 4);
        let c = Connection::open(&d.path).unwrap();
        c.execute_batch(sql).unwrap();
        drop(c);
        let wb = open(&province);
        let err = plan_merge(&wb, &d.path).unwrap_err();
        drop(wb);
        let MergeError::InvalidRecord { problem: p, label: l, .. } = &err else { panic!("{err:?}") };
        assert!(problem(p), "case {i}: {err:?}");
        assert!(l.starts_with(label), "case {i}: {l}");
        let vi = err.message(Lang::Vi);
        assert!(vi.contains(words) && vi.contains("Chưa gộp gì"), "case {i}: {vi}");
        assert_refused(&province, &d.path, |e| matches!(e, MergeError::InvalidRecord { .. }), "không hợp lệ");
    }
    assert_eq!(open(&province).counts().unwrap(), [0; 4]);
}

#[test]
fn undo_restores_exactly_the_state_before_the_merge() {
    let dir = temp();
    let province = empty_in(dir.path(), "tỉnh.db");
    let d = district(dir.path(), "long-ho.db", "Phòng Kinh tế huyện Long Hồ", 12);
    merge(&province, &d.path, None);

    // The second merge updates, deletes, adds and resolves a conflict.
    set_support(&d.path, &d.projects[0], 77);
    set_support(&d.path, &d.projects[1], 78);
    set_support(&province, &d.projects[1], 79);
    let after_edit = dump(&province);
    let mut wb = open(&d.path);
    wb.delete(RecordKind::Design, &d.designs[1]).unwrap();
    let new_facility = wb.insert(&facility("mới", 1)).unwrap();
    wb.insert(&project("mới", 1, Some(new_facility.clone()))).unwrap();
    drop(wb);
    let (plan, outcome) = merge(&province, &d.path, Some(Resolution::KeepTheirs));
    assert_eq!(plan.counts.updated, [0, 1, 0, 0, 0]);
    assert_eq!(plan.counts.deleted, [0, 0, 0, 1, 0]);
    assert_eq!(plan.counts.added, [1, 1, 0, 0, 0]);
    assert_eq!(outcome.kept_theirs, 1);
    assert_ne!(dump(&province), after_edit);

    let entry = undo_last_merge(&mut open(&province)).unwrap();
    assert_eq!(Some(entry.id), outcome.merge_id);
    assert!(entry.undone_at.is_some());
    assert_eq!(dump(&province), after_edit, "records, offices and meeting points as before");
    let log = merge_log(&open(&province)).unwrap();
    assert_eq!(log.len(), 2);
    assert!(log[0].undone_at.is_some() && !log[0].can_undo);
    assert!(log[1].undone_at.is_none() && log[1].can_undo);

    // The merge can be made again, with the same result as the first time.
    let (plan2, _) = merge(&province, &d.path, Some(Resolution::KeepTheirs));
    assert_eq!(plan2.counts, plan.counts);
    assert_eq!(support_of(&province, &d.projects[1]), 78);
    undo_last_merge(&mut open(&province)).unwrap();

    // Undo of the province's own edit is not a merge's business: the first merge
    // wrote projects[1], and the province edited it since.
    let err = undo_last_merge(&mut open(&province)).unwrap_err();
    assert!(
        matches!(&err, MergeError::EditedSinceMerge { count: 1, kind: RecordKind::Project, .. }),
        "{err:?}"
    );
    assert!(err.message(Lang::Vi).contains("đã được sửa"));
    assert_eq!(dump(&province), after_edit, "a refused undo changes nothing");

    // Without that edit the first merge undoes to the empty workbook.
    let province2 = empty_in(dir.path(), "tỉnh 2.db");
    let empty = dump(&province2);
    merge(&province2, &d.path, None);
    assert_ne!(dump(&province2), empty);
    undo_last_merge(&mut open(&province2)).unwrap();
    assert_eq!(dump(&province2), empty);
    assert_eq!(undo_last_merge(&mut open(&province2)).unwrap_err(), MergeError::NothingToUndo);
}

#[test]
fn undo_is_refused_when_a_new_record_uses_a_merged_facility() {
    let dir = temp();
    let province = empty_in(dir.path(), "tỉnh.db");
    let d = district(dir.path(), "long-ho.db", "Phòng Kinh tế huyện Long Hồ", 4);
    merge(&province, &d.path, None);
    let mut wb = open(&province);
    wb.insert(&project("tỉnh", 1, Some(d.facilities[2].clone()))).unwrap();
    let before = dump(&province);
    let err = undo_last_merge(&mut wb).unwrap_err();
    drop(wb);
    let MergeError::UndoBlocked { facility, used_by } = &err else { panic!("{err:?}") };
    assert_eq!(facility, "Cơ sở chế biến long-ho số 2");
    assert_eq!(used_by, "Tư vấn nâng cao năng lực tỉnh 1");
    assert!(err.message(Lang::En).contains("Cơ sở chế biến long-ho số 2"));
    assert_eq!(dump(&province), before);
}

#[test]
fn progress_is_reported_and_cancel_writes_nothing() {
    let dir = temp();
    let province = empty_in(dir.path(), "tỉnh.db");
    let d = district(dir.path(), "long-ho.db", "Phòng Kinh tế huyện Long Hồ", 300);
    let bytes = fs::read(&province).unwrap();
    let mut wb = open(&province);
    let plan = plan_merge(&wb, &d.path).unwrap();
    // Cancel part-way, after a few reports.
    let mut calls = 0;
    let mut cancel = |_: f32| {
        calls += 1;
        calls < 3
    };
    let err = apply_merge(&mut wb, &plan, &HashMap::new(), None, &mut cancel).unwrap_err();
    assert_eq!(err, MergeError::Cancelled);
    assert!(err.message(Lang::Vi).contains("Không có gì được ghi"));
    assert_eq!(wb.counts().unwrap(), [0; 4]);
    drop(wb);
    assert_eq!(fs::read(&province).unwrap(), bytes);
    assert!(merge_log(&open(&province)).unwrap().is_empty());

    // A full run reports rising fractions from 0 to 1.
    let mut wb = open(&province);
    let mut seen = Vec::new();
    let mut record = |f: f32| {
        seen.push(f);
        true
    };
    apply_merge(&mut wb, &plan, &HashMap::new(), None, &mut record).unwrap();
    assert!(seen.len() >= 4, "{seen:?}");
    assert_eq!(seen.first(), Some(&0.0));
    assert_eq!(seen.last(), Some(&1.0));
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
    assert_eq!(wb.counts().unwrap(), [300, 300, 150, 100]);
}

#[test]
fn a_plan_is_refused_when_either_file_changed_since() {
    let dir = temp();
    let province = empty_in(dir.path(), "tỉnh.db");
    let d = district(dir.path(), "long-ho.db", "Phòng Kinh tế huyện Long Hồ", 5);
    merge(&province, &d.path, None);
    set_support(&d.path, &d.projects[0], 50);

    // The workbook changed: the update shown would now be a conflict.
    let mut wb = open(&province);
    let plan = plan_merge(&wb, &d.path).unwrap();
    assert_eq!(plan.counts.updated, [0, 1, 0, 0, 0]);
    tick();
    let mut p = wb.get::<Project>(&d.projects[0]).unwrap().unwrap().record;
    p.note = "Sửa ở tỉnh".into();
    wb.update(&d.projects[0], &p).unwrap();
    let bytes = fs::read(&province).unwrap();
    let err = apply_merge(&mut wb, &plan, &HashMap::new(), None, &mut never_cancel()).unwrap_err();
    assert_eq!(err, MergeError::PlanOutdated);
    assert!(err.message(Lang::Vi).contains("xem trước lại"));
    assert_eq!(fs::read(&province).unwrap(), bytes);

    // The source changed.
    let plan = plan_merge(&wb, &d.path).unwrap();
    assert_eq!(plan.conflicts.len(), 1);
    set_support(&d.path, &d.projects[1], 60);
    let err = apply_merge(&mut wb, &plan, &HashMap::new(), None, &mut never_cancel()).unwrap_err();
    assert_eq!(err, MergeError::SourceChanged);
    assert_eq!(fs::read(&province).unwrap(), bytes);
}

#[test]
fn migration_to_level_3_keeps_the_data_and_older_sources_still_merge() {
    let dir = temp();
    // A province workbook written by the previous version (level 2).
    let old = dir.path().join("tỉnh cũ.db");
    let mut c = Connection::open(&old).unwrap();
    migrate_to(&mut c, 2).unwrap();
    c.execute_batch(
        "INSERT INTO offices (id, name, province) VALUES ('o', 'Trung tâm Khuyến công', 'Vĩnh Long');
         INSERT INTO workbook_info (singleton, office_id, created_at) VALUES (1, 'o', 0);
         INSERT INTO facilities (id, name, office_id, created_at, modified_at)
             VALUES ('f1', 'HTX Bánh tráng Mỹ Lồng', 'o', 1, 1);
         INSERT INTO projects (id, year, title, source, content, facility_id, support_vnd, status,
                               office_id, created_at, modified_at)
             VALUES ('p1', 2019, 'Máy sấy bánh tráng', 'dia_phuong', 'may_moc_thiet_bi', 'f1',
                     150000000, 'phe_duyet', 'o', 1, 1);",
    )
    .unwrap();
    drop(c);
    let wb = open(&old);
    assert_eq!(wb.list::<Facility>().unwrap()[0].record.name, "HTX Bánh tráng Mỹ Lồng");
    assert_eq!(wb.get::<Project>("p1").unwrap().unwrap().record.support_vnd, 150 * MILLION);
    assert!(merge_log(&wb).unwrap().is_empty());
    drop(wb);
    let c = db(&old);
    assert_eq!(khuyencong::workbook::schema::user_version(&c).unwrap(), CURRENT_VERSION);
    let tables: i64 = c
        .query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'
             AND name IN ('merge_log', 'merge_base', 'merge_undo', 'merge_link')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(tables, 4);
    drop(c);

    // District files of older versions are merged as they are, never upgraded.
    let level2 = district(dir.path(), "cấp-2.db", "Phòng Kinh tế huyện Tam Bình", 4);
    let c = Connection::open(&level2.path).unwrap();
    c.execute_batch(
        "DROP TABLE sync_state; DROP TABLE plans; DROP TABLE merge_link; DROP TABLE merge_undo; DROP TABLE merge_base; DROP TABLE merge_log;
         PRAGMA user_version = 2;",
    )
    .unwrap();
    drop(c);
    let level1 = district(dir.path(), "cấp-1.db", "Phòng Kinh tế huyện Vũng Liêm", 4);
    let c = Connection::open(&level1.path).unwrap();
    c.execute_batch(
        "DROP TABLE sync_state; DROP TABLE plans; DROP TABLE merge_link; DROP TABLE merge_undo; DROP TABLE merge_base; DROP TABLE merge_log;
         DROP INDEX trainings_facility; ALTER TABLE trainings DROP COLUMN facility_id; PRAGMA user_version = 1;",
    )
    .unwrap();
    drop(c);
    for (source, version) in [(&level2, 2), (&level1, 1)] {
        let bytes = fs::read(&source.path).unwrap();
        let (plan, _) = merge(&old, &source.path, None);
        assert_eq!(plan.source_version, version);
        assert_eq!(plan.counts.added, [4, 4, 2, 1, 0]);
        assert_eq!(fs::read(&source.path).unwrap(), bytes);
    }
    let wb = open(&old);
    assert_eq!(wb.counts().unwrap(), [9, 9, 4, 2]);
    let t = wb.get::<Training>(&level1.trainings[0]).unwrap().unwrap();
    assert_eq!(t.record.facility_id, None, "level 1 had no host facility");
    let t = wb.get::<Training>(&level2.trainings[0]).unwrap().unwrap();
    assert_eq!(t.record.facility_id.as_deref(), Some(level2.facilities[0].as_str()));
}

#[test]
fn texts_arrive_in_nfc() {
    let dir = temp();
    let province = empty_in(dir.path(), "tỉnh.db");
    let d = district(dir.path(), "long-ho.db", "Phòng Kinh tế huyện Long Hồ", 2);
    let decomposed = "Ho\u{0302}\u{0300}ng Nhung"; // "Hồng Nhung" typed with combining marks
    let c = Connection::open(&d.path).unwrap();
    c.execute("UPDATE facilities SET representative = ?1 WHERE id = ?2", (decomposed, &d.facilities[0]))
        .unwrap();
    drop(c);
    merge(&province, &d.path, None);
    let stored = open(&province).get::<Facility>(&d.facilities[0]).unwrap().unwrap().record.representative;
    assert_eq!(stored, "Hồng Nhung");
    assert_eq!(stored.chars().count(), 10);
    // Merging again finds nothing to do: the NFC copy counts as the same.
    let (plan, _) = merge(&province, &d.path, None);
    assert!(zero_changes(&plan), "{plan:?}");
}

/// The window runs a merge in a background thread: everything it hands over must move.
#[test]
fn merge_types_can_move_to_a_background_thread() {
    fn movable<T: Send + 'static>() {}
    movable::<Workbook>();
    movable::<MergePlan>();
    movable::<MergeOutcome>();
    movable::<MergeError>();
    let dir = temp();
    let province = empty_in(dir.path(), "tỉnh.db");
    let d = district(dir.path(), "long-ho.db", "Phòng Kinh tế huyện Long Hồ", 5);
    let wb = open(&province);
    let plan = plan_merge(&wb, &d.path).unwrap();
    let worker = std::thread::spawn(move || {
        let mut wb = wb;
        apply_merge(&mut wb, &plan, &HashMap::new(), None, &mut never_cancel()).map(|o| o.counts.added)
    });
    assert_eq!(worker.join().expect("thread").unwrap(), [5, 5, 2, 1, 0]);
}

/// CPU seconds (user + system) this process has used, where Linux tells.
fn cpu_seconds() -> Option<f64> {
    let stat = fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces) start at the last ')'.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let (utime, stime): (f64, f64) = (fields.get(11)?.parse().ok()?, fields.get(12)?.parse().ok()?);
    Some((utime + stime) / 100.0)
}

/// 10 district workbooks of 10.000 records each into an empty province.
/// `cargo test --release --test merge -- --ignored --nocapture`
#[test]
#[ignore = "performance: run in release"]
fn ten_districts_of_ten_thousand_records() {
    let dir = temp();
    let province = empty_in(dir.path(), "tỉnh.db");
    // n = 3.650: 3.650 facilities and projects, 1.825 trainings, 1.216 design supports.
    let n = 3_650;
    let per = n * 2 + n / 2 + n / 3;
    assert!(per >= 10_000, "{per}");
    let districts: Vec<District> = (0..10)
        .map(|i| district(dir.path(), &format!("huyen-{i}.db"), &format!("Phòng Kinh tế {i}"), n))
        .collect();
    let (start, cpu_start) = (std::time::Instant::now(), cpu_seconds());
    let mut wb = open(&province);
    for d in &districts {
        let plan = plan_merge(&wb, &d.path).unwrap();
        apply_merge(&mut wb, &plan, &HashMap::new(), None, &mut never_cancel()).unwrap();
    }
    let elapsed = start.elapsed();
    let cpu = cpu_start.zip(cpu_seconds()).map(|(a, b)| b - a);
    let again = std::time::Instant::now();
    for d in &districts {
        let plan = plan_merge(&wb, &d.path).unwrap();
        assert!(!plan.writes_anything());
    }
    println!(
        "merged 10 × {per} records in {elapsed:?} (CPU {cpu:?} s); planned them again in {:?}",
        again.elapsed()
    );
    let counts = wb.counts().unwrap();
    assert_eq!(counts.iter().sum::<i64>() as usize, 10 * per);
    if !cfg!(debug_assertions) {
        // The machine may be shared: CPU time is what the merge itself costs.
        let cost = cpu.unwrap_or(elapsed.as_secs_f64());
        assert!(cost < 3.0, "{elapsed:?}, CPU {cpu:?}");
    }
}
