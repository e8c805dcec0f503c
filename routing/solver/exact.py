"""Exact plans for up to EXACT_MAX stops: every subset, every order, every vehicle split.

For each kind of vehicle (depot, start, day) a Held-Karp table gives, for every subset of
stops and last stop, the earliest time its service can end (waiting for windows allowed);
a subset fits a vehicle when that time plus the way back is within the day. Without time
windows the earliest end is start + travel + service, so the order found is the shortest.
A second table splits the stops between vehicles to maximise the score (priority, stops,
then least travel). 2^9 × 9 × 9 steps per kind of vehicle and 3^9 per vehicle used.
"""

from routing.solver.model import Problem

EXACT_MAX = 9


def best_routes_by_subset(problem: Problem, stops: list[int], vehicle_index: int):
    """Return {mask: (travel_s, order)} of every subset of `stops` one vehicle can serve."""
    vehicle = problem.vehicles[vehicle_index]
    matrix, n = problem.matrix, len(stops)
    end_of_day = vehicle.start_s + vehicle.max_s
    # table[(mask, last)] = (clock after serving last, travel so far, previous last)
    table: dict[tuple[int, int], tuple[int, int, int | None]] = {}

    def reach(clock, here, k):
        stop = problem.stops[stops[k]]
        leg = matrix[here][stop.node]
        if leg is None:
            return None
        begin = clock + leg
        if stop.window is not None:
            if begin > stop.window[1]:
                return None
            begin = max(begin, stop.window[0])
        return begin + stop.service_s, leg

    for k in range(n):
        got = reach(vehicle.start_s, vehicle.depot, k)
        if got is not None:
            table[(1 << k, k)] = (got[0], got[1], None)
    for mask in range(1, 1 << n):
        for last in range(n):
            entry = table.get((mask, last))
            if entry is None:
                continue
            clock, travel, _prev = entry
            here = problem.stops[stops[last]].node
            for k in range(n):
                if mask & (1 << k):
                    continue
                got = reach(clock, here, k)
                if got is None:
                    continue
                key = (mask | (1 << k), k)
                candidate = (got[0], travel + got[1], last)
                if key not in table or candidate[:2] < table[key][:2]:
                    table[key] = candidate
    best: dict[int, tuple[int, list[int]]] = {0: (0, [])}
    for (mask, last), (clock, travel, _prev) in table.items():
        back = matrix[problem.stops[stops[last]].node][vehicle.depot]
        if back is None or clock + back > end_of_day:
            continue
        total = travel + back
        if mask not in best or total < best[mask][0]:
            best[mask] = (total, walk_back(table, mask, last))
    return {
        mask: (travel, [stops[k] for k in order])
        for mask, (travel, order) in best.items()
    }


def walk_back(table, mask: int, last: int) -> list[int]:
    order = []
    while last is not None:
        order.append(last)
        _clock, _travel, previous = table[(mask, last)]
        mask &= ~(1 << last)
        last = previous
    return order[::-1]


def exact_orders(problem: Problem, stops: list[int]) -> list[list[int]]:
    """Return the best orders per vehicle serving a subset of `stops` (at most EXACT_MAX)."""
    if len(stops) > EXACT_MAX:
        raise ValueError(f"exact search takes at most {EXACT_MAX} stops")
    n = len(stops)
    kinds: dict[tuple, dict] = {}
    used: list[int] = []  # vehicles worth considering: at most n of each kind
    count: dict[tuple, int] = {}
    for v, vehicle in enumerate(problem.vehicles):
        kind = (vehicle.depot, vehicle.start_s, vehicle.max_s)
        if count.get(kind, 0) < n:
            count[kind] = count.get(kind, 0) + 1
            used.append(v)
            if kind not in kinds:
                kinds[kind] = best_routes_by_subset(problem, stops, v)
    weight = [problem.stops[s].priority for s in stops]

    def value(mask: int, travel: int) -> tuple[int, int, int]:
        bits = [k for k in range(n) if mask & (1 << k)]
        return (sum(weight[k] for k in bits), len(bits), -travel)

    # states[mask] = (travel, orders per used vehicle so far)
    states: dict[int, tuple[int, list[list[int]]]] = {0: (0, [])}
    full = (1 << n) - 1
    for v in used:
        vehicle = problem.vehicles[v]
        routes = kinds[(vehicle.depot, vehicle.start_s, vehicle.max_s)]
        following: dict[int, tuple[int, list[list[int]]]] = {}
        for mask, (travel, orders) in states.items():
            rest = full & ~mask
            sub = rest
            while True:
                if sub in routes:
                    extra, order = routes[sub]
                    key, total = mask | sub, travel + extra
                    if key not in following or total < following[key][0]:
                        following[key] = (total, [*orders, order])
                if sub == 0:
                    break
                sub = (sub - 1) & rest
        states = following
    best_mask = max(states, key=lambda mask: value(mask, states[mask][0]))
    chosen = states[best_mask][1]
    orders: list[list[int]] = [[] for _ in problem.vehicles]
    for v, order in zip(used, chosen, strict=True):
        orders[v] = order
    return orders
