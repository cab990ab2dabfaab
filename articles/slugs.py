"""Unique slugs made from names and titles."""

from django.utils.text import slugify


def unique_slug(instance, value: str) -> str:
    """A slug for `value` that no other row of the instance's model uses.

    Adds -2, -3... on a clash, and keeps within the field's max_length. The
    unique constraint in the database remains the final guard.
    """
    field = instance._meta.get_field("slug")
    base = slugify(value)[: field.max_length].strip("-") or instance._meta.model_name
    others = type(instance)._default_manager.exclude(pk=instance.pk)
    candidate = base
    suffix = 2
    while others.filter(slug=candidate).exists():
        tail = f"-{suffix}"
        candidate = f"{base[: field.max_length - len(tail)].rstrip('-')}{tail}"
        suffix += 1
    return candidate


class SlugFromName:
    """For a model with `name` and `slug`: a blank slug is made from the name."""

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name)
        super().save(*args, **kwargs)
