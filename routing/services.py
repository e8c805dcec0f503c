"""Make and save a plan: targets → travel-time matrix → solver → routes, stops, unfit stops."""

import datetime
import itertools
import json
import time

from django.contrib.gis.geos import LineString, Point
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.policy import can_write
from inspections.models import COUNTY_SEAT_LONLAT
from routing.models import Plan, PlanRoute, PlanStop, UnplannedStop
from routing.request import PlanRequest
from routing.solver.model import Problem, Solution, Stop, Vehicle
from routing.solver.portfolio import solve
from routing.targets import Target, readable_targets, targets_for
from routing.travel.matrix import Travel, travel_between

COUNTY_SEAT_NAME = "内黄县城"


# A plan should be back within this many seconds: the solver gets what the matrix left.
PLAN_SECONDS = 25.0
MIN_SOLVE_SECONDS = 3.0


def default_time_limit(stops: int) -> float:
    """Return the solver's time budget: about 1 s for a handful of stops, 20 s for the county."""
    return min(20.0, 1.0 + 0.035 * stops)


def solve_budget(stops: int, spent: float) -> float:
    """Return the solver's budget after `spent` seconds of preparation (matrix, targets)."""
    return max(
        min(MIN_SOLVE_SECONDS, default_time_limit(stops)),
        min(default_time_limit(stops), PLAN_SECONDS - spent),
    )


def plan_dates(
    start: datetime.date, days: int, skip_weekends: bool
) -> list[datetime.date]:
    """Return the plan's working dates from the start date."""
    dates, day = [], start
    while len(dates) < days:
        if not (skip_weekends and day.weekday() >= 5):
            dates.append(day)
        day += datetime.timedelta(days=1)
    return dates


def group_bases(request: PlanRequest) -> list[tuple[str, tuple[float, float], str]]:
    """Return (group name, base lon/lat, base name) for each group of the request."""
    bases = []
    for n, group in enumerate(request.groups, start=1):
        if group is None:
            bases.append((f"第{n}组", COUNTY_SEAT_LONLAT, COUNTY_SEAT_NAME))
        else:
            bases.append((group.name, (group.base.x, group.base.y), group.base_name))
    return bases


def build_problem(
    request: PlanRequest,
    targets: list[Target],
    bases,
    travel: Travel,
    spent: float = 0.0,
) -> Problem:
    """Return the solver's problem: one vehicle per group and day, one stop per target."""
    depots = depot_points(bases)
    stops = [
        Stop(
            node=len(depots) + i,
            service_s=request.service_s[t.kind],
            priority=t.priority,
            window=t.window,
        )
        for i, t in enumerate(targets)
    ]
    vehicles = [
        Vehicle(
            depot=depots.index(base),
            start_s=request.start_s,
            max_s=round(request.day_hours * 3600),
        )
        for _, base, _ in bases
        for _day in range(request.days)
    ]
    limit = request.time_limit_s or solve_budget(len(targets), spent)
    return Problem(travel.seconds, stops, vehicles, time_limit_s=limit)


def depot_points(bases) -> list[tuple[float, float]]:
    """Return the distinct base points in the order the groups name them."""
    return list(dict.fromkeys(base for _, base, _ in bases))


def plan_create(*, request: PlanRequest, user=None, progress=None) -> Plan:
    """Plan the request's groups and days over its targets, save the plan and return it.

    `user` must be allowed to add plans (inspection group members, administrators; else
    PermissionDenied) and the targets are the villages and sites `user` reads; `user`
    None is a job of the system itself. `progress(stage=..., **numbers)` hears how far
    the plan is (a background job's jobs.services.Progress).
    """
    report = progress or (lambda **fields: None)
    if user is not None and not can_write(user, Plan(), "add"):
        raise PermissionDenied(_("Your role does not plan inspection routes."))
    started = time.perf_counter()
    report(stage="targets")
    targets = targets_for(request.rules, request.windows)
    if user is not None:
        targets = readable_targets(user, targets)
    bases = group_bases(request)
    depots = depot_points(bases)
    report(stage="matrix", targets=len(targets))
    travel = travel_between(
        depots + [(t.lon, t.lat) for t in targets], use_roads=request.use_roads
    )
    problem = build_problem(
        request, targets, bases, travel, time.perf_counter() - started
    )
    report(
        stage="solving",
        force=True,
        budget_s=round(problem.time_limit_s, 1),
        time_left_s=round(problem.time_limit_s, 1),
        solve_until=time.time() + problem.time_limit_s,
    )

    def solver_progress(stage=None, **fields):
        if stage is not None:
            fields["engine_stage"] = stage
        report(stage="solving", **fields)

    solution = solve(problem, progress=solver_progress)
    report(
        stage="saving",
        force=True,
        time_left_s=0,
        best_priority=solution.score.priority,
        best_stops=solution.score.stops,
        engine=solution.engine,
    )
    return plan_save(request, targets, bases, travel, problem, solution, user)


