"""Selectors: the ledger with overdue marks, visit coverage and unvisited villages."""

import datetime
import json

import pytest

from inspections import selectors
from inspections.models import Problem
from inspections.services import notice_issue, visit_record
from layers.models import Village

D = datetime.date


@pytest.fixture
def notice(county, group):
    village = Village.objects.get(code="410527101001")
    return notice_issue(number="内督整〔2023〕1号", village=village, group=group,
                        issued_on=D(2023, 3, 1), deadline=D(2023, 3, 31),
                        problems=[("ecology", "坑塘垃圾未清理到位"), ("branch", "台账不全")])


def test_problem_ledger_marks_open_problems_past_the_deadline_overdue(notice):
    rows = list(selectors.problem_ledger(today=D(2023, 4, 1)))
    assert [row.is_overdue for row in rows] == [True, True]
    assert not any(r.is_overdue for r in selectors.problem_ledger(today=D(2023, 3, 31)))


def test_problem_ledger_filters_by_township_group_and_status(notice, group):
    today = D(2023, 4, 1)
    assert selectors.problem_ledger(today=today, township="410527101").count() == 2
    assert selectors.problem_ledger(today=today, township="410527102").count() == 0
    assert selectors.problem_ledger(today=today, group=group.pk + 1).count() == 0
    assert selectors.problem_ledger(today=today, status=Problem.Status.CLOSED).count() == 0
    assert selectors.problem_ledger(today=today, overdue=True).count() == 2


def test_villages_with_open_problems_flags_overdue(notice):
    flags = selectors.villages_with_open_problems(today=D(2023, 4, 1))
    assert flags == {notice.village_id: True}


def test_coverage_by_township_counts_villages_visited_in_the_period(county, group):
    for code in ("410527101001", "410527101002"):
        visit_record(group=group, village=Village.objects.get(code=code), visited_on=D(2023, 5, 1))
    rows = selectors.coverage_by_township(date_from=D(2023, 1, 1), date_to=D(2023, 12, 31))
    first = rows[0]
    assert (first["code"], first["villages"], first["visited"]) == ("410527101", 32, 2)
    assert first["share"] == round(2 / 32, 4)
    assert sum(r["villages"] for r in rows) == 532
    later = selectors.coverage_by_township(date_from=D(2024, 1, 1), date_to=None)
    assert later[0]["visited"] == 0


def test_unvisited_geojson_leaves_out_visited_villages(county, group):
    visit_record(group=group, village=Village.objects.get(code="410527101001"),
                 visited_on=D(2023, 5, 1))
    collection = json.loads(selectors.unvisited_geojson(
        date_from=D(2023, 1, 1), township="410527101"))
    codes = [f["properties"]["code"] for f in collection["features"]]
    assert len(codes) == 31 and "410527101001" not in codes
    assert collection["features"][0]["geometry"]["type"] == "Point"
