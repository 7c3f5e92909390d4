#!/usr/bin/env python3
"""Builds the officers' corpus: realistic, government-style Excel/CSV files of
the Vĩnh Long khuyến công centre, each with its true contents in manifest.json.

    python3 tests/corpus/officers/make_corpus.py          # regenerate everything
    python3 tests/corpus/officers/make_corpus.py --check  # only re-verify the files

Needs Python 3.11 with openpyxl, and LibreOffice (`soffice`) for the .xls, .ods
and re-saved .xlsx copies.  Deterministic: every table draws from its own
random.Random seeded from SEED and the table's name.  All data is fictional.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import zlib
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import combinations
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

OUT = Path(__file__).resolve().parent
SEED = 20231215

# ---------------------------------------------------------------------------
# Text helpers and the legacy encoders


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def rng_for(name: str) -> random.Random:
    return random.Random(SEED * 1_000_003 + zlib.crc32(name.encode()))


_TONES = {"": 0, "\u0301": 1, "\u0300": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}
# TCVN3 (ABC, .VnTime): lowercase letters, per base vowel, in the order
# none, sắc (acute), huyền (grave), hỏi (hook), ngã (tilde), nặng (dot below).
# From the public TCVN3 tables of xvnkb (tcvn.h) and BoGo (charset.hpp), which agree.
_TCVN3_VOWELS = {
    "a": [None, 0xB8, 0xB5, 0xB6, 0xB7, 0xB9],
    "ă": [0xA8, 0xBE, 0xBB, 0xBC, 0xBD, 0xC6],
    "â": [0xA9, 0xCA, 0xC7, 0xC8, 0xC9, 0xCB],
    "e": [None, 0xD0, 0xCC, 0xCE, 0xCF, 0xD1],
    "ê": [0xAA, 0xD5, 0xD2, 0xD3, 0xD4, 0xD6],
    "i": [None, 0xDD, 0xD7, 0xD8, 0xDC, 0xDE],
    "o": [None, 0xE3, 0xDF, 0xE1, 0xE2, 0xE4],
    "ô": [0xAB, 0xE8, 0xE5, 0xE6, 0xE7, 0xE9],
    "ơ": [0xAC, 0xED, 0xEA, 0xEB, 0xEC, 0xEE],
    "u": [None, 0xF3, 0xEF, 0xF1, 0xF2, 0xF4],
    "ư": [0xAD, 0xF8, 0xF5, 0xF6, 0xF7, 0xF9],
    "y": [None, 0xFD, 0xFA, 0xFB, 0xFC, 0xFE],
}
_TCVN3_UPPER = {"Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7, "đ": 0xAE}


def _split_letter(ch: str) -> tuple[str, int]:
    """A precomposed Vietnamese letter as (letter without tone, tone index)."""
    d = unicodedata.normalize("NFD", ch)
    tone = 0
    rest = ""
    for m in d[1:]:
        if m in _TONES:
            tone = _TONES[m]
        else:
            rest += m
    return nfc(d[0] + rest), tone


def tcvn3_codes(s: str, caps_font: bool = False) -> list[int]:
    """TCVN3 byte values of `s`. TCVN3 has no upper-case letters with a tone
    mark: with `caps_font` (.VnTimeH, whose lower-case codes show as capitals)
    every letter is written with its lower-case code, otherwise such a letter
    is an error (the corpus never needs one in data cells)."""
    out = []
    for ch in nfc(s):
        if ord(ch) < 0x80:
            out.append(ord((ch.lower() if caps_font else ch)))
            continue
        if caps_font:
            ch = ch.lower()
        if ch in _TCVN3_UPPER:
            out.append(_TCVN3_UPPER[ch])
            continue
        base, tone = _split_letter(ch)
        if base in _TCVN3_VOWELS and _TCVN3_VOWELS[base][tone] is not None:
            out.append(_TCVN3_VOWELS[base][tone])
            continue
        raise ValueError(f"no TCVN3 code for {ch!r} in {s!r}")
    return out


def tcvn3(s: str, caps_font: bool = False) -> str:
    """`s` as the characters a TCVN3 (.VnTime) cell holds: one Latin-1 character per byte."""
    return "".join(chr(b) for b in tcvn3_codes(s, caps_font))


def tcvn3_ok(s: str) -> bool:
    try:
        tcvn3_codes(s)
        return True
    except ValueError:
        return False


_TCVN3_DECODE = {}
_TONE_MARKS = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]
for _v, _codes in _TCVN3_VOWELS.items():
    for _t, _c in enumerate(_codes):
        if _c is not None:
            _TCVN3_DECODE[_c] = nfc(_v + _TONE_MARKS[_t])
for _k, _c in _TCVN3_UPPER.items():
    _TCVN3_DECODE[_c] = _k


def tcvn3_decode(s: str) -> str:
    return "".join(_TCVN3_DECODE.get(ord(c), c) for c in s)


# VNI-Windows: a base letter followed by one or two mark characters, as in the
# public VNI tables of xvnkb (vni.h) and vietnamese-conversion (charsets.ts).
_VNI_TONE = {1: "ù", 2: "ø", 3: "û", 4: "õ", 5: "ï"}  # after a plain vowel, ơ or ư
_VNI_CIRC = {0: "â", 1: "á", 2: "à", 3: "å", 4: "ã", 5: "ä"}  # â ê ô
_VNI_BREVE = {0: "ê", 1: "é", 2: "è", 3: "ú", 4: "ü", 5: "ë"}  # ă
_VNI_I = {0: "i", 1: "í", 2: "ì", 3: "æ", 4: "ó", 5: "ò"}


def vni(s: str) -> str:
    out = []
    for ch in nfc(s):
        if ord(ch) < 0x80:
            out.append(ch)
            continue
        upper = ch.isupper()
        low = ch.lower()
        if low == "đ":
            out.append("Ñ" if upper else "ñ")
            continue
        base, tone = _split_letter(low)
        d = unicodedata.normalize("NFD", base)
        letter, mod = d[0], d[1:]
        if letter == "i" and not mod:
            piece = _VNI_I[tone]
        elif letter == "y" and tone == 5:
            piece = "î"
        elif mod == "\u0302":  # circumflex
            piece = letter + _VNI_CIRC[tone]
        elif mod == "\u0306":  # breve
            piece = letter + _VNI_BREVE[tone]
        elif mod == "\u031b":  # horn: ơ → ô, ư → ö
            piece = {"o": "ô", "u": "ö"}[letter] + (_VNI_TONE[tone] if tone else "")
        elif not mod and letter in "aeouy":
            piece = letter + (_VNI_TONE[tone] if tone else "")
        else:
            raise ValueError(f"no VNI code for {ch!r}")
        out.append(piece.upper() if upper else piece)
    return "".join(out)


def cp1258_bytes(s: str) -> bytes:
    """`s` in Windows-1258 as Windows writes it: a precomposed letter where
    the code page has one, otherwise a letter that it has followed by the
    combining tone mark ("ệ" → "ê" + U+0323)."""
    out = bytearray()
    for ch in nfc(s):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        d = unicodedata.normalize("NFD", ch)
        base, marks = d[0], d[1:]
        done = False
        for size in range(len(marks), -1, -1):
            for keep in combinations(range(len(marks)), size):
                head = nfc(base + "".join(marks[i] for i in keep))
                rest = "".join(marks[i] for i in range(len(marks)) if i not in keep)
                if len(head) != 1:
                    continue
                try:
                    out += head.encode("cp1258") + rest.encode("cp1258")
                    done = True
                    break
                except UnicodeEncodeError:
                    continue
            if done:
                break
        if not done:
            raise ValueError(f"no Windows-1258 form for {ch!r}")
    return bytes(out)


def vi_number(d: Decimal | int | float, decimals: int | None = None) -> str:
    """A number the Vietnamese way: dot between thousands, decimal comma."""
    d = Decimal(str(d))
    if decimals is not None:
        d = d.quantize(Decimal(1).scaleb(-decimals))
    neg = d < 0
    t = format(abs(d), "f")
    ip, _, fp = t.partition(".")
    if decimals is None:
        fp = fp.rstrip("0")
    groups = []
    while len(ip) > 3:
        groups.insert(0, ip[-3:])
        ip = ip[:-3]
    groups.insert(0, ip)
    s = ".".join(groups) + ("," + fp if fp else "")
    return ("-" if neg else "") + s


# ---------------------------------------------------------------------------
# The officers' world: places, facilities, products

DISTRICTS = ["TP Vĩnh Long", "TX Bình Minh", "Bình Tân", "Long Hồ", "Mang Thít", "Tam Bình", "Trà Ôn", "Vũng Liêm"]

COMMUNES = {
    "TP Vĩnh Long": ["Phường 1", "Phường 2", "Phường 3", "Phường 4", "Phường 5", "Phường 8", "Phường 9",
                     "Tân Ngãi", "Tân Hòa", "Tân Hội", "Trường An"],
    "TX Bình Minh": ["Cái Vồn", "Thành Phước", "Đông Thuận", "Mỹ Hòa", "Đông Thạnh", "Đông Bình", "Thuận An"],
    "Bình Tân": ["Tân Quới", "Tân Lược", "Tân Thành", "Thành Đông", "Thành Lợi", "Mỹ Thuận", "Nguyễn Văn Thảnh",
                 "Tân Bình", "Tân An Thạnh", "Thành Trung"],
    "Long Hồ": ["Long Hồ", "Phú Quới", "Thanh Đức", "Lộc Hòa", "Hòa Ninh", "Bình Hòa Phước", "An Bình",
                "Long Phước", "Phước Hậu", "Tân Hạnh", "Đồng Phú", "Hòa Phú", "Long An", "Phú Đức"],
    "Mang Thít": ["Cái Nhum", "Mỹ An", "Mỹ Phước", "An Phước", "Nhơn Phú", "Long Mỹ", "Hòa Tịnh", "Chánh Hội",
                  "Bình Phước", "Chánh An", "Tân An Hội", "Tân Long", "Tân Long Hội"],
    "Tam Bình": ["Tam Bình", "Tường Lộc", "Mỹ Lộc", "Song Phú", "Long Phú", "Phú Thịnh", "Hòa Hiệp", "Ngãi Tứ",
                 "Loan Mỹ", "Bình Ninh", "Hậu Lộc", "Mỹ Thạnh Trung", "Phú Lộc", "Tân Lộc", "Hòa Lộc"],
    "Trà Ôn": ["Trà Ôn", "Hựu Thành", "Thới Hòa", "Lục Sĩ Thành", "Trà Côn", "Tân Mỹ", "Vĩnh Xuân", "Thuận Thới",
               "Hòa Bình", "Xuân Hiệp", "Thiện Mỹ", "Tích Thiện", "Nhơn Bình", "Phú Thành"],
    "Vũng Liêm": ["Vũng Liêm", "Trung Thành", "Trung Hiệp", "Trung Ngãi", "Quới Thiện", "Thanh Bình",
                  "Hiếu Phụng", "Hiếu Thành", "Tân Quới Trung", "Quới An", "Trung Chánh", "Trung An",
                  "Hiếu Nhơn", "Tân An Luông"],
}
HAMLETS = ["Mỹ Thuận", "Phước Hòa", "An Thới", "Thuận Phú", "Tân Hưng", "Long Hòa", "Phú Thạnh", "Tân Thuận",
           "Bình Lương", "Hòa Quí", "Phước Thới", "Thạnh Hựu", "Cái Sơn", "Mỹ Hưng", "An Hương"]
STREETS = ["Phạm Thái Bường", "Trần Phú", "Nguyễn Huệ", "Phó Cơ Điều", "Lê Thái Tổ", "Đinh Tiên Hoàng", "Mậu Thân"]

# (key, name in a facility's name, sector, machines, goods, trade taught)
PRODUCTS = [
    ("banh_trang", "bánh tráng", "che_bien_nong_san", ["máy tráng bánh tự động", "máy sấy bánh tráng bằng nhiệt"],
     ["Bánh tráng rế", "Bánh tráng sữa"]),
    ("banh_phong", "bánh phồng", "che_bien_nong_san", ["máy cán bột bánh phồng", "lò sấy bánh phồng"],
     ["Bánh phồng nếp", "Bánh phồng khoai mì"]),
    ("gom_do", "gốm đỏ", "vat_lieu_xay_dung", ["lò nung gốm liên hoàn", "máy nhào trộn đất sét"],
     ["Gốm đỏ mỹ nghệ", "Chậu gốm trang trí"]),
    ("gach", "gạch ngói", "vat_lieu_xay_dung", ["máy đùn ép gạch chân không", "máy cắt gạch tự động"],
     ["Gạch tàu", "Ngói âm dương"]),
    ("co_khi", "cơ khí", "co_khi", ["máy tiện CNC", "máy cắt plasma CNC", "máy chấn tôn thủy lực"],
     ["Máy bơm nước nông nghiệp", "Khung nhà tiền chế"]),
    ("say", "nông sản sấy", "che_bien_nong_san", ["máy sấy nông sản bằng năng lượng mặt trời",
                                                  "máy đóng gói hút chân không"],
     ["Khoai lang tím sấy", "Chuối sấy dẻo"]),
    ("bun", "bún tươi", "che_bien_nong_san", ["máy ép bún liên hoàn", "nồi hơi công nghiệp"], ["Bún tươi", "Bún khô"]),
    ("hu_tieu", "hủ tiếu", "che_bien_nong_san", ["máy tráng hủ tiếu", "máy cắt sợi hủ tiếu"],
     ["Hủ tiếu khô", "Bánh canh"]),
    ("nuoc_da", "nước đá", "khac", ["dây chuyền sản xuất nước đá viên tinh khiết"], ["Nước đá viên"]),
    ("nuoc_uong", "nước uống đóng chai", "che_bien_nong_san",
     ["hệ thống lọc nước RO", "máy chiết rót đóng nắp tự động"], ["Nước uống tinh khiết đóng bình"]),
    ("gao", "xay xát lúa gạo", "che_bien_nong_san", ["máy lau bóng gạo", "máy tách màu gạo"],
     ["Gạo thơm Vĩnh Long"]),
    ("go", "đồ gỗ", "thu_cong_my_nghe", ["máy chà nhám thùng", "máy CNC khắc gỗ"], ["Bàn ghế gỗ", "Tủ gỗ"]),
    ("may", "may mặc", "det_may_da_giay", ["máy may công nghiệp", "máy vắt sổ", "máy cắt vải tự động"],
     ["Đồng phục học sinh", "Quần tây"]),
    ("luc_binh", "đan lục bình", "thu_cong_my_nghe", ["máy sấy nguyên liệu lục bình"],
     ["Giỏ lục bình", "Thảm lục bình"]),
    ("chieu", "dệt chiếu", "thu_cong_my_nghe", ["máy dệt chiếu"], ["Chiếu lác"]),
    ("nuoc_mam", "nước mắm", "che_bien_nong_san", ["hệ thống lọc và chiết rót nước mắm"], ["Nước mắm cá linh"]),
    ("thuc_an", "thức ăn chăn nuôi", "che_bien_nong_san", ["máy ép viên thức ăn"], ["Thức ăn viên cho cá"]),
    ("bao_bi", "bao bì", "bao_bi", ["máy in flexo", "máy dán thùng carton"], ["Thùng carton"]),
    ("cha_lua", "chả lụa", "che_bien_nong_san", ["máy xay giò chả", "nồi hấp công nghiệp"], ["Chả lụa", "Nem chua"]),
    ("ruou", "rượu nếp", "che_bien_nong_san", ["nồi chưng cất rượu inox"], ["Rượu nếp than"]),
]
FIELD_WORD = {"che_bien_nong_san": ["Thực phẩm", "Chế biến nông sản"], "vat_lieu_xay_dung": ["Vật liệu xây dựng"],
              "co_khi": ["Cơ khí"], "det_may_da_giay": ["May mặc"], "bao_bi": ["Bao bì"],
              "thu_cong_my_nghe": ["Thủ công mỹ nghệ", "Mỹ nghệ"], "khac": ["Sản xuất thương mại"]}
ALIASES = ["Tư Hiền", "Sáu Lành", "Ba Thu", "Hai Lúa", "Bảy Cường", "Năm Xinh", "Chín Nghĩa", "Tám Lợi",
           "Mười Đẹp", "Út Nhỏ", "Tư Sang", "Ba Đời", "Hai Thành", "Sáu Phước"]
BRANDS = ["Tân Phát", "Phước Thành", "Hưng Thịnh", "Thành Công", "Minh Phát", "Kim Long", "Phú Quý", "Thuận Phát",
          "Vĩnh Hưng", "An Khang", "Đại Lộc", "Trường Thịnh", "Tấn Lợi", "Hoàng Long", "Nam Việt", "Phú Thịnh",
          "Ngọc Ánh", "Mekong Xanh", "Hòa Bình", "Thiên Phúc"]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý", "Trương"]
MIDDLE = {"m": ["Văn", "Hữu", "Minh", "Thanh", "Quốc"], "f": ["Thị", "Ngọc", "Thị Kim", "Thị Thu"]}
GIVEN = {"m": ["Tám", "Phúc", "Dũng", "Hùng", "Long", "Khánh", "Tài", "Lợi", "Nghĩa", "Phong", "Trí", "Cường"],
         "f": ["Hoa", "Lan", "Mai", "Ngọc", "Thu", "Kim", "Hằng", "Trang", "Nga", "Xuân", "Hạnh", "Diễm"]}
KIND_LABEL = {"doanh_nghiep": "Doanh nghiệp", "hop_tac_xa": "Hợp tác xã", "to_hop_tac": "Tổ hợp tác",
              "ho_kinh_doanh": "Hộ kinh doanh"}
SECTOR_LABEL = {"che_bien_nong_san": "Chế biến nông sản, thực phẩm", "det_may_da_giay": "Dệt may, da giày",
                "bao_bi": "Bao bì", "co_khi": "Cơ khí", "thu_cong_my_nghe": "Thủ công mỹ nghệ",
                "vat_lieu_xay_dung": "Vật liệu xây dựng", "khac": "Ngành khác"}


def cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def person(rng: random.Random, sex: str | None = None) -> str:
    sex = sex or rng.choice("mf")
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}"


@dataclass
class Facility:
    name: str
    kind: str
    tax: str
    rep: str
    phone: str
    address: str
    commune: str
    district: str
    sector: str
    product: tuple


def make_facilities() -> list[Facility]:
    rng = rng_for("facilities")
    out, seen = [], set()
    while len(out) < 160:
        prod = rng.choice(PRODUCTS)
        district = rng.choice(DISTRICTS)
        commune = rng.choice(COMMUNES[district])
        kind = rng.choices(["ho_kinh_doanh", "hop_tac_xa", "doanh_nghiep", "to_hop_tac"], [5, 2, 4, 1])[0]
        bare = district.replace("TP ", "").replace("TX ", "")
        if kind == "ho_kinh_doanh":
            form = rng.random()
            if form < 0.45:
                name = f"Cơ sở {prod[1]} {rng.choice(ALIASES)}"
            elif form < 0.75:
                name = f"Cơ sở {prod[1]} {commune}" if not commune.startswith("Phường") else f"Cơ sở {prod[1]} {bare}"
            else:
                name = f"Hộ kinh doanh {person(rng)}"
        elif kind == "hop_tac_xa":
            name = f"HTX {cap(prod[1])} {rng.choice([bare, commune])}"
        elif kind == "to_hop_tac":
            name = f"Tổ hợp tác {prod[1]} {commune}"
        else:
            fw = rng.choice(FIELD_WORD[prod[2]])
            name = rng.choice([f"Công ty TNHH {fw} {rng.choice(BRANDS)}", f"Công ty TNHH MTV {fw} {rng.choice(BRANDS)}",
                               f"DNTN {rng.choice(BRANDS)}", f"Công ty Cổ phần {fw} {rng.choice(BRANDS)}"])
        if name in seen:
            continue
        seen.add(name)
        tax = "15" + "".join(str(rng.randrange(10)) for _ in range(8))
        phone = rng.choice([f"0270 3 8{rng.randrange(10)}{rng.randrange(10)} {rng.randrange(100, 1000)}",
                            f"09{rng.randrange(10)}{rng.randrange(10)} {rng.randrange(100, 1000)} {rng.randrange(100, 1000)}"])
        if commune.startswith("Phường"):
            address = f"Số {rng.randrange(2, 300)}, đường {rng.choice(STREETS)}"
        else:
            address = f"Số {rng.randrange(2, 200)}, ấp {rng.choice(HAMLETS)}"
        out.append(Facility(name, kind, tax, person(rng), phone, address, commune, district, prod[2], prod))
    return out


FACILITIES = make_facilities()

SOURCES = {"quoc_gia": "Khuyến công quốc gia", "dia_phuong": "Khuyến công địa phương"}
CONTENT_LABEL = {
    "may_moc_thiet_bi": "Ứng dụng máy móc thiết bị tiên tiến", "mo_hinh_trinh_dien": "Mô hình trình diễn kỹ thuật",
    "san_pham_tieu_bieu": "Sản phẩm CNNT tiêu biểu", "hoi_cho_trien_lam": "Hội chợ, triển lãm",
    "san_xuat_sach_hon": "Sản xuất sạch hơn", "tu_van": "Tư vấn", "thong_tin": "Thông tin tuyên truyền",
    "lien_ket_cum_cong_nghiep": "Liên kết, cụm công nghiệp", "chuyen_doi_so_xanh": "Chuyển đổi số, chuyển đổi xanh",
}
# How group rows name a content (sub-group rows "1.", "A.").
CONTENT_GROUP = {
    "may_moc_thiet_bi": "Hỗ trợ ứng dụng máy móc thiết bị tiên tiến",
    "mo_hinh_trinh_dien": "Xây dựng mô hình trình diễn kỹ thuật",
    "hoi_cho_trien_lam": "Hỗ trợ tham gia hội chợ, triển lãm",
    "tu_van": "Tư vấn, hỗ trợ cơ sở công nghiệp nông thôn",
    "san_xuat_sach_hon": "Hỗ trợ áp dụng sản xuất sạch hơn",
    "san_pham_tieu_bieu": "Bình chọn sản phẩm công nghiệp nông thôn tiêu biểu",
    "thong_tin": "Thông tin tuyên truyền về khuyến công",
}
STATUS_LABEL = {"de_xuat": "Đề xuất", "phe_duyet": "Đã phê duyệt", "dang_thuc_hien": "Đang thực hiện",
                "nghiem_thu": "Đã nghiệm thu", "quyet_toan": "Đã quyết toán", "dung": "Dừng thực hiện", "huy": "Đã hủy"}
TRAINING_LABEL = {"dao_tao_nghe": "Đào tạo nghề", "truyen_nghe": "Truyền nghề", "tap_huan": "Tập huấn",
                  "hoi_thao": "Hội thảo", "tham_quan": "Tham quan, khảo sát"}
DESIGN_LABEL = {"bao_bi": "Thiết kế bao bì", "mau_ma": "Thiết kế mẫu mã", "nhan_mac": "Nhãn mác",
                "nhan_hieu": "Đăng ký nhãn hiệu"}
FAIRS = ["Hội chợ Công Thương vùng Đồng bằng sông Cửu Long", "Hội chợ Triển lãm hàng Việt Nam chất lượng cao",
         "Hội chợ Nông nghiệp quốc tế", "Hội chợ Khuyến công vùng Đồng bằng sông Cửu Long",
         "Hội chợ Thương mại - Du lịch tỉnh Vĩnh Long"]
CENTRE = "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp tỉnh Vĩnh Long"

# Written forms of coded values that the corpus uses: (field, written) → code.
SPELLINGS: dict[tuple[str, str], str] = {}


def spelled(field_key: str, written: str, code: str) -> str:
    SPELLINGS[(field_key, written)] = code
    return written


# ---------------------------------------------------------------------------
# Record generators. Money is whole đồng; a record is a dict of import keys.

def pick_facilities(rng, n, pred=lambda f: True, distinct=True):
    pool = [f for f in FACILITIES if pred(f)]
    if distinct and n <= len(pool):
        return rng.sample(pool, n)
    return [rng.choice(pool) for _ in range(n)]


def million(rng, lo, hi, step=Decimal("0.5")) -> int:
    steps = int((Decimal(hi) - Decimal(lo)) / step)
    v = Decimal(lo) + step * rng.randrange(steps + 1)
    return int(v * 1_000_000)


def project_title(rng, content, fac: Facility | None, year):
    p = fac.product if fac else rng.choice(PRODUCTS)
    if content == "may_moc_thiet_bi":
        return rng.choice([f"Hỗ trợ ứng dụng {rng.choice(p[3])} vào sản xuất {p[1]}",
                           f"Ứng dụng {rng.choice(p[3])} trong sản xuất {p[1]}",
                           f"Hỗ trợ ứng dụng {rng.choice(p[3])} nâng cao năng suất sản xuất {p[1]}"])
    if content == "mo_hinh_trinh_dien":
        return f"Xây dựng mô hình trình diễn kỹ thuật {rng.choice(p[3])} sản xuất {p[1]}"
    if content == "hoi_cho_trien_lam":
        return f"Hỗ trợ cơ sở công nghiệp nông thôn tham gia {rng.choice(FAIRS)} năm {year}"
    if content == "tu_van":
        return rng.choice([f"Tư vấn xây dựng hệ thống quản lý chất lượng cho cơ sở {p[1]}",
                           f"Tư vấn lập dự án đầu tư mở rộng sản xuất {p[1]}"])
    if content == "san_xuat_sach_hon":
        return f"Hỗ trợ áp dụng sản xuất sạch hơn trong sản xuất {p[1]}"
    if content == "san_pham_tieu_bieu":
        return f"Tổ chức bình chọn sản phẩm công nghiệp nông thôn tiêu biểu cấp tỉnh năm {year}"
    if content == "thong_tin":
        return f"Xây dựng chương trình truyền hình về hoạt động khuyến công năm {year}"
    if content == "chuyen_doi_so_xanh":
        return f"Hỗ trợ chuyển đổi số trong quản lý sản xuất {p[1]}"
    return f"Hỗ trợ phát triển sản xuất {p[1]}"


def money_for(rng, source, content):
    if content == "may_moc_thiet_bi":
        s = million(rng, 250, 300, Decimal(5)) if source == "quoc_gia" else million(rng, 60, 300)
        c = int(s * rng.choice([1.2, 1.5, 1.6, 2, 2.2, 2.5]) // 100_000 * 100_000)
    elif content == "mo_hinh_trinh_dien":
        s = million(rng, 300, 1000, Decimal(10))
        c = int(s * rng.choice([2, 2.5, 3, 4]) // 1_000_000 * 1_000_000)
    elif content == "hoi_cho_trien_lam":
        s, c = million(rng, 15, 80), rng.choice([0, 0, million(rng, 5, 20)])
    elif content == "tu_van":
        s, c = million(rng, 20, 60), million(rng, 10, 40)
    elif content == "san_xuat_sach_hon":
        s, c = million(rng, 50, 150), million(rng, 60, 200)
    else:
        s, c = million(rng, 30, 150), 0
    return s, c


def status_for(rng, year):
    if year <= 2021:
        return rng.choices(["quyet_toan", "nghiem_thu", "dung"], [6, 3, 1])[0]
    if year <= 2023:
        return rng.choices(["nghiem_thu", "dang_thuc_hien", "quyet_toan"], [4, 4, 2])[0]
    return rng.choices(["phe_duyet", "dang_thuc_hien", "de_xuat"], [4, 4, 1])[0]


def decision_for(rng, source, year):
    n = rng.randrange(12, 2600)
    suffix = rng.choice(["QĐ-BCT", "QĐ-BCT"]) if source == "quoc_gia" else rng.choice(["QĐ-SCT", "QĐ-UBND", "QĐ-SCT"])
    return f"{n}/{suffix}"


def gen_projects(rng, plan, years, fac_pred=lambda f: True, facilities=None):
    """plan: list of (source, content, count). Returns records in plan order."""
    recs = []
    n_total = sum(p[2] for p in plan)
    facs = facilities or pick_facilities(rng, n_total, fac_pred)
    i = 0
    for source, content, count in plan:
        for _ in range(count):
            fac = facs[i % len(facs)]
            i += 1
            year = rng.choice(years) if isinstance(years, (list, tuple)) else years
            if content in ("hoi_cho_trien_lam", "san_pham_tieu_bieu", "thong_tin"):
                fac_used = None
            else:
                fac_used = fac
            s, c = money_for(rng, source, content)
            approved = dt.date(year, rng.randrange(2, 10), rng.randrange(1, 29))
            rec = {
                "nam": year, "ten_de_an": project_title(rng, content, fac_used, year), "nguon_kinh_phi": source,
                "noi_dung": content, "ten_co_so": fac_used.name if fac_used else "",
                "ma_so_thue": fac_used.tax if fac_used else "",
                "huyen": fac_used.district if fac_used else (fac.district),
                "xa_phuong": fac_used.commune if fac_used else fac.commune,
                "kinh_phi_ho_tro": s, "von_doi_ung": c, "trang_thai": status_for(rng, year),
                "so_quyet_dinh": decision_for(rng, source, year), "ngay_phe_duyet": approved,
                "_fac": fac_used,
            }
            recs.append(rec)
    return recs


TRAINING_NAMES = {
    "dao_tao_nghe": [("Lớp đào tạo nghề may công nghiệp", "May công nghiệp"), ("Lớp đào tạo nghề hàn điện", "Hàn điện"),
                     ("Lớp đào tạo nghề sửa chữa máy nông nghiệp", "Sửa chữa máy nông nghiệp"),
                     ("Lớp đào tạo nghề may công nghiệp (khóa 2)", "May công nghiệp")],
    "truyen_nghe": [("Lớp truyền nghề đan lục bình", "Đan lục bình"), ("Lớp truyền nghề làm gốm mỹ nghệ", "Gốm mỹ nghệ"),
                    ("Lớp truyền nghề đan đát tre trúc", "Đan đát tre trúc"), ("Lớp truyền nghề dệt chiếu", "Dệt chiếu")],
    "tap_huan": [("Tập huấn nâng cao năng lực quản lý cho cơ sở công nghiệp nông thôn", "Quản lý"),
                 ("Tập huấn kỹ năng bán hàng trên sàn thương mại điện tử", "Thương mại điện tử"),
                 ("Tập huấn áp dụng sản xuất sạch hơn", "Sản xuất sạch hơn")],
    "hoi_thao": [("Hội thảo giới thiệu máy móc thiết bị tiên tiến trong chế biến nông sản", ""),
                 ("Hội thảo phát triển sản phẩm công nghiệp nông thôn tiêu biểu", ""),
                 ("Hội thảo chuyển đổi số cho cơ sở công nghiệp nông thôn", "")],
    "tham_quan": [("Tham quan, khảo sát học tập kinh nghiệm khuyến công tại tỉnh Đồng Tháp", ""),
                  ("Tham quan, khảo sát mô hình sản xuất gốm tại tỉnh Bình Dương", "")],
}


def gen_trainings(rng, plan, years, with_facility=True):
    recs = []
    for kind, count in plan:
        for _ in range(count):
            year = rng.choice(years) if isinstance(years, (list, tuple)) else years
            name, trade = rng.choice(TRAINING_NAMES[kind])
            district = rng.choice(DISTRICTS)
            commune = rng.choice(COMMUNES[district])
            if kind in ("dao_tao_nghe", "truyen_nghe"):
                n = rng.randrange(20, 36)
                female = n if "may" in name.lower() and rng.random() < 0.3 else rng.randrange(n // 3, n)
                start = dt.date(year, rng.randrange(3, 9), rng.randrange(1, 28))
                end = start + dt.timedelta(days=rng.randrange(30, 90))
                cost = million(rng, 40, 160)
            elif kind == "tham_quan":
                n = rng.randrange(15, 30)
                female = rng.randrange(3, n // 2)
                start = dt.date(year, rng.randrange(3, 11), rng.randrange(1, 25))
                end = start + dt.timedelta(days=rng.randrange(1, 4))
                cost = million(rng, 40, 90)
            else:
                n = rng.randrange(40, 120)
                female = rng.randrange(n // 4, n // 2)
                start = dt.date(year, rng.randrange(3, 12), rng.randrange(1, 28))
                end = start
                cost = million(rng, 15, 60)
            fac = None
            if with_facility and kind in ("dao_tao_nghe", "truyen_nghe"):
                fac = rng.choice([f for f in FACILITIES if f.district == district] or FACILITIES)
                commune = fac.commune
            if kind in ("dao_tao_nghe", "truyen_nghe") and not name.endswith(")"):
                name = f"{name} tại xã {commune}" if not commune.startswith("Phường") else f"{name} tại {commune}"
            recs.append({
                "nam": year, "ten_lop": name, "loai": kind, "nganh_nghe": trade,
                "ten_co_so": fac.name if fac else "", "huyen": district, "xa_phuong": commune,
                "so_hoc_vien": n, "so_hoc_vien_nu": female, "tu_ngay": start, "den_ngay": end,
                "nguon_kinh_phi": "dia_phuong" if rng.random() < 0.8 else "quoc_gia", "kinh_phi": cost,
            })
    return recs


def gen_design(rng, n, years, fac_pred=lambda f: True):
    recs = []
    for fac in pick_facilities(rng, n, lambda f: f.kind != "doanh_nghiep" or rng.random() < 0.5):
        if not fac_pred(fac):
            continue
        year = rng.choice(years) if isinstance(years, (list, tuple)) else years
        form = rng.choices(list(DESIGN_LABEL), [5, 3, 2, 2])[0]
        recs.append({
            "nam": year, "ten_co_so": fac.name, "ma_so_thue": fac.tax, "san_pham": rng.choice(fac.product[4]),
            "hinh_thuc": form, "nguon_kinh_phi": "dia_phuong", "kinh_phi_ho_tro": million(rng, 8, 40),
            "huyen": fac.district, "xa_phuong": fac.commune, "_fac": fac,
        })
    return recs


def gen_facilities(rng, n, pred=lambda f: True):
    return [{"ten_co_so": f.name, "loai_hinh": f.kind, "ma_so_thue": f.tax, "nguoi_dai_dien": f.rep,
             "dien_thoai": f.phone, "dia_chi": f.address, "xa_phuong": f.commune, "huyen": f.district,
             "nganh": f.sector, "_fac": f} for f in pick_facilities(rng, n, pred)]


# ---------------------------------------------------------------------------
# A sheet as the officer sees it: cells, merges, hidden rows and columns.
# Every row carries a tag saying what it is, for the manifest's "skipped".

@dataclass
class C:
    v: object = None
    fmt: str | None = None
    bold: bool = False
    italic: bool = False
    underline: bool = False
    strike: bool = False
    size: float | None = None
    font: str | None = None
    h: str | None = None
    wrap: bool = False
    border: bool = False
    formula: str | None = None  # written to xlsx instead of v (v is the value it computes)


class Sheet:
    def __init__(self, name, state="visible", font="Times New Roman", size=12):
        self.name, self.state, self.font, self.size = name, state, font, size
        self.cells: dict[tuple[int, int], C] = {}
        self.merges: list[tuple[int, int, int, int]] = []
        self.hidden_rows: set[int] = set()
        self.hidden_cols: set[int] = set()
        self.widths: dict[int, float] = {}
        self.autofilter: tuple | None = None  # (ref, col offset, [values])
        self.validations: list[tuple[str, str]] = []
        self.tags: dict[int, str] = {}
        self.landscape = True
        self.money_cols: list[tuple[int, str, str, str]] = []  # (column, key, unit, style) of the data table
        self.row_recs: dict[int, dict] = {}

    def put(self, r, c, v, **kw):
        self.cells[(r, c)] = C(v, **kw)
        return self.cells[(r, c)]

    def merge(self, r1, c1, r2, c2):
        if (r1, c1) != (r2, c2):
            self.merges.append((r1, c1, r2, c2))

    def tag(self, r, t):
        self.tags[r] = t


@dataclass
class Col:
    key: str | None
    top: str
    sub: str | None = None
    fn: object = None  # record → value or C
    sumfn: object = None  # total đồng → value or C (money columns)
    w: float = 12
    num: str | None = None  # text of the column-number row
    money_key: str | None = None
    unit: str = "trieu"
    style: str = "num"


@dataclass
class Rec:
    rec: dict
    stt: object = None
    hidden: bool = False
    strike: bool = False


@dataclass
class Group:
    text: str
    stt: object = None
    span: bool = False
    sums: list | None = None  # records whose sums the group row shows
    italic: bool = False


@dataclass
class Sub:
    label: str | None
    recs: list = field(default_factory=list)
    parts: list | None = None  # other Sub items this one adds up (formula mode)
    formula: bool = False
    span_label: bool = False
    row: int = 0


@dataclass
class Blank:
    border: bool = True


def as_cell(v) -> C:
    return v if isinstance(v, C) else C(v)


def sum_formula(col_letter, rows):
    rows = sorted(rows)
    runs, start, prev = [], None, None
    for r in rows:
        if start is None:
            start = prev = r
        elif r == prev + 1:
            prev = r
        else:
            runs.append((start, prev))
            start = prev = r
    if start is not None:
        runs.append((start, prev))
    parts = [f"{col_letter}{a}:{col_letter}{b}" if a != b else f"{col_letter}{a}" for a, b in runs]
    return "=SUM(" + ",".join(parts) + ")"


def write_table(sh: Sheet, r0: int, c0: int, cols: list[Col], items: list, *, colnum=None, enc=lambda s: s,
                merge_cols=(), border=True, title_col=None, header_tag="header"):
    """Writes the header, the optional column-number row and the items; returns
    the next free row and a map record id → row."""
    two = any(c.sub for c in cols)
    bold_center = dict(bold=True, h="center", wrap=True, border=border)
    i = 0
    while i < len(cols):
        col = cols[i]
        cc = c0 + i
        if col.sub is None:
            sh.put(r0, cc, enc(col.top), **bold_center)
            if two:
                sh.put(r0 + 1, cc, None, border=border)
                sh.merge(r0, cc, r0 + 1, cc)
            i += 1
        else:
            j = i
            while j + 1 < len(cols) and cols[j + 1].sub is not None and cols[j + 1].top == col.top:
                j += 1
            sh.put(r0, cc, enc(col.top), **bold_center)
            for k in range(i + 1, j + 1):
                sh.put(r0, c0 + k, None, border=border)
            sh.merge(r0, cc, r0, c0 + j)
            for k in range(i, j + 1):
                sh.put(r0 + 1, c0 + k, enc(cols[k].sub), **bold_center)
            i = j + 1
    for k, col in enumerate(cols):
        sh.widths[c0 + k] = col.w
        if col.money_key and not col.money_key.startswith("_"):
            sh.money_cols.append((c0 + k, col.money_key, col.unit, col.style))
    sh.tag(r0, header_tag)
    if two:
        sh.tag(r0 + 1, header_tag)
    r = r0 + (2 if two else 1)
    if colnum:
        for k, col in enumerate(cols):
            if colnum == "paren":
                v = col.num or f"({k + 1})"
            elif colnum == "numbers":
                v = col.num or (k + 1)
            else:
                v = col.num or str(k + 1)
            sh.put(r, c0 + k, v, italic=True, h="center", border=border)
        sh.tag(r, "colnum")
        r += 1
    if title_col is None:
        title_col = next((k for k, c in enumerate(cols) if c.key not in (None, "_stt")), 1)
    stt_col = next((k for k, c in enumerate(cols) if c.key == "_stt"), None)
    rows: dict[int, int] = {}
    first_data = r
    for it in items:
        if isinstance(it, Rec):
            for k, col in enumerate(cols):
                if col.key == "_stt":
                    cell = as_cell(it.stt)
                else:
                    cell = as_cell(col.fn(it.rec) if col.fn else it.rec.get(col.key))
                if isinstance(cell.v, str):
                    cell.v = enc(cell.v)
                cell.border = border
                cell.strike = cell.strike or it.strike
                if col.key == "_stt":
                    cell.h = "center"
                sh.cells[(r, c0 + k)] = cell
            rows[id(it.rec)] = r
            sh.row_recs[r] = it.rec
            sh.tag(r, "hidden" if it.hidden else "rec")
            if it.hidden:
                sh.hidden_rows.add(r)
        elif isinstance(it, Group):
            for k in range(len(cols)):
                sh.put(r, c0 + k, None, border=border)
            if it.span:
                sh.put(r, c0, enc(it.text), bold=True, italic=it.italic, border=border)
                sh.merge(r, c0, r, c0 + len(cols) - 1)
            else:
                if it.stt is not None and stt_col is not None:
                    sh.put(r, c0 + stt_col, enc(str(it.stt)) if isinstance(it.stt, str) else it.stt,
                           bold=True, h="center", border=border)
                sh.put(r, c0 + title_col, enc(it.text), bold=True, italic=it.italic, border=border)
                if it.sums is not None:
                    for k, col in enumerate(cols):
                        if col.money_key:
                            total = sum(x.get(col.money_key) or 0 for x in it.sums)
                            cell = as_cell(col.sumfn(total))
                            cell.bold, cell.border = True, border
                            sh.cells[(r, c0 + k)] = cell
            sh.tag(r, "group")
        elif isinstance(it, Sub):
            it.row = r
            if it.label:
                SUBTOTAL_LABELS.add(it.label)
            for k in range(len(cols)):
                sh.put(r, c0 + k, None, border=border)
            if it.label is not None:
                lc = c0 + (0 if it.span_label else title_col)
                sh.put(r, lc, enc(it.label), bold=True, h="center", border=border)
                if it.span_label:
                    sh.merge(r, c0, r, c0 + title_col)
            for k, col in enumerate(cols):
                if not col.money_key:
                    continue
                letter = get_column_letter(c0 + k)
                total = sum(x.get(col.money_key) or 0 for x in it.recs)
                cell = as_cell(col.sumfn(total))
                cell.bold, cell.border = True, border
                if it.formula:
                    if it.parts:
                        assert sum(len(p.recs) for p in it.parts) == len(it.recs)
                        cell.formula = "=" + "+".join(f"{letter}{p.row}" for p in it.parts)
                    else:
                        cell.formula = sum_formula(letter, [rows[id(x)] for x in it.recs])
                sh.cells[(r, c0 + k)] = cell
            sh.tag(r, "subtotal")
        elif isinstance(it, Blank):
            for k in range(len(cols)):
                sh.put(r, c0 + k, None, border=it.border and border)
            sh.tag(r, "blank")
        r += 1
    # Cells merged over the rows of a run of equal values (a year, a facility, a district).
    for k in merge_cols:
        rr = first_data
        while rr < r:
            if sh.tags.get(rr) != "rec":
                rr += 1
                continue
            v = sh.cells[(rr, c0 + k)].v
            end = rr
            while (end + 1 < r and sh.tags.get(end + 1) == "rec" and v not in (None, "")
                   and sh.cells[(end + 1, c0 + k)].v == v):
                end += 1
            if end > rr:
                for x in range(rr + 1, end + 1):
                    sh.cells[(x, c0 + k)].v = None
                sh.cells[(rr, c0 + k)].h = "center"
                sh.merge(rr, c0 + k, end, c0 + k)
            rr = end + 1
    return r, rows


def gov_header(sh: Sheet, c0: int, ncols: int, lines_left, lines_right=("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                                                                       "Độc lập - Tự do - Hạnh phúc"),
               enc=lambda s: s, r0=1):
    """The issuing bodies top left, the national motto top right; returns the next row."""
    left_w = max(2, ncols // 2 - 1)
    r = r0
    for i in range(max(len(lines_left), len(lines_right))):
        if i < len(lines_left):
            sh.put(r, c0, enc(lines_left[i]), bold=(i == len(lines_left) - 1), h="center")
            sh.merge(r, c0, r, c0 + left_w - 1)
        if i < len(lines_right):
            sh.put(r, c0 + left_w, enc(lines_right[i]), bold=True, h="center", underline=(i == 1))
            sh.merge(r, c0 + left_w, r, c0 + ncols - 1)
        sh.tag(r, "title")
        r += 1
    return r


def title_line(sh, r, c0, ncols, text, enc=lambda s: s, bold=True, italic=False, size=None, h="center"):
    sh.put(r, c0, enc(text), bold=bold, italic=italic, size=size, h=h)
    sh.merge(r, c0, r, c0 + ncols - 1)
    sh.tag(r, "title")
    return r + 1


def signature(sh, r, c0, ncols, date_text, left="Người lập biểu", right=("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"),
              names=("Nguyễn Thị Thu Hà", "Trần Văn Minh"), enc=lambda s: s, notes=()):
    """Notes and the signature block under a table; every written row is tagged "note"."""
    r += 1
    for n in notes:
        sh.put(r, c0, enc(n), italic=True)
        sh.merge(r, c0, r, c0 + ncols - 1)
        sh.tag(r, "note")
        r += 1
    rc = c0 + max(2, ncols - 4)
    sh.put(r, rc, enc(date_text), italic=True, h="center")
    sh.merge(r, rc, r, c0 + ncols - 1)
    sh.tag(r, "note")
    r += 1
    sh.put(r, c0, enc(left), bold=True, h="center")
    sh.merge(r, c0, r, c0 + 2)
    sh.put(r, rc, enc(right[0]), bold=True, h="center")
    sh.merge(r, rc, r, c0 + ncols - 1)
    sh.tag(r, "note")
    r += 1
    for extra in right[1:]:
        sh.put(r, rc, enc(extra), bold=True, h="center")
        sh.merge(r, rc, r, c0 + ncols - 1)
        sh.tag(r, "note")
        r += 1
    r += 3
    sh.put(r, c0, enc(names[0]), bold=True, h="center")
    sh.merge(r, c0, r, c0 + 2)
    sh.put(r, rc, enc(names[1]), bold=True, h="center")
    sh.merge(r, rc, r, c0 + ncols - 1)
    sh.tag(r, "note")
    return r + 1


# ---- cell renderers ---------------------------------------------------------

UNIT_DIV = {"dong": 1, "nghin": 1000, "trieu": 1_000_000, "ty": 1_000_000_000}


def money_value(dong, unit):
    d = Decimal(dong) / Decimal(UNIT_DIV[unit])
    return int(d) if d == d.to_integral_value() else float(d)


def money(key, unit="trieu", style="num", fmt=None, none="", zero=None, decimals=None):
    """A money column's renderers: style "num" (Excel number), "text" (3.900 / 278,5),
    "space" (1 234,5), "unit" (278,5 triệu), "point" (English: 1,235.5)."""
    if fmt is None:
        fmt = {"dong": "#,##0", "nghin": "#,##0", "trieu": "#,##0.0", "ty": "#,##0.000"}[unit]

    def render(dong):
        if dong is None:
            return C(none) if none else C(None)
        if dong == 0 and zero is not None:
            return C(zero, h="center")
        if style == "num":
            return C(money_value(dong, unit), fmt=fmt)
        d = Decimal(dong) / Decimal(UNIT_DIV[unit])
        t = vi_number(d, decimals)
        if style == "space":
            t = t.replace(".", " ")
        elif style == "unit":
            t += " triệu"
        elif style == "point":
            t = t.replace(".", "\0").replace(",", ".").replace("\0", ",")
        return C(t, h="right")

    return (lambda rec: render(rec.get(key))), render


def mcol(key, top, sub=None, unit="trieu", style="num", w=13, fmt=None, none="", zero=None, num=None, decimals=None):
    fn, sumfn = money(key, unit, style, fmt, none, zero, decimals)
    return Col(key, top, sub, fn, sumfn, w, num, money_key=key, unit=unit, style=style)


def date_text(d: dt.date, style):
    if d is None:
        return None
    if style == "excel":
        return C(d, fmt="dd/mm/yyyy", h="center")
    if style == "dmy":
        return f"{d.day:02d}/{d.month:02d}/{d.year}"
    if style == "dmy_short":
        return f"{d.day}/{d.month}/{d.year}"
    if style == "dmyy":
        return f"{d.day:02d}/{d.month:02d}/{d.year % 100:02d}"
    if style == "words":
        return f"ngày {d.day:02d} tháng {d.month} năm {d.year}"
    if style == "iso":
        return d.isoformat()
    raise ValueError(style)


def code_text(field_key, mapping):
    def fn(rec):
        code = rec.get(field_key)
        if not code:
            return None
        return spelled(field_key, mapping[code], code)
    return fn


def stt_items(recs, start=1, fmt=None, hidden=()):
    out = []
    n = start
    for rec in recs:
        h = id(rec) in hidden
        out.append(Rec(rec, stt=(fmt(n) if fmt else n), hidden=h))
        n += 1
    return out


# ---- writers ----------------------------------------------------------------

_STYLE_CACHE: dict = {}
THIN = Side(style="thin")


def write_xlsx(sheets: list[Sheet], path: Path):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for sh in sheets:
        ws = wb.create_sheet(sh.name)
        ws.sheet_state = sh.state
        for (r, c), cell in sorted(sh.cells.items()):
            x = ws.cell(row=r, column=c)
            if cell.formula is not None:
                x.value = cell.formula
            elif cell.v is not None:
                x.value = cell.v
            key = (cell.bold, cell.italic, cell.underline, cell.strike, cell.size, cell.font or sh.font)
            if key not in _STYLE_CACHE:
                _STYLE_CACHE[key] = Font(name=cell.font or sh.font, size=cell.size or sh.size, bold=cell.bold,
                                         italic=cell.italic, underline="single" if cell.underline else None,
                                         strike=cell.strike)
            x.font = _STYLE_CACHE[key]
            if cell.h or cell.wrap:
                x.alignment = Alignment(horizontal=cell.h, vertical="center", wrap_text=cell.wrap)
            if cell.border:
                x.border = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
            if cell.fmt:
                x.number_format = cell.fmt
        for (r1, c1, r2, c2) in sh.merges:
            ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
        for c, w in sh.widths.items():
            ws.column_dimensions[get_column_letter(c)].width = w
        for r in sh.hidden_rows:
            ws.row_dimensions[r].hidden = True
        for c in sh.hidden_cols:
            ws.column_dimensions[get_column_letter(c)].hidden = True
        if sh.autofilter:
            ref, col_off, values = sh.autofilter
            ws.auto_filter.ref = ref
            ws.auto_filter.add_filter_column(col_off, values)
        for sqref, formula in sh.validations:
            dv = DataValidation(type="list", formula1=formula, allow_blank=True)
            dv.add(sqref)
            ws.add_data_validation(dv)
        if sh.landscape:
            ws.page_setup.orientation = "landscape"
            ws.page_setup.paperSize = ws.PAPERSIZE_A4
    wb.properties.creator = "Trung tâm Khuyến công"
    fixed = dt.datetime(2023, 12, 15, 8, 0, 0)
    wb.properties.created = fixed
    wb.properties.modified = fixed
    wb.save(path)


def display(cell: C) -> str:
    """The text Excel shows (and writes to CSV) for a cell, Vietnamese regional settings."""
    v = cell.v
    if v is None:
        return ""
    if isinstance(v, (dt.date, dt.datetime)):
        return f"{v.day:02d}/{v.month:02d}/{v.year}"
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, (int, float)):
        if cell.fmt and "." in cell.fmt:
            return vi_number(Decimal(str(v)), len(cell.fmt.split(".")[1]))
        if cell.fmt and "," in cell.fmt:
            return vi_number(Decimal(str(v)), 0 if isinstance(v, int) or float(v).is_integer() else None)
        return vi_number(Decimal(str(v))) if isinstance(v, float) else str(v)
    return str(v)


def sheet_rows(sh: Sheet) -> list[list[str]]:
    if not sh.cells:
        return []
    max_r = max(r for r, _ in sh.cells)
    max_c = max(c for _, c in sh.cells if sh.cells[(_, c)].v is not None) if sh.cells else 1
    rows = []
    for r in range(1, max_r + 1):
        rows.append([display(sh.cells[(r, c)]) if (r, c) in sh.cells else "" for c in range(1, max_c + 1)])
    while rows and not any(rows[-1]):
        rows.pop()
    return rows


def csv_text(rows, delimiter=",") -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    for row in rows:
        w.writerow(row)
    return buf.getvalue()


# ---------------------------------------------------------------------------
# Books (one base table, written in several formats) and their truth

CLASSES = {
    1: "government layout: issuing bodies and motto, merged title, Đơn vị tính line, two-row merged header, "
       "column-number row, STT, group rows I./II. (funding source) and 1./A. (content), subtotals, Tổng cộng, "
       "notes and signature block",
    2: "subtotal row with no label whose amounts are the sums of the rows above it",
    3: "cells merged over several rows (year, facility, district) that apply to each row of the merge",
    4: "no year column: the year is in the title, or comes from the decision date",
    5: "hidden rows (withdrawn drafts, AutoFilter left on) and a hidden non-import column",
    6: "money units in headers or in the Đơn vị tính line (đồng, VNĐ, nghìn, 1.000 đồng, triệu, tr.đ, trđ, tỷ)",
    7: "amounts typed as text with thousands commas that cannot be told from decimals",
    8: "formula cells without a stored value",
    9: "several sheets: cover sheet, empty first sheet, hidden list sheet, data on the 2nd/3rd sheet, two data sheets",
    10: "header words officers use",
    11: "CSV encodings: UTF-8 with/without BOM, Windows-1258, UTF-16 (Unicode Text), an unknown encoding",
    12: "legacy fonts: TCVN3 (.VnTime) and VNI-Windows text, headers too, a column mixing Unicode and TCVN3",
    13: "place names written many ways; a district outside the former Vĩnh Long",
    14: "dates and numbers as officers write them",
    15: "the app's own template layout (headers are the import keys): control",
    16: "nasty but valid: wordy title row, blank rows inside the table, table at C9, trailing formatted rows, 300 rows",
}

KIND_FIELDS = {
    "projects": dict(texts=["ten_de_an", "ten_co_so", "ma_so_thue", "xa_phuong", "so_quyet_dinh", "ghi_chu"],
                     codes=["nguon_kinh_phi", "noi_dung", "trang_thai"], money=["kinh_phi_ho_tro", "von_doi_ung"],
                     counts=[], dates=["ngay_phe_duyet", "ngay_nghiem_thu"]),
    "trainings": dict(texts=["ten_lop", "nganh_nghe", "ten_co_so", "xa_phuong", "ghi_chu"],
                      codes=["loai", "nguon_kinh_phi"], money=["kinh_phi"], counts=["so_hoc_vien", "so_hoc_vien_nu"],
                      dates=["tu_ngay", "den_ngay"]),
    "design": dict(texts=["ten_co_so", "ma_so_thue", "san_pham", "xa_phuong", "ghi_chu"],
                   codes=["hinh_thuc", "nguon_kinh_phi"], money=["kinh_phi_ho_tro"], counts=[], dates=[]),
    "facilities": dict(texts=["ten_co_so", "ma_so_thue", "nguoi_dai_dien", "dien_thoai", "dia_chi", "xa_phuong", "tinh"],
                       codes=["loai_hinh", "nganh"], money=[], counts=[], dates=[]),
}

HEADERS_USED: dict[tuple[str, str], set] = {}
GROUP_TEXTS: dict[str, set] = {}
SUBTOTAL_LABELS: set = set()


def fields_of(cols) -> set:
    return {c.key for c in cols if c.key and not c.key.startswith("_")}


def note_headers(kind, cols, dec=lambda s: s):
    for c in cols:
        if c.key and not c.key.startswith("_"):
            h = dec(c.top) + (" / " + dec(c.sub) if c.sub else "")
            HEADERS_USED.setdefault((kind, c.key), set()).add(h)


def note_group(meaning, text):
    GROUP_TEXTS.setdefault(meaning, set()).add(text)


def truth(kind, recs, fields):
    kf = KIND_FIELDS[kind]
    t = {"count": len(recs)}
    sums = {}
    for k in kf["money"]:
        if k in fields:
            sums[k] = sum(r.get(k) or 0 for r in recs)
    for k in kf["counts"]:
        if k in fields:
            sums[k] = sum(r.get(k) or 0 for r in recs)
    if sums:
        t["sums"] = sums
    texts = {k: [nfc(r.get(k) or "") for r in recs] for k in kf["texts"] if k in fields}
    if texts:
        t["texts"] = texts
    codes = {}
    for k in kf["codes"]:
        if k in fields:
            cnt = {}
            for r in recs:
                if r.get(k):
                    cnt[r[k]] = cnt.get(r[k], 0) + 1
            codes[k] = dict(sorted(cnt.items()))
    if codes:
        t["codes"] = codes
    if kind != "facilities":
        years = {}
        for r in recs:
            years[str(r["nam"])] = years.get(str(r["nam"]), 0) + 1
        t["years"] = dict(sorted(years.items()))
    if "huyen" in fields:
        d = {}
        for r in recs:
            if r.get("huyen"):
                d[r["huyen"]] = d.get(r["huyen"], 0) + 1
        t["districts"] = dict(sorted(d.items()))
    dates = {k: [r[k].isoformat() if r.get(k) else None for r in recs] for k in kf["dates"] if k in fields}
    if dates:
        t["dates"] = dates
    amounts = {k: [r.get(k) or 0 for r in recs] for k in kf["money"] if k in fields}
    if amounts:
        t["amounts"] = amounts
    return t


@dataclass
class Entry:
    classes: list
    text: str
    expect: str = "import"
    options: dict = field(default_factory=dict)
    recs: list | None = None  # stored records (default: the visible ones)
    fields: set | None = None
    mentions: list | None = None
    why: str | None = None
    only: tuple | None = None  # formats this entry is for
    sheet: str | None = None  # data sheet the truth is about
    include_hidden: bool = False
    drop_texts: tuple = ()


@dataclass
class Book:
    base: str
    kind: str
    sheets: list
    formats: list
    entries: list
    data: str | None = None  # name of the data sheet (default: the only visible sheet with records)
    records: dict = field(default_factory=dict)  # sheet name → (visible recs, hidden recs)
    fields: dict = field(default_factory=dict)  # sheet name → fields


def skipped_of(sh: Sheet, include_hidden=False):
    rows = sorted(sh.tags)
    first = next((r for r in rows if sh.tags[r] == "header"), None)
    out = {"total": 0}
    for reason in ("colnum", "group", "subtotal", "hidden", "note"):
        n = sum(1 for r in rows if r > (first or 0) and sh.tags[r] == reason)
        if reason == "hidden" and include_hidden:
            n = 0
        out[reason] = n
        out["total"] += n
    return out


def book_recs(sh: Sheet, rows_map, recs):
    """(visible, hidden, all) records in row order."""
    order = sorted(recs, key=lambda r: rows_map[id(r)])
    vis = [r for r in order if rows_map[id(r)] not in sh.hidden_rows]
    hid = [r for r in order if rows_map[id(r)] in sh.hidden_rows]
    return vis, hid, order


def finish(book: Book, sheet: Sheet, rows_map, recs, fields):
    book.records[sheet.name] = book_recs(sheet, rows_map, recs)
    book.fields[sheet.name] = fields
    if book.data is None:
        book.data = sheet.name
    return book


# ---- header/value vocabularies ----------------------------------------------

DIST_LONG = {"TP Vĩnh Long": "Thành phố Vĩnh Long", "TX Bình Minh": "Thị xã Bình Minh"}


def district_fn(style="canon"):
    def fn(rec):
        d = rec.get("huyen")
        if not d:
            return None
        if style == "canon":
            return d
        if style == "long":
            return DIST_LONG.get(d, f"Huyện {d}")
        if style == "bare":
            return d.replace("TP ", "").replace("TX ", "")
        raise ValueError(style)
    return fn


def stt_col(w=6, top="STT"):
    return Col("_stt", top, w=w)


def tcol(key, top, sub=None, w=28, fn=None, num=None):
    return Col(key, top, sub, fn or (lambda r, k=key: r.get(k) or None), w=w, num=num)


def year_col(top="Năm", w=8, style="num", sub=None):
    def fn(rec):
        y = rec["nam"]
        if style == "num":
            return C(y, fmt="0", h="center")
        if style == "text":
            return C(str(y), h="center")
        return C(f"Năm {y}", h="center")
    return Col("nam", top, sub, fn, w=w)


SRC_ABBR = {"quoc_gia": "KCQG", "dia_phuong": "KCĐP"}
SRC_SHORT = {"quoc_gia": "Quốc gia", "dia_phuong": "Địa phương"}
SRC_BUDGET = {"quoc_gia": "Ngân sách Trung ương", "dia_phuong": "Ngân sách tỉnh"}
CONTENT_ABBR = {"may_moc_thiet_bi": "Ứng dụng MMTB tiên tiến", "mo_hinh_trinh_dien": "Mô hình trình diễn",
                "tu_van": "Tư vấn", "san_xuat_sach_hon": "Sản xuất sạch hơn", "hoi_cho_trien_lam": "Hội chợ, triển lãm"}


def sort_group(recs, key):
    out = {}
    for r in recs:
        out.setdefault(key(r), []).append(r)
    return out


# ---------------------------------------------------------------------------
# The base tables

def t01_government():
    """Full government layout; source and content only in group rows; year only in the title."""
    rng = rng_for("t01")
    plan = [("quoc_gia", "may_moc_thiet_bi", 3), ("quoc_gia", "mo_hinh_trinh_dien", 2),
            ("dia_phuong", "may_moc_thiet_bi", 4), ("dia_phuong", "hoi_cho_trien_lam", 2), ("dia_phuong", "tu_van", 1)]
    recs = gen_projects(rng, plan, 2023)
    for r in recs:
        r["ghi_chu"] = ""
    recs[1]["ghi_chu"] = "Đề án chuyển tiếp từ năm 2022"
    recs[7]["ghi_chu"] = "Điều chỉnh địa điểm thực hiện"
    sh = Sheet("Biểu 01", size=12)
    cols = [stt_col(), tcol("ten_de_an", "Tên đề án", w=46), tcol("ten_co_so", "Tên cơ sở thụ hưởng", w=30),
            tcol("xa_phuong", "Địa bàn thực hiện", "Xã, phường, thị trấn", w=14),
            Col("huyen", "Địa bàn thực hiện", "Huyện, thị xã, thành phố", district_fn(), w=14),
            mcol("kinh_phi_ho_tro", "Kinh phí (triệu đồng)", "Hỗ trợ"),
            mcol("von_doi_ung", "Kinh phí (triệu đồng)", "Đối ứng", zero="-"),
            tcol("so_quyet_dinh", "Số QĐ phê duyệt", w=14), tcol("ghi_chu", "Ghi chú", w=16)]
    n = len(cols)
    r = gov_header(sh, 1, n, ["ỦY BAN NHÂN DÂN TỈNH VĨNH LONG", "SỞ CÔNG THƯƠNG",
                              "TRUNG TÂM KHUYẾN CÔNG VÀ TƯ VẤN PHÁT TRIỂN CÔNG NGHIỆP"])
    r += 1
    r = title_line(sh, r, 1, n, "DANH SÁCH ĐỀ ÁN KHUYẾN CÔNG NĂM 2023", size=14)
    r = title_line(sh, r, 1, n, "(Kèm theo Quyết định số 125/QĐ-SCT ngày 20 tháng 3 năm 2023 của Giám đốc Sở Công Thương)",
                   bold=False, italic=True)
    sh.put(r, n - 2, "Đơn vị tính: triệu đồng", italic=True, h="right")
    sh.merge(r, n - 2, r, n)
    sh.tag(r, "title")
    r += 1
    items = []
    top_subs = []
    for gi, (src, roman) in enumerate([("quoc_gia", "I"), ("dia_phuong", "II")]):
        items.append(Group(SOURCES[src].upper(), stt=roman))
        note_group(f"nguon_kinh_phi={src}", f"{roman} | {SOURCES[src].upper()}")
        subs = []
        by_content = sort_group([x for x in recs if x["nguon_kinh_phi"] == src], lambda x: x["noi_dung"])
        for si, (content, rs) in enumerate(by_content.items(), 1):
            items.append(Group(CONTENT_GROUP[content], stt=str(si), italic=True))
            note_group(f"noi_dung={content}", f"{si} | {CONTENT_GROUP[content]}")
            for j, x in enumerate(rs, 1):
                items.append(Rec(x, stt=f"{si}.{j}"))
            s = Sub("Cộng", rs, formula=True)
            subs.append(s)
            items.append(s)
        part = Sub(f"Cộng {roman}", [x for s in subs for x in s.recs], parts=subs, formula=True)
        top_subs.append(part)
        items.append(part)
    items.append(Sub("Tổng cộng (I+II)", [x for s in top_subs for x in s.recs], parts=top_subs, formula=True,
                     span_label=True))
    r, rows = write_table(sh, r, 1, cols, items, colnum="paren")
    signature(sh, r, 1, n, "Vĩnh Long, ngày 15 tháng 12 năm 2023",
              notes=["Ghi chú: Vốn đối ứng do cơ sở tự bố trí; kinh phí hỗ trợ thanh toán sau khi nghiệm thu.",
                     "Các đề án khuyến công quốc gia thực hiện theo Quyết định phê duyệt của Bộ Công Thương."])
    note_headers("projects", cols)
    fields = fields_of(cols) | {"nguon_kinh_phi", "noi_dung", "nam"}
    b = Book("de-an-2023-ubnd", "projects", [sh], ["lo.xlsx", "xls", "ods"],
             [Entry([1, 4], "government layout: titles, two-row merged header, (1)(2)… row, group rows I./II. "
                            "and 1./2. (no source or content column), Cộng / Cộng I / Cộng II / Tổng cộng (I+II) as SUM "
                            "formulas with cached values, notes and signature; year only in the title")])
    return finish(b, sh, rows, recs, fields)


def t02_plan_2019():
    """Government layout with the totals row first and group rows A./B. carrying their subtotals."""
    rng = rng_for("t02")
    plan = [("quoc_gia", "may_moc_thiet_bi", 3), ("quoc_gia", "mo_hinh_trinh_dien", 1),
            ("dia_phuong", "may_moc_thiet_bi", 7), ("dia_phuong", "san_xuat_sach_hon", 2), ("dia_phuong", "tu_van", 2)]
    recs = gen_projects(rng, plan, 2019)
    for x in recs:
        x["_tong"] = x["kinh_phi_ho_tro"] + x["von_doi_ung"]
        x["_thuc_hien"] = CENTRE if x["nguon_kinh_phi"] == "quoc_gia" else x["ten_co_so"]
    sh = Sheet("KH2019", size=11)
    content_fn = code_text("noi_dung", CONTENT_GROUP)
    cols = [stt_col(5), tcol("ten_de_an", "Tên đề án", w=40), Col("noi_dung", "Nội dung hỗ trợ", fn=content_fn, w=22),
            Col("_thuc_hien", "Đơn vị thực hiện", fn=lambda x: x["_thuc_hien"], w=28),
            tcol("ten_co_so", "Đơn vị thụ hưởng", w=28),
            Col("huyen", "Huyện, thị xã, thành phố", fn=district_fn(), w=14),
            mcol("_tong", "Kinh phí thực hiện (Tr.đ)", "Tổng vốn", num="7=8+9"),
            mcol("kinh_phi_ho_tro", "Kinh phí thực hiện (Tr.đ)", "Kinh phí KC hỗ trợ"),
            mcol("von_doi_ung", "Kinh phí thực hiện (Tr.đ)", "Vốn đối ứng của cơ sở"),
            year_col("Năm thực hiện", w=10), tcol("so_quyet_dinh", "Số QĐ", w=14)]
    n = len(cols)
    r = gov_header(sh, 1, n, ["SỞ CÔNG THƯƠNG TỈNH VĨNH LONG", "TRUNG TÂM KHUYẾN CÔNG VÀ TƯ VẤN PHÁT TRIỂN CÔNG NGHIỆP"])
    r += 1
    r = title_line(sh, r, 1, n, "DANH MỤC ĐỀ ÁN KHUYẾN CÔNG THỰC HIỆN NĂM 2019", size=13)
    r = title_line(sh, r, 1, n, "(Ban hành kèm theo Kế hoạch số 36/KH-SCT ngày 25/01/2019 của Sở Công Thương)",
                   bold=False, italic=True)
    r += 1
    nat = [x for x in recs if x["nguon_kinh_phi"] == "quoc_gia"]
    loc = [x for x in recs if x["nguon_kinh_phi"] == "dia_phuong"]
    items = [Sub("TỔNG SỐ", recs, span_label=True), Group("KHUYẾN CÔNG QUỐC GIA", stt="A", sums=nat)]
    items += stt_items(nat)
    items.append(Group("KHUYẾN CÔNG ĐỊA PHƯƠNG", stt="B", sums=loc))
    items += stt_items(loc)
    note_group("nguon_kinh_phi=quoc_gia", "A | KHUYẾN CÔNG QUỐC GIA (row also shows the group's sums)")
    note_group("nguon_kinh_phi=dia_phuong", "B | KHUYẾN CÔNG ĐỊA PHƯƠNG (row also shows the group's sums)")
    r, rows = write_table(sh, r, 1, cols, items, colnum="numbers")
    signature(sh, r, 1, n, "Vĩnh Long, ngày 25 tháng 01 năm 2019", right=("GIÁM ĐỐC",),
              names=("Lê Thị Ngọc Hân", "Phạm Văn Hùng"))
    note_headers("projects", cols)
    fields = fields_of(cols) | {"nguon_kinh_phi"}
    b = Book("ke-hoach-khuyen-cong-2019", "projects", [sh], ["xlsx", "lo.xlsx", "xls", "ods"],
             [Entry([1, 6, 10], "government layout with the TỔNG SỐ row first, group rows A./B. that carry the "
                                "group's sums, a 1 2 3 … 7=8+9 number row (Excel numbers), a Tổng vốn column that is "
                                "not an import column, Đơn vị thực hiện beside Đơn vị thụ hưởng (the beneficiary is "
                                "the facility), units (Tr.đ)")])
    return finish(b, sh, rows, recs, fields)


def t03_unlabelled_subtotals():
    rng = rng_for("t03")
    recs = []
    for y in (2020, 2021):
        recs += gen_projects(rng, [("quoc_gia", "may_moc_thiet_bi", 2), ("dia_phuong", "may_moc_thiet_bi", 5),
                                   ("dia_phuong", "san_xuat_sach_hon", 1), ("dia_phuong", "tu_van", 1)], y)
    sh = Sheet("Sheet1", size=12)
    cols = [stt_col(5), year_col(), tcol("ten_de_an", "Tên đề án", w=44), tcol("ten_co_so", "Tên cơ sở", w=30),
            Col("huyen", "Huyện", fn=district_fn(), w=14),
            Col("nguon_kinh_phi", "Nguồn kinh phí", fn=code_text("nguon_kinh_phi", SRC_SHORT), w=12),
            Col("noi_dung", "Nội dung", fn=code_text("noi_dung", CONTENT_LABEL), w=26),
            mcol("kinh_phi_ho_tro", "Kinh phí hỗ trợ (trđ)"), mcol("von_doi_ung", "Vốn đối ứng (trđ)")]
    r = title_line(sh, 1, 1, len(cols), "DANH SÁCH ĐỀ ÁN KHUYẾN CÔNG NĂM 2020 - 2021")
    items = []
    n = 1
    for y in (2020, 2021):
        ys = [x for x in recs if x["nam"] == y]
        for x in ys:
            items.append(Rec(x, stt=n))
            n += 1
        items.append(Sub(None, ys))
    items.append(Sub("Tổng cộng", recs))
    r, rows = write_table(sh, r + 1, 1, cols, items)
    note_headers("projects", cols)
    b = Book("de-an-2020-2021-cong-khong-nhan", "projects", [sh],
             ["xlsx", "xls", "ods", "csv-utf8-bom-semicolon"],
             [Entry([2, 6], "after each year's rows a subtotal row with NO label (only the two amounts, bold); "
                            "Tổng cộng at the end; units (trđ)")])
    return finish(b, sh, rows, recs, fields_of(cols))


def t04_merged_rows():
    rng = rng_for("t04")
    facs = pick_facilities(rng, 11, lambda f: f.kind != "to_hop_tac")
    recs = []
    for i, f in enumerate(facs):
        year = 2016 + i % 3
        k = 1 + (i % 3 == 0) + (i % 4 == 1)
        for j in range(k):
            content = ["may_moc_thiet_bi", "tu_van", "mo_hinh_trinh_dien"][j] if k > 1 else "may_moc_thiet_bi"
            src = "quoc_gia" if (content == "mo_hinh_trinh_dien" or (i % 5 == 0 and j == 0)) else "dia_phuong"
            recs += gen_projects(rng, [(src, content, 1)], year, facilities=[f])
    recs.sort(key=lambda x: (x["nam"], DISTRICTS.index(x["huyen"]), x["ten_co_so"]))
    sh = Sheet("Tong hop", size=12)
    cols = [stt_col(5), year_col(), Col("huyen", "Huyện, thị xã, thành phố", fn=district_fn(), w=15),
            tcol("ten_co_so", "Tên cơ sở", w=30), tcol("ten_de_an", "Tên đề án", w=44),
            Col("nguon_kinh_phi", "Nguồn vốn", fn=code_text("nguon_kinh_phi", SRC_ABBR), w=9),
            Col("noi_dung", "Nội dung hỗ trợ", fn=code_text("noi_dung", CONTENT_ABBR), w=20),
            mcol("kinh_phi_ho_tro", "KP hỗ trợ (triệu đồng)"), mcol("von_doi_ung", "Vốn đối ứng (triệu đồng)"),
            Col("trang_thai", "Trạng thái", fn=code_text("trang_thai", STATUS_LABEL), w=14)]
    r = title_line(sh, 1, 1, len(cols), "TỔNG HỢP ĐỀ ÁN KHUYẾN CÔNG GIAI ĐOẠN 2016 - 2018")
    r = title_line(sh, r, 1, len(cols), "Đơn vị tính: triệu đồng", bold=False, italic=True, h="right")
    items = stt_items(recs)
    items.append(Sub("Tổng cộng", recs, span_label=True))
    r, rows = write_table(sh, r + 1, 1, cols, items, merge_cols=(1, 2, 3))
    note_headers("projects", cols)
    b = Book("de-an-2016-2018-gop-o", "projects", [sh], ["xlsx", "xls", "ods"],
             [Entry([3, 10], "Năm, Huyện and Tên cơ sở merged vertically over the rows they apply to; "
                             "Nguồn vốn written KCQG/KCĐP, Nội dung hỗ trợ abbreviated (Ứng dụng MMTB tiên tiến)")])
    return finish(b, sh, rows, recs, fields_of(cols))


def t05_year_from_date():
    rng = rng_for("t05")
    recs = []
    for y, k in ((2021, 4), (2022, 5), (2023, 5)):
        recs += gen_projects(rng, [("dia_phuong", "may_moc_thiet_bi", k - 1), ("quoc_gia", "may_moc_thiet_bi", 1)], y)
    recs.sort(key=lambda x: x["ngay_phe_duyet"])
    styles = ["excel", "excel", "words", "excel", "dmyy", "excel", "dmy_short", "excel", "words", "excel",
              "dmy", "excel", "dmyy", "excel"]
    for x, s in zip(recs, styles):
        x["_date_style"] = s
    sh = Sheet("DS de an", size=12)
    cols = [stt_col(5), tcol("so_quyet_dinh", "Số QĐ", w=13),
            Col("ngay_phe_duyet", "Ngày quyết định", fn=lambda x: date_text(x["ngay_phe_duyet"], x["_date_style"]), w=24),
            tcol("ten_de_an", "Tên đề án", w=44), tcol("ten_co_so", "Đơn vị thụ hưởng", w=30),
            Col("huyen", "Địa bàn", fn=district_fn("long"), w=18),
            Col("nguon_kinh_phi", "Nguồn kinh phí", fn=code_text("nguon_kinh_phi", SOURCES), w=20),
            Col("noi_dung", "Nội dung hỗ trợ", fn=code_text("noi_dung", CONTENT_LABEL), w=26),
            mcol("kinh_phi_ho_tro", "Kinh phí hỗ trợ (Tr.đ)"), mcol("von_doi_ung", "Vốn đối ứng (Tr.đ)")]
    r = title_line(sh, 1, 1, len(cols), "DANH SÁCH ĐỀ ÁN KHUYẾN CÔNG ĐỊA PHƯƠNG VÀ QUỐC GIA ĐÃ PHÊ DUYỆT")
    r = title_line(sh, r, 1, len(cols), "(Từ tháng 01/2021 đến tháng 12/2023)", bold=False, italic=True)
    r, rows = write_table(sh, r + 1, 1, cols, stt_items(recs))
    note_headers("projects", cols)
    fields = fields_of(cols) | {"nam"}
    b = Book("de-an-theo-ngay-quyet-dinh", "projects", [sh], ["xlsx", "xls", "ods", "csv-utf8-comma"],
             [Entry([4, 14, 10], "no year column: the year is the year of Ngày quyết định, written as Excel dates, "
                                 "'ngày 05 tháng 5 năm 2023', '18/04/23', '5/5/2023', '05/05/2023'; "
                                 "Địa bàn = district written 'Huyện Long Hồ', 'Thành phố Vĩnh Long'")])
    return finish(b, sh, rows, recs, fields)


def t06_hidden_rows():
    rng = rng_for("t06")
    recs = gen_projects(rng, [("dia_phuong", "may_moc_thiet_bi", 22), ("quoc_gia", "may_moc_thiet_bi", 4),
                              ("dia_phuong", "san_xuat_sach_hon", 3), ("dia_phuong", "tu_van", 4)], 2022)
    rng.shuffle(recs)
    hidden = {id(recs[4]), id(recs[17]), id(recs[25])}
    for x in recs:
        x["_internal"] = "Cơ sở rút hồ sơ, không thực hiện" if id(x) in hidden else rng.choice(
            ["Đã thẩm định", "Đã khảo sát thực tế", "Hồ sơ đầy đủ", ""])
        if id(x) in hidden:
            x["trang_thai"] = "huy"
    sh = Sheet("2022", size=12)
    cols = [stt_col(5), tcol("ten_de_an", "Tên đề án", w=44), tcol("ten_co_so", "Tên cơ sở", w=30),
            Col("ma_so_thue", "Mã số thuế", fn=lambda x: x["ma_so_thue"] or None, w=13),
            tcol("xa_phuong", "Xã/phường", w=14), Col("huyen", "Huyện", fn=district_fn(), w=14),
            Col("nguon_kinh_phi", "Nguồn kinh phí", fn=code_text("nguon_kinh_phi", SOURCES), w=20),
            Col("noi_dung", "Nội dung", fn=code_text("noi_dung", CONTENT_LABEL), w=26),
            mcol("kinh_phi_ho_tro", "KP hỗ trợ (triệu đồng)"), mcol("von_doi_ung", "Vốn đối ứng (triệu đồng)"),
            Col("trang_thai", "Trạng thái", fn=code_text("trang_thai", STATUS_LABEL), w=14),
            Col(None, "Ghi chú nội bộ", fn=lambda x: x["_internal"] or None, w=24)]
    r = title_line(sh, 1, 1, len(cols), "DANH SÁCH ĐỀ ÁN KHUYẾN CÔNG NĂM 2022 (BẢN TRÌNH DUYỆT)")
    items = []
    for i, x in enumerate(recs, 1):
        items.append(Rec(x, stt=i, hidden=id(x) in hidden, strike=id(x) in hidden))
    visible = [x for x in recs if id(x) not in hidden]
    items.append(Sub("Tổng cộng", visible, span_label=True))
    r, rows = write_table(sh, r + 1, 1, cols, items)
    sh.hidden_cols.add(len(cols))
    note_headers("projects", cols)
    fields = fields_of(cols)
    b = Book("de-an-2022-an-dong-rut", "projects", [sh], ["xlsx", "lo.xlsx", "xls", "ods"],
             [Entry([5], "3 hidden rows (withdrawn drafts, struck through, STT numbering keeps them) and a hidden "
                         "column 'Ghi chú nội bộ' that is not an import column; the truth leaves both out "
                         "(texts.ghi_chu: every stored ghi_chu is empty)"),
              Entry([5], "the same file read with include_hidden: the 3 hidden rows are records too",
                    options={"include_hidden": True}, include_hidden=True, only=("xlsx", "ods"),
                    drop_texts=("ghi_chu",))])
    for x in recs:
        x["ghi_chu"] = ""
    return finish(b, sh, rows, recs, fields | {"ghi_chu"})


def t07_autofilter():
    rng = rng_for("t07")
    recs = []
    for y in (2017, 2018, 2019):
        recs += gen_projects(rng, [("dia_phuong", "may_moc_thiet_bi", 9), ("quoc_gia", "may_moc_thiet_bi", 2),
                                   ("dia_phuong", "tu_van", 2)], y)
    recs.append(gen_projects(rng, [("dia_phuong", "may_moc_thiet_bi", 1)], 2019,
                             fac_pred=lambda f: f.district == "Vũng Liêm")[0])
    sh = Sheet("Danh sach", size=11)
    cols = [stt_col(5), year_col("Năm thực hiện", w=10), tcol("ten_de_an", "Tên đề án", w=44),
            tcol("ten_co_so", "Tên cơ sở thụ hưởng", w=30), Col("huyen", "Huyện", fn=district_fn(), w=14),
            tcol("xa_phuong", "Xã", w=14),
            Col("nguon_kinh_phi", "Nguồn kinh phí", fn=code_text("nguon_kinh_phi", SOURCES), w=20),
            Col("noi_dung", "Nội dung hỗ trợ", fn=code_text("noi_dung", CONTENT_GROUP), w=30),
            mcol("kinh_phi_ho_tro", "Kinh phí hỗ trợ (Tr.đ)"), mcol("von_doi_ung", "Vốn đối ứng (Tr.đ)")]
    r = title_line(sh, 1, 1, len(cols), "DANH SÁCH ĐỀ ÁN KHUYẾN CÔNG 2017 - 2019")
    shown = ("Vũng Liêm", "Trà Ôn")
    items = [Rec(x, stt=i, hidden=x["huyen"] not in shown) for i, x in enumerate(recs, 1)]
    items.append(Sub("Tổng", recs, span_label=True))
    top = r + 1
    r, rows = write_table(sh, top, 1, cols, items)
    last = max(rows.values())
    sh.autofilter = (f"A{top}:{get_column_letter(len(cols))}{last}", 4, list(shown))
    note_headers("projects", cols)
    b = Book("de-an-2017-2019-loc-huyen", "projects", [sh], ["xlsx", "xls", "ods"],
             [Entry([5], "AutoFilter left on the Huyện column (Vũng Liêm, Trà Ôn shown): the rows it hides are "
                         "left out; the Tổng row (below the filter range) is the total of all rows")])
    return finish(b, sh, rows, recs, fields_of(cols))


def t08_units_dong():
    rng = rng_for("t08")
    recs = gen_projects(rng, [("dia_phuong", "may_moc_thiet_bi", 7), ("quoc_gia", "may_moc_thiet_bi", 2),
                              ("dia_phuong", "hoi_cho_trien_lam", 1)], 2015)
    sh = Sheet("Sheet1", size=12)
    cols = [stt_col(5), tcol("ten_co_so", "Tên cơ sở", w=30), tcol("ten_de_an", "Tên đề án", w=44), year_col(),
            Col("nguon_kinh_phi", "Nguồn kinh phí", fn=code_text("nguon_kinh_phi", SOURCES), w=20),
            Col("noi_dung", "Nội dung", fn=code_text("noi_dung", CONTENT_LABEL), w=26),
            Col("huyen", "Huyện", fn=district_fn(), w=14),
            mcol("kinh_phi_ho_tro", "Kinh phí hỗ trợ (đồng)", unit="dong", w=16),
            mcol("von_doi_ung", "Vốn đối ứng (VNĐ)", unit="dong", w=16, zero="-")]
    r = title_line(sh, 1, 1, len(cols), "DANH SÁCH CƠ SỞ ĐƯỢC HỖ TRỢ KINH PHÍ KHUYẾN CÔNG NĂM 2015")
    items = stt_items(recs) + [Sub("Tổng cộng", recs, span_label=True)]
    r, rows = write_table(sh, r + 1, 1, cols, items)
    note_headers("projects", cols)
    b = Book("de-an-2015-don-vi-dong", "projects", [sh], ["xlsx", "xls", "ods", "csv-cp1258-comma"],
             [Entry([6, 11], "money in đồng: headers '(đồng)' and '(VNĐ)', Excel numbers #,##0 (CSV: 278.500.000)")])
    return finish(b, sh, rows, recs, fields_of(cols))


def t09_units_thousand():
    rng = rng_for("t09")
    recs = gen_projects(rng, [("dia_phuong", "may_moc_thiet_bi", 5), ("dia_phuong", "san_xuat_sach_hon", 2),
                              ("dia_phuong", "tu_van", 1)], 2016)
    sh = Sheet("Bieu 2", size=12)
    cols = [stt_col(5), tcol("ten_de_an", "Tên đề án", w=44), tcol("ten_co_so", "Đơn vị thực hiện", w=30),
            Col("huyen", "Huyện, thị xã, thành phố", fn=district_fn(), w=14),
            Col("noi_dung", "Nội dung hỗ trợ", fn=code_text("noi_dung", CONTENT_GROUP), w=30),
            mcol("kinh_phi_ho_tro", "KP hỗ trợ (nghìn đồng)", unit="nghin", w=15),
            mcol("von_doi_ung", "Đối ứng (1.000 đồng)", unit="nghin", w=15),
            tcol("so_quyet_dinh", "Số quyết định", w=14),
            Col("ngay_phe_duyet", "Ngày phê duyệt", fn=lambda x: date_text(x["ngay_phe_duyet"], "excel"), w=12)]
    n = len(cols)
    r = gov_header(sh, 1, n, ["SỞ CÔNG THƯƠNG VĨNH LONG", "TRUNG TÂM KHUYẾN CÔNG"])
    r = title_line(sh, r + 1, 1, n, "KẾT QUẢ THỰC HIỆN ĐỀ ÁN KHUYẾN CÔNG NĂM 2016")
    items = [Group("I. KHUYẾN CÔNG ĐỊA PHƯƠNG", span=True)] + stt_items(recs)
    note_group("nguon_kinh_phi=dia_phuong", "I. KHUYẾN CÔNG ĐỊA PHƯƠNG (one merged cell across the table)")
    items.append(Sub("Cộng I", recs, formula=True))
    r, rows = write_table(sh, r + 1, 1, cols, items, colnum="plain")
    signature(sh, r, 1, n, "Vĩnh Long, ngày 28 tháng 12 năm 2016", right=("GIÁM ĐỐC",),
              names=("Võ Thị Kim Hạnh", "Nguyễn Văn Phong"))
    note_headers("projects", cols)
    fields = fields_of(cols) | {"nguon_kinh_phi"}
    b = Book("de-an-2016-nghin-dong", "projects", [sh], ["lo.xlsx", "xls", "ods"],
             [Entry([6, 10, 1], "money in thousands: '(nghìn đồng)' and '(1.000 đồng)'; local projects where "
                                "'Đơn vị thực hiện' is the facility; one group row 'I. KHUYẾN CÔNG ĐỊA PHƯƠNG' "
                                "merged across; Cộng I as a SUM formula (cached); Excel date cells")])
    return finish(b, sh, rows, recs, fields)


def t10_units_billion():
    rng = rng_for("t10")
    recs = []
    for y in (2014, 2016, 2018, 2019, 2021, 2023):
        recs += gen_projects(rng, [("quoc_gia", "mo_hinh_trinh_dien" if y % 2 else "may_moc_thiet_bi", 1)], y)
    recs += gen_projects(rng, [("quoc_gia", "mo_hinh_trinh_dien", 1), ("dia_phuong", "may_moc_thiet_bi", 2)], 2022)
    for x in recs:
        for k in ("kinh_phi_ho_tro", "von_doi_ung"):
            x[k] = round(x[k] / 1_000_000) * 1_000_000
    recs.sort(key=lambda x: x["nam"])
    sh = Sheet("Sheet1", size=12)
    cols = [stt_col(5), year_col(), tcol("ten_de_an", "Tên đề án", w=44), tcol("ten_co_so", "Tên cơ sở", w=30),
            Col("huyen", "Huyện", fn=district_fn(), w=14),
            Col("nguon_kinh_phi", "Nguồn kinh phí", fn=code_text("nguon_kinh_phi", SOURCES), w=20),
            Col("noi_dung", "Nội dung", fn=code_text("noi_dung", CONTENT_LABEL), w=26),
            mcol("kinh_phi_ho_tro", "Kinh phí hỗ trợ (tỷ đồng)", unit="ty"),
            mcol("von_doi_ung", "Vốn đối ứng (tỷ đồng)", unit="ty")]
    r = title_line(sh, 1, 1, len(cols), "CÁC ĐỀ ÁN KHUYẾN CÔNG QUỐC GIA VÀ MÔ HÌNH TRÌNH DIỄN 2014 - 2023")
    items = stt_items(recs) + [Sub("Tổng cộng", recs, span_label=True)]
    r, rows = write_table(sh, r + 1, 1, cols, items)
    note_headers("projects", cols)
    b = Book("de-an-2014-2023-ty-dong", "projects", [sh], ["xlsx", "xls", "ods"],
             [Entry([6], "money in billions: '(tỷ đồng)', Excel numbers with 3 decimals (0,285 = 285 triệu)")])
    return finish(b, sh, rows, recs, fields_of(cols))


def t11_training_unit_line():
    rng = rng_for("t11")
    plan = [("dao_tao_nghe", 4), ("truyen_nghe", 3), ("tap_huan", 3), ("hoi_thao", 2)]
    recs = gen_trainings(rng, plan, 2018)
    sh = Sheet("Dao tao 2018", size=12)
    cols = [stt_col(5), tcol("ten_lop", "Tên lớp", w=44), tcol("ten_co_so", "Cơ sở phối hợp", w=28),
            tcol("xa_phuong", "Xã, phường", w=14), Col("huyen", "Huyện", fn=district_fn(), w=14),
            Col("so_hoc_vien", "Số học viên", fn=lambda x: x["so_hoc_vien"], w=9),
            Col("so_hoc_vien_nu", "Trong đó nữ", fn=lambda x: x["so_hoc_vien_nu"], w=9),
            mcol("kinh_phi", "Kinh phí", unit="dong", w=16)]
    n = len(cols)
    r = gov_header(sh, 1, n, ["SỞ CÔNG THƯƠNG TỈNH VĨNH LONG", "TRUNG TÂM KHUYẾN CÔNG VÀ TƯ VẤN PTCN"])
    r = title_line(sh, r + 1, 1, n, "KẾT QUẢ ĐÀO TẠO NGHỀ, TẬP HUẤN, HỘI THẢO NĂM 2018")
    sh.put(r, n - 1, "Đơn vị tính: đồng", italic=True, h="right")
    sh.merge(r, n - 1, r, n)
    sh.tag(r, "title")
    r += 1
    items = []
    romans = ["I", "II", "III", "IV"]
    for i, (kind, _) in enumerate(plan):
        label = {"dao_tao_nghe": "ĐÀO TẠO NGHỀ", "truyen_nghe": "TRUYỀN NGHỀ", "tap_huan": "TẬP HUẤN",
                 "hoi_thao": "HỘI THẢO"}[kind]
        items.append(Group(label, stt=romans[i]))
        note_group(f"loai={kind}", f"{romans[i]} | {label}")
        ks = [x for x in recs if x["loai"] == kind]
        items += stt_items(ks)
        items.append(Sub("Cộng", ks))
    items.append(Sub("Tổng cộng", recs, span_label=True))
    r, rows = write_table(sh, r, 1, cols, items, colnum="paren")
    signature(sh, r, 1, n, "Vĩnh Long, ngày 20 tháng 12 năm 2018", right=("GIÁM ĐỐC",),
              names=("Đỗ Thị Thu Trang", "Nguyễn Văn Phong"))
    note_headers("trainings", cols)
    fields = fields_of(cols) | {"loai", "nam"}
    b = Book("dao-tao-2018-dvt-dong", "trainings", [sh], ["xlsx", "xls", "ods"],
             [Entry([6, 1, 4], "trainings; the unit only in the 'Đơn vị tính: đồng' line (header 'Kinh phí' has none); "
                               "the kind of class from group rows I.–IV.; year only in the title")])
    return finish(b, sh, rows, recs, fields)


def t12_no_unit_refuse():
    rng = rng_for("t12")
    recs = gen_projects(rng, [("dia_phuong", "may_moc_thiet_bi", 6), ("dia_phuong", "tu_van", 1)], 2017)
    sh = Sheet("Sheet1", size=12)
    cols = [stt_col(5), tcol("ten_de_an", "Tên đề án", w=44), tcol("ten_co_so", "Tên cơ sở", w=30),
            Col("huyen", "Huyện", fn=district_fn(), w=14), year_col(),
            Col("nguon_kinh_phi", "Nguồn kinh phí", fn=code_text("nguon_kinh_phi", SOURCES), w=20),
            Col("noi_dung", "Nội dung", fn=code_text("noi_dung", CONTENT_LABEL), w=26),
            mcol("kinh_phi_ho_tro", "Kinh phí hỗ trợ", unit="dong", w=16)]
    r = title_line(sh, 1, 1, len(cols), "Danh sách đề án năm 2017")
    r, rows = write_table(sh, r + 1, 1, cols, stt_items(recs))
    letter = get_column_letter(len(cols))
    note_headers("projects", cols)
    b = Book("de-an-2017-khong-don-vi", "projects", [sh], ["xlsx", "csv-utf8-comma"],
             [Entry([6], "the money column has no unit anywhere and its values are plainly đồng (every value "
                         "≥ 100.000, e.g. 278.500.000)", expect="refuse", mentions=[letter, "đồng"],
                    why=f"column {letter} (Kinh phí hỗ trợ) has no unit and holds đồng amounts: read as triệu "
                        "they would be 1.000.000 times too large; the officer must say the unit")])
    return finish(b, sh, rows, recs, fields_of(cols))


def t13_decimal_ambiguous():
    rng = rng_for("t13")
    recs = gen_projects(rng, [("quoc_gia", "mo_hinh_trinh_dien", 4), ("dia_phuong", "mo_hinh_trinh_dien", 2)], 2020)
    for x in recs:
        x["kinh_phi_ho_tro"] = rng.randrange(1005, 1500, 5) * 1_000_000
        x["von_doi_ung"] = rng.randrange(2005, 4996, 5) * 1_000_000
    sh = Sheet("Sheet1", font="Calibri", size=11)
    cols = [year_col(), tcol("ten_de_an", "Tên đề án", w=44), tcol("ten_co_so", "Tên cơ sở", w=30),
            Col("huyen", "Huyện", fn=district_fn(), w=14),
            Col("nguon_kinh_phi", "Nguồn kinh phí", fn=code_text("nguon_kinh_phi", SOURCES), w=20),
            Col("noi_dung", "Nội dung", fn=code_text("noi_dung", CONTENT_LABEL), w=26),
            mcol("kinh_phi_ho_tro", "Kinh phí hỗ trợ (triệu đồng)", style="point"),
            mcol("von_doi_ung", "Vốn đối ứng (triệu đồng)", style="point")]
    r, rows = write_table(sh, 1, 1, cols, [Rec(x) for x in recs], border=False)
    note_headers("projects", cols)
    comma = []
    for x in recs:
        y = dict(x)
        y["kinh_phi_ho_tro"] //= 1000
        y["von_doi_ung"] //= 1000
        comma.append(y)
    b = Book("de-an-2020-dau-phay-nghin", "projects", [sh], ["csv-utf8-comma", "xlsx", "ods"], [
        Entry([7], "every amount is text like \"1,235\" (one comma, three digits after it; text cells in the "
                   "spreadsheets, typed on a PC with English settings): thousands or decimals cannot be told apart",
              expect="refuse", mentions=["--decimal"],
              why="all amounts are ambiguous (1,235 = 1235 or 1,235 triệu); the officer must choose the decimal mark"),
        Entry([7], "the same file with decimal point: the comma groups thousands, 1,235 triệu = 1.235.000.000 đồng",
              options={"decimal": "point"}),
        Entry([7], "the same file with decimal comma: 1,235 triệu = 1.235.000 đồng",
              options={"decimal": "comma"}, recs=comma)])
    return finish(b, sh, rows, recs, fields_of(cols))


def t14_formula_data_cell():
    rng = rng_for("t14")
    recs = gen_projects(rng, [("dia_phuong", "may_moc_thiet_bi", 6)], 2023)
    sh = Sheet("Sheet1", size=12)
    cols = [stt_col(5), tcol("ten_de_an", "Tên đề án", w=44), tcol("ten_co_so", "Tên cơ sở", w=30),
            Col("nguon_kinh_phi", "Nguồn kinh phí", fn=code_text("nguon_kinh_phi", SOURCES), w=20),
            mcol("kinh_phi_ho_tro", "Kinh phí hỗ trợ (triệu đồng)"), mcol("von_doi_ung", "Vốn đối ứng (triệu đồng)"),
            Col("noi_dung", "Nội dung", fn=code_text("noi_dung", CONTENT_LABEL), w=26), year_col()]
    r = title_line(sh, 1, 1, len(cols), "DANH SÁCH ĐỀ ÁN KHUYẾN CÔNG ĐỊA PHƯƠNG NĂM 2023")
    r = title_line(sh, r, 1, len(cols), "(Dự thảo)", bold=False, italic=True)
    target = recs[3]
    target["von_doi_ung"] = int(target["kinh_phi_ho_tro"] * 3 // 2)
    r, rows = write_table(sh, r + 5, 1, cols, stt_items(recs) + [Sub("Tổng cộng", recs, span_label=True)])
    row = rows[id(target)]
    cell = sh.cells[(row, 6)]
    cell.v = money_value(target["von_doi_ung"], "trieu")
    cell.formula = f"=E{row}*1.5"
    ref = f"F{row}"
    note_headers("projects", cols)
    b = Book("de-an-2023-cong-thuc-o-du-lieu", "projects", [sh], ["xlsx"],
             [Entry([8], f"a data cell holds a formula with no stored value ({ref} = E{row}*1.5, written by a program "
                         "that never calculated it)", expect="refuse", mentions=[ref],
                    why=f"{ref} is a formula without a stored value: its amount is unknown")])
    return finish(b, sh, rows, recs, fields_of(cols))


def t15_formula_total_only():
    rng = rng_for("t15")
    recs = gen_projects(rng, [("dia_phuong", "may_moc_thiet_bi", 2), ("quoc_gia", "may_moc_thiet_bi", 1)], 2023)
    sh = Sheet("Sheet1", size=12)
    cols = [stt_col(5), year_col(), tcol("ten_de_an", "Tên đề án", w=44), tcol("ten_co_so", "Tên cơ sở", w=30),
            Col("huyen", "Huyện", fn=district_fn(), w=14),
            Col("nguon_kinh_phi", "Nguồn kinh phí", fn=code_text("nguon_kinh_phi", SOURCES), w=20),
            Col("noi_dung", "Nội dung", fn=code_text("noi_dung", CONTENT_LABEL), w=26),
            mcol("kinh_phi_ho_tro", "Kinh phí hỗ trợ (triệu đồng)"), mcol("von_doi_ung", "Vốn đối ứng (triệu đồng)")]
    r = title_line(sh, 1, 1, len(cols), "DANH SÁCH ĐỀ ÁN KHUYẾN CÔNG NĂM 2023")
    r, rows = write_table(sh, r + 1, 1, cols, stt_items(recs) + [Sub("Tổng cộng", recs, formula=True, span_label=True)])
    note_headers("projects", cols)
    b = Book("de-an-2023-cong-thuc-tong-cong", "projects", [sh], ["xlsx"],
             [Entry([8], "the only formulas without stored values are the SUMs of the Tổng cộng row: the row is "
                         "skipped, so the file imports")])
    return finish(b, sh, rows, recs, fields_of(cols))


def t16_cover_and_lists():
    rng = rng_for("t16")
    recs = gen_projects(rng, [("dia_phuong", "may_moc_thiet_bi", 6), ("quoc_gia", "may_moc_thiet_bi", 2),
                              ("dia_phuong", "san_xuat_sach_hon", 1), ("dia_phuong", "chuyen_doi_so_xanh", 1)], 2024)
    cover = Sheet("Bìa", size=14)
    cover.landscape = False
    for i, (t, sz) in enumerate([("SỞ CÔNG THƯƠNG TỈNH VĨNH LONG", 13),
                                 ("TRUNG TÂM KHUYẾN CÔNG VÀ TƯ VẤN PHÁT TRIỂN CÔNG NGHIỆP", 13), ("", 12),
                                 ("", 12), ("HỒ SƠ ĐỀ ÁN KHUYẾN CÔNG", 20), ("NĂM 2024", 18), ("", 12), ("", 12),
                                 ("Vĩnh Long, tháng 01 năm 2024", 13)]):
        if t:
            cover.put(3 + i * 2, 2, t, bold=True, size=sz, h="center")
            cover.merge(3 + i * 2, 2, 3 + i * 2, 9)
    dm = Sheet("DM", state="hidden", size=11)
    lists = [list(SOURCES.values()), [CONTENT_LABEL[k] for k in ("may_moc_thiet_bi", "mo_hinh_trinh_dien",
                                                                 "san_xuat_sach_hon", "chuyen_doi_so_xanh", "tu_van")],
             DISTRICTS, [STATUS_LABEL[k] for k in ("de_xuat", "phe_duyet", "dang_thuc_hien")]]
    for c, values in enumerate(lists, 1):
        for r, v in enumerate(values, 1):
            dm.put(r, c, v)
    sh = Sheet("Danh sách", size=12)
    cols = [stt_col(5), tcol("ten_de_an", "Tên đề án", w=44), tcol("ten_co_so", "Tên cơ sở", w=30),
            Col("ma_so_thue", "Mã số thuế", fn=lambda x: x["ma_so_thue"] or None, w=13),
            Col("huyen", "Huyện", fn=district_fn(), w=14),
            Col("nguon_kinh_phi", "Nguồn kinh phí", fn=code_text("nguon_kinh_phi", SOURCES), w=20),
            Col("noi_dung", "Nội dung", fn=code_text("noi_dung", CONTENT_LABEL), w=26),
            mcol("kinh_phi_ho_tro", "Kinh phí hỗ trợ (triệu đồng)"), mcol("von_doi_ung", "Vốn đối ứng (triệu đồng)"),
            Col("trang_thai", "Trạng thái", fn=code_text("trang_thai", STATUS_LABEL), w=14), year_col()]
    r = title_line(sh, 1, 1, len(cols), "DANH SÁCH ĐỀ ÁN ĐỀ NGHỊ HỖ TRỢ NĂM 2024")
    top = r + 1
    r, rows = write_table(sh, top, 1, cols, stt_items(recs))
    last = r + 30
    for letter, rng_ref in (("E", "$C$1:$C$8"), ("F", "$A$1:$A$2"), ("G", "$B$1:$B$5"), ("J", "$D$1:$D$3")):
        sh.validations.append((f"{letter}{top + 1}:{letter}{last}", f"=DM!{rng_ref}"))
    note_headers("projects", cols)
    b = Book("de-an-2024-co-bia", "projects", [cover, dm, sh], ["xlsx", "lo.xlsx", "xls", "ods"],
             [Entry([9], "a cover sheet 'Bìa' (titles only) first, a hidden 'DM' sheet holding the drop-down "
                         "lists (data validation on Huyện, Nguồn kinh phí, Nội dung, Trạng thái), the data on "
                         "the 3rd sheet 'Danh sách'")])
    return finish(b, sh, rows, recs, fields_of(cols))


def t17_empty_first_sheet():
    rng = rng_for("t17")
    recs = gen_trainings(rng, [("dao_tao_nghe", 3), ("truyen_nghe", 3), ("tap_huan", 2), ("tham_quan", 1)], 2021)
    empty1, empty3 = Sheet("Sheet1"), Sheet("Sheet3")
    sh = Sheet("Sheet2", size=12)
    cols = [stt_col(5), tcol("ten_lop", "Tên lớp", w=44),
            Col("loai", "Loại hình đào tạo", fn=code_text("loai", TRAINING_LABEL), w=16),
            tcol("nganh_nghe", "Ngành nghề", w=18), Col("huyen", "Huyện", fn=district_fn(), w=14),
            Col("so_hoc_vien", "Số học viên", fn=lambda x: x["so_hoc_vien"], w=9),
            Col("so_hoc_vien_nu", "Số học viên nữ", fn=lambda x: x["so_hoc_vien_nu"], w=9),
            Col("tu_ngay", "Từ ngày", fn=lambda x: date_text(x["tu_ngay"], "excel"), w=12),
            Col("den_ngay", "Đến ngày", fn=lambda x: date_text(x["den_ngay"], "excel"), w=12),
            mcol("kinh_phi", "Kinh phí (triệu đồng)"), year_col()]
    r, rows = write_table(sh, 1, 1, cols, stt_items(recs))
    note_headers("trainings", cols)
    b = Book("dao-tao-2021-sheet-trong", "trainings", [empty1, sh, empty3], ["xlsx", "xls", "ods"],
             [Entry([9, 10], "an empty first sheet 'Sheet1'; the data on 'Sheet2' from A1; an empty 'Sheet3'")])
    return finish(b, sh, rows, recs, fields_of(cols))


def t18_two_sheets():
    rng = rng_for("t18")
    book = Book("thiet-ke-2022-2023-hai-sheet", "design", [], ["xlsx", "xls", "ods"], [])
    for y, header in ((2022, "Mẫu mã, bao bì"), (2023, "Hình thức hỗ trợ (mẫu mã, bao bì)")):
        recs = gen_design(rng, 8 if y == 2022 else 9, y)
        sh = Sheet(str(y), size=12)
        forms = DESIGN_LABEL if y == 2023 else {"bao_bi": "Bao bì", "mau_ma": "Mẫu mã", "nhan_mac": "Nhãn mác",
                                                 "nhan_hieu": "Đăng ký nhãn hiệu"}
        cols = [stt_col(5), tcol("ten_co_so", "Tên cơ sở", w=32), tcol("san_pham", "Sản phẩm", w=24),
                Col("hinh_thuc", header, fn=code_text("hinh_thuc", forms), w=18),
                Col("huyen", "Huyện", fn=district_fn(), w=14),
                mcol("kinh_phi_ho_tro", "Kinh phí hỗ trợ (tr.đ)")]
        r = title_line(sh, 1, 1, len(cols), f"DANH SÁCH CƠ SỞ ĐƯỢC HỖ TRỢ THIẾT KẾ MẪU MÃ, BAO BÌ NĂM {y}")
        r, rows = write_table(sh, r + 1, 1, cols, stt_items(recs) + [Sub("Tổng cộng", recs, span_label=True)])
        note_headers("design", cols)
        book.sheets.append(sh)
        finish(book, sh, rows, recs, fields_of(cols) | {"nam"})
    book.entries = [
        Entry([9, 4], "two data sheets '2022' and '2023' (year only in each title); read with sheet \"2023\"",
              options={"sheet": "2023"}, sheet="2023"),
        Entry([9, 4], "the same workbook read with sheet 2 (the '2023' sheet)", options={"sheet": 2}, sheet="2023"),
        Entry([9, 4], "the same workbook read with sheet \"2022\" ('Mẫu mã, bao bì' header, short form names)",
              options={"sheet": "2022"}, sheet="2022")]
    return book


def t19a_csv_utf8_bom():
    rng = rng_for("t19a")
    recs = gen_trainings(rng, [("dao_tao_nghe", 4), ("truyen_nghe", 3), ("hoi_thao", 2), ("tap_huan", 1)], 2020)
    sh = Sheet("csv")
    cols = [year_col(), tcol("ten_lop", "Tên lớp"), Col("loai", "Loại", fn=code_text("loai", TRAINING_LABEL)),
            tcol("nganh_nghe", "Ngành nghề"), Col("huyen", "Huyện", fn=district_fn()), tcol("xa_phuong", "Xã"),
            Col("so_hoc_vien", "Số lượng học viên", fn=lambda x: x["so_hoc_vien"]),
            Col("so_hoc_vien_nu", "Trong đó nữ", fn=lambda x: x["so_hoc_vien_nu"]),
            Col("tu_ngay", "Từ ngày", fn=lambda x: date_text(x["tu_ngay"], "dmy")),
            Col("den_ngay", "Đến ngày", fn=lambda x: date_text(x["den_ngay"], "dmy")),
            mcol("kinh_phi", "Kinh phí (triệu đồng)")]
    r, rows = write_table(sh, 1, 1, cols, [Rec(x) for x in recs], border=False)
    note_headers("trainings", cols)
    b = Book("dao-tao-2020-utf8-bom", "trainings", [sh], ["csv-utf8-bom-semicolon"],
             [Entry([11, 10], "CSV in UTF-8 with BOM, semicolon-delimited (Excel 'CSV UTF-8' with ; as list separator)")])
    return finish(b, sh, rows, recs, fields_of(cols))


def t19b_csv_utf8():
    rng = rng_for("t19b")
    recs = gen_design(rng, 8, 2025)
    sh = Sheet("csv")
    cols = [year_col(), tcol("ten_co_so", "Tên cơ sở"), Col("ma_so_thue", "Mã số thuế", fn=lambda x: x["ma_so_thue"]),
            tcol("san_pham", "Sản phẩm"), Col("hinh_thuc", "Hình thức hỗ trợ", fn=code_text("hinh_thuc", DESIGN_LABEL)),
            Col("nguon_kinh_phi", "Nguồn kinh phí", fn=code_text("nguon_kinh_phi", SOURCES)),
            mcol("kinh_phi_ho_tro", "Kinh phí hỗ trợ (triệu đồng)"), Col("huyen", "Huyện", fn=district_fn()),
            tcol("xa_phuong", "Xã/phường")]
    r, rows = write_table(sh, 1, 1, cols, [Rec(x) for x in recs], border=False)
    note_headers("design", cols)
    b = Book("thiet-ke-2025-utf8", "design", [sh], ["csv-utf8-comma"],
             [Entry([11], "CSV in UTF-8 without BOM, comma-delimited, amounts quoted where they hold a comma (\"18,5\")")])
    return finish(b, sh, rows, recs, fields_of(cols))


def t19c_csv_cp1258():
    rng = rng_for("t19c")
    recs = gen_facilities(rng, 15)
    sh = Sheet("csv")
    cols = [stt_col(), tcol("ten_co_so", "Tên cơ sở"), Col("loai_hinh", "Loại hình", fn=code_text("loai_hinh", KIND_LABEL)),
            Col("ma_so_thue", "Mã số thuế", fn=lambda x: x["ma_so_thue"]), tcol("nguoi_dai_dien", "Người đại diện"),
            tcol("dien_thoai", "Điện thoại"), tcol("dia_chi", "Địa chỉ"), tcol("xa_phuong", "Xã/phường"),
            Col("huyen", "Huyện", fn=district_fn()), Col("nganh", "Ngành", fn=code_text("nganh", SECTOR_LABEL))]
    r = title_line(sh, 1, 1, len(cols), "DANH SÁCH CƠ SỞ CÔNG NGHIỆP NÔNG THÔN")
    r, rows = write_table(sh, r + 1, 1, cols, stt_items(recs), border=False)
    note_headers("facilities", cols)
    b = Book("co-so-cp1258", "facilities", [sh], ["csv-cp1258-comma"],
             [Entry([11], "CSV in Windows-1258 as Excel on Vietnamese Windows saves 'CSV (Comma delimited)': letters "
                          "the code page lacks are a base letter + combining tone mark (ệ = ê + U+0323); a title "
                          "line and a blank line before the header")])
    return finish(b, sh, rows, recs, fields_of(cols))


def t19d_unicode_text():
    rng = rng_for("t19d")
    recs = gen_projects(rng, [("dia_phuong", "may_moc_thiet_bi", 6), ("quoc_gia", "may_moc_thiet_bi", 2),
                              ("dia_phuong", "hoi_cho_trien_lam", 1), ("dia_phuong", "tu_van", 1)], 2022)
    sh = Sheet("txt")
    cols = [stt_col(), year_col(), tcol("ten_de_an", "Tên đề án"), tcol("ten_co_so", "Tên cơ sở"),
            Col("huyen", "Huyện", fn=district_fn()), tcol("xa_phuong", "Xã"),
            Col("nguon_kinh_phi", "Nguồn kinh phí", fn=code_text("nguon_kinh_phi", SOURCES)),
            Col("noi_dung", "Nội dung", fn=code_text("noi_dung", CONTENT_LABEL)),
            mcol("kinh_phi_ho_tro", "Kinh phí hỗ trợ (triệu đồng)"), mcol("von_doi_ung", "Vốn đối ứng (triệu đồng)"),
            tcol("so_quyet_dinh", "Số quyết định")]
    r, rows = write_table(sh, 1, 1, cols, stt_items(recs), border=False)
    note_headers("projects", cols)
    b = Book("de-an-2022-unicode-text", "projects", [sh], ["txt-utf16-tab", "csv-utf16-tab"],
             [Entry([11], "Excel 'Unicode Text': UTF-16 LE with BOM, tab-delimited (the .txt Excel writes, and the "
                          "same bytes named .csv)")])
    return finish(b, sh, rows, recs, fields_of(cols))


def t19e_shift_jis():
    text = ("年度,事業名,施設名,支援額（百万ドン）\r\n"
            "2023,機械設備導入支援,Co so banh trang My Long,278\r\n"
            "2023,技術実証モデル構築,HTX Gom do Mang Thit,850\r\n"
            "2022,見本市出展支援,Cong ty TNHH Co khi Tan Phat,45\r\n")
    raw = text.encode("shift_jis")
    for enc in ("utf-8", "utf-16", "cp1258"):
        try:
            raw.decode(enc)
            raise AssertionError(f"Shift_JIS sample decodes as {enc}")
        except UnicodeDecodeError:
            pass
    b = Book("de-an-shift-jis", "projects", [], ["raw-csv"],
             [Entry([11], "a CSV in Shift_JIS (Japanese partner's list): not UTF-8, UTF-16 or Windows-1258 "
                          "(bytes such as 0x81 and 0x8E are undefined in Windows-1258)", expect="refuse", mentions=[],
                    why="the encoding is none the importer reads: it must refuse rather than store mojibake")])
    b.raw = raw
    b.data = None
    return b


def legacy_recs(gen, ok, tries=200):
    """Records from `gen()` whose every text value passes `ok`."""
    for _ in range(tries):
        recs = gen()
        if all(ok(v) for x in recs for k, v in x.items() if isinstance(v, str) and not k.startswith("_")):
            return recs
    raise RuntimeError("no encodable records")


def t20_tcvn3():
    rng = rng_for("t20")
    facs = [f for f in FACILITIES if tcvn3_ok(f.name) and tcvn3_ok(f.commune)]

    def gen():
        out = []
        for y, plan in ((2014, [("dia_phuong", "may_moc_thiet_bi", 3)]),
                        (2015, [("dia_phuong", "may_moc_thiet_bi", 2), ("quoc_gia", "may_moc_thiet_bi", 1)]),
                        (2016, [("dia_phuong", "may_moc_thiet_bi", 2), ("quoc_gia", "mo_hinh_trinh_dien", 1),
                                ("dia_phuong", "tu_van", 1)])):
            out += gen_projects(rng, plan, y, facilities=rng.sample(facs, sum(p[2] for p in plan)))
        return out
    recs = legacy_recs(gen, tcvn3_ok)
    enc = tcvn3
    sh = Sheet("Sheet1", font=".VnTime", size=13)
    cols = [stt_col(5), tcol("ten_de_an", "Tên đề án", w=44), tcol("ten_co_so", "Tên cơ sở", w=30),
            Col("huyen", "Huyện", fn=district_fn(), w=14),
            Col("nguon_kinh_phi", "Nguồn kinh phí", fn=code_text("nguon_kinh_phi", SOURCES), w=20),
            Col("noi_dung", "Nội dung", fn=code_text("noi_dung", CONTENT_GROUP), w=30),
            mcol("kinh_phi_ho_tro", "Kinh phí hỗ trợ (triệu đồng)"), mcol("von_doi_ung", "Vốn đối ứng (triệu đồng)"),
            year_col()]
    n = len(cols)
    caps = lambda s: tcvn3(s, caps_font=True)
    for i, t in enumerate(["SỞ CÔNG THƯƠNG VĨNH LONG", "TRUNG TÂM KHUYẾN CÔNG"]):
        sh.put(1 + i, 1, caps(t), bold=True, font=".VnTimeH", h="center")
        sh.merge(1 + i, 1, 1 + i, 3)
        sh.tag(1 + i, "title")
    sh.put(4, 1, caps("DANH SÁCH ĐỀ ÁN KHUYẾN CÔNG 2014 - 2016"), bold=True, font=".VnTimeH", size=14, h="center")
    sh.merge(4, 1, 4, n)
    sh.tag(4, "title")
    items = stt_items(recs) + [Sub("Tổng cộng", recs, span_label=True)]
    r, rows = write_table(sh, 6, 1, cols, items, enc=enc)
    capsed = set()

    def sig_enc(s):
        if tcvn3_ok(s):
            return tcvn3(s)
        capsed.add(tcvn3(s, caps_font=True))
        return tcvn3(s, caps_font=True)
    signature(sh, r, 1, n, "Vĩnh Long, ngày 30 tháng 12 năm 2016", right=("GIÁM ĐỐC",),
              names=("Nguyễn Thị Thu Hà", "Lê Văn Phúc"), enc=sig_enc)
    for cell in sh.cells.values():
        if cell.v in capsed:
            cell.font = ".VnTimeH"
    note_headers("projects", cols, dec=lambda h: f"{h} [TCVN3: {tcvn3(h)}]")
    b = Book("de-an-2014-2016-tcvn3", "projects", [sh], ["xlsx", "xls", "ods"],
             [Entry([12], "every text cell typed in TCVN3 (font .VnTime; titles in .VnTimeH caps font with "
                          "lower-case codes): 'C¬ së', 'Tªn ®Ò ¸n', 'VÜnh Long'; truth is the Unicode text")])
    return finish(b, sh, rows, recs, fields_of(cols))


def t21_vni():
    rng = rng_for("t21")
    recs = gen_trainings(rng, [("dao_tao_nghe", 3), ("truyen_nghe", 2), ("tap_huan", 2), ("hoi_thao", 1)], 2015,
                         with_facility=False)
    sh = Sheet("Sheet1", font="VNI-Times", size=13)
    cols = [stt_col(5), tcol("ten_lop", "Tên lớp", w=44), Col("loai", "Loại hình", fn=code_text("loai", TRAINING_LABEL), w=14),
            Col("huyen", "Huyện", fn=district_fn(), w=14), tcol("xa_phuong", "Xã", w=14),
            Col("so_hoc_vien", "Số lượng học viên", fn=lambda x: x["so_hoc_vien"], w=10),
            Col("so_hoc_vien_nu", "Trong đó nữ", fn=lambda x: x["so_hoc_vien_nu"], w=9),
            mcol("kinh_phi", "Kinh phí (triệu đồng)"), year_col()]
    n = len(cols)
    r = gov_header(sh, 1, n, ["SỞ CÔNG THƯƠNG TỈNH VĨNH LONG", "TRUNG TÂM KHUYẾN CÔNG"], enc=vni)
    r = title_line(sh, r + 1, 1, n, "DANH SÁCH LỚP ĐÀO TẠO NGHỀ, TẬP HUẤN NĂM 2015", enc=vni)
    items = stt_items(recs) + [Sub("Tổng cộng", recs, span_label=True)]
    r, rows = write_table(sh, r + 1, 1, cols, items, enc=vni)
    note_headers("trainings", cols, dec=lambda h: f"{h} [VNI: {vni(h)}]")
    b = Book("dao-tao-2015-vni", "trainings", [sh], ["xlsx", "xls", "ods"],
             [Entry([12], "every text cell typed in VNI-Windows (font VNI-Times): 'Vónh Long', 'Teân lôùp'; "
                          "truth is the Unicode text")])
    return finish(b, sh, rows, recs, fields_of(cols))


def t22_mixed_tcvn3():
    rng = rng_for("t22")
    pool = [f for f in FACILITIES if all(tcvn3_ok(v) for v in (f.name, f.rep, f.address, f.commune))]
    recs = gen_facilities(rng, 14, lambda f: f in pool)
    legacy = set(id(x) for x in rng.sample(recs, 6))
    sh = Sheet("Co so", size=12)

    def t(key):
        def fn(x):
            v = x.get(key)
            if not v:
                return None
            return C(tcvn3(v), font=".VnTime") if id(x) in legacy else v
        return fn

    def coded(key, labels):
        base = code_text(key, labels)

        def fn(x):
            v = base(x)
            return C(tcvn3(v), font=".VnTime") if id(x) in legacy else v
        return fn
    cols = [stt_col(5), Col("ten_co_so", "Tên cơ sở", fn=t("ten_co_so"), w=32),
            Col("loai_hinh", "Loại hình", fn=coded("loai_hinh", KIND_LABEL), w=14),
            Col("ma_so_thue", "Mã số thuế", fn=lambda x: C(int(x["ma_so_thue"]), fmt="0"), w=13),
            Col("nguoi_dai_dien", "Người đại diện", fn=t("nguoi_dai_dien"), w=22),
            Col("dia_chi", "Địa chỉ", fn=t("dia_chi"), w=28), Col("xa_phuong", "Xã, phường", fn=t("xa_phuong"), w=14),
            Col("huyen", "Huyện", fn=lambda x: C(tcvn3(x["huyen"]), font=".VnTime") if id(x) in legacy else x["huyen"],
                w=14),
            Col("dien_thoai", "Điện thoại", fn=lambda x: x["dien_thoai"], w=15)]
    r = title_line(sh, 1, 1, len(cols), "DANH SÁCH CƠ SỞ CÔNG NGHIỆP NÔNG THÔN (TỔNG HỢP TỪ CÁC HUYỆN)")
    r, rows = write_table(sh, r + 1, 1, cols, stt_items(recs))
    note_headers("facilities", cols)
    b = Book("co-so-tron-tcvn3", "facilities", [sh], ["xlsx", "xls", "ods"],
             [Entry([12], "6 of 14 rows pasted from an old TCVN3 file (font .VnTime in those cells), the others "
                          "Unicode: the same columns mix both; tax codes as Excel numbers")])
    return finish(b, sh, rows, recs, fields_of(cols))


def t23_tcvn3_csv():
    rng = rng_for("t23")
    facs = [f for f in FACILITIES if tcvn3_ok(f.name) and tcvn3_ok(f.commune)]
    recs = legacy_recs(lambda: gen_projects(rng, [("dia_phuong", "may_moc_thiet_bi", 5), ("dia_phuong", "tu_van", 1)],
                                            2015, facilities=rng.sample(facs, 6)), tcvn3_ok)
    sh = Sheet("csv")
    cols = [year_col(), tcol("ten_de_an", "Tên đề án"), tcol("ten_co_so", "Tên cơ sở"),
            Col("huyen", "Huyện", fn=district_fn()),
            Col("nguon_kinh_phi", "Nguồn kinh phí", fn=code_text("nguon_kinh_phi", SOURCES)),
            Col("noi_dung", "Nội dung", fn=code_text("noi_dung", CONTENT_GROUP)),
            mcol("kinh_phi_ho_tro", "Kinh phí hỗ trợ (triệu đồng)"), mcol("von_doi_ung", "Vốn đối ứng (triệu đồng)")]
    r, rows = write_table(sh, 1, 1, cols, [Rec(x) for x in recs], border=False)
    note_headers("projects", cols, dec=lambda h: f"{h} [TCVN3: {tcvn3(h)}]")
    b = Book("de-an-2015-tcvn3", "projects", [sh], ["csv-tcvn3-comma"],
             [Entry([12, 11], "a CSV whose raw bytes are TCVN3 (saved from a .VnTime sheet): 0xAC = ơ, 0xAE = đ…; "
                              "headers too")])
    return finish(b, sh, rows, recs, fields_of(cols))


PLACE_FORMS = [("H. Mang Thít", "Mang Thít"), ("huyện Mang Thít", "Mang Thít"), ("Mang Thit", "Mang Thít"),
               ("TP. Vĩnh Long", "TP Vĩnh Long"), ("Thị xã Bình Minh", "TX Bình Minh"),
               ("Thành phố Vĩnh Long", "TP Vĩnh Long"), ("Huyện Long Hồ", "Long Hồ"), ("TX. Bình Minh", "TX Bình Minh"),
               ("VŨNG LIÊM", "Vũng Liêm"), ("Tam Binh", "Tam Bình"), ("Trà Ôn", "Trà Ôn"), ("Bình Tân", "Bình Tân"),
               ("H.Trà Ôn", "Trà Ôn"), ("Tp Vĩnh Long", "TP Vĩnh Long"), ("Long Ho", "Long Hồ"),
               ("huyện Vũng Liêm", "Vũng Liêm"), ("TX Bình Minh", "TX Bình Minh"), ("h. Tam Bình", "Tam Bình"),
               ("Vĩnh Long", "TP Vĩnh Long"), ("Châu Thành", "Châu Thành")]


def t24_places():
    rng = rng_for("t24")
    recs, used = [], set()
    for written, canon in PLACE_FORMS:
        if canon == "Châu Thành":
            f = Facility("Cơ sở thạch dừa Hòa Lợi", "ho_kinh_doanh", "2100" + "".join(str(rng.randrange(10)) for _ in range(6)),
                         "Thạch Thị Sa Ri", "0294 3 855 127", "Số 15, ấp Bến Có", "Hòa Lợi", "Châu Thành",
                         "che_bien_nong_san", PRODUCTS[0])
            tinh = "Trà Vinh"
        else:
            f = rng.choice([x for x in FACILITIES if x.district == canon and x.name not in used])
            tinh = "Vĩnh Long"
        used.add(f.name)
        recs.append({"ten_co_so": f.name, "loai_hinh": f.kind, "ma_so_thue": f.tax, "nguoi_dai_dien": f.rep,
                     "dien_thoai": f.phone, "dia_chi": f.address, "xa_phuong": f.commune, "huyen": canon,
                     "tinh": tinh, "nganh": f.sector, "_hw": written})
        note_group(f"huyen={canon}", written)
    sh = Sheet("Co so", size=12)
    cols = [stt_col(5), tcol("ten_co_so", "Tên cơ sở", w=32),
            Col("loai_hinh", "Loại hình", fn=code_text("loai_hinh", KIND_LABEL), w=14),
            Col("ma_so_thue", "Mã số thuế", fn=lambda x: x["ma_so_thue"], w=13), tcol("dia_chi", "Địa chỉ", w=26),
            tcol("xa_phuong", "Xã, phường, thị trấn", w=14), Col("huyen", "Huyện, thị xã, thành phố", fn=lambda x: x["_hw"], w=18),
            tcol("tinh", "Tỉnh", w=10), Col("nganh", "Ngành nghề sản xuất", fn=code_text("nganh", SECTOR_LABEL), w=22)]
    r = title_line(sh, 1, 1, len(cols), "DANH SÁCH CƠ SỞ CÔNG NGHIỆP NÔNG THÔN THAM GIA CHƯƠNG TRÌNH KHUYẾN CÔNG")
    r, rows = write_table(sh, r + 1, 1, cols, stt_items(recs))
    note_headers("facilities", cols)
    b = Book("co-so-dia-danh", "facilities", [sh], ["xlsx", "xls", "ods", "csv-utf8-bom-comma"],
             [Entry([13], "districts written 'H. Mang Thít', 'huyện Mang Thít', 'Mang Thit', 'TP. Vĩnh Long', "
                          "'Thị xã Bình Minh', 'H.Trà Ôn', 'VŨNG LIÊM', 'Vĩnh Long'…: truth is the canonical name; "
                          "one facility in 'Châu Thành' (tỉnh Trà Vinh, not a former Vĩnh Long district): imports "
                          "with a warning, kept as written")])
    return finish(b, sh, rows, recs, fields_of(cols))


def t25_training_dates():
    rng = rng_for("t25")
    recs = gen_trainings(rng, [("dao_tao_nghe", 4), ("truyen_nghe", 3), ("tap_huan", 3), ("hoi_thao", 2)], 2023)
    date_styles = ["excel", "words", "dmyy", "excel", "dmy_short", "words", "excel", "dmyy", "dmy", "excel", "words",
                   "excel"]
    kp_styles = ["num", "num", "dash", "unit", "num", "empty", "num", "unit", "num", "dash", "num", "num"]
    for i, x in enumerate(recs):
        x["_ds"], x["_kp"], x["_ys"] = date_styles[i], kp_styles[i], ("words" if i % 3 == 0 else "num")
        if x["_kp"] in ("dash", "empty"):
            x["kinh_phi"] = 0
    _, kp_sum = money("kinh_phi")

    def kp(x):
        st = x["_kp"]
        if st == "dash":
            return C("-", h="center")
        if st == "empty":
            return None
        if st == "unit":
            return C(vi_number(Decimal(x["kinh_phi"]) / 1_000_000) + " triệu", h="right")
        return C(money_value(x["kinh_phi"], "trieu"), fmt="#,##0.0")
    sh = Sheet("Lop 2023", size=12)
    cols = [stt_col(5), Col("nam", "Năm", fn=lambda x: C(f"Năm {x['nam']}") if x["_ys"] == "words" else C(x["nam"], fmt="0"), w=10),
            tcol("ten_lop", "Tên lớp", w=44), Col("loai", "Loại", fn=code_text("loai", TRAINING_LABEL), w=14),
            tcol("ten_co_so", "Cơ sở phối hợp", w=28), Col("huyen", "Huyện", fn=district_fn(), w=14),
            Col("so_hoc_vien", "Số học viên", "Tổng số", fn=lambda x: x["so_hoc_vien"], w=9),
            Col("so_hoc_vien_nu", "Số học viên", "Trong đó nữ", fn=lambda x: x["so_hoc_vien_nu"], w=9),
            Col("tu_ngay", "Thời gian thực hiện", "Từ ngày", fn=lambda x: date_text(x["tu_ngay"], x["_ds"]), w=24),
            Col("den_ngay", "Thời gian thực hiện", "Đến ngày", fn=lambda x: date_text(x["den_ngay"], x["_ds"]), w=24),
            Col("kinh_phi", "Kinh phí (triệu đồng)", fn=kp, sumfn=kp_sum, w=14, money_key="kinh_phi")]
    r = title_line(sh, 1, 1, len(cols), "KẾT QUẢ TỔ CHỨC CÁC LỚP ĐÀO TẠO, TẬP HUẤN, HỘI THẢO NĂM 2023")
    r, rows = write_table(sh, r + 1, 1, cols, stt_items(recs) + [Sub("Tổng cộng", recs, span_label=True)])
    note_headers("trainings", cols)
    b = Book("dao-tao-2023-ngay-so", "trainings", [sh], ["xlsx", "lo.xlsx", "xls", "ods"],
             [Entry([14, 10], "year cells 'Năm 2023' and 2023; dates as Excel dates, 'ngày 05 tháng 5 năm 2023', "
                              "'18/04/23', '5/6/2023', '05/06/2023' under 'Thời gian thực hiện' / 'Từ ngày' 'Đến ngày'; "
                              "'Số học viên' / 'Tổng số' 'Trong đó nữ'; costs '-' and empty (0), '45,5 triệu', "
                              "Excel numbers")])
    return finish(b, sh, rows, recs, fields_of(cols))


def t26_project_numbers():
    rng = rng_for("t26")
    recs = gen_projects(rng, [("dia_phuong", "may_moc_thiet_bi", 6), ("quoc_gia", "mo_hinh_trinh_dien", 3),
                              ("dia_phuong", "hoi_cho_trien_lam", 1)], 2023)
    recs[0]["kinh_phi_ho_tro"] = 278_500_000
    recs[6]["von_doi_ung"] = 1_234_500_000
    styles = [("unit", "num"), ("num", "text"), ("text", "dash"), ("num", "empty"), ("unit", "text"), ("num", "num"),
              ("num", "space"), ("text", "text"), ("num", "space"), ("num", "dash")]
    dstyles = ["excel", "words", "excel", "dmyy", "excel", "words", "excel", "dmy", "excel", "excel"]
    for x, (s1, s2), ds in zip(recs, styles, dstyles):
        x["_s1"], x["_s2"], x["_ds"] = s1, s2, ds
        if s2 in ("dash", "empty"):
            x["von_doi_ung"] = 0
    _, sum_fn = money("kinh_phi_ho_tro")

    def render(x, key, st):
        v = x[key]
        if st == "dash":
            return C("-", h="center")
        if st == "empty":
            return None
        if st == "num":
            return C(money_value(v, "trieu"), fmt="#,##0.0")
        t = vi_number(Decimal(v) / 1_000_000)
        if st == "unit":
            t += " triệu"
        if st == "space":
            t = t.replace(".", " ")
        return C(t, h="right")
    sh = Sheet("Sheet1", size=12)
    cols = [stt_col(5), tcol("ten_de_an", "Tên đề án", w=44), tcol("ten_co_so", "Tên cơ sở", w=30),
            Col("huyen", "Huyện", fn=district_fn(), w=14),
            Col("nguon_kinh_phi", "Nguồn kinh phí", fn=code_text("nguon_kinh_phi", SOURCES), w=20),
            Col("noi_dung", "Nội dung", fn=code_text("noi_dung", CONTENT_LABEL), w=26),
            Col("kinh_phi_ho_tro", "Kinh phí hỗ trợ (triệu đồng)", fn=lambda x: render(x, "kinh_phi_ho_tro", x["_s1"]),
                sumfn=sum_fn, w=16, money_key="kinh_phi_ho_tro"),
            Col("von_doi_ung", "Vốn đối ứng (triệu đồng)", fn=lambda x: render(x, "von_doi_ung", x["_s2"]),
                sumfn=sum_fn, w=16, money_key="von_doi_ung"),
            tcol("so_quyet_dinh", "Số quyết định", w=14),
            Col("ngay_phe_duyet", "Ngày phê duyệt", fn=lambda x: date_text(x["ngay_phe_duyet"], x["_ds"]), w=24),
            year_col()]
    r = title_line(sh, 1, 1, len(cols), "DANH SÁCH ĐỀ ÁN KHUYẾN CÔNG NĂM 2023")
    r, rows = write_table(sh, r + 1, 1, cols, stt_items(recs) + [Sub("Tổng cộng", recs, span_label=True)])
    note_headers("projects", cols)
    b = Book("de-an-2023-so-lieu-go-tay", "projects", [sh], ["xlsx", "xls", "ods", "csv-utf8-bom-semicolon"],
             [Entry([14], "amounts as Excel numbers and as typed text: '278,5 triệu', '1 234,5', '1.150', '-' and "
                          "empty counterpart (0); approval dates as Excel dates, 'ngày 05 tháng 5 năm 2023', '18/04/23'")])
    return finish(b, sh, rows, recs, fields_of(cols))


def t27_template_control():
    rng = rng_for("t27")
    recs = gen_projects(rng, [("dia_phuong", "may_moc_thiet_bi", 5), ("quoc_gia", "may_moc_thiet_bi", 1),
                              ("dia_phuong", "tu_van", 1), ("dia_phuong", "hoi_cho_trien_lam", 1)], 2021)
    for x in recs:
        x["ngay_nghiem_thu"] = (x["ngay_phe_duyet"] + dt.timedelta(days=rng.randrange(150, 250))
                                if x["trang_thai"] in ("nghiem_thu", "quyet_toan") else None)
        x["ghi_chu"] = rng.choice(["", "", "Cơ sở đã nhận đủ kinh phí"])
    sh = Sheet("Đề án", size=11)
    keys = ["nam", "ten_de_an", "nguon_kinh_phi", "noi_dung", "ten_co_so", "ma_so_thue", "huyen", "xa_phuong",
            "kinh_phi_ho_tro", "von_doi_ung", "trang_thai", "so_quyet_dinh", "ngay_phe_duyet", "ngay_nghiem_thu", "ghi_chu"]
    cols = []
    for k in keys:
        if k in ("kinh_phi_ho_tro", "von_doi_ung"):
            cols.append(mcol(k, k, fmt="#,##0.0##"))
        elif k in ("ngay_phe_duyet", "ngay_nghiem_thu"):
            cols.append(Col(k, k, fn=lambda x, k=k: date_text(x[k], "excel"), w=12))
        elif k == "nam":
            cols.append(year_col("nam"))
        elif k == "ma_so_thue":
            cols.append(Col(k, k, fn=lambda x: x["ma_so_thue"] or None, w=13))
        else:
            cols.append(tcol(k, k, w=20))
    r, rows = write_table(sh, 1, 1, cols, [Rec(x) for x in recs], border=False)
    note_headers("projects", cols)
    b = Book("mau-nhap-de-an-2021", "projects", [sh], ["xlsx", "csv-utf8-comma"],
             [Entry([15], "control: one header row of import keys at A1, codes as stored (quoc_gia, may_moc_thiet_bi, "
                          "nghiem_thu), Excel numbers and dates", only=("xlsx",)),
              # Written with three decimals ("203,000", "191,500"), the CSV's amounts cannot
              # be told from thousands: refused until the officer chooses, then read right.
              Entry([15, 7], "control as a CSV whose amounts have three decimals (203,000 = 203 triệu): "
                             "thousands or decimals cannot be told apart",
                    expect="refuse", mentions=["--decimal"], only=("csv-utf8-comma",),
                    why="every amount has one comma and three digits after it; the officer must choose"),
              Entry([15, 7], "the same CSV with decimal comma: 203,000 = 203 triệu",
                    options={"decimal": "comma"}, only=("csv-utf8-comma",))])
    return finish(b, sh, rows, recs, fields_of(cols))


def t28_nasty_c9():
    rng = rng_for("t28")
    recs = gen_design(rng, 12, 2019)
    sh = Sheet("TK 2019", size=12)
    cols = [stt_col(5), tcol("ten_co_so", "Tên cơ sở", w=32), Col("ma_so_thue", "Mã số thuế", fn=lambda x: x["ma_so_thue"], w=13),
            tcol("san_pham", "Sản phẩm", w=24), Col("hinh_thuc", "Hình thức hỗ trợ", fn=code_text("hinh_thuc", DESIGN_LABEL), w=18),
            Col("huyen", "Huyện", fn=district_fn(), w=14), tcol("xa_phuong", "Xã", w=14),
            mcol("kinh_phi_ho_tro", "Kinh phí hỗ trợ (tr.đ)"), year_col()]
    n = len(cols)
    c0 = 3
    title_line(sh, 2, c0, n, "DANH SÁCH TÊN CƠ SỞ, SẢN PHẨM, HÌNH THỨC HỖ TRỢ, HUYỆN, XÃ VÀ KINH PHÍ HỖ TRỢ THIẾT KẾ "
                             "MẪU MÃ, BAO BÌ SẢN PHẨM NĂM 2019")
    sh.put(4, c0, "Căn cứ Quyết định số 512/QĐ-SCT ngày 12/3/2019 của Sở Công Thương về việc phê duyệt kinh phí "
                  "hỗ trợ thiết kế mẫu mã, bao bì;", italic=True)
    sh.put(5, c0, "Trung tâm Khuyến công tổng hợp danh sách cơ sở (mã số thuế, sản phẩm, năm) như sau:", italic=True)
    sh.put(7, c0 + n - 2, "ĐVT: triệu đồng", italic=True)
    for r_ in (4, 5, 7):
        sh.tag(r_, "title")
    items = stt_items(recs) + [Sub("Tổng cộng", recs, span_label=True)] + [Blank() for _ in range(60)]
    r, rows = write_table(sh, 9, c0, cols, items)
    note_headers("design", cols)
    b = Book("thiet-ke-2019-bat-dau-c9", "design", [sh], ["xlsx", "lo.xlsx", "xls", "ods"],
             [Entry([16, 10], "table starts at C9 under a title row made of header words ('tên cơ sở, sản phẩm, "
                              "hình thức hỗ trợ… kinh phí hỗ trợ'), text lines and an ĐVT line; 60 empty rows "
                              "with borders after Tổng cộng")])
    return finish(b, sh, rows, recs, fields_of(cols))


def t29_nasty_300():
    rng = rng_for("t29")
    recs = []
    for y in range(2014, 2024):
        plan = [("dia_phuong", "may_moc_thiet_bi", 19), ("quoc_gia", "may_moc_thiet_bi", 2),
                ("dia_phuong", "tu_van", 3), ("dia_phuong", "hoi_cho_trien_lam", 2), ("dia_phuong", "san_xuat_sach_hon", 2),
                ("quoc_gia", "mo_hinh_trinh_dien", 1), ("dia_phuong", "thong_tin", 1)]
        recs += gen_projects(rng, plan, y, facilities=[rng.choice(FACILITIES) for _ in range(30)])
    sh = Sheet("2014-2023", size=10)
    cols = [stt_col(5), year_col(), tcol("ten_de_an", "Tên đề án", w=44), tcol("ten_co_so", "Tên cơ sở thụ hưởng", w=30),
            Col("huyen", "Huyện", fn=district_fn(), w=13), tcol("xa_phuong", "Xã", w=13),
            Col("nguon_kinh_phi", "Nguồn kinh phí", fn=code_text("nguon_kinh_phi", SOURCES), w=20),
            Col("noi_dung", "Nội dung", fn=code_text("noi_dung", CONTENT_LABEL), w=26),
            mcol("kinh_phi_ho_tro", "KP hỗ trợ (Tr.đ)"), mcol("von_doi_ung", "Vốn đối ứng (Tr.đ)", zero="-"),
            Col("trang_thai", "Trạng thái", fn=code_text("trang_thai", STATUS_LABEL), w=13),
            tcol("so_quyet_dinh", "Số quyết định", w=13)]
    sh.put(1, 1, "Tổng hợp đề án khuyến công giai đoạn 2014 - 2023 (tên đề án, tên cơ sở, huyện, xã, nguồn kinh phí, "
                 "nội dung, kinh phí hỗ trợ, vốn đối ứng, trạng thái, số quyết định)", bold=True)
    sh.tag(1, "title")
    items = []
    n = 1
    for y in range(2014, 2024):
        if y > 2014:
            items.append(Blank(border=False))
        for x in recs:
            if x["nam"] == y:
                items.append(Rec(x, stt=n))
                n += 1
    r, rows = write_table(sh, 3, 1, cols, items)
    note_headers("projects", cols)
    b = Book("de-an-2014-2023-300-dong", "projects", [sh], ["xlsx", "xls", "ods", "csv-utf8-comma"],
             [Entry([16], "300 rows over 10 years with an empty row between years; a one-cell title row listing "
                          "header words; counterpart '-' where none")])
    return finish(b, sh, rows, recs, fields_of(cols))


BUILDERS = [t01_government, t02_plan_2019, t03_unlabelled_subtotals, t04_merged_rows, t05_year_from_date,
            t06_hidden_rows, t07_autofilter, t08_units_dong, t09_units_thousand, t10_units_billion,
            t11_training_unit_line, t12_no_unit_refuse, t13_decimal_ambiguous, t14_formula_data_cell,
            t15_formula_total_only, t16_cover_and_lists, t17_empty_first_sheet, t18_two_sheets, t19a_csv_utf8_bom,
            t19b_csv_utf8, t19c_csv_cp1258, t19d_unicode_text, t19e_shift_jis, t20_tcvn3, t21_vni, t22_mixed_tcvn3,
            t23_tcvn3_csv, t24_places, t25_training_dates, t26_project_numbers, t27_template_control, t28_nasty_c9,
            t29_nasty_300]


# ---------------------------------------------------------------------------
# Output: formats, verification, manifest, README

FORMAT_NAMES = {
    "xlsx": "xlsx written by openpyxl (no cached formula values)",
    "lo.xlsx": "xlsx re-saved by LibreOffice (formulas with cached values)",
    "xls": "Excel 97-2003 .xls written by LibreOffice",
    "ods": "OpenDocument .ods written by LibreOffice",
    "csv-utf8-bom-semicolon": "CSV, UTF-8 with BOM, ';'",
    "csv-utf8-bom-comma": "CSV, UTF-8 with BOM, ','",
    "csv-utf8-comma": "CSV, UTF-8 without BOM, ','",
    "csv-cp1258-comma": "CSV, Windows-1258, ','",
    "csv-tcvn3-comma": "CSV, raw TCVN3 bytes, ','",
    "txt-utf16-tab": "Unicode Text (.txt), UTF-16 LE with BOM, tab",
    "csv-utf16-tab": "Unicode Text bytes named .csv, UTF-16 LE with BOM, tab",
    "raw-csv": "CSV, Shift_JIS",
}


def file_name(base, fmt):
    if fmt == "xlsx":
        return f"{base}.xlsx"
    if fmt == "lo.xlsx":
        return f"{base}-lo.xlsx"
    if fmt in ("xls", "ods"):
        return f"{base}.{fmt}"
    if fmt.startswith("txt"):
        return f"{base}.txt"
    return f"{base}.csv"


def csv_bytes(book: Book, fmt: str) -> bytes:
    if fmt == "raw-csv":
        return book.raw
    rows = sheet_rows(next(s for s in book.sheets if s.name == book.data))
    delim = {"semicolon": ";", "comma": ",", "tab": "\t"}[fmt.rsplit("-", 1)[1]]
    text = csv_text(rows, delim)
    if "utf8-bom" in fmt:
        return "\ufeff".encode() + text.encode("utf-8")
    if "utf8" in fmt:
        return text.encode("utf-8")
    if "cp1258" in fmt:
        return cp1258_bytes(text)
    if "tcvn3" in fmt:
        return bytes(tcvn3_codes(text))
    if "utf16" in fmt:
        return ("\ufeff" + text).encode("utf-16-le")
    raise ValueError(fmt)


def decode_csv(data: bytes, fmt: str) -> list[list[str]]:
    if "utf8" in fmt:
        text = data.decode("utf-8-sig")
    elif "cp1258" in fmt:
        text = nfc(data.decode("cp1258"))
    elif "tcvn3" in fmt:
        text = tcvn3_decode(data.decode("latin-1"))
    elif "utf16" in fmt:
        text = data.decode("utf-16")
    else:
        raise ValueError(fmt)
    delim = {"semicolon": ";", "comma": ",", "tab": "\t"}[fmt.rsplit("-", 1)[1]]
    return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delim)]


_LO_PROFILE: list[Path] = []
_NO_THUMBNAILS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Save/Document"><prop oor:name="GenerateThumbnail" oor:op="fuse">\
<value>false</value></prop></item>
</oor:items>
"""


