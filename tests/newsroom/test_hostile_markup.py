"""Markup-like text never changes what another reader receives.

A page cache that fills per-reader values (a CSRF token, a form token, a live
count) into stored pages must never mistake what a writer or a commenter typed
for one of its own holes. Each string below looks like such a hole, a form
field, or the end of a feed or sitemap. It goes into an article's title, dek
and body and into an approved comment; then two anonymous readers, each with
their own CSRF cookie, read every page that shows it, with the caches on and
off. Feeds must parse and carry the text exactly as written; the page must show
the comment exactly as written; no reader's cookie may reach another reader or
any feed; and with the caches on both readers get the same bytes.
"""

import html
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from html.parser import HTMLParser

import pytest
from django.core.cache import caches
from django.test import Client

from comments.models import Comment
from comments.services import comment_moderate, comment_submit

READER_UA = "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"
# Valid CSRF secrets (32 letters and digits), one per reader, easy to spot.
ALPHA_SECRET = "AlphaReaderCsrfSecret00000000001"
BRAVO_SECRET = "BravoReaderCsrfSecret00000000002"

# Strings aimed at caches that fill per-reader values into stored pages. NUL
# bytes are left out: every form refuses them, so no writer can type one.
CORPUS = {
    "csrf-field": 'name="csrfmiddlewaretoken" value="x"',
    "csrf-field-empty": 'name="csrfmiddlewaretoken" value=""',
    "token-field": 'name="token" value="abc"',
    "csrf-input": '<input type="hidden" name="csrfmiddlewaretoken" value="stolen">',
    "token-input": '<input type="hidden" name="token" value="eyJhIjoxfQ:1a:sig">',
    "csrf-hole": "<!--newsroom:csrf-->",
    "token-hole": "<!--newsroom:form-token-->",
    "both-holes": "<!--newsroom:csrf--><!--newsroom:form-token-->",
    "views-hole-typed": "\\x00views\\x00",
    "cdata-end": "]]>",
    "cdata-start": "<![CDATA[",
    "cdata-whole": '<![CDATA[ name="token" value="abc" ]]>',
    "script-end": "</script>",
    "template-var": "{{ csrf_token }}",
    "template-tag": "{% csrf_token %}",
    "escaped-input": "&lt;input name=&quot;csrfmiddlewaretoken&quot;&gt;",
    "escaped-field": (
        "&lt;input name=&quot;csrfmiddlewaretoken&quot; value=&quot;x&quot;&gt;"
    ),
    "quote-run": '"' * 120,
    "quote-run-in-field": 'name="token" value="' + '"' * 60,
    "comment-open": "<!--",
    "feed-end": "</title></item></channel></rss>",
    "sitemap-end": "</loc></url></urlset>",
    "views-text": "Views: 999",
}

PAGES = {
    "article": "/articles/hostile/",
    "home": "/",
    "site-feed": "/feed/",
    "site-feed-atom": "/feed/atom/",
    "comment-feed": "/articles/hostile/comments/feed/",
    "comment-feed-atom": "/articles/hostile/comments/feed/atom/",
    "sitemap": "/sitemap.xml",
    "sitemap-articles": "/sitemap-articles.xml",
}
XML_PAGES = {name for name in PAGES if "feed" in name or "sitemap" in name}


@pytest.fixture(params=[True, False], ids=["caches-on", "caches-off"])
def cached(request, settings) -> bool:
    seconds = 300 if request.param else 0
    settings.NEWSROOM_PAGE_CACHE_SECONDS = seconds
    for alias in settings.CACHES:
        caches[alias].clear()
    return request.param


def wrapped(payload: str, where: str) -> str:
    # Brackets no template or feed adds: what is between them was typed.
    return f"⟦{where}: {payload}⟧"


@dataclass(frozen=True)
class Story:
    title: str
    dek: str
    body: str
    name: str
    comment: str


