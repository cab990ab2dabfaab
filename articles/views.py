"""Reader pages: home, article, category, tag and contributor."""

from django.conf import settings
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from comments.selectors import with_comment_counts

from .models import Article, Category, Contributor, Tag
from .roles import can_edit_any_article
from .services import article_record_view


class PublishedArticlesMixin:
    """The reader queryset and pagination shared by every article list."""

    paginate_by = settings.NEWSROOM_ARTICLES_PER_PAGE
    context_object_name = "articles"

    def get_queryset(self):
        # Each card shows its comment count: a subquery, not a query per card.
        return with_comment_counts(Article.objects.published().for_listing())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        # Page links around the current page: 1 2 … 11 12 [13] 14 15 … 42 43.
        context["page_range"] = page.paginator.get_elided_page_range(page.number)
        return context


class HomeView(PublishedArticlesMixin, ListView):
    template_name = "articles/article_list.html"


class CategoryView(PublishedArticlesMixin, ListView):
    template_name = "articles/category_detail.html"

    def get_queryset(self):
        self.category = get_object_or_404(
            Category.objects.select_related("parent"), slug=self.kwargs["slug"]
        )
        # A top-level category's page also lists its subcategories' articles.
        # Filtering on known ids lets the database start from the join
        # table's category index instead of scanning every published article.
        self.subcategories = list(self.category.children.all())
        ids = [self.category.pk, *(sub.pk for sub in self.subcategories)]
        articles = super().get_queryset().filter(categories__in=ids)
        return articles.distinct() if len(ids) > 1 else articles

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            category=self.category, subcategories=self.subcategories, **kwargs
        )


class TagView(PublishedArticlesMixin, ListView):
    template_name = "articles/tag_detail.html"

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class ContributorView(PublishedArticlesMixin, ListView):
    template_name = "articles/contributor_detail.html"

    def get_queryset(self):
        self.contributor = get_object_or_404(Contributor, slug=self.kwargs["slug"])
        return super().get_queryset().filter(contributor=self.contributor)

    def get_context_data(self, **kwargs):
        return super().get_context_data(contributor=self.contributor, **kwargs)


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


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        articles = Article.objects.select_related("contributor").prefetch_related(
            "categories", "tags"
        )
        return previewable(self.request.user, articles)

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        counted = article_record_view(article=self.object, request=request)
        # The byline shows the count including this view, without reading it back.
        self.view_count = self.object.view_count + (1 if counted else 0)
        response = self.render_to_response(self.get_context_data(object=self.object))
        if not self.object.is_visible:
            # A preview is personal: never cache it anywhere on the way.
            response["Cache-Control"] = "private, no-store"
            response["X-Robots-Tag"] = "noindex"
        return response

    def get_context_data(self, **kwargs):
        article = self.object
        context = super().get_context_data(**kwargs)
        context["view_count"] = self.view_count
        context["is_preview"] = not article.is_visible
        if article.is_visible:
            published = Article.objects.published().select_related("contributor")
            context["previous_article"] = (
                published.filter(
                    Q(published_at__lt=article.published_at)
                    | Q(published_at=article.published_at, pk__lt=article.pk)
                )
                .order_by("-published_at", "-pk")
                .first()
            )
            context["next_article"] = (
                published.filter(
                    Q(published_at__gt=article.published_at)
                    | Q(published_at=article.published_at, pk__gt=article.pk)
                )
                .order_by("published_at", "pk")
                .first()
            )
        return context
