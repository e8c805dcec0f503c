"""Writes of the evidence: a task value with its evidence, scoped like every write."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import policy
from evidence.models import Task, TaskValue
from layers.models import Village
from layers.rules import year_problem

MAX_FILE_BYTES = 10 * 1024 * 1024
FILE_TYPES = {".pdf", ".jpg", ".jpeg", ".png", ".docx", ".xlsx", ".doc", ".xls"}
YES = {"true", "1", "yes", "是", "on"}
NO = {"false", "0", "no", "否", "off"}


def parse_value(task: Task, raw) -> tuple[Decimal | None, bool | None]:
    """Return (number, flag) for `raw` as `task` measures it, or raise ValidationError."""
    if task.source != Task.Source.VALUE:
        raise ValidationError(
            {"task": _("This task reads its value from the rating; change the rating.")}
        )
    if task.measure == Task.Measure.YES_NO:
        word = str(raw).strip().lower() if raw is not None else ""
        if isinstance(raw, bool):
            return None, raw
        if word in YES or word in NO:
            return None, word in YES
        raise ValidationError({"value": _("must be yes or no")})
    try:
        number = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({"value": _("must be a number")}) from None
    if not number.is_finite() or number < 0 or number >= Decimal("1e12"):
        raise ValidationError({"value": _("must be a number from 0 below 10¹²")})
    if task.measure == Task.Measure.COUNT and number != number.to_integral():
        raise ValidationError({"value": _("must be a whole number")})
    return number.quantize(Decimal("0.01")), None


def check_file(upload) -> None:
    if upload is None:
        return
    name = upload.name.lower()
    if not any(name.endswith(ext) for ext in FILE_TYPES):
        raise ValidationError(
            {
                "evidence_file": _("must be one of %(types)s")
                % {"types": ", ".join(sorted(FILE_TYPES))}
            }
        )
    if upload.size > MAX_FILE_BYTES:
        raise ValidationError({"evidence_file": _("is larger than 10 MB")})


@transaction.atomic
def value_record(
    *,
    user,
    village: Village,
    year: int,
    task: Task,
    value,
    evidence_text: str = "",
    evidence_file=None,
) -> TaskValue:
    """Record (create or replace) `village`'s value of `task` in `year` with its evidence.

    Raises PermissionDenied outside the user's township, ValidationError on bad input.
    """
    problem = year_problem(year)
    if problem:
        raise ValidationError({"year": problem})
    number, flag = parse_value(task, value)
    check_file(evidence_file)
    if "\x00" in evidence_text:
        raise ValidationError({"evidence_text": _("contains a NUL character")})
    if len(evidence_text) > 4000:
        raise ValidationError({"evidence_text": _("must be at most 4000 characters")})
    entry = TaskValue.objects.filter(task=task, village=village, year=year).first()
    action = "change" if entry else "add"
    entry = entry or TaskValue(task=task, village=village, year=year)
    if not policy.can_write(user, entry, action):
        raise PermissionDenied(_("You may not record values for this village."))
    entry.number, entry.flag = number, flag
    entry.evidence_text = evidence_text
    if evidence_file is not None:
        entry.evidence_file = evidence_file
    entry.recorded_by = user
    entry.recorded_at = timezone.now()
    entry.is_demo = False
    entry.full_clean()
    entry.save()
    return entry
