"""The planner's solver: exact up to nine stops, a hard deadline, the swap pass, one score."""

import itertools
import multiprocessing
import random
import time

import pytest

from routing.solver.exact import exact_orders
from routing.solver.model import Problem, Stop, Vehicle
from routing.solver.portfolio import solve
from routing.solver.score import Score, score_of
from routing.solver.search import State

HOUR = 3600


def random_problem(n, vehicles, day_s, seed, service=40 * 60, asymmetric=True):
    rng = random.Random(seed)
    spots = [(rng.random() * 3_000, rng.random() * 3_000) for _ in range(n + 1)]
    matrix = [
        [
            0
            if i == j
            else int(abs(a[0] - b[0]) + abs(a[1] - b[1]))
            + (rng.randint(0, 300) if asymmetric else 0)
            for j, b in enumerate(spots)
        ]
        for i, a in enumerate(spots)
    ]
    stops = [
        Stop(node=i + 1, service_s=service, priority=rng.choice((1, 1, 2, 3)))
        for i in range(n)
    ]
    return Problem(matrix, stops, [Vehicle(0, 8 * HOUR, day_s)] * vehicles)


def brute_force(problem: Problem) -> Score:
    """Return the best score over every subset, order and split (one or two vehicles)."""
    n, best = len(problem.stops), None
    vehicles = len(problem.vehicles)
    for labels in itertools.product(range(vehicles + 1), repeat=n):
        groups = [[i for i in range(n) if labels[i] == v + 1] for v in range(vehicles)]
        orders = []
        for group in groups:
            tours = [
                list(p)
                for p in itertools.permutations(group)
                if score_of(problem, [list(p)] + [[]] * (vehicles - 1)).priority >= 0
            ]
            if not tours:
                break
            orders.append(
                max(tours, key=lambda t: score_of(problem, [t] + [[]] * (vehicles - 1)))
            )
        else:
            score = score_of(problem, orders)
            best = score if best is None or score > best else best
    return best


@pytest.mark.parametrize("n,seed", [(5, 1), (6, 2), (7, 3)])
def test_exact_matches_brute_force_for_one_vehicle(n, seed):
    problem = random_problem(n, 1, 4 * HOUR, seed)
    assert score_of(problem, exact_orders(problem, list(range(n)))) == brute_force(
        problem
    )


@pytest.mark.parametrize("seed", [4, 5])
def test_exact_matches_brute_force_for_two_vehicles(seed):
    problem = random_problem(6, 2, 3 * HOUR, seed)
    assert score_of(problem, exact_orders(problem, list(range(6)))) == brute_force(
        problem
    )


def test_nine_stops_are_solved_exactly_without_child_processes():
    problem = random_problem(9, 2, 4 * HOUR, 7)
    problem.time_limit_s = 5
    started = time.monotonic()
    solution = solve(problem)
    assert solution.engine == "exact" and time.monotonic() - started < 3
    assert solution.score == score_of(problem, exact_orders(problem, list(range(9))))


def test_score_puts_priority_before_stops_before_travel():
    assert Score(10, 3, -5000) > Score(9, 9, 0)
    assert Score(10, 4, -9000) > Score(10, 3, 0)
    assert Score(10, 4, -100) > Score(10, 4, -200)


def test_swap_pass_trades_a_low_priority_stop_for_a_higher_one():
    # Depot 0; stops 1 and 2 ten minutes away; the day holds one stop only.
    matrix = [[0, 600, 600], [600, 0, 60], [600, 60, 0]]
    stops = [
        Stop(node=1, service_s=3 * HOUR),
        Stop(node=2, service_s=3 * HOUR, priority=3),
    ]
    problem = Problem(matrix, stops, [Vehicle(0, 0, 4 * HOUR)])
    state = State(problem, [0, 1], [[0]])
    assert state.swap_pass()
    assert state.routes == [[1]] and state.score() == Score(3, 1, -1200)


def hog():
    x = 0
    while True:
        x = (x * 31 + 7) % 1_000_003


@pytest.mark.slow
def test_a_county_sized_plan_keeps_its_budget_under_load_and_is_feasible():
    problem = random_problem(150, 6, 8 * HOUR, 11, asymmetric=False)
    problem.time_limit_s = 2.0
    hogs = [multiprocessing.Process(target=hog, daemon=True) for _ in range(2)]
    for process in hogs:
        process.start()
    try:
        seen = []
        started = time.monotonic()
        solution = solve(problem, progress=lambda **fields: seen.append(fields))
        wall = time.monotonic() - started
    finally:
        for process in hogs:
            process.kill()
    assert wall < problem.time_limit_s + 1.0
    assert solution.engine in {"search", "vroom", "ortools"}
    # Independent check: every stop at most once, each day within its limit.
    visits = [v.stop for r in solution.routes for v in r.visits]
    assert len(visits) == len(set(visits)) and len(visits) > 20
    for route in solution.routes:
        nodes = [0, *(problem.stops[v.stop].node for v in route.visits), 0]
        busy = sum(problem.matrix[a][b] for a, b in itertools.pairwise(nodes))
        assert busy + 40 * 60 * len(route.visits) <= 8 * HOUR
    assert any("best_priority" in fields for fields in seen)
    assert solution.score.priority == max(
        f["best_priority"] for f in seen if "best_priority" in f
    )
