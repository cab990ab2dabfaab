"""Reader pages: home, article, category, tag, contributor, monthly archive, search."""

import datetime
from functools import partial

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.paginator import Paginator
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.views.generic import DetailView, ListView

from comments.selectors import with_comment_counts
from newsroom import pagecache

from .models import Article, Category, Contributor, Tag
from .roles import can_edit_any_article
from .search import MAX_QUERY_LENGTH, SearchResults, query_words, search_terms
from .services import article_record_view


class StampedPaginator(Paginator):
    """A paginator whose count is kept with the fragments until the next change.

    Counting the published articles of a list reads every matching index
    entry, so it grows with the archive; the rest of a list page does not.
    """

    def __init__(self, *args, request, count_key: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.count_key = count_key

    @cached_property
    def count(self) -> int:
        return pagecache.memo(
            self.request, f"count:{self.count_key}", lambda: Paginator.count.func(self)
        )


class PublishedArticlesMixin:
    """The reader queryset and pagination shared by every article list."""

    paginate_by = settings.NEWSROOM_ARTICLES_PER_PAGE
    context_object_name = "articles"

    def get_paginator(self, queryset, per_page, **kwargs):
        # One count per list (and search words), whichever page is asked for.
        key = f"{self.request.path}?{self.request.GET.get('q', '')}"
        return StampedPaginator(
            queryset, per_page, request=self.request, count_key=key, **kwargs
        )

    def get_queryset(self):
        # Each card shows its comment count: a subquery, not a query per card.
        return with_comment_counts(Article.objects.published().for_listing())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        # Page links around the current page: 1 2 … 11 12 [13] 14 15 … 42 43.
        context["page_range"] = page.paginator.get_elided_page_range(page.number)
        return context


def archive_months() -> list[dict]:
    """Months that have published articles, newest first: `month` (a date) and `count`.

    One grouped query. TruncMonth works in the current time zone, so a piece
    published at 23:30 UTC on 31 October counts for November in Paris.
    """
    rows = (
        Article.objects.published()
        .annotate(month=TruncMonth("published_at"))
        .values("month")
        .annotate(count=Count("pk"))
        .order_by("-month")
    )
    return [{"month": row["month"].date(), "count": row["count"]} for row in rows]


class HomeView(PublishedArticlesMixin, ListView):
    template_name = "articles/article_list.html"

    def get_context_data(self, **kwargs):
        # The function, not its rows: the template calls it only when the
        # sidebar is not in the fragment cache.
        return super().get_context_data(archive_months=archive_months, **kwargs)


class MonthArchiveView(PublishedArticlesMixin, ListView):
    """Published articles of one calendar month in the site's time zone.

    The list of months is needed for the sidebar anyway: it also tells whether
    this month has articles (404 if not) and which months come before and
    after, so none of that costs a query of its own.
    """

    template_name = "articles/archive_month.html"

    def get_queryset(self):
        self.months = archive_months()
        year, month = int(self.kwargs["year"]), int(self.kwargs["month"])
        index = next(
            (
                i
                for i, row in enumerate(self.months)
                if (row["month"].year, row["month"].month) == (year, month)
            ),
            None,
        )
        if index is None:
            # An empty month, a month in the future or no month at all (13, 00).
            raise Http404("No articles were published that month.")
        self.month = self.months[index]["month"]
        self.newer_month = self.months[index - 1]["month"] if index > 0 else None
        self.older_month = (
            self.months[index + 1]["month"] if index + 1 < len(self.months) else None
        )
        # zoneinfo time zones: a tzinfo argument gives the right offset.
        zone = timezone.get_current_timezone()
        start = datetime.datetime(self.month.year, self.month.month, 1, tzinfo=zone)
        following = self.month.replace(day=28) + datetime.timedelta(days=4)
        end = datetime.datetime(following.year, following.month, 1, tzinfo=zone)
        return (
            super()
            .get_queryset()
            .filter(published_at__gte=start, published_at__lt=end)
            .order_by("-published_at", "-pk")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            month=self.month,
            newer_month=self.newer_month,
            older_month=self.older_month,
            archive_months=self.months,
            **kwargs,
        )


def _named(request, model, slug: str):
    """The `model` row with `slug`, kept until the next change; 404 if none."""
    label = model._meta.label_lower
    found = pagecache.memo(
        request, f"{label}:{slug}", lambda: model.objects.filter(slug=slug).first()
    )
    if found is None:
        raise Http404(f"No {model._meta.verbose_name} is found at this address.")
    return found


class CategoryView(PublishedArticlesMixin, ListView):
    template_name = "articles/category_detail.html"

    def get_queryset(self):
        slug = self.kwargs["slug"]

        def load():
            category = Category.objects.select_related("parent").filter(slug=slug)
            category = category.first()
            return category and (category, list(category.children.all()))

        # The section and its subsections change only with an edit (a stamp).
        found = pagecache.memo(self.request, f"category:{slug}", load)
        if not found:
            raise Http404("No such section.")
        self.category, self.subcategories = found
        # A top-level category's page also lists its subcategories' articles.
        # Filtering on known ids lets the database start from the join
        # table's category index instead of scanning every published article.
        ids = [self.category.pk, *(sub.pk for sub in self.subcategories)]
        return super().get_queryset().in_categories(ids)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            category=self.category, subcategories=self.subcategories, **kwargs
        )


