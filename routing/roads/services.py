"""Load a road network into PostGIS for pgRouting, in one transaction."""

from dataclasses import dataclass
from pathlib import Path

from django.contrib.gis.geos import LineString, Point
from django.db import connection, transaction

from routing.models import RoadEdge, RoadVertex
from routing.roads.network import BACKWARD, FORWARD, Piece, Way, split_ways
from routing.roads.osm import read_osm
from routing.roads.shapefile import read_shapefile
from routing.travel.roads import costs_forget

OSM_SUFFIXES = (".osm", ".osm.pbf", ".pbf", ".osm.bz2", ".osm.gz")
SHAPE_SUFFIXES = (".shp", ".gpkg", ".geojson", ".zip")


class RoadImportError(ValueError):
    """The road file cannot be imported; the message says why."""


@dataclass
class RoadImportReport:
    ways: int = 0
    edges: int = 0
    vertices: int = 0
    oneway: int = 0
    closed: int = 0

    def __str__(self):
        return (
            f"{self.ways} ways → {self.edges} edges, {self.vertices} vertices "
            f"({self.oneway} one-way, {self.closed} closed)"
        )


def read_ways(path: Path) -> list[Way]:
    """Return the ways of an OSM extract or a roads shapefile, chosen by the file name."""
    name = path.name.lower()
    if not path.exists():
        raise RoadImportError(f"{path}: no such file")
    if name.endswith(OSM_SUFFIXES):
        return read_osm(path)
    if name.endswith(SHAPE_SUFFIXES):
        return read_shapefile(path)
    raise RoadImportError(
        f"{path}: not an OSM extract (.osm, .osm.pbf) or a shapefile (.shp)"
    )


def roads_import(*, path: str | Path, dry_run: bool = False) -> RoadImportReport:
    """Replace the road network with the file's roads; with dry_run, roll back at the end."""
    ways = read_ways(Path(path))
    if not ways:
        raise RoadImportError(f"{path}: no roads for cars found")
    pieces = [piece for piece in split_ways(ways) if len(set(piece.coords())) > 1]
    with transaction.atomic():
        costs_forget()
        RoadEdge.objects.all().delete()
        RoadVertex.objects.all().delete()
        vertex_ids = store_vertices(pieces)
        store_edges(pieces, vertex_ids)
        set_costs()
        report = RoadImportReport(
            ways=len(ways),
            edges=len(pieces),
            vertices=len(vertex_ids),
            oneway=sum(1 for p in pieces if p.way.oneway and not p.way.closed),
            closed=sum(1 for p in pieces if p.way.closed),
        )
        if dry_run:
            transaction.set_rollback(True)
    return report


def store_vertices(pieces: list[Piece]) -> dict:
    """Create a vertex for every piece end; return {key: vertex id}."""
    ends = {}
    for piece in pieces:
        for key, lon, lat in (piece.points[0], piece.points[-1]):
            ends.setdefault(key, (lon, lat))
    vertices = RoadVertex.objects.bulk_create(
        [RoadVertex(geom=Point(lon, lat, srid=4326)) for lon, lat in ends.values()],
        batch_size=5000,
    )
    return {key: vertex.pk for key, vertex in zip(ends, vertices, strict=True)}


def store_edges(pieces: list[Piece], vertex_ids: dict) -> None:
    """Create an edge for every piece; costs are set afterwards from the lengths."""
    RoadEdge.objects.bulk_create(
        [edge_of(piece, vertex_ids) for piece in pieces], batch_size=5000
    )


def edge_of(piece: Piece, vertex_ids: dict) -> RoadEdge:
    """Return the unsaved edge for a piece; cost signs mark closed directions."""
    way = piece.way
    along = -1.0 if way.closed or way.oneway == BACKWARD else 0.0
    against = -1.0 if way.closed or way.oneway == FORWARD else 0.0
    return RoadEdge(
        source_id=vertex_ids[piece.source],
        target_id=vertex_ids[piece.target],
        road_class=way.road_class[:30],
        name=way.name[:120],
        speed_kmh=way.speed_kmh,
        length_m=0,
        cost_s=along,
        reverse_cost_s=against,
        osm_id=way.osm_id,
        geom=LineString(piece.coords(), srid=4326),
    )


def set_costs() -> None:
    """Set each edge's metres (on the ellipsoid) and its travel seconds in open directions."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE routing_roadedge SET
              length_m = ST_Length(geom::geography),
              cost_s = CASE WHEN cost_s < 0 THEN -1
                            ELSE ST_Length(geom::geography) / (speed_kmh / 3.6) END,
              reverse_cost_s = CASE WHEN reverse_cost_s < 0 THEN -1
                                    ELSE ST_Length(geom::geography) / (speed_kmh / 3.6) END
            """
        )


def roads_warm() -> int:
    """Fill the travel-time cache between every village, the county seat and group bases.

    Return the number of points; a plan over them then reads its matrix from the cache.
    """
    from inspections.models import COUNTY_SEAT_LONLAT, InspectionGroup
    from layers.models import Village
    from routing.travel.matrix import travel_between

    points = [
        COUNTY_SEAT_LONLAT,
        *((g.x, g.y) for g in InspectionGroup.objects.values_list("base", flat=True)),
    ]
    points += [
        (p.x, p.y) for p in Village.objects.values_list("label_point", flat=True)
    ]
    travel_between(points)
    return len(points)
