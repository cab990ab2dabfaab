from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.decorators.cache import cache_control

from articles import feeds
from articles.sitemaps import SITEMAPS, on_site_address
from comments.feeds import ArticleCommentsFeed, AtomArticleCommentsFeed
from core.robots import robots_txt
from newsroom.pagecache import shared_page
from newsroom.readerstate import reader_state

admin.site.site_header = f"{settings.NEWSROOM_SITE_NAME} admin"
admin.site.site_title = f"{settings.NEWSROOM_SITE_NAME} admin"
admin.site.index_title = "Newsroom desk"

# Feeds, sitemaps and robots.txt are the same for everyone: kept whole like
# every reader page, by the page cache and by shared caches on the way. Feed
# readers and crawlers poll them: their own copy may last a quarter of an
# hour (feeds also send Last-Modified, for conditional requests).
_polled = cache_control(max_age=15 * 60)


def shared_document(view):
    return shared_page(_polled(view))


feed_patterns = [
    path("feed/", shared_document(feeds.ArticleFeed()), name="site"),
    path(
        "feed/atom/", shared_document(feeds.atom(feeds.ArticleFeed)()), name="site-atom"
    ),
    path(
        "category/<slug:slug>/feed/",
        shared_document(feeds.CategoryFeed()),
        name="category",
    ),
    path(
        "category/<slug:slug>/feed/atom/",
        shared_document(feeds.atom(feeds.CategoryFeed)()),
        name="category-atom",
    ),
    path("tag/<slug:slug>/feed/", shared_document(feeds.TagFeed()), name="tag"),
    path(
        "tag/<slug:slug>/feed/atom/",
        shared_document(feeds.atom(feeds.TagFeed)()),
        name="tag-atom",
    ),
    path(
        "contributors/<slug:slug>/feed/",
        shared_document(feeds.ContributorFeed()),
        name="contributor",
    ),
    path(
        "contributors/<slug:slug>/feed/atom/",
        shared_document(feeds.atom(feeds.ContributorFeed)()),
        name="contributor-atom",
    ),
    path(
        "articles/<slug:slug>/comments/feed/",
        shared_document(ArticleCommentsFeed()),
        name="comments",
    ),
    path(
        "articles/<slug:slug>/comments/feed/atom/",
        shared_document(AtomArticleCommentsFeed()),
        name="comments-atom",
    ),
]

urlpatterns = [
    # Password reset for staff: before the admin, whose catch-all would take it.
    path("", include("staff.urls")),
    path("admin/", admin.site.urls),
    path("comments/", include("comments.urls", namespace="comments")),
    path("", include((feed_patterns, "feeds"))),
    path(
        "sitemap.xml",
        shared_document(on_site_address(sitemap_views.index)),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        shared_document(on_site_address(sitemap_views.sitemap)),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("robots.txt", shared_page(robots_txt), name="robots"),
    path("reader/state/", reader_state, name="reader-state"),
    path("", include("articles.urls")),
]

if settings.DEBUG:
    # In production the web server or object storage serves uploads (README).
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
