"""Benchmark the county-wide plan: 532 villages, 4 groups × 5 days, 8 h days, 40 min a village.

Prints, for each solver time budget, the wall time, villages planned, travel hours and the
objective, and the gap to the best objective of one longer run. With villages in the database
(after `manage.py load_neihuang`) it uses their label points and also times the whole
`plan_create` (matrix, solve, save; rolled back); otherwise it uses 532 seeded random points
in the county's extent and times the matrix and the solver only.

    .venv/bin/python bench/routing_bench.py                 # budgets 2, 5, 10, 20 s; long 120 s
    .venv/bin/python bench/routing_bench.py --budgets 5,20 --long 60
    PYTHONPATH=/path/to/pyvroom .venv/bin/python bench/routing_bench.py --vroom   # compare
    .venv/bin/python bench/routing_bench.py --budgets 20 --long 20 --roads 150  # pgRouting
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geoportal.settings")

SEAT = (114.904, 35.953)
GROUPS, DAYS, DAY_S, START_S, SERVICE_S = 4, 5, 8 * 3600, 8 * 3600 + 1800, 40 * 60


def synthetic_points(n: int = 532, seed: int = 7) -> list[tuple[float, float]]:
    """Return n seeded points in Neihuang's extent (lon 114.62–115.04, lat 35.70–36.02)."""
    rng = random.Random(seed)
    return [
        (114.62 + rng.random() * 0.42, 35.70 + rng.random() * 0.32) for _ in range(n)
    ]


def database_points() -> list[tuple[float, float]] | None:
    """Return the villages' label points from the database, or None when there are none."""
    import django

    django.setup()
    from django.db import DatabaseError

    from layers.models import Village

    try:
        points = [
            (p.x, p.y) for p in Village.objects.values_list("label_point", flat=True)
        ]
    except DatabaseError as error:
        print(f"(no database villages: {error.__class__.__name__})")
        return None
    return points or None


def problem_for(points, seconds, budget):
    from routing.solver.model import Problem, Stop, Vehicle

    stops = [
        Stop(node=i + 1, service_s=SERVICE_S, priority=3 if i % 25 == 0 else 1)
        for i in range(len(points))
    ]
    vehicles = [Vehicle(0, START_S, DAY_S) for _ in range(GROUPS * DAYS)]
    return Problem(seconds, stops, vehicles, time_limit_s=budget)


def run_ortools(seconds, points, budget):
    from routing.solver.ortools_vrp import solve

    started = time.perf_counter()
    solution = solve(problem_for(points, seconds, budget))
    planned = sum(len(r.visits) for r in solution.routes)
    return time.perf_counter() - started, planned, solution.travel_s, solution.objective


def run_vroom(seconds, points, budget):
    """Solve the same instance with VROOM (pyvroom) for comparison; objective in our units."""
    import datetime

    import vroom

    from routing.solver.model import PENALTY_UNIT, PRIORITY_WEIGHT

    started = time.perf_counter()
    problem = vroom.Input()
    problem.set_durations_matrix(profile="car", matrix_input=seconds)
    for v in range(GROUPS * DAYS):
        problem.add_vehicle(
            vroom.Vehicle(
                v + 1,
                start=0,
                end=0,
                time_window=vroom.TimeWindow(START_S, START_S + DAY_S),
            )
        )
    for i in range(len(points)):
        problem.add_job(
            vroom.Job(
                i + 1,
                location=i + 1,
                default_service=SERVICE_S,
                priority=10 if i % 25 == 0 else 1,
            )
        )
    solution = problem.solve(
        exploration_level=5, nb_threads=2, timeout=datetime.timedelta(seconds=budget)
    )
    jobs = set(solution.routes[solution.routes.type == "job"].id)
    dropped = sum(
        PENALTY_UNIT * PRIORITY_WEIGHT[3 if (j - 1) % 25 == 0 else 1]
        for j in range(1, len(points) + 1)
        if j not in jobs
    )
    travel = int(solution.summary.cost)
    return time.perf_counter() - started, len(jobs), travel, travel + dropped


