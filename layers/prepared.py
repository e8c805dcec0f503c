"""Run the feeds' and tiles' statements prepared, with their generic plan (issue 16).

PostgreSQL plans a statement every time it arrives as text. A feed's FeatureCollection
statement (joins, a count subquery, the stamps: 4 KB of SQL) takes 0.5–2 ms to plan,
more than it takes to run for a bbox of 50 villages; Django never prepares, and psycopg
3's client-side binding (Django's default cursor) also writes every parameter into the
text. Here the statement goes through a server-side-binding cursor with `prepare=True`:
the connection keeps it prepared (psycopg's `prepared_max`, 100 statements per
connection, least recently used dropped) and PostgreSQL runs its generic plan
(`plan_cache_mode=force_generic_plan`, set in the connection options by
geoportal/settings.py; Django's own statements are never prepared, so that setting
touches only these and PL/pgSQL's). Measured on the bbox of 52 villages: 2.5 ms a
statement against 5.0 ms through Django's cursor; 1,000 sites: 23 against 42 ms
(load 5).

GEOPORTAL_DB_PREPARE=0 turns it off, e.g. behind a pooler in transaction mode
(PgBouncer before 1.21) that cannot keep prepared statements. Errors are Django's
(`wrap_database_errors`), so the 503 page and closing a broken connection work as for any
statement.
"""

import time

from django.conf import settings
from django.db import connection

try:  # psycopg 3 (Django uses it when installed); psycopg2 has no prepared cursors
    import psycopg
except ImportError:  # pragma: no cover - psycopg 3 is in requirements.txt
    psycopg = None


def fetch_row(sql: str, params: list) -> tuple | None:
    """Run `sql` (one row expected) prepared when possible; return the row or None."""
    connection.ensure_connection()
    raw = connection.connection
    if (
        psycopg is None
        or not settings.GEOPORTAL_DB_PREPARE
        or not isinstance(raw, psycopg.Connection)
        or connection.execute_wrappers  # a test watching every statement
    ):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()
    started = time.monotonic()
    try:
        with connection.wrap_database_errors, psycopg.Cursor(raw) as cursor:
            cursor.execute(sql, params, prepare=True)
            return cursor.fetchone()
    finally:
        if connection.queries_logged:  # DEBUG, or a test counting statements
            connection.queries_log.append(
                {
                    "sql": f"{sql} /* prepared, params {params!r} */",
                    "time": f"{time.monotonic() - started:.3f}",
                }
            )
