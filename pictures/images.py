"""The Pillow work behind uploaded pictures: clean copies and resized renditions.

Nothing here touches the database. An upload is decoded, turned upright
(phones store a sideways picture plus an "Orientation" tag), and re-encoded
without its metadata: EXIF (camera serial numbers, GPS position, capture time),
XMP and comments never reach a reader. Only the ICC colour profile is kept, so
colours look the same as in the photographer's editor.

Animated GIFs and WebPs keep their first frame only: a featured image is a
still picture, and motion nobody can pause is an accessibility problem
(WCAG 2.2.2). A GIF is stored as PNG: same pixels, smaller, and one format
fewer for the renditions.
"""

import io
import posixpath
import warnings
from dataclasses import dataclass

from django.core.files.base import ContentFile
from PIL import Image, ImageOps

# What readers' browsers get: srcset lets each one pick the smallest width
# that fills its slot at its pixel density.
RENDITION_WIDTHS = (400, 800, 1200)

# Upload format (as Pillow names it) -> the format we store. "MPO" is a JPEG
# with a second picture appended by a camera: its first picture is the photo.
STORED_FORMAT = {
    "JPEG": "JPEG",
    "MPO": "JPEG",
    "PNG": "PNG",
    "GIF": "PNG",
    "WEBP": "WEBP",
}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MIME_TYPES = {"jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp"}
ENCODER_OPTIONS = {
    "JPEG": {"quality": 82, "optimize": True, "progressive": True},
    # Zlib level 6 is Pillow's default: `optimize` would try every filter and
    # take seconds on a large picture for a few percent.
    "PNG": {"compress_level": 6},
    "WEBP": {"quality": 80, "method": 4},
}
# Modes each encoder writes as they are; anything else is converted first.
ENCODABLE_MODES = {
    "JPEG": {"L", "RGB"},
    "PNG": {"1", "L", "LA", "P", "RGB", "RGBA", "I;16"},
    "WEBP": {"RGB", "RGBA"},
}
# An ICC profile describes one kind of colour space: it stays valid only while
# the pixels stay in the same family (a grey profile on RGB pixels is wrong).
GREY_MODES = {"1", "L", "LA", "I", "I;16", "F"}


@dataclass(frozen=True)
class CleanImage:
    """An upload decoded, turned upright and stripped of everything but pixels."""

    image: Image.Image
    format: str  # the format to store it in: "JPEG", "PNG" or "WEBP"
    icc_profile: bytes | None
    transparency: int | bytes | tuple | None  # a palette PNG's transparent colour

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.format]

    @property
    def size(self) -> tuple[int, int]:
        return self.image.size


