"""Request limits shared by every worker and process, on every read surface.

Counts live in PostgreSQL (accounts.ThrottleCount, an UNLOGGED table): the one store all
gunicorn workers, processes and hosts of the service already share, so a limit of 60 per
minute holds for the whole service, not per worker (Django's per-process memory cache let
3 workers send 3x through). Windows are fixed (a minute starting on the minute for
"N/minute"), so a client may send up to twice the rate across a window's edge.

Batching (issue 16): a database round trip per request put all of one client's
concurrent requests in a queue on the same row lock (REST detail 496 req/s with it,
1,336 without). So each process counts in memory per (client, window), under a lock
(gthread workers), and sends its delta with one UPSERT ... RETURNING, learning the shared
total from the answer, only when the delta reaches the batch (10% of the limit, at least
1) or FLUSH_SECONDS (1 s) have passed since its last send. A request is refused when the
last known shared total plus this process's unsent (and in-flight) hits passes the limit.
Most requests cost no database statement at all.

Worst-case overshoot: a process decides on a shared total that lacks the other
processes' unsent hits, fewer than one batch each, so in one window at most
limit + processes × batch requests get through (processes = gunicorn workers on every
host; 2 workers at 1200/minute: 1,440; 3 workers at 20/hour: 26). A limit under 10 has a
batch of 1: every request is sent, as before, and the overshoot is processes × 1 at most.
Fewer than the limit are never let through. Unsent hits of a window that has ended are
dropped; those of a process that stops (fewer than a batch) are lost.

ThrottleMiddleware counts every request to the REST API (/api/, exports and coverage
included), OGC API Features (/ogc/), tiles (/tiles/), WMS (/wms) and the file downloads
(.xlsx, .csv, .gpx, .kml, .geojson): anonymous clients per address at
GEOPORTAL_THROTTLE_ANON, signed-in users and tokens per user at GEOPORTAL_THROTTLE_USER,
both read per request ("off" or empty turns one off). Over the limit: 429 with
Retry-After. Should the database not answer, the delta stays in memory and is sent with
the next flush; meanwhile the process limits on what it knows (the view itself answers
503).
"""

import random
import threading
import time
from contextlib import nullcontext

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils.translation import gettext as _

PREFIXES = ("/api/", "/ogc/", "/tiles/", "/wms")
SUFFIXES = (".xlsx", ".csv", ".gpx", ".kml", ".geojson")
DURATIONS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
COUNTED = "geoportal.throttle"  # (over, seconds left), set by the replay front
CLEAN_EVERY = 1000  # about one flush in this many drops windows older than a day
BATCH_SHARE = 10  # a process flushes once its unflushed hits reach limit // this (≥ 1)
FLUSH_SECONDS = 1.0  # ... or once this long has passed since its last flush

UPSERT = """
INSERT INTO accounts_throttlecount (key, slot, hits) VALUES (%s, %s, %s)
ON CONFLICT (key, slot) DO UPDATE SET hits = accounts_throttlecount.hits + EXCLUDED.hits
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


def batch_size(allowed: int) -> int:
    """Hits a process may hold unflushed for one client and window: 10% of the limit."""
    return max(1, allowed // BATCH_SHARE)


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


def hit(
    key: str, duration: int, now: float | None = None, delta: int = 1
) -> tuple[int, int]:
    """Add `delta` requests of `key` in PostgreSQL; return (requests in this window, all
    processes together, seconds left)."""
    now = time.time() if now is None else now
    slot = int(now // duration) * duration
    # Inside a transaction (tests), a savepoint keeps a failed count from aborting it.
    guard = transaction.atomic() if connection.in_atomic_block else nullcontext()
    with guard, connection.cursor() as cursor:
        cursor.execute(UPSERT, [key, slot, delta])
        (hits,) = cursor.fetchone()
        if random.randrange(CLEAN_EVERY) == 0:
            cursor.execute(CLEAN, [int(now) - 86400])
    return hits, max(1, int(slot + duration - now + 0.999))


class Window:
    """One process's view of one client's count in one window."""

    __slots__ = (
        "known",
        "unflushed",
        "in_flight",
        "flushed_at",
        "sent",
        "applied",
        "end",
    )

    def __init__(self, now: float, end: int):
        # When the window closes: its unflushed hits no longer matter then.
        self.end = end
        self.known = 0  # the shared total as of the last answer from PostgreSQL
        self.unflushed = 0  # hits counted here, not yet sent
        self.in_flight = 0  # hits sent, answer not back yet
        self.flushed_at = now
        # Flushes sent / applied: an older answer never replaces a newer one.
        self.sent = 0
        self.applied = 0

    def total(self) -> int:
        return self.known + self.in_flight + self.unflushed


_lock = threading.Lock()
_windows: dict[tuple[str, int], Window] = {}
_prune_at = 1024  # drop ended windows when the table reaches this size (then doubles)


def forget() -> None:
    """Drop this process's unflushed counts (tests)."""
    with _lock:
        _windows.clear()


def count(
    key: str, allowed: int, duration: int, now: float | None = None
) -> tuple[bool, int]:
    """Count one request of `key`; return (over the limit?, seconds left in the window).

    Most calls only touch memory; one in `batch_size(allowed)` calls (or the first after
    FLUSH_SECONDS) sends this process's delta to PostgreSQL and learns the shared total.
    """
    global _prune_at
    now = time.time() if now is None else now
    slot = int(now // duration) * duration
    left = max(1, int(slot + duration - now + 0.999))
    with _lock:
        window = _windows.get((key, slot))
        if window is None:
            if len(_windows) >= _prune_at:
                for old in [k for k, w in _windows.items() if w.end <= now]:
                    del _windows[old]
                _prune_at = max(1024, 2 * len(_windows))
            window = _windows[(key, slot)] = Window(now, slot + duration)
        window.unflushed += 1
        if (
            window.unflushed < batch_size(allowed)
            and now - window.flushed_at < FLUSH_SECONDS
        ):
            return window.total() > allowed, left
        delta, window.unflushed = window.unflushed, 0
        window.in_flight += delta
        window.flushed_at = now
        window.sent += 1
        number = window.sent
    try:
        total, _left = hit(key, duration, now, delta)
    except DatabaseError:
        total = None
    with _lock:
        window.in_flight -= delta
        if total is None:
            window.unflushed += delta  # sent again with the next flush
        elif number > window.applied:
            window.applied = number
            window.known = total
        return window.total() > allowed, left


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
                # The replay front (layers/api/replay.py) counted it already.
                counted = request.META.pop(COUNTED, None)
                over, left = counted or count(key, allowed, duration)
                if over:
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
