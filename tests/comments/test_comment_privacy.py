"""Commenters' personal data: the three commands, and a crawl for leaked emails.

- `anonymize_comment_ips` zeroes the host part of old addresses;
- `comments_export EMAIL` writes one person's comments as JSON;
- `comments_erase EMAIL` removes their personal data (and with --delete-text,
  their text), keeping the thread in place;
- no public response, anywhere on a seeded site, carries a commenter's email or
  a hash of it (DESIGN.md, invariant 3).
"""

import hashlib
import html
import io
import json
import os
import stat
from datetime import timedelta
from functools import cache
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from comments.models import Comment
from comments.services import comments_by_email
from demo import pictures
from demo.management.commands import seed_demo


def add_comment(article, *, email, age=timedelta(hours=1), parent=None, **fields):
    """A stored comment, written `age` ago, approved unless told otherwise."""
    fields.setdefault("name", "Rita Reader")
    fields.setdefault("body", "A thoughtful comment.")
    fields.setdefault("status", Comment.Status.APPROVED)
    comment = Comment.objects.create(
        article=article,
        parent=parent,
        depth=parent.depth + 1 if parent else 1,
        email=email,
        **fields,
    )
    # created_at is set on insert (auto_now_add): backdate it afterwards.
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - age)
    comment.refresh_from_db()
    return comment


def run(command, *args, **options) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(command, *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def ip_of(comment) -> str | None:
    return Comment.objects.values_list("ip_address", flat=True).get(pk=comment.pk)


# anonymize_comment_ips -----------------------------------------------------


@pytest.mark.django_db
def test_anonymize_zeroes_the_host_part_of_old_ipv4_and_ipv6_addresses(make_article):
    article = make_article(published_at=timezone.now() - timedelta(days=90))
    old = timedelta(days=31)
    ipv4 = add_comment(
        article, email="a@example.org", ip_address="203.0.113.77", age=old
    )
    ipv6 = add_comment(
        article, email="b@example.org", ip_address="2001:db8:abcd:12::1", age=old
    )
    recent = add_comment(
        article,
        email="c@example.org",
        ip_address="198.51.100.9",
        age=timedelta(days=29),
    )
    no_address = add_comment(article, email="d@example.org", age=old)

    out, err = run("anonymize_comment_ips", "--days", "30")

    assert (out, err) == ("Anonymised 2 IP addresses older than 30 days.\n", "")
    assert ip_of(ipv4) == "203.0.113.0"
    assert ip_of(ipv6) == "2001:db8:abcd::"
    assert ip_of(recent) == "198.51.100.9"
    assert ip_of(no_address) is None


@pytest.mark.django_db
def test_anonymize_twice_changes_nothing_the_second_time(make_article):
    article = make_article(published_at=timezone.now() - timedelta(days=90))
    for number, address in enumerate(["192.0.2.55", "192.0.2.55", "2001:db8::7"]):
        add_comment(
            article,
            email=f"reader{number}@example.org",
            ip_address=address,
            age=timedelta(days=40),
        )

    first, _ = run("anonymize_comment_ips", "--days", "30")
    stored = sorted(Comment.objects.values_list("ip_address", flat=True))
    second, _ = run("anonymize_comment_ips", "--days", "30")

    # Two comments shared one address: each comment counts.
    assert first == "Anonymised 3 IP addresses older than 30 days.\n"
    assert second == "Anonymised 0 IP addresses older than 30 days.\n"
    assert stored == ["192.0.2.0", "192.0.2.0", "2001:db8::"]
    assert sorted(Comment.objects.values_list("ip_address", flat=True)) == stored


@pytest.mark.django_db
def test_anonymize_honours_the_number_of_days(make_article):
    article = make_article(published_at=timezone.now() - timedelta(days=30))
    week_old = add_comment(
        article, email="a@example.org", ip_address="198.51.100.200", age=timedelta(8)
    )
    days_old = add_comment(
        article, email="b@example.org", ip_address="198.51.100.201", age=timedelta(6)
    )

    out, _ = run("anonymize_comment_ips", "--days", "7")

    assert out == "Anonymised 1 IP address older than 7 days.\n"
    assert ip_of(week_old) == "198.51.100.0"
    assert ip_of(days_old) == "198.51.100.201"


@pytest.mark.django_db
def test_anonymize_defaults_to_thirty_days_and_speaks_of_one_day(make_article):
    article = make_article(published_at=timezone.now() - timedelta(days=90))
    add_comment(
        article, email="a@example.org", ip_address="203.0.113.5", age=timedelta(31)
    )

    assert run("anonymize_comment_ips") == (
        "Anonymised 1 IP address older than 30 days.\n",
        "",
    )
    assert run("anonymize_comment_ips", "--days", "1") == (
        "Anonymised 0 IP addresses older than 1 day.\n",
        "",
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("0", "'0'"),
        ("-5", "'-5'"),
        ("abc", "'abc'"),
        ("1.5", "'1.5'"),
        ("", "''"),
        ("36501", "'36501'"),
        ("99999999999", "'99999999999'"),
    ],
)
def test_anonymize_refuses_a_bad_number_of_days(make_article, value, shown):
    article = make_article()
    comment = add_comment(
        article, email="a@example.org", ip_address="203.0.113.5", age=timedelta(9)
    )

    with pytest.raises(CommandError) as error:
        run("anonymize_comment_ips", "--days", value)

    assert str(error.value) == (
        f"--days takes a whole number of days from 1 to 36500, not {shown}."
    )
    assert ip_of(comment) == "203.0.113.5"


