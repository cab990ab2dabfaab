"""A throw-away newsroom for the benchmark scripts, in production settings.

Importing this module sets the environment and starts Django: a scratch folder
for uploads and static files, debug off. `use_scratch_database` then points
the default database at a scratch SQLite file, or, with DATABASE_URL, at a
database on that server that it drops and makes again.
"""

import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORKDIR = tempfile.mkdtemp(prefix="newsroom-bench-")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-a-secret")
os.environ["DJANGO_DEBUG"] = "0"
os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "0"
os.environ["MEDIA_ROOT"] = WORKDIR
os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
os.environ["NEWSROOM_SITE_URL"] = "http://testserver"
os.environ["DJANGO_LOG_LEVEL"] = "ERROR"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402


def use_scratch_database(*, server_name: str, file_name: str = "bench.sqlite3") -> str:
    """Migrate a fresh database and return its name.

    SQLite: `file_name` in the scratch folder. A server: `server_name` unless
    BENCH_DB_NAME says another.
    """
    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        db["NAME"] = str(Path(WORKDIR) / file_name)
    else:
        db["NAME"] = os.environ.get("BENCH_DB_NAME", server_name)
        connection.close()
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{db["NAME"]}"')
            cursor.execute(f'CREATE DATABASE "{db["NAME"]}"')
    connections["default"].close()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    return db["NAME"]


def drop_scratch_database(name: str) -> None:
    """Drop a server database made by use_scratch_database (SQLite: nothing to do)."""
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        return
    connections.close_all()
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def collect_static() -> None:
    # Production storage: hashed, compressed names from a manifest.
    settings.STATIC_ROOT = str(Path(WORKDIR) / "static")
    call_command("collectstatic", interactive=False, verbosity=0)


def run(main) -> None:
    """Call `main`, then close connections and remove the scratch folder."""
    try:
        main()
    finally:
        connections.close_all()
        shutil.rmtree(WORKDIR, ignore_errors=True)
