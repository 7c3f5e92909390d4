#!/usr/bin/env python3
"""Makes the hostile spreadsheets of tests/hostile_files.rs: small files (a few
kilobytes to a few megabytes) that claim or unpack to far more than any
officer's table, written as an attacker would write them.

    python3 tests/corpus/hostile/make_hostile.py

Needs only Python 3. Each file's expectation is in manifest.json: every one is
refused, quickly, without the process taking more than a bounded amount of
memory. Files that only need to be large (a 10 MB CSV) are made by the test
itself, not kept here.
"""

from __future__ import annotations

import json
import struct
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
MANIFEST: list[dict] = []

# ---------------------------------------------------------------- XLSX parts

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
</Types>"""
ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
</Relationships>"""


def workbook(sheets: int = 1) -> str:
    entries = "".join(f'<sheet name="Sheet{i + 1}" sheetId="{i + 1}" r:id="rId1"/>' for i in range(sheets))
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f"<sheets>{entries}</sheets></workbook>"
    )


SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)
HEADER_ROW = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>ten_co_so</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>dia_chi</t></is></c></row>'
)


def chunks(piece: str | bytes, total_bytes: int, chunk: int = 1 << 20):
    """`piece` repeated to about `total_bytes`, in chunks."""
    data = piece.encode() if isinstance(piece, str) else piece
    block = data * max(1, chunk // len(data))
    written = 0
    while written < total_bytes:
        yield block
        written += len(block)


def xlsx(name: str, what: str, parts: dict[str, object], expect: str = "refuse") -> Path:
    """`parts`: part name → text, or a generator of byte chunks (streamed)."""
    path = HERE / name
    base = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": ROOT_RELS,
        "xl/workbook.xml": workbook(),
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
    }
    base.update(parts)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for part, content in base.items():
            if isinstance(content, str):
                z.writestr(part, content)
            else:
                with z.open(part, "w", force_zip64=True) as f:
                    for c in content:
                        f.write(c)
    MANIFEST.append({"file": name, "kind": "facilities", "expect": expect, "what": what})
    return path


def sheet_of(*pieces) -> object:
    """A sheet part: the head, then text or generated chunks, then the end."""

    def gen():
        yield SHEET_HEAD.encode()
        for p in pieces:
            if isinstance(p, str):
                yield p.encode()
            else:
                yield from p

    return gen()


def forge_sizes(path: Path, part: str, declared: int) -> None:
    """Makes the zip claim `declared` bytes unpacked for `part` (a lying size).
    Only for parts written without zip64."""
    data = bytearray(path.read_bytes())
    name = part.encode()
    at = 0
    while (at := data.find(b"PK\x03\x04", at)) >= 0:
        n = struct.unpack_from("<H", data, at + 26)[0]
        if data[at + 30 : at + 30 + n] == name:
            struct.pack_into("<I", data, at + 22, declared)
        at += 4
    at = 0
    while (at := data.find(b"PK\x01\x02", at)) >= 0:
        n = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + n] == name:
            struct.pack_into("<I", data, at + 24, declared)
        at += 4
    path.write_bytes(bytes(data))


