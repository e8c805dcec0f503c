"""Travel estimated without roads: great-circle distance × a detour factor at a set speed.

Used where no road network is loaded; every plan made this way says so.
"""

import math
from dataclasses import dataclass

EARTH_RADIUS_M = 6_371_008.8


@dataclass(frozen=True)
class Fallback:
    """The assumptions of the straight-line estimate."""

    detour: float = 1.3
    speed_kmh: float = 40.0

    def metres(self, a: tuple[float, float], b: tuple[float, float]) -> float:
        """Return the estimated road metres between two lon/lat points."""
        return great_circle_m(a, b) * self.detour

    def seconds(self, a: tuple[float, float], b: tuple[float, float]) -> int:
        """Return the estimated travel seconds between two lon/lat points."""
        return round(self.metres(a, b) / (self.speed_kmh / 3.6))

    def matrix(self, points: list[tuple[float, float]]) -> list[list[int]]:
        """Return travel seconds between every pair of lon/lat points."""
        return [[self.seconds(a, b) for b in points] for a in points]


def great_circle_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Return the haversine distance in metres between two lon/lat points."""
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(h))
