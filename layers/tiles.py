"""Mapbox vector tiles built by PostGIS (`ST_AsMVT`) from a feed's filtered selector.

A tile is the feed's own queryset cut to the tile's box, so a tile shows exactly what the
GeoJSON feed with the same filters shows. Nothing is cached here: freshness after a write
comes from the change-stamp ETags the view sends (see `layers/api/conditional.py`).
"""

from dataclasses import dataclass

from django.db import connection

from layers.geojson import quoted, serial
from layers.models import SRID

EXTENT, BUFFER = 4096, 64
WEB_MERCATOR = 3857
# Half the Web Mercator world width, metres.
HALF_WORLD = 20037508.342789244


@dataclass(frozen=True)
class TileLayer:
    """What one MVT layer carries."""

    name: str
    properties: list[str]


TILE_LAYERS = {
    "villages": TileLayer(
        "villages",
        [
            "code",
            "short_name",
            "township_code",
            "level",
            "is_quasi_five_star",
            "is_weak_branch",
        ],
    ),
    "cleared-sites": TileLayer(
        "cleared_sites", ["code", "kind", "status", "village_code"]
    ),
}


def tile_bounds(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    """Return the lon/lat box of tile z/x/y (XYZ scheme)."""
    import math

    n = 2**z

    def lon(i):
        return i / n * 360.0 - 180.0

    def lat(j):
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * j / n))))

    return lon(x), lat(y + 1), lon(x + 1), lat(y)


def margin(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    """Return the tile's box grown by the MVT buffer, so edge features are kept."""
    west, south, east, north = tile_bounds(z, x, y)
    grow_x = (east - west) * BUFFER / EXTENT
    grow_y = (north - south) * BUFFER / EXTENT
    return (
        west - grow_x,
        max(south - grow_y, -85.06),
        east + grow_x,
        min(north + grow_y, 85.06),
    )


def tile_sql(queryset, layer: TileLayer, z: int, x: int, y: int) -> tuple[str, list]:
    """Return SQL answering the tile's bytes for `queryset` (already cut to the tile box)."""
    row_sql, row_params = queryset.query.sql_with_params()
    columns = ", ".join(f"t.{quoted(name)}" for name in layer.properties)
    sql = f"""
        WITH bounds AS (SELECT ST_TileEnvelope(%s, %s, %s) AS box)
        SELECT ST_AsMVT(m, %s, {EXTENT}, 'geom') FROM (
            SELECT {columns},
                   ST_AsMVTGeom(ST_Transform(ST_SetSRID(t.geometry, {SRID}), {WEB_MERCATOR}),
                                bounds.box, {EXTENT}, {BUFFER}, true) AS geom
            FROM ({row_sql}) t, bounds
        ) m WHERE m.geom IS NOT NULL"""
    return serial(sql), [z, x, y, layer.name, *row_params]


def tile_bytes(queryset, layer: TileLayer, z: int, x: int, y: int) -> bytes:
    """Return the MVT bytes of one tile (empty when nothing is in it)."""
    sql, params = tile_sql(queryset, layer, z, x, y)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return bytes(row[0]) if row and row[0] is not None else b""
