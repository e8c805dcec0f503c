"""A route as KML 2.2 (WGS 84, UTF-8): numbered stop placemarks and the route line, for
Ovital, 两步路 and Google Earth. Descriptions are plain text (no HTML): some apps break on it."""

from xml.etree import ElementTree as ET

from django.utils.translation import gettext as _

from routing.outputs.common import (
    clock,
    route_coords,
    route_summary,
    route_title,
    stop_description,
    stop_label,
    stop_link,
)

KML_NS = "http://www.opengis.net/kml/2.2"


def sub(parent, tag: str, text: str | None = None, **attrs) -> ET.Element:
    element = ET.SubElement(parent, f"{{{KML_NS}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def styles(document) -> None:
    stop = sub(sub(document, "Style", id="stop"), "IconStyle")
    sub(stop, "color", "ff0000ff")
    sub(stop, "scale", "1.1")
    line = sub(sub(document, "Style", id="route"), "LineStyle")
    sub(line, "color", "ffff0000")
    sub(line, "width", "4")


def extended(placemark, values: dict) -> None:
    data = sub(placemark, "ExtendedData")
    for name, value in values.items():
        sub(sub(data, "Data", name=name), "value", str(value))


def stop_placemark(folder, stop) -> None:
    placemark = sub(folder, "Placemark")
    sub(placemark, "name", stop_label(stop))
    sub(placemark, "description", f"{stop_description(stop)} · {stop_link(stop)}")
    sub(placemark, "styleUrl", "#stop")
    extended(
        placemark,
        {
            "seq": stop.seq,
            "code": stop.code,
            "kind": stop.kind,
            "arrival": clock(stop.arrival_s),
            "departure": clock(stop.departure_s),
            "township": stop.township_name,
            "amap": stop_link(stop),
        },
    )
    sub(
        sub(placemark, "Point"),
        "coordinates",
        f"{stop.location.x:.7f},{stop.location.y:.7f}",
    )


def route_kml(route, note: str) -> bytes:
    """Return the KML document (UTF-8 bytes) for a saved route with its stops."""
    ET.register_namespace("", KML_NS)
    root = ET.Element(f"{{{KML_NS}}}kml")
    document = sub(root, "Document")
    sub(document, "name", route_title(route))
    sub(document, "description", f"{route_summary(route)}. {note}")
    styles(document)
    folder = sub(document, "Folder")
    sub(folder, "name", _("Stops"))
    for stop in route.stops.all():
        stop_placemark(folder, stop)
    line = sub(document, "Placemark")
    sub(line, "name", _("Route"))
    sub(line, "description", note)
    sub(line, "styleUrl", "#route")
    geometry = sub(line, "LineString")
    sub(geometry, "tessellate", "1")
    sub(
        geometry,
        "coordinates",
        " ".join(f"{x:.7f},{y:.7f}" for x, y in route_coords(route)),
    )
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
