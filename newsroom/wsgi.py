"""WSGI entry point, for gunicorn: gunicorn newsroom.wsgi."""

import os

from django.core.wsgi import get_wsgi_application

from newsroom.checks import raise_site_url_errors

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

application = get_wsgi_application()

# gunicorn runs no system checks: a production start without the site's
# address must fail here, as `manage.py check` would.
raise_site_url_errors()
