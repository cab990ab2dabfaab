"""Password reset pages for staff, under the admin's address.

The admin's login page offers "Forgotten your login credentials?" only when a URL named
`admin_password_reset` exists, and the set-password email sent to a new
contributor links to `password_reset_confirm`. Include this module before the
admin's own URLs, without a namespace: Django's views look these names up as
they are.
"""

from django.contrib.auth import views as auth_views
from django.urls import path

urlpatterns = [
    path(
        "admin/password_reset/",
        auth_views.PasswordResetView.as_view(),
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
