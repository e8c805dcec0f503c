"""Every read of the layers: filtered querysets whose SQL `geojson.py` and `tiles.py` wrap.

List selectors return `values()` querysets whose columns are the feed's properties plus
`geometry`; they never fetch rows themselves. Distances are metres on `geography`.
"""

import functools
from decimal import Decimal

from django.db import connection
from django.db.models import (
    Count,
    FilteredRelation,
    Q,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from layers.catalog import definitions as catalog
from layers.models import (
    ClearedSite,
    EODProject,
    EODSite,
    Pairing,
    ServiceCentre,
    StarRating,
    Township,
    Village,
)
from layers.prepared import fetch_row
from layers.spatial import raw_geometry, spatial_filters


def place_filters(qs, *, township=None, village=None):
    """Keep rows whose village is `village` or lies in `township` (codes)."""
    if township:
        qs = qs.filter(village__township__code=township)
    if village:
        qs = qs.filter(village__code=village)
    return qs


def latest_rating_year() -> int | None:
    """Return the most recent year with any rating (rules.default_year decides the default)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT max(year) FROM layers_starrating")
        return cursor.fetchone()[0]


STAMPS_SQL = (
    "SELECT COALESCE(string_agg(table_name || ':' || version, ',' ORDER BY table_name), ''),"
    " max(changed_at) FROM layers_change_stamp WHERE table_name = ANY(%s)"
)


def change_stamps(tables: list[str]) -> tuple[str, object]:
    """Return (a version key, the latest change time) for the given tables."""
    with connection.cursor() as cursor:
        cursor.execute(STAMPS_SQL, [tables])
        key, changed = cursor.fetchone()
    return key, changed


def township_list(*, bbox=None, q=None, codes=None):
    """Return townships with their village count."""
    qs = spatial_filters(Township.objects.all(), "boundary", bbox=bbox)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__startswith=q))
    if codes:
        qs = qs.filter(code__in=codes)
    return layer_values(qs, catalog.TOWNSHIPS)


def layer_values(qs, layer, geometry: str | None = None, **context):
    """Select the layer's columns (and `id`, and the geometry as stored) from `qs`."""
    fields, expressions = layer.values(context)
    if geometry or layer.geometry:
        expressions["geometry"] = raw_geometry(geometry or layer.geometry)
    return qs.values(*dict.fromkeys(["id", *fields]), **expressions)


def rated(year: int):
    """Return the relation `r`: each village's rating in `year` (missing when unrated)."""
    return FilteredRelation("ratings", condition=Q(ratings__year=year))


def village_list(
    *,
    year: int,
    township=None,
    star=None,
    has_star=True,
    level=None,
    level_min=None,
    level_max=None,
    rated_only=None,
    quasi=None,
    weak=None,
    bbox=None,
    near=None,
    q=None,
    schematic=None,
    codes=None,
    point=False,
):
    """Return villages with the year's rating (level null when unrated), filtered."""
    qs = spatial_filters(village_rows(year, point), "boundary", bbox=bbox, near=near)
    if township:
        qs = qs.filter(township__code=township)
    if codes:
        qs = qs.filter(code__in=codes)
    if star:
        qs = _flag_filter(qs, star, has_star)
    qs = _level_filters(qs, level, level_min, level_max, rated_only)
    qs = _flag_filter(qs, "is_quasi_five_star", quasi)
    qs = _flag_filter(qs, "is_weak_branch", weak)
    if schematic is not None:
        qs = qs.filter(is_schematic=schematic)
    if q:
        qs = qs.filter(
            Q(name__icontains=q) | Q(short_name__icontains=q) | Q(code__startswith=q)
        )
    return qs


@functools.lru_cache(maxsize=32)
def village_rows(year: int, point: bool = False):
    """Return every village's row for `year`, unfiltered and never evaluated.

    Building these annotations costs about a millisecond; filters clone the cached
    queryset instead, so each request pays only for its own filters.
    """
    return layer_values(
        Village.objects.annotate(r=rated(year)),
        catalog.VILLAGES,
        "label_point" if point else "boundary",
        year=year,
    )


def _flag_filter(qs, flag: str, wanted: bool | None):
    """Keep villages whose rating has `flag` set (or not: unrated villages count as not)."""
    if wanted is None:
        return qs
    held = Q(**{f"r__{flag}": True})
    return qs.filter(held if wanted else ~held | Q(r__id__isnull=True))


def _level_filters(qs, level, level_min, level_max, rated_only):
    if level is not None:
        qs = qs.filter(r__level=level)
    if level_min is not None:
        qs = qs.filter(r__level__gte=level_min)
    if level_max is not None:
        qs = qs.filter(r__level__lte=level_max)
    if rated_only is not None:
        qs = qs.filter(r__id__isnull=not rated_only)
    return qs


def keep_in(qs, **choices):
    """Keep rows whose field is one of the chosen values; an empty choice keeps all."""
    for lookup, values in choices.items():
        if values:
            qs = qs.filter(**{f"{lookup}__in": values})
    return qs


def cleared_site_list(
    *,
    kinds=(),
    statuses=(),
    reuses=(),
    township=None,
    village=None,
    reported_from=None,
    reported_to=None,
    bbox=None,
    near=None,
    q=None,
):
    """Return cleared sites, filtered."""
    qs = spatial_filters(cleared_site_rows(), "location", bbox=bbox, near=near)
    qs = keep_in(
        qs,
        kind=kinds,
        status=statuses,
        reuse=[value if value != "none" else "" for value in reuses],
    )
    qs = place_filters(qs, township=township, village=village)
    if reported_from:
        qs = qs.filter(reported_on__gte=reported_from)
    if reported_to:
        qs = qs.filter(reported_on__lte=reported_to)
    if q:
        qs = qs.filter(Q(code__startswith=q) | Q(note__icontains=q))
    return qs


@functools.lru_cache(maxsize=1)
def cleared_site_rows():
    """Return every cleared site's row, unfiltered and never evaluated (built once)."""
    return layer_values(ClearedSite.objects.all(), catalog.CLEARED_SITES)


def eod_site_list(
    *,
    projects=(),
    sub_projects=(),
    statuses=(),
    township=None,
    village=None,
    bbox=None,
    near=None,
    q=None,
):
    """Return EOD sites with their project, filtered."""
    qs = spatial_filters(EODSite.objects.all(), "geom", bbox=bbox, near=near)
    qs = keep_in(
        qs, project__code=projects, project__sub_project=sub_projects, status=statuses
    )
    qs = place_filters(qs, township=township, village=village)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__startswith=q))
    return layer_values(qs, catalog.EOD_SITES)


