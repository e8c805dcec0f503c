"""A route as GPX 1.1 (always WGS 84): stops as waypoints, the order as a route, the line
as a track, for Ovital, 两步路 and other phone apps."""

from xml.etree import ElementTree as ET

from django.utils.translation import gettext as _

from routing.outputs.common import (
    route_coords,
    route_summary,
    route_title,
    stop_description,
    stop_label,
    stop_link,
    utc_time,
)

GPX_NS = "http://www.topografix.com/GPX/1/1"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"


def sub(parent, tag: str, text: str | None = None, **attrs) -> ET.Element:
    element = ET.SubElement(
        parent, f"{{{GPX_NS}}}{tag}", {k: str(v) for k, v in attrs.items()}
    )
    if text is not None:
        element.text = text
    return element


def point_attrs(lon: float, lat: float) -> dict:
    return {"lat": f"{lat:.7f}", "lon": f"{lon:.7f}"}


def route_gpx(route, note: str) -> bytes:
    """Return the GPX 1.1 document (UTF-8 bytes) for a saved route with its stops."""
    ET.register_namespace("", GPX_NS)
    ET.register_namespace("xsi", XSI_NS)
    root = ET.Element(
        f"{{{GPX_NS}}}gpx",
        {
            "version": "1.1",
            "creator": "geoportal",
            f"{{{XSI_NS}}}schemaLocation": f"{GPX_NS} {GPX_NS}/gpx.xsd",
        },
    )
    meta = sub(root, "metadata")
    sub(meta, "name", route_title(route))
    sub(meta, "desc", f"{route_summary(route)}. {note}")
    sub(meta, "time", utc_time(route.date, route.start_s))
    stops = list(route.stops.all())
    for stop in stops:
        wpt = sub(root, "wpt", **point_attrs(stop.location.x, stop.location.y))
        sub(wpt, "time", utc_time(route.date, stop.arrival_s))
        sub(wpt, "name", stop_label(stop))
        sub(wpt, "desc", stop_description(stop))
        link = sub(wpt, "link", href=stop_link(stop))
        sub(link, "text", _("Navigate in AMap"))
        sub(wpt, "type", stop.kind)
    rte = sub(root, "rte")
    sub(rte, "name", route_title(route))
    for lon, lat, name in [
        (route.base.x, route.base.y, route.base_name),
        *((s.location.x, s.location.y, stop_label(s)) for s in stops),
        (route.base.x, route.base.y, route.base_name),
    ]:
        sub(sub(rte, "rtept", **point_attrs(lon, lat)), "name", name)
    trk = sub(root, "trk")
    sub(trk, "name", route_title(route))
    sub(trk, "desc", note)
    segment = sub(trk, "trkseg")
    for lon, lat in route_coords(route):
        sub(segment, "trkpt", **point_attrs(lon, lat))
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
