//! The words officers write for coded values in their tables and group rows:
//! "I. Khuyến công quốc gia", "Hỗ trợ ứng dụng máy móc thiết bị tiên tiến",
//! "Lớp tập huấn". A text names a value when it holds one of the value's
//! phrases (folded), and no phrase of another value as long or longer.

use crate::domain::fields::CodeSet;
use crate::domain::text::fold;

type Phrases = &'static [(&'static str, &'static [&'static str])];

const FUNDING_SOURCE: Phrases = &[
    ("quoc_gia", &["khuyen cong quoc gia", "kcqg", "kinh phi quoc gia", "ngan sach trung uong", "quoc gia"]),
    (
        "dia_phuong",
        &[
            "khuyen cong dia phuong",
            "kcdp",
            "ngan sach tinh",
            "ngan sach dia phuong",
            "dia phuong",
            "ngan sach huyen",
        ],
    ),
    ("khac", &["nguon khac", "xa hoi hoa"]),
];

const PROJECT_CONTENT: Phrases = &[
    (
        "may_moc_thiet_bi",
        &[
            "may moc thiet bi",
            "mmtb",
            "may moc",
            "thiet bi tien tien",
            "day chuyen",
            "ung dung may",
            "ung dung thiet bi",
            "chuyen giao cong nghe",
        ],
    ),
    ("mo_hinh_trinh_dien", &["mo hinh trinh dien", "trinh dien ky thuat", "mo hinh"]),
    (
        "san_pham_tieu_bieu",
        &["san pham tieu bieu", "san pham cong nghiep nong thon tieu bieu", "binh chon san pham"],
    ),
    ("hoi_cho_trien_lam", &["hoi cho", "trien lam", "gian hang", "ket noi cung cau"]),
    ("san_xuat_sach_hon", &["san xuat sach hon"]),
    ("tu_van", &["tu van"]),
    ("thong_tin", &["thong tin", "tuyen truyen"]),
    ("lien_ket_cum_cong_nghiep", &["lien ket", "cum cong nghiep"]),
    ("chuyen_doi_so_xanh", &["chuyen doi so", "chuyen doi xanh"]),
];

const TRAINING_KIND: Phrases = &[
    ("dao_tao_nghe", &["dao tao nghe", "day nghe", "lop nghe"]),
    ("truyen_nghe", &["truyen nghe"]),
    ("tap_huan", &["tap huan", "boi duong", "nang cao nang luc"]),
    ("hoi_thao", &["hoi thao", "hoi nghi", "dien dan"]),
    ("tham_quan", &["tham quan", "khao sat", "hoc tap kinh nghiem"]),
];

const DESIGN_FORM: Phrases = &[
    ("bao_bi", &["bao bi"]),
    ("mau_ma", &["mau ma", "kieu dang", "thiet ke san pham"]),
    ("nhan_mac", &["nhan mac", "tem nhan"]),
    ("nhan_hieu", &["nhan hieu", "thuong hieu"]),
];

fn phrases(set: CodeSet) -> Phrases {
    match set {
        CodeSet::FundingSource => FUNDING_SOURCE,
        CodeSet::ProjectContent => PROJECT_CONTENT,
        CodeSet::TrainingKind => TRAINING_KIND,
        CodeSet::DesignForm => DESIGN_FORM,
        CodeSet::ProjectStatus | CodeSet::FacilityKind | CodeSet::Sector | CodeSet::PlanKind => &[],
    }
}

fn holds_words(text: &str, phrase: &str) -> bool {
    text.match_indices(phrase).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + phrase.len()..].chars().next();
        before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
    })
}

/// The code a text names by its words, when exactly one value is named
/// (a text naming two, "quốc gia và địa phương", names none). The value's
/// labels count as its phrases too.
pub fn code_by_words(set: CodeSet, text: &str) -> Option<&'static str> {
    let text = fold(text);
    let labels = set.options();
    let mut named = labels.iter().map(|(code, _, _)| *code).filter(|code| {
        let own = labels.iter().filter(|(c, _, _)| c == code).flat_map(|(_, vi, en)| [fold(vi), fold(en)]);
        let listed =
            phrases(set).iter().filter(|(c, _)| c == code).flat_map(|(_, p)| p.iter().map(|s| s.to_string()));
        own.chain(listed).any(|p| holds_words(&text, &p))
    });
    let first = named.next()?;
    named.next().is_none().then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_rows_and_cells_name_their_values() {
        for (set, text, code) in [
            (CodeSet::FundingSource, "I. Khuyến công quốc gia", "quoc_gia"),
            (CodeSet::FundingSource, "II. KHUYẾN CÔNG ĐỊA PHƯƠNG", "dia_phuong"),
            (CodeSet::FundingSource, "Nguồn kinh phí khuyến công địa phương năm 2023", "dia_phuong"),
            (CodeSet::ProjectContent, "A. Hỗ trợ ứng dụng máy móc thiết bị tiên tiến", "may_moc_thiet_bi"),
            (CodeSet::ProjectContent, "1. Xây dựng mô hình trình diễn kỹ thuật", "mo_hinh_trinh_dien"),
            (CodeSet::TrainingKind, "Lớp tập huấn nâng cao năng lực quản lý", "tap_huan"),
            (CodeSet::TrainingKind, "Hội thảo", "hoi_thao"),
            (CodeSet::DesignForm, "Thiết kế bao bì", "bao_bi"),
        ] {
            assert_eq!(code_by_words(set, text), Some(code), "{text}");
        }
    }

    #[test]
    fn texts_naming_two_values_or_none_name_nothing() {
        assert_eq!(code_by_words(CodeSet::FundingSource, "Quốc gia và địa phương"), None);
        assert_eq!(code_by_words(CodeSet::FundingSource, "I. Đề án chuyển tiếp"), None);
        // "tư vấn" inside another word does not count.
        assert_eq!(code_by_words(CodeSet::ProjectContent, "Cộng đồng"), None);
    }
}