def eod_project_list(*, statuses=()):
    """Return the EOD projects with their sites' count and investment."""
    qs = EODProject.objects.all()
    if statuses:
        qs = qs.filter(status__in=statuses)
    return qs.values(
        *(c.name for c in catalog.EOD_PROJECTS.columns if c.name not in PROJECT_SUMS)
    ).annotate(**PROJECT_SUMS)


PROJECT_SUMS = {
    "site_count": Count("sites"),
    "site_investment": Coalesce(Sum("sites__investment"), Value(Decimal(0))),
}


def service_centre_list(
    *,
    township=None,
    village=None,
    built_from=None,
    built_to=None,
    bbox=None,
    near=None,
    q=None,
):
    """Return the party-and-people service centres, filtered."""
    qs = spatial_filters(ServiceCentre.objects.all(), "location", bbox=bbox, near=near)
    qs = place_filters(qs, township=township, village=village)
    if built_from:
        qs = qs.filter(built_year__gte=built_from)
    if built_to:
        qs = qs.filter(built_year__lte=built_to)
    if q:
        qs = qs.filter(name__icontains=q)
    return layer_values(qs, catalog.SERVICE_CENTRES)


def pairing_list(
    *,
    year=None,
    township=None,
    village=None,
    partner_kind=None,
    q=None,
    bbox=None,
    polygons=False,
):
    """Return pairings, each at its village's label point (or boundary)."""
    column = "village__boundary" if polygons else "village__label_point"
    qs = spatial_filters(Pairing.objects.all(), column, bbox=bbox)
    if year:
        qs = qs.filter(year=year)
    qs = place_filters(qs, township=township, village=village)
    if partner_kind:
        qs = qs.filter(partner_kind=partner_kind)
    if q:
        qs = qs.filter(partner__icontains=q)
    return layer_values(qs, catalog.PAIRINGS, column)


def rating_list(*, year=None, township=None, village=None, level=None):
    """Return star ratings (no geometry)."""
    qs = StarRating.objects.all()
    if year:
        qs = qs.filter(year=year)
    qs = place_filters(qs, township=township, village=village)
    if level is not None:
        qs = qs.filter(level=level)
    return layer_values(qs, catalog.RATINGS)


RATING_FACTS = [
    "year",
    *(c.name for c in catalog.rating_columns()),
    "collective_income",
    "transferred_land_mu",
]


def village_detail(*, code: str):
    """Return one village with its township, or None."""
    return Village.objects.select_related("township").filter(code=code).first()


