"""Roles through the admin over HTTP: who may do what, and what it leaves behind.

The matrix below is the contract: for each action and role, the answer, and
what the database holds afterwards. Where the answer is no, the whole
database snapshot must be exactly as before.
"""

from dataclasses import dataclass
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import permissions
from articles.models import Article, Category, Contributor
from comments.models import Comment
from staff import roles

ARTICLES = reverse("admin:articles_article_changelist")
ADD_ARTICLE = reverse("admin:articles_article_add")
ADD_CATEGORY = reverse("admin:articles_category_add")
COMMENTS = reverse("admin:comments_comment_changelist")
LOGIN = reverse("admin:login")
COMMENTER_EMAIL = "rita@example.net"

A, B, EDITOR, MODERATOR, ANONYMOUS = (
    "contributor_a",
    "contributor_b",
    "editor",
    "moderator",
    "anonymous",
)
UNCHANGED = object()


def change_url(obj, view="change"):
    return reverse(f"admin:articles_{obj._meta.model_name}_{view}", args=[obj.pk])


@pytest.fixture
def desk(db, django_user_model):
    """Two contributors with a draft each, an editor, a moderator, a comment."""
    groups = {group.name: group for group in Group.objects.all()}

    def staff(username, *group_names):
        user = django_user_model.objects.create_user(
            username, f"{username}@newsroom.example", "pass-123-word", is_staff=True
        )
        user.groups.set([groups[name] for name in group_names])
        return user

    users = {
        A: staff("alice", roles.CONTRIBUTORS),
        B: staff("bob", roles.CONTRIBUTORS),
        EDITOR: staff("edna", roles.EDITORS),
        MODERATOR: staff("mo", roles.MODERATORS),
    }
    profile_a = Contributor.objects.create(
        name="Alice Writer", slug="alice", user=users[A]
    )
    profile_b = Contributor.objects.create(name="Bob Writer", slug="bob", user=users[B])
    article_a = Article.objects.create(
        title="Alice's draft", slug="alice-draft", body="A.", contributor=profile_a
    )
    article_b = Article.objects.create(
        title="Bob's draft", slug="bob-draft", body="B.", contributor=profile_b
    )
    # The comment sits on a wire story: deleting an article deletes its
    # comments, which only site admins may do (see the test further down).
    wire = Article.objects.create(
        title="Wire story",
        slug="wire-story",
        body="W.",
        contributor=Contributor.objects.create(name="Wire Desk", slug="wire"),
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() - timedelta(hours=2),
    )
    comment = Comment.objects.create(
        article=wire,
        name="Rita Reader",
        email=COMMENTER_EMAIL,
        body="A thoughtful comment.",
        ip_address="192.0.2.10",
        user_agent="Mozilla/5.0 Firefox/130.0",
    )
    return SimpleNamespace(
        users=users,
        profiles={A: profile_a, B: profile_b},
        articles={A: article_a, B: article_b},
        category=Category.objects.create(name="Politics", slug="politics"),
        comment=comment,
    )


def log_in(client, desk, role):
    if role != ANONYMOUS:
        client.force_login(desk.users[role])
    return client


def snapshot():
    """Everything the actions could touch, in a comparable form."""
    return {
        "articles": list(
            Article.objects.order_by("pk").values_list(
                "pk", "title", "status", "published_at", "contributor_id"
            )
        ),
        "categories": list(
            Category.objects.order_by("pk").values_list("pk", "name", "slug")
        ),
        "comments": list(Comment.objects.order_by("pk").values_list("pk", "status")),
        "contributors": list(
            Contributor.objects.order_by("pk").values_list(
                "pk", "name", "slug", "bio", "user_id"
            )
        ),
        "history": LogEntry.objects.count(),
    }


