"""Item 9f of issue 9: GEOPORTAL_PG_PORT set after the private cluster was created is the
port the server listens on (scripts/devdb.sh passes it on every start)."""

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def devdb(root: Path, action: str, port: int) -> subprocess.CompletedProcess:
    env = {**os.environ, "GEOPORTAL_PG_PORT": str(port)}
    env.pop("DATABASE_URL", None)
    return subprocess.run(
        ["bash", str(root / "scripts" / "devdb.sh"), action],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def answers(root: Path, port: int) -> bool:
    psql = shutil.which("psql")
    done = subprocess.run(
        [
            psql,
            "-h",
            str(root / "var/pg/run"),
            "-p",
            str(port),
            "-U",
            "geoportal",
            "-d",
            "geoportal",
            "-tAc",
            "select 1",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    return done.stdout.strip() == "1"


def test_issue9_d9_a_port_changed_after_creation_is_served():
    if not Path("/usr/lib/postgresql").is_dir() or shutil.which("psql") is None:
        pytest.skip("PostgreSQL server binaries are not installed")
    # Not pytest's tmp_path: its 0700 parents keep the postgres user out.
    root = Path(tempfile.mkdtemp(prefix="geoportal-devdb-")) / "repo"
    (root / "scripts").mkdir(parents=True)
    shutil.copy(ROOT / "scripts" / "devdb.sh", root / "scripts" / "devdb.sh")
    first, second = free_port(), free_port()
    try:
        created = devdb(root, "start", first)
        assert created.returncode == 0, created.stderr
        assert answers(root, first)
        # Asking for another port while it runs is a clear error, not a silent mismatch.
        clash = devdb(root, "start", second)
        assert clash.returncode == 1 and str(first) in clash.stderr
        assert devdb(root, "stop", first).returncode == 0
        moved = devdb(root, "start", second)
        assert moved.returncode == 0, moved.stderr
        assert answers(root, second)
    finally:
        devdb(root, "stop", second)
        devdb(root, "stop", first)
        shutil.rmtree(root.parent, ignore_errors=True)
