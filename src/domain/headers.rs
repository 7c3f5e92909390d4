//! The names officers give the columns of their tables. One table of words
//! per field, folded (lower case, no accents, "đ" as "d", punctuation as
//! spaces), besides each column's own key and labels. A header names a field
//! when it is one of its words, or begins with one ("Năm thực hiện đề án").

use crate::domain::fields::{Column, columns};
use crate::domain::records::RecordKind;
use crate::domain::text::fold;

/// A header cell made ready to compare: its words, and what its brackets held
/// (units, most often: "Kinh phí (triệu đồng)").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeaderText {
    pub words: String,
    pub brackets: Vec<String>,
}

/// Folds a header, takes out what is in brackets, reads punctuation as spaces.
pub fn normalise(raw: &str) -> HeaderText {
    let folded = fold(raw);
    let (mut words, mut brackets, mut inner, mut depth) = (String::new(), Vec::new(), String::new(), 0usize);
    for c in folded.chars() {
        match c {
            '(' | '[' => {
                depth += 1;
                words.push(' ');
            }
            ')' | ']' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    brackets.push(std::mem::take(&mut inner).trim().to_string());
                }
            }
            c if depth > 0 => inner.push(c),
            c if c.is_alphanumeric() => words.push(c),
            _ => words.push(' '),
        }
    }
    if depth > 0 {
        brackets.push(inner.trim().to_string());
    }
    let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
    HeaderText { words, brackets }
}

/// A column that names no field, and why it is left out without asking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotKept {
    /// STT: the row's number in the table.
    RowNumber,
    /// A total the program works out itself (support + counterpart).
    Total,
    /// The reason column of a rejected-rows file sent back corrected.
    Reason,
    /// Facts the workbook does not keep (time, place, the implementing unit…).
    NotInWorkbook,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Meaning {
    Field(&'static Column),
    NotKept(NotKept),
    Unknown,
}

/// What a header means, and how it was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeaderMatch {
    pub meaning: Meaning,
    /// The whole header is one of the words (not only its beginning).
    pub exact: bool,
    /// A word that names the field only when no other column does
    /// ("Đơn vị thực hiện" is the facility only without "Đơn vị thụ hưởng").
    pub weak: bool,
}

impl HeaderMatch {
    const UNKNOWN: HeaderMatch = HeaderMatch { meaning: Meaning::Unknown, exact: false, weak: false };

    pub fn field(&self) -> Option<&'static Column> {
        match self.meaning {
            Meaning::Field(c) => Some(c),
            _ => None,
        }
    }
}

use RecordKind::{Design, Facility, Plan, PlanLine, Project, Training};

const ALL: &[RecordKind] = &[Facility, Project, Training, Design];

/// Words of a field, for the kinds that have it. A word starting with "~" is weak.
struct Words {
    kinds: &'static [RecordKind],
    key: &'static str,
    words: &'static [&'static str],
}

