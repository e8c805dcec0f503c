"""A layer's filters: each one parses its query parameter and documents itself.

`Filter.parse(p)` reads the parameter through the one parser (`Params`) and returns the
value handed to the layer's selector as keyword `arg`. `schema()` and `description` feed
the OpenAPI documents; `aliases` are older spellings still accepted (a filter on a property
is named like the property, so `township_code`, also `township`).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from layers import rules
from layers.api.filters.params import Params


@dataclass(frozen=True)
class Filter:
    """A query parameter a layer understands. Subclasses implement `read`."""

    name: str
    description: str
    kwarg: str | None = None
    aliases: tuple[str, ...] = ()
    default: object = None
    json_type: str = field(default="string", init=False)

    @property
    def arg(self) -> str:
        """Return the selector's keyword argument this filter fills."""
        return self.kwarg or self.name

    @property
    def type(self) -> str:
        return self.json_type

    def parse(self, p: Params):
        """Return the parsed value (the default when absent), noting errors in `p`."""
        for alias in self.aliases:
            p.rename(alias, self.name)
        value = self.read(p)
        if value is None and self.default is not None:
            return self.default() if callable(self.default) else self.default
        return value

    def read(self, p: Params):
        raise NotImplementedError

    def extra_schema(self) -> dict:
        return {}

    def schema(self) -> dict:
        """Return the JSON Schema of the parameter's value."""
        return {"type": self.json_type, **self.extra_schema()}

    @property
    def documented(self) -> str:
        """Return the description with the older spellings named."""
        if not self.aliases:
            return str(self.description)
        return f"{self.description} (also: {', '.join(self.aliases)})"


@dataclass(frozen=True)
class Integer(Filter):
    low: int | None = None
    high: int | None = None
    json_type: str = field(default="integer", init=False)

    def read(self, p):
        return p.integer(self.name, low=self.low, high=self.high)

    def extra_schema(self):
        bounds = {"minimum": self.low, "maximum": self.high}
        return {key: value for key, value in bounds.items() if value is not None}


@dataclass(frozen=True)
class Year(Integer):
    """A year within the range the database accepts (rules.FIRST_YEAR..LAST_YEAR)."""

    low: int = rules.FIRST_YEAR
    high: int = rules.LAST_YEAR


@dataclass(frozen=True)
class Code(Filter):
    digits: int = 9

    def read(self, p):
        return p.code(self.name, self.digits)

    def extra_schema(self):
        return {"pattern": rf"^\d{{{self.digits}}}$"}


@dataclass(frozen=True)
class Flag(Filter):
    json_type: str = field(default="boolean", init=False)

    def read(self, p):
        return p.boolean(self.name)


@dataclass(frozen=True)
class Choice(Filter):
    values: tuple = ()

    def read(self, p):
        return p.choice(self.name, set(self.values))

    def extra_schema(self):
        return {"enum": list(self.values)}


@dataclass(frozen=True)
class Choices(Filter):
    """Comma-separated values among `values`; an empty list when absent."""

    values: tuple = ()

    def read(self, p):
        return p.choices(self.name, set(self.values))

    def extra_schema(self):
        return {"pattern": "^[a-z_]+(,[a-z_]+)*$"}

    @property
    def documented(self) -> str:
        return f"{super().documented} One or more, comma-separated: " + ", ".join(
            self.values
        )


@dataclass(frozen=True)
class Words(Filter):
    """Comma-separated free values (codes), at most `max_length` characters."""

    max_length: int = 300

    def read(self, p):
        text = p.text(self.name, self.max_length)
        return (
            [item.strip() for item in text.split(",") if item.strip()] if text else []
        )


@dataclass(frozen=True)
class Date(Filter):
    def read(self, p):
        return p.date(self.name)

    def extra_schema(self):
        return {"format": "date"}


@dataclass(frozen=True)
class Text(Filter):
    max_length: int = 100

    def read(self, p):
        return p.text(self.name, self.max_length)

    def extra_schema(self):
        return {"maxLength": self.max_length}


@dataclass(frozen=True)
class BBox(Filter):
    def read(self, p):
        return p.bbox(self.name)


@dataclass(frozen=True)
class Near(Filter):
    def read(self, p):
        return p.near(self.name)


def check_order(low: str, high: str) -> Callable[[Params, dict], None]:
    """Return a layer check: the `high` filter's value must not come before `low`'s."""

    def check(p: Params, values: dict) -> None:
        start, end = values.get(low), values.get(high)
        if start is not None and end is not None and start > end:
            p.fail(high, _("must not be before %(other)s") % {"other": low})

    return check


BBOX = BBox("bbox", "minlon,minlat,maxlon,maxlat (WGS 84): features intersecting.")
NEAR = Near("near", "lon,lat,metres: features within that many metres.")
Q_TEXT = Text("q", "Text to find in names (or the start of a code).")
TOWNSHIP = Code(
    "township_code",
    "Township code (9 digits).",
    kwarg="township",
    aliases=("township",),
    digits=9,
)
VILLAGE = Code(
    "village_code",
    "Village code (12 digits).",
    kwarg="village",
    aliases=("village",),
    digits=12,
)


def needs(name: str, other: str) -> Callable[[Params, dict], None]:
    """Return a layer check: filter `name` only makes sense with filter `other`."""

    def check(p: Params, values: dict) -> None:
        if p.given(name) and values.get(other) is None and other not in p.errors:
            p.fail(name, _("needs %(other)s") % {"other": other})

    return check


@dataclass(frozen=True)
class Number(Filter):
    low: float | None = None
    high: float | None = None
    json_type: str = field(default="number", init=False)

    def read(self, p):
        return p.number(self.name, low=self.low, high=self.high)

    def extra_schema(self):
        bounds = {"minimum": self.low, "maximum": self.high}
        return {key: value for key, value in bounds.items() if value is not None}
