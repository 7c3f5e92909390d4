//! The sample workbook: clearly fictional facilities and records for
//! 2014–2023 (and a few for 2024–2025) whose totals equal the figures Vĩnh
//! Long published for those ten years (see README, "Sample workbook").
//!
//! Deterministic: the same file contents (but for ids and times) every run.

use std::path::Path;

use jiff::civil::Date;

use crate::domain::codes::{
    DesignForm, FacilityKind, FundingSource, ProjectContent, ProjectStatus, Sector, TrainingKind,
};
use crate::domain::number::DONG_PER_MILLION;
use crate::domain::places::FORMER_DISTRICTS;
use crate::domain::text::capitalised;
use crate::domain::validate::tax_check_digit_matches;
use crate::domain::{DesignSupport, Facility, Project, Training};
use crate::workbook::{Result, Workbook, Writer};

pub const SAMPLE_OFFICE: &str = "Trung tâm Khuyến công và Xúc tiến thương mại tỉnh Vĩnh Long (sổ mẫu)";

/// The published figures the sample reproduces for 2014–2023 (million đồng).
pub mod published {
    pub const NATIONAL_MACHINERY_PROJECTS: i64 = 14;
    pub const NATIONAL_SUPPORT_M: i64 = 3_900;
    pub const NATIONAL_COUNTERPART_M: i64 = 6_096;
    pub const LOCAL_PROJECTS: i64 = 85;
    pub const LOCAL_SUPPORT_M: i64 = 10_862;
    /// "hơn 11 tỷ đồng": the sample's exact figure, between 11.000 and 12.000.
    pub const LOCAL_COUNTERPART_M: i64 = 11_437;
    pub const MODEL_PROJECTS: i64 = 3;
    pub const MODEL_SUPPORT_M: i64 = 845;
    pub const MODEL_COUNTERPART_M: i64 = 4_900;
    pub const SEWING_CLASSES: i64 = 12;
    pub const SEWING_TRAINEES: i64 = 368;
    pub const HANDICRAFT_TRAINEES: i64 = 32;
    pub const COURSES_AND_WORKSHOPS: i64 = 19;
    pub const DESIGN_FACILITIES: i64 = 17;
}

/// SplitMix64: small, fast and the same on every machine (also used by the
/// benchmark to make workbooks of any size). The number is the seed.
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next_u64() % ((hi - lo + 1) as u64)) as i64
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.next_u64() as usize % items.len()]
    }
}

/// Splits `total` into `n` parts, each in `lo..=hi`, at random.
fn split(rng: &mut Rng, total: i64, n: usize, lo: i64, hi: i64) -> Vec<i64> {
    assert!(lo * n as i64 <= total && total <= hi * n as i64, "cannot split {total} in {n}");
    let mut parts = vec![lo; n];
    let mut left = total - lo * n as i64;
    while left > 0 {
        let i = rng.next_u64() as usize % n;
        let room = hi - parts[i];
        if room == 0 {
            continue;
        }
        let step = rng.range(1, room.min(left).min(37));
        parts[i] += step;
        left -= step;
    }
    parts
}

/// Districts of the province before 1 July 2025, each with some of its communes.
pub const COMMUNES: [(&str, &[&str]); 8] = [
    ("TP Vĩnh Long", &["Phường 1", "Phường 8", "Phường Tân Ngãi", "Phường Trường An"]),
    ("TX Bình Minh", &["Phường Cái Vồn", "Phường Thành Phước", "Xã Đông Thành"]),
    ("Bình Tân", &["Xã Tân Quới", "Xã Thành Lợi", "Xã Tân Lược"]),
    ("Long Hồ", &["Xã Long Phước", "Xã Phước Hậu", "Xã Lộc Hòa", "Xã Thanh Đức"]),
    ("Mang Thít", &["Xã Mỹ An", "Xã Nhơn Phú", "Xã Hòa Tịnh", "Thị trấn Cái Nhum"]),
    ("Tam Bình", &["Xã Song Phú", "Xã Tường Lộc", "Thị trấn Tam Bình"]),
    ("Trà Ôn", &["Xã Hựu Thành", "Xã Thiện Mỹ", "Thị trấn Trà Ôn"]),
    ("Vũng Liêm", &["Xã Trung Thành", "Xã Hiếu Phụng", "Thị trấn Vũng Liêm"]),
];

