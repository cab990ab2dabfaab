"""`manage.py anonymize_comment_ips --days 30`: forget the host part of old IPs.

Meant for a daily cron job. An address is kept for a while to deal with abuse
(flooding, spam runs), then reduced to its network: IPv4 keeps its first three
bytes (203.0.113.77 becomes 203.0.113.0), IPv6 its first 48 bits
(2001:db8:abcd:12::1 becomes 2001:db8:abcd::). Running it again changes nothing.
"""

from django.core.management.base import BaseCommand, CommandError

from comments.services import comment_anonymize_ips

DEFAULT_DAYS = 30
# A century: further back than any comment, and well short of the dates where
# "now minus N days" overflows.
MAX_DAYS = 36500


def checked_days(value) -> int:
    """The --days value as a whole number in range, or a clear CommandError."""
    # Checked here rather than by argparse: call_command(days=...) skips parsing.
    if isinstance(value, int) and not isinstance(value, bool):
        days = value
    else:
        try:
            days = int(str(value).strip())
        except ValueError:
            days = None
    if days is None or not 1 <= days <= MAX_DAYS:
        raise CommandError(
            f"--days takes a whole number of days from 1 to {MAX_DAYS}, not {value!r}."
        )
    return days


def plural(count: int, singular: str, plural_form: str) -> str:
    return f"{count} {singular if count == 1 else plural_form}"


class Command(BaseCommand):
    help = (
        "Zero the host part of the IP addresses of comments older than --days "
        "(IPv4 /24, IPv6 /48). Safe to run daily from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            default=DEFAULT_DAYS,
            metavar="N",
            help=(
                "Anonymise the addresses of comments written more than N days "
                f"ago (default {DEFAULT_DAYS})."
            ),
        )

    def handle(self, *args, days=DEFAULT_DAYS, **options):
        days = checked_days(days)
        changed = comment_anonymize_ips(older_than_days=days)
        self.stdout.write(
            f"Anonymised {plural(changed, 'IP address', 'IP addresses')} "
            f"older than {plural(days, 'day', 'days')}."
        )
