"""Spatial predicates shared by the selectors: bbox, distance in metres, raw geometry."""

import math

from django.contrib.gis.geos import Point, Polygon
from django.db.models import BooleanField, ExpressionWrapper, F, Field, Func, Q, Value

from layers.models import SRID

METRES_PER_DEGREE = 111_320.0


class DWithinMetres(Func):
    """True when two 4326 geometries lie within `metres` of each other on the spheroid."""

    template = "ST_DWithin(%(expressions)s)"
    output_field = BooleanField()

    def __init__(self, geom, point, metres):
        super().__init__(
            Func(geom, template="(%(expressions)s)::geography"),
            Func(Value(point.ewkt), template="ST_GeogFromText(%(expressions)s)"),
            Value(metres),
        )


def raw_geometry(column: str) -> ExpressionWrapper:
    """Select a geometry column as PostGIS stores it (not cast for Python), for wrapping."""
    return ExpressionWrapper(F(column), output_field=Field())


def bbox_polygon(box) -> Polygon:
    """Return a BBox as a 4326 polygon."""
    polygon = Polygon.from_bbox((box.xmin, box.ymin, box.xmax, box.ymax))
    polygon.srid = SRID
    return polygon


def near_filter(column: str, near) -> Q:
    """Return a Q keeping rows whose `column` lies within `near.metres` of the point.

    A box in degrees, wide enough at this latitude, lets the GiST index cut first.
    """
    point = Point(near.lon, near.lat, srid=SRID)
    dlat = near.metres / METRES_PER_DEGREE * 1.01 + 1e-6
    cos_lat = max(math.cos(math.radians(min(abs(near.lat) + dlat, 89.9))), 1e-6)
    dlon = dlat / cos_lat
    box = Polygon.from_bbox(
        (near.lon - dlon, near.lat - dlat, near.lon + dlon, near.lat + dlat)
    )
    box.srid = SRID
    return Q(**{f"{column}__bboverlaps": box}) & Q(
        DWithinMetres(F(column), point, near.metres)
    )


def spatial_filters(qs, column: str, *, bbox=None, near=None):
    """Apply the bbox (intersects) and near (metres) filters shared by every layer."""
    if bbox is not None:
        qs = qs.filter(**{f"{column}__intersects": bbox_polygon(bbox)})
    if near is not None:
        qs = qs.filter(near_filter(column, near))
    return qs
