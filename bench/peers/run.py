"""Side by side: geoportal (/api and /ogc), tipg, pygeoapi and the SQL-only limit.

    .venv/bin/python bench/peers/run.py                 # every case, 5 s each
    .venv/bin/python bench/peers/run.py --duration 10 --only villages-bbox,tile-z14

One command: rebuild the flat copies (bench/peers/setup.sql, schema `bench`), start each
server in turn on loopback with 2 workers, fetch every case once and check its feature
count (MVT tiles decoded), then hold wrk (-t2 -c16, no gzip) on it; every answer under
load is checked again (status 200 and the feature count, or the tile's byte length), and
any wrong answer stops the figure from counting. SQL-only is pgbench (-c16 -j2) running a
statement that builds the same FeatureCollection (or the plain ST_AsMVT tile) from the
flat table. Peers run from their own virtualenvs (bench/peers/.venv-tipg,
.venv-pygeoapi; `make -C bench/peers venvs` or see README.md).

geoportal runs with the production settings: DEBUG off, the throttles on. The anonymous
rate (1200/minute per address) would answer 429 to one load generator, so it is raised
to GEOPORTAL_BENCH_ANON_RATE (the throttle still counts every request); --throttle-off
measures the same without throttles, to state what the counting costs.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
OUT = ROOT / "bench" / "out" / "peers"
sys.path.insert(0, str(ROOT / "bench"))

from harness import free_port, project_env  # noqa: E402

SOCKET_DIR = ROOT / "var" / "pg" / "run"
PG_PORT = os.environ.get("GEOPORTAL_PG_PORT", "5433")
DB = os.environ.get("GEOPORTAL_DB_NAME", "geoportal")

VILLAGE_PROPS = [
    "code",
    "name",
    "short_name",
    "township_code",
    "township_name",
    "year",
    "level",
    "branch",
    "industry",
    "ecology",
    "safety",
    "civility",
    "is_quasi_five_star",
    "is_weak_branch",
    "is_schematic",
]
SITE_PROPS = [
    "code",
    "kind",
    "status",
    "reuse",
    "reported_on",
    "cleared_on",
    "verified_on",
    "village_code",
]
VILLAGE_TILE_PROPS = [
    "code",
    "short_name",
    "township_code",
    "level",
    "is_quasi_five_star",
    "is_weak_branch",
]
SITE_TILE_PROPS = ["code", "kind", "status", "village_code"]

VILLAGE_BBOX = (114.755, 35.855, 114.845, 35.945)
SITE_BBOX = (114.74, 35.84, 114.86, 35.96)
ONE_VILLAGE = None  # the first code of bench.villages, read at run time
VILLAGE_TILE = (14, 13415, 6442)
SITE_TILE = (12, 3354, 1609)


def envelope(box) -> str:
    return "ST_MakeEnvelope({}, {}, {}, {}, 4326)".format(*box)


def collection_sql(table: str, props: list[str], where: str = "TRUE") -> str:
    """The FeatureCollection built by PostgreSQL alone from a flat table."""
    pairs = ", ".join(f"'{name}', {name}" for name in props)
    return (
        "SELECT json_build_object('type', 'FeatureCollection', 'numberMatched', "
        "count(*), 'numberReturned', count(*), 'features', COALESCE(json_agg("
        "json_build_object('type', 'Feature', 'id', code, 'geometry', "
        f"ST_AsGeoJSON(geom, 6)::json, 'properties', json_build_object({pairs}))), "
        f"'[]'::json))::text FROM bench.{table} WHERE {where};"
    )


def feature_sql(table: str, props: list[str], code: str) -> str:
    pairs = ", ".join(f"'{name}', {name}" for name in props)
    return (
        "SELECT json_build_object('type', 'Feature', 'id', code, 'geometry', "
        f"ST_AsGeoJSON(geom, 6)::json, 'properties', json_build_object({pairs}))::text "
        f"FROM bench.{table} WHERE code = '{code}';"
    )


def tile_sql(table: str, layer: str, props: list[str], zxy, margin: int = 64) -> str:
    """Plain ST_AsMVT; rows within the 64-pixel buffer count, as in geoportal's tiles
    (tipg selects rows in the tile itself: its count is taken with margin 0)."""
    z, x, y = zxy
    columns = ", ".join(props)
    return (
        f"SELECT ST_AsMVT(m, '{layer}', 4096, 'geom') FROM (SELECT {columns}, "
        f"ST_AsMVTGeom(ST_Transform(geom, 3857), ST_TileEnvelope({z}, {x}, {y}), "
        "4096, 64, true) AS geom "
        f"FROM bench.{table} WHERE geom && ST_Transform(ST_TileEnvelope({z}, {x}, {y}, "
        f"margin => {margin}.0 / 4096), 4326)) m WHERE m.geom IS NOT NULL;"
    )


@dataclass
class Case:
    key: str
    title: str
    kind: str  # "json" or "mvt"
    paths: dict
    sql: str
    goal: str = ""
    expect: int | None = None  # features, from the flat table
    expect_by: dict = field(default_factory=dict)  # a surface that counts otherwise
    plain_sql: str = ""  # the tile without the buffer (tipg's count)


def bbox_param(box) -> str:
    return ",".join(str(v) for v in box)


def cases(code: str) -> list[Case]:
    vb, sb = bbox_param(VILLAGE_BBOX), bbox_param(SITE_BBOX)
    vt, st = "/".join(map(str, VILLAGE_TILE)), "/".join(map(str, SITE_TILE))
    return [
        Case(
            "villages-all",
            "all 532 villages",
            "json",
            {
                "api": "/api/villages/?limit=10000",
                "ogc": "/ogc/collections/villages/items?limit=10000",
                "tipg": "/collections/bench.villages/items?limit=10000",
                "pygeoapi": "/collections/villages/items?f=json&limit=10000",
            },
            collection_sql("villages", VILLAGE_PROPS),
            "≥ 0.6× SQL",
        ),
        Case(
            "villages-bbox",
            "bbox, ~50 villages",
            "json",
            {
                "api": f"/api/villages/?limit=10000&bbox={vb}",
                "ogc": f"/ogc/collections/villages/items?limit=10000&bbox={vb}",
                "tipg": f"/collections/bench.villages/items?limit=10000&bbox={vb}",
                "pygeoapi": f"/collections/villages/items?f=json&limit=10000&bbox={vb}",
            },
            collection_sql(
                "villages",
                VILLAGE_PROPS,
                f"ST_Intersects(geom, {envelope(VILLAGE_BBOX)})",
            ),
            "≥ 3× tipg, ≥ 0.25× SQL",
        ),
        Case(
            "village-rest",
            "one village, REST detail",
            "json",
            {
                "api": f"/api/villages/{code}/",
                "tipg": f"/collections/bench.villages/items/{code}",
                "pygeoapi": f"/collections/villages/items/{code}?f=json",
            },
            feature_sql("villages", VILLAGE_PROPS, code),
            "≥ 2× tipg",
            expect=1,
        ),
        Case(
            "village-ogc",
            "one village, OGC item",
            "json",
            {
                "ogc": f"/ogc/collections/villages/items/{code}",
                "tipg": f"/collections/bench.villages/items/{code}",
                "pygeoapi": f"/collections/villages/items/{code}?f=json",
            },
            feature_sql("villages", VILLAGE_PROPS, code),
            "≥ 2× tipg",
            expect=1,
        ),
        Case(
            "sites-bbox",
            "~1,000 sites in a bbox",
            "json",
            {
                "api": f"/api/cleared-sites/?limit=10000&bbox={sb}",
                "ogc": f"/ogc/collections/cleared-sites/items?limit=10000&bbox={sb}",
                "tipg": f"/collections/bench.cleared_sites/items?limit=10000&bbox={sb}",
                "pygeoapi": f"/collections/cleared_sites/items?f=json&limit=10000&bbox={sb}",
            },
            collection_sql(
                "cleared_sites",
                SITE_PROPS,
                f"ST_Intersects(geom, {envelope(SITE_BBOX)})",
            ),
            "≥ 0.6× SQL",
        ),
        Case(
            "tile-z14",
            f"tile villages z{vt}",
            "mvt",
            {
                "api": f"/tiles/villages/{vt}.mvt",
                "tipg": f"/collections/bench.villages/tiles/WebMercatorQuad/{vt}"
                "?properties=" + ",".join(VILLAGE_TILE_PROPS),
            },
            tile_sql("villages", "villages", VILLAGE_TILE_PROPS, VILLAGE_TILE),
            "≥ 0.5× ST_AsMVT",
            plain_sql=tile_sql(
                "villages", "villages", VILLAGE_TILE_PROPS, VILLAGE_TILE, margin=0
            ),
        ),
        Case(
            "tile-z12",
            f"tile sites z{st}",
            "mvt",
            {
                "api": f"/tiles/cleared-sites/{st}.mvt",
                "tipg": f"/collections/bench.cleared_sites/tiles/WebMercatorQuad/{st}"
                "?properties=" + ",".join(SITE_TILE_PROPS),
            },
            tile_sql("cleared_sites", "cleared_sites", SITE_TILE_PROPS, SITE_TILE),
            "≥ 0.5× ST_AsMVT",
            plain_sql=tile_sql(
                "cleared_sites", "cleared_sites", SITE_TILE_PROPS, SITE_TILE, margin=0
            ),
        ),
    ]


# --- counting features -----------------------------------------------------------------


def varint(data: bytes, i: int) -> tuple[int, int]:
    shift = result = 0
    while True:
        byte = data[i]
        i += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, i
        shift += 7


def fields(data: bytes):
    """Yield (field number, wire type, value) of one protobuf message."""
    i = 0
    while i < len(data):
        key, i = varint(data, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, i = varint(data, i)
        elif wire == 2:
            size, i = varint(data, i)
            value, i = data[i : i + size], i + size
        elif wire == 5:
            value, i = data[i : i + 4], i + 4
        elif wire == 1:
            value, i = data[i : i + 8], i + 8
        else:
            raise ValueError(f"wire type {wire}")
        yield number, wire, value


def mvt_features(data: bytes) -> int:
    """Count the features of every layer of a Mapbox vector tile."""
    return sum(
        sum(1 for n, _w, _v in fields(layer) if n == 2)
        for number, _wire, layer in fields(data)
        if number == 3
    )


def mvt_tile_count(sql: str) -> int:
    return mvt_features(bytes.fromhex(sql_value(f"SELECT encode(({sql}), 'hex')")))


def count(kind: str, body: bytes) -> int:
    if kind == "mvt":
        return mvt_features(body)
    doc = json.loads(body)
    if doc.get("type") == "Feature":
        return 1
    return len(doc.get("features", []))


def fetch(url: str) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "identity"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except OSError as error:
        return 0, str(error).encode()


# --- load --------------------------------------------------------------------------------

LUA = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) bad = 0; checked = 0 end
function response(status, headers, body)
  checked = checked + 1
  if status ~= 200 then bad = bad + 1 return end
  if %(mvt)s then
    if #body ~= %(length)d then bad = bad + 1 end
  else
    local _, n = string.gsub(body, '"Feature"', '')
    if n ~= %(expect)d then bad = bad + 1 end
  end
end
function done(summary, latency, requests)
  local b, c = 0, 0
  for _, t in ipairs(threads) do b = b + t:get("bad"); c = c + t:get("checked") end
  local e = summary.errors
  io.write(string.format('RESULT {"requests": %%d, "duration_us": %%d, "bad": %%d, ' ..
    '"checked": %%d, "socket_errors": %%d, "p50_us": %%d, "p99_us": %%d}\\n',
    summary.requests, summary.duration, b, c,
    e.connect + e.read + e.write + e.timeout, latency:percentile(50),
    latency:percentile(99)))
end
"""