def lo_profile() -> Path:
    """A fresh LibreOffice user profile that does not put a thumbnail in .ods files (24 KB each)."""
    if not _LO_PROFILE:
        p = Path(tempfile.mkdtemp(prefix="officers-corpus-lo-"))
        (p / "user").mkdir()
        (p / "user" / "registrymodifications.xcu").write_text(_NO_THUMBNAILS, encoding="utf-8")
        _LO_PROFILE.append(p)
    return _LO_PROFILE[0]


def soffice(target: str, files: list[Path], outdir: Path):
    outdir.mkdir(parents=True, exist_ok=True)
    for i in range(0, len(files), 40):
        chunk = files[i:i + 40]
        profile = lo_profile()
        cmd = ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
               "--convert-to", target, "--outdir", str(outdir)] + [str(f) for f in chunk]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=900)
        for f in chunk:
            if not (outdir / (f.stem + "." + target)).exists():
                raise RuntimeError(f"soffice did not convert {f} to {target}")


def same(exp, got) -> bool:
    if exp is None or exp == "":
        return got is None or got == ""
    if isinstance(exp, (dt.date, dt.datetime)):
        return isinstance(got, (dt.date, dt.datetime)) and got.year == exp.year and got.month == exp.month \
            and got.day == exp.day
    if isinstance(exp, (int, float)) and not isinstance(exp, bool):
        return isinstance(got, (int, float)) and abs(got - exp) <= 1e-9 * max(1, abs(exp))
    return exp == got


