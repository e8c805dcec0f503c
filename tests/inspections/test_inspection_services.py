"""Services: problems move through the ledger states and are ticked off by someone."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from inspections.models import Problem
from inspections.services import notice_issue, problem_move
from layers.models import Village

D = datetime.date


@pytest.fixture
def problem(county, group):
    notice = notice_issue(
        number="N-1",
        village=Village.objects.first(),
        group=group,
        issued_on=D(2023, 3, 1),
        deadline=D(2023, 3, 31),
        problems=[("safety", "巡逻制度未落实")],
    )
    return notice.problems.get()


def test_problem_move_to_ticked_off_records_dates_and_who(problem, admin_user):
    problem_move(problem=problem, status=Problem.Status.IN_PROGRESS, on=D(2023, 3, 5))
    problem_move(
        problem=problem, status=Problem.Status.AWAITING_CHECK, on=D(2023, 3, 20)
    )
    problem_move(
        problem=problem,
        status=Problem.Status.CLOSED,
        on=D(2023, 3, 25),
        user=admin_user,
    )
    problem.refresh_from_db()
    assert (problem.rectified_on, problem.closed_on) == (D(2023, 3, 20), D(2023, 3, 25))
    assert problem.closed_by == "admin" and problem.closed_by_user == admin_user


def test_problem_move_refuses_to_tick_off_before_rectification(problem):
    with pytest.raises(ValidationError, match="status"):
        problem_move(
            problem=problem, status=Problem.Status.CLOSED, on=D(2023, 3, 25), by="x"
        )


def test_notice_issue_refuses_a_deadline_before_issue(county, group):
    with pytest.raises(ValidationError):
        notice_issue(
            number="N-2",
            village=Village.objects.first(),
            group=group,
            issued_on=D(2023, 3, 1),
            deadline=D(2023, 2, 1),
            problems=[],
        )
