"""Bylines and article cards for reader pages (rendered by articles.display)."""

from django import template

from articles.display import archive_months_html, byline_html, card_html

register = template.Library()


@register.simple_tag
def byline(article, views, live=False):
    """`{% byline article views live=True %}`: the one-line byline."""
    return byline_html(article, views=views, live=live)


@register.simple_tag
def article_card(article, comments_label="", heading="h2", first=False, last=False):
    """`{% article_card article comments_label heading first last %}`."""
    return card_html(
        article,
        comments_label=comments_label,
        heading=heading or "h2",
        first=first,
        last=last,
    )


@register.simple_tag
def archive_sidebar(months, current=None):
    """`{% archive_sidebar archive_months month %}`: the months with articles."""
    return archive_months_html(months, current=current)
