"""WSGI entry point (gunicorn geoportal.wsgi:application)."""

import os
import sys

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geoportal.settings")
application = get_wsgi_application()

from django.conf import settings  # noqa: E402 - after set-up

from geoportal import connections  # noqa: E402

connections.install()
# Not inside a test run (a live server thread imports this module): tests write in
# transactions they never commit, so no NOTIFY would tell the kept stamps of the change.
if settings.GEOPORTAL_STAMP_CACHE and "pytest" not in sys.modules:
    from layers.api.conditional import STAMPS  # noqa: E402

    STAMPS.enable()

from layers.api.replay import Front  # noqa: E402

# Anonymous readers' repeated requests are answered from memory while nothing changed.
application = Front(application)
