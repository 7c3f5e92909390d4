//! The coded fields of the records. Each value has a stable code (stored in
//! the workbook and used by import and export) and Vietnamese and English labels.

use crate::domain::text::fold;
use crate::i18n::Lang;

/// What every coded field offers: its codes, labels and a forgiving reader.
pub trait Code: Copy + Eq + Sized + 'static {
    const ALL: &'static [Self];
    fn code(self) -> &'static str;
    fn label_vi(self) -> &'static str;
    fn label_en(self) -> &'static str;

    fn label(self, lang: Lang) -> &'static str {
        lang.pick(self.label_vi(), self.label_en())
    }

    fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.code() == code)
    }

    /// Reads a code or a label in either language, in any case, with or
    /// without accents: "quoc_gia", "Khuyến công quốc gia", "khuyen cong quoc gia".
    fn parse_loose(input: &str) -> Option<Self> {
        // Most cells hold a code or a label exactly as written (an export, a
        // template's drop-down): found without folding.
        let exact =
            Self::ALL.iter().copied().find(|v| [v.code(), v.label_vi(), v.label_en()].contains(&input));
        if exact.is_some() {
            return exact;
        }
        let key = loose_key(input);
        if key.is_empty() {
            return None;
        }
        Self::ALL.iter().copied().find(|v| {
            loose_key(v.code()) == key || loose_key(v.label_vi()) == key || loose_key(v.label_en()) == key
        })
    }
}

/// How codes and labels compare: folded, with "_" and "-" read as spaces.
fn loose_key(s: &str) -> String {
    fold(&s.replace(['_', '-'], " "))
}

macro_rules! codes {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $code:literal, $vi:literal, $en:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant,)+ }

        impl Code for $name {
            const ALL: &'static [Self] = &[$($name::$variant,)+];
            fn code(self) -> &'static str {
                match self { $($name::$variant => $code,)+ }
            }
            fn label_vi(self) -> &'static str {
                match self { $($name::$variant => $vi,)+ }
            }
            fn label_en(self) -> &'static str {
                match self { $($name::$variant => $en,)+ }
            }
        }
    };
}

codes! {
    /// Nguồn kinh phí.
    FundingSource {
        National = "quoc_gia", "Khuyến công quốc gia", "National fund";
        Local = "dia_phuong", "Khuyến công địa phương", "Local fund";
        Other = "khac", "Nguồn khác", "Other source";
    }
}

codes! {
    /// Nội dung đề án.
    ProjectContent {
        Machinery = "may_moc_thiet_bi", "Ứng dụng máy móc thiết bị tiên tiến", "Advanced machinery and equipment";
        DemonstrationModel = "mo_hinh_trinh_dien", "Mô hình trình diễn kỹ thuật", "Technical demonstration model";
        TypicalProduct = "san_pham_tieu_bieu", "Sản phẩm CNNT tiêu biểu", "Typical rural industrial product";
        TradeFair = "hoi_cho_trien_lam", "Hội chợ, triển lãm", "Trade fair or exhibition";
        CleanerProduction = "san_xuat_sach_hon", "Sản xuất sạch hơn", "Cleaner production";
        Consulting = "tu_van", "Tư vấn", "Consulting";
        Information = "thong_tin", "Thông tin tuyên truyền", "Information and communication";
        Clusters = "lien_ket_cum_cong_nghiep", "Liên kết, cụm công nghiệp", "Linkages and industrial clusters";
        DigitalGreen = "chuyen_doi_so_xanh", "Chuyển đổi số, chuyển đổi xanh", "Digital and green transformation";
        Other = "khac", "Nội dung khác", "Other content";
    }
}

codes! {
    /// Trạng thái đề án.
    ProjectStatus {
        Proposed = "de_xuat", "Đề xuất", "Proposed";
        Approved = "phe_duyet", "Đã phê duyệt", "Approved";
        InProgress = "dang_thuc_hien", "Đang thực hiện", "In progress";
        Accepted = "nghiem_thu", "Đã nghiệm thu", "Accepted";
        Settled = "quyet_toan", "Đã quyết toán", "Settled";
        Stopped = "dung", "Dừng thực hiện", "Stopped";
        Cancelled = "huy", "Đã hủy", "Cancelled";
    }
}

