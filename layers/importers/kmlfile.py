"""Read KML/KMZ ourselves, keeping what GDAL's KML reader mangles.

Ovital (奥维互动地图), 两步路 and Google Earth exports carry a placemark name, a
description of "key：value" lines, folders and ExtendedData with Chinese names (GDAL's
KML driver turns those names into `_________`). Each placemark becomes a row with the
columns `name`, `folder` (the folder path) and one per key found. The XML is parsed
without a DOCTYPE: a file declaring one (entities, external references) is refused
before parsing, as defusedxml would.
"""

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

from django.contrib.gis.geos import (
    GeometryCollection,
    LinearRing,
    LineString,
    MultiPoint,
    MultiPolygon,
    Point,
    Polygon,
)
from django.utils.translation import gettext as _

from layers.importers import crs as crs_
from layers.importers.errors import ImportFailed
from layers.importers.features import Feature, Source, to_lon_lat

LINE = re.compile(r"^\s*([^:：=]{1,30}?)\s*[:：=]\s*(.*?)\s*$")
BREAK = re.compile(r"<br\s*/?>|</p>|</div>|</tr>", re.IGNORECASE)
TAG = re.compile(r"<[^>]+>")
MAX_KML_BYTES = 50 * 1024 * 1024


def open_kml(path: Path, *, crs: crs_.SourceCRS | None) -> Source:
    """Open a .kml or .kmz file; placemarks in document order are the rows."""
    data = _document(path)
    head = data[:4096].lower()
    if b"<!doctype" in head or b"<!entity" in data.lower():
        raise ImportFailed(
            _("%(file)s declares a DOCTYPE or entities; KML needs neither. Refused.")
            % {"file": path.name}
        )
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        raise ImportFailed(
            _("%(file)s is not well-formed KML: %(reason)s.")
            % {"file": path.name, "reason": error}
        ) from None
    marks = list(_placemarks(root, []))
    columns = list(
        dict.fromkeys(
            ["name", *(["folder"] if any(m[1] for m in marks) else [])]
            + [key for _folder, _f, props, _g in marks for key in props]
        )
    )
    file_crs = crs or crs_.WGS84

    def read() -> Iterator[Feature]:
        for number, (name, folder, properties, geometry) in enumerate(marks, 1):
            row = {"name": name, **({"folder": folder} if folder else {})}
            row.update(properties)
            if geometry is None:
                yield Feature(number, row, None, _("the placemark has no geometry"))
                continue
            try:
                shape = geometry()
            except (ValueError, TypeError, IndexError):
                yield Feature(number, row, None, _("the coordinates cannot be read"))
                continue
            yield Feature(number, row, *to_lon_lat(shape, file_crs))

    source = Source(path, file_crs, "utf-8", columns, read)
    source.format = "KML"
    return source


def _document(path: Path) -> bytes:
    if path.suffix.lower() != ".kmz":
        return path.read_bytes()
    try:
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if n.lower().endswith(".kml")]
            if not names:
                raise ImportFailed(
                    _("%(file)s holds no .kml document.") % {"file": path.name}
                )
            name = "doc.kml" if "doc.kml" in names else names[0]
            if archive.getinfo(name).file_size > MAX_KML_BYTES:
                raise ImportFailed(
                    _("%(file)s: its KML is over 50 MB.") % {"file": path.name}
                )
            return archive.read(name)
    except zipfile.BadZipFile:
        raise ImportFailed(
            _("%(file)s is not a readable KMZ (zip) file.") % {"file": path.name}
        ) from None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(element, name: str):
    for child in element:
        if _local(child.tag) == name:
            return child
    return None


def _text(element, name: str) -> str:
    child = _child(element, name)
    return (child.text or "").strip() if child is not None else ""


def _placemarks(element, folders: list[str]):
    for child in element:
        tag = _local(child.tag)
        if tag == "Placemark":
            yield _placemark(child, "/".join(folders))
        elif tag in {"Folder", "Document"}:
            name = _text(child, "name")
            inner = [*folders, name] if tag == "Folder" and name else folders
            yield from _placemarks(child, inner)
        elif tag == "kml":
            yield from _placemarks(child, folders)


def _placemark(element, folder: str):
    properties = {}
    description = _text(element, "description")
    for line in BREAK.sub("\n", description).splitlines():
        match = LINE.match(TAG.sub("", line))
        if match and match.group(2):
            properties[match.group(1).strip()] = match.group(2)
    if description and not properties:
        properties["description"] = TAG.sub("", description).strip()
    extended = _child(element, "ExtendedData")
    if extended is not None:
        for item in extended.iter():
            tag = _local(item.tag)
            if tag == "Data" and item.get("name"):
                properties[item.get("name").strip()] = _text(item, "value")
            elif tag == "SimpleData" and item.get("name"):
                properties[item.get("name").strip()] = (item.text or "").strip()
    return _text(element, "name"), folder, properties, _geometry_of(element)


def _coordinates(element) -> list[tuple[float, float]]:
    raw = _text(element, "coordinates")
    points = []
    for token in raw.split():
        parts = token.split(",")
        points.append((float(parts[0]), float(parts[1])))
    return points


def _geometry_of(element):
    """Return a callable building the placemark's geometry, or None if it has none."""
    for child in element:
        tag = _local(child.tag)
        if tag in {"Point", "LineString", "Polygon", "MultiGeometry", "LinearRing"}:
            return lambda child=child: _build(child)
    return None


def _build(element):
    tag = _local(element.tag)
    if tag == "Point":
        return Point(*_coordinates(element)[0])
    if tag == "LineString":
        return LineString(_coordinates(element))
    if tag == "LinearRing":
        return Polygon(LinearRing(_coordinates(element)))
    if tag == "Polygon":
        outer = _child(element, "outerBoundaryIs")
        rings = [LinearRing(_coordinates(_child(outer, "LinearRing")))]
        for inner in element:
            if _local(inner.tag) == "innerBoundaryIs":
                rings.append(LinearRing(_coordinates(_child(inner, "LinearRing"))))
        return Polygon(*rings)
    parts = [_build(part) for part in element if _local(part.tag) != "extrude"]
    if parts and all(isinstance(p, Polygon) for p in parts):
        return MultiPolygon(*parts)
    if parts and all(isinstance(p, Point) for p in parts):
        return MultiPoint(*parts)
    return GeometryCollection(*parts)
