"""A real gunicorn on the test database, and the committed rows it needs to see.

The tests that must go through the production WSGI server (health, the database going
away, throttles shared by workers, lost updates, odd bodies, a job outliving its web
server) all start it here. The test's own rows live in a transaction gunicorn cannot see,
so the user a test signs in as is written through a second connection (committed) and
its token revoked after.
"""

import base64
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from django.contrib.auth.hashers import make_password
from django.db import connection

from accounts import tokens
from tests.pgconn import connect

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "hostile-gunicorn-pw-1"


class Gunicorn(NamedTuple):
    url: str  # http://127.0.0.1:<port>
    process: subprocess.Popen


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str, method="GET", body: bytes | None = None, headers=None, timeout=60):
    """Return (status, headers, body bytes) of one request, errors included."""
    request = urllib.request.Request(
        url, data=body, method=method, headers=headers or {}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@contextmanager
def gunicorn(workers: int = 1, ready=(200, 503), args=(), **env_extra):
    """Run gunicorn with `workers` on the test database; yield it once /healthz answers
    with a status in `ready`. `args` go on its command line (a worker class, threads);
    `env_extra` adds or overrides environment variables."""
    settings = connection.settings_dict
    port = free_port()
    env = {
        **os.environ,
        "GEOPORTAL_DB_NAME": settings["NAME"],
        "GEOPORTAL_PG_PORT": str(settings["PORT"]),
        "GEOPORTAL_THROTTLE_ANON": "off",
        "GEOPORTAL_THROTTLE_USER": "off",
        "DJANGO_SECRET_KEY": "x" * 60,
        "DJANGO_DEBUG": "0",
        **{key: str(value) for key, value in env_extra.items()},
    }
    env.pop("DATABASE_URL", None)
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "geoportal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "60",
            *args,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if fetch(base + "/healthz", timeout=10)[0] in ready:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(
                    "gunicorn did not start: " + process.stderr.read().decode()[-2000:]
                )
            time.sleep(0.05)
        yield Gunicorn(base, process)
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def committed_superuser(name: str = "hostile-gunicorn-root"):
    """Yield (username, token text) of a superuser gunicorn sees; revoke the token after.

    The user stays (the audit trail refers to it); it is reused by the next test.
    """
    conn = connect()
    raw = tokens.PREFIX + base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip("=")
    with conn.cursor() as cursor:
        cursor.execute("SELECT id FROM auth_user WHERE username = %s", [name])
        found = cursor.fetchone()
        if found is None:
            cursor.execute(
                "INSERT INTO auth_user (password, is_superuser, username, first_name, "
                "last_name, email, is_staff, is_active, date_joined) "
                "VALUES ('', true, %s, '', '', '', true, true, now()) RETURNING id",
                [name],
            )
            found = cursor.fetchone()
        (user_id,) = found
        cursor.execute(
            "UPDATE auth_user SET password = %s, is_active = true, is_superuser = true "
            "WHERE id = %s",
            [make_password(PASSWORD), user_id],
        )
        cursor.execute(
            "INSERT INTO accounts_apitoken (user_id, name, digest, hint, can_write, "
            "created_at) VALUES (%s, 'test', %s, %s, true, now())",
            [user_id, tokens.digest(raw), raw[:8]],
        )
    try:
        yield name, raw
    finally:
        with conn.cursor() as cursor:
            cursor.execute(
                "UPDATE accounts_apitoken SET revoked_at = now() "
                "WHERE user_id = %s AND revoked_at IS NULL",
                [user_id],
            )
        conn.close()


@contextmanager
def restoring_rating(pk: int):
    """Put a rating's stars and note back after a test changed them through gunicorn,
    and drop the audit rows the test's committed writes left."""
    conn = connect()
    columns = "branch, industry, ecology, safety, civility, note"
    with conn.cursor() as cursor:
        cursor.execute("SELECT now()")
        (started,) = cursor.fetchone()
        cursor.execute(f"SELECT {columns} FROM layers_starrating WHERE id = %s", [pk])
        saved = cursor.fetchone()
    try:
        yield conn
    finally:
        with conn.cursor() as cursor:
            cursor.execute(
                f"UPDATE layers_starrating SET ({columns}) = "
                "(%s, %s, %s, %s, %s, %s) WHERE id = %s",
                [*saved, pk],
            )
            cursor.execute(
                "DELETE FROM history_change WHERE table_name = 'layers_starrating' "
                "AND object_id = %s AND at >= %s",
                [str(pk), started],
            )
        conn.close()
