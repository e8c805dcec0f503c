"""Our own search over the shared objective (score.py): build, swap, ruin and recreate.

- `construct`: insert stops one at a time, the best ratio of priority to added time first
  (service + detour), each at its cheapest feasible place.
- `swap_pass`: replace a visited stop by an unvisited one of higher priority where the
  route still fits (the move OR-Tools' local search does not find), then put the dropped
  stop back anywhere it fits; `insert_pass` adds whatever still fits.
- `improve`: ruin and recreate until the deadline: take out a stop and its nearest
  visited neighbours (across routes), shorten the touched routes (2-opt), reinsert greedily
  with a little noise; keep the change when it is not worse than the current plan by more
  than a threshold that shrinks to zero by the deadline; keep the best ever seen.

Durations are checked with whole seconds from the matrix; with time windows every change
is also rescheduled and checked (score.route_fits).
"""

import random
import time

import numpy as np

from routing.solver.model import Problem
from routing.solver.schedule import schedule_route
from routing.solver.score import Score, route_fits

BIG = 10**9
W_PRIORITY, W_STOP = 10**12, 10**8  # scalar form of Score for thresholds
COOLING_PERIOD_S = 7.0


class State:
    """Routes as lists of stop indices, with durations and an insertion-cost cache."""

    def __init__(self, problem: Problem, candidates: list[int], orders=None):
        self.problem = problem
        m = np.array(
            [[BIG if t is None else int(t) for t in row] for row in problem.matrix],
            dtype=np.int64,
        )
        self.T = m
        n = len(problem.stops)
        self.node = np.array([s.node for s in problem.stops], dtype=np.int64)
        self.svc = np.array([s.service_s for s in problem.stops], dtype=np.int64)
        self.prio = np.array([s.priority for s in problem.stops], dtype=np.int64)
        # Rows gathered per route: TN[x] = travel from node x to every stop,
        # NT[x] = travel from every stop to node x.
        self.TN = np.ascontiguousarray(m[:, self.node])
        self.NT = np.ascontiguousarray(m[self.node, :].T)
        self.windows = any(s.window is not None for s in problem.stops)
        self.depot = np.array([v.depot for v in problem.vehicles], dtype=np.int64)
        self.limit = np.array([v.max_s for v in problem.vehicles], dtype=np.int64)
        self.allowed = np.zeros(n, dtype=bool)
        self.allowed[candidates] = True
        self.routes: list[list[int]] = [
            list(o) for o in (orders or [[]] * len(self.depot))
        ]
        self.assigned = np.zeros(n, dtype=bool)
        for order in self.routes:
            self.assigned[order] = True
        self.dur = np.zeros(len(self.routes), dtype=np.int64)
        self.ins_delta = np.full((len(self.routes), n), BIG, dtype=np.int64)
        self.ins_pos = np.zeros((len(self.routes), n), dtype=np.int64)
        for r in range(len(self.routes)):
            self.refresh(r)

    # bookkeeping -------------------------------------------------------------------
    def seq(self, r: int) -> np.ndarray:
        d = self.depot[r]
        return np.array([d, *self.node[self.routes[r]], d], dtype=np.int64)

    def refresh(self, r: int) -> None:
        """Recompute route r's duration and the cheapest insertion of every stop into it."""
        seq = self.seq(r)
        a, b = seq[:-1], seq[1:]
        travel = int(self.T[a, b].sum())
        self.dur[r] = travel + int(self.svc[self.routes[r]].sum())
        delta = self.TN[a] + self.NT[b] - self.T[a, b][:, None]
        pos = delta.argmin(axis=0)
        self.ins_pos[r] = pos
        self.ins_delta[r] = np.take_along_axis(delta, pos[None, :], 0)[0] + self.svc

    def fits(self, r: int, order: list[int]) -> bool:
        """Say whether route r with `order` keeps its windows (durations checked by caller)."""
        if not self.windows:
            return True
        return route_fits(self.problem, schedule_route(self.problem, r, order))

    def score(self) -> Score:
        travel = int(self.dur.sum()) - int(self.svc[self.assigned].sum())
        return Score(
            int(self.prio[self.assigned].sum()), int(self.assigned.sum()), -travel
        )

    def scalar(self) -> int:
        s = self.score()
        return s.priority * W_PRIORITY + s.stops * W_STOP + s.neg_travel_s

    def copy_routes(self) -> list[list[int]]:
        return [list(o) for o in self.routes]

    # moves -------------------------------------------------------------------------
    def insert(self, r: int, stop: int, pos: int) -> None:
        self.routes[r].insert(pos, stop)
        self.assigned[stop] = True
        self.refresh(r)

    def remove(self, stops) -> set[int]:
        touched = set()
        for r, order in enumerate(self.routes):
            keep = [s for s in order if s not in stops]
            if len(keep) != len(order):
                self.routes[r] = keep
                touched.add(r)
        for s in stops:
            self.assigned[s] = False
        for r in touched:
            self.refresh(r)
        return touched

    def two_opt(self, r: int) -> None:
        """Shorten route r by reversing segments while it helps (windows permitting)."""
        order = self.routes[r]
        if len(order) < 3:
            return
        T, d = self.T, self.depot[r]
        improved = True
        while improved:
            improved = False
            nodes = [d, *self.node[order].tolist(), d]
            for i in range(1, len(nodes) - 2):
                for j in range(i + 1, len(nodes) - 1):
                    gain = (
                        T[nodes[i - 1], nodes[i]]
                        + T[nodes[j], nodes[j + 1]]
                        - T[nodes[i - 1], nodes[j]]
                        - T[nodes[i], nodes[j + 1]]
                    )
                    if gain > 0:
                        trial = order[: i - 1] + order[i - 1 : j][::-1] + order[j:]
                        if self.fits(r, trial):
                            order = trial
                            nodes = [d, *self.node[order].tolist(), d]
                            improved = True
        if order != self.routes[r]:
            self.routes[r] = order
            self.refresh(r)

    def recreate(
        self, rng: np.random.Generator | None = None, noise: float = 0.0
    ) -> set[int]:
        """Insert unassigned stops while any fits: best priority per added second first."""
        touched = set()
        blocked = np.zeros_like(self.ins_delta, dtype=bool)
        while True:
            free = self.allowed & ~self.assigned
            if not free.any():
                return touched
            delta = np.where(blocked, BIG, self.ins_delta)
            ok = (delta + self.dur[:, None] <= self.limit[:, None]) & free[None, :]
            if not ok.any():
                return touched
            cost = np.where(ok, delta, BIG)
            r_best = cost.argmin(axis=0)
            c_best = cost[r_best, np.arange(cost.shape[1])]
            value = np.where(c_best < BIG, self.prio / np.maximum(c_best, 1), -1.0)
            if noise and rng is not None:
                value = value * (1 + noise * rng.random(len(value)))
            stop = int(value.argmax())
            r = int(r_best[stop])
            pos = int(self.ins_pos[r, stop])
            trial = self.routes[r][:pos] + [stop] + self.routes[r][pos:]
            if not self.fits(r, trial):
                blocked[r, stop] = True
                continue
            self.insert(r, stop, pos)
            blocked[r] = False
            touched.add(r)

    def swap_pass(self) -> bool:
        """Replace visited stops by unvisited stops of higher priority where routes fit."""
        changed = False
        free = [int(s) for s in np.flatnonzero(self.allowed & ~self.assigned)]
        free.sort(key=lambda s: -self.prio[s])
        for u in free:
            if self.assigned[u]:
                continue
            best = None
            for r, order in enumerate(self.routes):
                if not order:
                    continue
                seq = self.seq(r)
                a, v, b = seq[:-2], seq[1:-1], seq[2:]
                stops = np.array(order)
                gain = self.prio[u] - self.prio[stops]
                nu = self.node[u]
                delta = (
                    self.T[a, nu]
                    + self.T[nu, b]
                    - self.T[a, v]
                    - self.T[v, b]
                    + self.svc[u]
                    - self.svc[stops]
                )
                ok = (gain > 0) & (self.dur[r] + delta <= self.limit[r])
                for i in np.flatnonzero(ok):
                    key = (int(gain[i]), -int(delta[i]))
                    if best is None or key > best[0]:
                        best = (key, r, int(i))
            if best is None:
                continue
            _key, r, i = best
            trial = list(self.routes[r])
            out = trial[i]
            trial[i] = u
            if not self.fits(r, trial):
                continue
            self.routes[r] = trial
            self.assigned[out], self.assigned[u] = False, True
            self.refresh(r)
            changed = True
            self.recreate()  # the dropped stop may fit elsewhere
        return changed

    def ruin(self, rng: random.Random, size: int) -> set[int]:
        """Take out a random visited stop and its `size - 1` nearest visited neighbours."""
        visited = np.flatnonzero(self.assigned)
        if len(visited) == 0:
            return set()
        seed = int(visited[rng.randrange(len(visited))])
        near = self.T[self.node[seed], self.node[visited]]
        chosen = visited[np.argsort(near, kind="stable")[:size]]
        return self.remove({int(s) for s in chosen})


