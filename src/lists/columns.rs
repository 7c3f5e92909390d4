//! The columns of each list: headings, the text of each cell and the key it
//! sorts by (their widths are the screen's).

use super::{Data, Listed};
use crate::domain::Code;
use crate::domain::codes::FundingSource;
use crate::domain::number::{format_date, format_int_in, format_million_in};
use crate::domain::text::fold;
use crate::domain::{DesignSupport, Facility, Project, Training};
use crate::i18n::{Lang, Text, tr};

/// A column of a list: its heading, and how to show and sort a record.
pub struct ListColumn<R> {
    pub title: Text,
    pub numeric: bool,
    pub cell: fn(&R, &Data, Lang) -> String,
    pub sort: fn(&R, &Data) -> SortKey,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum SortKey {
    Int(i64),
    Text(String),
}

fn code_label<C: Code>(c: Option<C>, lang: Lang) -> String {
    c.map(|c| c.label(lang).to_string()).unwrap_or_default()
}

/// The funding source in a narrow column: "Quốc gia", "Địa phương".
fn short_source(source: Option<FundingSource>, lang: Lang) -> String {
    match source {
        Some(FundingSource::National) => tr(lang, "Quốc gia", "National"),
        Some(FundingSource::Local) => tr(lang, "Địa phương", "Local"),
        Some(FundingSource::Other) => tr(lang, "Khác", "Other"),
        None => "",
    }
    .to_string()
}

fn text_key(s: &str) -> SortKey {
    SortKey::Text(fold(s))
}

/// Columns of each list, in display order.
pub trait Columns: Listed + Sized + Sync + 'static {
    fn columns() -> Vec<ListColumn<Self>>;
}

impl Columns for Facility {
    fn columns() -> Vec<ListColumn<Self>> {
        vec![
            ListColumn {
                title: Text::new("Tên cơ sở", "Facility"),
                numeric: false,
                cell: |f, _, _| f.name.clone(),
                sort: |f, _| text_key(&f.name),
            },
            ListColumn {
                title: Text::new("Loại hình", "Type"),
                numeric: false,
                cell: |f, _, lang| code_label(f.kind, lang),
                sort: |f, _| text_key(f.kind.map(|k| k.code()).unwrap_or("")),
            },
            ListColumn {
                title: Text::new("Mã số thuế", "Tax code"),
                numeric: false,
                cell: |f, _, _| f.tax_code.clone(),
                sort: |f, _| text_key(&f.tax_code),
            },
            ListColumn {
                title: Text::new("Ngành", "Sector"),
                numeric: false,
                cell: |f, _, lang| code_label(f.sector, lang),
                sort: |f, _| text_key(f.sector.map(|k| k.code()).unwrap_or("")),
            },
            ListColumn {
                title: Text::new("Huyện (cũ)", "District (former)"),
                numeric: false,
                cell: |f, _, _| f.district.clone(),
                sort: |f, _| text_key(&f.district),
            },
            ListColumn {
                title: Text::new("Xã/phường", "Commune/ward"),
                numeric: false,
                cell: |f, _, _| f.commune.clone(),
                sort: |f, _| text_key(&f.commune),
            },
            ListColumn {
                title: Text::new("Người đại diện", "Representative"),
                numeric: false,
                cell: |f, _, _| f.representative.clone(),
                sort: |f, _| text_key(&f.representative),
            },
        ]
    }
}

impl Columns for Project {
    fn columns() -> Vec<ListColumn<Self>> {
        vec![
            ListColumn {
                title: Text::new("Năm", "Year"),
                numeric: true,
                cell: |p, _, _| p.year.to_string(),
                sort: |p, _| SortKey::Int(p.year.into()),
            },
            ListColumn {
                title: Text::new("Tên đề án", "Project"),
                numeric: false,
                cell: |p, _, _| p.title.clone(),
                sort: |p, _| text_key(&p.title),
            },
            ListColumn {
                title: Text::new("Cơ sở", "Facility"),
                numeric: false,
                cell: |p, d, _| d.facility_name(p.facility_id.as_deref()).to_string(),
                sort: |p, d| text_key(d.facility_name(p.facility_id.as_deref())),
            },
            ListColumn {
                title: Text::new("Nguồn", "Source"),
                numeric: false,
                cell: |p, _, lang| short_source(Some(p.source), lang),
                sort: |p, _| text_key(p.source.code()),
            },
            ListColumn {
                title: Text::new("Nội dung", "Content"),
                numeric: false,
                cell: |p, _, lang| p.content.label(lang).to_string(),
                sort: |p, _| text_key(p.content.code()),
            },
            ListColumn {
                title: Text::new("Hỗ trợ (tr.đ)", "Support (mil.)"),
                numeric: true,
                cell: |p, _, lang| format_million_in(p.support_vnd, lang),
                sort: |p, _| SortKey::Int(p.support_vnd),
            },
            ListColumn {
                title: Text::new("Đối ứng (tr.đ)", "Counterpart (mil.)"),
                numeric: true,
                cell: |p, _, lang| format_million_in(p.counterpart_vnd, lang),
                sort: |p, _| SortKey::Int(p.counterpart_vnd),
            },
            ListColumn {
                title: Text::new("Trạng thái", "Status"),
                numeric: false,
                cell: |p, _, lang| p.status.label(lang).to_string(),
                sort: |p, _| SortKey::Int(p.status as i64),
            },
            ListColumn {
                title: Text::new("Huyện / xã", "District / commune"),
                numeric: false,
                cell: |p, _, _| place(&p.district, &p.commune),
                sort: |p, _| text_key(&place(&p.district, &p.commune)),
            },
        ]
    }
}

