"""Template tags the article pages use to show comments: `{% load comment_tags %}`."""

import functools
import re

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.html import linebreaks, urlize
from django.utils.safestring import mark_safe

from comments.display import comment_section, without_bidi_controls

register = template.Library()

# Links that readers wrote: not endorsed, user-generated, no window.opener.
READER_LINK_REL = "nofollow ugc noopener"
# urlize's output only: the reader's own quotes are escaped before it runs.
_URLIZE_REL = ' rel="nofollow"'
_MAILTO_LINK = re.compile(r'<a href="mailto:[^"]*">(.*?)</a>')


@register.simple_tag(takes_context=True)
def get_comment_section(context, article):
    """`{% get_comment_section article as comments %}`: see comments.display."""
    return comment_section(context["request"], article)


@register.simple_tag(takes_context=True)
def shared_comment_form(context, comments):
    """The form every anonymous reader gets, rendered once: see comments.display."""
    return comments.shared_form_html(context["request"])


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


@register.filter(is_safe=True)
def comment_text(text) -> str:
    """A comment's plain text as safe HTML.

    Escaped, paragraphs and line breaks kept, bare web addresses turned into
    links carrying rel="nofollow ugc noopener". Email addresses stay text:
    a mailto: link would only help address harvesters.
    """
    return mark_safe(_render_comment_text(str(text)))


# urlize is the slowest step of an article page with many comments, and its
# result depends on the text alone: remember it per process.
@functools.lru_cache(maxsize=4096)
def _render_comment_text(text: str) -> str:
    html = urlize(without_bidi_controls(text), nofollow=True, autoescape=True)
    html = html.replace(_URLIZE_REL, f' rel="{READER_LINK_REL}"')
    html = _MAILTO_LINK.sub(r"\1", html)
    return linebreaks(html, autoescape=False)


@register.filter
def comment_name(name) -> str:
    return without_bidi_controls(str(name))
