//! What the template says about each column: what it holds, what can be
//! typed into it, the example row, and the general rules.

use crate::domain::RecordKind;
use crate::domain::fields::FieldType;
use crate::domain::places::FORMER_DISTRICTS;
use crate::i18n::Text;

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
pub(super) fn type_text(ty: FieldType) -> Text {
    let t = Text::new;
    match ty {
        FieldType::Line => t("Văn bản", "Text"),
        FieldType::PlanLines => {
            t("Các dòng kế hoạch (sửa trong chương trình)", "Plan lines (edited in the program)")
        }
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
pub(super) fn allowed_values(ty: FieldType) -> String {
    match ty {
        FieldType::Code(set) => {
            set.options().iter().map(|(code, vi, _)| format!("{vi} ({code})")).collect::<Vec<_>>().join("; ")
        }
        FieldType::District => FORMER_DISTRICTS.join("; "),
        _ => String::new(),
    }
}

/// The Vietnamese labels a drop-down offers; empty for a column without a list.
pub(super) fn list_values(ty: FieldType) -> Vec<&'static str> {
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
        // Plans have no template of records: their annex is read on its own.
        RecordKind::Plan | RecordKind::PlanLine => &[],
    }
}

pub(super) fn example_value(kind: RecordKind, key: &str) -> &'static str {
    example_values(kind).iter().find(|(k, _)| *k == key).map(|(_, v)| *v).unwrap_or("")
}

/// General rules, Vietnamese and English; `{sheet}` and `{one}` are filled in.
pub(super) const RULES: &[(&str, &str)] = &[
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fields::{Draft, columns};

    #[test]
    fn every_column_is_explained_and_has_an_example() {
        for kind in RecordKind::LISTED {
            for c in columns(kind) {
                assert!(column_meaning(kind, c.key).is_some(), "{kind:?} {}", c.key);
                assert!(example_values(kind).iter().any(|(k, _)| *k == c.key), "{kind:?} {}", c.key);
            }
        }
    }

    #[test]
    fn the_example_rows_are_valid_records_without_warnings() {
        for kind in RecordKind::LISTED {
            let mut draft = Draft::new(kind);
            for (k, v) in example_values(kind) {
                draft.set(k, *v);
            }
            let facility = Some("f".to_string());
            let issues = crate::domain::AnyRecord::from_draft(kind, &draft, facility).issues;
            assert!(issues.is_empty(), "{kind:?}: {issues:?}");
        }
    }
}
