"""Addresses of one slug, or of a year and month, reversed once per route.

A list page links every card's article, writer, sections and tags: some sixty
`reverse()` calls, each walking the URL resolver. For a route whose only
argument is a slug, the address is the route's own with the slug put in,
so the route is reversed once (per URLconf and script prefix) with a
placeholder, and each link is a string replacement.
"""

import functools
import re

from django.urls import get_script_prefix, get_urlconf, reverse

# What Django's `slug` path converter accepts: such a slug needs no quoting.
SLUG = re.compile(r"[-a-zA-Z0-9_]+\Z")
PLACEHOLDER = "slug-placeholder-8d0c"


@functools.cache
def _route(viewname: str, urlconf, prefix: str) -> tuple[str, str]:
    address = reverse(viewname, kwargs={"slug": PLACEHOLDER}, urlconf=urlconf)
    before, found, after = address.partition(PLACEHOLDER)
    if not found or PLACEHOLDER in after:
        raise ValueError(f"{viewname} is not a route of one slug")
    return before, after


# Placeholders for a route of a year and a month (each matched by digits).
YEAR_PLACEHOLDER, MONTH_PLACEHOLDER = "9876", "54"


@functools.cache
def _month_route(viewname: str, urlconf, prefix: str) -> tuple[str, str, str]:
    address = reverse(
        viewname,
        kwargs={"year": YEAR_PLACEHOLDER, "month": MONTH_PLACEHOLDER},
        urlconf=urlconf,
    )
    before, found, rest = address.partition(YEAR_PLACEHOLDER)
    middle, found_month, after = rest.partition(MONTH_PLACEHOLDER)
    if not (found and found_month) or YEAR_PLACEHOLDER in after:
        raise ValueError(f"{viewname} is not a route of a year and a month")
    return before, middle, after


def month_url(viewname: str, year: int, month: int) -> str:
    """`reverse(viewname, kwargs={"year": "2026", "month": "09"})`, cheaply."""
    before, middle, after = _month_route(viewname, get_urlconf(), get_script_prefix())
    return f"{before}{year:04d}{middle}{month:02d}{after}"


def slug_url(viewname: str, slug: str) -> str:
    """`reverse(viewname, kwargs={"slug": slug})`, without the resolver's cost."""
    if not SLUG.match(slug):
        # Not a slug the route takes: let reverse() say so (NoReverseMatch).
        return reverse(viewname, kwargs={"slug": slug})
    before, after = _route(viewname, get_urlconf(), get_script_prefix())
    return f"{before}{slug}{after}"
