"""Mapbox vector tiles built by PostGIS (`ST_AsMVT`) from a feed's filtered selector.

A tile is the feed's own queryset cut to the tile's box, so a tile shows exactly what the
GeoJSON feed with the same filters shows. One statement answers the tile's bytes and the
change stamps of its tables (read in the same snapshot), so the ETag always names the data
the bytes were built from; `layers/api/conditional.py` keeps hot tiles in memory until a
write trigger says a table changed.

Point layers hold at most their budget of features per tile (`point_budget`): a tile with more points
than that (the whole county at z0-z9 for the 8,163 cleared sites) carries one feature per
occupied cell of a `CLUSTER_GRID`x`CLUSTER_GRID` grid instead, at the cells' points'
centroid, with `point_count` (how many sites) and the properties the cell's points share.
Every feature has `point_count` (1 for a single site), so a style can size by it.
"""

from django.db import connection

from layers.geojson import quoted
from layers.models import SRID
from layers.prepared import fetch_row
from layers.selectors import STAMPS_SQL

EXTENT, BUFFER = 4096, 64
WEB_MERCATOR = 3857
# Half the Web Mercator world width, metres.
HALF_WORLD = 20037508.342789244


# A clustered tile has at most CLUSTER_GRID² features: the budget of a point layer whose
# tile settings name none.
CLUSTER_GRID = 32
POINT_BUDGET = CLUSTER_GRID * CLUSTER_GRID


def is_point_layer(layer) -> bool:
    """Say whether a registered layer's geometry is points."""
    field = layer.model._meta.get_field(layer.geometry)
    return getattr(field, "geom_type", "") in {"POINT", "MULTIPOINT"}


def point_budget(layer) -> int | None:
    """Return the most features a tile of `layer` carries, None for no limit."""
    if layer.tiles.point_budget is not None:
        return layer.tiles.point_budget
    return POINT_BUDGET if is_point_layer(layer) else None


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


def tile_sql(queryset, layer, z: int, x: int, y: int) -> tuple[str, list]:
    """Return SQL answering the tile's bytes for `queryset` (already cut to the tile box).

    `layer` is a registered layer (`layers/catalog/`) with tile settings. One statement;
    no parallel workers (the settings turn them off per connection). Point layers are
    clustered below their full-detail zoom when a tile would exceed their budget.
    """
    settings = layer.tiles
    budget = point_budget(layer) if z < settings.full_detail_zoom else None
    row_sql, row_params = queryset.query.sql_with_params()
    columns = ", ".join(f"t.{quoted(name)}" for name in settings.properties)
    geom = (
        f"ST_AsMVTGeom(ST_Transform(ST_SetSRID(t.geometry, {SRID}), {WEB_MERCATOR}),"
        f" bounds.box, {EXTENT}, {BUFFER}, true)"
    )
    if budget is None:
        count = ", 1 AS point_count" if is_point_layer(layer) else ""
        sql = f"""
            WITH bounds AS (SELECT ST_TileEnvelope(%s, %s, %s) AS box)
            SELECT ST_AsMVT(m, %s, {EXTENT}, 'geom') FROM (
                SELECT {columns}{count}, {geom} AS geom FROM ({row_sql}) t, bounds
            ) m WHERE m.geom IS NOT NULL"""
        return sql, [z, x, y, settings.layer_name, *row_params]
    shared = ", ".join(
        f"CASE WHEN count(DISTINCT p.{quoted(name)}) = 1 "
        f"THEN min(p.{quoted(name)}) END AS {quoted(name)}"
        for name in settings.properties
    )
    plain = ", ".join(f"p.{quoted(name)}" for name in settings.properties)
    cell = EXTENT // CLUSTER_GRID
    sql = f"""
        WITH bounds AS (SELECT ST_TileEnvelope(%s, %s, %s) AS box),
        p AS MATERIALIZED (
            SELECT {columns}, {geom} AS geom FROM ({row_sql}) t, bounds
        ),
        n AS (SELECT count(*) AS n FROM p WHERE p.geom IS NOT NULL)
        SELECT ST_AsMVT(m, %s, {EXTENT}, 'geom') FROM (
            SELECT {plain}, 1 AS point_count, p.geom
            FROM p, n WHERE p.geom IS NOT NULL AND n.n <= %s
            UNION ALL
            SELECT {shared}, count(*) AS point_count,
                   ST_Centroid(ST_Collect(p.geom)) AS geom
            FROM p, n WHERE p.geom IS NOT NULL AND n.n > %s
            GROUP BY {cell_of("ST_X(p.geom)", cell)}, {cell_of("ST_Y(p.geom)", cell)}
        ) m"""
    return sql, [z, x, y, *row_params, settings.layer_name, budget, budget]


def cell_of(coordinate: str, cell: int) -> str:
    """Return SQL for a tile coordinate's grid cell; the buffer joins the edge cells."""
    return f"LEAST(GREATEST(floor({coordinate} / {cell}), 0), {CLUSTER_GRID - 1})"


def tile_bytes(queryset, layer, z: int, x: int, y: int) -> bytes:
    """Return the MVT bytes of one tile (empty when nothing is in it)."""
    sql, params = tile_sql(queryset, layer, z, x, y)
    row = fetch_row(sql, params)
    return bytes(row[0]) if row and row[0] is not None else b""


def stamped_tile(
    queryset, layer, z: int, x: int, y: int, tables: list[str]
) -> tuple[bytes, str, object]:
    """Return (the tile's bytes, version key, change time) from one statement."""
    sql, params = tile_sql(queryset, layer, z, x, y)
    body, key, changed = fetch_row(
        f"SELECT b.body, s.* FROM ({sql}) b(body), ({STAMPS_SQL}) s",
        [*params, tables],
    )
    return (bytes(body) if body is not None else b""), key, changed


def data_bounds(queryset) -> tuple[list[float], list[float]] | None:
    """Return ([west, south, east, north], [lon, lat]) of `queryset`'s geometries."""
    row_sql, row_params = queryset.order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) "
            f"FROM (SELECT ST_Extent(t.geometry) AS e FROM ({row_sql}) t) b",
            row_params,
        )
        row = cursor.fetchone()
    if not row or row[0] is None:
        return None
    west, south, east, north = (round(v, 6) for v in row)
    return [west, south, east, north], [
        round((west + east) / 2, 6),
        round((south + north) / 2, 6),
    ]
