//! A report as a Word document in the layout of Decree 30/2020/NĐ-CP: A4,
//! Times New Roman, the issuing office and the national motto side by side
//! at the top, the title and subject, the body, then the recipients and the
//! signer side by side at the end. The caller gives every word; this file
//! knows only the layout (and the motto and "Nơi nhận:" in both languages).

use std::io::Cursor;
use std::path::Path;

use docx_rs::{
    AlignmentType, BreakType, Docx, Header, LineSpacing, LineSpacingType, PageMargin, PageNum, Paragraph,
    ParagraphBorder, ParagraphBorderPosition, ParagraphBorders, Pic, Run, RunFonts, SpecialIndentType,
    TableBorders, TableCell, TableCellMargins, TableLayoutType, WidthType,
};
use unicode_normalization::UnicodeNormalization;

use crate::exchange::chart_table::{WriteError, write_atomically};
use crate::i18n::Lang;

mod ooxml;
mod table;

use table::{add_table, repeat_header_rows};

/// A whole report, every text as it is to be printed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReportDocument {
    pub lang: Lang,
    /// Top left, first line, upper case, not bold; may be empty.
    pub governing_body: String,
    /// Top left, bold, with a short rule under it.
    pub office: String,
    /// "Số: …/BC-TTKC", under the office.
    pub number: String,
    /// "Vĩnh Long, ngày … tháng … năm …", italic, under the motto.
    pub place_date: String,
    pub title: String,
    pub subject: String,
    pub sections: Vec<Section>,
    pub recipients: Vec<String>,
    /// "GIÁM ĐỐC"; a line break ("KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC") is kept.
    pub signer_title: String,
    pub signer_name: String,
}

/// A numbered part of the body ("I. KẾT QUẢ THỰC HIỆN").
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Section {
    pub heading: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// Justified body text.
    Paragraph(String),
    /// A bold sub-heading ("1. Đề án khuyến công").
    Heading(String),
    Table(Table),
    Picture(Picture),
    /// An italic small note.
    Note(String),
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// Bold, centred, above the table.
    pub caption: String,
    /// "Đơn vị tính: triệu đồng", italic, right-aligned above the table.
    pub unit: Option<String>,
    /// Bold, shaded, repeated at the top of every page the table runs onto.
    pub header: Vec<String>,
    pub rows: Vec<TableRow>,
    /// Per column: numbers, right-aligned.
    pub numeric: Vec<bool>,
    /// Relative column widths (any unit); the table spans the text width.
    pub widths: Vec<u32>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct TableRow {
    pub cells: Vec<String>,
    /// Group rows and "Tổng cộng".
    pub bold: bool,
}

/// A PNG image, scaled to the text width, with an italic caption below.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Picture {
    pub png: Vec<u8>,
    pub width_px: u32,
    pub height_px: u32,
    pub caption: String,
}

const FONT: &str = "Times New Roman";

// Sizes in twips (1/1440 inch; 1 mm ≈ 56.7): A4 and the decree's margins.
const PAGE_W: u32 = 11_906;
const PAGE_H: u32 = 16_838;
const MARGIN_TOP: i32 = 1_134; // 20 mm
const MARGIN_BOTTOM: i32 = 1_134; // 20 mm
const MARGIN_LEFT: i32 = 1_701; // 30 mm
const MARGIN_RIGHT: i32 = 850; // 15 mm
/// The page number sits in the top margin, 10 mm from the edge.
const HEADER_DISTANCE: i32 = 567;
const TEXT_W: usize = PAGE_W as usize - MARGIN_LEFT as usize - MARGIN_RIGHT as usize;
/// First-line indent of body paragraphs: 1 cm.
const FIRST_LINE: i32 = 567;