impl Columns for Training {
    fn columns() -> Vec<ListColumn<Self>> {
        vec![
            ListColumn {
                title: Text::new("Năm", "Year"),
                numeric: true,
                cell: |t, _, _| t.year.to_string(),
                sort: |t, _| SortKey::Int(t.year.into()),
            },
            ListColumn {
                title: Text::new("Tên lớp", "Class"),
                numeric: false,
                cell: |t, _, _| t.name.clone(),
                sort: |t, _| text_key(&t.name),
            },
            ListColumn {
                title: Text::new("Loại", "Kind"),
                numeric: false,
                cell: |t, _, lang| t.kind.label(lang).to_string(),
                sort: |t, _| text_key(t.kind.code()),
            },
            ListColumn {
                title: Text::new("Học viên", "Trainees"),
                numeric: true,
                cell: |t, _, lang| format_int_in(t.trainees, lang),
                sort: |t, _| SortKey::Int(t.trainees),
            },
            ListColumn {
                title: Text::new("Nữ", "Female"),
                numeric: true,
                cell: |t, _, lang| t.female_trainees.map(|n| format_int_in(n, lang)).unwrap_or_default(),
                sort: |t, _| SortKey::Int(t.female_trainees.unwrap_or(-1)),
            },
            ListColumn {
                title: Text::new("Từ ngày", "From"),
                numeric: false,
                cell: |t, _, _| t.start_on.map(format_date).unwrap_or_default(),
                sort: |t, _| SortKey::Text(t.start_on.map(|d| d.to_string()).unwrap_or_default()),
            },
            ListColumn {
                title: Text::new("Kinh phí (tr.đ)", "Cost (mil.)"),
                numeric: true,
                cell: |t, _, lang| format_million_in(t.cost_vnd, lang),
                sort: |t, _| SortKey::Int(t.cost_vnd),
            },
            ListColumn {
                title: Text::new("Cơ sở phối hợp", "Host facility"),
                numeric: false,
                cell: |t, d, _| d.facility_name(t.facility_id.as_deref()).to_string(),
                sort: |t, d| text_key(d.facility_name(t.facility_id.as_deref())),
            },
            ListColumn {
                title: Text::new("Huyện / xã", "District / commune"),
                numeric: false,
                cell: |t, _, _| place(&t.district, &t.commune),
                sort: |t, _| text_key(&place(&t.district, &t.commune)),
            },
        ]
    }
}

impl Columns for DesignSupport {
    fn columns() -> Vec<ListColumn<Self>> {
        vec![
            ListColumn {
                title: Text::new("Năm", "Year"),
                numeric: true,
                cell: |d, _, _| d.year.to_string(),
                sort: |d, _| SortKey::Int(d.year.into()),
            },
            ListColumn {
                title: Text::new("Cơ sở", "Facility"),
                numeric: false,
                cell: |r, d, _| d.facility_name(Some(&r.facility_id)).to_string(),
                sort: |r, d| text_key(d.facility_name(Some(&r.facility_id))),
            },
            ListColumn {
                title: Text::new("Sản phẩm", "Product"),
                numeric: false,
                cell: |d, _, _| d.product.clone(),
                sort: |d, _| text_key(&d.product),
            },
            ListColumn {
                title: Text::new("Hình thức", "Form of support"),
                numeric: false,
                cell: |d, _, lang| d.form.label(lang).to_string(),
                sort: |d, _| text_key(d.form.code()),
            },
            ListColumn {
                title: Text::new("Nguồn", "Source"),
                numeric: false,
                cell: |d, _, lang| short_source(d.source, lang),
                sort: |d, _| text_key(d.source.map(|s| s.code()).unwrap_or("")),
            },
            ListColumn {
                title: Text::new("Hỗ trợ (tr.đ)", "Support (mil.)"),
                numeric: true,
                cell: |d, _, lang| format_million_in(d.support_vnd, lang),
                sort: |d, _| SortKey::Int(d.support_vnd),
            },
            ListColumn {
                title: Text::new("Huyện / xã", "District / commune"),
                numeric: false,
                cell: |d, _, _| place(&d.district, &d.commune),
                sort: |d, _| text_key(&place(&d.district, &d.commune)),
            },
        ]
    }
}

fn place(district: &str, commune: &str) -> String {
    match (district.is_empty(), commune.is_empty()) {
        (false, false) => format!("{district} / {commune}"),
        (false, true) => district.to_string(),
        _ => commune.to_string(),
    }
}
