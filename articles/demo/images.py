"""Demo pictures drawn with Pillow: nothing is downloaded.

Every picture is a pure function of a seed string (an article's or a
contributor's slug), so the same demo article always gets the same
illustration, and the alt text is written from the same choices that drew it:
it describes what is actually in the picture.
"""

import io
import math
import random
from dataclasses import dataclass
from functools import cache

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FEATURE_SIZE = (1200, 675)
AVATAR_SIZE = 256
# Uploads are re-encoded when stored (articles/images.py): drawing at a high
# quality keeps that second encoding from compounding the first one's loss.
JPEG_QUALITY = 95
# Shapes are drawn at twice the final size and scaled down: ImageDraw does
# not anti-alias, and curves look jagged without it.
SUPERSAMPLE = 2

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class Palette:
    description: str
    top: RGB
    bottom: RGB
    accents: tuple[RGB, ...]
    dark: bool = True


PALETTES = (
    Palette(
        "a deep navy-to-teal gradient",
        (12, 27, 58),
        (18, 104, 116),
        ((255, 189, 89), (242, 108, 79), (246, 238, 222), (95, 208, 194)),
    ),
    Palette(
        "a plum-to-coral dusk gradient",
        (52, 22, 70),
        (226, 104, 96),
        ((255, 214, 140), (255, 240, 225), (120, 214, 220), (250, 140, 120)),
    ),
    Palette(
        "a dark forest-green gradient",
        (10, 42, 34),
        (46, 112, 82),
        ((232, 220, 160), (244, 162, 97), (168, 218, 180), (250, 246, 236)),
    ),
    Palette(
        "a warm sand-coloured gradient",
        (246, 232, 206),
        (226, 190, 150),
        ((36, 52, 84), (200, 74, 56), (38, 120, 110), (240, 170, 60)),
        dark=False,
    ),
    Palette(
        "a near-black ink gradient",
        (14, 14, 22),
        (36, 38, 58),
        ((0, 210, 200), (255, 92, 138), (255, 214, 0), (150, 130, 255)),
    ),
    Palette(
        "a pale morning-sky gradient",
        (214, 232, 246),
        (248, 242, 230),
        ((28, 70, 132), (238, 120, 80), (70, 160, 200), (250, 200, 80)),
        dark=False,
    ),
    Palette(
        "a rust-to-ochre gradient",
        (116, 40, 24),
        (214, 146, 56),
        ((255, 240, 214), (40, 60, 80), (250, 200, 120), (170, 220, 210)),
    ),
    Palette(
        "a slate-blue gradient",
        (40, 52, 78),
        (96, 116, 150),
        ((244, 211, 94), (238, 150, 75), (250, 250, 245), (120, 200, 170)),
    ),
)


@dataclass(frozen=True)
class Drawn:
    """A finished picture: the encoded bytes, and a description for alt text."""

    content: bytes
    description: str


def _mix(a: RGB, b: RGB, t: float) -> RGB:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def _rgba(colour: RGB, alpha: int) -> tuple[int, int, int, int]:
    return (*colour, alpha)


def _gradient(size: tuple[int, int], top: RGB, bottom: RGB, angle: float) -> Image:
    """A smooth two-colour gradient at `angle` degrees, with a soft vignette.

    Computed pixel by pixel on a small image and scaled up: a linear ramp
    survives bicubic resizing without banding, and it costs milliseconds.
    """
    w, h = 96, 54
    small = Image.new("RGB", (w, h))
    dx, dy = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    span = abs(dx) * w + abs(dy) * h
    pixels = []
    for y in range(h):
        for x in range(w):
            along = ((x - w / 2) * dx + (y - h / 2) * dy) / span + 0.5
            edge = math.hypot((x - w / 2) / w, (y - h / 2) / h)
            colour = _mix(top, bottom, min(max(along, 0.0), 1.0))
            shade = 1.0 - 0.28 * max(edge - 0.25, 0.0)
            pixels.append(tuple(round(c * shade) for c in colour))
    small.putdata(pixels)
    return small.resize(size, Image.Resampling.BICUBIC)


@cache
def _font(size: int, bold: bool = True) -> ImageFont.ImageFont:
    names = ["DejaVuSans-Bold.ttf", "Arial Bold.ttf", "arialbd.ttf"]
    if not bold:
        names = ["DejaVuSans.ttf", "Arial.ttf", "arial.ttf"]
    for name in names:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    try:
        return ImageFont.load_default(size)
    except TypeError:  # Pillow built without FreeType: a fixed bitmap font.
        return ImageFont.load_default()


