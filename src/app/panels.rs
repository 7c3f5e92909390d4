//! The window's panels around the screen: the navigation on the left and
//! the screen itself in the middle.

use egui::Ui;

use super::App;
use crate::command::{Command, Screen};
use crate::domain::number::format_int_in;
use crate::ui::screens::welcome::Welcome;
use crate::ui::{View, ViewContext};

impl App {
    /// A button per screen, with how many records each list holds.
    pub(super) fn navigation(&mut self, ui: &mut Ui) {
        let lang = self.lang;
        ui.add_space(6.0);
        for screen in Screen::ALL {
            let count = match screen {
                Screen::Plans => Some(self.plans.list.len()).filter(|n| *n > 0),
                _ => {
                    self.data.as_ref().filter(|d| !d.is_loading()).zip(screen.kind()).map(|(d, k)| d.count(k))
                }
            };
            let text = match count {
                Some(n) => format!("{} ({})", screen.title(lang), format_int_in(n as i64, lang)),
                None => screen.title(lang).to_string(),
            };
            let button =
                egui::Button::selectable(self.screen == screen, text).min_size(egui::vec2(155.0, 30.0));
            if ui.add(button).clicked() {
                self.commands.push(Command::Show(screen));
            }
        }
    }

    /// The screen chosen, drawn with what it needs lent for the frame.
    pub(super) fn central(&mut self, ui: &mut Ui) {
        let (years, places) = match &self.filter_cache {
            Some(c) => (c.years, c.places.as_slice()),
            None => (None, &[][..]),
        };
        let read_only = self.read_only_reason();
        let mut cx = ViewContext::new(self.lang, &mut self.commands);
        cx.read_only = read_only;
        cx.years = years;
        cx.places = places;
        cx.recent = &self.settings.recent;
        cx.plans = &self.plans.list;
        cx.modal_open = !self.dialogs.is_empty();
        cx.popup_open = self.popup_was_open;
        if self.wb.is_none() {
            Welcome.ui(ui, &mut cx);
            return;
        }
        cx.data = self.data.as_ref();
        match (self.screen, self.screen.kind()) {
            (Screen::Plans, _) => self.plans_screen.ui(ui, &mut cx),
            (_, None) => self.overview.ui(ui, &mut cx),
            (_, Some(kind)) => self.lists[kind.index()].ui(ui, &mut cx),
        }
    }
}
