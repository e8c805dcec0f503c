"""Surveyed beats schematic: redraw schematic townships from their surveyed villages.

A township whose outline is schematic (示意) and whose villages are now all surveyed gets
the union of its villages as its outline, and loses the schematic mark. A township
imported as surveyed is never redrawn.
"""

from django.db import connection
from django.utils.translation import gettext as _

from layers.importers.wording import listing
from layers.models import Township, Village

REDRAW = f"""
    UPDATE {Township._meta.db_table} AS t
    SET boundary = u.outline, is_schematic = false, updated_at = now()
    FROM (
        SELECT township_id,
               ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Union(boundary)), 3))
                 AS outline
        FROM {Village._meta.db_table}
        WHERE township_id = ANY(%s)
        GROUP BY township_id
        HAVING bool_and(NOT is_schematic)
    ) AS u
    WHERE t.id = u.township_id AND t.is_schematic
    RETURNING t.name
"""


def redraw_townships(township_ids: set[int], report) -> list[str]:
    """Redraw the schematic townships among `township_ids` that are all surveyed now."""
    if not township_ids:
        return []
    with connection.cursor() as cursor:
        cursor.execute(REDRAW, [sorted(township_ids)])
        names = sorted(name for (name,) in cursor.fetchall())
    if names:
        report.note(
            _(
                "townships now outlined by the union of their surveyed villages "
                "(no longer schematic): %(names)s"
            )
            % {"names": listing(names)}
        )
    return names
