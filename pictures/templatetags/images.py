"""`{% picture %}`: a responsive <picture> for an uploaded image (pictures.display)."""

from django import template

from pictures.display import picture_html

register = template.Library()


@register.simple_tag
def picture(image, **options):
    """`{% picture image alt=… sizes=… img_class=… priority=… lazy=… %}`."""
    return picture_html(image, **options)
