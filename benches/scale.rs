//! Speed at scale: `cargo bench --bench scale` (`cargo bench --bench scale -- --quick` for
//! 1.000 and 10.000 projects only; `-- --hostile` for the refusal of hostile files only;
//! `-- --sync` for the province server only).
//!
//! Generates workbooks of 1.000, 10.000 and 100.000 projects, with facilities,
//! trainings and design supports in proportion (one facility per two projects,
//! one training per three, one design support per six), then measures, with the
//! real window code driven headless (an egui context without a renderer, by the
//! same input events a mouse and keyboard send):
//!
//! - opening a workbook until the first frame is drawn and tessellated;
//! - the CPU time of a frame on every screen: each list filtered, searched and
//!   scrolled to the middle, each form open over its list, the overview with all
//!   its charts;
//! - the time from saving an edit until the list, then the charts, are redrawn;
//! - importing a CSV of as many projects, exporting the workbook to XLSX;
//! - at 10.000, importing the projects from an XLSX in the government layout
//!   (titles, two-row header, group and total rows, signature: government.rs);
//! - merging 10 district workbooks of 10.000 records each;
//! - syncing the same 10 districts through a PostgreSQL server on loopback,
//!   the province out to one workbook, and 10 changes each way (sync.rs);
//! - the peak memory (RSS) of each of these, each size in its own process.
//!
//! The table is printed at the end, in Markdown, ready for the README.

use std::collections::HashMap;
use std::hint::black_box;
use std::path::Path;
use std::process::Command as Process;
use std::time::{Duration, Instant};

use egui::accesskit::{Node, NodeId, Role};
use egui::{Event, Key, Modifiers, PointerButton, Pos2, RawInput, Rect, Vec2};
use jiff::civil::Date;
use serde_json::{Value, json};

use khuyencong::app::settings::Folders;
use khuyencong::app::{App, StartOptions};
use khuyencong::command::{Command, Screen};
use khuyencong::domain::codes::{
    DesignForm, FacilityKind, FundingSource, ProjectContent, ProjectStatus, TrainingKind,
};
use khuyencong::domain::number::{DONG_PER_MILLION, format_int, format_scaled};
use khuyencong::domain::validate::tax_check_digit_matches;
use khuyencong::domain::{Code, DesignSupport, Facility, Project, RecordKind, Training};
use khuyencong::exchange::export::{export_csv, export_xlsx};
use khuyencong::exchange::import::{import_file, import_table, read_file};
use khuyencong::i18n::Lang;
use khuyencong::spreadsheet::ReadOptions;

#[path = "government.rs"]
mod government;
mod hostile;
#[path = "sync.rs"]
mod sync;
use khuyencong::workbook::merge::{PairChoice, apply_merge, plan_merge};
use khuyencong::workbook::sample::{COMMUNES, NEW_COMMUNES, Rng, TRADES, kind_and_name};
use khuyencong::workbook::{OpenMode, Workbook, Writer};

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];
/// Frames timed per screen, after `WARM_UP` untimed ones.
const FRAMES: usize = 50;
const WARM_UP: usize = 10;
/// The window size the app opens with.
const WINDOW: Vec2 = Vec2::new(1280.0, 800.0);
/// Height of a list row (ui/screens/list.rs).
const ROW_HEIGHT: f32 = 24.0;
const DISTRICTS: usize = 10;
/// The size at which the government-layout file is imported too.
const GOVERNMENT_ROWS: usize = 10_000;
/// Records in each district workbook of the merge.
const DISTRICT_RECORDS: usize = 10_000;

// ---------------------------------------------------------------------------
// Workbooks of any size, with records like the sample's.

const GIVEN: [&str; 16] = [
    "Minh", "Thành", "Hồng", "Tân", "Phú", "Kim", "Hoàng", "Bảy", "Út", "Tư", "Ngọc", "Sáu", "Phước",
    "Thanh", "Hữu", "Năm",
];
const SECOND: [&str; 16] = [
    "Phát", "Đạt", "Phúc", "Tiến", "Quý", "Ngân", "Long", "Lành", "Hiền", "Sáng", "Hân", "Mến", "Lộc", "Tâm",
    "Nghĩa", "Được",
];

fn date(year: i32, month: i64, day: i64) -> Option<Date> {
    Date::new(year as i16, month as i8, day as i8).ok()
}

fn million(m: i64) -> i64 {
    m * DONG_PER_MILLION
}

/// A valid tax code, different for every `serial` (15: Vĩnh Long's prefix).
fn tax_code(serial: usize, office: usize) -> String {
    let mut body = 1_000_000 * (office as u64 % 90 + 1) + serial as u64 * 7;
    loop {
        for check in 0..10 {
            let code = format!("15{:07}{check}", body % 10_000_000);
            if tax_check_digit_matches(&code) {
                return code;
            }
        }
        body += 1;
    }
}

struct Made {
    id: String,
    name: String,
    trade: usize,
    district: &'static str,
    commune: &'static str,
}

fn facility(rng: &mut Rng, serial: usize, office: usize) -> (Facility, usize) {
    let (district, communes) = COMMUNES[(serial + office) % COMMUNES.len()];
    let trade = rng.range(0, TRADES.len() as i64 - 1) as usize;
    let (sector, trade_name, _) = TRADES[trade];
    let owner = format!("{} {}", rng.pick(&GIVEN), rng.pick(&SECOND));
    let (kind, name) = kind_and_name(rng, trade_name, &owner);
    let commune = *rng.pick(communes);
    let f = Facility {
        name,
        kind: Some(kind),
        tax_code: if kind == FacilityKind::Household && rng.range(0, 2) == 0 {
            String::new()
        } else {
            tax_code(serial, office)
        },
        representative: format!(
            "{} {}",
            rng.pick(&["Nguyễn Văn", "Trần Thị", "Lê Văn", "Phạm Thị", "Võ Văn", "Huỳnh Thị"]),
            owner.split(' ').next_back().unwrap_or(&owner)
        ),
        phone: format!("0{}{:07}", rng.pick(&["90", "91", "93", "97", "98"]), rng.range(0, 9_999_999)),
        address: format!("Ấp {}, {commune}", rng.range(1, 9)),
        commune: commune.to_string(),
        district: district.to_string(),
        province: "Vĩnh Long".to_string(),
        sector: Some(sector),
    };
    (f, trade)
}

