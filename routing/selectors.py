"""Reads for plans: a plan with its routes and stops, one route, the plan as GeoJSON text."""

import json

from django.db import connection
from django.db.models import Prefetch, QuerySet

from routing.models import Plan, PlanRoute, PlanStop


def plan_list(*, limit: int = 50) -> QuerySet[Plan]:
    """Return the latest plans."""
    return Plan.objects.select_related("created_by")[:limit]


def plan_get(*, pk: int) -> Plan | None:
    """Return a plan with its routes (and their stops) and unfit stops, or None."""
    routes = PlanRoute.objects.prefetch_related(
        Prefetch("stops", queryset=PlanStop.objects.order_by("seq"))
    )
    return (
        Plan.objects.prefetch_related(Prefetch("routes", queryset=routes), "unplanned")
        .filter(pk=pk)
        .first()
    )


def plan_route(*, plan_id: int, group: int, day: int) -> PlanRoute | None:
    """Return one group's route on one day of a plan, with its stops, or None."""
    return (
        PlanRoute.objects.select_related("plan")
        .prefetch_related(Prefetch("stops", queryset=PlanStop.objects.order_by("seq")))
        .filter(plan_id=plan_id, group_index=group, day_index=day)
        .first()
    )


PLAN_GEOJSON = """
SELECT json_build_object('type', 'FeatureCollection', 'features',
                         COALESCE(json_agg(f.feature ORDER BY f.ord, f.sub), '[]'))::text
FROM (
  SELECT 1 AS ord, r.group_index * 100 + r.day_index AS sub, json_build_object(
    'type', 'Feature', 'geometry', ST_AsGeoJSON(r.geom, 6)::json,
    'properties', json_build_object('feature', 'route', 'group', r.group_index,
      'group_name', r.group_name, 'day', r.day_index, 'date', r.date, 'km', r.km,
      'travel_s', r.travel_s, 'start_s', r.start_s, 'end_s', r.end_s)) AS feature
  FROM routing_planroute r WHERE r.plan_id = %(plan)s AND r.geom IS NOT NULL
  UNION ALL
  SELECT 2, r.group_index * 100 + r.day_index, json_build_object(
    'type', 'Feature', 'geometry', ST_AsGeoJSON(s.location, 6)::json,
    'properties', json_build_object('feature', 'stop', 'group', r.group_index,
      'day', r.day_index, 'seq', s.seq, 'kind', s.kind, 'code', s.code, 'name', s.name,
      'township', s.township_name, 'priority', s.priority, 'arrival_s', s.arrival_s,
      'departure_s', s.departure_s))
  FROM routing_planstop s JOIN routing_planroute r ON r.id = s.route_id
  WHERE r.plan_id = %(plan)s
  UNION ALL
  SELECT 3, 0, json_build_object(
    'type', 'Feature', 'geometry', ST_AsGeoJSON(u.location, 6)::json,
    'properties', json_build_object('feature', 'unplanned', 'kind', u.kind, 'code', u.code,
      'name', u.name, 'township', u.township_name, 'priority', u.priority,
      'reason', u.reason))
  FROM routing_unplannedstop u WHERE u.plan_id = %(plan)s
) f
"""


def plan_geojson(*, plan_id: int) -> str:
    """Return the plan's routes, stops and unfit stops as one FeatureCollection (PostGIS)."""
    with connection.cursor() as cursor:
        cursor.execute(PLAN_GEOJSON, {"plan": plan_id})
        return cursor.fetchone()[0]


def township_lines(tolerance: float = 0.0008) -> list[dict]:
    """Return each township outline as simplified lines: [{"name", "lines": [...]}]."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT name, ST_AsGeoJSON(
                ST_SimplifyPreserveTopology(ST_Boundary(boundary), %s), 5)
            FROM layers_township ORDER BY code
            """,
            [tolerance],
        )
        rows = cursor.fetchall()
    outlines = []
    for name, text in rows:
        geometry = json.loads(text)
        lines = (
            geometry["coordinates"]
            if geometry["type"] == "MultiLineString"
            else [geometry["coordinates"]]
        )
        outlines.append({"name": name, "lines": lines})
    return outlines
