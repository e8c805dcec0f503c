"""The coordinate reference systems offered by the OGC API, with their axis order.

CRS84 is lon/lat. EPSG:4326 and EPSG:4490 are lat/lon as their EPSG definitions say, and
EPSG:4547 (CGCS2000 / 3-degree Gauss-Kruger CM 114E) is northing/easting.
"""

from dataclasses import dataclass

from django.contrib.gis.geos import Polygon

from layers.api.filters.params import BBox
from layers.models import SRID


@dataclass(frozen=True)
class CRS:
    uri: str
    srid: int
    swapped: bool  # first axis is latitude / northing
    precision: int


CRS84 = CRS("http://www.opengis.net/def/crs/OGC/1.3/CRS84", SRID, False, 6)
OFFERED = {
    crs.uri: crs
    for crs in [
        CRS84,
        CRS("http://www.opengis.net/def/crs/EPSG/0/4326", SRID, True, 6),
        CRS("http://www.opengis.net/def/crs/EPSG/0/4490", 4490, True, 6),
        CRS("http://www.opengis.net/def/crs/EPSG/0/4547", 4547, True, 2),
    ]
}


def lonlat_bbox(numbers: tuple[float, float, float, float], crs: CRS) -> BBox:
    """Return a CRS84 box covering a bbox given in `crs` (in that CRS's axis order)."""
    a, b, c, d = numbers
    if crs.swapped:
        a, b, c, d = b, a, d, c
    if crs.srid == SRID:
        return BBox(a, b, c, d)
    box = Polygon.from_bbox((a, b, c, d))
    box.srid = crs.srid
    west, south, east, north = box.transform(SRID, clone=True).extent
    return BBox(west, south, east, north)


def header(crs: CRS) -> str:
    """Return the Content-Crs header value."""
    return f"<{crs.uri}>"
