"""Solve the inspection routing problem with OR-Tools' routing library.

Each vehicle (a group on a day) leaves its depot at a fixed time and must be back within its
day; a stop costs its service time; stops are optional with a penalty by priority
(disjunctions), so the solver leaves out what cannot fit and keeps overdue stops first.
Arc costs are travel seconds only: service time is the same whichever route serves a stop.
"""

import time

from ortools.constraint_solver import pywrapcp, routing_enums_pb2

from routing.solver.checks import infeasible_stops
from routing.solver.model import Problem, Reason, Route, Solution
from routing.solver.schedule import schedule_route

DAY_S = 24 * 3600
# Travel seconds standing for "no path": longer than any day, so no feasible route uses it.
NO_PATH_S = 10 * DAY_S

FIRST_SOLUTION = routing_enums_pb2.FirstSolutionStrategy
METAHEURISTIC = routing_enums_pb2.LocalSearchMetaheuristic


class _Layout:
    """Map the OR-Tools model's nodes (depots first, then candidate stops) to the matrix."""

    def __init__(self, problem: Problem, candidates: list[int]):
        self.depots = sorted({vehicle.depot for vehicle in problem.vehicles})
        self.candidates = candidates
        depot_nodes = {node: i for i, node in enumerate(self.depots)}
        self.starts = [depot_nodes[vehicle.depot] for vehicle in problem.vehicles]
        self.matrix_nodes = self.depots + [problem.stops[i].node for i in candidates]
        self.service = [0] * len(self.depots) + [
            problem.stops[i].service_s for i in candidates
        ]

    def stop_of(self, model_node: int) -> int:
        """Return the Problem.stops index of a model node that is a stop."""
        return self.candidates[model_node - len(self.depots)]

    def travel(self, matrix: list[list[int | None]]) -> list[list[int]]:
        """Return the travel-seconds matrix between model nodes, NO_PATH_S where no path."""
        rows = []
        for a in self.matrix_nodes:
            row = matrix[a]
            rows.append(
                [
                    NO_PATH_S if row[b] is None else int(row[b])
                    for b in self.matrix_nodes
                ]
            )
        return rows


def _build(problem: Problem, layout: _Layout):
    """Return (manager, routing model) with costs, the time dimension and disjunctions."""
    starts = layout.starts
    manager = pywrapcp.RoutingIndexManager(
        len(layout.matrix_nodes), len(starts), starts, starts
    )
    routing = pywrapcp.RoutingModel(manager)
    travel = layout.travel(problem.matrix)
    routing.SetArcCostEvaluatorOfAllVehicles(routing.RegisterTransitMatrix(travel))
    busy = [[t + layout.service[i] for t in row] for i, row in enumerate(travel)]
    routing.AddDimension(
        routing.RegisterTransitMatrix(busy), DAY_S, DAY_S, False, "time"
    )
    clock = routing.GetDimensionOrDie("time")
    for v, vehicle in enumerate(problem.vehicles):
        clock.CumulVar(routing.Start(v)).SetRange(vehicle.start_s, vehicle.start_s)
        clock.CumulVar(routing.End(v)).SetMax(
            min(DAY_S, vehicle.start_s + vehicle.max_s)
        )
    for model_node in range(len(layout.depots), len(layout.matrix_nodes)):
        stop = problem.stops[layout.stop_of(model_node)]
        index = manager.NodeToIndex(model_node)
        if stop.window is not None:
            clock.CumulVar(index).SetRange(*stop.window)
        routing.AddDisjunction([index], stop.penalty())
    return manager, routing


def _parameters(time_limit_s: float, first_solution: str):
    """Return search parameters: a first solution, then guided local search until the limit."""
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = getattr(FIRST_SOLUTION, first_solution)
    params.local_search_metaheuristic = METAHEURISTIC.GUIDED_LOCAL_SEARCH
    params.time_limit.FromMilliseconds(max(1, int(time_limit_s * 1000)))
    return params


def _routes(problem, layout, manager, routing, assignment) -> list[Route]:
    """Read each vehicle's ordered stops from the assignment and schedule them."""
    routes = []
    for v in range(len(problem.vehicles)):
        order = []
        index = routing.NextVar(routing.Start(v))
        index = assignment.Value(index)
        while not routing.IsEnd(index):
            order.append(layout.stop_of(manager.IndexToNode(index)))
            index = assignment.Value(routing.NextVar(index))
        routes.append(schedule_route(problem, v, order))
    return routes


def solve(
    problem: Problem, first_solution: str = "PARALLEL_CHEAPEST_INSERTION"
) -> Solution:
    """Plan routes for every vehicle; list the stops left out with the reason for each."""
    started = time.perf_counter()
    dropped = infeasible_stops(problem)
    candidates = [i for i in range(len(problem.stops)) if i not in dropped]
    if not problem.vehicles:
        dropped.update({i: Reason.NO_ROOM for i in candidates})
        return Solution([], dropped, 0, time.perf_counter() - started)
    layout = _Layout(problem, candidates)
    manager, routing = _build(problem, layout)
    assignment = routing.SolveWithParameters(
        _parameters(problem.time_limit_s, first_solution)
    )
    if assignment is None:
        # Every stop is optional, so an empty plan is always feasible; no assignment means
        # the solver found none within the limit.
        routes = [
            Route(vehicle=v, end_s=vehicle.start_s)
            for v, vehicle in enumerate(problem.vehicles)
        ]
        objective = sum(problem.stops[i].penalty() for i in candidates)
    else:
        routes = _routes(problem, layout, manager, routing, assignment)
        objective = assignment.ObjectiveValue()
    served = {visit.stop for route in routes for visit in route.visits}
    dropped.update({i: Reason.NO_ROOM for i in candidates if i not in served})
    return Solution(routes, dropped, objective, time.perf_counter() - started)


def ortools_orders(
    problem: Problem, candidates: list[int], time_limit_s: float
) -> list[list[int]]:
    """Return OR-Tools' routes over `candidates` as stop indices per vehicle."""
    layout = _Layout(problem, candidates)
    manager, routing = _build(problem, layout)
    assignment = routing.SolveWithParameters(
        _parameters(time_limit_s, "PARALLEL_CHEAPEST_INSERTION")
    )
    if assignment is None:
        return [[] for _ in problem.vehicles]
    return [
        [visit.stop for visit in route.visits]
        for route in _routes(problem, layout, manager, routing, assignment)
    ]