def make_xlsx() -> None:
    sheet_small = SHEET_HEAD + "<sheetData>" + HEADER_ROW + "</sheetData></worksheet>"
    sst_head = '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'

    xlsx(
        "sst-claims-billions.xlsx",
        "shared strings that claim 4 billion entries",
        {"xl/worksheets/sheet1.xml": sheet_small,
         "xl/sharedStrings.xml": sst_head + ' count="4000000000" uniqueCount="4000000000"><si><t>a</t></si></sst>'},
    )

    def five_mb_string():
        yield (sst_head + ' count="2000" uniqueCount="1"><si><t>').encode()
        yield from chunks("ă", 5 * 1024 * 1024)
        yield b"</t></si></sst>"

    cells = "".join(f'<row r="{r}"><c r="B{r}" t="s"><v>0</v></c></row>' for r in range(2, 2002))
    xlsx(
        "sst-one-5mb-string-2000-cells.xlsx",
        "one shared text of 5 MB used by 2.000 cells",
        {"xl/worksheets/sheet1.xml": SHEET_HEAD + "<sheetData>" + HEADER_ROW + cells + "</sheetData></worksheet>",
         "xl/sharedStrings.xml": five_mb_string()},
    )

    def many_entries():
        yield (sst_head + ">").encode()  # no count: only the entries tell
        yield from chunks("<si><t>a</t></si>", 110 * 1024 * 1024)
        yield b"</sst>"

    xlsx(
        "sst-6-million-entries.xlsx",
        "shared strings with 6,5 million entries and no count",
        {"xl/worksheets/sheet1.xml": sheet_small, "xl/sharedStrings.xml": many_entries()},
    )

    xlsx(
        "sheet-1-5gb-of-spaces.xlsx",
        "a sheet part that unpacks to 1,5 GB of white space",
        {"xl/worksheets/sheet1.xml": sheet_of("<sheetData>", HEADER_ROW, chunks(" ", 1536 * 1024 * 1024),
                                              "</sheetData></worksheet>")},
    )

    path = HERE / "sheet-lying-size.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for part, content in {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": ROOT_RELS,
                              "xl/workbook.xml": workbook(), "xl/_rels/workbook.xml.rels": WORKBOOK_RELS}.items():
            z.writestr(part, content)
        with z.open("xl/worksheets/sheet1.xml", "w") as f:
            for c in sheet_of("<sheetData>", HEADER_ROW, chunks("<!-- x -->", 1200 * 1024 * 1024),
                              "</sheetData></worksheet>"):
                f.write(c)
    forge_sizes(path, "xl/worksheets/sheet1.xml", 900)
    MANIFEST.append({"file": path.name, "kind": "facilities", "expect": "refuse",
                     "what": "a sheet that says 900 bytes and unpacks to 1,2 GB"})

    xlsx(
        "cells-far-apart.xlsx",
        "two cells at A1 and XFD1048576",
        {"xl/worksheets/sheet1.xml": SHEET_HEAD + '<dimension ref="A1:XFD1048576"/><sheetData>' + HEADER_ROW
         + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>'},
    )

    xlsx(
        "dimension-claims-everything.xlsx",
        "a dimension of every cell of a sheet over two real cells",
        {"xl/worksheets/sheet1.xml": SHEET_HEAD + '<dimension ref="A1:XFD1048576"/><sheetData>' + HEADER_ROW
         + "</sheetData></worksheet>"},
        expect="refuse",
    )

    def many_cells():
        yield from chunks('<row><c><v>1</v></c><c><v>2</v></c><c><v>3</v></c></row>', 120 * 1024 * 1024)

    xlsx(
        "six-million-cells.xlsx",
        "six and a half million numeric cells without references",
        {"xl/worksheets/sheet1.xml": sheet_of("<sheetData>", HEADER_ROW, many_cells(), "</sheetData></worksheet>")},
    )

    def merges():
        yield from chunks('<mergeCell ref="A1:XFD1048576"/>', 240 * 1024 * 1024)

    xlsx(
        "eight-million-merges.xlsx",
        "eight million merges of the whole sheet",
        {"xl/worksheets/sheet1.xml": sheet_of("<sheetData>", HEADER_ROW, "</sheetData><mergeCells>", merges(),
                                              "</mergeCells></worksheet>")},
    )

    xlsx(
        "one-merge-of-the-whole-sheet.xlsx",
        "a merge from A1 to XFD1048576 over a table",
        {"xl/worksheets/sheet1.xml": SHEET_HEAD + "<sheetData>" + HEADER_ROW
         + '<row r="2"><c r="A2" t="inlineStr"><is><t>Cơ sở A</t></is></c><c r="B2"><v>12</v></c></row>'
         + '</sheetData><mergeCells count="1"><mergeCell ref="A2:XFD1048576"/></mergeCells></worksheet>'},
        expect="read",
    )

    def deep():
        yield from chunks("<x>", 64 * 1024 * 1024)

    xlsx(
        "nested-64-million-deep.xlsx",
        "elements nested 20 million deep",
        {"xl/worksheets/sheet1.xml": sheet_of("<sheetData>", HEADER_ROW, "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>",
                                              deep(), "</t></is></c></row></sheetData></worksheet>")},
    )

    def long_inline():
        yield from chunks("ơ", 200 * 1024 * 1024)

    xlsx(
        "inline-text-200mb.xlsx",
        "one inline cell text of 200 MB",
        {"xl/worksheets/sheet1.xml": sheet_of("<sheetData>", HEADER_ROW, '<row r="2"><c r="B2" t="inlineStr"><is><t>',
                                              long_inline(), "</t></is></c></row></sheetData></worksheet>")},
    )

    xlsx(
        "workbook-lists-100000-sheets.xlsx",
        "a workbook that lists 100.000 sheets",
        {"xl/workbook.xml": workbook(100_000), "xl/worksheets/sheet1.xml": sheet_small},
    )

    path = HERE / "zip-20000-parts.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for part, content in {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": ROOT_RELS,
                              "xl/workbook.xml": workbook(), "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
                              "xl/worksheets/sheet1.xml": sheet_small}.items():
            z.writestr(part, content)
        for i in range(20_000):
            z.writestr(f"xl/media/p{i}.xml", "")
    MANIFEST.append({"file": path.name, "kind": "facilities", "expect": "refuse", "what": "a zip of 20.000 parts"})

    def styles():
        yield b'<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs>'
        yield from chunks('<xf numFmtId="14"/>', 400 * 1024 * 1024)
        yield b"</cellXfs></styleSheet>"

    xlsx(
        "styles-20-million-formats.xlsx",
        "a styles part of 20 million cell formats",
        {"xl/worksheets/sheet1.xml": sheet_small, "xl/styles.xml": styles()},
    )


