"""Static files in production: hashed names, served for a year, never revalidated.

Runs collectstatic with the production storage into a scratch folder and asks
whitenoise for the files the way gunicorn would, without the test settings'
shortcuts (finders, autorefresh).
"""

import re

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from whitenoise.middleware import WhiteNoiseMiddleware

PRODUCTION_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
A_YEAR_OR_MORE = re.compile(r"max-age=(\d+)")


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    root = tmp_path_factory.mktemp("static")
    with override_settings(
        STATIC_ROOT=root,
        STORAGES=PRODUCTION_STORAGES,
        WHITENOISE_USE_FINDERS=False,
        WHITENOISE_AUTOREFRESH=False,
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
        middleware = WhiteNoiseMiddleware(lambda request: HttpResponse(status=404))
        middleware.collected_root = root
        yield middleware


def fetch(middleware, url):
    return middleware(RequestFactory().get(url, HTTP_ACCEPT_ENCODING="gzip"))


@pytest.mark.parametrize(
    "name", ["css/newsroom.css", "bootstrap/css/bootstrap.min.css", "js/comments.js"]
)
def test_hashed_static_files_are_kept_for_a_year_and_immutable(collected, name):
    with override_settings(
        STORAGES=PRODUCTION_STORAGES, STATIC_ROOT=collected.collected_root
    ):
        url = staticfiles_storage.url(name)

    response = fetch(collected, url)

    assert re.search(r"\.[0-9a-f]{12}\.", url), url
    assert response.status_code == 200
    assert "immutable" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]
    assert int(A_YEAR_OR_MORE.search(response["Cache-Control"]).group(1)) >= 31536000
    assert response["Content-Encoding"] == "gzip"


def test_the_unhashed_name_is_only_kept_briefly(collected):
    response = fetch(collected, "/static/css/newsroom.css")

    assert response.status_code == 200
    assert "immutable" not in response["Cache-Control"]
    assert int(A_YEAR_OR_MORE.search(response["Cache-Control"]).group(1)) <= 60
