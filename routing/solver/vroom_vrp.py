"""Solve the routing problem with VROOM (pyvroom): priority first, like our objective.

VROOM maximises the summed priority of the jobs it assigns, then their number, then
minimises cost (travel seconds here), which is score.py's order. Pairs without a path get a
travel time longer than any day, so no route can use them.
"""

import datetime

import numpy as np
import vroom

from routing.solver.model import Problem

NO_PATH_S = 10 * 24 * 3600


def vroom_input(problem: Problem, candidates: list[int]) -> vroom.Input:
    matrix = np.array(
        [[NO_PATH_S if t is None else int(t) for t in row] for row in problem.matrix],
        dtype=np.uint32,
    )
    data = vroom.Input()
    data.set_durations_matrix(profile="car", matrix_input=matrix)
    for v, vehicle in enumerate(problem.vehicles):
        data.add_vehicle(
            vroom.Vehicle(
                v + 1,
                start=vehicle.depot,
                end=vehicle.depot,
                time_window=vroom.TimeWindow(
                    vehicle.start_s, vehicle.start_s + vehicle.max_s
                ),
            )
        )
    for i in candidates:
        stop = problem.stops[i]
        windows = [vroom.TimeWindow(*stop.window)] if stop.window else []
        data.add_job(
            vroom.Job(
                i + 1,
                location=stop.node,
                default_service=stop.service_s,
                priority=min(100, max(0, stop.priority)),
                time_windows=windows,
            )
        )
    return data


def vroom_orders(
    problem: Problem,
    candidates: list[int],
    exploration: int = 1,
    threads: int = 1,
    timeout_s: float | None = None,
) -> list[list[int]]:
    """Return VROOM's routes as stop indices per vehicle (empty lists for unused ones)."""
    data = vroom_input(problem, candidates)
    timeout = datetime.timedelta(seconds=max(0.05, timeout_s)) if timeout_s else None
    solution = data.solve(
        exploration_level=exploration, nb_threads=threads, timeout=timeout
    )
    orders: list[list[int]] = [[] for _ in problem.vehicles]
    rows = solution.routes
    jobs = rows[rows["type"] == "job"]
    for vehicle_id, job_id in zip(
        jobs["vehicle_id"].tolist(), jobs["id"].tolist(), strict=True
    ):
        orders[int(vehicle_id) - 1].append(int(job_id) - 1)
    return orders