codes! {
    /// Loại đào tạo.
    TrainingKind {
        Vocational = "dao_tao_nghe", "Đào tạo nghề", "Vocational training";
        CraftTransfer = "truyen_nghe", "Truyền nghề", "Craft transfer";
        Course = "tap_huan", "Tập huấn", "Training course";
        Workshop = "hoi_thao", "Hội thảo", "Workshop";
        StudyTour = "tham_quan", "Tham quan, khảo sát", "Study tour";
    }
}

codes! {
    /// Hình thức hỗ trợ thiết kế.
    DesignForm {
        Packaging = "bao_bi", "Thiết kế bao bì", "Packaging design";
        Product = "mau_ma", "Thiết kế mẫu mã", "Product design";
        Label = "nhan_mac", "Nhãn mác", "Labels";
        Trademark = "nhan_hieu", "Đăng ký nhãn hiệu", "Trademark registration";
        Other = "khac", "Hình thức khác", "Other";
    }
}

codes! {
    /// Loại hình cơ sở.
    FacilityKind {
        Enterprise = "doanh_nghiep", "Doanh nghiệp", "Enterprise";
        Cooperative = "hop_tac_xa", "Hợp tác xã", "Cooperative";
        CooperativeGroup = "to_hop_tac", "Tổ hợp tác", "Cooperative group";
        Household = "ho_kinh_doanh", "Hộ kinh doanh", "Household business";
    }
}

codes! {
    /// Ngành sản xuất.
    Sector {
        FoodProcessing = "che_bien_nong_san", "Chế biến nông sản, thực phẩm", "Agro-food processing";
        Textiles = "det_may_da_giay", "Dệt may, da giày", "Textiles, garments and leather";
        Chemicals = "hoa_chat_duoc_pham", "Hóa chất, dược phẩm", "Chemicals and pharmaceuticals";
        Packaging = "bao_bi", "Bao bì", "Packaging";
        Mechanical = "co_khi", "Cơ khí", "Mechanical engineering";
        Electrical = "dien_dien_tu", "Điện, điện tử", "Electrical and electronics";
        Supporting = "cong_nghiep_ho_tro", "Công nghiệp hỗ trợ", "Supporting industries";
        Handicrafts = "thu_cong_my_nghe", "Thủ công mỹ nghệ", "Handicrafts";
        BuildingMaterials = "vat_lieu_xay_dung", "Vật liệu xây dựng", "Building materials";
        Other = "khac", "Ngành khác", "Other sector";
    }
}

codes! {
    /// Loại kế hoạch.
    PlanKind {
        Annual = "nam", "Kế hoạch năm", "Annual plan";
        Programme = "giai_doan", "Chương trình giai đoạn", "Multi-year programme";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_round_trip() {
        fn check<T: Code + std::fmt::Debug>() {
            for v in T::ALL {
                assert_eq!(T::from_code(v.code()), Some(*v));
                assert_eq!(T::parse_loose(v.label_vi()), Some(*v));
                assert_eq!(T::parse_loose(v.label_en()), Some(*v));
                assert_eq!(T::parse_loose(&v.code().to_uppercase()), Some(*v));
            }
        }
        check::<FundingSource>();
        check::<ProjectContent>();
        check::<ProjectStatus>();
        check::<TrainingKind>();
        check::<DesignForm>();
        check::<FacilityKind>();
        check::<Sector>();
        check::<PlanKind>();
    }

    #[test]
    fn labels_read_without_accents() {
        assert_eq!(FundingSource::parse_loose("khuyen cong dia phuong"), Some(FundingSource::Local));
        assert_eq!(ProjectStatus::parse_loose("ĐÃ NGHIỆM THU"), Some(ProjectStatus::Accepted));
        assert_eq!(TrainingKind::parse_loose("hoi thao"), Some(TrainingKind::Workshop));
        assert_eq!(Sector::parse_loose("nothing"), None);
    }
}