def article_form(article_or_none, contributor, **overrides):
    data = {
        "title": "Fresh piece",
        "slug": "fresh-piece",
        "dek": "",
        "body": "Fresh *text*.",
        "featured_image_alt": "",
        "featured_image_caption": "",
        "status": Article.Status.DRAFT,
        "published_at_0": "",
        "published_at_1": "",
        "contributor": contributor.pk,
        "format": Article.Format.STANDARD,
        "allow_comments": "on",
        "source_name": "",
        "source_url": "",
    }
    if article_or_none is not None:
        data["slug"] = article_or_none.slug
    data.update(overrides)
    return data


# Whose article or profile each role acts on as "the other one": another
# contributor's for the contributors, Bob's for everyone else.
def other(role):
    return A if role == B else B


# Actions: each sends one request as `role` and observes what it is about.


@dataclass(frozen=True)
class Action:
    name: str
    send: Any  # (client, desk, role) -> response
    observe: Any  # (desk) -> the value the action is about

    def __str__(self):
        return self.name


def _list(client, desk, role):
    return client.get(ARTICLES)


def _listed(response):
    return sorted(a.title for a in response.context["cl"].result_list)


LIST = Action("list articles", _list, lambda desk: None)
VIEW_A = Action(
    "view Alice's article",
    lambda client, desk, role: client.get(change_url(desk.articles[A])),
    lambda desk: None,
)
VIEW_B = Action(
    "view Bob's article",
    lambda client, desk, role: client.get(change_url(desk.articles[B])),
    lambda desk: None,
)
HISTORY_B = Action(
    "history of Bob's article",
    lambda client, desk, role: client.get(change_url(desk.articles[B], "history")),
    lambda desk: None,
)
ADD = Action(
    "add an article naming another's byline",
    lambda client, desk, role: client.post(
        ADD_ARTICLE, article_form(None, desk.profiles[other(role)])
    ),
    lambda desk: list(
        Article.objects.filter(title="Fresh piece").values_list(
            "title", "contributor__name"
        )
    ),
)


def _change(owner):
    def send(client, desk, role):
        article = desk.articles[owner]
        # Also tries to hand the article to the other contributor.
        byline = desk.profiles[A if owner == B else B]
        return client.post(
            change_url(article), article_form(article, byline, title="Rewritten")
        )

    return send


def _one_article(owner):
    def observe(desk):
        return list(
            Article.objects.filter(pk=desk.articles[owner].pk).values_list(
                "title", "contributor__name"
            )
        )

    return observe


CHANGE_A = Action("change Alice's article", _change(A), _one_article(A))
CHANGE_B = Action("change Bob's article", _change(B), _one_article(B))


def _delete(owner):
    def send(client, desk, role):
        return client.post(change_url(desk.articles[owner], "delete"), {"post": "yes"})

    return send


DELETE_A = Action("delete Alice's article", _delete(A), _one_article(A))
DELETE_B = Action("delete Bob's article", _delete(B), _one_article(B))
PUBLISH_BOTH = Action(
    "publish action on both drafts",
    lambda client, desk, role: client.post(
        ARTICLES,
        {
            "action": "publish_now",
            ACTION_CHECKBOX_NAME: [desk.articles[A].pk, desk.articles[B].pk],
            "index": 0,
        },
    ),
    lambda desk: sorted(
        Article.objects.filter(
            pk__in=[desk.articles[A].pk, desk.articles[B].pk]
        ).values_list("title", "status")
    ),
)
CHANGE_CATEGORY = Action(
    "change a category",
    lambda client, desk, role: client.post(
        change_url(desk.category),
        {"name": "Power", "slug": "power", "parent": "", "description": ""},
    ),
    lambda desk: list(Category.objects.values_list("name", "slug")),
)
ADD_CATEGORY_ACTION = Action(
    "add a category",
    lambda client, desk, role: client.post(
        ADD_CATEGORY,
        {"name": "Science", "slug": "science", "parent": "", "description": ""},
    ),
    lambda desk: sorted(Category.objects.values_list("name", flat=True)),
)
APPROVE = Action(
    "approve a comment",
    lambda client, desk, role: client.post(
        COMMENTS,
        {"action": "approve", ACTION_CHECKBOX_NAME: [desk.comment.pk], "index": 0},
    ),
    lambda desk: list(Comment.objects.values_list("status", flat=True)),
)
SEE_EMAIL = Action(
    "see a commenter's email",
    lambda client, desk, role: client.get(COMMENTS, {"status": "all"}),
    lambda desk: None,
)
EDIT_OTHER_PROFILE = Action(
    "edit another's contributor profile",
    lambda client, desk, role: client.post(
        change_url(desk.profiles[other(role)]),
        {
            "name": "Renamed",
            "slug": desk.profiles[other(role)].slug,
            "byline_title": "Columnist",
            "user": desk.profiles[other(role)].user_id,
            "bio": "Rewritten bio.",
            "website": "",
        },
    ),
    lambda desk: sorted(Contributor.objects.values_list("name", "byline_title", "bio")),
)

