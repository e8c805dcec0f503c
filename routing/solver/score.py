"""One objective for every engine: priority collected, then villages, then travel.

A plan is better when it collects more priority (3 overdue + 2 open problem + 1 other, summed
over the stops it visits); at equal priority, when it visits more stops; at equal both, when
it drives less. Every engine's answer is scheduled and checked here before it is compared.
"""

from dataclasses import dataclass

from routing.solver.model import Problem, Route
from routing.solver.schedule import schedule_route


@dataclass(frozen=True, order=True)
class Score:
    """Comparable with < and max(): greater is better."""

    priority: int
    stops: int
    neg_travel_s: int

    @property
    def travel_s(self) -> int:
        return -self.neg_travel_s

    def as_dict(self) -> dict:
        return {
            "priority": self.priority,
            "stops": self.stops,
            "travel_s": self.travel_s,
        }


WORST = Score(-1, -1, 0)


def route_fits(problem: Problem, route: Route) -> bool:
    """Say whether a scheduled route keeps every window, path and the day limit."""
    vehicle = problem.vehicles[route.vehicle]
    here = vehicle.depot
    for visit in route.visits:
        stop = problem.stops[visit.stop]
        if problem.matrix[here][stop.node] is None:
            return False
        if stop.window is not None and not (
            stop.window[0] <= visit.departure_s - stop.service_s <= stop.window[1]
        ):
            return False
        here = stop.node
    if route.visits and problem.matrix[here][vehicle.depot] is None:
        return False
    return route.end_s <= vehicle.start_s + vehicle.max_s


def schedule(problem: Problem, orders: list[list[int]]) -> list[Route] | None:
    """Return the scheduled routes of `orders` (stop indices per vehicle), None if any breaks."""
    if len(orders) != len(problem.vehicles):
        return None
    seen: set[int] = set()
    routes = []
    for v, order in enumerate(orders):
        if seen.intersection(order) or len(set(order)) != len(order):
            return None
        seen.update(order)
        route = schedule_route(problem, v, list(order))
        if order and not route_fits(problem, route):
            return None
        routes.append(route)
    return routes


def score_of(problem: Problem, orders: list[list[int]]) -> Score:
    """Return the score of `orders`, WORST when they are not feasible."""
    routes = schedule(problem, orders)
    if routes is None:
        return WORST
    return score_routes(problem, routes)


def score_routes(problem: Problem, routes: list[Route]) -> Score:
    served = [visit.stop for route in routes for visit in route.visits]
    return Score(
        sum(problem.stops[i].priority for i in served),
        len(served),
        -sum(route.travel_s for route in routes),
    )
