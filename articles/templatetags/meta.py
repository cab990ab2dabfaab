"""Tags for each page's `<head>`: canonical address, description, article metadata.

The data is built in articles/metadata.py; these tags only hand it to the
templates. None of them runs a query.
"""

from django import template
from django.utils.html import format_html, format_html_join

from articles import metadata

register = template.Library()


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """The page's absolute address; a paginated list keeps its ?page=N."""
    page = context.get("page_obj")
    return metadata.canonical_url(
        context["request"], page_number=page.number if page is not None else None
    )


@register.filter
def meta_description(text):
    """Plain text on one line, short enough for a search result."""
    return metadata.summary(str(text))


@register.filter
def article_description(article):
    return metadata.article_description(article)


@register.simple_tag(takes_context=True)
def article_meta(context, article):
    """OpenGraph and Twitter tags and the JSON-LD `NewsArticle` of `article`."""
    request = context["request"]
    facts = metadata.article_facts(article, request)
    return format_html(
        "{}\n  {}\n  {}",
        format_html_join(
            "\n  ",
            '<meta property="{}" content="{}">',
            metadata.article_open_graph(facts),
        ),
        format_html_join(
            "\n  ",
            '<meta name="{}" content="{}">',
            metadata.article_twitter_card(facts),
        ),
        metadata.json_ld_script(metadata.article_news_article(facts, request)),
    )
