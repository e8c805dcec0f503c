"""Reads for inspections: the ledger, overdue problems, visit coverage, unvisited villages."""

import datetime

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)

from inspections.models import InspectionGroup, Problem, RectificationNotice, Visit
from layers.geojson import Envelope, GeometryFormat, feature_collection
from layers.models import Township, Village
from layers.selectors import raw_geometry

OPEN_STATUSES = [
    Problem.Status.PENDING,
    Problem.Status.IN_PROGRESS,
    Problem.Status.AWAITING_CHECK,
]
MAX_FEATURES = 10000


def group_list() -> QuerySet[InspectionGroup]:
    """Return the inspection groups in their order."""
    return InspectionGroup.objects.all()


def problem_ledger(
    *,
    today: datetime.date,
    township: str | None = None,
    group: int | None = None,
    status: str | None = None,
    overdue: bool | None = None,
    year: int | None = None,
) -> QuerySet[Problem]:
    """Return the ledger rows (one per problem) with `is_overdue`, filtered as asked."""
    rows = Problem.objects.select_related(
        "notice", "notice__village", "notice__village__township", "notice__group"
    ).annotate(
        is_overdue=Case(
            When(
                Q(notice__deadline__lt=today) & ~Q(status=Problem.Status.CLOSED),
                then=Value(True),
            ),
            default=Value(False),
            output_field=BooleanField(),
        )
    )
    if township:
        rows = rows.filter(notice__village__township__code=township)
    if group:
        rows = rows.filter(notice__group_id=group)
    if status:
        rows = rows.filter(status=status)
    if overdue is not None:
        rows = rows.filter(is_overdue=overdue)
    if year:
        rows = rows.filter(notice__issued_on__year=year)
    return rows.order_by("-notice__issued_on", "notice__number", "seq")


def notice_list(*, year: int | None = None) -> QuerySet[RectificationNotice]:
    """Return notices with their count of problems and of open problems."""
    notices = RectificationNotice.objects.select_related("village", "group").annotate(
        problem_count=Count("problems"),
        open_count=Count("problems", filter=Q(problems__status__in=OPEN_STATUSES)),
    )
    return notices.filter(issued_on__year=year) if year else notices


def villages_with_open_problems(*, today: datetime.date) -> dict[int, bool]:
    """Return {village id: has an overdue problem} for villages with open problems."""
    rows = (
        Problem.objects.filter(status__in=OPEN_STATUSES)
        .values("notice__village_id")
        .annotate(overdue=Count("id", filter=Q(notice__deadline__lt=today)))
    )
    return {row["notice__village_id"]: row["overdue"] > 0 for row in rows}


def visits_in(
    date_from: datetime.date | None, date_to: datetime.date | None
) -> QuerySet[Visit]:
    """Return the visits made between the two dates (inclusive; None leaves a side open)."""
    visits = Visit.objects.all()
    if date_from:
        visits = visits.filter(visited_on__gte=date_from)
    if date_to:
        visits = visits.filter(visited_on__lte=date_to)
    return visits


def unvisited_villages(
    *,
    date_from: datetime.date | None,
    date_to: datetime.date | None = None,
    township: str | None = None,
    townships: list[int] | None = None,
) -> QuerySet[Village]:
    """Return villages no group visited in the period, with their last visit date ever.

    `townships`: ids the user reads (accounts.policy.readable_township_ids; None: all).
    """
    visited = visits_in(date_from, date_to).filter(village=OuterRef("pk"))
    villages = (
        Village.objects.filter(~Exists(visited))
        .select_related("township")
        .annotate(last_visit=Max("visits__visited_on"))
    )
    if township:
        villages = villages.filter(township__code=township)
    if townships is not None:
        villages = villages.filter(township_id__in=townships)
    return villages.order_by("code")


def unvisited_geojson(
    *,
    date_from: datetime.date | None,
    date_to: datetime.date | None = None,
    township: str | None = None,
    townships: list[int] | None = None,
) -> str:
    """Return the unvisited villages' label points as FeatureCollection text (PostGIS)."""
    rows = (
        unvisited_villages(
            date_from=date_from,
            date_to=date_to,
            township=township,
            townships=townships,
        )
        .annotate(
            township_code=F("township__code"),
            township_name=F("township__name"),
            geometry=raw_geometry("label_point"),
        )
        .values(
            "code",
            "name",
            "short_name",
            "township_code",
            "township_name",
            "last_visit",
            "geometry",
        )
    )
    return feature_collection(
        rows,
        properties=[
            "code",
            "name",
            "short_name",
            "township_code",
            "township_name",
            "last_visit",
        ],
        envelope=Envelope(limit=MAX_FEATURES),
        fmt=GeometryFormat(precision=6),
        geom_column="geometry",
    )


def coverage_by_township(
    *,
    date_from: datetime.date | None,
    date_to: datetime.date | None,
    township: str | None = None,
    townships: list[int] | None = None,
) -> list[dict]:
    """Return, per township, villages, villages visited in the period and the share visited.

    `townships`: ids the user reads (None: all).
    """
    visited = visits_in(date_from, date_to).filter(village=OuterRef("pk"))
    seen = dict(
        Village.objects.filter(Exists(visited))
        .order_by()
        .values("township")
        .annotate(n=Count("pk"))
        .values_list("township", "n")
    )
    rows = Township.objects.annotate(village_count=Count("villages")).order_by("code")
    if township:
        rows = rows.filter(code=township)
    if townships is not None:
        rows = rows.filter(pk__in=townships)
    return [
        {
            "code": t.code,
            "name": t.name,
            "villages": t.village_count,
            "visited": seen.get(t.pk, 0),
            "share": round(seen.get(t.pk, 0) / t.village_count, 4)
            if t.village_count
            else None,
        }
        for t in rows
    ]
