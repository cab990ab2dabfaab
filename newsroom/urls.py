from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = f"{settings.NEWSROOM_SITE_NAME} admin"
admin.site.site_title = f"{settings.NEWSROOM_SITE_NAME} admin"
admin.site.index_title = "Newsroom desk"

urlpatterns = [
    # Password reset for staff: before the admin, whose catch-all would take it.
    path("", include("articles.urls_accounts")),
    path("admin/", admin.site.urls),
    path("comments/", include("comments.urls", namespace="comments")),
    path("", include("articles.urls")),
]

if settings.DEBUG:
    # In production the web server or object storage serves uploads (README).
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