def check_workbook(sheets: list[Sheet], path: Path, raw: bool) -> list[str]:
    """Problems of `path` against the sheets it was made from; `raw`: formulas are compared as text."""
    errs = []
    wb = openpyxl.load_workbook(path, data_only=not raw)
    names = [ws.title for ws in wb.worksheets]
    if names != [s.name for s in sheets]:
        return [f"{path.name}: sheets {names}"]
    for sh, ws in zip(sheets, wb.worksheets):
        if ws.sheet_state != sh.state:
            errs.append(f"{path.name}/{sh.name}: state {ws.sheet_state}")
        for (r, c), cell in sh.cells.items():
            got = ws.cell(row=r, column=c).value
            exp = cell.formula if (raw and cell.formula) else cell.v
            if not same(exp, got):
                errs.append(f"{path.name}/{sh.name}!{get_column_letter(c)}{r}: expected {exp!r}, got {got!r}")
        for row in ws.iter_rows():
            for x in row:
                if x.value not in (None, "") and ((x.row, x.column) not in sh.cells or
                                                  (sh.cells[(x.row, x.column)].v is None and
                                                   sh.cells[(x.row, x.column)].formula is None)):
                    errs.append(f"{path.name}/{sh.name}!{x.coordinate}: unexpected {x.value!r}")
        want = {f"{get_column_letter(c1)}{r1}:{get_column_letter(c2)}{r2}" for r1, c1, r2, c2 in sh.merges}
        have = {str(m) for m in ws.merged_cells.ranges}
        if want != have:
            errs.append(f"{path.name}/{sh.name}: merges differ: missing {sorted(want - have)[:3]} extra {sorted(have - want)[:3]}")
        hidden = {r for r, d in ws.row_dimensions.items() if d.hidden}
        if hidden != sh.hidden_rows:
            errs.append(f"{path.name}/{sh.name}: hidden rows {sorted(hidden)} != {sorted(sh.hidden_rows)}")
        hcols = set()
        for letter, d in ws.column_dimensions.items():
            if d.hidden:
                lo, hi = d.min or openpyxl.utils.column_index_from_string(letter), d.max or openpyxl.utils.column_index_from_string(letter)
                hcols |= set(range(lo, hi + 1))
        if hcols != sh.hidden_cols:
            errs.append(f"{path.name}/{sh.name}: hidden columns {sorted(hcols)} != {sorted(sh.hidden_cols)}")
        if sh.autofilter and ws.auto_filter.ref != sh.autofilter[0]:
            errs.append(f"{path.name}/{sh.name}: autofilter {ws.auto_filter.ref}")
    return errs


