//! The chart's words, drawn with ab_glyph and the bundled Noto Sans: each
//! glyph at its own side bearing and kerning (plotters' own ab_glyph text
//! drops the bearing and spaces letters unevenly), wrapped to a width.

use ab_glyph::{Font as _, FontRef, PxScale, ScaleFont, point};
use unicode_normalization::UnicodeNormalization;

const INK: [u8; 3] = [0x22, 0x22, 0x22];

pub(super) struct Faces {
    pub(super) regular: FontRef<'static>,
    pub(super) bold: FontRef<'static>,
}

impl Faces {
    pub(super) fn bundled() -> Result<Faces, String> {
        let load = |bytes| FontRef::try_from_slice(bytes).map_err(|e| format!("Noto Sans: {e}"));
        Ok(Faces { regular: load(notosans::REGULAR_TTF)?, bold: load(notosans::BOLD_TTF)? })
    }
}

/// A face at a size: `px` is the font's whole height (ascent to descent),
/// about 1,36 em for Noto Sans.
#[derive(Clone, Copy)]
pub(super) struct Font<'f> {
    pub(super) face: &'f FontRef<'static>,
    pub(super) px: f32,
}

impl Font<'_> {
    pub(super) fn width(&self, text: &str) -> i32 {
        let scaled = self.face.as_scaled(PxScale::from(self.px));
        let mut width = 0.0;
        let mut prev = None;
        for c in text.chars() {
            let id = scaled.glyph_id(c);
            if let Some(p) = prev {
                width += scaled.kern(p, id);
            }
            width += scaled.h_advance(id);
            prev = Some(id);
        }
        width.ceil() as i32
    }

    /// From one wrapped line to the next.
    pub(super) fn line(&self) -> i32 {
        (self.px * 1.08).ceil() as i32
    }
}

#[derive(Clone, Copy)]
pub(super) enum H {
    Left,
    Center,
    Right,
}

#[derive(Clone, Copy)]
pub(super) enum V {
    Top,
    Middle,
}

/// Words to draw once the shapes are down.
pub(super) struct Label<'f> {
    pub(super) font: Font<'f>,
    pub(super) text: String,
    pub(super) at: (i32, i32),
    pub(super) h: H,
    pub(super) v: V,
}

/// Draws `label` into the RGB buffer, each glyph at its own bearing and
/// kerning, anti-aliased over what is there.
pub(super) fn paint(rgb: &mut [u8], width: u32, height: u32, label: &Label) {
    let font = label.font;
    let scale = PxScale::from(font.px);
    let scaled = font.face.as_scaled(scale);
    let w = font.width(&label.text) as f32;
    let (x, y) = (label.at.0 as f32, label.at.1 as f32);
    let left = match label.h {
        H::Left => x,
        H::Center => x - w / 2.0,
        H::Right => x - w,
    };
    let top = match label.v {
        V::Top => y,
        V::Middle => y - (scaled.ascent() - scaled.descent()) / 2.0,
    };
    let baseline = top + scaled.ascent();
    let (mut caret, mut prev) = (left, None);
    for c in label.text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(p) = prev {
            caret += scaled.kern(p, id);
        }
        if let Some(outline) =
            font.face.outline_glyph(id.with_scale_and_position(scale, point(caret, baseline)))
        {
            let bounds = outline.px_bounds();
            outline.draw(|gx, gy, coverage| {
                let px = bounds.min.x as i64 + i64::from(gx);
                let py = bounds.min.y as i64 + i64::from(gy);
                if px < 0 || py < 0 || px >= i64::from(width) || py >= i64::from(height) {
                    return;
                }
                let at = (py as usize * width as usize + px as usize) * 3;
                let a = coverage.clamp(0.0, 1.0);
                for (channel, ink) in rgb[at..at + 3].iter_mut().zip(INK) {
                    *channel = (f32::from(*channel) * (1.0 - a) + f32::from(ink) * a).round() as u8;
                }
            });
        }
        caret += scaled.h_advance(id);
        prev = Some(id);
    }
}

/// Text as the font must get it: NFC (the font has the composed letters;
/// combining marks would not be placed), one line.
pub(super) fn clean(text: &str) -> String {
    text.nfc().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

/// Splits `text` into lines no wider than `max` pixels, words kept whole
/// unless one alone is too wide.
pub(super) fn wrap(font: Font, text: &str, max: i32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
        if font.width(&candidate) <= max {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        for c in word.chars() {
            line.push(c);
            if font.width(&line) > max && line.chars().count() > 1 {
                line.pop();
                lines.push(std::mem::replace(&mut line, c.to_string()));
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// At most `most` lines; the last one ends in "…" when text was cut.
pub(super) fn at_most(font: Font, mut lines: Vec<String>, most: usize, max: i32) -> Vec<String> {
    let most = most.max(1);
    if lines.len() <= most {
        return lines;
    }
    lines.truncate(most);
    if let Some(last) = lines.last_mut() {
        last.push('…');
        while font.width(last) > max && last.chars().count() > 1 {
            last.pop();
            last.pop();
            last.push('…');
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_lines_within_the_width() {
        let faces = Faces::bundled().unwrap();
        let font = Font { face: &faces.regular, px: 16.0 };
        let lines = wrap(font, "Ứng dụng máy móc thiết bị tiên tiến vào sản xuất công nghiệp nông thôn", 120);
        assert!(lines.len() > 2);
        assert!(lines.iter().all(|l| font.width(l) <= 120), "{lines:?}");
        let cut = at_most(font, lines, 2, 120);
        assert_eq!(cut.len(), 2);
        assert!(cut[1].ends_with('…'));
        assert!(wrap(font, "", 100).is_empty());
        assert!(!wrap(font, "Ứngdụngmáymócthiếtbịtiêntiến", 1).is_empty());
    }

    #[test]
    fn words_are_drawn_in_ink_inside_the_picture() {
        let faces = Faces::bundled().unwrap();
        let (w, h) = (200u32, 40u32);
        let mut rgb = vec![255u8; (w * h * 3) as usize];
        let font = Font { face: &faces.regular, px: 24.0 };
        // Off the edges too: clipped, no panic.
        for at in [(100, 20), (-50, -10), (190, 35)] {
            paint(&mut rgb, w, h, &Label { font, text: "Việt Nam".into(), at, h: H::Center, v: V::Middle });
        }
        assert!(rgb.chunks(3).any(|p| p[0] < 100));
    }
}
