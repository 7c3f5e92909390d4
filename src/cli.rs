//! The command line. Help is bilingual; messages follow `--lang` (Vietnamese
//! by default). Exit status: 0 done, 1 bad data (nothing written), 2 a file
//! refused or a usage error.

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::domain::RecordKind;
use crate::domain::number::{format_int_in, plural};
use crate::domain::text::shown_path;
use crate::exchange::export::{export_csv, export_xlsx};
use crate::exchange::import::{ImportError, import_table, read_file};
use crate::i18n::Lang;
use crate::report::paragraph::report_with_plans;
use crate::report::text::summary_table;
use crate::spreadsheet::ReadOptions;
use crate::spreadsheet::choose::SheetChoice;
use crate::spreadsheet::formats::{DateOrder, DecimalMark};
use crate::spreadsheet::units::Unit;
use crate::workbook::error::show;
use crate::workbook::merge::Resolution;
use crate::workbook::recovery::{recover_into_copy, recovered_notice};
use crate::workbook::sample::create_sample;
use crate::workbook::{OpenMode, Workbook, WorkbookError};

#[derive(Debug, Parser)]
#[command(
    name = "khuyencong",
    version,
    about = "Sổ khuyến công — sổ theo dõi đề án, đào tạo và hỗ trợ thiết kế của Trung tâm Khuyến công.\n\
             Khuyến công workbook — grants, trainings and design support of an Industrial Extension Centre.",
    long_about = None,
    args_conflicts_with_subcommands = true,
    disable_help_subcommand = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Sổ cần mở trong cửa sổ (mặc định: sổ trong thư mục dữ liệu) / Workbook to open in the window (default: the default workbook)
    pub file: Option<PathBuf>,

    /// Mở một bản sao mới của sổ mẫu / Open a fresh copy of the sample workbook
    #[arg(long)]
    pub sample: bool,

    /// Mở chỉ đọc / Open read-only
    #[arg(long)]
    pub read_only: bool,

    /// Ngôn ngữ: vi hoặc en / Language: vi or en
    #[arg(long, global = true, value_parser = parse_lang)]
    pub lang: Option<Lang>,
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::from_code(s).ok_or_else(|| "vi | en".to_string())
}

fn parse_decimal(s: &str) -> Result<DecimalMark, String> {
    match s {
        "comma" => Ok(DecimalMark::Comma),
        "point" => Ok(DecimalMark::Point),
        _ => Err("comma | point".into()),
    }
}

fn parse_date_order(s: &str) -> Result<DateOrder, String> {
    match s {
        "dmy" => Ok(DateOrder::DayMonth),
        "mdy" => Ok(DateOrder::MonthDay),
        _ => Err("dmy | mdy".into()),
    }
}

fn parse_unit(s: &str) -> Result<Unit, String> {
    Unit::from_cli_name(s).ok_or_else(|| "dong | nghin | trieu | ty".into())
}

