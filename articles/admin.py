"""The admin for articles and the people behind them.

Who sees what follows articles/permissions.py: writers without the desk's permission
get their own articles and profile only; anyone else's answers 404, as if it
did not exist.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.db import models, transaction
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import ngettext

from . import permissions
from .models import Article, Category, Contributor, Tag
from .services import (
    article_publish,
    article_unpublish,
)

# Addresses typed without a scheme get https://, Django 6's default.
URL_FIELDS_ASSUME_HTTPS = {models.URLField: {"assume_scheme": "https"}}


class OwnRowsMixin:
    """Scope the admin to the user's own rows when `owns_only(request)` says so.

    Others' rows are left out of the list, and their pages (change, delete,
    history) answer 404 rather than Django's redirect to the index: for the
    user they do not exist. Users without any permission on the model still
    get Django's 403.
    """

    def owns_only(self, request) -> bool:
        raise NotImplementedError

    def own_rows(self, request, queryset):
        raise NotImplementedError

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self.owns_only(request):
            queryset = self.own_rows(request, queryset)
        return queryset

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if (
            obj is None
            and self.owns_only(request)
            and self.has_view_or_change_permission(request)
        ):
            raise Http404(f"No {self.opts.verbose_name} here.")
        return obj


@admin.register(Contributor)
class ContributorAdmin(OwnRowsMixin, admin.ModelAdmin):
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

    # Who a profile belongs to and how it is addressed is the desk's business.
    OWNER_READONLY_FIELDS = ["name", "slug", "user"]

    def owns_only(self, request):
        return permissions.edits_own_profile_only(request.user)

    def own_rows(self, request, queryset):
        return queryset.filter(user=request.user)

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if self.owns_only(request):
            return [*self.OWNER_READONLY_FIELDS, *readonly]
        return readonly

    def get_prepopulated_fields(self, request, obj=None):
        if self.owns_only(request):
            return {}  # the slug is read-only for them
        return super().get_prepopulated_fields(request, obj)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if allowed and obj is not None and self.owns_only(request):
            return obj.user_id == request.user.pk
        return allowed

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


class ArticleAdminForm(forms.ModelForm):
    # Set per request (see ArticleAdmin.get_form) for writers who may not
    # choose a byline: a new article is theirs from the start, so the
    # read-only byline shows their name and validation sees a contributor.
    own_contributor = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.own_contributor is not None and self.instance.pk is None:
            self.instance.contributor = self.own_contributor


@admin.register(Article)
class ArticleAdmin(OwnRowsMixin, admin.ModelAdmin):
    form = ArticleAdminForm
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

    # Ownership

    def owns_only(self, request):
        return permissions.writes_own_articles_only(request.user)

    def own_rows(self, request, queryset):
        return queryset.filter(contributor__user=request.user)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if allowed and obj is not None:
            return permissions.can_edit_article(request.user, obj)
        return allowed

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if allowed and obj is not None:
            return permissions.can_edit_article(request.user, obj)
        return allowed

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if not permissions.can_edit_any_article(request.user):
            # Who an article is by is the desk's decision.
            return ["contributor", *readonly]
        return readonly

    def get_list_filter(self, request):
        if self.owns_only(request):
            return [f for f in self.list_filter if f != "contributor"]
        return self.list_filter

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None and not permissions.can_edit_any_article(request.user):
            # modelform_factory built a fresh class: setting it is per request.
            form.own_contributor = permissions.own_profile(request.user)
        return form

    def add_view(self, request, form_url="", extra_context=None):
        if (
            self.has_add_permission(request)
            and not permissions.can_edit_any_article(request.user)
            and permissions.own_profile(request.user) is None
        ):
            self.message_user(
                request,
                "Your login has no contributor profile yet, so there is no byline "
                "to write under. Ask an editor to link one to your account.",
                messages.ERROR,
            )
            return redirect(reverse("admin:index", current_app=self.admin_site.name))
        return super().add_view(request, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if not change and not permissions.can_edit_any_article(request.user):
            # Whatever the request said, a new article is the writer's own.
            obj.contributor = permissions.own_profile(request.user)
        super().save_model(request, obj, form, change)

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
        # The queryset is already scoped to what the user may see; the service
        # changes rows in one update, so the history is written here, per
        # article, for the ones the update will change.
        with transaction.atomic():
            due = list(queryset.unpublished().defer("body", "body_html"))
            changed = article_publish(
                articles=queryset.filter(pk__in=[article.pk for article in due])
            )
            for article in due:
                self.log_change(request, article, _publish_message(article))
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
        with transaction.atomic():
            live = list(
                queryset.filter(status=Article.Status.PUBLISHED).defer(
                    "body", "body_html"
                )
            )
            changed = article_unpublish(
                articles=queryset.filter(pk__in=[article.pk for article in live])
            )
            for article in live:
                self.log_change(
                    request, article, "Returned to draft with the Unpublish action."
                )
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


def _publish_message(article: Article) -> str:
    """The history line for the Publish now action, saying what it replaced."""
    if article.status == Article.Status.DRAFT:
        return "Published now with the Publish now action (was a draft)."
    scheduled = date_format(timezone.localtime(article.published_at), "j M Y H:i")
    return f"Published now with the Publish now action (was scheduled for {scheduled})."
