"""Request limits shared by every worker and process, on every read surface.

Counts live in PostgreSQL (accounts.ThrottleCount, an UNLOGGED table): the one store all
gunicorn workers, processes and hosts of the service already share, so a limit of 60 per
minute is 60 per minute whatever the number of workers. Django's per-process memory
cache counted per worker (3 workers let 3x through) and the database cache would add a
read and a write per request; one UPSERT ... RETURNING counts and reads in one round
trip. Windows are fixed (a minute starting on the minute for "N/minute"), so a client
may send up to twice the rate across a window's edge, never more.

ThrottleMiddleware counts every request to the REST API (/api/, exports and coverage
included), OGC API Features (/ogc/), tiles (/tiles/), WMS (/wms) and the file downloads
(.xlsx, .csv, .gpx, .kml, .geojson): anonymous clients per address at
GEOPORTAL_THROTTLE_ANON, signed-in users and tokens per user at GEOPORTAL_THROTTLE_USER,
both read per request ("off" or empty turns one off). Over the limit: 429 with
Retry-After. Should the database not answer, requests are not counted (the view itself
answers 503).
"""

import random
import time
from contextlib import nullcontext

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils.translation import gettext as _

PREFIXES = ("/api/", "/ogc/", "/tiles/", "/wms")
SUFFIXES = (".xlsx", ".csv", ".gpx", ".kml", ".geojson")
DURATIONS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
CLEAN_EVERY = 1000  # about one request in this many drops windows older than a day

UPSERT = """
INSERT INTO accounts_throttlecount (key, slot, hits) VALUES (%s, %s, 1)
ON CONFLICT (key, slot) DO UPDATE SET hits = accounts_throttlecount.hits + 1
RETURNING hits
"""
CLEAN = "DELETE FROM accounts_throttlecount WHERE slot < %s"


def rate(value: str | None) -> tuple[int, int] | None:
    """Parse "N/second|minute|hour|day" into (N, seconds); None when off or empty."""
    value = (value or "").strip()
    if value.lower() in {"", "off", "none"}:
        return None
    count, _slash, unit = value.partition("/")
    return int(count), DURATIONS[unit.strip()[:1].lower()]


def throttled(path: str) -> bool:
    """Say whether requests to `path` are counted."""
    return path.startswith(PREFIXES) or path.endswith(SUFFIXES)


def client_key(request) -> tuple[str, tuple[int, int] | None]:
    """Return the client's counting key and the rate that applies to it."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}", rate(settings.GEOPORTAL_THROTTLE_USER)
    address = request.META.get("REMOTE_ADDR") or "unknown"
    return f"anon:{address}", rate(settings.GEOPORTAL_THROTTLE_ANON)


def hit(key: str, duration: int, now: float | None = None) -> tuple[int, int]:
    """Count one request of `key`; return (requests in this window, seconds left)."""
    now = time.time() if now is None else now
    slot = int(now // duration) * duration
    # Inside a transaction (tests), a savepoint keeps a failed count from aborting it.
    guard = transaction.atomic() if connection.in_atomic_block else nullcontext()
    with guard, connection.cursor() as cursor:
        cursor.execute(UPSERT, [key, slot])
        (hits,) = cursor.fetchone()
        if random.randrange(CLEAN_EVERY) == 0:
            cursor.execute(CLEAN, [int(now) - 86400])
    return hits, max(1, int(slot + duration - now + 0.999))


class ThrottleMiddleware:
    """Answer 429 once a client's requests in the window pass its rate (see the module).

    Put it after the authentication middlewares: it needs to know the user.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if throttled(request.path):
            key, limit = client_key(request)
            if limit is not None:
                allowed, duration = limit
                try:
                    hits, left = hit(key, duration)
                except DatabaseError:
                    hits = 0
                if hits > allowed:
                    from accounts.middleware import error_response

                    return error_response(
                        request,
                        429,
                        _(
                            "Too many requests: at most %(rate)s. Try again in "
                            "%(seconds)s s."
                        )
                        % {
                            "rate": settings.GEOPORTAL_THROTTLE_USER
                            if key.startswith("user:")
                            else settings.GEOPORTAL_THROTTLE_ANON,
                            "seconds": left,
                        },
                        Retry_After=str(left),
                    )
        return self.get_response(request)