fn parse_kind(s: &str) -> Result<RecordKind, String> {
    RecordKind::from_cli_name(s).ok_or_else(|| "facilities | projects | trainings | design".to_string())
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Tạo sổ mới / Create a new workbook
    New {
        file: PathBuf,
        /// Tên đơn vị giữ sổ / Name of the office that keeps the workbook
        #[arg(long, default_value = "")]
        office: String,
        /// Tỉnh / Province
        #[arg(long, default_value = "Vĩnh Long")]
        province: String,
    },
    /// Tạo sổ mẫu 2014–2023 / Write the 2014–2023 sample workbook
    Sample { file: PathBuf },
    /// Nhập bản ghi từ tệp Excel (.xlsx, .xls), LibreOffice (.ods) hoặc CSV / Import records from an Excel (.xlsx, .xls), LibreOffice (.ods) or CSV file
    Import {
        file: PathBuf,
        input: PathBuf,
        /// facilities | projects | trainings | design
        #[arg(long, value_parser = parse_kind)]
        kind: RecordKind,
        /// Trang tính: tên hoặc số thứ tự từ 1 / Sheet: its name or number from 1
        #[arg(long)]
        sheet: Option<String>,
        /// Dấu phẩy trong số là: comma = dấu thập phân, point = ngăn cách hàng nghìn / The comma in numbers is: comma = a decimal mark, point = a thousands separator
        #[arg(long, value_parser = parse_decimal)]
        decimal: Option<DecimalMark>,
        /// Thứ tự ngày: dmy (ngày/tháng/năm) hoặc mdy / Date order: dmy or mdy
        #[arg(long, value_parser = parse_date_order)]
        dates: Option<DateOrder>,
        /// Đơn vị tiền của cột không ghi đơn vị: dong | nghin | trieu | ty / Unit of money columns that name none
        #[arg(long, value_parser = parse_unit)]
        unit: Option<Unit>,
        /// Nhập cả các dòng ẩn / Import hidden rows too
        #[arg(long)]
        include_hidden: bool,
        /// Bỏ qua các cột không biết / Leave out the columns the program does not know
        #[arg(long)]
        ignore_unknown: bool,
        /// Giữ nguyên chữ ở bảng mã cũ (TCVN3, VNI) / Keep text in old encodings (TCVN3, VNI) as it is
        #[arg(long)]
        keep_legacy: bool,
    },
    /// Kiểm tra tính toàn vẹn và phiên bản / Check integrity and version
    Check { file: PathBuf },
    /// Tổng hợp theo năm / Totals for a range of years
    Summary {
        file: PathBuf,
        /// Từ năm / From year
        #[arg(long)]
        from: Option<i32>,
        /// Đến năm / To year
        #[arg(long)]
        to: Option<i32>,
        /// In dạng JSON / Print as JSON
        #[arg(long)]
        json: bool,
    },
    /// Đoạn văn báo cáo cho một khoảng năm / The report paragraph for a range of years
    Report {
        file: PathBuf,
        /// Từ năm (mặc định: năm đầu có số liệu) / From year (default: the first year with data)
        #[arg(long)]
        from: Option<i32>,
        /// Đến năm (mặc định: năm cuối có số liệu) / To year (default: the last year with data)
        #[arg(long)]
        to: Option<i32>,
        /// Viết báo cáo năm ra tệp Word (.docx) / Write the yearly report to a Word file (.docx)
        #[arg(long)]
        docx: Option<PathBuf>,
        /// Họ tên người ký (Giám đốc) / The signer's name (the director)
        #[arg(long, default_value = "")]
        signer: String,
    },
    /// Xuất sổ ra Excel (mọi loại) hoặc một loại ra CSV / Export the workbook to Excel, or one kind to CSV
    Export {
        file: PathBuf,
        /// Tệp xuất / Output file
        #[arg(short, long)]
        output: PathBuf,
        /// Loại bản ghi (chỉ với CSV) / Record kind (CSV only): facilities | projects | trainings | design
        #[arg(long, value_parser = parse_kind)]
        kind: Option<RecordKind>,
        /// xlsx | csv (mặc định: theo đuôi tệp / default: from the file's extension)
        #[arg(long, value_parser = parse_format)]
        format: Option<ExportFormat>,
    },
    /// Ghi mẫu nhập Excel cho một loại bản ghi / Write the Excel import template of a record kind
    Template {
        /// facilities | projects | trainings | design
        #[arg(long, value_parser = parse_kind)]
        kind: RecordKind,
        /// Tệp mẫu / Template file
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Gộp sổ của các đơn vị vào sổ đích / Merge other offices' workbooks into a target workbook
    Merge {
        target: PathBuf,
        #[arg(required = true)]
        sources: Vec<PathBuf>,
        /// Bản ghi sửa ở cả hai sổ: lấy theo sổ nguồn hay sổ đích / Records changed in both: take the source's or keep the target's
        #[arg(long, value_parser = parse_prefer)]
        prefer: Option<Resolution>,
        /// Bản ghi có thể trùng với bản ghi của sổ đích (khác mã định danh): thêm mới thay vì nối / Records likely the same as the target's under another id: add them instead of linking
        #[arg(long)]
        add_duplicates: bool,
        /// Chỉ xem sẽ gộp những gì, không ghi / Only show what would be merged; write nothing
        #[arg(long)]
        dry_run: bool,
    },
    /// Hoàn tác lần gộp sổ gần nhất / Undo the last merge
    UndoMerge { file: PathBuf },
    /// Khôi phục sổ có lần lưu bị ngắt vào một bản sao (tệp gốc chỉ được đọc) / Recover a workbook whose last save was interrupted into a copy (the original is only read)
    Recover {
        file: PathBuf,
        /// Bản sao mới (không ghi đè tệp có sẵn) / The new copy (an existing file is never replaced)
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Nhật ký gộp sổ / The merge log
    MergeLog { file: PathBuf },
    /// Xem hoặc đặt tên đơn vị và tỉnh của sổ / Show or set the workbook's office and province
    Office {
        file: PathBuf,
        /// Tên đơn vị giữ sổ / Name of the office that keeps the workbook
        #[arg(long)]
        name: Option<String>,
        /// Tỉnh / Province
        #[arg(long)]
        province: Option<String>,
    },
    /// Đồng bộ sổ với máy chủ của tỉnh / Sync the workbook with the province's server
    Sync {
        file: PathBuf,
        /// postgresql://TÊN-ĐĂNG-NHẬP@may-chu:5432/khuyencong?sslmode=require — mặc định: máy chủ lần trước; mật khẩu được hỏi (hoặc lấy từ PGPASSWORD), không lưu / default: the last server; the password is asked (or taken from PGPASSWORD), never stored
        #[arg(long)]
        server: Option<String>,
        /// Bản ghi sửa ở cả hai nơi: lấy của máy chủ (source) hay giữ của sổ (target) / Records changed on both sides: take the server's (source) or keep the workbook's (target)
        #[arg(long, value_parser = parse_prefer)]
        prefer: Option<Resolution>,
        /// Bản ghi có thể trùng (khác mã định danh): thêm mới thay vì nối / Likely-same records under another id: add them instead of linking
        #[arg(long)]
        add_duplicates: bool,
    },
    /// Máy chủ PostgreSQL của tỉnh / The province's PostgreSQL server
    Server {
        #[command(subcommand)]
        action: crate::cli_server::ServerAction,
    },
}

fn parse_prefer(s: &str) -> Result<Resolution, String> {
    Resolution::from_prefer(s).ok_or_else(|| "source | target".to_string())
}

/// What `khuyencong export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Xlsx,
    Csv,
}

fn parse_format(s: &str) -> Result<ExportFormat, String> {
    match s.to_ascii_lowercase().as_str() {
        "xlsx" => Ok(ExportFormat::Xlsx),
        "csv" => Ok(ExportFormat::Csv),
        _ => Err("xlsx | csv".to_string()),
    }
}

/// What `main` should do after the arguments are read.
#[derive(Debug)]
pub enum Outcome {
    Exit(i32),
    /// Start the window.
    Gui {
        file: Option<PathBuf>,
        sample: bool,
        read_only: bool,
        lang: Option<Lang>,
    },
}

/// Runs a command; output and errors go to the given writers.
pub fn run(args: Vec<OsString>, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let text = e.render().to_string();
            let _ = if e.use_stderr() { write!(err, "{text}") } else { write!(out, "{text}") };
            return Outcome::Exit(code);
        }
    };
    let lang = cli.lang.unwrap_or_default();
    let Some(command) = cli.command else {
        return Outcome::Gui { file: cli.file, sample: cli.sample, read_only: cli.read_only, lang: cli.lang };
    };
    let refused = |err: &mut dyn Write, e: WorkbookError| {
        let _ = writeln!(err, "{}", e.message(lang));
        Outcome::Exit(2)
    };
    match command {
        Command::New { file, office, province } => match Workbook::create(&file, &office, &province) {
            Ok(_) => {
                let _ = writeln!(
                    out,
                    "{}",
                    lang.pick("Đã tạo sổ mới: ", "Created a new workbook: ").to_string() + &shown_path(&file)
                );
                Outcome::Exit(0)
            }
            Err(e) => refused(err, e),
        },
        Command::Sample { file } => match create_sample(&file) {
            Ok(_) => {
                let _ = writeln!(
                    out,
                    "{}{}",
                    lang.pick("Đã tạo sổ mẫu: ", "Created the sample workbook: "),
                    shown_path(&file)
                );
                Outcome::Exit(0)
            }
            Err(e) => refused(err, e),
        },
        Command::Import {
            file,
            input,
            kind,
            sheet,
            decimal,
            dates,
            unit,
            include_hidden,
            ignore_unknown,
            keep_legacy,
        } => {
            let options = ReadOptions {
                sheet: sheet.as_deref().map(SheetChoice::parse),
                decimal,
                date_order: dates,
                unit,
                include_hidden,
                ignore_unknown,
                keep_legacy,
                mapping: None,
            };
            import(out, err, lang, &file, &input, kind, &options)
        }
        Command::Check { file } => {
            let Ok(wb) = open(&file, OpenMode::ReadOnly, lang, err) else { return Outcome::Exit(2) };
            let (integrity, version) = match wb.check_report() {
                Ok(r) => r,
                Err(e) => return refused(err, e),
            };
            let counts = wb.counts().unwrap_or_default();
            let info = wb.info();
            let vi = lang == Lang::Vi;
            let _ = writeln!(out, "{}: {}", if vi { "Tệp" } else { "File" }, shown_path(&file));
            let _ = writeln!(
                out,
                "{}: {} ({})",
                if vi { "Đơn vị" } else { "Office" },
                info.office_name,
                info.province
            );
            let _ = writeln!(
                out,
                "{}: {version} / {}",
                if vi { "Phiên bản dữ liệu / chương trình" } else { "Data version / program" },
                crate::workbook::schema::CURRENT_VERSION
            );
            let _ =
                writeln!(out, "{}: {integrity}", if vi { "Kiểm tra toàn vẹn" } else { "Integrity check" });
            let _ = writeln!(
                out,
                "{}: {} / {} / {} / {}",
                if vi {
                    "Cơ sở / đề án / đào tạo / thiết kế"
                } else {
                    "Facilities / projects / trainings / design"
                },
                counts[0],
                counts[1],
                counts[2],
                counts[3]
            );
            let (outside, total) = match wb.out_of_limits() {
                Ok(r) => r,
                Err(e) => return refused(err, e),
            };
            if total > 0 {
                let _ = writeln!(
                    out,
                    "{}: {}",
                    if vi { "Ngoài giới hạn (cần sửa)" } else { "Outside the limits (to correct)" },
                    format_int_in(total as i64, lang)
                );
                for record in &outside {
                    let _ = writeln!(out, "  {}", record.describe(lang));
                }
                if total > outside.len() {
                    let more = format_int_in((total - outside.len()) as i64, lang);
                    let _ = writeln!(
                        out,
                        "  {}",
                        if vi {
                            format!("… và {more} chỗ nữa")
                        } else {
                            format!("… and {more} more")
                        }
                    );
                }
            }
            Outcome::Exit(if integrity != "ok" {
                2
            } else if total > 0 {
                1
            } else {
                0
            })
        }
        Command::Summary { file, from, to, json } => {
            let Ok(wb) = open(&file, OpenMode::ReadOnly, lang, err) else { return Outcome::Exit(2) };
            let summary = match wb.summary(from, to) {
                Ok(s) => s,
                Err(e) => return refused(err, e),
            };
            if json {
                let plans = match wb.plans_overlapping(summary.from, summary.to) {
                    Ok(plans) => plans,
                    Err(e) => return refused(err, e),
                };
                let mut value = serde_json::to_value(&summary).unwrap_or_default();
                value["plans"] = crate::report::plan_table::plans_json(&plans);
                match serde_json::to_string_pretty(&value) {
                    Ok(text) => {
                        let _ = writeln!(out, "{text}");
                    }
                    Err(e) => {
                        let _ = writeln!(err, "{e}");
                        return Outcome::Exit(1);
                    }
                }
            } else {
                let _ = write!(out, "{}", summary_table(&summary, lang));
            }
            Outcome::Exit(0)
        }
        Command::Report { file, from, to, docx, signer } => {
            let Ok(wb) = open(&file, OpenMode::ReadOnly, lang, err) else { return Outcome::Exit(2) };
            let summary = match wb.summary(from, to) {
                Ok(summary) => summary,
                Err(e) => return refused(err, e),
            };
            if let Some(path) = docx {
                return Outcome::Exit(crate::cli_exchange::report_docx(
                    &wb, &summary, &path, &signer, lang, out, err,
                ));
            }
            match wb.plans_overlapping(summary.from, summary.to) {
                Ok(plans) => {
                    let text = report_with_plans(&summary, &wb.info().office_name, &plans, lang);
                    let _ = writeln!(out, "{text}");
                    Outcome::Exit(0)
                }
                Err(e) => refused(err, e),
            }
        }
        Command::Template { kind, output } => {
            Outcome::Exit(crate::cli_exchange::template(kind, &output, lang, out, err))
        }
        Command::Merge { target, sources, prefer, add_duplicates, dry_run } => Outcome::Exit(
            crate::cli_exchange::merge(&target, &sources, prefer, add_duplicates, dry_run, lang, out, err),
        ),
        Command::UndoMerge { file } => Outcome::Exit(crate::cli_exchange::undo_merge(&file, lang, out, err)),
        Command::Office { file, name, province } => {
            Outcome::Exit(office(&file, name, province, lang, out, err))
        }
        Command::MergeLog { file } => {
            Outcome::Exit(crate::cli_exchange::merge_log_lines(&file, lang, out, err))
        }
        Command::Sync { file, server, prefer, add_duplicates } => Outcome::Exit(crate::cli_server::sync(
            &file,
            server.as_deref(),
            prefer,
            add_duplicates,
            lang,
            out,
            err,
        )),
        Command::Server { action } => Outcome::Exit(crate::cli_server::run(action, lang, out, err)),
        Command::Recover { file, output } => Outcome::Exit(recover(&file, &output, lang, out, err)),
        Command::Export { file, output, kind, format } => {
            export(&file, &output, kind, format, lang, out, err)
        }
    }
}