def parse_amount(v, unit, style="num"):
    """Independent reading of a money cell as written (for the self-check)."""
    if v is None or v == "-":
        return 0
    if isinstance(v, (int, float)):
        return int(round(Decimal(str(v)) * UNIT_DIV[unit]))
    if style == "point":
        t = str(v).replace(",", "")
    else:
        t = str(v).replace(" triệu", "").replace(" ", "").replace(".", "").replace(",", ".")
    return int(round(Decimal(t) * UNIT_DIV[unit]))


def check_amounts(book: Book) -> list[str]:
    """Each record's money cells, read back from the model sheet as written, equal the truth,
    and every record row holds a record of the truth."""
    errs = []
    for sh in book.sheets:
        if sh.name not in book.records:
            continue
        vis, hid, order = book.records[sh.name]
        if [id(x) for x in order] != [id(sh.row_recs[r]) for r in sorted(sh.row_recs)]:
            errs.append(f"{book.base}/{sh.name}: record rows differ from the truth")
        for r, rec in sh.row_recs.items():
            for c, key, unit, style in sh.money_cols:
                got = parse_amount(sh.cells[(r, c)].v, unit, style)
                if got != (rec.get(key) or 0):
                    errs.append(f"{book.base}/{sh.name}!{get_column_letter(c)}{r}: {got} != {rec.get(key)}")
        if sum(1 for t in sh.tags.values() if t in ("rec", "hidden")) != len(order):
            errs.append(f"{book.base}/{sh.name}: tag count")
    return errs


