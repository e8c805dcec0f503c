"""Choose what to inspect: villages or cleared sites, by rule or by list, with priorities.

Priorities: 3 for a village with an overdue open problem, 2 with an open problem, else 1.
The same place chosen by two rules appears once, with both reasons.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from inspections.selectors import unvisited_villages, villages_with_open_problems
from layers.models import ClearedSite, StarRating, Village
from layers.rules import default_year
from routing.models import StopKind


@dataclass
class Target:
    """A place to visit, as plain data for the planner."""

    kind: str
    code: str
    name: str
    township_name: str
    lon: float
    lat: float
    reason: str
    priority: int = 1
    village_id: int | None = None
    site_id: int | None = None
    window: tuple[int, int] | None = None


def village_target(village: Village, reason: str) -> Target:
    point = village.label_point
    return Target(
        StopKind.VILLAGE,
        village.code,
        village.short_name,
        village.township.name,
        point.x,
        point.y,
        reason,
        village_id=village.pk,
    )


def site_target(site: ClearedSite, reason: str) -> Target:
    point = site.location
    name = f"{site.village.short_name}{site.get_kind_display()}"
    return Target(
        StopKind.SITE,
        site.code,
        name,
        site.village.township.name,
        point.x,
        point.y,
        reason,
        site_id=site.pk,
    )


def in_townships(queryset, townships: list[str] | None, path: str = "township__code"):
    return queryset.filter(**{f"{path}__in": townships}) if townships else queryset


def unvisited(*, since: datetime.date, townships=None, **_options) -> list[Target]:
    """Villages no group has visited since the date."""
    villages = in_townships(unvisited_villages(date_from=since), townships)
    reason = _("not visited since %(date)s") % {"date": since.isoformat()}
    return [village_target(v, reason) for v in villages]


def open_problems(*, townships=None, **_options) -> list[Target]:
    """Villages with open (not ticked-off) problems."""
    flags = villages_with_open_problems(today=timezone.localdate())
    villages = in_townships(
        Village.objects.filter(pk__in=flags).select_related("township"), townships
    )
    return [
        village_target(v, _("overdue problems") if flags[v.pk] else _("open problems"))
        for v in villages.order_by("code")
    ]


def quasi_five_star(
    *, year: int | None = None, townships=None, **_options
) -> list[Target]:
    """Villages rated quasi-five-star candidates in the year (default: the latest rated)."""
    year = year or default_year()
    ratings = StarRating.objects.filter(year=year, is_quasi_five_star=True)
    villages = in_townships(
        Village.objects.filter(ratings__in=ratings).select_related("township"),
        townships,
    )
    return [
        village_target(v, _("quasi-five-star candidate"))
        for v in villages.order_by("code")
    ]


def cleared_sites(*, townships=None, **_options) -> list[Target]:
    """Cleared sites waiting for their check (status cleared, not yet verified)."""
    sites = ClearedSite.objects.filter(
        status=ClearedSite.Status.CLEARED
    ).select_related("village", "village__township")
    sites = in_townships(sites, townships, "village__township__code")
    return [site_target(s, _("cleared site to verify")) for s in sites.order_by("code")]


def explicit(*, villages=(), sites=(), **_options) -> list[Target]:
    """The villages and sites named by code."""
    chosen = _("chosen")
    rows = (
        Village.objects.filter(code__in=villages)
        .select_related("township")
        .order_by("code")
    )
    site_rows = (
        ClearedSite.objects.filter(code__in=sites)
        .select_related("village", "village__township")
        .order_by("code")
    )
    return [village_target(v, chosen) for v in rows] + [
        site_target(s, chosen) for s in site_rows
    ]


RULES = {
    "unvisited": unvisited,
    "open_problems": open_problems,
    "quasi_five_star": quasi_five_star,
    "cleared_sites": cleared_sites,
    "explicit": explicit,
}


def readable_targets(user, targets: list[Target]) -> list[Target]:
    """Keep the targets in villages and sites `user` may read (accounts.policy)."""
    from accounts.policy import readable, readable_villages

    villages = set(
        readable_villages(user)
        .filter(pk__in=[t.village_id for t in targets if t.village_id])
        .values_list("pk", flat=True)
    )
    sites = set(
        readable(user, ClearedSite.objects.all())
        .filter(pk__in=[t.site_id for t in targets if t.site_id])
        .values_list("pk", flat=True)
    )
    return [t for t in targets if t.village_id in villages or t.site_id in sites]


def targets_for(rules: list[dict], windows: dict | None = None) -> list[Target]:
    """Return the union of the rules' targets, with priorities and time windows set."""
    merged: dict[tuple[str, str], Target] = {}
    for rule in rules:
        for target in RULES[rule["rule"]](**rule):
            key = (target.kind, target.code)
            if key in merged:
                merged[key].reason = f"{merged[key].reason}; {target.reason}"
            else:
                merged[key] = target
    targets = list(merged.values())
    set_priorities(targets)
    for target in targets:
        target.window = (windows or {}).get(target.code)
    return targets


def set_priorities(targets: list[Target]) -> None:
    """Raise the priority of villages with open problems (overdue highest)."""
    flags = villages_with_open_problems(today=timezone.localdate())
    for target in targets:
        if target.village_id in flags:
            target.priority = 3 if flags[target.village_id] else 2
