"""Sitemap sections: published articles, categories, tags and contributors.

Tags and contributors are listed only when they have a published article: an
empty page is not worth a crawler's visit. Every category is listed, as the
navigation links to each of them. A list page's last change is that of the
newest article it shows; with a date on every section, the index and each
section also answer with Last-Modified. Each section reads its rows in one
grouped query, once per request (Django makes a sitemap per request). Every
<loc> is on NEWSROOM_SITE_URL (`on_site_address`).
"""

from functools import cached_property, wraps
from urllib.parse import urlsplit, urlunsplit

from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from newsroom.siteurl import absolute_url

from .models import Article, Category, Contributor, Tag

SECTION_LIMIT = 2000


class ArticleSitemap(Sitemap):
    limit = SECTION_LIMIT

    def items(self):
        return Article.objects.published().only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        # One aggregate, not every article loaded, for the index's lastmod.
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class _ListingSitemap(Sitemap):
    """A section of list pages, each dated by the newest article it shows.

    The rows and their dates come from one grouped query: the index counts
    the rows and reads their dates from the same list.
    """

    limit = SECTION_LIMIT
    name = ""

    def items(self):
        return self._rows

    @cached_property
    def _rows(self) -> list:
        return self.rows()

    def rows(self) -> list:
        raise NotImplementedError

    def lastmod(self, item):
        return item.newest_update

    def get_latest_lastmod(self):
        dates = [item.newest_update for item in self.items() if item.newest_update]
        return max(dates, default=None)


def _with_published_articles(model):
    """`model` rows with a published article, each with its newest update.

    One grouped query over the join table: the filter and the Max read the
    same join, so only published articles count for either.
    """
    published = Article.objects.published().values("pk")
    return list(
        model.objects.filter(articles__in=published)
        .annotate(newest_update=Max("articles__updated_at"))
        .order_by("name", "pk")
        .only("slug", "name")
    )


class CategorySitemap(_ListingSitemap):
    name = "categories"

    def rows(self):
        # Every category; like the category page, a section is as new as its
        # subcategories' articles too.
        categories = Category.objects.order_by("name", "pk").only("slug", "parent")
        by_pk = {category.pk: category for category in categories}
        newest = {
            row.pk: row.newest_update for row in _with_published_articles(Category)
        }
        for category in by_pk.values():
            dates = [newest.get(category.pk)]
            dates += [
                newest.get(child.pk)
                for child in by_pk.values()
                if child.parent_id == category.pk
            ]
            category.newest_update = max(filter(None, dates), default=None)
        return list(by_pk.values())


class TagSitemap(_ListingSitemap):
    name = "tags"

    def rows(self):
        return _with_published_articles(Tag)


class ContributorSitemap(_ListingSitemap):
    name = "contributors"

    def rows(self):
        return _with_published_articles(Contributor)


SITEMAPS = {
    "articles": ArticleSitemap,
    "categories": CategorySitemap,
    "tags": TagSitemap,
    "contributors": ContributorSitemap,
}


def on_site_address(view):
    """Django's sitemap `index` or `sitemap` view, its addresses on the site's.

    Django builds every <loc> from the request's host and scheme. Its views
    answer with a TemplateResponse not rendered yet, so each address is moved
    onto NEWSROOM_SITE_URL before it is, keeping its path and ?p= page.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        context = getattr(response, "context_data", None) or {}
        for entry in context.get("sitemaps", ()):  # the index
            entry.location = _on_site(entry.location, request)
        for url in context.get("urlset", ()):  # a section
            url["location"] = _on_site(url["location"], request)
        return response

    return wrapped


def _on_site(location: str, request) -> str:
    parts = urlsplit(location)
    return absolute_url(urlunsplit(("", "", parts.path, parts.query, "")), request)
