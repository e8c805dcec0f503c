"""The schematic (示意) boundaries: reproducible, and a true partition of the county.

Pure Python and shapely, no database. Areas are square metres on an equal-area
sinusoidal projection worked out here, independently of the generator.
"""

import csv
import json
import math
import re
from pathlib import Path

import numpy as np
import pytest
import shapely
from shapely.geometry import Point, shape

from layers.demo.schematic import main
from layers.gcj02 import gcj02_to_wgs84

NEIHUANG = Path(__file__).resolve().parents[2] / "fixtures" / "neihuang"
FILES = ["townships.geojson", "villages.geojson"]
KINDS = {"街道": "subdistrict", "镇": "town", "乡": "township"}

# Tolerances, as stated in fixtures/neihuang/SOURCES.md.
MAX_OVERLAP_M2 = 1.0  # all pairwise overlaps together
MAX_OUTLINE_MISMATCH = 1e-5  # union vs outline (symmetric difference), share of area
MAX_OUTSIDE_M2 = 0.01  # a village's area outside its own township
TOWNSHIP_BAND = (0.80, 1.20)  # area / (county area × share of the 532 villages)
VILLAGE_BAND = (0.75, 1.25)  # area / mean village area in the same township
# Two 2016 village points sit 17 and 41 km from their township's point: mis-geocoded.
IGNORED_POINTS = {"410527101234", "410527206208"}


