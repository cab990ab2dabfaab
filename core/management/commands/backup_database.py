"""Copy the SQLite database to a file while the site keeps running.

SQLite's online backup API copies page by page under the database's own
locks, so the copy is consistent (every transaction in it whole or not at
all) even while readers and writers carry on; copying the file with `cp` is
not, in WAL mode least of all. The copy is written to a temporary file beside
the destination and renamed into place only when complete: a failed backup
never leaves a half-written file where a good one is expected.

PostgreSQL has its own tools (pg_dump, pg_restore); the command says how.
"""

import os
import sqlite3
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

DEFAULT_FOLDER = "backups"
# Pages copied per step: other connections get the database between steps,
# so a large copy does not hold up writers for its whole length.
PAGES_PER_STEP = 1024


class Command(BaseCommand):
    help = (
        "Write a consistent copy of the SQLite database, while the site runs, to "
        "backups/newsroom-<UTC time>.sqlite3 or to --output."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="File to write (must not exist yet). Default: a new timestamped "
            f"file in {DEFAULT_FOLDER}/ under the project folder.",
        )
        parser.add_argument(
            "--database",
            default=DEFAULT_DB_ALIAS,
            help="Database alias to back up (default: %(default)s).",
        )

    def handle(self, *args, **options):
        alias = options["database"]
        if alias not in connections:
            raise CommandError(f"There is no database called {alias!r} in settings.")
        connection = connections[alias]
        if connection.vendor != "sqlite":
            raise CommandError(self._not_sqlite(connection.settings_dict))
        source_name = str(connection.settings_dict["NAME"])
        if source_name == ":memory:" or "mode=memory" in source_name:
            raise CommandError("An in-memory database cannot be backed up to a file.")
        source = Path(source_name)
        if not source.is_file():
            raise CommandError(f"The database file {source} does not exist.")

        target = self._target(options["output"])
        if target.resolve() == source.resolve():
            raise CommandError("The backup cannot be written over the database.")
        pages = self._copy(source, target)
        size = target.stat().st_size
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {source} to {target} ({pages} pages, {size} bytes)."
            )
        )

    def _target(self, output: str | None) -> Path:
        if output is not None:
            if not output.strip():
                raise CommandError("--output needs a file name.")
            target = Path(output).expanduser()
            if target.is_dir():
                raise CommandError(
                    f"--output {target} is a folder; give a file name inside it."
                )
            if target.exists():
                raise CommandError(
                    f"{target} already exists; newsroom never overwrites a backup."
                )
            if not target.parent.is_dir():
                raise CommandError(f"The folder {target.parent} does not exist.")
            return target
        folder = Path(settings.BASE_DIR) / DEFAULT_FOLDER
        folder.mkdir(exist_ok=True)
        stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
        target = folder / f"newsroom-{stamp}.sqlite3"
        counter = 1
        while target.exists():
            counter += 1
            target = folder / f"newsroom-{stamp}-{counter}.sqlite3"
        return target

    def _copy(self, source: Path, target: Path) -> int:
        """Copy with the backup API into a temporary file, then rename it."""
        handle, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".partial", dir=target.parent
        )
        os.close(handle)
        try:
            # Read-only: the backup must never be the reason the site's
            # database changes. The busy timeout waits out a writer's commit.
            source_db = sqlite3.connect(
                f"{source.resolve().as_uri()}?mode=ro", uri=True, timeout=20
            )
            copy_db = sqlite3.connect(temporary)
            try:
                source_db.backup(copy_db, pages=PAGES_PER_STEP)
                pages = copy_db.execute("PRAGMA page_count").fetchone()[0]
                # A single file: the copy is not left in WAL mode.
                copy_db.execute("PRAGMA journal_mode=DELETE")
                check = copy_db.execute("PRAGMA integrity_check").fetchone()[0]
            finally:
                copy_db.close()
                source_db.close()
            if check != "ok":
                raise CommandError(f"The copy failed its integrity check: {check}")
            os.replace(temporary, target)
        except sqlite3.Error as exc:
            raise CommandError(f"The backup failed and was not written: {exc}") from exc
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
        return pages

    @staticmethod
    def _not_sqlite(database: dict) -> str:
        engine = database["ENGINE"].rsplit(".", 1)[-1]
        return (
            f"This command copies SQLite databases; this one is {engine}. "
            "Back up PostgreSQL with its own tools, which also copy consistently "
            "while the site runs: "
            'pg_dump --format=custom --file=newsroom.dump "$DATABASE_URL" '
            "(restore with: pg_restore --clean --if-exists --no-owner "
            '--dbname="$DATABASE_URL" newsroom.dump). See "Backups" in the README.'
        )