/// Communes and wards of the merged province, for records after 1 July 2025.
pub const NEW_COMMUNES: [&str; 6] =
    ["Phường Phước Hậu", "Phường Long Châu", "Xã Cái Nhum", "Xã Trà Ôn", "Xã Tân Quới", "Phường Bình Minh"];

const OWNERS: [&str; 24] = [
    "Minh Phát",
    "Thành Đạt",
    "Hồng Phúc",
    "Tân Tiến",
    "Phú Quý",
    "Kim Ngân",
    "Hoàng Long",
    "Bảy Lành",
    "Út Hiền",
    "Tư Sáng",
    "Ngọc Hân",
    "Sáu Mến",
    "Phước Lộc",
    "Thanh Tâm",
    "Hữu Nghĩa",
    "Năm Được",
    "Mỹ Duyên",
    "Quốc Thái",
    "Ba Tâm",
    "Thiện Tâm",
    "An Khang",
    "Tám Lợi",
    "Vạn Thành",
    "Gia Bảo",
];

/// (sector, trade in a facility name, product it makes)
pub const TRADES: [(Sector, &str, &str); 14] = [
    (Sector::FoodProcessing, "bánh tráng", "Bánh tráng"),
    (Sector::FoodProcessing, "bánh phồng", "Bánh phồng"),
    (Sector::FoodProcessing, "kẹo dừa", "Kẹo dừa"),
    (Sector::FoodProcessing, "trái cây sấy", "Chôm chôm sấy dẻo"),
    (Sector::FoodProcessing, "xay xát lúa gạo", "Gạo sạch"),
    (Sector::FoodProcessing, "nước mắm", "Nước mắm"),
    (Sector::Textiles, "may mặc", "Quần áo may sẵn"),
    (Sector::Mechanical, "cơ khí", "Máy sấy lúa"),
    (Sector::Mechanical, "cơ khí nông nghiệp", "Máy cắt cỏ"),
    (Sector::Handicrafts, "đan lục bình", "Giỏ lục bình"),
    (Sector::Handicrafts, "gốm mỹ nghệ", "Gốm đỏ"),
    (Sector::BuildingMaterials, "gạch ngói", "Gạch ống"),
    (Sector::Packaging, "bao bì", "Thùng carton"),
    (Sector::Chemicals, "phân bón vi sinh", "Phân bón hữu cơ vi sinh"),
];

fn tax_code(rng: &mut Rng) -> String {
    loop {
        // 15: the tax authority's code for Vĩnh Long.
        let body = format!("15{:07}", rng.range(0, 9_999_999));
        for check in 0..10 {
            let code = format!("{body}{check}");
            if tax_check_digit_matches(&code) {
                return code;
            }
        }
    }
}

/// A facility's legal form (half are households) and its name, from its
/// trade and its owner's name.
pub fn kind_and_name(rng: &mut Rng, trade: &str, owner: &str) -> (FacilityKind, String) {
    let kind = match rng.range(0, 9) {
        0..=4 => FacilityKind::Household,
        5..=7 => FacilityKind::Enterprise,
        8 => FacilityKind::Cooperative,
        _ => FacilityKind::CooperativeGroup,
    };
    let name = match kind {
        FacilityKind::Household => format!("Cơ sở {trade} {owner}"),
        FacilityKind::Enterprise => format!("Công ty TNHH {trade} {owner}"),
        FacilityKind::Cooperative => format!("HTX {trade} {owner}"),
        FacilityKind::CooperativeGroup => format!("Tổ hợp tác {trade} {owner}"),
    };
    (kind, name)
}

fn facility(rng: &mut Rng, index: usize) -> Facility {
    let (district, communes) = COMMUNES[index % COMMUNES.len()];
    let (sector, trade, _) = *rng.pick(&TRADES);
    let owner = OWNERS[(index * 7 + 3) % OWNERS.len()];
    let (kind, name) = kind_and_name(rng, trade, owner);
    let commune = rng.pick(communes).to_string();
    Facility {
        name: capitalised(&name),
        kind: Some(kind),
        tax_code: if kind == FacilityKind::Household && rng.range(0, 2) == 0 {
            String::new()
        } else {
            tax_code(rng)
        },
        representative: format!(
            "{} {}",
            rng.pick(&["Nguyễn Văn", "Trần Thị", "Lê Văn", "Phạm Thị", "Võ Văn", "Huỳnh Thị"]),
            owner.split(' ').next_back().unwrap_or(owner)
        ),
        phone: format!("0{}{:08}", rng.pick(&["90", "91", "93", "97", "98"]), rng.range(0, 99_999_999)),
        address: format!("Ấp {}, {commune}", rng.range(1, 9)),
        commune,
        district: district.to_string(),
        province: "Vĩnh Long".to_string(),
        sector: Some(sector),
    }
}

