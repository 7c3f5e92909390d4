//! One cell of an exported record, typed: what each import column of each
//! kind holds, and how an officer would type it.

use std::collections::HashMap;

use jiff::civil::Date;

use super::ExportError;
use crate::domain::codes::Code;
use crate::domain::fields::FieldType;
use crate::domain::number::{format_date, format_int, format_million};
use crate::domain::plan::Plan;
use crate::domain::{DesignSupport, Facility, Project, Training};
use crate::workbook::{Stored, StoredRecord, Workbook};

/// The value of one column of one record.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Value<'a> {
    Empty,
    Text(&'a str),
    /// A coded field, as its Vietnamese label.
    Label(&'static str),
    /// A year or a number of people.
    Int(i64),
    /// Whole đồng, shown in million đồng.
    Money(i64),
    Date(Date),
}

fn text(s: &str) -> Value<'_> {
    if s.is_empty() { Value::Empty } else { Value::Text(s) }
}

fn label<C: Code>(c: Option<C>) -> Value<'static> {
    c.map(|c| Value::Label(c.label_vi())).unwrap_or(Value::Empty)
}

fn date(d: Option<Date>) -> Value<'static> {
    d.map(Value::Date).unwrap_or(Value::Empty)
}

fn facility_name(f: Option<&Facility>) -> Value<'_> {
    f.map(|f| text(&f.name)).unwrap_or(Value::Empty)
}

fn facility_tax(f: Option<&Facility>) -> Value<'_> {
    f.map(|f| text(&f.tax_code)).unwrap_or(Value::Empty)
}

/// A record kind that can be written out column by column.
pub(super) trait Export: StoredRecord {
    /// The value of the import column `key`; `None` for a key this kind does not have.
    fn value<'a>(&'a self, key: &str, facility: Option<&'a Facility>) -> Option<Value<'a>>;
}

impl Export for Facility {
    fn value<'a>(&'a self, key: &str, _: Option<&'a Facility>) -> Option<Value<'a>> {
        Some(match key {
            "ten_co_so" => text(&self.name),
            "loai_hinh" => label(self.kind),
            "ma_so_thue" => text(&self.tax_code),
            "nguoi_dai_dien" => text(&self.representative),
            "dien_thoai" => text(&self.phone),
            "dia_chi" => text(&self.address),
            "xa_phuong" => text(&self.commune),
            "huyen" => text(&self.district),
            "tinh" => text(&self.province),
            "nganh" => label(self.sector),
            _ => return None,
        })
    }
}

impl Export for Project {
    fn value<'a>(&'a self, key: &str, facility: Option<&'a Facility>) -> Option<Value<'a>> {
        Some(match key {
            "ma_de_an" => text(&self.code),
            "nam" => Value::Int(self.year.into()),
            "ten_de_an" => text(&self.title),
            "nguon_kinh_phi" => label(Some(self.source)),
            "noi_dung" => label(Some(self.content)),
            "ten_co_so" => facility_name(facility),
            "ma_so_thue" => facility_tax(facility),
            "huyen" => text(&self.district),
            "xa_phuong" => text(&self.commune),
            "kinh_phi_ho_tro" => Value::Money(self.support_vnd),
            "von_doi_ung" => Value::Money(self.counterpart_vnd),
            "trang_thai" => label(Some(self.status)),
            "so_quyet_dinh" => text(&self.decision_no),
            "ngay_phe_duyet" => date(self.approved_on),
            "ngay_nghiem_thu" => date(self.accepted_on),
            "ghi_chu" => text(&self.note),
            _ => return None,
        })
    }
}

impl Export for Training {
    fn value<'a>(&'a self, key: &str, facility: Option<&'a Facility>) -> Option<Value<'a>> {
        Some(match key {
            "nam" => Value::Int(self.year.into()),
            "ten_lop" => text(&self.name),
            "loai" => label(Some(self.kind)),
            "nganh_nghe" => text(&self.trade),
            "ten_co_so" => facility_name(facility),
            "ma_so_thue" => facility_tax(facility),
            "huyen" => text(&self.district),
            "xa_phuong" => text(&self.commune),
            "so_hoc_vien" => Value::Int(self.trainees),
            "so_hoc_vien_nu" => self.female_trainees.map(Value::Int).unwrap_or(Value::Empty),
            "tu_ngay" => date(self.start_on),
            "den_ngay" => date(self.end_on),
            "nguon_kinh_phi" => label(self.source),
            "kinh_phi" => Value::Money(self.cost_vnd),
            "ghi_chu" => text(&self.note),
            _ => return None,
        })
    }
}

impl Export for Plan {
    fn value<'a>(&'a self, key: &str, _: Option<&'a Facility>) -> Option<Value<'a>> {
        Some(match key {
            "ten_ke_hoach" => text(&self.title),
            "loai_ke_hoach" => label(Some(self.kind)),
            "tu_nam" => Value::Int(self.from_year.into()),
            "den_nam" => Value::Int(self.to_year.into()),
            "so_quyet_dinh" => text(&self.decision_no),
            "ngay_quyet_dinh" => date(self.decided_on),
            "nguoi_phe_duyet" => text(&self.approved_by),
            // The lines have a sheet of their own (see `export::plans`): here, how many.
            "cac_dong" => Value::Int(self.lines.len() as i64),
            "ghi_chu" => text(&self.note),
            _ => return None,
        })
    }
}

