"""Benchmark the API against the SQL that builds the same bodies inside PostgreSQL.

    .venv/bin/python bench/api_bench.py                      # demo data, own gunicorn
    .venv/bin/python bench/api_bench.py --url http://127.0.0.1:8000 --db geoportal
    .venv/bin/python bench/api_bench.py --scale province     # synthetic 50,000 villages

For each case: wrk at one connection (median latency) and at --concurrency connections
(requests/s), then the very SQL the view runs, executed and fetched by psycopg2 on one
connection (median) and on --concurrency connections (statements/s). One-connection API
and SQL runs alternate for --rounds rounds, so load from elsewhere on the machine hits
both alike. The ratio is API median ÷ SQL median. wrk sends no Accept-Encoding, so no
time goes to gzip; "bytes" counts characters of the body.
"""

import argparse
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def setup_django(database: str) -> None:
    os.environ["GEOPORTAL_DB_NAME"] = database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geoportal.settings")
    import django

    django.setup()


def serve(database: str, port: int, workers: int) -> subprocess.Popen:
    """Start gunicorn on `database` and wait until it answers."""
    import urllib.request

    # The API's per-client throttle would answer 429 to a load generator: off for the run.
    env = {
        **os.environ,
        "GEOPORTAL_DB_NAME": database,
        "GEOPORTAL_THROTTLE_ANON": "off",
        "GEOPORTAL_THROTTLE_USER": "off",
        # Anonymous reads, as a public deployment serves them.
        "GEOPORTAL_PUBLIC_READ": "1",
    }
    process = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "geoportal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    sys.exit("gunicorn did not start")


