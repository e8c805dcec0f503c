"""Parse query parameters for the inspection pages and feeds; bad values become errors."""

import datetime
import re

from django.utils.translation import gettext as _

from inspections.models import Problem


class ParamErrors(Exception):
    """Query parameters that are wrong: {name: reason}."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(errors)
        self.errors = errors


def parse(query, spec: dict) -> dict:
    """Return {name: value} parsed with spec {name: parser}; raise ParamErrors on bad ones."""
    values, errors = {}, {}
    for name, parser in spec.items():
        raw = (query.get(name) or "").strip()
        if not raw:
            values[name] = None
            continue
        try:
            values[name] = parser(raw)
        except ValueError as error:
            errors[name] = str(error)
    if errors:
        raise ParamErrors(errors)
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
    if not re.fullmatch(r"\d{4}", raw) or not 2000 <= int(raw) <= 2100:
        raise ValueError(_("Give a year from 2000 to 2100."))
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
