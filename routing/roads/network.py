"""Plain road data and the noding step: split each way where it meets another way.

A way is a list of (key, lon, lat) points, where the key names the point: the OSM node id, or
the rounded coordinate for shapefiles. Ways meet where they share a key; each way is cut at
every such shared point, so every piece runs from one graph vertex to the next.
"""

from collections import Counter
from dataclasses import dataclass

BOTH, FORWARD, BACKWARD = 0, 1, -1


@dataclass
class Way:
    """A road line as read from a file, with what routing needs to know about it."""

    points: list[tuple[object, float, float]]
    road_class: str
    speed_kmh: float
    name: str = ""
    oneway: int = BOTH
    closed: bool = False
    osm_id: int | None = None


@dataclass
class Piece:
    """A piece of a way between two vertices (keys)."""

    way: Way
    points: list[tuple[object, float, float]]

    @property
    def source(self):
        return self.points[0][0]

    @property
    def target(self):
        return self.points[-1][0]

    def coords(self) -> list[tuple[float, float]]:
        """Return the piece's lon/lat coordinates."""
        return [(lon, lat) for _, lon, lat in self.points]


def junctions(ways: list[Way]) -> set:
    """Return the keys where a way ends or where ways (or a way with itself) meet."""
    uses = Counter(key for way in ways for key, _, _ in way.points)
    ends = {way.points[i][0] for way in ways for i in (0, -1)}
    return {key for key, count in uses.items() if count > 1} | ends


def split_ways(ways: list[Way]) -> list[Piece]:
    """Cut every way at the junctions; drop pieces with fewer than two distinct points."""
    nodes = junctions(ways)
    pieces = []
    for way in ways:
        current = [way.points[0]]
        for point in way.points[1:]:
            if point[0] == current[-1][0]:
                continue  # repeated point
            current.append(point)
            if point[0] in nodes:
                pieces.append(Piece(way, current))
                current = [point]
    return pieces
