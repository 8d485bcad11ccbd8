#!/usr/bin/env python3
"""生成示例事迹稿所用的占位图片与本地示例影片（榜样档案 · 示例素材）。

Generates deterministic placeholder media for the sample stories in ``stories/``:

* portrait placeholders (900x1200 JPEG) for people, the collective and the brand:
  a soft green/teal gradient with the person's surname large in the centre, or a
  stylised silhouette when the name is masked on the site;
* landscape placeholders (1600x1000 JPEG) for places (阵地);
* one small local film (about 4 s, 480x270) as MP4 (H.264 + AAC, yuv420p, faststart)
  and WebM (VP9 + Opus), plus a JPEG poster. The frames are drawn with Pillow and
  piped to ffmpeg; the video part is skipped with a warning if ffmpeg is missing.

Nothing here is a real photograph: every image carries the caption “示例图片”.

Usage::

    .venv/bin/python scripts/make_sample_media.py            # writes into stories/
    .venv/bin/python scripts/make_sample_media.py --no-video
    .venv/bin/python scripts/make_sample_media.py --out /tmp/media-test

Running it twice produces the same files (same Pillow/ffmpeg versions assumed).
"""

from __future__ import annotations

import argparse
import glob
import hashlib
import math
import random
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO / "stories"

PORTRAIT = (900, 1200)
LANDSCAPE = (1600, 1000)
FILM_SIZE = (480, 270)
FILM_FPS = 25
FILM_SECONDS = 4
JPEG_QUALITY = 80

# calm green / teal palettes: (top colour, bottom colour, accent)
PALETTES = [
    ((12, 84, 80), (122, 190, 168), (232, 246, 238)),
    ((10, 92, 99), (134, 200, 196), (236, 248, 246)),
    ((22, 96, 72), (150, 204, 160), (240, 248, 232)),
    ((0, 112, 107), (160, 214, 200), (238, 250, 246)),
    ((28, 78, 92), (118, 178, 186), (230, 244, 246)),
    ((34, 102, 86), (170, 214, 178), (244, 250, 238)),
]


@dataclass(frozen=True)
class Portrait:
    path: str            # relative to the output directory
    label: str           # large glyph(s) in the centre ("" = silhouette)
    caption: str         # small caption at the bottom
    ascii_label: str     # fallback when no CJK font is available
    emblem: str = ""     # "", "heart" or "star"


@dataclass(frozen=True)
class Landscape:
    path: str
    caption: str
    ascii_caption: str
    scene: str           # "station" or "sites"


PORTRAITS = [
    Portrait("media/huang-xiaoqing.jpg", "黄", "黄小清", "HXQ"),
    # masked on the site: no name anywhere in the image or its file name
    Portrait("media/biandian-yunwei-laomo.jpg", "", "变电运维 · 姓名已隐去", "*"),
    Portrait("media/luo-jianhua.jpg", "罗", "罗建华", "LJH"),
    Portrait("media/zheng-xiaolan.jpg", "郑", "郑晓岚", "ZXL"),
    Portrait("media/wu-siyuan.jpg", "吴", "吴思远", "WSY"),
    Portrait("media/qiu-jianming.jpg", "邱", "邱建明", "QJM"),
    Portrait("media/xiao-wenbin.jpg", "肖", "肖文彬", "XWB"),
    Portrait("media/zhang-lihua.jpg", "张", "张丽华", "ZLH"),
    Portrait("media/liu-dewang.jpg", "刘", "刘德旺", "LDW"),
    Portrait("media/cai-yonghui.jpg", "蔡", "蔡永辉", "CYH"),
    Portrait("media/yang-yutong.jpg", "杨", "杨雨桐", "YYT"),
    Portrait("media/shuangmanyi-fuwudui.jpg", "双满意", "共产党员服务队", "SMY", emblem="star"),
    # folder-per-story layout: the photo sits beside stories/aixin-mama/index.md
    Portrait("aixin-mama/photo.jpg", "爱心妈妈", "公益助学品牌", "AXMM", emblem="heart"),
]

