"""Plan within a hard wall-clock budget: several engines in child processes, best one kept.

`solve(problem, progress)` returns by `problem.time_limit_s` (plus the time to stop the
children and read their last answers: well under a second) whatever the machine's load:
the engines run in forked child processes that send every better plan they find through a
pipe; at the deadline the parent kills them (SIGKILL) and keeps the best plan received, as
scored by score.py (priority collected, then stops, then travel) after its own schedule
check. Up to EXACT_MAX stops the exact search answers in-process instead.

Engines (chosen by measurement, bench/routing_bench.md):
- `search`: our greedy construction (a fraction of a second), then ruin-and-recreate with
  the swap pass until the deadline (search.py);
- `vroom`: VROOM at an exploration level by budget, then our improvement from its plan;
- `ortools`: OR-Tools (parallel cheapest insertion + guided local search, penalties in the
  same order) for 30 % of the budget, then our improvement from its plan.
"""

import multiprocessing
import multiprocessing.connection
import os
import signal
import time
from collections.abc import Callable

from routing.solver.checks import infeasible_stops
from routing.solver.exact import EXACT_MAX, exact_orders
from routing.solver.model import Problem, Reason, Route, Solution
from routing.solver.score import WORST, Score, schedule, score_routes

# The children stop on their own this long before the deadline, so their last plan is
# sent before the parent kills them.
CHILD_MARGIN_S = 0.35
# Throttle: a child sends at most one plan per this many seconds (plus its last one).
SEND_EVERY_S = 0.25
# OR-Tools' share of the budget before our improvement takes over its plan: its guided
# local search gains little after its first seconds (bench/routing_bench.md).
ORTOOLS_SHARE = 0.3


def engines_for(budget_s: float) -> list[str]:
    """Return the engines to run (measured: all three beat any two, even on 2 CPUs)."""
    return ["search", "vroom", "ortools"]


def vroom_level(budget_s: float) -> int:
    """Return VROOM's exploration level for a budget (level 3 only pays off past ~30 s)."""
    return 3 if budget_s >= 30 else 1


class Sender:
    """A child's side of the pipe: throttled plans, stage messages, a final flush."""

    def __init__(self, conn, engine: str):
        self.conn, self.engine = conn, engine
        self.pending, self.sent_at = None, 0.0

    def stage(self, name: str) -> None:
        self.conn.send(("stage", self.engine, name))

    def plan(self, orders) -> None:
        self.pending = [list(map(int, o)) for o in orders]
        if time.monotonic() - self.sent_at >= SEND_EVERY_S:
            self.flush()

    def flush(self) -> None:
        if self.pending is not None:
            self.conn.send(("plan", self.engine, self.pending))
            self.pending, self.sent_at = None, time.monotonic()


