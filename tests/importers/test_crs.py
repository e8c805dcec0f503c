"""Source CRSs: a closed list, identified from files, to lon/lat within 1 m."""

import pytest
from django.contrib.gis.gdal import DataSource, SpatialReference
from django.contrib.gis.geos import Point

from layers.gcj02 import wgs84_to_gcj02
from layers.importers.crs import ACCEPTED, ASSUMED, WGS84, identify, parse_srs
from layers.importers.errors import ImportFailed
from tests.importers.conftest import SAMPLES

# china-gis.md §1.2, checked there with pyproj: 114.9°E 34.5°N in CM 114E and zone 38.
EAST_4547, EAST_4526, NORTH = 582_657.2, 38_582_657.2, 3_819_492.6


def metres(a: Point, b: Point) -> float:
    return a.transform(4547, clone=True).distance(b.transform(4547, clone=True))


@pytest.mark.parametrize(
    "text, label",
    [
        ("EPSG:4326", "EPSG:4326"),
        ("epsg:4490", "EPSG:4490"),
        ("4547", "EPSG:4547"),
        ("urn:ogc:def:crs:EPSG::4526", "EPSG:4526"),
        ("EPSG:3857", "EPSG:3857"),
        ("http://www.opengis.net/def/crs/EPSG/0/4509", "EPSG:4509"),
        ("urn:ogc:def:crs:OGC:1.3:CRS84", "EPSG:4326"),
        ("gcj02", "gcj02"),
        ("GCJ-02", "gcj02"),
    ],
)
def test_parse_srs_accepts_the_listed_names(text, label):
    assert parse_srs(text).label == label


@pytest.mark.parametrize(
    "text",
    [
        "EPSG:2383",
        "EPSG:4214",
        "+proj=longlat +datum=WGS84",
        "/etc/passwd",
        "https://example.com/crs.wkt",
        "bd09",
        "EPSG:4555",
    ],
)
def test_parse_srs_refuses_anything_else_listing_what_is_accepted(text):
    with pytest.raises(ImportFailed) as failure:
        parse_srs(text)
    assert (
        str(ACCEPTED) in failure.value.message and repr(text) in failure.value.message
    )


def test_cgcs2000_is_stored_as_it_is():
    point = Point(114.9, 35.9)
    assert parse_srs("EPSG:4490").to_wgs84(point).coords == (114.9, 35.9)


@pytest.mark.parametrize(
    "srs, east", [("EPSG:4547", EAST_4547), ("EPSG:4526", EAST_4526)]
)
def test_gauss_kruger_lands_within_a_metre_of_the_known_lon_lat(srs, east):
    moved = parse_srs(srs).to_wgs84(Point(east, NORTH))
    assert moved.srid == 4326
    assert metres(moved, Point(114.9, 34.5, srid=4326)) < 1.0


def test_web_mercator_lands_on_the_right_lon_lat():
    mercator = Point(114.9, 35.9, srid=4326).transform(3857, clone=True)
    back = parse_srs("EPSG:3857").to_wgs84(Point(mercator.x, mercator.y))
    assert metres(back, Point(114.9, 35.9, srid=4326)) < 0.01


def test_gcj02_round_trip_stays_within_a_metre():
    original = Point(114.8253, 35.9127, srid=4326)
    shifted = Point(*wgs84_to_gcj02(original.x, original.y))
    assert metres(Point(shifted.coords, srid=4326), original) > 400
    assert metres(parse_srs("gcj02").to_wgs84(shifted), original) < 1.0


def test_the_esri_prj_ogr2ogr_writes_is_identified():
    layer = DataSource(str(SAMPLES / "villages_4547.shp"))[0]
    assert identify(layer.srs).label == "EPSG:4547"


@pytest.mark.parametrize("code", range(4491, 4555))
def test_every_cgcs2000_gauss_kruger_definition_is_recognised(code):
    srs = SpatialReference(
        SpatialReference(code).proj4
    )  # the definition, without its code
    found = identify(srs)
    assert SpatialReference(found.epsg).proj4 == SpatialReference(code).proj4


def test_geographic_wgs84_and_cgcs2000_definitions_are_recognised():
    for code in (4326, 4490):
        assert identify(SpatialReference(SpatialReference(code).proj4)).epsg == 4326
    assert identify(None) == ASSUMED


def test_a_file_in_xian_1980_is_refused_naming_its_crs():
    with pytest.raises(ImportFailed, match="Xian 1980 / 3-degree Gauss-Kruger CM 114E"):
        identify(SpatialReference(2383))


def test_metres_declared_as_degrees_are_caught_with_a_guess():
    problem = WGS84.coordinate_problem(Point(EAST_4547, NORTH))
    assert "not degrees" in problem and "EPSG:4547" in problem and "--srs" in problem
    assert "EPSG:4526" in WGS84.coordinate_problem(Point(EAST_4526, NORTH))


def test_swapped_lon_lat_is_named():
    assert "look swapped" in WGS84.coordinate_problem(Point(35.9, 114.9))


def test_degrees_declared_as_metres_are_caught():
    assert "look like degrees" in parse_srs("EPSG:4547").coordinate_problem(
        Point(114.9, 35.9)
    )
