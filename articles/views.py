"""Reader pages: home, article, category, tag, contributor, monthly archive, search."""

import datetime
from functools import partial

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.views.generic import DetailView, ListView

from newsroom.pagecache import carries_identity

from .labels import attach_labels
from .links import most_read, next_article, previous_article, related_articles
from .models import ArchiveMonth, Article, Category, Contributor, Tag
from .permissions import can_edit_any_article
from .search import MAX_QUERY_LENGTH, SearchResults, query_words, search_terms

# What other apps add to every list's articles, each a function taking and
# returning the queryset (the comments app: each card's comment count). They
# register in their AppConfig.ready(), so that this app never imports them.
listing_extensions = []


def register_listing_extension(extend) -> None:
    if extend not in listing_extensions:
        listing_extensions.append(extend)


# Columns of an article that no reader page prints: never loaded for one.
UNSHOWN_TEXT = ("body", "search_body", "search_keywords")


class PublishedArticlesMixin:
    """The reader queryset and pagination shared by every article list."""

    paginate_by = settings.NEWSROOM_ARTICLES_PER_PAGE
    context_object_name = "articles"

    def get_queryset(self):
        # The texts behind the card (body, search text) are never read.
        articles = (
            Article.objects.published()
            .select_related("contributor")
            .defer(*UNSHOWN_TEXT)
        )
        for extend in listing_extensions:
            articles = extend(articles)
        return articles

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        # The page's articles with their bylines' sections and tags.
        page.object_list = attach_labels(page.object_list)
        context["articles"] = context["object_list"] = page.object_list
        # Page links around the current page: 1 2 … 11 12 [13] 14 15 … 42 43.
        context["page_range"] = page.paginator.get_elided_page_range(page.number)
        return context


def archive_months() -> list[dict]:
    """Months that have published articles, newest first: `month` (a date) and `count`.

    Past months come from the archive's index (ArchiveMonth, kept on every
    change); the current month is counted live, over its own articles only,
    as it may hold pieces scheduled for later. Months are in the site's time
    zone: a piece published at 23:30 UTC on 31 October is November's in Paris.
    """
    zone = timezone.get_current_timezone()
    now = timezone.localtime(timezone=zone)
    this_month = now.date().replace(day=1)
    start = datetime.datetime(this_month.year, this_month.month, 1, tzinfo=zone)
    current = Article.objects.published().filter(published_at__gte=start).count()
    months = [{"month": this_month, "count": current}] if current else []
    months += [
        {"month": month, "count": count}
        for month, count in ArchiveMonth.objects.filter(
            month__lt=this_month
        ).values_list("month", "count")
    ]
    return months


class KnownCountPaginator(Paginator):
    """A paginator told its count: the home page's is the archive's total."""

    def __init__(self, *args, known_count: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.known_count = known_count

    @cached_property
    def count(self) -> int:
        return self.known_count


class HomeView(PublishedArticlesMixin, ListView):
    template_name = "articles/article_list.html"

    def get(self, request, *args, **kwargs):
        self.months = archive_months()
        return super().get(request, *args, **kwargs)

    def get_paginator(self, queryset, per_page, **kwargs):
        # Every published article is in one month: no count of the archive.
        total = sum(row["count"] for row in self.months)
        return KnownCountPaginator(queryset, per_page, known_count=total, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(archive_months=self.months, **kwargs)


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


def _named(model, slug: str):
    """The `model` row with `slug`; 404 if none."""
    found = model.objects.filter(slug=slug).first()
    if found is None:
        raise Http404(f"No {model._meta.verbose_name} is found at this address.")
    return found


class CategoryView(PublishedArticlesMixin, ListView):
    template_name = "articles/category_detail.html"

    def get_queryset(self):
        slug = self.kwargs["slug"]
        self.category = (
            Category.objects.select_related("parent").filter(slug=slug).first()
        )
        if self.category is None:
            raise Http404("No such section.")
        self.subcategories = list(self.category.children.all())
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
        self.tag = _named(Tag, self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class ContributorView(PublishedArticlesMixin, ListView):
    template_name = "articles/contributor_detail.html"

    def get_queryset(self):
        self.contributor = _named(Contributor, self.kwargs["slug"])
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
        # Search reads the texts the other lists leave out.
        return SearchResults(super().get_queryset().defer(None), self.terms)

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


def previewable(request, articles):
    """`articles` narrowed to what `user` may open at its address.

    Readers get published articles. Editors also open every draft and
    scheduled piece; a writer without the desk's right only their own. The
    user is looked at only for a request with a session: anyone else's page
    must not vary on cookies.
    """
    user = request.user if carries_identity(request) else None
    if user is None or not can_preview(user):
        return articles.published()
    if can_edit_any_article(user):
        return articles
    return articles.published() | articles.filter(contributor__user=user)


class ArticleDetailView(DetailView):
    """An article, its byline and discussion; the same page for every reader.

    The view count printed is the stored one; the page's script shows the
    count of now and counts the view (`/reader/state/`), so that a page
    served by any cache is counted too.
    """

    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        articles = Article.objects.select_related("contributor").defer(*UNSHOWN_TEXT)
        return previewable(self.request, articles)

    def get_object(self, queryset=None):
        return attach_labels([super().get_object(queryset)])[0]

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if not self.object.is_visible:
            # A preview is personal: never cache it anywhere on the way.
            response["Cache-Control"] = "private, no-store"
            response["X-Robots-Tag"] = "noindex"
        return response

    def get_context_data(self, **kwargs):
        article = self.object
        context = super().get_context_data(**kwargs)
        context["is_preview"] = not article.is_visible
        if article.is_visible:
            # Functions: the template calls each once, where it shows it.
            context["previous_article"] = partial(previous_article, article)
            context["next_article"] = partial(next_article, article)
            context["most_read"] = partial(most_read, article)
            context["related_articles"] = partial(related_articles, article)
        return context
