"""Parse what a phone sends (JSON bodies and form fields); bad values become errors."""

import datetime
import math
import uuid

from django.utils import timezone
from django.utils.translation import gettext as _

from inspections.models import Photo, ProblemCategory
from inspections.params import ParamErrors, date_value, parse, positive_int

MAX_TEXT = 2000


def uuid_value(raw: str) -> uuid.UUID:
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise ValueError(_("Give an id made on the phone (a UUID).")) from None


def moment(raw: str) -> datetime.datetime:
    """Parse an ISO 8601 date-time; one without an offset is county time."""
    try:
        value = datetime.datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(_("Give a date and time as ISO 8601.")) from None
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    if value > timezone.now() + datetime.timedelta(hours=1):
        raise ValueError(_("This time is in the future."))
    return value


def number_between(low: float, high: float):
    def parser(raw: str) -> float:
        try:
            value = float(raw)
        except ValueError:
            raise ValueError(_("Give a number.")) from None
        if not math.isfinite(value) or not low <= value <= high:
            raise ValueError(
                _("Give a number from %(low)s to %(high)s.")
                % {"low": low, "high": high}
            )
        return value

    return parser


def village_code(raw: str) -> str:
    if not (raw.isdigit() and len(raw) == 12):
        raise ValueError(_("A village code has 12 digits."))
    return raw


def category_value(raw: str) -> str:
    if raw not in ProblemCategory.values:
        raise ValueError(_("Pick a category from the list."))
    return raw


def stage_value(raw: str) -> str:
    if raw not in Photo.Stage.values:
        raise ValueError(_("The stage is “before” or “after”."))
    return raw


def text(raw: str) -> str:
    if "\x00" in raw:
        raise ValueError(_("Give plain text."))
    if len(raw) > MAX_TEXT:
        raise ValueError(_("At most %(n)d characters.") % {"n": MAX_TEXT})
    return raw


LON, LAT = number_between(-180, 180), number_between(-90, 90)
CHECK_IN = {
    "client_id": uuid_value,
    "village": village_code,
    "at": moment,
    "lon": LON,
    "lat": LAT,
    "accuracy": number_between(0, 100000),
    "group": positive_int,
}
FINISH = {"at": moment, "findings": text}
PROBLEM = {
    "client_id": uuid_value,
    "visit": uuid_value,
    "category": category_value,
    "description": text,
    "lon": LON,
    "lat": LAT,
    "deadline": date_value,
}
PHOTO = {
    "client_id": uuid_value,
    "problem": uuid_value,
    "visit": uuid_value,
    "stage": stage_value,
    "note": text,
}


def parse_required(query, spec: dict, required: tuple[str, ...]) -> dict:
    """Parse `query` with `spec`; raise ParamErrors also for each missing required name."""
    errors = {}
    try:
        values = parse(query, spec)
    except ParamErrors as error:
        errors.update(error.errors)
        values = {}
    for name in required:
        if name not in errors and values.get(name) is None:
            errors[name] = _("This is required.")
    if errors:
        raise ParamErrors(errors)
    return values


class Body(dict):
    """A JSON object read as text values, the way `parse` reads a query string."""

    def get(self, name, default=None):
        value = super().get(name, default)
        if value is None or isinstance(value, str):
            return value
        if isinstance(value, bool) or not isinstance(value, int | float):
            return "\x00"  # any other JSON type is a bad value, named by the parser
        return repr(value)
