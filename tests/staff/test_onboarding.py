"""Adding a contributor with a login: the service, the command and the admin page."""

import io
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Contributor
from staff.onboarding import contributor_onboard, one_time_password

ONBOARD_URL = "/admin/articles/contributor/add-with-login/"


def form_data(**fields):
    return {
        "username": "mira",
        "email": "mira@example.com",
        "name": "Mira Castellanos",
        "byline_title": "Culture Writer",
        "delivery": "password",
        **fields,
    }


def reset_link(message) -> str:
    return re.search(r"https?://testserver(/admin/reset/\S+/)", message.body)[1]


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(
        "chief", "chief@example.com", "chief-pass-123"
    )


# The service -------------------------------------------------------------


@pytest.mark.django_db
def test_onboarding_creates_a_staff_contributor_with_a_profile(client):
    user, profile, password = contributor_onboard(
        username="mira",
        email="mira@example.com",
        name="Mira Castellanos",
        byline_title="Culture Writer",
        send_email=False,
    )

    user.refresh_from_db()
    assert (user.is_staff, user.is_active, user.is_superuser) == (True, True, False)
    assert list(user.groups.values_list("name", flat=True)) == ["Contributors"]
    assert (profile.user, profile.name, profile.slug, profile.byline_title) == (
        user,
        "Mira Castellanos",
        "mira-castellanos",
        "Culture Writer",
    )
    assert client.login(username="mira", password=password)
    assert mail.outbox == []


@pytest.mark.django_db
def test_onboarding_gives_a_unique_slug_when_the_name_is_taken(contributor):
    _, profile, _ = contributor_onboard(
        username="ada2", email="ada@example.com", name="Ada Reporter", send_email=False
    )

    assert profile.slug == "ada-reporter-2"


@pytest.mark.django_db
def test_onboarding_by_email_sets_no_usable_password(settings):
    settings.NEWSROOM_SITE_URL = "https://news.example.com"
    user, _, password = contributor_onboard(
        username="mira",
        email="mira@example.com",
        name="Mira Castellanos",
        send_email=True,
    )

    assert password is None
    assert not user.has_usable_password()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["mira@example.com"]
    assert "https://news.example.com/admin/reset/" in mail.outbox[0].body


@pytest.mark.django_db
def test_an_existing_username_writes_nothing(django_user_model):
    django_user_model.objects.create_user("mira", "other@example.com")

    with pytest.raises(ValidationError) as error:
        contributor_onboard(
            username="MIRA",
            email="mira@example.com",
            name="Mira Castellanos",
            send_email=True,
        )

    assert error.value.message_dict == {
        "username": ["A user with this username already exists."]
    }
    assert django_user_model.objects.count() == 1
    assert Contributor.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_failed_email_writes_nothing(monkeypatch, django_user_model):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)

    with pytest.raises(ConnectionRefusedError):
        contributor_onboard(
            username="mira", email="mira@example.com", name="Mira", send_email=True
        )

    assert django_user_model.objects.count() == 0
    assert Contributor.objects.count() == 0


@pytest.mark.django_db
def test_one_time_passwords_differ_and_pass_the_validators(django_user_model):
    user = django_user_model(username="mira")

    first, second = one_time_password(user), one_time_password(user)

    assert first != second
    assert re.fullmatch(r"([A-Za-z2-9]{4}-){3}[A-Za-z2-9]{4}", first)


# The command -------------------------------------------------------------


def add_contributor(*args) -> str:
    out = io.StringIO()
    call_command("add_contributor", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.mark.django_db
def test_command_prints_the_one_time_password_once(client):
    output = add_contributor("mira", "mira@example.com", "--name", "Mira Castellanos")

    password = output.rsplit(": ", 1)[1].strip()
    assert output == (
        "Contributor 'Mira Castellanos' created with the login 'mira'.\n"
        f"One-time password (shown once): {password}\n"
    )
    assert client.login(username="mira", password=password)
    assert Contributor.objects.get(user__username="mira").byline_title == (
        "Contributor"
    )


@pytest.mark.django_db
def test_command_can_email_a_link_instead():
    output = add_contributor(
        "mira",
        "mira@example.com",
        "--name",
        "Mira Castellanos",
        "--byline-title",
        "Culture Writer",
        "--send-email",
    )

    assert output == (
        "Contributor 'Mira Castellanos' created with the login 'mira'.\n"
        "A link to set a password was emailed to mira@example.com.\n"
    )
    assert [message.to for message in mail.outbox] == [["mira@example.com"]]
    assert Contributor.objects.get(user__username="mira").byline_title == (
        "Culture Writer"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["taken", "new@example.com"], "A user with this username already exists."),
        (
            ["new", "TAKEN@example.com"],
            "A user with this email address already exists.",
        ),
        (["new", "not-an-address"], "Enter a valid email address."),
        (["bad name!", "new@example.com"], "Enter a valid username."),
    ],
)
@pytest.mark.django_db
def test_command_refuses_bad_details_and_writes_nothing(
    args, message, django_user_model
):
    django_user_model.objects.create_user("taken", "taken@example.com")

    with pytest.raises(CommandError) as error:
        add_contributor(*args, "--name", "New Person")

    assert str(error.value).startswith(message)
    assert django_user_model.objects.count() == 1
    assert Contributor.objects.count() == 0


