//! What the window can be asked to do, below the window itself: the
//! commands that screens and dialogs send, the screens they name, and, for
//! each command the menu or a key gives, its text and its shortcut. `ui`
//! sends these and `app` carries them out; neither imports the other.

use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::domain::RecordKind;
use crate::i18n::{Lang, tr};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Overview,
    Facilities,
    Projects,
    Trainings,
    Design,
    /// The plans and how far each has come.
    Plans,
}

impl Screen {
    pub const ALL: [Screen; 6] = [
        Screen::Overview,
        Screen::Facilities,
        Screen::Projects,
        Screen::Trainings,
        Screen::Design,
        Screen::Plans,
    ];

    /// The record kind a list screen shows.
    pub fn kind(self) -> Option<RecordKind> {
        match self {
            Screen::Overview | Screen::Plans => None,
            Screen::Facilities => Some(RecordKind::Facility),
            Screen::Projects => Some(RecordKind::Project),
            Screen::Trainings => Some(RecordKind::Training),
            Screen::Design => Some(RecordKind::Design),
        }
    }

    pub fn title(self, lang: Lang) -> &'static str {
        match self {
            Screen::Overview => tr(lang, "Tổng quan", "Overview"),
            Screen::Facilities => tr(lang, "Cơ sở", "Facilities"),
            Screen::Projects => tr(lang, "Đề án", "Projects"),
            Screen::Trainings => tr(lang, "Đào tạo", "Trainings"),
            Screen::Design => tr(lang, "Thiết kế bao bì", "Design support"),
            Screen::Plans => tr(lang, "Kế hoạch", "Plans"),
        }
    }
}

/// Everything the window can ask for.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Show(Screen),
    SetLang(Lang),
    AskFile(FilePurpose),
    CloseDialog,
    CreateWorkbook {
        path: PathBuf,
        office: String,
    },
    OpenWorkbook {
        path: PathBuf,
        read_only: bool,
    },
    OpenSample,
    SaveAs(PathBuf),
    /// Asks where to recover the workbook at this path, whose last save was cut off.
    AskRecoverCopy(PathBuf),
    /// Recovers `source` into the new file `dest` and opens it.
    RecoverCopy {
        source: PathBuf,
        dest: PathBuf,
    },
    CloseWorkbook,
    NewRecord(RecordKind),
    EditRecord(RecordKind, String),
    SaveForm,
    /// Closes the form, dropping what was typed.
    CancelForm,
    /// Asks before dropping what was typed in the form.
    AskDiscardForm,
    AskDelete(RecordKind, String),
    Delete(RecordKind, String),
    Undo,
    About,
    /// The office's details (the workbook's office and province, the officer's name).
    AskOffice,
    SaveOffice {
        office: String,
        province: String,
        officer: String,
    },
    Quit,
    /// Full screen, one chart at a time, starting with this one.
    Present(ChartId),
    StopPresenting,
    SaveChartImage(ChartId, PathBuf),
    CopyChartImage(ChartId),
    SaveChartData(ChartId, PathBuf),
    /// The report paragraph for the overview's years.
    ShowReport,
    UpdateReport {
        from: i32,
        to: i32,
        lang: Lang,
    },
    CopyReport,
    /// Every kind to one XLSX file, in the background.
    ExportWorkbook(PathBuf),
    /// One kind to CSV, in the background.
    ExportCsv(RecordKind, PathBuf),
    CancelJob,
    /// The Excel template of a kind, for district offices.
    WriteTemplate(RecordKind, PathBuf),
    /// Reads a file and shows what importing it would do.
    PreviewImport(RecordKind, PathBuf),
    RefreshImportPreview,
    ApplyImport,
    SaveRejected(PathBuf),
    CloseImport,
    /// The dry run of merging another office's workbook.
    PlanMerge(PathBuf),
    ApplyMerge,
    CloseMerge,
    ShowMergeLog,
    UndoMerge,
    /// The server's address and password, to sync with it.
    AskSync,
    StartSync {
        address: String,
        password: Password,
    },
    /// Reads a plan's annex and shows what would be imported.
    PreviewPlanImport(PathBuf),
    /// Adds the plan of the annex preview to the workbook.
    ApplyPlanImport,
    ClosePlanImport,
    ExportPlans(PathBuf),
    /// The yearly report for the overview's years, with its charts.
    WriteReportDocx(PathBuf),
}

