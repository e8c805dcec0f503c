"""Writes for inspections: record visits, issue notices, move problems to ticked off."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.policy import can_write
from inspections.models import InspectionGroup, Problem, RectificationNotice, Visit
from layers.models import Village

# Each status may only move on to these.
NEXT_STATUSES = {
    Problem.Status.PENDING: {Problem.Status.IN_PROGRESS, Problem.Status.AWAITING_CHECK},
    Problem.Status.IN_PROGRESS: {Problem.Status.AWAITING_CHECK},
    Problem.Status.AWAITING_CHECK: {Problem.Status.CLOSED, Problem.Status.IN_PROGRESS},
    Problem.Status.CLOSED: set(),
}


def write_check(user, obj, action: str) -> None:
    """Raise PermissionDenied unless `user` may `action` `obj` (accounts.policy): an
    inspection group member writes the own group's rows, a cadre the own township's.
    `user` None is a job of the system itself (the demo loader), which is not checked."""
    if user is not None and not can_write(user, obj, action):
        raise PermissionDenied(_("You may not change this here."))


def visit_record(
    *,
    group: InspectionGroup,
    village: Village,
    visited_on: datetime.date,
    findings: str = "",
    location=None,
    user=None,
) -> Visit:
    """Record (or update) a group's visit to a village on a day."""
    stored = Visit.objects.filter(
        group=group, village=village, visited_on=visited_on
    ).first()
    write_check(
        user,
        stored or Visit(group=group, village=village, visited_on=visited_on),
        "change" if stored else "add",
    )
    visit, _created = Visit.objects.update_or_create(
        group=group,
        village=village,
        visited_on=visited_on,
        defaults={"findings": findings, "location": location},
    )
    return visit


@transaction.atomic
def notice_issue(
    *,
    number: str,
    village: Village,
    group: InspectionGroup,
    issued_on: datetime.date,
    deadline: datetime.date,
    problems: list[tuple[str, str]],
    note: str = "",
    user=None,
) -> RectificationNotice:
    """Issue a notice with its problems, given as (star key, description) pairs."""
    notice = RectificationNotice(
        number=number,
        village=village,
        group=group,
        issued_on=issued_on,
        deadline=deadline,
        note=note,
    )
    write_check(user, notice, "add")
    notice.full_clean()
    notice.save()
    for seq, (star, description) in enumerate(problems, start=1):
        problem = Problem(notice=notice, seq=seq, star=star, description=description)
        problem.full_clean()
        problem.save()
    return notice


def problem_move(
    *, problem: Problem, status: str, on: datetime.date, by: str = "", user=None
) -> Problem:
    """Move a problem to a new status on a date; ticking off needs who checked it."""
    write_check(user, problem, "change")
    if status not in NEXT_STATUSES[problem.status]:
        raise ValidationError(
            {
                "status": _("A problem cannot go from “%(old)s” to “%(new)s”.")
                % {
                    "old": problem.get_status_display(),
                    "new": Problem.Status(status).label,
                }
            }
        )
    problem.status = status
    if status == Problem.Status.AWAITING_CHECK:
        problem.rectified_on = on
    if status == Problem.Status.CLOSED:
        problem.closed_on = on
        problem.closed_by = by or (
            user.get_full_name() or user.get_username() if user else ""
        )
        problem.closed_by_user = user
    problem.full_clean()
    problem.save()
    return problem
