//! The fields of each record kind as text: one table of columns that the
//! import, the export, the templates and the forms all share, and the one
//! place where typed text becomes a record (or a list of problems).

use jiff::civil::Date;

use crate::domain::codes::{
    Code, DesignForm, FacilityKind, FundingSource, PlanKind, ProjectContent, ProjectStatus, Sector,
    TrainingKind,
};
use crate::domain::number::{self, NumberError, format_date, format_int, format_million};
use crate::domain::places::{DEFAULT_PROVINCE, canonical_district};
use crate::domain::plan::{LineText, Plan, line_texts, line_texts_json};
use crate::domain::records::{DesignSupport, Facility, Project, RecordKind, Training};
use crate::domain::text::{clean_line, clean_multiline, fold};
use crate::domain::validate::{
    Issue, MAX_LINE_CHARS, MAX_NOTE_CHARS, MAX_YEAR, MIN_YEAR, Problem, check_design, check_facility,
    check_plan, check_project, check_training,
};
use crate::i18n::{Lang, Text};

/// The coded lists a column can draw from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeSet {
    FundingSource,
    ProjectContent,
    ProjectStatus,
    TrainingKind,
    DesignForm,
    FacilityKind,
    Sector,
    PlanKind,
}

impl CodeSet {
    /// (code, Vietnamese label, English label) of every value.
    pub fn options(self) -> Vec<(&'static str, &'static str, &'static str)> {
        fn all<T: Code>() -> Vec<(&'static str, &'static str, &'static str)> {
            T::ALL.iter().map(|v| (v.code(), v.label_vi(), v.label_en())).collect()
        }
        match self {
            CodeSet::FundingSource => all::<FundingSource>(),
            CodeSet::ProjectContent => all::<ProjectContent>(),
            CodeSet::ProjectStatus => all::<ProjectStatus>(),
            CodeSet::TrainingKind => all::<TrainingKind>(),
            CodeSet::DesignForm => all::<DesignForm>(),
            CodeSet::FacilityKind => all::<FacilityKind>(),
            CodeSet::Sector => all::<Sector>(),
            CodeSet::PlanKind => all::<PlanKind>(),
        }
    }

    /// The stable code for a code or label typed in any case, with or without accents.
    pub fn parse_loose(self, input: &str) -> Option<&'static str> {
        fn find<T: Code>(input: &str) -> Option<&'static str> {
            T::parse_loose(input).map(|v| v.code())
        }
        match self {
            CodeSet::FundingSource => find::<FundingSource>(input),
            CodeSet::ProjectContent => find::<ProjectContent>(input),
            CodeSet::ProjectStatus => find::<ProjectStatus>(input),
            CodeSet::TrainingKind => find::<TrainingKind>(input),
            CodeSet::DesignForm => find::<DesignForm>(input),
            CodeSet::FacilityKind => find::<FacilityKind>(input),
            CodeSet::Sector => find::<Sector>(input),
            CodeSet::PlanKind => find::<PlanKind>(input),
        }
    }

    pub fn label(self, code: &str, lang: Lang) -> Option<&'static str> {
        self.options().into_iter().find(|(c, _, _)| *c == code).map(|(_, vi, en)| lang.pick(vi, en))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    /// One line of text.
    Line,
    /// Several lines of text.
    Note,
    Year,
    /// An amount in million đồng.
    Money,
    /// A whole number of people.
    Count,
    Date,
    TaxCode,
    /// A former district, written the canonical way when recognised.
    District,
    Code(CodeSet),
    /// A plan's lines, kept as the workbook keeps them (see
    /// `domain::plan::lines_to_json`) and edited in their own table.
    PlanLines,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// The import/export header and the field's name in errors (`kinh_phi_ho_tro`).
    pub key: &'static str,
    pub label: Text,
    pub required: bool,
    pub ty: FieldType,
}

const fn col(key: &'static str, vi: &'static str, en: &'static str, required: bool, ty: FieldType) -> Column {
    Column { key, label: Text::new(vi, en), required, ty }
}

