"""WSGI entry point (gunicorn geoportal.wsgi:application)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geoportal.settings")
application = get_wsgi_application()

from django.conf import settings  # noqa: E402 - after set-up

from geoportal import connections  # noqa: E402

connections.install()
if settings.GEOPORTAL_STAMP_CACHE:
    from layers.api.conditional import STAMPS  # noqa: E402

    STAMPS.enable()
