"""The benchmark's yardsticks, and its query counter.

Both baseline pages are Django with nothing of newsroom's work: a template
compiled once at import, a context held in memory, no database, no context
processors. They still run through the site's whole middleware stack and
gunicorn, so the gap between one of them and a reader page is what the page
itself costs.

- `article_baseline_page` (/bench/baseline/, the issue's yardstick: "the
  bare-Django template of the same article + 50 comments"): one article
  (title, dek, byline, a body of six paragraphs) and fifty comments (name,
  date, text). `?bytes=N` lengthens the six paragraphs until the page weighs
  about as much as the one it is compared with (the benchmark passes the size
  of the real article page with fifty comments).
- `baseline_page` (/bench/baseline/list/): ten articles, like a page of the
  home page; `?bytes=N` lengthens their summaries (the benchmark passes the
  home page's size).

Each size's context is built once per process.

`QueryCountMiddleware`, outermost, counts the queries on the default
database while the rest of the stack and the view run, and sends the count in
an `X-Bench-Queries` header.
"""

import random
from datetime import UTC, datetime, timedelta

from django.db import connection
from django.http import HttpResponse
from django.template import engines

PAGE = engines["django"].from_string(
    """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ site_name }}</title>
<link rel="stylesheet" href="/static/css/site.css">
</head>
<body>
<header class="site-header"><a href="/">{{ site_name }}</a>
<nav><ul>{% for section in sections %}
<li><a href="/category/{{ section.slug }}/">{{ section.name }}</a></li>{% endfor %}
</ul></nav></header>
<main class="container">
{% for article in articles %}<article class="card mb-4">
<h2 class="h4"><a href="/articles/{{ article.slug }}/">{{ article.title }}</a></h2>
<p class="byline">By <a href="/contributors/{{ article.writer_slug }}/">\
{{ article.writer }}</a> · <time datetime="{{ article.published|date:'c' }}">\
{{ article.published|date:"j F Y" }}</time></p>
<p class="dek">{{ article.dek }}</p>
<p class="tags">{% for tag in article.tags %}<a href="/tag/{{ tag }}/">#{{ tag }}</a> \
{% endfor %}</p>
</article>
{% endfor %}
<nav class="pagination"><a href="?page=2">Older</a></nav>
</main>
<footer><p>{{ site_name }} · {{ tagline }}</p></footer>
</body>
</html>
"""
)
SECTIONS = [{"slug": f"section-{n}", "name": f"Section {n}"} for n in range(10)]
DEFAULT_BYTES = 20_000
MAX_BYTES = 2_000_000
_contexts: dict[int, dict] = {}


ARTICLES_PER_PAGE = 10
FILLER = "A sentence or two under the headline, with words in it. "


def _article(n: int, dek: str) -> dict:
    return {
        "slug": f"a-story-about-the-harbour-{n}",
        "title": f"Council approves the harbour budget, story {n} & more",
        "writer": f"Writer <{n}>",
        "writer_slug": f"writer-{n}",
        "published": datetime(2026, 1, 1, tzinfo=UTC) - timedelta(hours=n),
        "dek": dek,
        "tags": [f"topic-{n + k}" for k in range(4)],
    }


