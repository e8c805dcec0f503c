"""What a source hands over: the opened file and its numbered lon/lat features."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.gis.geos import GEOSGeometry

from layers.importers.crs import SourceCRS
from layers.importers.geometry import vertex_problem


@dataclass
class Feature:
    """One data row of a file: properties and geometry (or why there is none usable)."""

    row: int
    properties: dict
    geometry: GEOSGeometry | None = None
    problem: str | None = None


@dataclass
class Source:
    """An opened file: its CRS, encoding, columns and a way to read its features."""

    path: Path
    crs: SourceCRS
    encoding: str
    columns: list[str]
    read: Callable[[], Iterator[Feature]]
    truncated_headers: bool = False
    boilerplate: set = field(default_factory=set)


def to_lon_lat(
    geometry: GEOSGeometry, crs: SourceCRS
) -> tuple[GEOSGeometry | None, str | None]:
    """Return a 2D geometry in the file's CRS as SRID 4326, or why it cannot be."""
    if geometry.empty:
        return geometry, None
    problem = vertex_problem(geometry) or crs.coordinate_problem(geometry)
    if problem:
        return None, problem
    return crs.to_wgs84(geometry), None