# ---------------------------------------------------------------- ODS

ODS_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"""
ODS_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
    '<office:body><office:spreadsheet><table:table table:name="Sheet1">'
    '<table:table-row><table:table-cell office:value-type="string"><text:p>ten_co_so</text:p></table:table-cell>'
    '<table:table-cell office:value-type="string"><text:p>dia_chi</text:p></table:table-cell></table:table-row>'
)
ODS_TAIL = "</table:table></office:spreadsheet></office:body></office:document-content>"


def ods(name: str, what: str, *pieces, expect: str = "refuse") -> None:
    path = HERE / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("META-INF/manifest.xml", ODS_MANIFEST)
        with z.open("content.xml", "w", force_zip64=True) as f:
            f.write(ODS_HEAD.encode())
            for p in pieces:
                if isinstance(p, str):
                    f.write(p.encode())
                else:
                    for c in p:
                        f.write(c)
            f.write(ODS_TAIL.encode())
    MANIFEST.append({"file": name, "kind": "facilities", "expect": expect, "what": what})


def make_ods() -> None:
    cell = '<table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>'
    ods(
        "rows-and-columns-repeated.ods",
        "one cell repeated over 16.384 columns and a million rows",
        '<table:table-row table:number-rows-repeated="1048000">',
        cell.replace("<table:table-cell ", '<table:table-cell table:number-columns-repeated="16384" '),
        "</table:table-row>",
    )
    ods(
        "columns-repeated-under-the-cap.ods",
        "a value repeated over 16.000 columns in 6.000 rows: 96 million cells",
        '<table:table-row table:number-rows-repeated="6000">',
        cell.replace("<table:table-cell ", '<table:table-cell table:number-columns-repeated="16000" '),
        "</table:table-row>",
    )
    ods(
        "cells-far-apart.ods",
        "a value at A2 and one 1.000.000 rows and 16.000 columns away",
        "<table:table-row>", cell, "</table:table-row>",
        '<table:table-row table:number-rows-repeated="1000000"><table:table-cell/></table:table-row>',
        '<table:table-row><table:table-cell table:number-columns-repeated="16000"/>', cell, "</table:table-row>",
    )
    text = '<table:table-cell office:value-type="string" table:number-columns-repeated="2000"><text:p>'
    ods(
        "one-5mb-text-repeated-2000-times.ods",
        "a cell of 5 MB of text repeated over 2.000 columns",
        "<table:table-row>", text, chunks("ư", 5 * 1024 * 1024), "</text:p></table:table-cell></table:table-row>",
    )
    ods(
        "content-1-5gb-of-spaces.ods",
        "a content part that unpacks to 1,5 GB of white space",
        chunks(" ", 1536 * 1024 * 1024),
    )
    ods(
        "merge-spanning-everything.ods",
        "a cell spanning a million rows and 16.384 columns, a thousand times",
        *["<table:table-row>" + cell.replace("<table:table-cell ",
          '<table:table-cell table:number-rows-spanned="1048576" table:number-columns-spanned="16384" ')
          + "</table:table-row>" for _ in range(1000)],
        expect="read",
    )


# ---------------------------------------------------------------- XLS (BIFF8 in a compound file)

def record(typ: int, data: bytes) -> bytes:
    return struct.pack("<HH", typ, len(data)) + data


def bof(kind: int) -> bytes:
    return record(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 0x0006))


def short_unicode(text: str) -> bytes:
    return struct.pack("<BB", len(text), 0) + text.encode("latin-1")


def label_sst(row: int, col: int, index: int) -> bytes:
    return record(0x00FD, struct.pack("<HHHI", row, col, 15, index))


def number(row: int, col: int, value: float) -> bytes:
    return record(0x0203, struct.pack("<HHHd", row, col, 15, value))


def sst(strings: list[str], total: int | None = None, unique: int | None = None) -> bytes:
    """The SST record and its CONTINUE records, split as Excel splits them:
    at most 8.224 bytes each, a string's header never split, and a flags
    byte at the start of a CONTINUE that goes on with a string's characters."""
    limit = 8224
    records: list[bytearray] = [bytearray(struct.pack("<II", total if total is not None else len(strings),
                                                      unique if unique is not None else len(strings)))]
    for text in strings:
        chars = text.encode("latin-1")
        if len(records[-1]) + 3 + 1 > limit:
            records.append(bytearray())
        records[-1] += struct.pack("<HB", len(chars), 0)
        while chars:
            room = limit - len(records[-1])
            if room <= 0:
                records.append(bytearray(b"\0"))  # CONTINUE: the flags byte, still compressed
                room = limit - 1
            records[-1] += chars[:room]
            chars = chars[room:]
    out = record(0x00FC, bytes(records[0]))
    for r in records[1:]:
        out += record(0x003C, bytes(r))
    return out


