"""Plain data for the route solver: no Django, no SQL.

Times are whole seconds. Clock times (a vehicle's start, a stop's time window) are seconds
after midnight; the matrix holds travel seconds between matrix nodes, None where there is no
path. Each vehicle is one group on one day, leaving its depot and coming back to it.
"""

from dataclasses import dataclass, field
from enum import StrEnum

# OR-Tools drops a stop at a penalty that follows score.py's order: PRIORITY_SCALE per unit
# of priority plus one per stop, so losing priority always costs more than losing stops,
# and losing a stop more than any detour (PENALTY_UNIT exceeds a day of travel seconds).
PRIORITY_SCALE = 1_000
PENALTY_UNIT = 1_000_000


class Reason(StrEnum):
    """Why a stop is not in the plan."""

    DAY_LIMIT = "day_limit"
    UNREACHABLE = "unreachable"
    TIME_WINDOW = "time_window"
    NO_ROOM = "no_room"


@dataclass(frozen=True)
class Stop:
    """A place to visit: its matrix node, time there, priority and optional time window."""

    node: int
    service_s: int
    priority: int = 1
    window: tuple[int, int] | None = None

    def penalty(self) -> int:
        """Return the objective cost of leaving this stop out."""
        return PENALTY_UNIT * (PRIORITY_SCALE * self.priority + 1)


@dataclass(frozen=True)
class Vehicle:
    """A group on a day: its depot node, when it leaves, how long its day may last."""

    depot: int
    start_s: int
    max_s: int


@dataclass
class Problem:
    """A routing problem over a travel-time matrix."""

    matrix: list[list[int | None]]
    stops: list[Stop]
    vehicles: list[Vehicle]
    time_limit_s: float = 5.0


@dataclass(frozen=True)
class Visit:
    """A stop on a route: which stop (index into Problem.stops) and when."""

    stop: int
    arrival_s: int
    departure_s: int


@dataclass
class Route:
    """One vehicle's ordered visits, its travel seconds and when it is back at the depot."""

    vehicle: int
    visits: list[Visit] = field(default_factory=list)
    travel_s: int = 0
    end_s: int = 0


@dataclass
class Solution:
    """Routes for every vehicle, the stops left out with their reasons, and the objective."""

    routes: list[Route]
    dropped: dict[int, Reason]
    objective: int
    solve_s: float

    @property
    def travel_s(self) -> int:
        """Return the total travel seconds of all routes."""
        return sum(route.travel_s for route in self.routes)