def wrk(url: str, connections: int, seconds: int) -> tuple[float, float]:
    """Return (requests/s, median latency ms) from wrk."""
    threads = max(1, min(connections, 2))
    out = subprocess.run(
        [
            "wrk",
            "-t",
            str(threads),
            "-c",
            str(connections),
            "-d",
            f"{seconds}s",
            "--latency",
            "--timeout",
            "60s",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(
        next(line for line in out.splitlines() if "Requests/sec" in line).split()[-1]
    )
    if rate == 0:  # each request outlasts the run: time a few one after another
        return sequential(url, connections)
    median = next(line for line in out.splitlines() if line.strip().startswith("50%"))
    non2xx = [line for line in out.splitlines() if "Non-2xx" in line]
    if non2xx:
        sys.exit(
            f"{url}: {non2xx[0].strip()} (a throttled or private server? start it with "
            "GEOPORTAL_THROTTLE_ANON=off GEOPORTAL_PUBLIC_READ=1)"
        )
    return rate, to_ms(median.split()[-1])


def sequential(url: str, connections: int, count: int = 3) -> tuple[float, float]:
    """Return (requests/s at one connection, median ms) from `count` plain requests."""
    import urllib.request

    timings = []
    for _ in range(count):
        started = time.perf_counter()
        with urllib.request.urlopen(url, timeout=600) as response:
            response.read()
        timings.append(time.perf_counter() - started)
    median = statistics.median(timings)
    return 1 / median, median * 1000


def to_ms(text: str) -> float:
    for unit, factor in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * factor
    return float(text)


def sql_median(sql: str, params, seconds: float) -> tuple[float, int]:
    """Return (median ms, body bytes) running `sql` repeatedly on one connection."""
    from django.db import connection

    timings, size = [], 0
    deadline = time.perf_counter() + seconds
    with connection.cursor() as cursor:
        while time.perf_counter() < deadline or len(timings) < 5:
            started = time.perf_counter()
            cursor.execute(sql, params)
            body = cursor.fetchone()[0]
            timings.append((time.perf_counter() - started) * 1000)
            size = len(body) if body is not None else 0
    return statistics.median(timings), size


def sql_rate(sql: str, params, connections: int, seconds: float) -> float:
    """Return statements/s with `connections` threads, each on its own connection."""
    from django.db import connection as main

    done, stop = [0] * connections, time.perf_counter() + seconds

    def loop(slot):
        from django.db import connection

        with connection.cursor() as cursor:
            while time.perf_counter() < stop:
                cursor.execute(sql, params)
                cursor.fetchone()
                done[slot] += 1
        connection.close()

    workers = [threading.Thread(target=loop, args=(i,)) for i in range(connections)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    main.close()
    return sum(done) / seconds


def run(options) -> list[dict]:
    import cases

    rows = []
    for case in cases.build(options.year):
        url = options.url.rstrip("/") + case.path
        api_rate, api_ms = wrk(url, options.concurrency, options.seconds)
        rate = sql_rate(case.sql, case.params, options.concurrency, options.seconds)
        # Other work on the machine comes and goes: alternate API and SQL, keep medians.
        api_runs, sql_runs = [], []
        for _ in range(options.rounds):
            api_runs.append(wrk(url, 1, options.seconds)[1])
            sql_ms, size = sql_median(case.sql, case.params, options.seconds)
            sql_runs.append(sql_ms)
        api_ms_alone, sql_ms = statistics.median(api_runs), statistics.median(sql_runs)
        rows.append(
            {
                "case": case.name,
                "path": case.path,
                "bytes": size,
                "api_rps": api_rate,
                "api_p50_ms": api_ms_alone,
                "api_p50_ms_loaded": api_ms,
                "sql_rps": rate,
                "sql_p50_ms": sql_ms,
                "ratio": api_ms_alone / sql_ms if sql_ms else float("nan"),
                "note": case.note,
            }
        )
        print(line(rows[-1]), flush=True)
    return rows


HEADER = (
    f"{'case':34} {'bytes':>9} {'API r/s':>8} {'API p50':>8} {'SQL r/s':>8} "
    f"{'SQL p50':>8} {'ratio':>6}"
)


def line(row: dict) -> str:
    return (
        f"{row['case']:34} {row['bytes']:>9} {row['api_rps']:>8.1f} "
        f"{row['api_p50_ms']:>6.2f}ms {row['sql_rps']:>8.1f} {row['sql_p50_ms']:>6.2f}ms "
        f"{row['ratio']:>5.2f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running server (default: start gunicorn)")
    parser.add_argument(
        "--db", default=os.environ.get("GEOPORTAL_DB_NAME", "geoportal")
    )
    parser.add_argument(
        "--scale", choices=["demo", "county", "province"], default="demo"
    )
    parser.add_argument(
        "--regenerate", action="store_true", help="rebuild synthetic data"
    )
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument(
        "--rounds", type=int, default=3, help="alternating API/SQL rounds"
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8799)
    parser.add_argument("--year", type=int, default=2023)
    options = parser.parse_args()
    if options.scale != "demo":
        options.db = f"geoportal_bench_{options.scale}"
        if options.regenerate or not database_exists(options.db):
            import synthetic

            scale = synthetic.SCALES[options.scale]
            started = time.perf_counter()
            synthetic.create(options.db, scale["villages"], scale["sites"])
            print(f"generated {options.db} in {time.perf_counter() - started:.1f} s")
    setup_django(options.db)
    server = None
    if not options.url:
        server = serve(options.db, options.port, options.workers)
        options.url = f"http://127.0.0.1:{options.port}"
    try:
        print(
            f"database {options.db}, server {options.url}, concurrency "
            f"{options.concurrency}, {options.seconds} s per measurement"
        )
        print(HEADER)
        run(options)
    finally:
        if server:
            server.terminate()
            server.wait()


def database_exists(name: str) -> bool:
    import synthetic

    result = synthetic.psql(
        "postgres",
        "-Atc",
        f"SELECT 1 FROM pg_database WHERE datname = '{name}'",
        capture_output=True,
        text=True,
    )
    return result.stdout.strip() == "1"


if __name__ == "__main__":
    main()
