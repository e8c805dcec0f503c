"""Year-on-year change of every village between two rating years, in one SQL.

upgraded / downgraded: rated both years, level up / down; newly rated: no rating in the
first year, one in the second; newly weak: a weak or lax branch in the second year that
was not one in the first. "same" otherwise. The answer is a GeoJSON FeatureCollection
built by PostGIS (village polygons with both years' levels and the change).
"""

from django.db import connection

CHANGE_SQL = """
WITH facts AS (
    SELECT v.code, v.short_name, v.name, t.code AS township_code,
           t.name AS township_name, v.boundary,
           a.id IS NOT NULL AS rated_from, b.id IS NOT NULL AS rated_to,
           a.level AS level_from, b.level AS level_to,
           COALESCE(a.is_weak_branch, false) AS weak_from,
           COALESCE(b.is_weak_branch, false) AS weak_to
    FROM layers_village v
    JOIN layers_township t ON t.id = v.township_id
    LEFT JOIN layers_starrating a ON a.village_id = v.id AND a.year = %(from)s
    LEFT JOIN layers_starrating b ON b.village_id = v.id AND b.year = %(to)s
    WHERE (%(township)s::text IS NULL OR t.code = %(township)s)
      AND (%(all)s OR v.township_id = ANY(%(townships)s))
), classed AS (
    SELECT *, CASE
        WHEN rated_from AND rated_to AND level_to > level_from THEN 'up'
        WHEN rated_from AND rated_to AND level_to < level_from THEN 'down'
        WHEN NOT rated_from AND rated_to THEN 'new'
        ELSE 'same' END AS change,
        (weak_to AND NOT weak_from) AS newly_weak
    FROM facts
)
SELECT json_build_object(
    'type', 'FeatureCollection',
    'from', %(from)s, 'to', %(to)s,
    'features', COALESCE(json_agg(json_build_object(
        'type', 'Feature', 'id', code,
        'geometry', ST_AsGeoJSON(boundary, 5)::json,
        'properties', json_build_object(
            'code', code, 'short_name', short_name, 'name', name,
            'township_code', township_code, 'township_name', township_name,
            'level_from', level_from, 'level_to', level_to,
            'change', change, 'newly_weak', newly_weak)
    ) ORDER BY code), '[]'::json))::text
FROM classed
"""


def changes_geojson(
    *, year_from: int, year_to: int, township: str | None, townships: list[int] | None
) -> str:
    """Return the change of every (readable) village between two years as GeoJSON text."""
    with connection.cursor() as cursor:
        cursor.execute(
            CHANGE_SQL,
            {
                "from": year_from,
                "to": year_to,
                "township": township,
                "all": townships is None,
                "townships": townships or [],
            },
        )
        return cursor.fetchone()[0]
