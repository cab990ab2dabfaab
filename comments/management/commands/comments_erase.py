"""`manage.py comments_erase EMAIL`: erase one person's data from their comments.

For an erasure request. Every comment written with that email address (in any
case) keeps its place in the thread, with the name "Anonymous" and no email,
website, IP address or user agent; with --delete-text its text also becomes
"This comment was removed.", and replies to it stay where they are.

Each erased comment's history records the erasure, as the admin action's does:
under the moderator named by --actor, or else under the inactive "system"
account, created on first use.
"""

import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError

from comments.services import (
    ANONYMOUS_NAME,
    REMOVED_TEXT,
    comment_erase,
    comments_by_email,
)

from .comments_export import comment_count, email_argument

SYSTEM_ACTOR = "system"


def actor_argument(username: str):
    """The user named by --actor: an active account allowed to moderate comments."""
    users = get_user_model()._default_manager
    try:
        user = users.get_by_natural_key(username.strip())
    except users.model.DoesNotExist:
        raise CommandError(
            f"--actor: there is no user called {username!r}. Give the username of "
            "the moderator who handles this erasure request."
        ) from None
    if not user.is_active:
        raise CommandError(f"--actor: the account {username!r} is deactivated.")
    if not user.has_perm("comments.moderate_comment"):
        raise CommandError(
            f"--actor: {username!r} may not moderate comments (it needs "
            "comments.moderate_comment), so it cannot erase them."
        )
    return user


def system_actor():
    """The account erasures without --actor are recorded under.

    Inactive and without a usable password, so nobody can log in as it. A real
    account that happens to have its name is not borrowed for the record.
    """
    users = get_user_model()._default_manager
    user, _ = users.get_or_create(
        **{users.model.USERNAME_FIELD: SYSTEM_ACTOR},
        defaults={"is_active": False, "password": make_password(None)},
    )
    if user.is_active or user.has_usable_password():
        raise CommandError(
            f"The account {SYSTEM_ACTOR!r} is a real login, so erasures are not "
            "recorded under it: pass --actor USERNAME."
        )
    return user


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
            "--actor",
            metavar="USERNAME",
            help=(
                "The moderator handling the request, recorded in each erased "
                f"comment's history (default: the inactive “{SYSTEM_ACTOR}” "
                "account, created on first use)."
            ),
        )
        parser.add_argument(
            "--yes", action="store_true", help="Erase without asking for confirmation."
        )

    def handle(self, *args, email, actor=None, delete_text=False, yes=False, **options):
        email = email_argument(email)
        # Checked first: a mistyped name must not cost the operator a confirmation.
        user = actor_argument(actor) if actor is not None else None
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
            email=email, actor=user or system_actor(), delete_text=delete_text
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
