"""With the database unreachable, requests fail cleanly (503 and a message) and the same
running server recovers once it is back. No mocks: a real gunicorn on the test database,
whose sessions are ended and whose new connections are refused for a while."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from tests.pgconn import connect

ROOT = Path(__file__).resolve().parents[2]
TAG = "geoportal-fault-test"
pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str, accept: str = "*/*") -> tuple[int, str, str]:
    request = urllib.request.Request(
        url, headers={"Accept": accept, "Cookie": "django_language=en"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return (
                response.status,
                response.headers["Content-Type"],
                response.read().decode(),
            )
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read().decode()


@pytest.fixture
def server():
    """Start gunicorn (one worker) on the test database; yield its base URL."""
    settings = connection.settings_dict
    port = free_port()
    env = {
        **os.environ,
        "PGAPPNAME": TAG,
        "GEOPORTAL_DB_NAME": settings["NAME"],
        "GEOPORTAL_PG_PORT": str(settings["PORT"]),
        "GEOPORTAL_PUBLIC_READ": "1",
        "GEOPORTAL_THROTTLE_ANON": "off",
        "DJANGO_SECRET_KEY": "x" * 60,
        "DJANGO_DEBUG": "0",
    }
    env.pop("DATABASE_URL", None)
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "geoportal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if fetch(base + "/healthz")[0] == 200:
                break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        pytest.fail("gunicorn did not start: " + process.stderr.read().decode()[-2000:])
    yield base, process
    process.terminate()
    process.wait(30)


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
