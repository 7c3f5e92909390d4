//! Places. Records dated before 1 July 2025 keep their district (8 district-level
//! units of the former Vĩnh Long province); newer records are placed by commune
//! or ward of the merged province.

use crate::domain::text::fold;

pub const DEFAULT_PROVINCE: &str = "Vĩnh Long";

/// The eight district-level units of Vĩnh Long before 1 July 2025, as officers write them.
pub const FORMER_DISTRICTS: [&str; 8] =
    ["TP Vĩnh Long", "TX Bình Minh", "Bình Tân", "Long Hồ", "Mang Thít", "Tam Bình", "Trà Ôn", "Vũng Liêm"];

const DISTRICT_PREFIXES: [&str; 11] =
    ["thanh pho ", "tp. ", "tp.", "tp ", "thi xa ", "tx. ", "tx.", "tx ", "huyen ", "h. ", "h."];

/// The canonical spelling of a former district when `input` names one
/// ("huyện Long Hồ", "long ho", "Thị xã Bình Minh"); otherwise the input as given.
pub fn canonical_district(input: &str) -> String {
    let key = fold(input);
    let bare = DISTRICT_PREFIXES.iter().find_map(|p| key.strip_prefix(p)).unwrap_or(&key);
    FORMER_DISTRICTS
        .iter()
        .find(|d| {
            let folded = fold(d);
            let d_bare =
                DISTRICT_PREFIXES.iter().find_map(|p| folded.strip_prefix(p)).unwrap_or(&folded).to_string();
            d_bare == bare
        })
        .map(|d| d.to_string())
        .unwrap_or_else(|| input.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn districts_are_recognised_in_any_spelling() {
        assert_eq!(canonical_district("huyện Long Hồ"), "Long Hồ");
        assert_eq!(canonical_district("LONG HO"), "Long Hồ");
        assert_eq!(canonical_district("Thị xã Bình Minh"), "TX Bình Minh");
        assert_eq!(canonical_district("Thành phố Vĩnh Long"), "TP Vĩnh Long");
        assert_eq!(canonical_district("vinh long"), "TP Vĩnh Long");
        assert_eq!(canonical_district("Châu Thành"), "Châu Thành");
        assert_eq!(canonical_district("H.Trà Ôn"), "Trà Ôn");
        assert_eq!(canonical_district("TP.Vĩnh Long"), "TP Vĩnh Long");
        assert_eq!(canonical_district("Mang Thit"), "Mang Thít");
    }
}
