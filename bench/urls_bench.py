"""The site's URLs, and the baseline pages the benchmark compares them with."""

from baseline import article_baseline_page, baseline_page
from django.urls import include, path

urlpatterns = [
    # The yardstick: one article and fifty comments (bench/baseline.py).
    path("bench/baseline/", article_baseline_page, name="bench-baseline"),
    # Ten articles, like a page of the home page.
    path("bench/baseline/list/", baseline_page, name="bench-baseline-list"),
    path("", include("newsroom.urls")),
]
