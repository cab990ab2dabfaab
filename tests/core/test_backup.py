"""`manage.py backup_database` (and `make backup`): a consistent SQLite copy.

The tests that copy need committed rows (the backup reads through its own
connection), so they use transactional databases; they run on SQLite only.
PostgreSQL gets a clear pointer to pg_dump instead.
"""

import re
import sqlite3
from io import StringIO
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections

from comments.models import Comment
from core.management.commands import backup_database

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the command copies SQLite databases"
)


def backup(**options) -> str:
    out = StringIO()
    call_command("backup_database", stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def newsroom(make_article):
    """Three articles, two with comments, all committed."""
    articles = [
        make_article(title=f"Story {n}", slug=f"story-{n}") for n in range(1, 4)
    ]
    for article, body in [
        (articles[0], "First thoughts."),
        (articles[0], "A reply of sorts."),
        (articles[2], "Late but keen."),
    ]:
        Comment.objects.create(
            article=article,
            name="Rita Reader",
            email="rita@example.net",
            body=body,
            status=Comment.Status.APPROVED,
        )
    return articles


def read_copy(path, sql: str) -> list[tuple]:
    """Rows from a backup file, opened as the SQLite database it is."""
    copy = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return copy.execute(sql).fetchall()
    finally:
        copy.close()


@sqlite_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_restored_backup_has_every_article_and_comment(newsroom, tmp_path):
    target = tmp_path / "copy.sqlite3"

    out = backup(output=str(target))

    assert re.fullmatch(
        rf"Backed up {re.escape(str(connection.settings_dict['NAME']))} to "
        rf"{re.escape(str(target))} \(\d+ pages, \d+ bytes\)\.\n",
        out,
    )
    assert read_copy(target, "SELECT slug FROM articles_article ORDER BY slug") == [
        ("story-1",),
        ("story-2",),
        ("story-3",),
    ]
    assert read_copy(
        target,
        "SELECT a.slug, c.body, c.email FROM comments_comment c "
        "JOIN articles_article a ON a.id = c.article_id ORDER BY a.slug, c.body",
    ) == [
        ("story-1", "A reply of sorts.", "rita@example.net"),
        ("story-1", "First thoughts.", "rita@example.net"),
        ("story-3", "Late but keen.", "rita@example.net"),
    ]
    # As many rows as the live database: nothing lost, nothing extra.
    assert read_copy(target, "SELECT count(*) FROM comments_comment") == [
        (Comment.objects.count(),)
    ]


@sqlite_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_runs_beside_a_writer_and_copies_only_what_is_committed(
    newsroom, tmp_path
):
    target = tmp_path / "copy.sqlite3"
    writer = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute(
        "UPDATE articles_article SET title = 'Half-way edit' WHERE slug = 'story-1'"
    )
    try:
        backup(output=str(target))
    finally:
        writer.execute("ROLLBACK")
        writer.close()

    copy = sqlite3.connect(target)
    titles = copy.execute("SELECT title FROM articles_article ORDER BY slug").fetchall()
    integrity = copy.execute("PRAGMA integrity_check").fetchone()
    journal = copy.execute("PRAGMA journal_mode").fetchone()
    copy.close()
    assert titles == [("Story 1",), ("Story 2",), ("Story 3",)]
    assert integrity == ("ok",)
    assert journal == ("delete",)


@sqlite_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_default_backup_is_a_timestamped_file_in_backups(newsroom, settings, tmp_path):
    settings.BASE_DIR = tmp_path

    backup()
    backup()

    files = sorted(path.name for path in (tmp_path / "backups").iterdir())
    assert len(files) == 2
    for name in files:
        assert re.fullmatch(r"newsroom-\d{8}T\d{6}Z(-2)?\.sqlite3", name), name


@sqlite_only
def test_an_existing_file_is_never_overwritten(db, tmp_path):
    target = tmp_path / "copy.sqlite3"
    target.write_bytes(b"an older backup")

    with pytest.raises(CommandError) as error:
        backup(output=str(target))

    assert str(error.value) == (
        f"{target} already exists; newsroom never overwrites a backup."
    )
    assert target.read_bytes() == b"an older backup"


@sqlite_only
@pytest.mark.parametrize(
    "output, message",
    [
        ("", "--output needs a file name."),
        ("{tmp}", "--output {tmp} is a folder; give a file name inside it."),
        ("{tmp}/missing/copy.sqlite3", "The folder {tmp}/missing does not exist."),
    ],
    ids=["empty", "folder", "no-such-folder"],
)
def test_bad_output_is_a_clear_error(db, tmp_path, output, message):
    with pytest.raises(CommandError) as error:
        backup(output=output.format(tmp=tmp_path))

    assert str(error.value) == message.format(tmp=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_database_alias_is_a_clear_error(db):
    with pytest.raises(CommandError) as error:
        backup(database="archive")

    assert str(error.value) == "There is no database called 'archive' in settings."


@sqlite_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_failed_copy_leaves_no_file_behind(newsroom, tmp_path):
    target = tmp_path / "copy.sqlite3"
    real_connect = sqlite3.connect

    def failing_source(copy_db, **kwargs):
        copy_db.execute("CREATE TABLE half_written (x)")
        raise sqlite3.OperationalError("disk I/O error")

    def connect(name, *args, **kwargs):
        if "mode=ro" in str(name):
            return mock.Mock(backup=failing_source)
        return real_connect(name, *args, **kwargs)

    with (
        mock.patch.object(backup_database.sqlite3, "connect", side_effect=connect),
        pytest.raises(CommandError) as error,
    ):
        backup(output=str(target))

    assert str(error.value) == "The backup failed and was not written: disk I/O error"
    assert list(tmp_path.iterdir()) == []


def test_postgresql_is_pointed_to_pg_dump(db):
    engine = "django.db.backends.postgresql"
    with (
        mock.patch.object(type(connections["default"]), "vendor", "postgresql"),
        mock.patch.dict(connections["default"].settings_dict, {"ENGINE": engine}),
    ):
        with pytest.raises(CommandError) as error:
            backup()

    assert str(error.value) == (
        "This command copies SQLite databases; this one is postgresql. Back up "
        "PostgreSQL with its own tools, which also copy consistently while the "
        'site runs: pg_dump --format=custom --file=newsroom.dump "$DATABASE_URL" '
        "(restore with: pg_restore --clean --if-exists --no-owner "
        '--dbname="$DATABASE_URL" newsroom.dump). See "Backups" in the README.'
    )
