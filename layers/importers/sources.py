"""Open an import file and yield its features: row number, properties, lon/lat geometry.

GeoJSON, GeoPackage, shapefiles (plain or zipped) and KML/KMZ are read through GDAL, each
opened with only its own driver allowed; CSV is read in Python (layers.importers.csvfile).
Every geometry leaves here 2D, on SRID 4326, transformed from the file's CRS (or `--srs`).
"""

import json
import zipfile
from collections.abc import Callable, Iterator
from ctypes import c_char_p
from pathlib import Path

from django.conf import settings
from django.contrib.gis.gdal import DataSource, Driver, GDALException, OGRGeometry
from django.contrib.gis.gdal.prototypes import ds as capi
from django.contrib.gis.geos import GEOSGeometry
from django.utils.encoding import DjangoUnicodeDecodeError, force_bytes
from django.utils.translation import gettext as _

from layers.importers import crs as crs_
from layers.importers.csvfile import open_csv
from layers.importers.encoding import shapefile_encoding
from layers.importers.errors import ImportFailed
from layers.importers.features import Feature, Source, to_lon_lat

MAX_FILE_BYTES = 200 * 1024 * 1024
DRIVERS = {
    ".geojson": ("GeoJSON",),
    ".json": ("GeoJSON",),
    ".gpkg": ("GPKG",),
    ".shp": ("ESRI Shapefile",),
    ".zip": ("ESRI Shapefile",),
    ".kml": ("LIBKML", "KML"),
    ".kmz": ("LIBKML",),
}
CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
KML_BOILERPLATE = {
    "description",
    "timestamp",
    "begin",
    "end",
    "altitudemode",
    "tessellate",
    "extrude",
    "visibility",
    "draworder",
    "icon",
    "snippet",
}


def open_source(
    path: Path, *, srs: str | None = None, encoding: str | None = None, layer: str = ""
) -> Source:
    """Open `path` by its suffix; refuse unknown formats, missing or oversized files."""
    declared = crs_.parse_srs(srs) if srs else None
    _check_size(path)
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return open_csv(path, crs=declared, encoding=encoding)
    if suffix not in DRIVERS:
        raise ImportFailed(
            _(
                "%(file)s: unknown format %(suffix)r; use GeoJSON, GeoPackage, a shapefile "
                "(.shp or .zip), KML/KMZ or CSV."
            )
            % {"file": path.name, "suffix": suffix}
        )
    if suffix in {".geojson", ".json"}:
        declared = declared or _geojson_crs(path)
    if suffix in {".shp", ".zip"}:
        return _open_shapefile(path, declared, encoding)
    datasource = _open(str(path), DRIVERS[suffix])
    layers = _pick_layers(datasource, path, layer, every=suffix in {".kml", ".kmz"})
    boilerplate = KML_BOILERPLATE if suffix in {".kml", ".kmz"} else set()
    return _source(path, datasource, layers, declared, "utf-8", boilerplate=boilerplate)


def _check_size(path: Path) -> None:
    if not path.is_file():
        raise ImportFailed(_("%(file)s: no such file.") % {"file": path})
    limit = getattr(settings, "GEOPORTAL_IMPORT_MAX_BYTES", MAX_FILE_BYTES)
    size = path.stat().st_size
    if path.suffix.lower() == ".zip":
        size = _zip_size(path)
    if size > limit:
        raise ImportFailed(
            _("%(file)s is %(size).1f MB; the limit is %(limit).1f MB. Split it.")
            % {"file": path.name, "size": size / 1e6, "limit": limit / 1e6}
        )


def _zip_size(path: Path) -> int:
    try:
        with zipfile.ZipFile(path) as archive:
            return sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile:
        raise ImportFailed(
            _("%(file)s is not a readable zip file.") % {"file": path.name}
        ) from None


def _open(
    name: str, drivers: tuple[str, ...], options: dict | None = None
) -> DataSource:
    """Open a vector dataset with only `drivers` allowed and GDAL open options."""
    Driver.ensure_registered()
    allowed = _strings(drivers)
    open_options = _strings(
        [f"{key}={value}" for key, value in (options or {}).items()]
    )
    try:
        pointer = capi.open_ds(
            force_bytes(name),
            capi.GDAL_OF_READONLY | capi.GDAL_OF_VECTOR,
            allowed,
            open_options,
            None,
        )
    except GDALException:
        raise ImportFailed(
            _("%(file)s cannot be read as %(format)s.")
            % {"file": Path(name).name, "format": " or ".join(drivers)}
        ) from None
    return DataSource(pointer, capi.get_dataset_driver(pointer))


def _strings(items) -> object:
    items = [force_bytes(item) for item in items]
    return (c_char_p * (len(items) + 1))(*items, None) if items else None


