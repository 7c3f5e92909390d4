//! The records of an XLS file's workbook stream (BIFF), and what calamine
//! will take to read them, checked before calamine is let near the file:
//! calamine reserves what a sheet's DIMENSIONS record claims, makes each
//! sheet a dense rectangle from its first to its last cell, and copies a
//! shared text into every cell that uses it, all at once when it opens the
//! file.

use super::ReadError;
use super::error::Excess;
use super::limits::{MAX_CELLS, MAX_SHEETS, MAX_TEXT_BYTES, too_large};

pub const BOF: u16 = 0x0809;
pub const EOF: u16 = 0x000A;
pub const BOUNDSHEET: u16 = 0x0085;
const SST: u16 = 0x00FC;
const CONTINUE: u16 = 0x003C;
const DIMENSIONS: u16 = 0x0200;
const LABELSST: u16 = 0x00FD;
const MULRK: u16 = 0x00BD;
/// Records of one cell: (row, column) in their first four bytes.
const ONE_CELL: [u16; 7] = [0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x0006, LABELSST];
/// Records whose text calamine copies: LABEL, RSTRING, STRING.
const OWN_TEXT: [u16; 3] = [0x0204, 0x00D6, 0x0207];
/// The most cells a DIMENSIONS record may claim: a whole BIFF8 sheet
/// (65.536 rows of 256 columns); calamine reserves room for that many.
const MAX_DIMENSION_CELLS: usize = 65_536 * 256;
/// UTF-8 bytes one character of an XLS text can take.
const UTF8_PER_CHAR: usize = 3;

/// The records of a BIFF stream: (offset, type, data). Stops at a record
/// that runs past the end.
pub fn records(stream: &[u8]) -> impl Iterator<Item = (usize, u16, &[u8])> {
    let mut at = 0usize;
    std::iter::from_fn(move || {
        let head = stream.get(at..at + 4)?;
        let typ = u16::from_le_bytes([head[0], head[1]]);
        let len = u16::from_le_bytes([head[2], head[3]]) as usize;
        let data = stream.get(at + 4..at + 4 + len)?;
        let start = at;
        at += 4 + len;
        Some((start, typ, data))
    })
}

