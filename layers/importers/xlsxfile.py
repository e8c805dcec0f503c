"""Read Excel/WPS workbooks (.xlsx) as the CSV reader reads text: one sheet, one table.

The sheet is the first one holding a table. Ledgers often start with a title row (a
merged cell over the table): the header is the first row with at least two filled cells.
Geometry comes from longitude/latitude or X/Y columns, or a WKT column, as in CSV.
Row numbers are data rows from 1; the report adds the sheet's own line numbers.
"""

import datetime as dt
import zipfile
from collections.abc import Iterator
from pathlib import Path

from django.utils.translation import gettext as _

from layers.importers import crs as crs_
from layers.importers.csvfile import _geometry, _geometry_columns
from layers.importers.errors import ImportFailed
from layers.importers.features import Feature, Source

MAX_COLUMNS = 500


def open_xlsx(path: Path, *, crs: crs_.SourceCRS | None) -> Source:
    """Open the first table of a workbook; refuse what is not a workbook."""
    from openpyxl import load_workbook

    if not zipfile.is_zipfile(path):
        raise ImportFailed(
            _(
                "%(file)s is not an Excel workbook (.xlsx); if it is a CSV or an old "
                ".xls file, save it from Excel/WPS as .xlsx or CSV."
            )
            % {"file": path.name}
        )
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for damaged files
        raise ImportFailed(
            _("%(file)s cannot be opened as an Excel workbook (.xlsx).")
            % {"file": path.name}
        ) from None
    try:
        sheet, header_line, header = _table(book, path)
        rows = [
            (line, list(cells))
            for line, cells in enumerate(
                sheet.iter_rows(min_row=header_line + 1, values_only=True),
                start=header_line + 1,
            )
        ]
    finally:
        book.close()
    geometry_columns = _geometry_columns(header, path)
    file_crs = crs or crs_.ASSUMED
    columns = [
        name
        for i, name in enumerate(header)
        if i not in geometry_columns.values() and name
    ]

    def read() -> Iterator[Feature]:
        for line, cells in rows:
            if not any(_filled(cell) for cell in cells):
                continue
            cells = cells + [None] * (len(header) - len(cells))
            properties = {
                name: cells[i] for i, name in enumerate(header) if name in columns
            }
            texts = ["" if cell is None else str(cell) for cell in cells]
            yield Feature(
                line - header_line,
                properties,
                *_geometry(texts, header, geometry_columns, file_crs),
            )

    source = Source(path, file_crs, "xlsx", columns, read)
    source.format = _("Excel workbook, sheet %(sheet)s") % {"sheet": sheet.title}
    source.first_line = header_line + 1
    return source


def _filled(cell) -> bool:
    return cell is not None and not (isinstance(cell, str) and not cell.strip())


def _table(book, path: Path):
    """Return (sheet, header line, header cells) of the first sheet with a table."""
    for sheet in book.worksheets:
        for line, cells in enumerate(
            sheet.iter_rows(max_row=20, values_only=True), start=1
        ):
            filled = [cell for cell in cells if _filled(cell)]
            if len(filled) >= 2:
                if len(cells) > MAX_COLUMNS:
                    raise ImportFailed(
                        _("%(file)s has %(count)d columns; at most %(max)d are read.")
                        % {"file": path.name, "count": len(cells), "max": MAX_COLUMNS}
                    )
                header = [_header(cell) for cell in cells]
                return sheet, line, header
    raise ImportFailed(
        _("%(file)s holds no table (no sheet has a header row).") % {"file": path.name}
    )


def _header(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, dt.datetime | dt.date):
        return cell.isoformat()
    return str(cell).strip()