BOTH_DRAFTS = [
    ("Alice's draft", Article.Status.DRAFT),
    ("Bob's draft", Article.Status.DRAFT),
]

# (action, role, HTTP status, what `observe` returns afterwards, or UNCHANGED
# when the whole database must be as it was, or for GET pages what the page
# shows). A 302 for ANONYMOUS is the login redirect.
MATRIX = [
    (LIST, A, 200, ["Alice's draft"]),
    (LIST, B, 200, ["Bob's draft"]),
    (LIST, EDITOR, 200, ["Alice's draft", "Bob's draft", "Wire story"]),
    (LIST, MODERATOR, 200, ["Alice's draft", "Bob's draft", "Wire story"]),
    (LIST, ANONYMOUS, 302, UNCHANGED),
    (VIEW_A, A, 200, "editable"),
    (VIEW_A, B, 404, UNCHANGED),
    (VIEW_A, EDITOR, 200, "editable"),
    (VIEW_A, MODERATOR, 200, "read-only"),
    (VIEW_A, ANONYMOUS, 302, UNCHANGED),
    (VIEW_B, A, 404, UNCHANGED),
    (VIEW_B, B, 200, "editable"),
    (VIEW_B, EDITOR, 200, "editable"),
    (VIEW_B, MODERATOR, 200, "read-only"),
    (VIEW_B, ANONYMOUS, 302, UNCHANGED),
    (HISTORY_B, A, 404, UNCHANGED),
    (HISTORY_B, B, 200, UNCHANGED),
    (HISTORY_B, EDITOR, 200, UNCHANGED),
    (HISTORY_B, MODERATOR, 200, UNCHANGED),
    (HISTORY_B, ANONYMOUS, 302, UNCHANGED),
    # The stored byline is the writer's own, whatever the form said.
    (ADD, A, 302, [("Fresh piece", "Alice Writer")]),
    (ADD, B, 302, [("Fresh piece", "Bob Writer")]),
    (ADD, EDITOR, 302, [("Fresh piece", "Bob Writer")]),
    (ADD, MODERATOR, 403, UNCHANGED),
    (ADD, ANONYMOUS, 302, UNCHANGED),
    # Contributors keep their byline; the editor may move it.
    (CHANGE_A, A, 302, [("Rewritten", "Alice Writer")]),
    (CHANGE_A, B, 404, UNCHANGED),
    (CHANGE_A, EDITOR, 302, [("Rewritten", "Bob Writer")]),
    (CHANGE_A, MODERATOR, 403, UNCHANGED),
    (CHANGE_A, ANONYMOUS, 302, UNCHANGED),
    (CHANGE_B, A, 404, UNCHANGED),
    (CHANGE_B, B, 302, [("Rewritten", "Bob Writer")]),
    (CHANGE_B, EDITOR, 302, [("Rewritten", "Alice Writer")]),
    (CHANGE_B, MODERATOR, 403, UNCHANGED),
    (CHANGE_B, ANONYMOUS, 302, UNCHANGED),
    (DELETE_A, A, 302, []),
    (DELETE_A, B, 404, UNCHANGED),
    (DELETE_A, EDITOR, 302, []),
    (DELETE_A, MODERATOR, 403, UNCHANGED),
    (DELETE_A, ANONYMOUS, 302, UNCHANGED),
    (DELETE_B, A, 404, UNCHANGED),
    (DELETE_B, B, 302, []),
    (DELETE_B, EDITOR, 302, []),
    (DELETE_B, MODERATOR, 403, UNCHANGED),
    (DELETE_B, ANONYMOUS, 302, UNCHANGED),
    # The selection names both; the action only sees the rows the list shows.
    (
        PUBLISH_BOTH,
        A,
        302,
        [("Alice's draft", Article.Status.PUBLISHED), BOTH_DRAFTS[1]],
    ),
    (
        PUBLISH_BOTH,
        B,
        302,
        [BOTH_DRAFTS[0], ("Bob's draft", Article.Status.PUBLISHED)],
    ),
    (
        PUBLISH_BOTH,
        EDITOR,
        302,
        [
            ("Alice's draft", Article.Status.PUBLISHED),
            ("Bob's draft", Article.Status.PUBLISHED),
        ],
    ),
    # No actions are offered to a view-only user: the list just shows again.
    (PUBLISH_BOTH, MODERATOR, 200, UNCHANGED),
    (PUBLISH_BOTH, ANONYMOUS, 302, UNCHANGED),
    (CHANGE_CATEGORY, A, 403, UNCHANGED),
    (CHANGE_CATEGORY, B, 403, UNCHANGED),
    (CHANGE_CATEGORY, EDITOR, 302, [("Power", "power")]),
    (CHANGE_CATEGORY, MODERATOR, 403, UNCHANGED),
    (CHANGE_CATEGORY, ANONYMOUS, 302, UNCHANGED),
    (ADD_CATEGORY_ACTION, A, 403, UNCHANGED),
    (ADD_CATEGORY_ACTION, B, 403, UNCHANGED),
    (ADD_CATEGORY_ACTION, EDITOR, 302, ["Politics", "Science"]),
    (ADD_CATEGORY_ACTION, MODERATOR, 403, UNCHANGED),
    (ADD_CATEGORY_ACTION, ANONYMOUS, 302, UNCHANGED),
    (APPROVE, A, 403, UNCHANGED),
    (APPROVE, B, 403, UNCHANGED),
    (APPROVE, EDITOR, 302, [Comment.Status.APPROVED]),
    (APPROVE, MODERATOR, 302, [Comment.Status.APPROVED]),
    (APPROVE, ANONYMOUS, 302, UNCHANGED),
    (SEE_EMAIL, A, 403, UNCHANGED),
    (SEE_EMAIL, B, 403, UNCHANGED),
    (SEE_EMAIL, EDITOR, 200, "email shown"),
    (SEE_EMAIL, MODERATOR, 200, "email shown"),
    (SEE_EMAIL, ANONYMOUS, 302, UNCHANGED),
    (EDIT_OTHER_PROFILE, A, 404, UNCHANGED),
    (EDIT_OTHER_PROFILE, B, 404, UNCHANGED),
    (
        EDIT_OTHER_PROFILE,
        EDITOR,
        302,
        [
            ("Alice Writer", "Contributor", ""),
            ("Renamed", "Columnist", "Rewritten bio."),
            ("Wire Desk", "Contributor", ""),
        ],
    ),
    (EDIT_OTHER_PROFILE, MODERATOR, 403, UNCHANGED),
    (EDIT_OTHER_PROFILE, ANONYMOUS, 302, UNCHANGED),
]


