"""Make the missing renditions of stored featured images and avatars.

Pictures get their renditions when they are saved. This command is for the
ones stored before renditions existed (a database seeded or edited before
that change), and for repairs: a row counts as complete when its renditions
are listed, their files exist and its width and height are known. Running it
twice changes nothing the second time. `--force` remakes every set.

Rows are updated with one UPDATE each, not save(): a maintenance run must not
change an article's "updated" time, which feeds and sitemaps publish.
"""

from django.apps import apps
from django.core.management.base import BaseCommand

from pictures import images
from pictures.fields import UploadedImageField

MADE, COMPLETE, SKIPPED = "made", "already complete", "skipped"


def picture_fields():
    """(model, field) for every UploadedImageField of every installed model."""
    return [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, UploadedImageField)
    ]


class Command(BaseCommand):
    help = "Make missing renditions of stored pictures (--force: all of them)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Remake the renditions of every picture, complete or not.",
        )

    def handle(self, *args, force=False, **options):
        for model, field in picture_fields():
            counts = dict.fromkeys([MADE, COMPLETE, SKIPPED], 0)
            rows = (
                model._base_manager.exclude(**{field.attname: ""})
                .exclude(**{f"{field.attname}__isnull": True})
                .only(
                    "pk",
                    field.attname,
                    field.renditions_attname,
                    field.width_field,
                    field.height_field,
                )
                .order_by("pk")
            )
            for row in rows.iterator(chunk_size=100):
                counts[self._make(row, field, force=force)] += 1
            label = f"{field.verbose_name.capitalize()}s"
            summary = ", ".join(f"{count} {state}" for state, count in counts.items())
            self.stdout.write(f"{label}: {summary}.")

    def _make(self, row, field, *, force: bool) -> str:
        storage = field.storage
        name = getattr(row, field.attname).name
        listed = images.valid_renditions(getattr(row, field.renditions_attname))
        if not force and self._is_complete(row, field, listed):
            return COMPLETE
        try:
            with storage.open(name, "rb") as stored:
                clean = images.open_clean(stored)
            planned = images.plan_renditions(name, clean.size, clean.format)
            written = images.write_renditions(storage, clean, planned)
        except Exception as error:  # One bad file must not stop the run.
            self.stderr.write(
                f"Skipped {row._meta.verbose_name} {row.pk}: cannot read {name} "
                f"({type(error).__name__})."
            )
            return SKIPPED
        width, height = clean.size
        updated = (
            type(row)
            ._base_manager.filter(pk=row.pk, **{field.attname: name})
            .update(
                **{
                    field.renditions_attname: written,
                    field.width_field: width,
                    field.height_field: height,
                }
            )
        )
        kept = {r["name"] for r in written} if updated else set()
        # A picture replaced while we worked keeps the renditions made for it;
        # ours, and the set we replaced, are of no use to anyone.
        for rendition in (listed if updated else []) + written:
            if rendition["name"] not in kept:
                storage.delete(rendition["name"])
        return MADE if updated else SKIPPED

    @staticmethod
    def _is_complete(row, field, listed) -> bool:
        if not listed or not getattr(row, field.width_field):
            return False
        if not getattr(row, field.height_field):
            return False
        return all(field.storage.exists(r["name"]) for r in listed)
