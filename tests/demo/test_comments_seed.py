"""`seed_demo` adds reader comments: every status, threads, fictional people."""

import io
import ipaddress
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article, Contributor
from comments.models import Comment, DiscussionSettings
from demo.loader import STAFF, load_content, load_discussions

EXAMPLE_DOMAINS = {"example.com", "example.net", "example.org"}
DOCUMENTATION_NETWORKS = [
    ipaddress.ip_network(network)
    for network in (
        "192.0.2.0/24",
        "198.51.100.0/24",
        "203.0.113.0/24",
        "2001:db8::/32",
    )
]


def seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def snapshot() -> dict:
    return {
        "comments": list(Comment.objects.order_by("pk").values()),
        "settings": list(DiscussionSettings.objects.values()),
    }


@pytest.mark.django_db
def test_demo_comments_come_in_every_status():
    seed()

    counts = {
        status: Comment.objects.filter(status=status).count()
        for status in Comment.Status.values
    }
    assert counts == {"approved": 39, "pending": 6, "spam": 4, "trash": 3}
    assert Comment.objects.count() == load_discussions().comment_count == 52


@pytest.mark.django_db
def test_demo_comments_spread_over_articles_and_authors():
    seed()

    assert Comment.objects.values("article").distinct().count() == 11
    assert Comment.objects.values("name").distinct().count() >= 15
    assert Comment.objects.exclude(website="").count() >= 8
    # Every article with comments is one readers can see.
    for article in Article.objects.filter(comments__isnull=False).distinct():
        assert article.is_visible, article.slug


@pytest.mark.django_db
def test_demo_threads_reach_three_levels_under_approved_parents():
    seed()

    replies = Comment.objects.filter(parent__isnull=False).select_related("parent")
    assert replies.count() == 22
    assert Comment.objects.filter(depth=3).count() == 7
    assert max(Comment.objects.values_list("depth", flat=True)) == 3
    for reply in replies:
        assert reply.depth == reply.parent.depth + 1
        assert reply.article_id == reply.parent.article_id
        assert reply.parent.status == Comment.Status.APPROVED
        assert reply.created_at > reply.parent.created_at
    assert not Comment.objects.filter(parent__isnull=True).exclude(depth=1).exists()


@pytest.mark.django_db
def test_demo_comments_are_written_after_publication_and_before_now():
    seed()
    now = timezone.now()

    for comment in Comment.objects.select_related("article"):
        assert comment.article.published_at < comment.created_at < now, comment.pk
        if comment.status == Comment.Status.PENDING or comment.ip_address is None:
            assert comment.moderated_at is None, comment.pk
        else:
            assert comment.created_at < comment.moderated_at < now, comment.pk


@pytest.mark.django_db
def test_demo_personal_data_is_reserved_for_examples():
    seed()

    emails = Comment.objects.exclude(email="").values_list("email", flat=True)
    assert len(emails) == 48
    for email in emails:
        assert email.rpartition("@")[2] in EXAMPLE_DOMAINS, email
    for website in Comment.objects.exclude(website="").values_list(
        "website", flat=True
    ):
        host = urlsplit(website).hostname
        assert host in EXAMPLE_DOMAINS or host.endswith(
            tuple(f".{domain}" for domain in EXAMPLE_DOMAINS)
        ), website
    addresses = Comment.objects.exclude(ip_address=None).values_list(
        "ip_address", flat=True
    )
    assert len(addresses) == 48
    for address in addresses:
        ip = ipaddress.ip_address(address)
        assert any(ip in network for network in DOCUMENTATION_NETWORKS), address


@pytest.mark.django_db
def test_contributors_reply_under_their_own_name():
    seed()

    staff = Comment.objects.filter(ip_address=None).select_related("article")
    assert staff.count() == 4
    for reply in staff:
        assert reply.name == reply.article.contributor.name
        assert (reply.email, reply.user_agent, reply.user) == ("", "", None)
        assert reply.status == Comment.Status.APPROVED
        assert reply.parent_id is not None


@pytest.mark.django_db
def test_a_contributor_with_a_login_replies_as_that_user(django_user_model):
    user = django_user_model.objects.create_user(
        "dev", email="dev@example.com", first_name="Dev", last_name="Marlowe"
    )
    seed()
    Comment.objects.all().delete()
    Contributor.objects.filter(slug="dev-marlowe").update(user=user)

    seed()

    reply = Comment.objects.get(user=user)
    assert reply.article.slug == "in-praise-of-slow-software"
    assert (reply.name, reply.email) == ("Dev Marlowe", "dev@example.com")


@pytest.mark.django_db
def test_seeding_makes_sure_the_discussion_settings_exist():
    seed()

    assert DiscussionSettings.objects.filter(pk=1).count() == 1


@pytest.mark.django_db
def test_second_run_changes_no_comment():
    seed()
    before = snapshot()

    output = seed()

    assert snapshot() == before
    assert "52 comments (0 created this run)." in output


@pytest.mark.django_db
def test_a_deleted_thread_is_restored_and_the_rest_left_alone():
    seed()
    top = Comment.objects.get(body__startswith="“Nobody comes here on a good day”")
    gone = {top.pk, *top.replies.values_list("pk", flat=True)}
    assert len(gone) == 3
    top.delete()  # its replies go with it
    kept = list(Comment.objects.order_by("pk").values())

    output = seed()

    assert "(4 created this run)" in output
    still = Comment.objects.filter(pk__in=[row["id"] for row in kept])
    assert list(still.order_by("pk").values()) == kept
    restored = Comment.objects.get(body__startswith="“Nobody comes here on a good day”")
    assert restored.pk not in gone
    assert restored.replies.count() == 2
    assert Comment.objects.filter(parent__parent=restored).count() == 1


@pytest.mark.django_db
def test_an_erased_demo_commenter_is_not_brought_back():
    seed()
    call_command(
        "comments_erase", "maren.holt@example.com", "--yes", stdout=io.StringIO()
    )
    before = snapshot()

    output = seed()

    assert snapshot() == before
    assert "(0 created this run)" in output
    assert not Comment.objects.filter(email="maren.holt@example.com").exists()


@pytest.mark.django_db
def test_only_approved_demo_comments_show_on_the_article_page(client):
    seed()
    article = Article.objects.get(slug="the-quiet-economics-of-fixing-things")

    page = client.get(article.get_absolute_url()).content.decode()

    for comment in article.comments.all():
        shown = f'id="comment-{comment.pk}"' in page
        assert shown == (comment.status == Comment.Status.APPROVED), comment.body


def test_demo_comments_are_consistent():
    """Replies sit under approved comments, later, at most three levels down."""
    ages = {piece.slug: piece.age for piece in load_content().articles}
    discussions = load_discussions()

    def check(remarks, *, slug, parent=None, depth=1):
        bodies = [item.body for item in remarks]
        assert len(bodies) == len(set(bodies)), slug
        for item in remarks:
            assert item.by == STAFF or item.by in discussions.readers, item.by
            assert depth <= 3, item.body
            if parent is not None:
                assert parent.status == Comment.Status.APPROVED, item.body
                assert item.hours > parent.hours, item.body
            # Written well before the first run: never clamped to "now".
            days, hours = ages[slug]
            assert item.hours < days * 24 + hours - 1, item.body
            check(item.replies, slug=slug, parent=item, depth=depth + 1)

    for slug, remarks in discussions.threads.items():
        assert ages.get(slug) is not None, slug
        assert ages[slug] > (0, 0), slug
        check(remarks, slug=slug)
