//! Tidies the XML docx-rs writes so that Word opens it without offering to
//! "recover" it: the children of property elements in the order the schema
//! (ECMA-376, transitional) gives them — docx-rs writes `w:sz` before
//! `w:rFonts`, `w:rPr` first in `w:pPr`, the header references last in
//! `w:sectPr`, and Word may drop or refuse what comes out of order — one
//! `wp:docPr` id per picture (docx-rs numbers them all 1), and no `w:type`
//! on `w:gridCol`, which has none. Text and everything else pass unchanged.

use std::borrow::Cow;

use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::QName;

/// The schema's order of the children of each property element we write.
fn schema_order(container: &[u8]) -> Option<&'static [&'static str]> {
    Some(match container {
        b"w:rPr" => &[
            "w:ins",
            "w:del",
            "w:moveFrom",
            "w:moveTo",
            "w:rStyle",
            "w:rFonts",
            "w:b",
            "w:bCs",
            "w:i",
            "w:iCs",
            "w:caps",
            "w:smallCaps",
            "w:strike",
            "w:dstrike",
            "w:outline",
            "w:shadow",
            "w:emboss",
            "w:imprint",
            "w:noProof",
            "w:snapToGrid",
            "w:vanish",
            "w:webHidden",
            "w:color",
            "w:spacing",
            "w:w",
            "w:kern",
            "w:position",
            "w:sz",
            "w:szCs",
            "w:highlight",
            "w:u",
            "w:effect",
            "w:bdr",
            "w:shd",
            "w:fitText",
            "w:vertAlign",
            "w:rtl",
            "w:cs",
            "w:em",
            "w:lang",
            "w:eastAsianLayout",
            "w:specVanish",
            "w:oMath",
            "w:rPrChange",
        ],
        b"w:pPr" => &[
            "w:pStyle",
            "w:keepNext",
            "w:keepLines",
            "w:pageBreakBefore",
            "w:framePr",
            "w:widowControl",
            "w:numPr",
            "w:suppressLineNumbers",
            "w:pBdr",
            "w:shd",
            "w:tabs",
            "w:suppressAutoHyphens",
            "w:kinsoku",
            "w:wordWrap",
            "w:overflowPunct",
            "w:topLinePunct",
            "w:autoSpaceDE",
            "w:autoSpaceDN",
            "w:bidi",
            "w:adjustRightInd",
            "w:snapToGrid",
            "w:spacing",
            "w:ind",
            "w:contextualSpacing",
            "w:mirrorIndents",
            "w:suppressOverlap",
            "w:jc",
            "w:textDirection",
            "w:textAlignment",
            "w:textboxTightWrap",
            "w:outlineLvl",
            "w:divId",
            "w:cnfStyle",
            "w:rPr",
            "w:sectPr",
            "w:pPrChange",
        ],
        b"w:tblPr" => &[
            "w:tblStyle",
            "w:tblpPr",
            "w:tblOverlap",
            "w:bidiVisual",
            "w:tblStyleRowBandSize",
            "w:tblStyleColBandSize",
            "w:tblW",
            "w:jc",
            "w:tblCellSpacing",
            "w:tblInd",
            "w:tblBorders",
            "w:shd",
            "w:tblLayout",
            "w:tblCellMar",
            "w:tblLook",
            "w:tblCaption",
            "w:tblDescription",
            "w:tblPrChange",
        ],
        b"w:tcPr" => &[
            "w:cnfStyle",
            "w:tcW",
            "w:gridSpan",
            "w:hMerge",
            "w:vMerge",
            "w:tcBorders",
            "w:shd",
            "w:noWrap",
            "w:tcMar",
            "w:textDirection",
            "w:tcFitText",
            "w:vAlign",
            "w:hideMark",
            "w:headers",
            "w:cellIns",
            "w:cellDel",
            "w:cellMerge",
            "w:tcPrChange",
        ],
        b"w:sectPr" => &[
            "w:headerReference",
            "w:footerReference",
            "w:footnotePr",
            "w:endnotePr",
            "w:type",
            "w:pgSz",
            "w:pgMar",
            "w:paperSrc",
            "w:pgBorders",
            "w:lnNumType",
            "w:pgNumType",
            "w:cols",
            "w:formProt",
            "w:vAlign",
            "w:noEndnote",
            "w:titlePg",
            "w:textDirection",
            "w:bidi",
            "w:rtlGutter",
            "w:docGrid",
            "w:printerSettings",
            "w:sectPrChange",
        ],
        b"w:style" => &[
            "w:name",
            "w:aliases",
            "w:basedOn",
            "w:next",
            "w:link",
            "w:autoRedefine",
            "w:hidden",
            "w:uiPriority",
            "w:semiHidden",
            "w:unhideWhenUsed",
            "w:qFormat",
            "w:locked",
            "w:personal",
            "w:personalCompose",
            "w:personalReply",
            "w:rsid",
            "w:pPr",
            "w:rPr",
            "w:tblPr",
            "w:trPr",
            "w:tcPr",
            "w:tblStylePr",
        ],
        b"w:pBdr" => &["w:top", "w:left", "w:bottom", "w:right", "w:between", "w:bar"],
        b"w:tblBorders" | b"w:tcBorders" => &[
            "w:top",
            "w:start",
            "w:left",
            "w:bottom",
            "w:end",
            "w:right",
            "w:insideH",
            "w:insideV",
            "w:tl2br",
            "w:tr2bl",
        ],
        b"w:tblCellMar" | b"w:tcMar" => &["w:top", "w:start", "w:left", "w:bottom", "w:end", "w:right"],
        _ => return None,
    })
}

