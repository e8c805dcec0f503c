"""Parse OGC API - Features item requests into the feeds' selector arguments."""

import datetime
import math
from dataclasses import dataclass

from django.contrib.gis.gdal import GDALException
from django.contrib.gis.geos import GEOSException
from django.db.models import Q
from django.utils.translation import gettext as _

from layers.api.feeds import Feed
from layers.api.filters import specs
from layers.api.filters.params import DEFAULT_LIMIT, MAX_LIMIT, Params, available_term
from layers.api.ogc import cql
from layers.api.ogc.crs import CRS, CRS84, OFFERED, lonlat_bbox

OGC_COMMON = [
    "f",
    "crs",
    "bbox",
    "bbox-crs",
    "datetime",
    "limit",
    "offset",
    "filter",
    "filter-lang",
    "filter-crs",
    "sortby",
    "properties",
]
FORMATS = {"json", "geojson", "application/geo+json", "application/json", "html"}


def filter_specs(feed: Feed) -> list[specs.Spec]:
    """Return the feed's filters offered as OGC property filters (bbox is the OGC one)."""
    return [spec for spec in feed.filters if spec.name != "bbox"]


@dataclass
class ItemsQuery:
    filters: dict
    limit: int
    offset: int
    crs: CRS
    where: Q | None = None
    order: list | None = None
    properties: list[str] | None = None
    html: bool = False

    def rows(self, feed: Feed):
        """Return the selected rows, filtered by `filter` too, in the asked order."""
        queryset = feed.selector(**self.filters)
        if self.where is not None:
            queryset = queryset.filter(self.where)
        return queryset.order_by(*(self.order or feed.default_order))


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


def bbox_in(p: Params, crs: CRS, extent=None):
    """Return the `bbox` parameter, given in `crs`, as a CRS84 box (None when absent).

    A box whose axes were given the other way round (easting before northing in
    EPSG:4547, longitude first in EPSG:4326) is refused with that said, when read the
    other way it would meet the data's `extent` and read as given it would not.
    """
    box = p.bbox("bbox", lonlat=crs is CRS84)
    if box is None:
        return None
    numbers = (box.xmin, box.ymin, box.xmax, box.ymax)
    converted = converted_box(numbers, crs)
    extent = extent() if crs.swapped and callable(extent) else extent
    if crs.swapped and extent and not meets(converted, extent):
        swapped = converted_box((box.ymin, box.xmin, box.ymax, box.xmax), crs)
        if meets(swapped, extent):
            return p.fail(
                "bbox",
                _(
                    "the axes look swapped: in %(crs)s the bbox is given "
                    "northing/latitude first (ymin,xmin,ymax,xmax)"
                )
                % {"crs": crs.uri},
            )
    if converted is None:
        return p.fail("bbox", _("lies outside the coordinate reference system's area"))
    return converted


def converted_box(numbers, crs: CRS):
    """Return the CRS84 box of `numbers` in `crs`, or None when it does not convert."""
    try:
        box = lonlat_bbox(numbers, crs)
    except (GDALException, GEOSException, ValueError):
        return None
    values = (box.xmin, box.ymin, box.xmax, box.ymax)
    if not all(math.isfinite(v) for v in values) or not (
        -180 <= box.xmin <= box.xmax <= 180 and -90 <= box.ymin <= box.ymax <= 90
    ):
        return None
    return box


def meets(box, extent) -> bool:
    """Say whether CRS84 `box` overlaps `extent` [xmin, ymin, xmax, ymax]."""
    return box is not None and not (
        box.xmax < extent[0]
        or box.xmin > extent[2]
        or box.ymax < extent[1]
        or box.ymin > extent[3]
    )


def capped_page(p: Params) -> tuple[int, int]:
    """Return (limit, offset); a limit over the maximum is lowered to it (OGC 1.0.1)."""
    limit = p.integer("limit", DEFAULT_LIMIT, low=1)
    offset = p.integer("offset", 0, low=0, high=10**9)
    return min(limit or DEFAULT_LIMIT, MAX_LIMIT), offset or 0


def filter_q(p: Params, feed: Feed) -> Q | None:
    """Return the Q of the CQL2 `filter` parameter (None when absent)."""
    language = p.choice("filter-lang", set(cql.LANGUAGES), "cql2-text")
    p.choice("filter-crs", {CRS84.uri})
    text = p.text("filter", cql.MAX_LENGTH)
    if text is None or language is None:
        return None
    try:
        return cql.to_q(cql.parse(text, language), feed)
    except cql.CQLError as error:
        return p.fail("filter", str(error))


def sort_terms(p: Params, feed: Feed) -> list:
    """Return the ORM order of `sortby` (`+a,-b`), the feature id last for stable pages."""
    value = p.raw("sortby")
    if value is None:
        return list(feed.default_order)
    terms = []
    for term in (t.strip() for t in value.split(",") if t.strip()):
        name = term.lstrip("+-")
        if name not in feed.ordering:
            p.fail(
                "sortby",
                _("must name among %(values)s")
                % {"values": ", ".join(sorted(feed.ordering))},
            )
            return list(feed.default_order)
        terms.append(
            available_term(("-" if term.startswith("-") else "") + name, feed.ordering)
        )
    return [*terms, feed.id_column]


def parse_items(feed: Feed, query, *, paging: bool = True, extent=None) -> ItemsQuery:
    """Parse an items (or single item) request; raise BadParams naming each problem."""
    accepted = {*OGC_COMMON, *(spec.name for spec in filter_specs(feed))}
    p = Params(query, accepted)
    fmt = p.choice("f", FORMATS)
    crs = OFFERED.get(p.choice("crs", set(OFFERED), CRS84.uri), CRS84)
    bbox_crs = OFFERED.get(p.choice("bbox-crs", set(OFFERED), CRS84.uri), CRS84)
    provided = {"bbox": bbox_in(p, bbox_crs, extent)}
    provided.update(datetime_range(p, feed))
    p.provided = provided
    filters = feed.parse(p)
    limit, offset = capped_page(p) if paging else (1, 0)
    where = filter_q(p, feed)
    order = sort_terms(p, feed)
    properties = p.choices("properties", set(feed.properties)) or None
    if properties:
        properties = [name for name in feed.properties if name in properties]
    p.done()
    return ItemsQuery(
        filters, limit, offset, crs, where, order, properties, html=fmt == "html"
    )
