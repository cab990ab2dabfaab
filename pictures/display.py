"""A stored picture as a responsive `<picture>`, in Python, with no query."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .images import MIME_TYPES, valid_renditions


def _srcset(storage, renditions) -> str:
    return ", ".join(f"{storage.url(r['name'])} {r['width']}w" for r in renditions)


def picture_html(
    image,
    *,
    alt="",
    sizes="100vw",
    img_class="",
    priority=False,
    lazy=True,
    width=None,
    height=None,
) -> SafeString:
    """`image` (an UploadedImageField value) as a responsive <picture>.

    Everything comes from columns loaded with the row (renditions, width,
    height): no query and no file is opened, so a missing file is a broken
    image in the browser, never an error page. Without renditions (saved
    before they existed, or whose renditions failed), a plain <img>.

    `sizes` says how wide the slot is, so the browser picks a width before
    layout. `priority` marks the one picture above the fold likely to be the
    largest paint: fetched early, never lazily. `width`/`height` override the
    stored size (a picture shown at a fixed size, like an avatar).

    Long, and kept whole (a reason): it writes one element, attribute by attribute,
    in the order the HTML has them.
    """
    if not image:
        return mark_safe("")
    field, instance = image.field, image.instance
    if width is None or height is None:
        width = getattr(instance, getattr(field, "width_field", None) or "", None)
        height = getattr(instance, getattr(field, "height_field", None) or "", None)
    attname = getattr(field, "renditions_attname", None)
    renditions = sorted(
        valid_renditions(getattr(instance, attname, None) if attname else None),
        key=lambda r: r["width"],
    )
    webp = [r for r in renditions if r["format"] == "webp"]
    fallback = [r for r in renditions if r["format"] != "webp"]
    if not fallback:
        # A WebP original has WebP renditions only: they go on the <img>.
        webp, fallback = [], webp
    srcset = _srcset(image.storage, fallback)
    webp_srcset = _srcset(image.storage, webp)
    parts = []
    if srcset or webp_srcset:
        parts.append("<picture>")
        if webp_srcset:
            parts.append(
                f'<source type="{MIME_TYPES["webp"]}" srcset="{escape(webp_srcset)}" '
                f'sizes="{escape(sizes)}">'
            )
    parts.append("<img")
    if img_class:
        parts.append(f' class="{escape(img_class)}"')
    parts.append(f' src="{escape(image.url)}"')
    if srcset:
        parts.append(f' srcset="{escape(srcset)}" sizes="{escape(sizes)}"')
    parts.append(f' alt="{escape(alt)}"')
    if width and height:
        parts.append(f' width="{int(width)}" height="{int(height)}"')
    if priority:
        parts.append(' fetchpriority="high"')
    elif lazy:
        parts.append(' loading="lazy" decoding="async"')
    parts.append(">")
    if srcset or webp_srcset:
        parts.append("</picture>")
    return mark_safe("".join(parts))
