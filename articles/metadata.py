"""What a page tells search engines and link previews about itself.

The canonical address of any reader page, a short plain-text description, and
for an article its OpenGraph tags and a schema.org `NewsArticle`. Everything is
built from objects the views already loaded (the article with its contributor,
categories and tags), so none of it costs a query. Only the byline's public
facts go in: nothing about comments or the people who wrote them.
"""

import json
from dataclasses import dataclass
from html import unescape

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, strip_tags
from django.utils.safestring import SafeString, mark_safe

from newsroom.siteurl import absolute_url
from pictures.images import valid_renditions

from .labels import attach_labels
from .models import Article

# Search engines show about this many characters of a description.
DESCRIPTION_LENGTH = 160

# Link previews are shown at most about this wide, in these formats.
PREVIEW_WIDTH = 1200
PREVIEW_FORMATS = {"jpeg", "png"}

# The escapes of Django's `json_script`: with <, > and & written as \u escapes,
# no string in the data (a title "</script><script>...") can close the element
# early, and a JSON parser still reads back the same text.
JSON_SCRIPT_ESCAPES = {
    ord("<"): "\\u003C",
    ord(">"): "\\u003E",
    ord("&"): "\\u0026",
}


def summary(text: str, *, length: int = DESCRIPTION_LENGTH) -> str:
    """`text` on one line, cut at a word boundary to at most `length` characters."""
    line = " ".join(text.split())
    if len(line) <= length:
        return line
    cut = line[: length - 1]
    # Drop a word cut in half, unless the text is one enormous word.
    if line[length - 1] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-") + "…"


def canonical_url(request, *, page_number: int | None = None) -> str:
    """The page's own address on the site's, with ?page=N past the first page.

    The host and scheme are NEWSROOM_SITE_URL's, whatever the request used.
    Other query strings (tracking parameters, a stray ?page=1) are dropped:
    they show the same content, and one address per page keeps search engines
    from splitting it across several.
    """
    url = absolute_url(request.path, request)
    if page_number is not None and page_number > 1:
        url += f"?page={page_number}"
    return url


def iso_datetime(moment) -> str:
    """ISO 8601 with the site's offset, to the second, as OpenGraph expects."""
    return timezone.localtime(moment).isoformat(timespec="seconds")


def article_description(article: Article) -> str:
    """The dek, else the start of the body as plain text, else the tagline."""
    if article.dek.strip():
        return summary(article.dek)
    body = summary(unescape(strip_tags(article.body_html)))
    return body or summary(settings.NEWSROOM_SITE_TAGLINE)


def _absolute(request, path: str) -> str:
    # Files on object storage already have absolute URLs, which stay as they are.
    return absolute_url(path, request)


def _image(article: Article, request) -> dict | None:
    """The featured image as link previews should fetch it.

    Previews show it at most about PREVIEW_WIDTH pixels wide, and some sites
    refuse large files, which an original can be: the widest JPEG or PNG copy
    up to that width is used, or the original when it is no wider (or when
    there is no copy at all). WebP copies are left out, as not every site
    reads them.
    """
    image = article.featured_image
    if not image:
        return None
    candidates = [
        {"url": image.storage.url(copy["name"]), **copy}
        for copy in valid_renditions(article.featured_image_renditions)
        if copy["format"] in PREVIEW_FORMATS
        and copy["width"] <= PREVIEW_WIDTH
        and isinstance(copy.get("height"), int)
    ]
    original = {
        "url": image.url,
        "width": article.featured_image_width,
        "height": article.featured_image_height,
    }
    width = original["width"]
    if not candidates or (width is not None and width <= PREVIEW_WIDTH):
        # First, so that it wins over a copy of its own width.
        candidates.insert(0, original)
    chosen = max(candidates, key=lambda candidate: candidate["width"] or 0)
    return {
        "url": _absolute(request, chosen["url"]),
        "width": chosen["width"],
        "height": chosen["height"],
        "alt": article.featured_image_alt,
    }


@dataclass(frozen=True)
class ArticleFacts:
    """What every preview format says about an article, worked out once."""

    title: str
    description: str
    url: str
    author_name: str
    author_url: str
    image: dict | None
    published: str | None
    modified: str
    sections: list[str]
    keywords: list[str]


def _labels(article: Article, attribute: str):
    # A reader page's article carries them (articles.labels); any other reads
    # them from the database.
    if not hasattr(article, attribute):
        attach_labels([article])
    return getattr(article, attribute)


def article_facts(article: Article, request) -> ArticleFacts:
    """The article's preview facts, its sections and tags among them."""
    return ArticleFacts(
        title=article.title,
        description=article_description(article),
        url=_absolute(request, article.get_absolute_url()),
        author_name=article.contributor.name,
        author_url=_absolute(request, article.contributor.get_absolute_url()),
        image=_image(article, request),
        published=(
            iso_datetime(article.published_at) if article.published_at else None
        ),
        modified=iso_datetime(article.updated_at),
        sections=[section.name for section in _labels(article, "section_labels")],
        keywords=[tag.name for tag in _labels(article, "tag_labels")],
    )


def article_open_graph(facts: ArticleFacts) -> list[tuple[str, str]]:
    """(property, content) pairs for the article's OpenGraph `<meta>` tags."""
    tags = [
        ("og:type", "article"),
        ("og:site_name", settings.NEWSROOM_SITE_NAME),
        ("og:title", facts.title),
        ("og:description", facts.description),
        ("og:url", facts.url),
    ]
    image = facts.image
    if image is not None:
        tags.append(("og:image", image["url"]))
        if image["width"] and image["height"]:
            tags.append(("og:image:width", str(image["width"])))
            tags.append(("og:image:height", str(image["height"])))
        tags.append(("og:image:alt", image["alt"]))
    if facts.published is not None:
        tags.append(("article:published_time", facts.published))
    tags.append(("article:modified_time", facts.modified))
    tags.append(("article:author", facts.author_url))
    if facts.sections:
        # OpenGraph has one section per article: the first, as in the byline.
        tags.append(("article:section", facts.sections[0]))
    tags.extend(("article:tag", keyword) for keyword in facts.keywords)
    return tags


def article_twitter_card(facts: ArticleFacts) -> list[tuple[str, str]]:
    """(name, content) pairs for Twitter's tags.

    Twitter reads title, description and image from the OpenGraph tags; only
    the card's kind and the image's alt text need tags of their own.
    """
    if facts.image is None:
        return [("twitter:card", "summary")]
    return [
        ("twitter:card", "summary_large_image"),
        ("twitter:image:alt", facts.image["alt"]),
    ]


def article_news_article(facts: ArticleFacts, request) -> dict:
    """The article as a schema.org `NewsArticle`, ready for JSON-LD."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": facts.title,
        "description": facts.description,
        "url": facts.url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": facts.url},
        "dateModified": facts.modified,
        "author": {
            "@type": "Person",
            "name": facts.author_name,
            "url": facts.author_url,
        },
        "publisher": {
            "@type": "Organization",
            "name": settings.NEWSROOM_SITE_NAME,
            "url": _absolute(request, reverse("articles:home")),
        },
    }
    if facts.published is not None:
        data["datePublished"] = facts.published
    if facts.image is not None:
        data["image"] = [facts.image["url"]]
    if facts.sections:
        data["articleSection"] = facts.sections
    if facts.keywords:
        data["keywords"] = facts.keywords
    return data


def json_ld_script(data: dict) -> SafeString:
    """`data` in a `<script type="application/ld+json">` element, safely escaped."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(JSON_SCRIPT_ESCAPES)),
    )