@pytest.mark.django_db
@pytest.mark.parametrize("value", [0, -1, True, 2.5, None])
def test_anonymize_checks_days_given_by_call_command_too(value):
    # Keyword options to call_command skip argparse: the command checks them.
    with pytest.raises(CommandError, match="^--days takes a whole number"):
        call_command("anonymize_comment_ips", days=value, stdout=io.StringIO())


# comments_export -----------------------------------------------------------


@pytest.mark.django_db
def test_export_writes_that_persons_comments_as_pretty_utf8_json(make_article):
    article = make_article(title="Heat is a design problem", slug="heat")
    other = make_article(title="Soil, «again»", slug="soil")
    someone = add_comment(article, email="sam@example.org", age=timedelta(hours=9))
    first = add_comment(
        article,
        email="Zoe.Nunez@Example.ORG",
        name="Zoë Núñez",
        website="https://zoe.example.net/",
        body="Shade where people wait 🌳\nand <b>water</b> you can touch.",
        ip_address="2001:db8:abcd:12::1",
        user_agent="Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0",
        parent=someone,
        age=timedelta(hours=8),
    )
    second = add_comment(
        other,
        email="zoe.nunez@example.org",
        name="Zoë",
        body="Second thoughts.",
        status=Comment.Status.PENDING,
        ip_address="203.0.113.77",
        age=timedelta(hours=2),
    )
    expected = [
        {
            "id": first.pk,
            "article": "Heat is a design problem",
            "article_url": "/articles/heat/",
            "in_reply_to": someone.pk,
            "name": "Zoë Núñez",
            "email": "Zoe.Nunez@Example.ORG",
            "website": "https://zoe.example.net/",
            "comment": "Shade where people wait 🌳\nand <b>water</b> you can touch.",
            "status": "approved",
            "created_at": first.created_at.isoformat(),
            "ip_address": "2001:db8:abcd:12::1",
            "user_agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0",
        },
        {
            "id": second.pk,
            "article": "Soil, «again»",
            "article_url": "/articles/soil/",
            "in_reply_to": None,
            "name": "Zoë",
            "email": "zoe.nunez@example.org",
            "website": "",
            "comment": "Second thoughts.",
            "status": "pending",
            "created_at": second.created_at.isoformat(),
            "ip_address": "203.0.113.77",
            "user_agent": "",
        },
    ]

    out, err = run("comments_export", " ZOE.nunez@example.org ")

    assert err == ""
    assert json.loads(out) == expected
    assert out == json.dumps(expected, indent=2, ensure_ascii=False) + "\n"
    assert "Zoë Núñez" in out
    assert first.created_at.isoformat().endswith("+00:00")


@pytest.mark.django_db
def test_export_to_a_file_readable_by_its_owner_only(make_article, tmp_path):
    article = make_article(slug="heat", title="Heat")
    comment = add_comment(article, email="zoe@example.org", name="Zoë")
    target = tmp_path / "zoe.json"

    out, err = run("comments_export", "zoe@example.org", "--output", str(target))

    assert out == ""
    assert err == f"Wrote 1 comment to {target}.\n"
    data = json.loads(target.read_text(encoding="utf-8"))
    assert [item["id"] for item in data] == [comment.pk]
    assert "Zoë" in target.read_text(encoding="utf-8")
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600


