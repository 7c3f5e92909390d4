//! Bar charts drawn without a window or a GPU, as PNG, for the report the
//! command line writes. plotters' bitmap backend draws the bars and lines,
//! [`words`] the words in the bundled Noto Sans (every Vietnamese letter).
//! Labels wrap, long names lay the bars down, and the numbers are written
//! as officers write them.

use plotters::prelude::*;

use crate::domain::number::format_scaled_in;
use crate::i18n::Lang;

mod words;
use words::{Faces, Font, H, Label, V, at_most, clean, paint, wrap};

#[derive(Debug, Clone, PartialEq, Default)]
pub struct BarChart {
    pub title: String,
    /// Labels under (or beside) the bars: years, or activity names.
    pub categories: Vec<String>,
    /// Legend name and one value per category.
    pub series: Vec<(String, Vec<f64>)>,
    /// Series stacked in one bar per category; otherwise side by side.
    pub stacked: bool,
    /// The unit of the values ("triệu đồng").
    pub y_label: String,
    /// How the numbers are written: 3.900 and 4,9, or 3,900 and 4.9.
    pub lang: Lang,
}

/// Calm colours whose greys differ too (about 72, 167, 120, 211, 91, 150 of
/// 255), so a black-and-white print still tells the series apart.
const PALETTE: [RGBColor; 6] = [
    RGBColor(0x2B, 0x4C, 0x7E),
    RGBColor(0xE0, 0x9F, 0x3E),
    RGBColor(0x5B, 0x8C, 0x5A),
    RGBColor(0xC9, 0xD6, 0xE3),
    RGBColor(0x8C, 0x4A, 0x2F),
    RGBColor(0x9E, 0x9A, 0xC8),
];
const AXIS: RGBColor = RGBColor(0x22, 0x22, 0x22);
const GRID: RGBColor = RGBColor(0xDD, 0xDD, 0xDD);
const OUTLINE: RGBColor = RGBColor(0x33, 0x33, 0x33);

/// Values beyond this are drawn at this: far above any grant, far below
/// where f64 and the i64 number writer lose track.
const LIMIT: f64 = 1.0e15;

/// A chart `width` × `height` pixels as PNG bytes.
pub fn bar_chart_png(chart: &BarChart, width: u32, height: u32) -> Result<Vec<u8>, String> {
    let lang = chart.lang;
    if !(64..=10_000).contains(&width)
        || !(64..=10_000).contains(&height)
        || u64::from(width) * u64::from(height) > 25_000_000
    {
        return Err(match lang {
            Lang::Vi => {
                format!("Kích thước hình {width}×{height} không vẽ được (64 đến 10.000 điểm mỗi chiều).")
            }
            Lang::En => format!("A {width}×{height} picture cannot be drawn (64 to 10,000 pixels each way)."),
        });
    }
    let faces = Faces::bundled()?;
    let mut rgb = vec![255u8; width as usize * height as usize * 3];
    crate::guard::catch(|| draw(chart, &faces, &mut rgb, width, height))
        .unwrap_or_else(|| Err("plotters".into()))
        .map_err(|e| lang.pick("Không vẽ được biểu đồ: ", "Could not draw the chart: ").to_string() + &e)?;
    encode(&rgb, width, height)
}

fn encode(rgb: &[u8], width: u32, height: u32) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer.write_image_data(rgb).map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(out)
}

/// The numbers, made drawable: missing values are 0, NaN and infinities are
/// 0, huge ones are cut to [`LIMIT`].
fn values(chart: &BarChart) -> Vec<Vec<f64>> {
    let n = chart.categories.len();
    chart
        .series
        .iter()
        .map(|(_, vs)| {
            (0..n)
                .map(|i| vs.get(i).copied().filter(|v| v.is_finite()).unwrap_or(0.0).clamp(-LIMIT, LIMIT))
                .collect()
        })
        .collect()
}

/// The lowest and highest value the axis must show; 0 always in it.
fn extent(values: &[Vec<f64>], n: usize, stacked: bool) -> (f64, f64) {
    let (mut lo, mut hi) = (0.0f64, 0.0f64);
    for i in 0..n {
        let column = values.iter().map(|s| s[i]);
        if stacked {
            hi = hi.max(column.clone().filter(|v| *v > 0.0).sum());
            lo = lo.min(column.filter(|v| *v < 0.0).sum());
        } else {
            for v in column {
                hi = hi.max(v);
                lo = lo.min(v);
            }
        }
    }
    // Many huge stacked values: the axis stops somewhere printable.
    (lo.max(-1.0e18), hi.min(1.0e18))
}

