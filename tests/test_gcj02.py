"""GCJ-02 ↔ WGS 84: round trips close, the shift near Neihuang has the known size, and
points outside China are left alone. Distances are haversine metres (no pyproj here)."""

import math

import pytest

from layers.gcj02 import gcj02_to_wgs84, transform_geometry, wgs84_to_gcj02

EARTH_RADIUS = 6371008.8
HENAN = [
    (113.6654, 34.7579),  # Zhengzhou
    (114.3924, 36.0976),  # Anyang
    (114.9046, 35.9537),  # Neihuang county seat
    (112.4540, 34.6197),  # Luoyang
    (114.0913, 32.1470),  # Xinyang
    (115.6560, 34.4143),  # Shangqiu
    (111.2000, 34.7722),  # Sanmenxia
]
ABROAD = [(2.3522, 48.8566), (-74.0060, 40.7128), (151.2093, -33.8688), (70.0, 35.0)]


def haversine(a, b) -> float:
    """Return the great-circle distance in metres between two lon/lat points."""
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS * math.asin(math.sqrt(h))


@pytest.mark.parametrize("point", HENAN)
def test_wgs84_round_trip_closes_within_a_metre(point):
    back = gcj02_to_wgs84(*wgs84_to_gcj02(*point))
    assert haversine(point, back) < 1.0


@pytest.mark.parametrize("point", HENAN)
def test_gcj02_round_trip_closes_within_a_metre(point):
    back = wgs84_to_gcj02(*gcj02_to_wgs84(*point))
    assert haversine(point, back) < 1.0


@pytest.mark.parametrize("point", HENAN)
def test_shift_in_henan_is_hundreds_of_metres(point):
    assert 300 < haversine(point, wgs84_to_gcj02(*point)) < 800


def test_forward_shift_at_114_9e_34_5n_is_497_m_east_154_m_south():
    lon, lat = 114.9, 34.5
    shifted_lon, shifted_lat = wgs84_to_gcj02(lon, lat)
    east = math.copysign(haversine((lon, lat), (shifted_lon, lat)), shifted_lon - lon)
    north = math.copysign(haversine((lon, lat), (lon, shifted_lat)), shifted_lat - lat)
    assert east == pytest.approx(497, abs=5)
    assert north == pytest.approx(-154, abs=5)


@pytest.mark.parametrize("point", ABROAD)
def test_points_outside_china_are_unchanged(point):
    assert wgs84_to_gcj02(*point) == point
    assert gcj02_to_wgs84(*point) == point


def test_transform_geometry_shifts_every_vertex_and_keeps_the_srid():
    geos = pytest.importorskip("django.contrib.gis.geos")
    ring = [(114.80, 35.90), (114.95, 35.90), (114.95, 36.00), (114.80, 35.90)]
    polygon = geos.Polygon(ring, srid=4326)
    wgs84 = transform_geometry(polygon, to_wgs84=True)
    assert wgs84.srid == 4326
    for gcj, converted in zip(ring, wgs84.coords[0], strict=True):
        assert converted == pytest.approx(gcj02_to_wgs84(*gcj))
    back = transform_geometry(wgs84, to_wgs84=False)
    for original, returned in zip(ring, back.coords[0], strict=True):
        assert haversine(original, returned) < 1.0