// Sizes in half-points, as Word counts them.
const BODY: usize = 28; // 14 pt
const TABLE: usize = 26; // 13 pt
const HEAD: usize = 26; // 13 pt: the header block
const GOVERNING: usize = 24; // 12 pt: the governing body
const NATION: usize = 24; // 12 pt: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
const NOTE: usize = 24; // 12 pt
const RECIPIENTS_LABEL: usize = 24; // 12 pt
const RECIPIENT: usize = 22; // 11 pt

/// A picture at most 16 cm wide and 20 cm high, in EMU (1 mm = 36 000).
const PICTURE_MAX_W: u64 = 160 * 36_000;
const PICTURE_MAX_H: u64 = 200 * 36_000;

fn motto(lang: Lang) -> (&'static str, &'static str) {
    match lang {
        Lang::Vi => ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"),
        Lang::En => ("SOCIALIST REPUBLIC OF VIET NAM", "Independence - Freedom - Happiness"),
    }
}

/// Writes the report to `path` through a temporary file beside it; the
/// target is the old file or the whole new one, never half written.
pub fn write_docx(doc: &ReportDocument, path: &Path) -> Result<(), WriteError> {
    let bytes = docx_bytes(doc)?;
    write_atomically(path, |tmp| std::fs::write(tmp, &bytes).map_err(|e| WriteError::Io(e.to_string())))
}

/// The .docx file's bytes.
pub fn docx_bytes(doc: &ReportDocument) -> Result<Vec<u8>, WriteError> {
    // docx-rs `expect`s in places; a panic there becomes an error.
    crate::guard::catch(|| pack(doc)).unwrap_or_else(|| Err(WriteError::Io("docx-rs".into())))
}

fn pack(doc: &ReportDocument) -> Result<Vec<u8>, WriteError> {
    let page_number = Paragraph::new()
        .add_page_num(PageNum::new())
        .align(AlignmentType::Center)
        .line_spacing(spacing(0, 0));
    let mut docx = Docx::new()
        .page_size(PAGE_W, PAGE_H)
        .page_margin(
            PageMargin::new()
                .top(MARGIN_TOP)
                .bottom(MARGIN_BOTTOM)
                .left(MARGIN_LEFT)
                .right(MARGIN_RIGHT)
                .header(HEADER_DISTANCE)
                .footer(HEADER_DISTANCE)
                .gutter(0),
        )
        .default_fonts(fonts())
        .default_size(BODY)
        // The decree numbers pages from the second one, centred at the top.
        .header(Header::new().add_paragraph(page_number))
        .first_header(Header::new().add_paragraph(Paragraph::new()))
        .title_pg()
        .add_table(header_block(doc));

    docx = docx
        .add_paragraph(
            para(&doc.title, Look::bold(BODY), AlignmentType::Center)
                .line_spacing(spacing(360, 0))
                .keep_next(true),
        )
        .add_paragraph(
            para(&doc.subject, Look::bold(BODY), AlignmentType::Center)
                .line_spacing(spacing(0, 0))
                .keep_next(true),
        )
        .add_paragraph(rule(TEXT_W / 4, TEXT_W, 240));

    let mut pictures = 0usize;
    let last_block = doc.sections.iter().flat_map(|s| s.blocks.last()).next_back();
    for section in &doc.sections {
        if !clean(&section.heading).trim().is_empty() {
            docx = docx.add_paragraph(heading(&section.heading));
        }
        for block in &section.blocks {
            docx = add_block(
                docx,
                block,
                doc.lang,
                &mut pictures,
                last_block.is_some_and(|l| std::ptr::eq(l, block)),
            );
        }
    }
    // The signature never stands alone on the last page: the last lines of
    // the body go with it.
    docx = docx
        .add_paragraph(Paragraph::new().line_spacing(spacing(0, 0)).keep_next(true))
        .add_table(end_block(doc));

    let mut xml = docx.build();
    xml.document = ooxml::tidy(repeat_header_rows(xml.document));
    xml.styles = ooxml::tidy(xml.styles);
    xml.headers = xml.headers.into_iter().map(ooxml::tidy).collect();
    let mut out = Cursor::new(Vec::new());
    xml.pack(&mut out).map_err(|e| WriteError::Io(e.to_string()))?;
    Ok(out.into_inner())
}

