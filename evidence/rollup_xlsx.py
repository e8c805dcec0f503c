"""The township roll-up as an .xlsx workbook, headers in the active language."""

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from layers.cells import sheet_append


def rollup_workbook(rows: list[dict], columns: list[tuple[str, str]]) -> bytes:
    """Return the workbook bytes: one header row, one row per township (and the county)."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Roll-up")[:31]
    sheet_append(sheet, [title for _key, title in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet_append(sheet, [row.get(key, "") for key, _title in columns])
    sheet.freeze_panes = "B2"
    out = BytesIO()
    book.save(out)
    return out.getvalue()
