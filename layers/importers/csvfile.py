"""Read CSV files: Chinese headers, UTF-8 (with or without BOM) or GBK/GB18030 text.

Geometry comes from a longitude/latitude pair (`lon`/`lng`/`longitude`/`x`/`经度`
and `lat`/`latitude`/`y`/`纬度`), from a WKT column (`wkt`/`geometry`), or is absent
(tabular kinds). Row 1 is the first line after the header, blank lines included, so
a row number plus one is the spreadsheet's line.
"""

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

from django.contrib.gis.gdal import GDALException, OGRGeometry
from django.contrib.gis.geometry import wkt_regex
from django.contrib.gis.geos import Point
from django.utils.translation import gettext as _

from layers.importers import crs as crs_
from layers.importers.encoding import decode, plausibility
from layers.importers.errors import ImportFailed
from layers.importers.features import Feature, Source, to_lon_lat
from layers.importers.fields import header_key, is_blank, number

LON = {"lon", "lng", "long", "longitude", "x", "经度", "东经"}
LAT = {"lat", "latitude", "y", "纬度", "北纬"}
WKT = {"wkt", "geometry", "geom", "the_geom", "几何", "坐标串"}
EWKT_SRID = re.compile(r"^SRID=(\d+);", re.IGNORECASE)


def open_csv(path: Path, *, crs: crs_.SourceCRS | None, encoding: str | None) -> Source:
    """Open a CSV file; geometry columns are found by name, the CRS defaults to 4326."""
    text, codec = decode(path.read_bytes(), path.name, encoding)
    text = text.lstrip("\ufeff")
    dialect = _dialect(text)
    try:
        header = next(csv.reader(io.StringIO(text), dialect), None)
    except csv.Error as error:
        raise _unreadable(path, 0, error) from None
    if not header or not any(cell.strip() for cell in header):
        raise ImportFailed(_("%(file)s has no header row.") % {"file": path.name})
    header = [cell.strip() for cell in header]
    if len(header) == 1 and (
        path.suffix.lower() == ".txt" or not _known_column(header[0])
    ):
        raise ImportFailed(
            _(
                "%(file)s looks like plain text, not a table: its first line "
                "(%(line)r) has no comma, tab or semicolon between columns."
            )
            % {"file": path.name, "line": header[0][:40]}
        )
    geometry_columns = _geometry_columns(header, path)
    file_crs = crs or crs_.ASSUMED
    columns = [
        name
        for i, name in enumerate(header)
        if i not in geometry_columns.values() and name
    ]

    def read() -> Iterator[Feature]:
        records = csv.reader(io.StringIO(text), dialect)
        next(records)
        number_ = 0
        try:
            for number_, cells in enumerate(records, start=1):
                yield from _feature(number_, cells)
        except csv.Error as error:
            raise _unreadable(path, number_ + 1, error) from None

    def _feature(number_: int, cells: list[str]) -> Iterator[Feature]:
        if not any(cell.strip() for cell in cells):
            return
        cells += [""] * (len(header) - len(cells))
        properties = {
            name: cells[i] for i, name in enumerate(header) if name in columns
        }
        yield Feature(
            number_,
            properties,
            *_geometry(cells, header, geometry_columns, file_crs),
        )

    label = "utf-8" if codec == "utf-8-sig" else codec
    if codec == "gb18030" and not encoding:
        label = _(
            "%(codec)s (detected: not UTF-8; %(share)d%% of its Chinese characters "
            "are common ones)"
        ) % {"codec": codec, "share": round(plausibility(text) * 100)}
    source = Source(path, file_crs, label, columns, read)
    source.format = _("CSV text (%(delimiter)r between columns)") % {
        "delimiter": dialect.delimiter
    }
    source.first_line = 2
    return source


def _unreadable(path: Path, row: int, error: csv.Error) -> ImportFailed:
    """Say which row of `path` the csv module could not read, and why."""
    return ImportFailed(
        _("%(file)s, row %(row)d, cannot be read as CSV: %(reason)s.")
        % {"file": path.name, "row": row, "reason": error}
    )


def _dialect(text: str):
    sample = text[:4096].split("\n", 1)[0]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        return csv.excel


def _geometry_columns(header: list[str], path: Path) -> dict[str, int]:
    """Return the index of the lon, lat or wkt columns."""
    found = {}
    for index, name in enumerate(header):
        key = header_key(name)
        for role, names in (("lon", LON), ("lat", LAT), ("wkt", WKT)):
            if key in names and role not in found:
                found[role] = index
    if ("lon" in found) != ("lat" in found):
        raise ImportFailed(
            _("%(file)s has a longitude or a latitude column but not both.")
            % {"file": path.name}
        )
    if "wkt" in found and "lon" in found:
        raise ImportFailed(
            _(
                "%(file)s has both a WKT column and longitude/latitude columns; "
                "keep one."
            )
            % {"file": path.name}
        )
    return found


def _geometry(cells, header, columns, crs) -> tuple:
    """Return (geometry, problem) for one record."""
    if "wkt" in columns:
        return _from_wkt(cells[columns["wkt"]].strip(), crs)
    if "lon" not in columns:
        return None, None
    raw = {role: cells[columns[role]] for role in ("lon", "lat")}
    if any(is_blank(value) for value in raw.values()):
        return None, None
    try:
        lon, lat = number(raw["lon"]), number(raw["lat"])
    except ValueError:
        return None, _("%(lon)s/%(lat)s = %(x)r/%(y)r is not a pair of numbers") % {
            "lon": header[columns["lon"]],
            "lat": header[columns["lat"]],
            "x": raw["lon"],
            "y": raw["lat"],
        }
    return to_lon_lat(Point(lon, lat), crs)


def _from_wkt(value: str, crs) -> tuple:
    if not value:
        return None, None
    srid = EWKT_SRID.match(value)
    if srid and crs.epsg != int(srid.group(1)):
        return None, _(
            "the WKT says SRID %(srid)s but the file's CRS is %(crs)s; use --srs"
        ) % {
            "srid": srid.group(1),
            "crs": crs.label,
        }
    value = EWKT_SRID.sub("", value)
    if not wkt_regex.match(value):
        return None, _("%(value)r is not WKT") % {"value": value[:40]}
    try:
        geometry = OGRGeometry(value)
    except GDALException:
        return None, _("%(value)r is not valid WKT") % {"value": value[:40]}
    geometry.set_3d(False)
    geometry.set_measured(False)
    return to_lon_lat(geometry.geos, crs)


def _known_column(header: str) -> bool:
    """Say whether a lone header names a column of some kind (a one-column table)."""
    from layers.importers.kinds import KINDS

    wanted = header_key(header)
    return any(
        wanted in column.names() for kind in KINDS.values() for column in kind.columns
    )
