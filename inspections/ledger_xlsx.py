"""The rectification ledger (整改台账) as an .xlsx workbook, one row per problem.

Coordinates are WGS 84 decimal degrees with 6 decimals (经度/纬度), and each row links to the
village in AMap (coordinate=wgs84), as china-gis.md §3 recommends for ledgers.
"""

import datetime
from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from inspections.links import amap_marker_url
from layers.cells import sheet_append
from layers.models import Star


def headers() -> list[str]:
    """Return the column titles in the active language."""
    return [
        _("No."),
        _("Notice number"),
        _("Township"),
        _("Village"),
        _("Village code"),
        _("Inspection group"),
        _("Issued on"),
        _("Deadline"),
        _("Item"),
        _("Star concerned"),
        _("Problem"),
        _("Status"),
        _("Overdue"),
        _("Rectified on"),
        _("Ticked off on"),
        _("Ticked off by"),
        _("Longitude"),
        _("Latitude"),
        _("Navigate"),
        _("Photos"),
    ]


def row_of(n: int, problem) -> list:
    """Return one ledger row for a problem annotated with `is_overdue`."""
    notice, village = problem.notice, problem.notice.village
    point = village.label_point
    return [
        n,
        notice.number,
        village.township.name,
        village.short_name,
        village.code,
        notice.group.name,
        notice.issued_on,
        notice.deadline,
        problem.seq,
        str(Star(problem.star).label),
        problem.description,
        str(problem.get_status_display()),
        _("yes") if problem.is_overdue else "",
        problem.rectified_on,
        problem.closed_on,
        problem.closed_by,
        round(point.x, 6),
        round(point.y, 6),
        amap_marker_url(point.x, point.y, village.short_name),
    ]


def ledger_workbook(problems, *, title: str, page_url=None) -> bytes:
    """Return the .xlsx bytes of the ledger rows (problems from selectors.problem_ledger).

    `page_url(problem)`: the absolute address of the problem's page, where its photos are
    (the Photos column links there); rows may carry `photo_count`.
    """
    book = Workbook()
    sheet = book.active
    sheet.title = _("Ledger")[:31]
    sheet_append(sheet, [title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet_append(sheet, headers())
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for n, problem in enumerate(problems, start=1):
        sheet_append(sheet, row_of(n, problem))
        link = sheet.cell(row=sheet.max_row, column=19)
        link.hyperlink, link.value, link.style = (
            link.value,
            _("Navigate here"),
            "Hyperlink",
        )
        photos = getattr(problem, "photo_count", 0)
        if photos and page_url:
            cell = sheet.cell(row=sheet.max_row, column=20)
            cell.hyperlink, cell.style = page_url(problem), "Hyperlink"
            cell.value = _("%(n)d photos") % {"n": photos}
    finish(sheet)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def finish(sheet) -> None:
    """Set widths, date formats, 6-decimal coordinates and frozen headers."""
    widths = [
        6,
        22,
        14,
        14,
        14,
        12,
        12,
        12,
        6,
        14,
        30,
        16,
        8,
        12,
        12,
        10,
        12,
        12,
        12,
        10,
    ]
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            if isinstance(cell.value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
        row[16].number_format = row[17].number_format = "0.000000"
    sheet.freeze_panes = "A3"
