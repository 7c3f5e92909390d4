//! The window's icon, from the PNG in `assets/` built into the program.

use std::io::Cursor;

const ICON_PNG: &[u8] = include_bytes!("../../assets/khuyencong.png");

/// The icon as RGBA pixels; `None` if the built-in picture cannot be read
/// (then the window has the system's default icon).
pub fn window_icon() -> Option<egui::IconData> {
    let mut reader = png::Decoder::new(Cursor::new(ICON_PNG)).read_info().ok()?;
    let mut rgba = vec![0; reader.output_buffer_size()?];
    let info = reader.next_frame(&mut rgba).ok()?;
    // make_icon.py writes 8-bit RGBA; any other layout is not pixels egui can take.
    if info.color_type != png::ColorType::Rgba || info.bit_depth != png::BitDepth::Eight {
        return None;
    }
    rgba.truncate(info.buffer_size());
    Some(egui::IconData { rgba, width: info.width, height: info.height })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_icon_is_read() {
        let icon = super::window_icon().expect("the icon");
        assert_eq!((icon.width, icon.height), (256, 256));
        assert_eq!(icon.rgba.len(), 256 * 256 * 4);
    }
}
