"""`manage.py add_contributor USERNAME EMAIL --name "Display Name"`.

Creates a contributor who can log into the admin, like the admin's "Add
contributor with login" page, and prints their one-time password once, or
emails them a link to set one (`--send-email`), on NEWSROOM_SITE_URL.
"""

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.management.base import BaseCommand, CommandError

from staff.onboarding import contributor_onboard


class Command(BaseCommand):
    help = (
        "Create a staff user in the Contributors group with a contributor "
        "profile; print a one-time password or email a set-password link."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("email")
        parser.add_argument("--name", required=True, help="The byline name.")
        parser.add_argument("--byline-title", default="Contributor")
        parser.add_argument(
            "--send-email",
            action="store_true",
            help="Email a link to set a password instead of printing one.",
        )

    def handle(self, *args, username, email, name, byline_title, send_email, **options):
        try:
            user, profile, password = contributor_onboard(
                username=username,
                email=email,
                name=name,
                byline_title=byline_title,
                send_email=send_email,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Contributor '{profile.name}' created with the login "
                f"'{user.get_username()}'."
            )
        )
        if password is None:
            self.stdout.write(f"A link to set a password was emailed to {user.email}.")
        else:
            self.stdout.write(f"One-time password (shown once): {password}")