/// Text as Word must get it: NFC (a decomposed "ế" prints as two marks in
/// some fonts), no control characters (they make the XML unreadable).
fn clean(text: &str) -> String {
    text.replace("\r\n", "\n")
        .nfc()
        .map(|c| if c.is_control() && c != '\n' { ' ' } else { c })
        .filter(|c| !matches!(c, '\u{FFFE}' | '\u{FFFF}'))
        .collect()
}

fn fonts() -> RunFonts {
    RunFonts::new().ascii(FONT).hi_ansi(FONT).east_asia(FONT).cs(FONT)
}

#[derive(Clone, Copy)]
struct Look {
    size: usize,
    bold: bool,
    italic: bool,
    underline: bool,
}

impl Look {
    fn plain(size: usize) -> Look {
        Look { size, bold: false, italic: false, underline: false }
    }
    fn bold(size: usize) -> Look {
        Look { bold: true, ..Look::plain(size) }
    }
    fn italic(size: usize) -> Look {
        Look { italic: true, ..Look::plain(size) }
    }
}

/// One run; a line break in the text stays a line break.
fn run(text: &str, look: Look) -> Run {
    let mut run = Run::new().fonts(fonts()).size(look.size);
    if look.bold {
        run = run.bold();
    }
    if look.italic {
        run = run.italic();
    }
    if look.underline {
        run = run.underline("single");
    }
    for (i, line) in clean(text).split('\n').enumerate() {
        if i > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        run = run.add_text(line);
    }
    run
}

/// Spacing before and after in twentieths of a point, single lines.
fn spacing(before: u32, after: u32) -> LineSpacing {
    LineSpacing::new().before(before).after(after).line(240).line_rule(LineSpacingType::Auto)
}

fn para(text: &str, look: Look, align: AlignmentType) -> Paragraph {
    Paragraph::new().add_run(run(text, look)).align(align).size(look.size).fonts(fonts())
}

/// Justified, first line indented 1 cm, 6 pt after, lines 1.15 apart.
fn body(text: &str, look: Look) -> Paragraph {
    para(text, look, AlignmentType::Both)
        .indent(None, Some(SpecialIndentType::FirstLine(FIRST_LINE)), None, None)
        .line_spacing(LineSpacing::new().before(0).after(120).line(276).line_rule(LineSpacingType::Auto))
}

/// Bold, 6 pt of air above, kept with what it heads.
fn heading(text: &str) -> Paragraph {
    body(text, Look::bold(BODY))
        .line_spacing(LineSpacing::new().before(120).after(120).line(276).line_rule(LineSpacingType::Auto))
        .keep_next(true)
}

/// A short centred horizontal rule `length` twips long in a space `within`
/// twips wide (an empty paragraph's bottom border between its indents),
/// `after` twentieths of a point above what follows.
fn rule(length: usize, within: usize, after: u32) -> Paragraph {
    let indent = within.saturating_sub(length) / 2;
    let indent = i32::try_from(indent).unwrap_or(0);
    let mut p = Paragraph::new()
        .indent(Some(indent), None, Some(indent), None)
        .size(2)
        // A little air above, or the rule touches the letters' descenders.
        .line_spacing(LineSpacing::new().before(60).after(after).line(40).line_rule(LineSpacingType::Exact));
    // Only the bottom: docx-rs's default borders box all four sides.
    p.property = p.property.set_borders(
        ParagraphBorders::with_empty().set(
            ParagraphBorder::new(ParagraphBorderPosition::Bottom)
                .val(docx_rs::BorderType::Single)
                .size(6)
                .space(0)
                .color("000000"),
        ),
    );
    p
}

