"""Refuse the rows a user may not write: a township cadre imports the own township only.

Each row's township is found from what the checks resolved (the village or township it
names or lies in), with one query for the villages' townships.
"""

from django.utils.translation import gettext as _

from layers.importers.spec import Kind, Row
from layers.models import Township, Village


def check(kind: Kind, rows: list[Row], user, errors) -> None:
    """Fail every live row outside the townships `user` may write in, naming it."""
    from accounts.policy import write_scope

    allowed = write_scope(user)
    if allowed.everything:
        return
    live = [row for row in rows if not row.failed]
    village_ids = {
        row.related["village"].pk for row in live if row.related.get("village")
    }
    of_village = dict(
        Village.objects.filter(pk__in=village_ids).values_list("pk", "township_id")
    )
    names = dict(Township.objects.values_list("pk", "name"))
    codes = dict(Township.objects.values_list("code", "pk"))
    own = listing_names(allowed.townships or (), names)
    for row in live:
        township_id, field = _township_of(kind, row, of_village, codes)
        if township_id is not None and township_id in (allowed.townships or ()):
            continue
        where = names.get(township_id) or _("the county level")
        errors.fail(
            row,
            field,
            _(
                "this row is in %(where)s, outside your township (%(own)s); "
                "only rows of your own township are imported"
            )
            % {"where": where, "own": own or _("none")},
        )


def listing_names(ids, names: dict) -> str:
    return "、".join(sorted(names.get(pk, str(pk)) for pk in ids))


def _township_of(kind: Kind, row: Row, of_village: dict, codes: dict):
    if kind.name == "township":
        return codes.get(row.values.get("code")), "code"
    if row.related.get("township") is not None:
        return row.related["township"].pk, "township_code"
    if row.related.get("village") is not None:
        return of_village.get(row.related["village"].pk), "village_code"
    return None, "village_code" if "village_code" in row.values else "code"
