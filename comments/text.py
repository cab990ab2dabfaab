"""A comment's plain text as safe HTML: escaped, paragraphs kept, links marked.

Rendered once, when the comment is saved (`Comment.body_html`): turning
addresses into links is the slowest step of showing a discussion, and its
result depends on the text alone.
"""

import re

from django.utils.html import linebreaks, urlize

# Characters that reorder the text around them ("Trojan source" spoofing).
# Text in any script displays correctly without them.
BIDI_CONTROLS = dict.fromkeys(
    map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)
# Links that readers wrote: not endorsed, user-generated, no window.opener.
READER_LINK_REL = "nofollow ugc noopener"
# urlize's output only: the reader's own quotes are escaped before it runs.
_URLIZE_REL = ' rel="nofollow"'
_MAILTO_LINK = re.compile(r'<a href="mailto:[^"]*">(.*?)</a>')


def without_bidi_controls(text: str) -> str:
    return text.translate(BIDI_CONTROLS)


def render_comment_text(text: str) -> str:
    """Escaped HTML: paragraphs and line breaks, bare web addresses as links.

    Links carry rel="nofollow ugc noopener". Email addresses stay text: a
    mailto: link would only help address harvesters.
    """
    html = urlize(without_bidi_controls(text), nofollow=True, autoescape=True)
    html = html.replace(_URLIZE_REL, f' rel="{READER_LINK_REL}"')
    html = _MAILTO_LINK.sub(r"\1", html)
    return linebreaks(html, autoescape=False)
