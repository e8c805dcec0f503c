"""Speeds by road class (km/h): OSM highway=* values and Chinese road grades (道路等级).

Rural county speeds, lower than the legal limits: inspection cars share the roads with
tractors and e-bikes, and village roads are narrow.
"""

OSM_SPEEDS = {
    "motorway": 100,
    "motorway_link": 60,
    "trunk": 80,
    "trunk_link": 50,
    "primary": 60,
    "primary_link": 40,
    "secondary": 50,
    "secondary_link": 35,
    "tertiary": 40,
    "tertiary_link": 30,
    "unclassified": 30,
    "road": 30,
    "residential": 25,
    "living_street": 10,
    "service": 15,
    "track": 15,
}
GRADE_SPEEDS = {
    "高速公路": 100,
    "国道": 70,
    "一级公路": 70,
    "省道": 60,
    "二级公路": 60,
    "县道": 40,
    "三级公路": 40,
    "乡道": 30,
    "四级公路": 30,
    "村道": 20,
    "等外公路": 20,
    "城市道路": 30,
    "专用公路": 30,
}
# Classes that exist on the map but carry no traffic yet.
CLOSED_CLASSES = {"construction", "proposed"}
DEFAULT_SPEED = 30


def speed_for(road_class: str) -> float | None:
    """Return the speed (km/h) for a road class, or None when it is not a road for cars."""
    road_class = (road_class or "").strip()
    if road_class in OSM_SPEEDS:
        return float(OSM_SPEEDS[road_class])
    if road_class in GRADE_SPEEDS:
        return float(GRADE_SPEEDS[road_class])
    if road_class in CLOSED_CLASSES:
        return float(DEFAULT_SPEED)
    return None
