"""Template tags the article pages use to show comments: `{% load comment_tags %}`."""

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma

from comments.display import comment_section
from comments.text import without_bidi_controls

register = template.Library()


@register.simple_tag(takes_context=True)
def get_comment_section(context, article):
    """`{% get_comment_section article as comments %}`: see comments.display."""
    return comment_section(context["request"], article)


@register.filter
def comment_count(count) -> str:
    """ "No Comments", "1 Comment", "3 Comments"; "" for anything but a number."""
    try:
        count = int(count)
    except (TypeError, ValueError):
        return ""
    if count == 0:
        return "No Comments"
    return f"{intcomma(count)} Comment{'' if count == 1 else 's'}"


@register.filter
def comment_name(name) -> str:
    return without_bidi_controls(str(name))
