"""Generated addresses for every reader URL that takes a slug, page or query.

Hypothesis builds slugs (real ones, slug-shaped ones, any unicode, broken
percent-escapes), page numbers (huge, negative, "last", other digits, words)
and query strings, and requests them. A reader URL answers 200, a redirect
(301/302, e.g. a missing trailing slash) or 404, never anything else and never
a 500. The comment POST URL gets odd article ids and odd bodies: there 303
(stored, see other), 400 (a malformed submission, refused), 404 (no such
article) and, for a post without the form's timing token, 200 (shown back to
be confirmed, nothing stored) are the answers.
"""

import logging
from datetime import timedelta
from urllib.parse import quote, unquote, urlencode

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.models import Article, Category, Contributor
from comments.models import Comment
from tests.conftest import comment_token, examples

FUZZ = {
    "derandomize": True,
    "database": None,
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow],
}
READER_ANSWERS = {200, 301, 302, 404}
POST_ANSWERS = {200, 303, 400, 404}
CONFIRM = "One more step: check your comment and send it."
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"


@pytest.fixture(autouse=True)
def _quiet_refusals():
    # Thousands of 404s and 400s would each log a warning; errors still do.
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


@pytest.fixture
def site(make_article, contributor, category, tag, discussion):
    """Enough articles for two pages, a draft, a scheduled piece and comments."""
    now = timezone.now()
    sub = Category.objects.create(name="Robots", slug="robots", parent=category)
    writer = Contributor.objects.create(name="Ines Writer", slug="ines-writer")
    articles = [
        make_article(
            title=f"Story {number}",
            slug=f"story-{number}",
            published_at=now - timedelta(days=number * 20),
            categories=[category if number % 2 else sub],
            tags=[tag],
            contributor=contributor if number % 3 else writer,
        )
        for number in range(1, 13)
    ]
    draft = make_article(title="Draft", slug="draft", status=Article.Status.DRAFT)
    scheduled = make_article(
        title="Scheduled", slug="scheduled", published_at=now + timedelta(days=2)
    )
    Comment.objects.create(
        article=articles[0],
        name="Rita",
        email="rita@example.net",
        body="First!",
        status=Comment.Status.APPROVED,
    )
    return {
        "articles": articles,
        "draft": draft,
        "scheduled": scheduled,
        "slugs": [
            *(article.slug for article in articles),
            draft.slug,
            scheduled.slug,
            category.slug,
            sub.slug,
            tag.slug,
            contributor.slug,
            writer.slug,
        ],
        "months": sorted(
            {f"{a.published_at:%Y}/{a.published_at:%m}" for a in articles}
        ),
    }


# Pieces of addresses --------------------------------------------------------------

ANY_TEXT = st.text(max_size=40)
BROKEN_ESCAPES = st.binary(min_size=1, max_size=12).map(
    lambda raw: "".join(f"%{byte:02X}" for byte in raw)
)
ODD_NUMBERS = st.sampled_from(
    [
        "",
        "0",
        "-1",
        "-0",
        "1.0",
        "1e3",
        "0x1",
        "NaN",
        "inf",
        "last",
        "LAST",
        " 1",
        "2 ",
        "\u0661",  # Arabic-Indic one
        "\uff12",  # fullwidth two
        "9" * 30,
        "1;2",
        "1%00",
    ]
)
PAGES = st.one_of(
    st.integers(min_value=-3, max_value=4).map(str),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    ODD_NUMBERS,
    ANY_TEXT,
)


def slugs(site):
    return st.one_of(
        st.sampled_from(site["slugs"]),
        st.from_regex(r"[-a-zA-Z0-9_]{1,30}", fullmatch=True),
        ANY_TEXT.map(lambda text: quote(text, safe="")),
        BROKEN_ESCAPES,
        st.just(""),
    )


@st.composite
def queries(draw, *names: str):
    """A query string: the named parameters (maybe repeated) and some noise."""
    pairs = []
    for name in names:
        for _ in range(draw(st.integers(min_value=0, max_value=2))):
            pairs.append((name, draw(PAGES if name in ("page", "p") else ANY_TEXT)))
    pairs += draw(st.lists(st.tuples(ANY_TEXT, ANY_TEXT), max_size=2))
    query = urlencode(pairs, quote_via=quote)
    if draw(st.booleans()):
        query += draw(st.sampled_from(["&", "&&", "=", "%", "%zz", "page", "q=%ff"]))
    return f"?{query}" if query else ""


def ending(draw) -> str:
    # Without its slash, an address is redirected to the one with it (or 404).
    return "/" if draw(st.integers(min_value=0, max_value=4)) else ""


