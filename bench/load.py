"""Hold 16 connections for 60 s on the feeds and pages (wrk), authenticated by a token;
count every answer that is not 2xx/3xx and every socket error. Exit 1 on any.

    .venv/bin/python bench/load.py                    # own gunicorn, database `geoportal`
    .venv/bin/python bench/load.py --db geoportal_sec --connections 16 --duration 60
    .venv/bin/python bench/load.py --base-url http://127.0.0.1:8000 --token gp_...

The database must be migrated (accounts, history) and hold the Neihuang data. The server
runs with the production throttle rates unless --no-throttle is given.
"""

import argparse
import json
import math
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import Gunicorn, bench_token, fetch, project_env, save

LUA = """
local paths = %(paths)s
local headers = {["Authorization"] = "Token %(token)s", ["Accept-Encoding"] = "gzip"}
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i], headers)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %%d, "duration_us": %%d, "bytes": %%d, "connect": %%d, ' ..
    '"read": %%d, "write": %%d, "status": %%d, "timeout": %%d, "p50_us": %%d, ' ..
    '"p90_us": %%d, "p99_us": %%d, "max_us": %%d}\\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write,
    e.status, e.timeout, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max))
end
"""


def tile(lon: float, lat: float, z: int) -> tuple[int, int]:
    n = 2**z
    y = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n
    return int((lon + 180) / 360 * n), int(y)


def paths(township: str, village: str) -> list[str]:
    x, y = tile(114.9, 35.9, 11)
    return [
        "/api/villages/?limit=10000&precision=5",
        "/api/townships/?precision=5",
        f"/api/cleared-sites/?township={township}&limit=10000&precision=5",
        "/api/eod-sites/?limit=10000",
        "/api/service-centres/?limit=10000",
        "/api/pairings/?limit=10000",
        "/api/coverage",
        "/ogc/collections/villages/items?limit=100",
        f"/tiles/villages/11/{x}/{y}.mvt",
        f"/api/villages/{village}/",
        "/",
        f"/township/{township}/",
        f"/village/{village}/",
    ]


def first_codes(base: str, token: str) -> tuple[str, str]:
    status, _kind, body = fetch(base + "/api/villages/?limit=1", token)
    if status != 200:
        sys.exit(f"/api/villages/ answered {status}: {body[:300]!r}")
    props = json.loads(body)["features"][0]["properties"]
    return props["township_code"], props["code"]


def check_paths(base: str, token: str, wanted: list[str]) -> list[dict]:
    """Fetch each path once: every one must answer 2xx before the load starts."""
    checked = []
    for path in wanted:
        status, kind, body = fetch(base + path, token)
        checked.append(
            {"path": path, "status": status, "bytes": len(body), "type": kind}
        )
        if not 200 <= status < 400:
            sys.exit(f"{path} answered {status}: {body[:300]!r}")
    return checked


def run_wrk(base, token, wanted, connections, duration, threads) -> dict:
    script = LUA % {
        "paths": "{" + ", ".join(json.dumps(p) for p in wanted) + "}",
        "token": token,
    }
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(script)
    done = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout",
            "30s",
            "-s",
            lua.name,
            base,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    Path(lua.name).unlink()
    line = next(
        (row for row in done.stdout.splitlines() if row.startswith("RESULT ")), None
    )
    if line is None:
        sys.exit(f"wrk failed:\n{done.stdout}\n{done.stderr}")
    return {**json.loads(line[len("RESULT ") :]), "wrk_output": done.stdout}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", help="an already running server")
    parser.add_argument("--token", help="its API token (else one is made)")
    parser.add_argument(
        "--db", help="database name for the own server (GEOPORTAL_DB_NAME)"
    )
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--no-throttle", action="store_true")
    options = parser.parse_args()

    extra = {"GEOPORTAL_DB_NAME": options.db} if options.db else {}
    if options.no_throttle:
        extra.update(GEOPORTAL_THROTTLE_ANON="off", GEOPORTAL_THROTTLE_USER="off")
    env = project_env(**extra)
    token = options.token or bench_token(env)
    server = None if options.base_url else Gunicorn(env, options.workers)
    base = options.base_url or server.url
    try:
        township, village = first_codes(base, token)
        wanted = paths(township, village)
        checked = check_paths(base, token, wanted)
        result = run_wrk(
            base, token, wanted, options.connections, options.duration, options.threads
        )
    finally:
        if server:
            server.stop()
    errors = sum(result[k] for k in ("connect", "read", "write", "status", "timeout"))
    seconds = result["duration_us"] / 1e6
    summary = {
        "connections": options.connections,
        "duration_s": round(seconds, 1),
        "requests": result["requests"],
        "per_second": round(result["requests"] / seconds, 1),
        "errors": errors,
        "non_2xx_3xx": result["status"],
        "socket_errors": {
            k: result[k] for k in ("connect", "read", "write", "timeout")
        },
        "latency_ms": {
            k[:-3]: round(result[k] / 1000, 1)
            for k in ("p50_us", "p90_us", "p99_us", "max_us")
        },
        "mb_received": round(result["bytes"] / 1e6, 1),
        "paths": checked,
    }
    path = save("load", {**summary, "wrk_output": result["wrk_output"]})
    print(json.dumps({k: v for k, v in summary.items() if k != "paths"}, indent=1))
    print(f"paths: {len(wanted)} (each answered 2xx before the run); saved {path}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
