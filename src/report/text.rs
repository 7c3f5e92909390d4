//! The summary written as a readable table with numbers written the way of
//! its language, and one line per entry of the merge log.

use crate::domain::Code;
use crate::domain::codes::{FundingSource, ProjectContent, TrainingKind};
use crate::domain::number::{format_int_in, format_million_in, plural};
use crate::i18n::Lang;
use crate::workbook::merge::MergeLogEntry;
use crate::workbook::summary::Summary;

pub fn summary_table(s: &Summary, lang: Lang) -> String {
    let vi = lang == Lang::Vi;
    let mut out = String::new();
    let mut line = |text: String| {
        out.push_str(&text);
        out.push('\n');
    };
    line(if vi {
        format!("TỔNG HỢP KHUYẾN CÔNG {}–{} (tiền: triệu đồng)", s.from, s.to)
    } else {
        format!("KHUYẾN CÔNG SUMMARY {}–{} (money: million VND)", s.from, s.to)
    });
    line(String::new());
    let h = if vi {
        ("Đề án", "Số lượng", "Hỗ trợ", "Đối ứng")
    } else {
        ("Projects", "Count", "Support", "Counterpart")
    };
    line(format!("{:<64} {:>9} {:>12} {:>12}", h.0, h.1, h.2, h.3));
    for source in FundingSource::ALL {
        for content in ProjectContent::ALL {
            let m = s.projects.of(*source, *content);
            if m.count == 0 {
                continue;
            }
            let name = format!("{} – {}", source.label(lang), content.label(lang));
            line(format!(
                "{:<64} {:>9} {:>12} {:>12}",
                truncate(&name, 64),
                format_int_in(m.count, lang),
                format_million_in(m.support_vnd, lang),
                format_million_in(m.counterpart_vnd, lang)
            ));
        }
    }
    line(format!(
        "{:<64} {:>9} {:>12} {:>12}",
        if vi { "Cộng" } else { "Total" },
        format_int_in(s.projects.count, lang),
        format_million_in(s.projects.support_vnd, lang),
        format_million_in(s.projects.counterpart_vnd, lang)
    ));
    line(String::new());
    let h =
        if vi { ("Đào tạo", "Số lớp", "Học viên") } else { ("Trainings", "Classes", "Trainees") };
    line(format!("{:<64} {:>9} {:>12}", h.0, h.1, h.2));
    for kind in TrainingKind::ALL {
        let p = s.trainings.of(*kind);
        if p.count > 0 {
            line(format!(
                "{:<64} {:>9} {:>12}",
                kind.label(lang),
                format_int_in(p.count, lang),
                format_int_in(p.trainees, lang)
            ));
        }
    }
    line(format!(
        "{:<64} {:>9} {:>12}",
        if vi { "Cộng" } else { "Total" },
        format_int_in(s.trainings.count, lang),
        format_int_in(s.trainings.trainees, lang)
    ));
    line(String::new());
    line(if vi {
        format!(
            "Hỗ trợ thiết kế mẫu mã, bao bì: {} lượt cho {} cơ sở, {} triệu đồng",
            format_int_in(s.design_supports.count, lang),
            format_int_in(s.design_supports.facilities, lang),
            format_million_in(s.design_supports.support_vnd, lang)
        )
    } else {
        format!(
            "Design support: {} for {}, {} million VND",
            plural(s.design_supports.count, &format_int_in(s.design_supports.count, lang), "time", "times"),
            plural(
                s.design_supports.facilities,
                &format_int_in(s.design_supports.facilities, lang),
                "facility",
                "facilities"
            ),
            format_million_in(s.design_supports.support_vnd, lang)
        )
    });
    line(if vi {
        format!("Cơ sở trong sổ: {}", format_int_in(s.facilities.count, lang))
    } else {
        format!("Facilities in the workbook: {}", format_int_in(s.facilities.count, lang))
    });
    line(String::new());
    let h = if vi {
        ("Năm", "Đề án", "Hỗ trợ", "Đối ứng", "Lớp", "Học viên", "Thiết kế")
    } else {
        ("Year", "Projects", "Support", "Counterpart", "Classes", "Trainees", "Design")
    };
    line(format!("{:<6} {:>8} {:>12} {:>12} {:>8} {:>9} {:>9}", h.0, h.1, h.2, h.3, h.4, h.5, h.6));
    for y in &s.by_year {
        line(format!(
            "{:<6} {:>8} {:>12} {:>12} {:>8} {:>9} {:>9}",
            y.year,
            format_int_in(y.projects, lang),
            format_million_in(y.support_vnd, lang),
            format_million_in(y.counterpart_vnd, lang),
            format_int_in(y.trainings, lang),
            format_int_in(y.trainees, lang),
            format_int_in(y.design_supports, lang)
        ));
    }
    out
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}

/// One line of the merge log.
pub fn merge_log_line(e: &MergeLogEntry, lang: Lang) -> String {
    let when = local_time(e.merged_at);
    // The file's name, not its folders (written on Windows or here); a
    // received name may hold anything, so it is quoted short and escaped.
    let name = e.source_path.rsplit(['/', '\\']).next().unwrap_or_default();
    let file = crate::domain::text::quote_at_most(name, 80);
    let office = crate::domain::text::quote_at_most(&e.source_office_name, 100);
    let from = if office.is_empty() {
        format!("\u{201c}{file}\u{201d}")
    } else {
        format!("\u{201c}{file}\u{201d} ({office})")
    };
    let n = |v: usize| format_int_in(v as i64, lang);
    let undone = if e.undone_at.is_some() { lang.pick(" (đã hoàn tác)", " (undone)") } else { "" };
    let linked = match (e.linked, lang) {
        (0, _) => String::new(),
        (k, Lang::Vi) => format!(", nối {} bản ghi trùng", n(k)),
        (k, Lang::En) => format!(", {} linked as the same", n(k)),
    };
    match lang {
        Lang::Vi => format!(
            "{when} — {from}: thêm {}, cập nhật {}, xóa {}, xung đột {}{linked}{undone}",
            n(e.added),
            n(e.updated),
            n(e.deleted),
            n(e.conflicts)
        ),
        Lang::En => format!(
            "{when} — {from}: {} added, {} updated, {} deleted, {}{linked}{undone}",
            n(e.added),
            n(e.updated),
            n(e.deleted),
            plural(e.conflicts as i64, &n(e.conflicts), "conflict", "conflicts")
        ),
    }
}

/// A moment (milliseconds since 1970) as officers read it: dd/mm/yyyy hh:mm, local time.
pub fn local_time(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|t| t.to_zoned(jiff::tz::TimeZone::system()).strftime("%d/%m/%Y %H:%M").to_string())
        .unwrap_or_default()
}