def _context(size: int) -> dict:
    """Ten articles, like a page of the home page, with deks long enough for
    about `size` bytes in all; built once per size."""
    if size not in _contexts:
        if len(_contexts) >= 8:
            _contexts.clear()
        context = {
            "site_name": "Baseline",
            "tagline": "Bare Django",
            "sections": SECTIONS,
            "articles": [_article(n, "") for n in range(ARTICLES_PER_PAGE)],
        }
        missing = max(0, size - len(PAGE.render(context)))
        dek = (FILLER * (missing // len(FILLER) // ARTICLES_PER_PAGE + 1))[
            : missing // ARTICLES_PER_PAGE
        ]
        context["articles"] = [_article(n, dek) for n in range(ARTICLES_PER_PAGE)]
        _contexts[size] = context
    return _contexts[size]


def _size(request) -> int:
    try:
        return max(0, min(int(request.GET.get("bytes", DEFAULT_BYTES)), MAX_BYTES))
    except ValueError:
        return DEFAULT_BYTES


def baseline_page(request):
    return HttpResponse(PAGE.render(_context(_size(request))))


ARTICLE_PAGE = engines["django"].from_string(
    """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ article.title }} | {{ site_name }}</title>
<meta name="description" content="{{ article.dek }}">
<link rel="stylesheet" href="/static/css/site.css">
</head>
<body>
<header class="site-header"><a href="/">{{ site_name }}</a>
<nav><ul>{% for section in sections %}
<li><a href="/category/{{ section.slug }}/">{{ section.name }}</a></li>{% endfor %}
</ul></nav></header>
<main class="container">
<article class="article">
<header>
<h1 class="article-title">{{ article.title }}</h1>
<p class="dek lead">{{ article.dek }}</p>
<p class="byline">By <a href="/contributors/{{ article.writer_slug }}/">\
{{ article.writer }}</a>, {{ article.writer_title }} · \
<time datetime="{{ article.published|date:'c' }}">\
{{ article.published|date:"j F Y" }}</time></p>
</header>
<div class="article-body">
{% for paragraph in article.paragraphs %}<p>{{ paragraph }}</p>
{% endfor %}</div>
</article>
<section id="comments" class="comments-area">
<h2 class="comments-title">{{ comments|length }} Comments</h2>
<ol class="comment-list">
{% for comment in comments %}<li class="comment">
<p class="comment-meta"><b>{{ comment.name }}</b> <time>\
{{ comment.created|date:"j F Y, H:i" }}</time></p>
<div class="comment-content"><p>{{ comment.text }}</p></div>
</li>
{% endfor %}</ol>
</section>
</main>
<footer><p>{{ site_name }} · {{ tagline }}</p></footer>
</body>
</html>
"""
)
ARTICLE_COMMENTS = 50
ARTICLE_PARAGRAPHS = 6
WORDS = """
the council harbour budget approved on and a of to in for with by was at
after river school market bridge said would from that this storm ferry vote
mayor plan weather station report week residents local new old public
""".split()
_article_contexts: dict[int, dict] = {}


def _sentences(rng: random.Random, count: int) -> str:
    sentences = []
    for _ in range(count):
        words = rng.choices(WORDS, k=rng.randint(8, 20))
        sentences.append(" ".join(words).capitalize() + ".")
    return " ".join(sentences)


def _article_context(size: int) -> dict:
    """One article and fifty comments, the body long enough for about `size`
    bytes in all; built once per size."""
    if size not in _article_contexts:
        if len(_article_contexts) >= 8:
            _article_contexts.clear()
        rng = random.Random(50)
        published = datetime(2026, 1, 1, 9, tzinfo=UTC)
        paragraphs = [_sentences(rng, 5) for _ in range(ARTICLE_PARAGRAPHS)]
        context = {
            "site_name": "Baseline",
            "tagline": "Bare Django",
            "sections": SECTIONS,
            "article": {
                "title": "Council approves the harbour budget after a long night",
                "dek": _sentences(rng, 2)[:300],
                "writer": "Writer <1>",
                "writer_slug": "writer-1",
                "writer_title": "Staff writer",
                "published": published,
                "paragraphs": paragraphs,
            },
            "comments": [
                {
                    "name": f"Reader {n}",
                    "created": published + timedelta(minutes=7 * n + 5),
                    "text": _sentences(rng, rng.randint(1, 4)),
                }
                for n in range(ARTICLE_COMMENTS)
            ],
        }
        # The six paragraphs lengthened alike, as the list's summaries are:
        # the same template nodes at every size.
        missing = size - len(ARTICLE_PAGE.render(context).encode())
        if missing > 0:
            extra = " " + _sentences(rng, 5 + missing // 100)
            share = missing // ARTICLE_PARAGRAPHS
            context["article"]["paragraphs"] = [
                paragraph + extra[: share + (n < missing % ARTICLE_PARAGRAPHS)]
                for n, paragraph in enumerate(paragraphs)
            ]
        _article_contexts[size] = context
    return _article_contexts[size]


def article_baseline_page(request):
    return HttpResponse(ARTICLE_PAGE.render(_article_context(_size(request))))


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Bench-Queries"] = str(count)
        return response
