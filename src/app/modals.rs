//! The one stack of dialogs in front of the screen: opening and closing
//! them, finding the one a command is about, and drawing them in order.

use super::App;
use crate::ui::ViewContext;
use crate::ui::dialogs::import::ImportDialog;
use crate::ui::dialogs::merge::MergeDialog;
use crate::ui::dialogs::report::ReportDialog;
use crate::ui::dialogs::{self, Dialog};

impl App {
    /// Puts a dialog in front. A passing one (a message, a question) takes
    /// the place of the one shown before; a form, import or merge takes the
    /// place of its own kind only.
    pub(super) fn open_dialog(&mut self, dialog: Dialog) {
        let kind = std::mem::discriminant(&dialog);
        let passing = dialog.is_passing();
        self.dialogs.retain(|d| if passing { !d.is_passing() } else { std::mem::discriminant(d) != kind });
        self.dialogs.push(dialog);
    }

    /// Closes the message or question in front, if one is shown.
    pub(super) fn close_passing(&mut self) {
        self.dialogs.retain(|d| !d.is_passing());
    }

    pub(super) fn has_passing(&self) -> bool {
        self.dialogs.iter().any(Dialog::is_passing)
    }

    pub(super) fn close_form(&mut self) {
        self.dialogs.retain(|d| !matches!(d, Dialog::Form(_)));
    }

    pub(super) fn import(&self) -> Option<&ImportDialog> {
        self.dialogs.iter().find_map(Dialog::as_import)
    }

    pub(super) fn import_mut(&mut self) -> Option<&mut ImportDialog> {
        self.dialogs.iter_mut().find_map(|d| match d {
            Dialog::Import(i) => Some(i.as_mut()),
            _ => None,
        })
    }

    pub(super) fn close_import(&mut self) {
        self.dialogs.retain(|d| !matches!(d, Dialog::Import(_)));
    }

    /// Takes the merge's dry run out of the stack, to carry it out.
    pub(super) fn take_merge(&mut self) -> Option<Box<MergeDialog>> {
        let at = self.dialogs.iter().position(|d| matches!(d, Dialog::Merge(_)))?;
        match self.dialogs.remove(at) {
            Dialog::Merge(m) => Some(m),
            _ => None,
        }
    }

    pub(super) fn close_merge(&mut self) {
        self.dialogs.retain(|d| !matches!(d, Dialog::Merge(_)));
        if self.sync_waiting.take().is_some() {
            self.status = Some(super::status::Status::SyncStopped);
        }
    }

    pub(super) fn report_mut(&mut self) -> Option<&mut ReportDialog> {
        self.dialogs.iter_mut().find_map(|d| match d {
            Dialog::Report(r) => Some(r),
            _ => None,
        })
    }

    /// The dialogs shown, by [`Dialog::name`], the one in front last.
    pub fn dialog_names(&self) -> Vec<&'static str> {
        self.dialogs.iter().map(Dialog::name).collect()
    }

    /// The message shown, if any (for tests and the status line).
    pub fn message(&self) -> Option<&str> {
        self.dialogs.iter().rev().find_map(|d| match d {
            Dialog::Message(m) => Some(m.text.as_str()),
            Dialog::Interrupted(m) => Some(m.text.as_str()),
            _ => None,
        })
    }

    /// Draws every dialog, the newest in front, and a merge's progress in
    /// front of them all: it writes to the open workbook, so nothing else
    /// may be done until it ends.
    pub(super) fn draw_dialogs(&mut self, ctx: &egui::Context) {
        let lang = self.lang;
        let read_only = self.read_only_reason();
        let mut cx = ViewContext::new(lang, &mut self.commands);
        cx.data = self.data.as_ref();
        cx.read_only = read_only;
        cx.recent = &self.settings.recent;
        cx.modal_open = true;
        cx.popup_open = self.popup_was_open;
        let last = self.dialogs.len().saturating_sub(1);
        for (i, dialog) in self.dialogs.iter_mut().enumerate() {
            dialogs::show(ctx, dialog, i == last, &mut cx);
        }
        if let Some(job) = self.job.as_ref().filter(|j| j.blocking) {
            egui::Modal::new(egui::Id::unique("blocking-job")).show(ctx, |ui| {
                ui.set_width(420.0);
                ui.heading(&job.label);
                ui.add(egui::ProgressBar::new(job.progress()).show_percentage());
                let stop = ui
                    .add_enabled(!job.cancelled(), egui::Button::new(crate::i18n::tr(lang, "Hủy", "Cancel")));
                if stop.clicked() {
                    cx.send(crate::command::Command::CancelJob);
                }
            });
        }
    }
}
