"""Liveness and readiness: /healthz answers 200 only when the database answers.

The database's own error (host names, socket paths, user names) goes to the log and,
on the page, only to superusers; everyone else reads that the database is unreachable.
"""

import logging

from django.db import DatabaseError, connection
from django.http import JsonResponse

log = logging.getLogger(__name__)


def healthz(request):
    """Report whether the service and its database are reachable."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("select postgis_lib_version()")
            (postgis,) = cursor.fetchone()
    except DatabaseError as error:
        log.warning("health check: database unavailable: %s", error)
        body = {"status": "unavailable", "database": "unreachable"}
        user = getattr(request, "user", None)
        if user is not None and getattr(user, "is_superuser", False):
            body["error"] = str(error).strip()
        return JsonResponse(body, status=503)
    return JsonResponse({"status": "ok", "database": "ok", "postgis": postgis})
