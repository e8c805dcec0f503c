"""Defect 3 of issue 9: text that reaches a spreadsheet is stored as text.

A description or a name starting with = + - @ tab or CR becomes a text cell in every
xlsx (never a formula) and an apostrophe-prefixed cell in every CSV; the reader still
sees the text.
"""

import csv
import io

import pytest
from openpyxl import load_workbook

from inspections.models import Problem, RectificationNotice
from layers.cells import csv_safe, is_formula_like, sheet_append
from layers.models import Village

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://evil.example/x","点击查看整改材料")'
NAMES = ["=1+1村", "+SUM(A1)村", "-2+3村", "@cmd村", "\t=tab村", "\r=cr村"]


def test_issue9_d3_helper_flags_each_trigger_but_not_numbers():
    for name in NAMES + [EVIL]:
        assert is_formula_like(name), name
    for value in ["-12.5", "+86", "3", "正常", "a=b", 7, None]:
        assert not is_formula_like(value), value
    text = "\ufeffname,n\n=1+1,-3\n@x,ok\n"
    assert csv_safe(text) == "\ufeffname,n\n'=1+1,-3\n'@x,ok\n"
    assert csv_safe("a,b\n1,2\n") == "a,b\n1,2\n"


def test_issue9_d3_sheet_append_stores_text_not_formulas():
    from openpyxl import Workbook

    book = Workbook()
    sheet_append(book.active, [EVIL, 1, "-1"])
    out = io.BytesIO()
    book.save(out)
    cells = load_workbook(io.BytesIO(out.getvalue())).active[1]
    assert cells[0].data_type == "s" and cells[0].value == EVIL
    assert cells[0].quotePrefix


def test_issue9_d3_ledger_xlsx_keeps_a_hostile_description_as_text(root_api, village):
    from inspections.models import InspectionGroup

    group = InspectionGroup.objects.order_by("id").first() or (
        InspectionGroup.objects.create(name="第一督导组")
    )
    notice = RectificationNotice.objects.create(
        village=village,
        group=group,
        number="EVIL-9-3",
        issued_on="2024-03-01",
        deadline="2024-04-01",
    )
    Problem.objects.create(notice=notice, seq=1, description=EVIL, star="branch")
    response = root_api.get("/inspections/ledger.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    found = [cell for row in sheet.iter_rows() for cell in row if cell.value == EVIL]
    assert found, "the description is missing from the ledger"
    assert all(cell.data_type == "s" for cell in found)
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)


@pytest.fixture
def hostile_villages(village):
    """Give villages of one township formula-like short names."""
    villages = list(
        Village.objects.filter(township=village.township).order_by("code")[: len(NAMES)]
    )
    for one, name in zip(villages, NAMES):
        one.short_name = name
        one.name = name
        one.save(update_fields=["short_name", "name"])
    return village.township


def test_issue9_d3_layer_csv_prefixes_formula_like_names(root_api, hostile_villages):
    response = root_api.get(
        "/api/villages/",
        {"township": hostile_villages.code, "format": "csv", "limit": 1000},
    )
    assert response.status_code == 200
    text = response.content.decode("utf-8").lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    names = {row["short_name"] for row in rows}
    for name in NAMES:
        assert "'" + name in names, (name, sorted(names)[:8])
    for row in rows:
        for value in row.values():
            assert not is_formula_like(value), value


def test_issue9_d3_coverage_csv_and_xlsx_keep_township_names_as_text(
    root_api, hostile_villages
):
    township = hostile_villages
    township.name = '=HYPERLINK("http://evil.example")镇'
    township.save(update_fields=["name"])
    text = root_api.get("/api/coverage.csv").content.decode("utf-8").lstrip("\ufeff")
    cells = [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]
    assert "'" + township.name in cells
    assert not any(is_formula_like(cell) for cell in cells)
    book = root_api.get("/api/coverage.xlsx").content
    sheet = load_workbook(io.BytesIO(book)).active
    values = [cell for row in sheet.iter_rows() for cell in row]
    assert any(cell.value == township.name for cell in values)
    assert not any(cell.data_type == "f" for cell in values)
