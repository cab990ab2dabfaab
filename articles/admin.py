from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.db import models
from django.utils.html import format_html
from django.utils.translation import ngettext

from .models import Article, Category, Contributor, Tag
from .services import article_publish, article_unpublish

# Addresses typed without a scheme get https://, Django 6's default.
URL_FIELDS_ASSUME_HTTPS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Contributor)
class ContributorAdmin(admin.ModelAdmin):
    list_display = ["name", "byline_title", "user", "website"]
    list_select_related = ["user"]
    search_fields = ["name", "slug", "user__username"]
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]
    readonly_fields = ["avatar_preview"]
    fields = [
        "name",
        "slug",
        "byline_title",
        "user",
        "bio",
        "avatar",
        "avatar_preview",
        "website",
    ]

    @admin.display(description="Current avatar")
    def avatar_preview(self, obj):
        if not obj.avatar:
            return "No avatar yet."
        return format_html(
            '<img src="{}" alt="" width="160" height="160" style="border-radius:50%">',
            obj.avatar.url,
        )


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "parent"]
    list_select_related = ["parent"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class PublicationStateFilter(admin.SimpleListFilter):
    """Draft, scheduled or live: status alone cannot tell the last two apart."""

    title = "publication state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("draft", "Draft"), ("scheduled", "Scheduled"), ("live", "Live")]

    def queryset(self, request, queryset):
        match self.value():
            case "draft":
                return queryset.drafts()
            case "scheduled":
                return queryset.scheduled()
            case "live":
                return queryset.published()
        return queryset


class ArticleChangeList(ChangeList):
    def get_queryset(self, request, exclude_parameters=None):
        # The list never shows bodies: don't load them for every row.
        return (
            super().get_queryset(request, exclude_parameters).defer("body", "body_html")
        )


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "contributor",
        "status_label",
        "published_at",
        "view_count",
    ]
    list_display_links = ["title"]
    list_filter = [PublicationStateFilter, "categories", "format", "contributor"]
    list_select_related = ["contributor"]
    search_fields = ["title", "dek", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["contributor", "categories", "tags"]
    readonly_fields = ["image_preview", "view_count", "created_at", "updated_at"]
    actions = ["publish_now", "unpublish"]
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["title", "slug", "dek", "body"]}),
        (
            "Featured image",
            {
                "fields": [
                    "featured_image",
                    "image_preview",
                    "featured_image_alt",
                    "featured_image_caption",
                ]
            },
        ),
        (
            "Publishing",
            {
                "fields": [
                    "status",
                    "published_at",
                    "contributor",
                    "format",
                    "allow_comments",
                ]
            },
        ),
        ("Filing", {"fields": ["categories", "tags"]}),
        (
            "Original source",
            {
                "classes": ["collapse"],
                "fields": ["source_name", "source_url"],
                "description": "For a piece that first appeared elsewhere.",
            },
        ),
        ("Statistics", {"fields": ["view_count", "created_at", "updated_at"]}),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in {
            "title",
            "dek",
            "featured_image_alt",
            "featured_image_caption",
        }:
            # Headlines and summaries are long: give them the full width.
            field.widget.attrs["class"] = "vLargeTextField"
            field.widget.attrs["style"] = "width: min(100%, 48rem)"
        return field

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        # Most people write under their own byline.
        profile = Contributor.objects.filter(user=request.user).first()
        if profile is not None:
            initial.setdefault("contributor", profile.pk)
        return initial

    def get_changelist(self, request, **kwargs):
        return ArticleChangeList

    @admin.display(description="status", ordering="status")
    def status_label(self, obj):
        if obj.is_scheduled:
            return "Scheduled"
        return obj.get_status_display()

    @admin.display(description="Preview")
    def image_preview(self, obj):
        if not obj.featured_image:
            return "No image yet."
        return format_html(
            '<img src="{}" alt="{}" style="max-width:320px;height:auto">',
            obj.featured_image.url,
            obj.featured_image_alt,
        )

    @admin.action(description="Publish now", permissions=["change"])
    def publish_now(self, request, queryset):
        changed = article_publish(articles=queryset)
        if not changed:
            self.message_user(
                request,
                "Nothing to publish: the selected articles are already live.",
                messages.WARNING,
            )
            return
        message = ngettext("%d article published.", "%d articles published.", changed)
        self.message_user(request, message % changed, messages.SUCCESS)

    @admin.action(description="Unpublish", permissions=["change"])
    def unpublish(self, request, queryset):
        changed = article_unpublish(articles=queryset)
        if not changed:
            self.message_user(
                request,
                "Nothing to unpublish: the selected articles are drafts already.",
                messages.WARNING,
            )
            return
        message = ngettext(
            "%d article returned to draft.", "%d articles returned to draft.", changed
        )
        self.message_user(request, message % changed, messages.SUCCESS)