@pytest.mark.parametrize(
    ("action", "role", "status", "expected"),
    MATRIX,
    ids=[f"{action}-{role}" for action, role, *_ in MATRIX],
)
def test_permission_matrix(client, desk, action, role, status, expected):
    before = snapshot()

    response = action.send(log_in(client, desk, role), desk, role)

    assert response.status_code == status
    if role == ANONYMOUS:
        assert response["Location"].startswith(f"{LOGIN}?next=")
    if expected is UNCHANGED:
        assert snapshot() == before
    elif action is LIST:
        assert _listed(response) == expected
        assert snapshot() == before
    elif action in (VIEW_A, VIEW_B):
        shown = "editable" if response.context["has_change_permission"] else "read-only"
        assert shown == expected
        assert snapshot() == before
    elif action is SEE_EMAIL:
        assert COMMENTER_EMAIL in response.content.decode()
        assert snapshot() == before
    else:
        assert action.observe(desk) == expected


def test_matrix_covers_every_action_for_every_role():
    rows = {(action.name, role) for action, role, *_ in MATRIX}
    actions = {action.name for action, *_ in MATRIX}
    assert len(rows) == len(MATRIX)
    assert rows == {
        (action, role)
        for action in actions
        for role in (A, B, EDITOR, MODERATOR, ANONYMOUS)
    }


