"""A URLconf whose only view fails, to render the site's 500 page in tests."""

from django.urls import path


def broken_view(request):
    raise RuntimeError("A deliberate failure for the 500 page test.")


urlpatterns = [
    path("broken/", broken_view),
]