/// `khuyencong office FILE [--name …] [--province …]`: sets what is given
/// (one transaction), then prints the office and province.
fn office(
    file: &std::path::Path,
    name: Option<String>,
    province: Option<String>,
    lang: Lang,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let setting = name.is_some() || province.is_some();
    let mode = if setting { OpenMode::Normal } else { OpenMode::ReadOnly };
    let Ok(mut wb) = open(file, mode, lang, err) else { return 2 };
    if setting {
        let info = wb.info().clone();
        let name = name.unwrap_or(info.office_name);
        let province = province.unwrap_or(info.province);
        if let Err(e) = wb.set_office(&name, &province) {
            let _ = writeln!(err, "{}", e.message(lang));
            return 2;
        }
    }
    let info = wb.info();
    let unset = lang.pick("(chưa đặt)", "(not set)");
    let or_unset = |v: &str| if v.is_empty() { unset.to_string() } else { v.to_string() };
    let _ = writeln!(out, "{}: {}", lang.pick("Đơn vị", "Office"), or_unset(&info.office_name));
    let _ = writeln!(out, "{}: {}", lang.pick("Tỉnh", "Province"), or_unset(&info.province));
    0
}

/// Opens a workbook for a command: a refusal is written to `err` (then
/// `Err(())`, exit status 2), and so is the notice of a save that was cut off
/// and rolled back as the file opened.
pub(crate) fn open(
    file: &std::path::Path,
    mode: OpenMode,
    lang: Lang,
    err: &mut dyn Write,
) -> Result<Workbook, ()> {
    match Workbook::open(file, mode) {
        Ok(wb) => {
            if wb.recovered() {
                let _ = writeln!(err, "{}", recovered_notice(lang));
            }
            Ok(wb)
        }
        Err(e) => {
            let _ = writeln!(err, "{}", e.message(lang));
            Err(())
        }
    }
}

