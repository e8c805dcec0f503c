"""Selectors: the ledger with overdue marks, visit coverage and unvisited villages."""

import datetime
import json

import pytest

from inspections import selectors
from inspections.services import notice_issue, visit_record
from layers.models import Village

D = datetime.date
LATER = (D(2030, 1, 1), D(2030, 12, 31))  # a year with no demo visits


@pytest.fixture
def village(county):
    return Village.objects.select_related("township").order_by("code").first()


@pytest.fixture
def notice(village, group):
    return notice_issue(
        number="测试〔2023〕1号",
        village=village,
        group=group,
        issued_on=D(2023, 3, 1),
        deadline=D(2023, 3, 31),
        problems=[("ecology", "坑塘垃圾未清理到位"), ("branch", "台账不全")],
    )


def mine(rows, notice):
    return rows.filter(notice=notice)


def test_problem_ledger_marks_open_problems_past_the_deadline_overdue(notice):
    rows = mine(selectors.problem_ledger(today=D(2023, 4, 1)), notice)
    assert [row.is_overdue for row in rows] == [True, True]
    on_time = mine(selectors.problem_ledger(today=D(2023, 3, 31)), notice)
    assert not any(row.is_overdue for row in on_time)


def test_problem_ledger_filters_by_township_group_and_status(notice, village, group):
    today = D(2023, 4, 1)
    township = village.township.code
    assert (
        mine(selectors.problem_ledger(today=today, township=township), notice).count()
        == 2
    )
    other = "410527999"
    assert (
        mine(selectors.problem_ledger(today=today, township=other), notice).count() == 0
    )
    assert (
        mine(selectors.problem_ledger(today=today, group=group.pk), notice).count() == 2
    )
    assert (
        mine(selectors.problem_ledger(today=today, group=group.pk + 1), notice).count()
        == 0
    )
    assert (
        mine(selectors.problem_ledger(today=today, status="closed"), notice).count()
        == 0
    )
    assert (
        mine(selectors.problem_ledger(today=today, overdue=True), notice).count() == 2
    )


def test_villages_with_open_problems_flags_overdue(notice):
    assert selectors.villages_with_open_problems(today=D(2023, 4, 1))[notice.village_id]


def test_coverage_by_township_counts_villages_visited_in_the_period(village, group):
    township = village.township
    for other in Village.objects.filter(township=township).order_by("code")[:2]:
        visit_record(group=group, village=other, visited_on=D(2030, 5, 1))
    rows = {
        r["code"]: r
        for r in selectors.coverage_by_township(date_from=LATER[0], date_to=LATER[1])
    }
    row = rows[township.code]
    villages = Village.objects.filter(township=township).count()
    assert (row["villages"], row["visited"]) == (villages, 2)
    assert row["share"] == round(2 / villages, 4)
    assert sum(r["villages"] for r in rows.values()) == 532
    assert sum(r["visited"] for r in rows.values()) == 2


def test_unvisited_geojson_leaves_out_visited_villages(village, group):
    visit_record(group=group, village=village, visited_on=D(2030, 5, 1))
    township = village.township
    collection = json.loads(
        selectors.unvisited_geojson(date_from=LATER[0], township=township.code)
    )
    codes = [f["properties"]["code"] for f in collection["features"]]
    assert len(codes) == Village.objects.filter(township=township).count() - 1
    assert village.code not in codes
    assert collection["features"][0]["geometry"]["type"] == "Point"
