//! Excel templates for importing: one XLSX per record kind that an officer
//! fills in and imports as is. The first sheet holds the import columns (the
//! same Vietnamese headers as the export) with drop-down lists, number and
//! date formats and one example row that the importer skips; the sheets after
//! it explain the columns and hold the lists.
//!
//! Files are written beside the target and renamed at the end, so a failed
//! write never leaves half a file or damages a file already there.

use std::io::{BufWriter, Write};
use std::path::Path;

use jiff::civil::Date;
use rust_xlsxwriter::{
    Color, ConditionalFormatFormula, DataValidation, DataValidationErrorStyle, DataValidationRule,
    ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Note, Worksheet, XlsxError,
    column_number_to_name, worksheet_range_absolute,
};

use crate::domain::RecordKind;
use crate::domain::fields::{Column, FieldType, columns};
use crate::domain::number::{DONG_PER_MILLION, parse_count, parse_date, parse_million};
use crate::domain::places::FORMER_DISTRICTS;
use crate::domain::validate::{MAX_YEAR, MIN_YEAR};
use crate::exchange::export::{DATE_FORMAT, MONEY_FORMAT, SHEET_NAMES};
use crate::i18n::{Lang, Text};
use crate::output::{NewFile, OutputError};

/// The sheet after the data sheet that explains every column.
pub const INSTRUCTIONS_SHEET: &str = "Hướng dẫn";
/// The last sheet: the values of the drop-down lists.
pub const LISTS_SHEET: &str = "Danh mục";
/// How the example row starts. A row whose first filled cell starts with this
/// (in any case, with or without accents) is the template's example and is
/// skipped by the importer.
pub const EXAMPLE_PREFIX: &str = "Ví dụ:";

/// Excel's last row (0-based): validations and formats reach the whole column.
const LAST_ROW: u32 = 1_048_575;
const COUNT_FORMAT: &str = "#,##0";
const WHOLE_MONEY_FORMAT: &str = "#,##0";
const YEAR_FORMAT: &str = "0";
const TEXT_FORMAT: &str = "@";
const REQUIRED_FILL: u32 = 0xF8CBAD;
const OPTIONAL_FILL: u32 = 0xDDEBF7;
const EXAMPLE_GREY: u32 = 0x7F7F7F;

/// Why a template (or another file the program makes for the officer) could not be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateError {
    /// The file could not be written (permission, disk full, a folder at the target…).
    Io(String),
    /// The spreadsheet library refused the contents.
    Xlsx(String),
    /// The target may not be written (a workbook).
    Target(OutputError),
}

impl From<OutputError> for TemplateError {
    fn from(e: OutputError) -> Self {
        match e {
            OutputError::Io(detail) => TemplateError::Io(detail),
            refused => TemplateError::Target(refused),
        }
    }
}

impl TemplateError {
    /// One line: what is wrong and what to do.
    pub fn message(&self, lang: Lang) -> String {
        let detail = match self {
            TemplateError::Io(d) | TemplateError::Xlsx(d) => {
                d.split_whitespace().collect::<Vec<_>>().join(" ")
            }
            TemplateError::Target(refused) => return refused.message(lang),
        };
        match (self, lang) {
            (TemplateError::Io(_), Lang::Vi) => format!(
                "Không ghi được tệp Excel ({detail}). Hãy kiểm tra quyền ghi và dung lượng đĩa, hoặc đóng tệp nếu đang mở trong Excel, rồi thử lại."
            ),
            (TemplateError::Io(_), Lang::En) => format!(
                "Could not write the Excel file ({detail}). Check write permission and free disk space, or close the file if it is open in Excel, and try again."
            ),
            (TemplateError::Xlsx(_), Lang::Vi) => format!(
                "Không tạo được tệp Excel ({detail}). Tệp cũ (nếu có) không bị thay đổi; hãy báo lỗi này cho người quản trị."
            ),
            (TemplateError::Xlsx(_), Lang::En) => format!(
                "Could not make the Excel file ({detail}). Any existing file was not changed; please report this error."
            ),
            (TemplateError::Target(_), _) => String::new(),
        }
    }
}

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for TemplateError {}

impl From<std::io::Error> for TemplateError {
    fn from(e: std::io::Error) -> Self {
        TemplateError::Io(e.to_string())
    }
}

impl From<XlsxError> for TemplateError {
    fn from(e: XlsxError) -> Self {
        match e {
            XlsxError::IoError(e) => TemplateError::Io(e.to_string()),
            XlsxError::TempFileError(_, e) => TemplateError::Io(e.to_string()),
            other => TemplateError::Xlsx(other.to_string()),
        }
    }
}

/// The name of the data sheet of `kind`, the same as in the XLSX export.
pub fn data_sheet_name(kind: RecordKind) -> &'static str {
    SHEET_NAMES[kind.index()]
}

