#!/usr/bin/env python3
"""Draw the example photos of the kyyeu demo site.

Every photo under content/ is a simple illustration drawn here from shapes (no
third-party images). Run from anywhere:

    pip install pillow
    python3 content/_tools/draw_photos.py            # writes next to the articles
    python3 content/_tools/draw_photos.py OUT_DIR    # writes under OUT_DIR instead

The drawings are deterministic (fixed random seeds), so re-running the script
gives the same pictures. Landscape photos are 1800x1200, the portrait one is
1200x1800; all are JPEG, quality 82, and kept under 250 KB.

This folder starts with `_`, so the site generator ignores it.
"""

import math
import os
import random
import sys

from PIL import Image, ImageDraw, ImageFont

SS = 2  # supersampling factor: draw big, then downsample for smooth edges
MAX_BYTES = 250 * 1024
QUALITY = 82

CONTENT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))

FONT_CANDIDATES = {
    True: [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
        "/Library/Fonts/Arial Bold.ttf",
        "C:/Windows/Fonts/arialbd.ttf",
    ],
    False: [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
        "/Library/Fonts/Arial.ttf",
        "C:/Windows/Fonts/arial.ttf",
    ],
}

# Colours
RED = (190, 28, 34)
RED_DARK = (128, 16, 22)
YELLOW = (255, 221, 92)
WHITE = (250, 250, 246)
NAVY = (36, 46, 74)
CHARCOAL = (58, 60, 66)
GREY = (112, 116, 124)
BROWN = (120, 78, 46)
WOOD = (156, 104, 60)
SKINS = [(234, 196, 160), (222, 180, 142), (205, 160, 122), (240, 206, 174)]
HAIRS = [(28, 24, 22), (38, 30, 26), (20, 20, 20), (88, 84, 80), (150, 146, 140)]
SUITS = [NAVY, CHARCOAL, (30, 34, 40), GREY, (70, 62, 58), (44, 58, 84)]
AODAI = [(168, 30, 48), (32, 92, 160), (196, 120, 30), (120, 40, 120), (30, 130, 110), (220, 220, 214)]
SHIRTS = [(246, 246, 242), (182, 206, 232), (232, 226, 206), (200, 220, 200), (236, 210, 214)]


def font_path(bold):
    for p in FONT_CANDIDATES[bold]:
        if os.path.exists(p):
            return p
    return None


_font_cache = {}


def font(size, bold=True):
    key = (int(size), bold)
    if key not in _font_cache:
        p = font_path(bold)
        if p:
            _font_cache[key] = ImageFont.truetype(p, int(size))
        else:  # Pillow >= 10.1 ships a scalable default font
            _font_cache[key] = ImageFont.load_default(size=int(size))
    return _font_cache[key]


def mix(a, b, t):
    return tuple(int(round(a[i] + (b[i] - a[i]) * t)) for i in range(3))


def shade(c, f):
    return tuple(max(0, min(255, int(round(v * f)))) for v in c)