@pytest.mark.django_db
def test_export_with_output_dash_writes_to_standard_output(make_article):
    article = make_article(slug="heat", title="Heat")
    add_comment(article, email="zoe@example.org")

    out, err = run("comments_export", "zoe@example.org", "-o", "-")

    assert [item["email"] for item in json.loads(out)] == ["zoe@example.org"]
    assert err == ""


@pytest.mark.django_db
def test_export_of_an_unknown_email_is_an_empty_list_and_a_note(make_article):
    add_comment(make_article(), email="someone@example.org")

    out, err = run("comments_export", "nobody@example.com")

    assert out == "[]\n"
    assert err == "No comments were made with nobody@example.com.\n"


@pytest.mark.django_db
def test_export_to_a_folder_that_does_not_exist_is_a_clear_error(tmp_path):
    target = tmp_path / "missing" / "out.json"

    with pytest.raises(CommandError) as error:
        run("comments_export", "zoe@example.org", "--output", str(target))

    assert str(error.value) == (f"Could not write {target}: No such file or directory.")


@pytest.mark.django_db
@pytest.mark.parametrize("command", ["comments_export", "comments_erase"])
@pytest.mark.parametrize(
    "email", ["not-an-email", "", "   ", "a@b@example.org", "zoe@", "@example.org"]
)
def test_a_bad_email_is_refused_with_a_clear_message(make_article, command, email):
    # A blank email must never select every comment that has none.
    add_comment(make_article(), email="", name="Staff reply")

    options = ["--yes"] if command == "comments_erase" else []

    with pytest.raises(CommandError) as error:
        run(command, email, *options)

    assert str(error.value) == (
        f"{email!r} is not a valid email address, like name@example.com."
    )
    assert Comment.objects.get().name == "Staff reply"


@pytest.mark.django_db
def test_commands_without_an_email_are_refused():
    for command in ("comments_export", "comments_erase"):
        with pytest.raises(CommandError, match="the following arguments are required"):
            run(command)


# comments_erase ------------------------------------------------------------


@pytest.fixture
def thread(make_article, django_user_model):
    """Zoë's comment, Sam's reply to it, Zoë's reply to Sam, and a staff reply."""
    article = make_article()
    zoe_first = add_comment(
        article,
        email="Zoe@Example.org",
        name="Zoë",
        website="https://zoe.example.net/",
        body="Shade where people wait.",
        ip_address="203.0.113.77",
        user_agent="Firefox/130.0",
        age=timedelta(hours=5),
    )
    sam = add_comment(
        article,
        email="sam@example.org",
        name="Sam",
        body="Agreed.",
        ip_address="198.51.100.4",
        user_agent="Safari",
        parent=zoe_first,
        age=timedelta(hours=4),
    )
    zoe_reply = add_comment(
        article,
        email="zoe@example.org",
        name="Zoë N.",
        body="Thanks, Sam.",
        status=Comment.Status.PENDING,
        ip_address="2001:db8::1",
        user_agent="Firefox/130.0",
        parent=sam,
        age=timedelta(hours=3),
    )
    editor = django_user_model.objects.create_user(
        "ines", email="ines@example.com", is_staff=True
    )
    staff = add_comment(
        article,
        email="ines@example.com",
        name="Ines Calloway",
        body="Thank you both.",
        user=editor,
        parent=zoe_first,
    )
    return {"zoe": [zoe_first, zoe_reply], "sam": sam, "staff": staff}


def values(comment) -> dict:
    return Comment.objects.values(
        "name",
        "email",
        "website",
        "ip_address",
        "user_agent",
        "body",
        "removed",
        "parent",
        "status",
        "user",
    ).get(pk=comment.pk)


@pytest.mark.django_db
def test_erase_with_yes_anonymises_every_comment_of_that_email(thread):
    sam_before = values(thread["sam"])
    first, reply = thread["zoe"]

    out, err = run("comments_erase", "ZOE@example.ORG", "--yes")

    assert (out, err) == ("Erased the personal data of 2 comments.\n", "")
    assert values(first) == {
        "name": "Anonymous",
        "email": "",
        "website": "",
        "ip_address": None,
        "user_agent": "",
        "body": "Shade where people wait.",
        "removed": False,
        "parent": None,
        "status": "approved",
        "user": None,
    }
    assert values(reply) | {"body": "…"} == {
        "name": "Anonymous",
        "email": "",
        "website": "",
        "ip_address": None,
        "user_agent": "",
        "body": "…",
        "removed": False,
        "parent": thread["sam"].pk,
        "status": "pending",
        "user": None,
    }
    assert values(thread["sam"]) == sam_before
    assert run("comments_export", "zoe@example.org") == (
        "[]\n",
        "No comments were made with zoe@example.org.\n",
    )


