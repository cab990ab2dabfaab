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

from demo.motifs import MOTIFS, RGB, mix, rgba

FEATURE_SIZE = (1200, 675)
AVATAR_SIZE = 256
# Uploads are re-encoded when stored (pictures/images.py): drawing at a high
# quality keeps that second encoding from compounding the first one's loss.
JPEG_QUALITY = 95
# Shapes are drawn at twice the final size and scaled down: ImageDraw does
# not anti-alias, and curves look jagged without it.
SUPERSAMPLE = 2


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
            colour = mix(top, bottom, min(max(along, 0.0), 1.0))
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
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=rgba(accent, 70))
    inset = size * 0.1
    draw.ellipse(
        (inset, inset, size - inset, size - inset),
        outline=rgba(accent, 200),
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
