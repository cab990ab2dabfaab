from django.urls import path, re_path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="article"),
    path("category/<slug:slug>/", views.CategoryView.as_view(), name="category"),
    path("tag/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path(
        "contributors/<slug:slug>/", views.ContributorView.as_view(), name="contributor"
    ),
    path("search/", views.SearchView.as_view(), name="search"),
    # Two-digit months only; /2026/13/ matches and is then a 404, not a 500.
    re_path(
        r"^(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/$",
        views.MonthArchiveView.as_view(),
        name="archive_month",
    ),
]
