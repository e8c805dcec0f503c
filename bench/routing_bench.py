"""Benchmark the planner on issue 15's reference instance against VROOM and plain OR-Tools.

Prints, in one run, for the 532-village instance (bench/routing_instance.py): the planner
(routing.solver.portfolio) at 5, 10 and 20 s budgets; VROOM (pyvroom) at exploration 1
and 3 without a time limit; plain OR-Tools (routing.solver.ortools_vrp.solve, the old
planner) at 5 and 20 s. Every solution is checked by routing_instance.check, which shares
no code with the solver. Then the 9-village case against a brute force over every subset
and order. With --load N, N busy-loop processes run during the planner's runs (and
`uptime` is printed), to show the budget holds on a loaded machine.

    .venv/bin/python bench/routing_bench.py                   # everything (~3 min)
    .venv/bin/python bench/routing_bench.py --load 3          # planner again under 3 hogs
    .venv/bin/python bench/routing_bench.py --skip-peers --budgets 5,20
"""

import argparse
import itertools
import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.routing_instance import (  # noqa: E402
    DAY_S,
    SERVICE_S,
    check,
    problem_of,
    reference_instance,
    small_instance,
)


def hog() -> None:
    """Burn one CPU until killed."""
    x = 0
    while True:
        x = (x * 31 + 7) % 1_000_003


def start_hogs(n: int) -> list[multiprocessing.Process]:
    hogs = [multiprocessing.Process(target=hog, daemon=True) for _ in range(n)]
    for process in hogs:
        process.start()
    return hogs


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def routes_of(solution) -> list[list[int]]:
    """Return a routing.solver Solution as node lists for the checker (node = stop + 1)."""
    return [[v.stop + 1 for v in r.visits] for r in solution.routes if r.visits]


def row(name, budget, wall, checked, note=""):
    over = f"{wall - budget:+.2f}" if budget else ""
    print(
        f"| {name} | {budget or '–'} | {wall:.2f} | {over} | {checked['priority']} |"
        f" {checked['villages']} | {checked['travel_s'] / 3600:.2f} | {note} |",
        flush=True,
    )


def planner(matrix, priorities, budget):
    from routing.solver.portfolio import solve

    started = time.monotonic()
    solution = solve(problem_of(matrix, priorities, limit=budget))
    wall = time.monotonic() - started
    return wall, check(matrix, priorities, routes_of(solution)), solution.engine


def vroom_plain(matrix, priorities, level):
    from routing.solver.vroom_vrp import vroom_orders

    problem = problem_of(matrix, priorities)
    started = time.monotonic()
    orders = vroom_orders(
        problem, list(range(len(priorities))), exploration=level, threads=2
    )
    wall = time.monotonic() - started
    return wall, check(matrix, priorities, [[s + 1 for s in o] for o in orders if o])


def ortools_plain(matrix, priorities, budget):
    from routing.solver.ortools_vrp import solve

    started = time.monotonic()
    solution = solve(problem_of(matrix, priorities, limit=budget))
    wall = time.monotonic() - started
    return wall, check(matrix, priorities, routes_of(solution))


def brute_force(matrix, priorities, day_s):
    """Return the best (priority, villages, -travel) of one vehicle over every subset/order."""
    n = len(priorities)
    best = (0, 0, 0)
    for k in range(1, n + 1):
        for subset in itertools.combinations(range(1, n + 1), k):
            gain = (sum(priorities[i - 1] for i in subset), k)
            if gain < best[:2]:
                continue
            for order in itertools.permutations(subset):
                path = [0, *order, 0]
                travel = sum(matrix[a][b] for a, b in itertools.pairwise(path))
                if travel + SERVICE_S * k <= day_s and (*gain, -travel) > best:
                    best = (*gain, -travel)
    return best


def small_case() -> None:
    from routing.solver.portfolio import solve

    matrix, priorities, day_s = small_instance()
    started = time.monotonic()
    best = brute_force(matrix, priorities, day_s)
    brute_s = time.monotonic() - started
    problem = problem_of(matrix, priorities, vehicles=1, day_s=day_s, limit=1)
    started = time.monotonic()
    solution = solve(problem)
    wall = time.monotonic() - started
    got = check(matrix, priorities, routes_of(solution), day_s=day_s, vehicles=1)
    print(
        f"\n9 villages, 1 vehicle, {day_s} s day: brute force {best[0]} priority,"
        f" {best[1]} villages, {-best[2]} s travel ({brute_s:.1f} s);"
        f" planner ({solution.engine}) {got['priority']}, {got['villages']},"
        f" {got['travel_s']} s in {wall:.3f} s:"
        f" {'optimal' if (got['priority'], got['villages'], -got['travel_s']) == best else 'NOT optimal'}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--budgets", default="5,10,20")
    parser.add_argument("--load", type=int, default=0, help="busy-loop processes")
    parser.add_argument("--skip-peers", action="store_true")
    args = parser.parse_args()
    budgets = [float(b) for b in args.budgets.split(",")]
    matrix, priorities = reference_instance()
    print(
        f"reference instance: {len(priorities)} villages, priority total"
        f" {sum(priorities)}, 20 vehicles × {DAY_S} s, {SERVICE_S} s service;"
        f" {os.cpu_count()} CPUs"
    )
    print(f"before: {uptime()}")
    print(
        "\n| solver | budget s | wall s | over s | priority | villages | travel h | note |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for budget in budgets:
        wall, checked, engine = planner(matrix, priorities, budget)
        row("planner", budget, wall, checked, f"best from {engine}; {uptime()[-33:]}")
    if args.load:
        hogs = start_hogs(args.load)
        try:
            for budget in budgets:
                wall, checked, engine = planner(matrix, priorities, budget)
                row(
                    f"planner + {args.load} CPU hogs",
                    budget,
                    wall,
                    checked,
                    f"best from {engine}; {uptime()[-33:]}",
                )
        finally:
            for process in hogs:
                process.kill()
    if not args.skip_peers:
        for level in (1, 3):
            wall, checked = vroom_plain(matrix, priorities, level)
            row(f"VROOM exploration {level}, 2 threads", None, wall, checked)
        for budget in (5.0, 20.0):
            wall, checked = ortools_plain(matrix, priorities, budget)
            row("plain OR-Tools (GLS)", budget, wall, checked)
    print(f"\nafter: {uptime()}")
    small_case()


if __name__ == "__main__":
    main()