class TagView(PublishedArticlesMixin, ListView):
    template_name = "articles/tag_detail.html"

    def get_queryset(self):
        self.tag = _named(self.request, Tag, self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class ContributorView(PublishedArticlesMixin, ListView):
    template_name = "articles/contributor_detail.html"

    def get_queryset(self):
        self.contributor = _named(self.request, Contributor, self.kwargs["slug"])
        return super().get_queryset().filter(contributor=self.contributor)

    def get_context_data(self, **kwargs):
        return super().get_context_data(contributor=self.contributor, **kwargs)


class SearchView(PublishedArticlesMixin, ListView):
    """Published articles matching the reader's words, best matches first.

    A query that cannot be searched (empty, only punctuation, too long) gets
    the form again with a word on what to type, never an error.
    """

    template_name = "articles/search.html"

    def get(self, request, *args, **kwargs):
        # One value even if the address repeats it; spaces trimmed for the echo.
        self.query = request.GET.get("q", "").strip()
        self.problem = ""
        self.terms = []
        if len(self.query) > MAX_QUERY_LENGTH:
            self.problem = (
                f"That search is {len(self.query)} characters long. Use a few "
                f"words, at most {MAX_QUERY_LENGTH} characters."
            )
        elif self.query:
            words = query_words(self.query)
            self.terms = search_terms(words)
            if not words:
                self.problem = (
                    "Search looks for words: type at least one letter or digit."
                )
            elif not self.terms:
                self.problem = (
                    "Those words are too common to search for: add a more "
                    "specific one, such as a name or a topic."
                )
        response = super().get(request, *args, **kwargs)
        # Result pages are endless variations of the site's own pages.
        response["X-Robots-Tag"] = "noindex"
        return response

    def get_queryset(self):
        if not self.terms:
            return Article.objects.none()
        return SearchResults(super().get_queryset(), self.terms)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            query=self.query,
            # Shown in the form again, cut to what the form accepts.
            query_value=self.query[:MAX_QUERY_LENGTH],
            search_problem=self.problem,
            searched=bool(self.terms),
            page_query=urlencode({"q": self.query}) if self.terms else "",
            max_query_length=MAX_QUERY_LENGTH,
            **kwargs,
        )


def can_preview(user) -> bool:
    """Whether `user` may open unpublished articles at all: staff who edit them."""
    return (
        user.is_authenticated
        and user.is_staff
        and user.has_perm("articles.change_article")
    )


def previewable(user, articles):
    """`articles` narrowed to what `user` may open at its address.

    Readers get published articles. Editors also open every draft and
    scheduled piece; a writer without the desk's right only their own.
    """
    if not can_preview(user):
        return articles.published()
    if can_edit_any_article(user):
        return articles
    return articles.published() | articles.filter(contributor__user=user)