const FACILITY_COLUMNS: &[Column] = &[
    col("ten_co_so", "Tên cơ sở", "Facility name", true, FieldType::Line),
    col("loai_hinh", "Loại hình", "Type", false, FieldType::Code(CodeSet::FacilityKind)),
    col("ma_so_thue", "Mã số thuế", "Tax code", false, FieldType::TaxCode),
    col("nguoi_dai_dien", "Người đại diện", "Representative", false, FieldType::Line),
    col("dien_thoai", "Điện thoại", "Phone", false, FieldType::Line),
    col("dia_chi", "Địa chỉ", "Address", false, FieldType::Line),
    col("xa_phuong", "Xã/phường", "Commune/ward", false, FieldType::Line),
    col("huyen", "Huyện (cũ)", "District (former)", false, FieldType::District),
    col("tinh", "Tỉnh", "Province", false, FieldType::Line),
    col("nganh", "Ngành", "Sector", false, FieldType::Code(CodeSet::Sector)),
];

const PROJECT_COLUMNS: &[Column] = &[
    col("ma_de_an", "Mã đề án", "Project code", false, FieldType::Line),
    col("nam", "Năm", "Year", true, FieldType::Year),
    col("ten_de_an", "Tên đề án", "Project title", true, FieldType::Line),
    col("nguon_kinh_phi", "Nguồn kinh phí", "Funding source", true, FieldType::Code(CodeSet::FundingSource)),
    col("noi_dung", "Nội dung", "Content", true, FieldType::Code(CodeSet::ProjectContent)),
    col("ten_co_so", "Tên cơ sở", "Facility name", false, FieldType::Line),
    col("ma_so_thue", "Mã số thuế", "Tax code", false, FieldType::TaxCode),
    col("huyen", "Huyện (cũ)", "District (former)", false, FieldType::District),
    col("xa_phuong", "Xã/phường", "Commune/ward", false, FieldType::Line),
    col("kinh_phi_ho_tro", "Kinh phí hỗ trợ (triệu đồng)", "Support (million VND)", true, FieldType::Money),
    col("von_doi_ung", "Vốn đối ứng (triệu đồng)", "Counterpart (million VND)", false, FieldType::Money),
    col("trang_thai", "Trạng thái", "Status", false, FieldType::Code(CodeSet::ProjectStatus)),
    col("so_quyet_dinh", "Số quyết định", "Decision number", false, FieldType::Line),
    col("ngay_phe_duyet", "Ngày phê duyệt", "Approval date", false, FieldType::Date),
    col("ngay_nghiem_thu", "Ngày nghiệm thu", "Acceptance date", false, FieldType::Date),
    col("ghi_chu", "Ghi chú", "Notes", false, FieldType::Note),
];

const TRAINING_COLUMNS: &[Column] = &[
    col("nam", "Năm", "Year", true, FieldType::Year),
    col("ten_lop", "Tên lớp", "Class name", true, FieldType::Line),
    col("loai", "Loại", "Kind", true, FieldType::Code(CodeSet::TrainingKind)),
    col("nganh_nghe", "Ngành nghề", "Trade", false, FieldType::Line),
    col("ten_co_so", "Cơ sở phối hợp", "Host facility", false, FieldType::Line),
    col("ma_so_thue", "Mã số thuế", "Tax code", false, FieldType::TaxCode),
    col("huyen", "Huyện (cũ)", "District (former)", false, FieldType::District),
    col("xa_phuong", "Xã/phường", "Commune/ward", false, FieldType::Line),
    col("so_hoc_vien", "Số học viên", "Trainees", true, FieldType::Count),
    col("so_hoc_vien_nu", "Số học viên nữ", "Female trainees", false, FieldType::Count),
    col("tu_ngay", "Từ ngày", "From", false, FieldType::Date),
    col("den_ngay", "Đến ngày", "To", false, FieldType::Date),
    col("nguon_kinh_phi", "Nguồn kinh phí", "Funding source", false, FieldType::Code(CodeSet::FundingSource)),
    col("kinh_phi", "Kinh phí (triệu đồng)", "Cost (million VND)", false, FieldType::Money),
    col("ghi_chu", "Ghi chú", "Notes", false, FieldType::Note),
];

