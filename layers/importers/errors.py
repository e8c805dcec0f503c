"""The importer's typed failures: file-level `ImportFailed`, row-level `RowError`."""

from dataclasses import dataclass

from django.utils.translation import gettext as _


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
    what = f"{field}: {reason}" if field else reason
    return f"{_rows(rows)} — {what}"


def _rows(numbers: list[int]) -> str:
    if numbers == [0]:
        return _("file")
    spans, start = [], numbers[0]
    for previous, current in zip(numbers, [*numbers[1:], None], strict=True):
        if current is None or current != previous + 1:
            spans.append(f"{start}" if start == previous else f"{start}–{previous}")
            start = current
    label = _("row") if len(numbers) == 1 else _("rows")
    return f"{label} {', '.join(spans)}"
