from django.urls import path, re_path

from newsroom.pagecache import shared_page

from . import views

app_name = "articles"

urlpatterns = [
    path("", shared_page(views.HomeView.as_view()), name="home"),
    path(
        "articles/<slug:slug>/",
        shared_page(views.ArticleDetailView.as_view()),
        name="article",
    ),
    path(
        "category/<slug:slug>/",
        shared_page(views.CategoryView.as_view()),
        name="category",
    ),
    path("tag/<slug:slug>/", shared_page(views.TagView.as_view()), name="tag"),
    path(
        "contributors/<slug:slug>/",
        shared_page(views.ContributorView.as_view()),
        name="contributor",
    ),
    path("search/", shared_page(views.SearchView.as_view()), name="search"),
    # Two-digit months only; /2026/13/ matches and is then a 404, not a 500.
    re_path(
        r"^(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/$",
        shared_page(views.MonthArchiveView.as_view()),
        name="archive_month",
    ),
]
