//! `khuyencong server …`: setting up the province's PostgreSQL server.

use std::io::Write;

use clap::Subcommand;

use crate::i18n::Lang;
use crate::server::{ServerError, add_office, init};

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
                            "Đã tạo tài khoản cho \u{201c}{name}\u{201d}{}.\n  Tên đăng nhập: {}\n  Mật khẩu: {}\n  Mã đơn vị: {}\nMật khẩu chỉ hiện một lần: hãy trao tận tay cho đơn vị. Đơn vị kết nối bằng địa chỉ máy chủ này với tên đăng nhập và mật khẩu trên (postgresql://TÊN-ĐĂNG-NHẬP@máy-chủ:cổng/cơ-sở-dữ-liệu?sslmode=require).",
                            if province_wide { " (đọc và ghi mọi đơn vị)" } else { "" },
                            o.role,
                            o.password,
                            o.office_id
                        ),
                        Lang::En => writeln!(
                            out,
                            "Created the login of \u{201c}{name}\u{201d}{}.\n  Login: {}\n  Password: {}\n  Office id: {}\nThe password is shown once: hand it to the office in person. The office connects to this server's address with that login and password (postgresql://LOGIN@host:port/database?sslmode=require).",
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
