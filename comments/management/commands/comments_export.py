"""`manage.py comments_export EMAIL`: one person's comments, as JSON.

For a personal-data request: everything stored about the comments written with
that email address (in any case), oldest first, including the IP address and
user agent. The JSON goes to standard output, or to a file readable by its owner
only; notes go to standard error, so the output can be piped as it is.
"""

import json
import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from comments.services import comment_export


def email_argument(value: str) -> str:
    """The email address given on the command line, checked."""
    email = value.strip()
    try:
        validate_email(email)
    except ValidationError:
        raise CommandError(
            f"{value!r} is not a valid email address, like name@example.com."
        ) from None
    return email


def comment_count(count: int) -> str:
    return f"{count} comment" if count == 1 else f"{count} comments"


class Command(BaseCommand):
    help = (
        "Write every comment made with EMAIL (matched in any case) as JSON, for a "
        "personal-data request."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", metavar="EMAIL", help="The commenter's email.")
        parser.add_argument(
            "--output",
            "-o",
            metavar="FILE",
            help="Write the JSON to FILE (mode 600) instead of standard output.",
        )

    def handle(self, *args, email, output=None, **options):
        email = email_argument(email)
        comments = comment_export(email=email)
        text = json.dumps(comments, indent=2, ensure_ascii=False) + "\n"
        if not comments:
            self.stderr.write(f"No comments were made with {email}.")
        if output is None or output == "-":
            self.stdout.write(text, ending="")
            return
        try:
            # The file holds personal data: readable by its owner only.
            descriptor = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with open(descriptor, "w", encoding="utf-8") as file:
                file.write(text)
        except OSError as error:
            raise CommandError(
                f"Could not write {output}: {error.strerror or error}."
            ) from None
        self.stderr.write(f"Wrote {comment_count(len(comments))} to {output}.")
