"""The benchmark's yardstick, and its query counter.

`baseline_page` is Django with nothing of newsroom's work: a template compiled
once at import, a context held in memory, no database, no context processors.
It still runs through the site's whole middleware stack and gunicorn, so the
gap between it and a reader page is what the page itself costs. Like a page
of the home page it lists ten articles; `?bytes=N` lengthens their summaries
until the page weighs about as much as the one it is compared with (the
benchmark passes the home page's size); each size's context is built once.

`QueryCountMiddleware`, outermost, counts the queries on the default
database while the rest of the stack and the view run, and sends the count in
an `X-Bench-Queries` header.
"""

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


def baseline_page(request):
    try:
        size = min(int(request.GET.get("bytes", DEFAULT_BYTES)), MAX_BYTES)
    except ValueError:
        size = DEFAULT_BYTES
    return HttpResponse(PAGE.render(_context(size)))


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
