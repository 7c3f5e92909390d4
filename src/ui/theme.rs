//! Fonts, sizes and colours. egui's default font has almost no Vietnamese
//! letters, so Noto Sans (full Vietnamese coverage) comes first in every family.

use std::sync::Arc;

use egui::{Color32, FontData, FontDefinitions, FontFamily, FontId, TextStyle};

pub const BOLD: &str = "NotoSans-Bold";

/// Installs the bundled fonts and text sizes. Call once per context (the app and every test harness).
pub fn install(ctx: &egui::Context) {
    let mut fonts = FontDefinitions::default();
    fonts.font_data.insert("NotoSans".into(), Arc::new(FontData::from_static(notosans::REGULAR_TTF)));
    fonts.font_data.insert(BOLD.into(), Arc::new(FontData::from_static(notosans::BOLD_TTF)));
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        fonts.families.entry(family).or_default().insert(0, "NotoSans".into());
    }
    // Bold falls back on the regular face and egui's symbols for what it lacks.
    let mut bold = vec![BOLD.to_string(), "NotoSans".to_string()];
    bold.extend(fonts.families.get(&FontFamily::Proportional).cloned().unwrap_or_default());
    fonts.families.insert(FontFamily::Name(BOLD.into()), bold);
    ctx.set_fonts(fonts);
    // Office software: dark text on a light page, like the documents officers print.
    ctx.set_theme(egui::Theme::Light);
    ctx.all_styles_mut(|style| {
        style.text_styles = [
            (TextStyle::Small, FontId::proportional(11.5)),
            (TextStyle::Body, FontId::proportional(14.5)),
            (TextStyle::Button, FontId::proportional(14.5)),
            (TextStyle::Monospace, FontId::monospace(13.5)),
            (TextStyle::Heading, FontId::new(20.0, FontFamily::Name(BOLD.into()))),
        ]
        .into();
        style.spacing.item_spacing = egui::vec2(8.0, 6.0);
        style.spacing.button_padding = egui::vec2(8.0, 3.0);
    });
}

pub fn bold(size: f32) -> FontId {
    FontId::new(size, FontFamily::Name(BOLD.into()))
}

pub const ERROR: Color32 = Color32::from_rgb(0xC6, 0x28, 0x28);
/// Text that says all is well (rows to import, for example).
pub const OK: Color32 = Color32::from_rgb(0x2E, 0x7D, 0x32);
pub const WARNING: Color32 = Color32::from_rgb(0xB2, 0x6A, 0x00);
pub const BANNER: Color32 = Color32::from_rgb(0xFF, 0xF1, 0xC2);
pub const BANNER_TEXT: Color32 = Color32::from_rgb(0x5A, 0x40, 0x00);
