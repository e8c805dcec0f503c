"""Reuse database connections without a health check on every request.

Django's CONN_HEALTH_CHECKS runs `SELECT 1` before the first statement of every request;
on a busy server that is a round trip per request for nothing. Instead (settings turn
the check off): a connection that raised an error is closed at the end of its request
by Django itself (`close_old_connections`), and a connection left idle for more than
`GEOPORTAL_DB_IDLE_CHECK` seconds is checked before the request that reuses it, so a
database restarted while the server was quiet costs no failed request. A restart under
load fails the requests in flight (503 with a message) and the next ones reconnect.
"""

import time

from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import connections

LAST_USED = "_geoportal_last_used"


def check_idle(**_kwargs) -> None:
    """Close this thread's connections that idled too long and no longer answer."""
    now = time.monotonic()
    for conn in connections.all(initialized_only=True):
        check(conn, now)


def check(conn, now: float) -> None:
    """Close `conn` if it idled more than the setting and no longer answers."""
    last = getattr(conn, LAST_USED, None)
    if conn.connection is None or last is None or conn.in_atomic_block:
        return
    if now - last > settings.GEOPORTAL_DB_IDLE_CHECK and not conn.is_usable():
        conn.close()


def mark_used(**_kwargs) -> None:
    now = time.monotonic()
    for conn in connections.all(initialized_only=True):
        setattr(conn, LAST_USED, now)


def install() -> None:
    """Connect the checks to every request (the serving process calls it once)."""
    request_started.connect(check_idle, dispatch_uid="geoportal-idle-check")
    request_finished.connect(mark_used, dispatch_uid="geoportal-mark-used")
