"""Travel on the loaded road network with pgRouting: snap, cost matrix, leg paths.

Stops snap to the nearest vertex that has an open edge; the stretch between a stop and its
vertex is driven at ACCESS_KMH in a straight line. A stop farther than MAX_SNAP_M from any
road counts as unreachable.
"""

import json
from dataclasses import dataclass

from django.db import connection

from routing.models import RoadEdge

ACCESS_KMH = 20.0
MAX_SNAP_M = 3000.0
EDGES_SQL = (
    "SELECT id, source_id AS source, target_id AS target, cost_s AS cost, "
    "reverse_cost_s AS reverse_cost FROM routing_roadedge"
)


@dataclass(frozen=True)
class Snap:
    """A point's nearest routable vertex and its distance to it in metres."""

    vertex: int
    metres: float

    @property
    def seconds(self) -> float:
        return self.metres / (ACCESS_KMH / 3.6)

    @property
    def on_network(self) -> bool:
        return self.metres <= MAX_SNAP_M


def roads_loaded() -> bool:
    """Say whether a road network is loaded."""
    return RoadEdge.objects.exists()


def snap(points: list[tuple[float, float]]) -> list[Snap]:
    """Return each lon/lat point's nearest vertex on an open edge."""
    sql = """
        SELECT p.ord, v.id, ST_Distance(v.geom::geography, p.pt::geography)
        FROM unnest(%s::float8[], %s::float8[]) WITH ORDINALITY AS p0(lon, lat, ord)
        CROSS JOIN LATERAL (SELECT ST_SetSRID(ST_MakePoint(p0.lon, p0.lat), 4326) AS pt,
                                   p0.ord) AS p
        CROSS JOIN LATERAL (
            SELECT v.id, v.geom FROM routing_roadvertex v
            WHERE EXISTS (SELECT 1 FROM routing_roadedge e
                          WHERE (e.source_id = v.id OR e.target_id = v.id)
                            AND (e.cost_s >= 0 OR e.reverse_cost_s >= 0))
            ORDER BY v.geom <-> p.pt LIMIT 1) AS v
        ORDER BY p.ord
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [[p[0] for p in points], [p[1] for p in points]])
        return [Snap(vertex, metres) for _, vertex, metres in cursor.fetchall()]


FILL_COSTS = """
    INSERT INTO routing_roadcost (source, target, seconds)
    SELECT s.v, t.v, c.agg_cost
    FROM unnest(%(sources)s::bigint[]) AS s(v)
    CROSS JOIN unnest(%(targets)s::bigint[]) AS t(v)
    LEFT JOIN pgr_dijkstraCost(%(edges)s, %(sources)s::bigint[], %(targets)s::bigint[],
                               directed => true) AS c
           ON c.start_vid = s.v AND c.end_vid = t.v
    WHERE s.v <> t.v
    ON CONFLICT (source, target) DO NOTHING
"""
MISSING_SOURCES = """
    SELECT s.v FROM unnest(%(vertices)s::bigint[]) AS s(v)
    WHERE (SELECT count(*) FROM routing_roadcost c
           WHERE c.source = s.v AND c.target = ANY(%(vertices)s::bigint[]))
          < cardinality(%(vertices)s::bigint[]) - 1
"""
CACHED_COSTS = """
    SELECT source, target, seconds FROM routing_roadcost
    WHERE source = ANY(%(vertices)s::bigint[]) AND target = ANY(%(vertices)s::bigint[])
      AND seconds IS NOT NULL
"""


def vertex_costs(vertices: list[int]) -> dict[tuple[int, int], float]:
    """Return {(from vertex, to vertex): seconds} for every pair joined by a path.

    Pairs come from the RoadCost cache; sources missing some of their pairs are computed
    with pgr_dijkstraCost (directed) and cached, no-path pairs included as NULL.
    """
    unique = sorted(set(vertices))
    if len(unique) < 2:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(MISSING_SOURCES, {"vertices": unique})
        sources = [row[0] for row in cursor.fetchall()]
        if sources:
            cursor.execute(
                FILL_COSTS, {"sources": sources, "targets": unique, "edges": EDGES_SQL}
            )
        cursor.execute(CACHED_COSTS, {"vertices": unique})
        return {(a, b): cost for a, b, cost in cursor.fetchall()}


def costs_forget() -> None:
    """Empty the travel-time cache (the road network changed)."""
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE routing_roadcost")


@dataclass
class LegPath:
    """The road path between two vertices: metres and lon/lat coordinates in driving order."""

    metres: float
    coords: list[tuple[float, float]]


def leg_paths(pairs: list[tuple[int, int]]) -> dict[tuple[int, int], LegPath]:
    """Return the shortest road path for each (from vertex, to vertex) pair with a path."""
    wanted = sorted({pair for pair in pairs if pair[0] != pair[1]})
    if not wanted:
        return {}
    sql = """
        SELECT d.start_vid, d.end_vid, sum(e.length_m),
               ST_AsGeoJSON(ST_MakeLine(
                   CASE WHEN d.node = e.source_id THEN e.geom ELSE ST_Reverse(e.geom) END
                   ORDER BY d.path_seq), 7)
        FROM pgr_dijkstra(%s, %s, directed => true) AS d
        JOIN routing_roadedge e ON e.id = d.edge
        GROUP BY d.start_vid, d.end_vid
    """
    combos = "SELECT * FROM (VALUES {}) AS c(source, target)".format(
        ", ".join(f"({int(a)}, {int(b)})" for a, b in wanted)
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [EDGES_SQL, combos])
        return {
            (a, b): LegPath(
                metres, [tuple(c) for c in json.loads(geojson)["coordinates"]]
            )
            for a, b, metres, geojson in cursor.fetchall()
        }
