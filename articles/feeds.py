"""RSS and Atom feeds: the whole site, and each category, tag and contributor.

Every feed lists the newest published articles (`Article.objects.published()`),
in a fixed number of queries whatever its length. Every address in a feed is on
NEWSROOM_SITE_URL (`SiteFeed`).
"""

import mimetypes
import re
from html import unescape

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.files.storage import FileSystemStorage
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape, strip_tags
from django.utils.text import Truncator

from newsroom.siteurl import absolute_url

from .models import Article, Category, Contributor, Tag

FEED_SIZE = 20

# Characters XML 1.0 cannot carry. A title pasted from a word processor can
# hold one (\x0b is its line break): Django refuses to write them in text (an
# error page instead of the feed), and in an attribute they would leave the
# feed unreadable.
XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _xml_safe(value):
    if isinstance(value, str):
        return XML_UNSAFE.sub(" ", value)
    if isinstance(value, list | tuple):
        return type(value)(_xml_safe(part) for part in value)
    return value


class _XmlSafe:
    """A feed generator that turns XML-unsafe characters into spaces."""

    def __init__(self, *args, **kwargs):
        super().__init__(
            *map(_xml_safe, args), **{k: _xml_safe(v) for k, v in kwargs.items()}
        )

    def add_item(self, *args, **kwargs):
        super().add_item(
            *map(_xml_safe, args), **{k: _xml_safe(v) for k, v in kwargs.items()}
        )


class RssFeed(_XmlSafe, Rss201rev2Feed):
    pass


class AtomFeed(_XmlSafe, Atom1Feed):
    pass


def plain_text_as_html(text: str) -> str:
    """A description is HTML to a feed reader: plain text must arrive escaped."""
    return escape(text)


class SiteFeed(Feed):
    """A feed whose every address is on the site's, whatever the request's Host.

    Django's Feed puts relative links on the request's host and scheme, and
    leaves absolute ones alone: so every link hook answers with an absolute
    address, and the feed's own address, which Django takes from the request,
    is replaced here.
    """

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        feed.feed["feed_url"] = absolute_url(request.path)
        return feed


class ArticleFeed(SiteFeed):
    """The site's feed; subclasses narrow it with `filter_articles`."""

    feed_type = RssFeed

    def title(self, obj):
        return settings.NEWSROOM_SITE_NAME

    def link(self, obj):
        return absolute_url(obj.get_absolute_url() if obj is not None else "/")

    def description(self, obj):
        return settings.NEWSROOM_SITE_TAGLINE

    def filter_articles(self, articles, obj):
        return articles

    def items(self, obj):
        articles = Article.objects.published().for_listing()
        return self.filter_articles(articles, obj)[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # The plain text search keeps (services.article_refresh_search_text)
        # saves taking the HTML apart again for every item.
        body = item.search_body or unescape(strip_tags(item.body_html))
        text = item.dek or Truncator(body).words(60)
        return plain_text_as_html(text)

    def item_author_name(self, item):
        return item.contributor.name

    def item_author_email(self, item):
        return None  # A byline never exposes an address.

    def item_categories(self, item):
        return [c.name for c in item.categories.all()] + [
            t.name for t in item.tags.all()
        ]

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_enclosure_url(self, item):
        # Django leaves enclosure URLs as they are: a local file's is relative.
        return absolute_url(item.featured_image.url) if item.featured_image else None

    def item_enclosure_length(self, item):
        # A local file's size is one stat; on object storage it would be a
        # request per item, and 0 is what RSS readers accept for "unknown".
        if isinstance(item.featured_image.storage, FileSystemStorage):
            try:
                return item.featured_image.size
            except OSError:
                return 0
        return 0

    def item_enclosure_mime_type(self, item):
        guessed, _ = mimetypes.guess_type(item.featured_image.name)
        return guessed or "application/octet-stream"


class CategoryFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug)

    def title(self, obj):
        return f"{obj.name} | {settings.NEWSROOM_SITE_NAME}"

    def description(self, obj):
        return obj.description or f"The latest in {obj.name}."

    def filter_articles(self, articles, obj):
        # Like the category page: a section includes its subcategories.
        ids = [obj.pk, *obj.children.values_list("pk", flat=True)]
        return articles.in_categories(ids)


class TagFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def title(self, obj):
        return f"Tagged {obj.name} | {settings.NEWSROOM_SITE_NAME}"

    def description(self, obj):
        return f"Articles tagged {obj.name}."

    def filter_articles(self, articles, obj):
        return articles.filter(tags=obj)


class ContributorFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Contributor, slug=slug)

    def title(self, obj):
        return f"{obj.name} | {settings.NEWSROOM_SITE_NAME}"

    def description(self, obj):
        return f"Articles by {obj.name}."

    def filter_articles(self, articles, obj):
        return articles.filter(contributor=obj)


def atom(feed_class):
    """The Atom twin of an RSS feed class."""
    return type(
        f"Atom{feed_class.__name__}",
        (feed_class,),
        {"feed_type": AtomFeed, "subtitle": feed_class.description},
    )