LANDSCAPES = [
    Landscape("media/changkou-yizhan.jpg", "常口村国家电网志愿服务驿站",
              "Changkou volunteer station", "station"),
    Landscape("media/wenming-shijian-zhendi.jpg", "“双满意”新时代文明实践阵地",
              "Civilisation practice sites", "sites"),
]

FILM = {
    "mp4": "media/luo-jianhua-film.mp4",
    "webm": "media/luo-jianhua-film.webm",
    "poster": "media/luo-jianhua-film-poster.jpg",
    "title": "带电作业的“金点子”",
    "subtitle": "榜样档案 · 示例影片",
    "ascii_title": "Live-line work ideas",
    "ascii_subtitle": "Exemplar Archive - sample film",
}

SAMPLE_MARK = "榜样档案 · 示例图片"
ASCII_SAMPLE_MARK = "Exemplar Archive - sample image"


# --------------------------------------------------------------------------- fonts

class Fonts:
    """Finds a CJK font (Noto CJK SC if possible); falls back to Latin text."""

    def __init__(self) -> None:
        self.cjk_path, self.cjk_index = self._find_cjk()
        if self.cjk_path is None:
            print("warning: no CJK font found; drawing Latin initials instead",
                  file=sys.stderr)

    @property
    def has_cjk(self) -> bool:
        return self.cjk_path is not None

    @staticmethod
    def _face_index_for_sc(path: str) -> int | None:
        """Index of the Simplified-Chinese face in a .ttc (0 for .otf/.ttf)."""
        if not path.lower().endswith(".ttc"):
            return 0
        for index in range(12):
            try:
                family, _style = ImageFont.truetype(path, 12, index=index).getname()
            except OSError:
                break
            if family.endswith(" SC") or "SC" in family.split():
                return index
        return 0

    def _find_cjk(self) -> tuple[str | None, int]:
        candidates: list[str] = []
        if shutil.which("fc-match"):
            for pattern in ("Noto Sans CJK SC:style=Bold", "Noto Sans CJK SC",
                            "Source Han Sans SC", "WenQuanYi Zen Hei", "sans-serif:lang=zh"):
                try:
                    res = subprocess.run(["fc-match", "-f", "%{file}", pattern],
                                         capture_output=True, text=True, timeout=10)
                except (OSError, subprocess.SubprocessError):
                    continue
                if res.returncode == 0 and res.stdout.strip():
                    candidates.append(res.stdout.strip())
        for pattern in ("/usr/share/fonts/**/NotoSansCJK-Bold.ttc",
                        "/usr/share/fonts/**/NotoSansCJK*.ttc",
                        "/usr/share/fonts/**/NotoSansSC*.otf",
                        "/usr/share/fonts/**/wqy-zenhei.ttc",
                        "/System/Library/Fonts/PingFang.ttc",
                        "C:/Windows/Fonts/msyh.ttc"):
            candidates.extend(sorted(glob.glob(pattern, recursive=True)))
        for path in candidates:
            try:
                index = self._face_index_for_sc(path)
                font = ImageFont.truetype(path, 40, index=index or 0)
                # must actually contain CJK glyphs (e.g. not DejaVu from a fallback match)
                if font.getbbox("榜")[2] - font.getbbox("榜")[0] > 20:
                    return path, index or 0
            except OSError:
                continue
        return None, 0

    def get(self, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
        if self.cjk_path is not None:
            return ImageFont.truetype(self.cjk_path, size, index=self.cjk_index)
        try:
            return ImageFont.truetype("DejaVuSans-Bold.ttf", size)
        except OSError:
            try:
                return ImageFont.load_default(size=size)
            except TypeError:  # Pillow < 10.1
                return ImageFont.load_default()


# --------------------------------------------------------------------------- helpers

def seeded(key: str) -> random.Random:
    return random.Random(int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:16], 16))


def lerp(a: tuple[int, ...], b: tuple[int, ...], t: float) -> tuple[int, ...]:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b))