pub fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    data.get(at..at + 2).map(|b| u16::from_le_bytes([b[0], b[1]]))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    data.get(at..at + 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// Where each sheet's records start, in the order of the workbook's sheet records.
pub fn sheet_offsets(stream: &[u8]) -> Vec<usize> {
    records(stream)
        .take_while(|(_, typ, _)| *typ != EOF)
        .filter(|(_, typ, data)| *typ == BOUNDSHEET && data.len() >= 4)
        .filter_map(|(_, _, data)| u32_at(data, 0).map(|o| o as usize))
        .collect()
}

/// The records of the sheet that starts at `offset`, without those of the
/// charts and other streams nested in it.
pub fn sheet_records(stream: &[u8], offset: usize) -> impl Iterator<Item = (u16, &[u8])> {
    let mut depth = 0usize;
    let sub = stream.get(offset..).unwrap_or_default();
    records(sub)
        .enumerate()
        .map_while(move |(i, (_, typ, data))| match typ {
            BOF if i > 0 => {
                depth += 1;
                Some(None)
            }
            EOF if depth > 0 => {
                depth -= 1;
                Some(None)
            }
            EOF => None,
            _ if depth > 0 => Some(None),
            _ => Some(Some((typ, data))),
        })
        .flatten()
}

/// Refuses a workbook stream whose reading would take more than the limits.
pub fn check(stream: &[u8]) -> Result<(), ReadError> {
    let offsets = sheet_offsets(stream);
    if offsets.len() > MAX_SHEETS {
        return Err(too_large(Excess::Sheets));
    }
    let texts = shared_text_sizes(stream)?;
    let (mut cells, mut text) = (0usize, 0usize);
    for offset in offsets {
        let mut bounds: Option<(u32, u32, u32, u32)> = None;
        let mut widen = |row: u32, first: u32, last: u32| {
            bounds = Some(match bounds {
                None => (row, row, first, last),
                Some((r0, r1, c0, c1)) => (r0.min(row), r1.max(row), c0.min(first), c1.max(last)),
            });
        };
        for (typ, data) in sheet_records(stream, offset) {
            match typ {
                DIMENSIONS => check_dimensions(data)?,
                MULRK => {
                    if let (Some(row), Some(first), Some(last)) =
                        (u16_at(data, 0), u16_at(data, 2), u16_at(data, data.len().saturating_sub(2)))
                    {
                        widen(row.into(), first.into(), last.max(first).into());
                    }
                }
                _ if ONE_CELL.contains(&typ) => {
                    if let (Some(row), Some(col)) = (u16_at(data, 0), u16_at(data, 2)) {
                        widen(row.into(), col.into(), col.into());
                    }
                }
                _ => {}
            }
            text = text.saturating_add(match typ {
                LABELSST => u32_at(data, 6).and_then(|i| texts.get(i as usize)).copied().unwrap_or(0),
                _ if OWN_TEXT.contains(&typ) => data.len().saturating_mul(UTF8_PER_CHAR),
                _ => 0,
            });
        }
        if let Some((r0, r1, c0, c1)) = bounds {
            let area = ((r1 - r0) as usize + 1).saturating_mul((c1 - c0) as usize + 1);
            cells = cells.saturating_add(area);
        }
        if cells > MAX_CELLS {
            return Err(too_large(Excess::Cells));
        }
        if text > MAX_TEXT_BYTES {
            return Err(too_large(Excess::Text));
        }
    }
    Ok(())
}

/// A DIMENSIONS record: calamine reserves (last row − first row + 1) ×
/// (last column − first column + 1) cells from it, and a first row past
/// the last one wraps around.
fn check_dimensions(data: &[u8]) -> Result<(), ReadError> {
    let (first_row, last_row, first_col, last_col) = match data.len() {
        10 => {
            (u16_at(data, 0).map(u32::from), u16_at(data, 2).map(u32::from), u16_at(data, 4), u16_at(data, 6))
        }
        14 | 16 => (u32_at(data, 0), u32_at(data, 4), u16_at(data, 8), u16_at(data, 10)),
        _ => return Ok(()), // calamine refuses it by itself
    };
    let (Some(rf), Some(rl), Some(cf), Some(cl)) = (first_row, last_row, first_col, last_col) else {
        return Ok(());
    };
    // As calamine reads it: a first column past 255 or past the last counts as 0.
    let cf = if cf > 0xFF || cl < cf { 0 } else { cf };
    if rl >= 1 && cl >= 1 {
        if rf > rl - 1 {
            return Err(ReadError::Damaged("DIMENSIONS".into()));
        }
        let area = ((rl - 1 - rf) as usize + 1).saturating_mul((cl - 1 - cf) as usize + 1);
        if area > MAX_DIMENSION_CELLS {
            return Err(too_large(Excess::Cells));
        }
    }
    Ok(())
}

/// The UTF-8 size each shared text will have (at most), read from the SST
/// record and its CONTINUE records.
fn shared_text_sizes(stream: &[u8]) -> Result<Vec<usize>, ReadError> {
    let mut parts: Vec<&[u8]> = Vec::new();
    for (_, typ, data) in records(stream).take_while(|(_, typ, _)| *typ != EOF) {
        match typ {
            SST => parts = vec![data],
            CONTINUE if !parts.is_empty() => parts.push(data),
            _ if !parts.is_empty() => break,
            _ => {}
        }
    }
    let Some(first) = parts.first() else { return Ok(Vec::new()) };
    let declared = u32_at(first, 4).unwrap_or(0) as usize;
    if declared > MAX_CELLS {
        return Err(too_large(Excess::SharedStrings));
    }
    let mut cursor = Continued { parts: &parts, part: 0, at: 8 };
    let mut sizes = Vec::with_capacity(declared.min(1 << 16));
    while let Some(chars) = cursor.string() {
        sizes.push(chars.saturating_mul(UTF8_PER_CHAR));
        if sizes.len() > MAX_CELLS {
            return Err(too_large(Excess::SharedStrings));
        }
    }
    Ok(sizes)
}

/// Reads across an SST record and its CONTINUE records.
struct Continued<'a> {
    parts: &'a [&'a [u8]],
    part: usize,
    at: usize,
}

