"""Create a separate database filled with a synthetic campaign (bench/synthetic.sql).

    .venv/bin/python bench/synthetic.py --db geoportal_province --villages 50000 --sites 1000000

The database is dropped and made anew: migrations first (so triggers and indexes are the
real ones), then one SQL script. It never touches the main `geoportal` database.
"""

import argparse
import math
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCALES = {
    "county": {"villages": 532, "sites": 8000},
    "province": {"villages": 50000, "sites": 1000000},
}
# Henan spans roughly lon 110.4–116.6, lat 31.4–36.4; a county about 0.4° × 0.4°.
WEST, SOUTH, COUNTY_CELL = 110.4, 31.4, 0.4 / math.sqrt(532)


def psql(database: str, *args: str, **kwargs) -> subprocess.CompletedProcess:
    """Run psql against the private cluster (or DATABASE_URL's host)."""
    host = os.environ.get("PGHOST", str(ROOT / "var" / "pg" / "run"))
    port = os.environ.get("GEOPORTAL_PG_PORT", "5433")
    command = [
        "psql",
        "-h",
        host,
        "-p",
        port,
        "-U",
        "geoportal",
        "-d",
        database,
        "-v",
        "ON_ERROR_STOP=1",
        "-q",
        *args,
    ]
    return subprocess.run(command, check=True, **kwargs)


def create(database: str, villages: int, sites: int) -> None:
    """Drop and recreate `database`, migrate it, and generate the data in SQL."""
    if database == "geoportal":
        sys.exit("refusing to overwrite the main database")
    psql("postgres", "-c", f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    psql("postgres", "-c", f'CREATE DATABASE "{database}"')
    psql(database, "-c", "CREATE EXTENSION IF NOT EXISTS postgis")
    env = {**os.environ, "GEOPORTAL_DB_NAME": database}
    # Only the layers app (and what Django's post-migrate needs): its tables, triggers and
    # indexes are what the benchmark reads.
    for app in ("auth", "layers"):
        subprocess.run(
            [sys.executable, "manage.py", "migrate", app, "-v", "0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
    cell = COUNTY_CELL
    psql(
        database,
        "-v",
        f"villages={villages}",
        "-v",
        f"sites={sites}",
        "-v",
        f"west={WEST}",
        "-v",
        f"south={SOUTH}",
        "-v",
        f"cell={cell}",
        "-f",
        str(ROOT / "bench" / "synthetic.sql"),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--scale", choices=sorted(SCALES), default="county")
    parser.add_argument("--villages", type=int)
    parser.add_argument("--sites", type=int)
    options = parser.parse_args()
    scale = SCALES[options.scale]
    villages = options.villages or scale["villages"]
    sites = options.sites or scale["sites"]
    started = time.perf_counter()
    create(options.db, villages, sites)
    print(
        f"{options.db}: {villages} villages, {sites} sites in "
        f"{time.perf_counter() - started:.1f} s"
    )


if __name__ == "__main__":
    main()
