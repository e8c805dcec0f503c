"""The bulletin's county map: villages coloured by level, drawn server-side with Pillow.

Geometry comes simplified from PostGIS as GeoJSON; lon/lat is scaled by cos(latitude) so
the county keeps its shape. Colours are the map pages' (layers.maps.styles).
"""

import json
import math
from io import BytesIO
from pathlib import Path

from django.db import connection
from PIL import Image, ImageDraw, ImageFont

from layers.maps.styles import LEVEL_COLOURS

WIDTH, HEIGHT, MARGIN = 1000, 1400, 40
FONT_PATHS = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
]


def font(size: int):
    for path in FONT_PATHS:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default()


def village_shapes() -> list[tuple[int, list]]:
    """Return (village id, list of outer rings in lon/lat) for every village."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, ST_AsGeoJSON(ST_SimplifyPreserveTopology(boundary, 0.0003), 5)"
            " FROM layers_village ORDER BY code"
        )
        rows = cursor.fetchall()
    shapes = []
    for pk, text in rows:
        geometry = json.loads(text)
        polygons = (
            geometry["coordinates"]
            if geometry["type"] == "MultiPolygon"
            else [geometry["coordinates"]]
        )
        shapes.append((pk, [polygon[0] for polygon in polygons]))
    return shapes


def county_map_png(levels: dict[int, int], title: str) -> bytes:
    """Return a PNG of the county, each village filled with its level's colour."""
    shapes = village_shapes()
    points = [p for _pk, rings in shapes for ring in rings for p in ring]
    if not points:
        raise ValueError("no villages to draw")
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    squeeze = math.cos(math.radians((min(lats) + max(lats)) / 2))
    span_x, span_y = (max(lons) - min(lons)) * squeeze, max(lats) - min(lats)
    scale = min((WIDTH - 2 * MARGIN) / span_x, (HEIGHT - 2 * MARGIN - 120) / span_y)

    def xy(point):
        return (
            MARGIN + (point[0] - min(lons)) * squeeze * scale,
            MARGIN + 60 + (max(lats) - point[1]) * scale,
        )

    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    for pk, rings in shapes:
        colour = LEVEL_COLOURS[levels[pk]] if pk in levels else "#ffffff"
        for ring in rings:
            draw.polygon([xy(p) for p in ring], fill=colour, outline="#666666")
    draw.text((MARGIN, 12), title, fill="black", font=font(34))
    legend_y = HEIGHT - 60
    for n, level in enumerate(sorted(LEVEL_COLOURS, reverse=True)):
        x = MARGIN + n * 150
        draw.rectangle(
            (x, legend_y, x + 28, legend_y + 28),
            fill=LEVEL_COLOURS[level],
            outline="#666666",
        )
        label = f"{level}星"
        draw.text((x + 36, legend_y - 2), label, fill="black", font=font(26))
    out = BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
