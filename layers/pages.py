"""Reads for the map pages: small facts (years, totals, tables), never feature lists.

The features reach the browser from the API; these reads give a page its headings, tables
and totals, so the pages print well and their HTML does not grow with the feature count.
"""

import json
from collections import defaultdict

from django.db import connection
from django.db.models import Count, F, Q

from layers import selectors
from layers.models import (
    METRIC_SRID,
    STAR_FIELDS,
    ClearedSite,
    CreationTarget,
    EODProject,
    Pairing,
    StarRating,
    Township,
    Village,
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


def level_totals(*, township: Township | None = None) -> dict[int, dict]:
    """Return, per year, villages at each level against the targets, and the flags' counts."""
    ratings = StarRating.objects.order_by()
    villages = Village.objects.all()
    if township is not None:
        ratings = ratings.filter(village__township=township)
        villages = villages.filter(township=township)
    counts = defaultdict(dict)
    for row in ratings.values("year", "level").annotate(n=Count("pk")):
        counts[row["year"]][row["level"]] = row["n"]
    targets = defaultdict(dict)
    for row in CreationTarget.objects.filter(township=township).values(
        "year", "level", "count"
    ):
        targets[row["year"]][row["level"]] = row["count"]
    flags = ratings.values("year").annotate(
        rated=Count("pk"),
        weak=Count("pk", filter=Q(is_weak_branch=True)),
        quasi=Count("pk", filter=Q(is_quasi_five_star=True)),
    )
    total = villages.count()
    return {
        row["year"]: {
            "year": row["year"],
            "villages": total,
            "rated": row["rated"],
            "weak": row["weak"],
            "quasi": row["quasi"],
            "levels": [
                {
                    "level": level,
                    "count": counts[row["year"]].get(level, 0),
                    "target": targets[row["year"]].get(level),
                }
                for level in range(5, -1, -1)
            ],
        }
        for row in flags
    }


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


def site_counts(**where) -> list[dict]:
    """Return cleared sites counted by kind and status (where: township= or village=)."""
    qs = ClearedSite.objects.order_by()
    if "township" in where:
        qs = qs.filter(village__township__code=where["township"])
    if "village" in where:
        qs = qs.filter(village__code=where["village"])
    by_kind = {
        kind: {"kind": kind, "label": kind.label, "total": 0}
        for kind in ClearedSite.Kind
    }
    for row in qs.values("kind", "status").annotate(n=Count("pk")):
        entry = by_kind[ClearedSite.Kind(row["kind"])]
        entry[row["status"]] = row["n"]
        entry["total"] += row["n"]
    return list(by_kind.values())


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


def township_summary(*, code: str, year: int | None) -> dict | None:
    """Return what the township page shows, or None for an unknown code."""
    township = Township.objects.filter(code=code).first()
    if township is None:
        return None
    year = chosen_year(year)
    totals = level_totals(township=township)
    return {
        "township": township,
        "year": year,
        "totals": totals,
        "year_totals": totals.get(year),
        "villages": village_rows(township=code, year=year) if year else [],
        "site_counts": site_counts(township=code),
        "eod_sites": eod_rows(township=code),
    }


def village_summary(*, code: str, year: int | None) -> dict | None:
    """Return what the village page shows, or None for an unknown code."""
    village = selectors.village_detail(code=code)
    if village is None:
        return None
    year = chosen_year(year)
    facts = selectors.village_facts(village=village, year=year) if year else {}
    for rating in facts.get("ratings", []):
        rating["stars"] = [star for star in STAR_FIELDS if rating[star]]
    for pairing in facts.get("pairings", []):
        pairing["partner_kind_label"] = Pairing.PartnerKind(
            pairing["partner_kind"]
        ).label
    sites = (
        selectors.cleared_site_list(village=code)
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
    sites = [
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
    return {
        "village": village,
        "year": year,
        "facts": facts,
        "site_counts": site_counts(village=code),
        "cleared_sites": sites,
        "eod_sites": eod_rows(village=code),
    }


def township_table(*, year: int | None) -> list[dict]:
    """Return each township with its villages counted by the year's level."""
    rows = {
        t.code: {
            "code": t.code,
            "name": t.name,
            "villages": 0,
            "levels": [0] * 6,
            "weak": 0,
            "unrated": 0,
        }
        for t in Township.objects.order_by("code")
    }
    counted = (
        Village.objects.order_by().values("township__code").annotate(n=Count("pk"))
    )
    for row in counted:
        rows[row["township__code"]]["villages"] = row["n"]
    ratings = (
        StarRating.objects.filter(year=year)
        .order_by()
        .values("village__township__code", "level")
        .annotate(n=Count("pk"), weak=Count("pk", filter=Q(is_weak_branch=True)))
    )
    for row in ratings:
        entry = rows[row["village__township__code"]]
        entry["levels"][row["level"]] += row["n"]
        entry["weak"] += row["weak"]
    for entry in rows.values():
        entry["unrated"] = entry["villages"] - sum(entry["levels"])
        entry["levels"] = list(reversed(entry["levels"]))  # five stars first
    return list(rows.values())