/// A file name to offer for the template of `kind`: `mau-nhap-projects.xlsx`.
pub fn default_file_name(kind: RecordKind) -> String {
    format!("mau-nhap-{}.xlsx", kind.cli_name())
}

/// Saves `book` to `path` through a temporary file beside it
/// ([`crate::output`]): never half written, never over a workbook.
pub(crate) fn save_atomically(
    book: &mut rust_xlsxwriter::Workbook,
    path: &Path,
) -> Result<(), TemplateError> {
    let mut file = NewFile::beside(path, None)?;
    crate::guard::catch(|| {
        let mut buffered = BufWriter::new(file.file());
        book.save_to_writer(&mut buffered)?;
        buffered.flush()?;
        Ok::<_, TemplateError>(())
    })
    .unwrap_or_else(|| Err(TemplateError::Io(crate::exchange::export::UNWRITABLE_TEMP.into())))?;
    file.commit()?;
    Ok(())
}

// ---------------------------------------------------------------------------
// What the template says about each column.

/// What a column holds, for the instructions sheet and the header's note.
pub fn column_meaning(kind: RecordKind, key: &str) -> Option<Text> {
    use RecordKind::*;
    let t = Text::new;
    Some(match (kind, key) {
        (Facility, "ten_co_so") => t(
            "Tên cơ sở công nghiệp nông thôn (doanh nghiệp, hợp tác xã, tổ hợp tác, hộ kinh doanh).",
            "Name of the rural industrial facility (enterprise, cooperative, cooperative group, household business).",
        ),
        (Facility, "loai_hinh") => t("Loại hình cơ sở.", "Type of facility."),
        (Facility, "ma_so_thue") => t(
            "Mã số thuế của cơ sở; dùng để nhận ra cơ sở đã có trong sổ.",
            "The facility's tax code; used to recognise a facility already kept.",
        ),
        (Facility, "nguoi_dai_dien") => {
            t("Họ tên chủ cơ sở hoặc người đại diện.", "Owner or representative.")
        }
        (Facility, "dien_thoai") => t("Số điện thoại liên hệ.", "Contact phone number."),
        (Facility, "dia_chi") => t("Địa chỉ (số nhà, ấp, khóm).", "Address (house number, hamlet)."),
        (Facility, "xa_phuong") => t(
            "Xã, phường, thị trấn nơi cơ sở hoạt động (từ 1/7/2025: xã, phường của tỉnh mới).",
            "Commune, ward or township (from 1 July 2025: of the merged province).",
        ),
        (Facility, "tinh") => t("Tỉnh; để trống là Vĩnh Long.", "Province; empty means Vĩnh Long."),
        (Facility, "nganh") => t("Ngành sản xuất chính của cơ sở.", "The facility's main sector."),
        (Project, "ma_de_an") => t(
            "Mã hoặc số hiệu đề án, nếu có; dùng để nhận ra đề án đã nhập.",
            "Project code or number, if any; used to recognise a project already kept.",
        ),
        (Project, "nam") => t("Năm kế hoạch của đề án.", "The project's plan year."),
        (Project, "ten_de_an") => t("Tên đề án.", "Project title."),
        (Project, "noi_dung") => t(
            "Nội dung hỗ trợ theo Nghị định 45/2012/NĐ-CP.",
            "Content of the support under Decree 45/2012/NĐ-CP.",
        ),
        (Project, "ten_co_so") => t(
            "Cơ sở thụ hưởng; cơ sở chưa có trong sổ sẽ được tạo mới. Để trống nếu đề án không gắn với một cơ sở.",
            "The beneficiary facility; one not yet kept is created. Leave empty for a programme-level project.",
        ),
        (Project, "kinh_phi_ho_tro") => t(
            "Kinh phí khuyến công hỗ trợ, đơn vị triệu đồng.",
            "Support from the khuyến công fund, in million đồng.",
        ),
        (Project, "von_doi_ung") => t(
            "Vốn đối ứng của cơ sở, đơn vị triệu đồng.",
            "The facility's counterpart funds, in million đồng.",
        ),
        (Project, "trang_thai") => {
            t("Trạng thái; để trống là Đã phê duyệt.", "Status; empty means Approved.")
        }
        (Project, "so_quyet_dinh") => t("Số quyết định phê duyệt.", "Number of the approval decision."),
        (Project, "ngay_phe_duyet") => t("Ngày quyết định phê duyệt.", "Date of the approval decision."),
        (Project, "ngay_nghiem_thu") => t(
            "Ngày nghiệm thu (không trước ngày phê duyệt).",
            "Acceptance date (not before the approval date).",
        ),
        (Training, "nam") => t("Năm tổ chức lớp.", "Year the class was held."),
        (Training, "ten_lop") => {
            t("Tên lớp, khóa tập huấn, hội thảo.", "Name of the class, course or workshop.")
        }
        (Training, "loai") => t("Loại hoạt động đào tạo.", "Kind of training."),
        (Training, "nganh_nghe") => {
            t("Ngành nghề đào tạo, ví dụ May công nghiệp.", "Trade taught, for example industrial sewing.")
        }
        (Training, "ten_co_so") => t(
            "Cơ sở phối hợp hoặc nơi tổ chức, nếu có; cơ sở chưa có trong sổ sẽ được tạo mới.",
            "The host or partner facility, if any; one not yet kept is created.",
        ),
        (Training, "so_hoc_vien") => t("Tổng số học viên.", "Number of trainees."),
        (Training, "so_hoc_vien_nu") => t(
            "Số học viên nữ, không lớn hơn tổng số học viên.",
            "Female trainees, not more than all trainees.",
        ),
        (Training, "tu_ngay") => t("Ngày khai giảng.", "First day."),
        (Training, "den_ngay") => {
            t("Ngày kết thúc (không trước ngày khai giảng).", "Last day (not before the first day).")
        }
        (Training, "kinh_phi") => {
            t("Kinh phí của lớp, đơn vị triệu đồng.", "Cost of the class, in million đồng.")
        }
        (Design, "nam") => t("Năm hỗ trợ.", "Year of the support."),
        (Design, "ten_co_so") => t(
            "Cơ sở được hỗ trợ; cơ sở chưa có trong sổ sẽ được tạo mới.",
            "The facility supported; one not yet kept is created.",
        ),
        (Design, "san_pham") => t(
            "Sản phẩm được thiết kế mẫu mã, bao bì.",
            "The product whose design or packaging was supported.",
        ),
        (Design, "hinh_thuc") => t("Hình thức hỗ trợ.", "Form of the support."),
        (Design, "kinh_phi_ho_tro") => t("Kinh phí hỗ trợ, đơn vị triệu đồng.", "Support, in million đồng."),
        (_, "ma_so_thue") => t(
            "Mã số thuế của cơ sở; cơ sở được tìm theo mã này trước, rồi theo tên.",
            "The facility's tax code; the facility is found by it first, then by name.",
        ),
        (_, "huyen") => t(
            "Huyện, thị xã, thành phố cũ (trước 1/7/2025); để trống với bản ghi sau ngày đó.",
            "Former district, town or city (before 1 July 2025); empty for later records.",
        ),
        (_, "xa_phuong") => t("Xã, phường, thị trấn nơi thực hiện.", "Commune, ward or township."),
        (_, "nguon_kinh_phi") => t("Nguồn kinh phí.", "Funding source."),
        (_, "ghi_chu") => t("Ghi chú, có thể nhiều dòng.", "Notes, may span several lines."),
        _ => return None,
    })
}