impl Continued<'_> {
    fn left(&self) -> usize {
        self.parts.get(self.part).map_or(0, |p| p.len().saturating_sub(self.at))
    }

    /// Moves to the next record when this one is used up.
    fn next_part_if_done(&mut self) -> Option<()> {
        while self.left() == 0 {
            self.part += 1;
            self.at = 0;
            self.parts.get(self.part)?;
        }
        Some(())
    }

    fn bytes(&mut self, n: usize) -> Option<Vec<u8>> {
        let mut out = Vec::with_capacity(n.min(8));
        while out.len() < n {
            self.next_part_if_done()?;
            let take = (n - out.len()).min(self.left());
            let part = self.parts[self.part];
            out.extend_from_slice(&part[self.at..self.at + take]);
            self.at += take;
        }
        Some(out)
    }

    fn skip(&mut self, mut n: usize) -> Option<()> {
        while n > 0 {
            self.next_part_if_done()?;
            let take = n.min(self.left());
            self.at += take;
            n -= take;
        }
        Some(())
    }

    /// One XLUnicodeRichExtendedString; its length in characters.
    fn string(&mut self) -> Option<usize> {
        let head = self.bytes(3)?;
        let chars = u16::from_le_bytes([head[0], head[1]]) as usize;
        let flags = head[2];
        let runs = if flags & 0x08 != 0 {
            self.bytes(2).map(|b| u16::from_le_bytes([b[0], b[1]]) as usize)?
        } else {
            0
        };
        let ext = if flags & 0x04 != 0 {
            self.bytes(4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)?
        } else {
            0
        };
        // The characters; a CONTINUE inside them starts with a new flags byte.
        let mut wide = flags & 0x01 != 0;
        let mut left = chars;
        while left > 0 {
            if self.left() == 0 {
                self.next_part_if_done()?;
                wide = self.bytes(1)?[0] & 0x01 != 0;
                continue;
            }
            let per = if wide { 2 } else { 1 };
            let take = left.min(self.left() / per);
            if take == 0 {
                return None; // half a wide character at a record's end: damaged
            }
            self.at += take * per;
            left -= take;
        }
        self.skip(runs.saturating_mul(4))?;
        self.skip(ext)?;
        Some(chars)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut out = typ.to_le_bytes().to_vec();
        out.extend((data.len() as u16).to_le_bytes());
        out.extend(data);
        out
    }

    #[test]
    fn shared_texts_are_measured_across_continue_records() {
        // "ab" and a 5-character text split after 2 characters, the rest wide.
        let mut sst = vec![2, 0, 0, 0, 2, 0, 0, 0];
        sst.extend([2, 0, 0, b'a', b'b']);
        sst.extend([5, 0, 0, b'x', b'y']);
        let mut stream = record(SST, &sst);
        stream.extend(record(CONTINUE, &[1, b'z', 0, b'w', 0, b'v', 0]));
        stream.extend(record(EOF, &[]));
        assert_eq!(shared_text_sizes(&stream).unwrap(), vec![2 * UTF8_PER_CHAR, 5 * UTF8_PER_CHAR]);
    }

    #[test]
    fn dimensions_past_a_whole_sheet_or_upside_down_are_refused() {
        let dims = |rf: u32, rl: u32, cf: u16, cl: u16| {
            let mut d = rf.to_le_bytes().to_vec();
            d.extend(rl.to_le_bytes());
            d.extend(cf.to_le_bytes());
            d.extend(cl.to_le_bytes());
            d.extend([0, 0]);
            d
        };
        assert!(check_dimensions(&dims(0, 65_536, 0, 256)).is_ok());
        assert_eq!(check_dimensions(&dims(0, u32::MAX, 0, 256)), Err(too_large(Excess::Cells)));
        assert!(matches!(check_dimensions(&dims(10, 5, 0, 2)), Err(ReadError::Damaged(_))));
    }
}