const CONTENTS: [(ProjectContent, u64); 9] = [
    (ProjectContent::Machinery, 50),
    (ProjectContent::TypicalProduct, 10),
    (ProjectContent::TradeFair, 10),
    (ProjectContent::CleanerProduction, 5),
    (ProjectContent::Consulting, 8),
    (ProjectContent::Information, 5),
    (ProjectContent::Clusters, 2),
    (ProjectContent::DigitalGreen, 7),
    (ProjectContent::DemonstrationModel, 3),
];

fn project(rng: &mut Rng, serial: usize, facilities: &[Made], office: usize) -> Project {
    let year = 2014 + (serial % 12) as i32;
    let mut roll = rng.next_u64() % 100;
    let content = CONTENTS
        .iter()
        .find(|(_, weight)| {
            let hit = roll < *weight;
            roll = roll.saturating_sub(*weight);
            hit
        })
        .map(|c| c.0)
        .unwrap_or(ProjectContent::Other);
    let source = match rng.range(0, 19) {
        0..=2 => FundingSource::National,
        3 => FundingSource::Other,
        _ => FundingSource::Local,
    };
    // Information campaigns and cluster work serve a district, not one facility.
    let programme = matches!(content, ProjectContent::Information | ProjectContent::Clusters);
    let f = (!programme).then(|| &facilities[rng.next_u64() as usize % facilities.len()]);
    let (district, commune) = match f {
        Some(f) => (f.district, f.commune),
        None => {
            let (d, c) = COMMUNES[rng.next_u64() as usize % COMMUNES.len()];
            (d, *rng.pick(c))
        }
    };
    let product = f.map(|f| TRADES[f.trade].2.to_lowercase()).unwrap_or_else(|| "sản phẩm".to_string());
    let title = match content {
        ProjectContent::Machinery => {
            format!("Hỗ trợ ứng dụng máy móc thiết bị tiên tiến vào sản xuất {product}")
        }
        ProjectContent::DemonstrationModel => {
            format!("Xây dựng mô hình trình diễn kỹ thuật sản xuất {product}")
        }
        ProjectContent::TypicalProduct => {
            format!("Hỗ trợ sản phẩm công nghiệp nông thôn tiêu biểu: {product}")
        }
        ProjectContent::TradeFair => format!("Hỗ trợ tham gia hội chợ, triển lãm giới thiệu {product}"),
        ProjectContent::CleanerProduction => {
            format!("Hỗ trợ áp dụng sản xuất sạch hơn trong sản xuất {product}")
        }
        ProjectContent::Consulting => format!("Tư vấn nâng cao năng lực quản lý sản xuất {product}"),
        ProjectContent::Information => {
            format!("Thông tin tuyên truyền về chính sách khuyến công tại {district}")
        }
        ProjectContent::Clusters => format!("Hỗ trợ liên kết sản xuất trong cụm công nghiệp {district}"),
        ProjectContent::DigitalGreen => format!("Hỗ trợ chuyển đổi số trong sản xuất {product}"),
        ProjectContent::Other => "Hoạt động khuyến công khác".to_string(),
    };
    // Titles name the facility, as officers write them: nearly every one differs.
    let title = match f {
        Some(f) => format!("{title} cho {}", f.name),
        None => title,
    };
    let prefix = match source {
        FundingSource::National => "KCQG",
        FundingSource::Local => "KCĐP",
        FundingSource::Other => "KCK",
    };
    let support = match content {
        ProjectContent::Machinery => rng.range(50, 300),
        ProjectContent::DemonstrationModel => rng.range(200, 900),
        _ => rng.range(20, 250),
    };
    let counterpart = match content {
        ProjectContent::Machinery | ProjectContent::CleanerProduction => support + rng.range(5, 400),
        ProjectContent::DemonstrationModel => support * 3 + rng.range(0, 500),
        _ => rng.range(0, 100),
    };
    let (status, accepted_on) = match year {
        ..=2022 => (ProjectStatus::Settled, date(year, 11, rng.range(1, 28))),
        2023 => (ProjectStatus::Accepted, date(year, 12, rng.range(1, 20))),
        2024 => (ProjectStatus::InProgress, None),
        _ => (ProjectStatus::Approved, None),
    };
    let after_merger = year >= 2025;
    Project {
        code: format!("{prefix}-{year}-{office:02}{serial:06}"),
        year,
        title,
        source,
        content,
        facility_id: f.map(|f| f.id.clone()),
        district: if after_merger { String::new() } else { district.to_string() },
        commune: if after_merger { rng.pick(&NEW_COMMUNES).to_string() } else { commune.to_string() },
        support_vnd: million(support),
        counterpart_vnd: million(counterpart),
        status,
        decision_no: format!("{}/QĐ-SCT", rng.range(100, 999)),
        approved_on: date(year, rng.range(3, 6), rng.range(1, 28)),
        accepted_on,
        note: if rng.range(0, 9) == 0 {
            "Đã kiểm tra hồ sơ quyết toán.".to_string()
        } else {
            String::new()
        },
    }
}