/// Round axis ends and a step of 1, 2, 2.5 or 5 times a power of ten,
/// with at most about `most` steps.
fn ticks(lo: f64, hi: f64, most: usize) -> (f64, f64, f64) {
    let span = if hi - lo > 0.0 { hi - lo } else { 1.0 };
    let raw = span / most.max(1) as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude);
    let lo = (lo / step).floor() * step;
    let mut hi = (hi / step).ceil() * step;
    if hi <= lo {
        hi = lo + step;
    }
    (lo, hi, step)
}

/// lo, lo + step, …, hi, computed from the index so no error builds up.
fn tick_values(lo: f64, hi: f64, step: f64) -> impl Iterator<Item = f64> {
    let count = (((hi - lo) / step).round() as usize).min(50);
    (0..=count).map(move |k| lo + step * k as f64)
}

fn number(v: f64, lang: Lang) -> String {
    if v.abs() < 1.0e16 {
        format_scaled_in((v * 100.0).round() as i64, 100, 2, lang)
    } else {
        // Past where hundredths fit an i64 (`as` saturates; no panic).
        crate::domain::number::format_int_in(v.round() as i64, lang)
    }
}

type Area<'a> = DrawingArea<BitMapBackend<'a>, plotters::coord::Shift>;

/// The drawing area for shapes and the words to draw after them.
struct Canvas<'a, 'b, 'f> {
    area: &'a Area<'b>,
    labels: Vec<Label<'f>>,
}

impl<'f> Canvas<'_, '_, 'f> {
    fn text(&mut self, font: Font<'f>, text: &str, at: (i32, i32), h: H, v: V) {
        if !text.is_empty() {
            self.labels.push(Label { font, text: text.to_string(), at, h, v });
        }
    }

    fn line(&self, from: (i32, i32), to: (i32, i32), color: RGBColor) -> Result<(), String> {
        self.area.draw(&PathElement::new(vec![from, to], color.stroke_width(1))).map_err(err)
    }

    fn bar(&self, a: (i32, i32), b: (i32, i32), color: RGBColor) -> Result<(), String> {
        self.area.draw(&Rectangle::new([a, b], color.filled())).map_err(err)?;
        // An outline keeps a pale bar visible on white paper.
        if (a.0 - b.0).abs() >= 3 && (a.1 - b.1).abs() >= 3 {
            self.area.draw(&Rectangle::new([a, b], OUTLINE.stroke_width(1))).map_err(err)?;
        }
        Ok(())
    }
}

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

fn draw(chart: &BarChart, faces: &Faces, rgb: &mut [u8], width: u32, height: u32) -> Result<(), String> {
    // Sized for a picture printed 16 cm wide: labels about 9 pt, the title about 11.
    let label_px = (width as f32 / 38.0).min(height as f32 / 22.0).max(9.0);
    let label = Font { face: &faces.regular, px: label_px };
    let title = Font { face: &faces.bold, px: label_px * 1.25 };
    let labels = {
        let area = BitMapBackend::with_buffer(rgb, (width, height)).into_drawing_area();
        area.fill(&WHITE).map_err(err)?;
        let mut canvas = Canvas { area: &area, labels: Vec::new() };
        layout(chart, &mut canvas, label, title, width as i32, height as i32)?;
        area.present().map_err(err)?;
        canvas.labels
    };
    for l in &labels {
        paint(rgb, width, height, l);
    }
    Ok(())
}

