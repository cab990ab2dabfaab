"""`manage.py comments_erase EMAIL`: erase one person's data from their comments.

For an erasure request. Every comment written with that email address (in any
case) keeps its place in the thread, with the name "Anonymous" and no email,
website, IP address or user agent; with --delete-text its text also becomes
"This comment was removed.", and replies to it stay where they are.
"""

import sys

from django.core.management.base import BaseCommand, CommandError

from comments.services import (
    ANONYMOUS_NAME,
    REMOVED_TEXT,
    comment_erase,
    comments_by_email,
)

from .comments_export import comment_count, email_argument


class Command(BaseCommand):
    help = (
        f"Erase the personal data of every comment made with EMAIL: the name "
        f"becomes “{ANONYMOUS_NAME}”, and email, website, IP address and user "
        f"agent are removed. Asks first unless --yes."
    )
    # Tests hand in their own standard input, as createsuperuser's do.
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument("email", metavar="EMAIL", help="The commenter's email.")
        parser.add_argument(
            "--delete-text",
            action="store_true",
            help=(
                f"Also replace the text with “{REMOVED_TEXT}” (replies to these "
                "comments stay in place)."
            ),
        )
        parser.add_argument(
            "--yes", action="store_true", help="Erase without asking for confirmation."
        )

    def handle(self, *args, email, delete_text=False, yes=False, **options):
        email = email_argument(email)
        count = comments_by_email(email).count()
        if not count:
            self.stdout.write(f"No comments were made with {email}: nothing to erase.")
            return
        what = "personal data and text" if delete_text else "personal data"
        if not yes and not self._confirmed(
            f"Erase the {what} of {comment_count(count)} made with {email}? "
            "This cannot be undone.",
            options.get("stdin") or sys.stdin,
        ):
            self.stdout.write("Cancelled: nothing was erased.")
            return
        erased = comment_erase(
            comments=comments_by_email(email), delete_text=delete_text
        )
        self.stdout.write(
            self.style.SUCCESS(f"Erased the {what} of {comment_count(erased)}.")
        )

    def _confirmed(self, question: str, stdin) -> bool:
        if not stdin.isatty():
            raise CommandError(
                "Not erasing without confirmation, and there is no terminal to ask "
                "on: pass --yes to erase."
            )
        self.stdout.write(f"{question}\nType 'yes' to continue: ", ending="")
        self.stdout.flush()
        return stdin.readline().strip().lower() in {"yes", "y"}
