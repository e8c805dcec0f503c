"""Reads for the map pages: small facts (years, totals, tables), never feature lists.

The features reach the browser from the API; these reads give a page its headings, tables
and totals, so the pages print well and their HTML does not grow with the feature count.
"""

import json

from django.db import connection
from django.db.models import F

from layers import coverage, selectors
from layers.maps.styles import completion_colour
from layers.models import (
    METRIC_SRID,
    STAR_FIELDS,
    ClearedSite,
    EODProject,
    Pairing,
    StarRating,
    Township,
)

OUTLINE_TOLERANCE_M = 30


def rating_years() -> list[int]:
    """Return the years with any rating, oldest first."""
    return sorted(
        StarRating.objects.order_by().values_list("year", flat=True).distinct()
    )


def county_outline() -> dict | None:
    """Return the county boundary as a GeoJSON Feature simplified to ~30 m, or None."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, ST_AsGeoJSON(ST_Transform(ST_SimplifyPreserveTopology("
            "ST_Transform(boundary, %s), %s), 4326), 5)::json FROM layers_county"
            " ORDER BY code LIMIT 1",
            [METRIC_SRID, OUTLINE_TOLERANCE_M],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    geometry = row[1] if isinstance(row[1], dict) else json.loads(row[1])
    return {"type": "Feature", "properties": {"name": row[0]}, "geometry": geometry}


def coverage_by_year(
    *, township: str | None = None, townships: list[int] | None = None
) -> dict[int, list[dict]]:
    """Return the coverage rows (layers/coverage.py) of every rated year, county row last.

    `townships`: the ids the user reads (None: all, with the county row).
    """
    by_year = {}
    for year in rating_years():
        query = coverage.CoverageQuery(
            year=year, township=township, townships=townships
        )
        names, rows = coverage.coverage_table(query)
        by_year[year] = [dict(zip(names, row, strict=True)) for row in rows]
    return by_year


def totals(row: dict, year: int) -> dict:
    """Return one coverage row as villages per level against the targets."""
    unrated = row["villages"] - row["rated"]
    done = {entry["level"]: entry for entry in completion(row)["levels"]}
    levels = []
    for level in range(5, -1, -1):
        count = row[f"level_{level}"]
        # "未评星" on every map and table: no star, or no rating that year.
        entry = {
            "level": level,
            "count": count + unrated if level == 0 else count,
            "target": row.get(f"target_{level}"),
        }
        if level in done:  # met or not: this level or higher (coverage.completion_sql)
            for key in ("at_least", "target_at_least", "pct", "met"):
                entry[key] = done[level][key]
        levels.append(entry)
    return {
        "year": year,
        "villages": row["villages"],
        "rated": row["rated"],
        "weak": row["weak_branch"],
        "quasi": row["quasi_five_star"],
        "levels": levels,
    }


def level_totals(
    by_year: dict[int, list[dict]], scope: str = "county"
) -> dict[int, dict]:
    """Return, per year, the totals of the county row (or the one township row)."""
    return {
        year: totals(next(r for r in rows if r["scope"] == scope), year)
        for year, rows in by_year.items()
        if any(r["scope"] == scope for r in rows)
    }


def township_table(rows: list[dict]) -> list[dict]:
    """Return each township's villages per level (five stars first) and weak branches."""
    return [
        {
            "code": row["code"],
            "name": row["name"],
            "villages": row["villages"],
            "weak": row["weak_branch"],
            "levels": [entry["count"] for entry in totals(row, 0)["levels"]],
        }
        for row in rows
        if row["scope"] == "township"
    ]


def site_counts(row: dict | None = None, sites: list[dict] | None = None) -> list[dict]:
    """Return cleared sites by kind and status, from a coverage row or a list of sites."""
    table = []
    for kind in ClearedSite.Kind:
        entry = {"kind": kind.value, "label": kind.label, "total": 0}
        for status in ClearedSite.Status.values:
            if row is not None:
                n = row[f"sites_{kind.value}_{status}"]
            else:
                n = sum(1 for s in sites if s["kind"] == kind and s["status"] == status)
            entry[status] = n
            entry["total"] += n
        table.append(entry)
    return table


def village_rows(*, township: str, year: int) -> list[dict]:
    """Return a township's villages with the year's rating and collective income."""
    rows = list(
        selectors.village_list(year=year, township=township)
        .values(
            "code",
            "short_name",
            "name",
            "level",
            *STAR_FIELDS,
            "is_quasi_five_star",
            "is_weak_branch",
        )
        .order_by("code")
    )
    income = dict(
        selectors.rating_list(year=year, township=township).values_list(
            "village_code", "collective_income"
        )
    )
    for row in rows:
        row["collective_income"] = income.get(row["code"])
        row["stars"] = [star for star in STAR_FIELDS if row[star]]
    return rows