def write_story(make_article, moderator, payload: str) -> Story:
    """An article and an approved comment carrying `payload` in every field."""
    name = payload if len(payload) <= 60 else "Hostile Reader"
    text = Story(
        title=wrapped(payload, "title"),
        dek=wrapped(payload, "dek"),
        body=wrapped(payload, "body"),
        name=name,
        comment=wrapped(payload, "comment"),
    )
    article = make_article(
        title=text.title, slug="hostile", dek=text.dek, body=f"Body. {text.body}"
    )
    comment = comment_submit(
        article=article,
        name=text.name,
        email="hostile@example.net",
        website="",
        body=text.comment,
        ip_address="192.0.2.44",
        user_agent=READER_UA,
    )
    comment_moderate(
        comments=Comment.objects.filter(pk=comment.pk),
        status=Comment.Status.APPROVED,
        moderator=moderator,
    )
    return text


def reader(secret: str) -> Client:
    client = Client(HTTP_USER_AGENT=READER_UA)
    client.cookies["csrftoken"] = secret
    return client


class _Reading(HTMLParser):
    """What a browser shows as text, and the values of a form's token fields."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tokens: list[str] = []

    def handle_data(self, data):
        self.text.append(data)

    def handle_starttag(self, tag, attrs):
        fields = dict(attrs)
        if tag == "input" and fields.get("name") in ("csrfmiddlewaretoken", "token"):
            self.tokens.append(fields.get("value") or "")


def read_html(content: bytes) -> _Reading:
    reading = _Reading()
    reading.feed(content.decode())
    reading.close()
    return reading


def without_form_tokens(response) -> bytes:
    """The page with the values of its form's token fields left out.

    Pages that still carry a per-reader form token (today's cache fills one
    in) compare equal apart from it; pages without any are compared whole.
    """
    if response["Content-Type"].startswith("text/html"):
        content = response.content
        for value in read_html(content).tokens:
            if value:
                content = content.replace(value.encode(), b"")
        return content
    return response.content


def xml_texts(content: bytes) -> list[str]:
    root = ET.fromstring(content)
    return [text for element in root.iter() for text in (element.text,) if text]


def assert_shows_exactly(where: str, content: bytes, text: Story, payload: str):
    if where in XML_PAGES:
        texts = xml_texts(content)  # parses, or fails the test
        # Titles and names are plain text in the feed; descriptions are HTML.
        expected = {
            "site-feed": [text.title, text.dek],
            "site-feed-atom": [text.title, text.dek],
            "comment-feed": [text.name, text.comment],
            "comment-feed-atom": [text.name, text.comment],
        }.get(where, [])
        for typed in expected:
            assert any(
                typed == value or typed in html.unescape(value) for value in texts
            ), (typed, texts)
        return
    shown = "".join(read_html(content).text)
    expected = [text.title, text.dek]
    if where == "article":
        expected += [text.name, text.comment]
        if "<" not in payload and "&" not in payload:
            # Markdown keeps text without markup or entities as it is.
            expected.append(text.body)
    for typed in expected:
        assert typed in shown
    for typed in (text.title, text.dek, text.comment):
        if "<" in typed or "&" in typed:
            # Shown as text, so never present as raw markup.
            assert typed.encode() not in content


@pytest.mark.parametrize("payload", CORPUS.values(), ids=CORPUS.keys())
@pytest.mark.parametrize("where", PAGES)
def test_markup_like_text_reaches_every_reader_unchanged(
    payload, where, cached, make_article, admin_user
):
    story = write_story(make_article, admin_user, payload)
    alpha, bravo = reader(ALPHA_SECRET), reader(BRAVO_SECRET)
    url = PAGES[where]

    # Alpha makes the page; Bravo and Alpha again may get it from the cache.
    answers = [
        (alpha.get(url), ALPHA_SECRET, BRAVO_SECRET),
        (bravo.get(url), BRAVO_SECRET, ALPHA_SECRET),
        (alpha.get(url), ALPHA_SECRET, BRAVO_SECRET),
    ]

    for response, own, other in answers:
        assert response.status_code == 200
        assert other.encode() not in response.content
        if where in XML_PAGES:
            assert own.encode() not in response.content
        assert_shows_exactly(where, response.content, story, payload)
    if cached:
        first, *served = (without_form_tokens(answer) for answer, _, _ in answers)
        for content in served:
            assert content == first
