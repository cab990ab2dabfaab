"""An image field that rejects bad uploads clearly and stores clean copies.

Django's own ImageField reports every unreadable file, a decompression bomb
included, as "not an image or a corrupted image". Contributors deserve to be
told what is wrong, and the check has to run before Pillow decodes anything.

What is stored is never the uploaded bytes: the picture is decoded, turned
upright and re-encoded without metadata (see pictures/images.py), under a
name whose extension is its real format. Alongside it go resized renditions,
listed in the model's `<field>_renditions` JSON column so that pages build a
srcset from the row they already loaded, without touching any file.
"""

import logging
import posixpath
import warnings

from django import forms
from django.conf import settings
from django.core import checks
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.files.base import ContentFile
from django.db import models, router, transaction
from django.db.models.fields.files import FieldFile, ImageFieldFile
from django.template.defaultfilters import filesizeformat
from django.utils.functional import cached_property
from PIL import Image

from . import images

logger = logging.getLogger(__name__)

# Pillow calls a JPEG that carries a second picture (as many phones and
# cameras write them) "MPO": it is a JPEG to every browser.
ACCEPTED_FORMATS = {"JPEG", "MPO", "PNG", "GIF", "WEBP"}
NOT_AN_IMAGE = (
    "This file is not an image we can read. Upload a JPEG, PNG, GIF or WebP file."
)


def validate_image_upload(upload) -> None:
    """Raise ValidationError unless `upload` is a reasonable JPEG, PNG, GIF or WebP."""
    _validated_clean_image(upload)


def _validated_clean_image(upload) -> images.CleanImage:
    """Validate `upload` (see validate_image_upload) and return it decoded, clean.

    Long, and kept whole (a reason): the checks run in the order that keeps a
    hostile file from being decoded, and reading them top to bottom is the proof.
    """
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
    # verify() checks little of a JPEG: a truncated one passes, and would
    # only fail when saved. Decoding it now turns that into a message.
    try:
        return images.open_clean(upload)
    except Exception:
        raise ValidationError(NOT_AN_IMAGE, code="invalid_image") from None
    finally:
        if hasattr(upload, "seek"):
            upload.seek(position)


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


class UploadedImageFieldFile(ImageFieldFile):
    def save(self, name, content, save=True):
        """Store a clean copy of `content` and plan its renditions.

        Every write path (admin form, seed_demo, a shell) comes through here,
        so none of them can store an unchecked file or forget the renditions.
        """
        if hasattr(content, "seek"):
            content.seek(0)
        clean = _validated_clean_image(content)
        stem = posixpath.splitext(name or "")[0] or "image"
        name = f"{stem}.{clean.extension}"
        super().save(name, ContentFile(images.encode(clean), name=name), save=False)
        self.field.attach_renditions(self.instance, self.name, clean)
        if save:
            self.instance.save()

    save.alters_data = True


