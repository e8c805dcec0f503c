"""Coverage by township: how each township (and the county) stands in a year, in one SQL.

Every output (JSON, GeoJSON, CSV, xlsx) reads the same flat rows from `coverage_rows_sql`:
one per township and one for the county (`scope = 'county'`), with fixed column names so
a choropleth in QGIS or a pivot in Excel can use them as they are.
"""

from dataclasses import dataclass

from django.db import connection

from layers.geojson import copy_csv
from layers.models import STAR_FIELDS, ClearedSite

LEVELS = range(6)
TARGET_LEVELS = range(1, 6)
KINDS = list(ClearedSite.Kind.values)
STATUSES = list(ClearedSite.Status.values)
# Degrees that surely cover `metres` at Henan's latitudes (cos 60° = 0.5), for the index cut.
METRES_PER_DEGREE_SAFE = 55_660.0


@dataclass(frozen=True)
class CoverageQuery:
    year: int
    within_m: float = 2000.0
    township: str | None = None
    # Township ids the user reads (None: all); a scoped user gets no county row.
    townships: list[int] | None = None


def count_columns() -> list[str]:
    """Return the summed count columns, in output order."""
    return [
        "villages",
        "rated",
        *(f"level_{level}" for level in LEVELS),
        *(f"star_{star}" for star in STAR_FIELDS),
        "quasi_five_star",
        "weak_branch",
        "upgraded",
        "downgraded",
        "paired_villages",
        "villages_near_centre",
        "service_centres",
        "sites_total",
        *(f"sites_{kind}_{status}" for kind in KINDS for status in STATUSES),
        "eod_sites",
    ]


def columns() -> list[str]:
    """Return every output column, in order."""
    return [
        "scope",
        "code",
        "name",
        "area_km2",
        *count_columns(),
        *(f"target_{level}" for level in TARGET_LEVELS),
        *completion_columns(),
        "villages_near_centre_pct",
        "sites_per_km2",
        "eod_investment",
    ]


VILLAGE_FACTS = """
    SELECT v.township_id, r.id IS NOT NULL AS rated, r.level, p.level AS previous_level,
           {stars}, r.is_quasi_five_star, r.is_weak_branch,
           EXISTS (SELECT 1 FROM layers_pairing pr
                   WHERE pr.village_id = v.id AND pr.year = %(year)s) AS paired,
           EXISTS (SELECT 1 FROM layers_servicecentre c
                   WHERE c.location && ST_Expand(v.label_point, %(degrees)s)
                     AND ST_DWithin(c.location::geography, v.label_point::geography,
                                    %(metres)s)) AS near_centre
    FROM layers_village v
    LEFT JOIN layers_starrating r ON r.village_id = v.id AND r.year = %(year)s
    LEFT JOIN layers_starrating p ON p.village_id = v.id AND p.year = %(year)s - 1
"""


def village_counts() -> str:
    levels = ", ".join(
        f"count(*) FILTER (WHERE level = {n}) AS level_{n}" for n in LEVELS
    )
    stars = ", ".join(f"count(*) FILTER (WHERE {s}) AS star_{s}" for s in STAR_FIELDS)
    facts = VILLAGE_FACTS.format(stars=", ".join(f"r.{s}" for s in STAR_FIELDS))
    return f"""
        SELECT township_id, count(*) AS villages, count(*) FILTER (WHERE rated) AS rated,
               {levels}, {stars},
               count(*) FILTER (WHERE is_quasi_five_star) AS quasi_five_star,
               count(*) FILTER (WHERE is_weak_branch) AS weak_branch,
               count(*) FILTER (WHERE level > previous_level) AS upgraded,
               count(*) FILTER (WHERE level < previous_level) AS downgraded,
               count(*) FILTER (WHERE paired) AS paired_villages,
               count(*) FILTER (WHERE near_centre) AS villages_near_centre
        FROM ({facts}) f GROUP BY township_id"""


