"""Keep the loaded Neihuang data set in memory and put it back after a transactional test.

A transactional test (live server, real worker, gunicorn) commits its rows. pytest-django
then flushes: TRUNCATE of every table (slow here: each truncated relation makes PostgreSQL
sweep its whole 512 MB buffer pool, ~1.5 s for the lot) and the tables stay empty, so a
browser test loaded the data set again through the importer (~8 s). Instead, `take()` runs
once, right after the session's `load_neihuang`, and `reset()` replaces the flush: every
table whose rows differ from what was taken is emptied and copied back, so each test starts
from the same data set whether it runs first, last, alone or on another xdist worker.

The copy is byte for byte (PostgreSQL's binary COPY) of every table Django's flush empties,
content types and permissions included, with their ids. A table counts as changed when its
row count or the newest row version (xmin) differs: any INSERT or UPDATE makes a new row
version, a DELETE lowers the count. User triggers (history, change stamps, foreign-key
checks) stay off while rows go back, so nothing is recorded that the load did not record;
the change stamps of the tables put back are then moved on, as the flush's TRUNCATE moved
them, so no ETag or kept tile of the test's rows outlives them.
"""

from django.db import connection, transaction

_rows: dict[str, bytes] = {}
_marks: dict[str, tuple[int, int]] = {}


def tables() -> list[str]:
    """Return the tables Django's flush empties, in a stable order."""
    return sorted(
        connection.introspection.django_table_names(
            only_existing=True, include_views=False
        )
    )


def _quote(table: str) -> str:
    return connection.ops.quote_name(table)


def _read_marks(cursor, names) -> dict[str, tuple[int, int]]:
    """Return each table's (row count, newest xmin) in one statement."""
    if not names:
        return {}
    # The names come from Django's model registry, quoted.
    sql = " UNION ALL ".join(
        f"SELECT %s, count(*), coalesce(max(xmin::text::bigint), 0) FROM {_quote(t)}"
        for t in names
    )
    cursor.execute(sql, list(names))
    return {name: (rows, newest) for name, rows, newest in cursor.fetchall()}


def take() -> None:
    """Copy every flushed table's rows into memory and note how each looks now."""
    _rows.clear()
    with connection.cursor() as cursor:
        raw = cursor.cursor
        names = tables()
        for table in names:
            chunks = []
            with raw.copy(f"COPY {_quote(table)} TO STDOUT (FORMAT binary)") as copy:
                for chunk in copy:
                    chunks.append(bytes(chunk))
            _rows[table] = b"".join(chunks)
        _marks.clear()
        _marks.update(_read_marks(cursor, names))


def taken() -> bool:
    return bool(_rows)


def reset() -> list[str]:
    """Put the taken rows back into every table that changed since; return those tables."""
    if not _rows:
        return []
    with transaction.atomic(), connection.cursor() as cursor:
        now = _read_marks(cursor, list(_rows))
        changed = [table for table in _rows if now[table] != _marks[table]]
        if not changed:
            return []
        cursor.execute("SET LOCAL session_replication_role = replica")
        raw = cursor.cursor
        for table in changed:
            cursor.execute(f"DELETE FROM {_quote(table)}")
            with raw.copy(f"COPY {_quote(table)} FROM STDIN (FORMAT binary)") as copy:
                copy.write(_rows[table])
        cursor.execute("SET LOCAL session_replication_role = origin")
        _marks.update(_read_marks(cursor, changed))
        cursor.execute("SELECT to_regclass('layers_change_stamp') IS NOT NULL")
        if cursor.fetchone()[0]:
            cursor.execute(
                "UPDATE layers_change_stamp SET version = version + 1, "
                "changed_at = clock_timestamp() WHERE table_name = ANY(%s)",
                [changed],
            )
    # Content types may have been made again under new ids; forget the cached ones.
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    return changed
