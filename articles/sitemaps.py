"""Sitemap sections: published articles, categories, tags and contributors.

Tags and contributors are listed only when they have a published article: an
empty page is not worth a crawler's visit. Every category is listed, as the
navigation links to each of them. A list page's last change is that of the
newest article it shows; with a date on every section, the index and each
section also answer with Last-Modified. What the sections read is kept in the
pages cache under the current stamp (newsroom/pagecache.py), so a crawler
asking again costs no query until something changes.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from newsroom import pagecache

from .models import Article, Category, Contributor, Tag

SECTION_LIMIT = 2000


class ArticleSitemap(Sitemap):
    limit = SECTION_LIMIT

    def items(self):
        return Article.objects.published().only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        # One aggregate, not every article loaded, for the index's lastmod;
        # kept until the next change, as it reads every published article.
        return pagecache.memo_current(
            "sitemap:articles:latest",
            lambda: self.items().aggregate(latest=Max("updated_at"))["latest"],
        )


class _ListingSitemap(Sitemap):
    """A section of list pages, each dated by the newest article it shows.

    The rows and their dates come from one grouped query, kept until the next
    change: the index counts the rows and the section lists them, and neither
    reads the articles again.
    """

    limit = SECTION_LIMIT
    name = ""

    def items(self):
        return pagecache.memo_current(f"sitemap:{self.name}", self.rows)

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