/// `khuyencong recover FILE -o COPY`: the workbook and its journal copied,
/// rolled back and checked in the copy; the original is only read.
fn recover(
    file: &std::path::Path,
    output: &std::path::Path,
    lang: Lang,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    match recover_into_copy(file, output) {
        Ok(recovered) => {
            let counts = recovered.workbook.counts().unwrap_or_default();
            let counts = counts.map(|n| format_int_in(n, lang));
            let (copy, original) = (show(output), show(file));
            let _ = writeln!(
                out,
                "{}",
                match (lang, recovered.was_interrupted) {
                    (Lang::Vi, true) => format!(
                        "Đã khôi phục sổ vào bản sao {copy}: bản sao giữ mọi thứ đến lần lưu trọn vẹn cuối cùng (lần lưu bị ngắt không được ghi) và đã qua kiểm tra toàn vẹn. Tệp gốc {original} không bị thay đổi."
                    ),
                    (Lang::En, true) => format!(
                        "Recovered the workbook into the copy {copy}: it holds everything up to the last completed save (the save that was cut off did not happen) and passed the integrity check. The original {original} was not changed."
                    ),
                    (Lang::Vi, false) => format!(
                        "Sổ {original} không có lần lưu nào bị ngắt; đã chép sang {copy} và kiểm tra toàn vẹn bản sao. Tệp gốc không bị thay đổi."
                    ),
                    (Lang::En, false) => format!(
                        "No save of {original} was interrupted; copied it to {copy} and checked the copy's integrity. The original was not changed."
                    ),
                }
            );
            let _ = writeln!(
                out,
                "{}: {} / {} / {} / {}",
                lang.pick("Cơ sở / đề án / đào tạo / thiết kế", "Facilities / projects / trainings / design"),
                counts[0],
                counts[1],
                counts[2],
                counts[3]
            );
            0
        }
        Err(e) => {
            let _ = writeln!(err, "{}", e.message(lang));
            2
        }
    }
}

