"""The one query-parameter parser: typed values, every problem collected before answering.

Each view names the parameters it accepts; anything else, a repeated parameter or a value
that does not parse becomes one 400 answer `{"errors": {"param": "reason"}}` (reasons in
the request's language). REST feeds, the OGC API, tiles, history, the inspection pages and
the route planner all parse with it and raise its one error class, `BadParams`.
"""

import datetime
import math
import re
from dataclasses import dataclass

from django.db.models import F
from django.utils.translation import gettext as _
from rest_framework.exceptions import APIException

MAX_LIMIT = 10000
DEFAULT_LIMIT = 1000
MAX_TEXT = 100
TRUE_WORDS = {"true", "1", "yes"}
FALSE_WORDS = {"false", "0", "no"}
NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


class BadParams(APIException):
    """Answer 400 with the reason for each bad parameter."""

    status_code = 400
    default_code = "bad_request"

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__(detail={"errors": errors})


@dataclass(frozen=True)
class Near:
    lon: float
    lat: float
    metres: float


@dataclass(frozen=True)
class BBox:
    xmin: float
    ymin: float
    xmax: float
    ymax: float


class Params:
    """Read one request's query parameters; call `done()` to raise what went wrong."""

    def __init__(self, query, accepted, provided: dict | None = None):
        self.query = query
        self.errors: dict[str, str] = {}
        # Values a caller already parsed its own way (the OGC API's bbox in another CRS).
        self.provided = provided or {}
        # Parameters given under an older name: {name: spelling used}.
        self.spelled: dict[str, str] = {}
        self.unknown: set[str] = set()
        for name in query:
            if name not in accepted:
                self.unknown.add(name)
                self.errors[name] = _("unknown parameter")
            elif len(self.values_of(name)) > 1:
                self.errors[name] = _("given more than once")

    def values_of(self, name: str) -> list:
        """Return every value given for `name` (a plain dict, a JSON body, has one)."""
        if hasattr(self.query, "getlist"):
            return self.query.getlist(name)
        return [self.query[name]] if name in self.query else []

    def rename(self, alias: str, name: str) -> None:
        """Accept `alias` as an older spelling of `name`; errors keep the name used."""
        if alias not in self.query or alias == name:
            return
        if alias in self.unknown:
            self.unknown.discard(alias)
            del self.errors[alias]
            if len(self.values_of(alias)) > 1:
                self.errors[alias] = _("given more than once")
        if name in self.query:
            self.fail(alias, _("given together with %(name)s") % {"name": name})
        else:
            self.spelled[name] = alias

    def raw(self, name: str) -> str | None:
        """Return the stripped value, or None when absent, empty or already in error."""
        key = self.spelled.get(name, name)
        if key in self.errors:
            return None
        value = self.query.get(key)
        if value is not None and not isinstance(value, str):
            value = str(value).lower() if isinstance(value, bool) else str(value)
        if value is None or value.strip() == "":
            return None
        if "\x00" in value:
            return self.fail(name, _("contains a NUL character"))
        return value.strip()

    def fail(self, name: str, reason: str) -> None:
        self.errors.setdefault(self.spelled.get(name, name), str(reason))

    def given(self, name: str) -> bool:
        """Say whether `name` (or its older spelling) is in the query."""
        return self.spelled.get(name, name) in self.query

    def done(self) -> None:
        if self.errors:
            raise BadParams(self.errors)

    def integer(self, name, default=None, *, low=None, high=None):
        value = self.raw(name)
        if value is None:
            return default
        if not re.fullmatch(r"[+-]?\d{1,12}", value):
            return self.fail(name, _("must be an integer"))
        number = int(value)
        if (low is not None and number < low) or (high is not None and number > high):
            return self.fail(name, between(low, high))
        return number

    def number(self, name, default=None, *, low=None, high=None):
        value = self.raw(name)
        if value is None:
            return default
        parsed = self._float(name, value)
        if parsed is None:
            return None
        if (low is not None and parsed < low) or (high is not None and parsed > high):
            return self.fail(name, between(low, high))
        return parsed

    def boolean(self, name, default=None):
        value = self.raw(name)
        if value is None:
            return default
        if value.lower() in TRUE_WORDS:
            return True
        if value.lower() in FALSE_WORDS:
            return False
        return self.fail(name, _("must be true or false"))

    def choice(self, name, choices, default=None):
        value = self.raw(name)
        if value is None:
            return default
        if value not in choices:
            return self.fail(
                name,
                _("must be one of %(values)s") % {"values": ", ".join(sorted(choices))},
            )
        return value

    def choices(self, name, choices):
        """Return a comma-separated list of known values (empty list when absent)."""
        value = self.raw(name)
        if value is None:
            return []
        items = [item.strip() for item in value.split(",") if item.strip()]
        unknown = [item for item in items if item not in choices]
        if unknown or not items:
            return (
                self.fail(
                    name,
                    _("must be among %(values)s")
                    % {"values": ", ".join(sorted(choices))},
                )
                or []
            )
        return list(dict.fromkeys(items))

    def code(self, name, digits):
        value = self.raw(name)
        if value is not None and not re.fullmatch(rf"\d{{{digits}}}", value):
            return self.fail(
                name, _("must be a code of %(digits)s digits") % {"digits": digits}
            )
        return value

    def text(self, name, max_length=MAX_TEXT):
        value = self.raw(name)
        if value is not None and len(value) > max_length:
            return self.fail(
                name, _("must be at most %(n)s characters") % {"n": max_length}
            )
        return value

    def date(self, name):
        if name in self.provided:
            return self.provided[name]
        value = self.raw(name)
        if value is None:
            return None
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return self.fail(name, _("must be a date YYYY-MM-DD"))

    def page(self, default_limit=DEFAULT_LIMIT, max_limit=MAX_LIMIT):
        """Return (limit, offset)."""
        limit = self.integer("limit", default_limit, low=1, high=max_limit)
        offset = self.integer("offset", 0, low=0, high=10**9)
        return limit, offset

    def bbox(self, name="bbox", *, lonlat=True):
        """Return a BBox from `xmin,ymin,xmax,ymax` (lon/lat when `lonlat`)."""
        if name in self.provided:
            return self.provided[name]
        value = self.raw(name)
        if value is None:
            return None
        parts = [self._float(name, part) for part in value.split(",")]
        if name in self.errors:
            return None
        if len(parts) == 6:  # OGC allows a 3D box: keep the horizontal part
            parts = [parts[0], parts[1], parts[3], parts[4]]
        if len(parts) != 4:
            return self.fail(name, _("must be xmin,ymin,xmax,ymax"))
        box = BBox(*parts)
        if box.xmin > box.xmax or box.ymin > box.ymax:
            return self.fail(name, _("minimum must not exceed maximum"))
        if lonlat and not (-180 <= box.xmin and box.xmax <= 180):
            return self.fail(name, _("longitudes must be within -180..180"))
        if lonlat and not (-90 <= box.ymin and box.ymax <= 90):
            return self.fail(name, _("latitudes must be within -90..90"))
        return box

    def near(self, name="near", max_metres=200_000):
        """Return a Near from `lon,lat,metres`."""
        value = self.raw(name)
        if value is None:
            return None
        parts = [self._float(name, part) for part in value.split(",")]
        if name in self.errors:
            return None
        if len(parts) != 3:
            return self.fail(name, _("must be lon,lat,metres"))
        lon, lat, metres = parts
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            return self.fail(
                name, _("lon must be within -180..180 and lat within -90..90")
            )
        if not 0 <= metres <= max_metres:
            return self.fail(
                name, _("metres must be between 0 and %(max)s") % {"max": max_metres}
            )
        return Near(lon, lat, metres)

    def fields(self, name, available):
        """Return the chosen property names in the order given (None for all)."""
        chosen = self.choices(name, available)
        return chosen or None

    def ordering(self, name, available, default):
        """Return ORM order_by terms from `a,-b` over the `available` names."""
        value = self.raw(name)
        if value is None:
            return list(default)
        terms = [term.strip() for term in value.split(",") if term.strip()]
        for term in terms:
            if term.lstrip("-") not in available:
                return self.fail(
                    name,
                    _("must name among %(values)s")
                    % {"values": ", ".join(sorted(available))},
                ) or list(default)
        return [available_term(term, available) for term in terms] or list(default)

    def _float(self, name, text):
        text = text.strip()
        if not NUMBER.fullmatch(text):
            return self.fail(name, _("must be numbers"))
        number = float(text)
        if not math.isfinite(number):
            return self.fail(name, _("must be finite numbers"))
        return number


def between(low, high) -> str:
    """Return the translated range message."""
    return _("must be between %(low)s and %(high)s") % {"low": low, "high": high}


def available_term(term: str, available: dict):
    """Map a public ordering term (`-name`) to its ORM ordering, empty values last."""
    column = F(available[term.lstrip("-")])
    if term.startswith("-"):
        return column.desc(nulls_last=True)
    return column.asc(nulls_last=True)
