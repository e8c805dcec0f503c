"""GCJ-02 ("Mars" coordinates of AMap/Gaode, Tencent, WeChat) to and from WGS 84.

The forward shift is the published closed-form approximation on the Krasovsky ellipsoid; it
has no closed inverse, so `gcj02_to_wgs84` iterates the forward shift until the round trip
closes to well under a millimetre. Outside mainland China the shift is zero.
"""

import math

KRASOVSKY_A = 6378245.0
KRASOVSKY_E2 = 0.00669342162296594323
CHINA_BOX = (
    72.004,
    0.8293,
    137.8347,
    55.8271,
)  # lon/lat limits inside which GCJ-02 applies
INVERSE_TOLERANCE_DEG = 1e-10
INVERSE_MAX_STEPS = 30


def in_china(lon: float, lat: float) -> bool:
    """Say whether GCJ-02 shifts this point (the coarse box the algorithm uses)."""
    west, south, east, north = CHINA_BOX
    return west <= lon <= east and south <= lat <= north


def _shift_metres(x: float, y: float) -> tuple[float, float]:
    """Return the raw (east, north) offsets for x = lon - 105, y = lat - 35."""
    wave = 20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)
    north = (
        -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    )
    north += wave * 2.0 / 3.0
    north += (
        (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    )
    north += (
        (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0))
        * 2.0
        / 3.0
    )
    east = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    east += wave * 2.0 / 3.0
    east += (
        (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    )
    east += (
        (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi))
        * 2.0
        / 3.0
    )
    return east, north


def _forward_delta(lon: float, lat: float) -> tuple[float, float]:
    """Return the (dlon, dlat) in degrees that WGS 84 → GCJ-02 adds at this point."""
    if not in_china(lon, lat):
        return 0.0, 0.0
    east, north = _shift_metres(lon - 105.0, lat - 35.0)
    phi = math.radians(lat)
    w = 1.0 - KRASOVSKY_E2 * math.sin(phi) ** 2
    sqrt_w = math.sqrt(w)
    dlat = (north * 180.0) / (
        (KRASOVSKY_A * (1 - KRASOVSKY_E2)) / (w * sqrt_w) * math.pi
    )
    dlon = (east * 180.0) / (KRASOVSKY_A / sqrt_w * math.cos(phi) * math.pi)
    return dlon, dlat


def wgs84_to_gcj02(lon: float, lat: float) -> tuple[float, float]:
    """Shift a WGS 84 lon/lat to GCJ-02."""
    dlon, dlat = _forward_delta(lon, lat)
    return lon + dlon, lat + dlat


def gcj02_to_wgs84(lon: float, lat: float) -> tuple[float, float]:
    """Find the WGS 84 lon/lat whose GCJ-02 shift lands on the given point."""
    wgs_lon, wgs_lat = lon, lat
    for _step in range(INVERSE_MAX_STEPS):
        shifted_lon, shifted_lat = wgs84_to_gcj02(wgs_lon, wgs_lat)
        err_lon, err_lat = shifted_lon - lon, shifted_lat - lat
        if (
            abs(err_lon) < INVERSE_TOLERANCE_DEG
            and abs(err_lat) < INVERSE_TOLERANCE_DEG
        ):
            break
        wgs_lon -= err_lon
        wgs_lat -= err_lat
    return wgs_lon, wgs_lat


def transform_geometry(geometry, to_wgs84: bool = True):
    """Return a new GEOS geometry shifted GCJ-02 → WGS 84 (or WGS 84 → GCJ-02), vertex by vertex."""
    convert = gcj02_to_wgs84 if to_wgs84 else wgs84_to_gcj02
    shifted = _rebuild(geometry, convert)
    shifted.srid = geometry.srid
    return shifted


def _rebuild(geometry, convert):
    from django.contrib.gis.geos import LinearRing, LineString, Point, Polygon

    if isinstance(geometry, Point):
        return Point(*convert(geometry.x, geometry.y))
    if isinstance(geometry, (LineString, LinearRing)):
        return type(geometry)([convert(x, y) for x, y, *_z in geometry.coords])
    if isinstance(geometry, Polygon):
        return Polygon(*[_rebuild(ring, convert) for ring in geometry])
    return type(geometry)(*[_rebuild(part, convert) for part in geometry])
