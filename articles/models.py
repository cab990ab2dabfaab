"""Contributors, categories, tags and the articles they write."""

import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import slugify

from newsroom.routes import slug_url
from pictures.fields import UploadedImageField

from .markdown import render_markdown
from .slugs import SlugFromName, unique_slug

# Publication times outside this range are typing mistakes, and near the
# ends of the calendar converting them to local time overflows.
EARLIEST_YEAR = 1900
LATEST_YEAR = 2199


def _unguessable_path(folder: str, filename: str) -> str:
    # A random part keeps a draft's picture from being found by guessing its
    # address before the article is published.
    stem, dot, extension = filename.rpartition(".")
    stem = slugify(stem if dot else filename)[:60] or "image"
    extension = extension.lower() if dot else "bin"
    now = timezone.now()
    return f"{folder}/{now:%Y/%m}/{stem}-{secrets.token_urlsafe(9)}.{extension}"


def avatar_path(instance, filename: str) -> str:
    return _unguessable_path("avatars", filename)


def featured_image_path(instance, filename: str) -> str:
    return _unguessable_path("articles", filename)


def _http_link(url: str) -> str:
    # The admin accepts only http(s) addresses, but an import or the shell
    # writes straight to the database: a link is rendered only when it could
    # not run script.
    url = url.strip()
    return url if urlsplit(url).scheme.lower() in ("http", "https") else ""