/// What can be typed into a column, for the instructions sheet.
fn type_text(ty: FieldType) -> Text {
    let t = Text::new;
    match ty {
        FieldType::Line => t("Văn bản", "Text"),
        FieldType::Note => t("Văn bản, có thể nhiều dòng", "Text, may span lines"),
        FieldType::Year => t("Năm, 4 chữ số (2000–2100)", "Year, 4 digits (2000–2100)"),
        FieldType::Money => t(
            "Số tiền, triệu đồng; dấu chấm ngăn cách hàng nghìn, dấu phẩy thập phân (3.900; 4,9)",
            "Amount in million đồng; dot between thousands, decimal comma (3.900; 4,9)",
        ),
        FieldType::Count => t("Số nguyên, không âm", "Whole number, not negative"),
        FieldType::Date => t("Ngày, dd/mm/yyyy (05/03/2020)", "Date, dd/mm/yyyy (05/03/2020)"),
        FieldType::TaxCode => t(
            "10 chữ số, hoặc 10 chữ số-3 chữ số cho chi nhánh",
            "10 digits, or 10 digits-3 digits for a branch",
        ),
        FieldType::District => t("Chọn trong danh sách, hoặc để trống", "Pick from the list, or leave empty"),
        FieldType::Code(_) => t("Chọn trong danh sách", "Pick from the list"),
    }
}

/// The values a coded column accepts, written "Label (code); …".
fn allowed_values(ty: FieldType) -> String {
    match ty {
        FieldType::Code(set) => {
            set.options().iter().map(|(code, vi, _)| format!("{vi} ({code})")).collect::<Vec<_>>().join("; ")
        }
        FieldType::District => FORMER_DISTRICTS.join("; "),
        _ => String::new(),
    }
}

/// The Vietnamese labels a drop-down offers; empty for a column without a list.
fn list_values(ty: FieldType) -> Vec<&'static str> {
    match ty {
        FieldType::Code(set) => set.options().into_iter().map(|(_, vi, _)| vi).collect(),
        FieldType::District => FORMER_DISTRICTS.to_vec(),
        _ => Vec::new(),
    }
}

