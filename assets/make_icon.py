#!/usr/bin/env python3
"""Draws the program's icon, assets/khuyencong.png (256×256): an open
record book with a small bar chart, and a gear for industry, on a rounded
green square. Only the standard library (zlib for PNG); run it again after
changing a shape:  python3 assets/make_icon.py
"""
import math
import struct
import zlib
from pathlib import Path

SIZE = 256
SUB = 4  # samples per pixel side, for smooth edges

GREEN_TOP = (18, 122, 104)
GREEN_BOTTOM = (10, 84, 72)
PAGE = (250, 247, 238)
LINE = (170, 182, 178)
ORANGE = (242, 160, 52)
BAR = (22, 132, 112)


def rounded_square(x, y, margin=8, radius=52):
    lo, hi = margin, SIZE - margin
    if not (lo <= x <= hi and lo <= y <= hi):
        return False
    cx = min(max(x, lo + radius), hi - radius)
    cy = min(max(y, lo + radius), hi - radius)
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2


def in_quad(x, y, pts):
    """Inside a convex polygon given clockwise (y down)."""
    n = len(pts)
    for i in range(n):
        (x1, y1), (x2, y2) = pts[i], pts[(i + 1) % n]
        if (x2 - x1) * (y - y1) - (y2 - y1) * (x - x1) < 0:
            return False
    return True


LEFT_PAGE = [(36, 104), (124, 120), (124, 214), (36, 198)]
RIGHT_PAGE = [(132, 120), (220, 104), (220, 198), (132, 214)]


def page_y_offset(x, left):
    # The pages' top edges slope towards the spine.
    return (x - 36) * 16 / 88 if left else (220 - x) * 16 / 88


def text_line(x, y):
    """Written lines on the left page."""
    if not (48 <= x <= 112):
        return False
    rel = y - 104 - page_y_offset(x, True)
    return any(abs(rel - k) <= 2.5 for k in (30, 48, 66, 84))


def bar(x, y):
    """Three rising bars on the right page."""
    for left, height in ((146, 30), (170, 50), (194, 72)):
        base = 104 + page_y_offset(left + 8, False) + 94 - 10
        if left <= x <= left + 16 and base - height <= y <= base:
            return True
    return False


def gear(x, y, cx=128, cy=62, inner=22, outer=32, hole=10, teeth=8):
    r = math.hypot(x - cx, y - cy)
    if r <= hole:
        return False
    if r <= inner:
        return True
    if r <= outer:
        angle = (math.atan2(y - cy, x - cx) / (2 * math.pi) * teeth) % 1.0
        return angle < 0.5
    return False


def colour(x, y):
    if not rounded_square(x, y):
        return None
    if gear(x, y):
        return ORANGE
    if in_quad(x, y, LEFT_PAGE):
        return LINE if text_line(x, y) else PAGE
    if in_quad(x, y, RIGHT_PAGE):
        return BAR if bar(x, y) else PAGE
    t = y / SIZE
    return tuple(round(a + (b - a) * t) for a, b in zip(GREEN_TOP, GREEN_BOTTOM))


def render():
    rows = []
    for py in range(SIZE):
        row = bytearray([0])  # PNG filter: none
        for px in range(SIZE):
            r = g = b = a = 0
            for sy in range(SUB):
                for sx in range(SUB):
                    c = colour(px + (sx + 0.5) / SUB, py + (sy + 0.5) / SUB)
                    if c is not None:
                        r, g, b, a = r + c[0], g + c[1], b + c[2], a + 1
            n = SUB * SUB
            row += bytes((r // a, g // a, b // a, 255 * a // n) if a else (0, 0, 0, 0))
        rows.append(bytes(row))
    return b"".join(rows)


def png(pixels):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(pixels, 9)) + chunk(b"IEND", b""))


if __name__ == "__main__":
    out = Path(__file__).with_name("khuyencong.png")
    out.write_bytes(png(render()))
    print(out)
