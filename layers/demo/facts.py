"""Write Neihuang's demo facts as importer-ready files in fixtures/neihuang.

    python -m layers.demo.facts --out fixtures/neihuang

Reads the schematic villages (villages.geojson) and writes ratings.csv, targets.csv,
eod_projects.csv, eod_sites.geojson, cleared_sites.geojson, service_centres.geojson and
pairings.csv. The output is byte-identical for the same seed.
"""

import argparse
import csv
import json
from collections import Counter
from pathlib import Path

from shapely.geometry import mapping, shape

from layers.demo import ratings as demo_ratings
from layers.demo import sites as demo_sites

SEED = 410527
SCHEMATIC_NOTE = (
    "示意 — demo facts generated for illustration; see fixtures/neihuang/SOURCES.md"
)


def read_villages(folder: Path) -> list[dict]:
    """Read the schematic villages: properties plus a shapely polygon under 'geometry'."""
    collection = json.loads((folder / "villages.geojson").read_text(encoding="utf-8"))
    villages = [
        {**feature["properties"], "geometry": shape(feature["geometry"])}
        for feature in collection["features"]
    ]
    return sorted(villages, key=lambda village: village["code"])


def write_csv(path: Path, header: list[str], rows: list[list]) -> None:
    """Write a UTF-8 CSV with a header row and \\n line endings."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def write_geojson(path: Path, sites: list, extra: dict | None = None) -> None:
    """Write sites as a compact FeatureCollection, one feature per line."""
    lines = []
    for site in sites:
        feature = {
            "type": "Feature",
            "properties": {"code": site.code, **site.properties},
            "geometry": mapping(site.geometry),
        }
        lines.append(json.dumps(feature, ensure_ascii=False, separators=(",", ":")))
    head = {"type": "FeatureCollection", "schematic": SCHEMATIC_NOTE, **(extra or {})}
    opening = json.dumps(head, ensure_ascii=False)[:-1] + ',"features":[\n'
    path.write_text(opening + ",\n".join(lines) + "\n]}\n", encoding="utf-8")


def rounded(geometry):
    """Round coordinates to 6 decimals (about 0.1 m)."""
    from shapely import set_precision

    return set_precision(geometry, 1e-6)


def write_ratings(folder: Path, ratings: list) -> None:
    """Write ratings.csv."""
    header = [
        "village_code",
        "year",
        *demo_ratings.STARS,
        "is_quasi_five_star",
        "is_weak_branch",
        "collective_income",
        "transferred_land_mu",
        "note",
    ]
    rows = [
        [
            r.village_code,
            r.year,
            *(int(star in r.stars) for star in demo_ratings.STARS),
            int(r.is_quasi_five_star),
            int(r.is_weak_branch),
            r.collective_income,
            r.transferred_land_mu,
            r.note,
        ]
        for r in ratings
    ]
    write_csv(folder / "ratings.csv", header, rows)


def generate(folder: Path, villages_from: Path | None = None) -> dict[str, int]:
    """Write every demo-fact file into `folder`; return row counts by file.

    The schematic villages are read from `villages_from` (default: `folder` itself).
    """
    villages = read_villages(villages_from or folder)
    polygons = {v["code"]: v["geometry"] for v in villages}
    ratings = demo_ratings.all_ratings(villages, SEED)
    write_ratings(folder, ratings)

    per_township = Counter(v["township_code"] for v in villages)
    write_csv(
        folder / "targets.csv",
        ["township_code", "year", "level", "count"],
        [list(row) for row in demo_ratings.township_targets(dict(per_township))],
    )

    projects = demo_sites.eod_projects()
    write_csv(
        folder / "eod_projects.csv",
        list(projects[0]),
        [list(project.values()) for project in projects],
    )
    eod = demo_sites.eod_sites(polygons, SEED + 1)
    for site in eod:
        site.geometry = rounded(site.geometry)
    write_geojson(folder / "eod_sites.geojson", eod)

    cleared = demo_sites.cleared_sites(polygons, SEED + 2)
    write_geojson(folder / "cleared_sites.geojson", cleared)

    level_2022 = {r.village_code: r.level for r in ratings if r.year == 2022}
    names = {v["code"]: v["short_name"] for v in villages}
    centres = demo_sites.service_centres(polygons, names, level_2022, SEED + 3)
    write_geojson(folder / "service_centres.geojson", centres)

    need = {code: 5 - level for code, level in level_2022.items()}
    pairs = demo_sites.pairings(sorted(polygons), need, SEED + 4)
    write_csv(
        folder / "pairings.csv", list(pairs[0]), [list(row.values()) for row in pairs]
    )
    return {
        "ratings": len(ratings),
        "eod_projects": len(projects),
        "eod_sites": len(eod),
        "cleared_sites": len(cleared),
        "service_centres": len(centres),
        "pairings": len(pairs),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("fixtures/neihuang"))
    parser.add_argument(
        "--villages-from",
        type=Path,
        default=None,
        help="folder holding villages.geojson (default: --out)",
    )
    options = parser.parse_args()
    counts = generate(options.out, options.villages_from)
    for name, count in counts.items():
        print(f"{name}: {count}")


if __name__ == "__main__":
    main()
