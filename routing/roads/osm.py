"""Read drivable roads from an OpenStreetMap extract (.osm XML or .osm.pbf) with osmium."""

import osmium

from routing.roads.network import BACKWARD, BOTH, FORWARD, Way
from routing.roads.speeds import CLOSED_CLASSES, speed_for

NO_ACCESS = {"no", "private"}
YES = {"yes", "true", "1"}


def oneway_of(tags) -> int:
    """Return the way's direction of travel from its oneway/junction/highway tags."""
    value = tags.get("oneway", "")
    if value in YES:
        return FORWARD
    if value in {"-1", "reverse"}:
        return BACKWARD
    if value == "no":
        return BOTH
    if tags.get("junction") == "roundabout" or tags.get("highway") == "motorway":
        return FORWARD
    return BOTH


def is_closed(tags) -> bool:
    """Say whether cars may not use the way (access=no, under construction, ...)."""
    if tags.get("highway") in CLOSED_CLASSES:
        return True
    return any(
        tags.get(key) in NO_ACCESS
        for key in ("access", "motor_vehicle", "motorcar", "vehicle")
    )


def way_from(obj) -> Way | None:
    """Return a Way for an OSM way that is a road for cars, else None."""
    road_class = obj.tags.get("highway", "")
    speed = speed_for(road_class)
    if speed is None:
        return None
    points = [
        (node.ref, node.lon, node.lat) for node in obj.nodes if node.location.valid()
    ]
    if len(points) < 2:
        return None
    return Way(
        points=points,
        road_class=road_class,
        speed_kmh=speed,
        name=obj.tags.get("name:zh") or obj.tags.get("name", ""),
        oneway=oneway_of(obj.tags),
        closed=is_closed(obj.tags),
        osm_id=obj.id,
    )


def read_osm(path: str) -> list[Way]:
    """Return the drivable ways of an OSM file, node locations resolved."""
    processor = osmium.FileProcessor(str(path)).with_locations()
    ways = []
    for obj in processor:
        if obj.is_way():
            way = way_from(obj)
            if way is not None:
                ways.append(way)
    return ways