class Canvas:
    """A drawing surface whose coordinates are in final pixels."""

    def __init__(self, w, h, bg=(255, 255, 255)):
        self.w, self.h = w, h
        self.img = Image.new("RGB", (w * SS, h * SS), bg)
        self.d = ImageDraw.Draw(self.img)

    @staticmethod
    def _s(v):
        return [x * SS for x in v]

    def rect(self, box, fill, outline=None, width=1, radius=0):
        box = self._s(box)
        if radius:
            self.d.rounded_rectangle(box, radius=radius * SS, fill=fill, outline=outline, width=width * SS)
        else:
            self.d.rectangle(box, fill=fill, outline=outline, width=width * SS)

    def ellipse(self, box, fill, outline=None, width=1):
        self.d.ellipse(self._s(box), fill=fill, outline=outline, width=width * SS)

    def circle(self, cx, cy, r, fill, outline=None, width=1):
        self.ellipse((cx - r, cy - r, cx + r, cy + r), fill, outline, width)

    def poly(self, pts, fill, outline=None):
        self.d.polygon([(x * SS, y * SS) for x, y in pts], fill=fill, outline=outline)

    def line(self, pts, fill, width=1):
        self.d.line([(x * SS, y * SS) for x, y in pts], fill=fill, width=max(1, int(width * SS)))

    def chord(self, box, start, end, fill):
        self.d.chord(self._s(box), start, end, fill=fill)

    def vgradient(self, box, top, bottom):
        x0, y0, x1, y1 = [int(v * SS) for v in box]
        n = max(1, y1 - y0)
        for i in range(n):
            self.d.line([(x0, y0 + i), (x1, y0 + i)], fill=mix(top, bottom, i / n))

    def curtain(self, box, base, period=60, depth=0.22):
        """Vertical folds of a stage curtain."""
        x0, y0, x1, y1 = [int(v * SS) for v in box]
        for x in range(x0, x1):
            t = (math.cos((x - x0) / (period * SS) * 2 * math.pi) + 1) / 2
            self.d.line([(x, y0), (x, y1)], fill=shade(base, 1 - depth + depth * t))

    def text(self, xy, s, size, fill, bold=True, anchor="mm"):
        self.d.text((xy[0] * SS, xy[1] * SS), s, font=font(size * SS, bold), fill=fill, anchor=anchor)

    def text_fit(self, xy, s, max_w, size, fill, bold=True, anchor="mm"):
        while size > 8 and self.d.textlength(s, font=font(size * SS, bold)) > max_w * SS:
            size -= 1
        self.text(xy, s, size, fill, bold, anchor)
        return size

    def save(self, path, watermark="Ảnh minh hoạ · kyyeu"):
        img = self.img.resize((self.w, self.h), Image.LANCZOS)
        if watermark:
            d = ImageDraw.Draw(img, "RGBA")
            f = font(20, False)
            tw = d.textlength(watermark, font=f)
            x, y = self.w - tw - 22, self.h - 40
            d.rounded_rectangle((x - 10, y - 6, x + tw + 10, y + 28), radius=8, fill=(0, 0, 0, 96))
            d.text((x, y), watermark, font=f, fill=(255, 255, 255, 220))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        q = QUALITY
        while True:
            img.save(path, "JPEG", quality=q, optimize=True, progressive=True)
            if os.path.getsize(path) <= MAX_BYTES or q <= 50:
                break
            q -= 4
        print(f"{os.path.relpath(path)}: {img.size[0]}x{img.size[1]}, {os.path.getsize(path) // 1024} KB, q={q}")


# ---------------------------------------------------------------- people

def random_person(rng, women_share=0.4):
    woman = rng.random() < women_share
    p = {
        "skin": rng.choice(SKINS),
        "hair": rng.choice(HAIRS[:3] if woman else HAIRS),
        "woman": woman,
    }
    if woman and rng.random() < 0.6:
        p["kind"] = "aodai"
        p["top"] = rng.choice(AODAI)
    elif rng.random() < 0.7:
        p["kind"] = "suit"
        p["top"] = rng.choice(SUITS)
        p["tie"] = rng.choice([RED, (40, 70, 140), (120, 30, 40), (60, 60, 60)])
    else:
        p["kind"] = "shirt"
        p["top"] = rng.choice(SHIRTS)
    p["legs"] = rng.choice([CHARCOAL, NAVY, (40, 40, 44)]) if p["kind"] != "aodai" else WHITE
    return p


def head(c, x, cy, r, p, back=False):
    hair, skin = p["hair"], p["skin"]
    if back:
        c.ellipse((x - r * 0.98, cy - r * 1.05, x + r * 0.98, cy + r * 1.0), hair)
        return
    c.ellipse((x - r * 1.02, cy - r * 1.1, x + r * 1.02, cy + r * 0.75), hair)
    c.ellipse((x - r * 0.86, cy - r * 0.6, x + r * 0.86, cy + r * 1.0), skin)