/// `khuyencong export`: every kind to XLSX, or one kind to CSV.
fn export(
    file: &std::path::Path,
    output: &std::path::Path,
    kind: Option<RecordKind>,
    format: Option<ExportFormat>,
    lang: Lang,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Outcome {
    let by_extension = match output.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase) {
        Some(e) if e == "csv" => ExportFormat::Csv,
        _ => ExportFormat::Xlsx,
    };
    let format = format.unwrap_or(by_extension);
    let usage = match (format, kind) {
        (ExportFormat::Csv, None) => Some(lang.pick(
            "Xuất CSV cần chọn một loại bản ghi: thêm --kind facilities | projects | trainings | design.",
            "A CSV export holds one kind of record: add --kind facilities | projects | trainings | design.",
        )),
        (ExportFormat::Xlsx, Some(_)) => Some(lang.pick(
            "Tệp Excel chứa mọi loại bản ghi; bỏ --kind, hoặc thêm --format csv để xuất một loại.",
            "The Excel file holds every kind of record; drop --kind, or add --format csv to export one kind.",
        )),
        _ => None,
    };
    if let Some(usage) = usage {
        let _ = writeln!(err, "{usage}");
        return Outcome::Exit(2);
    }
    let Ok(wb) = open(file, OpenMode::ReadOnly, lang, err) else { return Outcome::Exit(2) };
    let result = match kind {
        Some(kind) => export_csv(&wb, kind, output),
        None => export_xlsx(&wb, output, &mut |_| true),
    };
    match result {
        Ok(summary) => {
            let records = format_int_in(summary.records as i64, lang);
            let _ = writeln!(
                out,
                "{}",
                match lang {
                    Lang::Vi => format!("Đã xuất {records} bản ghi vào {}", shown_path(output)),
                    Lang::En => format!(
                        "Exported {} to {}",
                        plural(summary.records as i64, &records, "record", "records"),
                        shown_path(output)
                    ),
                }
            );
            Outcome::Exit(0)
        }
        Err(e) => {
            let _ = writeln!(err, "{}", e.message(lang));
            Outcome::Exit(2)
        }
    }
}

