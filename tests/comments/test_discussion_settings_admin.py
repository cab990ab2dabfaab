"""The discussion settings in the admin: one row, for superusers, in effect at once."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from comments.models import DiscussionSettings

CHANGELIST = reverse("admin:comments_discussionsettings_changelist")
CHANGE = reverse("admin:comments_discussionsettings_change", args=[1])


def form_data(**overrides):
    """Every field as the change form sends it, with the defaults."""
    data = {
        "hold_all": "on",
        "approve_known_authors": "on",
        "hold_link_count": "2",
        "hold_words": "",
        "spam_words": "",
        "close_after_days": "",
        "thread_depth": "5",
        "flood_seconds": "15",
        "min_fill_seconds": "3",
        "max_comment_length": "10000",
        "notify_moderators": "on",
        "notify_contributor": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user(
        username="moderator", password="pass-123-word", is_staff=True
    )
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="comments",
            codename__in=["view_comment", "change_comment", "moderate_comment"],
        )
    )
    return user


def test_list_page_opens_the_one_row_creating_it_when_missing(admin_client):
    assert DiscussionSettings.objects.count() == 0

    response = admin_client.get(CHANGELIST)

    assert response.status_code == 302
    assert response["Location"] == CHANGE
    assert list(DiscussionSettings.objects.values_list("pk", flat=True)) == [1]


def test_list_page_opens_the_existing_row(admin_client, discussion):
    response = admin_client.get(CHANGELIST, follow=True)

    assert response.redirect_chain == [(CHANGE, 302)]
    assert response.context["original"] == discussion


def test_settings_cannot_be_added_or_deleted(admin_client, discussion):
    add = admin_client.get(reverse("admin:comments_discussionsettings_add"))
    delete = admin_client.get(
        reverse("admin:comments_discussionsettings_delete", args=[1])
    )
    change = admin_client.get(CHANGE)

    assert (add.status_code, delete.status_code) == (403, 403)
    html = change.content.decode()
    assert 'class="deletelink"' not in html
    assert 'name="_addanother"' not in html
    assert DiscussionSettings.objects.count() == 1


def test_change_page_groups_the_settings_with_help(admin_client, discussion):
    response = admin_client.get(CHANGE)

    form = response.context["adminform"]
    assert [(name, list(options["fields"])) for name, options in form.fieldsets] == [
        ("Moderation", ["hold_all", "approve_known_authors"]),
        ("Spam rules", ["hold_link_count", "hold_words", "spam_words"]),
        ("Timing", ["close_after_days", "flood_seconds", "min_fill_seconds"]),
        ("Threads", ["thread_depth"]),
        ("Length", ["max_comment_length"]),
        ("Notifications", ["notify_moderators", "notify_contributor"]),
    ]
    fields = form.form.fields
    assert all(field.help_text for field in fields.values())
    assert fields["hold_link_count"].help_text == (
        "Links in the text, plus the author's website. A comment with at least "
        "this many waits for a moderator."
    )


def test_moderators_and_editors_cannot_see_or_change_the_settings(
    client, moderator, staff_editor, discussion
):
    for user in (moderator, staff_editor):
        client.force_login(user)

        listing = client.get(CHANGELIST)
        change = client.get(CHANGE)
        post = client.post(CHANGE, form_data(hold_all=None))

        assert (listing.status_code, change.status_code, post.status_code) == (
            403,
            403,
            403,
        )
    assert DiscussionSettings.objects.get().hold_all is True


def test_saved_change_is_stored_and_takes_effect_at_once(admin_client, discussion):
    assert DiscussionSettings.load().hold_all is True  # now cached

    response = admin_client.post(
        CHANGE,
        form_data(
            hold_all=None,
            spam_words="casino\ncheap pills",
            close_after_days="30",
            thread_depth="3",
            notify_contributor=None,
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == CHANGE
    current = DiscussionSettings.load()
    assert (
        current.hold_all,
        current.spam_word_list,
        current.close_after_days,
        current.thread_depth,
        current.notify_contributor,
    ) == (False, ["casino", "cheap pills"], 30, 3, False)
    assert DiscussionSettings.objects.get().thread_depth == 3


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("thread_depth", "0", "Allow at least 1 level (1 means no replies)."),
        ("thread_depth", "11", "At most 10 levels: deeper threads are unreadable."),
        ("thread_depth", "", "This field is required."),
        (
            "hold_link_count",
            "0",
            "Hold at 1 link or more (0 would hold every comment).",
        ),
        ("close_after_days", "0", "Close after at least 1 day, or leave it empty."),
        (
            "close_after_days",
            "3000000",
            "At most 36500 days (a hundred years), or leave it empty.",
        ),
        ("flood_seconds", "-1", "Ensure this value is greater than or equal to 0."),
        ("min_fill_seconds", "soon", "Enter a whole number."),
    ],
)
def test_invalid_settings_are_refused_with_a_message(
    admin_client, discussion, field, value, message
):
    response = admin_client.post(CHANGE, form_data(**{field: value}))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {field: [message]}
    assert DiscussionSettings.objects.get().thread_depth == 5
