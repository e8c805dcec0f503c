"""Notice a lon/lat file that is probably GCJ-02 although no CRS was given.

Phone apps (AMap/Gaode, WeChat, Tencent) export GCJ-02 degrees; read as WGS 84 they
land about 500 m off in Neihuang. When a file names no CRS, its points are compared
with the villages they name: each point's signed depth inside its village (metres to
the outline, negative outside), read as WGS 84 and read as GCJ-02 converted by
layers.gcj02. When GCJ-02 fits clearly better, the report says so once and suggests
`--srs gcj02`; the data are never changed.
"""

from django.contrib.gis.geos import Point
from django.utils.translation import gettext as _

from layers import gcj02
from layers.importers.spec import Kind, Row
from layers.importers.transforms import coord_transform
from layers.models import Village

METRIC_SRID = 4547  # CGCS2000 / 3-degree Gauss-Kruger CM 114E: metres in Neihuang
MIN_POINTS = 3  # fewer located points say nothing
MIN_GAIN_M = 100  # mean depth gained; the GCJ-02 shift here is ~500 m
MIN_BETTER_SHARE = 2 / 3  # share of points sitting deeper as GCJ-02
SAMPLE = 200  # points compared at most (the first ones in file order)


def note(spec: Kind, rows: list[Row], source) -> str | None:
    """Return the GCJ-02 suggestion for `rows`, or None when WGS 84 fits as well."""
    if not _applies(spec, source):
        return None
    pairs = _located(spec, rows)
    if not pairs:
        return None
    outlines = _outlines({code for code, _point in pairs})
    gains, inside_wgs, inside_gcj = [], 0, 0
    for code, point in pairs:
        outline = outlines.get(code)
        if outline is None:
            continue
        as_wgs = _metres(point.x, point.y)
        as_gcj = _metres(*gcj02.gcj02_to_wgs84(point.x, point.y))
        depth_wgs, depth_gcj = _depth(outline, as_wgs), _depth(outline, as_gcj)
        inside_wgs += depth_wgs >= 0
        inside_gcj += depth_gcj >= 0
        gains.append(depth_gcj - depth_wgs)
    if len(gains) < MIN_POINTS:
        return None
    mean_gain = sum(gains) / len(gains)
    better = sum(gain > 0 for gain in gains) / len(gains)
    if mean_gain < MIN_GAIN_M or better < MIN_BETTER_SHARE or inside_gcj < inside_wgs:
        return None
    inside = ""
    if inside_gcj > inside_wgs:
        inside = " " + _(
            "Read as GCJ-02, %(inside_gcj)d rather than %(inside_wgs)d lie inside it."
        ) % {"inside_gcj": inside_gcj, "inside_wgs": inside_wgs}
    return _(
        "No coordinate system was given and the points were read as WGS 84, but they "
        "fit their villages better as GCJ-02 (AMap/Gaode, WeChat coordinates): read "
        "as GCJ-02, %(better)d of %(count)d points lie deeper inside their named "
        "village, on average %(gain)d m.%(inside)s If the file comes from such an "
        "app, import it again with --srs gcj02 (on the import page: coordinate "
        "system gcj02). The coordinates were not changed."
    ) % {
        "better": sum(gain > 0 for gain in gains),
        "count": len(gains),
        "gain": round(mean_gain),
        "inside": inside,
    }


def _applies(spec: Kind, source) -> bool:
    """Only point layers whose file named no CRS and whose degrees were assumed."""
    return bool(
        spec.geometry_field
        and set(spec.geometry_types) <= {"Point", "MultiPoint"}
        and source.crs.assumed
        and source.crs.epsg == 4326
        and any(ref.model is Village for ref in spec.references)
    )


def _located(spec: Kind, rows: list[Row]) -> list[tuple[str, Point]]:
    """Return (village code, point as read) for rows naming a village, file order."""
    column = next(ref.column for ref in spec.references if ref.model is Village)
    found = []
    for row in rows:
        code = row.values.get(column)
        point = row.geometry
        if code and point is not None and point.geom_type == "Point":
            found.append((str(code), point))
            if len(found) >= SAMPLE:
                break
    return found


def _outlines(codes: set[str]) -> dict:
    """Return each named village's outline in metres, prepared, and its boundary line
    (unknown codes are left out)."""
    outlines = {}
    for code, boundary in Village.objects.filter(code__in=codes).values_list(
        "code", "boundary"
    ):
        if boundary is not None:
            metric = boundary.transform(coord_transform(4326, METRIC_SRID), clone=True)
            outlines[code] = (metric.prepared, metric.boundary)
    return outlines


def _metres(lon: float, lat: float) -> Point:
    return Point(lon, lat, srid=4326).transform(
        coord_transform(4326, METRIC_SRID), clone=True
    )


def _depth(outline, point) -> float:
    """Return metres from `point` to the outline: positive inside, negative outside."""
    prepared, line = outline
    distance = line.distance(point)
    return distance if prepared.contains(point) else -distance
