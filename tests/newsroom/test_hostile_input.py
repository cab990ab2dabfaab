"""Hostile text in every field a page shows: nothing runs, nothing breaks.

Every payload of tests/hostile_payloads.py goes into an article of its own
(title, dek, Markdown body, image caption and alt text, source name and URL),
its category, tag and contributor (name and bio), and an approved comment on
it (name, website, text), written to the database as an import would (URL
fields as the admin's validation would let them through). Then every page
kind that shows them is read the way a browser would, with html.parser: each
payload's article page, contributor page, refused comment form, search, and
section and comment feeds; its category or tag page and feed by turns (every
name is also checked in the navigation, the section page and the byline);
every home page, archive pages, and the admin lists and moderation queue.

- no element or attribute the same page does not have with harmless content
  (so no `<script>`, `<svg>`, `<iframe>`, `on*` handler, `style`...), besides
  what the article body's sanitiser allows;
- no script but the site's own static files and JSON data that parses;
- no href, src or action with a javascript:, vbscript: or data: URL;
- the text shows as typed: a title's heading reads exactly the title, so no
  tag was interpreted and no template syntax (`{{ 7|add:7 }}`) was evaluated;
- the page keeps its landmarks: the same main, forms, headline and text areas
  in the same order as with harmless content (`</form>` ends no form).

The data is built once for the module (in a transaction rolled back at the
end) because building 150 articles for each test would cost more than the
tests themselves.
"""

import json
import re
import xml.etree.ElementTree as ET
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import quote, urlencode

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.validators import URLValidator
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import markdown
from articles.models import Article, Category, Contributor, Tag
from articles.services import article_refresh_search_text
from comments.display import without_bidi_controls
from comments.models import Comment, DiscussionSettings
from tests.conftest import comment_token, image_bytes
from tests.hostile_payloads import EVALUATED_MARKERS, PAYLOADS

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"
EMAIL_DOMAIN = "hostile-readers.example"
BENIGN_STORIES = 11  # one more than a page: pagination is part of the frame
# The frame of a page: where a breakout (`</form>`, `</main>`, `<h1>`) shows.
LANDMARKS = {"main", "footer", "form", "h1", "textarea"}
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "data", "poster", "background",
    "xlink:href", "cite", "longdesc", "ping", "srcset",
}  # fmt: skip
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "livescript:", "data:")
# What the article body's sanitiser lets through, on any page that shows it.
BODY_TAGS = set(markdown.ALLOWED_TAGS) | {"mark"}
BODY_ATTRIBUTES = set().union(*markdown.ALLOWED_ATTRIBUTES.values()) | {
    "rel",
    "loading",
}
VOID_ELEMENTS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
    "source", "track", "wbr",
}  # fmt: skip


# Reading a page ---------------------------------------------------------------------


