"""Polygons cut from a known grid inside Neihuang, so spatial assertions can be worked by hand.

Cell (col, row) spans lon 114.80 + col*0.01 … +0.01 and lat 35.85 + row*0.01 … +0.01 (about
900 m × 1,110 m). The whole grid lies well inside the county outline.
"""

from django.contrib.gis.geos import MultiPolygon, Point, Polygon

ORIGIN_LON, ORIGIN_LAT, STEP = 114.80, 35.85, 0.01


def cell(col: int, row: int, cols: int = 1, rows: int = 1) -> MultiPolygon:
    """Return the grid rectangle from (col, row) spanning cols × rows cells."""
    west, south = ORIGIN_LON + col * STEP, ORIGIN_LAT + row * STEP
    east, north = west + cols * STEP, south + rows * STEP
    ring = ((west, south), (east, south), (east, north), (west, north), (west, south))
    return MultiPolygon(Polygon(ring), srid=4326)


def centre(col: int, row: int) -> Point:
    """Return the centre point of a grid cell."""
    return Point(
        ORIGIN_LON + (col + 0.5) * STEP, ORIGIN_LAT + (row + 0.5) * STEP, srid=4326
    )
