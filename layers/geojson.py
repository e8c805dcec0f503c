"""Wrap a selector's SQL so PostGIS answers the whole FeatureCollection as one text value.

The queryset's SQL and parameters come from the ORM, so every value stays bound; this module
adds only identifiers it checked itself and numbers it was given as parameters.
Python never touches a feature: PostgreSQL builds the features with `json_build_object`,
`json_agg` and `ST_AsGeoJSON`, and the envelope (counts, links) in the same statement.
"""

import io
import json
import re
from dataclasses import dataclass, field

from django.db import connection

from layers.models import METRIC_SRID, SRID
from layers.prepared import fetch_row
from layers.selectors import STAMPS_SQL

IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")
MEMBER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
CLOCK_SQL = "to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"+00:00\"')"


@dataclass(frozen=True)
class GeometryFormat:
    """How to write geometries: decimals, simplification (metres), output SRID, axis order."""

    precision: int = 6
    simplify_m: float | None = None
    srid: int = SRID
    lat_first: bool = False


DEFAULT_FORMAT = GeometryFormat()


@dataclass
class Envelope:
    """The FeatureCollection members besides the features."""

    limit: int
    offset: int = 0
    links: list[dict] = field(default_factory=list)
    next_link: dict | None = None
    extra: dict = field(default_factory=dict)
    # Members holding the time the statement ran (UTC, ISO 8601 to the second), so a
    # statement kept for reuse still says when its answer was made.
    clock: tuple[str, ...] = ()
    # Said at the top when the page is not the whole result (null when it is).
    warning: str | None = None


def serial(sql: str) -> str:
    """Return `sql` to run without parallel workers.

    Starting workers costs 15–30 ms a Gather here, more than a page of features takes.
    They are turned off per connection (`max_parallel_workers_per_gather=0` in the
    connection options, geoportal/settings.py): a `SET LOCAL` prefixed to the statement
    would make psycopg 3 answer the SET's empty result instead of the rows.
    """
    return sql


def quoted(name: str) -> str:
    """Return `name` as a quoted SQL identifier, refusing anything but snake_case."""
    if not IDENTIFIER.match(name):
        raise ValueError(f"not an identifier: {name!r}")
    return f'"{name}"'


def member(name: str) -> str:
    """Return `name` for a JSON member written into SQL, refusing anything odd."""
    if not MEMBER.match(name):
        raise ValueError(f"not a member name: {name!r}")
    return name


def geometry_sql(
    column: str, fmt: GeometryFormat, alias: str = "p"
) -> tuple[str, list]:
    """Return SQL for the geometry expression (simplified, transformed) and its params."""
    expr, params = f"{alias}.{quoted(column)}", []
    if fmt.simplify_m:
        expr = (
            f"ST_Transform(ST_Simplify(ST_Transform({expr}, {METRIC_SRID}),"
            f" %s, true), {SRID})"
        )
        params.append(fmt.simplify_m)
    if fmt.srid != SRID:
        expr = f"ST_Transform({expr}, %s)"
        params.append(fmt.srid)
    if fmt.lat_first:
        expr = f"ST_FlipCoordinates({expr})"
    return expr, params


def properties_sql(properties: list[str], alias: str = "p") -> str:
    """Return a `json_build_object` of the named columns."""
    pairs = ", ".join(f"'{name}', {alias}.{quoted(name)}" for name in properties)
    return f"json_build_object({pairs})"


def feature_sql(
    *, properties: list[str], id_column: str, geom_column: str, fmt: GeometryFormat
) -> tuple[str, list]:
    """Return SQL building one GeoJSON Feature from row alias `p`, and its params."""
    geom, params = geometry_sql(geom_column, fmt)
    sql = (
        f"json_build_object('type', 'Feature', 'id', p.{quoted(id_column)}, "
        f"'geometry', ST_AsGeoJSON({geom}, %s, 0)::json, "
        f"'properties', {properties_sql(properties)})"
    )
    return sql, [*params, fmt.precision]