const FIELD_WORDS: &[Words] = &[
    Words {
        kinds: &[Facility, Project, Design],
        key: "ten_co_so",
        words: &[
            "ten co so",
            "co so",
            "ten co so thu huong",
            "co so thu huong",
            "don vi thu huong",
            "ten don vi thu huong",
            "ten doanh nghiep",
            "doanh nghiep",
            "ten doanh nghiep co so",
            "ten co so doanh nghiep",
            "ten co so cong nghiep nong thon",
            "ten co so cnnt",
            "co so cnnt",
            "ten don vi",
            "don vi",
            "ten to chuc ca nhan",
            "ten chu co so",
            "facility",
            "beneficiary",
            "~don vi thuc hien",
            "~ten don vi thuc hien",
        ],
    },
    Words {
        kinds: &[Training],
        key: "ten_co_so",
        words: &["co so phoi hop", "don vi phoi hop", "ten co so", "co so", "co so to chuc", "facility"],
    },
    Words {
        kinds: ALL,
        key: "ma_so_thue",
        words: &["ma so thue", "mst", "ma so doanh nghiep", "ma so dn", "tax code"],
    },
    Words {
        kinds: ALL,
        key: "huyen",
        words: &[
            "huyen",
            "huyen cu",
            "huyen thi xa thanh pho",
            "huyen thi thanh pho",
            "huyen thanh pho thi xa",
            "huyen thi",
            "quan huyen",
            "dia ban",
            "dia ban huyen",
            "dia ban thuc hien",
            "district",
        ],
    },
    Words {
        kinds: ALL,
        key: "xa_phuong",
        words: &["xa phuong", "xa", "phuong xa", "xa phuong thi tran", "xa thi tran", "commune", "ward"],
    },
    Words { kinds: &[Facility], key: "dia_chi", words: &["dia chi", "dia chi co so", "address"] },
    Words { kinds: &[Facility], key: "tinh", words: &["tinh", "tinh thanh", "province"] },
    Words {
        kinds: &[Facility],
        key: "loai_hinh",
        words: &["loai hinh", "loai hinh doanh nghiep", "loai hinh co so", "hinh thuc to chuc"],
    },
    Words { kinds: &[Facility], key: "nganh", words: &["nganh", "nganh nghe", "nganh san xuat", "linh vuc"] },
    Words {
        kinds: &[Facility],
        key: "nguoi_dai_dien",
        words: &["nguoi dai dien", "dai dien", "chu co so", "ho ten chu co so", "nguoi dai dien phap luat"],
    },
    Words { kinds: &[Facility], key: "dien_thoai", words: &["dien thoai", "so dien thoai", "sdt", "dt"] },
    Words {
        kinds: &[Project],
        key: "ma_de_an",
        words: &["ma de an", "ma du an", "ma so de an", "ky hieu de an"],
    },
    Words {
        kinds: &[Project, Training, Design],
        key: "nam",
        words: &[
            "nam",
            "nam thuc hien",
            "nam ho tro",
            "nam ke hoach",
            "nam trien khai",
            "nam to chuc",
            "year",
        ],
    },
    Words {
        kinds: &[Project],
        key: "ten_de_an",
        words: &[
            "ten de an",
            "ten du an",
            "de an",
            "ten de an du an",
            "noi dung de an",
            "ten de an khuyen cong",
            "ten nhiem vu",
            "ten de an nhiem vu",
            "project",
        ],
    },
    Words {
        kinds: &[Project, Training, Design],
        key: "nguon_kinh_phi",
        words: &["nguon kinh phi", "nguon von", "nguon", "nguon ngan sach", "nguon kp", "funding source"],
    },
    Words {
        kinds: &[Project],
        key: "noi_dung",
        words: &[
            "noi dung",
            "noi dung ho tro",
            "hang muc ho tro",
            "loai de an",
            "hinh thuc ho tro",
            "content",
        ],
    },
    Words {
        kinds: &[Project, Design],
        key: "kinh_phi_ho_tro",
        words: &[
            "kinh phi ho tro",
            "kp ho tro",
            "kinh phi khuyen cong ho tro",
            "kinh phi kc ho tro",
            "kp kc ho tro",
            "kinh phi khuyen cong",
            "ho tro",
            "so tien ho tro",
            "muc ho tro",
            "ngan sach ho tro",
            "trong do kc ho tro",
            "trong do khuyen cong ho tro",
            "trong do kinh phi khuyen cong",
            "trong do ho tro",
            "kinh phi ho tro tu ngan sach",
            "kinh phi ho tro ho tro",
            "support",
            "~kinh phi",
        ],
    },
    Words {
        kinds: &[Project],
        key: "von_doi_ung",
        words: &[
            "von doi ung",
            "doi ung",
            "von doi ung cua co so",
            "kinh phi doi ung",
            "kinh phi doi ung cua co so",
            "von cua co so",
            "co so doi ung",
            "von doanh nghiep",
            "von tu co",
            "von doi ung co so",
            "kinh phi doi ung doi ung",
            "counterpart",
        ],
    },
    Words { kinds: &[Project], key: "trang_thai", words: &["trang thai", "tinh trang", "tien do", "status"] },
    Words {
        kinds: &[Project],
        key: "so_quyet_dinh",
        words: &[
            "so quyet dinh",
            "so qd",
            "quyet dinh",
            "quyet dinh phe duyet",
            "so quyet dinh phe duyet",
            "so qd phe duyet",
            "so hieu quyet dinh",
        ],
    },
    Words {
        kinds: &[Project],
        key: "ngay_phe_duyet",
        words: &[
            "ngay phe duyet",
            "ngay quyet dinh",
            "ngay qd",
            "ngay ban hanh",
            "ngay ky quyet dinh",
            "ngay quyet dinh phe duyet",
            "ngay ky",
        ],
    },
    Words {
        kinds: &[Project],
        key: "ngay_nghiem_thu",
        words: &["ngay nghiem thu", "nghiem thu", "thoi gian nghiem thu"],
    },
    Words { kinds: ALL, key: "ghi_chu", words: &["ghi chu", "notes", "note"] },
    Words {
        kinds: &[Training],
        key: "ten_lop",
        words: &[
            "ten lop",
            "lop",
            "ten lop dao tao",
            "ten khoa",
            "ten khoa hoc",
            "noi dung dao tao",
            "ten chuong trinh",
            "ten lop tap huan",
            "ten hoi thao",
            "noi dung tap huan",
            "noi dung",
            "class",
        ],
    },
    Words {
        kinds: &[Training],
        key: "loai",
        words: &["loai", "loai hinh dao tao", "hinh thuc", "hinh thuc dao tao", "loai lop", "kind"],
    },
    Words {
        kinds: &[Training],
        key: "nganh_nghe",
        words: &["nganh nghe", "nghe", "nghe dao tao", "nganh nghe dao tao", "trade"],
    },
    Words {
        kinds: &[Training],
        key: "so_hoc_vien",
        words: &[
            "so hoc vien",
            "hoc vien",
            "so luong hoc vien",
            "so nguoi",
            "so luong",
            "so hoc vien tong so",
            "tong so hoc vien",
            "so luot nguoi",
            "so nguoi tham du",
            "so dai bieu",
            "so luong hoc vien tong so",
            "trainees",
        ],
    },
    Words {
        kinds: &[Training],
        key: "so_hoc_vien_nu",
        words: &[
            "so hoc vien nu",
            "nu",
            "trong do nu",
            "hoc vien nu",
            "so hoc vien trong do nu",
            "so hoc vien nu",
            "so luong hoc vien trong do nu",
            "so luong nu",
            "female",
        ],
    },
    Words {
        kinds: &[Training],
        key: "tu_ngay",
        words: &["tu ngay", "ngay bat dau", "bat dau", "thoi gian bat dau", "ngay khai giang", "from"],
    },
    Words {
        kinds: &[Training],
        key: "den_ngay",
        words: &["den ngay", "ngay ket thuc", "ket thuc", "thoi gian ket thuc", "ngay be giang", "to"],
    },
    Words {
        kinds: &[Training],
        key: "kinh_phi",
        words: &[
            "kinh phi",
            "kinh phi dao tao",
            "kp",
            "kinh phi thuc hien",
            "kinh phi ho tro",
            "du toan",
            "cost",
        ],
    },
    Words {
        kinds: &[Design],
        key: "san_pham",
        words: &["san pham", "ten san pham", "san pham thiet ke", "san pham duoc ho tro", "product"],
    },
    Words {
        kinds: &[Design],
        key: "hinh_thuc",
        words: &[
            "hinh thuc",
            "hinh thuc ho tro",
            "noi dung ho tro",
            "noi dung tu van",
            "loai thiet ke",
            "noi dung",
            "mau ma bao bi",
        ],
    },
];

