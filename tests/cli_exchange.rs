//! The command line for district files: `template`, `merge` (dry run,
//! conflicts, `--prefer`), `merge-log` and `undo-merge`.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::*;
use khuyencong::domain::Project;
use khuyencong::workbook::{OpenMode, Workbook};

fn totals(path: &Path) -> (i64, i64) {
    db(path)
        .query_row(
            "SELECT COUNT(*), COALESCE(SUM(support_vnd), 0) FROM projects WHERE deleted_at IS NULL",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("totals")
}

fn sample_copy(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    khuyencong::workbook::sample::create_sample(&path).expect("sample");
    path
}

#[test]
fn template_command_writes_a_template_that_imports_nothing_but_its_example() {
    let dir = temp();
    let xlsx = dir.path().join("mẫu đào tạo.xlsx");
    let out = khuyencong(&["template", "--kind", "trainings", "-o", path_str(&xlsx)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows = sheet_rows(&xlsx);
    assert!(rows[0].iter().any(|h| h.starts_with("Số học viên")), "{:?}", rows[0]);
    let file = empty_in(dir.path(), "sổ.db");
    let out = khuyencong(&["import", path_str(&file), path_str(&xlsx), "--kind", "trainings"]);
    assert_ne!(out.status.code(), Some(0), "only the example row: nothing to import");
    assert_eq!(
        db(&file).query_row("SELECT COUNT(*) FROM trainings", [], |r| r.get::<_, i64>(0)).expect("q"),
        0
    );
}

#[test]
fn merge_command_dry_run_writes_nothing_then_merges_once() {
    let dir = temp();
    let province = empty_in(dir.path(), "tỉnh.db");
    let district = sample_copy(dir.path(), "huyện.db");
    let before = fs::read(&province).expect("read");
    let out = khuyencong(&["merge", path_str(&province), path_str(&district), "--dry-run"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("Đề án: thêm 110"), "{}", stdout(&out));
    assert_eq!(fs::read(&province).expect("read"), before, "a dry run writes nothing");

    let out = khuyencong(&["merge", path_str(&province), path_str(&district)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(totals(&province), totals(&district));
    let merged = fs::read(&province).expect("read");
    let out = khuyencong(&["merge", path_str(&province), path_str(&district)]);
    assert!(stdout(&out).contains("Không có gì mới"), "{}", stdout(&out));
    assert_eq!(fs::read(&province).expect("read"), merged, "merging again changes nothing");

    let out = khuyencong(&["merge-log", path_str(&province), "--lang", "en"]);
    assert!(stdout(&out).contains("269 added"), "the sample's 266 records and 3 plans: {}", stdout(&out));
    let out = khuyencong(&["undo-merge", path_str(&province)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(totals(&province), (0, 0));
}

#[test]
fn merge_command_reports_conflicts_and_prefer_settles_them() {
    let dir = temp();
    let province = empty_in(dir.path(), "tỉnh.db");
    let district = sample_copy(dir.path(), "huyện.db");
    assert_eq!(khuyencong(&["merge", path_str(&province), path_str(&district)]).status.code(), Some(0));
    let id = Workbook::open(&district, OpenMode::ReadOnly).expect("open").list::<Project>().expect("list")[0]
        .id
        .clone();
    std::thread::sleep(std::time::Duration::from_millis(5));
    for (path, dong) in [(&province, 111_000_000), (&district, 222_000_000)] {
        let mut wb = Workbook::open(path, OpenMode::Normal).expect("open");
        let mut p = wb.get::<Project>(&id).expect("get").expect("there").record;
        p.support_vnd = dong;
        wb.update(&id, &p).expect("update");
    }
    let support = |path: &Path| -> i64 {
        db(path).query_row("SELECT support_vnd FROM projects WHERE id = ?1", [&id], |r| r.get(0)).expect("q")
    };
    let out = khuyencong(&["merge", path_str(&province), path_str(&district)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("Xung đột"), "{}", stdout(&out));
    assert!(stdout(&out).contains("--prefer"), "{}", stdout(&out));
    assert_eq!(support(&province), 111_000_000, "left unchanged without --prefer");

    let out = khuyencong(&["merge", path_str(&province), path_str(&district), "--prefer", "source"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(support(&province), 222_000_000);
}

#[test]
fn merge_command_refuses_a_damaged_source_and_leaves_the_target_alone() {
    let dir = temp();
    let province = empty_in(dir.path(), "tỉnh.db");
    let bad = dir.path().join("hỏng.db");
    let mut bytes = fs::read(sample_copy(dir.path(), "mẫu.db")).expect("read");
    let middle = bytes.len() / 2;
    for b in &mut bytes[middle..middle + 4096] {
        *b = 0x5A;
    }
    fs::write(&bad, &bytes).expect("write");
    let before = fs::read(&province).expect("read");
    let out = khuyencong(&["merge", path_str(&province), path_str(&bad)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!stderr(&out).trim().is_empty());
    assert_eq!(fs::read(&province).expect("read"), before);
    assert_eq!(fs::read(&bad).expect("read"), bytes);
}

#[test]
fn importing_the_same_file_twice_adds_nothing_the_second_time() {
    let dir = temp();
    let file = empty_in(dir.path(), "sổ.db");
    let csv = dir.path().join("co-so.csv");
    fs::write(
        &csv,
        "Tên cơ sở;Mã số thuế;Xã/phường\nCơ sở Nem Lai Vung;1500123456;Long Hồ\nCơ sở Kẹo Dừa;;An Bình\n",
    )
    .expect("csv");
    let first = khuyencong(&["import", path_str(&file), path_str(&csv), "--kind", "facilities"]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let second = khuyencong(&["import", path_str(&file), path_str(&csv), "--kind", "facilities"]);
    assert_eq!(second.status.code(), Some(0), "{}", stderr(&second));
    assert!(stdout(&second).contains("Đã nhập 0 bản ghi"), "{}", stdout(&second));
    assert!(stdout(&second).contains("bỏ qua 2 dòng có thể trùng"), "{}", stdout(&second));
    assert!(stderr(&second).contains("Bỏ qua dòng 2"), "{}", stderr(&second));
    let n: i64 = db(&file).query_row("SELECT COUNT(*) FROM facilities", [], |r| r.get(0)).expect("q");
    assert_eq!(n, 2);
}

#[test]
fn merge_command_deletes_records_of_this_office_only_with_prefer_source() {
    let dir = temp();
    let province = sample_copy(dir.path(), "tỉnh.db");
    let district = empty_in(dir.path(), "huyện.db");
    // The district merged the province's workbook, then deleted three of the
    // province's own projects in its copy.
    assert_eq!(khuyencong(&["merge", path_str(&district), path_str(&province)]).status.code(), Some(0));
    let (count, support) = totals(&province);
    let mut wb = Workbook::open(&district, OpenMode::Normal).expect("open");
    let gone: Vec<String> =
        wb.list::<Project>().expect("list").iter().take(3).map(|p| p.id.clone()).collect();
    for id in &gone {
        wb.delete(khuyencong::domain::RecordKind::Project, id).expect("delete");
    }
    drop(wb);

    for lang in ["vi", "en"] {
        let out = khuyencong(&["merge", path_str(&province), path_str(&district), "--lang", lang]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let text = stdout(&out);
        let (reason, advice) = match lang {
            "vi" => (
                "Sổ huyện xóa bản ghi của đơn vị mình",
                "chỉ nhận các thay đổi đó khi chạy lại với --prefer source",
            ),
            _ => (
                "The district file deletes a record of this office",
                "only by running again with --prefer source",
            ),
        };
        assert_eq!(text.matches(reason).count(), 3, "{text}");
        assert!(text.contains(advice), "{text}");
        assert_eq!(totals(&province), (count, support), "nothing deleted without --prefer source");
    }

    let out = khuyencong(&["merge", path_str(&province), path_str(&district), "--prefer", "source"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(totals(&province).0, count - 3);
    for id in &gone {
        let deleted: Option<i64> = db(&province)
            .query_row("SELECT deleted_at FROM projects WHERE id = ?1", [id], |r| r.get(0))
            .expect("the record stays as a tombstone");
        assert!(deleted.is_some());
    }
}