def standing(c, x, yb, h, p, hands="front"):
    """A standing person seen from the front; yb is the line of the feet.

    hands: "front" (clasped), "side" (hanging), "up" (right hand raised), or a
    dict {-1: (x, y), 1: (x, y)} of where the left/right hands are.
    """
    r = 0.066 * h
    cy = yb - h + r
    ys = cy + r + 0.035 * h  # shoulders
    yw = yb - 0.47 * h  # waist
    sw, ww = 0.125 * h, 0.1 * h
    skin, top = p["skin"], p["top"]
    if p.get("woman"):
        c.rect((x - r * 1.05, cy - r * 0.2, x + r * 1.05, cy + r * 2.6), p["hair"], radius=r * 0.6)
    # legs and shoes
    if p["kind"] == "aodai":
        c.rect((x - ww * 0.85, yw, x + ww * 0.85, yb - 0.025 * h), WHITE, radius=4)
    else:
        gap = 0.008 * h
        c.rect((x - ww * 0.92, yw - 2, x - gap, yb - 0.02 * h), p["legs"])
        c.rect((x + gap, yw - 2, x + ww * 0.92, yb - 0.02 * h), p["legs"])
    for sx in (-1, 1):
        c.ellipse((x + sx * ww * 0.5 - 0.05 * h, yb - 0.035 * h, x + sx * ww * 0.5 + 0.05 * h, yb + 0.004 * h), (26, 24, 24))
    # torso
    if p["kind"] == "aodai":
        # the long front panel of an ao dai, down to the shins
        c.poly([(x - sw * 0.8, ys + 0.04 * h), (x + sw * 0.8, ys + 0.04 * h), (x + ww * 1.05, yb - 0.17 * h),
                (x - ww * 1.05, yb - 0.17 * h)], top)
        c.rect((x - sw * 0.85, ys, x + sw * 0.85, ys + 0.16 * h), top, radius=0.05 * h)
        c.rect((x - 0.03 * h, ys - 0.012 * h, x + 0.03 * h, ys + 0.02 * h), top, radius=4)  # high collar
    else:
        c.rect((x - sw, ys, x + sw, ys + 0.16 * h), top, radius=0.05 * h)
        c.poly([(x - sw, ys + 0.08 * h), (x + sw, ys + 0.08 * h), (x + ww, yw + 0.02 * h), (x - ww, yw + 0.02 * h)], top)
        if p["kind"] == "suit":
            c.poly([(x - 0.045 * h, ys), (x + 0.045 * h, ys), (x, ys + 0.17 * h)], WHITE)
            c.poly([(x - 0.012 * h, ys + 0.012 * h), (x + 0.012 * h, ys + 0.012 * h), (x + 0.016 * h, ys + 0.15 * h),
                    (x, ys + 0.17 * h), (x - 0.016 * h, ys + 0.15 * h)], p["tie"])
            c.line([(x - 0.045 * h, ys), (x - 0.005 * h, ys + 0.2 * h)], shade(top, 0.7), 2)
            c.line([(x + 0.045 * h, ys), (x + 0.005 * h, ys + 0.2 * h)], shade(top, 0.7), 2)
        else:
            c.poly([(x - 0.03 * h, ys), (x + 0.03 * h, ys), (x, ys + 0.05 * h)], shade(top, 0.85))
    # arms
    sleeve = top
    aw = 0.05 * h
    for sx in (-1, 1):
        sxp = x + sx * (sw - aw * 0.45)
        if isinstance(hands, dict) and sx in hands:
            hx, hy = hands[sx]
        elif hands == "front":
            hx, hy = x + sx * 0.03 * h, yw - 0.01 * h
        elif hands == "up" and sx == 1:
            hx, hy = x + sw + 0.09 * h, ys - 0.07 * h
        else:
            hx, hy = x + sx * (sw + 0.01 * h), yw + 0.04 * h
        c.line([(sxp, ys + aw * 0.5), (hx, hy)], sleeve, aw)
        c.circle(sxp, ys + aw * 0.5, aw / 2, sleeve)
        c.circle(hx, hy, aw * 0.48, skin)
    # neck and head
    if p["kind"] != "aodai":
        c.rect((x - 0.022 * h, cy + r * 0.5, x + 0.022 * h, ys + 0.01 * h), skin)
    else:
        c.rect((x - 0.022 * h, cy + r * 0.5, x + 0.022 * h, ys - 0.008 * h), skin)
    head(c, x, cy, r, p)


def bust(c, x, yb, w, p, back=True):
    """Head and shoulders (a seated person): yb is where the shoulders are cut off."""
    top = p["top"]
    r = w * 0.2
    ys = yb - w * 0.42
    if p.get("woman"):
        c.rect((x - r * 1.05, ys - r * 1.6, x + r * 1.05, ys + r * 0.9), p["hair"], radius=r * 0.6)
    c.rect((x - w / 2, ys, x + w / 2, yb + w * 0.3), top, radius=w * 0.22)
    c.rect((x - r * 0.42, ys - r * 0.7, x + r * 0.42, ys + r * 0.2), p["skin"] if not back else shade(p["skin"], 0.85))
    if not back and p["kind"] == "suit":
        c.poly([(x - w * 0.12, ys), (x + w * 0.12, ys), (x, ys + w * 0.36)], WHITE)
        c.poly([(x - w * 0.03, ys + w * 0.03), (x + w * 0.03, ys + w * 0.03), (x, ys + w * 0.4)], p["tie"])
    elif back and p["kind"] == "suit":
        c.rect((x - r * 0.5, ys - r * 0.05, x + r * 0.5, ys + r * 0.12), WHITE)  # collar
    head(c, x, ys - r * 1.05, r, p, back=back)


