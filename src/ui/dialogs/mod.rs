//! Windows in front of the screen, each a [`View`] in its own file: the
//! record form, the import preview, the merge's dry run, and the small ones
//! (choosing a file, a confirmation, a message, the report paragraph, the
//! merge log, "about"). The app keeps them in one stack of [`Dialog`]s; the
//! last one is in front and has the keys.

pub mod about;
pub mod confirm_delete;
pub mod file;
pub mod form;
pub mod import;
pub mod import_reading;
pub mod merge;
pub mod merge_log;
pub mod message;
pub mod office;
pub mod report;

use egui::{Id, Modal};

use crate::command::Command;
use crate::ui::{View, ViewContext};
use about::About;
use confirm_delete::ConfirmDelete;
use file::FileDialog;
use form::FormState;
use import::ImportDialog;
use merge::MergeDialog;
use merge_log::MergeLog;
use message::{Interrupted, Message};
use office::OfficeDialog;
use report::ReportDialog;

/// One window in front of the screen.
pub enum Dialog {
    Form(Box<FormState>),
    Import(Box<ImportDialog>),
    Merge(Box<MergeDialog>),
    File(FileDialog),
    ConfirmDelete(ConfirmDelete),
    Message(Message),
    Interrupted(Interrupted),
    About(About),
    Report(ReportDialog),
    MergeLog(MergeLog),
    Office(OfficeDialog),
}

impl Dialog {
    /// Every kind of dialog by its [`Dialog::name`]: the test that draws
    /// every view checks that it opened each of these.
    pub const NAMES: [&'static str; 11] = [
        "form",
        "import",
        "merge",
        "file",
        "confirm-delete",
        "message",
        "interrupted",
        "about",
        "report",
        "merge-log",
        "office",
    ];

    pub fn name(&self) -> &'static str {
        match self {
            Dialog::Form(_) => "form",
            Dialog::Import(_) => "import",
            Dialog::Merge(_) => "merge",
            Dialog::File(_) => "file",
            Dialog::ConfirmDelete(_) => "confirm-delete",
            Dialog::Message(_) => "message",
            Dialog::Interrupted(_) => "interrupted",
            Dialog::About(_) => "about",
            Dialog::Report(_) => "report",
            Dialog::MergeLog(_) => "merge-log",
            Dialog::Office(_) => "office",
        }
    }

    pub fn message(text: String) -> Dialog {
        Dialog::Message(Message { text })
    }

    /// A question or a piece of news over the work in progress. A new one
    /// takes the place of the last; Esc or a click beside it closes it. The
    /// form, the import and the merge stay until their own buttons close them.
    pub fn is_passing(&self) -> bool {
        !matches!(self, Dialog::Form(_) | Dialog::Import(_) | Dialog::Merge(_))
    }

    pub fn as_form(&self) -> Option<&FormState> {
        match self {
            Dialog::Form(f) => Some(f),
            _ => None,
        }
    }

    pub fn as_import(&self) -> Option<&ImportDialog> {
        match self {
            Dialog::Import(i) => Some(i),
            _ => None,
        }
    }

    fn view(&mut self) -> &mut dyn View {
        match self {
            Dialog::Form(d) => d.as_mut(),
            Dialog::Import(d) => d.as_mut(),
            Dialog::Merge(d) => d.as_mut(),
            Dialog::File(d) => d,
            Dialog::ConfirmDelete(d) => d,
            Dialog::Message(d) => d,
            Dialog::Interrupted(d) => d,
            Dialog::About(d) => d,
            Dialog::Report(d) => d,
            Dialog::MergeLog(d) => d,
            Dialog::Office(d) => d,
        }
    }

    /// Its name for egui, how far below the top of the window it sits, and
    /// its width (exact, or at most).
    fn place(&self) -> (&'static str, f32, Width) {
        match self {
            // Anchored at the top: the form grows downwards as messages come
            // and go, instead of jumping to stay centred.
            Dialog::Form(_) => ("record-form", 40.0, Width::Exactly(640.0)),
            Dialog::Import(_) => ("import-dialog", 30.0, Width::Exactly(1000.0)),
            Dialog::Merge(_) => ("merge-dialog", 40.0, Width::Exactly(760.0)),
            _ => ("dialog", 80.0, Width::AtMost(620.0)),
        }
    }
}

enum Width {
    Exactly(f32),
    AtMost(f32),
}

/// Draws one dialog in front of everything drawn before it.
pub fn show(ctx: &egui::Context, dialog: &mut Dialog, cx: &mut ViewContext<'_>) {
    let (name, top, width) = dialog.place();
    let id = Id::unique(name);
    let area = Modal::default_area(id).anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, top));
    let response = Modal::new(id).area(area).show(ctx, |ui| {
        match width {
            Width::Exactly(w) => ui.set_width(w),
            Width::AtMost(w) => ui.set_max_width(w),
        }
        dialog.view().ui(ui, cx);
    });
    if dialog.is_passing() {
        // Esc closes it; so does a click outside, except on a confirmation.
        let escape = ctx.input(|i| i.key_pressed(egui::Key::Escape));
        let confirming = matches!(dialog, Dialog::ConfirmDelete(_));
        if escape || (response.should_close() && !confirming) {
            cx.send(Command::CloseDialog);
        }
    }
}
