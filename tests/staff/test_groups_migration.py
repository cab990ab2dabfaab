"""The role groups: what the data migration leaves, and that a re-run keeps."""

import importlib
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from staff.roles import ensure_role_groups

EXPECTED = {
    "Contributors": [
        "articles.add_article",
        "articles.add_tag",
        "articles.change_article",
        "articles.change_contributor",
        "articles.delete_article",
        "articles.view_article",
        "articles.view_category",
        "articles.view_contributor",
        "articles.view_tag",
    ],
    "Editors": [
        "articles.add_article",
        "articles.add_category",
        "articles.add_contributor",
        "articles.add_tag",
        "articles.change_article",
        "articles.change_category",
        "articles.change_contributor",
        "articles.change_tag",
        "articles.delete_article",
        "articles.delete_category",
        "articles.delete_contributor",
        "articles.delete_tag",
        "articles.edit_any_article",
        "articles.view_article",
        "articles.view_category",
        "articles.view_contributor",
        "articles.view_tag",
        "auth.add_user",
        "auth.view_user",
        "comments.change_comment",
        "comments.moderate_comment",
        "comments.view_comment",
    ],
    "Moderators": [
        "articles.view_article",
        "comments.change_comment",
        "comments.moderate_comment",
        "comments.view_comment",
    ],
}


def groups_and_permissions():
    return {
        group.name: sorted(
            f"{app_label}.{codename}"
            for app_label, codename in group.permissions.values_list(
                "content_type__app_label", "codename"
            )
        )
        for group in Group.objects.order_by("name")
    }


@pytest.mark.django_db
def test_migration_creates_the_three_groups_with_exactly_their_permissions():
    assert groups_and_permissions() == EXPECTED


@pytest.mark.django_db
def test_running_it_twice_more_leaves_the_same_groups():
    before = groups_and_permissions()
    ids = sorted(Group.objects.values_list("pk", flat=True))

    ensure_role_groups()
    ensure_role_groups()

    assert groups_and_permissions() == before == EXPECTED
    assert sorted(Group.objects.values_list("pk", flat=True)) == ids


@pytest.mark.django_db
def test_a_tampered_group_gets_exactly_its_permissions_back():
    moderators = Group.objects.get(name="Moderators")
    moderators.permissions.add(Permission.objects.get(codename="delete_comment"))
    Group.objects.get(name="Editors").permissions.clear()
    Group.objects.get(name="Contributors").delete()

    ensure_role_groups()

    assert groups_and_permissions() == EXPECTED


@pytest.mark.django_db
def test_the_migration_itself_rerun_on_its_historical_models_changes_nothing():
    migration = importlib.import_module("staff.migrations.0001_role_groups")
    state = MigrationLoader(connection).project_state(("staff", "0001_role_groups"))
    before = groups_and_permissions()

    # RunPython's function only needs the connection's alias from the editor.
    migration.create_role_groups(state.apps, SimpleNamespace(connection=connection))
    migration.create_role_groups(state.apps, SimpleNamespace(connection=connection))

    assert groups_and_permissions() == before == EXPECTED
