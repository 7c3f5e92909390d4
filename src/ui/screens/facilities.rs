//! Below the facility list: every project, training and design support of
//! the selected facility.

use egui::{RichText, Ui};

use crate::command::Command;
use crate::domain::RecordKind;
use crate::domain::number::{format_int_in, format_million_in, plural};
use crate::i18n::{Lang, Text, tr};
use crate::lists::Data;
use crate::ui::ViewContext;

/// The related records of one facility, found once per change.
#[derive(Default)]
pub struct FacilityDetail {
    key: Option<(u64, String)>,
    projects: Vec<usize>,
    trainings: Vec<usize>,
    designs: Vec<usize>,
}

impl FacilityDetail {
    fn update(&mut self, data: &Data, id: &str) {
        let key = (data.generation, id.to_string());
        if self.key.as_ref() == Some(&key) {
            return;
        }
        let of = |fid: Option<&str>| fid == Some(id);
        self.projects = (0..data.projects.rows.len())
            .filter(|i| of(data.projects.rows[*i].record.facility_id.as_deref()))
            .collect();
        self.trainings = (0..data.trainings.rows.len())
            .filter(|i| of(data.trainings.rows[*i].record.facility_id.as_deref()))
            .collect();
        self.designs = (0..data.designs.rows.len())
            .filter(|i| of(Some(data.designs.rows[*i].record.facility_id.as_str())))
            .collect();
        self.key = Some(key);
    }

    pub fn show(&mut self, ui: &mut Ui, data: &Data, selected: Option<&str>, cx: &mut ViewContext<'_>) {
        let lang = cx.lang;
        let Some(facility) = selected.and_then(|id| data.facilities.get(id)) else {
            ui.weak(tr(
                lang,
                "Chọn một cơ sở để xem các đề án, lớp đào tạo và hỗ trợ thiết kế của cơ sở đó.",
                "Select a facility to see its projects, trainings and design support.",
            ));
            return;
        };
        self.update(data, &facility.id);
        ui.label(RichText::new(&facility.record.name).strong());
        let line = |year: i32, name: &str, figure: String| format!("{year} · {name} · {figure}");
        let million = |vnd: i64| match lang {
            Lang::Vi => format!("{} triệu đồng", format_million_in(vnd, lang)),
            Lang::En => format!("{} million VND", format_million_in(vnd, lang)),
        };
        let projects = self.projects.iter().map(|i| &data.projects.rows[*i]).map(|p| {
            let support = match lang {
                Lang::Vi => format!("hỗ trợ {}", million(p.record.support_vnd)),
                Lang::En => format!("support {}", million(p.record.support_vnd)),
            };
            (p.id.as_str(), line(p.record.year, &p.record.title, support))
        });
        let trainings = self.trainings.iter().map(|i| &data.trainings.rows[*i]).map(|t| {
            let trainees = match lang {
                Lang::Vi => format!("{} học viên", format_int_in(t.record.trainees, lang)),
                Lang::En => {
                    plural(t.record.trainees, &format_int_in(t.record.trainees, lang), "trainee", "trainees")
                }
            };
            (t.id.as_str(), line(t.record.year, &t.record.name, trainees))
        });
        let designs =
            self.designs.iter().map(|i| &data.designs.rows[*i]).map(|d| {
                (d.id.as_str(), line(d.record.year, &d.record.product, million(d.record.support_vnd)))
            });
        egui::ScrollArea::vertical().id_salt("facility-detail").show(ui, |ui| {
            section(ui, cx, RecordKind::Project, Text::new("Đề án", "Projects"), projects.collect());
            section(ui, cx, RecordKind::Training, Text::new("Đào tạo", "Trainings"), trainings.collect());
            section(
                ui,
                cx,
                RecordKind::Design,
                Text::new("Hỗ trợ thiết kế", "Design support"),
                designs.collect(),
            );
        });
    }
}

/// One kind's records of the facility: a heading with how many, then a
/// line for each that opens it.
fn section(
    ui: &mut Ui,
    cx: &mut ViewContext<'_>,
    kind: RecordKind,
    heading: Text,
    lines: Vec<(&str, String)>,
) {
    let lang = cx.lang;
    ui.label(RichText::new(format!("{} ({})", heading.get(lang), lines.len())).small().strong());
    for (id, text) in lines {
        let open = ui.add(egui::Button::new(text).frame(false)).on_hover_text(tr(
            lang,
            "Bấm để mở",
            "Click to open",
        ));
        if open.clicked() {
            cx.send(Command::EditRecord(kind, id.to_string()));
        }
    }
}