def site_counts() -> str:
    cells = ", ".join(
        f"count(*) FILTER (WHERE s.kind = '{k}' AND s.status = '{st}') AS sites_{k}_{st}"
        for k in KINDS
        for st in STATUSES
    )
    return f"""
        SELECT v.township_id, count(*) AS sites_total, {cells}
        FROM layers_clearedsite s JOIN layers_village v ON v.id = s.village_id
        GROUP BY v.township_id"""


def target_counts() -> str:
    cells = ", ".join(
        f"sum(count) FILTER (WHERE level = {n})::int AS target_{n}"
        for n in TARGET_LEVELS
    )
    return (
        f"SELECT township_id, {cells} FROM layers_creationtarget"
        " WHERE year = %(year)s GROUP BY township_id"
    )


def township_rows() -> str:
    counts = ", ".join(f"COALESCE({name}, 0) AS {name}" for name in count_columns())
    targets = ", ".join(f"tg.target_{n}" for n in TARGET_LEVELS)
    return f"""
        SELECT 'township' AS scope, t.code, t.name,
               ST_Area(t.boundary::geography) / 1e6 AS area_km2, {counts}, {targets},
               COALESCE(e.eod_investment, 0) AS eod_investment, t.boundary AS geometry
        FROM layers_township t
        LEFT JOIN ({village_counts()}) vc ON vc.township_id = t.id
        LEFT JOIN ({site_counts()}) sc ON sc.township_id = t.id
        LEFT JOIN ({target_counts()}) tg ON tg.township_id = t.id
        LEFT JOIN (SELECT v.township_id, count(*) AS eod_sites,
                          sum(e.investment) AS eod_investment
                   FROM layers_eodsite e JOIN layers_village v ON v.id = e.village_id
                   GROUP BY v.township_id) e ON e.township_id = t.id
        LEFT JOIN (SELECT v.township_id, count(*) AS service_centres
                   FROM layers_servicecentre c JOIN layers_village v ON v.id = c.village_id
                   GROUP BY v.township_id) c ON c.township_id = t.id"""


def county_row() -> str:
    sums = ", ".join(f"sum({name})::int AS {name}" for name in count_columns())
    targets = ", ".join(
        f"COALESCE((SELECT target_{n} FROM county_targets), sum(target_{n})::int) AS target_{n}"
        for n in TARGET_LEVELS
    )
    return f"""
        SELECT 'county', (SELECT code FROM layers_county ORDER BY code LIMIT 1),
               (SELECT name FROM layers_county ORDER BY code LIMIT 1),
               sum(area_km2), {sums}, {targets}, sum(eod_investment),
               (SELECT boundary FROM layers_county ORDER BY code LIMIT 1)
        FROM townships"""


def completion_columns() -> list[str]:
    """Return the completion columns (completion_sql), in output order."""
    names = []
    for n in TARGET_LEVELS:
        names += [f"at_least_{n}", f"target_at_least_{n}", f"reached_pct_{n}"]
    return [*names, "completion_pct"]


def completion_sql() -> str:
    """Return the select list of completion against the targets: the one definition.

    A target fixes how many villages should hold a level; a village above it counts too, so
    level n is judged on the villages at n stars *or higher* (`at_least_n`) against the
    targets of n and higher (`target_at_least_n`, NULL without any): `reached_pct_n` is
    that share, capped at 100 (one-star 90 against 77 is not a success when the higher
    levels fall short). `completion_pct`: the reached part of all those cumulative
    targets over their sum. The ranking, the map's colouring, the totals panel, the
    township chart and the coverage JSON/GeoJSON/CSV/xlsx all read these columns.
    """
    cells, reached, targets = [], [], []
    for n in TARGET_LEVELS:
        at_least = " + ".join(f"level_{k}" for k in range(n, 6))
        target = "NULLIF(" + " + ".join(f"COALESCE(target_{k}, 0)" for k in range(n, 6))
        target += ", 0)"
        # LEAST ignores NULLs: without a target nothing is reached (and nothing is due).
        done = f"CASE WHEN {target} IS NULL THEN 0 ELSE LEAST({at_least}, {target}) END"
        cells += [
            f"({at_least})::int AS at_least_{n}",
            f"{target} AS target_at_least_{n}",
            f"round(100.0 * ({done}) / {target}, 1) AS reached_pct_{n}",
        ]
        reached.append(f"({done})")
        targets.append(f"COALESCE({target}, 0)")
    cells.append(
        f"round(100.0 * ({' + '.join(reached)})"
        f" / NULLIF({' + '.join(targets)}, 0), 1) AS completion_pct"
    )
    return ",\n        ".join(cells)


