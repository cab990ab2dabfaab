"""Article bodies: Markdown rendered to HTML, then sanitised with nh3.

Markdown lets writers use raw HTML, so the rendered output is passed through
an allow-list sanitiser: no script, style, iframe, event handler or
javascript: URL survives, whatever the writer typed.
"""

import re

import markdown as markdown_lib
import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del",
    "details", "div", "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4",
    "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q",
    "s", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start"},
    "code": {"class"},
    "sup": {"id"},
    "li": {"id"},
    "a": {"href", "title", "class"},
    "div": {"class"},
}
# Classes and ids only as Markdown itself writes them (code languages and
# footnotes): a free class or id could borrow the site's own styles to lay a
# fake banner over the page, or clash with an id the page relies on.
ALLOWED_VALUES = {
    "class": re.compile(r"language-[\w+-]{1,30}|footnote(-ref|-backref)?"),
    "id": re.compile(r"fn(ref)?:[\w-]{1,40}"),
}
URL_SCHEMES = {"http", "https", "mailto"}
EXTENSIONS = ["extra", "sane_lists"]
# Table alignment as the align attribute: the sanitiser drops style attributes.
EXTENSION_CONFIGS = {"extra": {"tables": {"use_align_attribute": True}}}


# The page's headline is its only <h1>. A body whose headings start at <h1>
# ("# Section") has all of them moved one level down; one that starts at
# <h2> ("## Section", the usual habit) is left as written.
HEADING_TAG = re.compile(r"<(/?)h([1-6])(?=[\s/>])", re.IGNORECASE)
TOP_HEADING = re.compile(r"<h1(?=[\s/>])", re.IGNORECASE)


def _demote_heading(match: re.Match) -> str:
    return f"<{match[1]}h{min(int(match[2]) + 1, 6)}"


def _filter_attribute(element: str, attribute: str, value: str) -> str | None:
    pattern = ALLOWED_VALUES.get(attribute)
    if pattern is None or pattern.fullmatch(value):
        return value
    return None


def render_markdown(text: str) -> str:
    html = markdown_lib.markdown(
        text or "",
        extensions=EXTENSIONS,
        extension_configs=EXTENSION_CONFIGS,
        output_format="html",
    )
    return nh3.clean(
        HEADING_TAG.sub(_demote_heading, html) if TOP_HEADING.search(html) else html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        # One attribute only: nh3 adds several in no fixed order, and the
        # stored HTML should change only when the body does.
        set_tag_attribute_values={"img": {"loading": "lazy"}},
        strip_comments=True,
        attribute_filter=_filter_attribute,
    )
