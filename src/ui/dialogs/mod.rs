//! Windows in front of the screen, each a [`View`] in its own file: the
//! record form, the import preview, the merge's dry run, and the small ones
//! (choosing a file, a confirmation, a message, the report paragraph, the
//! merge log, "about", the server's login for a sync). The app keeps them in one stack of [`Dialog`]s; the
//! last one is in front and has the keys.

pub mod about;
pub mod confirm_delete;
pub mod confirm_discard;
pub mod file;
pub mod form;
pub mod import;
pub mod import_reading;
pub mod merge;
pub mod merge_log;
pub mod message;
pub mod office;
pub mod plan_import;
pub mod report;
pub mod sync;

use egui::{Id, Modal};

use crate::command::Command;
use crate::ui::{View, ViewContext};
use about::About;
use confirm_delete::ConfirmDelete;
use confirm_discard::ConfirmDiscard;
use file::FileDialog;
use form::FormState;
use import::ImportDialog;
use merge::MergeDialog;
use merge_log::MergeLog;
use message::{Interrupted, Message};
use office::OfficeDialog;
use plan_import::PlanImportDialog;
use report::ReportDialog;
use sync::SyncDialog;

/// One window in front of the screen.
pub enum Dialog {
    Form(Box<FormState>),
    Import(Box<ImportDialog>),
    Merge(Box<MergeDialog>),
    File(FileDialog),
    ConfirmDelete(ConfirmDelete),
    ConfirmDiscard(ConfirmDiscard),
    Message(Message),
    Interrupted(Interrupted),
    About(About),
    Report(ReportDialog),
    MergeLog(MergeLog),
    Office(OfficeDialog),
    PlanImport(Box<PlanImportDialog>),
    Sync(SyncDialog),
}

impl Dialog {
    /// Every kind of dialog by its [`Dialog::name`]: the test that draws
    /// every view checks that it opened each of these.
    pub const NAMES: [&'static str; 14] = [
        "form",
        "import",
        "merge",
        "file",
        "confirm-delete",
        "confirm-discard",
        "message",
        "interrupted",
        "about",
        "report",
        "merge-log",
        "office",
        "plan-import",
        "sync",
    ];