# Motifs: each draws on a transparent layer at SUPERSAMPLE scale and returns
# the phrase that the alt text uses for it.


def _orbs(layer, glow, rng, palette):
    draw = ImageDraw.Draw(layer)
    glow_draw = ImageDraw.Draw(glow)
    w, h = layer.size
    gw, gh = glow.size
    for _ in range(rng.randint(3, 5)):
        r = rng.uniform(0.15, 0.35) * gh
        x, y = rng.uniform(0, gw), rng.uniform(0, gh)
        colour = rng.choice(palette.accents)
        glow_draw.ellipse((x - r, y - r, x + r, y + r), fill=_rgba(colour, 150))
    count = rng.randint(5, 9)
    for _ in range(count):
        r = rng.uniform(0.04, 0.2) * h
        x, y = rng.uniform(0.05, 0.95) * w, rng.uniform(0.1, 0.9) * h
        colour = rng.choice(palette.accents)
        if rng.random() < 0.35:
            width = max(4, round(r * rng.uniform(0.06, 0.14)))
            draw.ellipse(
                (x - r, y - r, x + r, y + r), outline=_rgba(colour, 230), width=width
            )
        else:
            draw.ellipse((x - r, y - r, x + r, y + r), fill=_rgba(colour, 205))
    return "soft glowing orbs and crisp overlapping circles and rings"


def _waves(layer, glow, rng, palette):
    draw = ImageDraw.Draw(layer)
    w, h = layer.size
    sun = rng.choice(palette.accents)
    r = rng.uniform(0.1, 0.16) * h
    sx, sy = rng.uniform(0.2, 0.8) * w, rng.uniform(0.22, 0.36) * h
    draw.ellipse((sx - r, sy - r, sx + r, sy + r), fill=_rgba(sun, 235))
    gw, gh = glow.size
    gx, gy, gr = sx * gw / w, sy * gh / h, r * gh / h * 2.2
    ImageDraw.Draw(glow).ellipse(
        (gx - gr, gy - gr, gx + gr, gy + gr), fill=_rgba(sun, 90)
    )
    bands = rng.randint(4, 6)
    colours = [c for c in palette.accents if c != sun] or list(palette.accents)
    for i in range(bands):
        base = h * (0.45 + 0.5 * (i + 1) / (bands + 1))
        amplitude = h * rng.uniform(0.025, 0.07)
        frequency = rng.uniform(1.0, 2.6) * math.tau / w
        phase = rng.uniform(0, math.tau)
        points = [(0, h)]
        for x in range(0, w + 1, 16):
            y = base + amplitude * math.sin(frequency * x + phase)
            y += amplitude * 0.4 * math.sin(frequency * 2.3 * x + phase * 1.7)
            points.append((x, y))
        points.append((w, h))
        colour = _mix(colours[i % len(colours)], palette.top, 0.45 * (1 - i / bands))
        draw.polygon(points, fill=_rgba(colour, 215 + i * 8))
    return "layered wave-like bands rolling beneath a round sun"


def _tiles(layer, glow, rng, palette):
    draw = ImageDraw.Draw(layer)
    w, h = layer.size
    cols = rng.choice((8, 10, 12))
    cell = w / cols
    rows = math.ceil(h / cell)
    for row in range(rows):
        for col in range(cols):
            if rng.random() < 0.28:
                continue
            x0, y0 = col * cell, row * cell
            x1, y1 = x0 + cell, y0 + cell
            colour = _rgba(rng.choice(palette.accents), 225)
            shape = rng.choice(("quarter", "quarter", "half", "circle", "square"))
            if shape == "quarter":
                corner = rng.randrange(4)
                cx = x0 if corner in (0, 3) else x1
                cy = y0 if corner in (0, 1) else y1
                draw.pieslice(
                    (cx - cell, cy - cell, cx + cell, cy + cell),
                    start=corner * 90,
                    end=corner * 90 + 90,
                    fill=colour,
                )
            elif shape == "half":
                start = rng.choice((0, 90, 180, 270))
                draw.pieslice(
                    (x0, y0, x1, y1), start=start, end=start + 180, fill=colour
                )
            elif shape == "circle":
                pad = cell * 0.12
                draw.ellipse((x0 + pad, y0 + pad, x1 - pad, y1 - pad), fill=colour)
            else:
                pad = cell * 0.22
                draw.rectangle((x0 + pad, y0 + pad, x1 - pad, y1 - pad), fill=colour)
    return "a grid of tiles with quarter circles, half discs and squares"


