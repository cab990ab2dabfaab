"""Password reset pages for staff, under the admin's address.

The admin's login page offers "Forgotten your login credentials?" only when a URL named
`admin_password_reset` exists, and the set-password email sent to a new
contributor links to `password_reset_confirm`. Include this module before the
admin's own URLs, without a namespace: Django's views look these names up as
they are. Like every staff page they are `Cache-Control: private`
(newsroom.middleware.StaffPagesPrivateMiddleware).
"""

from urllib.parse import urlsplit

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.urls import path

from newsroom.siteurl import site_url


class SitePasswordResetForm(PasswordResetForm):
    """Django's form, its emailed link on NEWSROOM_SITE_URL.

    Django's view builds the link from the request's Host and scheme, which a
    client chooses: anyone could have a reset email point at their own server.
    """

    def save(self, *, request=None, **kwargs):
        address = urlsplit(site_url(request))
        kwargs["domain_override"] = address.netloc
        kwargs["use_https"] = address.scheme == "https"
        return super().save(request=request, **kwargs)


urlpatterns = [
    path(
        "admin/password_reset/",
        auth_views.PasswordResetView.as_view(form_class=SitePasswordResetForm),
        name="admin_password_reset",
    ),
    path(
        "admin/password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "admin/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "admin/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
