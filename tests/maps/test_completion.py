"""One completion definition (layers/coverage.py, completion_sql): the county page's
ranking, its xlsx and the coverage xlsx give the same figures for every township, and they
are those worked out here from the raw ratings and targets in SQL."""

import io
import re
from decimal import ROUND_HALF_UP, Decimal

import openpyxl
import pytest
from django.db import connection

LEVELS = (5, 4, 3, 2, 1)


def raw_counts(year: int) -> tuple[dict, dict]:
    """Return {township code: {level: villages at exactly it}} and the targets alike."""
    counts, targets = {}, {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.code, r.level, count(*) FROM layers_starrating r"
            " JOIN layers_village v ON v.id = r.village_id"
            " JOIN layers_township t ON t.id = v.township_id"
            " WHERE r.year = %s GROUP BY t.code, r.level",
            [year],
        )
        for code, level, n in cursor.fetchall():
            counts.setdefault(code, {})[level] = n
        cursor.execute(
            "SELECT t.code, g.level, g.count FROM layers_creationtarget g"
            " JOIN layers_township t ON t.id = g.township_id WHERE g.year = %s",
            [year],
        )
        for code, level, n in cursor.fetchall():
            targets.setdefault(code, {})[level] = n
        cursor.execute("SELECT code FROM layers_township")
        codes = [row[0] for row in cursor.fetchall()]
    return {c: counts.get(c, {}) for c in codes}, {c: targets.get(c, {}) for c in codes}


def pct(part: int, whole: int) -> float:
    exact = Decimal(100 * part) / Decimal(whole)
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def expected(year: int) -> dict:
    """Work the definition out by hand: {code: {level: (at least, target, %), "overall"}}."""
    counts, targets = raw_counts(year)
    out = {}
    for code in counts:
        row, reached, due = {}, 0, 0
        for level in LEVELS:
            at_least = sum(counts[code].get(n, 0) for n in range(level, 6))
            target = sum(targets[code].get(n, 0) for n in range(level, 6)) or None
            share = pct(min(at_least, target), target) if target else None
            if target:
                reached, due = reached + min(at_least, target), due + target
            row[level] = (at_least, target, share)
        row["overall"] = pct(reached, due) if due else None
        out[code] = row
    return out


def xlsx_by_code(response, code_header: str) -> dict[str, dict]:
    assert response.status_code == 200, response.content[:300]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    # A title row may sit above the header.
    start = next(i for i, r in enumerate(rows) if code_header in r)
    header = rows[start]
    return {
        r[header.index(code_header)]: dict(zip(header, r, strict=True))
        for r in rows[start + 1 :]
        if r[header.index(code_header)]
    }


def as_number(value):
    return None if value in (None, "") else float(value)


@pytest.fixture
def year(county):
    return county.years[-1]


def test_ranking_xlsx_and_coverage_xlsx_give_the_sql_figures_for_every_township(
    viewer, county, year
):
    want = expected(year)
    ranking = xlsx_by_code(
        viewer.get("/county/ranking.xlsx", {"year": year}), "乡镇代码"
    )
    coverage = xlsx_by_code(
        viewer.get("/api/coverage.xlsx", {"year": year}), "乡镇代码"
    )
    assert set(ranking) == set(want)
    assert set(want) <= set(coverage)
    labels = {"五星": 5, "四星": 4, "三星": 3, "二星": 2, "一星": 1}
    for code, row in want.items():
        for table in (ranking[code], coverage[code]):
            for word, level in labels.items():
                at_least, target, share = row[level]
                got = (
                    table[f"{word}及以上村数"],
                    table[f"{word}及以上目标"],
                    as_number(table[f"{word}及以上完成率（%）"]),
                )
                assert got == (at_least, target, share), (code, level)
            assert as_number(table["总体完成率（%）"]) == row["overall"], code


def test_ranking_panel_shows_the_sql_figures_for_every_township(viewer, county, year):
    want = expected(year)
    html = viewer.get("/", {"year": year}).content.decode()
    body = re.search(
        rf'<tbody data-year-section="{year}"[^>]*>(.*?)</tbody>', html, re.S
    )
    panel = body.group(1)  # the ranking comes before the plain township table
    rows = re.findall(
        r'<tr data-code="(\d+)" data-overall="([^"]*)">(.*?)</tr>', panel, re.S
    )
    assert {code for code, _o, _c in rows} == set(want)
    for code, overall, cells in rows:
        assert as_number(overall) == want[code]["overall"], code
        shown = re.findall(r'title="(\d+)/([\d—]+)"', cells)
        for level, (at_least, target) in zip(LEVELS, shown, strict=True):
            worked = want[code][level]
            assert (int(at_least), None if target == "—" else int(target)) == worked[:2]


def test_coverage_json_says_the_same_as_the_ranking(viewer, county, year):
    want = expected(year)
    body = viewer.get("/api/coverage", {"year": year}).json()
    for township in body["townships"]:
        row = want[township["code"]]
        for level in LEVELS:
            assert (
                township[f"at_least_{level}"],
                township[f"target_at_least_{level}"],
                township[f"reached_pct_{level}"],
            ) == row[level]
        assert township["completion_pct"] == row["overall"]
