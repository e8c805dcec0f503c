"""Restart PostgreSQL under load: requests must fail cleanly (503 with a message) while
it is down and succeed again afterwards from the same gunicorn, with no write lost.

    .venv/bin/python bench/db_restart.py                      # a throw-away cluster
    .venv/bin/python bench/db_restart.py --source-db geoportal_sec --down 10
    .venv/bin/python bench/db_restart.py --devdb --db geoportal_sec   # the shared one

By default the script copies --source-db (scripts/backup.sh) into a cluster of its own
(var/fault-pg, port 5434) and stops/starts that one, so the private cluster other people
test against keeps running; --devdb stops and starts the shared cluster instead
(scripts/devdb.sh). Readers loop over feeds and pages with a read token; a writer
creates ratings with a write token and notes every 201. Exit 1 on any answer that is
neither 2xx/3xx nor a 503 with a message, on a request left without an answer, if the
service has not recovered, or if an acknowledged rating is missing afterwards.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import ROOT, Gunicorn, bench_token, fetch, project_env, save

FAULT_DIR = ROOT / "var" / "fault-pg"
PG_BIN = max(
    Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name)
)
READ_PATHS = [
    "/api/townships/?precision=5",
    "/api/villages/?limit=50",
    "/",
    "/api/history/?limit=5",
    "/ogc/collections/villages/items?limit=10",
]


def as_owner(*command: str, **kwargs) -> subprocess.CompletedProcess:
    """Run a PostgreSQL server command as `postgres` when this script runs as root."""
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run(
        [*prefix, *command], check=True, capture_output=True, text=True, **kwargs
    )


class ThrowAwayCluster:
    """A cluster of its own in var/fault-pg holding a copy of the source database."""

    def __init__(self, port: int):
        self.port, self.data, self.run = port, FAULT_DIR / "data", FAULT_DIR / "run"
        self.url = f"postgres://geoportal@/geoportal?host={self.run}&port={port}"

    def create(self, source_db: str) -> None:
        shutil.rmtree(FAULT_DIR, ignore_errors=True)
        self.run.mkdir(parents=True)
        if os.geteuid() == 0:
            shutil.chown(FAULT_DIR, "postgres", "postgres")
            shutil.chown(self.run, "postgres", "postgres")
        as_owner(
            str(PG_BIN / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth-local=trust",
            "--auth-host=reject",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        with open(self.data / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write(
                f"port = {self.port}\nlisten_addresses = ''\n"
                f"unix_socket_directories = '{self.run}'\n"
            )
        self.start()
        as_owner(
            str(PG_BIN / "psql"),
            "-h",
            str(self.run),
            "-p",
            str(self.port),
            "-d",
            "postgres",
            "-qc",
            "CREATE ROLE geoportal LOGIN SUPERUSER",
        )
        env = {
            **os.environ,
            "GEOPORTAL_DB_NAME": source_db,
            "BACKUP_DIR": str(FAULT_DIR),
        }
        env.pop("DATABASE_URL", None)
        dump = subprocess.run(
            [str(ROOT / "scripts" / "backup.sh")],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        env = {**os.environ, "DATABASE_URL": self.url}
        env.pop("GEOPORTAL_DB_NAME", None)
        subprocess.run(
            [str(ROOT / "scripts" / "restore.sh"), dump],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )

    def start(self) -> None:
        as_owner(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(FAULT_DIR / "postgres.log"),
            "-w",
            "-t",
            "60",
            "start",
        )

    def stop(self) -> None:
        as_owner(
            str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"
        )

    def count(self, sql: str) -> str:
        return as_owner(
            str(PG_BIN / "psql"),
            "-h",
            str(self.run),
            "-p",
            str(self.port),
            "-U",
            "geoportal",
            "-d",
            "geoportal",
            "-Atc",
            sql,
        ).stdout.strip()


class SharedCluster:
    """The private cluster of scripts/devdb.sh (everyone's test databases stop too)."""

    def __init__(self, db: str):
        self.db = db

    def start(self) -> None:
        subprocess.run(
            [str(ROOT / "scripts" / "devdb.sh"), "start"],
            check=True,
            capture_output=True,
        )

    def stop(self) -> None:
        subprocess.run(
            [str(ROOT / "scripts" / "devdb.sh"), "stop"],
            check=True,
            capture_output=True,
        )

    def count(self, sql: str) -> str:
        return subprocess.run(
            [
                str(PG_BIN / "psql"),
                "-h",
                str(ROOT / "var" / "pg" / "run"),
                "-p",
                os.environ.get("GEOPORTAL_PG_PORT", "5433"),
                "-U",
                "geoportal",
                "-d",
                self.db,
                "-Atc",
                sql,
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()


def clean_503(status: int, kind: str, body: bytes) -> bool:
    """Say whether an answer is the middleware's 503 with a message."""
    if status != 503:
        return False
    if kind.startswith("application/json"):
        return bool(json.loads(body).get("detail"))
    return b"<p>" in body and len(body) > 100


def reader(base, token, stop, log, started):
    n = 0
    while not stop.is_set():
        path = READ_PATHS[n % len(READ_PATHS)]
        n += 1
        t0 = time.monotonic()
        status, kind, body = fetch(base + path, token)
        log.append(
            {
                "t": round(t0 - started, 2),
                "path": path,
                "status": status,
                "clean": clean_503(status, kind, body),
                "ms": round((time.monotonic() - t0) * 1000),
            }
        )


def writer(base, token, villages, stop, log, started):
    import urllib.request

    n = 0
    while not stop.is_set():
        village, year = villages[n % len(villages)], 2030 + n // len(villages)
        n += 1
        body = json.dumps({"village": village, "year": year, "branch": True}).encode()
        request = urllib.request.Request(
            base + "/api/ratings/",
            data=body,
            method="POST",
            headers={
                "Authorization": f"Token {token}",
                "Content-Type": "application/json",
            },
        )
        t0 = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, kind, text = (
                    response.status,
                    response.headers["Content-Type"],
                    b"",
                )
        except urllib.error.HTTPError as error:
            status, kind, text = error.code, error.headers["Content-Type"], error.read()
        except OSError:
            status, kind, text = 0, "", b""
        log.append(
            {
                "t": round(t0 - started, 2),
                "path": "POST /api/ratings/",
                "status": status,
                "clean": clean_503(status, kind, text),
                "key": [village, year],
            }
        )
        time.sleep(0.05)


def write_token(env: dict) -> str:
    from harness import MAKE_TOKEN, manage

    code = MAKE_TOKEN.format(username="bench-admin", role="county_admin").replace(
        'name="bench")', 'name="bench", write=True)'
    )
    return manage(env, "shell", "-c", code).strip().splitlines()[-1]


def judge(log: list[dict], stopped: float, restarted: float) -> dict:
    """Sort the answers into before / down / after and find the faults."""
    bad = [e for e in log if not (200 <= e["status"] < 400 or e["clean"])]
    after = [e for e in log if e["t"] >= restarted]
    first_ok = next(
        (
            e["t"]
            for e in sorted(after, key=lambda e: e["t"])
            if 200 <= e["status"] < 400
        ),
        None,
    )
    settled = [e for e in after if first_ok is not None and e["t"] > first_ok + 2]
    return {
        "answers": len(log),
        "before": summary([e for e in log if e["t"] < stopped]),
        "down": summary([e for e in log if stopped <= e["t"] < restarted]),
        "after": summary(after),
        "recovered_s_after_start": None
        if first_ok is None
        else round(first_ok - restarted, 2),
        "failures_after_recovery": [e for e in settled if not 200 <= e["status"] < 400],
        "bad": bad[:20],
        "bad_count": len(bad),
    }


def summary(entries: list[dict]) -> dict:
    counts: dict[str, int] = {}
    for e in entries:
        key = "503 with message" if e["clean"] else str(e["status"])
        counts[key] = counts.get(key, 0) + 1
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--source-db",
        default="geoportal_sec",
        help="database copied into the throw-away cluster",
    )
    parser.add_argument("--port", type=int, default=5434)
    parser.add_argument(
        "--devdb", action="store_true", help="restart the shared cluster"
    )
    parser.add_argument("--db", default="geoportal", help="database name with --devdb")
    parser.add_argument("--readers", type=int, default=6)
    parser.add_argument("--warm", type=float, default=8)
    parser.add_argument("--down", type=float, default=10)
    parser.add_argument("--after", type=float, default=15)
    parser.add_argument("--keep", action="store_true", help="keep var/fault-pg")
    options = parser.parse_args()

    if options.devdb:
        cluster = SharedCluster(options.db)
        env = project_env(GEOPORTAL_DB_NAME=options.db, GEOPORTAL_THROTTLE_USER="off")
    else:
        cluster = ThrowAwayCluster(options.port)
        print(f"copying {options.source_db} into a cluster on port {options.port} …")
        cluster.create(options.source_db)
        env = project_env(DATABASE_URL=cluster.url, GEOPORTAL_THROTTLE_USER="off")
        env.pop("GEOPORTAL_DB_NAME", None)
    try:
        read, write = bench_token(env), write_token(env)
        villages = cluster.count(
            "SELECT string_agg(code, ',' ORDER BY code) FROM layers_village"
        ).split(",")
        cluster.count(
            "DELETE FROM layers_starrating WHERE year >= 2030"
        ) if options.devdb else None
        log: list[dict] = []
        stop = threading.Event()
        with Gunicorn(env) as server:
            pid = server.process.pid
            started = time.monotonic()
            threads = [
                threading.Thread(
                    target=reader, args=(server.url, read, stop, log, started)
                )
                for _ in range(options.readers)
            ]
            threads.append(
                threading.Thread(
                    target=writer,
                    args=(server.url, write, villages, stop, log, started),
                )
            )
            for thread in threads:
                thread.start()
            time.sleep(options.warm)
            stopped = time.monotonic() - started
            cluster.stop()
            print(f"database stopped at {stopped:.1f} s")
            time.sleep(options.down)
            cluster.start()
            restarted = time.monotonic() - started
            print(f"database started at {restarted:.1f} s")
            time.sleep(options.after)
            stop.set()
            for thread in threads:
                thread.join(60)
            same_server = server.process.poll() is None and server.process.pid == pid
        acknowledged = {tuple(e["key"]) for e in log if e["status"] == 201}
        stored = cluster.count(
            "SELECT string_agg(v.code || ':' || r.year, ',') FROM layers_starrating r "
            "JOIN layers_village v ON v.id = r.village_id WHERE r.year >= 2030"
        )
        stored = {tuple(k.split(":")) for k in stored.split(",") if k}
        stored = {(code, int(year)) for code, year in stored}
        verdict = judge(log, stopped, restarted)
        verdict.update(
            stopped_at_s=round(stopped, 1),
            started_at_s=round(restarted, 1),
            same_gunicorn=same_server,
            writes_acknowledged=len(acknowledged),
            acknowledged_missing=len(acknowledged - stored),
            stored_without_acknowledgement=len(stored - acknowledged),
        )
    finally:
        if not options.devdb:
            try:
                cluster.stop()
            except subprocess.CalledProcessError:
                pass  # already stopped: the run failed while it was down
            if not options.keep:
                shutil.rmtree(FAULT_DIR, ignore_errors=True)
    path = save("db_restart", {**verdict, "log": log})
    print(json.dumps({k: v for k, v in verdict.items() if k != "bad"}, indent=1))
    print(f"saved {path}")
    failed = (
        verdict["bad_count"]
        or verdict["recovered_s_after_start"] is None
        or verdict["failures_after_recovery"]
        or not same_server
        or verdict["acknowledged_missing"]
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
