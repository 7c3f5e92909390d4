//! `khuyencong server …`: setting up the province's PostgreSQL server;
//! `khuyencong sync`: syncing a workbook with it.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use clap::Subcommand;

use crate::cli_exchange::{describe_outcome, describe_plan};
use crate::domain::number::{format_int_in, plural};
use crate::domain::text::quote_at_most;
use crate::i18n::Lang;
use crate::server::sync::{Login, SyncOutcome, address_without_password, sync as sync_with};
use crate::server::{ServerError, add_office, init};
use crate::workbook::OpenMode;
use crate::workbook::merge::Resolution;

#[derive(Debug, Subcommand)]
pub enum ServerAction {
    /// Tạo hoặc nâng cấp cấu trúc trên máy chủ / Create or migrate the schema on the server
    Init {
        /// postgresql://quan-tri@may-chu:5432/khuyencong?sslmode=require
        url: String,
    },
    /// Tạo tài khoản đăng nhập cho một đơn vị / Create the login of an office
    AddOffice {
        url: String,
        /// Tên đơn vị / The office's name
        #[arg(long)]
        name: String,
        /// Tỉnh / Province
        #[arg(long, default_value = "")]
        province: String,
        /// Đọc và ghi bản ghi của mọi đơn vị (Trung tâm tỉnh) / Reads and writes every office's records (the provincial centre)
        #[arg(long)]
        province_wide: bool,
    },
}

/// Exit status: 0 done, 2 refused (nothing changed).
pub fn run(action: ServerAction, lang: Lang, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let refused = |err: &mut dyn Write, e: ServerError| {
        let _ = writeln!(err, "{}", e.message(lang));
        2
    };
    match action {
        ServerAction::Init { url } => match init(&url) {
            Ok(done) if done.from == done.to => {
                let _ = match lang {
                    Lang::Vi => writeln!(out, "Máy chủ đã ở cấp {}; không cần thay đổi.", done.to),
                    Lang::En => {
                        writeln!(out, "The server is at level {} already; nothing to change.", done.to)
                    }
                };
                0
            }
            Ok(done) => {
                let _ = match lang {
                    Lang::Vi => {
                        writeln!(out, "Đã đưa cấu trúc máy chủ từ cấp {} lên cấp {}.", done.from, done.to)
                    }
                    Lang::En => writeln!(
                        out,
                        "The server's schema went from level {} to level {}.",
                        done.from, done.to
                    ),
                };
                0
            }
            Err(e) => refused(err, e),
        },
        ServerAction::AddOffice { url, name, province, province_wide } => {
            match add_office(&url, &name, &province, province_wide) {
                Ok(o) => {
                    let _ = match lang {
                        Lang::Vi => writeln!(
                            out,
                            "Đã tạo tài khoản cho \u{201c}{name}\u{201d}{}.\n  Tên đăng nhập: {}\n  Mật khẩu: {}\n  Mã đơn vị: {}\nMật khẩu chỉ hiện một lần: hãy trao tận tay cho đơn vị. Đơn vị đồng bộ bằng Tệp → Đồng bộ với máy chủ… (hoặc khuyencong sync SO.db --server …) với địa chỉ postgresql://TÊN-ĐĂNG-NHẬP@máy-chủ:cổng/cơ-sở-dữ-liệu?sslmode=require và mật khẩu trên; lần đồng bộ đầu tiên gắn tài khoản với sổ của đơn vị.",
                            if province_wide { " (đọc và ghi mọi đơn vị)" } else { "" },
                            o.role,
                            o.password,
                            o.office_id
                        ),
                        Lang::En => writeln!(
                            out,
                            "Created the login of \u{201c}{name}\u{201d}{}.\n  Login: {}\n  Password: {}\n  Office id: {}\nThe password is shown once: hand it to the office in person. The office syncs with File → Sync with the server… (or khuyencong sync FILE.db --server …) at postgresql://LOGIN@host:port/database?sslmode=require with that password; its first sync binds the login to the office's workbook.",
                            if province_wide { " (reads and writes every office)" } else { "" },
                            o.role,
                            o.password,
                            o.office_id
                        ),
                    };
                    0
                }
                Err(e) => refused(err, e),
            }
        }
    }
}