@st.composite
def reader_urls(draw, site):
    kind = draw(
        st.sampled_from(
            ["home", "article", "category", "tag", "contributor", "month", "search"]
        )
    )
    if kind == "home":
        return "/" + draw(queries("page"))
    if kind == "search":
        path = reverse("articles:search")
        return path + draw(queries("q", "page"))
    if kind == "month":
        month = draw(
            st.one_of(
                st.sampled_from(site["months"]),
                st.from_regex(r"[0-9]{4}/[0-9]{2}", fullmatch=True),
            )
        )
        return f"/{month}{ending(draw)}" + draw(queries("page"))
    prefix = {"article": "articles", "contributor": "contributors"}.get(kind, kind)
    query = draw(queries("replytocom" if kind == "article" else "page"))
    return f"/{prefix}/{draw(slugs(site))}{ending(draw)}{query}"


@st.composite
def feed_urls(draw, site):
    kind = draw(
        st.sampled_from(["site", "category", "tag", "contributors", "comments"])
    )
    atom = draw(st.sampled_from(["", "atom/"]))
    query = draw(queries("page"))
    if kind == "site":
        return f"/feed/{atom}{query}"
    slug = draw(slugs(site))
    if kind == "comments":
        return f"/articles/{slug}/comments/feed/{atom}{query}"
    return f"/{kind}/{slug}/feed/{atom}{query}"


@st.composite
def sitemap_urls(draw):
    section = draw(
        st.one_of(
            st.sampled_from(["articles", "categories", "tags", "contributors"]),
            ANY_TEXT.map(lambda text: quote(text, safe="")),
        )
    )
    path = draw(st.sampled_from(["/sitemap.xml", f"/sitemap-{section}.xml"]))
    return path + draw(queries("p"))


def get(url: str):
    return Client().get(url, HTTP_USER_AGENT=BROWSER)


# The tests -------------------------------------------------------------------------


def test_reader_pages_answer_200_redirect_or_404_for_any_address(site):
    @settings(max_examples=examples(260), **FUZZ)
    @given(url=reader_urls(site))
    def run(url):
        response = get(url)
        assert response.status_code in READER_ANSWERS, url

    run()


def test_feeds_and_sitemaps_answer_200_redirect_or_404_for_any_address(site):
    @settings(max_examples=examples(160), **FUZZ)
    @given(url=st.one_of(feed_urls(site), sitemap_urls()))
    def run(url):
        response = get(url)
        assert response.status_code in READER_ANSWERS, url

    run()


def test_known_addresses_with_odd_pages_give_200_or_404(site):
    # The same, for the addresses that exist: the page number is the only
    # thing that can go wrong, and a page that is not there is a 404.
    @settings(max_examples=examples(80), **FUZZ)
    @given(
        path=st.sampled_from(
            [
                "/",
                "/category/ai/",
                "/tag/innovation/",
                "/contributors/ada-reporter/",
                f"/{site['months'][-1]}/",
                "/search/?q=story&",
                "/sitemap-articles.xml?",
            ]
        ),
        page=PAGES,
    )
    def run(path, page):
        separator = "&" if "?" in path else "?"
        name = "p" if "sitemap" in path else "page"
        url = f"{path}{separator}{urlencode({name: page})}"
        assert get(url).status_code in {200, 404}, url

    run()


@st.composite
def comment_posts(draw, site):
    published = site["articles"][0]
    article_id = draw(
        st.one_of(
            st.sampled_from(
                [published.pk, site["draft"].pk, site["scheduled"].pk, 0]
            ).map(str),
            st.from_regex(r"[0-9]{1,30}", fullmatch=True),
            st.sampled_from(["-1", "1.0", "1e3", "%31", "\uff11", "0x1"]).map(
                lambda raw: quote(raw, safe="%")
            ),
        )
    )
    fields = draw(
        st.dictionaries(
            st.sampled_from(["body", "name", "email", "website", "parent", "token"]),
            ANY_TEXT,
            max_size=6,
        )
    )
    if draw(st.booleans()):
        fields.update(
            body="A comment on an odd address.",
            name="Rita Reader",
            email=draw(st.from_regex(r"[a-z]{1,10}@example\.org", fullmatch=True)),
            token=comment_token(published),
        )
    return f"/comments/post/{article_id}/", fields


def test_comment_post_url_answers_200_303_400_or_404_for_odd_ids_and_bodies(site):
    with_token = f"/comments/post/{site['articles'][0].pk}/"
    published = {
        f"/comments/post/{pk}/"
        for pk in Article.objects.published().values_list("pk", flat=True)
    }

    @settings(max_examples=examples(100), **FUZZ)
    @given(post=comment_posts(site))
    def run(post):
        url, fields = post
        response = Client().post(
            url,
            urlencode(fields),
            content_type="application/x-www-form-urlencoded",
            HTTP_USER_AGENT=BROWSER,
        )
        assert response.status_code in POST_ANSWERS, (url, fields)
        if response.status_code == 303:
            assert unquote(url) == with_token
        if response.status_code == 200:
            assert unquote(url) in published
        # Without a token, and only then, the post is shown back to confirm.
        if response.status_code != 404:
            confirm = not fields.get("token")
            assert (response.status_code == 200) == confirm, (url, fields)
        if response.status_code == 200:
            assert CONFIRM in response.content.decode()

    run()
