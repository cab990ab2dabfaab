"""The site's URLs, and the baseline page the benchmark compares them with."""

from baseline import baseline_page
from django.urls import include, path

urlpatterns = [
    path("bench/baseline/", baseline_page, name="bench-baseline"),
    path("", include("newsroom.urls")),
]