@pytest.mark.django_db
def test_erase_with_delete_text_keeps_the_replies_in_place(thread):
    first, reply = thread["zoe"]

    out, _ = run("comments_erase", "zoe@example.org", "--delete-text", "--yes")

    assert out == "Erased the personal data and text of 2 comments.\n"
    for comment in (first, reply):
        assert values(comment)["body"] == "This comment was removed."
        assert values(comment)["removed"] is True
        assert values(comment)["name"] == "Anonymous"
    # The replies to the removed comment are still under it.
    assert values(thread["sam"])["parent"] == first.pk
    assert values(thread["sam"])["body"] == "Agreed."
    assert values(thread["staff"])["parent"] == first.pk
    assert values(reply)["parent"] == thread["sam"].pk
    assert Comment.objects.count() == 4


@pytest.mark.django_db
def test_erasing_a_staff_members_comments_unlinks_their_account(thread):
    out, _ = run("comments_erase", "ines@example.com", "--yes")

    assert out == "Erased the personal data of 1 comment.\n"
    assert values(thread["staff"])["user"] is None
    assert values(thread["staff"])["name"] == "Anonymous"


@pytest.mark.django_db
def test_erase_without_yes_and_without_a_terminal_is_refused(thread):
    before = list(Comment.objects.order_by("pk").values())

    with pytest.raises(CommandError) as error:
        run("comments_erase", "zoe@example.org", stdin=io.StringIO("yes\n"))

    assert str(error.value) == (
        "Not erasing without confirmation, and there is no terminal to ask on: "
        "pass --yes to erase."
    )
    assert list(Comment.objects.order_by("pk").values()) == before


class Terminal(io.StringIO):
    """Standard input that says it is a terminal, with the reader's answer."""

    def isatty(self):
        return True


@pytest.mark.django_db
def test_erase_asks_first_and_erases_on_yes(thread):
    out, _ = run("comments_erase", "zoe@example.org", stdin=Terminal("yes\n"))

    assert out == (
        "Erase the personal data of 2 comments made with zoe@example.org? This "
        "cannot be undone.\n"
        "Type 'yes' to continue: "
        "Erased the personal data of 2 comments.\n"
    )
    assert comments_by_email("zoe@example.org").count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("answer", ["no\n", "\n", "", "yes please\n"])
def test_erase_asks_first_and_anything_but_yes_cancels(thread, answer):
    before = list(Comment.objects.order_by("pk").values())

    out, _ = run(
        "comments_erase", "zoe@example.org", "--delete-text", stdin=Terminal(answer)
    )

    assert out == (
        "Erase the personal data and text of 2 comments made with zoe@example.org? "
        "This cannot be undone.\n"
        "Type 'yes' to continue: "
        "Cancelled: nothing was erased.\n"
    )
    assert list(Comment.objects.order_by("pk").values()) == before


@pytest.mark.django_db
def test_erase_of_an_unknown_email_erases_nothing_and_asks_nothing(thread):
    before = list(Comment.objects.order_by("pk").values())

    out, _ = run("comments_erase", "nobody@example.com", stdin=io.StringIO())

    assert out == "No comments were made with nobody@example.com: nothing to erase.\n"
    assert list(Comment.objects.order_by("pk").values()) == before


@pytest.mark.django_db
def test_a_blank_email_selects_no_comments(make_article):
    add_comment(make_article(), email="", name="Anonymous")

    assert list(comments_by_email("")) == []
    assert list(comments_by_email("   ")) == []


# The crawl -----------------------------------------------------------------

CRAWL_LIMIT = 600

_draw_feature = cache(pictures.draw_feature)
_draw_avatar = cache(pictures.draw_avatar)