def run_engine(engine, problem, candidates, deadline, conn) -> None:
    """Child process body: run one engine, sending plans, until the deadline."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from routing.solver import search

    sender = Sender(conn, engine)
    stop_at = deadline - CHILD_MARGIN_S
    budget = problem.time_limit_s
    try:
        if engine == "search":
            sender.stage("construct")
            orders = search.construct(problem, candidates)
            sender.plan(orders)
            sender.flush()
            sender.stage("improve")
            search.improve(problem, candidates, orders, stop_at, sender.plan, seed=1)
        elif engine == "vroom":
            from routing.solver.vroom_vrp import vroom_orders

            sender.stage("vroom")
            orders = vroom_orders(
                problem,
                candidates,
                exploration=vroom_level(budget),
                threads=1,
                timeout_s=max(0.1, stop_at - time.monotonic()),
            )
            sender.plan(orders)
            sender.flush()
            if time.monotonic() < stop_at:
                sender.stage("improve")
                search.improve(
                    problem, candidates, orders, stop_at, sender.plan, seed=2
                )
        elif engine == "ortools":
            from routing.solver.ortools_vrp import ortools_orders

            sender.stage("ortools")
            left = stop_at - time.monotonic()
            orders = ortools_orders(
                problem, candidates, max(0.1, min(left, ORTOOLS_SHARE * budget))
            )
            sender.plan(orders)
            sender.flush()
            if time.monotonic() < stop_at:
                sender.stage("improve")
                search.improve(
                    problem, candidates, orders, stop_at, sender.plan, seed=3
                )
        sender.flush()
    finally:
        conn.close()


def solve(
    problem: Problem,
    progress: Callable | None = None,
    engines: list[str] | None = None,
) -> Solution:
    """Return the best plan found within problem.time_limit_s; list the stops left out.

    `progress(stage=..., best_priority=..., time_left_s=..., engine=...)` is called when a
    child starts a stage or sends a better plan.
    """
    started = time.monotonic()
    deadline = started + problem.time_limit_s
    dropped = infeasible_stops(problem)
    candidates = [i for i in range(len(problem.stops)) if i not in dropped]
    if not problem.vehicles or not candidates:
        orders = [[] for _ in problem.vehicles]
        engine = "none"
    elif len(candidates) <= EXACT_MAX:
        if progress:
            progress(stage="exact", engine="exact", time_left_s=problem.time_limit_s)
        orders, engine = exact_orders(problem, candidates), "exact"
    else:
        orders, engine = race(
            problem,
            candidates,
            deadline,
            engines or engines_for(problem.time_limit_s),
            progress,
        )
    return solution_of(problem, orders, dropped, candidates, started, engine)


def race(problem, candidates, deadline, engines, progress):
    """Run the engines in child processes until the deadline; return (orders, engine)."""
    context = multiprocessing.get_context("fork")
    children = []
    for engine in engines:
        reader, writer = context.Pipe(duplex=False)
        child = context.Process(
            target=run_engine,
            args=(engine, problem, candidates, deadline, writer),
            daemon=True,
            name=f"route-{engine}",
        )
        child.start()
        writer.close()
        children.append((engine, child, reader))
    best: tuple[Score, list[list[int]], str] = (
        WORST,
        [[] for _ in problem.vehicles],
        "none",
    )
    open_readers = {reader: engine for engine, _child, reader in children}
    try:
        while open_readers and time.monotonic() < deadline:
            ready = multiprocessing.connection.wait(
                list(open_readers), timeout=max(0.0, deadline - time.monotonic())
            )
            for reader in ready:
                best = receive(reader, open_readers, problem, best, deadline, progress)
    finally:
        for _engine, child, _reader in children:
            if child.is_alive():
                os.kill(child.pid, signal.SIGKILL)
        for _engine, child, _reader in children:
            child.join(timeout=1)
    # Plans already in the pipes when the children were stopped still count.
    for reader in list(open_readers):
        while reader in open_readers and safe_poll(reader):
            best = receive(reader, open_readers, problem, best, deadline, progress)
    for _engine, _child, reader in children:
        reader.close()
    return best[1], best[2]


def safe_poll(reader) -> bool:
    try:
        return reader.poll(0)
    except (OSError, EOFError):
        return False


def receive(reader, open_readers, problem, best, deadline, progress):
    """Read one message; return the (score, orders, engine) best so far."""
    try:
        kind, engine, data = reader.recv()
    except (EOFError, OSError, ValueError):
        open_readers.pop(reader, None)
        return best
    left = round(max(0.0, deadline - time.monotonic()), 1)
    if kind == "stage":
        if progress:
            progress(stage=data, engine=engine, time_left_s=left)
        return best
    routes = schedule(problem, data)
    if routes is None:
        return best  # an engine's plan that breaks a limit is never kept
    score = score_routes(problem, routes)
    if score > best[0]:
        best = (score, data, engine)
        if progress:
            progress(
                engine=engine,
                best_priority=score.priority,
                best_stops=score.stops,
                time_left_s=left,
            )
    return best


def solution_of(problem, orders, dropped, candidates, started, engine) -> Solution:
    """Schedule the chosen orders and list every candidate left out as NO_ROOM."""
    routes = schedule(problem, orders)
    if routes is None:
        routes = [
            Route(vehicle=v, end_s=x.start_s) for v, x in enumerate(problem.vehicles)
        ]
    served = {visit.stop for route in routes for visit in route.visits}
    dropped = dict(dropped)
    dropped.update({i: Reason.NO_ROOM for i in candidates if i not in served})
    travel = sum(route.travel_s for route in routes)
    objective = travel + sum(problem.stops[i].penalty() for i in dropped)
    solution = Solution(routes, dropped, objective, time.monotonic() - started)
    solution.engine = engine
    solution.score = score_routes(problem, routes)
    return solution
