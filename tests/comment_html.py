"""Reading an article page's comment section the way a browser would.

Small HTML parsers for the comment tests: the text of an element by id, the
values a form would send, the messages shown at each field and above the form.
"""

import re
from html import unescape
from html.parser import HTMLParser

VOID_ELEMENTS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
    "source", "track", "wbr",
}  # fmt: skip


class _Elements(HTMLParser):
    """Text content of every element that has an id, and the form's controls."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text_by_id: dict[str, str] = {}
        self.open: list[tuple[str, str | None]] = []
        self.inputs: dict[str, dict] = {}
        self.textareas: dict[str, str] = {}
        self.links: list[dict] = []
        self.tags: list[tuple[str, dict]] = []
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "input" and attributes.get("name"):
            self.inputs[attributes["name"]] = attributes
        if tag == "a":
            self.links.append(attributes)
        if tag == "textarea":
            self._textarea = attributes.get("name")
            self.textareas[self._textarea] = ""
        if tag in VOID_ELEMENTS:
            return
        element_id = attributes.get("id")
        if element_id is not None:
            self.text_by_id.setdefault(element_id, "")
        self.open.append((tag, element_id))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                del self.open[index:]
                break

    def handle_data(self, data):
        for _, element_id in self.open:
            if element_id is not None:
                self.text_by_id[element_id] += data
        if self._textarea is not None:
            self.textareas[self._textarea] += data


def parse(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser


def squeeze(text: str) -> str:
    return " ".join(text.split())


def text_of(html: str, element_id: str) -> str:
    """The visible text of the element with this id, spaces squeezed."""
    return squeeze(parse(html).text_by_id[element_id])


def form_values(html: str) -> dict[str, str | bool]:
    """What the comment form would send: text fields and the checkbox's state.

    A textarea's first newline belongs to the markup, not to its value.
    """
    page = parse(html)
    values: dict[str, str | bool] = {}
    for name, attributes in page.inputs.items():
        if attributes.get("type") == "checkbox":
            values[name] = "checked" in attributes
        else:
            values[name] = attributes.get("value") or ""
    for name, text in page.textareas.items():
        values[name] = text[1:] if text.startswith("\n") else text
    return values


def field_errors(html: str, field: str) -> list[str]:
    """Messages shown at one field (templates/comments/form.html)."""
    block = re.search(
        rf'<div id="error_{field}" class="invalid-feedback d-block">(.*?)</div>',
        html,
        re.DOTALL,
    )
    if block is None:
        return []
    return [
        squeeze(unescape(message))
        for message in re.findall(
            r'<strong class="d-block">(.*?)</strong>', block[1], re.DOTALL
        )
    ]


def form_errors(html: str) -> list[str]:
    """Messages shown above the comment form, about the form as a whole."""
    block = re.search(
        r'<div class="alert alert-danger" role="alert">(.*?)</div>', html, re.DOTALL
    )
    if block is None:
        return []
    return [
        squeeze(unescape(message))
        for message in re.findall(r'<p class="mb-0">(.*?)</p>', block[1], re.DOTALL)
    ]


def comment_ids(html: str) -> list[int]:
    """Ids of the comments shown, in page order."""
    return [int(pk) for pk in re.findall(r'<li id="comment-(\d+)"', html)]
