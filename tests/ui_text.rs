//! Vietnamese text in the window: Unikey-style typing, NFD input, accent-free
//! search, both languages on every screen with no untranslated string; and
//! deleting with undo.

mod common;

use common::*;
use egui_kittest::kittest::Queryable;
use khuyencong::app::App;
use khuyencong::command::{Command, Screen};
use khuyencong::domain::RecordKind;
use khuyencong::i18n::Lang;
use unicode_normalization::UnicodeNormalization;

#[test]
fn unikey_style_typing_ends_up_as_shown() {
    let dir = temp();
    let file = empty_in(dir.path(), "sổ.db");
    let mut h = harness(app_on(&file, dir.path()));
    click_prefix(&mut h, "Cơ sở (0)");
    click(&mut h, "Thêm mới");
    let field = "Tên cơ sở *";
    input(&h, field).click();
    settle(&mut h);
    // The officer types "Cơ sở taoj": Unikey has shown "tao" and, on "j",
    // sends two backspaces and "ạo" in the same frame.
    input(&h, field).type_text("Cơ sở tao");
    h.run();
    h.event(egui::Event::Key {
        key: egui::Key::Backspace,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: Default::default(),
    });
    h.event(egui::Event::Key {
        key: egui::Key::Backspace,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: Default::default(),
    });
    h.event(egui::Event::Text("ạo".into()));
    settle(&mut h);
    assert_eq!(input(&h, field).value().as_deref(), Some("Cơ sở tạo"));
    // EVKey in "Unicode tổ hợp" mode sends decomposed letters.
    let nfd: String = " Mới Tiến".nfd().collect();
    input(&h, field).type_text(&nfd);
    settle(&mut h);
    click(&mut h, "Lưu");
    let name: String = db(&file).query_row("SELECT name FROM facilities", [], |r| r.get(0)).unwrap();
    assert_eq!(name, "Cơ sở tạo Mới Tiến");
    assert_eq!(name, name.nfc().collect::<String>(), "stored NFC");
}

