"""What the plan pages show besides the document: summaries and small per-day maps.

Plain data in, plain data (or SVG text) out; the views gather the inputs.
"""

import math
from collections import Counter, defaultdict

from django.utils.html import escape

SVG_WIDTH, SVG_HEIGHT = 320, 220


def unplanned_summary(unplanned: list[dict]) -> list[dict]:
    """Group the plan's unfit stops by reason, then township, largest first.

    [{"reason", "reason_text", "count", "priorities": {3: n, ...}, "townships":
      [{"township", "count", "stops": [...]}]}]
    """
    by_reason: dict[str, list[dict]] = defaultdict(list)
    for stop in unplanned:
        by_reason[stop["reason"]].append(stop)
    summary = []
    for reason, stops in by_reason.items():
        by_township: dict[str, list[dict]] = defaultdict(list)
        for stop in stops:
            by_township[stop["township"] or "–"].append(stop)
        townships = [
            {
                "township": name,
                "count": len(rows),
                "stops": sorted(rows, key=lambda s: (-s["priority"], s["code"])),
            }
            for name, rows in by_township.items()
        ]
        townships.sort(key=lambda t: (-t["count"], t["township"]))
        priorities = Counter(stop["priority"] for stop in stops)
        summary.append(
            {
                "reason": reason,
                "reason_text": stops[0]["reason_text"],
                "count": len(stops),
                "overdue": priorities.get(3, 0),
                "townships": townships,
            }
        )
    summary.sort(key=lambda r: -r["count"])
    return summary


class Frame:
    """Map lon/lat into an SVG box around some points (equal metres on both axes)."""

    def __init__(self, points: list[tuple[float, float]], pad: float = 0.12):
        lons = [p[0] for p in points]
        lats = [p[1] for p in points]
        west, east, south, north = min(lons), max(lons), min(lats), max(lats)
        self.kx = math.cos(math.radians((south + north) / 2))
        span_x = max((east - west) * self.kx, 0.01)
        span_y = max(north - south, 0.01)
        scale = min(SVG_WIDTH / span_x, SVG_HEIGHT / span_y) / (1 + 2 * pad)
        self.scale = scale
        self.cx, self.cy = (west + east) / 2, (south + north) / 2

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        x = SVG_WIDTH / 2 + (lon - self.cx) * self.kx * self.scale
        y = SVG_HEIGHT / 2 - (lat - self.cy) * self.scale
        return round(x, 1), round(y, 1)

    def path(self, coords) -> str:
        return " ".join(f"{x},{y}" for x, y in (self.xy(*c) for c in coords))


def day_svg(route: dict, line: list | None, outlines: list[dict], fill: str) -> str:
    """Return a small SVG map of one group-day: township lines, the route, numbered stops."""
    stops = [(s["lon"], s["lat"]) for s in route["stops"]]
    base = (route["base_lon"], route["base_lat"])
    frame = Frame([base, *stops, *(line or [])])
    label = escape(f"{route['group_name']} {route['date']}")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="gp-day-map" role="img" '
        f'aria-label="{label}" viewBox="0 0 {SVG_WIDTH} {SVG_HEIGHT}" '
        f'width="{SVG_WIDTH}" height="{SVG_HEIGHT}">',
        f'<rect width="{SVG_WIDTH}" height="{SVG_HEIGHT}" fill="#f8f9fa"/>',
    ]
    for outline in outlines:
        for coords in outline["lines"]:
            parts.append(
                f'<polyline points="{frame.path(coords)}" fill="none" '
                'stroke="#999" stroke-width="0.8" stroke-dasharray="3 2"/>'
            )
    path = line or [base, *stops, base]
    parts.append(
        f'<polyline points="{frame.path(path)}" fill="none" stroke="{fill}" '
        'stroke-width="2.5" stroke-linejoin="round" opacity="0.85"/>'
    )
    bx, by = frame.xy(*base)
    parts.append(
        f'<rect x="{bx - 5}" y="{by - 5}" width="10" height="10" fill="#222">'
        f"<title>{escape(route['base'])}</title></rect>"
    )
    for stop in route["stops"]:
        x, y = frame.xy(stop["lon"], stop["lat"])
        parts.append(
            f'<g class="gp-day-stop"><circle cx="{x}" cy="{y}" r="7" fill="{fill}" '
            f'stroke="#fff"/><text x="{x}" y="{y + 3}" font-size="8" fill="#fff" '
            f'text-anchor="middle">{stop["seq"]}</text>'
            f"<title>{stop['seq']}. {escape(stop['name'])}</title></g>"
        )
    parts.append("</svg>")
    return "".join(parts)


def route_lines(features: dict) -> dict[tuple[int, int], list]:
    """Return each (group, day)'s drawn road line coordinates from the plan's GeoJSON."""
    lines: dict[tuple[int, int], list] = {}
    for feature in features["features"]:
        props = feature["properties"]
        if props["feature"] == "route" and feature["geometry"]:
            lines[(props["group"], props["day"])] = feature["geometry"]["coordinates"]
    return lines
