"""`{% picture %}`: a responsive <picture> for an uploaded image, from its row alone.

Everything comes from columns already loaded with the row (the renditions
list, width and height): no query and no file is opened while a page renders,
so a missing or damaged file is a broken image in the browser, never an error
page. A row without renditions (saved before they existed, or whose
renditions failed) gets a plain <img> of the original.
"""

from django import template

from articles.images import MIME_TYPES, valid_renditions

register = template.Library()


@register.inclusion_tag("includes/picture.html")
def picture(
    image,
    *,
    alt="",
    sizes="100vw",
    img_class="",
    priority=False,
    lazy=True,
    width=None,
    height=None,
):
    """Render `image` (a model's UploadedImageField value) as <picture>.

    `sizes` says how wide the slot is, so the browser picks a width before
    layout. `priority` marks the one picture above the fold that is likely the
    largest paint: fetched early, never lazily. `lazy=False` alone just stops
    lazy loading. `width`/`height` override the stored size (for a picture
    shown at a fixed size, like an avatar); either way they keep the page
    from shifting while the picture loads.
    """
    if not image:
        return {"src": ""}
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
    return {
        "src": image.url,
        "alt": alt,
        "width": width,
        "height": height,
        "img_class": img_class,
        "sizes": sizes,
        "srcset": _srcset(image.storage, fallback),
        "webp_srcset": _srcset(image.storage, webp),
        "webp_type": MIME_TYPES["webp"],
        "priority": bool(priority),
        "lazy": bool(lazy) and not priority,
    }


def _srcset(storage, renditions) -> str:
    return ", ".join(f"{storage.url(r['name'])} {r['width']}w" for r in renditions)