def flowers(c, x, yb, w, rng, pot=(200, 170, 90)):
    """A pot of flowers, as seen on the front of a stage."""
    h = w * 0.55
    c.poly([(x - w * 0.35, yb - h), (x + w * 0.35, yb - h), (x + w * 0.25, yb), (x - w * 0.25, yb)], pot)
    c.rect((x - w * 0.38, yb - h - w * 0.05, x + w * 0.38, yb - h + w * 0.02), shade(pot, 0.85))
    for _ in range(22):
        a = rng.uniform(math.pi * 1.05, math.pi * 1.95)
        d = rng.uniform(0.05, 0.5) * w
        lx, ly = x + math.cos(a) * d, yb - h - w * 0.05 + math.sin(a) * d * 0.8
        c.ellipse((lx - w * 0.09, ly - w * 0.05, lx + w * 0.09, ly + w * 0.05), rng.choice([(48, 120, 60), (70, 140, 70), (36, 100, 52)]))
    for _ in range(16):
        a = rng.uniform(math.pi * 1.1, math.pi * 1.9)
        d = rng.uniform(0.0, 0.42) * w
        fx, fy = x + math.cos(a) * d, yb - h - w * 0.12 + math.sin(a) * d * 0.75
        col = rng.choice([(236, 60, 70), (250, 200, 60), (250, 240, 240), (240, 120, 150), (250, 150, 40)])
        c.circle(fx, fy, w * rng.uniform(0.045, 0.07), col)
        c.circle(fx, fy, w * 0.018, shade(col, 0.75))


def star(c, cx, cy, r, fill):
    pts = []
    for i in range(10):
        a = -math.pi / 2 + i * math.pi / 5
        rr = r if i % 2 == 0 else r * 0.382
        pts.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
    c.poly(pts, fill)


def banner(c, box, lines, bg=RED, fg=YELLOW, border=YELLOW):
    """A red conference banner with centred lines: [(text, size, colour or None)]."""
    x0, y0, x1, y1 = box
    c.rect(box, bg)
    c.rect((x0 + 8, y0 + 8, x1 - 8, y1 - 8), None, outline=border, width=3)
    total = sum(s * 1.35 for _, s, _ in lines)
    y = (y0 + y1) / 2 - total / 2
    for t, s, col in lines:
        used = c.text_fit(((x0 + x1) / 2, y + s * 0.675), t, (x1 - x0) - 60, s, col or fg)
        y += s * 1.35 if used == s else used * 1.35 + (s - used) * 0.5


def ceiling_lights(c, y, n, x0, x1, r):
    for i in range(n):
        x = x0 + (x1 - x0) * (i + 0.5) / n
        c.ellipse((x - r * 2.2, y - r * 0.9, x + r * 2.2, y + r * 0.9), (255, 246, 214))
        c.ellipse((x - r * 1.2, y - r * 0.45, x + r * 1.2, y + r * 0.45), (255, 255, 244))


# ---------------------------------------------------------------- photos

def photo_group(path):
    """The group photo: two rows of delegates in front of the banner."""
    rng = random.Random(2021_12_10)
    c = Canvas(1800, 1200)
    c.vgradient((0, 0, 1800, 1200), (238, 228, 206), (214, 198, 170))
    c.curtain((0, 0, 1800, 880), RED_DARK, period=70)
    banner(c, (170, 70, 1630, 420), [
        ("LIÊN MINH HỢP TÁC XÃ VIỆT NAM", 34, WHITE),
        ("KHỐI THI ĐUA CÁC ĐƠN VỊ SỰ NGHIỆP VÀ DOANH NGHIỆP", 40, None),
        ("HỘI NGHỊ TỔNG KẾT CÔNG TÁC THI ĐUA NĂM 2021", 62, None),
        ("VÀ TRIỂN KHAI NHIỆM VỤ NĂM 2022", 44, None),
        ("Ngày 10 tháng 12 năm 2021", 28, WHITE),
    ])
    # stage floor
    c.vgradient((0, 880, 1800, 1200), (150, 100, 62), (96, 62, 36))
    c.rect((0, 872, 1800, 884), (200, 170, 110))
    # back row (standing on a step), then front row
    people = []
    for i in range(10):
        people.append((150 + i * 167 + rng.uniform(-10, 10), 905, 520 + rng.uniform(-25, 25)))
    for x, yb, h in people:
        standing(c, x, yb, h, random_person(rng), hands=rng.choice(["front", "front", "side"]))
    front = []
    for i in range(9):
        front.append((235 + i * 166 + rng.uniform(-8, 8), 1150, 600 + rng.uniform(-25, 25)))
    for i, (x, yb, h) in enumerate(front):
        p = random_person(rng)
        if i == 4:  # the guest of honour, in the middle
            p = {"skin": SKINS[1], "hair": HAIRS[3], "woman": False, "kind": "suit", "top": NAVY,
                 "tie": RED, "legs": NAVY}
        standing(c, x, yb, h, p, hands="front")
    for x in (70, 1730):
        flowers(c, x, 1195, 200, rng)
    c.save(path)


