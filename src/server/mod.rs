//! The province's PostgreSQL server: its schema ([`schema`], numbered
//! levels like the workbook's) and the login role of each office. The
//! server enforces who may write what (row-level security); the program
//! only asks. Connections use TLS when the server offers it (`sslmode` in
//! the URL, as libpq reads it); a password is never written to a file.

pub mod schema;
pub mod sync;

use postgres::{Client, Config};
use postgres_native_tls::MakeTlsConnector;

use crate::i18n::Lang;
use schema::{LEVELS, SERVER_LEVEL};

/// Why the server could not be used, said in the officer's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServerError {
    /// The URL is not a PostgreSQL connection string.
    BadUrl(String),
    /// No connection (address, password, TLS, the server down).
    Connect(String),
    /// The server's schema is of a newer program.
    Newer {
        found: i32,
        supported: i32,
    },
    /// The database holds tables of another program under our names.
    NotOurs,
    /// The role connected may not do this (only the server's administrator sets it up).
    NotPermitted(String),
    Sql(String),
}

impl ServerError {
    pub fn message(&self, lang: Lang) -> String {
        let vi = lang == Lang::Vi;
        match self {
            ServerError::BadUrl(d) => {
                if vi {
                    format!(
                        "Địa chỉ máy chủ không đúng dạng ({d}). Viết như postgresql://nguoi-dung@may-chu:5432/khuyencong?sslmode=require."
                    )
                } else {
                    format!(
                        "The server address is not well formed ({d}). Write it like postgresql://user@host:5432/khuyencong?sslmode=require."
                    )
                }
            }
            ServerError::Connect(d) => {
                if vi {
                    format!(
                        "Không kết nối được máy chủ ({d}). Hãy kiểm tra địa chỉ, tên đăng nhập, mật khẩu và mạng; không có gì thay đổi."
                    )
                } else {
                    format!(
                        "Cannot connect to the server ({d}). Check the address, the login, the password and the network; nothing was changed."
                    )
                }
            }
            ServerError::Newer { found, supported } => {
                if vi {
                    format!(
                        "Máy chủ dùng cấu trúc cấp {found}, mới hơn chương trình này (cấp {supported}). Hãy cập nhật chương trình; không có gì thay đổi."
                    )
                } else {
                    format!(
                        "The server's schema is at level {found}, newer than this program's ({supported}). Update the program; nothing was changed."
                    )
                }
            }
            ServerError::NotOurs => {
                if vi {
                    "Cơ sở dữ liệu đã có bảng cùng tên của chương trình khác. Hãy dùng một cơ sở dữ liệu riêng cho sổ khuyến công; không có gì thay đổi.".to_string()
                } else {
                    "The database already holds tables of that name from another program. Use a database of its own for the workbooks; nothing was changed.".to_string()
                }
            }
            ServerError::NotPermitted(d) => {
                if vi {
                    format!(
                        "Tài khoản này không có quyền làm việc đó ({d}). Việc này do quản trị máy chủ làm; không có gì thay đổi."
                    )
                } else {
                    format!(
                        "This login may not do that ({d}). The server's administrator does it; nothing was changed."
                    )
                }
            }
            ServerError::Sql(d) => {
                if vi {
                    format!("Máy chủ báo lỗi: {d}. Không có gì thay đổi.")
                } else {
                    format!("The server reported an error: {d}. Nothing was changed.")
                }
            }
        }
    }
}

impl From<postgres::Error> for ServerError {
    fn from(e: postgres::Error) -> Self {
        match e.code() {
            Some(c) if *c == postgres::error::SqlState::INSUFFICIENT_PRIVILEGE => {
                ServerError::NotPermitted(one_line(&e))
            }
            _ => ServerError::Sql(one_line(&e)),
        }
    }
}

/// The error's own words, on one line.
fn one_line(e: &postgres::Error) -> String {
    let text = match e.as_db_error() {
        Some(db) => db.message().to_string(),
        None => e.to_string(),
    };
    crate::domain::text::quote_at_most(&text, 200)
}

/// Connects with TLS when the server offers it (and requires it when the
/// URL says `sslmode=require`).
pub fn connect(url: &str) -> Result<Client, ServerError> {
    connect_with(url, None)
}

/// [`connect`] with a password given apart from the URL (asked of the
/// officer, never stored).
pub fn connect_with(url: &str, password: Option<&str>) -> Result<Client, ServerError> {
    let mut config: Config =
        url.trim().parse().map_err(|e: postgres::Error| ServerError::BadUrl(one_line(&e)))?;
    if let Some(password) = password.filter(|p| !p.is_empty()) {
        config.password(password);
    }
    config.connect_timeout(std::time::Duration::from_secs(15));
    config.connect(MakeTlsConnector::new(tls()?)).map_err(|e| ServerError::Connect(one_line(&e)))
}