def entry_json(book: Book, fmt: str, e: Entry) -> dict:
    name = e.sheet or book.data
    out = {"file": file_name(book.base, fmt), "kind": book.kind, "format": FORMAT_NAMES[fmt],
           "class": e.text, "classes": e.classes}
    if e.options:
        out["options"] = e.options
    out["expect"] = e.expect
    if e.expect == "refuse":
        out["mentions"] = e.mentions or []
        out["why"] = e.why
        return out
    if name is not None and name in book.records:
        vis, hid, order = book.records[name]
        recs = e.recs if e.recs is not None else (order if e.include_hidden else vis)
        fields = e.fields or book.fields[name]
    else:
        recs, fields = e.recs, e.fields
    fields = set(fields) - set(e.drop_texts)
    out.update(truth(book.kind, recs, fields))
    sh = next((s for s in book.sheets if s.name == name), None)
    if sh is not None:
        out["skipped"] = skipped_of(sh, e.include_hidden)
        if len(book.sheets) > 1:
            out["data_sheet"] = name
    return out


def dump_manifest(manifest) -> str:
    """JSON, one key of an entry per line, values on one line."""
    out = []
    for e in manifest:
        body = ",\n  ".join(f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in e.items())
        out.append("{\n  " + body + "\n}")
    return "[\n" + ",\n".join(out) + "\n]\n"