# Stands for the view count in the article's kept head: a NUL cannot come
# from anything typed (forms refuse it), so no text on a page can contain it.
VIEWS_HOLE = b"\x00views\x00"


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        articles = Article.objects.select_related("contributor").prefetch_related(
            "categories", "tags"
        )
        return previewable(self.request.user, articles)

    def get_object(self, queryset=None):
        if queryset is not None or can_preview(self.request.user):
            return super().get_object(queryset)
        # A reader's article, with its byline's categories and tags, is kept
        # until the next change: three queries fewer on every view.
        slug = self.kwargs["slug"]
        article = pagecache.memo(
            self.request,
            f"article:{slug}",
            lambda: self.get_queryset().filter(slug=slug).first(),
        )
        if article is None:
            raise Http404("No published article is found at this address.")
        return article

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        counted = article_record_view(article=self.object, request=request)
        # The byline shows the count including this view, without reading it
        # back (from a kept article, the count may lag as a cached page's).
        self.view_count = self.object.view_count + (1 if counted else 0)
        if self.object.is_visible:
            # The page cache counts the views of the page it serves.
            request.page_cache_article_id = self.object.pk
        response = self.render_to_response(self.get_context_data(object=self.object))
        # The article's head is a fragment with a hole for the live count.
        count = intcomma(self.view_count).encode()
        response.add_post_render_callback(
            lambda rendered: setattr(
                rendered, "content", rendered.content.replace(VIEWS_HOLE, count)
            )
        )
        if not self.object.is_visible:
            # A preview is personal: never cache it anywhere on the way.
            response["Cache-Control"] = "private, no-store"
            response["X-Robots-Tag"] = "noindex"
        return response

    def get_context_data(self, **kwargs):
        article = self.object
        context = super().get_context_data(**kwargs)
        context["view_count"] = self.view_count
        context["views_hole"] = VIEWS_HOLE.decode()
        context["is_preview"] = not article.is_visible
        if article.is_visible:
            # Functions, called by the template only when the links under the
            # article are not in the fragment cache.
            context["previous_article"] = partial(previous_article, article)
            context["next_article"] = partial(next_article, article)
            context["most_read"] = partial(most_read, article)
            context["related_articles"] = partial(related_articles, article)
        return context


def previous_article(article: Article) -> Article | None:
    """The published article just before `article`, by publication time."""
    return (
        Article.objects.published()
        .select_related("contributor")
        .filter(
            Q(published_at__lt=article.published_at)
            | Q(published_at=article.published_at, pk__lt=article.pk)
        )
        .order_by("-published_at", "-pk")
        .first()
    )


def next_article(article: Article) -> Article | None:
    """The published article just after `article`, by publication time."""
    return (
        Article.objects.published()
        .select_related("contributor")
        .filter(
            Q(published_at__gt=article.published_at)
            | Q(published_at=article.published_at, pk__gt=article.pk)
        )
        .order_by("published_at", "pk")
        .first()
    )


def most_read(article: Article, *, limit: int = 5) -> list[Article]:
    """The published articles with the most views, other than `article`.

    One list for the whole site, kept until the next change (view counts
    shown may lag as much): SQLite sorts every published article for it.
    """
    top = pagecache.memo_current(
        f"most-read:{limit + 1}",
        lambda: list(
            Article.objects.published()
            .select_related("contributor")
            .order_by("-view_count", "-published_at", "-pk")[: limit + 1]
        ),
    )
    return [other for other in top if other.pk != article.pk][:limit]


def _shared_count(through, field: str, ids: list[int]):
    """How many of `ids` an article is filed under, read from the join table."""
    rows = (
        through.objects.filter(article_id=OuterRef("pk"), **{f"{field}__in": ids})
        .order_by()
        .values("article_id")
        .annotate(shared=Count("pk"))
        .values("shared")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def related_articles(article: Article, *, limit: int = 4) -> list[Article]:
    """Published articles sharing the most tags and categories with `article`.

    Score = shared tags + shared categories; ties go to the newest. One query
    however many tags and categories: their ids come from the prefetched
    relations. Candidates come from the join tables' indexes, and each is
    scored by two lookups in those indexes, not by joining and grouping
    every candidate's tags and categories (three times faster at 10,000
    articles).
    """
    tag_ids = [tag.pk for tag in article.tags.all()]
    category_ids = [category.pk for category in article.categories.all()]
    if not tag_ids and not category_ids:
        return []
    tags, categories = Article.tags.through, Article.categories.through
    candidates = Q(
        pk__in=tags.objects.filter(tag_id__in=tag_ids).values("article_id")
    ) | Q(
        pk__in=categories.objects.filter(category_id__in=category_ids).values(
            "article_id"
        )
    )
    return list(
        Article.objects.published()
        .filter(candidates)
        .exclude(pk=article.pk)
        .annotate(
            shared_tags=_shared_count(tags, "tag_id", tag_ids),
            shared_categories=_shared_count(categories, "category_id", category_ids),
        )
        .annotate(score=F("shared_tags") + F("shared_categories"))
        .select_related("contributor")
        .order_by("-score", "-published_at", "-pk")[:limit]
    )