def rows(name):
    with (NEIHUANG / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def features(folder, name):
    return json.loads((folder / name).read_text(encoding="utf-8"))["features"]


def to_wgs84(lon, lat):
    wlon, wlat = gcj02_to_wgs84(float(lon), float(lat))
    return round(wlon, 6), round(wlat, 6)


def equal_area(geometry):
    """Project lon/lat to sinusoidal metres on the authalic sphere."""
    radius = 6371007.2

    def project(xy):
        lat = np.radians(xy[:, 1])
        return np.column_stack(
            [np.radians(xy[:, 0] - 114.8) * np.cos(lat) * radius, lat * radius]
        )

    return shapely.transform(geometry, project)


def area_m2(geometry):
    return equal_area(geometry).area


def total_overlap_m2(geometries):
    polygons = np.array([equal_area(g) for g in geometries], dtype=object)
    left, right = shapely.STRtree(polygons).query(polygons, predicate="intersects")
    pairs = left < right
    overlap = shapely.intersection(polygons[left[pairs]], polygons[right[pairs]])
    return float(shapely.area(overlap).sum())


@pytest.fixture(scope="module")
def townships():
    return features(NEIHUANG, "townships.geojson")


@pytest.fixture(scope="module")
def villages():
    return features(NEIHUANG, "villages.geojson")


@pytest.fixture(scope="module")
def outline():
    collection = json.loads((NEIHUANG / "county_boundary.geojson").read_text())
    gcj02 = shape(collection["features"][0]["geometry"])
    return shapely.transform(
        gcj02, lambda xy: np.array([gcj02_to_wgs84(x, y) for x, y in xy.tolist()])
    )


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("schematic")
    assert main(["--out", str(folder)]) == 0
    return folder


@pytest.mark.slow
@pytest.mark.parametrize("name", FILES)
def test_regenerating_gives_byte_identical_files(regenerated, name):
    assert (regenerated / name).read_bytes() == (NEIHUANG / name).read_bytes()


def test_seventeen_townships_and_532_villages_sorted_by_code(townships, villages):
    township_codes = [f["properties"]["code"] for f in townships]
    village_codes = [f["properties"]["code"] for f in villages]
    assert township_codes == sorted(row["code"] for row in rows("townships.csv"))
    assert village_codes == sorted(row["code"] for row in rows("villages.csv"))
    assert len(township_codes) == 17 and len(village_codes) == 532


def test_collections_say_they_are_schematic():
    for name in FILES:
        collection = json.loads((NEIHUANG / name).read_text(encoding="utf-8"))
        assert collection["schematic"].startswith("示意")


def test_township_properties_follow_the_source_list(townships):
    listed = {row["code"]: row for row in rows("townships.csv")}
    for feature in townships:
        properties = feature["properties"]
        row = listed[properties["code"]]
        assert properties["name"] == row["name"]
        assert properties["kind"] == KINDS[row["type"]]
        assert properties["village_count"] == int(row["village_level_units"])
        assert properties["is_schematic"] is True
        assert properties["seat_source"] in {"amap_2016_point", "schematic"}


def test_village_properties_follow_the_source_list(villages):
    listed = {row["code"]: row for row in rows("villages.csv")}
    for feature in villages:
        properties = feature["properties"]
        row = listed[properties["code"]]
        assert properties["name"] == row["name"]
        assert properties["short_name"] == row["name_short"]
        assert properties["committee_type"] == row["committee_type"]
        assert properties["township_code"] == row["township_code"]
        assert properties["is_schematic"] is True
        assert properties["point_source"] in {"amap_2016_point", "schematic"}


def test_every_boundary_is_one_valid_counterclockwise_polygon(townships, villages):
    for feature in townships + villages:
        geometry = shape(feature["geometry"])
        assert feature["geometry"]["type"] == "MultiPolygon"
        assert len(geometry.geoms) == 1, feature["properties"]["code"]
        assert geometry.is_valid, feature["properties"]["code"]
        assert geometry.geoms[
            0
        ].exterior.is_ccw  # RFC 7946: exterior rings anticlockwise


def test_coordinates_have_at_most_six_decimals():
    for name in FILES:
        text = (NEIHUANG / name).read_text(encoding="utf-8")
        assert not re.search(r"\d\.\d{7,}", text)


def test_townships_partition_the_county_outline(townships, outline):
    polygons = [shape(f["geometry"]) for f in townships]
    union = shapely.union_all(polygons)
    mismatch = area_m2(shapely.symmetric_difference(union, outline))
    assert mismatch / area_m2(outline) < MAX_OUTLINE_MISMATCH
    assert total_overlap_m2(polygons) < MAX_OVERLAP_M2


def test_villages_partition_their_township(townships, villages):
    by_township = {}
    for feature in villages:
        code = feature["properties"]["township_code"]
        by_township.setdefault(code, []).append(shape(feature["geometry"]))
    for feature in townships:
        township = shape(feature["geometry"])
        parts = by_township[feature["properties"]["code"]]
        assert len(parts) == feature["properties"]["village_count"]
        assert (
            area_m2(shapely.symmetric_difference(shapely.union_all(parts), township))
            < 1
        )
        for part in parts:
            assert area_m2(part.difference(township)) < MAX_OUTSIDE_M2
    everything = [shape(f["geometry"]) for f in villages]
    assert total_overlap_m2(everything) < MAX_OVERLAP_M2


def test_every_label_point_lies_inside_its_village(villages):
    for feature in villages:
        properties = feature["properties"]
        point = Point(properties["label_lon"], properties["label_lat"])
        assert shape(feature["geometry"]).contains(point), properties["code"]


def test_every_seat_lies_inside_its_township(townships):
    for feature in townships:
        properties = feature["properties"]
        point = Point(properties["seat_lon"], properties["seat_lat"])
        assert shape(feature["geometry"]).contains(point), properties["code"]


def test_known_township_points_are_the_seats(townships):
    known = {
        r["code"]: r for r in rows("townships_points.csv") if r["code"] and r["lng"]
    }
    assert len(known) == 14
    for feature in townships:
        properties = feature["properties"]
        row = known.get(properties["code"])
        if row is None:
            assert properties["seat_source"] == "schematic"
            continue
        assert properties["seat_source"] == "amap_2016_point"
        seat = (properties["seat_lon"], properties["seat_lat"])
        assert seat == to_wgs84(row["lng"], row["lat"])


def test_known_village_points_seed_their_villages(villages):
    known = {
        r["code"]: r for r in rows("villages_crosswalk.csv") if r["lng_gcj02_2016"]
    }
    assert len(known) == 22
    used = 0
    for feature in villages:
        properties = feature["properties"]
        row = known.get(properties["code"])
        if row is None or properties["code"] in IGNORED_POINTS:
            assert properties["point_source"] == "schematic"
            continue
        assert properties["point_source"] == "amap_2016_point"
        label = (properties["label_lon"], properties["label_lat"])
        assert label == to_wgs84(row["lng_gcj02_2016"], row["lat_gcj02_2016"])
        used += 1
    assert used == 20


def test_township_areas_follow_village_counts(townships, outline):
    county = area_m2(outline)
    for feature in townships:
        share = feature["properties"]["village_count"] / 532
        ratio = area_m2(shape(feature["geometry"])) / (county * share)
        assert TOWNSHIP_BAND[0] < ratio < TOWNSHIP_BAND[1], feature["properties"][
            "name"
        ]


def test_villages_are_fairly_even_within_their_township(villages):
    areas = {}
    for feature in villages:
        code = feature["properties"]["township_code"]
        areas.setdefault(code, []).append(area_m2(shape(feature["geometry"])))
    for code, values in areas.items():
        mean = sum(values) / len(values)
        assert VILLAGE_BAND[0] < min(values) / mean, code
        assert max(values) / mean < VILLAGE_BAND[1], code


def test_shared_edges_meet_exactly(villages):
    """Neighbours touch along lines only: no sliver of overlap after rounding."""
    polygons = [shape(f["geometry"]) for f in villages]
    tree = shapely.STRtree(polygons)
    touching = 0
    for i, polygon in enumerate(polygons):
        for j in tree.query(polygon, predicate="intersects"):
            if j > i:
                meeting = polygon.intersection(polygons[j])
                assert meeting.area == 0 or math.isclose(meeting.area, 0, abs_tol=1e-14)
                touching += 1
    assert touching > 532
