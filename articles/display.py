"""The parts every reader page repeats, rendered in Python, in one pass.

An article list shows ten cards, each with a byline, a picture and links;
through template includes that was most of a list page's time. These
functions build the same HTML directly: every value that came from a person
is escaped here with `escape`, and the result is marked safe once.
"""

from django.contrib.humanize.templatetags.humanize import intcomma, naturaltime
from django.utils.dateformat import format as date_format
from django.utils.formats import get_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime

from newsroom.routes import month_url
from pictures.display import picture_html

CARD_SIZES = "(min-width: 1400px) 440px, (min-width: 576px) 34vw, 100vw"


def byline_html(article, *, views: int, live: bool = False) -> SafeString:
    """ "Posted by <name>, <title> | <when> | /category, Tag, format | Views: n".

    With `live`, the count sits in a span the page's script updates with the
    count of now (static/js/reader.js).
    """
    contributor = article.contributor
    parts = [
        '<p class="byline small text-body-secondary mb-2">Posted by '
        f'<a href="{escape(contributor.get_absolute_url())}" rel="author">'
        f"{escape(contributor.name)}</a>, {escape(contributor.byline_title)} | "
    ]
    if article.published_at:
        published = localtime(article.published_at)
        full = date_format(published, get_format("DATETIME_FORMAT"))
        parts.append(
            f'<time datetime="{published.isoformat()}" title="{escape(full)}">'
            f"{escape(naturaltime(article.published_at))}</time>"
        )
    else:
        parts.append("not yet published")
    parts.append(" | ")
    # Read by articles.labels.attach_labels, for a whole page at once.
    parts.extend(
        f'<a href="{escape(section.url)}">/{escape(section.slug)}</a>, '
        for section in article.section_labels
    )
    parts.extend(
        f'<a href="{escape(tag.url)}" rel="tag">{escape(tag.name)}</a>, '
        for tag in article.tag_labels
    )
    count = intcomma(views)
    shown = f'<span class="view-count">{count}</span>' if live else count
    parts.append(f"{escape(article.format)} | Views: {shown}</p>")
    return mark_safe("".join(parts))


def card_html(
    article,
    *,
    comments_label: str = "",
    heading: str = "h2",
    first: bool = False,
    last: bool = False,
) -> SafeString:
    """One article in a list: headline, dek, byline, picture, comment count."""
    url = escape(article.get_absolute_url())
    heading = heading if heading in ("h2", "h3") else "h2"
    parts = [f'<article class="article-card py-4{"" if last else " border-bottom"}">']
    parts.append('<div class="row g-3">')
    image = getattr(article, "featured_image", None)
    if image:
        picture = picture_html(
            image,
            img_class="img-fluid rounded article-thumb",
            sizes=CARD_SIZES,
            priority=first,
        )
        parts.append(
            f'<div class="col-sm-4 order-sm-2"><a href="{url}" tabindex="-1" '
            f'aria-hidden="true">{picture}</a></div><div class="col-sm-8">'
        )
    else:
        parts.append('<div class="col-12">')
    parts.append(
        f'<{heading} class="article-card-title h4"><a href="{url}">'
        f"{escape(article.title)}</a></{heading}>"
    )
    if article.dek:
        parts.append(f'<p class="dek mb-2">{escape(article.dek)}</p>')
    parts.append(byline_html(article, views=article.view_count))
    if comments_label:
        parts.append(
            f'<p class="comment-count small mb-0"><a href="{url}#comments">'
            f"{escape(comments_label)}</a></p>"
        )
    parts.append("</div></div></article>")
    return mark_safe("".join(parts))


def archive_months_html(months, *, current=None) -> SafeString:
    """The sidebar of months with articles, each with its count.

    `months` as `articles.views.archive_months()` gives them; `current`, the
    month whose page this is. Thirty-six months through a template loop
    (a reverse and three date filters each) cost more than the rest of a
    list page.
    """
    if not months:
        return mark_safe("")
    parts = [
        '<nav class="archive-months" aria-labelledby="archive-months-title">'
        '<h2 class="sidebar-title" id="archive-months-title">Archives</h2>'
        '<ul class="list-unstyled mb-0">'
    ]
    for row in months:
        month = row["month"]
        url = month_url("articles:archive_month", month.year, month.month)
        mark = ' aria-current="page"' if month == current else ""
        parts.append(
            f'<li class="d-flex justify-content-between gap-2"><a href="{escape(url)}"'
            f"{mark}>{escape(date_format(month, 'F Y'))}</a> "
            f'<span class="text-body-secondary">{int(row["count"])}</span></li>'
        )
    parts.append("</ul></nav>")
    return mark_safe("".join(parts))