# A site whose URLconf lacks the password reset pages (as tests.urls_error does).
@pytest.mark.urls("tests.urls_error")
@pytest.mark.django_db
def test_emailing_without_the_reset_pages_is_refused_before_writing(
    django_user_model,
):
    with pytest.raises(CommandError, match="include staff.urls"):
        add_contributor("mira", "mira@example.com", "--name", "Mira", "--send-email")

    assert django_user_model.objects.count() == 0


def test_command_requires_a_name():
    with pytest.raises(CommandError, match="--name"):
        add_contributor("mira", "mira@example.com")


# The admin page ----------------------------------------------------------


@pytest.mark.django_db
def test_contributor_list_offers_the_button(client, superuser):
    client.force_login(superuser)

    response = client.get("/admin/articles/contributor/")

    assert f'href="{ONBOARD_URL}"' in response.text
    assert "Add contributor with login" in response.text


@pytest.mark.django_db
def test_admin_shows_the_one_time_password_once(client, superuser):
    client.force_login(superuser)
    assert "Add a contributor with a login" in client.get(ONBOARD_URL).text

    response = client.post(ONBOARD_URL, form_data())

    assert response.status_code == 200
    password = re.search(
        r'<code id="one-time-password"[^>]*>([^<]+)</code>', response.text
    )[1]
    client.logout()
    assert client.login(username="mira", password=password)
    assert client.get("/admin/").status_code == 200
    user = Contributor.objects.get(slug="mira-castellanos").user
    assert user.groups.get().name == "Contributors"
    assert password not in client.get(ONBOARD_URL).text


@pytest.mark.django_db
def test_admin_emails_a_working_set_password_link(client, superuser, django_user_model):
    client.force_login(superuser)

    response = client.post(ONBOARD_URL, form_data(delivery="email"))

    assert "An email with a link to choose a password was sent to mira@example.com" in (
        " ".join(response.text.split())
    )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["mira@example.com"]
    client.logout()
    confirm = client.get(reset_link(mail.outbox[0]), follow=True)
    assert confirm.status_code == 200
    assert 'name="new_password1"' in confirm.text
    done = client.post(
        confirm.redirect_chain[-1][0],
        {
            "new_password1": "a-fresh-passphrase-9",
            "new_password2": "a-fresh-passphrase-9",
        },
    )
    assert done.status_code == 302
    assert client.login(username="mira", password="a-fresh-passphrase-9")


@pytest.mark.django_db
def test_admin_form_shows_errors_and_writes_nothing(
    client, superuser, django_user_model
):
    client.force_login(superuser)

    response = client.post(ONBOARD_URL, form_data(username="chief"))

    assert response.status_code == 200
    assert "A user with this username already exists." in response.text
    assert django_user_model.objects.count() == 1
    assert Contributor.objects.count() == 0


@pytest.mark.django_db
def test_an_editor_with_both_permissions_may_onboard(client, django_user_model):
    editor = django_user_model.objects.create_user(
        "desk", password="desk-pass-123", is_staff=True
    )
    editor.user_permissions.set(
        Permission.objects.filter(
            codename__in=["add_contributor", "view_contributor", "add_user"]
        )
    )
    client.force_login(editor)

    assert (
        "Add contributor with login" in client.get("/admin/articles/contributor/").text
    )
    response = client.post(ONBOARD_URL, form_data())

    assert response.status_code == 200
    assert Contributor.objects.filter(user__username="mira").exists()


@pytest.mark.django_db
def test_staff_without_permission_gets_403(client, django_user_model):
    staff = django_user_model.objects.create_user(
        "writer", password="writer-pass-123", is_staff=True
    )
    staff.user_permissions.set(
        Permission.objects.filter(codename__in=["add_contributor", "view_contributor"])
    )
    client.force_login(staff)

    assert (
        "Add contributor with login"
        not in client.get("/admin/articles/contributor/").text
    )
    assert client.get(ONBOARD_URL).status_code == 403
    assert client.post(ONBOARD_URL, form_data()).status_code == 403
    assert not django_user_model.objects.filter(username="mira").exists()
    assert not Group.objects.filter(name="Contributors", user__isnull=False).exists()


@pytest.mark.django_db
def test_anonymous_is_sent_to_the_login_page(client):
    response = client.get(ONBOARD_URL)

    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


@pytest.mark.django_db
def test_login_page_offers_a_password_reset(client):
    response = client.get("/admin/login/")

    assert '<a href="/admin/password_reset/">Forgotten your login credentials?</a>' in (
        response.text
    )


@pytest.mark.django_db
def test_members_of_the_editors_group_may_onboard(client, django_user_model):
    editor = django_user_model.objects.create_user(
        "desk-editor", "desk@example.com", "pass-123-word", is_staff=True
    )
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)

    response = client.get(ONBOARD_URL)

    assert response.status_code == 200
    assert "Add a contributor with a login" in response.text
