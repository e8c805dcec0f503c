"""The benchmark's cases: each a URL and the exact SQL its view runs to build the body."""

import math
from dataclasses import dataclass

from django.db import connection
from django.http import QueryDict

from layers import coverage, tiles
from layers.api import listing
from layers.api.feeds import FEEDS
from layers.api.ogc.crs import CRS84
from layers.geojson import (
    Envelope,
    GeometryFormat,
    collection_sql,
    feature_sql,
    serial,
    stamped_sql,
)

BASE = "http://127.0.0.1"


@dataclass
class Case:
    name: str
    path: str
    sql: str
    params: object
    note: str = ""


def feed_case(name: str, feed_name: str, query: str, note: str = "") -> Case:
    """Return a list-feed case, with the SQL `layers.api.listing` builds for it."""
    feed = FEEDS[feed_name]
    path = f"/api/{feed_name}/?{query}"
    parsed = listing.parse(feed, QueryDict(query))
    links = [
        {
            "href": BASE + path,
            "rel": "self",
            "type": listing.GEOJSON,
            "title": "this page",
        }
    ]
    nxt = {
        "href": BASE + path + "&offset=1000",
        "rel": "next",
        "type": listing.GEOJSON,
        "title": "next page",
    }
    envelope = Envelope(
        limit=parsed.limit, offset=parsed.offset, links=links, next_link=nxt
    )
    feature = feature_sql(
        properties=parsed.properties,
        id_column=feed.id_column,
        geom_column="geometry",
        fmt=parsed.fmt,
    )
    sql, params = stamped_sql(
        *collection_sql(parsed.queryset(feed), envelope=envelope, feature=feature),
        feed.tables,
    )
    return Case(name, path, sql, params, note)


def item_case(code: str) -> Case:
    """Return the OGC single-village case (pure PostGIS, like the list feeds)."""
    feed = FEEDS["villages"]
    queryset = feed.selector(year=2023).filter(code=code)
    feature_expr, feature_params = feature_sql(
        properties=feed.all_properties,
        id_column="code",
        geom_column="geometry",
        fmt=GeometryFormat(precision=CRS84.precision),
    )
    row_sql, row_params = queryset[:1].query.sql_with_params()
    sql = serial(f"SELECT ({feature_expr})::text FROM ({row_sql}) p")
    return Case(
        "c  one village (OGC item)",
        f"/ogc/collections/villages/items/{code}?year=2023",
        sql,
        [*feature_params, *row_params],
    )


def tile_case(
    name: str, layer: str, z: int, lon: float, lat: float, query: str
) -> Case:
    n = 2**z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    feed = FEEDS[layer]
    from layers.api.filters.params import BBox, Params

    p = Params(QueryDict(query), {spec.name for spec in feed.filters})
    filters = feed.parse(p)
    filters["bbox"] = BBox(*tiles.margin(z, x, y))
    sql, params = tiles.tile_sql(feed.selector(**filters), feed, z, x, y)
    return Case(name, f"/tiles/{layer}/{z}/{x}/{y}.mvt?{query}", sql, params)


def scalar(sql: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def box_holding(table: str, column: str, target: int) -> tuple[float, ...]:
    """Return a box around the layer's centre holding about `target` features."""
    cx, cy, w, h = scalar(
        f"SELECT ST_X(c), ST_Y(c), ST_XMax(e) - ST_XMin(e), ST_YMax(e) - ST_YMin(e)"
        f" FROM (SELECT ST_Extent({column}) AS e, ST_Centroid(ST_Extent({column})) AS c"
        f" FROM {table}) x"
    )
    low, high = 0.0, 0.5
    for _ in range(20):
        half = (low + high) / 2
        box = (cx - w * half, cy - h * half, cx + w * half, cy + h * half)
        (count,) = scalar(
            f"SELECT count(*) FROM {table} WHERE {column} && ST_MakeEnvelope(%s,%s,%s,%s,4326)",
            box,
        )
        if abs(count - target) <= target * 0.03:
            break
        low, high = (half, high) if count < target else (low, half)
    return tuple(round(v, 5) for v in box)


def build(year: int) -> list[Case]:
    """Return the benchmark's cases on the current database."""
    (villages,) = scalar("SELECT count(*) FROM layers_village")
    (code,) = scalar(
        "SELECT code FROM layers_village ORDER BY code LIMIT 1 OFFSET %s",
        [villages // 2],
    )
    tenth = ",".join(
        map(str, box_holding("layers_village", "label_point", villages // 10))
    )
    sites = ",".join(map(str, box_holding("layers_clearedsite", "location", 1000)))
    cx, cy = scalar(
        "SELECT ST_X(c), ST_Y(c) FROM (SELECT ST_Centroid(ST_Extent(label_point))"
        " AS c FROM layers_village) x"
    )
    rest = f"/api/villages/{code}/?year={year}"
    cov_sql, cov_params = coverage.coverage_json_sql(coverage.CoverageQuery(year=year))
    all_note = "first 1,000" if villages > 1000 else f"all {villages}"
    item = item_case(code)
    return [
        feed_case(f"a  villages ({all_note})", "villages", f"year={year}"),
        feed_case("b  villages bbox ~10%", "villages", f"year={year}&bbox={tenth}"),
        item,
        Case(
            "c' one village (REST + facts)",
            rest,
            item.sql,
            item.params,
            "the API adds ratings, sites, centre and pairings in small queries",
        ),
        feed_case("d  cleared sites bbox ~1,000", "cleared-sites", f"bbox={sites}"),
        tile_case("e  tile villages z12", "villages", 12, cx, cy, f"year={year}"),
        tile_case("e' tile cleared sites z12", "cleared-sites", 12, cx, cy, ""),
        Case(
            "f  coverage",
            f"/api/coverage?year={year}",
            cov_sql,
            {**cov_params, "precision": 6},
        ),
    ]
