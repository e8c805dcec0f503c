"""Travel between the plan's points: on roads when loaded, else the straight-line estimate.

Either way the result says which it is (`mode`) so every plan can say how its times were made.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from routing.models import TravelMode
from routing.travel import roads
from routing.travel.fallback import Fallback

Point = tuple[float, float]


@dataclass
class Leg:
    """A driven leg: metres and lon/lat coordinates from one point to the next."""

    metres: float
    coords: list[Point]


@dataclass
class Travel:
    """Travel seconds between points, and the way to draw and measure a leg between two."""

    mode: str
    points: list[Point]
    seconds: list[list[int | None]]
    fallback: Fallback = field(default_factory=Fallback)
    snaps: list[roads.Snap] | None = None

    def legs(self, pairs: list[tuple[int, int]]) -> dict[tuple[int, int], Leg]:
        """Return the leg for each (from point, to point) pair, following roads if loaded."""
        if self.mode == TravelMode.FALLBACK:
            return {pair: self.straight(*pair) for pair in pairs}
        vertex_pairs = [(self.snaps[a].vertex, self.snaps[b].vertex) for a, b in pairs]
        paths = roads.leg_paths(vertex_pairs)
        legs = {}
        for (a, b), vertex_pair in zip(pairs, vertex_pairs, strict=True):
            path = paths.get(vertex_pair)
            legs[(a, b)] = (
                self.straight(a, b) if path is None else self.on_road(a, b, path)
            )
        return legs

    def straight(self, a: int, b: int) -> Leg:
        """Return the straight leg between two points (estimated metres)."""
        return Leg(
            self.fallback.metres(self.points[a], self.points[b]),
            [self.points[a], self.points[b]],
        )

    def on_road(self, a: int, b: int, path: roads.LegPath) -> Leg:
        """Return the road leg: stop → its vertex → road path → next vertex → next stop."""
        metres = self.snaps[a].metres + path.metres + self.snaps[b].metres
        return Leg(
            metres, without_repeats([self.points[a], *path.coords, self.points[b]])
        )

    def note(self) -> str:
        """Say, in the active language, how the travel times were made."""
        return travel_note(self.mode, self.fallback)


def travel_note(mode: str, fallback: Fallback | None = None) -> str:
    """Say, in the active language, how travel times of this mode are made."""
    if mode == TravelMode.ROADS:
        return _(
            "Travel times follow the road network (pgRouting); stops join the "
            "nearest road at %(kmh)d km/h."
        ) % {"kmh": roads.ACCESS_KMH}
    fallback = fallback or Fallback()
    return _(
        "No road network is loaded: travel times are estimates, straight-line "
        "distance × %(detour)s at %(kmh)d km/h."
    ) % {"detour": fallback.detour, "kmh": fallback.speed_kmh}


def without_repeats(coords: list[Point]) -> list[Point]:
    """Return the coordinates without consecutive repeats (a stop on its vertex)."""
    return [c for i, c in enumerate(coords) if i == 0 or c != coords[i - 1]]


def road_seconds(
    points: list[Point], fallback: Fallback
) -> tuple[list, list[roads.Snap]]:
    """Return (seconds matrix, snaps) on the road network; None where there is no path."""
    snaps = roads.snap(points)
    costs = roads.vertex_costs([s.vertex for s in snaps if s.on_network])
    matrix = []
    for i, a in enumerate(snaps):
        row = []
        for j, b in enumerate(snaps):
            if i == j:
                row.append(0)
            elif not (a.on_network and b.on_network):
                row.append(None)
            elif a.vertex == b.vertex:
                row.append(fallback.seconds(points[i], points[j]))
            else:
                cost = costs.get((a.vertex, b.vertex))
                row.append(
                    None if cost is None else round(a.seconds + cost + b.seconds)
                )
        matrix.append(row)
    return matrix, snaps


def travel_between(
    points: list[Point], fallback: Fallback | None = None, use_roads: bool = True
) -> Travel:
    """Return travel between the points: on roads if loaded (and wanted), else estimated."""
    fallback = fallback or Fallback()
    if use_roads and roads.roads_loaded():
        seconds, snaps = road_seconds(points, fallback)
        return Travel(TravelMode.ROADS, points, seconds, fallback, snaps)
    return Travel(TravelMode.FALLBACK, points, fallback.matrix(points), fallback)
