"""Sitemap sections: published articles, categories, tags and contributors.

Tags and contributors are listed only when they have a published article: an
empty page is not worth a crawler's visit. Every category is listed, as the
navigation links to each of them. A list page's last change is that of the
newest article it shows; with a date on every section, the index and each
section also answer with Last-Modified.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, OuterRef, Q, Subquery

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


def _newest_update(articles):
    """The time of the newest update among `articles`, as a subquery."""
    return Subquery(articles.order_by("-updated_at").values("updated_at")[:1])


class _ListingSitemap(Sitemap):
    """A section of list pages, each dated by the newest article it shows.

    The date comes with each row (a subquery), so a section is still one
    query, and the index gets one aggregate per section.
    """

    limit = SECTION_LIMIT

    def lastmod(self, item):
        return item.newest_update

    def get_latest_lastmod(self):
        return self.articles().aggregate(latest=Max("updated_at"))["latest"]


class CategorySitemap(_ListingSitemap):
    def items(self):
        # Like the category page, a section is as new as its subcategories' articles.
        articles = Article.objects.published().filter(
            Q(categories=OuterRef("pk")) | Q(categories__parent=OuterRef("pk"))
        )
        return (
            Category.objects.annotate(newest_update=_newest_update(articles))
            .order_by("name", "pk")
            .only("slug")
        )

    def articles(self):
        return Article.objects.published().filter(categories__isnull=False)


class TagSitemap(_ListingSitemap):
    def items(self):
        return _with_published_articles(Tag, "tags")

    def articles(self):
        return Article.objects.published().filter(tags__isnull=False)


class ContributorSitemap(_ListingSitemap):
    def items(self):
        return _with_published_articles(Contributor, "contributor")

    def articles(self):
        return Article.objects.published()


def _with_published_articles(model, field):
    articles = Article.objects.published().filter(**{field: OuterRef("pk")})
    return (
        model.objects.annotate(newest_update=_newest_update(articles))
        .filter(newest_update__isnull=False)
        .order_by("name", "pk")
        .only("slug")
    )


SITEMAPS = {
    "articles": ArticleSitemap,
    "categories": CategorySitemap,
    "tags": TagSitemap,
    "contributors": ContributorSitemap,
}
