"""The personal-data actions: export, or erase, what the selected authors wrote.

Both act on every comment written with the selected comments' email addresses
(in any case), not only on the selected ones, as the `comments_export` and
`comments_erase` commands do. The erasure and its record in each comment's
history happen in `services.comment_erase`, whoever asks for it.
"""

import json

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Count
from django.db.models.functions import Lower
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import ngettext

from comments.models import Comment
from comments.services import comment_erase, comment_export


class PersonalDataActions:
    """Admin actions for a commenter's requests about their personal data."""

    @staticmethod
    def _emails(queryset) -> list[str]:
        addresses = queryset.exclude(email="").values_list("email", flat=True)
        return sorted({address.strip().lower() for address in addresses})

    @admin.action(
        description="Export comments by these authors' emails (JSON)",
        permissions=["moderate"],
    )
    def export_personal_data(self, request, queryset):
        emails = self._emails(queryset)
        if not emails:
            self.message_user(
                request,
                "Nothing to export: the selected comments have no email address.",
                messages.WARNING,
            )
            return None
        export = [
            {"email": email, "comments": comment_export(email=email)}
            for email in emails
        ]
        response = HttpResponse(
            json.dumps(export, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        response["Content-Disposition"] = (
            f'attachment; filename="comments-export-{stamp}.json"'
        )
        return response

    @admin.action(
        description="Erase personal data of these authors", permissions=["moderate"]
    )
    def erase_personal_data(self, request, queryset):
        """Anonymise every comment written with the selected comments' emails.

        Like Django's delete action: a confirmation page first, then the erasure.
        """
        emails = self._emails(queryset)
        if not emails:
            self.message_user(
                request,
                "Nothing to erase: the selected comments have no email address.",
                messages.WARNING,
            )
            return None
        if request.POST.get("post") == "yes":
            self._erase(request, emails)
            return None
        return self._erase_confirmation(request, queryset, emails)

    def _erase(self, request, emails: list[str]) -> None:
        delete_text = request.POST.get("delete_text") == "on"
        # All the authors, or none of them.
        with transaction.atomic():
            erased = sum(
                comment_erase(email=email, actor=request.user, delete_text=delete_text)
                for email in emails
            )
        authors = ngettext("%d author", "%d authors", len(emails)) % len(emails)
        comments = ngettext("%d comment", "%d comments", erased) % erased
        self.message_user(
            request,
            f"Erased the personal data of {authors} ({comments}).",
            messages.SUCCESS,
        )

    def _erase_confirmation(self, request, queryset, emails: list[str]):
        """The page that lists what will be erased, and asks."""
        counts = dict(
            Comment.objects.annotate(address=Lower("email"))
            .filter(address__in=emails)
            .values("address")
            .annotate(total=Count("pk"))
            .values_list("address", "total")
        )
        context = {
            **self.admin_site.each_context(request),
            "title": "Erase personal data",
            "subtitle": None,
            "opts": self.opts,
            "authors": [(email, counts.get(email, 0)) for email in emails],
            "total": sum(counts.values()),
            "selected": queryset.values_list("pk", flat=True),
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "media": self.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request, "admin/comments/comment/erase_confirmation.html", context
        )
