//! The window's parts: each screen and each dialog is a [`View`] in its own
//! file (`screens/`, `dialogs/`), drawn from what a [`ViewContext`] lends it
//! for the frame. A view never changes the workbook or the app: it sends
//! [`Command`]s, which the app carries out at the end of the frame.
//! Pieces several views draw are in `widgets/`; colours and fonts in `theme`.

pub mod dialogs;
pub mod ime;
pub mod screens;
pub mod theme;
pub mod widgets;

use std::path::PathBuf;

use egui::Ui;

use crate::command::Command;
use crate::i18n::Lang;
use crate::lists::Data;
use crate::workbook::plans::PlanWithProgress;

/// Makes `ctx` ready for the window (and for every test harness): the
/// bundled fonts and colours, and the input-method fix-ups.
pub fn install(ctx: &egui::Context) {
    theme::install(ctx);
    ctx.add_plugin(ime::ImeGuard::default());
}

/// A screen or a dialog.
pub trait View {
    /// Draws the view for one frame; what the officer asks for goes to `cx`.
    fn ui(&mut self, ui: &mut Ui, cx: &mut ViewContext<'_>);

    /// A dialog's buttons, drawn under its body and always in view: the
    /// body scrolls when the window is too small for it. Screens have none.
    fn footer(&mut self, _ui: &mut Ui, _cx: &mut ViewContext<'_>) {}
}

/// What the app lends a view for one frame, and where the view leaves the
/// commands it sends.
pub struct ViewContext<'a> {
    pub lang: Lang,
    /// The open workbook's records; `None` when no workbook is open.
    pub data: Option<&'a Data>,
    /// Why the workbook cannot be changed, when it cannot.
    pub read_only: Option<&'a str>,
    /// The first and last year the records name, for the year filters.
    pub years: Option<(i32, i32)>,
    /// The districts and communes the records name, for the place filters.
    pub places: &'a [String],
    /// Workbooks opened lately, newest first.
    pub recent: &'a [PathBuf],
    /// The workbook's plans with their progress, the latest first.
    pub plans: &'a [PlanWithProgress],
    /// A dialog is open over the screen: the screen leaves the keys to it.
    pub modal_open: bool,
    /// A drop-down or a menu was open when the frame began: Enter and Esc
    /// are for it (choose, close), not for the form or dialog under it.
    pub popup_open: bool,
    commands: &'a mut Vec<Command>,
}

impl<'a> ViewContext<'a> {
    /// A context that lends nothing yet; the app fills in what it has.
    pub fn new(lang: Lang, commands: &'a mut Vec<Command>) -> Self {
        ViewContext {
            lang,
            data: None,
            read_only: None,
            years: None,
            places: &[],
            recent: &[],
            plans: &[],
            modal_open: false,
            popup_open: false,
            commands,
        }
    }

    /// Asks the app for something, carried out at the end of the frame.
    pub fn send(&mut self, command: Command) {
        self.commands.push(command);
    }

    /// Asks for the command, if there is one.
    pub fn send_some(&mut self, command: Option<Command>) {
        self.commands.extend(command);
    }
}