/// Commands a key gives, most modifiers first: egui matches Ctrl+N even
/// when Shift is held too, so Ctrl+Shift+S must be tried before any Ctrl+S.
pub const KEYED: [Command; 5] = [
    Command::AskFile(FilePurpose::SaveAs),
    Command::AskFile(FilePurpose::New),
    Command::AskFile(FilePurpose::Open),
    Command::Present(ChartId::Funding),
    Command::Undo,
];

impl Command {
    /// The key that gives this command, shown beside it in the menu.
    pub fn shortcut(&self) -> Option<KeyboardShortcut> {
        let ctrl = |key| Some(KeyboardShortcut::new(Modifiers::COMMAND, key));
        match self {
            Command::AskFile(FilePurpose::SaveAs) => {
                Some(KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, Key::S))
            }
            Command::AskFile(FilePurpose::New) => ctrl(Key::N),
            Command::AskFile(FilePurpose::Open) => ctrl(Key::O),
            Command::Undo => ctrl(Key::Z),
            Command::Present(_) | Command::StopPresenting => {
                Some(KeyboardShortcut::new(Modifiers::NONE, Key::F11))
            }
            _ => None,
        }
    }

    /// The menu's words for this command, or `None` for one the menu does not offer.
    pub fn menu_text(&self, lang: Lang) -> Option<String> {
        let plural = |kind: &RecordKind| format!("{}…", kind.plural().get(lang));
        let text = match self {
            Command::AskFile(FilePurpose::New) => tr(lang, "Sổ mới…", "New workbook…").to_string(),
            Command::AskFile(FilePurpose::Open) => tr(lang, "Mở sổ…", "Open…").to_string(),
            Command::OpenSample => tr(lang, "Mở sổ mẫu 2014–2023", "Open the 2014–2023 sample").to_string(),
            Command::AskFile(FilePurpose::SaveAs) => tr(lang, "Lưu thành…", "Save as…").to_string(),
            Command::AskFile(FilePurpose::ExportWorkbook) => {
                tr(lang, "Xuất ra Excel…", "Export to Excel…").to_string()
            }
            Command::AskFile(FilePurpose::ExportCsv(kind)) => match lang {
                Lang::Vi => format!("Xuất {} ra CSV…", kind.plural().vi.to_lowercase()),
                Lang::En => format!("Export {} to CSV…", kind.plural().en.to_lowercase()),
            },
            Command::ShowReport => tr(lang, "Đoạn văn báo cáo…", "Report paragraph…").to_string(),
            Command::AskFile(FilePurpose::ReportDocx) => {
                tr(lang, "Báo cáo (Word)…", "Report (Word)…").to_string()
            }
            Command::AskFile(FilePurpose::ImportPlan) => {
                tr(lang, "Kế hoạch (phụ lục)…", "Plan (its annex)…").to_string()
            }
            Command::AskFile(FilePurpose::ExportPlans) => {
                tr(lang, "Xuất kế hoạch ra Excel…", "Export the plans to Excel…").to_string()
            }
            Command::AskFile(FilePurpose::Import(kind) | FilePurpose::Template(kind)) => plural(kind),
            Command::AskFile(FilePurpose::Merge) => {
                tr(lang, "Gộp sổ của đơn vị khác…", "Merge another office's workbook…").to_string()
            }
            Command::ShowMergeLog => tr(lang, "Nhật ký gộp sổ…", "Merge log…").to_string(),
            Command::AskSync => tr(lang, "Đồng bộ với máy chủ…", "Sync with the server…").to_string(),
            Command::CloseWorkbook => tr(lang, "Đóng sổ", "Close workbook").to_string(),
            Command::Quit => tr(lang, "Thoát", "Quit").to_string(),
            Command::Undo => tr(lang, "Hoàn tác", "Undo").to_string(),
            Command::NewRecord(_) => tr(lang, "Thêm mới", "New record").to_string(),
            Command::About => tr(lang, "Giới thiệu", "About").to_string(),
            Command::AskOffice => tr(lang, "Thông tin đơn vị…", "Office details…").to_string(),
            _ => return None,
        };
        Some(text)
    }
}

/// A password typed by the officer: `Debug` never shows it.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Password(pub String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(…)")
    }
}