fn training(rng: &mut Rng, serial: usize, facilities: &[Made]) -> Training {
    let year = 2014 + (serial % 12) as i32;
    let (district, communes) = COMMUNES[rng.next_u64() as usize % COMMUNES.len()];
    let commune = *rng.pick(communes);
    let kind = *rng.pick(TrainingKind::ALL);
    let (name, trade) = match kind {
        TrainingKind::Vocational => {
            (format!("Lớp đào tạo nghề may công nghiệp tại {commune}"), "May công nghiệp")
        }
        TrainingKind::CraftTransfer => {
            (format!("Lớp truyền nghề đan lục bình tại {commune}"), "Đan lục bình")
        }
        TrainingKind::Course => {
            ("Tập huấn nâng cao năng lực quản lý cho cơ sở công nghiệp nông thôn".to_string(), "")
        }
        TrainingKind::Workshop => ("Hội thảo giới thiệu chính sách khuyến công".to_string(), ""),
        TrainingKind::StudyTour => ("Tham quan, khảo sát mô hình sản xuất sạch hơn".to_string(), ""),
    };
    let trainees = rng.range(20, 90);
    let start = rng.range(2, 8);
    let host = rng.range(0, 2) == 0;
    Training {
        year,
        facility_id: host.then(|| facilities[rng.next_u64() as usize % facilities.len()].id.clone()),
        name,
        kind,
        trade: trade.to_string(),
        district: if year >= 2025 { String::new() } else { district.to_string() },
        commune: commune.to_string(),
        trainees,
        female_trainees: Some(trainees - rng.range(0, trainees / 2)),
        start_on: date(year, start, 5),
        end_on: date(year, start + rng.range(0, 3), 25),
        source: Some(if rng.range(0, 4) == 0 { FundingSource::National } else { FundingSource::Local }),
        cost_vnd: million(rng.range(10, 120)),
        note: String::new(),
    }
}

fn design(rng: &mut Rng, serial: usize, facilities: &[Made]) -> DesignSupport {
    let f = &facilities[rng.next_u64() as usize % facilities.len()];
    let year = 2014 + (serial % 12) as i32;
    DesignSupport {
        year,
        facility_id: f.id.clone(),
        product: TRADES[f.trade].2.to_string(),
        form: *rng.pick(DesignForm::ALL),
        source: Some(FundingSource::Local),
        support_vnd: million(rng.range(10, 80)),
        district: if year >= 2025 { String::new() } else { f.district.to_string() },
        commune: f.commune.to_string(),
        note: String::new(),
    }
}

/// Writes a workbook of `projects` projects (and the records that go with
/// them) at `path`, in one transaction. `office` varies names and codes
/// between district workbooks.
fn generate(path: &Path, projects: usize, office: usize) -> Workbook {
    let office_name = format!("Phòng Kinh tế số {}", office + 1);
    let mut wb = Workbook::create(path, &office_name, "Vĩnh Long").expect("create the workbook");
    wb.write(|w: &Writer<'_>| {
        let mut rng = Rng(0x4B43_4E47 + office as u64);
        let mut made = Vec::with_capacity(projects / 2);
        for serial in 0..(projects / 2).max(1) {
            let (f, trade) = facility(&mut rng, serial, office);
            let id = w.insert(&f)?;
            let (district, commune) = COMMUNES
                .iter()
                .find(|(d, _)| *d == f.district)
                .and_then(|(d, cs)| cs.iter().find(|c| **c == f.commune).map(|c| (*d, *c)))
                .unwrap_or(("", ""));
            made.push(Made { id, name: f.name, trade, district, commune });
        }
        for serial in 0..projects {
            w.insert(&project(&mut rng, serial, &made, office))?;
        }
        for serial in 0..projects / 3 {
            w.insert(&training(&mut rng, serial, &made))?;
        }
        for serial in 0..projects / 6 {
            w.insert(&design(&mut rng, serial, &made))?;
        }
        Ok(())
    })
    .expect("write the records");
    wb
}

// ---------------------------------------------------------------------------
// A headless window: an egui context without a renderer, fed raw input.

/// The accessibility tree of the last frame: how the bench finds widgets by
/// their label, as a screen reader (or egui_kittest) does.
#[derive(Default)]
struct Tree {
    nodes: Vec<(NodeId, Node)>,
    index: HashMap<NodeId, usize>,
}

impl Tree {
    fn new(nodes: Vec<(NodeId, Node)>) -> Tree {
        let index = nodes.iter().enumerate().map(|(i, (id, _))| (*id, i)).collect();
        Tree { nodes, index }
    }

    /// A node's name: its own label, else the text of the nodes that label it.
    fn name(&self, node: &Node) -> String {
        if let Some(label) = node.label() {
            return label.to_string();
        }
        node.labelled_by()
            .iter()
            .filter_map(|id| self.index.get(id).map(|i| &self.nodes[*i].1))
            .filter_map(|n| n.label().or(n.value()))
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn find(&self, what: &str, accept: impl Fn(&Node) -> bool) -> Pos2 {
        let node = self
            .nodes
            .iter()
            .map(|(_, n)| n)
            .rfind(|n| !n.is_hidden() && accept(n) && self.name(n) == what)
            .unwrap_or_else(|| panic!("no widget named {what:?} on screen"));
        let b = node.bounds().unwrap_or_else(|| panic!("{what:?} has no place on screen"));
        Pos2::new(((b.x0 + b.x1) / 2.0) as f32, ((b.y0 + b.y1) / 2.0) as f32)
    }

    /// The input (text field or drop-down) named `what`.
    fn input(&self, what: &str) -> Pos2 {
        self.find(what, |n| matches!(n.role(), Role::TextInput | Role::ComboBox))
    }

    /// A button or option named `what` (not a label that says the same).
    fn button(&self, what: &str) -> Pos2 {
        self.find(what, |n| !matches!(n.role(), Role::Label | Role::TextRun | Role::TextInput))
    }

    /// The texts of every label on screen.
    fn labels(&self) -> Vec<String> {
        self.nodes
            .iter()
            .filter(|(_, n)| n.role() == Role::Label && !n.is_hidden())
            .filter_map(|(_, n)| n.value().or(n.label()).map(str::to_string))
            .collect()
    }
}

struct Window {
    ctx: egui::Context,
    time: f64,
    events: Vec<Event>,
    pointer: Pos2,
    tree: Tree,
}

impl Window {
    fn new() -> Window {
        let ctx = egui::Context::default();
        khuyencong::ui::install(&ctx);
        let mut w = Window {
            ctx,
            time: 0.0,
            events: Vec::new(),
            pointer: Pos2::new(700.0, 500.0),
            tree: Tree::default(),
        };
        // Fonts are laid out on the first frame of a context, workbook or not.
        let input = w.input();
        let out = w.ctx.run_ui(input, |ui| {
            ui.label("Sổ khuyến công");
        });
        black_box(w.ctx.tessellate(out.shapes, out.pixels_per_point));
        w
    }