class Page(HTMLParser):
    """Every element with its attributes and text, and the page's landmark events."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[dict] = []
        self.landmarks: list[tuple] = []
        self.text: list[str] = []
        self._open: list[dict] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        element = {"tag": tag, "attrs": attrs, "text": []}
        self.elements.append(element)
        if tag in LANDMARKS:
            self.landmarks.append(("start", tag, dict(attrs).get("id")))
        if tag == "br":  # a line break is white space to a reader
            self.handle_data("\n")
        if tag not in VOID_ELEMENTS:
            self._open.append(element)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if self._open and self._open[-1]["tag"] == tag:
            self._open.pop()

    def handle_endtag(self, tag):
        if tag in LANDMARKS:
            self.landmarks.append(("end", tag))
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index]["tag"] == tag:
                del self._open[index:]
                break

    def handle_data(self, data):
        self.text.append(data)
        for element in self._open:
            element["text"].append(data)

    def texts(self, tag: str, css_class: str | None = None) -> list[str]:
        """Text of each `tag` element (with `css_class`), white space squeezed."""
        return [
            squeeze("".join(element["text"]))
            for element in self.elements
            if element["tag"] == tag
            and (css_class is None or css_class in classes(element))
        ]

    def attribute(self, tag: str, name: str, css_class: str | None = None):
        return [
            dict(element["attrs"]).get(name)
            for element in self.elements
            if element["tag"] == tag
            and (css_class is None or css_class in classes(element))
        ]

    def by_id(self, element_id: str) -> dict:
        (element,) = [
            e for e in self.elements if dict(e["attrs"]).get("id") == element_id
        ]
        return dict(element["attrs"]) | {"text": "".join(element["text"])}


def classes(element) -> list[str]:
    return (dict(element["attrs"]).get("class") or "").split()


def squeeze(text: str) -> str:
    return " ".join(text.split())


def dangerous_url(value: str) -> bool:
    # Browsers ignore ASCII white space and control characters in a scheme.
    squeezed = re.sub(r"[\x00-\x20]+", "", value).lower()
    candidates = [squeezed]
    if "," in value:  # srcset: "url 1x, url 2x"
        candidates += [
            re.sub(r"[\x00-\x20]+", "", part).lower() for part in value.split(",")
        ]
    return any(url.startswith(DANGEROUS_SCHEMES) for url in candidates)


def problems(
    page: Page, *, tags: set[str], attributes: set[str], scripts: set[str] = frozenset()
) -> list[str]:
    """Everything on `page` that could run, or that harmless content never makes."""
    found = []
    for element in page.elements:
        tag = element["tag"]
        if tag not in tags:
            found.append(f"unexpected <{tag}>")
        for name, value in element["attrs"]:
            value = value or ""
            if name.startswith("on"):
                found.append(f"event handler {name}= on <{tag}>")
            elif name not in attributes:
                found.append(f"unexpected attribute {name}= on <{tag}>")
            if name in URL_ATTRIBUTES and dangerous_url(value):
                found.append(f"{name}={value!r} on <{tag}>")
        if tag == "meta" and "http-equiv" in dict(element["attrs"]):
            found.append("<meta http-equiv>")
        if tag == "script":
            found += script_problems(element, scripts)
    text = "".join(page.text)
    for marker in [*EVALUATED_MARKERS, settings.SECRET_KEY]:
        if marker in text:
            found.append(f"evaluated template text {marker!r}")
    return found


def script_problems(element, scripts: set[str]) -> list[str]:
    """A script is the site's own file (a static one, or one the same page
    loads with harmless content, such as the admin's translations) or JSON."""
    attrs = dict(element["attrs"])
    source = attrs.get("src") or ""
    if source:
        own = (source.startswith(settings.STATIC_URL) or source in scripts) and not (
            "".join(element["text"]).strip()
        )
        return [] if own else [f"script from {source!r}"]
    if attrs.get("type") in ("application/ld+json", "application/json"):
        try:
            json.loads("".join(element["text"]))
        except ValueError:
            return ["JSON script that does not parse (broken out of?)"]
        return []
    return ["inline script"]


# The site under attack --------------------------------------------------------------


def cut(model, field: str, text: str) -> str:
    return text[: model._meta.get_field(field).max_length]


def as_admin_would_store(value: str) -> str:
    """A URL field's value: the payload if the admin's validation takes it.

    Otherwise the payload rides in the query string of a harmless address, so
    that it still reaches the page.
    """
    try:
        URLValidator()(value)
    except ValidationError:
        return "https://example.com/?q=" + quote(value, safe="")
    return value


def unique_name(model, field: str, text: str, taken: set[str], number: int) -> str:
    # Names are unique in any case; a payload cut short may meet another.
    name = cut(model, field, text)
    if name.lower() in taken or not name.strip():
        name = cut(model, field, f"{number} {text}")
    taken.add(name.lower())
    return name


