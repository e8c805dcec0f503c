"""load_inspection_demo: the report's figures, deterministic and idempotent."""

import datetime

from django.core.management import call_command

from inspections.demo import load_inspection_demo
from inspections.models import InspectionGroup, Problem, RectificationNotice, Visit

YEAR_2022 = (datetime.date(2022, 1, 1), datetime.date(2022, 12, 31))


def test_demo_groups_visit_all_532_villages_in_2022(county):
    load_inspection_demo()
    assert InspectionGroup.objects.filter(name__endswith="督导组").count() >= 4
    visited = (
        Visit.objects.filter(visited_on__range=YEAR_2022).values("village").distinct()
    )
    assert visited.count() == 532


def test_demo_2022_has_34_notices_with_105_problems_all_ticked_off_in_2022(county):
    load_inspection_demo()
    notices = RectificationNotice.objects.filter(issued_on__year=2022)
    problems = Problem.objects.filter(notice__in=notices)
    assert notices.count() == 34
    assert problems.count() == 105
    assert set(problems.values_list("status", flat=True)) == {Problem.Status.CLOSED}
    assert all(p.closed_on.year == 2022 and p.closed_by for p in problems)


def test_demo_2023_has_open_overdue_problems(county, today):
    load_inspection_demo()
    open_2023 = Problem.objects.filter(notice__issued_on__year=2023).exclude(
        status=Problem.Status.CLOSED
    )
    assert open_2023.exists()
    assert all(problem.is_overdue(today) for problem in open_2023)


def test_demo_loads_the_same_rows_when_run_again(county):
    first = load_inspection_demo()
    dates = list(
        Visit.objects.order_by("pk").values_list("village__code", "visited_on")
    )
    second = load_inspection_demo()
    assert str(first) == str(second)
    assert (
        list(Visit.objects.order_by("pk").values_list("village__code", "visited_on"))
        == dates
    )
    assert Problem.objects.count() == first.problems


def test_demo_keeps_later_changes_to_the_ledger(county):
    load_inspection_demo()
    problem = Problem.objects.filter(status=Problem.Status.IN_PROGRESS).first()
    problem.status, problem.rectified_on = (
        Problem.Status.AWAITING_CHECK,
        datetime.date(2024, 1, 2),
    )
    problem.save()
    load_inspection_demo()
    problem.refresh_from_db()
    assert problem.status == Problem.Status.AWAITING_CHECK
    load_inspection_demo(force=True)
    problem.refresh_from_db()
    assert problem.status == Problem.Status.IN_PROGRESS


def test_load_inspection_demo_command_prints_its_report(county, capsys):
    call_command("load_inspection_demo")
    assert "4 inspection groups" in capsys.readouterr().out
    assert RectificationNotice.objects.count() == 34 + 6