# Details behind the matrix


def test_contributor_edits_own_profile_but_not_its_name_slug_or_login(client, desk):
    profile = desk.profiles[A]
    client.force_login(desk.users[A])

    response = client.post(
        change_url(profile),
        {
            "name": "Someone Else",
            "slug": "someone-else",
            "user": desk.users[B].pk,
            "byline_title": "Senior writer",
            "bio": "Writes about towns.",
            "website": "alice.example.com",
        },
    )

    assert response.status_code == 302
    profile.refresh_from_db()
    assert (
        profile.name,
        profile.slug,
        profile.user,
        profile.byline_title,
        profile.bio,
        profile.website,
    ) == (
        "Alice Writer",
        "alice",
        desk.users[A],
        "Senior writer",
        "Writes about towns.",
        "https://alice.example.com",
    )


def test_contributor_sees_only_their_own_profile_in_the_list(client, desk):
    client.force_login(desk.users[A])

    response = client.get(reverse("admin:articles_contributor_changelist"))

    assert [c.name for c in response.context["cl"].result_list] == ["Alice Writer"]


def test_contributor_add_form_shows_their_byline_read_only(client, desk):
    client.force_login(desk.users[A])

    response = client.get(ADD_ARTICLE)

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "contributor" not in form.fields
    assert form.instance.contributor == desk.profiles[A]
    assert "Alice Writer" in response.content.decode()


def test_editor_add_form_lets_them_pick_the_byline(client, desk):
    client.force_login(desk.users[EDITOR])

    response = client.get(ADD_ARTICLE)

    assert "contributor" in response.context["adminform"].form.fields


