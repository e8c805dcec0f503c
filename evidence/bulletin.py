"""The bulletin's facts for a month (一月一通报) or a quarter (一季一讲评), from the data.

Reproducible for any past period: ratings are read as they stood at the period's end by
undoing the changes and deletions the history recorded after it (history.Change). Rows
first recorded after the period (the data set was loaded after the fact) count as they
were first recorded. Problems and visits are dated, so they need no history.
"""

import calendar
import datetime
import re
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db.models import Q

from history.models import Change
from history.triggers import COUNTY_TIME_ZONE
from inspections.models import Problem
from inspections.selectors import coverage_by_township
from layers.models import STAR_FIELDS, ClearedSite, StarRating, Township

PERIOD = re.compile(r"^(?P<year>\d{4})-(?:(?P<month>\d{2})|Q(?P<quarter>[1-4]))$")


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # inclusive
    key: str
    is_quarter: bool

    @property
    def previous(self) -> "Period":
        return period_of(previous_key(self))

    @property
    def cutoff(self) -> datetime.datetime:
        """Return the first instant after the period, in the county's time zone."""
        day = self.end + datetime.timedelta(days=1)
        return datetime.datetime.combine(
            day, datetime.time(), ZoneInfo(COUNTY_TIME_ZONE)
        )


def period_of(key: str) -> Period:
    """Return the period named `YYYY-MM` or `YYYY-Qn`; raise ValueError otherwise."""
    found = PERIOD.match(key or "")
    if not found:
        raise ValueError(key)
    year = int(found["year"])
    if not 2000 <= year <= 2100:
        raise ValueError(key)
    if found["quarter"]:
        first = (int(found["quarter"]) - 1) * 3 + 1
        last = first + 2
    else:
        first = last = int(found["month"])
        if not 1 <= first <= 12:
            raise ValueError(key)
    end = datetime.date(year, last, calendar.monthrange(year, last)[1])
    return Period(datetime.date(year, first, 1), end, key, bool(found["quarter"]))


def previous_key(period: Period) -> str:
    before = period.start - datetime.timedelta(days=1)
    if period.is_quarter:
        return f"{before.year}-Q{(before.month - 1) // 3 + 1}"
    return f"{before.year}-{before.month:02d}"


def ratings_as_of(*, year: int, cutoff: datetime.datetime) -> dict[int, dict]:
    """Return {rating id: {village_id, stars...}} for `year` as the ratings stood at
    `cutoff`: current rows with later changes undone, later deletions restored."""
    rows = {
        r["id"]: r
        for r in StarRating.objects.filter(year=year).values(
            "id", "village_id", *STAR_FIELDS
        )
    }
    later = Change.objects.filter(
        table_name=StarRating._meta.db_table,
        at__gte=cutoff,
        action__in=["update", "delete"],
    ).order_by("-at", "-id")
    for change in later:
        old = change.old or {}
        if old.get("year") not in (None, year):
            continue
        pk = int(change.object_id)
        row = rows.setdefault(pk, {"id": pk, "village_id": old.get("village_id")})
        row.update(
            {key: old[key] for key in ("village_id", *STAR_FIELDS) if key in old}
        )
    return {pk: row for pk, row in rows.items() if row.get("village_id") is not None}


def levels_by_village(ratings: dict[int, dict]) -> dict[int, int]:
    return {
        r["village_id"]: sum(bool(r.get(star)) for star in STAR_FIELDS)
        for r in ratings.values()
    }


@dataclass
class Bulletin:
    period: Period
    year: int
    ranking: list[dict] = field(default_factory=list)
    gained: list[dict] = field(default_factory=list)
    lost: list[dict] = field(default_factory=list)
    overdue: list[dict] = field(default_factory=list)
    coverage: list[dict] = field(default_factory=list)
    cleared_in_period: int = 0
    cleared_total: int = 0
    levels: dict[int, int] = field(default_factory=dict)