const DESIGN_COLUMNS: &[Column] = &[
    col("nam", "Năm", "Year", true, FieldType::Year),
    col("ten_co_so", "Tên cơ sở", "Facility name", true, FieldType::Line),
    col("ma_so_thue", "Mã số thuế", "Tax code", false, FieldType::TaxCode),
    col("san_pham", "Sản phẩm", "Product", true, FieldType::Line),
    col("hinh_thuc", "Hình thức", "Form of support", true, FieldType::Code(CodeSet::DesignForm)),
    col("nguon_kinh_phi", "Nguồn kinh phí", "Funding source", false, FieldType::Code(CodeSet::FundingSource)),
    col("kinh_phi_ho_tro", "Kinh phí hỗ trợ (triệu đồng)", "Support (million VND)", false, FieldType::Money),
    col("huyen", "Huyện (cũ)", "District (former)", false, FieldType::District),
    col("xa_phuong", "Xã/phường", "Commune/ward", false, FieldType::Line),
    col("ghi_chu", "Ghi chú", "Notes", false, FieldType::Note),
];

const PLAN_COLUMNS: &[Column] = &[
    col("ten_ke_hoach", "Tên kế hoạch", "Plan title", true, FieldType::Line),
    col("loai_ke_hoach", "Loại", "Kind", true, FieldType::Code(CodeSet::PlanKind)),
    col("tu_nam", "Từ năm", "From year", true, FieldType::Year),
    col("den_nam", "Đến năm", "To year", true, FieldType::Year),
    col("so_quyet_dinh", "Số quyết định", "Decision number", false, FieldType::Line),
    col("ngay_quyet_dinh", "Ngày quyết định", "Decision date", false, FieldType::Date),
    col("nguoi_phe_duyet", "Người phê duyệt", "Approved by", false, FieldType::Line),
    col("cac_dong", "Các dòng kế hoạch", "Plan lines", false, FieldType::PlanLines),
    col("ghi_chu", "Ghi chú", "Notes", false, FieldType::Note),
];

/// A line of a plan's annex as the import reads it (see `domain::plan::LineText`).
const PLAN_LINE_COLUMNS: &[Column] = &[
    col("hoat_dong", "Nội dung hoạt động", "Activity", true, FieldType::Line),
    col("nam", "Năm", "Year", false, FieldType::Year),
    col("nguon_kinh_phi", "Nguồn kinh phí", "Funding source", false, FieldType::Code(CodeSet::FundingSource)),
    col("so_luong", "Số lượng", "Number", false, FieldType::Count),
    col("so_hoc_vien", "Số học viên", "Trainees", false, FieldType::Count),
    col("kinh_phi", "Kinh phí (triệu đồng)", "Money (million VND)", false, FieldType::Money),
    col("ghi_chu", "Ghi chú", "Notes", false, FieldType::Note),
];

/// The columns of a record kind, in import order.
pub fn columns(kind: RecordKind) -> &'static [Column] {
    match kind {
        RecordKind::Facility => FACILITY_COLUMNS,
        RecordKind::Project => PROJECT_COLUMNS,
        RecordKind::Training => TRAINING_COLUMNS,
        RecordKind::Design => DESIGN_COLUMNS,
        RecordKind::Plan => PLAN_COLUMNS,
        RecordKind::PlanLine => PLAN_LINE_COLUMNS,
    }
}

/// Whether column `key` of a `kind` record only names its facility (the
/// facility's own record holds these fields).
pub fn names_facility(kind: RecordKind, key: &str) -> bool {
    kind != RecordKind::Facility && matches!(key, "ten_co_so" | "ma_so_thue")
}

/// Finds a column by a header as officers write it: the key, or the label in
/// either language, in any case and with or without accents.
pub fn column_for_header(kind: RecordKind, header: &str) -> Option<&'static Column> {
    let key = fold(header).replace('_', " ");
    if key.is_empty() {
        return None;
    }
    columns(kind)
        .iter()
        .find(|c| fold(c.key).replace('_', " ") == key || fold(c.label.vi) == key || fold(c.label.en) == key)
}

/// A record being typed or imported: the text of each column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    kind: RecordKind,
    values: Vec<String>,
}

impl Draft {
    pub fn new(kind: RecordKind) -> Self {
        Draft { kind, values: vec![String::new(); columns(kind).len()] }
    }