def test_contributor_without_a_profile_is_told_why_they_cannot_write(
    client, desk, django_user_model
):
    user = django_user_model.objects.create_user(
        "newbie", password="pass-123-word", is_staff=True
    )
    user.groups.add(Group.objects.get(name=roles.CONTRIBUTORS))
    client.force_login(user)

    response = client.get(ADD_ARTICLE, follow=True)

    assert response.redirect_chain == [(reverse("admin:index"), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Your login has no contributor profile yet, so there is no byline to write "
        "under. Ask an editor to link one to your account."
    ]
    assert Article.objects.count() == 3


def test_contributor_cannot_delete_another_article_from_its_delete_page(client, desk):
    client.force_login(desk.users[A])

    response = client.get(change_url(desk.articles[B], "delete"))

    assert response.status_code == 404


def test_contributor_picks_categories_but_cannot_add_them_from_the_form(client, desk):
    client.force_login(desk.users[A])

    form = client.get(ADD_ARTICLE).content.decode()
    found = client.get(
        reverse("admin:autocomplete"),
        {
            "term": "Pol",
            "app_label": "articles",
            "model_name": "article",
            "field_name": "categories",
        },
    )

    assert found.status_code == 200
    assert [r["text"] for r in found.json()["results"]] == ["Politics"]
    assert 'id="add_id_categories"' not in form
    assert 'id="add_id_tags"' in form


def test_only_site_admins_delete_an_article_with_comments(client, desk, admin_user):
    # Deleting an article deletes its readers' comments for good: like a
    # single comment, that is for site admins; others unpublish instead.
    article = desk.articles[A]
    Comment.objects.filter(pk=desk.comment.pk).update(article=article)
    client.force_login(desk.users[A])

    refused = client.post(change_url(article, "delete"), {"post": "yes"})
    client.force_login(admin_user)
    done = client.post(change_url(article, "delete"), {"post": "yes"})

    assert (refused.status_code, done.status_code) == (403, 302)
    assert not Article.objects.filter(pk=article.pk).exists()
    assert not Comment.objects.exists()


def test_contributor_adds_a_tag(client, desk):
    client.force_login(desk.users[A])

    response = client.post(
        reverse("admin:articles_tag_add"), {"name": "Housing", "slug": "housing"}
    )

    assert response.status_code == 302


def test_contributor_has_no_comments_in_the_admin(client, desk):
    client.force_login(desk.users[A])

    index = client.get(reverse("admin:index"))
    comment_page = client.get(
        reverse("admin:comments_comment_change", args=[desk.comment.pk])
    )

    assert [app["app_label"] for app in index.context["app_list"]] == ["articles"]
    assert COMMENTER_EMAIL not in index.content.decode()
    assert comment_page.status_code == 403


def test_a_user_in_two_groups_gets_both_sets_of_rights(client, desk):
    alice = desk.users[A]
    alice.groups.add(Group.objects.get(name=roles.MODERATORS))
    client.force_login(alice)

    queue = client.get(COMMENTS)
    others = client.get(change_url(desk.articles[B]))

    assert queue.status_code == 200
    assert COMMENTER_EMAIL in queue.content.decode()
    # Moderating adds no right over other people's articles.
    assert others.status_code == 404


def test_role_helpers_follow_permissions_not_group_names(desk, admin_user):
    a, b = desk.articles[A], desk.articles[B]
    assert [
        permissions.can_edit_article(desk.users[role], article)
        for role in (A, B, EDITOR, MODERATOR)
        for article in (a, b)
    ] == [True, False, False, True, True, True, False, False]
    assert permissions.can_edit_article(admin_user, b) is True


# History


def test_publish_and_unpublish_actions_write_the_history_of_each_article(client, desk):
    client.force_login(desk.users[A])
    article = desk.articles[A]

    client.post(
        ARTICLES,
        {"action": "publish_now", ACTION_CHECKBOX_NAME: [article.pk], "index": 0},
    )
    client.post(
        ARTICLES,
        {"action": "unpublish", ACTION_CHECKBOX_NAME: [article.pk], "index": 0},
    )
    history = client.get(change_url(article, "history"))

    entries = LogEntry.objects.order_by("pk")
    assert [(e.user, e.object_id, e.get_change_message()) for e in entries] == [
        (
            desk.users[A],
            str(article.pk),
            "Published now with the Publish now action (was a draft).",
        ),
        (
            desk.users[A],
            str(article.pk),
            "Returned to draft with the Unpublish action.",
        ),
    ]
    assert "Returned to draft with the Unpublish action." in history.content.decode()


def test_publishing_a_scheduled_article_says_when_it_was_due(client, desk):
    article = desk.articles[B]
    due = timezone.now() + timedelta(days=2)
    Article.objects.filter(pk=article.pk).update(
        status=Article.Status.PUBLISHED, published_at=due
    )
    client.force_login(desk.users[EDITOR])

    client.post(
        ARTICLES,
        {"action": "publish_now", ACTION_CHECKBOX_NAME: [article.pk], "index": 0},
    )

    local = timezone.localtime(due)
    assert [e.get_change_message() for e in LogEntry.objects.all()] == [
        "Published now with the Publish now action "
        f"(was scheduled for {local:%-d %b %Y %H:%M})."
    ]


def test_actions_on_articles_already_in_that_state_write_no_history(client, desk):
    client.force_login(desk.users[EDITOR])

    client.post(
        ARTICLES,
        {
            "action": "unpublish",
            ACTION_CHECKBOX_NAME: [desk.articles[A].pk],
            "index": 0,
        },
    )

    assert LogEntry.objects.count() == 0


def test_changing_an_article_in_the_form_records_who_and_what(client, desk):
    article = desk.articles[A]
    client.force_login(desk.users[A])

    client.post(
        change_url(article),
        article_form(article, desk.profiles[A], title="Rewritten", body="A."),
    )

    entry = LogEntry.objects.get()
    assert (entry.user, entry.get_change_message()) == (
        desk.users[A],
        "Changed Title.",
    )


# Previews on the site


@pytest.mark.parametrize(
    ("role", "expected"),
    [(A, [200, 404]), (B, [404, 200]), (EDITOR, [200, 200]), (MODERATOR, [404, 404])],
)
def test_previews_of_drafts_follow_ownership(client, desk, role, expected):
    client.force_login(desk.users[role])

    answers = [
        client.get(desk.articles[owner].get_absolute_url()).status_code
        for owner in (A, B)
    ]

    assert answers == expected


def test_contributor_still_sees_others_published_articles_on_the_site(client, desk):
    Article.objects.filter(pk=desk.articles[B].pk).update(
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() - timedelta(hours=1),
    )
    client.force_login(desk.users[A])

    response = client.get(desk.articles[B].get_absolute_url())

    assert response.status_code == 200


# The admin index for each role


def _index(client, user):
    client.force_login(user)
    return client.get(reverse("admin:index")).content.decode()


def test_contributor_index_lists_their_drafts_and_scheduled_pieces(client, desk):
    due = timezone.now() + timedelta(days=1)
    scheduled = Article.objects.create(
        title="Alice's scoop",
        slug="alice-scoop",
        body="S.",
        contributor=desk.profiles[A],
        status=Article.Status.PUBLISHED,
        published_at=due,
    )

    page = _index(client, desk.users[A])

    assert f'<a class="button" href="{ADD_ARTICLE}">Write a new article</a>' in page
    assert f'<a href="{change_url(desk.articles[A])}">Alice&#x27;s draft</a>' in page
    assert f'<a href="{change_url(scheduled)}">Alice&#x27;s scoop</a>' in page
    assert f"{timezone.localtime(due):%-d %b %Y %H:%M}" in page
    assert "Bob&#x27;s draft" not in page
    assert "Across the desk" not in page
    assert "waiting for moderation" not in page


def test_moderator_index_shows_the_queue_and_no_desk(client, desk):
    page = _index(client, desk.users[MODERATOR])

    assert f'<a href="{COMMENTS}">1 comment waiting for moderation</a>' in page
    assert "Write a new article" not in page


def test_editor_index_shows_the_queue_and_the_desk_totals(client, desk):
    page = _index(client, desk.users[EDITOR])

    assert "1 comment waiting for moderation" in page
    assert "Write a new article" in page
    assert (
        f'Across the desk: <a href="{ARTICLES}?state=draft">2 drafts</a> and '
        f'<a href="{ARTICLES}?state=scheduled">0 scheduled articles</a>.'
    ) in page


def test_desk_runs_a_fixed_number_of_queries(client, desk):
    client.force_login(desk.users[EDITOR])
    client.get(reverse("admin:index"))  # warm the session and permission caches
    for n in range(5):
        Article.objects.create(
            title=f"More {n}", slug=f"more-{n}", body="M.", contributor=desk.profiles[B]
        )

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("admin:index"))
    for n in range(5, 15):
        Article.objects.create(
            title=f"More {n}", slug=f"more-{n}", body="M.", contributor=desk.profiles[B]
        )
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("admin:index"))

    assert len(many) == len(few)
