//! Command-line exchange with district offices: templates, merging
//! workbooks and undoing the last merge. Called from [`crate::cli`].

use crate::domain::text::shown_path;
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::domain::RecordKind;
use crate::domain::number::format_int_in;
use crate::domain::text::quote_at_most;
use crate::exchange::template::write_template;
use crate::i18n::Lang;
use crate::workbook::OpenMode;
use crate::workbook::merge::{
    ConflictReason, Counts, MergeOutcome, MergePlan, PairChoice, Resolution, Side, apply_merge, merge_log,
    plan_merge, undo_last_merge,
};

/// `khuyencong template --kind K -o FILE.xlsx`.
pub fn template(
    kind: RecordKind,
    output: &Path,
    lang: Lang,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    match write_template(kind, output) {
        Ok(()) => {
            let _ = writeln!(
                out,
                "{}{}",
                lang.pick("Đã ghi mẫu nhập: ", "Template written: "),
                shown_path(output)
            );
            0
        }
        Err(e) => {
            let _ = writeln!(err, "{}", e.message(lang));
            2
        }
    }
}

fn plan_lines(plan: &MergePlan, lang: Lang) -> String {
    let c = &plan.counts;
    let mut text = String::new();
    for kind in RecordKind::ALL {
        let n = |v: &[usize; RecordKind::COUNT]| format_int_in(Counts::of(v, kind) as i64, lang);
        let line = match lang {
            Lang::Vi => format!(
                "  {}: thêm {}, cập nhật {}, xóa {}, không đổi {}\n",
                kind.plural().vi,
                n(&c.added),
                n(&c.updated),
                n(&c.deleted),
                n(&c.unchanged)
            ),
            Lang::En => format!(
                "  {}: {} added, {} updated, {} deleted, {} unchanged\n",
                kind.plural().en,
                n(&c.added),
                n(&c.updated),
                n(&c.deleted),
                n(&c.unchanged)
            ),
        };
        text.push_str(&line);
    }
    text
}

/// `khuyencong merge TARGET SOURCE… [--prefer source|target] [--add-duplicates] [--dry-run]`.
/// Records likely the same as ours under another id are listed and linked,
/// keeping ours (never overwritten from the command line), unless
/// `add_duplicates`. Exit status: 0 merged (conflicts left unchanged are
/// listed), 2 a file refused.
#[allow(clippy::too_many_arguments)]
pub fn merge(
    target: &Path,
    sources: &[PathBuf],
    prefer: Option<Resolution>,
    add_duplicates: bool,
    dry_run: bool,
    lang: Lang,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let Ok(mut wb) = crate::cli::open(target, OpenMode::Normal, lang, err) else { return 2 };
    for source in sources {
        // A name may come from an e-mail attachment: no control character reaches the terminal.
        let shown = shown_path(source);
        let mut plan = match plan_merge(&wb, source) {
            Ok(plan) => plan,
            Err(e) => {
                let _ = writeln!(err, "{shown}: {}", e.message(lang));
                return 2;
            }
        };
        let office = quote_at_most(&plan.source_office.office_name, 100);
        let _ = writeln!(
            out,
            "{} {shown} ({office}){}",
            lang.pick("Gộp", "Merging"),
            if dry_run {
                lang.pick(" — chạy thử, không ghi", " — dry run, nothing written")
            } else {
                ""
            }
        );
        describe_plan(&plan, add_duplicates, lang, out);
        if dry_run {
            continue;
        }
        if add_duplicates {
            plan.choose_for_all_pairs(PairChoice::AddAnyway);
        }
        match apply_merge(&mut wb, &plan, &HashMap::new(), prefer, &mut |_| true) {
            Ok(outcome) => {
                describe_outcome(&outcome, lang, out);
                let _ = writeln!(
                    out,
                    "  {}",
                    if outcome.merge_id.is_some() {
                        lang.pick("Đã gộp.", "Merged.")
                    } else {
                        lang.pick("Không có gì mới để gộp.", "Nothing new to merge.")
                    }
                );
            }
            Err(e) => {
                let _ = writeln!(err, "{shown}: {}", e.message(lang));
                return 2;
            }
        }
    }
    0
}

/// What a merge's dry run would do, its conflicts and its likely-same pairs.
pub(crate) fn describe_plan(plan: &MergePlan, add_duplicates: bool, lang: Lang, out: &mut dyn Write) {
    let _ = write!(out, "{}", plan_lines(plan, lang));
    for c in &plan.conflicts {
        let _ = writeln!(
            out,
            "  {} {} “{}” ({}): {}\n    {}: {}\n    {}: {}",
            lang.pick("Xung đột", "Conflict"),
            c.kind.singular(lang),
            c.label,
            c.id,
            c.reason.text(lang),
            lang.pick("sổ đích", "target"),
            c.summary(Side::Mine, lang),
            lang.pick("sổ nguồn", "source"),
            c.summary(Side::Theirs, lang)
        );
    }
    for p in &plan.pairs {
        let _ = writeln!(
            out,
            "  {} {}: “{}” ({}) = “{}” ({}) — {}",
            lang.pick("Có thể trùng", "Likely the same"),
            p.kind.singular(lang),
            p.mine_label,
            lang.pick("sổ đích", "target"),
            p.theirs_label,
            lang.pick("sổ nguồn", "source"),
            p.why(lang)
        );
    }
    if !plan.pairs.is_empty() {
        let n = format_int_in(plan.pairs.len() as i64, lang);
        let _ = writeln!(
            out,
            "  {}",
            match (lang, add_duplicates) {
                (Lang::Vi, false) => format!(
                    "{n} bản ghi có thể trùng được nối với bản ghi của sổ đích (giữ bản của sổ đích), không thêm mới; thêm mới chúng với --add-duplicates, hoặc chọn từng cặp trong cửa sổ chương trình."
                ),
                (Lang::En, false) => format!(
                    "{n} likely-same records are linked to the target's (keeping the target's), not added; add them with --add-duplicates, or choose pair by pair in the window."
                ),
                (Lang::Vi, true) => format!("{n} bản ghi có thể trùng được thêm mới (--add-duplicates)."),
                (Lang::En, true) => format!("{n} likely-same records are added (--add-duplicates)."),
            }
        );
    }
}

