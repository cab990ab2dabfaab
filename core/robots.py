"""/robots.txt: crawlers stay out of the admin and the comment form's endpoint."""

from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control

from newsroom.siteurl import absolute_url


@cache_control(public=True, max_age=24 * 60 * 60)  # It changes with a deployment.
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /comments/",
        f"Sitemap: {absolute_url(reverse('sitemap'), request)}",
    ]
    return HttpResponse(
        "\n".join(lines) + "\n", content_type="text/plain; charset=utf-8"
    )