def photo_speaker_portrait(path):
    """Portrait: the Fund's representative speaking at the lectern."""
    rng = random.Random(154209)
    c = Canvas(1200, 1800)
    c.curtain((0, 0, 1200, 1800), RED_DARK, period=80)
    banner(c, (-40, 90, 1240, 420), [
        ("HỘI NGHỊ TỔNG KẾT", 56, None),
        ("CÔNG TÁC THI ĐUA NĂM 2021", 66, None),
        ("Khối thi đua các đơn vị sự nghiệp và doanh nghiệp", 32, WHITE),
    ])
    # the speaker, waist up, behind the lectern
    p = {"skin": SKINS[0], "hair": HAIRS[0], "woman": False, "kind": "suit", "top": (44, 58, 84),
         "tie": (40, 70, 140), "legs": NAVY}
    standing(c, 600, 2050, 1500, p, hands="up")
    # microphone on a gooseneck
    c.line([(560, 1290), (585, 1160), (600, 1030)], (40, 40, 40), 8)
    c.ellipse((588, 1000, 626, 1050), (30, 30, 30))
    # lectern
    c.poly([(250, 1300), (950, 1300), (900, 1800), (300, 1800)], WOOD)
    c.rect((230, 1270, 970, 1310), shade(WOOD, 0.8), radius=8)
    c.poly([(330, 1340), (870, 1340), (840, 1760), (360, 1760)], shade(WOOD, 1.1))
    # the alliance's emblem, drawn as a plain blue disc with a star
    c.circle(600, 1470, 90, (28, 84, 160))
    c.circle(600, 1470, 90, None, outline=YELLOW, width=6)
    star(c, 600, 1470, 55, YELLOW)
    # flowers fixed to the lectern
    flowers(c, 600, 1760, 320, rng, pot=shade(WOOD, 0.9))
    c.save(path)


def photo_delegates(path):
    """The delegates, seen from the back of the hall."""
    rng = random.Random(160511)
    c = Canvas(1800, 1200)
    c.vgradient((0, 0, 1800, 1200), (244, 238, 224), (222, 210, 188))
    # ceiling
    c.vgradient((0, 0, 1800, 110), (250, 248, 240), (232, 226, 212))
    ceiling_lights(c, 60, 7, 0, 1800, 18)
    # stage at the far end
    c.curtain((360, 130, 1440, 520), RED_DARK, period=36)
    banner(c, (420, 150, 1380, 330), [
        ("HỘI NGHỊ TỔNG KẾT CÔNG TÁC THI ĐUA NĂM 2021", 34, None),
        ("VÀ TRIỂN KHAI NHIỆM VỤ NĂM 2022", 26, None),
    ])
    c.rect((340, 500, 1460, 540), (150, 100, 62))
    # presidium table
    c.rect((560, 430, 1240, 500), (30, 110, 70))
    for i in range(5):
        bust(c, 620 + i * 140, 440, 50, random_person(rng), back=False)
    c.rect((560, 430, 1240, 500), (30, 110, 70))
    c.rect((560, 430, 1240, 440), (240, 240, 236))
    # lectern on the side
    c.poly([(1300, 430), (1360, 430), (1352, 500), (1308, 500)], WOOD)
    # side walls
    c.poly([(0, 110), (340, 150), (340, 560), (0, 700)], (232, 222, 200))
    c.poly([(1800, 110), (1460, 150), (1460, 560), (1800, 700)], (232, 222, 200))
    for wx in (90, 220):
        c.poly([(wx, 230), (wx + 70, 240), (wx + 70, 470), (wx, 490)], (196, 220, 232))
        c.poly([(1800 - wx, 230), (1730 - wx, 240), (1730 - wx, 470), (1800 - wx, 490)], (196, 220, 232))
    # floor
    c.poly([(0, 700), (340, 560), (1460, 560), (1800, 700), (1800, 1200), (0, 1200)], (178, 62, 58))
    # rows of seated delegates, far to near
    rows = 7
    for j in range(rows):
        t = j / (rows - 1)
        y = 600 + t ** 1.4 * 540
        w = 46 + t ** 1.3 * 150
        n = int(1500 / (w * 1.25))
        span = 1120 + t * 900
        x0 = 900 - span / 2
        # the table in front of the row
        c.rect((x0 - w * 0.4, y - w * 0.62, x0 + span + w * 0.4, y - w * 0.52), (226, 206, 170))
        for i in range(n):
            if rng.random() < 0.08:
                continue
            x = x0 + span * (i + 0.5) / n + rng.uniform(-w * 0.08, w * 0.08)
            bust(c, x, y + w * 0.35, w, random_person(rng), back=True)
    c.save(path)