#[test]
fn search_ignores_accents_and_case() {
    let dir = temp();
    let file = sample_in(dir.path());
    let mut h = harness(app_on(&file, dir.path()));
    click_prefix(&mut h, "Đào tạo (");
    type_into(&mut h, "Tìm", "DAN LUC BINH");
    assert!(h.query_by_label("Lớp đào tạo nghề tiểu thủ công nghiệp đan lục bình").is_some());
    assert!(h.query_by_label_contains("Cộng: 1 lớp · 32 học viên").is_some(), "the totals follow the filter");
    type_into(&mut h, "Tìm", "may cong nghiep hoa binh");
    let c = db(&file);
    let n: i64 = c
        .query_row(
            "SELECT COUNT(*) FROM trainings t JOIN facilities f ON f.id = t.facility_id WHERE f.name LIKE '%Hòa Bình%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(n > 0);
    assert!(
        h.query_by_label_contains(&format!("Cộng: {n} lớp")).is_some(),
        "search covers the facility name"
    );
}

#[test]
fn filters_by_year_source_and_place_update_the_totals() {
    let dir = temp();
    let file = sample_in(dir.path());
    let mut h = harness(app_on(&file, dir.path()));
    click_prefix(&mut h, "Đề án (");
    choose(&mut h, "Nguồn", "Khuyến công quốc gia");
    choose(&mut h, "Từ năm", "2014");
    choose(&mut h, "Đến năm", "2023");
    assert!(
        h.query_by_label("Cộng: 14 đề án · Kinh phí hỗ trợ 3.900 triệu đồng · Vốn đối ứng 6.096 triệu đồng")
            .is_some()
    );
    choose(&mut h, "Huyện/xã", "Long Hồ");
    let c = db(&file);
    let n: i64 = c
        .query_row(
            "SELECT COUNT(*) FROM projects WHERE source = 'quoc_gia' AND year BETWEEN 2014 AND 2023
             AND (district = 'Long Hồ' OR commune = 'Long Hồ') AND deleted_at IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(h.query_by_label_contains(&format!("Cộng: {n} đề án")).is_some());
    click(&mut h, "Bỏ lọc");
    assert!(h.query_by_label_contains("Cộng: 110 đề án").is_some());
}

#[test]
fn delete_asks_first_and_undo_brings_the_record_back() {
    let dir = temp();
    let file = sample_in(dir.path());
    let mut h = harness(app_on(&file, dir.path()));
    click_prefix(&mut h, "Đề án (");
    type_into(&mut h, "Tìm", "KCQG-2014-01");
    let (id, title): (String, String) = db(&file)
        .query_row("SELECT id, title FROM projects WHERE code = 'KCQG-2014-01'", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    h.get_by_label(&title).click();
    settle(&mut h);
    click(&mut h, "Xóa");
    assert!(h.query_by_label("Xóa bản ghi?").is_some());
    click(&mut h, "Không xóa");
    let deleted = |c: &rusqlite::Connection| -> Option<i64> {
        c.query_row("SELECT deleted_at FROM projects WHERE id = ?1", [&id], |r| r.get(0)).unwrap()
    };
    assert_eq!(deleted(&db(&file)), None, "kept when the officer says no");
    click(&mut h, "Xóa");
    let confirm = h.get_all_by_label("Xóa").last().unwrap();
    confirm.click();
    settle(&mut h);
    assert!(deleted(&db(&file)).is_some(), "a tombstone is written at once");
    assert!(h.query_by_label_contains("Đã xóa lúc").is_some());
    assert!(h.query_by_label_contains("Cộng: 0 đề án").is_some());
    // Ctrl+Z with no field focused undoes the delete.
    h.remove_cursor();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Escape);
    h.state_mut().push(Command::Show(Screen::Projects));
    settle(&mut h);
    click_prefix(&mut h, "Đề án (");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    settle(&mut h);
    assert_eq!(deleted(&db(&file)), None, "undo restored it");
    assert!(h.query_by_label_contains("Đã hoàn tác lúc").is_some());
    assert!(h.query_by_label_contains("Cộng: 1 đề án").is_some());
}

#[test]
fn undo_takes_back_an_edit_and_a_new_record() {
    let dir = temp();
    let file = sample_in(dir.path());
    let mut h = harness(app_on(&file, dir.path()));
    click_prefix(&mut h, "Cơ sở (");
    click(&mut h, "Thêm mới");
    type_into(&mut h, "Tên cơ sở *", "Cơ sở thử hoàn tác");
    click(&mut h, "Lưu");
    let count = |file: &std::path::Path| -> i64 {
        db(file)
            .query_row(
                "SELECT COUNT(*) FROM facilities WHERE name = 'Cơ sở thử hoàn tác' AND deleted_at IS NULL",
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!(count(&file), 1);
    h.state_mut().push(Command::Undo);
    settle(&mut h);
    assert_eq!(count(&file), 0, "the new facility is taken back");
}

/// Opens every screen, a form of every kind and a dialog, in `lang`, and
/// returns every text shown.
fn every_screen(h: &mut egui_kittest::Harness<'static, App>) -> Vec<String> {
    let mut texts = visible_texts(h);
    for screen in Screen::ALL {
        h.state_mut().push(Command::Show(screen));
        settle(h);
        texts.extend(visible_texts(h));
    }
    for kind in RecordKind::LISTED {
        h.state_mut().push(Command::NewRecord(kind));
        settle(h);
        texts.extend(visible_texts(h));
        h.state_mut().push(Command::CancelForm);
        settle(h);
    }
    h.state_mut().push(Command::About);
    settle(h);
    texts.extend(visible_texts(h));
    h.state_mut().push(Command::CloseDialog);
    h.state_mut().push(Command::AskFile(khuyencong::command::FilePurpose::Open));
    settle(h);
    texts.extend(visible_texts(h));
    h.state_mut().push(Command::CloseDialog);
    settle(h);
    texts
}

/// Any letter beyond ASCII: in the English window only data may have them.
fn is_vietnamese_letter(c: char) -> bool {
    c.is_alphabetic() && !c.is_ascii()
}

#[test]
fn english_screens_show_no_vietnamese_and_vietnamese_screens_no_english() {
    khuyencong::i18n::audit::start();
    let dir = temp();
    // Records with plain ASCII text, so that any Vietnamese letter in the
    // English window is an untranslated string, not data.
    let file = dir.path().join("ascii.db");
    let mut wb = khuyencong::workbook::Workbook::create(&file, "District office", "Vinh Long").unwrap();
    let facility = khuyencong::domain::fields::Draft::new(RecordKind::Facility)
        .with("ten_co_so", "Facility A")
        .with("loai_hinh", "hop_tac_xa")
        .with("xa_phuong", "Commune A")
        .to_facility()
        .record
        .unwrap();
    let fid = wb.insert(&facility).unwrap();
    let project = khuyencong::domain::fields::Draft::new(RecordKind::Project)
        .with("nam", "2020")
        .with("ten_de_an", "Project A")
        .with("nguon_kinh_phi", "dia_phuong")
        .with("noi_dung", "may_moc_thiet_bi")
        .with("kinh_phi_ho_tro", "100")
        .with("von_doi_ung", "150")
        .to_project(Some(fid))
        .record
        .unwrap();
    wb.insert(&project).unwrap();
    drop(wb);

    let mut app = app_on(&file, dir.path());
    app.push(Command::SetLang(Lang::En));
    let mut h = harness(app);
    let english = every_screen(&mut h);
    let data = ["Facility A", "Project A", "Commune A", "District office", "Vinh Long"];
    let offending: Vec<&String> = english
        .iter()
        .filter(|t| t.chars().any(is_vietnamese_letter))
        .filter(|t| !t.contains(dir.path().to_str().unwrap()))
        // The language's own name, and the province's name (a proper noun, data).
        .filter(|t| !["Tiếng Việt", "Vĩnh Long"].contains(&t.as_str()))
        .collect();
    assert!(offending.is_empty(), "Vietnamese text in the English window: {offending:?}");
    assert!(english.iter().any(|t| t == "Projects (1)"));

    h.state_mut().push(Command::SetLang(Lang::Vi));
    settle(&mut h);
    let vietnamese = every_screen(&mut h);
    // Every English string the window can show, except those spelled the same in both.
    let english_only: Vec<&str> = khuyencong::i18n::audit::seen()
        .into_iter()
        .filter(|(vi, en)| vi != en && en.chars().filter(|c| c.is_alphabetic()).count() >= 3)
        .map(|(_, en)| en)
        .collect();
    assert!(english_only.len() > 80, "the audit saw the strings: {}", english_only.len());
    let offending: Vec<&String> = vietnamese
        .iter()
        .filter(|t| english_only.contains(&t.as_str()) && !data.contains(&t.as_str()))
        .filter(|t| t.as_str() != "English")
        .collect();
    assert!(offending.is_empty(), "English text in the Vietnamese window: {offending:?}");
    assert!(vietnamese.iter().any(|t| t == "Đề án (1)"));
}