    fn input(&mut self) -> RawInput {
        self.time += 1.0 / 60.0;
        RawInput {
            screen_rect: Some(Rect::from_min_size(Pos2::ZERO, WINDOW)),
            time: Some(self.time),
            events: std::mem::take(&mut self.events),
            ..RawInput::default()
        }
    }

    /// One frame as the window draws it: run the app, then tessellate. Returns its time.
    fn frame(&mut self, app: &mut App) -> Duration {
        let input = self.input();
        let start = Instant::now();
        let out = self.ctx.run_ui(input, |ui| app.show(ui));
        let primitives = self.ctx.tessellate(out.shapes, out.pixels_per_point);
        let took = start.elapsed();
        black_box(primitives);
        if let Some(update) = out.platform_output.accesskit_update {
            self.tree = Tree::new(update.nodes);
        }
        took
    }

    /// Frames with the accessibility tree on, to find widgets; not timed.
    fn settle(&mut self, app: &mut App, frames: usize) {
        self.ctx.enable_accesskit();
        for _ in 0..frames {
            self.frame(app);
        }
        self.ctx.disable_accesskit();
    }

    /// Runs frames until the list shows the result of its filters and order
    /// (a large list is filtered and sorted over several frames). Returns the
    /// slowest frame and the number of frames. (The accessibility tree is
    /// on, which costs a little.)
    fn filtered(&mut self, app: &mut App) -> (Duration, usize) {
        self.ctx.enable_accesskit();
        let (mut slowest, mut frames) = (Duration::ZERO, 0);
        loop {
            slowest = slowest.max(self.frame(app));
            frames += 1;
            if !self.tree.labels().iter().any(|l| l == "Đang lọc…" || l == "Đang sắp xếp…") {
                break;
            }
            assert!(frames < 100_000, "the list is filtered and sorted");
        }
        self.ctx.disable_accesskit();
        (slowest, frames)
    }

    fn move_to(&mut self, pos: Pos2) {
        self.pointer = pos;
        self.events.push(Event::PointerMoved(pos));
    }

    fn click(&mut self, pos: Pos2) {
        self.move_to(pos);
        for pressed in [true, false] {
            self.events.push(Event::PointerButton {
                pos,
                button: PointerButton::Primary,
                pressed,
                modifiers: Modifiers::NONE,
            });
        }
    }

    fn key(&mut self, key: Key, modifiers: Modifiers) {
        for pressed in [true, false] {
            self.events.push(Event::Key { key, physical_key: None, pressed, repeat: false, modifiers });
        }
    }

    fn type_text(&mut self, text: &str) {
        self.events.push(Event::Text(text.to_string()));
    }

    fn scroll(&mut self, dy: f32) {
        self.events.push(Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: Vec2::new(0.0, dy),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
            modifiers: Modifiers::NONE,
        });
    }

    /// Times `FRAMES` frames (after `WARM_UP`) with the mouse moving a little
    /// over the window, as it does while an officer reads.
    fn measure(&mut self, app: &mut App) -> Frames {
        let home = self.pointer;
        let mut times = Vec::with_capacity(FRAMES);
        for i in 0..WARM_UP + FRAMES {
            self.move_to(home + Vec2::new((i % 7) as f32 * 3.0, (i % 5) as f32 * 2.0));
            let t = self.frame(app);
            if i >= WARM_UP {
                times.push(t);
            }
        }
        self.move_to(home);
        times.sort();
        Frames { median: times[times.len() / 2], max: times[times.len() - 1] }
    }
}

struct Frames {
    median: Duration,
    max: Duration,
}

