"""solve: optimal small tours, day limits, windows, priorities and reasons for unfit stops."""

import itertools
import random

import pytest

from routing.solver.brute import best_tour
from routing.solver.model import Problem, Reason, Stop, Vehicle
from routing.solver.ortools_vrp import solve
from routing.travel.fallback import Fallback

HOUR = 3600
EIGHT = 8 * HOUR


def county_points(n: int, seed: int) -> list[tuple[float, float]]:
    """Return the county seat and n seeded random points around it."""
    rng = random.Random(seed)
    return [(114.904, 35.953)] + [
        (114.75 + rng.random() * 0.25, 35.80 + rng.random() * 0.2) for _ in range(n)
    ]


def skewed(matrix: list[list[int]], seed: int) -> list[list[int]]:
    """Return the matrix with a random asymmetric extra per arc (like one-way streets)."""
    rng = random.Random(seed)
    return [
        [0 if i == j else t + rng.randint(0, 300) for j, t in enumerate(row)]
        for i, row in enumerate(matrix)
    ]


def served(solution) -> list[int]:
    return [visit.stop for route in solution.routes for visit in route.visits]


@pytest.mark.parametrize("n,seed", [(3, 1), (5, 2), (7, 3), (8, 4), (9, 5), (9, 6)])
def test_solve_finds_the_brute_force_optimum_up_to_nine_stops(n, seed):
    matrix = skewed(Fallback().matrix(county_points(n, seed)), seed)
    stops = [Stop(node=i, service_s=40 * 60) for i in range(1, n + 1)]
    solution = solve(
        Problem(matrix, stops, [Vehicle(0, EIGHT, 16 * HOUR)], time_limit_s=1)
    )
    optimum, _ = best_tour(matrix, 0, list(range(1, n + 1)))
    assert sorted(served(solution)) == list(range(n))
    assert solution.travel_s == optimum


def test_solve_splits_stops_between_two_groups_optimally():
    matrix = skewed(Fallback().matrix(county_points(6, 8)), 8)
    service, day_s = 60 * 60, 6 * HOUR
    stops = [Stop(node=i, service_s=service) for i in range(1, 7)]
    day = Vehicle(0, EIGHT, day_s)
    solution = solve(Problem(matrix, stops, [day, day], time_limit_s=1))
    best = None
    for k in range(7):
        for first in itertools.combinations(range(1, 7), k):
            rest = [s for s in range(1, 7) if s not in first]
            parts = [best_tour(matrix, 0, list(part)) for part in (first, rest)]
            if all(cost + service * len(order) <= day_s for cost, order in parts):
                total = parts[0][0] + parts[1][0]
                best = total if best is None else min(best, total)
    assert len(served(solution)) == 6
    assert solution.travel_s == best


def line_matrix(minutes: list[int]) -> list[list[int | None]]:
    """Return a matrix of points on a line at these minutes from the depot (node 0)."""
    spots = [0, *minutes]
    return [[abs(a - b) * 60 for b in spots] for a in spots]


def test_solve_gives_each_unfit_stop_its_reason():
    matrix = line_matrix([10, 300, 20, 30])  # node 2 is five hours out
    matrix[0][4] = matrix[4][0] = None  # node 4: no path
    for row in matrix:
        row[4] = None
    matrix[4] = [None] * 5
    matrix[4][4] = 0
    stops = [
        Stop(node=1, service_s=40 * 60),
        Stop(node=2, service_s=40 * 60),  # 5 h out + 5 h back > 8 h
        Stop(node=3, service_s=40 * 60, window=(EIGHT, EIGHT + 10 * 60)),  # 20 min away
        Stop(node=4, service_s=40 * 60),
    ]
    solution = solve(
        Problem(matrix, stops, [Vehicle(0, EIGHT, 8 * HOUR)], time_limit_s=1)
    )
    assert solution.dropped == {
        1: Reason.DAY_LIMIT,
        2: Reason.TIME_WINDOW,
        3: Reason.UNREACHABLE,
    }
    assert served(solution) == [0]


def test_solve_reports_no_room_when_the_days_are_full():
    matrix = line_matrix([10, 11, 12, 13, 14])
    stops = [Stop(node=i, service_s=2 * HOUR) for i in range(1, 6)]
    solution = solve(
        Problem(matrix, stops, [Vehicle(0, EIGHT, 8 * HOUR)], time_limit_s=1)
    )
    assert len(served(solution)) == 3
    assert sorted(solution.dropped.values()) == [Reason.NO_ROOM, Reason.NO_ROOM]


def test_solve_keeps_overdue_stops_when_not_all_fit():
    matrix = line_matrix([10, 60, 11])
    stops = [
        Stop(node=1, service_s=3 * HOUR),
        Stop(node=2, service_s=3 * HOUR, priority=3),
        Stop(node=3, service_s=3 * HOUR),
    ]
    solution = solve(
        Problem(matrix, stops, [Vehicle(0, EIGHT, 8 * HOUR)], time_limit_s=1)
    )
    assert 1 in served(solution)  # the overdue one, although farther
    assert len(solution.dropped) == 1


def test_solve_waits_for_a_time_window_and_keeps_the_day_limit():
    matrix = line_matrix([10, 20])
    stops = [
        Stop(node=1, service_s=HOUR, window=(10 * HOUR, 11 * HOUR)),
        Stop(node=2, service_s=HOUR),
    ]
    solution = solve(
        Problem(matrix, stops, [Vehicle(0, EIGHT, 8 * HOUR)], time_limit_s=1)
    )
    route = solution.routes[0]
    windowed = next(v for v in route.visits if v.stop == 0)
    assert windowed.departure_s - HOUR >= 10 * HOUR
    assert route.end_s <= EIGHT + 8 * HOUR
    assert not solution.dropped