def _skyline(layer, glow, rng, palette):
    draw = ImageDraw.Draw(layer)
    w, h = layer.size
    count = rng.randint(14, 22)
    gap = w * 0.008
    bar = (w - gap * (count + 1)) / count
    level = rng.uniform(0.3, 0.6)
    heights = []
    for i in range(count):
        level = min(max(level + rng.uniform(-0.15, 0.15), 0.12), 0.66)
        heights.append(level)
        x0 = gap + i * (bar + gap)
        top = h * (1 - level)
        colour = palette.accents[i % 2] if rng.random() < 0.8 else palette.accents[2]
        draw.rectangle((x0, top, x0 + bar, h), fill=_rgba(colour, 200))
    line = palette.accents[3]
    points = [
        (gap + i * (bar + gap) + bar / 2, h * (1 - level) - h * 0.08)
        for i, level in enumerate(heights)
    ]
    draw.line(points, fill=_rgba(line, 255), width=round(h * 0.008), joint="curve")
    dot = h * 0.012
    for x, y in points:
        draw.ellipse((x - dot, y - dot, x + dot, y + dot), fill=_rgba(line, 255))
    return "rising bars like a city skyline or a chart, traced by a line of dots"


def _network(layer, glow, rng, palette):
    draw = ImageDraw.Draw(layer)
    glow_draw = ImageDraw.Draw(glow)
    w, h = layer.size
    gw, gh = glow.size
    nodes = [
        (rng.uniform(0.04, 0.96) * w, rng.uniform(0.08, 0.92) * h)
        for _ in range(rng.randint(26, 38))
    ]
    link = _rgba(palette.accents[2], 110)
    width = max(2, round(h * 0.003))
    for i, (x, y) in enumerate(nodes):
        nearest = sorted(
            nodes[:i] + nodes[i + 1 :], key=lambda p: (p[0] - x) ** 2 + (p[1] - y) ** 2
        )
        for px, py in nearest[: rng.randint(2, 3)]:
            draw.line((x, y, px, py), fill=link, width=width)
    for x, y in nodes:
        colour = rng.choice(palette.accents)
        r = h * rng.choice((0.008, 0.012, 0.012, 0.02, 0.03))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=_rgba(colour, 255))
        if r > h * 0.015:
            gx, gy, gr = x * gw / w, y * gh / h, r * gh / h * 4
            glow_draw.ellipse(
                (gx - gr, gy - gr, gx + gr, gy + gr), fill=_rgba(colour, 120)
            )
    return "a network of glowing nodes joined by thin lines"


def _rings(layer, glow, rng, palette):
    draw = ImageDraw.Draw(layer)
    w, h = layer.size
    centres = [
        (rng.uniform(0.15, 0.85) * w, rng.uniform(0.2, 0.8) * h)
        for _ in range(rng.randint(1, 2))
    ]
    for cx, cy in centres:
        radius = h * rng.uniform(0.06, 0.1)
        while radius < h * rng.uniform(0.7, 0.95):
            width = round(h * rng.uniform(0.01, 0.035))
            start = rng.uniform(0, 360)
            sweep = rng.uniform(120, 330)
            colour = _rgba(rng.choice(palette.accents), rng.randint(170, 240))
            box = (cx - radius, cy - radius, cx + radius, cy + radius)
            draw.arc(box, start=start, end=start + sweep, fill=colour, width=width)
            radius += width + h * rng.uniform(0.015, 0.04)
    return "concentric broken rings and arcs"


def _stripes(layer, glow, rng, palette):
    draw = ImageDraw.Draw(layer)
    w, h = layer.size
    r = h * rng.uniform(0.22, 0.4)
    cx, cy = rng.uniform(0.25, 0.75) * w, rng.uniform(0.38, 0.62) * h
    disc = rng.choice(palette.accents)
    slope = rng.choice((-1, 1)) * rng.uniform(0.3, 1.3)
    step = h * rng.uniform(0.06, 0.13)
    stripe = step * rng.uniform(0.2, 0.6)
    alpha = rng.randint(120, 200)
    colours = [c for c in palette.accents if c != disc]
    offset = -h * 2
    i = 0
    while offset < w + h * 2:
        colour = _rgba(colours[i % len(colours)], alpha)
        x0, x1 = offset, offset + stripe
        draw.polygon(
            [(x0, 0), (x1, 0), (x1 + slope * h, h), (x0 + slope * h, h)], fill=colour
        )
        offset += step
        i += 1
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=_rgba(disc, 245))
    ring = r * rng.uniform(1.08, 1.2)
    draw.ellipse(
        (cx - ring, cy - ring, cx + ring, cy + ring),
        outline=_rgba(disc, 200),
        width=round(h * 0.008),
    )
    if rng.random() < 0.5:
        small = r * rng.uniform(0.25, 0.4)
        sx = cx + rng.choice((-1, 1)) * (ring + small * 1.6)
        sy = cy + rng.uniform(-0.5, 0.5) * r
        moon = _rgba(rng.choice(colours), 250)
        draw.ellipse((sx - small, sy - small, sx + small, sy + small), fill=moon)
        return "a large ringed disc and a smaller one over bold diagonal stripes"
    return "a large ringed disc over bold diagonal stripes"


