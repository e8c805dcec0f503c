"""Reads of the audit trail."""

import datetime

from django.db.models import QuerySet

from history.models import Change
from history.triggers import AUDITED


def model_tables() -> dict[str, str]:
    """Return every name a model can be asked by ("starrating", "layers.starrating",
    "layers_starrating") → its table."""
    names = {}
    for table in AUDITED:
        app, model = table.split("_", 1)
        names.update({table: table, f"{app}.{model}": table, model: table})
    return names


def change_list(
    *,
    table: str | None = None,
    object_id: str | None = None,
    since: datetime.datetime | None = None,
    until: datetime.datetime | None = None,
    action: str | None = None,
    user_id: int | None = None,
) -> QuerySet[Change]:
    """Return the recorded changes, newest first, narrowed by each given filter."""
    qs = Change.objects.select_related("user")
    filters = {
        "table_name": table,
        "object_id": object_id,
        "at__gte": since,
        "at__lt": until,
        "action": action,
        "user_id": user_id,
    }
    return qs.filter(
        **{key: value for key, value in filters.items() if value is not None}
    )


def object_history(obj) -> QuerySet[Change]:
    """Return the recorded changes of one model instance."""
    return change_list(table=obj._meta.db_table, object_id=str(obj.pk))
