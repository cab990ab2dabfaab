"""Each moderator's own choice of moderation email: every comment, or a digest."""

from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse

from comments.models import ModeratorMail


@admin.register(ModeratorMail)
class ModeratorMailAdmin(admin.ModelAdmin):
    """One page per moderator, their own: the list opens it."""

    fields = ["frequency"]
    radio_fields = {"frequency": admin.VERTICAL}

    @staticmethod
    def _moderates(request) -> bool:
        return request.user.has_perm("comments.moderate_comment")

    def has_module_permission(self, request):
        return self._moderates(request)

    def has_view_permission(self, request, obj=None):
        return self._moderates(request) and (obj is None or obj.user == request.user)

    def has_change_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).filter(user=request.user)

    def changelist_view(self, request, extra_context=None):
        if not self._moderates(request):
            return super().changelist_view(request, extra_context)
        mine, _ = ModeratorMail.objects.get_or_create(user=request.user)
        return redirect(reverse("admin:comments_moderatormail_change", args=[mine.pk]))