def workbook_stream(sheet_records: bytes, sst_records: bytes = b"", dims: tuple[int, int, int, int] | None = None) -> bytes:
    name = "Sheet1"
    globals_without_offset = lambda off: (  # noqa: E731
        bof(0x0005) + record(0x0042, struct.pack("<H", 1200))
        + record(0x0085, struct.pack("<IBB", off, 0, 0) + short_unicode(name)) + sst_records + record(0x000A, b"")
    )
    offset = len(globals_without_offset(0))
    rows = dims or (0, 2, 0, 2)
    sheet = (bof(0x0010) + record(0x0200, struct.pack("<IIHHH", rows[0], rows[1], rows[2], rows[3], 0))
             + sheet_records + record(0x000A, b""))
    return globals_without_offset(offset) + sheet


def compound_file(stream: bytes) -> bytes:
    """A compound file (version 3, 512-byte sectors) holding one stream, "Workbook"."""
    stream = stream + b"\0" * max(0, 4096 - len(stream))
    data_sectors = (len(stream) + 511) // 512
    fat_sectors = 1
    while data_sectors + 1 + fat_sectors > fat_sectors * 128:
        fat_sectors += 1
    assert fat_sectors <= 109, "stream too large for a header-only DIFAT"
    end, free, fatsect = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    dir_sector = data_sectors
    fat = [i + 1 for i in range(data_sectors - 1)] + [end] + [end] + [fatsect] * fat_sectors
    fat += [free] * (fat_sectors * 128 - len(fat))
    difat = [dir_sector + 1 + i for i in range(fat_sectors)] + [free] * (109 - fat_sectors)
    header = (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 16
              + struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6) + b"\0" * 6
              + struct.pack("<IIIIIIIII", 0, fat_sectors, dir_sector, 0, 4096, end, 0, end, 0)
              + struct.pack("<109I", *difat))

    def entry(name: str, typ: int, child: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0" if name else b""
        return (raw.ljust(64, b"\0") + struct.pack("<HBB", len(raw), typ, 1 if typ else 0)
                + struct.pack("<III", free, free, child) + b"\0" * 16 + b"\0" * 4 + b"\0" * 16
                + struct.pack("<IQ", start, size))

    directory = (entry("Root Entry", 5, 1, end, 0) + entry("Workbook", 2, free, 0, len(stream))
                 + entry("", 0, free, 0, 0) + entry("", 0, free, 0, 0))
    body = stream.ljust(data_sectors * 512, b"\0") + directory + struct.pack(f"<{len(fat)}I", *fat)
    return header + body


def xls(name: str, what: str, stream: bytes, expect: str = "refuse") -> None:
    (HERE / name).write_bytes(compound_file(stream))
    MANIFEST.append({"file": name, "kind": "facilities", "expect": expect, "what": what})


def make_xls() -> None:
    header_cells = label_sst(0, 0, 0) + label_sst(0, 1, 1)
    names = ["ten_co_so", "dia_chi"]
    # A sane file made the same way, to show the hostile ones are refused for what they claim.
    xls("sane-reference.xls", "a small table written the same way (read)",
        workbook_stream(header_cells + label_sst(1, 0, 2) + number(1, 1, 12),
                        sst(names + ["Co so A"])), expect="read")
    xls("dimensions-4-billion-rows.xls", "a sheet whose dimensions claim 4 billion rows",
        workbook_stream(header_cells, sst(names), dims=(0, 0xFFFFFFFF, 0, 256)))
    xls("cells-far-apart.xls", "two cells at A1 and at row 65.536, column 65.535",
        workbook_stream(header_cells + number(0xFFFF, 0xFFFF, 1.0), sst(names)))
    xls("sst-claims-billions.xls", "a shared string table that claims 4 billion strings",
        workbook_stream(header_cells, sst(names, total=0xFFFFFFFF, unique=0xFFFFFFFF)))
    big = ["x" * 60_000]
    cells = b"".join(label_sst(1 + (i // 200), i % 200, 2) for i in range(300_000))
    xls("one-60k-text-300000-cells.xls", "one shared text of 60.000 characters in 300.000 cells",
        workbook_stream(header_cells + cells, sst(names + big)))
    xls("labelsst-beyond-the-table.xls", "cells that point past the shared string table",
        workbook_stream(header_cells + label_sst(1, 0, 0xFFFFFFF0), sst(names)))
    xls("record-longer-than-the-stream.xls", "a record whose length runs past the stream",
        workbook_stream(header_cells, sst(names))[:-4] + struct.pack("<HH", 0x0203, 0xFFFF))


# ---------------------------------------------------------------- CSV (small ones; big ones are made by the test)

def csv_file(name: str, what: str, data: bytes) -> None:
    (HERE / name).write_bytes(data)
    MANIFEST.append({"file": name, "kind": "facilities", "expect": "refuse", "what": what})


def make_csv() -> None:
    csv_file("wide-header-many-rows.csv", "a header of 16.000 columns over 400.000 short rows",
             b"ten_co_so,dia_chi," + ",".join(f"cot{i}" for i in range(3, 16_001)).encode() + b"\n" + b"x\n" * 400_000)
    csv_file("utf16-odd-length.csv", "UTF-16 text cut in the middle of a character",
             "\ufefften_co_so,dia_chi\nCơ sở,12".encode("utf-16-le")[:-1])
    csv_file("binary-zeros.csv", "a megabyte of zero bytes named .csv", b"\0" * (1 << 20))


def main() -> None:
    for old in HERE.iterdir():
        if old.suffix in {".xlsx", ".ods", ".xls", ".csv"}:
            old.unlink()
    make_xlsx()
    make_ods()
    make_xls()
    make_csv()
    (HERE / "manifest.json").write_text(json.dumps(MANIFEST, ensure_ascii=False, indent=1) + "\n")
    total = sum((HERE / m["file"]).stat().st_size for m in MANIFEST)
    print(f"{len(MANIFEST)} files, {total / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
