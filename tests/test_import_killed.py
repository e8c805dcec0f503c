"""An import killed (SIGKILL) in the middle of its write leaves nothing written.

`manage.py import_layer` runs as a subprocess against the test database with its own
application_name; once its transaction has written rows (it holds a transaction id),
it is killed. PostgreSQL then rolls the open transaction back: no pairing and no
history row of the file may remain.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from layers.models import Village
from tests.pgconn import connect

ROOT = Path(__file__).resolve().parents[1]
TAG = "geoportal-killed-import"
ROWS = 40_000
pytestmark = [pytest.mark.django_db, pytest.mark.slow]

BACKEND = """
    SELECT pid, backend_xid IS NOT NULL FROM pg_stat_activity
    WHERE application_name = %s AND datname = %s
"""


def write_file(path: Path) -> None:
    codes = list(Village.objects.values_list("code", flat=True))
    lines = ["village_code,year,partner_kind,partner"]
    lines += [
        f"{codes[n % len(codes)]},2030,department,中断测试单位{n}" for n in range(ROWS)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def wait_for(check, seconds: float, step: float = 0.01):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(step)
    return None


def test_an_import_killed_during_its_write_leaves_nothing(tmp_path):
    path = tmp_path / "pairings-killed.csv"
    write_file(path)
    settings = connection.settings_dict
    env = {
        **os.environ,
        "PGAPPNAME": TAG,
        "GEOPORTAL_DB_NAME": settings["NAME"],
        "GEOPORTAL_PG_PORT": str(settings["PORT"]),
    }
    env.pop("DATABASE_URL", None)
    watcher = connect()
    process = subprocess.Popen(
        [sys.executable, "manage.py", "import_layer", "pairing", str(path)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:

        def writing():
            with watcher.cursor() as cursor:
                cursor.execute(BACKEND, [TAG, settings["NAME"]])
                return any(has_xid for _pid, has_xid in cursor.fetchall())

        caught = wait_for(writing, 180)
        assert caught, "the import finished or never wrote before it could be killed"
        process.send_signal(signal.SIGKILL)
        process.wait(30)

        def gone():
            with watcher.cursor() as cursor:
                cursor.execute(BACKEND, [TAG, settings["NAME"]])
                return not cursor.fetchall()

        assert wait_for(gone, 60, 0.1), "the killed import's session did not end"
        with watcher.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM layers_pairing WHERE year = 2030")
            assert cursor.fetchone()[0] == 0
            cursor.execute(
                "SELECT count(*) FROM history_change WHERE table_name = 'layers_pairing'"
                " AND new ->> 'partner' LIKE '中断测试单位%%'"
            )
            assert cursor.fetchone()[0] == 0
    finally:
        if process.poll() is None:
            process.kill()
        watcher.close()
    assert process.returncode == -signal.SIGKILL
