"""Run the project's shell scripts (scripts/backup.sh, restore.sh) on the test cluster, and
drop the scratch databases they make.

The scripts archive the media directory with the dump and a restore swaps it in whole; a
test names its own GEOPORTAL_MEDIA_ROOT, or gets an empty one of this process, so it never
archives or replaces the repository's var/media while another test (or an xdist worker,
or a developer's server) writes there.
"""

import os
import subprocess
import tempfile
from pathlib import Path

from django.db import connection

from tests.pgconn import connect

ROOT = Path(__file__).resolve().parents[2]
_media: list[str] = []


def private_media() -> str:
    """Return an empty media directory of this test process (made on first use)."""
    if not _media:
        _media.append(tempfile.mkdtemp(prefix="geoportal-test-media-"))
    return _media[0]


def script(name: str, *args: str, **env) -> str:
    """Run scripts/<name> on the test cluster; assert it succeeded, return its output."""
    settings = connection.settings_dict
    environment = {
        **os.environ,
        "GEOPORTAL_PG_PORT": str(settings["PORT"]),
        "GEOPORTAL_MEDIA_ROOT": private_media(),
        **env,
    }
    environment.pop("DATABASE_URL", None)
    done = subprocess.run(
        [str(ROOT / "scripts" / name), *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def drop(dbname: str) -> None:
    """Drop a scratch database, sessions and all, if it exists."""
    conn = connect("postgres")
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
    conn.close()
