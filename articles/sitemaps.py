"""Sitemap sections: published articles, categories, tags and contributors.

Tags and contributors are listed only when they have a published article: an
empty page is not worth a crawler's visit. Every category is listed, as the
navigation links to each of them.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, Max, OuterRef

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


class CategorySitemap(Sitemap):
    limit = SECTION_LIMIT

    def items(self):
        return Category.objects.order_by("name", "pk").only("slug")


def _with_published_articles(model, field):
    published = Article.objects.published().filter(**{field: OuterRef("pk")})
    return model.objects.filter(Exists(published)).order_by("name", "pk").only("slug")


class TagSitemap(Sitemap):
    limit = SECTION_LIMIT

    def items(self):
        return _with_published_articles(Tag, "tags")


class ContributorSitemap(Sitemap):
    limit = SECTION_LIMIT

    def items(self):
        return _with_published_articles(Contributor, "contributor")


SITEMAPS = {
    "articles": ArticleSitemap,
    "categories": CategorySitemap,
    "tags": TagSitemap,
    "contributors": ContributorSitemap,
}
