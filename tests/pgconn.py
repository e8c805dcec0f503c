"""Open a second, independent connection to the test cluster (psycopg2), for tests that
watch or disturb the database from outside Django's own connection."""

import psycopg2
from django.db import connection


def connect(dbname: str | None = None, *, autocommit: bool = True):
    """Connect to `dbname` (default: the test database) as Django's user."""
    settings = connection.settings_dict
    conn = psycopg2.connect(
        dbname=dbname or settings["NAME"],
        user=settings["USER"],
        host=settings["HOST"],
        port=settings["PORT"],
    )
    conn.autocommit = autocommit
    return conn