class UploadedImageField(models.ImageField):
    """An ImageField that validates uploads, cleans them and keeps renditions.

    `renditions_field` names the JSONField that lists the renditions; by
    default `<name>_renditions`, when the model has such a field.
    """

    attr_class = UploadedImageFieldFile

    def __init__(self, *args, renditions_field=None, **kwargs):
        # Not part of deconstruct(): where renditions are listed is no
        # business of the schema, so naming it never asks for a migration.
        self._explicit_renditions_field = renditions_field is not None
        self.renditions_field = renditions_field
        super().__init__(*args, **kwargs)

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        if self._explicit_renditions_field and self.renditions_attname is None:
            errors.append(
                checks.Error(
                    f"renditions_field '{self.renditions_field}' is not a field "
                    f"of {self.model._meta.label}.",
                    obj=self,
                    id="articles.E001",
                )
            )
        return errors

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        if self.renditions_field is None:
            self.renditions_field = f"{name}_renditions"
        if not cls._meta.abstract:
            models.signals.post_init.connect(self._remember_stored, sender=cls)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": UploadedImageFormField, **kwargs})

    def pre_save(self, model_instance, add):
        file = super().pre_save(model_instance, add)
        self._forget_replaced(model_instance, file.name or "")
        return file

    def update_dimension_fields(self, instance, force=False, *args, **kwargs):
        # Django fills empty width and height columns when a row is loaded by
        # opening the file: a list page would then read every picture, and
        # fail on a missing one. Sizes are saved with the row when the picture
        # is (make_renditions fills them for older rows), so only an
        # assignment, which is a write, measures the file.
        if not force:
            return
        try:
            super().update_dimension_fields(instance, force, *args, **kwargs)
        except OSError:
            # A stored name whose file is gone: unknown size, not a crash.
            for attname in (self.width_field, self.height_field):
                if attname:
                    setattr(instance, attname, None)

    @cached_property
    def renditions_attname(self) -> str | None:
        try:
            return self.model._meta.get_field(self.renditions_field).attname
        except FieldDoesNotExist:
            return None

    def attach_renditions(self, instance, name: str, clean) -> None:
        """List the renditions of `name` on `instance`; write them after commit.

        The list is saved with the row. The files are written once the
        transaction commits (at once outside a transaction): a rolled-back
        save, like a seed_demo run that fails half-way, leaves no renditions
        behind, as its caller can only clean up the files it knows of.
        """
        attname = self.renditions_attname
        if attname is None:
            return
        planned = images.plan_renditions(name, clean.size, clean.format)
        setattr(instance, attname, planned)
        using = router.db_for_write(type(instance), instance=instance)
        transaction.on_commit(
            lambda: self._write_renditions(instance, name, clean, planned),
            using=using,
            robust=True,
        )

    def _write_renditions(self, instance, name, clean, planned) -> None:
        attname = self.renditions_attname
        try:
            written = images.write_renditions(self.storage, clean, planned)
        except Exception:
            # The picture itself is stored: pages fall back to it.
            logger.exception("Could not write the renditions of %s", name)
            written = []
        if written == planned:
            return
        if getattr(instance, self.attname).name == name:
            setattr(instance, attname, written)
        if self._stored(instance).get(self.attname, ("",))[0] == name:
            self._stored(instance)[self.attname] = (name, written)
        if instance.pk is not None:
            type(instance)._base_manager.using(
                router.db_for_write(type(instance), instance=instance)
            ).filter(pk=instance.pk, **{self.attname: name}).update(
                **{attname: written}
            )

    # Replaced and cleared pictures -------------------------------------------

    @staticmethod
    def _stored(instance) -> dict:
        return instance.__dict__.setdefault("_uploaded_images_stored", {})

    def _remember_stored(self, instance, **kwargs):
        """Note the picture a row was loaded (or built) with, to clean up later."""
        if self.attname not in instance.__dict__:
            return  # Deferred: nothing known, nothing will be deleted.
        value = instance.__dict__[self.attname]
        # Only a stored file counts: an upload not saved yet has just the
        # name it had on the contributor's computer.
        if isinstance(value, FieldFile) and value._committed:
            value = value.name
        name = value if isinstance(value, str) else ""
        attname = self.renditions_attname
        renditions = instance.__dict__.get(attname) if attname else []
        self._stored(instance)[self.attname] = (name, renditions)

    def _forget_replaced(self, instance, current: str) -> None:
        stored = self._stored(instance).get(self.attname)
        if stored is None:
            return
        old_name, old_renditions = stored
        attname = self.renditions_attname
        if old_name and old_name != current:
            if attname:
                if old_renditions is None:  # Deferred when the row was loaded.
                    old_renditions = self._renditions_in_database(instance)
                if getattr(instance, attname) == old_renditions:
                    # Cleared, or pointed at another stored file by name: the
                    # old list describes a picture that is no longer shown.
                    setattr(instance, attname, [])
            old = images.valid_renditions(old_renditions)
            names = [old_name, *(r["name"] for r in old)]
            transaction.on_commit(
                lambda: self._delete_unreferenced(instance, names),
                using=router.db_for_write(type(instance), instance=instance),
                robust=True,
            )
        current_renditions = getattr(instance, attname) if attname else []
        self._stored(instance)[self.attname] = (current, current_renditions)

    def _renditions_in_database(self, instance) -> list:
        return (
            type(instance)
            ._base_manager.filter(pk=instance.pk)
            .values_list(self.renditions_attname, flat=True)
            .first()
            or []
        )

    def _delete_unreferenced(self, instance, names: list[str]) -> None:
        # Upload names carry a random part, so a picture belongs to one row;
        # checking costs one query and keeps a copied row's picture safe.
        still_used = (
            type(instance)
            ._base_manager.filter(**{self.attname: names[0]})
            .exclude(pk=instance.pk)
            .exists()
        )
        if still_used:
            return
        for name in names:
            self.storage.delete(name)