/// The example row of each kind, as an officer would type it (valid, no warning).
pub fn example_values(kind: RecordKind) -> &'static [(&'static str, &'static str)] {
    match kind {
        RecordKind::Facility => &[
            ("ten_co_so", "Cơ sở Bánh tráng Tư Hòa"),
            ("loai_hinh", "Hộ kinh doanh"),
            ("ma_so_thue", "1500456787"),
            ("nguoi_dai_dien", "Nguyễn Văn Hòa"),
            ("dien_thoai", "0270 3823 456"),
            ("dia_chi", "Ấp Phước Ngươn"),
            ("xa_phuong", "Xã Phước Hậu"),
            ("huyen", "Long Hồ"),
            ("tinh", "Vĩnh Long"),
            ("nganh", "Chế biến nông sản, thực phẩm"),
        ],
        RecordKind::Project => &[
            ("ma_de_an", "KCĐP-2024-01"),
            ("nam", "2024"),
            ("ten_de_an", "Ứng dụng máy sấy nông sản"),
            ("nguon_kinh_phi", "Khuyến công địa phương"),
            ("noi_dung", "Ứng dụng máy móc thiết bị tiên tiến"),
            ("ten_co_so", "Cơ sở Bánh tráng Tư Hòa"),
            ("ma_so_thue", "1500456787"),
            ("huyen", "Long Hồ"),
            ("xa_phuong", "Xã Phước Hậu"),
            ("kinh_phi_ho_tro", "278,5"),
            ("von_doi_ung", "650"),
            ("trang_thai", "Đã nghiệm thu"),
            ("so_quyet_dinh", "125/QĐ-SCT"),
            ("ngay_phe_duyet", "15/03/2024"),
            ("ngay_nghiem_thu", "20/11/2024"),
            ("ghi_chu", "Máy sấy 2 buồng"),
        ],
        RecordKind::Training => &[
            ("nam", "2024"),
            ("ten_lop", "Lớp may công nghiệp khóa 1"),
            ("loai", "Đào tạo nghề"),
            ("nganh_nghe", "May công nghiệp"),
            ("ten_co_so", "Cơ sở May Thành Đạt"),
            ("ma_so_thue", ""),
            ("huyen", "Mang Thít"),
            ("xa_phuong", "Xã Mỹ An"),
            ("so_hoc_vien", "30"),
            ("so_hoc_vien_nu", "25"),
            ("tu_ngay", "04/03/2024"),
            ("den_ngay", "31/05/2024"),
            ("nguon_kinh_phi", "Khuyến công địa phương"),
            ("kinh_phi", "120,5"),
            ("ghi_chu", ""),
        ],
        RecordKind::Design => &[
            ("nam", "2024"),
            ("ten_co_so", "Cơ sở Bánh tráng Tư Hòa"),
            ("ma_so_thue", "1500456787"),
            ("san_pham", "Bánh tráng sữa"),
            ("hinh_thuc", "Thiết kế bao bì"),
            ("nguon_kinh_phi", "Khuyến công địa phương"),
            ("kinh_phi_ho_tro", "25"),
            ("huyen", "Long Hồ"),
            ("xa_phuong", "Xã Phước Hậu"),
            ("ghi_chu", ""),
        ],
    }
}

fn example_value(kind: RecordKind, key: &str) -> &'static str {
    example_values(kind).iter().find(|(k, _)| *k == key).map(|(_, v)| *v).unwrap_or("")
}