fn layout<'f>(
    chart: &BarChart,
    canvas: &mut Canvas<'_, '_, 'f>,
    label: Font<'f>,
    title: Font<'f>,
    w: i32,
    h: i32,
) -> Result<(), String> {
    let pad = (label.px * 0.8) as i32;
    let lh = label.line();

    // Title, wrapped, at the top.
    let mut y = pad;
    let title_lines = at_most(title, wrap(title, &clean(&chart.title), w - 2 * pad), 2, w - 2 * pad);
    for text in &title_lines {
        canvas.text(title, text, (w / 2, y), H::Center, V::Top);
        y += title.line();
    }
    y += lh / 2;

    // Legend: a swatch and the name, flowing in up to three rows.
    let swatch = (label.px * 0.6) as i32;
    let named: Vec<(usize, String)> = chart
        .series
        .iter()
        .enumerate()
        .map(|(i, (name, _))| (i, clean(name)))
        .filter(|(_, name)| !name.trim().is_empty())
        .collect();
    if !named.is_empty() {
        let mut x = pad;
        let mut rows = 1;
        for (i, name) in &named {
            let name = at_most(label, wrap(label, name, w / 2), 1, w / 2).concat();
            let item = swatch + lh / 3 + label.width(&name) + lh;
            if x > pad && x + item > w - pad {
                if rows == 3 {
                    break;
                }
                rows += 1;
                x = pad;
                y += lh;
            }
            let top = y + (lh - swatch) / 2;
            canvas.bar((x, top), (x + swatch, top + swatch), PALETTE[i % PALETTE.len()])?;
            canvas.text(label, &name, (x + swatch + lh / 3, y + lh / 2), H::Left, V::Middle);
            x += item;
        }
        y += lh + lh / 3;
    }

    let n = chart.categories.len();
    let values = values(chart);
    let names: Vec<String> = chart.categories.iter().map(|c| clean(c)).collect();
    let unit = clean(&chart.y_label);
    if n == 0 || values.is_empty() {
        let frame = (pad, y, w - pad, (h - pad).max(y + 1));
        canvas
            .area
            .draw(&Rectangle::new([(frame.0, frame.1), (frame.2, frame.3)], GRID.stroke_width(1)))
            .map_err(err)?;
        let empty = chart.lang.pick("Không có số liệu", "No data");
        canvas.text(label, empty, ((frame.0 + frame.2) / 2, (frame.1 + frame.3) / 2), H::Center, V::Middle);
        return Ok(());
    }
    let (lo, hi) = extent(&values, n, chart.stacked);
    let plot = Plot { chart, values: &values, n, font: label, lh, pad, top: y, w, h };

    // Long names side by side would not fit under upright bars: lay the bars
    // down, the names on the left.
    let slot = f64::from((w - 2 * pad - 6 * lh).max(1)) / n as f64;
    let fits_under = names.iter().all(|l| {
        l.split_whitespace().all(|word| f64::from(label.width(word)) <= slot * 0.95)
            && wrap(label, l, (slot * 0.95) as i32).len() <= 2
    });
    if fits_under || n > 40 {
        plot.upright(canvas, &names, &unit, lo, hi)
    } else {
        plot.lying(canvas, &names, &unit, lo, hi)
    }
}

struct Plot<'a, 'f> {
    chart: &'a BarChart,
    values: &'a [Vec<f64>],
    n: usize,
    font: Font<'f>,
    lh: i32,
    pad: i32,
    top: i32,
    w: i32,
    h: i32,
}

