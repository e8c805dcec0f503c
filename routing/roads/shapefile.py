"""Read road lines from a county roads shapefile (or any OGR line layer) with GDAL.

The class comes from `highway`, `fclass` (Geofabrik) or 道路等级; the name from `name`/名称;
the direction from `oneway` (yes/1/T/FT forward, -1/TF backward). Points meet where their
coordinates agree to 1e-7 degrees (about 1 cm).
"""

from django.contrib.gis.gdal import CoordTransform, DataSource, SpatialReference

from routing.roads.network import BACKWARD, BOTH, FORWARD, Way
from routing.roads.speeds import DEFAULT_SPEED, speed_for

CLASS_FIELDS = ("highway", "fclass", "道路等级", "DLDJ", "class", "CLASS")
NAME_FIELDS = ("name", "NAME", "名称", "道路名称", "MC")
FORWARD_VALUES = {"yes", "1", "t", "ft", "f"}
BACKWARD_VALUES = {"-1", "tf"}
DIGITS = 7


def first_field(feature, names) -> str:
    """Return the first non-empty value among the named fields, as text."""
    fields = set(feature.fields)
    for name in names:
        if name in fields:
            value = feature.get(name)
            if value not in (None, ""):
                return str(value).strip()
    return ""


def oneway_of(feature) -> int:
    """Return the direction of travel from a `oneway` field (B or absent: both)."""
    if "oneway" not in feature.fields:
        return BOTH
    value = str(feature.get("oneway") or "").strip().lower()
    if value in FORWARD_VALUES:
        return FORWARD
    if value in BACKWARD_VALUES:
        return BACKWARD
    return BOTH


def lines_of(geometry) -> list[list[tuple[float, float]]]:
    """Return the coordinate lists of a LineString or MultiLineString."""
    if geometry.geom_type.name.startswith("Multi"):
        return [list(part.coords) for part in geometry]
    return [list(geometry.coords)]


def read_shapefile(path: str) -> list[Way]:
    """Return the ways of the file's first layer; text read as UTF-8, else as GBK.

    GDAL already recodes files whose .cpg or LDID names their encoding; a GBK file with
    neither fails to decode as UTF-8 and is read again as GBK.
    """
    try:
        return read_layer(path, "utf-8")
    except UnicodeDecodeError:
        return read_layer(path, "gbk")


def read_layer(path: str, encoding: str) -> list[Way]:
    """Return the ways of the file's first layer, in WGS 84, decoding text as `encoding`."""
    layer = DataSource(str(path), encoding=encoding)[0]
    to_wgs84 = None
    if layer.srs is not None and layer.srs.srid != 4326:
        to_wgs84 = CoordTransform(layer.srs, SpatialReference(4326))
    ways = []
    for feature in layer:
        geometry = feature.geom
        if to_wgs84 is not None:
            geometry.transform(to_wgs84)
        road_class = first_field(feature, CLASS_FIELDS)
        speed = speed_for(road_class) or DEFAULT_SPEED
        for coords in lines_of(geometry):
            points = [
                ((round(x, DIGITS), round(y, DIGITS)), x, y) for x, y, *_ in coords
            ]
            if len(points) >= 2:
                ways.append(
                    Way(
                        points,
                        road_class or "unknown",
                        speed,
                        first_field(feature, NAME_FIELDS),
                        oneway_of(feature),
                    )
                )
    return ways