def ratios() -> str:
    return f"""{completion_sql()},
        round(100.0 * villages_near_centre / NULLIF(villages, 0), 1)
            AS villages_near_centre_pct,
        round((sites_total / NULLIF(area_km2, 0))::numeric, 3) AS sites_per_km2"""


def coverage_rows_sql(query: CoverageQuery) -> tuple[str, dict]:
    """Return SQL selecting the coverage rows (columns() plus `geometry`) and its params."""
    picked = """
        WHERE CASE WHEN scope = 'county' THEN %(townships)s::bigint[] IS NULL
        ELSE (%(township)s::text IS NULL OR code = %(township)s)
             AND (%(townships)s::bigint[] IS NULL OR code IN (
                 SELECT code FROM layers_township
                 WHERE id = ANY(%(townships)s::bigint[])))
        END"""
    counts = ", ".join(count_columns())
    targets = ", ".join(f"target_{n}" for n in TARGET_LEVELS)
    sql = f"""
        WITH townships AS ({township_rows()}),
        county_targets AS ({target_counts()} HAVING township_id IS NULL),
        everything AS (SELECT * FROM townships UNION ALL {county_row()})
        SELECT scope, code, name, round(area_km2::numeric, 2) AS area_km2, {counts},
               {targets}, {ratios()}, eod_investment, geometry
        FROM everything {picked}
        ORDER BY scope = 'county', code"""
    params = {
        "year": query.year,
        "metres": query.within_m,
        "degrees": query.within_m / METRES_PER_DEGREE_SAFE,
        "township": query.township,
        "townships": query.townships,
    }
    return sql, params


def coverage_table(query: CoverageQuery) -> tuple[list[str], list[tuple]]:
    """Return (column names, rows) without geometry, for CSV and xlsx writers."""
    sql, params = coverage_rows_sql(query)
    names = columns()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(names)} FROM ({sql}) c", params)
        return names, cursor.fetchall()


def select_columns(alias: str = "c") -> str:
    return ", ".join(f"{alias}.{name}" for name in columns())


def coverage_json_sql(query: CoverageQuery) -> tuple[str, dict]:
    """Return SQL answering the coverage as one JSON text: county and townships."""
    rows, params = coverage_rows_sql(query)
    sql = f"""
        SELECT json_build_object(
            'year', %(year)s, 'previous_year', %(year)s - 1,
            'within_km', %(metres)s::float8 / 1000,
            'county', (json_agg(r) FILTER (WHERE r.scope = 'county')) -> 0,
            'townships', COALESCE(json_agg(r) FILTER (WHERE r.scope = 'township'), '[]')
        )::text
        FROM ({rows}) c, LATERAL (SELECT {select_columns()}) r"""
    return sql, params


def coverage_geojson_sql(query: CoverageQuery) -> tuple[str, dict]:
    """Return SQL answering the townships' coverage as a FeatureCollection of polygons."""
    rows, params = coverage_rows_sql(query)
    sql = f"""
        SELECT json_build_object('type', 'FeatureCollection',
            'features', COALESCE(json_agg(json_build_object(
                'type', 'Feature', 'id', c.code,
                'geometry', ST_AsGeoJSON(c.geometry, %(precision)s)::json,
                'properties', row_to_json(r))), '[]'))::text
        FROM ({rows}) c, LATERAL (SELECT {select_columns()}) r
        WHERE c.scope = 'township'"""
    return sql, params


def coverage_text(sql_and_params, precision: int = 6) -> str:
    """Run one of the coverage SQL builders and return its text."""
    sql, params = sql_and_params
    with connection.cursor() as cursor:
        cursor.execute(sql, {**params, "precision": precision})
        return cursor.fetchone()[0]


