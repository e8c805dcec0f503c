"""What a source hands over: the opened file and its numbered lon/lat features."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.gis.geos import GEOSGeometry
from django.utils.translation import gettext as _

from layers.importers.crs import SourceCRS
from layers.importers.errors import ImportFailed
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
    format: str = ""
    first_line: int | None = None  # spreadsheet line of data row 1 (CSV, .xlsx)
    notes: list = field(default_factory=list)  # file-level notes (e.g. .shx rebuilt)
    count: int | None = None  # features, when the format says without reading them

    def rows(self) -> int:
        """Return how many features the file holds (reading them if need be)."""
        if self.count is None:
            self.count = sum(1 for _feature in self.read())
        return self.count


def to_lon_lat(
    geometry: GEOSGeometry, crs: SourceCRS
) -> tuple[GEOSGeometry | None, str | None]:
    """Return a 2D geometry in the file's CRS as SRID 4326, or why it cannot be."""
    if geometry.empty:
        return geometry, None
    if crs.assumed:
        hint = crs.metres_hint(geometry)
        if hint:
            # Said once for the file, not once per row: every row has the same cause.
            raise ImportFailed(
                _(
                    "The file names no coordinate system (no .prj, no crs) and its "
                    "coordinates are metres, not degrees (%(x)s, %(y)s)%(guess)s; "
                    "give the CRS (--srs, e.g. EPSG:4526)."
                )
                % hint
            )
    problem = vertex_problem(geometry) or crs.coordinate_problem(geometry)
    if problem:
        return None, problem
    return crs.to_wgs84(geometry), None
