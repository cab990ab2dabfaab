"""An image field that rejects oversized files and decompression bombs clearly.

Django's own ImageField reports every unreadable file, a decompression bomb
included, as "not an image or a corrupted image". Contributors deserve to be
told what is wrong, and the check has to run before Pillow decodes anything.
"""

import warnings

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.template.defaultfilters import filesizeformat
from PIL import Image

# Pillow calls a JPEG that carries a second picture (as many phones and
# cameras write them) "MPO": it is a JPEG to every browser.
ACCEPTED_FORMATS = {"JPEG", "MPO", "PNG", "GIF", "WEBP"}
NOT_AN_IMAGE = (
    "This file is not an image we can read. Upload a JPEG, PNG, GIF or WebP file."
)


def validate_image_upload(upload) -> None:
    """Raise ValidationError unless `upload` is a reasonable JPEG, PNG, GIF or WebP."""
    max_bytes = settings.NEWSROOM_MAX_IMAGE_BYTES
    max_pixels = settings.NEWSROOM_MAX_IMAGE_PIXELS
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError(
            "This file is %(size)s, larger than the %(max)s allowed for an image.",
            code="file_too_large",
            params={
                "size": filesizeformat(upload.size),
                "max": filesizeformat(max_bytes),
            },
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            # Image.open reads only the header, so the pixel count is known
            # before any decoding happens.
            with Image.open(upload) as image:
                image_format = image.format
                width, height = image.size
                if width * height > max_pixels:
                    raise ValidationError(
                        "This image is %(width)s×%(height)s pixels; images may have at "
                        "most %(max)s million pixels.",
                        code="too_many_pixels",
                        params={
                            "width": width,
                            "height": height,
                            "max": f"{max_pixels / 1_000_000:g}",
                        },
                    )
                image.verify()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            "This image has too many pixels to process safely.", code="too_many_pixels"
        ) from None
    except Exception:
        raise ValidationError(
            NOT_AN_IMAGE,
            code="invalid_image",
        ) from None
    finally:
        if hasattr(upload, "seek"):
            upload.seek(position)
    if image_format not in ACCEPTED_FORMATS:
        raise ValidationError(
            "%(format)s images are not accepted. Upload a JPEG, PNG, GIF or WebP file.",
            code="invalid_format",
            params={"format": image_format or "This kind of"},
        )


class UploadedImageFormField(forms.ImageField):
    default_error_messages = {
        "invalid_image": NOT_AN_IMAGE,
    }

    def to_python(self, data):
        # Validate before Django's ImageField decodes the file, so oversized
        # and bomb uploads get their own message instead of a generic one.
        if data not in self.empty_values and hasattr(data, "size"):
            validate_image_upload(data)
        return super().to_python(data)


class UploadedImageField(models.ImageField):
    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": UploadedImageFormField, **kwargs})
