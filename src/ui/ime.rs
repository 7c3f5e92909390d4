//! Vietnamese input methods (ibus-unikey, fcitx5-unikey/bamboo) and egui's
//! text fields, made to agree. egui keeps the word being composed in the
//! field and takes it out again when the input method clears it; two things
//! then went wrong:
//!
//! - The input method clears the word (an empty pre-edit) when the officer
//!   clicks another field or "Lưu", or presses Tab or Enter, and commits it
//!   only a frame later, when the focus has moved or the form was saved:
//!   "Việt Nam" was saved as "Việt" (seen with ibus-unikey under X11; fcitx5
//!   at its default settings does not commit at all). Here, a click, Tab or
//!   Enter during a composition first commits the word to the field it was
//!   typed in, and the key or click itself waits for the next frame, when
//!   the word is safely in. The input method's own late commit of the same
//!   word is then dropped, so the word is not typed twice.
//! - ibus hands Enter over as a commit of "\r", which a text field drops:
//!   the first Enter only ended the word. Here it becomes the Enter key,
//!   placed after the frame's commits (ibus sends "\r" before the word it
//!   ends, and a text field stops reading its events at Enter).

use egui::{Event, ImeEvent, Key, Modifiers, RawInput};

/// Remembers the composition across frames, and the events held back.
#[derive(Debug, Default)]
pub struct ImeGuard {
    /// The word being composed (the last non-empty pre-edit).
    composing: Option<String>,
    /// A word committed here on a click, Tab or Enter, until the input method's own
    /// commit of it comes (or something else is typed).
    committed: Option<String>,
    /// Events held back for the next frame: the click or key (and what followed it)
    /// that ended a composition.
    held: Vec<Event>,
}

impl ImeGuard {
    /// This frame's events, put right; what must wait is kept for the next frame.
    pub fn rewrite(&mut self, events: Vec<Event>) -> Vec<Event> {
        let events: Vec<Event> = std::mem::take(&mut self.held).into_iter().chain(events).collect();
        // Where this frame ends the word (a click, Tab or Enter), if it does.
        let focus_moves_at = events.iter().position(moves_focus);
        let mut out = Vec::with_capacity(events.len() + 2);
        let mut holding = false;
        let mut word_ended = false;
        let mut enter_after = false;
        for (i, event) in events.into_iter().enumerate() {
            if holding {
                self.held.push(event);
                continue;
            }
            match event {
                // The word cleared just before the click that moves the focus: kept.
                Event::Ime(ImeEvent::Preedit { ref text, .. })
                    if text.is_empty()
                        && self.composing.is_some()
                        && focus_moves_at.is_some_and(|at| at > i) =>
                {
                    self.commit_composed(&mut out);
                    word_ended = true;
                }
                Event::Ime(ImeEvent::Preedit { ref text, .. }) => {
                    self.composing = (!text.is_empty()).then(|| text.clone());
                    if !text.is_empty() {
                        self.committed = None;
                    }
                    out.push(event);
                }
                Event::Ime(ImeEvent::Commit(text)) => {
                    self.composing = None;
                    if self.committed.take().is_some_and(|c| c == text) {
                        continue; // already in the field
                    }
                    let word = text.trim_end_matches(['\r', '\n']);
                    if !word.is_empty() {
                        out.push(Event::Ime(ImeEvent::Commit(word.to_string())));
                    }
                    // After every commit of this frame: ibus sends the "\r" before the
                    // word it ends, and a text field stops reading at Enter.
                    enter_after |= word.len() < text.len();
                }
                event if moves_focus(&event) && (self.composing.is_some() || word_ended) => {
                    // The word goes into its field this frame; the click or key next frame.
                    self.commit_composed(&mut out);
                    self.held.push(event);
                    holding = true;
                }
                Event::Text(_) => {
                    // Typing goes on: a commit of the same word now is a new word.
                    self.committed = None;
                    out.push(event);
                }
                other => out.push(other),
            }
        }
        if enter_after {
            out.extend(enter());
        }
        out
    }

    fn commit_composed(&mut self, out: &mut Vec<Event>) {
        if let Some(word) = self.composing.take() {
            out.push(Event::Ime(ImeEvent::Commit(word.clone())));
            self.committed = Some(word);
        }
    }
}

/// A click or Tab: the focus may go to another field.
fn moves_focus(event: &Event) -> bool {
    matches!(
        event,
        Event::PointerButton { pressed: true, .. } | Event::Key { key: Key::Tab, pressed: true, .. }
    )
}

fn enter() -> [Event; 2] {
    let key = |pressed| Event::Key {
        key: Key::Enter,
        physical_key: Some(Key::Enter),
        pressed,
        repeat: false,
        modifiers: Modifiers::NONE,
    };
    [key(true), key(false)]
}

