"""Shared pieces of the plan outputs: clock times, stop descriptions, titles, file names."""

import datetime
import zoneinfo

from django.utils.translation import gettext as _

from inspections.links import amap_marker_url

CHINA = zoneinfo.ZoneInfo("Asia/Shanghai")


def clock(seconds: int) -> str:
    """Return seconds after midnight as HH:MM."""
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}"


def utc_time(date: datetime.date, seconds: int) -> str:
    """Return a local (China) date and clock time as an ISO 8601 UTC timestamp."""
    local = datetime.datetime.combine(
        date, datetime.time(), CHINA
    ) + datetime.timedelta(seconds=seconds)
    return local.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def route_title(route) -> str:
    """Return "group · day n · date" for a route."""
    return _("%(group)s · day %(day)d · %(date)s") % {
        "group": route.group_name,
        "day": route.day_index,
        "date": route.date.isoformat(),
    }


def stop_label(stop) -> str:
    return f"{stop.seq}. {stop.name}"


def stop_description(stop) -> str:
    """Return a plain-text line: times, township, why it is a target."""
    return _("arrive %(arrive)s, leave %(leave)s · %(township)s · %(reason)s") % {
        "arrive": clock(stop.arrival_s),
        "leave": clock(stop.departure_s),
        "township": stop.township_name,
        "reason": stop.reason,
    }


def stop_link(stop) -> str:
    return amap_marker_url(stop.location.x, stop.location.y, stop.name)


def route_summary(route) -> str:
    """Return the route's leave/return times, distance and hours as one line."""
    return _("leave %(start)s, back %(end)s · %(km).1f km · %(hours).1f h") % {
        "start": clock(route.start_s),
        "end": clock(route.end_s),
        "km": route.km,
        "hours": route.hours,
    }


def file_name(route, suffix: str) -> str:
    return f"plan{route.plan_id}-group{route.group_index}-day{route.day_index}.{suffix}"


def route_coords(route) -> list[tuple[float, float]]:
    """Return the route line's lon/lat, or base → stops → base when it has none."""
    if route.geom is not None:
        return [(x, y) for x, y, *_ in route.geom.coords]
    base = (route.base.x, route.base.y)
    return [base, *((s.location.x, s.location.y) for s in route.stops.all()), base]
