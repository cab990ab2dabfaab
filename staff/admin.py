"""The admin page "Add a contributor with a login", on the contributors' admin.

The articles app's ContributorAdmin, registered again here with
OnboardingAdminMixin, which adds `add-with-login/` under the contributor
list and a button to it (templates/admin/articles/contributor/). The
one-time password is shown in the response to the POST and nowhere else:
not in a URL, a message or the session.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path

from articles.admin import ContributorAdmin
from articles.models import Contributor

from .onboarding import ContributorOnboardingForm

ONBOARDING_PERMISSIONS = ("articles.add_contributor", "auth.add_user")


class OnboardingAdminMixin:
    onboarding_template = "admin/articles/contributor/onboard.html"

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_onboard"
        urls = [
            path(
                "add-with-login/",
                self.admin_site.admin_view(self.onboarding_view),
                name=name,
            ),
        ]
        return urls + super().get_urls()

    def has_onboarding_permission(self, request) -> bool:
        return request.user.has_perms(ONBOARDING_PERMISSIONS)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            "can_onboard": self.has_onboarding_permission(request),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    def onboarding_view(self, request):
        if not self.has_onboarding_permission(request):
            raise PermissionDenied
        result = None
        if request.method == "POST":
            form = ContributorOnboardingForm(request.POST)
            if form.is_valid():
                user, profile, password = form.save(request=request)
                result = {"user": user, "profile": profile, "password": password}
                form = None
        else:
            form = ContributorOnboardingForm()
        context = {
            **self.admin_site.each_context(request),
            "title": "Add a contributor with a login",
            "opts": self.opts,
            "form": form,
            "result": result,
        }
        return TemplateResponse(request, self.onboarding_template, context)


admin.site.unregister(Contributor)


@admin.register(Contributor)
class ContributorOnboardingAdmin(OnboardingAdminMixin, ContributorAdmin):
    pass