/// The columns of a plan's annex ("Phụ lục kế hoạch khuyến công năm 2024").
const PLAN_LINE_WORDS: &[Words] = &[
    Words {
        kinds: &[PlanLine],
        key: "hoat_dong",
        words: &[
            "noi dung",
            "noi dung hoat dong",
            "hoat dong",
            "ten hoat dong",
            "noi dung ho tro",
            "noi dung cong viec",
            "noi dung thuc hien",
            "noi dung khuyen cong",
            "danh muc",
            "ten nhiem vu",
            "nhiem vu",
        ],
    },
    Words { kinds: &[PlanLine], key: "nam", words: &["nam thuc hien", "nam ke hoach"] },
    Words {
        kinds: &[PlanLine],
        key: "nguon_kinh_phi",
        words: &["nguon von", "nguon", "nguon kinh phi thuc hien"],
    },
    Words {
        kinds: &[PlanLine],
        key: "so_luong",
        words: &["so luong", "so de an", "so lop", "so co so", "khoi luong", "chi tieu", "so luong ke hoach"],
    },
    Words {
        kinds: &[PlanLine],
        key: "so_hoc_vien",
        words: &["so hoc vien", "hoc vien", "so nguoi", "so luot nguoi"],
    },
    Words {
        kinds: &[PlanLine],
        key: "kinh_phi",
        words: &[
            "kinh phi",
            "kinh phi ke hoach",
            "du toan",
            "du toan kinh phi",
            "kinh phi du kien",
            "kinh phi khuyen cong",
        ],
    },
];