    pub fn kind(&self) -> RecordKind {
        self.kind
    }

    fn index(&self, key: &str) -> Option<usize> {
        columns(self.kind).iter().position(|c| c.key == key)
    }

    /// A draft that holds nothing and takes no room: for a row whose text is
    /// no longer needed once read into its record.
    pub fn empty(kind: RecordKind) -> Self {
        Draft { kind, values: Vec::new() }
    }

    pub fn get(&self, key: &str) -> &str {
        self.index(key).and_then(|i| self.values.get(i)).map(String::as_str).unwrap_or("")
    }

    /// The text of a column, for editing in place. `None` for an unknown key.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut String> {
        let i = self.index(key)?;
        if self.values.is_empty() {
            self.values = vec![String::new(); columns(self.kind).len()];
        }
        self.values.get_mut(i)
    }

    pub fn set(&mut self, key: &str, value: impl Into<String>) {
        if let Some(slot) = self.get_mut(key) {
            *slot = value.into();
        }
    }

    pub fn with(mut self, key: &str, value: impl Into<String>) -> Self {
        self.set(key, value);
        self
    }
}

/// Reads typed values out of a draft, collecting a problem per bad field.
struct Reader<'a> {
    draft: &'a Draft,
    issues: Vec<Issue>,
}

impl<'a> Reader<'a> {
    fn required(&self, key: &str) -> bool {
        columns(self.draft.kind).iter().any(|c| c.key == key && c.required)
    }

    fn raw(&mut self, key: &'static str) -> Option<&'a str> {
        let text = self.draft.get(key).trim();
        if text.is_empty() {
            if self.required(key) {
                self.issues.push(Issue::new(key, Problem::Required));
            }
            None
        } else {
            Some(text)
        }
    }

    fn line(&mut self, key: &'static str) -> String {
        let value = self.raw(key).map(clean_line).unwrap_or_default();
        if value.chars().count() > MAX_LINE_CHARS {
            self.issues.push(Issue::new(key, Problem::TooLong { max: MAX_LINE_CHARS }));
        }
        value
    }

    fn note(&mut self, key: &'static str) -> String {
        let value = self.raw(key).map(clean_multiline).unwrap_or_default();
        if value.chars().count() > MAX_NOTE_CHARS {
            self.issues.push(Issue::new(key, Problem::TooLong { max: MAX_NOTE_CHARS }));
        }
        value
    }

    fn district(&mut self, key: &'static str) -> String {
        canonical_district(&self.line(key))
    }

    fn tax_code(&mut self, key: &'static str) -> String {
        // Officers paste codes with spaces or dots between groups.
        self.line(key).chars().filter(|c| !matches!(c, ' ' | '.')).collect()
    }

    fn number_problem(&mut self, key: &'static str, error: NumberError) {
        let problem = match error {
            NumberError::Invalid => Problem::InvalidNumber,
            NumberError::NotWhole => Problem::NotWhole,
            NumberError::TooLarge => Problem::TooLarge,
        };
        self.issues.push(Issue::new(key, problem));
    }

    fn money(&mut self, key: &'static str) -> Option<i64> {
        let text = self.raw(key)?;
        number::parse_million(text).map_err(|e| self.number_problem(key, e)).ok()
    }

    fn count(&mut self, key: &'static str) -> Option<i64> {
        let text = self.raw(key)?;
        number::parse_count(text).map_err(|e| self.number_problem(key, e)).ok()
    }

    fn year(&mut self, key: &'static str) -> Option<i32> {
        let value = self.count(key)?;
        // Checked here too, so a row with other bad fields still names it.
        if !(MIN_YEAR as i64..=MAX_YEAR as i64).contains(&value) {
            self.issues.push(Issue::new(key, Problem::YearOutOfRange));
        }
        Some(i32::try_from(value).unwrap_or(i32::MAX))
    }

    fn date(&mut self, key: &'static str) -> Option<Date> {
        let text = self.raw(key)?;
        number::parse_date(text).map_err(|_| self.issues.push(Issue::new(key, Problem::InvalidDate))).ok()
    }

    fn code<T: Code>(&mut self, key: &'static str) -> Option<T> {
        let text = self.raw(key)?;
        let found = T::parse_loose(text);
        if found.is_none() {
            let codes = T::ALL.iter().map(|v| v.code()).collect();
            self.issues.push(Issue::new(key, Problem::UnknownCode { codes }));
        }
        found
    }

    /// The record when no error was found, with every problem (errors and warnings).
    fn finish<T>(mut self, record: Option<T>, rules: fn(&T) -> Vec<Issue>) -> Checked<T> {
        let Some(record) = record else {
            return Checked { record: None, issues: self.issues };
        };
        for issue in rules(&record) {
            // A field that failed to parse already has its error.
            if !self.issues.iter().any(|i| i.field == issue.field && i.is_error()) {
                self.issues.push(issue);
            }
        }
        let ok = !self.issues.iter().any(Issue::is_error);
        Checked { record: ok.then_some(record), issues: self.issues }
    }
}

/// The result of reading a draft: the record if it has no error, and every
/// error and warning by field.
#[derive(Debug, Clone)]
pub struct Checked<T> {
    pub record: Option<T>,
    pub issues: Vec<Issue>,
}

impl<T> Checked<T> {
    /// The same problems, with the record made into another type.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Checked<U> {
        Checked { record: self.record.map(f), issues: self.issues }
    }

