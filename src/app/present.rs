//! Presentation mode (one chart across the full screen, arrow keys to move
//! on) and the photograph of a chart for a slide or the clipboard, which is
//! the same chart drawn alone and captured by the renderer.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use egui::{RichText, Ui};

use super::{App, Status};
use crate::command::{ChartId, Command};
use crate::domain::text::shown_path;
use crate::i18n::{Lang, tr};
use crate::ui::dialogs::Dialog;
use crate::ui::theme;

/// Where a chart picture goes once the window has been captured.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum CaptureTarget {
    File(PathBuf),
    Clipboard,
}

/// A chart being photographed: drawn alone across the window (a size that
/// suits a slide), captured by the renderer, then cropped to the chart.
pub(super) struct Capture {
    chart: ChartId,
    target: CaptureTarget,
    image: Arc<Mutex<Option<Arc<egui::ColorImage>>>>,
    rect: Option<egui::Rect>,
    requested: bool,
    frames: u32,
}

/// Frames to wait for the renderer's picture before giving up (a headless
/// window never sends one).
const CAPTURE_PATIENCE: u32 = 120;

impl App {
    pub(super) fn start_capture(&mut self, chart: ChartId, target: CaptureTarget) {
        if self.overview.charts.is_some() {
            self.capture = Some(Capture {
                chart,
                target,
                image: Arc::new(Mutex::new(None)),
                rect: None,
                requested: false,
                frames: 0,
            });
        }
    }

    /// One chart across the window: presentation mode, or a chart being photographed.
    pub(super) fn show_chart_alone(&mut self, ui: &mut Ui, ctx: &egui::Context) {
        let lang = self.lang;
        let chart = match (&self.capture, self.presenting) {
            (Some(c), _) => c.chart,
            (None, Some(c)) => c,
            (None, None) => return,
        };
        let presenting = self.capture.is_none();
        if presenting {
            let (next, previous, escape) = ctx.input(|i| {
                (
                    i.key_pressed(egui::Key::ArrowRight) || i.key_pressed(egui::Key::PageDown),
                    i.key_pressed(egui::Key::ArrowLeft) || i.key_pressed(egui::Key::PageUp),
                    i.key_pressed(egui::Key::Escape),
                )
            });
            if next {
                self.presenting = Some(chart.next());
            } else if previous {
                self.presenting = Some(chart.previous());
            }
            if escape {
                self.commands.push(Command::StopPresenting);
            }
        }
        let frame = egui::Frame::new().fill(egui::Color32::WHITE).inner_margin(28.0);
        let response = egui::CentralPanel::default_margins().frame(frame).show(ui, |ui| {
            let Some(data) = &self.overview.charts else { return };
            let f = &self.overview.filter;
            ui.label(RichText::new(chart.title(lang)).font(theme::bold(30.0)).color(egui::Color32::BLACK));
            let range = match lang {
                Lang::Vi => format!("Giai đoạn {}–{}", f.from, f.to),
                Lang::En => format!("{}–{}", f.from, f.to),
            };
            ui.label(
                RichText::new(format!("{range} · {}", chart.key_figure(data, lang)))
                    .size(22.0)
                    .color(egui::Color32::from_gray(40)),
            );
            ui.add_space(12.0);
            let footer = if presenting { 44.0 } else { 0.0 };
            let height = (ui.available_height() - footer).max(200.0);
            ui.scope(|ui| {
                ui.style_mut().override_text_style = Some(egui::TextStyle::Heading);
                chart.draw(ui, data, lang, height, "alone", !presenting);
            });
            if presenting {
                ui.horizontal(|ui| {
                    if ui.button(tr(lang, "◄ Trước", "◄ Previous")).clicked() {
                        self.presenting = Some(chart.previous());
                    }
                    if ui.button(tr(lang, "Sau ►", "Next ►")).clicked() {
                        self.presenting = Some(chart.next());
                    }
                    if ui.button(tr(lang, "Thoát trình chiếu (Esc)", "Leave (Esc)")).clicked() {
                        self.commands.push(Command::StopPresenting);
                    }
                    ui.weak(tr(lang, "Phím ← → để chuyển biểu đồ", "Arrow keys move between charts"));
                });
            }
        });
        if let Some(capture) = &mut self.capture {
            capture.rect = Some(response.response.rect);
            self.advance_capture(ctx);
        }
    }

    /// Asks the renderer for a picture once the chart has been drawn alone,
    /// then crops it and saves or copies it.
    fn advance_capture(&mut self, ctx: &egui::Context) {
        let Some(capture) = &mut self.capture else { return };
        capture.frames += 1;
        if !capture.requested && capture.frames >= 2 {
            let slot = capture.image.clone();
            ctx.request_screenshot(move |image| {
                if let Ok(mut s) = slot.lock() {
                    *s = Some(image);
                }
            });
            capture.requested = true;
        }
        ctx.request_repaint();
        let image = capture.image.lock().ok().and_then(|mut s| s.take());
        let Some(image) = image else {
            if capture.frames > CAPTURE_PATIENCE {
                self.capture = None;
                self.open_dialog(Dialog::message(
                    tr(
                        self.lang,
                        "Không chụp được ảnh biểu đồ trên máy này. Hãy dùng \"Xuất số liệu\" hoặc phím Print Screen.",
                        "The chart could not be captured on this computer. Use \"Export numbers\" or the Print Screen key.",
                    )
                    .to_string(),
                ));
            }
            return;
        };
        let rect = capture.rect.unwrap_or(egui::Rect::EVERYTHING);
        let picture = image.region(&rect, Some(ctx.pixels_per_point()));
        let target = capture.target.clone();
        self.capture = None;
        match target {
            CaptureTarget::Clipboard => {
                ctx.copy_image(picture);
                self.status = Some(Status::ChartCopied);
            }
            CaptureTarget::File(path) => {
                let [w, h] = picture.size;
                let rgba: Vec<u8> = picture.pixels.iter().flat_map(|c| c.to_array()).collect();
                match crate::exchange::chart_table::write_png(&path, w as u32, h as u32, &rgba) {
                    Ok(()) => self.status = Some(Status::ChartSaved(shown_path(&path))),
                    Err(e) => self.open_dialog(Dialog::message(e.message(self.lang))),
                }
            }
        }
    }

    /// Full screen, one chart at a time.
    pub(super) fn present(&mut self, chart: ChartId, ctx: &egui::Context) {
        if self.wb.is_some() {
            self.presenting = Some(chart);
            ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(true));
        }
    }

    pub(super) fn stop_presenting(&mut self, ctx: &egui::Context) {
        self.presenting = None;
        ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(false));
    }

    /// The numbers behind a chart, to an XLSX or CSV file.
    pub(super) fn save_chart_data(&mut self, chart: ChartId, path: &Path) {
        let Some(data) = &self.overview.charts else { return };
        match chart.table(data, self.lang).write(path, self.lang) {
            Ok(()) => {
                self.close_passing();
                self.status = Some(Status::Exported(shown_path(path)));
            }
            Err(e) => self.open_dialog(Dialog::message(e.message(self.lang))),
        }
    }
}
