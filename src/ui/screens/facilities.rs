//! Below the facility list: every project, training and design support of
//! the selected facility.

use egui::{RichText, Ui};

use crate::command::Command;
use crate::domain::RecordKind;
use crate::domain::number::{format_int, format_million};
use crate::i18n::{Lang, tr};
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
        egui::ScrollArea::vertical().id_salt("facility-detail").show(ui, |ui| {
            let mut row = |ui: &mut Ui, kind: RecordKind, id: &str, text: String| {
                if ui
                    .add(egui::Button::new(text).frame(false))
                    .on_hover_text(tr(lang, "Bấm để mở", "Click to open"))
                    .clicked()
                {
                    cx.send(Command::EditRecord(kind, id.to_string()));
                }
            };
            ui.label(
                RichText::new(match lang {
                    Lang::Vi => format!("Đề án ({})", self.projects.len()),
                    Lang::En => format!("Projects ({})", self.projects.len()),
                })
                .small()
                .strong(),
            );
            for i in &self.projects {
                let p = &data.projects.rows[*i];
                let text = match lang {
                    Lang::Vi => format!(
                        "{} · {} · hỗ trợ {} triệu đồng",
                        p.record.year,
                        p.record.title,
                        format_million(p.record.support_vnd)
                    ),
                    Lang::En => format!(
                        "{} · {} · support {} million VND",
                        p.record.year,
                        p.record.title,
                        format_million(p.record.support_vnd)
                    ),
                };
                row(ui, RecordKind::Project, &p.id, text);
            }
            ui.label(
                RichText::new(match lang {
                    Lang::Vi => format!("Đào tạo ({})", self.trainings.len()),
                    Lang::En => format!("Trainings ({})", self.trainings.len()),
                })
                .small()
                .strong(),
            );
            for i in &self.trainings {
                let t = &data.trainings.rows[*i];
                let text = match lang {
                    Lang::Vi => format!(
                        "{} · {} · {} học viên",
                        t.record.year,
                        t.record.name,
                        format_int(t.record.trainees)
                    ),
                    Lang::En => format!(
                        "{} · {} · {} trainees",
                        t.record.year,
                        t.record.name,
                        format_int(t.record.trainees)
                    ),
                };
                row(ui, RecordKind::Training, &t.id, text);
            }
            ui.label(
                RichText::new(match lang {
                    Lang::Vi => format!("Hỗ trợ thiết kế ({})", self.designs.len()),
                    Lang::En => format!("Design support ({})", self.designs.len()),
                })
                .small()
                .strong(),
            );
            for i in &self.designs {
                let d = &data.designs.rows[*i];
                let text = match lang {
                    Lang::Vi => format!(
                        "{} · {} · {} triệu đồng",
                        d.record.year,
                        d.record.product,
                        format_million(d.record.support_vnd)
                    ),
                    Lang::En => format!(
                        "{} · {} · {} million VND",
                        d.record.year,
                        d.record.product,
                        format_million(d.record.support_vnd)
                    ),
                };
                row(ui, RecordKind::Design, &d.id, text);
            }
        });
    }
}
