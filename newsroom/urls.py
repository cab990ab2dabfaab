from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.decorators.cache import cache_control

from articles import feeds
from articles.robots import robots_txt
from articles.sitemaps import SITEMAPS
from comments.feeds import ArticleCommentsFeed, AtomArticleCommentsFeed
from newsroom.pagecache import cacheable_page, kept_document

admin.site.site_header = f"{settings.NEWSROOM_SITE_NAME} admin"
admin.site.site_title = f"{settings.NEWSROOM_SITE_NAME} admin"
admin.site.index_title = "Newsroom desk"

# Feed readers and crawlers poll these often and the same for everyone: a
# proxy or CDN may keep them a quarter of an hour. (Feeds also send
# Last-Modified, and the sitemap does where every section has dates.)
# Also kept whole by the page cache, like every reader page, and as a
# document for everyone (newsroom/pagecache.py) even with the page cache off.
_shared_cache = cache_control(public=True, max_age=15 * 60)


def shared_cache(view):
    return cacheable_page(_shared_cache(kept_document(view)))


feed_patterns = [
    path("feed/", shared_cache(feeds.ArticleFeed()), name="site"),
    path("feed/atom/", shared_cache(feeds.atom(feeds.ArticleFeed)()), name="site-atom"),
    path(
        "category/<slug:slug>/feed/",
        shared_cache(feeds.CategoryFeed()),
        name="category",
    ),
    path(
        "category/<slug:slug>/feed/atom/",
        shared_cache(feeds.atom(feeds.CategoryFeed)()),
        name="category-atom",
    ),
    path("tag/<slug:slug>/feed/", shared_cache(feeds.TagFeed()), name="tag"),
    path(
        "tag/<slug:slug>/feed/atom/",
        shared_cache(feeds.atom(feeds.TagFeed)()),
        name="tag-atom",
    ),
    path(
        "contributors/<slug:slug>/feed/",
        shared_cache(feeds.ContributorFeed()),
        name="contributor",
    ),
    path(
        "contributors/<slug:slug>/feed/atom/",
        shared_cache(feeds.atom(feeds.ContributorFeed)()),
        name="contributor-atom",
    ),
    path(
        "articles/<slug:slug>/comments/feed/",
        shared_cache(ArticleCommentsFeed()),
        name="comments",
    ),
    path(
        "articles/<slug:slug>/comments/feed/atom/",
        shared_cache(AtomArticleCommentsFeed()),
        name="comments-atom",
    ),
]

urlpatterns = [
    # Password reset for staff: before the admin, whose catch-all would take it.
    path("", include("articles.urls_accounts")),
    path("admin/", admin.site.urls),
    path("comments/", include("comments.urls", namespace="comments")),
    path("", include((feed_patterns, "feeds"))),
    path(
        "sitemap.xml",
        shared_cache(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        shared_cache(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("robots.txt", cacheable_page(robots_txt), name="robots"),
    path("", include("articles.urls")),
]

if settings.DEBUG:
    # In production the web server or object storage serves uploads (README).
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