def build_story(number: int, text: str, *, image: str, when, names: dict) -> Article:
    """An article, its category, tag, contributor and comment, all saying `text`."""
    contributor = Contributor.objects.create(
        name=cut(Contributor, "name", text),
        slug=f"writer-{number}",
        bio=text,
        website=cut(Contributor, "website", as_admin_would_store(text)),
    )
    category = Category.objects.create(
        name=unique_name(Category, "name", text, names["category"], number),
        slug=f"section-{number}",
        # Under one section, so that the navigation bar (top-level sections)
        # stays short on every page; test_navigation_... lifts them all.
        parent=names["parent"],
    )
    tag = Tag.objects.create(
        name=unique_name(Tag, "name", text, names["tag"], number),
        slug=f"topic-{number}",
    )
    article = Article.objects.create(
        title=cut(Article, "title", text),
        slug=f"story-{number}",
        dek=cut(Article, "dek", text),
        body=f"{text}\n\nThe story continues in plain words.",
        featured_image=image,
        featured_image_width=64,
        featured_image_height=48,
        featured_image_alt=cut(Article, "featured_image_alt", text),
        featured_image_caption=cut(Article, "featured_image_caption", text),
        source_name=cut(Article, "source_name", text),
        source_url=cut(Article, "source_url", as_admin_would_store(text)),
        status=Article.Status.PUBLISHED,
        published_at=when,
        contributor=contributor,
    )
    article.categories.set([category])
    article.tags.set([tag])
    # Written straight to the database, as an import or the shell might: the
    # page must be safe even for what the form would have refused.
    # Kept on the article, so that the tests need no query to find them.
    article.hostile_category, article.hostile_tag = category, tag
    article.hostile_comment = Comment.objects.create(
        article=article,
        name=cut(Comment, "name", text),
        email=f"reader{number}@{EMAIL_DOMAIN}",
        website=cut(Comment, "website", text),
        body=text,
        status=Comment.Status.APPROVED,
    )
    return article


def month_start():
    """Noon on the 5th of last month: every story falls in one archive month."""
    last_month = timezone.now().replace(day=1) - timedelta(days=1)
    return last_month.replace(day=5, hour=12, minute=0, second=0, microsecond=0)


def month_url() -> str:
    return f"/{month_start():%Y}/{month_start():%m}/"


def render_frames(client: Client, admin: Client) -> dict:
    """The harmless site's pages: the landmarks and vocabulary to compare with."""
    article = Article.objects.get(slug="story-benign")
    pages = {
        "article": client.get(article.get_absolute_url(), HTTP_USER_AGENT=BROWSER),
        "list": client.get("/"),
        "list-2": client.get("/?page=2"),
        "month": client.get(month_url()),
        "category": client.get("/category/section-benign/"),
        "tag": client.get("/tag/topic-benign/"),
        "contributor": client.get("/contributors/writer-benign/"),
        "search": client.get(reverse("articles:search") + "?q=benign"),
        "refused": refuse_comment(client, article, "Harmless words"),
    }
    admin_pages = {
        name: admin.get(url)
        for name, url in [
            ("articles", "/admin/articles/article/"),
            ("comments", "/admin/comments/comment/?status=all"),
            ("contributors", "/admin/articles/contributor/"),
            ("categories", "/admin/articles/category/"),
            ("tags", "/admin/articles/tag/"),
            ("comment", f"/admin/comments/comment/{article.comments.get().pk}/change/"),
        ]
    }
    frames = {"landmarks": {}}
    for group, responses in (("reader", pages), ("admin", admin_pages)):
        tags, attributes, scripts = set(), set(), set()
        for name, response in responses.items():
            assert response.status_code in (200, 400), name
            page = Page(response.content.decode())
            frames["landmarks"][name] = page.landmarks
            for element in page.elements:
                tags.add(element["tag"])
                attributes |= {name for name, _ in element["attrs"]}
                if element["tag"] == "script":
                    scripts.add(dict(element["attrs"]).get("src"))
        frames[group] = {"tags": tags, "attributes": attributes, "scripts": scripts}
    frames["reader"]["tags"] |= BODY_TAGS
    frames["reader"]["attributes"] |= BODY_ATTRIBUTES
    return frames


def refuse_comment(client: Client, article, text: str):
    """POST `text` as name, website and comment with no email: a refused form."""
    return client.post(
        reverse("comments:post", args=[article.pk]),
        urlencode(
            {
                "body": text,
                "name": text,
                "website": text,
                "token": comment_token(article),
            }
        ),
        content_type="application/x-www-form-urlencoded",
        HTTP_USER_AGENT=BROWSER,
    )


