"""Parse query parameters for the inspection pages and feeds; bad values become errors."""

import datetime
import re

from django.utils.translation import gettext as _

from inspections.models import Problem
from layers import rules
from layers.api.filters.params import BadParams, Params

# The one parser's error class (layers/api/filters/params.py), under this app's old name.
ParamErrors = BadParams


def parse(query, spec: dict) -> dict:
    """Return {name: value} parsed with spec {name: parser}; raise ParamErrors on bad ones.

    The values are read through the one parser (`Params`: NUL characters and repeated
    names refused); other parameters of the page are left alone.
    """
    p = Params(query, set(query))
    values = {}
    for name, parser in spec.items():
        raw = p.raw(name)
        values[name] = None
        if raw is None:
            continue
        try:
            values[name] = parser(raw)
        except ValueError as error:
            p.fail(name, str(error))
    p.done()
    return values


def date_value(raw: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        raise ValueError(_("Give a date as YYYY-MM-DD.")) from None


def township_code(raw: str) -> str:
    if not re.fullmatch(r"\d{9}", raw):
        raise ValueError(_("A township code has 9 digits."))
    return raw


def positive_int(raw: str) -> int:
    if not raw.isdigit() or int(raw) < 1:
        raise ValueError(_("Give a whole number from 1."))
    return int(raw)


def year_value(raw: str) -> int:
    if not re.fullmatch(r"\d{4}", raw) or not rules.year_ok(int(raw)):
        raise ValueError(
            _("Give a year from %(low)s to %(high)s.")
            % {"low": rules.FIRST_YEAR, "high": rules.LAST_YEAR}
        )
    return int(raw)


def status_value(raw: str) -> str:
    if raw not in Problem.Status.values:
        raise ValueError(
            _("Status is one of: %(choices)s.")
            % {"choices": ", ".join(Problem.Status.values)}
        )
    return raw


def yes_no(raw: str) -> bool:
    if raw.lower() in {"true", "1", "yes"}:
        return True
    if raw.lower() in {"false", "0", "no"}:
        return False
    raise ValueError(_("Give true or false."))


LEDGER = {
    "township": township_code,
    "group": positive_int,
    "status": status_value,
    "overdue": yes_no,
    "year": year_value,
}
PERIOD = {"from": date_value, "to": date_value, "township": township_code}