/// General rules, Vietnamese and English; `{sheet}` and `{one}` are filled in.
const RULES: &[(&str, &str)] = &[
    (
        "Nhập dữ liệu vào trang \"{sheet}\" (trang đầu tiên; chương trình chỉ đọc trang này), mỗi dòng một {one}, từ dòng 3 trở đi.",
        "Type the data into the sheet \"{sheet}\" (the first sheet; the program reads only that one), one {one} per row, from row 3 on.",
    ),
    (
        "Giữ nguyên dòng tiêu đề (dòng 1). Có thể bỏ bớt cột không bắt buộc hoặc đổi thứ tự cột.",
        "Keep the header row (row 1) as it is. Optional columns may be removed or reordered.",
    ),
    (
        "Cột tô màu cam là cột bắt buộc; cột màu xanh có thể để trống. Rê chuột lên tiêu đề để xem giải thích.",
        "Orange columns are required; blue ones may be left empty. Hover over a header for its explanation.",
    ),
    (
        "Dòng 2 là dòng ví dụ (ô đầu bắt đầu bằng \"Ví dụ:\"): chương trình tự bỏ qua, có thể xóa hoặc để nguyên. Nếu ghi dữ liệu thật vào dòng này thì xóa chữ \"Ví dụ:\".",
        "Row 2 is an example (its first cell starts with \"Ví dụ:\"): the program skips it; delete it or leave it. To use that row for real data, remove the words \"Ví dụ:\".",
    ),
    (
        "Tiền tính bằng triệu đồng; dấu chấm ngăn cách hàng nghìn, dấu phẩy thập phân: 3.900 là 3.900 triệu đồng (3,9 tỷ), 4,9 là 4,9 triệu đồng.",
        "Money is in million đồng; a dot separates thousands and a comma marks decimals: 3.900 is 3.900 million đồng (3,9 billion), 4,9 is 4,9 million đồng.",
    ),
    (
        "Ngày viết theo dạng ngày/tháng/năm, ví dụ 05/03/2020 (hoặc nhập ngày của Excel).",
        "Dates are day/month/year, for example 05/03/2020 (or Excel dates).",
    ),
    (
        "Cột có danh sách: bấm vào ô rồi chọn ở mũi tên bên phải. Mã trong ngoặc (ví dụ quoc_gia) cũng được chấp nhận.",
        "Columns with a list: click the cell and pick from the arrow on its right. The codes in brackets (such as quoc_gia) are accepted too.",
    ),
    (
        "Mã số thuế gồm 10 chữ số, hoặc 10 chữ số, dấu gạch và 3 chữ số cho chi nhánh; ô đã định dạng văn bản để giữ số 0 ở đầu.",
        "A tax code is 10 digits, or 10 digits, a dash and 3 digits for a branch; the cells are formatted as text to keep a leading 0.",
    ),
    (
        "Cơ sở được tìm theo mã số thuế, nếu không có mã thì theo tên (không phân biệt hoa thường, có dấu hay không); cơ sở chưa có trong sổ sẽ được tạo mới.",
        "A facility is found by its tax code, or else by its name (any case, with or without accents); a facility not yet kept is created.",
    ),
    (
        "Trước khi nhập, chương trình cho xem từng dòng, báo lỗi, cảnh báo mức hỗ trợ tối đa và các dòng có thể trùng với bản ghi đã có. Có lỗi thì chưa nhập dòng nào.",
        "Before importing, the program shows every row with its errors, ceiling warnings and likely duplicates of records already kept. If any row has an error, nothing is imported.",
    ),
    (
        "Lưu tệp dạng Excel (.xlsx) hoặc CSV UTF-8, rồi chọn Tệp → Nhập trong chương trình.",
        "Save the file as Excel (.xlsx) or CSV UTF-8, then choose File → Import in the program.",
    ),
];

// ---------------------------------------------------------------------------
// Writing the template.

struct Styles {
    header_required: Format,
    header_optional: Format,
    example: Format,
    example_money: Format,
    example_count: Format,
    example_year: Format,
    example_date: Format,
    money: Format,
    count: Format,
    year: Format,
    date: Format,
    text: Format,
    title: Format,
    bold: Format,
    wrap: Format,
    bold_wrap: Format,
    table_header: Format,
}

impl Styles {
    fn new() -> Self {
        let header = Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_border(FormatBorder::Thin);
        let example = Format::new().set_italic().set_font_color(Color::RGB(EXAMPLE_GREY));
        Styles {
            header_required: header.clone().set_background_color(Color::RGB(REQUIRED_FILL)),
            header_optional: header.set_background_color(Color::RGB(OPTIONAL_FILL)),
            example_money: example.clone().set_num_format(MONEY_FORMAT),
            example_count: example.clone().set_num_format(COUNT_FORMAT),
            example_year: example.clone().set_num_format(YEAR_FORMAT),
            example_date: example.clone().set_num_format(DATE_FORMAT),
            example,
            money: Format::new().set_num_format(MONEY_FORMAT),
            count: Format::new().set_num_format(COUNT_FORMAT),
            year: Format::new().set_num_format(YEAR_FORMAT),
            date: Format::new().set_num_format(DATE_FORMAT),
            text: Format::new().set_num_format(TEXT_FORMAT),
            title: Format::new().set_bold().set_font_size(14),
            bold: Format::new().set_bold(),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            bold_wrap: Format::new().set_bold().set_text_wrap().set_align(FormatAlign::Top),
            table_header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_background_color(Color::RGB(OPTIONAL_FILL))
                .set_border(FormatBorder::Thin),
        }
    }
}

fn col_num(c: usize) -> Result<u16, TemplateError> {
    u16::try_from(c).map_err(|_| TemplateError::Xlsx(format!("column {c} out of range")))
}

fn row_num(r: usize) -> Result<u32, TemplateError> {
    u32::try_from(r).map_err(|_| TemplateError::Xlsx(format!("row {r} out of range")))
}

/// The Excel date of `d`; `None` before 1900, where Excel has no dates.
pub(crate) fn excel_date(d: Date) -> Option<ExcelDateTime> {
    ExcelDateTime::from_ymd(
        u16::try_from(d.year()).ok()?,
        u8::try_from(d.month()).ok()?,
        u8::try_from(d.day()).ok()?,
    )
    .ok()
}