def gradient(size: tuple[int, int], top: tuple[int, int, int],
             bottom: tuple[int, int, int]) -> Image.Image:
    """Vertical gradient (smooth-stepped) built from a 1-pixel-wide strip."""
    w, h = size
    strip = Image.new("RGB", (1, h))
    for y in range(h):
        t = y / (h - 1)
        t = t * t * (3 - 2 * t)
        strip.putpixel((0, y), lerp(top, bottom, t))
    return strip.resize(size, Image.Resampling.BILINEAR)


def soft_circles(img: Image.Image, rng: random.Random, count: int,
                 colour: tuple[int, int, int]) -> Image.Image:
    """Blurred translucent discs ("bokeh") for a calm, photographic feel."""
    w, h = img.size
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    for _ in range(count):
        r = rng.randint(w // 12, w // 4)
        x, y = rng.randint(-r, w + r), rng.randint(-r, h + r)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=colour + (rng.randint(14, 38),))
    layer = layer.filter(ImageFilter.GaussianBlur(radius=w // 30))
    return Image.alpha_composite(img.convert("RGBA"), layer)


def text_size(draw: ImageDraw.ImageDraw, text: str, font) -> tuple[int, int, int, int]:
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    return left, top, right - left, bottom - top


def draw_centered(draw: ImageDraw.ImageDraw, cx: float, cy: float, text: str, font,
                  fill) -> None:
    left, top, tw, th = text_size(draw, text, font)
    draw.text((cx - tw / 2 - left, cy - th / 2 - top), text, font=font, fill=fill)


def fit_font(draw: ImageDraw.ImageDraw, fonts: Fonts, text: str, max_w: int,
             start: int, minimum: int = 12):
    size = start
    while size > minimum:
        font = fonts.get(size)
        if text_size(draw, text, font)[2] <= max_w:
            return font
        size = int(size * 0.9)
    return fonts.get(minimum)


def heart_polygon(cx: float, cy: float, s: float) -> list[tuple[float, float]]:
    pts = []
    for i in range(120):
        t = 2 * math.pi * i / 120
        x = 16 * math.sin(t) ** 3
        y = 13 * math.cos(t) - 5 * math.cos(2 * t) - 2 * math.cos(3 * t) - math.cos(4 * t)
        pts.append((cx + x * s / 16, cy - y * s / 16))
    return pts


def star_polygon(cx: float, cy: float, r: float) -> list[tuple[float, float]]:
    pts = []
    for i in range(10):
        rr = r if i % 2 == 0 else r * 0.42
        a = -math.pi / 2 + i * math.pi / 5
        pts.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
    return pts


def save_jpeg(img: Image.Image, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    img.convert("RGB").save(path, "JPEG", quality=JPEG_QUALITY, optimize=True)


# --------------------------------------------------------------------------- portraits

def make_portrait(spec: Portrait, fonts: Fonts) -> Image.Image:
    rng = seeded(spec.path)
    top, bottom, accent = PALETTES[rng.randrange(len(PALETTES))]
    w, h = PORTRAIT
    img = soft_circles(gradient(PORTRAIT, top, bottom), rng, 9, accent)
    overlay = Image.new("RGBA", PORTRAIT, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)

    # stylised silhouette (head and shoulders), always present, faint
    cx = w / 2
    head_r = w * 0.15
    head_cy = h * 0.40
    alpha = 150 if not spec.label else 46
    draw.ellipse((cx - head_r, head_cy - head_r * 1.12, cx + head_r, head_cy + head_r * 1.12),
                 fill=accent + (alpha,))
    sh_top = head_cy + head_r * 1.35
    draw.rounded_rectangle((cx - w * 0.34, sh_top, cx + w * 0.34, h * 0.86 + w * 0.2),
                           radius=int(w * 0.2), fill=accent + (alpha,))
    # neck
    draw.rectangle((cx - head_r * 0.38, head_cy + head_r, cx + head_r * 0.38, sh_top + 10),
                   fill=accent + (alpha,))
    overlay = overlay.filter(ImageFilter.GaussianBlur(radius=2))
    draw = ImageDraw.Draw(overlay)

    if spec.emblem:
        ey = h * 0.14
        if spec.emblem == "heart":
            draw.polygon(heart_polygon(cx, ey, w * 0.09), fill=(255, 255, 255, 210))
        else:
            draw.polygon(star_polygon(cx, ey, w * 0.09), fill=(255, 226, 140, 230))

    if spec.label:
        label = spec.label if fonts.has_cjk else spec.ascii_label
        ring_r = w * 0.33
        cy = h * 0.46
        draw.ellipse((cx - ring_r, cy - ring_r, cx + ring_r, cy + ring_r),
                     outline=(255, 255, 255, 120), width=6)
        font = fit_font(draw, fonts, label, int(ring_r * 1.55),
                        start=int(w * 0.42) if len(label) == 1 else int(w * 0.26))
        draw_centered(draw, cx, cy, label, font, (255, 255, 255, 235))

    # caption band
    band_top = h * 0.86
    draw.rectangle((0, band_top, w, h), fill=(6, 48, 46, 150))
    caption = spec.caption if fonts.has_cjk else spec.ascii_label
    draw_centered(draw, cx, band_top + (h - band_top) * 0.38, caption,
                  fit_font(draw, fonts, caption, int(w * 0.85), 52), (255, 255, 255, 240))
    mark = SAMPLE_MARK if fonts.has_cjk else ASCII_SAMPLE_MARK
    draw_centered(draw, cx, band_top + (h - band_top) * 0.76, mark, fonts.get(28),
                  (220, 240, 232, 200))
    return Image.alpha_composite(img, overlay)


# --------------------------------------------------------------------------- landscapes

def hill_points(rng: random.Random, w: int, base: float, amp: float,
                h: int) -> list[tuple[float, float]]:
    phase1, phase2 = rng.uniform(0, 6.28), rng.uniform(0, 6.28)
    f1, f2 = rng.uniform(1.2, 2.2), rng.uniform(3.0, 5.0)
    pts = [(0, h)]
    for x in range(0, w + 1, 8):
        t = x / w
        y = base - amp * (0.65 * math.sin(2 * math.pi * f1 * t + phase1)
                          + 0.35 * math.sin(2 * math.pi * f2 * t + phase2))
        pts.append((x, y))
    pts.append((w, h))
    return pts


def draw_tower(draw: ImageDraw.ImageDraw, x: float, ground: float, height: float,
               colour) -> tuple[float, float]:
    top = ground - height
    half = height * 0.16
    draw.line((x - half, ground, x, top), fill=colour, width=4)
    draw.line((x + half, ground, x, top), fill=colour, width=4)
    for k in range(1, 5):
        y = ground - height * k / 5
        hw = half * (1 - k / 5)
        draw.line((x - hw, y, x + hw, y), fill=colour, width=3)
    arm_y = top + height * 0.12
    draw.line((x - half * 1.4, arm_y, x + half * 1.4, arm_y), fill=colour, width=4)
    return x, arm_y


def make_landscape(spec: Landscape, fonts: Fonts) -> Image.Image:
    rng = seeded(spec.path)
    w, h = LANDSCAPE
    img = gradient(LANDSCAPE, (196, 230, 226), (246, 250, 240))
    img = soft_circles(img, rng, 6, (255, 255, 255))
    draw = ImageDraw.Draw(img)
    # sun
    draw.ellipse((w * 0.76, h * 0.12, w * 0.76 + 120, h * 0.12 + 120), fill=(255, 241, 206, 255))
    layers = [((134, 190, 170), 0.52, 70), ((88, 156, 132), 0.62, 55), ((48, 120, 100), 0.74, 40)]
    for colour, base, amp in layers:
        draw.polygon(hill_points(rng, w, h * base, amp, h), fill=colour + (255,))
    ground = h * 0.80
    draw.rectangle((0, ground, w, h), fill=(38, 98, 84, 255))

    # transmission towers and lines across the hills
    tops = [draw_tower(draw, x, h * 0.70 + rng.randint(-20, 20), 230, (60, 80, 78, 255))
            for x in (w * 0.10, w * 0.36, w * 0.62, w * 0.90)]
    for (x1, y1), (x2, y2) in zip(tops, tops[1:]):
        for dx in (-30, 30):
            pts = [(x1 + dx + (x2 - x1) * t, y1 + (y2 - y1) * t + 40 * math.sin(math.pi * t))
                   for t in (i / 20 for i in range(21))]
            draw.line(pts, fill=(70, 90, 88, 255), width=2)

    if spec.scene == "station":
        houses = [(w * 0.49, 300, 170)]
    else:
        houses = [(w * 0.20, 200, 120), (w * 0.47, 260, 150), (w * 0.74, 200, 120)]
    for hx, hw, hh in houses:
        body = (hx - hw / 2, ground - hh, hx + hw / 2, ground)
        draw.rectangle(body, fill=(246, 246, 240, 255))
        draw.polygon([(hx - hw / 2 - 24, ground - hh), (hx, ground - hh - hh * 0.55),
                      (hx + hw / 2 + 24, ground - hh)], fill=(60, 70, 72, 255))
        draw.rectangle((hx - hw * 0.09, ground - hh * 0.55, hx + hw * 0.09, ground),
                       fill=(0, 112, 107, 255))
        for sx in (-0.3, 0.3):
            draw.rectangle((hx + hw * sx - 20, ground - hh * 0.72, hx + hw * sx + 20,
                            ground - hh * 0.42), fill=(180, 214, 226, 255))
        # green sign board over the door
        draw.rectangle((hx - hw * 0.36, ground - hh - 6, hx + hw * 0.36, ground - hh + 26),
                       fill=(0, 112, 107, 255))

    band_top = h * 0.88
    overlay = Image.new("RGBA", LANDSCAPE, (0, 0, 0, 0))
    od = ImageDraw.Draw(overlay)
    od.rectangle((0, band_top, w, h), fill=(6, 48, 46, 170))
    caption = spec.caption if fonts.has_cjk else spec.ascii_caption
    mark = SAMPLE_MARK if fonts.has_cjk else ASCII_SAMPLE_MARK
    od.text((48, band_top + 22), caption, font=fonts.get(50), fill=(255, 255, 255, 245))
    _l, _t, mw, _mh = text_size(od, mark, fonts.get(28))
    od.text((w - 48 - mw, band_top + 40), mark, font=fonts.get(28), fill=(220, 240, 232, 210))
    return Image.alpha_composite(img, overlay)


# --------------------------------------------------------------------------- film

def film_frame(fonts: Fonts, t: float, size: tuple[int, int], base: Image.Image) -> Image.Image:
    """One frame of the animated title card at time t (seconds)."""
    w, h = size
    scale = w / FILM_SIZE[0]
    img = base.copy()
    overlay = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    title = FILM["title"] if fonts.has_cjk else FILM["ascii_title"]
    subtitle = FILM["subtitle"] if fonts.has_cjk else FILM["ascii_subtitle"]

    def ease(x: float) -> float:
        x = min(max(x, 0.0), 1.0)
        return x * x * (3 - 2 * x)

    fade_in = ease(t / 1.0)
    fade_out = 1 - ease((t - (FILM_SECONDS - 0.6)) / 0.6)
    a = fade_in * fade_out
    # a "current" travelling along a line, like power on a conductor
    line_y = h * 0.66
    draw.line((w * 0.12, line_y, w * 0.88, line_y), fill=(255, 255, 255, int(70 * fade_out)),
              width=max(1, round(2 * scale)))
    grow = ease(t / 2.5)
    draw.line((w * 0.12, line_y, w * 0.12 + w * 0.76 * grow, line_y),
              fill=(255, 226, 140, int(235 * fade_out)), width=max(2, round(3 * scale)))
    px = w * 0.12 + w * 0.76 * ((t * 0.45) % 1.0)
    r = 5 * scale
    draw.ellipse((px - r, line_y - r, px + r, line_y + r), fill=(255, 240, 190, int(220 * a)))

    title_font = fit_font(draw, fonts, title, int(w * 0.8), int(40 * scale))
    draw_centered(draw, w / 2, h * 0.42 - (1 - fade_in) * 12 * scale, title, title_font,
                  (255, 255, 255, int(255 * a)))
    sub_a = ease((t - 0.8) / 0.8) * fade_out
    draw_centered(draw, w / 2, h * 0.80, subtitle, fonts.get(int(18 * scale)),
                  (220, 240, 232, int(230 * sub_a)))
    return Image.alpha_composite(img, overlay).convert("RGB")


def film_background(size: tuple[int, int]) -> Image.Image:
    rng = seeded(FILM["mp4"])
    top, bottom, accent = PALETTES[3]
    return soft_circles(gradient(size, top, lerp(bottom, top, 0.35)), rng, 5, accent)


def make_film(out: Path, fonts: Fonts) -> list[Path]:
    ffmpeg = shutil.which("ffmpeg")
    written: list[Path] = []
    # poster (also useful without ffmpeg)
    poster_size = (FILM_SIZE[0] * 2, FILM_SIZE[1] * 2)
    poster = film_frame(fonts, 2.6, poster_size, film_background(poster_size))
    save_jpeg(poster, out / FILM["poster"])
    written.append(out / FILM["poster"])
    if ffmpeg is None:
        print("warning: ffmpeg not found; skipping the sample film "
              "(install it with `apt-get install -y ffmpeg`)", file=sys.stderr)
        return written

    base = film_background(FILM_SIZE)
    frames = b"".join(film_frame(fonts, i / FILM_FPS, FILM_SIZE, base).tobytes()
                      for i in range(FILM_FPS * FILM_SECONDS))
    raw_in = ["-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{FILM_SIZE[0]}x{FILM_SIZE[1]}",
              "-r", str(FILM_FPS), "-i", "pipe:0"]
    # a quiet, soft tone with fades (about -30 dB)
    audio_in = ["-f", "lavfi", "-i",
                f"sine=frequency=523.25:sample_rate=48000:duration={FILM_SECONDS},"
                "volume=0.03,afade=t=in:d=0.6,"
                f"afade=t=out:st={FILM_SECONDS - 0.8}:d=0.8"]
    common = ["-map", "0:v", "-map", "1:a", "-shortest", "-map_metadata", "-1",
              "-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact",
              "-threads", "1"]
    jobs = {
        FILM["mp4"]: ["-c:v", "libx264", "-preset", "medium", "-crf", "28",
                      "-profile:v", "main", "-pix_fmt", "yuv420p",
                      "-c:a", "aac", "-b:a", "48k", "-ac", "1",
                      "-movflags", "+faststart"],
        FILM["webm"]: ["-c:v", "libvpx-vp9", "-b:v", "0", "-crf", "38", "-row-mt", "0",
                       "-deadline", "good", "-cpu-used", "4", "-pix_fmt", "yuv420p",
                       "-c:a", "libopus", "-b:a", "32k", "-ac", "1"],
    }
    for rel, codec in jobs.items():
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        cmd = [ffmpeg, "-hide_banner", "-loglevel", "error", "-y", *raw_in, *audio_in,
               *common, *codec, str(target)]
        subprocess.run(cmd, input=frames, check=True)
        written.append(target)
    return written


# --------------------------------------------------------------------------- main

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help="stories directory to write into (default: %(default)s)")
    parser.add_argument("--no-video", action="store_true", help="skip the sample film")
    args = parser.parse_args(argv)

    fonts = Fonts()
    written: list[Path] = []
    for spec in PORTRAITS:
        target = args.out / spec.path
        save_jpeg(make_portrait(spec, fonts), target)
        written.append(target)
    for spec in LANDSCAPES:
        target = args.out / spec.path
        save_jpeg(make_landscape(spec, fonts), target)
        written.append(target)
    if not args.no_video:
        written.extend(make_film(args.out, fonts))

    for path in written:
        print(f"{path.stat().st_size / 1024:7.1f} KB  {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