class Contributor(SlugFromName, models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributor",
        help_text="Leave empty for a syndicated writer who never logs in.",
    )
    name = models.CharField("display name", max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    byline_title = models.CharField(max_length=60, default="Contributor")
    bio = models.TextField(blank=True)
    avatar = UploadedImageField(
        upload_to=avatar_path,
        blank=True,
        width_field="avatar_width",
        height_field="avatar_height",
        renditions_field="avatar_renditions",
    )
    avatar_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    avatar_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # Resized copies of the avatar: [{"width", "height", "format", "name"}].
    avatar_renditions = models.JSONField(default=list, blank=True, editable=False)
    website = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("articles:contributor", self.slug)

    @property
    def website_link(self):
        """The website, when a link may point to it (http or https only)."""
        return _http_link(self.website)


class Category(SlugFromName, models.Model):
    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=80, unique=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text="Optional: file this category under a top-level one.",
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "categories"
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="category_name_unique_any_case",
                violation_error_message="A category with this name already exists.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("articles:category", self.slug)

    def clean(self):
        # One level of nesting keeps menus and category pages simple.
        if self.parent_id is None:
            return
        if self.pk is not None and self.parent_id == self.pk:
            raise ValidationError({"parent": "A category cannot be its own parent."})
        if self.parent.parent_id is not None:
            raise ValidationError(
                {"parent": "Pick a top-level category: subcategories cannot nest."}
            )
        if self.pk is not None and self.children.exists():
            raise ValidationError(
                {"parent": "This category has subcategories: it must stay top-level."}
            )


class Tag(SlugFromName, models.Model):
    name = models.CharField(max_length=60)
    slug = models.SlugField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="tag_name_unique_any_case",
                violation_error_message="A tag with this name already exists.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("articles:tag", self.slug)


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """What readers may see: published, and due (a future time is scheduled)."""
        return self.filter(
            status=Article.Status.PUBLISHED, published_at__lte=timezone.now()
        )

    def unpublished(self):
        """What readers may not see yet: drafts and pieces scheduled for later."""
        return self.exclude(
            status=Article.Status.PUBLISHED, published_at__lte=timezone.now()
        )

    def scheduled(self):
        return self.filter(
            status=Article.Status.PUBLISHED, published_at__gt=timezone.now()
        )

    def drafts(self):
        return self.filter(status=Article.Status.DRAFT)

    def in_categories(self, category_ids):
        """Articles filed under any of `category_ids`, each once.

        A subquery on the join table's category index rather than a join and
        DISTINCT: the database reads that category's rows, not every article
        (at 10,000 articles, 4 ms instead of 200 ms to count a section).
        """
        filed = Article.categories.through.objects.filter(category_id__in=category_ids)
        return self.filter(pk__in=filed.values("article_id"))

    def for_listing(self):
        """Everything a list of articles shows, in a fixed number of queries."""
        return self.select_related("contributor").prefetch_related("categories", "tags")


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    class Format(models.TextChoices):
        STANDARD = "standard", "Standard"
        ASIDE = "aside", "Aside"
        GALLERY = "gallery", "Gallery"
        LINK = "link", "Link"
        IMAGE = "image", "Image"
        QUOTE = "quote", "Quote"
        STATUS = "status", "Status"
        VIDEO = "video", "Video"
        AUDIO = "audio", "Audio"
        CHAT = "chat", "Chat"

    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200,
        unique=True,
        help_text="The last part of the article's address. Filled from the title.",
    )
    dek = models.CharField(
        max_length=300,
        blank=True,
        help_text="One or two sentences under the headline, also used as the summary.",
    )
    body = models.TextField(help_text="Markdown. Raw HTML is sanitised on save.")
    body_html = models.TextField(editable=False, default="")
    featured_image = UploadedImageField(
        upload_to=featured_image_path,
        blank=True,
        width_field="featured_image_width",
        height_field="featured_image_height",
        renditions_field="featured_image_renditions",
    )
    featured_image_width = models.PositiveIntegerField(
        null=True, blank=True, editable=False
    )
    featured_image_height = models.PositiveIntegerField(
        null=True, blank=True, editable=False
    )
    # Resized copies of the picture: [{"width", "height", "format", "name"}],
    # made once when the picture is saved so no reader request resizes it.
    featured_image_renditions = models.JSONField(
        default=list, blank=True, editable=False
    )
    featured_image_alt = models.CharField(
        "alt text",
        max_length=250,
        blank=True,
        help_text="Required with an image: describe it for readers who cannot see it.",
    )
    featured_image_caption = models.CharField("caption", max_length=300, blank=True)
    format = models.CharField(max_length=10, choices=Format, default=Format.STANDARD)
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(
        "publication time",
        null=True,
        blank=True,
        help_text="Empty means now. A future time schedules the article.",
    )
    contributor = models.ForeignKey(
        Contributor,
        on_delete=models.PROTECT,
        related_name="articles",
        # Covered by article_contributor_idx, which leads with this column.
        db_index=False,
    )
    categories = models.ManyToManyField(Category, blank=True, related_name="articles")
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles")
    source_name = models.CharField(
        "original source",
        max_length=120,
        blank=True,
        help_text="Where this piece first appeared, if elsewhere.",
    )
    source_url = models.URLField("original source URL", max_length=500, blank=True)
    allow_comments = models.BooleanField(default=True)
    # What reader search reads besides title and dek (see articles/search.py),
    # written by articles.services.article_refresh_search_text: the body as
    # plain text, and the tag names and contributor's name.
    search_body = models.TextField(editable=False, default="")
    search_keywords = models.TextField(editable=False, default="")
    view_count = models.PositiveIntegerField(default=0, db_default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        # Undated drafts first on every database (PostgreSQL's own default
        # for a descending order; SQLite would put them last).
        ordering = [F("published_at").desc(nulls_first=True), "-id"]
        permissions = [
            # The desk's right: without it, a writer works on their own
            # articles and profile only (see articles/permissions.py).
            ("edit_any_article", "Can edit anyone's articles and bylines"),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_reader_idx"),
            # A contributor's page: their published articles, newest first.
            models.Index(
                fields=["contributor", "status", "-published_at"],
                name="article_contributor_idx",
            ),
            # "Most read": published articles by view count. The whole order
            # is in the index, so the 5 first rows end the read; without the
            # tie-breakers PostgreSQL sorted every published article instead.
            models.Index(
                fields=["status", "-view_count", "-published_at", "-id"],
                name="article_most_read_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="article_published_has_time",
            ),
            models.CheckConstraint(
                condition=Q(view_count__gte=0), name="article_view_count_not_negative"
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Slug and rendered body are derived columns: filling them here keeps
        # every write path (admin, demo data, shell) consistent, and readers
        # never pay for a Markdown rendering.
        if not self.slug:
            self.slug = unique_slug(self, self.title)
        self.body_html = render_markdown(self.body)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "body_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("articles:article", self.slug)

    def clean(self):
        errors = {}
        if self.featured_image and not self.featured_image_alt.strip():
            errors["featured_image_alt"] = (
                "Describe the featured image: alt text is required with an image."
            )
        if self.source_name and not self.source_url:
            errors["source_url"] = "Give the address of the original source."
        if self.published_at is not None and not (
            EARLIEST_YEAR <= self.published_at.year <= LATEST_YEAR
        ):
            errors["published_at"] = (
                f"Pick a publication time between {EARLIEST_YEAR} and {LATEST_YEAR}."
            )
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        if errors:
            raise ValidationError(errors)

    @property
    def is_visible(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @property
    def source_link(self):
        """The original source URL, when a link may point to it."""
        return _http_link(self.source_url)

    @property
    def source_label(self):
        """The source's name, or the host of its URL when no name was given."""
        if self.source_name:
            return self.source_name
        return urlsplit(self.source_url).hostname or self.source_url


class ArchiveMonth(models.Model):
    """How many published articles a calendar month has: the archive's index.

    Kept on every change of articles (articles.services.archive_refresh), so
    that the archive list costs one small read, not a count of the whole
    archive on every page. Months are in the site's time zone. Articles
    scheduled for later count in their month already; readers are shown
    only months that have begun, and the current month is counted live
    (articles.views.archive_months).
    """

    month = models.DateField(primary_key=True, help_text="The month's first day.")
    count = models.PositiveIntegerField()

    class Meta:
        ordering = ["-month"]

    def __str__(self):
        return f"{self.month:%B %Y}: {self.count}"