impl Export for DesignSupport {
    fn value<'a>(&'a self, key: &str, facility: Option<&'a Facility>) -> Option<Value<'a>> {
        Some(match key {
            "nam" => Value::Int(self.year.into()),
            "ten_co_so" => facility_name(facility),
            "ma_so_thue" => facility_tax(facility),
            "san_pham" => text(&self.product),
            "hinh_thuc" => label(Some(self.form)),
            "nguon_kinh_phi" => label(self.source),
            "kinh_phi_ho_tro" => Value::Money(self.support_vnd),
            "huyen" => text(&self.district),
            "xa_phuong" => text(&self.commune),
            "ghi_chu" => text(&self.note),
            _ => return None,
        })
    }
}

/// The value as an officer would type it into this column.
pub(super) fn typed_text(value: &Value<'_>, ty: FieldType) -> String {
    match value {
        Value::Empty => String::new(),
        Value::Text(s) => (*s).to_string(),
        Value::Label(s) => (*s).to_string(),
        Value::Int(n) if ty == FieldType::Year => n.to_string(),
        Value::Int(n) => format_int(*n),
        Value::Money(dong) => format_million(*dong),
        Value::Date(d) => format_date(*d),
    }
}

/// Facilities by id: the live ones, and any other a record still names.
pub(super) struct Facilities {
    by_id: HashMap<String, Facility>,
}

impl Facilities {
    pub(super) fn load(wb: &Workbook) -> Result<Self, ExportError> {
        Ok(Facilities::of_list(&wb.list::<Facility>()?))
    }

    pub(super) fn of_list(list: &[Stored<Facility>]) -> Self {
        Facilities { by_id: list.iter().map(|s| (s.id.clone(), s.record.clone())).collect() }
    }

    /// Adds the facilities that `records` name but that are not live (a
    /// deleted facility still named by a record), so their rows keep a name.
    pub(super) fn complete<R: Export>(
        &mut self,
        wb: &Workbook,
        records: &[Stored<R>],
    ) -> Result<(), ExportError> {
        for r in records {
            if let Some(id) = r.record.facility_id()
                && !self.by_id.contains_key(id)
                && let Some(f) = wb.get::<Facility>(id)?
            {
                self.by_id.insert(f.id, f.record);
            }
        }
        Ok(())
    }

    pub(super) fn of<R: Export>(&self, record: &R) -> Option<&Facility> {
        record.facility_id().and_then(|id| self.by_id.get(id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::RecordKind;
    use crate::domain::fields::columns;

    fn project() -> Project {
        Project {
            code: "KCĐP-2021-01".into(),
            year: 2021,
            title: "Máy sấy".into(),
            source: crate::domain::codes::FundingSource::Local,
            content: crate::domain::codes::ProjectContent::Machinery,
            facility_id: Some("f".into()),
            district: "Long Hồ".into(),
            commune: String::new(),
            support_vnd: 278_500_000,
            counterpart_vnd: 3_900_000_000,
            status: crate::domain::codes::ProjectStatus::Accepted,
            decision_no: String::new(),
            approved_on: Date::new(2021, 5, 21).ok(),
            accepted_on: None,
            note: String::new(),
        }
    }

    #[test]
    fn every_import_column_has_a_value() {
        let f = Facility::default();
        let p = project();
        let t = Training {
            year: 2020,
            facility_id: None,
            name: "Lớp may".into(),
            kind: crate::domain::codes::TrainingKind::Vocational,
            trade: String::new(),
            district: String::new(),
            commune: String::new(),
            trainees: 30,
            female_trainees: None,
            start_on: None,
            end_on: None,
            source: None,
            cost_vnd: 0,
            note: String::new(),
        };
        let d = DesignSupport {
            year: 2020,
            facility_id: "f".into(),
            product: "Bánh".into(),
            form: crate::domain::codes::DesignForm::Packaging,
            source: None,
            support_vnd: 0,
            district: String::new(),
            commune: String::new(),
            note: String::new(),
        };
        for c in columns(RecordKind::Facility) {
            assert!(f.value(c.key, None).is_some(), "facility {}", c.key);
        }
        for c in columns(RecordKind::Project) {
            assert!(p.value(c.key, None).is_some(), "project {}", c.key);
        }
        for c in columns(RecordKind::Training) {
            assert!(t.value(c.key, None).is_some(), "training {}", c.key);
        }
        for c in columns(RecordKind::Design) {
            assert!(d.value(c.key, None).is_some(), "design {}", c.key);
        }
        assert_eq!(p.value("khong_co", None), None);
    }

    #[test]
    fn values_are_written_as_officers_type_them() {
        let facility =
            Facility {
                name: "Cơ sở Tư Sáng".into(), tax_code: "1500123456".into(), ..Default::default()
            };
        let p = project();
        let cell = |key: &str| {
            let column = columns(RecordKind::Project).iter().find(|c| c.key == key).unwrap();
            typed_text(&p.value(key, Some(&facility)).unwrap(), column.ty)
        };
        assert_eq!(cell("nam"), "2021");
        assert_eq!(cell("kinh_phi_ho_tro"), "278,5");
        assert_eq!(cell("von_doi_ung"), "3.900");
        assert_eq!(cell("ngay_phe_duyet"), "21/05/2021");
        assert_eq!(cell("ngay_nghiem_thu"), "");
        assert_eq!(cell("nguon_kinh_phi"), "Khuyến công địa phương");
        assert_eq!(cell("trang_thai"), "Đã nghiệm thu");
        assert_eq!(cell("ten_co_so"), "Cơ sở Tư Sáng");
        assert_eq!(cell("ma_so_thue"), "1500123456");
        assert_eq!(typed_text(&Value::Int(1234), FieldType::Count), "1.234");
    }
}