/// Writes one example cell typed as the column expects, so the example shows
/// what Excel makes of a money amount or a date.
fn write_example_cell(
    sheet: &mut Worksheet,
    col: u16,
    column: &Column,
    value: &str,
    s: &Styles,
) -> Result<(), TemplateError> {
    if value.is_empty() {
        return Ok(());
    }
    match column.ty {
        FieldType::Money => match parse_million(value) {
            Ok(dong) => sheet.write_number_with_format(
                1,
                col,
                dong as f64 / DONG_PER_MILLION as f64,
                &s.example_money,
            )?,
            Err(_) => sheet.write_string_with_format(1, col, value, &s.example)?,
        },
        FieldType::Year | FieldType::Count => match parse_count(value) {
            Ok(n) => {
                let f = if column.ty == FieldType::Year { &s.example_year } else { &s.example_count };
                sheet.write_number_with_format(1, col, n as f64, f)?
            }
            Err(_) => sheet.write_string_with_format(1, col, value, &s.example)?,
        },
        FieldType::Date => match parse_date(value).ok().and_then(excel_date) {
            Some(d) => sheet.write_datetime_with_format(1, col, &d, &s.example_date)?,
            None => sheet.write_string_with_format(1, col, value, &s.example)?,
        },
        _ => sheet.write_string_with_format(1, col, value, &s.example)?,
    };
    Ok(())
}

/// The note on a header cell: required or not, and what the column holds.
fn header_note(kind: RecordKind, column: &Column) -> Note {
    let meaning = column_meaning(kind, column.key).map(|t| t.vi).unwrap_or(column.label.vi);
    let head = if column.required { "Bắt buộc nhập." } else { "Không bắt buộc." };
    let allowed = allowed_values(column.ty);
    let mut text = format!("{head}\n{meaning}\n{}", type_text(column.ty).vi);
    if !allowed.is_empty() && allowed.chars().count() <= 400 {
        text.push_str(&format!("\n{allowed}"));
    }
    Note::new(text).add_author_prefix(false).set_width(340).set_height(150)
}

/// The data validation of a column, if it has one: a list from the lists
/// sheet for coded columns, ranges for years, counts, money and dates.
fn validation(column: &Column, list_range: Option<&str>) -> Result<Option<DataValidation>, TemplateError> {
    let v = match column.ty {
        FieldType::Code(_) => {
            let Some(range) = list_range else { return Ok(None) };
            DataValidation::new()
                .allow_list_formula(Formula::new(format!("={range}")))
                .set_error_title("Giá trị không có trong danh sách")?
                .set_error_message(
                    "Hãy chọn một giá trị trong danh sách (bấm mũi tên bên phải ô).\nPick a value from the list (the arrow on the right of the cell).",
                )?
        }
        FieldType::District => {
            let Some(range) = list_range else { return Ok(None) };
            // Other spellings are recognised, and later records leave it empty: inform, never refuse.
            DataValidation::new()
                .allow_list_formula(Formula::new(format!("={range}")))
                .set_error_style(DataValidationErrorStyle::Information)
                .set_error_title("Huyện không có trong danh sách")?
                .set_error_message(
                    "Huyện cũ của Vĩnh Long trước 1/7/2025; bản ghi sau ngày đó để trống.\nA former district of Vĩnh Long before 1 July 2025; leave it empty for later records.",
                )?
        }
        FieldType::Year => DataValidation::new()
            .allow_whole_number(DataValidationRule::Between(MIN_YEAR, MAX_YEAR))
            .set_error_title("Năm không hợp lệ")?
            .set_error_message(format!(
                "Năm phải từ {MIN_YEAR} đến {MAX_YEAR}.\nThe year must be between {MIN_YEAR} and {MAX_YEAR}."
            ))?,
        FieldType::Count => DataValidation::new()
            .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0))
            .set_error_style(DataValidationErrorStyle::Warning)
            .set_error_title("Số không hợp lệ")?
            .set_error_message("Nhập một số nguyên không âm.\nType a whole number, not negative.")?,
        FieldType::Money => DataValidation::new()
            .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
            .set_error_style(DataValidationErrorStyle::Warning)
            .set_error_title("Số tiền không hợp lệ")?
            .set_error_message(
                "Số tiền tính bằng triệu đồng, không âm: 3.900 hoặc 4,9.\nAn amount in million đồng, not negative: 3.900 or 4,9.",
            )?,
        FieldType::Date => {
            let (Ok(first), Ok(last)) = (
                ExcelDateTime::from_ymd(MIN_YEAR as u16, 1, 1),
                ExcelDateTime::from_ymd(MAX_YEAR as u16, 12, 31),
            ) else {
                return Ok(None);
            };
            // A date typed as text (21/5/2012 in an English Excel) still imports: warn only.
            DataValidation::new()
                .allow_date(DataValidationRule::Between(first, last))
                .set_error_style(DataValidationErrorStyle::Warning)
                .set_error_title("Ngày không hợp lệ")?
                .set_error_message(
                    "Viết ngày theo dạng ngày/tháng/năm, ví dụ 05/03/2020.\nWrite the date as day/month/year, for example 05/03/2020.",
                )?
        }
        _ => return Ok(None),
    };
    Ok(Some(v))
}