def photo_hall_2022(path):
    """The presidium at the 2022 conference, with the banner above."""
    rng = random.Random(2022_12_16)
    c = Canvas(1800, 1200)
    c.vgradient((0, 0, 1800, 1200), (30, 56, 110), (18, 34, 70))
    c.curtain((0, 0, 1800, 760), (24, 58, 120), period=90, depth=0.3)
    banner(c, (120, 60, 1680, 380), [
        ("LIÊN MINH HỢP TÁC XÃ VIỆT NAM", 30, WHITE),
        ("HỘI NGHỊ TỔNG KẾT CÔNG TÁC THI ĐUA NĂM 2022", 60, None),
        ("VÀ TRIỂN KHAI NHIỆM VỤ NĂM 2023", 44, None),
        ("Ngày 16 tháng 12 năm 2022", 26, WHITE),
    ])
    # a row of flags on each side of the banner
    for x in (40, 1700):
        for k in range(2):
            fx = x + k * 30
            c.line([(fx, 420), (fx, 760)], (200, 190, 150), 4)
            c.rect((fx, 420, fx + 46, 452), RED)
            star(c, fx + 23, 436, 10, YELLOW)
    # stage and presidium table
    c.rect((0, 760, 1800, 1200), (108, 72, 46))
    for i in range(6):
        p = random_person(rng, women_share=0.35)
        bust(c, 330 + i * 228, 700, 170, p, back=False)
    c.rect((200, 720, 1600, 1000), (250, 250, 246))
    c.rect((200, 720, 1600, 740), (232, 232, 226))
    c.poly([(200, 1000), (1600, 1000), (1560, 1040), (240, 1040)], (210, 210, 204))
    # name plates and bottles of water
    for i in range(6):
        x = 330 + i * 228
        c.poly([(x - 70, 720), (x + 70, 720), (x + 60, 690), (x - 60, 690)], (250, 250, 250))
        c.rect((x - 60, 690, x + 60, 700), RED)
        c.rect((x + 86, 650, x + 104, 720), (200, 226, 240), radius=5)
        c.rect((x + 89, 642, x + 101, 652), (40, 100, 200))
    # flowers along the front of the table
    for i in range(7):
        flowers(c, 240 + i * 220, 1000, 190, rng, pot=(248, 248, 240))
    c.vgradient((0, 1040, 1800, 1200), (92, 60, 38), (66, 42, 26))
    # the backs of a few heads in the first row of the audience
    for i in range(8):
        bust(c, 110 + i * 225 + rng.uniform(-20, 20), 1240, 230, random_person(rng), back=True)
    c.save(path)


def photo_flag(path):
    """The outgoing bloc leader hands the emulation flag to the next one."""
    rng = random.Random(2023)
    c = Canvas(1800, 1200)
    c.vgradient((0, 0, 1800, 1200), (248, 240, 224), (230, 218, 196))
    c.curtain((0, 0, 1800, 860), (24, 58, 120), period=80, depth=0.3)
    banner(c, (260, 60, 1540, 300), [
        ("TRAO CỜ KHỐI TRƯỞNG NĂM 2023", 60, None),
        ("Khối thi đua các đơn vị sự nghiệp và doanh nghiệp", 32, WHITE),
    ])
    c.vgradient((0, 860, 1800, 1200), (150, 100, 62), (100, 64, 38))
    giver = {"skin": SKINS[2], "hair": HAIRS[4], "woman": False, "kind": "suit", "top": CHARCOAL,
             "tie": RED, "legs": CHARCOAL}
    taker = {"skin": SKINS[3], "hair": HAIRS[0], "woman": True, "kind": "aodai", "top": AODAI[1],
             "legs": WHITE}
    # the pole, with the pennant hanging from a crossbar at its top
    px = 900
    c.line([(px, 330), (px, 1010)], (214, 184, 100), 10)
    c.circle(px, 322, 14, (236, 200, 90))
    c.line([(px - 120, 360), (px + 120, 360)], (214, 184, 100), 8)
    c.poly([(px - 110, 364), (px + 110, 364), (px + 92, 660), (px, 720), (px - 92, 660)], RED)
    c.line([(px - 92, 660), (px, 720), (px + 92, 660)], YELLOW, 8)
    for k in range(19):
        t = k / 18
        if t < 0.5:
            x, y = px - 92 + 92 * t * 2, 660 + 60 * t * 2
        else:
            x, y = px + 92 * (t - 0.5) * 2, 720 - 60 * (t - 0.5) * 2
        c.line([(x, y), (x, y + 36)], YELLOW, 4)
    star(c, px, 440, 40, YELLOW)
    c.text((px, 530), "CỜ THI ĐUA", 26, YELLOW)
    c.text((px, 580), "2022", 32, YELLOW)
    # both hold the pole below the pennant
    standing(c, 610, 1110, 800, giver, hands={1: (px - 8, 800)})
    standing(c, 1190, 1110, 740, taker, hands={-1: (px + 8, 850)})
    # onlookers at the sides
    for x in (150, 330, 1500, 1680):
        standing(c, x + rng.uniform(-15, 15), 1140, 640, random_person(rng), hands="front")
    c.save(path)