/// Headers of columns the workbook does not keep, left out without asking.
const NOT_KEPT_WORDS: &[(NotKept, &[&str])] = &[
    (NotKept::RowNumber, &["stt", "tt", "so tt", "so thu tu", "no"]),
    (NotKept::Reason, &["ly do", "reason"]),
    (
        NotKept::Total,
        &[
            "tong so",
            "tong",
            "tong cong",
            "tong kinh phi",
            "tong von",
            "tong von dau tu",
            "tong muc dau tu",
            "thanh tien",
            "kinh phi tong so",
            "tong kinh phi thuc hien",
            "tong kinh phi du an",
            "kinh phi thuc hien",
            "kinh phi thuc hien tong so",
            "total",
        ],
    ),
    (
        NotKept::NotInWorkbook,
        &[
            "don vi thuc hien",
            "ten don vi thuc hien",
            "don vi chu tri",
            "co quan chu tri",
            "thoi gian thuc hien",
            "thoi gian",
            "dia diem",
            "dia diem to chuc",
            "dia diem thuc hien",
            "hieu qua",
            "muc tieu",
            "quy mo",
            "cong suat",
            "don vi tinh",
            "dvt",
            "ty le dat",
            "ty le",
            "thuc hien so luong",
            "thuc hien so hoc vien",
            "thuc hien kinh phi",
            "dien tich",
        ],
    ),
];