/// `import`: the reading's every decision on standard output, then what was
/// imported; a refusal on standard error, the workbook untouched.
fn import(
    out: &mut dyn Write,
    err: &mut dyn Write,
    lang: Lang,
    file: &std::path::Path,
    input: &std::path::Path,
    kind: RecordKind,
    options: &ReadOptions,
) -> Outcome {
    let Ok(mut wb) = open(file, OpenMode::Normal, lang, err) else { return Outcome::Exit(2) };
    let result = read_file(input, kind, options).and_then(|table| {
        for notice in &table.notices {
            let _ = writeln!(out, "• {}", notice.message(kind, lang));
        }
        let _ = writeln!(out, "• {}", table.formats.describe(lang));
        import_table(&mut wb, table)
    });
    match result {
        Ok(outcome) => {
            for w in &outcome.warnings {
                let _ = writeln!(err, "{}{}", lang.pick("Cảnh báo – ", "Warning – "), w.message(lang));
            }
            for (line, duplicate) in &outcome.skipped_duplicates {
                let _ = writeln!(
                    err,
                    "{} {line}: {}",
                    lang.pick("Bỏ qua dòng", "Skipped line"),
                    duplicate.message(lang)
                );
            }
            let _ = writeln!(
                out,
                "{}",
                match lang {
                    Lang::Vi => format!(
                        "Đã nhập {} bản ghi ({}); tạo mới {} cơ sở; bỏ qua {} dòng có thể trùng.",
                        outcome.records,
                        kind.plural().vi.to_lowercase(),
                        outcome.facilities_created,
                        outcome.skipped_duplicates.len()
                    ),
                    Lang::En => format!(
                        "Imported {} records ({}); created {} facilities; skipped {} likely duplicates.",
                        outcome.records,
                        kind.plural().en.to_lowercase(),
                        outcome.facilities_created,
                        outcome.skipped_duplicates.len()
                    ),
                }
            );
            Outcome::Exit(0)
        }
        Err(e) => {
            let _ = writeln!(err, "{}", e.message(lang));
            let code = match e {
                ImportError::Workbook(_) | ImportError::Read(_) => 2,
                _ => 1,
            };
            Outcome::Exit(code)
        }
    }
}