/// The TLS connector, made once: it reads the system's certificates, which
/// takes longer than a sync of a few changes.
fn tls() -> Result<native_tls::TlsConnector, ServerError> {
    static TLS: std::sync::OnceLock<native_tls::TlsConnector> = std::sync::OnceLock::new();
    if let Some(tls) = TLS.get() {
        return Ok(tls.clone());
    }
    let tls = native_tls::TlsConnector::new().map_err(|e| ServerError::Connect(e.to_string()))?;
    Ok(TLS.get_or_init(|| tls).clone())
}

/// What `server init` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Initialised {
    pub from: i32,
    pub to: i32,
}

/// The server's schema level; 0 for an empty database.
pub(crate) fn level(client: &mut Client) -> Result<i32, ServerError> {
    let exists: bool =
        client.query_one("SELECT to_regclass('public.kc_schema') IS NOT NULL", &[])?.try_get(0)?;
    if !exists {
        let taken: bool = client
            .query_one(
                "SELECT to_regclass('public.kc_records') IS NOT NULL OR to_regclass('public.kc_offices') IS NOT NULL",
                &[],
            )?
            .try_get(0)?;
        return if taken { Err(ServerError::NotOurs) } else { Ok(0) };
    }
    let row = client.query_opt("SELECT level FROM kc_schema WHERE singleton = 1", &[])?;
    // A level that is no number (another program's table of that name) is not ours.
    row.and_then(|r| r.try_get(0).ok()).ok_or(ServerError::NotOurs)
}

/// Creates the schema in an empty database, or brings an older one to this
/// program's level, one transaction per level; a newer one is refused.
pub fn init(url: &str) -> Result<Initialised, ServerError> {
    let mut client = connect(url)?;
    let from = level(&mut client)?;
    if from > SERVER_LEVEL {
        return Err(ServerError::Newer { found: from, supported: SERVER_LEVEL });
    }
    for (i, script) in LEVELS.iter().enumerate().skip(from.max(0) as usize) {
        let mut tx = client.transaction()?;
        tx.batch_execute(script)?;
        tx.execute("UPDATE kc_schema SET level = $1 WHERE singleton = 1", &[&(i as i32 + 1)])?;
        tx.commit()?;
    }
    Ok(Initialised { from, to: SERVER_LEVEL })
}

/// An office's login, made by `server add-office`: shown once, kept nowhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOffice {
    pub office_id: String,
    pub role: String,
    pub password: String,
}

/// A password of 24 letters and digits from the system's random source.
fn new_password() -> Result<String, ServerError> {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    let mut bytes = [0u8; 24];
    getrandom::fill(&mut bytes).map_err(|e| ServerError::Sql(e.to_string()))?;
    Ok(bytes.iter().map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char).collect())
}

/// The role's name: `kc_` and the office's name in plain letters, with a
/// short tail of its id so that two offices of one name differ.
fn role_name(name: &str, office_id: &str) -> String {
    let plain: String = crate::domain::text::fold(name)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let plain: String = plain.split('_').filter(|p| !p.is_empty()).collect::<Vec<_>>().join("_");
    let tail: String = office_id.chars().rev().take(6).collect();
    format!("kc_{}_{tail}", plain.chars().take(40).collect::<String>())
}

/// Adds an office with its own login role (a member of `kc_office`), in one
/// transaction; `province_wide` lets it read and write every office's records.
pub fn add_office(
    url: &str,
    name: &str,
    province: &str,
    province_wide: bool,
) -> Result<NewOffice, ServerError> {
    let name = crate::domain::text::clean_line(name);
    if name.is_empty() {
        return Err(ServerError::BadUrl("--name".into()));
    }
    let mut client = connect(url)?;
    let found = level(&mut client)?;
    if found != SERVER_LEVEL {
        return Err(if found > SERVER_LEVEL {
            ServerError::Newer { found, supported: SERVER_LEVEL }
        } else {
            ServerError::Sql(format!("schema level {found}: run `khuyencong server init` first"))
        });
    }
    let office_id = uuid::Uuid::now_v7().to_string();
    let role = role_name(&name, &office_id);
    let password = new_password()?;
    let mut tx = client.transaction()?;
    // Identifiers and the password quoted by the server itself.
    let create: String = tx
        .query_one(
            "SELECT format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE kc_office', $1::text, $2::text)",
            &[&role, &password],
        )?
        .try_get(0)?;
    tx.batch_execute(&create)?;
    tx.execute(
        "INSERT INTO kc_offices (id, name, province, role_name, province_wide) VALUES ($1, $2, $3, $4, $5)",
        &[&office_id, &name, &province, &role, &province_wide],
    )?;
    tx.commit()?;
    Ok(NewOffice { office_id, role, password })
}