def build(check_only=False):
    books = [f() for f in BUILDERS]
    work = Path(tempfile.mkdtemp(prefix="officers-corpus-"))
    raw_dir = work / "raw"
    raw_dir.mkdir()
    problems = []
    if not check_only:
        for p in OUT.iterdir():
            if p.name not in ("make_corpus.py",) and p.is_file():
                p.unlink()
    conv = {"xls": [], "ods": [], "xlsx": []}
    for b in books:
        if any(f in b.formats for f in ("xlsx", "lo.xlsx", "xls", "ods")):
            write_xlsx(b.sheets, raw_dir / f"{b.base}.xlsx")
            if "xlsx" in b.formats and not check_only:
                shutil.copy(raw_dir / f"{b.base}.xlsx", OUT / f"{b.base}.xlsx")
            for f, t in (("xls", "xls"), ("ods", "ods"), ("lo.xlsx", "xlsx")):
                if f in b.formats:
                    conv[t].append(raw_dir / f"{b.base}.xlsx")
        for fmt in b.formats:
            if fmt.startswith(("csv", "txt", "raw")) and not check_only:
                (OUT / file_name(b.base, fmt)).write_bytes(csv_bytes(b, fmt))
    if not check_only:
        for target, files in conv.items():
            if files:
                soffice(target, files, work / f"lo-{target}")
        for f in conv["xls"]:
            shutil.copy(work / "lo-xls" / f"{f.stem}.xls", OUT / f"{f.stem}.xls")
        for f in conv["ods"]:
            shutil.copy(work / "lo-ods" / f"{f.stem}.ods", OUT / f"{f.stem}.ods")
        for f in conv["xlsx"]:
            shutil.copy(work / "lo-xlsx" / f"{f.stem}.xlsx", OUT / f"{f.stem}-lo.xlsx")
    # Verify: every spreadsheet against its model (xls/ods converted back to xlsx by LibreOffice).
    back = {"xls": [], "ods": []}
    for b in books:
        for fmt in b.formats:
            p = OUT / file_name(b.base, fmt)
            if not p.exists():
                problems.append(f"missing {p.name}")
                continue
            if fmt == "xlsx":
                problems += check_workbook(b.sheets, p, raw=True)
            elif fmt == "lo.xlsx":
                problems += check_workbook(b.sheets, p, raw=False)
            elif fmt in back:
                back[fmt].append(p)
            elif fmt != "raw-csv":
                want = sheet_rows(next(s for s in b.sheets if s.name == b.data))
                got = decode_csv(p.read_bytes(), fmt)
                if [[nfc(x) for x in row] for row in got] != [[nfc(x) for x in row] for row in want]:
                    problems.append(f"{p.name}: CSV reads back differently")
    by_base = {b.base: b for b in books}
    for fmt, files in back.items():
        if files:
            soffice("xlsx", files, work / f"back-{fmt}")
            for p in files:
                problems += [f"[{fmt}] {m}" for m in check_workbook(by_base[p.stem].sheets,
                                                                    work / f"back-{fmt}" / f"{p.stem}.xlsx", raw=False)]
    for b in books:
        problems += check_amounts(b)
    manifest = []
    for b in books:
        for fmt in b.formats:
            for e in b.entries:
                if e.only and fmt not in e.only:
                    continue
                manifest.append(entry_json(b, fmt, e))
    for m in manifest:
        if m["expect"] == "import":
            for k, v in m.get("amounts", {}).items():
                assert m["sums"][k] == sum(v), (m["file"], k)
            assert sum(m["years"].values()) == m["count"] if "years" in m else True
    if not check_only:
        (OUT / "manifest.json").write_text(dump_manifest(manifest), encoding="utf-8")
        (OUT / "README.md").write_text(readme(books, manifest), encoding="utf-8")
    shutil.rmtree(work, ignore_errors=True)
    for p in _LO_PROFILE:
        shutil.rmtree(p, ignore_errors=True)
    return books, manifest, problems