@transaction.atomic
def plan_save(
    request, targets, bases, travel, problem, solution: Solution, user
) -> Plan:
    """Save the plan, a route per group and day with its stops, and the unfit targets."""
    with translation.override("en"):
        note = travel.note()
    plan = Plan.objects.create(
        created_by=user if user and user.is_authenticated else None,
        title=request.title,
        start_date=request.start_date,
        days=request.days,
        travel_mode=travel.mode,
        travel_note=note,
        request=request_record(request),
        objective=solution.objective,
        solve_seconds=round(solution.solve_s, 3),
    )
    dates = plan_dates(request.start_date, request.days, request.skip_weekends)
    legs = travel.legs(route_pairs(problem, solution))
    for route in solution.routes:
        save_route(plan, route, problem, targets, bases, dates, legs, request)
    UnplannedStop.objects.bulk_create(
        [
            UnplannedStop(
                plan=plan,
                kind=targets[i].kind,
                code=targets[i].code,
                name=targets[i].name,
                township_name=targets[i].township_name,
                location=Point(targets[i].lon, targets[i].lat, srid=4326),
                priority=targets[i].priority,
                reason=reason.value,
            )
            for i, reason in sorted(solution.dropped.items())
        ]
    )
    return plan


def route_pairs(problem: Problem, solution: Solution) -> list[tuple[int, int]]:
    """Return every (from node, to node) leg driven in the solution."""
    pairs = []
    for route in solution.routes:
        nodes = route_nodes(problem, route)
        pairs += list(itertools.pairwise(nodes))
    return pairs


def route_nodes(problem: Problem, route) -> list[int]:
    """Return a route's matrix nodes: depot, stops in order, depot."""
    depot = problem.vehicles[route.vehicle].depot
    return [depot, *(problem.stops[v.stop].node for v in route.visits), depot]


def save_route(plan, route, problem, targets, bases, dates, legs, request) -> None:
    """Save one group-day route, its geometry and its stops."""
    group_index, day_index = divmod(route.vehicle, request.days)
    name, base, base_name = bases[group_index]
    nodes = route_nodes(problem, route)
    driven = [legs[pair] for pair in itertools.pairwise(nodes)] if route.visits else []
    coords = [
        c
        for i, leg in enumerate(driven)
        for c in (leg.coords if i == 0 else leg.coords[1:])
    ]
    saved = PlanRoute.objects.create(
        plan=plan,
        group_index=group_index + 1,
        group=request.groups[group_index],
        group_name=name,
        day_index=day_index + 1,
        date=dates[day_index],
        base=Point(*base, srid=4326),
        base_name=base_name,
        start_s=problem.vehicles[route.vehicle].start_s,
        end_s=route.end_s if route.visits else problem.vehicles[route.vehicle].start_s,
        travel_s=route.travel_s,
        service_s=sum(v.departure_s - v.arrival_s for v in route.visits),
        km=round(sum(leg.metres for leg in driven) / 1000, 2),
        geom=LineString(coords, srid=4326) if len(coords) > 1 else None,
    )
    PlanStop.objects.bulk_create(
        [
            stop_of(saved, seq, visit, targets[visit.stop])
            for seq, visit in enumerate(route.visits, start=1)
        ]
    )


def stop_of(route: PlanRoute, seq: int, visit, target: Target) -> PlanStop:
    return PlanStop(
        route=route,
        seq=seq,
        kind=target.kind,
        code=target.code,
        name=target.name,
        township_name=target.township_name,
        village_id=target.village_id,
        site_id=target.site_id,
        location=Point(target.lon, target.lat, srid=4326),
        priority=target.priority,
        reason=target.reason[:200],
        arrival_s=visit.arrival_s,
        departure_s=visit.departure_s,
    )


def request_record(request: PlanRequest) -> dict:
    """Return the request as JSON-ready data, kept with the plan."""
    return {
        "groups": [g.pk if g else None for g in request.groups],
        "days": request.days,
        "start_date": request.start_date.isoformat(),
        "targets": json.loads(json.dumps(request.rules, cls=DjangoJSONEncoder)),
        "limits": {
            "day_hours": request.day_hours,
            "start_s": request.start_s,
            "service_s": request.service_s,
            "time_limit_s": request.time_limit_s,
            "skip_weekends": request.skip_weekends,
            "use_roads": request.use_roads,
        },
        "time_windows": {code: list(w) for code, w in request.windows.items()},
    }
