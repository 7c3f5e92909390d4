//! What a merge source can make the target do. The target decides what
//! changed from its own bookkeeping only: a district file's merge tables,
//! however forged, delete or overwrite nothing without the officer; a
//! deletion or change of a record the target's own office made waits for a
//! choice; a modification time before 2000 or far ahead never wins by itself.

mod common;
mod merge_support;

use std::collections::HashMap;
use std::path::Path;

use common::*;
use khuyencong::domain::{Project, RecordKind};
use khuyencong::i18n::Lang;
use khuyencong::workbook::merge::{ConflictReason, Resolution, Side, apply_merge, plan_merge};
use khuyencong::workbook::now_ms;
use merge_support::*;

const PROVINCE: &str = "Trung tâm Khuyến công tỉnh Vĩnh Long";
const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// (id, support in million, deleted) of every project the office `office` made.
fn projects_of(path: &Path, office: &str) -> Vec<(String, i64, bool)> {
    let c = db(path);
    let mut stmt = c
        .prepare(
            "SELECT p.id, p.support_vnd / 1000000, p.deleted_at IS NOT NULL FROM projects p
             JOIN offices o ON o.id = p.office_id
             WHERE o.name = ?1 ORDER BY p.id",
        )
        .expect("prepare");
    stmt.query_map([office], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("query")
        .collect::<rusqlite::Result<_>>()
        .expect("rows")
}

fn office_id(path: &Path) -> String {
    db(path).query_row("SELECT office_id FROM workbook_info", [], |r| r.get(0)).expect("office")
}

/// The district deletes every project of the province in its copy and
/// writes merge bookkeeping saying the province already agreed: its
/// meeting points claim both sides met at the province's current versions,
/// and a merge log entry claims a merge of the province that never happened.
fn forge_deletions(district: &Path, province_office: &str) {
    let now = now_ms();
    alter(
        district,
        &format!(
            "UPDATE projects SET deleted_at = {now}, modified_at = {now} WHERE office_id = '{province_office}';
             INSERT OR REPLACE INTO merge_base (peer_office_id, kind, record_id, source_modified_at,
                 target_modified_at, in_sync)
             SELECT '{province_office}', 'projects', id, created_at, created_at, 1 FROM projects
             WHERE office_id = '{province_office}';
             INSERT INTO merge_log (merged_at, source_path, source_office_id, source_office_name, added)
             VALUES ({now}, 'tỉnh.db', '{province_office}', 'Trung tâm', 0);"
        ),
    );
}

#[test]
fn forged_bookkeeping_in_a_district_file_deletes_nothing_of_the_province() {
    let dir = temp();
    let province = district(dir.path(), "tỉnh.db", PROVINCE, 8).path;
    let d = district(dir.path(), "long-ho.db", "Phòng Kinh tế huyện Long Hồ", 4);
    // The province sent its workbook to the district, which merged it.
    merge(&d.path, &province, None);
    let own = projects_of(&province, PROVINCE);
    assert_eq!(own.len(), 8);
    forge_deletions(&d.path, &office_id(&province));
    assert!(projects_of(&d.path, PROVINCE).iter().all(|p| p.2), "the district file deletes them all");

    let mut wb = open(&province);
    let plan = plan_merge(&wb, &d.path).expect("plan");
    assert_eq!(plan.counts.deleted, [0; 5], "no deletion is taken by itself");
    assert_eq!(plan.counts.added, [4, 4, 2, 1, 0], "the district's own records come in");
    let deletions: Vec<_> =
        plan.conflicts.iter().filter(|c| c.reason == ConflictReason::DeletesOwnRecord).collect();
    assert_eq!(deletions.len(), 8, "{:?}", plan.conflicts);
    let c = deletions[0];
    assert_eq!(c.kind, RecordKind::Project);
    assert!(!c.mine.deleted && c.theirs.deleted);
    assert_eq!(c.summary(Side::Theirs, Lang::Vi), "Đã xóa");
    assert_eq!(c.reason.text(Lang::Vi), "Sổ huyện xóa bản ghi của đơn vị mình");
    assert_eq!(c.reason.text(Lang::En), "The district file deletes a record of this office");

    // Without a choice: left alone.
    let outcome = apply_merge(&mut wb, &plan, &HashMap::new(), None, &mut never_cancel()).expect("apply");
    drop(wb);
    assert_eq!(outcome.unresolved.len(), 8);
    assert_eq!(projects_of(&province, PROVINCE), own, "every project of the province is still there");
    // Merged again: still waiting, still not deleted.
    let (plan, _) = merge(&province, &d.path, None);
    assert_eq!(plan.conflicts.len(), 8);
    assert_eq!(projects_of(&province, PROVINCE), own);

    // The officer confirms two deletions and keeps the rest; the kept ones
    // are not asked again until the district changes them again.
    let mut wb = open(&province);
    let plan = plan_merge(&wb, &d.path).expect("plan");
    let chosen: HashMap<String, Resolution> =
        own.iter().take(2).map(|p| (p.0.clone(), Resolution::KeepTheirs)).collect();
    let outcome =
        apply_merge(&mut wb, &plan, &chosen, Some(Resolution::KeepMine), &mut never_cancel()).expect("apply");
    drop(wb);
    assert_eq!((outcome.kept_theirs, outcome.kept_mine), (2, 6));
    let now = projects_of(&province, PROVINCE);
    assert_eq!(now.iter().filter(|p| p.2).count(), 2);
    let (plan, _) = merge(&province, &d.path, None);
    assert!(plan.conflicts.is_empty(), "{:?}", plan.conflicts);
    assert_eq!(projects_of(&province, PROVINCE), now);
}

#[test]
fn after_a_real_meeting_a_deletion_or_change_of_the_provinces_record_still_waits() {
    let dir = temp();
    let province = district(dir.path(), "tỉnh.db", PROVINCE, 5).path;
    let d = district(dir.path(), "long-ho.db", "Phòng Kinh tế huyện Long Hồ", 3);
    merge(&d.path, &province, None);
    // The province merges the district back: its own records meet themselves,
    // so its own meeting points now say "unchanged here since".
    let (plan, _) = merge(&province, &d.path, None);
    assert!(plan.conflicts.is_empty());
    let own = projects_of(&province, PROVINCE);
    let (gone, changed, moved) = (&own[0].0, &own[1].0, &own[2].0);

    // The district deletes one, changes another, and passes a third off as its own.
    tick();
    let district_office = office_id(&d.path);
    let mut wb = open(&d.path);
    wb.delete(RecordKind::Project, gone).expect("delete");
    let mut p = wb.get::<Project>(changed).expect("get").expect("there").record;
    p.support_vnd = 999_000_000;
    wb.update(changed, &p).expect("update");
    drop(wb);
    alter(
        &d.path,
        &format!(
            "UPDATE projects SET office_id = '{district_office}', title = 'Của huyện', modified_at = {}
             WHERE id = '{moved}'",
            now_ms()
        ),
    );

    let (plan, outcome) = merge(&province, &d.path, None);
    let reason = |id: &str| plan.conflict(id).map(|c| c.reason);
    assert_eq!(reason(gone), Some(ConflictReason::DeletesOwnRecord));
    assert_eq!(reason(changed), Some(ConflictReason::ChangesOwnRecord));
    assert_eq!(reason(moved), Some(ConflictReason::ChangesOwnRecord), "the province says who made it");
    assert_eq!(plan.counts.updated, [0; 5]);
    assert_eq!(plan.counts.deleted, [0; 5]);
    assert_eq!(outcome.unresolved.len(), 3);
    assert_eq!(projects_of(&province, PROVINCE), own);

    // --prefer source (the window's "take the received one"): taken, but the
    // record stays the province's.
    merge(&province, &d.path, Some(Resolution::KeepTheirs));
    let after = projects_of(&province, PROVINCE);
    assert_eq!(after.len(), 5, "no record changed office");
    assert!(after.iter().any(|p| &p.0 == gone && p.2));
    assert!(after.iter().any(|p| &p.0 == changed && p.1 == 999));
    let title: String = db(&province)
        .query_row("SELECT title FROM projects WHERE id = ?1", [moved], |r| r.get(0))
        .expect("q");
    assert_eq!(title, "Của huyện");
}

#[test]
fn modification_times_far_ahead_or_before_2000_never_win_by_themselves() {
    let dir = temp();
    let province = empty_in(dir.path(), "tỉnh.db");
    let d = district(dir.path(), "long-ho.db", "Phòng Kinh tế huyện Long Hồ", 6);
    merge(&province, &d.path, None);

    // Three changes in the district: one stamped two days ahead, one in
    // 1999, one an hour ahead (a clock a little fast, believed).
    let now = now_ms();
    for (id, support, at) in [
        (&d.projects[0], 111, now + 2 * DAY_MS),
        (&d.projects[1], 122, 915_148_800_000),
        (&d.projects[2], 133, now + 3_600_000),
    ] {
        alter(
            &d.path,
            &format!(
                "UPDATE projects SET support_vnd = {support}000000, modified_at = {at} WHERE id = '{id}'"
            ),
        );
    }
    // A deletion stamped far ahead, too.
    alter(
        &d.path,
        &format!(
            "UPDATE trainings SET deleted_at = {0}, modified_at = {0} WHERE rowid = 1",
            now + 30 * DAY_MS
        ),
    );
    let training = d.trainings[0].clone();

    let (plan, _) = merge(&province, &d.path, None);
    let reason = |id: &str| plan.conflict(id).map(|c| c.reason);
    assert_eq!(reason(&d.projects[0]), Some(ConflictReason::ImplausibleTime));
    assert_eq!(reason(&d.projects[1]), Some(ConflictReason::ImplausibleTime));
    assert_eq!(reason(&training), Some(ConflictReason::ImplausibleTime));
    assert_eq!(reason(&d.projects[2]), None);
    assert_eq!(plan.counts.updated, [0, 1, 0, 0, 0]);
    assert!(plan.conflict(&d.projects[0]).expect("c").reason.text(Lang::En).contains("implausible"));
    assert_eq!(support_of(&province, &d.projects[0]), 10, "left as it was");
    assert_eq!(support_of(&province, &d.projects[1]), 20);
    assert_eq!(support_of(&province, &d.projects[2]), 133, "within a day: taken");
    assert_eq!(open(&province).counts().expect("counts")[2], 3, "the far-ahead deletion is not made");

    // The officer may still take them.
    merge(&province, &d.path, Some(Resolution::KeepTheirs));
    assert_eq!(support_of(&province, &d.projects[0]), 111);
    assert_eq!(support_of(&province, &d.projects[1]), 122);
}