/// The password for a login: in the URL already, `PGPASSWORD` (as `psql`
/// reads it), or asked on the terminal without echo; never stored.
fn password_for(address: &str, lang: Lang) -> Option<String> {
    if let Some(p) = std::env::var("PGPASSWORD").ok().filter(|p| !p.is_empty()) {
        return Some(p);
    }
    if address_without_password(address) != address.trim() || !std::io::stdin().is_terminal() {
        return None;
    }
    rpassword::prompt_password(lang.pick("Mật khẩu máy chủ: ", "Server password: ")).ok()
}

/// `khuyencong sync FILE.db [--server URL]`. Exit status: 0 synced (conflicts
/// left unresolved are listed and wait for the next sync), 2 refused.
pub fn sync(
    file: &Path,
    server: Option<&str>,
    prefer: Option<Resolution>,
    add_duplicates: bool,
    lang: Lang,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let Ok(mut wb) = crate::cli::open(file, OpenMode::Normal, lang, err) else { return 2 };
    let address = match server {
        Some(s) => s.to_string(),
        None => match wb.sync_state() {
            Ok(Some(state)) => state.address,
            Ok(None) => {
                let _ = writeln!(
                    err,
                    "{}",
                    lang.pick(
                        "Sổ này chưa đồng bộ với máy chủ nào: hãy cho địa chỉ bằng --server postgresql://TÊN-ĐĂNG-NHẬP@máy-chủ:5432/khuyencong.",
                        "This workbook has not synced with a server yet: give the address with --server postgresql://LOGIN@host:5432/khuyencong."
                    )
                );
                return 2;
            }
            Err(e) => {
                let _ = writeln!(err, "{}", e.message(lang));
                return 2;
            }
        },
    };
    let login = Login { password: password_for(&address, lang), address };
    let _ = writeln!(
        out,
        "{} {}",
        lang.pick("Đồng bộ với", "Syncing with"),
        quote_at_most(&address_without_password(&login.address), 200)
    );
    let cancel = Arc::new(AtomicBool::new(false));
    let result = sync_with(&login, &mut wb, prefer, add_duplicates, &cancel, &mut |plan| {
        describe_plan(plan, add_duplicates, lang, out)
    });
    match result {
        Ok(done) => {
            describe_outcome(&done.merge, lang, out);
            let _ = writeln!(out, "  {}", sent_line(&done, lang));
            0
        }
        Err(e) => {
            let _ = writeln!(err, "{}", e.message(lang));
            2
        }
    }
}

/// What was received and sent, in one line.
pub fn sent_line(done: &SyncOutcome, lang: Lang) -> String {
    let n = |v: usize| format_int_in(v as i64, lang);
    let mut line = match lang {
        Lang::Vi => format!("Đã nhận {} dòng từ máy chủ, đã gửi {} bản ghi.", n(done.pulled), n(done.pushed)),
        Lang::En => format!(
            "Received {} from the server, sent {}.",
            plural(done.pulled as i64, &n(done.pulled), "row", "rows"),
            plural(done.pushed as i64, &n(done.pushed), "record", "records")
        ),
    };
    if done.changed_there > 0 {
        line += &match lang {
            Lang::Vi => format!(
                " {} bản ghi chưa gửi vì trên máy chủ vừa có người sửa: đồng bộ lại để xem.",
                n(done.changed_there)
            ),
            Lang::En => {
                format!(
                    " {} records not sent as someone just changed them on the server: sync again to see.",
                    n(done.changed_there)
                )
            }
        };
    }
    if done.not_permitted > 0 {
        line += &match lang {
            Lang::Vi => format!(
                " {} bản ghi của đơn vị khác không gửi lên (tài khoản chỉ được ghi bản ghi của đơn vị mình).",
                n(done.not_permitted)
            ),
            Lang::En => format!(
                " {} records of other offices were not sent (the login writes only its own office's).",
                n(done.not_permitted)
            ),
        };
    }
    line
}