fn column_format(ty: FieldType, s: &Styles) -> &Format {
    match ty {
        FieldType::Money => &s.money,
        FieldType::Count => &s.count,
        FieldType::Year => &s.year,
        FieldType::Date => &s.date,
        // Text everywhere else: Excel then keeps a tax code's leading 0 and
        // never turns "1/2" or "3-4" into a date.
        _ => &s.text,
    }
}

/// The lists sheet: one column of Vietnamese labels per column with a list.
/// Returns the sheet and, for each import column, the range of its list.
fn lists_sheet(cols: &[Column], s: &Styles) -> Result<(Worksheet, Vec<Option<String>>), TemplateError> {
    let mut sheet = Worksheet::new();
    sheet.set_name(LISTS_SHEET)?;
    let mut ranges = Vec::with_capacity(cols.len());
    let mut next = 0usize;
    for column in cols {
        let values = list_values(column.ty);
        if values.is_empty() {
            ranges.push(None);
            continue;
        }
        let c = col_num(next)?;
        sheet.write_string_with_format(0, c, column.label.vi, &s.bold)?;
        let mut width = column.label.vi.chars().count();
        for (i, v) in values.iter().enumerate() {
            sheet.write_string(row_num(i + 1)?, c, *v)?;
            width = width.max(v.chars().count());
        }
        sheet.set_column_width(c, (width + 2) as f64)?;
        ranges.push(Some(worksheet_range_absolute(LISTS_SHEET, 1, c, row_num(values.len())?, c)));
        next += 1;
    }
    Ok((sheet, ranges))
}

