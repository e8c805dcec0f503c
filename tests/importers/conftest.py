"""Importer test fixtures: the county outline, three townships and six villages.

The county is the real outline (AMap, GCJ-02, converted here); townships and villages
are the schematic grid squares of fixtures/samples (written by
fixtures/make_samples.py), read with plain json so the importer under test builds none
of its own fixtures. Rows that are already there (the full Neihuang demo data) are used
or updated inside the test's transaction, never duplicated.
"""

import csv
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Point

from layers.gcj02 import transform_geometry
from layers.models import County, Township, Village

ROOT = Path(settings.BASE_DIR) / "fixtures"
SAMPLES, INVALID, NEIHUANG = ROOT / "samples", ROOT / "invalid", ROOT / "neihuang"
TOWNSHIP_KINDS = {"街道": "subdistrict", "镇": "town", "乡": "township"}


def geojson_features(path: Path) -> list[tuple[dict, GEOSGeometry]]:
    """Return (properties, geometry on SRID 4326) for each feature of a GeoJSON file."""
    collection = json.loads(path.read_text(encoding="utf-8"))
    return [
        (item["properties"], GEOSGeometry(json.dumps(item["geometry"]), srid=4326))
        for item in collection["features"]
    ]


def multi(geometry: GEOSGeometry) -> MultiPolygon:
    if isinstance(geometry, MultiPolygon):
        return geometry
    return MultiPolygon(geometry, srid=geometry.srid)


@pytest.fixture
def county(db) -> County:
    """Return Neihuang's county row, creating it from the GCJ-02 outline if missing."""
    existing = County.objects.filter(code="410527").first()
    if existing:
        return existing
    properties, outline = geojson_features(NEIHUANG / "county_boundary.geojson")[0]
    boundary = multi(transform_geometry(outline, to_wgs84=True))
    boundary.srid = 4326
    return County.objects.create(
        code="410527", name=properties["name"], boundary=boundary, source="Vonng/adcode"
    )


@pytest.fixture
def townships(county) -> dict[str, Township]:
    """Put the three sample townships (schematic squares) in place, by code."""
    result = {}
    for properties, square in geojson_features(SAMPLES / "townships.geojson"):
        result[properties["code"]], _created = Township.objects.update_or_create(
            code=properties["code"],
            defaults={
                "name": properties["name"],
                "kind": TOWNSHIP_KINDS[properties["kind"]],
                "boundary": multi(square),
                "seat": square.point_on_surface,
                "is_schematic": True,
            },
        )
    return result


@pytest.fixture
def village_names() -> dict[str, dict]:
    """Return fixtures/neihuang/villages.csv rows by code (official and short names)."""
    with (NEIHUANG / "villages.csv").open(encoding="utf-8") as handle:
        return {row["code"]: row for row in csv.DictReader(handle)}


@pytest.fixture
def villages(townships, village_names) -> dict[str, Village]:
    """Put the six sample villages (0.01° grid cells) in place; return them by code."""
    result = {}
    for properties, square in geojson_features(SAMPLES / "villages.geojson"):
        code = properties["code"]
        result[code], _created = Village.objects.update_or_create(
            code=code,
            defaults={
                "name": village_names[code]["name"],
                "short_name": village_names[code]["name_short"],
                "committee_type": village_names[code]["committee_type"],
                "township": townships[code[:9]],
                "boundary": multi(square),
                "label_point": square.point_on_surface,
                "is_schematic": True,
            },
        )
    return result


def cell_centre(village: Village) -> Point:
    """Return the centre of a sample village's square."""
    return village.boundary.centroid


@pytest.fixture(autouse=True)
def english():
    """Check messages in English, the source language, whatever translations exist."""
    from django.utils import translation

    with translation.override("en"):
        yield
