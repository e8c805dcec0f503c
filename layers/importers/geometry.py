"""Check one geometry: size, type, validity (and `--repair`), and areas to stay in.

Distances are metres, measured in EPSG:4547 (CGCS2000 Gauss-Krüger CM 114E, the zone
Neihuang lies in).
"""

import re

from django.contrib.gis.geos import (
    GEOSGeometry,
    MultiPoint,
    MultiPolygon,
    Point,
    Polygon,
)
from django.utils.translation import gettext as _

from layers.importers.transforms import transformed
from layers.importers.wording import alternatives, geos_reason
from layers.models import METRIC_SRID, SRID

MAX_VERTICES = 200_000
TOLERANCE_M = 50
FAR_M = 1_000
REASON = re.compile(r"^(?P<what>.*?)\s*\[(?P<x>\S+) (?P<y>\S+)\]$")


def vertex_problem(geometry: GEOSGeometry) -> str | None:
    """Refuse geometries too big to check and store sensibly."""
    if geometry.num_coords > MAX_VERTICES:
        return _(
            "has %(count)d vertices; at most %(max)d are accepted; simplify it"
        ) % {
            "count": geometry.num_coords,
            "max": MAX_VERTICES,
        }
    return None


def shape(
    geometry: GEOSGeometry, types: tuple[str, ...], *, repair: bool
) -> tuple[GEOSGeometry | None, str | None, str | None]:
    """Return (geometry to store, problem, what --repair fixed) for expected types."""
    geometry = normalised(geometry)
    if geometry.empty:
        return None, _("the geometry is empty"), None
    if geometry.geom_type not in types:
        return (
            None,
            _("%(found)s where %(expected)s is expected")
            % {
                "found": geometry.geom_type,
                "expected": alternatives(_readable(types)),
            },
            None,
        )
    if geometry.valid:
        return geometry, None, None
    reason = describe(geometry.valid_reason)
    if not repair:
        return None, _("%(reason)s (--repair can fix it)") % {"reason": reason}, None
    fixed = normalised(_polygonal(geometry.make_valid()))
    if fixed.empty or not fixed.valid:
        return (
            None,
            _("%(reason)s; --repair left nothing usable") % {"reason": reason},
            None,
        )
    return fixed, None, reason


def normalised(geometry: GEOSGeometry) -> GEOSGeometry:
    """Make a Polygon a MultiPolygon and a one-point MultiPoint a Point."""
    if isinstance(geometry, Polygon):
        geometry = MultiPolygon(geometry, srid=geometry.srid)
    elif isinstance(geometry, MultiPoint) and len(geometry) == 1:
        geometry = Point(geometry[0].coords, srid=geometry.srid)
    return geometry


def describe(valid_reason: str) -> str:
    """Turn 'Self-intersection[114.9 35.9]' into 'self-intersection at 114.9 35.9'.

    Reasons GEOS commonly gives are translated; others keep GEOS's words.
    """
    match = REASON.match(valid_reason)
    if not match:
        return geos_reason(valid_reason)
    x, y = (f"{float(match[c]):.6f}".rstrip("0").rstrip(".") for c in ("x", "y"))
    return _("%(what)s at %(x)s %(y)s") % {
        "what": geos_reason(match["what"]),
        "x": x,
        "y": y,
    }


def _polygonal(geometry: GEOSGeometry) -> GEOSGeometry:
    """Keep the polygons of what MakeValid returned (it may add lines and points)."""
    if isinstance(geometry, Polygon | MultiPolygon):
        return geometry
    parts = [part for part in geometry if isinstance(part, Polygon | MultiPolygon)]
    polygons = [
        p
        for part in parts
        for p in (part if isinstance(part, MultiPolygon) else [part])
    ]
    return MultiPolygon(*polygons, srid=geometry.srid)


def _readable(types: tuple[str, ...]) -> list[str]:
    return ["Polygon/MultiPolygon" if t == "MultiPolygon" else t for t in types]


class Area:
    """An outline that geometries must stay inside, give or take TOLERANCE_M metres."""

    def __init__(
        self, outline: GEOSGeometry, label: str, *, hint: str = "", codes=frozenset()
    ):
        self.outline = outline
        self.label = label
        self.hint = hint
        self.codes = codes  # codes of the units the outline belongs to
        self._metric = transformed(outline, METRIC_SRID)
        self._strict = outline.prepared
        loose = transformed(self._metric.buffer(TOLERANCE_M), SRID)
        self._loose = loose.prepared

    def problem(self, geometry: GEOSGeometry) -> str | None:
        """Say how far outside the area a geometry lies, or None when it is inside."""
        if self._strict.covers(geometry) or self._loose.covers(geometry):
            return None
        metric = transformed(geometry, METRIC_SRID)
        if self._strict.intersects(geometry):
            outside = metric.difference(self._metric)
            farthest = max(
                self._metric.distance(Point(xy)) for xy in _vertices(outside)
            )
            reason = _("crosses the boundary of %(area)s (up to %(distance)s outside)")
        else:
            farthest = self._metric.distance(metric)
            reason = _("outside %(area)s (%(distance)s away)")
        reason %= {"area": self.label, "distance": metres(farthest)}
        return f"{reason}{self.hint}" if farthest > FAR_M else reason


def near(geometry: GEOSGeometry, point: Point) -> bool:
    """Say whether a point lies inside a geometry or within TOLERANCE_M metres of it."""
    if geometry.covers(point):
        return True
    metric = transformed(geometry, METRIC_SRID)
    return metric.distance(transformed(point, METRIC_SRID)) <= TOLERANCE_M


def metres(distance: float) -> str:
    """Format a distance for people: metres below 1 km, else kilometres."""
    if distance < 1000:
        return _("%(m)d m") % {"m": round(distance)}
    return _("%(km)s km") % {"km": f"{distance / 1000:,.1f}"}


def _vertices(geometry: GEOSGeometry):
    """Yield every (x, y) of a geometry, whatever its nesting."""
    yield from _flatten(geometry.coords)


def _flatten(coords):
    if coords and isinstance(coords[0], float | int):
        yield coords
    else:
        for part in coords:
            yield from _flatten(part)