def photo_training(path):
    """A training class: the slide, the trainer, the learners at their desks."""
    rng = random.Random(2021_04)
    c = Canvas(1800, 1200)
    c.vgradient((0, 0, 1800, 1200), (236, 242, 244), (214, 224, 228))
    # windows with trees on the left wall
    for i in range(3):
        x = 40 + i * 150
        c.rect((x, 140 + i * 8, x + 110, 540 - i * 8), (182, 214, 232))
        c.circle(x + 40, 420, 60, (96, 160, 92))
        c.circle(x + 80, 380, 50, (120, 176, 100))
        c.rect((x, 140 + i * 8, x + 110, 540 - i * 8), None, outline=WHITE, width=8)
        c.line([(x + 55, 140 + i * 8), (x + 55, 540 - i * 8)], WHITE, 6)
    # projector screen with a slide
    c.rect((640, 70, 1460, 560), (250, 250, 250), outline=(150, 150, 150), width=4)
    c.rect((640, 70, 1460, 150), (28, 84, 160))
    c.text_fit((1050, 110), "TẬP HUẤN NGHIỆP VỤ THI ĐUA, KHEN THƯỞNG", 760, 32, WHITE)
    c.text((700, 200), "Nội dung", 34, (28, 84, 160), anchor="lm")
    items = ["Quy định mới về thi đua, khen thưởng", "Xây dựng tiêu chí và chấm điểm thi đua",
             "Lập hồ sơ đề nghị khen thưởng", "Phát hiện và nhân rộng điển hình tiên tiến"]
    for k, t in enumerate(items):
        y = 270 + k * 66
        c.circle(716, y, 9, RED)
        c.text((744, y), t, 30, (40, 40, 40), bold=False, anchor="lm")
    c.rect((1020, 560, 1080, 590), (120, 120, 120))
    # floor
    c.poly([(0, 700), (1800, 700), (1800, 1200), (0, 1200)], (196, 180, 156))
    for k in range(8):
        c.line([(k * 260 - 200, 1200), (600 + k * 90, 700)], (184, 168, 144), 3)
    # the trainer, pointing at the screen
    trainer = {"skin": SKINS[0], "hair": HAIRS[1], "woman": True, "kind": "shirt", "top": (236, 210, 214),
               "legs": (40, 40, 44)}
    standing(c, 1590, 800, 560, trainer, hands={1: (1480, 300)})
    # desks and learners, far to near
    for j in range(4):
        t = j / 3
        y = 760 + t ** 1.2 * 400
        w = 90 + t * 130
        n = 5 - (1 if j >= 2 else 0)
        span = 1200 + t * 500
        x0 = 820 - span / 2
        for i in range(n):
            x = x0 + span * (i + 0.5) / n + rng.uniform(-10, 10)
            bust(c, x, y + w * 0.2, w, random_person(rng, 0.5), back=True)
        c.rect((x0 - w * 0.5, y - w * 0.05, x0 + span + w * 0.5, y + w * 0.25), (232, 214, 180))
        c.rect((x0 - w * 0.5, y + w * 0.25, x0 + span + w * 0.5, y + w * 0.32), (196, 170, 130))
        for i in range(n):
            x = x0 + span * (i + 0.5) / n
            c.rect((x - w * 0.25, y - w * 0.02, x + w * 0.2, y + w * 0.1), rng.choice([WHITE, (60, 64, 72)]))
    c.save(path)


