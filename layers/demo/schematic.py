"""Generate schematic (示意) township and village boundaries for 内黄县 Neihuang.

No surveyed boundaries below county level are public, so this draws plausible ones
inside the real county outline: townships get areas in proportion to their village
counts and grow from their known points; villages split their township into fairly even
pieces and grow from the few known village points. Same input files, same output bytes.

Run ``python -m layers.demo.schematic --out fixtures/neihuang`` to regenerate
``townships.geojson`` and ``villages.geojson``.
"""

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely
from shapely.ops import polylabel

from layers.demo import topology
from layers.demo.schematic_cells import build_raster, village_grid
from layers.demo.schematic_checks import Figures, measure
from layers.demo.schematic_inputs import Inputs, read_inputs

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "neihuang"
GRID_DEGREES = 1e-6  # every output vertex sits on this grid: 6 decimals
CHAIN_TOLERANCE_CELLS = 1.2  # Douglas-Peucker tolerance for boundaries, in raster cells
LABEL_TOLERANCE_METRES = 5.0
NOTE = "示意 — generated boundaries, not surveyed; see fixtures/neihuang/SOURCES.md"
REAL, DRAWN = "amap_2016_point", "schematic"


@dataclass
class Schematic:
    """Township and village polygons (WGS 84), with their inputs and points."""

    inputs: Inputs
    townships: list[shapely.Polygon]
    villages: list[shapely.Polygon]
    seats: list[tuple[tuple[float, float], str]]  # (lon, lat), source
    labels: list[tuple[tuple[float, float], str]]
    raster_errors: tuple[float, float]  # worst township and village area miss, in cells


def generate(source: Path = FIXTURES) -> Schematic:
    """Generate the schematic boundaries from the input files in `source`."""
    inputs = read_inputs(source)
    raster = build_raster(inputs.outline_metres)
    labels, township_error, village_error = village_grid(raster, inputs)
    villages, townships = polygons(raster, inputs, labels)
    seats = [
        _point(polygon, township.seat, inputs)
        for polygon, township in zip(townships, inputs.townships)
    ]
    points = [
        _point(polygon, village.point if village.seeded else None, inputs)
        for polygon, village in zip(villages, inputs.villages)
    ]
    return Schematic(
        inputs, townships, villages, seats, points, (township_error, village_error)
    )


def polygons(raster, inputs: Inputs, labels: np.ndarray):
    """Draw village and township polygons from the village raster, edges shared."""
    grid = raster.grid
    chains = topology.boundary_chains(labels, CHAIN_TOLERANCE_CELLS)
    metres = shapely.transform(chains, lambda xy: xy * grid.size + (grid.x0, grid.y0))
    faces = topology.faces(
        inputs.projection.geometry_to_degrees(metres), inputs.outline, GRID_DEGREES
    )
    inner = inputs.projection.to_metres(
        shapely.get_coordinates(shapely.point_on_surface(faces))
    )
    face_labels = labels.ravel()[grid.cell_of(inner[:, 0], inner[:, 1])]
    index = {township.code: i for i, township in enumerate(inputs.townships)}
    parent = np.array([index[village.township_code] for village in inputs.villages])
    face_labels, _moved = topology.heal(
        face_labels, parent, topology.adjacency(faces), shapely.area(faces)
    )
    missing = set(range(len(inputs.villages))) - set(face_labels.tolist())
    if missing:
        raise RuntimeError(f"villages lost while drawing: {sorted(missing)}")
    villages = topology.dissolve(faces, face_labels, len(inputs.villages))
    townships = topology.dissolve(faces, parent[face_labels], len(inputs.townships))
    for polygon in villages + townships:
        if polygon.geom_type != "Polygon" or not polygon.is_valid:
            raise RuntimeError(f"drew an invalid or split polygon: {polygon.wkt[:80]}")
    return villages, townships


def _point(polygon, known, inputs: Inputs):
    """Return the known point if it lies inside `polygon`, else the polygon's pole."""
    if known is not None and polygon.contains(shapely.Point(known)):
        return known, REAL
    metres = inputs.projection.geometry_to_metres(polygon)
    pole = polylabel(metres, tolerance=LABEL_TOLERANCE_METRES)
    lon, lat = inputs.projection.to_degrees(np.array([[pole.x, pole.y]]))[0]
    point = (round(float(lon), 6), round(float(lat), 6))
    if not polygon.contains(shapely.Point(point)):
        point = shapely.point_on_surface(polygon).coords[0]
    return point, DRAWN


def township_features(schematic: Schematic) -> list[dict]:
    """Return the township features, sorted by code."""
    features = []
    for township, polygon, (seat, source) in zip(
        schematic.inputs.townships, schematic.townships, schematic.seats
    ):
        properties = {
            "code": township.code,
            "name": township.name,
            "kind": township.kind,
            "seat_lon": seat[0],
            "seat_lat": seat[1],
            "seat_source": source,
            "is_schematic": True,
            "village_count": len(township.villages),
        }
        features.append(_feature(polygon, properties))
    return features


def village_features(schematic: Schematic) -> list[dict]:
    """Return the village features, sorted by code."""
    features = []
    for village, polygon, (label, source) in zip(
        schematic.inputs.villages, schematic.villages, schematic.labels
    ):
        properties = {
            "code": village.code,
            "name": village.name,
            "short_name": village.short_name,
            "committee_type": village.committee_type,
            "township_code": village.township_code,
            "label_lon": label[0],
            "label_lat": label[1],
            "point_source": source,
            "is_schematic": True,
        }
        features.append(_feature(polygon, properties))
    return features


def _feature(polygon, properties: dict) -> dict:
    """Wrap a polygon as a one-part MultiPolygon feature (RFC 7946, 6 decimals)."""
    oriented = shapely.orient_polygons(polygon, exterior_cw=False)
    rings = [oriented.exterior, *oriented.interiors]
    coordinates = [
        [[round(x, 6), round(y, 6)] for x, y in ring.coords] for ring in rings
    ]
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": {"type": "MultiPolygon", "coordinates": [coordinates]},
    }


def write_collection(path: Path, features: list[dict]) -> None:
    """Write a FeatureCollection as UTF-8 GeoJSON, one feature per line."""
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    head = json.dumps(
        {"type": "FeatureCollection", "schematic": NOTE},
        ensure_ascii=False,
        separators=(",", ":"),
    )[:-1]
    text = head + ',"features":[\n' + ",\n".join(lines) + "\n]}\n"
    path.write_text(text, encoding="utf-8")


def main(argv=None) -> int:
    """Regenerate the schematic GeoJSON files and print timing and area figures."""
    parser = argparse.ArgumentParser(
        prog="python -m layers.demo.schematic", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--out", type=Path, default=FIXTURES, help="folder to write into"
    )
    parser.add_argument(
        "--source", type=Path, default=FIXTURES, help="folder of inputs"
    )
    options = parser.parse_args(argv)
    started = time.perf_counter()
    schematic = generate(options.source)
    options.out.mkdir(parents=True, exist_ok=True)
    write_collection(options.out / "townships.geojson", township_features(schematic))
    write_collection(options.out / "villages.geojson", village_features(schematic))
    elapsed = time.perf_counter() - started
    figures: Figures = measure(schematic)
    print(
        f"wrote {options.out}/townships.geojson and villages.geojson in {elapsed:.1f} s"
    )
    for line in figures.lines():
        print(line)
    for village in schematic.inputs.villages:
        if village.point_note:
            print(f"{village.code} {village.short_name}: {village.point_note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