def township_ranking(levels: dict[int, int], before: dict[int, int]) -> list[dict]:
    """Rank townships by average level; give the rank and average of the last bulletin."""
    townships = list(Township.objects.order_by("code").values("id", "code", "name"))
    villages = dict(
        StarRating.objects.values_list("village_id", "village__township_id").distinct()
    )

    def averages(by_village):
        sums: dict[int, list[int]] = {}
        for village, level in by_village.items():
            sums.setdefault(villages.get(village), []).append(level)
        return {t: round(sum(v) / len(v), 2) for t, v in sums.items() if v}

    now, then = averages(levels), averages(before)

    def ranks(avg):
        order = sorted(townships, key=lambda t: (-avg.get(t["id"], 0), t["code"]))
        return {t["id"]: n for n, t in enumerate(order, start=1)}

    rank_now, rank_then = ranks(now), ranks(then)
    rows = [
        {
            "rank": rank_now[t["id"]],
            "code": t["code"],
            "name": t["name"],
            "average": now.get(t["id"], 0),
            "villages": sum(1 for v in levels if villages.get(v) == t["id"]),
            "five_star": sum(
                1 for v, lv in levels.items() if villages.get(v) == t["id"] and lv == 5
            ),
            "rank_change": (rank_then[t["id"]] - rank_now[t["id"]]) if then else None,
            "average_change": round(now.get(t["id"], 0) - then.get(t["id"], 0), 2)
            if then
            else None,
        }
        for t in townships
    ]
    return sorted(rows, key=lambda r: r["rank"])


def star_changes(year: int, cutoff, before_cutoff) -> tuple[list[dict], list[dict]]:
    """Return (gained, lost): villages whose stars changed between the two cut-offs."""
    now = {r["village_id"]: r for r in ratings_as_of(year=year, cutoff=cutoff).values()}
    then = {
        r["village_id"]: r
        for r in ratings_as_of(year=year, cutoff=before_cutoff).values()
    }
    names = dict(
        StarRating.objects.filter(year=year).values_list(
            "village_id", "village__short_name"
        )
    )
    gained, lost = [], []
    for village, row in sorted(now.items()):
        old = then.get(village)
        if old is None:
            continue
        for star in STAR_FIELDS:
            if bool(row.get(star)) != bool(old.get(star)):
                entry = {"village": names.get(village, str(village)), "star": star}
                (gained if row.get(star) else lost).append(entry)
    return gained, lost


def overdue_problems(end: datetime.date) -> list[dict]:
    """Return problems open at the end of `end`'s day whose notice deadline had passed."""
    rows = Problem.objects.filter(
        notice__issued_on__lte=end, notice__deadline__lt=end
    ).filter(Q(closed_on__isnull=True) | Q(closed_on__gt=end))
    fields = {
        "township": "notice__village__township__name",
        "village": "notice__village__short_name",
        "notice": "notice__number",
        "deadline": "notice__deadline",
        "description": "description",
        "star": "star",
    }
    found = rows.order_by("notice__deadline", "notice__number", "seq").values(
        *fields.values()
    )
    return [
        {key: row[path] for key, path in fields.items()}
        | {"days": (end - row["notice__deadline"]).days}
        for row in found
    ]


def rated_year(period: Period) -> int:
    """Return the rating year a period reports on: its own year, or the latest before."""
    years = sorted(set(StarRating.objects.values_list("year", flat=True)))
    earlier = [y for y in years if y <= period.end.year]
    return earlier[-1] if earlier else (years[0] if years else period.end.year)


def bulletin_for(key: str) -> Bulletin:
    """Return the bulletin of the period `key` (YYYY-MM or YYYY-Qn)."""
    period = period_of(key)
    previous = period.previous
    year = rated_year(period)
    levels = levels_by_village(ratings_as_of(year=year, cutoff=period.cutoff))
    before = levels_by_village(ratings_as_of(year=year, cutoff=previous.cutoff))
    gained, lost = star_changes(year, period.cutoff, previous.cutoff)
    sites = ClearedSite.objects.exclude(status="reported")
    return Bulletin(
        period=period,
        year=year,
        ranking=township_ranking(levels, before),
        gained=gained,
        lost=lost,
        overdue=overdue_problems(period.end),
        coverage=coverage_by_township(date_from=period.start, date_to=period.end),
        cleared_in_period=sites.filter(
            cleared_on__range=(period.start, period.end)
        ).count(),
        cleared_total=sites.filter(cleared_on__lte=period.end).count(),
        levels=levels,
    )