def photo_online(path):
    """2020: the review conference held online, a video wall of the units."""
    rng = random.Random(2020)
    c = Canvas(1800, 1200)
    c.vgradient((0, 0, 1800, 1200), (226, 220, 210), (200, 192, 180))
    # the screen
    c.rect((180, 90, 1620, 900), (24, 24, 28), radius=14)
    c.rect((210, 120, 1590, 870), (44, 48, 56))
    c.rect((210, 120, 1590, 190), RED)
    c.text_fit((900, 155), "HỘI NGHỊ TRỰC TUYẾN TỔNG KẾT CÔNG TÁC THI ĐUA NĂM 2020", 1320, 36, YELLOW)
    names = ["Điểm cầu Hà Nội", "Quỹ hỗ trợ phát triển HTX", "Trường CĐ KT–KT Bắc Bộ",
             "Trường BDCB HTX miền Nam", "Trung tâm XTTM", "Báo Kinh tế hợp tác",
             "Điểm cầu Đà Nẵng", "Điểm cầu Cần Thơ", "Điểm cầu Hải Phòng"]
    backs = [(186, 204, 222), (214, 226, 200), (232, 216, 196), (208, 200, 226), (226, 206, 206),
             (200, 224, 224), (230, 230, 210), (210, 218, 232), (224, 212, 228)]
    tw, th = 440, 215
    for k in range(9):
        col, row = k % 3, k // 3
        x0, y0 = 230 + col * (tw + 20), 205 + row * (th + 12)
        tile = Canvas(tw, th, backs[k])
        if k == 0:  # the host's room shows its own little banner
            tile.rect((20, 14, tw - 20, 52), RED)
            tile.text_fit((tw / 2, 33), "TỔNG KẾT THI ĐUA 2020", tw - 80, 20, YELLOW)
        if k % 4 == 0:  # a bookshelf behind
            for b in range(6):
                tile.rect((300 + b * 18, 70, 314 + b * 18, 130), rng.choice(AODAI))
            tile.rect((290, 130, 416, 138), BROWN)
        bust(tile, tw / 2, th + 40, 230, random_person(rng), back=False)
        tile.rect((0, th - 34, 250, th), (0, 0, 0))
        tile.text((12, th - 17), names[k], 18, WHITE, bold=False, anchor="lm")
        c.img.paste(tile.img, (x0 * SS, y0 * SS))
        c.rect((x0, y0, x0 + tw, y0 + th), None, outline=(30, 30, 30), width=3)
    c.rect((860, 900, 940, 960), (40, 40, 44))
    c.rect((760, 955, 1040, 970), (40, 40, 44), radius=6)
    # the meeting table with a laptop and a microphone
    c.poly([(0, 1010), (1800, 1010), (1800, 1200), (0, 1200)], (128, 84, 52))
    c.rect((0, 1000, 1800, 1016), (150, 100, 62))
    c.poly([(520, 1120), (900, 1120), (940, 1180), (480, 1180)], (190, 192, 198))
    c.poly([(540, 1120), (880, 1120), (860, 960), (560, 960)], (60, 62, 70))
    c.rect((572, 972, 848, 1108), (80, 130, 190))
    c.line([(1240, 1150), (1270, 1040)], (30, 30, 30), 10)
    c.ellipse((1250, 1010, 1294, 1060), (20, 20, 20))
    c.ellipse((1190, 1140, 1300, 1170), (30, 30, 30))
    c.save(path)


PHOTOS = [
    ("2021/tong-ket-thi-dua-2021/photos/anh-luu-niem.jpg", photo_group),
    ("2021/tong-ket-thi-dua-2021/photos/dai-dien-quy-phat-bieu.jpg", photo_speaker_portrait),
    ("2021/tong-ket-thi-dua-2021/photos/dai-bieu.jpg", photo_delegates),
    ("2022/tong-ket-thi-dua-2022/photos/hoi-truong.jpg", photo_hall_2022),
    ("2022/tong-ket-thi-dua-2022/photos/trao-co-khoi-truong.jpg", photo_flag),
    ("2021/tap-huan-nghiep-vu/photos/lop-tap-huan.jpg", photo_training),
    ("2020/tong-ket-thi-dua-2020/photos/hoi-nghi-truc-tuyen.jpg", photo_online),
]


def main():
    out = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else CONTENT
    only = set(sys.argv[2:])
    for rel, draw in PHOTOS:
        if only and os.path.basename(rel) not in only:
            continue
        draw(os.path.join(out, rel))


if __name__ == "__main__":
    main()