def eod_rows(**where) -> list[dict]:
    """Return EOD sites (no geometry), with their village's short name."""
    rows = (
        selectors.eod_site_list(**where)
        .values(
            "code",
            "name",
            "status",
            "investment",
            "sub_project",
            "village_code",
            village_name=F("village__short_name"),
        )
        .order_by("code")
    )
    return [
        {
            **row,
            "sub_project_label": EODProject.SubProject(row["sub_project"]).label,
            "status_label": EODProject.Status(row["status"]).label,
        }
        for row in rows
    ]


def chosen_year(year: int | None) -> int | None:
    """Return `year` when rated, else the latest rated year (None on an empty database)."""
    years = rating_years()
    if year in years:
        return year
    return years[-1] if years else None


def county_summary(*, year: int | None, townships: list[int] | None = None) -> dict:
    """Return what the county page shows besides the map: totals and the townships.

    A user reading some townships only (`townships`, accounts.policy) sees their rows, and
    totals of their own township instead of the county's.
    """
    by_year = coverage_by_year(townships=townships)
    year = chosen_year(year)
    return {
        "year": year,
        "totals": level_totals(by_year, "county" if townships is None else "township"),
        "tables": {y: township_table(rows) for y, rows in by_year.items()},
        "rankings": {y: township_ranking(rows) for y, rows in by_year.items()},
    }


def township_summary(*, code: str, year: int | None) -> dict | None:
    """Return what the township page shows, or None for an unknown code."""
    township = Township.objects.filter(code=code).first()
    if township is None:
        return None
    year = chosen_year(year)
    by_year = coverage_by_year(township=code)
    row = next((r for r in by_year.get(year, []) if r["scope"] == "township"), None)
    return {
        "township": township,
        "year": year,
        "year_totals": totals(row, year) if row else None,
        "villages": village_rows(township=code, year=year) if year else [],
        "site_counts": site_counts(row) if row else [],
        "eod_sites": eod_rows(township=code),
    }


def cleared_site_rows(*, village: str) -> list[dict]:
    """Return a village's cleared sites with their labels, oldest report first."""
    sites = (
        selectors.cleared_site_list(village=village)
        .values(
            "code",
            "kind",
            "status",
            "reuse",
            "reported_on",
            "cleared_on",
            "verified_on",
        )
        .order_by("reported_on", "code")
    )
    return [
        {
            **site,
            "kind_label": ClearedSite.Kind(site["kind"]).label,
            "status_label": ClearedSite.Status(site["status"]).label,
            "reuse_label": ClearedSite.Reuse(site["reuse"]).label
            if site["reuse"]
            else "",
        }
        for site in sites
    ]


def village_summary(*, code: str, year: int | None) -> dict | None:
    """Return what the village page shows, or None for an unknown code."""
    village = selectors.village_detail(code=code)
    if village is None:
        return None
    year = chosen_year(year)
    facts = selectors.village_facts(village=village, year=year) if year else {}
    for pairing in facts.get("pairings", []):
        kind = Pairing.PartnerKind(pairing["partner_kind"])
        pairing["partner_kind_label"] = kind.label
    sites = cleared_site_rows(village=code)
    return {
        "village": village,
        "year": year,
        "facts": facts,
        "site_counts": site_counts(sites=sites),
        "cleared_sites": sites,
        "eod_sites": eod_rows(village=code),
    }


def number(value):
    """Return a SQL numeric as a float (JSON for the map scripts), None as None."""
    return None if value is None else float(value)


def completion(row: dict) -> dict:
    """Return a coverage row's completion against its targets, level by level (five first).

    The definition ("this level or higher" against the targets of this level and higher)
    is coverage.completion_sql; this only picks its columns and adds the colours.
    """
    levels = []
    for level in range(5, 0, -1):
        pct = number(row[f"reached_pct_{level}"])
        levels.append(
            {
                "level": level,
                "count": row[f"level_{level}"],
                "target": row.get(f"target_{level}"),
                "at_least": row[f"at_least_{level}"],
                "target_at_least": row[f"target_at_least_{level}"],
                "pct": pct,
                "met": pct is None or pct >= 100,
                "colour": completion_colour(pct),
            }
        )
    overall = number(row["completion_pct"])
    return {"levels": levels, "overall": overall, "colour": completion_colour(overall)}


def township_ranking(rows: list[dict]) -> list[dict]:
    """Return the townships ranked by overall completion (best first; no targets last).

    Ties share a rank and are ordered by code, so the order is the same on every run.
    """
    ranked = []
    for row in rows:
        if row["scope"] != "township":
            continue
        done = completion(row)
        ranked.append(
            {
                "code": row["code"],
                "name": row["name"],
                "villages": row["villages"],
                "weak": row["weak_branch"],
                "quasi": row["quasi_five_star"],
                "levels": done["levels"],
                "overall": done["overall"],
                "colour": done["colour"],
            }
        )
    ranked.sort(key=lambda t: (t["overall"] is None, -(t["overall"] or 0), t["code"]))
    rank, previous = 0, object()
    for index, entry in enumerate(ranked, start=1):
        if entry["overall"] != previous:
            rank, previous = index, entry["overall"]
        entry["rank"] = rank if entry["overall"] is not None else None
    return ranked