impl Frames {
    fn json(&self) -> Value {
        json!([ms(self.median), ms(self.max)])
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

// ---------------------------------------------------------------------------
// The measurements, each in its own process.

/// Peak resident memory of this process, in MB (Linux).
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// One id of each kind, from the middle of the workbook.
fn middle_ids(path: &Path) -> HashMap<RecordKind, String> {
    let conn = rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("open the workbook");
    let mut out = HashMap::new();
    for (kind, table) in [
        (RecordKind::Facility, "facilities"),
        (RecordKind::Project, "projects"),
        (RecordKind::Training, "trainings"),
        (RecordKind::Design, "design_supports"),
    ] {
        let id: String = conn
            .query_row(
                &format!(
                    "SELECT id FROM {table} ORDER BY rowid LIMIT 1 OFFSET (SELECT COUNT(*) / 2 FROM {table})"
                ),
                [],
                |r| r.get(0),
            )
            .expect("a record in the middle");
        out.insert(kind, id);
    }
    out
}

/// The list screens: (screen, kind, search text, kind filter label, option
/// chosen, the form's field where a letter is typed).
const LISTS: [(Screen, RecordKind, &str, &str, &str, &str); 4] = [
    (Screen::Facilities, RecordKind::Facility, "co so", "Loại hình", "Hộ kinh doanh", "Tên cơ sở *"),
    (
        Screen::Projects,
        RecordKind::Project,
        "san xuat",
        "Nội dung",
        "Ứng dụng máy móc thiết bị tiên tiến",
        "Tên cơ sở",
    ),
    (Screen::Trainings, RecordKind::Training, "lop", "Loại lớp", "Đào tạo nghề", "Cơ sở phối hợp"),
    (Screen::Design, RecordKind::Design, "long", "Hình thức", "Thiết kế bao bì", "Tên cơ sở *"),
];

/// The count in a list's totals line ("Cộng: 12.345 đề án · …").
fn shown_count(tree: &Tree) -> usize {
    tree.labels()
        .iter()
        .find_map(|l| {
            l.strip_prefix("Cộng: ").map(|rest| rest.split(' ').next().unwrap_or("").replace('.', ""))
        })
        .and_then(|n| n.parse().ok())
        .expect("the list shows its totals line")
}

/// Opens the workbook, then every screen, then saves one edit.
fn run_app(path: &Path, home: &Path) -> Value {
    let ids = middle_ids(path);
    let mut win = Window::new();
    let start = Instant::now();
    let mut app = App::new(StartOptions {
        file: Some(path.to_path_buf()),
        folders: Some(Folders::under(home)),
        lang: Some(Lang::Vi),
        ..Default::default()
    });
    win.frame(&mut app);
    let open = start.elapsed();
    assert!(app.workbook().is_some(), "the workbook opened: {:?}", app.message());
    assert_eq!(app.screen(), Screen::Overview);
    // The overview is complete once its key figures show (a large workbook's
    // records may still be read on another thread after the first frame).
    win.ctx.enable_accesskit();
    while !win.tree.labels().iter().any(|l| l == "Kinh phí hỗ trợ") {
        assert!(start.elapsed() < Duration::from_secs(120), "the overview shows its figures");
        std::thread::sleep(Duration::from_millis(2));
        win.frame(&mut app);
    }
    win.ctx.disable_accesskit();
    let complete = start.elapsed();

    let mut frames = serde_json::Map::new();
    win.settle(&mut app, 2);
    win.move_to(Pos2::new(500.0, 450.0)); // over the first chart
    frames.insert("overview".into(), win.measure(&mut app).json());

    let mut search = serde_json::Map::new();
    let mut typing = serde_json::Map::new();
    for (screen, kind, text, filter, option, field) in LISTS {
        app.push(Command::Show(screen));
        win.settle(&mut app, 2);
        win.filtered(&mut app);
        let total = shown_count(&win.tree);
        // Type the search text, timing the frame of its last letter.
        let search_box = win.tree.input("Tìm");
        win.click(search_box);
        win.settle(&mut app, 1);
        let (head, last) = text.split_at(text.len() - 1);
        win.type_text(head);
        win.settle(&mut app, 1);
        win.filtered(&mut app);
        // The last letter: the slowest frame until the list shows the result, and how long that took.
        win.type_text(last);
        let start = Instant::now();
        let keystroke = win.frame(&mut app);
        let (_, count) = win.filtered(&mut app);
        search.insert(key(kind), json!([ms(keystroke), ms(start.elapsed()), count + 1]));
        let combo = win.tree.input(filter);
        win.click(combo);
        win.settle(&mut app, 2);
        let choice = win.tree.button(option);
        win.click(choice);
        win.settle(&mut app, 1);
        win.filtered(&mut app);
        let shown = shown_count(&win.tree);
        assert!(shown > 0 && shown < total, "{screen:?}: the filters keep {shown} of {total}");
        // Scroll the table to the middle of what the filters keep.
        let before = win.tree.labels();
        win.move_to(Pos2::new(700.0, 520.0));
        win.scroll(-(shown as f32 * ROW_HEIGHT / 2.0));
        win.settle(&mut app, 30);
        // (A list shorter than the window has nothing to scroll.)
        assert!(shown < 40 || before != win.tree.labels(), "{screen:?}: the list scrolled");
        frames.insert(key(kind), win.measure(&mut app).json());

        app.push(Command::EditRecord(kind, ids[&kind].clone()));
        win.settle(&mut app, 3);
        assert!(win.tree.labels().iter().any(|l| l.starts_with("Sửa ")), "{screen:?}: the form opened");
        frames.insert(format!("{}-form", key(kind)), win.measure(&mut app).json());
        // A letter typed at the end of the facility's name: the form checks
        // the draft (and looks for the facility, or for duplicates) again.
        let at = win.tree.input(field);
        win.click(at);
        win.settle(&mut app, 1);
        win.key(Key::End, Modifiers::NONE);
        win.settle(&mut app, 1);
        win.type_text("a");
        let typed = win.frame(&mut app).max(win.frame(&mut app));
        typing.insert(key(kind), json!(ms(typed)));
        app.push(Command::CancelForm);
        win.settle(&mut app, 2);
    }

    // Sorting the projects by title: the first click on the column.
    app.push(Command::Show(Screen::Projects));
    win.settle(&mut app, 2);
    let heading = win.tree.button("Tên đề án");
    win.click(heading);
    // The slowest frame until the list shows its new order, and how long that took.
    let start = Instant::now();
    let click = win.frame(&mut app); // the sort starts in the next frame
    let (slowest, count) = win.filtered(&mut app);
    let sort = json!([ms(click.max(slowest)), ms(start.elapsed()), count + 1]);
    win.settle(&mut app, 2);

    // One edit: a project's support, typed in its form and saved with Enter.
    let id = ids[&RecordKind::Project].clone();
    app.push(Command::EditRecord(RecordKind::Project, id.clone()));
    win.settle(&mut app, 3);
    let field = win.tree.input("Kinh phí hỗ trợ (triệu đồng) *");
    win.click(field);
    win.settle(&mut app, 1);
    win.key(Key::A, Modifiers::COMMAND);
    win.type_text("123,4");
    win.settle(&mut app, 2);
    win.key(Key::Enter, Modifiers::NONE);
    let saved = win.frame(&mut app); // the form saves at the end of this frame
    let list = saved + win.frame(&mut app); // and the list is redrawn in the next
    let support: i64 =
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .and_then(|c| c.query_row("SELECT support_vnd FROM projects WHERE id = ?1", [&id], |r| r.get(0)))
            .expect("read the edited project");
    assert_eq!(support, 123_400_000, "the edit was saved");
    // Of that, the commit to disk (the rollback journal and its fsyncs): the
    // same save through a second connection.
    let mut second = Workbook::open(path, OpenMode::Normal).expect("open again");
    let project = second.get::<Project>(&id).expect("read").expect("the project");
    let start_commit = Instant::now();
    second.update(&id, &project.record).expect("save again");
    let commit = start_commit.elapsed();
    drop(second);
    app.push(Command::Show(Screen::Overview));
    win.frame(&mut app); // the command runs at the end of this frame
    let charts = win.frame(&mut app);

    json!({
        "open": ms(open),
        "complete": ms(complete),
        "frames": frames,
        "search": search,
        "typing": typing,
        "sort": sort,
        "edit_list": ms(list),
        "commit": ms(commit),
        "edit_charts": ms(charts),
        "rss": peak_rss_mb(),
    })
}

fn key(kind: RecordKind) -> String {
    kind.cli_name().to_string()
}

fn run_import(csv: &Path, dir: &Path) -> Value {
    let target = dir.join("import-target.db");
    let _ = std::fs::remove_file(&target);
    let mut wb = Workbook::create(&target, "Phòng Kinh tế", "Vĩnh Long").expect("create");
    let start = Instant::now();
    let outcome = import_file(&mut wb, csv, RecordKind::Project).expect("the CSV imports");
    let took = start.elapsed();
    let [_, projects, _, _] = wb.counts().expect("count");
    assert_eq!(outcome.records as i64, projects, "every row was written");
    json!({ "time": ms(took), "rows": outcome.records, "rss": peak_rss_mb() })
}

/// Reads and imports the government-layout file of `rows` projects.
fn run_government(xlsx: &Path, rows: usize, dir: &Path) -> Value {
    let target = dir.join("government-target.db");
    let _ = std::fs::remove_file(&target);
    let mut wb = Workbook::create(&target, "Phòng Kinh tế", "Vĩnh Long").expect("create");
    let start = Instant::now();
    let table = read_file(xlsx, RecordKind::Project, &ReadOptions::default()).expect("the table is read");
    let outcome = import_table(&mut wb, table).expect("the file imports");
    let took = start.elapsed();
    assert_eq!(outcome.records + outcome.skipped_duplicates.len(), rows, "every row read as a record");
    json!({ "time": ms(took), "rows": outcome.records, "rss": peak_rss_mb() })
}

fn run_export(path: &Path, dir: &Path) -> Value {
    let wb = Workbook::open(path, OpenMode::ReadOnly).expect("open");
    let target = dir.join("export.xlsx");
    let start = Instant::now();
    let summary = export_xlsx(&wb, &target, &mut |_| true).expect("the export");
    let took = start.elapsed();
    let size = std::fs::metadata(&target).map(|m| m.len()).unwrap_or(0);
    assert!(size > 0 && summary.records > 0);
    json!({ "time": ms(took), "records": summary.records, "rss": peak_rss_mb() })
}

/// Merges the district workbooks, one after the other, into a new provincial one.
fn run_merge(dir: &Path) -> Value {
    let target = dir.join("tinh.db");
    let _ = std::fs::remove_file(&target);
    let mut wb = Workbook::create(&target, "Trung tâm Khuyến công tỉnh", "Vĩnh Long").expect("create");
    let start = Instant::now();
    for i in 0..DISTRICTS {
        let source = district_path(dir, i);
        let mut plan = plan_merge(&wb, &source).expect("plan the merge");
        // The generated districts reuse the sample's names, so the duplicate
        // rules pair some of their records with earlier districts' ones: they
        // are distinct here, added as `--add-duplicates` does (the pairing is
        // still timed, in the dry run).
        plan.choose_for_all_pairs(PairChoice::AddAnyway);
        apply_merge(&mut wb, &plan, &HashMap::new(), None, &mut |_| true).expect("merge");
    }
    let took = start.elapsed();
    let records: i64 = wb.counts().expect("count").iter().sum();
    assert_eq!(records, (DISTRICTS * district_records()) as i64, "every record arrived");
    json!({ "time": ms(took), "records": records, "rss": peak_rss_mb() })
}

fn district_path(dir: &Path, i: usize) -> std::path::PathBuf {
    dir.join(format!("huyen-{}.db", i + 1))
}

/// Projects per district workbook: with their facilities, trainings and
/// design supports, `DISTRICT_RECORDS` records.
const DISTRICT_PROJECTS: usize = DISTRICT_RECORDS / 2;

/// The records `generate` writes for `DISTRICT_PROJECTS` projects.
fn district_records() -> usize {
    let n = DISTRICT_PROJECTS;
    (n / 2).max(1) + n + n / 3 + n / 6
}

// ---------------------------------------------------------------------------
// The parent: makes the workbooks, runs each measurement in a child, prints the table.

fn child(args: &[&str]) -> Value {
    let exe = std::env::current_exe().expect("the bench's own path");
    let out = Process::new(exe).arg("--child").args(args).output().expect("run a child");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout.lines().find_map(|l| l.strip_prefix("RESULT ")).unwrap_or_else(|| {
        panic!("child {args:?} failed:\n{stdout}\n{}", String::from_utf8_lossy(&out.stderr))
    });
    serde_json::from_str(line).expect("the child's result")
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines().find_map(|l| {
                l.strip_prefix("model name").map(|r| r.trim_start_matches([' ', '\t', ':']).to_string())
            })
        })
        .unwrap_or_else(|| std::env::consts::ARCH.to_string());
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|s| {
            s.lines().next().and_then(|l| l.split_whitespace().nth(1)).and_then(|kb| kb.parse::<u64>().ok())
        })
        .map(|kb| format!(", {} GB RAM", kb / 1024 / 1024))
        .unwrap_or_default();
    format!("{cpu}, {cores} cores{memory}, {}", std::env::consts::OS)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(i) = args.iter().position(|a| a == "--child") {
        let rest: Vec<&str> = args[i + 1..].iter().map(String::as_str).collect();
        let result = match rest.as_slice() {
            ["app", path, home] => run_app(Path::new(path), Path::new(home)),
            ["import", csv, dir] => run_import(Path::new(csv), Path::new(dir)),
            ["government", xlsx, rows, dir] => {
                run_government(Path::new(xlsx), rows.parse().expect("rows"), Path::new(dir))
            }
            ["export", path, dir] => run_export(Path::new(path), Path::new(dir)),
            ["merge", dir] => run_merge(Path::new(dir)),
            ["sync", dir] => {
                let districts: Vec<_> = (0..DISTRICTS).map(|i| district_path(Path::new(dir), i)).collect();
                let mut result = sync::run_sync(&districts, Path::new(dir), ms);
                if let Some(o) = result.as_object_mut() {
                    o.insert("rss".into(), json!(peak_rss_mb()));
                }
                result
            }
            _ => panic!("unknown child {rest:?}"),
        };
        println!("RESULT {result}");
        return;
    }
    // `--hostile` times the refusal of the hostile files only.
    if args.iter().any(|a| a == "--hostile") {
        let temp = tempfile::tempdir().expect("a temporary folder");
        let hostile = hostile::run(temp.path());
        println!("{hostile}");
        return;
    }
    // `--sync` times the province server only.
    if args.iter().any(|a| a == "--sync") {
        let temp = tempfile::tempdir().expect("a temporary folder");
        for i in 0..DISTRICTS {
            generate(&district_path(temp.path(), i), DISTRICT_PROJECTS, i + 1);
        }
        print_sync(&child(&["sync", path_str(temp.path())]));
        return;
    }
    let quick = args.iter().any(|a| a == "--quick");
    // `--size N` measures one size only.
    let only: Option<usize> =
        args.iter().position(|a| a == "--size").and_then(|i| args.get(i + 1)).and_then(|n| n.parse().ok());
    let sizes: Vec<usize> = match only {
        Some(n) => vec![n],
        None => SIZES.iter().copied().filter(|n| !quick || *n < 100_000).collect(),
    };
    // `--dir PATH` keeps the workbooks there (to profile one child again).
    let kept =
        args.iter().position(|a| a == "--dir").and_then(|i| args.get(i + 1)).map(std::path::PathBuf::from);
    let temp = tempfile::tempdir().expect("a temporary folder");
    let dir = kept.as_deref().unwrap_or(temp.path());
    let started = Instant::now();
    eprintln!("Machine: {}", machine());

    let mut results: Vec<(usize, Value)> = Vec::new();
    for &n in &sizes {
        let sub = dir.join(n.to_string());
        let _ = std::fs::remove_dir_all(&sub);
        std::fs::create_dir_all(&sub).expect("folder");
        let path = sub.join("so.db");
        let t = Instant::now();
        let wb = generate(&path, n, 0);
        let generated = t.elapsed();
        let csv = sub.join("de-an.csv");
        export_csv(&wb, RecordKind::Project, &csv).expect("write the CSV to import");
        let government_file = sub.join("danh-sach-de-an.xlsx");
        let government_rows = (n == GOVERNMENT_ROWS).then(|| government::write(&wb, &government_file, n));
        drop(wb);
        eprintln!("{} projects: workbook written in {:.1} s", format_int(n as i64), generated.as_secs_f64());
        let app = child(&["app", path_str(&path), path_str(&sub.join("home"))]);
        eprintln!("  app done");
        let export = child(&["export", path_str(&path), path_str(&sub)]);
        let import = child(&["import", path_str(&csv), path_str(&sub)]);
        let government = match government_rows {
            Some(rows) => {
                child(&["government", path_str(&government_file), &rows.to_string(), path_str(&sub)])
            }
            None => Value::Null,
        };
        results
            .push((n, json!({ "app": app, "export": export, "import": import, "government": government })));
    }
    let merge_dir = dir.join("merge");
    let _ = std::fs::remove_dir_all(&merge_dir);
    std::fs::create_dir_all(&merge_dir).expect("folder");
    for i in 0..DISTRICTS {
        generate(&district_path(&merge_dir, i), DISTRICT_PROJECTS, i + 1);
    }
    let merge = child(&["merge", path_str(&merge_dir)]);
    let synced = child(&["sync", path_str(&merge_dir)]);
    let hostile = hostile::run(dir);
    print_table(&results, &merge, &hostile);
    print_sync(&synced);
    eprintln!("Whole run: {:.0} s", started.elapsed().as_secs_f64());
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 temporary path")
}