def construct(problem: Problem, candidates: list[int]) -> list[list[int]]:
    """Return routes built by greedy insertion, then the swap pass."""
    state = State(problem, candidates)
    state.recreate()
    for r in range(len(state.routes)):
        state.two_opt(r)
    state.recreate()
    state.swap_pass()
    return state.copy_routes()


def improve(
    problem: Problem,
    candidates: list[int],
    orders: list[list[int]],
    deadline: float,
    report=None,
    seed: int = 0,
    max_ruin: int = 12,
) -> list[list[int]]:
    """Improve `orders` until `deadline` (time.monotonic()); call report(orders) on each best."""
    rng = random.Random(seed)
    noise_rng = np.random.default_rng(seed)
    state = State(problem, candidates, orders)
    for r in range(len(state.routes)):
        state.two_opt(r)
    state.recreate()
    state.swap_pass()
    best_routes, best = state.copy_routes(), state.scalar()
    if report:
        report(best_routes)
    current = best
    started = time.monotonic()
    # The threshold cools from threshold0 to zero over each period, then the walk restarts
    # from the best plan: long budgets get several cool-downs rather than one slow one.
    span = max(min(deadline - started, COOLING_PERIOD_S), 1e-3)
    threshold0 = 1.2 * W_PRIORITY
    cycle = 0
    while time.monotonic() < deadline:
        elapsed = time.monotonic() - started
        if int(elapsed // span) != cycle:
            cycle = int(elapsed // span)
            state.routes = [list(o) for o in best_routes]
            state.assigned[:] = False
            for order in state.routes:
                state.assigned[order] = True
            for r in range(len(state.routes)):
                state.refresh(r)
            current = best
        saved = (state.copy_routes(), state.assigned.copy())
        touched = state.ruin(rng, rng.randint(2, max_ruin))
        for r in touched:
            state.two_opt(r)
        touched |= state.recreate(noise_rng, noise=0.3)
        for r in touched:
            state.two_opt(r)
        state.recreate()
        value = state.scalar()
        left = max(0.0, 1 - ((time.monotonic() - started) % span) / span)
        if value >= current - threshold0 * left:
            current = value
            if value > best:
                best, best_routes = value, state.copy_routes()
                if report:
                    report(best_routes)
        else:
            routes, state.assigned = saved
            for r, order in enumerate(routes):
                if order != state.routes[r]:
                    state.routes[r] = order
                    state.refresh(r)
    return best_routes