    pub fn errors(&self) -> impl Iterator<Item = &Issue> {
        self.issues.iter().filter(|i| i.is_error())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Issue> {
        self.issues.iter().filter(|i| !i.is_error())
    }

    pub fn issues_for<'s>(&'s self, field: &'s str) -> impl Iterator<Item = &'s Issue> {
        self.issues.iter().filter(move |i| i.field == field)
    }
}

impl Draft {
    pub fn to_facility(&self) -> Checked<Facility> {
        let mut r = Reader { draft: self, issues: Vec::new() };
        let province = r.line("tinh");
        let facility = Facility {
            name: r.line("ten_co_so"),
            kind: r.code("loai_hinh"),
            tax_code: r.tax_code("ma_so_thue"),
            representative: r.line("nguoi_dai_dien"),
            phone: r.line("dien_thoai"),
            address: r.line("dia_chi"),
            commune: r.line("xa_phuong"),
            district: r.district("huyen"),
            province: if province.is_empty() { DEFAULT_PROVINCE.to_string() } else { province },
            sector: r.code("nganh"),
        };
        r.finish(Some(facility), check_facility)
    }

    /// The project typed here, for the given facility (chosen in a form or found
    /// by the importer from `ten_co_so`/`ma_so_thue`).
    pub fn to_project(&self, facility_id: Option<String>) -> Checked<Project> {
        let mut r = Reader { draft: self, issues: Vec::new() };
        // The facility columns only name the facility; check their form anyway.
        r.line("ten_co_so");
        r.tax_code("ma_so_thue");
        let code = r.line("ma_de_an");
        let year = r.year("nam");
        let title = r.line("ten_de_an");
        let source = r.code("nguon_kinh_phi");
        let content = r.code("noi_dung");
        let district = r.district("huyen");
        let commune = r.line("xa_phuong");
        let support = r.money("kinh_phi_ho_tro");
        let counterpart = r.money("von_doi_ung");
        let status = r.code("trang_thai");
        let decision_no = r.line("so_quyet_dinh");
        let approved_on = r.date("ngay_phe_duyet");
        let accepted_on = r.date("ngay_nghiem_thu");
        let note = r.note("ghi_chu");
        let record = (|| {
            Some(Project {
                code,
                year: year?,
                title,
                source: source?,
                content: content?,
                facility_id,
                district,
                commune,
                support_vnd: support?,
                counterpart_vnd: counterpart.unwrap_or(0),
                status: status.unwrap_or(ProjectStatus::Approved),
                decision_no,
                approved_on,
                accepted_on,
                note,
            })
        })();
        r.finish(record, check_project)
    }

