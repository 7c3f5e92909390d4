//! The numbers behind a chart as a small table, written to CSV (UTF-8 with
//! BOM, Vietnamese numbers) or XLSX (numbers as numbers), and a chart image
//! as PNG.

use std::path::Path;

use crate::domain::number::format_scaled_in;
use crate::i18n::Lang;
use crate::output::{NewFile, OutputError};

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    /// A number shown with at most `decimals` decimals.
    Number {
        value: f64,
        decimals: u32,
    },
}

/// A chart's data: a title, a header row, and rows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChartTable {
    pub title: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteError {
    Io(String),
    /// The target may not be written (a workbook).
    Target(OutputError),
}

impl WriteError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (WriteError::Target(refused), _) => refused.message(lang),
            (WriteError::Io(detail), Lang::Vi) => {
                format!("Không ghi được tệp ({detail}). Hãy chọn thư mục khác hoặc kiểm tra quyền ghi.")
            }
            (WriteError::Io(detail), Lang::En) => {
                format!(
                    "Could not write the file ({detail}). Choose another folder or check write permission."
                )
            }
        }
    }
}

impl From<OutputError> for WriteError {
    fn from(e: OutputError) -> Self {
        match e {
            OutputError::Io(detail) => WriteError::Io(detail),
            refused => WriteError::Target(refused),
        }
    }
}

fn io(e: impl std::fmt::Display) -> WriteError {
    WriteError::Io(e.to_string())
}

/// A number written as officers of `lang` write it: 3.900 and 1,25, or 3,900 and 1.25.
fn in_words_of(value: f64, decimals: u32, lang: Lang) -> String {
    let factor = 10f64.powi(decimals as i32);
    let scaled = (value * factor).round();
    if !scaled.is_finite() || scaled.abs() > 9.0e18 {
        return value.to_string();
    }
    format_scaled_in(scaled as i64, factor as i64, decimals, lang)
}

/// Writes through a temporary file beside `path` ([`crate::output`]): the
/// target is never half written, never a workbook.
pub(crate) fn write_atomically(
    path: &Path,
    write: impl FnOnce(&Path) -> Result<(), WriteError>,
) -> Result<(), WriteError> {
    let file = NewFile::beside(path, None)?;
    crate::guard::catch(|| write(file.path()))
        .unwrap_or_else(|| Err(WriteError::Io(crate::exchange::export::UNWRITABLE_TEMP.into())))?;
    file.commit()?;
    Ok(())
}

impl ChartTable {
    /// CSV, UTF-8 with a BOM so that Excel shows Vietnamese; numbers as
    /// officers of `lang` write them (an English Excel reads 278.5, not 278,5).
    pub fn to_csv(&self, lang: Lang) -> Result<Vec<u8>, WriteError> {
        let mut out = b"\xEF\xBB\xBF".to_vec();
        {
            let mut w = csv::Writer::from_writer(&mut out);
            w.write_record(&self.header).map_err(io)?;
            for row in &self.rows {
                let cells: Vec<String> = row
                    .iter()
                    .map(|v| match v {
                        Value::Text(s) => s.clone(),
                        Value::Number { value, decimals } => in_words_of(*value, *decimals, lang),
                    })
                    .collect();
                w.write_record(&cells).map_err(io)?;
            }
            w.flush().map_err(io)?;
        }
        Ok(out)
    }

    pub fn write_csv(&self, path: &Path, lang: Lang) -> Result<(), WriteError> {
        let bytes = self.to_csv(lang)?;
        write_atomically(path, |tmp| std::fs::write(tmp, &bytes).map_err(io))
    }

