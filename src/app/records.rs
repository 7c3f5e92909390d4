//! The records themselves: opening the form, saving it, deleting, and what
//! Ctrl+Z takes back.

use super::{App, Status, clock};
use crate::domain::{AnyRecord, RecordKind};
use crate::ui::dialogs::Dialog;
use crate::ui::dialogs::confirm_delete::ConfirmDelete;
use crate::ui::dialogs::form::{FacilityChoice, FormState};
use crate::workbook::WorkbookError;

/// What Ctrl+Z takes back.
#[derive(Debug, Clone)]
pub(super) enum UndoStep {
    /// A new record (and the facility made with it, if any).
    Inserted {
        kind: RecordKind,
        id: String,
        facility: Option<String>,
    },
    Updated {
        id: String,
        before: AnyRecord,
    },
    Deleted {
        kind: RecordKind,
        id: String,
    },
}

impl App {
    pub(super) fn new_record(&mut self, kind: RecordKind) {
        if self.wb.is_some() {
            self.open_dialog(Dialog::Form(Box::new(FormState::new(kind))));
        }
    }

    pub(super) fn edit_record(&mut self, kind: RecordKind, id: String) {
        if let (Some(record), Some(data)) = (self.record(kind, &id), &self.data) {
            let form = FormState::edit(kind, id, record, data);
            self.open_dialog(Dialog::Form(Box::new(form)));
        }
    }

    pub(super) fn ask_delete(&mut self, kind: RecordKind, id: String) {
        // A facility with records cannot go: say so now, not after a question.
        let in_use = if kind == RecordKind::Facility { self.records_of_facility(&id) } else { 0 };
        if in_use > 0 {
            self.refuse(WorkbookError::FacilityInUse(in_use));
            return;
        }
        let title = self.record_title(kind, &id);
        self.open_dialog(Dialog::ConfirmDelete(ConfirmDelete { kind, id, title }));
    }

    /// Deletes the record (a tombstone: Ctrl+Z brings it back).
    pub(super) fn delete(&mut self, kind: RecordKind, id: String) {
        self.close_passing();
        let Some(wb) = &mut self.wb else { return };
        match wb.delete(kind, &id) {
            Ok(()) => {
                self.refresh(kind, &id);
                self.undo.push(UndoStep::Deleted { kind, id });
                self.status = Some(Status::Deleted(clock()));
            }
            Err(e) => self.refuse(e),
        }
    }

    /// Saves the open form: the record and, if typed there, its new facility,
    /// in one transaction.
    pub(super) fn save_form(&mut self) {
        let Some(form) = self.dialogs.iter().find_map(Dialog::as_form) else { return };
        let Some(wb) = &mut self.wb else { return };
        let new_facility = match form.build_new_facility() {
            Some(checked) => match checked.record {
                Some(f) => Some(f),
                None => return,
            },
            None => None,
        };
        if form.facility == FacilityChoice::None && form.kind == RecordKind::Design {
            return;
        }
        let result = wb.write(|w| {
            let facility_id = match (&form.facility, &new_facility) {
                (FacilityChoice::Existing(id), _) => Some(id.clone()),
                (FacilityChoice::New, Some(f)) => Some(w.insert(f)?),
                _ => None,
            };
            let checked = form.build(facility_id.clone());
            let Some(record) = checked.record else {
                return Err(WorkbookError::Invalid(checked.issues));
            };
            let id = match &form.id {
                Some(id) => w.update_any(id, &record).map(|_| id.clone())?,
                None => w.insert_any(&record)?,
            };
            let made_facility = if new_facility.is_some() { facility_id } else { None };
            Ok((id, made_facility))
        });
        match result {
            Ok((id, made_facility)) => {
                let kind = form.kind;
                let step = match (&form.original, form.id.is_some()) {
                    (Some(before), true) => UndoStep::Updated { id: id.clone(), before: before.clone() },
                    _ => UndoStep::Inserted { kind, id: id.clone(), facility: made_facility.clone() },
                };
                self.close_form();
                if let Some(fid) = &made_facility {
                    self.refresh(RecordKind::Facility, fid);
                }
                self.refresh(kind, &id);
                self.undo.push(step);
                match self.lists.get_mut(kind.index()) {
                    Some(list) => list.view.selected = Some(id),
                    None => self.plans_screen.select(id),
                }
                self.status = Some(Status::Saved(clock()));
            }
            Err(e) => self.refuse(e),
        }
    }

    pub(super) fn undo_last(&mut self) {
        let Some(step) = self.undo.pop() else {
            self.status = Some(Status::NothingToUndo);
            return;
        };
        let Some(wb) = &mut self.wb else { return };
        let result = match &step {
            UndoStep::Inserted { kind, id, facility } => wb.write(|w| {
                w.delete(*kind, id)?;
                if let Some(fid) = facility {
                    w.delete(RecordKind::Facility, fid)?;
                }
                Ok(())
            }),
            UndoStep::Updated { id, before } => wb.update_any(id, before),
            UndoStep::Deleted { kind, id } => wb.restore(*kind, id),
        };
        match result {
            Ok(()) => {
                match &step {
                    UndoStep::Inserted { kind, id, facility } => {
                        self.refresh(*kind, id);
                        if let Some(fid) = facility {
                            self.refresh(RecordKind::Facility, fid);
                        }
                    }
                    UndoStep::Updated { id, before } => self.refresh(before.kind(), id),
                    UndoStep::Deleted { kind, id } => self.refresh(*kind, id),
                }
                self.status = Some(Status::Undone(clock()));
            }
            Err(e) => self.refuse(e),
        }
    }

    pub(super) fn refresh(&mut self, kind: RecordKind, id: &str) {
        if let (Some(wb), Some(data)) = (&self.wb, &mut self.data)
            && let Err(e) = data.refresh(wb, kind, id)
        {
            self.open_dialog(Dialog::message(e.message(self.lang)));
        }
    }

    /// Live projects, trainings and design support naming the facility `id`,
    /// counted in the lists (the workbook refuses the delete in any case).
    fn records_of_facility(&self, id: &str) -> usize {
        let Some(data) = &self.data else { return 0 };
        let names = |f: Option<&String>| f.is_some_and(|f| f == id);
        data.projects.rows.iter().filter(|r| names(r.record.facility_id.as_ref())).count()
            + data.trainings.rows.iter().filter(|r| names(r.record.facility_id.as_ref())).count()
            + data.designs.rows.iter().filter(|r| r.record.facility_id == id).count()
    }

    pub(super) fn record(&self, kind: RecordKind, id: &str) -> Option<AnyRecord> {
        match kind {
            RecordKind::Plan => self.plan_record(id),
            _ => self.data.as_ref()?.record(kind, id),
        }
    }

    pub(super) fn record_title(&self, kind: RecordKind, id: &str) -> String {
        self.record(kind, id).map(|r| r.title().to_string()).unwrap_or_default()
    }
}
