"""Liveness and readiness: /healthz answers 200 only when the database answers."""

from django.db import DatabaseError, connection
from django.http import JsonResponse


def healthz(request):
    """Report whether the service and its database are reachable."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("select postgis_lib_version()")
            (postgis,) = cursor.fetchone()
    except DatabaseError as error:
        return JsonResponse({"status": "unavailable", "database": str(error).strip()}, status=503)
    return JsonResponse({"status": "ok", "database": "ok", "postgis": postgis})