fn date(year: i32, month: i8, day: i8) -> Option<Date> {
    Date::new(year as i16, month, day).ok()
}

fn million(m: i64) -> i64 {
    m * DONG_PER_MILLION
}

struct Builder<'w, 'a> {
    w: &'w Writer<'a>,
    rng: Rng,
    facilities: Vec<(String, Facility)>,
    project_seq: std::collections::HashMap<(i32, &'static str), u32>,
}

impl Builder<'_, '_> {
    fn add_facility(&mut self) -> Result<usize> {
        let f = facility(&mut self.rng, self.facilities.len());
        let id = self.w.insert(&f)?;
        self.facilities.push((id, f));
        Ok(self.facilities.len() - 1)
    }

    /// A facility of the sector list, reused now and then: a facility is often
    /// supported several times over the years.
    fn some_facility(&mut self) -> Result<usize> {
        if self.facilities.len() > 12 && self.rng.range(0, 4) == 0 {
            Ok(self.rng.range(0, self.facilities.len() as i64 - 1) as usize)
        } else {
            self.add_facility()
        }
    }

    fn project(
        &mut self,
        year: i32,
        source: FundingSource,
        content: ProjectContent,
        support_m: i64,
        counterpart_m: i64,
    ) -> Result<()> {
        // Information campaigns and cluster work serve a whole district, not one facility.
        let programme_level = matches!(content, ProjectContent::Information | ProjectContent::Clusters);
        let (facility_id, f) = if programme_level {
            let (district, communes) = *self.rng.pick(&COMMUNES);
            let place = Facility {
                district: district.to_string(),
                commune: self.rng.pick(communes).to_string(),
                ..Facility::default()
            };
            (None, place)
        } else {
            let fi = self.some_facility()?;
            let (id, f) = self.facilities[fi].clone();
            (Some(id), f)
        };
        let product = TRADES.iter().find(|t| Some(t.0) == f.sector).map(|t| t.2).unwrap_or("sản phẩm");
        let title = match content {
            ProjectContent::Machinery => {
                format!("Hỗ trợ ứng dụng máy móc thiết bị tiên tiến vào sản xuất {}", product.to_lowercase())
            }
            ProjectContent::DemonstrationModel => {
                format!("Xây dựng mô hình trình diễn kỹ thuật sản xuất {}", product.to_lowercase())
            }
            ProjectContent::TypicalProduct => {
                format!("Hỗ trợ sản phẩm công nghiệp nông thôn tiêu biểu: {}", product.to_lowercase())
            }
            ProjectContent::TradeFair => {
                format!("Hỗ trợ tham gia hội chợ, triển lãm giới thiệu {}", product.to_lowercase())
            }
            ProjectContent::CleanerProduction => {
                format!("Hỗ trợ áp dụng sản xuất sạch hơn trong sản xuất {}", product.to_lowercase())
            }
            ProjectContent::Consulting => {
                format!("Tư vấn nâng cao năng lực quản lý sản xuất {}", product.to_lowercase())
            }
            ProjectContent::Information => "Thông tin tuyên truyền về chính sách khuyến công".to_string(),
            ProjectContent::Clusters => "Hỗ trợ liên kết sản xuất trong cụm công nghiệp".to_string(),
            ProjectContent::DigitalGreen => {
                format!("Hỗ trợ chuyển đổi số trong sản xuất {}", product.to_lowercase())
            }
            ProjectContent::Other => "Hoạt động khuyến công khác".to_string(),
        };
        let prefix = match source {
            FundingSource::National => "KCQG",
            FundingSource::Local => "KCĐP",
            FundingSource::Other => "KCK",
        };
        let seq = self.project_seq.entry((year, prefix)).or_insert(0);
        *seq += 1;
        let seq = *seq;
        let month = self.rng.range(3, 6) as i8;
        let approved_on = date(year, month, self.rng.range(1, 28) as i8);
        let (status, accepted_on) = match year {
            ..=2022 => (ProjectStatus::Settled, date(year, 11, self.rng.range(1, 28) as i8)),
            2023 => (ProjectStatus::Accepted, date(year, 12, self.rng.range(1, 20) as i8)),
            2024 => (ProjectStatus::InProgress, None),
            _ => (ProjectStatus::Approved, None),
        };
        let after_merger = year >= 2025;
        let project = Project {
            code: format!("{prefix}-{year}-{seq:02}"),
            year,
            title,
            source,
            content,
            facility_id,
            district: if after_merger { String::new() } else { f.district.clone() },
            commune: if after_merger { self.rng.pick(&NEW_COMMUNES).to_string() } else { f.commune.clone() },
            support_vnd: million(support_m),
            counterpart_vnd: million(counterpart_m),
            status,
            decision_no: format!("{}/QĐ-SCT", self.rng.range(100, 999)),
            approved_on: if after_merger { date(year, 8, self.rng.range(1, 28) as i8) } else { approved_on },
            accepted_on,
            note: String::new(),
        };
        self.w.insert(&project)?;
        Ok(())
    }
}

/// Spreads `n` items over the years 2014–2023, a few per year.
fn years(rng: &mut Rng, n: usize) -> Vec<i32> {
    let mut ys: Vec<i32> = (0..n).map(|i| 2014 + ((i * 10) / n.max(1)) as i32).collect();
    // Shuffle a little between neighbouring years, keeping the range.
    for i in 1..ys.len() {
        if rng.range(0, 3) == 0 {
            ys.swap(i - 1, i);
        }
    }
    ys
}

/// Writes the sample workbook to a new file at `path`.
pub fn create_sample(path: &Path) -> Result<Workbook> {
    Workbook::create_with(path, SAMPLE_OFFICE, "Vĩnh Long", |wb| wb.write(fill))
}

fn fill(w: &Writer<'_>) -> Result<()> {
    use published::*;
    let mut b = Builder { w, rng: Rng(20_140_101), facilities: Vec::new(), project_seq: Default::default() };

    // 14 national-fund machinery projects: at most 300 million each, and
    // support never above half the cost (counterpart ≥ support).
    let n = NATIONAL_MACHINERY_PROJECTS as usize;
    let support = split(&mut b.rng, NATIONAL_SUPPORT_M, n, 180, 300);
    let extra = split(&mut b.rng, NATIONAL_COUNTERPART_M - NATIONAL_SUPPORT_M, n, 20, 400);
    for (i, year) in years(&mut b.rng, n).into_iter().enumerate() {
        b.project(
            year,
            FundingSource::National,
            ProjectContent::Machinery,
            support[i],
            support[i] + extra[i],
        )?;
    }

    // 85 local-fund projects other than demonstration models.
    let mut contents = vec![ProjectContent::Machinery; 60];
    contents.extend([ProjectContent::TypicalProduct; 8]);
    contents.extend([ProjectContent::TradeFair; 6]);
    contents.extend([ProjectContent::CleanerProduction; 3]);
    contents.extend([ProjectContent::Consulting; 4]);
    contents.extend([ProjectContent::Information; 4]);
    let n = LOCAL_PROJECTS as usize;
    assert_eq!(contents.len(), n);
    for i in (1..n).rev() {
        let j = b.rng.range(0, i as i64) as usize;
        contents.swap(i, j);
    }
    let support = split(&mut b.rng, LOCAL_SUPPORT_M, n, 40, 250);
    // Machinery and cleaner production: counterpart = support + extra (≤ 50 %);
    // typical products a small counterpart; fairs, consulting, information none.
    let needs_half =
        |c: ProjectContent| matches!(c, ProjectContent::Machinery | ProjectContent::CleanerProduction);
    let typical: Vec<usize> = (0..n).filter(|i| contents[*i] == ProjectContent::TypicalProduct).collect();
    let typical_cp = split(&mut b.rng, 320, typical.len(), 20, 60);
    let base: i64 = (0..n).filter(|i| needs_half(contents[*i])).map(|i| support[i]).sum();
    let halves: Vec<usize> = (0..n).filter(|i| needs_half(contents[*i])).collect();
    let extras = split(&mut b.rng, LOCAL_COUNTERPART_M - base - 320, halves.len(), 5, 400);
    let mut counterpart = vec![0; n];
    for (k, i) in halves.iter().enumerate() {
        counterpart[*i] = support[*i] + extras[k];
    }
    for (k, i) in typical.iter().enumerate() {
        counterpart[*i] = typical_cp[k];
    }
    for (i, year) in years(&mut b.rng, n).into_iter().enumerate() {
        b.project(year, FundingSource::Local, contents[i], support[i], counterpart[i])?;
    }

    // 3 technical demonstration models (local fund).
    let model_support = [300, 265, MODEL_SUPPORT_M - 565];
    let model_counterpart = [1_650, 1_500, MODEL_COUNTERPART_M - 3_150];
    for (i, year) in [2016, 2019, 2022].into_iter().enumerate() {
        b.project(
            year,
            FundingSource::Local,
            ProjectContent::DemonstrationModel,
            model_support[i],
            model_counterpart[i],
        )?;
    }

    // Vocational classes: 12 industrial sewing classes (368 trainees) and one
    // handicraft class (32 trainees).
    // Most sewing classes are held with a garment company that hires the trainees.
    let mut garment_companies = Vec::new();
    for (owner, district, commune) in
        [("Phú Thịnh", "Long Hồ", "Xã Phước Hậu"), ("Hòa Bình", "Tam Bình", "Thị trấn Tam Bình")]
    {
        let facility = Facility {
            name: format!("Công ty TNHH may mặc {owner}"),
            kind: Some(FacilityKind::Enterprise),
            tax_code: tax_code(&mut b.rng),
            representative: format!("Trần Thị {}", owner.split(' ').next_back().unwrap_or(owner)),
            phone: format!("0270{:07}", b.rng.range(0, 9_999_999)),
            address: format!("Ấp {}, {commune}", b.rng.range(1, 6)),
            commune: commune.to_string(),
            district: district.to_string(),
            province: "Vĩnh Long".to_string(),
            sector: Some(Sector::Textiles),
        };
        let id = w.insert(&facility)?;
        b.facilities.push((id.clone(), facility));
        garment_companies.push(id);
    }
    let n = SEWING_CLASSES as usize;
    let trainees = split(&mut b.rng, SEWING_TRAINEES, n, 25, 35);
    for (i, year) in years(&mut b.rng, n).into_iter().enumerate() {
        let (district, communes) = COMMUNES[(i * 3 + 1) % COMMUNES.len()];
        let start = b.rng.range(2, 8) as i8;
        let female = trainees[i] - b.rng.range(0, 4);
        w.insert(&Training {
            facility_id: (i % 3 != 2).then(|| garment_companies[i % 2].clone()),
            year,
            name: format!("Lớp đào tạo nghề may công nghiệp tại {}", b.rng.pick(communes)),
            kind: TrainingKind::Vocational,
            trade: "May công nghiệp".to_string(),
            district: district.to_string(),
            commune: b.rng.pick(communes).to_string(),
            trainees: trainees[i],
            female_trainees: Some(female),
            start_on: date(year, start, 5),
            end_on: date(year, start + 3, 25),
            source: Some(FundingSource::Local),
            cost_vnd: million(b.rng.range(55, 90)),
            note: String::new(),
        })?;
    }
    w.insert(&Training {
        facility_id: None,
        year: 2018,
        name: "Lớp đào tạo nghề tiểu thủ công nghiệp đan lục bình".to_string(),
        kind: TrainingKind::Vocational,
        trade: "Đan lục bình".to_string(),
        district: "Vũng Liêm".to_string(),
        commune: "Xã Trung Thành".to_string(),
        trainees: HANDICRAFT_TRAINEES,
        female_trainees: Some(29),
        start_on: date(2018, 6, 4),
        end_on: date(2018, 8, 31),
        source: Some(FundingSource::Local),
        cost_vnd: million(48),
        note: String::new(),
    })?;

    // 19 management courses and workshops for rural industrial facilities.
    let topics = [
        (TrainingKind::Course, "Tập huấn nâng cao năng lực quản lý cho cơ sở công nghiệp nông thôn"),
        (TrainingKind::Course, "Tập huấn kỹ năng bán hàng trên sàn thương mại điện tử"),
        (TrainingKind::Course, "Tập huấn áp dụng sản xuất sạch hơn"),
        (TrainingKind::Workshop, "Hội thảo giới thiệu chính sách khuyến công"),
        (TrainingKind::Workshop, "Hội thảo liên kết tiêu thụ sản phẩm công nghiệp nông thôn"),
    ];
    for (i, year) in years(&mut b.rng, COURSES_AND_WORKSHOPS as usize).into_iter().enumerate() {
        let (kind, name) = topics[i % topics.len()];
        let district = FORMER_DISTRICTS[i % FORMER_DISTRICTS.len()];
        let day = date(year, b.rng.range(3, 11) as i8, b.rng.range(1, 27) as i8);
        let people = b.rng.range(30, 90);
        w.insert(&Training {
            facility_id: None,
            year,
            name: name.to_string(),
            kind,
            trade: String::new(),
            district: district.to_string(),
            commune: String::new(),
            trainees: people,
            female_trainees: Some(people / 2 - b.rng.range(0, 8)),
            start_on: day,
            end_on: day,
            source: Some(FundingSource::Local),
            cost_vnd: million(b.rng.range(15, 45)),
            note: String::new(),
        })?;
    }

    // Design support for 17 facilities (one of them twice).
    let forms = [DesignForm::Packaging, DesignForm::Product, DesignForm::Label, DesignForm::Packaging];
    let mut supported: Vec<usize> = Vec::new();
    for i in 0..DESIGN_FACILITIES as usize {
        let fi = b.add_facility()?;
        supported.push(fi);
        let year = 2016 + (i as i32 * 8) / DESIGN_FACILITIES as i32;
        let form = *b.rng.pick(&forms);
        add_design(&mut b, fi, year, form)?;
    }
    add_design(&mut b, supported[2], 2023, DesignForm::Trademark)?;

    // A few records after the ten published years: 2024 by district, 2025
    // (after the merger of 1 July 2025) by commune of the new province.
    for (year, content, s, c) in [
        (2024, ProjectContent::Machinery, 210, 260),
        (2024, ProjectContent::Machinery, 180, 250),
        (2024, ProjectContent::TypicalProduct, 60, 20),
        (2024, ProjectContent::DigitalGreen, 120, 150),
        (2025, ProjectContent::Machinery, 250, 300),
        (2025, ProjectContent::DigitalGreen, 90, 100),
        (2025, ProjectContent::TradeFair, 75, 0),
    ] {
        b.project(year, FundingSource::Local, content, s, c)?;
    }
    b.project(2025, FundingSource::National, ProjectContent::Machinery, 290, 420)?;
    w.insert(&Training {
        facility_id: None,
        year: 2024,
        name: "Lớp đào tạo nghề may công nghiệp tại Xã Hòa Tịnh".to_string(),
        kind: TrainingKind::Vocational,
        trade: "May công nghiệp".to_string(),
        district: "Mang Thít".to_string(),
        commune: "Xã Hòa Tịnh".to_string(),
        trainees: 30,
        female_trainees: Some(28),
        start_on: date(2024, 4, 8),
        end_on: date(2024, 7, 26),
        source: Some(FundingSource::Local),
        cost_vnd: million(86),
        note: String::new(),
    })?;
    w.insert(&Training {
        facility_id: None,
        year: 2025,
        name: "Hội thảo chuyển đổi số cho cơ sở công nghiệp nông thôn".to_string(),
        kind: TrainingKind::Workshop,
        trade: String::new(),
        district: String::new(),
        commune: "Phường Long Châu".to_string(),
        trainees: 85,
        female_trainees: Some(37),
        start_on: date(2025, 9, 18),
        end_on: date(2025, 9, 18),
        source: Some(FundingSource::Local),
        cost_vnd: million(40),
        note: "Sau sắp xếp đơn vị hành chính ngày 01/7/2025.".to_string(),
    })?;
    let fi = b.add_facility()?;
    add_design(&mut b, fi, 2024, DesignForm::Packaging)?;
    super::sample_plans::add_plans(w)?;
    Ok(())
}

fn add_design(b: &mut Builder<'_, '_>, fi: usize, year: i32, form: DesignForm) -> Result<()> {
    let (facility_id, f) = b.facilities[fi].clone();
    let product = TRADES.iter().find(|t| Some(t.0) == f.sector).map(|t| t.2).unwrap_or("Sản phẩm");
    b.w.insert(&DesignSupport {
        year,
        facility_id,
        product: product.to_string(),
        form,
        source: Some(FundingSource::Local),
        support_vnd: million(b.rng.range(20, 60)),
        district: f.district.clone(),
        commune: f.commune.clone(),
        note: String::new(),
    })?;
    Ok(())
}
