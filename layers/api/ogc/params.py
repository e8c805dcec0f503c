"""Parse OGC API - Features item requests into the feeds' selector arguments."""

import datetime
import math
from dataclasses import dataclass

from django.contrib.gis.gdal import GDALException
from django.contrib.gis.geos import GEOSException

from layers.api.feeds import Feed
from layers.api.filters import specs
from layers.api.filters.params import Params
from layers.api.ogc.crs import CRS, CRS84, OFFERED, lonlat_bbox

OGC_COMMON = ["f", "crs", "bbox", "bbox-crs", "datetime", "limit", "offset"]
FORMATS = {"json", "geojson", "application/geo+json", "application/json"}


def filter_specs(feed: Feed) -> list[specs.Spec]:
    """Return the feed's filters offered as OGC property filters (bbox is the OGC one)."""
    return [spec for spec in feed.filters if spec.name != "bbox"]


@dataclass
class ItemsQuery:
    filters: dict
    limit: int
    offset: int
    crs: CRS


def date_part(p: Params, text: str):
    """Return the date of an RFC 3339 date or date-time, or None for an open end."""
    if text in ("", ".."):
        return None
    try:
        if "T" in text or "t" in text:
            return datetime.datetime.fromisoformat(text).date()
        return datetime.date.fromisoformat(text)
    except ValueError:
        p.fail("datetime", "must be an RFC 3339 date, date-time or interval a/b")
        return None


def datetime_range(p: Params, feed: Feed) -> dict:
    """Return `reported_from`/`reported_to` from `datetime` for feeds that have a date."""
    value = p.raw("datetime")
    if value is None:
        return {}
    start_text, _, end_text = (
        value.partition("/") if "/" in value else (value, "", value)
    )
    start, end = date_part(p, start_text), date_part(p, end_text)
    if start and end and start > end:
        p.fail("datetime", "the interval ends before it starts")
    if feed.datetime_column is None:
        return {}
    return {"reported_from": start, "reported_to": end}


def bbox_in(p: Params, crs: CRS):
    """Return the `bbox` parameter, given in `crs`, as a CRS84 box (None when absent)."""
    box = p.bbox("bbox", lonlat=crs is CRS84)
    if box is None:
        return None
    try:
        converted = lonlat_bbox((box.xmin, box.ymin, box.xmax, box.ymax), crs)
    except (GDALException, GEOSException, ValueError):
        converted = None
    values = (
        (converted.xmin, converted.ymin, converted.xmax, converted.ymax)
        if converted
        else ()
    )
    if (
        not values
        or not all(math.isfinite(v) for v in values)
        or not (
            -180 <= converted.xmin <= converted.xmax <= 180
            and -90 <= converted.ymin <= converted.ymax <= 90
        )
    ):
        return p.fail("bbox", "lies outside the coordinate reference system's area")
    return converted


def parse_items(feed: Feed, query, *, paging: bool = True) -> ItemsQuery:
    """Parse an items (or single item) request; raise BadParams naming each problem."""
    accepted = {*OGC_COMMON, *(spec.name for spec in filter_specs(feed))}
    p = Params(query, accepted)
    p.choice("f", FORMATS)
    crs = OFFERED.get(p.choice("crs", set(OFFERED), CRS84.uri), CRS84)
    bbox_crs = OFFERED.get(p.choice("bbox-crs", set(OFFERED), CRS84.uri), CRS84)
    provided = {"bbox": bbox_in(p, bbox_crs)}
    provided.update(datetime_range(p, feed))
    p.provided = provided
    filters = feed.parse(p)
    limit, offset = p.page() if paging else (1, 0)
    p.done()
    return ItemsQuery(filters, limit, offset, crs)
