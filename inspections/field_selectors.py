"""Reads for the field pages: today's route of a group, its stops' states, open problems."""

import datetime
import math
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from accounts import policy
from inspections.links import navigation_links
from inspections.models import InspectionGroup, Photo, Problem, Visit
from inspections.selectors import OPEN_STATUSES

EARTH_RADIUS_M = 6371008.8


def metres_between(a, b) -> float:
    """Return the great-circle metres between two WGS 84 points (for a phone's list)."""
    lon1, lat1, lon2, lat2 = map(math.radians, (a.x, a.y, b.x, b.y))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(h))


def user_group(user, asked: int | None = None) -> InspectionGroup | None:
    """Return the group whose day `user` sees: the own group, or (county roles) `asked`."""
    own = policy.actor(user).group_id
    if own:
        return InspectionGroup.objects.filter(pk=own).first()
    if asked and not policy.read_scope(user, Visit).nothing:
        return InspectionGroup.objects.filter(pk=asked).first()
    return None


def today_route(*, group: InspectionGroup, today: datetime.date):
    """Return the group's route for `today` from the newest saved plan, or None."""
    from routing.models import PlanRoute

    return (
        PlanRoute.objects.filter(group=group, date=today)
        .select_related("plan")
        .order_by("-plan__created_at", "-plan_id")
        .first()
    )


@dataclass
class Stop:
    """One stop of today's route as the field page shows it."""

    seq: int
    kind: str
    code: str
    name: str
    township_name: str
    lon: float
    lat: float
    arrival: str
    leg_m: float
    links: dict
    village_id: int | None
    site_code: str | None
    visit: Visit | None = None
    state: str = "planned"
    problems: list = field(default_factory=list)


def clock(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}"


def route_stops(*, route, group: InspectionGroup, today: datetime.date) -> list[Stop]:
    """Return the route's stops in order, each with its visit today and its state."""
    visits = {
        v.village_id: v
        for v in Visit.objects.filter(group=group, visited_on=today).prefetch_related(
            Prefetch("notice__problems", queryset=Problem.objects.order_by("seq"))
        )
    }
    stops, previous = [], route.base
    for stop in route.stops.select_related("site").order_by("seq"):
        visit = visits.get(stop.village_id) if stop.village_id else None
        item = Stop(
            seq=stop.seq,
            kind=stop.kind,
            code=stop.code,
            name=stop.name,
            township_name=stop.township_name,
            lon=stop.location.x,
            lat=stop.location.y,
            arrival=clock(stop.arrival_s),
            leg_m=metres_between(previous, stop.location),
            links=navigation_links(stop.location.x, stop.location.y, stop.name),
            village_id=stop.village_id,
            site_code=stop.site.code if stop.site else None,
            visit=visit,
            state=visit_state(visit),
            problems=visit_problems(visit),
        )
        stops.append(item)
        previous = stop.location
    return stops


def visit_problems(visit: Visit | None) -> list[Problem]:
    if visit is None or not hasattr(visit, "notice"):
        return []
    return list(visit.notice.problems.all())


def visit_state(visit: Visit | None) -> str:
    """Return planned, checked_in or done."""
    if visit is None or visit.checked_in_at is None and visit.done_at is None:
        return "planned"
    return "done" if visit.done_at else "checked_in"


def next_stop(stops: list[Stop]) -> Stop | None:
    """Return the first stop not done yet."""
    return next((s for s in stops if s.state != "done"), None)


def open_problems(user) -> QuerySet[Problem]:
    """Return the open problems `user` deals with: a cadre the own township's, an
    inspector the own group's, county roles every one they read."""
    rows = policy.readable(
        user,
        Problem.objects.filter(status__in=OPEN_STATUSES).select_related(
            "notice", "notice__village", "notice__village__township", "notice__group"
        ),
    )
    who = policy.actor(user)
    if who.township_id and not who.group_id:
        rows = rows.filter(notice__village__township_id=who.township_id)
    elif who.group_id:
        rows = rows.filter(notice__group_id=who.group_id)
    return rows.order_by("notice__deadline", "notice__number", "seq")


def photos_of(owner) -> QuerySet[Photo]:
    """Return the photos of a problem, visit or cleared site, oldest first."""
    return owner.photos.order_by("created_at", "id")