def self_test():
    """The encoders against strings quoted in public descriptions of the two legacy tables."""
    assert tcvn3("Cơ sở Bánh tráng") == "C¬ së B¸nh tr¸ng"
    assert tcvn3("Vĩnh Long") == "VÜnh Long"
    assert tcvn3("Bảo Thắng") == "B¶o Th¾ng" and tcvn3("Mường Khương") == "M\xadêng Kh\xad¬ng"
    assert tcvn3("Tên cơ sở") == "Tªn c¬ së"
    assert vni("Vĩnh Long") == "Vónh Long" and vni("Xin chào các bạn") == "Xin chaøo caùc baïn"
    assert vni("Trường") == "Tröôøng"
    for s in ("Kinh phí hỗ trợ", "Nguyễn Thị Thu Hà", "Đồng phục học sinh", "Trà Ôn"):
        assert nfc(cp1258_bytes(s).decode("cp1258")) == s
        assert tcvn3_decode(tcvn3(s)) == s
    assert cp1258_bytes("ệ") == "ê".encode("cp1258") + b"\xf2"


def readme(books, manifest) -> str:
    L = []
    w = L.append
    by_file = {}
    for m in manifest:
        by_file.setdefault(m["file"], []).append(m)
    n_files = len(by_file)
    w("# Officers' corpus: the files Vĩnh Long khuyến công officers really have\n")
    w("Realistic, government-style Excel/CSV files (all data fictional) with their true contents in "
      "`manifest.json`, for testing the importer. Written by `make_corpus.py`; do not edit the files by hand.\n")
    w(f"{n_files} files, {len(manifest)} manifest entries, {len(books)} base tables.\n")
    w("## Regenerate\n")
    w("```\npip install openpyxl            # 3.1.x\npython3 tests/corpus/officers/make_corpus.py\n"
      "python3 tests/corpus/officers/make_corpus.py --check   # only re-verify the files on disk\n```\n")
    w("Needs Python 3.11+, openpyxl and LibreOffice (`soffice` on PATH; made with 7.4). One run takes about "
      "ten seconds. The generator deletes every file of this folder except itself, writes the tables, converts them "
      "with LibreOffice, then checks every file: each .xlsx (and each .xls/.ods, converted back to .xlsx by "
      "LibreOffice) is read with openpyxl and compared cell by cell with the model it was written from "
      "(values, formulas, merges, hidden rows and columns, sheet states, AutoFilter range); each CSV is decoded "
      "and compared row by row; every record's money cells are read back and compared with the truth. It "
      "exits non-zero on any difference.\n")
    w("Deterministic: a fixed seed (each table draws from its own `random.Random` seeded from the table's name), "
      "so the contents are the same on every run. The bytes of the LibreOffice files are not (LibreOffice "
      "writes the time into them).\n")
    w("## File names\n")
    w("`<base>.xlsx` written by openpyxl (formulas have no cached value); `<base>-lo.xlsx` the same re-saved by "
      "LibreOffice (formulas with cached values, the way an office program writes them); `<base>.xls` "
      "(Excel 97–2003, BIFF8) and `<base>.ods` converted by LibreOffice; `<base>.csv` / `<base>.txt` written "
      "byte by byte by the generator. Tables whose subtotals are SUM formulas have no openpyxl `.xlsx`.\n")
    w("## manifest.json\n")
    w("A list of entries, one per file and reading (a file read with different options has several entries):\n")
    w("- `file`, `kind` (projects, trainings, design, facilities), `format` (how the file was made), `class` "
      "(what the file shows), `classes` (numbers of the classes below);")
    w("- `options` (only when not default): `sheet` (name, or 1-based number counting every sheet in workbook "
      "order, hidden ones too), `decimal` (`comma` | `point`), `include_hidden`;")
    w("- `expect`: `import` or `refuse`. A refusal has `mentions` (strings the error must contain) and `why`;")
    w("- `count`: records that must be stored;")
    w("- `sums`: money keys in WHOLE ĐỒNG (an empty cell or `-` counts 0), counts (`so_hoc_vien`, "
      "`so_hoc_vien_nu`) as plain numbers; only for columns the file has;")
    w("- `texts`: every value of these fields in the stored records, in row order, Unicode NFC ('' where the "
      "cell is empty; e.g. trade-fair projects have no facility);")
    w("- `codes`: stored codes per coded field (from a column, or from group rows when the table has no such "
      "column). `trang_thai` only when the file has a status column;")
    w("- `years`; `districts`: canonical former-district names (places.rs) or, for a place outside them, the "
      "text as written; records without a district are not counted;")
    w("- `dates` (extra): ISO dates per date field in row order, `null` when empty;")
    w("- `amounts` (extra): each stored record's money in whole đồng, in row order;")
    w("- `skipped`: rows after the header that the importer must leave out, by reason: `colnum` (the (1) (2) … "
      "row), `group` (group and sub-group rows, also those that carry sums), `subtotal` (Cộng, Tổng cộng, "
      "unlabelled sums, a TỔNG SỐ row above the data), `hidden`, `note` (notes and signature lines under the "
      "table). Empty rows (also empty rows with borders) are not counted, nor rows above the header;")
    w("- `data_sheet` (extra): the sheet the truth is about, in workbooks with several sheets.\n")
    w("## Classes\n")
    for k, text in CLASSES.items():
        files = sorted({m["file"] for m in manifest if k in m["classes"]})
        w(f"{k}. **{text}** — {', '.join('`' + f + '`' for f in files)}\n")
    w("## Header words used, per field\n")
    w("Every header text the corpus uses for an import column (two-row headers as `top / sub`; legacy-font "
      "files show the encoded text in brackets).\n")
    w("| kind | key | headers |\n|---|---|---|")
    for (kind, key), hs in sorted(HEADERS_USED.items()):
        w(f"| {kind} | `{key}` | " + "; ".join(f"`{h}`" for h in sorted(hs)) + " |")
    w("\nColumns that are not import columns (must be ignored): `STT`, `Tổng vốn` (under `Kinh phí thực hiện "
      "(Tr.đ)`, = support + counterpart), `Đơn vị thực hiện` in a table that also has `Đơn vị thụ hưởng` "
      "(national projects: the implementing unit is the centre; the beneficiary is the facility), the hidden "
      "`Ghi chú nội bộ`. In `de-an-2016-nghin-dong` (local projects) `Đơn vị thực hiện` is the only facility "
      "column and names the facility.\n")
    w("## Group rows, subtotal labels, written values\n")
    w("Group rows and what they set for the rows under them (`STT | text` means the STT cell and the title cell):\n")
    for meaning, texts in sorted(GROUP_TEXTS.items()):
        if meaning.startswith("huyen="):
            continue
        w(f"- `{meaning}`: " + "; ".join(f"`{t}`" for t in sorted(texts)))
    w("\nSubtotal labels (in the label cell, merged over STT and the title for the totals): " +
      "; ".join(f"`{t}`" for t in sorted(SUBTOTAL_LABELS)) + " (also TCVN3/VNI-encoded in the legacy files); and "
      "rows with no label at all (`de-an-2020-2021-cong-khong-nhan`).\n")
    w("Written values of coded fields (in the legacy-font files these are TCVN3/VNI-encoded):\n")
    w("| field | written | code |\n|---|---|---|")
    for (fk, written), code in sorted(SPELLINGS.items()):
        w(f"| `{fk}` | {written} | `{code}` |")
    w("\nDistrict spellings (`co-so-dia-danh`): " + "; ".join(
        f"`{t}` → {m.split('=', 1)[1]}" for m, ts in sorted(GROUP_TEXTS.items()) if m.startswith("huyen=") for t in sorted(ts)) + ". Elsewhere districts are written canonically, as `Huyện Long Hồ` / `Thành phố Vĩnh Long` (`de-an-theo-ngay-quyet-dinh`), or in TCVN3/VNI.\n")
    w("## Legacy encodings\n")
    w("- **TCVN3 (ABC, fonts .VnTime/.VnTimeH)**: one byte per letter; a cell holds the Latin-1 character of "
      "each byte (`Cơ sở Bánh tráng` → `C¬ së B¸nh tr¸ng`, `ư` is U+00AD SOFT HYPHEN). Table written from the "
      "public tables of xvnkb (`lamdao/xvnkb`, tcvn.h), BoGo (`cmpitg/bogoengine`, src/charset.hpp) and "
      "vietnamese-conversion (`duydev/vietnamese-conversion`, src/charsets.ts), which agree on the lower-case "
      "letters and the capitals Ă Â Ê Ô Ơ Ư Đ. TCVN3 has no capital letters with a tone mark: titles are typed "
      "with lower-case codes in the caps font .VnTimeH (BoGo's convention), and no data cell needs one.")
    w("- **VNI-Windows (VNI-Times)**: a base letter followed by one or two mark characters (`Vĩnh` → `Vónh`, "
      "`Trường` → `Tröôøng`), from xvnkb vni.h and vietnamese-conversion, which agree.")
    w("- **Windows-1258**: Python's cp1258 codec; letters the code page lacks are written as a letter it has "
      "plus a combining tone mark (`ệ` → `ê` + U+0323), as Windows does.")
    w("- The encoders are checked at each run against strings quoted in public descriptions: `VÜnh Long` and "
      "`Vónh Long` (the project's domain notes), `C¬ së B¸nh tr¸ng`, `B¶o Th¾ng` / `M\xadêng Kh\xad¬ng` (a public "
      "TCVN3 converter's examples), `Xin chaøo caùc baïn` (vietnamese-conversion's README).\n")
    w("## What the corpus does not have\n")
    w("- No file written by Microsoft Excel itself: .xlsx come from openpyxl and LibreOffice, .xls/.ods from "
      "LibreOffice (its .xls is BIFF8, what Excel 97–2003 reads and writes). Excel-specific parts (shared "
      "formulas, calcChain, Excel's own AutoFilter records) are whatever LibreOffice writes.")
    w("- Formulas without cached values only in openpyxl .xlsx: LibreOffice computes every formula when it "
      "converts, so its .xls/.ods/-lo.xlsx always store values.")
    w("- TCVN3 capitals with tone marks in data (they do not exist in TCVN3).")
    w("- Byte-identical LibreOffice output between runs (contents are identical).\n")
    w("## Files\n")
    w("| file | classes | expect | count | options |\n|---|---|---|---|---|")
    for m in manifest:
        opt = json.dumps(m.get("options", {}), ensure_ascii=False) if m.get("options") else ""
        w(f"| `{m['file']}` | {', '.join(map(str, m['classes']))} | {m['expect']} | {m.get('count', '')} | {opt} |")
    w("")
    return "\n".join(L) + "\n"


def main():
    self_test()
    check_only = "--check" in sys.argv[1:]
    books, manifest, problems = build(check_only)
    files = sorted({m["file"] for m in manifest})
    by_ext = {}
    for f in files:
        ext = "-lo.xlsx" if f.endswith("-lo.xlsx") else Path(f).suffix
        by_ext[ext] = by_ext.get(ext, 0) + 1
    size = sum((OUT / f).stat().st_size for f in files)
    print(f"{len(files)} files ({', '.join(f'{k}: {v}' for k, v in sorted(by_ext.items()))}), "
          f"{len(manifest)} manifest entries, {size / 1024:.0f} KB")
    big = [(f, (OUT / f).stat().st_size) for f in files if (OUT / f).stat().st_size > 30 * 1024]
    for f, s in big:
        print(f"  over 30 KB: {f} ({s / 1024:.0f} KB)")
    if problems:
        print(f"{len(problems)} problems:")
        for p in problems[:200]:
            print("  " + p)
        sys.exit(1)
    print("all files verified")


if __name__ == "__main__":
    main()