def village_facts(*, village: Village, year: int) -> dict:
    """Return the year's rating and the village's sites, centre and pairings as plain data."""
    ratings = list(
        StarRating.objects.filter(village=village)
        .order_by("year")
        .values(*RATING_FACTS)
    )
    for rating in ratings:
        for money in ("collective_income", "transferred_land_mu"):
            rating[money] = float(rating[money]) if rating[money] is not None else None
    current = next((r for r in ratings if r["year"] == year), None)
    facts = {"year": year, "level": current["level"] if current else None}
    for name in catalog.RATING_FLAGS:
        facts[name] = bool(current and current[name])
    for money in ("collective_income", "transferred_land_mu"):
        facts[money] = current[money] if current else None
    facts["ratings"] = ratings
    facts["cleared_sites"] = dict(
        ClearedSite.objects.filter(village=village)
        .order_by()
        .values_list("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    facts["eod_sites"] = EODSite.objects.filter(village=village).count()
    facts["service_centre"] = nearest_service_centre(village.label_point)
    facts["pairings"] = list(
        Pairing.objects.filter(village=village, year=year)
        .order_by("partner")
        .values("partner_kind", "partner")
    )
    return facts


def nearest_service_centre(point) -> dict | None:
    """Return the service centre nearest `point` and its distance in metres.

    The index orders by degrees, which shrink eastwards with latitude: the nearest in
    metres is picked from the 16 nearest in degrees.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, code, ST_Distance(location::geography, %s::geography) AS metres"
            " FROM (SELECT c.name, v.code, c.location FROM layers_servicecentre c"
            " JOIN layers_village v ON v.id = c.village_id"
            " ORDER BY c.location <-> %s LIMIT 16) near ORDER BY metres LIMIT 1",
            [point.ewkt, point.ewkt],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    return {"name": row[0], "village_code": row[1], "distance_m": round(row[2], 1)}


VILLAGE_FEATURE_SQL = """
SELECT json_build_object(
    'id', v.code, 'type', 'Feature', 'geometry', ST_AsGeoJSON(v.boundary)::json,
    'properties', json_build_object(
        'name', v.name, 'short_name', v.short_name, 'township_code', t.code,
        'township_name', t.name, 'is_schematic', v.is_schematic,
        'committee_type', v.committee_type, 'year', %s::integer,
        {current},
        'collective_income', cur.collective_income::float8,
        'transferred_land_mu', cur.transferred_land_mu::float8,
        'ratings', COALESCE((
            SELECT json_agg(json_build_object('year', r.year, {every},
                   'collective_income', r.collective_income::float8,
                   'transferred_land_mu', r.transferred_land_mu::float8) ORDER BY r.year)
            FROM layers_starrating r WHERE r.village_id = v.id), '[]'::json),
        'cleared_sites', COALESCE((
            SELECT json_object_agg(k.kind, k.n) FROM (
                SELECT kind, count(*) AS n FROM layers_clearedsite
                WHERE village_id = v.id GROUP BY kind) k), '{{}}'::json),
        'eod_sites', (SELECT count(*) FROM layers_eodsite WHERE village_id = v.id),
        'service_centre', (
            SELECT json_build_object('name', near.name, 'village_code', near.code,
                   'distance_m', round(near.metres::numeric, 1)::float8)
            FROM (SELECT c.name, cv.code,
                         ST_Distance(c.location::geography, v.label_point::geography)
                             AS metres
                  FROM layers_servicecentre c
                  JOIN layers_village cv ON cv.id = c.village_id
                  ORDER BY c.location <-> v.label_point LIMIT 16) near
            ORDER BY near.metres LIMIT 1),
        'pairings', COALESCE((
            SELECT json_agg(json_build_object('partner_kind', p.partner_kind,
                   'partner', p.partner) ORDER BY p.partner)
            FROM layers_pairing p WHERE p.village_id = v.id AND p.year = %s),
            '[]'::json)
    )
)::text
FROM layers_village v
JOIN layers_township t ON t.id = v.township_id
LEFT JOIN layers_starrating cur ON cur.village_id = v.id AND cur.year = %s
WHERE v.id IN ({rows})
"""


def village_feature_text(villages, *, year: int) -> str | None:
    """Return one village of `villages` (a scoped queryset) as the REST detail Feature.

    One statement: the village, the year's rating, every rating, sites by kind, EOD
    sites, the nearest service centre and the year's pairings, as text built by
    PostgreSQL (what `village_facts` and the drf-gis serializer give, in one trip)."""
    flags = [c.name for c in catalog.rating_columns()]
    current = ", ".join(
        "'level', cur.level"
        if name == "level"
        else f"'{name}', COALESCE(cur.{name}, false)"
        for name in flags
    )
    every = ", ".join(f"'{name}', r.{name}" for name in flags)
    row_sql, row_params = villages.values("id")[:1].query.sql_with_params()
    sql = VILLAGE_FEATURE_SQL.format(current=current, every=every, rows=row_sql)
    # The year: in the properties, the pairings and the current rating, in order.
    found = fetch_row(sql, [year, year, year, *row_params])
    return found[0] if found else None