/// The field words of a column for a kind: its key, its labels, and the table's words.
fn words_of(kind: RecordKind, column: &'static Column) -> Vec<&'static str> {
    FIELD_WORDS
        .iter()
        .chain(PLAN_LINE_WORDS)
        .filter(|w| w.key == column.key && w.kinds.contains(&kind))
        .flat_map(|w| w.words.iter().copied())
        .collect()
}

/// A column, one of its words, and whether that word is weak.
type Word = (&'static Column, String, bool);

/// Every word of a kind's columns, own names first, made once per kind.
fn vocabulary(kind: RecordKind) -> &'static [Word] {
    use std::sync::OnceLock;
    static TABLES: [OnceLock<Vec<Word>>; 6] = [
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
    ];
    let slot = match kind {
        Facility => 0,
        Project => 1,
        Training => 2,
        Design => 3,
        Plan => 4,
        PlanLine => 5,
    };
    TABLES[slot].get_or_init(|| {
        let mut out = Vec::new();
        for column in columns(kind) {
            for own in [
                column.key.replace('_', " "),
                normalise(column.label.vi).words,
                normalise(column.label.en).words,
            ] {
                out.push((column, own, false));
            }
            for word in words_of(kind, column) {
                match word.strip_prefix('~') {
                    Some(weak) => out.push((column, weak.to_string(), true)),
                    None => out.push((column, word.to_string(), false)),
                }
            }
        }
        out
    })
}

fn starts_with_words(text: &str, prefix: &str) -> bool {
    text.strip_prefix(prefix).is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
}

/// What a header names for a record kind.
pub fn match_header(kind: RecordKind, text: &HeaderText) -> HeaderMatch {
    let words = text.words.as_str();
    if words.is_empty() {
        return HeaderMatch::UNKNOWN;
    }
    let vocabulary = vocabulary(kind);
    // A field's word beats a "not kept" word of the same header, and a whole
    // match beats a beginning; of beginnings, the longest wins.
    if let Some((column, _, weak)) = vocabulary.iter().find(|(_, w, _)| w == words) {
        return HeaderMatch { meaning: Meaning::Field(column), exact: true, weak: *weak };
    }
    for (why, list) in NOT_KEPT_WORDS {
        if list.contains(&words) {
            return HeaderMatch { meaning: Meaning::NotKept(*why), exact: true, weak: false };
        }
    }
    let field =
        vocabulary.iter().filter(|(_, w, _)| starts_with_words(words, w)).max_by_key(|(_, w, _)| w.len());
    let not_kept = NOT_KEPT_WORDS
        .iter()
        .flat_map(|(why, list)| list.iter().map(move |w| (*why, *w)))
        .filter(|(_, w)| starts_with_words(words, w))
        .max_by_key(|(_, w)| w.len());
    match (field, not_kept) {
        (Some((column, w, weak)), nk) if nk.is_none_or(|(_, n)| n.len() < w.len()) => {
            HeaderMatch { meaning: Meaning::Field(column), exact: false, weak: *weak }
        }
        (_, Some((why, _))) => HeaderMatch { meaning: Meaning::NotKept(why), exact: false, weak: false },
        _ => HeaderMatch::UNKNOWN,
    }
}

/// The field whose name is closest to an unknown header ("did you mean …").
pub fn nearest_field(kind: RecordKind, text: &HeaderText) -> Option<&'static Column> {
    let best = vocabulary(kind)
        .iter()
        .map(|(column, w, _)| (column, strsim::normalized_damerau_levenshtein(&text.words, w)))
        .max_by(|a, b| a.1.total_cmp(&b.1))?;
    (best.1 >= 0.6).then_some(*best.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(kind: RecordKind, header: &str) -> Option<&'static str> {
        match_header(kind, &normalise(header)).field().map(|c| c.key)
    }

    #[test]
    fn officers_headers_name_their_fields() {
        for (kind, header, expected) in [
            (Project, "KP hỗ trợ", "kinh_phi_ho_tro"),
            (Project, "Kinh phí hỗ trợ (Tr.đ)", "kinh_phi_ho_tro"),
            (Project, "Kinh phí KC hỗ trợ", "kinh_phi_ho_tro"),
            (Project, "Vốn đối ứng của cơ sở", "von_doi_ung"),
            (Project, "Đối ứng", "von_doi_ung"),
            (Project, "Năm thực hiện", "nam"),
            (Project, "Tên cơ sở thụ hưởng", "ten_co_so"),
            (Project, "Đơn vị thụ hưởng", "ten_co_so"),
            (Project, "Nguồn vốn", "nguon_kinh_phi"),
            (Project, "Nội dung hỗ trợ", "noi_dung"),
            (Project, "Huyện, thị xã, thành phố", "huyen"),
            (Project, "Ngày quyết định", "ngay_phe_duyet"),
            (Project, "Số QĐ", "so_quyet_dinh"),
            (Project, "Tên đề án", "ten_de_an"),
            (Project, "Tên dự án/đề án", "ten_de_an"),
            (Project, "Mã số thuế", "ma_so_thue"),
            (Project, "Xã/phường", "xa_phuong"),
            (Project, "Địa bàn", "huyen"),
            (Project, "Nam thuc hien", "nam"),
            (Project, "nam", "nam"),
            (Project, "Kinh phí hỗ trợ (triệu đồng) *", "kinh_phi_ho_tro"),
            (Project, "Support (million VND)", "kinh_phi_ho_tro"),
            (Training, "Tên lớp", "ten_lop"),
            (Training, "Số học viên", "so_hoc_vien"),
            (Training, "Số lượng học viên", "so_hoc_vien"),
            (Training, "Trong đó nữ", "so_hoc_vien_nu"),
            (Training, "Cơ sở phối hợp", "ten_co_so"),
            (Training, "Kinh phí", "kinh_phi"),
            (Design, "Sản phẩm", "san_pham"),
            (Design, "Hình thức hỗ trợ", "hinh_thuc"),
            (Design, "Tên cơ sở", "ten_co_so"),
            (Facility, "Tên doanh nghiệp/cơ sở", "ten_co_so"),
            (Facility, "Điện thoại", "dien_thoai"),
        ] {
            assert_eq!(key(kind, header), Some(expected), "{kind:?} {header:?}");
        }
    }

    #[test]
    fn units_are_taken_out_and_weak_words_marked() {
        let text = normalise("Kinh phí hỗ trợ (Tr.đ)");
        assert_eq!(text.words, "kinh phi ho tro");
        assert_eq!(text.brackets, ["tr.d"]);
        let m = match_header(Project, &normalise("Đơn vị thực hiện"));
        assert!(m.weak && m.field().is_some_and(|c| c.key == "ten_co_so"));
        assert!(!match_header(Project, &normalise("Tên cơ sở")).weak);
    }

    #[test]
    fn totals_and_row_numbers_are_not_kept() {
        for (header, why) in [
            ("STT", NotKept::RowNumber),
            ("Tổng số", NotKept::Total),
            ("Tổng kinh phí (triệu đồng)", NotKept::Total),
            ("Thời gian thực hiện", NotKept::NotInWorkbook),
            ("Lý do", NotKept::Reason),
        ] {
            assert_eq!(match_header(Project, &normalise(header)).meaning, Meaning::NotKept(why), "{header}");
        }
    }

    #[test]
    fn no_word_names_two_fields_of_a_kind() {
        for kind in ALL {
            let vocabulary = vocabulary(*kind);
            for (i, (a, w, _)) in vocabulary.iter().enumerate() {
                for (b, v, _) in &vocabulary[i + 1..] {
                    assert!(w != v || a.key == b.key, "{kind:?}: {w:?} names {} and {}", a.key, b.key);
                }
            }
        }
    }

    #[test]
    fn unknown_headers_get_the_nearest_name() {
        let text = normalise("Kinhphi ho tro");
        assert_eq!(match_header(Project, &text).meaning, Meaning::Unknown);
        assert_eq!(nearest_field(Project, &text).map(|c| c.key), Some("kinh_phi_ho_tro"));
        assert_eq!(nearest_field(Project, &normalise("Màu sắc")), None);
    }
}