impl<'f> Plot<'_, 'f> {
    /// The bars of category `i`: (series, from value, to value) each.
    fn pieces(&self, i: usize) -> Vec<(usize, f64, f64)> {
        let (mut up, mut down) = (0.0, 0.0);
        self.values
            .iter()
            .enumerate()
            .map(|(s, vs)| {
                let v = vs[i];
                if !self.chart.stacked {
                    (s, 0.0, v)
                } else if v >= 0.0 {
                    up += v;
                    (s, up - v, up)
                } else {
                    down += v;
                    (s, down - v, down)
                }
            })
            .collect()
    }

    /// Where each piece goes across its slot, as fractions of the slot.
    fn across(&self, s: usize) -> (f64, f64) {
        if self.chart.stacked {
            (0.2, 0.8)
        } else {
            let width = 0.76 / self.values.len() as f64;
            (0.12 + s as f64 * width, 0.12 + (s as f64 + 1.0) * width)
        }
    }

    fn tick_texts(&self, lo: f64, hi: f64, most: usize) -> (f64, f64, Vec<(f64, String)>) {
        let (lo, hi, step) = ticks(lo, hi, most);
        (lo, hi, tick_values(lo, hi, step).map(|v| (v, number(v, self.chart.lang))).collect())
    }

    /// Upright bars; years or short names under them, every k-th when crowded.
    fn upright(
        &self,
        c: &mut Canvas<'_, '_, 'f>,
        names: &[String],
        unit: &str,
        lo: f64,
        hi: f64,
    ) -> Result<(), String> {
        let (font, lh, pad) = (self.font, self.lh, self.pad);
        let (lo, hi, tick_texts) = self.tick_texts(lo, hi, 6);
        let numbers_w = tick_texts.iter().map(|(_, t)| font.width(t)).max().unwrap_or(0);
        let (left, right) = (pad + numbers_w + lh / 2, self.w - pad);
        let slot = f64::from((right - left).max(1)) / self.n as f64;
        let room = (slot * 0.95).max(1.0) as i32;
        let wrapped: Vec<Vec<String>> =
            names.iter().map(|l| at_most(font, wrap(font, l, room), 2, room)).collect();
        let label_lines = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1) as i32;
        // The unit above the numbers, then the plot.
        c.text(font, unit, (pad, self.top), H::Left, V::Top);
        let top = self.top + lh + lh / 2;
        let bottom = (self.h - pad - label_lines * lh - lh / 3).max(top + 1);
        let y_of = |v: f64| {
            let y = f64::from(bottom) - (v - lo) / (hi - lo) * f64::from(bottom - top);
            y.round().clamp(f64::from(top - 1), f64::from(bottom + 1)) as i32
        };

        for (v, text) in &tick_texts {
            let y = y_of(*v);
            c.line((left, y), (right, y), GRID)?;
            c.text(font, text, (left - lh / 3, y), H::Right, V::Middle);
        }
        let widest = wrapped.iter().flatten().map(|l| font.width(l)).max().unwrap_or(0);
        let every = ((f64::from(widest + lh / 2) / slot).ceil() as usize).max(1);
        for (i, lines) in wrapped.iter().enumerate() {
            let x0 = f64::from(left) + slot * i as f64;
            for (s, from, to) in self.pieces(i) {
                let (a, b) = self.across(s);
                let (xa, xb) = ((x0 + slot * a).round() as i32, (x0 + slot * b).round() as i32);
                if to != from {
                    c.bar((xa, y_of(from)), (xb.max(xa + 1), y_of(to)), PALETTE[s % PALETTE.len()])?;
                }
            }
            if i % every == 0 {
                let cx = (x0 + slot / 2.0).round() as i32;
                for (k, text) in lines.iter().enumerate() {
                    c.text(font, text, (cx, bottom + lh / 3 + k as i32 * lh), H::Center, V::Top);
                }
            }
        }
        c.line((left, y_of(0.0)), (right, y_of(0.0)), AXIS)?;
        c.line((left, top), (left, bottom), AXIS)
    }

    /// Lying bars with their names wrapped on the left, for long names.
    fn lying(
        &self,
        c: &mut Canvas<'_, '_, 'f>,
        names: &[String],
        unit: &str,
        lo: f64,
        hi: f64,
    ) -> Result<(), String> {
        let (font, lh, pad) = (self.font, self.lh, self.pad);
        let names_max = (self.w * 2 / 5).max(1);
        let wrapped: Vec<Vec<String>> = names.iter().map(|l| wrap(font, l, names_max)).collect();
        let names_w = wrapped.iter().flatten().map(|l| font.width(l)).max().unwrap_or(0).min(names_max);
        let left = pad + names_w + lh / 2;
        // Fewer steps until the numbers under the axis have room side by side.
        let (mut lo, mut hi, mut tick_texts) = self.tick_texts(lo, hi, 5);
        for most in (1..5).rev() {
            let widest = tick_texts.iter().map(|(_, t)| font.width(t)).max().unwrap_or(0);
            if (widest + lh) * tick_texts.len() as i32 <= self.w - pad - left {
                break;
            }
            (lo, hi, tick_texts) = self.tick_texts(lo, hi, most);
        }
        let last_w = tick_texts.last().map(|(_, t)| font.width(t)).unwrap_or(0);
        let right = (self.w - pad - last_w / 2).max(left + 1);
        let (top, bottom) = (self.top, (self.h - pad - 2 * lh - lh / 3).max(self.top + 1));
        let slot = f64::from(bottom - top) / self.n as f64;
        let most_lines = ((slot * 0.95) as i32 / lh).max(1) as usize;
        let x_of = |v: f64| {
            let x = f64::from(left) + (v - lo) / (hi - lo) * f64::from(right - left);
            x.round().clamp(f64::from(left - 1), f64::from(right + 1)) as i32
        };

        for (v, text) in &tick_texts {
            let x = x_of(*v);
            c.line((x, top), (x, bottom), GRID)?;
            c.text(font, text, (x, bottom + lh / 3), H::Center, V::Top);
        }
        c.text(font, unit, (right, bottom + lh / 3 + lh), H::Right, V::Top);
        for (i, lines) in wrapped.iter().enumerate() {
            let y0 = f64::from(top) + slot * i as f64;
            for (s, from, to) in self.pieces(i) {
                let (a, b) = self.across(s);
                let (ya, yb) = ((y0 + slot * a).round() as i32, (y0 + slot * b).round() as i32);
                if to != from {
                    c.bar((x_of(from), ya), (x_of(to), yb.max(ya + 1)), PALETTE[s % PALETTE.len()])?;
                }
            }
            let lines = at_most(font, lines.clone(), most_lines, names_max);
            let first = (y0 + slot / 2.0).round() as i32 - lines.len() as i32 * lh / 2;
            for (k, text) in lines.iter().enumerate() {
                c.text(font, text, (left - lh / 2, first + k as i32 * lh), H::Right, V::Top);
            }
        }
        c.line((x_of(0.0), top), (x_of(0.0), bottom), AXIS)?;
        c.line((left, bottom), (right, bottom), AXIS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(png: &[u8]) -> (u32, u32) {
        let reader = png::Decoder::new(std::io::Cursor::new(png)).read_info().unwrap();
        (reader.info().width, reader.info().height)
    }

    #[test]
    fn ticks_are_round() {
        assert_eq!(ticks(0.0, 3900.0, 6), (0.0, 4000.0, 1000.0));
        assert_eq!(ticks(0.0, 0.0, 6), (0.0, 0.2, 0.2));
        let (lo, hi, step) = ticks(-250.0, 1000.0, 5);
        assert_eq!((lo, hi, step), (-250.0, 1000.0, 250.0));
        assert_eq!(tick_values(0.0, 1.0, 0.2).count(), 6);
    }

    #[test]
    fn numbers_are_written_in_the_language() {
        assert_eq!(number(3900.0, Lang::Vi), "3.900");
        assert_eq!(number(4.9, Lang::Vi), "4,9");
        assert_eq!(number(3900.0, Lang::En), "3,900");
        assert_eq!(number(0.30000000000000004, Lang::En), "0.3");
        assert_eq!(number(-0.0, Lang::Vi), "0");
        assert_eq!(number(1.0e17, Lang::En), "100,000,000,000,000,000");
        assert_eq!(number(1.0e300, Lang::Vi), "9.223.372.036.854.775.807");
    }

    #[test]
    fn stacked_extent_sums_each_side() {
        let v = vec![vec![1.0, -2.0], vec![3.0, -4.0]];
        assert_eq!(extent(&v, 2, true), (-6.0, 4.0));
        assert_eq!(extent(&v, 2, false), (-4.0, 3.0));
        let huge = vec![vec![LIMIT]; 5000];
        assert_eq!(extent(&huge, 1, true), (0.0, 1.0e18));
    }

    #[test]
    fn a_year_chart_is_a_png_of_the_asked_size() {
        let chart = BarChart {
            title: "Kinh phí khuyến công theo năm".into(),
            categories: (2014..=2023).map(|y| y.to_string()).collect(),
            series: vec![
                (
                    "Hỗ trợ".into(),
                    vec![3900.0, 278.5, 1200.0, 0.0, 845.0, 1000.0, 2000.0, 1500.0, 900.0, 4900.0],
                ),
                (
                    "Đối ứng".into(),
                    vec![6096.0, 500.0, 2000.0, 0.0, 900.0, 1000.0, 2500.0, 1800.0, 1000.0, 5000.0],
                ),
            ],
            stacked: false,
            y_label: "triệu đồng".into(),
            lang: Lang::Vi,
        };
        assert_eq!(decode(&bar_chart_png(&chart, 800, 450).unwrap()), (800, 450));
    }

    #[test]
    fn sizes_out_of_range_are_refused() {
        let chart = BarChart::default();
        assert!(bar_chart_png(&chart, 0, 100).is_err());
        assert!(bar_chart_png(&chart, 10_000, 10_000).is_err());
    }
}