fn data_sheet(kind: RecordKind, ranges: &[Option<String>], s: &Styles) -> Result<Worksheet, TemplateError> {
    let cols = columns(kind);
    let mut sheet = Worksheet::new();
    sheet.set_name(data_sheet_name(kind))?;
    sheet.set_row_height(0, 45)?;
    for (c, column) in cols.iter().enumerate() {
        let col = col_num(c)?;
        let header = if column.required { &s.header_required } else { &s.header_optional };
        sheet.write_string_with_format(0, col, column.label.vi, header)?;
        sheet.insert_note(0, col, &header_note(kind, column))?;
        sheet.set_column_format(col, column_format(column.ty, s))?;

        let value = example_value(kind, column.key);
        if c == 0 {
            // The marker the importer skips the row by; the value stays readable after it.
            sheet.write_string_with_format(1, col, format!("{EXAMPLE_PREFIX} {value}"), &s.example)?;
            let note = Note::new(
                "Dòng ví dụ: chương trình bỏ qua dòng này khi nhập. Có thể xóa hoặc để nguyên.\nExample row: skipped on import. Delete it or leave it.",
            )
            .add_author_prefix(false)
            .set_width(300)
            .set_height(90);
            sheet.insert_note(1, col, &note)?;
        } else {
            write_example_cell(&mut sheet, col, column, value, s)?;
        }

        if let Some(v) = validation(column, ranges.get(c).and_then(|r| r.as_deref()))? {
            sheet.add_data_validation(1, col, LAST_ROW, col, &v)?;
        }
        if column.ty == FieldType::Money {
            // Whole millions without a trailing decimal mark (3.900, not 3.900,).
            let cell = format!("{}2", column_number_to_name(col));
            let whole = ConditionalFormatFormula::new()
                .set_rule(format!("=AND(ISNUMBER({cell}),MOD({cell},1)=0)").as_str())
                .set_format(Format::new().set_num_format(WHOLE_MONEY_FORMAT));
            sheet.add_conditional_format(1, col, LAST_ROW, col, &whole)?;
        }

        let example_width =
            if c == 0 { value.chars().count() + EXAMPLE_PREFIX.len() } else { value.chars().count() };
        let label_width = column.label.vi.chars().count().min(20);
        let width = label_width.max(example_width).max(10) + 2;
        sheet.set_column_width(col, width.min(45) as f64)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    // Printed for checking: landscape, all columns on one page wide, header on every page.
    sheet.set_landscape().set_paper_size(9).set_print_fit_to_pages(1, 0).set_repeat_rows(0, 0)?;
    Ok(sheet)
}

/// Rough height of a wrapped text row, for `chars` characters in a cell `width` characters wide.
fn wrapped_height(chars: usize, width: usize) -> f64 {
    let lines = chars.div_ceil(width.max(1)).max(1);
    15.0 * lines as f64 + 3.0
}

fn instructions_sheet(kind: RecordKind, s: &Styles) -> Result<Worksheet, TemplateError> {
    let cols = columns(kind);
    let mut sheet = Worksheet::new();
    sheet.set_name(INSTRUCTIONS_SHEET)?;
    sheet.set_landscape().set_paper_size(9).set_print_fit_to_pages(1, 0);
    let widths = [30usize, 10, 34, 50, 50, 26, 18];
    for (c, w) in widths.iter().enumerate() {
        sheet.set_column_width(col_num(c)?, *w as f64)?;
    }
    let text_width: usize = widths.iter().sum::<usize>() - 10;
    let last_col = col_num(widths.len() - 1)?;
    let sheet_name = data_sheet_name(kind);
    let fill =
        |text: &str, lang: Lang| text.replace("{sheet}", sheet_name).replace("{one}", kind.singular(lang));

    sheet.write_string_with_format(
        0,
        0,
        format!("HƯỚNG DẪN NHẬP {} – SỔ KHUYẾN CÔNG", kind.plural().vi.to_uppercase()),
        &s.title,
    )?;
    let mut row = 2usize;
    sheet.write_string_with_format(row_num(row)?, 0, "Cách điền", &s.bold)?;
    row += 1;
    for (i, (vi, _)) in RULES.iter().enumerate() {
        let text = format!("{}. {}", i + 1, fill(vi, Lang::Vi));
        let r = row_num(row)?;
        sheet.merge_range(r, 0, r, last_col, &text, &s.wrap)?;
        sheet.set_row_height(r, wrapped_height(text.chars().count(), text_width))?;
        row += 1;
    }

    row += 1;
    sheet.write_string_with_format(row_num(row)?, 0, "Các cột", &s.bold)?;
    row += 1;
    let heads = [
        "Cột (tiêu đề)",
        "Bắt buộc",
        "Kiểu dữ liệu, đơn vị",
        "Ý nghĩa",
        "Giá trị được chấp nhận",
        "Column (English)",
        "Mã cột",
    ];
    for (c, h) in heads.iter().enumerate() {
        sheet.write_string_with_format(row_num(row)?, col_num(c)?, *h, &s.table_header)?;
    }
    row += 1;
    for column in cols {
        let r = row_num(row)?;
        let meaning = column_meaning(kind, column.key).map(|t| t.vi).unwrap_or("");
        let allowed = allowed_values(column.ty);
        let cells = [
            column.label.vi.to_string(),
            if column.required { "Bắt buộc".into() } else { String::new() },
            type_text(column.ty).vi.to_string(),
            meaning.to_string(),
            allowed.clone(),
            column.label.en.to_string(),
            column.key.to_string(),
        ];
        let mut lines = 1.0f64;
        for (c, text) in cells.iter().enumerate() {
            let format = if c == 0 && column.required { &s.bold_wrap } else { &s.wrap };
            sheet.write_string_with_format(r, col_num(c)?, text, format)?;
            lines = lines.max(wrapped_height(text.chars().count(), widths[c]));
        }
        sheet.set_row_height(r, lines)?;
        row += 1;
    }

    row += 1;
    sheet.write_string_with_format(row_num(row)?, 0, "In English", &s.bold)?;
    row += 1;
    for (i, (_, en)) in RULES.iter().enumerate() {
        let text = format!("{}. {}", i + 1, fill(en, Lang::En));
        let r = row_num(row)?;
        sheet.merge_range(r, 0, r, last_col, &text, &s.wrap)?;
        sheet.set_row_height(r, wrapped_height(text.chars().count(), text_width))?;
        row += 1;
    }
    Ok(sheet)
}

/// Writes the import template of `kind` to `path` (XLSX): the data sheet with
/// the import headers, drop-down lists, formats and one example row; then
/// the instructions (`Hướng dẫn`) and the lists (`Danh mục`).
pub fn write_template(kind: RecordKind, path: &Path) -> Result<(), TemplateError> {
    let styles = Styles::new();
    let (lists, ranges) = lists_sheet(columns(kind), &styles)?;
    let mut book = rust_xlsxwriter::Workbook::new();
    book.push_worksheet(data_sheet(kind, &ranges, &styles)?);
    book.push_worksheet(instructions_sheet(kind, &styles)?);
    book.push_worksheet(lists);
    save_atomically(&mut book, path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fields::Draft;

    #[test]
    fn every_column_is_explained_and_has_an_example() {
        for kind in RecordKind::ALL {
            for c in columns(kind) {
                assert!(column_meaning(kind, c.key).is_some(), "{kind:?} {}", c.key);
                assert!(example_values(kind).iter().any(|(k, _)| *k == c.key), "{kind:?} {}", c.key);
            }
        }
    }

    #[test]
    fn the_example_rows_are_valid_records_without_warnings() {
        for kind in RecordKind::ALL {
            let mut draft = Draft::new(kind);
            for (k, v) in example_values(kind) {
                draft.set(k, *v);
            }
            let facility = Some("f".to_string());
            let issues = crate::domain::AnyRecord::from_draft(kind, &draft, facility).issues;
            assert!(issues.is_empty(), "{kind:?}: {issues:?}");
        }
    }

    #[test]
    fn messages_in_both_languages() {
        let e = TemplateError::Io("Permission denied\n(os error 13)".into());
        assert!(e.message(Lang::Vi).contains("Không ghi được"));
        assert!(e.message(Lang::En).contains("Could not write"));
        assert!(!e.message(Lang::Vi).contains('\n'));
    }
}