/// The conflicts a merge left as they were, and how to take them.
pub(crate) fn describe_outcome(outcome: &MergeOutcome, lang: Lang, out: &mut dyn Write) {
    let own = |c: &&crate::workbook::merge::Conflict| {
        matches!(c.reason, ConflictReason::DeletesOwnRecord | ConflictReason::ChangesOwnRecord)
    };
    let ours = outcome.unresolved.iter().filter(own).count();
    let others = outcome.unresolved.len() - ours;
    if ours > 0 {
        let _ = writeln!(
            out,
            "  {}",
            match lang {
                Lang::Vi => format!(
                    "{ours} bản ghi của đơn vị mình mà sổ gửi đến xóa hoặc sửa được giữ nguyên; chỉ nhận các thay đổi đó khi chạy lại với --prefer source, hoặc chọn từng bản ghi trong cửa sổ chương trình."
                ),
                Lang::En => format!(
                    "{ours} records of this office that the file received deletes or changes were left unchanged; take those changes only by running again with --prefer source, or choose record by record in the window."
                ),
            }
        );
    }
    if others > 0 {
        let _ = writeln!(
            out,
            "  {}",
            match lang {
                Lang::Vi => format!(
                    "{others} bản ghi sửa ở cả hai sổ (hoặc có thời điểm sửa không hợp lý) được giữ nguyên; chạy lại với --prefer source hoặc --prefer target, hoặc gộp trong cửa sổ chương trình để chọn từng bản ghi."
                ),
                Lang::En => format!(
                    "{others} records changed in both workbooks (or with an implausible time) were left unchanged; run again with --prefer source or --prefer target, or merge in the window to choose record by record."
                ),
            }
        );
    }
}

/// `khuyencong undo-merge FILE.db`: undoes the last merge, after listing the log.
pub fn undo_merge(file: &Path, lang: Lang, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let Ok(mut wb) = crate::cli::open(file, OpenMode::Normal, lang, err) else { return 2 };
    match undo_last_merge(&mut wb) {
        Ok(entry) => {
            let _ = writeln!(
                out,
                "{}{}",
                lang.pick("Đã hoàn tác lần gộp: ", "Merge undone: "),
                crate::report::text::merge_log_line(&entry, lang)
            );
            0
        }
        Err(e) => {
            let _ = writeln!(err, "{}", e.message(lang));
            1
        }
    }
}

/// `khuyencong merge-log FILE.db`.
pub fn merge_log_lines(file: &Path, lang: Lang, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let Ok(wb) = crate::cli::open(file, OpenMode::ReadOnly, lang, err) else { return 2 };
    match merge_log(&wb) {
        Ok(log) => {
            if log.is_empty() {
                let _ = writeln!(out, "{}", lang.pick("Chưa gộp sổ nào.", "No merge yet."));
            }
            for e in &log {
                let _ = writeln!(out, "{}", crate::report::text::merge_log_line(e, lang));
            }
            0
        }
        Err(e) => {
            let _ = writeln!(err, "{}", e.message(lang));
            2
        }
    }
}

/// `khuyencong report FILE.db --docx OUT.docx`: the yearly report as a Word
/// document, its charts drawn without a window. Exit status: 0 written, 2
/// refused (nothing written).
pub fn report_docx(
    wb: &crate::workbook::Workbook,
    summary: &crate::workbook::summary::Summary,
    path: &Path,
    signer: &str,
    lang: Lang,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    use crate::report::docx::{Block, write_docx};
    use crate::report::yearly::{ReportRequest, yearly_report};
    let request = ReportRequest {
        from: summary.from,
        to: summary.to,
        lang,
        date: jiff::Zoned::now().date(),
        signer: signer.to_string(),
        charts: true,
    };
    let doc = match yearly_report(wb, &request) {
        Ok(doc) => doc,
        Err(e) => {
            let _ = writeln!(err, "{}", e.message(lang));
            return 2;
        }
    };
    if let Err(e) = write_docx(&doc, path) {
        let _ = writeln!(err, "{}", e.message(lang));
        return 2;
    }
    let pictures =
        doc.sections.iter().flat_map(|s| &s.blocks).filter(|b| matches!(b, Block::Picture(_))).count();
    let n = format_int_in(pictures as i64, lang);
    let _ = match lang {
        Lang::Vi => writeln!(out, "Đã viết báo cáo {} (kèm {n} biểu đồ).", shown_path(path)),
        Lang::En => writeln!(out, "Report written to {} (with {n} charts).", shown_path(path)),
    };
    0
}
