"""Open an import file and yield its features: row, properties, lon/lat geometry.

GeoJSON, GeoPackage and shapefiles (plain or zipped) are read through GDAL, each opened
with only its own driver allowed; CSV (layers.importers.csvfile), Excel .xlsx
(xlsxfile) and KML/KMZ (kmlfile, keeping Chinese ExtendedData names) are read in
Python. Every geometry leaves here 2D, on SRID 4326, transformed
from the file's CRS (or `--srs`).
"""

import json
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from layers.importers import crs as crs_
from layers.importers.csvfile import open_csv
from layers.importers.errors import ImportFailed
from layers.importers.features import Source
from layers.importers.gdal import open_vector, pick_layers, vector_source
from layers.importers.kmlfile import open_kml
from layers.importers.shapefiles import open_shapefile, zip_size
from layers.importers.xlsxfile import open_xlsx

MAX_FILE_BYTES = 200 * 1024 * 1024
DRIVERS = {
    ".geojson": ("GeoJSON",),
    ".json": ("GeoJSON",),
    ".gpkg": ("GPKG",),
    ".shp": ("ESRI Shapefile",),
    ".zip": ("ESRI Shapefile",),
}
XLSX = {".xlsx", ".xlsm"}
CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
KML = {".kml", ".kmz"}


def open_source(
    path: Path, *, srs: str | None = None, encoding: str | None = None, layer: str = ""
) -> Source:
    """Open `path` by its suffix; refuse unknown formats, missing or oversized files."""
    declared = crs_.parse_srs(srs) if srs else None
    _check_size(path)
    suffix = path.suffix.lower()
    if path.stat().st_size == 0:
        raise ImportFailed(
            _("%(file)s is empty (0 bytes): nothing to import.") % {"file": path.name}
        )
    if suffix in CSV_SUFFIXES:
        return open_csv(path, crs=declared, encoding=encoding)
    if suffix in XLSX:
        return open_xlsx(path, crs=declared)
    if suffix in KML:
        return open_kml(path, crs=declared)
    if suffix not in DRIVERS:
        raise ImportFailed(
            _(
                "%(file)s: unknown format %(suffix)r; use GeoJSON, GeoPackage, a "
                "shapefile "
                "(.shp or .zip), KML/KMZ, Excel .xlsx or CSV."
            )
            % {"file": path.name, "suffix": suffix}
        )
    if suffix in {".geojson", ".json"}:
        declared = declared or _geojson_crs(path)
    if suffix in {".shp", ".zip"}:
        return open_shapefile(path, declared, encoding)
    datasource = open_vector(str(path), DRIVERS[suffix])
    layers = pick_layers(datasource, path, layer)
    source = vector_source(path, datasource, layers, declared, "utf-8")
    source.format = {".gpkg": "GeoPackage"}.get(suffix, "GeoJSON")
    return source


def _check_size(path: Path) -> None:
    if not path.is_file():
        raise ImportFailed(_("%(file)s: no such file.") % {"file": path})
    limit = getattr(settings, "GEOPORTAL_IMPORT_MAX_BYTES", MAX_FILE_BYTES)
    size = path.stat().st_size
    if path.suffix.lower() == ".zip":
        size = zip_size(path)
    if size > limit:
        raise ImportFailed(
            _("%(file)s is %(size).1f MB; the limit is %(limit).1f MB. Split it.")
            % {"file": path.name, "size": size / 1e6, "limit": limit / 1e6}
        )


def _geojson_crs(path: Path) -> crs_.SourceCRS:
    """Check the GeoJSON is well formed; return its declared CRS (default 4326)."""
    try:
        document = json.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ImportFailed(
            _("%(file)s is not UTF-8; GeoJSON must be (RFC 7946).")
            % {"file": path.name}
        ) from None
    except RecursionError:
        raise ImportFailed(
            _("%(file)s is nested too deeply to be GeoJSON.") % {"file": path.name}
        ) from None
    except json.JSONDecodeError as error:
        raise ImportFailed(
            _(
                "%(file)s is not valid GeoJSON: %(error)s at line %(line)d, "
                "column %(column)d."
            )
            % {
                "file": path.name,
                "error": error.msg,
                "line": error.lineno,
                "column": error.colno,
            }
        ) from None
    if not isinstance(document, dict) or document.get("type") not in {
        "FeatureCollection",
        "Feature",
    }:
        raise ImportFailed(
            _("%(file)s is not a GeoJSON FeatureCollection or Feature.")
            % {"file": path.name}
        )
    name = ((document.get("crs") or {}).get("properties") or {}).get("name")
    if document.get("crs") is not None and not isinstance(name, str):
        raise ImportFailed(
            _("%(file)s: only a named GeoJSON crs (e.g. EPSG:4547) is accepted.")
            % {"file": path.name}
        )
    return crs_.parse_srs(name) if name else crs_.WGS84