    pub fn name(&self) -> &'static str {
        match self {
            Dialog::Form(_) => "form",
            Dialog::Import(_) => "import",
            Dialog::Merge(_) => "merge",
            Dialog::File(_) => "file",
            Dialog::ConfirmDelete(_) => "confirm-delete",
            Dialog::ConfirmDiscard(_) => "confirm-discard",
            Dialog::Message(_) => "message",
            Dialog::Interrupted(_) => "interrupted",
            Dialog::About(_) => "about",
            Dialog::Report(_) => "report",
            Dialog::MergeLog(_) => "merge-log",
            Dialog::Office(_) => "office",
            Dialog::PlanImport(_) => "plan-import",
            Dialog::Sync(_) => "sync",
        }
    }

    pub fn message(text: String) -> Dialog {
        Dialog::Message(Message { text })
    }

    /// A question or a piece of news over the work in progress. A new one
    /// takes the place of the last; Esc or a click beside it closes it. The
    /// form, the import and the merge stay until their own buttons close them.
    pub fn is_passing(&self) -> bool {
        !matches!(self, Dialog::Form(_) | Dialog::Import(_) | Dialog::Merge(_) | Dialog::PlanImport(_))
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

    /// What Enter does: the dialog's main button. The form reads its own
    /// keys (Enter in a note is a new line).
    fn enter_command(&self) -> Option<Command> {
        match self {
            Dialog::Form(_) | Dialog::Merge(_) => None,
            Dialog::Import(i) => i.can_apply().then_some(Command::ApplyImport),
            // Enter in a field of the plan only ends the field: importing is a click.
            Dialog::PlanImport(_) => None,
            Dialog::File(f) => f.command(),
            Dialog::ConfirmDelete(d) => Some(Command::Delete(d.kind, d.id.clone())),
            Dialog::ConfirmDiscard(_) => Some(Command::CancelForm),
            Dialog::Interrupted(d) => Some(Command::AskRecoverCopy(d.source.clone())),
            Dialog::Report(_) => Some(Command::CopyReport),
            Dialog::Office(d) => Some(d.save()),
            Dialog::Sync(d) => (!d.address.trim().is_empty()).then(|| d.start()),
            Dialog::Message(_) | Dialog::About(_) | Dialog::MergeLog(_) => Some(Command::CloseDialog),
        }
    }

    /// What Esc does: close the dialog (the form asks first when it was typed in).
    fn escape_command(&self) -> Option<Command> {
        match self {
            Dialog::Form(_) => None,
            Dialog::Import(_) => Some(Command::CloseImport),
            Dialog::Merge(_) => Some(Command::CloseMerge),
            Dialog::PlanImport(_) => Some(Command::ClosePlanImport),
            _ => Some(Command::CloseDialog),
        }
    }

    fn view(&mut self) -> &mut dyn View {
        match self {
            Dialog::Form(d) => d.as_mut(),
            Dialog::Import(d) => d.as_mut(),
            Dialog::Merge(d) => d.as_mut(),
            Dialog::File(d) => d,
            Dialog::ConfirmDelete(d) => d,
            Dialog::ConfirmDiscard(d) => d,
            Dialog::Message(d) => d,
            Dialog::Interrupted(d) => d,
            Dialog::About(d) => d,
            Dialog::Report(d) => d,
            Dialog::MergeLog(d) => d,
            Dialog::Office(d) => d,
            Dialog::PlanImport(d) => d.as_mut(),
            Dialog::Sync(d) => d,
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
            Dialog::PlanImport(_) => ("plan-import-dialog", 30.0, Width::Exactly(900.0)),
            _ => ("dialog", 80.0, Width::AtMost(620.0)),
        }
    }
}

enum Width {
    Exactly(f32),
    AtMost(f32),
}

/// Draws one dialog in front of everything drawn before it. Only the one
/// in front (`on_top`) reads Enter and Esc.
pub fn show(ctx: &egui::Context, dialog: &mut Dialog, on_top: bool, cx: &mut ViewContext<'_>) {
    let (name, top, width) = dialog.place();
    let id = Id::unique(name);
    let footer_id = id.with("footer-height");
    // The body scrolls within what the window leaves; the footer's height is
    // known from the last frame.
    let footer = ctx.data(|d| d.get_temp::<f32>(footer_id)).unwrap_or(40.0);
    let body_height = (ctx.content_rect().height() - top - footer - 48.0).max(120.0);
    let area = Modal::default_area(id).anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, top));
    let response = Modal::new(id).area(area).show(ctx, |ui| {
        match width {
            Width::Exactly(w) => ui.set_width(w.min(ctx.content_rect().width() - 32.0)),
            Width::AtMost(w) => ui.set_max_width(w.min(ctx.content_rect().width() - 32.0)),
        }
        if dialog.is_passing() {
            egui::ScrollArea::vertical().id_salt(id.with("body")).max_height(body_height).show(ui, |ui| {
                dialog.view().ui(ui, cx);
            });
        } else {
            // The form, the import and the merge size their own scrolled parts to the window.
            dialog.view().ui(ui, cx);
        }
        let drawn = ui.scope(|ui| dialog.view().footer(ui, cx)).response.rect.height();
        ctx.data_mut(|d| d.insert_temp(footer_id, drawn));
    });
    if !on_top || cx.popup_open {
        return;
    }
    let (enter, escape) = ctx.input(|i| (i.key_pressed(egui::Key::Enter), i.key_pressed(egui::Key::Escape)));
    if enter {
        cx.send_some(dialog.enter_command());
    } else if escape {
        cx.send_some(dialog.escape_command());
    } else if response.should_close() && dialog.is_passing() && !matches!(dialog, Dialog::ConfirmDelete(_)) {
        // A click beside a message closes it; a confirmation waits for its answer.
        cx.send(Command::CloseDialog);
    }
}