impl egui::Plugin for ImeGuard {
    fn debug_name(&self) -> &'static str {
        "ime-guard"
    }

    fn input_hook(&mut self, ctx: &egui::Context, input: &mut RawInput) {
        // KHUYENCONG_IME_LOG=1 prints what the input method sends, for a report of a lost word.
        if std::env::var_os("KHUYENCONG_IME_LOG").is_some() {
            for e in input.events.iter().filter(|e| {
                matches!(e, Event::Ime(_) | Event::Key { .. } | Event::Text(_) | Event::PointerButton { .. })
            }) {
                eprintln!("ime: {e:?}");
            }
        }
        input.events = self.rewrite(std::mem::take(&mut input.events));
        if !self.held.is_empty() {
            ctx.request_repaint();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn preedit(text: &str) -> Event {
        Event::Ime(ImeEvent::Preedit { text: text.into(), active_range_chars: None })
    }
    fn commit(text: &str) -> Event {
        Event::Ime(ImeEvent::Commit(text.into()))
    }
    fn click() -> Event {
        Event::PointerButton {
            pos: egui::pos2(10.0, 10.0),
            button: egui::PointerButton::Primary,
            pressed: true,
            modifiers: Modifiers::NONE,
        }
    }

    #[test]
    fn a_click_while_composing_commits_the_word_first_and_waits_a_frame() {
        let mut g = ImeGuard::default();
        assert_eq!(g.rewrite(vec![preedit("Nam")]), vec![preedit("Nam")]);
        // fcitx5: the click, then the cleared pre-edit.
        assert_eq!(g.rewrite(vec![click(), preedit("")]), vec![commit("Nam")]);
        assert_eq!(g.rewrite(vec![]), vec![click(), preedit("")], "the click comes in the next frame");
        assert_eq!(g.rewrite(vec![click()]), vec![click()], "no composition: nothing held");
    }

    #[test]
    fn a_clear_just_before_the_click_keeps_the_word_too() {
        let mut g = ImeGuard::default();
        g.rewrite(vec![preedit("Nam")]);
        assert_eq!(g.rewrite(vec![preedit(""), click()]), vec![commit("Nam")]);
        assert_eq!(g.rewrite(vec![]), vec![click()]);
        // A clear with no click (the officer deleted the word) clears it.
        g.rewrite(vec![Event::Text("x".into()), preedit("a")]);
        assert_eq!(g.rewrite(vec![preedit("")]), vec![preedit("")]);
    }

    #[test]
    fn the_input_methods_own_late_commit_is_not_typed_twice() {
        let mut g = ImeGuard::default();
        g.rewrite(vec![preedit("Nam")]);
        assert_eq!(
            g.rewrite(vec![Event::Key {
                key: Key::Tab,
                physical_key: None,
                pressed: true,
                repeat: false,
                modifiers: Modifiers::NONE
            }])
            .len(),
            1
        );
        let held = g.rewrite(vec![commit("Nam")]);
        assert!(matches!(held.as_slice(), [Event::Key { key: Key::Tab, .. }]), "{held:?}");
        // A new word later is committed as usual.
        g.rewrite(vec![preedit("Việt")]);
        assert_eq!(g.rewrite(vec![commit("Việt")]), vec![commit("Việt")]);
    }

    #[test]
    fn a_commit_of_a_carriage_return_is_the_enter_key() {
        let mut g = ImeGuard::default();
        let out = g.rewrite(vec![commit("\r")]);
        assert!(
            matches!(
                out.as_slice(),
                [
                    Event::Key { key: Key::Enter, pressed: true, .. },
                    Event::Key { key: Key::Enter, pressed: false, .. }
                ]
            ),
            "{out:?}"
        );
        let out = g.rewrite(vec![preedit("Nam"), commit("Nam\r")]);
        assert_eq!(out[..2], [preedit("Nam"), commit("Nam")]);
        assert!(matches!(out[2], Event::Key { key: Key::Enter, pressed: true, .. }));
        // ibus, as seen under X11: the "\r" comes before the word it ends.
        g.rewrite(vec![preedit("Nam")]);
        let out = g.rewrite(vec![preedit(""), commit("\r"), preedit(""), commit("Nam"), preedit("")]);
        assert_eq!(out[..4], [preedit(""), preedit(""), commit("Nam"), preedit("")]);
        assert!(matches!(out[4], Event::Key { key: Key::Enter, pressed: true, .. }), "{out:?}");
        // Typing goes through untouched.
        assert_eq!(g.rewrite(vec![Event::Text("a".into())]), vec![Event::Text("a".into())]);
    }
}