MOTIFS = (_orbs, _waves, _tiles, _skyline, _network, _rings, _stripes)


def _label(image: Image, text: str, palette: Palette) -> None:
    draw = ImageDraw.Draw(image, "RGBA")
    font = _font(22)
    text = text.upper()
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    pad_x, pad_y = 16, 10
    x, y = 44, 40
    box = (x, y, x + right - left + 2 * pad_x, y + bottom - top + 2 * pad_y)
    if palette.dark:
        fill, ink = (255, 255, 255, 230), palette.top
    else:
        fill, ink = (*palette.accents[0], 235), (255, 255, 255)
    draw.rounded_rectangle(box, radius=6, fill=fill)
    draw.text((x + pad_x - left, y + pad_y - top), text, font=font, fill=ink)


def draw_feature(seed: str, label: str = "") -> Drawn:
    """A 1200x675 JPEG illustration for the article whose slug is `seed`."""
    rng = random.Random(seed)
    palette = rng.choice(PALETTES)
    motif = rng.choice(MOTIFS)
    width, height = FEATURE_SIZE
    image = _gradient(FEATURE_SIZE, palette.top, palette.bottom, rng.uniform(30, 150))

    # Glows are drawn small and blurred: cheap, and blur hides the low resolution.
    glow = Image.new("RGBA", (width // 8, height // 8), (0, 0, 0, 0))
    layer = Image.new("RGBA", (width * SUPERSAMPLE, height * SUPERSAMPLE), (0, 0, 0, 0))
    phrase = motif(layer, glow, rng, palette)
    glow = glow.filter(ImageFilter.GaussianBlur(6)).resize(
        FEATURE_SIZE, Image.Resampling.BICUBIC
    )
    image = image.convert("RGBA")
    image.alpha_composite(glow)
    image.alpha_composite(layer.resize(FEATURE_SIZE, Image.Resampling.LANCZOS))
    if label:
        _label(image, label, palette)

    buffer = io.BytesIO()
    image.convert("RGB").save(
        buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True
    )
    description = f"Abstract illustration: {phrase}, on {palette.description}"
    if label:
        description += f", with the label “{label}”"
    return Drawn(buffer.getvalue(), description + ".")


def initials(name: str) -> str:
    words = [word for word in name.replace("-", " ").split() if word[:1].isalpha()]
    if not words:
        return "?"
    if len(words) == 1:
        return words[0][:2].upper()
    return (words[0][0] + words[-1][0]).upper()


def draw_avatar(seed: str, name: str) -> Drawn:
    """A 256x256 PNG: the initials of `name` on a coloured square with a ring."""
    rng = random.Random(seed)
    palette = rng.choice([p for p in PALETTES if p.dark])
    size = AVATAR_SIZE * SUPERSAMPLE
    image = _gradient((size, size), palette.top, palette.bottom, rng.uniform(20, 160))
    image = image.convert("RGBA")
    layer = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    accent = rng.choice(palette.accents)
    r = size * rng.uniform(0.5, 0.7)
    cx, cy = rng.choice(((0, 0), (size, 0), (0, size), (size, size)))
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=_rgba(accent, 70))
    inset = size * 0.1
    draw.ellipse(
        (inset, inset, size - inset, size - inset),
        outline=_rgba(accent, 200),
        width=round(size * 0.02),
    )
    letters = initials(name)
    font = _font(round(size * 0.34))
    left, top, right, bottom = draw.textbbox((0, 0), letters, font=font)
    draw.text(
        ((size - (right - left)) / 2 - left, (size - (bottom - top)) / 2 - top),
        letters,
        font=font,
        fill=(255, 255, 255, 245),
    )
    image.alpha_composite(layer)
    image = image.resize((AVATAR_SIZE, AVATAR_SIZE), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="PNG", optimize=True)
    return Drawn(
        buffer.getvalue(), f"The initials {letters} on a coloured square, in a ring."
    )