def _geojson_crs(path: Path) -> crs_.SourceCRS:
    """Check the GeoJSON is well formed and return its declared CRS (default EPSG:4326)."""
    try:
        document = json.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ImportFailed(
            _("%(file)s is not UTF-8; GeoJSON must be (RFC 7946).")
            % {"file": path.name}
        ) from None
    except json.JSONDecodeError as error:
        raise ImportFailed(
            _(
                "%(file)s is not valid GeoJSON: %(error)s at line %(line)d, column %(column)d."
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
    if "crs" in document and not isinstance(name, str):
        raise ImportFailed(
            _("%(file)s: only a named GeoJSON crs (e.g. EPSG:4547) is accepted.")
            % {"file": path.name}
        )
    return crs_.parse_srs(name) if name else crs_.WGS84


def _open_shapefile(path: Path, declared, encoding: str | None) -> Source:
    if path.suffix.lower() == ".zip":
        name, read = _zip_member(path)
    else:
        name, read = str(path), lambda suffix: _sibling(path, suffix)
    dbf = read(".dbf")
    if dbf is None:
        raise ImportFailed(_("%(file)s has no .dbf next to it.") % {"file": path.name})
    cpg = read(".cpg")
    chosen = shapefile_encoding(
        dbf,
        cpg.decode("ascii", "replace") if cpg else None,
        f"{path.name} (.dbf)",
        encoding,
    )
    datasource = _open(name, DRIVERS[".shp"], chosen.open_options)
    datasource.encoding = chosen.codec
    layers = _pick_layers(datasource, path, "")
    return _source(path, datasource, layers, declared, chosen.label, truncated=True)


def _sibling(path: Path, suffix: str) -> bytes | None:
    for candidate in (path.with_suffix(suffix), path.with_suffix(suffix.upper())):
        if candidate.is_file():
            return candidate.read_bytes()
    return None


def _zip_member(path: Path) -> tuple[str, Callable[[str], bytes | None]]:
    with zipfile.ZipFile(path) as archive:
        names = [n for n in archive.namelist() if not n.startswith("__MACOSX/")]
    shapes = [n for n in names if n.lower().endswith(".shp")]
    if len(shapes) != 1:
        raise ImportFailed(
            _("%(file)s must hold exactly one .shp; it holds %(count)d.")
            % {"file": path.name, "count": len(shapes)}
        )
    stem = shapes[0][:-4]
    members = {n.lower(): n for n in names}

    def read(suffix: str) -> bytes | None:
        member = members.get((stem + suffix).lower())
        if member is None:
            return None
        with zipfile.ZipFile(path) as archive:
            return archive.read(member)

    return f"/vsizip/{path.resolve()}/{shapes[0]}", read


def _pick_layers(
    datasource: DataSource, path: Path, wanted: str, every: bool = False
) -> list:
    layers = [datasource[index] for index in range(len(datasource))]
    if every or len(layers) == 1:
        return layers
    named = [layer for layer in layers if layer.name == wanted]
    if named:
        return named
    raise ImportFailed(
        _(
            "%(file)s holds %(count)d layers (%(names)s); keep one, or name one after the kind."
        )
        % {
            "file": path.name,
            "count": len(layers),
            "names": ", ".join(l.name for l in layers),
        }
    )


def _source(
    path, datasource, layers, declared, encoding, *, truncated=False, boilerplate=()
):
    file_crs = declared or crs_.identify(_layer_srs(layers[0]))
    columns = list(
        dict.fromkeys(name for layer in layers for name in _field_names(layer, path))
    )

    def read() -> Iterator[Feature]:
        number = 0
        for layer in layers:
            for feature in layer:
                number += 1
                yield _feature(number, feature, file_crs, path, datasource.encoding)

    return Source(path, file_crs, encoding, columns, read, truncated, set(boilerplate))


def _layer_srs(layer):
    try:
        return layer.srs
    except GDALException:
        return None


def _field_names(layer, path: Path) -> list[str]:
    try:
        return layer.fields
    except DjangoUnicodeDecodeError:
        raise _undecodable(path, layer._ds.encoding) from None


def _feature(number, feature, crs, path, codec) -> Feature:
    try:
        properties = {field.name: field.value for field in feature}
    except DjangoUnicodeDecodeError:
        raise _undecodable(path, codec) from None
    try:
        geometry = feature.geom
    except GDALException:
        return Feature(number, properties)
    return Feature(number, properties, *_from_ogr(geometry, crs))


def _from_ogr(geometry: OGRGeometry, crs) -> tuple[GEOSGeometry | None, str | None]:
    geometry.set_3d(False)
    geometry.set_measured(False)
    try:
        return to_lon_lat(geometry.geos, crs)
    except GDALException as error:
        return None, str(error)


def _undecodable(path: Path, codec: str) -> ImportFailed:
    return ImportFailed(
        _("The text in %(file)s is not valid %(codec)s; give the right --encoding.")
        % {"file": path.name, "codec": codec}
    )