fn no_borders() -> TableBorders {
    TableBorders::new().clear_all()
}

fn cell(width: usize) -> TableCell {
    TableCell::new().width(width, WidthType::Dxa)
}

/// The two names at the top need more than the text width (at 12–13 pt
/// "SỞ CÔNG THƯƠNG TỈNH VĨNH LONG" and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
/// take about 7,3 and 8,8 cm): the block reaches 6 mm into the left margin
/// and 3 mm into the right one, as the decree's own samples do.
const HEAD_W: usize = TEXT_W + 510;
const HEAD_OUT: i32 = 340;
const HEAD_LEFT: usize = 4_536;

/// The top: office | nation and motto, then number | place and date.
fn header_block(doc: &ReportDocument) -> docx_rs::Table {
    let (left, right) = (HEAD_LEFT, HEAD_W - HEAD_LEFT);
    let (nation, motto) = motto(doc.lang);
    let tight = || spacing(0, 0);
    let center = AlignmentType::Center;

    let mut org = cell(left);
    if !clean(&doc.governing_body).trim().is_empty() {
        org = org.add_paragraph(
            para(&doc.governing_body.to_uppercase(), Look::plain(GOVERNING), center).line_spacing(tight()),
        );
    }
    org = org
        .add_paragraph(para(&doc.office.to_uppercase(), Look::bold(HEAD), center).line_spacing(tight()))
        .add_paragraph(rule(left / 3, left - 2 * CELL_SIDE, 0));
    let national = cell(right)
        .add_paragraph(para(nation, Look::bold(NATION), center).line_spacing(tight()))
        .add_paragraph(
            para(motto, Look { underline: true, ..Look::bold(HEAD + 2) }, center).line_spacing(tight()),
        );
    let number =
        cell(left).add_paragraph(para(&doc.number, Look::plain(HEAD), center).line_spacing(spacing(120, 0)));
    let date = cell(right)
        .add_paragraph(para(&doc.place_date, Look::italic(HEAD + 1), center).line_spacing(spacing(120, 0)));

    docx_rs::Table::new(vec![
        docx_rs::TableRow::new(vec![org, national]),
        docx_rs::TableRow::new(vec![number, date]),
    ])
    .set_grid(vec![left, right])
    .width(HEAD_W, WidthType::Dxa)
    .indent(-HEAD_OUT)
    .layout(TableLayoutType::Fixed)
    .set_borders(no_borders())
    .margins(cell_margins())
}

/// Cell margins left and right, in twips.
const CELL_SIDE: usize = 85;

fn cell_margins() -> TableCellMargins {
    TableCellMargins::new().margin(28, CELL_SIDE, 28, CELL_SIDE)
}

fn add_block(docx: Docx, block: &Block, lang: Lang, pictures: &mut usize, last: bool) -> Docx {
    match block {
        Block::Paragraph(text) => docx.add_paragraph(body(text, Look::plain(BODY)).keep_next(last)),
        Block::Heading(text) => docx.add_paragraph(heading(text)),
        Block::Note(text) => docx.add_paragraph(body(text, Look::italic(NOTE)).keep_next(last)),
        Block::Table(table) => add_table(docx, table),
        Block::Picture(picture) => {
            *pictures += 1;
            add_picture(docx, picture, lang, *pictures)
        }
    }
}

/// The picture's size from its own header (the bytes, not the caller's
/// numbers, are what Word shows); `None` when it is not a readable PNG.
fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    let decoder = png::Decoder::new(Cursor::new(png));
    let reader = decoder.read_info().ok()?;
    let info = reader.info();
    (info.width > 0 && info.height > 0).then_some((info.width, info.height))
}