enum Node {
    Element { start: BytesStart<'static>, children: Vec<Node>, empty: bool },
    Other(Event<'static>),
}

/// The part tidied; the bytes as they were if they are not XML we can read.
pub(super) fn tidy(xml: Vec<u8>) -> Vec<u8> {
    match std::str::from_utf8(&xml).ok().and_then(parse).and_then(|mut nodes| {
        let mut pictures = 0;
        for node in &mut nodes {
            fix(node, &mut pictures);
        }
        write(&nodes)
    }) {
        Some(tidied) => tidied,
        None => xml,
    }
}

fn parse(text: &str) -> Option<Vec<Node>> {
    let mut reader = quick_xml::Reader::from_str(text);
    // The open elements, innermost last, each with the children read so far.
    let mut open: Vec<(BytesStart<'static>, Vec<Node>)> = Vec::new();
    let mut top: Vec<Node> = Vec::new();
    loop {
        let event = reader.read_event().ok()?.into_owned();
        let node = match event {
            Event::Start(start) => {
                open.push((start, Vec::new()));
                continue;
            }
            Event::End(_) => {
                let (start, children) = open.pop()?;
                Node::Element { start, children, empty: false }
            }
            Event::Empty(start) => Node::Element { start, children: Vec::new(), empty: true },
            Event::Eof => break,
            other => Node::Other(other),
        };
        match open.last_mut() {
            Some((_, children)) => children.push(node),
            None => top.push(node),
        }
    }
    open.is_empty().then_some(top)
}

fn fix(node: &mut Node, pictures: &mut u32) {
    let Node::Element { start, children, .. } = node else { return };
    match start.name().as_ref() {
        "w:gridCol" => rewrite_attributes(start, |key, value| (key != "w:type").then_some(value)),
        "wp:docPr" => {
            *pictures += 1;
            let id = pictures.to_string();
            rewrite_attributes(start, |key, value| Some(if key == "id" { id.clone() } else { value }));
        }
        _ => {}
    }
    if let Some(order) = schema_order(start.name().as_ref().as_bytes()) {
        let rank = |child: &Node| match child {
            Node::Element { start, .. } => {
                order.iter().position(|name| *name == start.name().as_ref()).unwrap_or(order.len())
            }
            Node::Other(_) => order.len(),
        };
        children.sort_by_key(rank);
    }
    for child in children {
        fix(child, pictures);
    }
}

/// Keeps, changes or drops (`None`) each attribute; values stay escaped
/// as they were read.
fn rewrite_attributes(
    start: &mut BytesStart<'static>,
    mut change: impl FnMut(&str, String) -> Option<String>,
) {
    let kept: Vec<(String, String)> = start
        .attributes()
        .flatten()
        .filter_map(|a| {
            let key = a.key.as_ref().to_string();
            change(&key, a.value.into_owned()).map(|value| (key, value))
        })
        .collect();
    start.clear_attributes();
    for (key, value) in &kept {
        start.push_attribute(Attribute { key: QName(key), value: Cow::Borrowed(value) });
    }
}

fn write(nodes: &[Node]) -> Option<Vec<u8>> {
    let mut writer = quick_xml::Writer::new(Vec::new());
    for node in nodes {
        emit(&mut writer, node).ok()?;
    }
    Some(writer.into_inner())
}

fn emit(writer: &mut quick_xml::Writer<Vec<u8>>, node: &Node) -> std::io::Result<()> {
    match node {
        Node::Element { start, empty: true, .. } => writer.write_event(Event::Empty(start.borrow())),
        Node::Element { start, children, .. } => {
            writer.write_event(Event::Start(start.borrow()))?;
            for child in children {
                emit(writer, child)?;
            }
            writer.write_event(Event::End(start.to_end()))
        }
        Node::Other(event) => writer.write_event(event.borrow()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tidied(xml: &str) -> String {
        String::from_utf8(tidy(xml.as_bytes().to_vec())).unwrap()
    }

    #[test]
    fn properties_come_in_the_schema_order() {
        let xml = r#"<?xml version="1.0"?><w:p><w:pPr><w:rPr><w:sz w:val="26" /><w:b /><w:rFonts w:ascii="Times New Roman" /></w:rPr><w:jc w:val="center" /><w:spacing w:after="0" /><w:keepNext /></w:pPr><w:r><w:t xml:space="preserve">Việt &amp; &lt;Nam&gt;</w:t></w:r></w:p>"#;
        assert_eq!(
            tidied(xml),
            r#"<?xml version="1.0"?><w:p><w:pPr><w:keepNext /><w:spacing w:after="0" /><w:jc w:val="center" /><w:rPr><w:rFonts w:ascii="Times New Roman" /><w:b /><w:sz w:val="26" /></w:rPr></w:pPr><w:r><w:t xml:space="preserve">Việt &amp; &lt;Nam&gt;</w:t></w:r></w:p>"#
        );
    }

    #[test]
    fn header_references_come_first_and_pictures_get_their_own_ids() {
        let xml = r#"<w:body><w:sectPr><w:pgSz w:w="11906" /><w:titlePg /><w:headerReference r:id="a" /></w:sectPr><wp:docPr id="1" name="Figure" /><wp:docPr id="1" name="Figure" /><w:gridCol w:w="3742" w:type="dxa" /></w:body>"#;
        assert_eq!(
            tidied(xml),
            r#"<w:body><w:sectPr><w:headerReference r:id="a" /><w:pgSz w:w="11906" /><w:titlePg /></w:sectPr><wp:docPr id="1" name="Figure"/><wp:docPr id="2" name="Figure"/><w:gridCol w:w="3742"/></w:body>"#
        );
    }

    #[test]
    fn what_is_not_xml_passes_unchanged() {
        assert_eq!(tidied("<a><b></a>"), "<a><b></a>");
        assert_eq!(tidy(vec![0xFF, 0xFE]), vec![0xFF, 0xFE]);
    }
}
