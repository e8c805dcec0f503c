"""Cut each village into grid cells (网格): schematic strips of its boundary, demo workers."""

import random

from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Polygon

from evidence.models import GridCell

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "建国丽华秀英志强海燕红梅军伟芳明静磊洋勇艳杰娟涛"


def strips(boundary: MultiPolygon, count: int) -> list[MultiPolygon]:
    """Cut `boundary` into `count` west-to-east strips; keep the polygonal parts."""
    xmin, ymin, xmax, ymax = boundary.extent
    width = (xmax - xmin) / count
    cells = []
    for i in range(count):
        box = Polygon.from_bbox((xmin + i * width, ymin, xmin + (i + 1) * width, ymax))
        box.srid = boundary.srid
        part = boundary.intersection(box)
        polygons = [g for g in _parts(part) if g.geom_type == "Polygon" and g.area > 0]
        if polygons:
            cells.append(MultiPolygon(polygons, srid=boundary.srid))
    return cells


def _parts(geometry: GEOSGeometry) -> list:
    if geometry.geom_type in ("MultiPolygon", "GeometryCollection"):
        return [g for part in geometry for g in _parts(part)]
    return [geometry]


def grid_cells_for(villages: list, year: int, seed: int) -> list[GridCell]:
    """Return 2–4 demo grid cells per village for `year` (same cuts every year)."""
    cells = []
    for village in villages:
        rng = random.Random(f"{seed}-{village.code}")
        pieces = strips(village.boundary, rng.randint(2, 4))
        for number, piece in enumerate(pieces, start=1):
            households = rng.randint(60, 260)
            worker = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
            cells.append(
                GridCell(
                    code=f"{village.code}-{year}-{number}",
                    village=village,
                    year=year,
                    name=f"{village.short_name}第{number}网格",
                    worker=worker,
                    households=households,
                    linked_households=rng.randint(households // 2, households),
                    boundary=piece,
                    is_demo=True,
                )
            )
    return cells
