"""Parse query parameters into typed values, collecting every problem before answering.

Each view names the parameters it accepts; anything else, a repeated parameter or a value
that does not parse becomes one 400 answer `{"errors": {"param": "reason"}}`.
"""

import datetime
import math
import re
from dataclasses import dataclass

from django.db.models import F
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
        for name in query:
            if name not in accepted:
                self.errors[name] = "unknown parameter"
            elif len(query.getlist(name)) > 1:
                self.errors[name] = "given more than once"

    def raw(self, name: str) -> str | None:
        """Return the stripped value, or None when absent, empty or already in error."""
        if name in self.errors:
            return None
        value = self.query.get(name)
        if value is None or value.strip() == "":
            return None
        if "\x00" in value:
            return self.fail(name, "contains a NUL character")
        return value.strip()

    def fail(self, name: str, reason: str) -> None:
        self.errors.setdefault(name, reason)

    def done(self) -> None:
        if self.errors:
            raise BadParams(self.errors)

    def integer(self, name, default=None, *, low=None, high=None):
        value = self.raw(name)
        if value is None:
            return default
        if not re.fullmatch(r"[+-]?\d{1,12}", value):
            return self.fail(name, "must be an integer")
        number = int(value)
        if (low is not None and number < low) or (high is not None and number > high):
            return self.fail(name, f"must be between {low} and {high}")
        return number

    def number(self, name, default=None, *, low=None, high=None):
        value = self.raw(name)
        if value is None:
            return default
        parsed = self._float(name, value)
        if parsed is None:
            return None
        if (low is not None and parsed < low) or (high is not None and parsed > high):
            return self.fail(name, f"must be between {low} and {high}")
        return parsed

    def boolean(self, name, default=None):
        value = self.raw(name)
        if value is None:
            return default
        if value.lower() in TRUE_WORDS:
            return True
        if value.lower() in FALSE_WORDS:
            return False
        return self.fail(name, "must be true or false")

    def choice(self, name, choices, default=None):
        value = self.raw(name)
        if value is None:
            return default
        if value not in choices:
            return self.fail(name, "must be one of " + ", ".join(sorted(choices)))
        return value

    def choices(self, name, choices):
        """Return a comma-separated list of known values (empty list when absent)."""
        value = self.raw(name)
        if value is None:
            return []
        items = [item.strip() for item in value.split(",") if item.strip()]
        unknown = [item for item in items if item not in choices]
        if unknown or not items:
            return self.fail(name, "must be among " + ", ".join(sorted(choices))) or []
        return list(dict.fromkeys(items))

    def code(self, name, digits):
        value = self.raw(name)
        if value is not None and not re.fullmatch(rf"\d{{{digits}}}", value):
            return self.fail(name, f"must be a code of {digits} digits")
        return value

    def text(self, name, max_length=MAX_TEXT):
        value = self.raw(name)
        if value is not None and len(value) > max_length:
            return self.fail(name, f"must be at most {max_length} characters")
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
            return self.fail(name, "must be a date YYYY-MM-DD")

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
            return self.fail(name, "must be xmin,ymin,xmax,ymax")
        box = BBox(*parts)
        if box.xmin > box.xmax or box.ymin > box.ymax:
            return self.fail(name, "minimum must not exceed maximum")
        if lonlat and not (-180 <= box.xmin and box.xmax <= 180):
            return self.fail(name, "longitudes must be within -180..180")
        if lonlat and not (-90 <= box.ymin and box.ymax <= 90):
            return self.fail(name, "latitudes must be within -90..90")
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
            return self.fail(name, "must be lon,lat,metres")
        lon, lat, metres = parts
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            return self.fail(
                name, "lon must be within -180..180 and lat within -90..90"
            )
        if not 0 <= metres <= max_metres:
            return self.fail(name, f"metres must be between 0 and {max_metres}")
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
                    name, "must name among " + ", ".join(sorted(available))
                ) or list(default)
        return [available_term(term, available) for term in terms] or list(default)

    def _float(self, name, text):
        text = text.strip()
        if not NUMBER.fullmatch(text):
            return self.fail(name, "must be numbers")
        number = float(text)
        if not math.isfinite(number):
            return self.fail(name, "must be finite numbers")
        return number


def available_term(term: str, available: dict):
    """Map a public ordering term (`-name`) to its ORM ordering, empty values last."""
    column = F(available[term.lstrip("-")])
    if term.startswith("-"):
        return column.desc(nulls_last=True)
    return column.asc(nulls_last=True)
