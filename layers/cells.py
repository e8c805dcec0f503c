"""Text that reaches a spreadsheet is stored as text: a cell never starts a formula.

OWASP's CSV-injection guidance: a cell starting with `=`, `+`, `-`, `@`, a tab or a
carriage return may be run as a formula by Excel, WPS or LibreOffice. Every xlsx and CSV
writer of the service passes its cells through here:

- xlsx: `sheet_append(sheet, row)` stores such strings as plain text cells (data type
  `s`) with the "quote prefix" style, so the reader sees the text unchanged and the
  spreadsheet never evaluates it, even after the cell is edited;
- CSV: `csv_cell(value)` prefixes such text with an apostrophe (`'`), and `csv_safe(text)`
  rewrites a whole CSV document (PostgreSQL's COPY output) the same way.

Plain numbers (`-12.5`, `+3`) are left as they are: they are data, not formulas.
"""

import csv
import io
import re

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
# Any cell of a CSV document that could start with a trigger (fast path when none).
CSV_SUSPECT = re.compile(r'(^|[,\n])"?[=+\-@\t\r]')


def is_formula_like(value) -> bool:
    """Say whether `value` is text a spreadsheet could take for a formula."""
    return (
        isinstance(value, str)
        and value.startswith(TRIGGERS)
        and not NUMBER.fullmatch(value)
    )


def csv_cell(value):
    """Return `value` safe for a CSV cell: formula-like text gets a leading apostrophe."""
    return "'" + value if is_formula_like(value) else value


def csv_safe(text: str) -> str:
    """Return the CSV document `text` with every formula-like cell made safe.

    A leading BOM and the line ending (\\n or \\r\\n) are kept; a document with no
    suspect cell is returned as it is.
    """
    if not CSV_SUSPECT.search(text):
        return text
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom) :]
    ending = "\r\n" if "\r\n" in body[: body.find("\n") + 1] else "\n"
    lines = (
        ",".join(csv_quoted(csv_cell(cell)) for cell in row)
        for row in csv.reader(io.StringIO(body, newline=""))
    )
    return bom + "".join(line + ending for line in lines)


def csv_quoted(cell: str) -> str:
    """Quote one CSV cell when it holds a comma, a quote, a CR or a LF (RFC 4180)."""
    if any(char in cell for char in ',"\r\n'):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def xlsx_text(cell) -> None:
    """Store the openpyxl `cell` as text if its value looks like a formula."""
    if is_formula_like(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True


def sheet_append(sheet, row) -> None:
    """Append `row` to the openpyxl `sheet`, formula-like text stored as text."""
    sheet.append(list(row))
    for cell in sheet[sheet.max_row]:
        xlsx_text(cell)
