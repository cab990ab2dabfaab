"""`manage.py seed_demo`: the admin user and one demo login per role."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from articles.models import Contributor
from demo.management.commands import seed_demo

ADMIN_PASSWORD = "newsroom-admin-demo"


def seed(*args) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.mark.django_db
def test_without_admin_password_no_user_is_touched(django_user_model):
    user = django_user_model.objects.create_user("admin", password="original-pass-1")

    seed()

    user.refresh_from_db()
    assert django_user_model.objects.count() == 1 + len(seed_demo.DEMO_LOGINS)
    assert user.check_password("original-pass-1")
    assert not user.is_superuser
    assert not Contributor.objects.filter(user=user).exists()


@pytest.mark.django_db
def test_admin_password_creates_a_superuser_who_can_log_in(client, django_user_model):
    output = seed("--admin-password", ADMIN_PASSWORD)

    admin = django_user_model.objects.get(username="admin")
    assert admin.is_staff
    assert admin.is_superuser
    assert client.login(username="admin", password=ADMIN_PASSWORD)
    assert "Admin user 'admin' created." in output
    assert (
        admin.contributor.name,
        admin.contributor.slug,
        admin.contributor.byline_title,
    ) == ("Newsroom Desk", "newsroom-desk", "Editor")
    assert Contributor.objects.count() == 7


@pytest.mark.django_db
def test_second_run_with_another_password_updates_the_admin(client, django_user_model):
    seed("--admin-password", ADMIN_PASSWORD)

    output = seed("--admin-password", "a-different-passphrase-42")

    assert django_user_model.objects.filter(username="admin").count() == 1
    assert not client.login(username="admin", password=ADMIN_PASSWORD)
    assert client.login(username="admin", password="a-different-passphrase-42")
    assert "Admin user 'admin' updated." in output
    assert Contributor.objects.filter(slug="newsroom-desk").count() == 1


@pytest.mark.django_db
def test_second_run_with_the_same_password_leaves_the_admin_row_alone(
    django_user_model,
):
    seed("--admin-password", ADMIN_PASSWORD)
    before = list(django_user_model.objects.values())

    output = seed("--admin-password", ADMIN_PASSWORD)

    assert list(django_user_model.objects.values()) == before
    assert "Admin user 'admin' unchanged." in output


@pytest.mark.django_db
def test_admin_password_promotes_an_existing_admin_account(django_user_model):
    django_user_model.objects.create_user("admin", password="original-pass-1")

    seed("--admin-password", ADMIN_PASSWORD)

    admin = django_user_model.objects.get(username="admin")
    assert admin.is_staff
    assert admin.is_superuser
    assert admin.check_password(ADMIN_PASSWORD)


@pytest.mark.parametrize(
    ("username", "password", "group"),
    [
        ("ines", "newsroom-contributor-demo", "Contributors"),
        ("editor", "newsroom-editor-demo", "Editors"),
        ("moderator", "newsroom-moderator-demo", "Moderators"),
    ],
)
@pytest.mark.django_db
def test_each_demo_login_can_log_into_the_admin(
    client, django_user_model, username, password, group
):
    seed()

    user = django_user_model.objects.get(username=username)
    assert (user.is_staff, user.is_superuser) == (True, False)
    assert list(user.groups.values_list("name", flat=True)) == [group]
    response = client.post(
        "/admin/login/?next=/admin/", {"username": username, "password": password}
    )
    assert response.status_code == 302
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_demo_passwords_pass_the_validators(django_user_model):
    from django.contrib.auth.password_validation import validate_password

    for login in seed_demo.DEMO_LOGINS:
        validate_password(login.password, django_user_model(username=login.username))


def snapshot_logins(user_model) -> dict:
    return {
        "users": list(user_model.objects.order_by("pk").values()),
        "memberships": list(user_model.groups.through.objects.order_by("pk").values()),
        "groups": list(Group.objects.order_by("pk").values()),
    }


@pytest.mark.django_db
def test_second_run_leaves_the_demo_logins_alone(django_user_model):
    seed()
    before = snapshot_logins(django_user_model)

    seed()

    assert snapshot_logins(django_user_model) == before


@pytest.mark.django_db
def test_an_existing_demo_login_keeps_its_password_and_profile(
    client, django_user_model
):
    ines = django_user_model.objects.create_user("ines", password="her-own-pass-77")

    seed()

    ines.refresh_from_db()
    assert ines.check_password("her-own-pass-77")
    assert not ines.is_staff
    assert not ines.groups.exists()
    assert Contributor.objects.get(slug="ines-calloway").user is None


@pytest.mark.django_db
def test_a_profile_linked_by_hand_keeps_its_user(django_user_model):
    seed()
    someone = django_user_model.objects.create_user("someone")
    Contributor.objects.filter(slug="ines-calloway").update(user=someone)
    django_user_model.objects.filter(username="ines").delete()

    seed()

    assert Contributor.objects.get(slug="ines-calloway").user == someone
    assert django_user_model.objects.get(username="ines").check_password(
        "newsroom-contributor-demo"
    )