/// Milliseconds written the Vietnamese way (3.900; 4,9).
fn fmt_ms(v: &Value) -> String {
    match v.as_f64() {
        Some(ms) if ms >= 100.0 => format_int(ms.round() as i64),
        Some(ms) => format_scaled((ms * 100.0).round() as i64, 100, 1),
        None => "—".to_string(),
    }
}

fn print_table(results: &[(usize, Value)], merge: &Value, hostile: &Value) {
    let sizes: Vec<String> = results.iter().map(|(n, _)| format_int(*n as i64)).collect();
    println!();
    println!("Machine: {}", machine());
    println!("Command: cargo bench --bench scale");
    println!();
    println!("| Measure (ms; frames: median / max) | {} | Target at 100.000 |", sizes.join(" | "));
    println!("|---|{}---|", "---:|".repeat(sizes.len()));
    let row = |title: &str, target: &str, cell: &dyn Fn(&Value) -> String| {
        let cells: Vec<String> = results.iter().map(|(_, r)| cell(r)).collect();
        println!("| {title} | {} | {target} |", cells.join(" | "));
    };
    row("Open a workbook, first frame drawn", "< 300", &|r| fmt_ms(&r["app"]["open"]));
    row("Open → every list read, overview charts drawn", "", &|r| fmt_ms(&r["app"]["complete"]));
    row("Frame: overview, 9 charts", "< 4 (aim 1)", &|r| frame_at(r, &["app", "frames", "overview"]));
    for (_, kind, _, _, _, _) in LISTS {
        let title = format!("Frame: {} list, searched, filtered, scrolled to the middle", kind.cli_name());
        let k = key(kind);
        row(&title, "< 4 (aim 1)", &move |r: &Value| frame_at(r, &["app", "frames", &k]));
    }
    for (_, kind, _, _, _, _) in LISTS {
        let title = format!("Frame: {} form open over its list", kind.cli_name());
        let k = format!("{}-form", key(kind));
        row(&title, "< 4 (aim 1)", &move |r: &Value| frame_at(r, &["app", "frames", &k]));
    }
    for (_, kind, _, _, _, _) in LISTS {
        let title = format!(
            "One more letter in the {} search: its frame / result shown after (frames)",
            kind.cli_name()
        );
        let k = key(kind);
        row(&title, "< 4 / —", &move |r: &Value| {
            let s = &r["app"]["search"][&k];
            format!("{} / {} ({})", fmt_ms(&s[0]), fmt_ms(&s[1]), s[2])
        });
    }
    for (_, kind, _, _, _, field) in LISTS {
        let title =
            format!("Frame: a letter typed in the {} form's “{field}” (slower of 2)", kind.cli_name());
        let k = key(kind);
        row(&title, "< 4", &move |r: &Value| fmt_ms(&r["app"]["typing"][&k]));
    }
    row(
        "Projects sorted by title (first click): slowest frame / order shown after (frames)",
        "< 4 / —",
        &|r| {
            let s = &r["app"]["sort"];
            format!("{} / {} ({})", fmt_ms(&s[0]), fmt_ms(&s[1]), s[2])
        },
    );
    row("Edit saved → list redrawn (2 frames)", "< 30", &|r| fmt_ms(&r["app"]["edit_list"]));
    row("… of which the commit to disk", "", &|r| fmt_ms(&r["app"]["commit"]));
    row("Edit saved → overview charts redrawn", "< 30", &|r| fmt_ms(&r["app"]["edit_charts"]));
    row("Import a CSV of as many projects", "< 2.000", &|r| fmt_ms(&r["import"]["time"]));
    row("Import the projects from a government-layout XLSX (at 10.000 only)", "", &|r| {
        fmt_ms(&r["government"]["time"])
    });
    row("Export the workbook to XLSX", "< 3.000", &|r| fmt_ms(&r["export"]["time"]));
    row("Peak memory, app (MB)", "< 250", &|r| fmt_ms(&r["app"]["rss"]));
    row("Peak memory, import (MB)", "< 250", &|r| fmt_ms(&r["import"]["rss"]));
    row("Peak memory, government-layout import (MB)", "", &|r| fmt_ms(&r["government"]["rss"]));
    row("Peak memory, export (MB)", "", &|r| fmt_ms(&r["export"]["rss"]));
    println!();
    println!(
        "Merge of {DISTRICTS} district workbooks of {} records each into a new one: {} ms, peak memory {} MB \
         (targets < 3.000 ms, < 250 MB)",
        format_int(district_records() as i64),
        fmt_ms(&merge["time"]),
        fmt_ms(&merge["rss"]),
    );
    println!();
    println!(
        "Hostile files ({} of them, each under 10 MB, imported under a 2 GB address-space limit): slowest refusal \
         {} ms ({}), aborted: {} (targets < 10.000 ms, none)",
        hostile["files"],
        fmt_ms(&hostile["slowest"]),
        hostile["slowest_file"].as_str().unwrap_or(""),
        hostile["aborted"].as_array().map_or(0, Vec::len),
    );
}

fn print_sync(s: &Value) {
    println!();
    if s.is_null() {
        println!("Sync with the province server: not measured (PostgreSQL is not installed).");
        return;
    }
    println!(
        "Sync through PostgreSQL on loopback: {DISTRICTS} offices of {} records each sent one after the other {} ms, \
         then the whole province ({} records) out to a new workbook: {} ms in all (target < 5.000 ms); \
         10 changes sent by a district {} ms, received by the province {} ms (target < 200 ms); \
         peak memory {} MB; the server's database then {} MB",
        format_int(district_records() as i64),
        fmt_ms(&s["push"]),
        format_int(s["records"].as_i64().unwrap_or(0)),
        fmt_ms(&s["first"]),
        fmt_ms(&s["send_ten"]),
        fmt_ms(&s["receive_ten"]),
        fmt_ms(&s["rss"]),
        fmt_ms(&s["database_mb"]),
    );
}

fn frame_at(r: &Value, path: &[&str]) -> String {
    let mut v = r;
    for p in path {
        v = &v[*p];
    }
    format!("{} / {}", fmt_ms(&v[0]), fmt_ms(&v[1]))
}
