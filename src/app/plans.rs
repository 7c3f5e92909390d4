//! The plans the Plans screen and the overview's plan chart show, read with
//! their progress when the records change and one of them is in view (SQL
//! aggregates on change, never per frame).

use std::path::{Path, PathBuf};

use super::records::UndoStep;
use super::{App, Status};
use crate::command::Screen;
use crate::domain::text::shown_path;
use crate::domain::{AnyRecord, RecordKind};
use crate::exchange::export::export_plans;
use crate::exchange::import::annex::read_annex;
use crate::i18n::Lang;
use crate::ui::dialogs::Dialog;
use crate::ui::dialogs::plan_import::PlanImportDialog;
use crate::workbook::plans::PlanWithProgress;

#[derive(Default)]
pub(super) struct PlansCache {
    /// The data generation the plans were read for.
    generation: Option<u64>,
    pub(super) list: Vec<PlanWithProgress>,
}

impl App {
    /// Reads the plans again if the records changed since, when shown.
    pub(super) fn update_plans(&mut self) {
        let (Some(data), Some(wb)) = (&self.data, &self.wb) else {
            self.plans = PlansCache::default();
            return;
        };
        let shown = matches!(self.screen, Screen::Plans | Screen::Overview)
            || !self.dialogs.is_empty()
            || self.presenting.is_some()
            || self.capture.is_some();
        if !shown || self.plans.generation == Some(data.generation) {
            return;
        }
        let generation = data.generation;
        match wb.plans_with_progress() {
            Ok(list) => self.plans = PlansCache { generation: Some(generation), list },
            Err(e) => {
                self.plans = PlansCache { generation: Some(generation), list: Vec::new() };
                self.open_dialog(Dialog::message(e.message(self.lang)));
            }
        }
    }

    /// A plan, for its form and for undo.
    pub(super) fn plan_record(&self, id: &str) -> Option<AnyRecord> {
        let plan = self.plans.list.iter().find(|p| p.stored.id == id)?;
        Some(AnyRecord::Plan(plan.stored.record.clone()))
    }
}

impl App {
    /// Reads a plan's annex and shows it to be completed and imported.
    pub(super) fn preview_plan_import(&mut self, path: &Path) {
        self.close_passing();
        match read_annex(path) {
            Ok(preview) => self.open_dialog(Dialog::PlanImport(Box::new(PlanImportDialog::new(preview)))),
            Err(e) => {
                let text = match self.lang {
                    Lang::Vi => format!(
                        "Không đọc được phụ lục kế hoạch {}: {}",
                        shown_path(path),
                        e.message(self.lang)
                    ),
                    Lang::En => {
                        format!("Cannot read the plan annex {}: {}", shown_path(path), e.message(self.lang))
                    }
                };
                self.open_dialog(Dialog::message(text));
            }
        }
    }

    /// Adds the previewed plan (one transaction; Ctrl+Z takes it back).
    pub(super) fn apply_plan_import(&mut self) {
        let Some(Dialog::PlanImport(dialog)) = self.dialogs.last_mut() else { return };
        if !dialog.can_apply() {
            return;
        }
        let Some(plan) = dialog.checked().record.clone() else { return };
        let Some(wb) = &mut self.wb else { return };
        match wb.insert(&plan) {
            Ok(id) => {
                self.dialogs.pop();
                self.refresh(RecordKind::Plan, &id);
                self.undo.push(UndoStep::Inserted { kind: RecordKind::Plan, id: id.clone(), facility: None });
                self.plans_screen.select(id);
                self.screen = Screen::Plans;
                self.status = Some(Status::PlanImported { title: plan.title, lines: plan.lines.len() });
            }
            Err(e) => self.refuse(e),
        }
    }

    /// The plans and their progress to Excel, on a thread of its own.
    pub(super) fn export_plans(&mut self, path: PathBuf) {
        let lang = self.lang;
        let label = self.exporting_label(&path);
        self.write_in_background(path, label, move |wb, path, _| {
            export_plans(wb, path).map(|_| ()).map_err(|e| e.message(lang))
        });
    }
}
