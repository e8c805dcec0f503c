"""Times along a route: arrive, wait for a window to open if need be, serve, drive on."""

from routing.solver.model import Problem, Route, Visit


def schedule_route(problem: Problem, vehicle_index: int, order: list[int]) -> Route:
    """Return the route visiting `order` (stop indices) at the earliest feasible times."""
    vehicle = problem.vehicles[vehicle_index]
    route = Route(vehicle=vehicle_index)
    clock, here = vehicle.start_s, vehicle.depot
    for stop_index in order:
        stop = problem.stops[stop_index]
        leg = problem.matrix[here][stop.node] or 0
        route.travel_s += leg
        arrival = clock + leg
        begin = max(arrival, stop.window[0]) if stop.window else arrival
        clock = begin + stop.service_s
        route.visits.append(
            Visit(stop=stop_index, arrival_s=arrival, departure_s=clock)
        )
        here = stop.node
    back = problem.matrix[here][vehicle.depot] or 0
    route.travel_s += back
    route.end_s = clock + back
    return route


def tour_travel(matrix: list[list[int | None]], depot: int, nodes: list[int]) -> int:
    """Return the travel seconds of depot → nodes in order → depot."""
    total, here = 0, depot
    for node in [*nodes, depot]:
        total += matrix[here][node]
        here = node
    return total