def end_to_end() -> None:
    """Time plan_create over every village (default solver budget), then roll it back."""
    import datetime

    from django.db import transaction

    from routing.request import parse_plan_request
    from routing.services import plan_create

    body = {
        "groups": GROUPS,
        "days": DAYS,
        "start_date": "2026-11-30",
        "targets": {"rule": "unvisited", "since": "2030-01-01"},
    }
    started = time.perf_counter()
    with transaction.atomic():
        plan = plan_create(request=parse_plan_request(body))
        planned = sum(r.stops.count() for r in plan.routes.all())
        transaction.set_rollback(True)
    print(
        f"end to end (plan_create, {plan.travel_mode}): {time.perf_counter() - started:.1f} s,"
        f" {planned} planned, solver {plan.solve_seconds:.1f} s "
        f"({datetime.date.today().isoformat()})"
    )


def table(name, runner, seconds, points, budgets, long_budget):
    rows = [(b, *runner(seconds, points, b)) for b in budgets + [long_budget]]
    best = min(row[4] for row in rows)
    print(f"\n{name}: budget s | wall s | planned | travel h | objective | gap to best")
    for budget, wall, planned, travel, objective in rows:
        gap = (objective - best) / best * 100
        print(
            f"  {budget:6.0f} | {wall:6.1f} | {planned:7d} | {travel / 3600:8.2f} | "
            f"{objective:11d} | {gap:6.3f} %"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budgets", default="2,5,10,20")
    parser.add_argument("--long", type=float, default=120.0)
    parser.add_argument("--vroom", action="store_true")
    parser.add_argument(
        "--roads",
        type=int,
        default=0,
        help="also time an N×N synthetic road grid: import and matrix",
    )
    args = parser.parse_args()
    budgets = [float(b) for b in args.budgets.split(",")]

    from routing.travel.fallback import Fallback

    points = database_points()
    source = "database villages" if points else "532 seeded points"
    points = points or synthetic_points()
    started = time.perf_counter()
    seconds = Fallback().matrix([SEAT, *points])
    print(
        f"{len(points)} stops ({source}), {GROUPS} groups × {DAYS} days; straight-line "
        f"matrix {time.perf_counter() - started:.2f} s"
    )
    table(
        "OR-Tools (guided local search)",
        run_ortools,
        seconds,
        points,
        budgets,
        args.long,
    )
    if args.vroom:
        table(
            "VROOM (pyvroom, exploration 5)",
            run_vroom,
            seconds,
            points,
            budgets,
            args.long,
        )
    if source == "database villages":
        end_to_end()
    if args.roads:
        roads_run(args.roads, points)


def grid_osm(path: Path, n: int) -> None:
    """Write an n × n grid of residential roads over the county's extent as OSM XML."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<osm version="0.6">']
    lon0, lat0, dlon, dlat = 114.62, 35.70, 0.42 / (n - 1), 0.32 / (n - 1)
    for r in range(n):
        for c in range(n):
            lines.append(
                f'<node id="{r * n + c + 1}" version="1" '
                f'lat="{lat0 + r * dlat:.7f}" lon="{lon0 + c * dlon:.7f}"/>'
            )
    way = 0
    for k in range(n):
        for refs in (
            [k * n + c + 1 for c in range(n)],
            [r * n + k + 1 for r in range(n)],
        ):
            way += 1
            nds = "".join(f'<nd ref="{ref}"/>' for ref in refs)
            kind = "secondary" if k % 10 == 0 else "residential"
            lines.append(
                f'<way id="{way}" version="1">{nds}<tag k="highway" v="{kind}"/></way>'
            )
    path.write_text("\n".join([*lines, "</osm>"]), encoding="utf-8")


def roads_run(n: int, points) -> None:
    """Time an n × n road grid: import, cold and cached matrix, a plan on it (rolled back)."""
    import tempfile

    from django.db import transaction

    from routing.roads.services import roads_import
    from routing.travel.matrix import travel_between

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "grid.osm"
        grid_osm(path, n)
        with transaction.atomic():
            started = time.perf_counter()
            report = roads_import(path=path)
            print(f"\nroad grid {n}×{n}: import {time.perf_counter() - started:.1f} s ({report})")
            for label in ("cold", "cached"):
                started = time.perf_counter()
                travel = travel_between([SEAT, *points])
                print(f"pgRouting matrix, {label}, {len(points) + 1} points: "
                      f"{time.perf_counter() - started:.1f} s ({travel.mode})")
            end_to_end()
            transaction.set_rollback(True)


if __name__ == "__main__":
    main()