def collection_sql(queryset, *, envelope: Envelope, feature: tuple[str, list]):
    """Return (sql, params) answering a FeatureCollection for one page of `queryset`.

    `numberMatched` is counted only when the page does not already tell it: a short,
    non-empty page (or an empty first page) gives it for free.
    """
    page_sql, page_params = queryset[
        envelope.offset : envelope.offset + envelope.limit
    ].query.sql_with_params()
    count_sql, count_params = queryset.order_by().query.sql_with_params()
    feature_expr, feature_params = feature
    extra = "".join(f", '{key}', %s::json" for key in envelope.extra) + "".join(
        f", '{member(key)}', {CLOCK_SQL}" for key in envelope.clock
    )
    extra_params = [
        json.dumps(value, ensure_ascii=False) for value in envelope.extra.values()
    ]
    links = envelope.links
    with_next = links + [envelope.next_link] if envelope.next_link else links

    def members(page_links: list, warning: bool) -> tuple[str, list]:
        # A top-level warning only on a page that is not the whole result.
        text = f"""json_build_object(
            'type', 'FeatureCollection'{extra},
            'numberMatched', m.matched,
            'numberReturned', a.n,
            'links', %s::json,{" 'warning', %s::text," if warning else ""}
            'features', COALESCE(a.features, '[]'::json))"""
        values = [*extra_params, json.dumps(page_links, ensure_ascii=False)]
        return text, values + ([str(envelope.warning)] if warning else [])

    partial, partial_params = members(with_next, bool(envelope.warning))
    whole, whole_params = members(links, False)
    sql = f"""
        SELECT (CASE WHEN m.matched > %s + a.n THEN {partial} ELSE {whole} END)::text
        FROM (SELECT count(*) AS n, json_agg({feature_expr}) AS features
              FROM ({page_sql}) p) a,
        LATERAL (SELECT CASE WHEN a.n < %s AND (a.n > 0 OR %s = 0) THEN %s + a.n
                 ELSE (SELECT count(*) FROM ({count_sql}) c) END AS matched
                 OFFSET 0) m
    """
    params = [
        envelope.offset,
        *partial_params,
        *whole_params,
        *feature_params,
        *page_params,
        envelope.limit,
        envelope.offset,
        envelope.offset,
        *count_params,
    ]
    return sql, params


def collection_statement(
    queryset,
    *,
    properties: list[str],
    envelope: Envelope,
    fmt: GeometryFormat = DEFAULT_FORMAT,
    id_column: str = "code",
    geom_column: str = "geometry",
) -> tuple[str, list]:
    """Return (sql, params) answering one page of `queryset` as FeatureCollection text.

    Text, not bytea: bytea travels hex-encoded, twice the size, which costs more than
    decoding the text and encoding the response.
    """
    feature = feature_sql(
        properties=properties, id_column=id_column, geom_column=geom_column, fmt=fmt
    )
    sql, params = collection_sql(queryset, envelope=envelope, feature=feature)
    return serial(sql), params


def feature_collection(queryset, **kwargs) -> str:
    """Return one page of `queryset` as FeatureCollection text built by PostGIS."""
    return fetch_text(*collection_statement(queryset, **kwargs))


def stamped_collection(
    queryset, *, tables: list[str], **kwargs
) -> tuple[str, str, object]:
    """Return (FeatureCollection text, version key, change time) from one statement.

    The stamps are read in the body's own snapshot, and a request without validators
    saves the separate round trip to the stamps table.
    """
    return fetch_row(*stamped_sql(*collection_statement(queryset, **kwargs), tables))


def stamped_sql(sql: str, params: list, tables: list[str]) -> tuple[str, list]:
    """Return `sql` (one text value) joined with the tables' change stamps."""
    return (
        serial(f"SELECT b.body, s.* FROM ({sql}) b(body), ({STAMPS_SQL}) s"),
        [*params, tables],
    )


def feature_text(
    queryset,
    *,
    properties: list[str],
    fmt: GeometryFormat = DEFAULT_FORMAT,
    id_column: str = "code",
    geom_column: str = "geometry",
) -> str | None:
    """Return the first row of `queryset` as one Feature's text, or None."""
    feature_expr, feature_params = feature_sql(
        properties=properties, id_column=id_column, geom_column=geom_column, fmt=fmt
    )
    row_sql, row_params = queryset[:1].query.sql_with_params()
    sql = serial(f"SELECT ({feature_expr})::text FROM ({row_sql}) p")
    return fetch_text(sql, [*feature_params, *row_params])


def json_rows(queryset, columns: list[str]) -> str:
    """Return `queryset` (no geometry) as a JSON array text built by PostgreSQL."""
    row_sql, row_params = queryset.query.sql_with_params()
    sql = f"SELECT COALESCE(json_agg({properties_sql(columns)}), '[]')::text FROM ({row_sql}) p"
    return fetch_text(sql, row_params)


def fetch_text(sql: str, params: list):
    """Run `sql` (prepared: layers/prepared.py) and return its single value."""
    row = fetch_row(sql, params)
    return row[0] if row else None


def copy_csv(select: str, params) -> str:
    """Return the rows of `select` (its values bound from `params`) as CSV with a header.

    PostgreSQL's COPY writes the CSV; it takes no server-side parameters, so the driver
    binds them into the statement client-side (psycopg 3's `copy`, psycopg2's
    `mogrify`).
    """
    statement = f"COPY ({select}) TO STDOUT WITH (FORMAT csv, HEADER)"
    with connection.cursor() as cursor:
        raw = cursor.cursor
        if hasattr(raw, "copy"):  # psycopg 3
            with raw.copy(statement, params) as copy:
                return b"".join(bytes(block) for block in copy).decode()
        out = io.StringIO()
        raw.copy_expert(raw.mogrify(statement, params).decode(), out)
        return out.getvalue()
