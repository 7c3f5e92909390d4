//! A table of figures: a caption and a unit above it, single borders, the
//! header row shaded and repeated on every page, numbers to the right.

use docx_rs::{
    AlignmentType, Docx, HeightRule, Paragraph, Shading, TableBorder, TableBorderPosition, TableBorders,
    TableLayoutType, VAlignType, WidthType,
};

use super::{BODY, Look, TABLE, TEXT_W, Table, cell, cell_margins, clean, para, spacing};

/// Header rows get this minimum height and "can't split"; nothing else does,
/// so the packed XML can be given `w:tblHeader`, which docx-rs does not write.
const HEADER_ROW_HEIGHT: f32 = 397.0;
const HEADER_ROW_XML: &str = r#"<w:trPr><w:cantSplit /><w:trHeight w:val="397" w:hRule="atLeast" />"#;
const HEADER_ROW_REPEATED: &str =
    r#"<w:trPr><w:cantSplit /><w:tblHeader /><w:trHeight w:val="397" w:hRule="atLeast" />"#;

/// Marks the header rows [`add_table`] built as repeated on every page.
pub(super) fn repeat_header_rows(document: Vec<u8>) -> Vec<u8> {
    match String::from_utf8(document) {
        Ok(text) => text.replace(HEADER_ROW_XML, HEADER_ROW_REPEATED).into_bytes(),
        Err(e) => e.into_bytes(),
    }
}

pub(super) fn add_table(mut docx: Docx, table: &Table) -> Docx {
    if !clean(&table.caption).trim().is_empty() {
        docx = docx.add_paragraph(
            para(&table.caption, Look::bold(TABLE), AlignmentType::Center)
                .line_spacing(spacing(120, 60))
                .keep_next(true),
        );
    }
    if let Some(unit) = table.unit.as_deref().filter(|u| !u.trim().is_empty()) {
        docx = docx.add_paragraph(
            para(unit, Look::italic(TABLE), AlignmentType::Right)
                .line_spacing(spacing(0, 40))
                .keep_next(true),
        );
    }
    let columns = table.rows.iter().map(|r| r.cells.len()).chain([table.header.len()]).max().unwrap_or(0);
    if columns == 0 {
        return docx;
    }
    let widths = column_widths(&table.widths, columns, TEXT_W);
    let numeric = |c: usize| table.numeric.get(c).copied().unwrap_or(false);
    let text_cell = |c: usize, text: &str, look: Look, align: AlignmentType| {
        cell(widths[c])
            .vertical_align(VAlignType::Center)
            .add_paragraph(para(text, look, align).line_spacing(spacing(0, 0)))
    };

    let mut rows = Vec::with_capacity(table.rows.len() + 1);
    if !table.header.is_empty() {
        let cells = (0..columns)
            .map(|c| {
                let text = table.header.get(c).map(String::as_str).unwrap_or("");
                text_cell(c, text, Look::bold(TABLE), AlignmentType::Center)
                    .shading(Shading::new().fill("E7E7E7"))
            })
            .collect();
        rows.push(
            docx_rs::TableRow::new(cells)
                .cant_split()
                .row_height(HEADER_ROW_HEIGHT)
                .height_rule(HeightRule::AtLeast),
        );
    }
    for row in &table.rows {
        let look = if row.bold { Look::bold(TABLE) } else { Look::plain(TABLE) };
        let cells = (0..columns)
            .map(|c| {
                let text = row.cells.get(c).map(String::as_str).unwrap_or("");
                let align = if numeric(c) { AlignmentType::Right } else { AlignmentType::Left };
                text_cell(c, text, look, align)
            })
            .collect();
        rows.push(docx_rs::TableRow::new(cells).cant_split());
    }
    let line = |p| TableBorder::new(p).size(4).color("000000");
    let borders = TableBorders::new()
        .set(line(TableBorderPosition::Top))
        .set(line(TableBorderPosition::Bottom))
        .set(line(TableBorderPosition::Left))
        .set(line(TableBorderPosition::Right))
        .set(line(TableBorderPosition::InsideH))
        .set(line(TableBorderPosition::InsideV));
    let grid = widths.clone();
    docx.add_table(
        docx_rs::Table::new(rows)
            .set_grid(grid)
            .width(TEXT_W, WidthType::Dxa)
            .layout(TableLayoutType::Fixed)
            .set_borders(borders)
            .margins(cell_margins()),
    )
    .add_paragraph(Paragraph::new().size(BODY).line_spacing(spacing(0, 120)))
}

/// Column widths in twips summing to `total`: each column at least a
/// little, the rest shared by the given weights (equal when they are
/// missing or do not match the columns).
fn column_widths(weights: &[u32], columns: usize, total: usize) -> Vec<usize> {
    let columns = columns.max(1);
    let weights: Vec<u64> = if weights.len() == columns && weights.iter().any(|w| *w > 0) {
        weights.iter().map(|w| u64::from(*w)).collect()
    } else {
        vec![1; columns]
    };
    let floor = (total / columns).min(300);
    let spare = (total - floor * columns) as u64;
    let sum: u64 = weights.iter().sum::<u64>().max(1);
    let mut widths: Vec<usize> = weights
        .iter()
        .map(|w| floor + (u128::from(spare) * u128::from(*w) / u128::from(sum)) as usize)
        .collect();
    let used: usize = widths.iter().sum();
    if let Some(last) = widths.last_mut() {
        *last += total.saturating_sub(used);
    }
    widths
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_widths_fill_the_text_width() {
        assert_eq!(column_widths(&[1, 1], 2, 9355).iter().sum::<usize>(), 9355);
        let w = column_widths(&[6, 1, 2, 2], 4, 9355);
        assert_eq!(w.iter().sum::<usize>(), 9355);
        assert!(w[0] > 2 * w[2] && w[2] > w[1]);
        // Wrong count, zeros and extremes: equal or at least a floor each.
        assert_eq!(column_widths(&[1], 3, 9000), vec![3000, 3000, 3000]);
        assert_eq!(column_widths(&[0, 0], 2, 9000), vec![4500, 4500]);
        let w = column_widths(&[u32::MAX, 1, u32::MAX], 3, 9355);
        assert_eq!(w.iter().sum::<usize>(), 9355);
        assert!(w[1] >= 300);
        assert_eq!(column_widths(&[], 0, 9355), vec![9355]);
    }

    #[test]
    fn header_rows_are_marked_repeated() {
        let row = docx_rs::TableRow::new(vec![cell(100).add_paragraph(Paragraph::new())])
            .cant_split()
            .row_height(HEADER_ROW_HEIGHT)
            .height_rule(HeightRule::AtLeast);
        let xml = docx_rs::BuildXML::build(&row);
        let xml = String::from_utf8(repeat_header_rows(xml)).unwrap();
        assert!(xml.contains("<w:tblHeader />"), "{xml}");
    }
}