/// What of a chart is written to a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartFile {
    /// A PNG picture of the chart.
    Image,
    /// The numbers behind it, CSV or XLSX by the file's extension.
    Numbers,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilePurpose {
    New,
    Open,
    SaveAs,
    Chart(ChartId, ChartFile),
    /// Every record kind and the totals by year, to one Excel file.
    ExportWorkbook,
    /// One record kind to a CSV file.
    ExportCsv(RecordKind),
    /// A CSV or XLSX file of records of a kind, to preview and import.
    Import(RecordKind),
    /// The Excel template of a kind, for district offices.
    Template(RecordKind),
    /// The rows of the import preview that have errors, to send back.
    RejectedRows,
    /// Another office's workbook to merge into this one.
    Merge,
    /// Where to recover a workbook whose last save was cut off (the
    /// original, [`FileDialog::source`], is only read).
    RecoverCopy,
    /// A plan's annex (a table of its lines) to preview and import.
    ImportPlan,
    /// The plans with their progress, to an Excel file.
    ExportPlans,
    /// The yearly report, as a Word document.
    ReportDocx,
}

/// The charts of the overview, by what they show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChartId {
    Funding,
    ProjectsByContent,
    Trainees,
    DesignFacilities,
    Cumulative,
    ByPlace,
    BySector,
    Leverage,
    /// Money planned and spent by activity, for one year's plan.
    PlanProgress,
}

impl ChartId {
    pub const ALL: [ChartId; 9] = [
        ChartId::Funding,
        ChartId::ProjectsByContent,
        ChartId::Trainees,
        ChartId::DesignFacilities,
        ChartId::Cumulative,
        ChartId::ByPlace,
        ChartId::BySector,
        ChartId::Leverage,
        ChartId::PlanProgress,
    ];

    pub fn title(self, lang: Lang) -> &'static str {
        match self {
            ChartId::Funding => {
                tr(lang, "Kinh phí hỗ trợ và vốn đối ứng theo năm", "Support and counterpart funds per year")
            }
            ChartId::ProjectsByContent => {
                tr(lang, "Số đề án theo năm và nội dung", "Projects per year by content")
            }
            ChartId::Trainees => {
                tr(lang, "Học viên theo năm và loại đào tạo", "Trainees per year by training kind")
            }
            ChartId::DesignFacilities => tr(
                lang,
                "Cơ sở được hỗ trợ thiết kế mẫu mã, bao bì theo năm",
                "Facilities given design support per year",
            ),
            ChartId::Cumulative => {
                tr(lang, "Kinh phí lũy kế từ đầu giai đoạn", "Cumulative funds since the start of the range")
            }
            ChartId::ByPlace => tr(lang, "Kinh phí hỗ trợ theo huyện / xã", "Support by district / commune"),
            ChartId::BySector => tr(lang, "Kinh phí hỗ trợ theo ngành", "Support by sector"),
            ChartId::Leverage => {
                tr(lang, "Vốn đối ứng huy động trên mỗi đồng hỗ trợ", "Counterpart raised per VND of support")
            }
            ChartId::PlanProgress => {
                tr(lang, "Kế hoạch và thực hiện theo hoạt động", "Plan and results by activity")
            }
        }
    }

    /// A short name for files ("bieu-do-kinh-phi.png").
    pub fn slug(self) -> &'static str {
        match self {
            ChartId::Funding => "kinh-phi-theo-nam",
            ChartId::ProjectsByContent => "de-an-theo-noi-dung",
            ChartId::Trainees => "hoc-vien-theo-loai",
            ChartId::DesignFacilities => "ho-tro-thiet-ke",
            ChartId::Cumulative => "kinh-phi-luy-ke",
            ChartId::ByPlace => "kinh-phi-theo-dia-ban",
            ChartId::BySector => "kinh-phi-theo-nganh",
            ChartId::Leverage => "von-doi-ung-tren-ho-tro",
            ChartId::PlanProgress => "ke-hoach-va-thuc-hien",
        }
    }

    /// The chart after this one in a presentation (after the last, the first).
    pub fn next(self) -> ChartId {
        ChartId::ALL[(self.position() + 1) % ChartId::ALL.len()]
    }

    /// The chart before this one (before the first, the last).
    pub fn previous(self) -> ChartId {
        ChartId::ALL[(self.position() + ChartId::ALL.len() - 1) % ChartId::ALL.len()]
    }

    fn position(self) -> usize {
        ChartId::ALL.iter().position(|c| *c == self).unwrap_or(0)
    }
}
