"""The stamp cache as a serving process runs it, for tests (layers/api/conditional.py).

`kept` is a fixture: a fresh StampCache with its listener on the test database, put in
place of the module's STAMPS. Writes inside a test's transaction never commit, so
nothing NOTIFYs; `committed()` and `bump()` write from another connection and commit,
as a write elsewhere does.
"""

import time

import pytest

from layers.api import conditional as cond
from tests.pgconn import connect


@pytest.fixture
def kept(monkeypatch):
    """A stamp cache with its listener running on the test database, as in gunicorn."""
    cache = cond.StampCache()
    cache.poll_seconds = 0.5
    monkeypatch.setattr(cond, "STAMPS", cache)
    cache.enable()
    cache.token()  # starts the listener
    until(lambda: cache.live)
    yield cache
    cache.stop()


def until(condition, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def committed(statement: str, params=None) -> None:
    """Run `statement` on another connection and commit it (a write elsewhere)."""
    outside = connect()
    try:
        with outside.cursor() as cursor:
            cursor.execute(statement, params)
    finally:
        outside.close()


def bump(table: str) -> None:
    """Move a change stamp, committed (what a write to `table` does)."""
    committed(
        "UPDATE layers_change_stamp SET version = version + 1,"
        " changed_at = clock_timestamp() WHERE table_name = %s",
        [table],
    )