    /// The training typed here, held with the given facility (if any).
    pub fn to_training(&self, facility_id: Option<String>) -> Checked<Training> {
        let mut r = Reader { draft: self, issues: Vec::new() };
        r.line("ten_co_so");
        r.tax_code("ma_so_thue");
        let year = r.year("nam");
        let name = r.line("ten_lop");
        let kind = r.code("loai");
        let trade = r.line("nganh_nghe");
        let district = r.district("huyen");
        let commune = r.line("xa_phuong");
        let trainees = r.count("so_hoc_vien");
        let female_trainees = r.count("so_hoc_vien_nu");
        let start_on = r.date("tu_ngay");
        let end_on = r.date("den_ngay");
        let source = r.code("nguon_kinh_phi");
        let cost = r.money("kinh_phi");
        let note = r.note("ghi_chu");
        let record = (|| {
            Some(Training {
                year: year?,
                facility_id,
                name,
                kind: kind?,
                trade,
                district,
                commune,
                trainees: trainees?,
                female_trainees,
                start_on,
                end_on,
                source,
                cost_vnd: cost.unwrap_or(0),
                note,
            })
        })();
        r.finish(record, check_training)
    }

    /// The design support typed here, for the given facility.
    pub fn to_design(&self, facility_id: Option<String>) -> Checked<DesignSupport> {
        let mut r = Reader { draft: self, issues: Vec::new() };
        r.line("ten_co_so");
        r.tax_code("ma_so_thue");
        let year = r.year("nam");
        let product = r.line("san_pham");
        let form = r.code("hinh_thuc");
        let source = r.code("nguon_kinh_phi");
        let support = r.money("kinh_phi_ho_tro");
        let district = r.district("huyen");
        let commune = r.line("xa_phuong");
        let note = r.note("ghi_chu");
        let record = (|| {
            Some(DesignSupport {
                year: year?,
                facility_id: facility_id.unwrap_or_default(),
                product,
                form: form?,
                source,
                support_vnd: support.unwrap_or(0),
                district,
                commune,
                note,
            })
        })();
        r.finish(record, check_design)
    }
}

impl Draft {
    /// The plan typed here.
    pub fn to_plan(&self) -> Checked<Plan> {
        let mut r = Reader { draft: self, issues: Vec::new() };
        let title = r.line("ten_ke_hoach");
        let kind = r.code("loai_ke_hoach");
        let from_year = r.year("tu_nam");
        let to_year = r.year("den_nam");
        let decision_no = r.line("so_quyet_dinh");
        let decided_on = r.date("ngay_quyet_dinh");
        let approved_by = r.line("nguoi_phe_duyet");
        let lines = match line_texts(self.get("cac_dong")) {
            Ok(texts) => {
                let mut lines = Vec::with_capacity(texts.len());
                for (i, text) in texts.iter().enumerate() {
                    match text.read() {
                        Ok(line) => lines.push(line),
                        Err(problems) => r.issues.extend(problems.into_iter().map(|problem| {
                            Issue::new("cac_dong", Problem::PlanLine { line: i + 1, problem })
                        })),
                    }
                }
                (lines.len() == texts.len()).then_some(lines)
            }
            Err(e) => {
                r.issues.push(Issue::new("cac_dong", Problem::PlanLinesUnreadable(e)));
                None
            }
        };
        let note = r.note("ghi_chu");
        let record = (|| {
            Some(Plan {
                kind: kind?,
                title,
                from_year: from_year?,
                to_year: to_year?,
                decision_no,
                decided_on,
                approved_by,
                note,
                lines: lines?,
            })
        })();
        r.finish(record, check_plan)
    }
}

impl Draft {
    /// A line read from an annex, as the plan's form keeps it.
    pub fn to_line_text(&self) -> LineText {
        let get = |key| self.get(key).trim().to_string();
        LineText {
            nam: get("nam"),
            hoat_dong: get("hoat_dong"),
            nguon: get("nguon_kinh_phi"),
            so_luong: get("so_luong"),
            hoc_vien: get("so_hoc_vien"),
            kinh_phi: get("kinh_phi"),
            ghi_chu: get("ghi_chu"),
        }
    }
}

impl Plan {
    pub fn to_draft(&self) -> Draft {
        Draft::new(RecordKind::Plan)
            .with("ten_ke_hoach", &self.title)
            .with("loai_ke_hoach", self.kind.code())
            .with("tu_nam", self.from_year.to_string())
            .with("den_nam", self.to_year.to_string())
            .with("so_quyet_dinh", &self.decision_no)
            .with("ngay_quyet_dinh", opt_date(self.decided_on))
            .with("nguoi_phe_duyet", &self.approved_by)
            .with("cac_dong", line_texts_json(&self.lines.iter().map(LineText::of).collect::<Vec<_>>()))
            .with("ghi_chu", &self.note)
    }
}

fn opt_date(date: Option<Date>) -> String {
    date.map(format_date).unwrap_or_default()
}

impl Facility {
    pub fn to_draft(&self) -> Draft {
        Draft::new(RecordKind::Facility)
            .with("ten_co_so", &self.name)
            .with("loai_hinh", self.kind.map(|k| k.code()).unwrap_or_default())
            .with("ma_so_thue", &self.tax_code)
            .with("nguoi_dai_dien", &self.representative)
            .with("dien_thoai", &self.phone)
            .with("dia_chi", &self.address)
            .with("xa_phuong", &self.commune)
            .with("huyen", &self.district)
            .with("tinh", &self.province)
            .with("nganh", self.sector.map(|s| s.code()).unwrap_or_default())
    }
}

impl Project {
    /// The project's fields as text; the facility columns come from `facility`.
    pub fn to_draft(&self, facility: Option<&Facility>) -> Draft {
        Draft::new(RecordKind::Project)
            .with("ma_de_an", &self.code)
            .with("nam", self.year.to_string())
            .with("ten_de_an", &self.title)
            .with("nguon_kinh_phi", self.source.code())
            .with("noi_dung", self.content.code())
            .with("ten_co_so", facility.map(|f| f.name.as_str()).unwrap_or_default())
            .with("ma_so_thue", facility.map(|f| f.tax_code.as_str()).unwrap_or_default())
            .with("huyen", &self.district)
            .with("xa_phuong", &self.commune)
            .with("kinh_phi_ho_tro", format_million(self.support_vnd))
            .with("von_doi_ung", format_million(self.counterpart_vnd))
            .with("trang_thai", self.status.code())
            .with("so_quyet_dinh", &self.decision_no)
            .with("ngay_phe_duyet", opt_date(self.approved_on))
            .with("ngay_nghiem_thu", opt_date(self.accepted_on))
            .with("ghi_chu", &self.note)
    }
}

impl Training {
    pub fn to_draft(&self, facility: Option<&Facility>) -> Draft {
        Draft::new(RecordKind::Training)
            .with("nam", self.year.to_string())
            .with("ten_lop", &self.name)
            .with("loai", self.kind.code())
            .with("nganh_nghe", &self.trade)
            .with("ten_co_so", facility.map(|f| f.name.as_str()).unwrap_or_default())
            .with("ma_so_thue", facility.map(|f| f.tax_code.as_str()).unwrap_or_default())
            .with("huyen", &self.district)
            .with("xa_phuong", &self.commune)
            .with("so_hoc_vien", format_int(self.trainees))
            .with("so_hoc_vien_nu", self.female_trainees.map(format_int).unwrap_or_default())
            .with("tu_ngay", opt_date(self.start_on))
            .with("den_ngay", opt_date(self.end_on))
            .with("nguon_kinh_phi", self.source.map(|s| s.code()).unwrap_or_default())
            .with("kinh_phi", format_million(self.cost_vnd))
            .with("ghi_chu", &self.note)
    }
}

impl DesignSupport {
    pub fn to_draft(&self, facility: Option<&Facility>) -> Draft {
        Draft::new(RecordKind::Design)
            .with("nam", self.year.to_string())
            .with("ten_co_so", facility.map(|f| f.name.as_str()).unwrap_or_default())
            .with("ma_so_thue", facility.map(|f| f.tax_code.as_str()).unwrap_or_default())
            .with("san_pham", &self.product)
            .with("hinh_thuc", self.form.code())
            .with("nguon_kinh_phi", self.source.map(|s| s.code()).unwrap_or_default())
            .with("kinh_phi_ho_tro", format_million(self.support_vnd))
            .with("huyen", &self.district)
            .with("xa_phuong", &self.commune)
            .with("ghi_chu", &self.note)
    }
}