/// Width and height in EMU: the text width (at most 16 cm), or less so that
/// a tall picture stays under 20 cm.
fn picture_extent(width_px: u32, height_px: u32) -> (u32, u32) {
    let (w, h) = (u64::from(width_px.max(1)), u64::from(height_px.max(1)));
    let (mut ew, mut eh) = (PICTURE_MAX_W, PICTURE_MAX_W * h / w);
    if eh > PICTURE_MAX_H {
        eh = PICTURE_MAX_H;
        ew = (PICTURE_MAX_H * w / h).max(1);
    }
    (ew.max(1) as u32, eh.max(1) as u32)
}

fn add_picture(docx: Docx, picture: &Picture, lang: Lang, n: usize) -> Docx {
    let caption =
        para(&picture.caption, Look::italic(TABLE), AlignmentType::Center).line_spacing(spacing(60, 120));
    let Some((w, h)) = png_size(&picture.png) else {
        let missing = lang.pick("(Không đọc được hình này.)", "(This picture could not be read.)");
        return docx
            .add_paragraph(para(missing, Look::italic(NOTE), AlignmentType::Center).keep_next(true))
            .add_paragraph(caption);
    };
    let (ew, eh) = picture_extent(w, h);
    let pic = Pic::new_with_dimensions(picture.png.clone(), w, h).size(ew, eh).id(format!("rIdImage{n}"));
    docx.add_paragraph(
        Paragraph::new()
            .add_run(Run::new().add_image(pic))
            .align(AlignmentType::Center)
            .line_spacing(spacing(120, 0))
            .keep_next(true),
    )
    .add_paragraph(caption)
}

/// The end: recipients | signer.
fn end_block(doc: &ReportDocument) -> docx_rs::Table {
    let left = TEXT_W * 9 / 20;
    let right = TEXT_W - left;
    let tight = || spacing(0, 0);
    let label = doc.lang.pick("Nơi nhận:", "Recipients:");
    let mut recipients = cell(left).add_paragraph(
        para(label, Look { italic: true, ..Look::bold(RECIPIENTS_LABEL) }, AlignmentType::Left)
            .line_spacing(tight()),
    );
    for line in &doc.recipients {
        recipients = recipients
            .add_paragraph(para(line, Look::plain(RECIPIENT), AlignmentType::Left).line_spacing(tight()));
    }
    let center = AlignmentType::Center;
    let mut signer =
        cell(right).add_paragraph(para(&doc.signer_title, Look::bold(BODY), center).line_spacing(tight()));
    // Room for the signature and the seal.
    for _ in 0..4 {
        signer = signer.add_paragraph(Paragraph::new().size(BODY).line_spacing(tight()));
    }
    signer = signer.add_paragraph(para(&doc.signer_name, Look::bold(BODY), center).line_spacing(tight()));
    docx_rs::Table::new(vec![docx_rs::TableRow::new(vec![recipients, signer]).cant_split()])
        .set_grid(vec![left, right])
        .width(TEXT_W, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .set_borders(no_borders())
        .margins(cell_margins())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pictures_keep_their_shape_within_the_page() {
        assert_eq!(picture_extent(1600, 900), (5_760_000, 3_240_000));
        let (w, h) = picture_extent(100, 10_000);
        assert_eq!(h, 7_200_000);
        assert!((1..100_000).contains(&w));
        assert_eq!(picture_extent(0, 0), (5_760_000, 5_760_000));
    }

    #[test]
    fn text_is_nfc_without_control_characters() {
        assert_eq!(clean("Vie\u{0302}\u{0323}t\u{0007}Nam\r\nx"), "Việt Nam\nx");
    }

    #[test]
    fn a_picture_that_is_not_a_png_becomes_a_note() {
        let doc = ReportDocument {
            sections: vec![Section {
                heading: "I".into(),
                blocks: vec![Block::Picture(Picture {
                    png: b"not a png".to_vec(),
                    caption: "Hình 1".into(),
                    ..Default::default()
                })],
            }],
            ..Default::default()
        };
        let bytes = docx_bytes(&doc).unwrap();
        assert!(bytes.starts_with(b"PK"));
    }
}
