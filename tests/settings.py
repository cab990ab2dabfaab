"""Test settings: production settings with fast hashing, memory cache and email.

Tests run with debug off, as production does. Plain-HTTP test requests are not
redirected to HTTPS here; tests of that behaviour switch it back on.
"""

import os
import tempfile

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-not-a-secret")
os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "0"
os.environ["DJANGO_DEBUG"] = "0"
os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver,localhost,127.0.0.1"
# The test client's own host: absolute URLs read http://testserver/... as before.
os.environ["NEWSROOM_SITE_URL"] = "http://testserver"
# Always a fresh folder, one per process (each xdist worker makes its own):
# tests never write into real uploads, and conftest.py removes it at the end.
os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="newsroom-test-media-")

from newsroom.settings import *  # noqa: E402, F403
from newsroom.settings import DATABASES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
    },
}
# The page cache runs as shipped: a test that needs it off says so
# (the `uncached` fixture in tests/conftest.py).
# Django's test set-up puts every message in mail.outbox; the tests of the
# queue itself (tests/core/test_mail_queue.py) send through it to this.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
NEWSROOM_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run at once, in the request; tests of the database queue say so.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# The test client's login() calls authenticate() without a request, which the
# axes back end refuses. Tests of login throttling switch it on themselves
# (tests/staff/test_login_throttle.py); production settings always have it on.
AXES_ENABLED = False
# One test process, so the memory cache axes would use is shared enough.
SILENCED_SYSTEM_CHECKS = ["axes.W001"]
# Tests read plain file names; hashed names need collectstatic first.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    # One test database per process, so runs side by side on one server never
    # meet; pytest-django adds each xdist worker's suffix (_gw0, _gw1) as well.
    DATABASES["default"]["TEST"] = {
        "NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"
    }
else:
    # A file, not SQLite's shared in-memory database: there a write conflict
    # fails at once with "database table is locked" and the busy timeout never
    # applies, so the concurrency tests would test nothing real.
    # One file per process, so two runs side by side, or two xdist workers,
    # never share a database.
    DATABASES["default"]["TEST"] = {
        "NAME": os.path.join(
            tempfile.gettempdir(), f"newsroom-test-{os.getpid()}.sqlite3"
        )
    }

# Serve static files from the finders: no collectstatic before tests.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