@pytest.fixture
def seeded_site(settings, tmp_path, monkeypatch, make_article):
    """The demo site, plus comments from many authors in every status.

    Drawing is deterministic: the pictures are drawn once per test session.
    Returns every commenter email stored, the crawl's own and the demo's.
    """
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(seed_demo, "draw_feature", _draw_feature)
    monkeypatch.setattr(seed_demo, "draw_avatar", _draw_avatar)
    call_command("seed_demo", stdout=io.StringIO(), stderr=io.StringIO())

    statuses = list(Comment.Status.values)
    closed = make_article(title="Closed", slug="closed-for-comments")
    Article.objects.filter(pk=closed.pk).update(allow_comments=False)
    articles = list(Article.objects.published().order_by("-published_at")[:8])
    articles.append(closed)
    hidden = [Article.objects.drafts().first(), Article.objects.scheduled().first()]
    for number in range(40):
        article = articles[number % len(articles)]
        status = statuses[number % len(statuses)]
        parent = (
            Comment.objects.approved().filter(article=article).first()
            if number % 3 == 0
            else None
        )
        add_comment(
            article,
            email=f"Crawl-{number:02}@Example.org",
            name=f"Crawl Reader {number}",
            website=f"https://crawl-{number}.example.net/" if number % 2 else "",
            body=f"Crawl comment number {number}, status {status}.",
            status=status,
            parent=parent,
            ip_address=f"192.0.2.{number + 1}",
            user_agent="Mozilla/5.0 (Crawl)",
        )
    for number, article in enumerate(hidden):
        add_comment(
            article,
            email=f"crawl-hidden-{number}@example.org",
            name=f"Hidden Reader {number}",
            body=f"A comment on an article readers cannot see, {number}.",
        )
    emails = set(Comment.objects.exclude(email="").values_list("email", flat=True))
    assert len(emails) > 50
    return emails


def leak_patterns(email: str) -> set[str]:
    """The email and its MD5, SHA-1 and SHA-256 (Gravatar and friends)."""
    forms = {email.strip(), email.strip().lower()}
    patterns = {email.strip().lower()}
    for form in forms:
        for algorithm in (hashlib.md5, hashlib.sha1, hashlib.sha256):
            patterns.add(algorithm(form.encode()).hexdigest())
    return patterns


def searchable(text: str) -> str:
    """Text with entities, percent-escapes and JSON escapes of "@" undone."""
    text = html.unescape(unquote(text))
    return text.replace("\\u0040", "@").lower()


