"""Write checked rows: bulk upsert by natural key inside one transaction."""

from django.contrib.gis.geos import GEOSGeometry
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from layers.importers.errors import RowError
from layers.importers.report import ImportReport
from layers.importers.spec import Kind, Row

BATCH = 1000


def save(
    kind: Kind,
    rows: list[Row],
    report: ImportReport,
    *,
    dry_run: bool,
    after=None,
    may_add: bool = True,
) -> None:
    """Create, update or leave each row; roll all back on a dry run or any failure.

    `after` runs inside the same transaction once the rows are written; `may_add`
    False refuses rows that would be new (a user who may only change rows).
    """
    try:
        with transaction.atomic():
            _upsert(kind, rows, report, may_add)
            if report.errors:
                transaction.set_rollback(True)
                report.created = report.updated = report.unchanged = 0
                return
            if after:
                after()
            if dry_run:
                transaction.set_rollback(True)
    except DatabaseError as error:
        # Checks mirror the constraints; should one still slip through, the transaction
        # has rolled back and the database's own words are reported.
        report.created = report.updated = report.unchanged = 0
        report.errors.append(
            RowError(
                0, "", _("the database refused the rows: %(error)s") % {"error": error}
            )
        )


def _upsert(kind: Kind, rows: list[Row], report: ImportReport, may_add=True) -> None:
    existing = _existing(kind, rows)
    now = timezone.now()
    new, changed = [], []
    for row in rows:
        current = existing.get(tuple(row.attrs[attr] for attr in kind.key))
        key = "/".join(str(row.attrs[attr]) for attr in kind.key)
        if current is None:
            if not may_add:
                report.errors.append(
                    RowError(
                        row.number,
                        kind.key[0],
                        _("%(key)s would be new; you may only change existing rows")
                        % {"key": key},
                    )
                )
            new.append(row.instance)
            outcome = "added"
        elif _differs(current, row.attrs):
            for attr, value in row.attrs.items():
                setattr(current, attr, value)
            current.updated_at = now
            changed.append(current)
            outcome = "changed"
        else:
            outcome = "unchanged"
        shape = row.attrs.get(kind.geometry_field) if kind.geometry_field else None
        report.outcomes.append((row.number, outcome, key, shape))
    if report.errors:
        return
    kind.model.objects.bulk_create(new, batch_size=BATCH)
    if changed:
        names = [kind.model._meta.get_field(attr).name for attr in rows[0].attrs]
        kind.model.objects.bulk_update(
            changed, [*names, "updated_at"], batch_size=BATCH // 2
        )
    report.created, report.updated = len(new), len(changed)
    report.unchanged = len(rows) - len(new) - len(changed)


def _existing(kind: Kind, rows: list[Row]) -> dict:
    """Return the stored rows sharing a natural key with the file's rows (one query)."""
    condition = Q()
    for attr in kind.key:
        values = {row.attrs[attr] for row in rows}
        clause = Q(**{f"{attr}__in": values - {None}})
        if None in values:
            clause |= Q(**{f"{attr}__isnull": True})
        condition &= clause
    return {
        tuple(getattr(obj, attr) for attr in kind.key): obj
        for obj in kind.model.objects.filter(condition)
    }


def _differs(current, attrs: dict) -> bool:
    for attr, value in attrs.items():
        stored = getattr(current, attr)
        if isinstance(value, GEOSGeometry):
            if stored is None or not stored.equals_exact(value, tolerance=1e-9):
                return True
        elif stored != value:
            return True
    return False