@pytest.fixture(scope="module")
def hostile_site(django_db_setup, django_db_blocker):
    """Harmless stories first (their pages are the frames), then one per payload."""
    with django_db_blocker.unblock(), transaction.atomic():
        discussion = DiscussionSettings.load()
        # No flood limit: the refused-form test posts from one address.
        discussion.flood_seconds = 0
        discussion.save()
        image = default_storage.save("articles/hostile.png", ContentFile(image_bytes()))
        start = month_start()
        parent = Category.objects.create(name="Hostile section", slug="hostile")
        names = {"category": {parent.name.lower()}, "tag": set(), "parent": parent}
        build_story("benign", "Harmless words", image=image, when=start, names=names)
        writer = Contributor.objects.get(slug="writer-benign")
        for number in range(BENIGN_STORIES - 1):
            Article.objects.create(
                title=f"Benign filler {number}",
                slug=f"benign-filler-{number}",
                body="Benign words.",
                featured_image=image,
                featured_image_width=64,
                featured_image_height=48,
                featured_image_alt="A red rectangle",
                status=Article.Status.PUBLISHED,
                published_at=start + timedelta(minutes=number + 1),
                contributor=writer,
            )
        admin_user = get_user_model().objects.create_superuser(
            "hostile-admin", "desk@example.com", "hostile-admin-pass"
        )
        article_refresh_search_text(articles=Article.objects.all())
        client, admin = Client(), Client()
        admin.force_login(admin_user)
        frames = render_frames(client, admin)

        stories = [
            build_story(
                number,
                text,
                image=image,
                when=start + timedelta(minutes=100 + number),
                names=names,
            )
            for number, text in enumerate(PAYLOADS)
        ]
        article_refresh_search_text(articles=Article.objects.all())
        yield {
            "stories": list(zip(PAYLOADS, stories, strict=True)),
            "frames": frames,
            "admin": admin_user,
            "pages": -(-(len(stories) + BENIGN_STORIES) // 10),
        }
        transaction.set_rollback(True)


# Checks -----------------------------------------------------------------------------


def check_page(response, frames, frame: str, *, group: str = "reader") -> Page:
    """The checks every page gets; returns the parsed page for page-specific ones."""
    assert response.status_code in (200, 400), response.status_code
    html = response.content.decode()
    page = Page(html)
    found = problems(page, **frames[group])
    assert found == [], found
    assert page.landmarks == frames["landmarks"][frame]
    if group == "reader":
        # Commenters' addresses never reach a reader (the admin may show them).
        assert EMAIL_DOMAIN not in html
    return page


# Reader pages ------------------------------------------------------------------------


def test_article_pages_show_every_payload_as_text(db, hostile_site):
    client = Client()
    for text, story in hostile_site["stories"]:
        response = client.get(story.get_absolute_url(), HTTP_USER_AGENT=BROWSER)
        page = check_page(response, hostile_site["frames"], "article")

        assert page.texts("h1", "article-title") == [squeeze(story.title)], text
        assert page.texts("p", "dek") == [squeeze(story.dek)], text
        assert page.texts("figcaption") == [squeeze(story.featured_image_caption)]
        assert page.attribute("img", "alt", "figure-img") == [story.featured_image_alt]
        assert page.texts("p", "source-note") == [
            squeeze(f"Originally published at {story.source_name}.")
        ]
        links = page.texts("a", None)
        assert squeeze(story.contributor.name) in links, text
        assert squeeze(story.hostile_tag.name) in links, text
        assert page.texts("span", "comment-author") == [
            squeeze(without_bidi_controls(story.hostile_comment.name))
        ], text
        assert page.texts("div", "comment-content") == [
            squeeze(without_bidi_controls(text))
        ], text
        # The comment form is still there, whole, after the payload.
        assert page.attribute("form", "id", "comment-form") == ["commentform"]


def test_list_pages_show_every_payload_as_text(db, hostile_site):
    client = Client()
    frames = hostile_site["frames"]
    titles = []
    last = hostile_site["pages"]
    for number in range(1, last + 1):
        page = check_page(client.get(f"/?page={number}"), frames, "list")
        titles += page.texts("h2", "article-card-title")
    # The archive shows the same cards as the home page.
    for number in (1, 2, last):
        check_page(client.get(f"{month_url()}?page={number}"), frames, "month")
    assert {squeeze(story.title) for _, story in hostile_site["stories"]} <= set(titles)

    # Every contributor page (the only page with the bio); category and tag
    # pages take turns. Every category and tag name is also checked where
    # every reader sees it: the navigation, the section page and the byline.
    for number, (text, story) in enumerate(hostile_site["stories"]):
        contributor = story.contributor
        section = story.hostile_category if number % 2 else story.hostile_tag
        kind = "category" if number % 2 else "tag"
        for url, frame, heading, card in (
            (section.get_absolute_url(), kind, section.name, "h2"),
            (contributor.get_absolute_url(), "contributor", contributor.name, "h3"),
        ):
            page = check_page(client.get(url), frames, frame)
            assert page.texts("h1", "section-title") == [squeeze(heading)], text
            assert page.texts(card, "article-card-title") == [squeeze(story.title)]
            if frame == "contributor":
                assert page.texts("div", "bio") == [squeeze(contributor.bio)], text


def test_section_page_and_navigation_show_every_category_name_as_text(db, hostile_site):
    client = Client()
    frames = hostile_site["frames"]
    names = {
        squeeze(story.hostile_category.name) for _, story in hostile_site["stories"]
    }
    page = check_page(client.get("/category/hostile/"), frames, "category")
    assert names <= set(page.texts("a"))
    # Every section at the top level: the navigation bar on every page lists
    # them all.
    Category.objects.exclude(slug="hostile").update(parent=None)
    for url, frame in (("/", "list"), ("/articles/story-benign/", "article")):
        page = check_page(client.get(url, HTTP_USER_AGENT=BROWSER), frames, frame)
        assert names <= set(page.texts("a", "nav-link"))


def test_search_echoes_every_payload_as_text(db, hostile_site):
    client = Client()
    frames = hostile_site["frames"]
    search = reverse("articles:search")
    for text, _story in hostile_site["stories"]:
        response = client.get(f"{search}?{urlencode({'q': text})}")
        page = check_page(response, frames, "search")
        # Echoed in the search box exactly as typed (spaces trimmed).
        assert page.by_id("search-query")["value"] == text.strip()[:200], text
    for number in range(1, 4):
        response = client.get(f"{search}?q=story+continues&page={number}")
        check_page(response, frames, "search")


def test_refused_comment_form_shows_every_payload_back_as_typed(db, hostile_site):
    client = Client()
    frames = hostile_site["frames"]
    for text, story in hostile_site["stories"]:
        response = refuse_comment(client, story, text)
        assert response.status_code == 400
        page = check_page(response, frames, "refused")
        # Everything typed is back in the form, as typed.
        assert page.by_id("id_name")["value"] == text, text
        assert page.by_id("id_body")["text"] == f"\n{text}", text
        assert Comment.objects.filter(article=story).count() == 1


# Feeds ------------------------------------------------------------------------------

ATOM = "{http://www.w3.org/2005/Atom}"


def feed_entries(xml: bytes) -> list[dict]:
    """Title and HTML summary of each item of an RSS or Atom feed."""
    root = ET.fromstring(xml)  # well-formed, or this raises
    entries = []
    for item in root.iter("item"):
        entries.append(
            {"title": item.findtext("title"), "html": item.findtext("description")}
        )
    for entry in root.iter(f"{ATOM}entry"):
        entries.append(
            {
                "title": entry.findtext(f"{ATOM}title"),
                "html": entry.findtext(f"{ATOM}summary"),
            }
        )
    return entries


def feed_urls(story) -> list[str]:
    """RSS and Atom for every story: its section's feed and its comments' feed,
    and the tag's (Atom) or the contributor's (RSS) feed by turns."""
    urls = [
        reverse("feeds:category", args=[story.hostile_category.slug]),
        reverse("feeds:comments-atom", args=[story.slug]),
    ]
    if story.pk % 2:
        urls.append(reverse("feeds:tag-atom", args=[story.hostile_tag.slug]))
    else:
        urls.append(reverse("feeds:contributor", args=[story.contributor.slug]))
    return urls


XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def test_feeds_are_well_formed_and_carry_titles_as_text(db, hostile_site):
    client = Client()
    summaries = []
    for text, story in hostile_site["stories"]:
        if XML_UNSAFE.search(text):
            continue  # see test_feeds_survive_control_characters_in_titles
        comment = story.hostile_comment
        for url in feed_urls(story):
            response = client.get(url)
            assert response.status_code == 200, (url, text)
            assert EMAIL_DOMAIN not in response.content.decode()
            (entry,) = feed_entries(response.content)
            from_comment = "comments" in url
            title = f"Comment by {comment.name}" if from_comment else story.title
            assert squeeze(entry["title"]) == squeeze(title), (url, text)
            summaries.append(
                (url, text, entry["html"], comment.body if from_comment else story.dek)
            )

    # A feed's description (RSS) or summary (Atom, type="html") is HTML to a
    # feed reader. Plain text (an article's dek, a comment) must arrive
    # escaped, or a reader shows `<img src=x onerror=...>` as an image with a
    # live handler and `</b>` as markup.
    failures = []
    for url, text, html, plain in summaries:
        summary = Page(html or "")
        if summary.elements or squeeze("".join(summary.text)) != squeeze(plain):
            failures.append((url, text))
    assert failures == []


def test_feeds_survive_control_characters_in_titles(db, hostile_site):
    # XML 1.0 cannot carry most control characters; a title pasted from a word
    # processor can hold one (\x0b is its line break).
    client = Client()
    for text, story in hostile_site["stories"]:
        if not XML_UNSAFE.search(text):
            continue
        for url in [reverse("feeds:site"), *feed_urls(story)]:
            assert client.get(url).status_code == 200, (url, text)


# Admin -------------------------------------------------------------------------------


def test_admin_lists_and_moderation_queue_show_every_payload_as_text(db, hostile_site):
    admin = Client()
    admin.force_login(hostile_site["admin"])
    frames = hostile_site["frames"]
    pages = -(-(len(hostile_site["stories"]) + BENIGN_STORIES) // 100)
    for frame, path in [
        ("articles", "/admin/articles/article/?"),
        ("comments", "/admin/comments/comment/?status=all&"),
        ("contributors", "/admin/articles/contributor/?"),
        ("categories", "/admin/articles/category/?"),
        ("tags", "/admin/articles/tag/?"),
    ]:
        for number in range(1, pages + 1):
            response = admin.get(f"{path}p={number}")
            check_page(response, frames, frame, group="admin")
    for _text, story in hostile_site["stories"][::10]:
        comment = story.hostile_comment
        response = admin.get(f"/admin/comments/comment/{comment.pk}/change/")
        assert response.status_code == 200
        page = Page(response.content.decode())
        assert problems(page, **frames["admin"]) == []
        assert page.landmarks == frames["landmarks"]["comment"]


def test_payload_list_is_long_and_varied():
    assert len(PAYLOADS) >= 100
    assert len(set(PAYLOADS)) == len(PAYLOADS)
    for needle in ("<script", "onerror", "javascript:", "{{", "{%", "</textarea>"):
        assert any(needle in text.lower() for text in PAYLOADS), needle


def test_checks_catch_markup_that_got_through_unescaped():
    # The checks above would notice a payload that reached a page as markup:
    # every payload with a tag in it trips them when inserted raw.
    raw_markup = [
        text
        for text in PAYLOADS
        if re.search(r"<[a-z!?]", text, re.IGNORECASE)
        # Comments, closing tags and CDATA are inert even raw (a browser reads
        # `<![CDATA[` outside SVG as a comment).
        and not text.startswith(("<!--", "-->", "</", "<![CDATA["))
    ]
    assert len(raw_markup) >= 70
    for text in raw_markup:
        page = Page(f"<main><p>{text}</p></main>")
        flagged = problems(page, tags={"main", "p"}, attributes=set())
        broken = page.landmarks != [("start", "main", None), ("end", "main")]
        assert flagged or broken, text
    assert problems(Page("<p>7217</p>"), tags={"p"}, attributes=set())


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", " JavaScript:alert(2)", "data:text/html,<b>x</b>"],
)
def test_url_fields_written_around_the_admin_never_become_script_links(
    client, make_article, url
):
    # The admin refuses these addresses, but an import, a fixture or the shell
    # writes straight to the database. The comment website has the same guard
    # (comments.display.SAFE_URL); the source link and the contributor's site
    # must not be the one place a stored address runs script.
    writer = Contributor.objects.create(name="Imported", slug="imported", website=url)
    make_article(
        slug="imported", source_name="Wire", source_url=url, contributor=writer
    )
    for path in ("/articles/imported/", "/contributors/imported/"):
        page = Page(client.get(path, HTTP_USER_AGENT=BROWSER).content.decode())
        hrefs = [value for e in page.elements for n, value in e["attrs"] if n == "href"]
        assert not [href for href in hrefs if dangerous_url(href or "")], path