class LinkParser(HTMLParser):
    # data-reader-state: what an article page's script asks for, the reader's
    # own part of the page (/reader/state/?article=N).
    ATTRIBUTES = {"href", "src", "action", "poster", "data-src", "data-reader-state"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if not value:
                continue
            if name in self.ATTRIBUTES:
                self.links.append(value)
            elif name == "srcset":
                self.links += [part.split()[0] for part in value.split(",") if part]


def same_site(base: str, link: str) -> str | None:
    """The path and query of `link` when it stays on this site, else None."""
    url = urlsplit(urljoin(f"http://testserver{base}", link.strip()))
    if url.scheme not in {"http", "https"} or url.hostname != "testserver":
        return None
    return url.path + (f"?{url.query}" if url.query else "")


def crawl(client, start: list[str]) -> dict[str, tuple[int, str]]:
    """GET every same-site URL reachable from `start`: {url: (status, text)}."""
    seen: dict[str, tuple[int, str]] = {}
    queue = list(dict.fromkeys(start))
    queued = set(queue)
    while queue and len(seen) < CRAWL_LIMIT:
        url = queue.pop(0)
        response = client.get(url)
        body = (
            b"".join(response.streaming_content)
            if response.streaming
            else response.content
        )
        headers = "\n".join(f"{name}: {value}" for name, value in response.items())
        cookies = response.cookies.output()
        text = body.decode("utf-8", errors="replace")
        seen[url] = (response.status_code, "\n".join([headers, cookies, text]))
        links = []
        if "Location" in response:
            links.append(response["Location"])
        if response.get("Content-Type", "").startswith("text/html"):
            parser = LinkParser()
            parser.feed(text)
            links += parser.links
        for link in links:
            target = same_site(url, link)
            if target is not None and target not in queued:
                queued.add(target)
                queue.append(target)
    assert not queue, f"The crawl stopped at {CRAWL_LIMIT} URLs; raise the limit."
    return seen


def extra_urls() -> list[str]:
    """URLs a reader (or a bot) may try that no page necessarily links to."""
    comments = Comment.objects.select_related("article").order_by("pk")
    urls = [
        "/",
        "/sitemap.xml",
        "/robots.txt",
        "/feed/",
        "/search/?q=crawl",
        "/search/?q=example.org",
        "/?page=2",
        "/?page=3",
        "/?page=999",
        "/?page=abc",
        "/no-such-page/",
        "/articles/no-such-article/",
        "/admin/",
        "/admin/comments/comment/",
        "/reader/state/",
        "/reader/state/?article=abc",
    ]
    for status in Comment.Status.values:
        for comment in comments.filter(status=status)[:3]:
            urls.append(f"{comment.article.get_absolute_url()}?replytocom={comment.pk}")
    article = Article.objects.published().order_by("-published_at").first()
    urls += [
        f"{article.get_absolute_url()}?replytocom=999999",
        f"{article.get_absolute_url()}?replytocom=abc",
        # The form's endpoint answers a GET too (405), without data.
        reverse("comments:post", args=[article.pk]),
    ]
    return urls


def assert_no_leaks(pages: dict, emails: set[str]) -> None:
    patterns = {pattern: email for email in emails for pattern in leak_patterns(email)}
    for url, (status, text) in pages.items():
        assert status < 500, url
        found = searchable(text)
        for pattern, email in patterns.items():
            assert pattern not in found, f"{email} (as {pattern}) is in {url}"


@pytest.mark.django_db
def test_no_public_response_carries_a_commenter_email(client, seeded_site):
    pages = crawl(client, extra_urls())

    assert_no_leaks(pages, seeded_site)
    # The crawl saw the whole site: every published article, and the comments
    # readers may see, with their text.
    for article in Article.objects.published():
        assert pages[article.get_absolute_url()][0] == 200, article.slug
    for comment in Comment.objects.visible().filter(name__startswith="Crawl"):
        page = html.unescape(pages[comment.article.get_absolute_url()][1])
        assert f'id="comment-{comment.pk}"' in page
        assert comment.body in page
    for comment in Comment.objects.exclude(status=Comment.Status.APPROVED):
        page = html.unescape(pages.get(comment.article.get_absolute_url(), (0, ""))[1])
        assert comment.body not in page, comment.pk
    assert pages["/articles/closed-for-comments/"][0] == 200
    assert 150 < len(pages) < CRAWL_LIMIT


@pytest.mark.django_db
def test_a_commenter_with_a_pending_comment_sees_no_other_email(
    client, seeded_site, post_comment
):
    article = Article.objects.published().order_by("-published_at")[1]
    email = "Author-Crawl@Example.org"

    response = post_comment(
        article,
        name="Crawl Author",
        email=email,
        body="My own comment, waiting for a moderator.",
        address="198.51.100.77",
    )

    mine = Comment.objects.get(email=email)
    assert mine.status == Comment.Status.PENDING
    assert response.status_code in (302, 303)
    assert response["Location"] == f"{article.get_absolute_url()}#comment-{mine.pk}"
    pages = crawl(client, [response["Location"].split("#")[0], *extra_urls()])
    # Their own comment comes to them alone, in their state, not in the page.
    state_url = f"/reader/state/?article={article.pk}"
    assert pages[state_url][0] == 200
    (pending,) = client.get(state_url).json()["pending"]
    assert pending["id"] == mine.pk
    assert "My own comment, waiting for a moderator." in pending["html"]
    assert "Your comment is awaiting moderation." in pending["html"]
    page = html.unescape(pages[article.get_absolute_url()][1])
    assert "My own comment, waiting for a moderator." not in page
    # Not even their own email: they did not ask to be remembered.
    assert_no_leaks(pages, seeded_site | {email})


def _hex(algorithm, text: str) -> str:
    return algorithm(text.encode()).hexdigest()


@pytest.mark.parametrize(
    "page",
    [
        "Write to ZOE@example.org",
        '<a href="mailto:zoe&#64;example.org">',
        "/share?to=zoe%40example.org",
        '{"email": "zoe\\u0040example.org"}',
        f'<img src="/avatar/{_hex(hashlib.md5, "zoe@example.org")}">',
        f"ETag: {_hex(hashlib.sha1, 'Zoe@Example.org')}",
        f"data-hash={_hex(hashlib.sha256, 'zoe@example.org')}",
    ],
)
def test_the_leak_check_sees_an_email_in_any_disguise(page):
    with pytest.raises(AssertionError, match="^Zoe@Example.org"):
        assert_no_leaks({"/": (200, page)}, {"Zoe@Example.org"})
