"""A feed of each article's approved comments: name and text, nothing else."""

from django.shortcuts import get_object_or_404

from articles.feeds import AtomFeed, RssFeed, SiteFeed, plain_text_as_html
from articles.models import Article
from newsroom.siteurl import absolute_url

from .models import Comment

FEED_SIZE = 20


class ArticleCommentsFeed(SiteFeed):
    feed_type = RssFeed

    def get_object(self, request, slug):
        return get_object_or_404(Article.objects.published(), slug=slug)

    def title(self, obj):
        return f"Comments on {obj.title}"

    def link(self, obj):
        return absolute_url(obj.get_absolute_url())

    def description(self, obj):
        return f"The latest comments on {obj.title}."

    def items(self, obj):
        # visible(): approved, on an article readers may see. Text erased at
        # its author's request stays out of the feed.
        comments = Comment.objects.visible().filter(article=obj, removed=False)
        return comments.select_related("article").order_by("-created_at", "-id")[
            :FEED_SIZE
        ]

    def item_title(self, item):
        return f"Comment by {item.name}"

    def item_description(self, item):
        return plain_text_as_html(item.body)

    def item_author_name(self, item):
        return item.name

    def item_author_email(self, item):
        return None  # Never the commenter's address (DESIGN.md, invariant 3).

    def item_author_link(self, item):
        return None  # Nor their website: the feed carries the name only.

    def item_pubdate(self, item):
        return item.created_at


class AtomArticleCommentsFeed(ArticleCommentsFeed):
    feed_type = AtomFeed
    subtitle = ArticleCommentsFeed.description