    /// XLSX: a title row, a bold header, numbers as numbers with a number format.
    pub fn write_xlsx(&self, path: &Path) -> Result<(), WriteError> {
        use rust_xlsxwriter::{Format, Workbook};
        write_atomically(path, |tmp| {
            let mut book = Workbook::new();
            let sheet = book.add_worksheet();
            let bold = Format::new().set_bold();
            sheet.write_string_with_format(0, 0, &self.title, &bold).map_err(io)?;
            for (c, h) in self.header.iter().enumerate() {
                sheet.write_string_with_format(2, c as u16, h, &bold).map_err(io)?;
            }
            for (r, row) in self.rows.iter().enumerate() {
                let r = r as u32 + 3;
                for (c, v) in row.iter().enumerate() {
                    let c = c as u16;
                    match v {
                        Value::Text(s) => sheet.write_string(r, c, s).map_err(io)?,
                        Value::Number { value, decimals } => {
                            let pattern = if *decimals == 0 {
                                "#,##0".to_string()
                            } else {
                                format!("#,##0.{}", "#".repeat(*decimals as usize))
                            };
                            sheet
                                .write_number_with_format(
                                    r,
                                    c,
                                    *value,
                                    &Format::new().set_num_format(&pattern),
                                )
                                .map_err(io)?
                        }
                    };
                }
            }
            sheet.set_freeze_panes(3, 0).map_err(io)?;
            sheet.autofit();
            book.save(tmp).map_err(io)
        })
    }

    /// Writes CSV or XLSX by the file's extension (CSV unless `.xlsx`); a
    /// CSV's numbers are written in `lang`'s way (an XLSX holds numbers).
    pub fn write(&self, path: &Path, lang: Lang) -> Result<(), WriteError> {
        match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
            Some("xlsx") => self.write_xlsx(path),
            _ => self.write_csv(path, lang),
        }
    }
}

/// Encodes RGBA pixels as a PNG file.
pub fn write_png(path: &Path, width: u32, height: u32, rgba: &[u8]) -> Result<(), WriteError> {
    if width == 0 || height == 0 || rgba.len() != (width as usize) * (height as usize) * 4 {
        return Err(WriteError::Io("empty image".into()));
    }
    write_atomically(path, |tmp| {
        let file = std::fs::File::create(tmp).map_err(io)?;
        let mut encoder = png::Encoder::new(std::io::BufWriter::new(file), width, height);
        encoder.set_color(png::ColorType::Rgba);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().map_err(io)?;
        writer.write_image_data(rgba).map_err(io)?;
        writer.finish().map_err(io)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> ChartTable {
        ChartTable {
            title: "Kinh phí theo năm".into(),
            header: vec!["Năm".into(), "Hỗ trợ (triệu đồng)".into()],
            rows: vec![
                vec![Value::Text("2014".into()), Value::Number { value: 3900.0, decimals: 3 }],
                vec![Value::Text("2015".into()), Value::Number { value: 278.5, decimals: 3 }],
            ],
        }
    }

    #[test]
    fn csv_has_a_bom_and_vietnamese_numbers() {
        let bytes = table().to_csv(Lang::Vi).unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        assert_eq!(text, "Năm,Hỗ trợ (triệu đồng)\n2014,3.900\n2015,\"278,5\"\n");
        // In the English window, the English way.
        let text = String::from_utf8(table().to_csv(Lang::En).unwrap()[3..].to_vec()).unwrap();
        assert_eq!(text, "Năm,Hỗ trợ (triệu đồng)\n2014,\"3,900\"\n2015,278.5\n");
    }

    #[test]
    fn xlsx_and_png_are_written() {
        let dir = std::env::temp_dir().join(format!("kc-chart-{}", std::process::id()));
        let x = dir.join("bảng.xlsx");
        table().write(&x, Lang::Vi).unwrap();
        assert!(std::fs::read(&x).unwrap().starts_with(b"PK"));
        let p = dir.join("ảnh.png");
        write_png(&p, 2, 1, &[255, 0, 0, 255, 0, 0, 255, 255]).unwrap();
        assert!(std::fs::read(&p).unwrap().starts_with(b"\x89PNG"));
        assert!(write_png(&p, 3, 3, &[0; 4]).is_err());
        let _ = std::fs::remove_dir_all(dir);
    }
}