def wrk(url: str, case: Case, length: int, seconds: int, expect: int) -> dict:
    script = LUA % {
        "mvt": "true" if case.kind == "mvt" else "false",
        "length": length,
        "expect": expect,
    }
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(script)
    try:
        done = subprocess.run(
            [
                "wrk",
                "-t2",
                "-c16",
                f"-d{seconds}s",
                "--timeout",
                "30s",
                "-s",
                lua.name,
                url,
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 60,
            check=False,
        )
    finally:
        Path(lua.name).unlink()
    line = next((r for r in done.stdout.splitlines() if r.startswith("RESULT ")), None)
    if line is None:
        raise RuntimeError(f"wrk failed: {done.stdout}\n{done.stderr}")
    result = json.loads(line[len("RESULT ") :])
    result["per_second"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def pgbench(sql: str, seconds: int) -> float:
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as script:
        script.write(sql + "\n")
    try:
        done = subprocess.run(
            [
                "pgbench",
                "-n",
                "-c16",
                "-j2",
                f"-T{seconds}",
                "-f",
                script.name,
                "-h",
                str(SOCKET_DIR),
                "-p",
                PG_PORT,
                "-U",
                "geoportal",
                DB,
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 60,
            check=False,
        )
    finally:
        Path(script.name).unlink()
    match = re.search(r"tps = ([\d.]+) \(without initial", done.stdout)
    if not match:
        raise RuntimeError(f"pgbench failed: {done.stdout}\n{done.stderr}")
    return float(match.group(1))


def psql(*args: str) -> str:
    done = subprocess.run(
        [
            "psql",
            "-X",
            "-q",
            "-v",
            "ON_ERROR_STOP=1",
            "-h",
            str(SOCKET_DIR),
            "-p",
            PG_PORT,
            "-U",
            "geoportal",
            DB,
            *args,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        sys.exit(f"psql failed: {done.stderr}")
    return done.stdout


def sql_value(sql: str) -> str:
    return psql("-At", "-c", sql).strip()


# --- servers -----------------------------------------------------------------------------


class Server:
    """One server process on a free loopback port, stopped on exit."""

    def __init__(self, name: str, command: list[str], env: dict, health: str, cwd=ROOT):
        self.name, self.port = name, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [part.replace("{port}", str(self.port)) for part in command]
        self.log = open(OUT / f"{name}.log", "w", encoding="utf-8")  # noqa: SIM115
        self.process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=self.log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 90
        while fetch(self.url + health)[0] != 200:
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.stop()
                raise RuntimeError(f"{name} did not start: see {self.log.name}")
            time.sleep(0.3)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


def geoportal_server(options, replay: bool = True) -> Server:
    extra = {
        "GEOPORTAL_PUBLIC_READ": "1",
        "DJANGO_DEBUG": "0",
        "GEOPORTAL_THROTTLE_ANON": "off" if options.throttle_off else options.anon_rate,
        # Off: every request goes through Django and builds (or keeps) its answer.
        "GEOPORTAL_REPLAY": "1" if replay else "0",
    }
    env = project_env(**extra)
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "geoportal.wsgi:application",
        "--bind",
        "127.0.0.1:{port}",
        "--workers",
        "2",
        "--log-level",
        "warning",
        *options.gunicorn.split(),
    ]
    return Server("geoportal", command, env, "/healthz")


def tipg_server() -> Server:
    venv = HERE / ".venv-tipg" / "bin"
    env = {
        **os.environ,
        # The socket directory as a percent-encoded host (asyncpg and pydantic take it).
        "DATABASE_URL": "postgresql://geoportal@{}:{}/{}".format(
            str(SOCKET_DIR).replace("/", "%2F"), PG_PORT, DB
        ),
        "TIPG_DB_SCHEMAS": '["bench"]',
        "TIPG_DB_EXCLUDE_FUNCTION_SCHEMAS": '["public", "bench", "pg_catalog"]',
        "TIPG_MAX_FEATURES_PER_QUERY": "10000",
        "DB_MIN_CONN_SIZE": "8",
        "DB_MAX_CONN_SIZE": "8",
    }
    command = [
        str(venv / "gunicorn"),
        "tipg.main:app",
        "-k",
        "uvicorn.workers.UvicornWorker",
        "--bind",
        "127.0.0.1:{port}",
        "--workers",
        "2",
        "--log-level",
        "warning",
    ]
    return Server("tipg", command, env, "/healthz")


PYGEOAPI_CONFIG = """
server:
  bind: {{host: 127.0.0.1, port: {port}}}
  url: http://127.0.0.1:{port}
  mimetype: application/json; charset=UTF-8
  encoding: utf-8
  languages: [en-US]
  limits: {{default_items: 10, max_items: 10000}}
  map: {{url: 'http://127.0.0.1/{{z}}/{{x}}/{{y}}.png', attribution: none}}
logging: {{level: ERROR}}
metadata:
  identification: {{title: bench, description: bench, keywords: [bench], keywords_type: theme,
                    terms_of_service: none, url: 'http://127.0.0.1'}}
  license: {{name: none, url: 'http://127.0.0.1'}}
  provider: {{name: bench, url: 'http://127.0.0.1'}}
  contact: {{name: bench}}
resources:
{resources}
"""
PYGEOAPI_RESOURCE = """
  {name}:
    type: collection
    title: {name}
    description: {name}
    keywords: [{name}]
    extents:
      spatial: {{bbox: [114.5, 35.6, 115.0, 36.2],
                 crs: 'http://www.opengis.net/def/crs/OGC/1.3/CRS84'}}
    providers:
      - type: feature
        name: PostgreSQL
        data: {{host: '{socket}', port: {pg_port}, dbname: {db}, user: geoportal,
               search_path: [bench, public]}}
        id_field: code
        table: {name}
        geom_field: geom
"""


def pygeoapi_server() -> Server:
    venv = HERE / ".venv-pygeoapi" / "bin"
    port = free_port()
    resources = "".join(
        PYGEOAPI_RESOURCE.format(name=name, socket=SOCKET_DIR, pg_port=PG_PORT, db=DB)
        for name in ("villages", "cleared_sites")
    )
    config = OUT / "pygeoapi.yml"
    config.write_text(PYGEOAPI_CONFIG.format(port=port, resources=resources))
    openapi = OUT / "pygeoapi-openapi.yml"
    env = {
        **os.environ,
        "PYGEOAPI_CONFIG": str(config),
        "PYGEOAPI_OPENAPI": str(openapi),
    }
    subprocess.run(
        [
            str(venv / "pygeoapi"),
            "openapi",
            "generate",
            str(config),
            "--output-file",
            str(openapi),
        ],
        env=env,
        check=True,
        capture_output=True,
    )
    command = [
        str(venv / "gunicorn"),
        "pygeoapi.flask_app:APP",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "2",
        "--log-level",
        "warning",
    ]
    server = Server.__new__(Server)
    server.name, server.port, server.url = "pygeoapi", port, f"http://127.0.0.1:{port}"
    server.log = open(OUT / "pygeoapi.log", "w", encoding="utf-8")  # noqa: SIM115
    server.process = subprocess.Popen(
        command, cwd=OUT, env=env, stdout=server.log, stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 90
    while fetch(server.url + "/conformance?f=json")[0] != 200:
        if time.monotonic() > deadline or server.process.poll() is not None:
            server.stop()
            raise RuntimeError(
                "pygeoapi did not start: see bench/out/peers/pygeoapi.log"
            )
        time.sleep(0.3)
    return server


STARTERS = {
    "geoportal": geoportal_server,
    "built": lambda options: geoportal_server(options, replay=False),
    "tipg": lambda options: tipg_server(),
    "pygeoapi": lambda options: pygeoapi_server(),
}
# Which surfaces each server answers.
SURFACES = {
    "geoportal": ["api", "ogc"],
    "built": ["api-built", "ogc-built"],
    "tipg": ["tipg"],
    "pygeoapi": ["pygeoapi"],
}
# geoportal without the replay front asks for the same paths.
PATH_OF = {"api-built": "api", "ogc-built": "ogc"}


def measure_server(name, options, chosen, results, problems):
    try:
        server = STARTERS[name](options)
    except (RuntimeError, subprocess.CalledProcessError, FileNotFoundError) as error:
        problems.append(f"{name}: {error}")
        return
    try:
        for case in chosen:
            for surface in SURFACES[name]:
                path = case.paths.get(PATH_OF.get(surface, surface))
                if path is None:
                    continue
                status, body = fetch(server.url + path)
                if status != 200:
                    problems.append(f"{surface} {case.key}: {status} {body[:200]!r}")
                    continue
                got = count(case.kind, body)
                expect = case.expect_by.get(surface, case.expect)
                if got != expect:
                    problems.append(
                        f"{surface} {case.key}: {got} features, expected {expect}"
                    )
                    continue
                fetch(server.url + path)  # warm this worker's plan and caches
                load = wrk(server.url + path, case, len(body), options.duration, expect)
                entry = {
                    "per_second": load["per_second"],
                    "bad": load["bad"],
                    "socket_errors": load["socket_errors"],
                    "bytes": len(body),
                    "p50_ms": load["p50_us"] / 1000,
                    "p99_ms": load["p99_us"] / 1000,
                }
                results.setdefault(case.key, {})[surface] = entry
                if load["bad"] or load["socket_errors"]:
                    problems.append(
                        f"{surface} {case.key}: {load['bad']} wrong answers, "
                        f"{load['socket_errors']} socket errors under load"
                    )
                print(
                    f"  {surface:9} {case.key:14} {load['per_second']:9.1f}/s "
                    f"({len(body):,} B, checked {load['checked']})",
                    flush=True,
                )
    finally:
        server.stop()


def ratio(a, b) -> str:
    return f"{a / b:.2f}" if a and b else "—"


def rate_of(got: dict, surface: str) -> float | None:
    """Return a surface's requests/s, None when missing or any answer was wrong."""
    entry = got.get(surface)
    if not entry or entry["bad"] or entry["socket_errors"]:
        return None
    return entry["per_second"]


def span(ours: list[float], base: float | None) -> str:
    """Return our lowest–highest ratio to `base` (one figure when equal or alone)."""
    if not ours or not base:
        return "—"
    low, high = ratio(min(ours), base), ratio(max(ours), base)
    return high if low == high else f"{low}–{high}"


def figure(value: float | None) -> str:
    return f"{value:,.0f}" if value else "—"


def table(chosen, results, suffix: str = "") -> str:
    rows = [
        "| request | SQL-only | tipg | pygeoapi | geoportal /api | geoportal /ogc "
        "| geoportal ÷ SQL | ÷ tipg | goal |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for case in chosen:
        got = results.get(case.key, {})
        sql, tipg, pga = (rate_of(got, s) for s in ("sql", "tipg", "pygeoapi"))
        api, ogc = rate_of(got, "api" + suffix), rate_of(got, "ogc" + suffix)
        ours = [v for v in (api, ogc) if v]
        rows.append(
            f"| {case.title} | {figure(sql)} | {figure(tipg)} | {figure(pga)} | "
            f"{figure(api)} | {figure(ogc)} | {span(ours, sql)} | {span(ours, tipg)} "
            f"| {case.goal} |"
        )
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=5, help="seconds per figure")
    parser.add_argument("--only", help="comma-separated case keys")
    parser.add_argument(
        "--servers",
        default="sql,tipg,pygeoapi,geoportal,built",
        help="which to measure (built: geoportal with GEOPORTAL_REPLAY=0)",
    )
    parser.add_argument("--anon-rate", default="100000000/minute")
    parser.add_argument("--throttle-off", action="store_true")
    parser.add_argument(
        "--gunicorn",
        default=os.environ.get(
            "GEOPORTAL_GUNICORN_OPTIONS", "--worker-class gthread --threads 8"
        ),
        help="extra gunicorn options for geoportal (the Makefile's run line)",
    )
    parser.add_argument("--keep-schema", action="store_true", help="skip setup.sql")
    options = parser.parse_args()
    if not shutil.which("wrk") or not shutil.which("pgbench"):
        sys.exit("wrk and pgbench are needed (apt-get install wrk postgresql-contrib)")
    OUT.mkdir(parents=True, exist_ok=True)
    if not options.keep_schema:
        psql("-f", str(HERE / "setup.sql"))
    code = sql_value("SELECT min(code) FROM bench.villages")
    chosen = cases(code)
    if options.only:
        keys = set(options.only.split(","))
        chosen = [case for case in chosen if case.key in keys]
    for case in chosen:
        if case.expect is None:
            inner = case.sql.rstrip(";")
            if case.kind == "mvt":
                case.expect = mvt_tile_count(inner)
                case.expect_by["tipg"] = mvt_tile_count(case.plain_sql.rstrip(";"))
            else:
                case.expect = int(
                    sql_value(f"SELECT (({inner})::json->>'numberReturned')::int")
                )
    load_before = os.getloadavg()
    results, problems = {}, []
    servers = options.servers.split(",")
    if "sql" in servers:
        for case in chosen:
            tps = pgbench(case.sql, options.duration)
            results.setdefault(case.key, {})["sql"] = {
                "per_second": tps,
                "bad": 0,
                "socket_errors": 0,
            }
            print(f"  sql       {case.key:14} {tps:9.1f}/s", flush=True)
    for name in ("tipg", "pygeoapi", "geoportal", "built"):
        if name in servers:
            print(f"{name} …", flush=True)
            measure_server(name, options, chosen, results, problems)
    load_after = os.getloadavg()
    text = table(chosen, results)
    print()
    print("As served (a repeated anonymous request is replayed from memory):\n")
    print(text)
    if "built" in servers:
        print("\nEvery answer built by Django (GEOPORTAL_REPLAY=0):\n")
        print(table(chosen, results, suffix="-built"))
    print(
        f"\nload average (1, 5, 15 min) before {load_before[0]:.2f} {load_before[1]:.2f} "
        f"{load_before[2]:.2f}, after {load_after[0]:.2f} {load_after[1]:.2f} "
        f"{load_after[2]:.2f}; {os.cpu_count()} cores; wrk -t2 -c16 -d{options.duration}s; "
        f"geoportal gunicorn 2 workers {options.gunicorn}"
    )
    for problem in problems:
        print("PROBLEM:", problem)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (OUT / f"run-{stamp}.json").write_text(
        json.dumps(
            {
                "results": results,
                "problems": problems,
                "load": [load_before, load_after],
                "options": vars(options),
                "expect": {case.key: case.expect for case in chosen},
            },
            indent=1,
        )
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