def open_clean(fileobj) -> CleanImage:
    """Decode the first frame of `fileobj`, upright and without metadata.

    Raises whatever Pillow raises for an unreadable file; callers that face
    users (the upload validator) turn that into a message. Decompression bomb
    warnings are errors here too: the validator checks the pixel count first,
    this is the last line for code that skips it.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(fileobj) as opened:
            stored_format = STORED_FORMAT.get(opened.format)
            if stored_format is None:
                raise ValueError(f"{opened.format} images are not accepted")
            opened.seek(0)
            # A copy, turned upright: one frame, with the Orientation tag gone.
            image = ImageOps.exif_transpose(opened)
    icc_profile = image.info.get("icc_profile") or None
    transparency = image.info.get("transparency")
    source_family = _family(image.mode)
    # Start from empty metadata: some encoders copy EXIF, XMP or comments from
    # `info` when they are not told otherwise.
    image.info = {}
    if transparency is not None and image.mode != "P":
        # A colour-key transparency (a PNG's tRNS on grey or RGB pixels)
        # becomes an alpha channel, which every encoder understands.
        image.info["transparency"] = transparency
        image = image.convert("RGBA")
        image.info = {}
        transparency = None
    if image.mode not in ENCODABLE_MODES[stored_format]:
        image = _convert_for(image, stored_format, has_alpha=transparency is not None)
        transparency = None
    if _family(image.mode) != source_family:
        icc_profile = None
    return CleanImage(image, stored_format, icc_profile, transparency)


def encode(clean: CleanImage, image: Image.Image | None = None, fmt: str = "") -> bytes:
    """`image` (by default the clean image itself) encoded as `fmt` (or its own)."""
    image = clean.image if image is None else image
    fmt = fmt or clean.format
    if image.mode not in ENCODABLE_MODES[fmt]:
        image = _convert_for(image, fmt, has_alpha=clean.transparency is not None)
    options = dict(ENCODER_OPTIONS[fmt])
    if clean.icc_profile and _family(image.mode) == _family(clean.image.mode):
        options["icc_profile"] = clean.icc_profile
    if image.mode == "P" and clean.transparency is not None:
        options["transparency"] = clean.transparency
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def rendition_widths(width: int) -> list[int]:
    """The widths to make for a picture `width` pixels wide: never upscaled.

    A picture narrower than the smallest width still gets one rendition, at
    its own width, so every picture has a WebP copy.
    """
    return [w for w in RENDITION_WIDTHS if w <= width] or [width]


def rendition_formats(stored_format: str) -> list[str]:
    """WebP for the browsers that take it, plus the stored format for the rest."""
    return ["WEBP"] if stored_format == "WEBP" else ["WEBP", stored_format]


def plan_renditions(name: str, size: tuple[int, int], stored_format: str) -> list:
    """The renditions of the stored picture `name`, as the JSON column keeps them.

    Names sit next to the original's (whose random part makes them unique):
    `articles/2026/11/harbour-Ab3x.jpg` -> `articles/2026/11/harbour-Ab3x-800w.webp`.
    """
    width, height = size
    stem = posixpath.splitext(name)[0]
    return [
        {
            "width": w,
            "height": max(1, round(height * w / width)),
            "format": fmt.lower(),
            "name": f"{stem}-{w}w.{EXTENSIONS[fmt]}",
        }
        for fmt in rendition_formats(stored_format)
        for w in rendition_widths(width)
    ]


def write_renditions(storage, clean: CleanImage, planned: list) -> list:
    """Encode and store every planned rendition; return them with stored names.

    The storage may pick another name when one is taken, so the names it
    returns are the ones to keep. If any write fails, the ones already written
    are deleted and the error propagates: a half set is never left listed.
    """
    written = []
    resized = {}
    try:
        for rendition in planned:
            size = (rendition["width"], rendition["height"])
            if size not in resized:
                resized[size] = _resize(clean, size)
            fmt = rendition["format"].upper()
            content = encode(clean, resized[size], fmt)
            name = storage.save(rendition["name"], ContentFile(content))
            written.append({**rendition, "name": name})
    except BaseException:
        for rendition in written:
            storage.delete(rendition["name"])
        raise
    return written


def valid_renditions(renditions) -> list[dict]:
    """The well-formed entries of a renditions list read from the database.

    The column is JSON: a hand-edited or half-migrated value must mean fewer
    renditions, never an error.
    """
    if not isinstance(renditions, list):
        return []
    return [
        r
        for r in renditions
        if isinstance(r, dict)
        and isinstance(r.get("name"), str)
        and r["name"]
        and r.get("format") in MIME_TYPES
        and isinstance(r.get("width"), int)
        and r["width"] > 0
    ]


def _resize(clean: CleanImage, size: tuple[int, int]) -> Image.Image:
    image = clean.image
    if clean.transparency is not None:
        # A palette picture's transparent colour: resampling needs real alpha.
        image = image.copy()
        image.info["transparency"] = clean.transparency
        image = image.convert("RGBA")
    elif image.mode not in {"L", "RGB", "RGBA"}:
        has_alpha = image.mode in {"LA", "PA", "RGBa"}
        image = image.convert("RGBA" if has_alpha else "RGB")
    if image.size == size:
        return image
    # reducing_gap shrinks by whole factors first: much faster on a large
    # photo, and indistinguishable from a plain Lanczos resize.
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def _convert_for(image: Image.Image, fmt: str, *, has_alpha: bool) -> Image.Image:
    has_alpha = has_alpha or image.mode in {"LA", "PA", "RGBA", "RGBa"}
    if fmt == "JPEG":
        return image.convert("L" if image.mode in {"1", "I;16", "I", "F"} else "RGB")
    if fmt == "PNG" and image.mode in {"I", "F"}:
        return image.convert("L")
    return image.convert("RGBA" if has_alpha else "RGB")


def _family(mode: str) -> str:
    if mode in GREY_MODES:
        return "grey"
    return "cmyk" if mode == "CMYK" else "rgb"
