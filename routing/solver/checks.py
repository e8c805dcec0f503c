"""Decide, before solving, which stops can never fit, and why.

A stop is unreachable when no vehicle's depot reaches it and gets back; over the day limit
when every such round trip alone (travel, service, travel back) exceeds the vehicle's day;
out of its time window when no vehicle can start its service inside the window and still be
back in time. Stops that pass these checks and are still dropped by the solver had no room.
"""

from routing.solver.model import Problem, Reason, Stop, Vehicle


def round_trip(
    problem: Problem, stop: Stop, vehicle: Vehicle
) -> tuple[int, int] | None:
    """Return (seconds out, seconds back) between a vehicle's depot and a stop, or None."""
    out = problem.matrix[vehicle.depot][stop.node]
    back = problem.matrix[stop.node][vehicle.depot]
    if out is None or back is None:
        return None
    return out, back


def fits_day(stop: Stop, vehicle: Vehicle, out: int, back: int) -> bool:
    """Say whether the trip to this stop alone fits in the vehicle's day."""
    return out + stop.service_s + back <= vehicle.max_s


def fits_window(stop: Stop, vehicle: Vehicle, out: int, back: int) -> bool:
    """Say whether the vehicle can serve the stop inside its window and be back in time."""
    if stop.window is None:
        return True
    opens, closes = stop.window
    begin = max(vehicle.start_s + out, opens)
    return (
        begin <= closes
        and begin + stop.service_s + back <= vehicle.start_s + vehicle.max_s
    )


def stop_reason(problem: Problem, stop: Stop) -> Reason | None:
    """Return why the stop cannot fit on any vehicle, or None when some vehicle can take it."""
    trips = [
        (vehicle, round_trip(problem, stop, vehicle)) for vehicle in problem.vehicles
    ]
    trips = [(vehicle, trip) for vehicle, trip in trips if trip is not None]
    if not trips:
        return Reason.UNREACHABLE
    within_day = [(v, trip) for v, trip in trips if fits_day(stop, v, *trip)]
    if not within_day:
        return Reason.DAY_LIMIT
    if not any(fits_window(stop, v, *trip) for v, trip in within_day):
        return Reason.TIME_WINDOW
    return None


def infeasible_stops(problem: Problem) -> dict[int, Reason]:
    """Return {stop index: reason} for every stop that no vehicle can serve."""
    reasons = {}
    for index, stop in enumerate(problem.stops):
        reason = stop_reason(problem, stop)
        if reason is not None:
            reasons[index] = reason
    return reasons
