"""WSGI entry point for gunicorn."""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spa_site.settings")

application = get_wsgi_application()

# Import every URL pattern and view now: gunicorn loads this module once before forking its
# workers (preload_app), so each starts with them in memory instead of importing them on its
# first requests.
get_resolver().url_patterns  # noqa: B018 - the import is the point