def coverage_csv(query: CoverageQuery) -> str:
    """Return the coverage table as CSV text (the caller adds the BOM)."""
    from layers.cells import csv_safe

    sql, params = coverage_rows_sql(query)
    select = f"SELECT {select_columns()} FROM ({sql}) c"
    return csv_safe(copy_csv(select, params))


# Downloads for readers (CSV and xlsx): headers and words in the reader's language; the
# JSON and GeoJSON keep the machine-readable column names above.
def column_labels() -> dict[str, str]:
    """Return {column: header} in the active language, for every column of columns()."""
    from django.utils.translation import gettext as _

    from layers.maps.styles import LEVEL_LABELS
    from layers.models import Star

    level = {n: str(LEVEL_LABELS[n]) for n in LEVELS}
    labels = {
        "scope": _("Scope"),
        "code": _("Township code"),
        "name": _("Township"),
        "area_km2": _("Area (km²)"),
        "villages": _("Villages"),
        "rated": _("Rated"),
        **{f"level_{n}": _("{level}: villages").format(level=level[n]) for n in LEVELS},
        **{
            f"star_{star.value}": _("Villages holding the {star}").format(
                star=star.label
            )
            for star in Star
        },
        "quasi_five_star": _("Quasi-five-star candidates"),
        "weak_branch": _("Weak or lax branches"),
        "upgraded": _("Upgraded"),
        "downgraded": _("Downgraded"),
        "paired_villages": _("Paired villages"),
        "villages_near_centre": _("Villages near a service centre"),
        "service_centres": _("Service centres"),
        "sites_total": _("Cleared sites"),
        **{
            f"sites_{kind.value}_{status.value}": _(
                "Cleared sites: {kind}, {status}"
            ).format(kind=kind.label, status=status.label)
            for kind in ClearedSite.Kind
            for status in ClearedSite.Status
        },
        "eod_sites": _("EOD sites"),
        **{
            f"target_{n}": _("{level}: target").format(level=level[n])
            for n in TARGET_LEVELS
        },
        **completion_labels(),
        "villages_near_centre_pct": _("Villages near a service centre (%)"),
        "sites_per_km2": _("Cleared sites per km²"),
        "eod_investment": _("EOD investment (yuan)"),
    }
    return {name: str(labels[name]) for name in columns()}


def completion_labels() -> dict[str, str]:
    """Return {completion column: header} in the active language (ranking xlsx too)."""
    from django.utils.translation import gettext as _

    from layers.maps.styles import LEVEL_LABELS

    labels = {}
    for n in TARGET_LEVELS:
        level = str(LEVEL_LABELS[n])
        labels[f"at_least_{n}"] = _("{level} or higher: villages").format(level=level)
        labels[f"target_at_least_{n}"] = _("{level} or higher: target").format(
            level=level
        )
        labels[f"reached_pct_{n}"] = _("{level} or higher: completion (%)").format(
            level=level
        )
    labels["completion_pct"] = _("Overall completion (%)")
    return labels


def scope_words() -> dict[str, str]:
    from django.utils.translation import gettext as _

    return {"township": str(_("Township")), "county": str(_("Whole county"))}


def reader_table(query: CoverageQuery) -> tuple[list[str], list[list]]:
    """Return the coverage table with headers and words in the active language."""
    names, rows = coverage_table(query)
    labels = column_labels()
    words = scope_words()
    scope = names.index("scope")
    out = []
    for row in rows:
        row = [float(v) if hasattr(v, "as_tuple") else v for v in row]
        row[scope] = words.get(row[scope], row[scope])
        out.append(row)
    return [labels[name] for name in names], out


def reader_csv(query: CoverageQuery) -> str:
    """Return reader_table as CSV (no BOM; the caller adds it), spreadsheet-safe cells."""
    import csv
    import io

    from layers.cells import csv_cell

    headers, rows = reader_table(query)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([csv_cell(h) for h in headers])
    writer.writerows([[csv_cell(v) for v in row] for row in rows])
    return out.getvalue()
