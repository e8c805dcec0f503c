"""The importer's typed failures: file-level `ImportFailed`, row-level `RowError`."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from layers.importers.wording import rows_label


class ImportFailed(Exception):
    """Refuse a whole file: unreadable, unknown kind or SRS, wrong encoding, too big."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = str(message)


@dataclass(frozen=True)
class RowError:
    """Say what is wrong with one field of one data row (from 1; 0 = the file)."""

    row: int
    field: str
    reason: str

    def __str__(self) -> str:
        return describe([self.row], self.field, self.reason)


def describe(rows: list[int], field: str, reason: str) -> str:
    """Say 'rows 1–56, 58 — field: reason' for one problem found on several rows."""
    where = rows_label(rows)
    if field:
        return _("%(rows)s — %(field)s: %(reason)s") % {
            "rows": where,
            "field": field,
            "reason": reason,
        }
    return _("%(rows)s — %(reason)s") % {"rows": where, "reason": reason}
