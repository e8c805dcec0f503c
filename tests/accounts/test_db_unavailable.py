"""With the database unreachable, requests fail cleanly (503 and a message) and the same
running server recovers once it is back. No mocks: a real gunicorn on the test database,
whose sessions are ended and whose new connections are refused for a while."""

import json

import pytest
from django.db import connection

from tests.pgconn import connect
from tests.support.gunicorn import fetch as fetch_raw
from tests.support.gunicorn import gunicorn

TAG = "geoportal-fault-test"
pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def fetch(url: str, accept: str = "*/*") -> tuple[int, str, str]:
    status, headers, body = fetch_raw(
        url, headers={"Accept": accept, "Cookie": "django_language=en"}, timeout=30
    )
    return status, headers["Content-Type"], body.decode()


@pytest.fixture(scope="module")
def server(django_db_setup):
    """One gunicorn (one worker) on the test database for both tests; its sessions carry
    TAG as application name, so `block` can end exactly them."""
    with gunicorn(ready=(200,), PGAPPNAME=TAG, GEOPORTAL_PUBLIC_READ="1") as served:
        yield served.url, served.process


def block(conn, dbname: str, blocked: bool) -> None:
    with conn.cursor() as cursor:
        if blocked:
            cursor.execute(f'ALTER DATABASE "{dbname}" ALLOW_CONNECTIONS false')
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE application_name = %s",
                [TAG],
            )
        else:
            cursor.execute(f'ALTER DATABASE "{dbname}" ALLOW_CONNECTIONS true')


def test_requests_answer_503_while_the_database_is_away_then_recover(server):
    base, process = server
    dbname = connection.settings_dict["NAME"]
    assert fetch(base + "/api/townships/?limit=1")[0] == 200
    admin = connect("postgres")
    try:
        block(admin, dbname, True)
        status, kind, body = fetch(base + "/api/townships/?limit=1")
        assert status == 503 and kind.startswith("application/json")
        assert "database" in json.loads(body)["detail"]
        status, kind, body = fetch(base + "/", accept="text/html")
        assert status == 503 and kind.startswith("text/html") and "503" in body
        assert fetch(base + "/healthz")[0] == 503
    finally:
        block(admin, dbname, False)
        admin.close()
    assert fetch(base + "/api/townships/?limit=1")[0] == 200
    assert fetch(base + "/", accept="text/html")[0] == 200
    assert process.poll() is None  # the same server, never restarted


def test_issue9_d9_healthz_hides_the_database_error_from_anonymous(server):
    base, _process = server
    dbname = connection.settings_dict["NAME"]
    admin = connect("postgres")
    try:
        block(admin, dbname, True)
        status, _kind, body = fetch(base + "/healthz")
    finally:
        block(admin, dbname, False)
        admin.close()
    assert status == 503
    answer = json.loads(body)
    assert answer == {"status": "unavailable", "database": "unreachable"}, answer
