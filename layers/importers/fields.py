"""Columns of an import file: names (English and Chinese headers) and value parsers.

A parser takes what the file holds (text from CSV and KML; str, int, float or date from
GeoJSON, GeoPackage and DBF) and returns the Python value, or raises ValueError with a
reason a person can act on. Blank cells never reach a parser: the column's default
applies.
"""

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache

from django.db import models
from django.utils.translation import gettext as _

from layers.importers.wording import listing
from layers.models import FIRST_YEAR, LAST_YEAR

Parser = Callable[[object], object]
TRUE = {"1", "true", "t", "yes", "y", "是", "√", "✓", "✔", "有", "对"}
FALSE = {"0", "false", "f", "no", "n", "否", "×", "✗", "无", "不是"}
CHINESE_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$")
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d")
# The padded forms codes arrive in: a township's 12-digit form, a village's 19-digit
# ZLDWDM/QSDWDM; any other length is a wrong code, not padding.
PADDED = {9: (12,), 12: (19,)}
EXCEL_EPOCH = dt.date(1899, 12, 30)
# Excel day serials of 1990-01-01 to 2099-12-31: a bare number in this range in a date
# column is a date cell saved as its number (CSV exports of Excel/WPS sheets).
EXCEL_SERIALS = range(32874, 73051)
FULL_WIDTH = str.maketrans("（）：，", "():,")


@dataclass(frozen=True)
class Column:
    """One column a kind reads: key, header aliases, parser, required or default."""

    key: str
    parse: Parser
    aliases: tuple[str, ...] = ()
    required: bool = False
    default: object = None

    def names(self) -> tuple[str, ...]:
        """Return every header that means this column, normalised."""
        return tuple(header_key(name) for name in (self.key, *self.aliases))


def header_key(header: str) -> str:
    """Normalise a header for matching: trimmed, lower case, half-width brackets."""
    return (
        header.strip().lstrip("\ufeff").translate(FULL_WIDTH).lower().replace(" ", "")
    )


def match_headers(
    columns: Iterable[Column], headers: Iterable[str], *, truncated: bool = False
) -> tuple[dict[str, str], list[str]]:
    """Map file headers to column keys; return (header → key, ignored headers).

    `truncated` allows a header that is a unique prefix of a column name (DBF field
    names are cut to 10 bytes, so `township_code` arrives as `township_c`).
    """
    mapping, alternates, ignored = match_all(columns, headers, truncated=truncated)
    extra = {header for others in alternates.values() for header in others}
    return mapping, [h for h in headers if h in extra or h in ignored]


def match_all(
    columns: Iterable[Column], headers: Iterable[str], *, truncated: bool = False
) -> tuple[dict[str, str], dict[str, list[str]], list[str]]:
    """Map headers to keys; return (header → key, key → fallback headers, ignored).

    When several headers mean one key, the one named by the earlier alias wins (an
    explicit code before a folder name); the others are fallbacks read when it is blank
    (KML placemarks carry different keys: 投资 on one, 投资(元) on the next).
    """
    headers = list(headers)
    ranks = {}
    for column in columns:
        for rank, name in enumerate(column.names()):
            ranks.setdefault(name, (column.key, rank))
    found: dict[str, list[tuple[int, int, str]]] = {}
    ignored = []
    for position, header in enumerate(headers):
        wanted = header_key(header)
        hit = ranks.get(wanted)
        if hit is None and truncated and len(wanted) >= 3:
            prefixed = {v for name, v in ranks.items() if name.startswith(wanted)}
            keys = {key for key, _rank in prefixed}
            hit = (keys.pop(), 99) if len(keys) == 1 else None
        if hit is None:
            ignored.append(header)
        else:
            found.setdefault(hit[0], []).append((hit[1], position, header))
    mapping, alternates = {}, {}
    for key, candidates in found.items():
        ordered = [header for _rank, _position, header in sorted(candidates)]
        mapping[ordered[0]] = key
        if ordered[1:]:
            alternates[key] = ordered[1:]
    mapping = {h: mapping[h] for h in headers if h in mapping}
    return mapping, alternates, ignored


def is_blank(value: object) -> bool:
    """Say whether a cell holds nothing."""
    return value is None or (isinstance(value, str) and not value.strip())


def text(max_length: int | None = None) -> Parser:
    """Return a parser for trimmed text of at most `max_length` characters."""

    def parse(value):
        result = _as_text(value)
        if max_length and len(result) > max_length:
            raise ValueError(
                _("is %(length)d characters long; at most %(max)d are allowed")
                % {"length": len(result), "max": max_length}
            )
        return result

    return parse


def digits(count: int) -> Parser:
    """Return a parser for a code of exactly `count` decimal digits.

    A longer code padded with zeros is cut to `count` digits: land-survey (三调) layers
    write a village's 12-digit code as the 19-digit ZLDWDM/QSDWDM, and a township's
    9-digit code is often written in its 12-digit form (…000).
    """

    def parse(value):
        result = _as_text(value)
        if (
            len(result) in PADDED.get(count, ())
            and result.isascii()
            and result.isdigit()
            and not result[count:].strip("0")
        ):
            result = result[:count]
        if not (len(result) == count and result.isascii() and result.isdigit()):
            raise ValueError(
                _("%(value)r is not a code of %(count)d digits")
                % {"value": result, "count": count}
            )
        return result

    return parse


def integer(minimum: int | None = 0, maximum: int | None = None) -> Parser:
    """Return a parser for a whole number in [minimum, maximum]."""

    def parse(value):
        number = _as_decimal(value)
        if number != number.to_integral_value():
            raise ValueError(_("%(value)s is not a whole number") % {"value": value})
        return _in_range(int(number), minimum, maximum)

    return parse


def year(value) -> int:
    """Parse a campaign year (FIRST_YEAR to LAST_YEAR)."""
    return integer(FIRST_YEAR, LAST_YEAR)(value)


def decimal(minimum: Decimal | None = Decimal(0)) -> Parser:
    """Return a parser for a decimal (thousands separators allowed), ≥ minimum."""

    def parse(value):
        return _in_range(_as_decimal(value), minimum, None)

    return parse


def number(value) -> float:
    """Parse a coordinate or other floating-point number."""
    return float(_as_decimal(value))


def boolean(value) -> bool:
    """Parse yes/no: 1/0, true/false, yes/no, 是/否, √/×."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        value = f"{value:g}"
    word = _as_text(value).lower()
    if word in TRUE:
        return True
    if word in FALSE:
        return False
    raise ValueError(
        _("%(value)r is not yes or no (1/0, true/false, 是/否, √)") % {"value": word}
    )


def date(value) -> dt.date:
    """Parse a date: YYYY-MM-DD, YYYY/M/D, YYYY.M.D, YYYY年M月D日, an Excel serial
    or a typed date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raw = _as_text(value)
    serial = raw.removesuffix(".0")
    if serial.isascii() and serial.isdigit() and int(serial) in EXCEL_SERIALS:
        return EXCEL_EPOCH + dt.timedelta(days=int(serial))
    chinese = CHINESE_DATE.match(raw)
    candidates = ["-".join(chinese.groups())] if chinese else [raw.split()[0]]
    for candidate in candidates:
        for fmt in DATE_FORMATS:
            try:
                return dt.datetime.strptime(candidate, fmt).date()
            except ValueError:
                continue
    raise ValueError(
        _("%(value)r is not a date (YYYY-MM-DD, YYYY/M/D, YYYY.M.D or YYYY年M月D日)")
        % {"value": raw}
    )


def choice(choices: type[models.TextChoices], chinese: dict[str, str]) -> Parser:
    """Return a parser for a choice: its value, its English label or a Chinese label."""

    @cache
    def accepted() -> dict[str, str]:
        # Built on first use: labels are lazy translations, not ready at import time.
        words = {value.lower(): value for value in choices.values}
        words |= {label.lower(): value for value, label in _english(choices)}
        return words | chinese

    def words() -> str:
        return listing(
            "/".join([value, *(word for word, v in chinese.items() if v == value)])
            for value in choices.values
            if value
        )

    def parse(value):
        word = _as_text(value)
        found = accepted().get(word.lower(), accepted().get(word))
        if found is None:
            raise ValueError(
                _("%(value)r is not one of: %(accepted)s")
                % {"value": word, "accepted": words()}
            )
        return found

    return parse


def _english(choices: type[models.TextChoices]) -> list[tuple[str, str]]:
    from django.utils import translation

    with translation.override("en"):
        return [(value, str(label)) for value, label in choices.choices]


def _as_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _as_decimal(value) -> Decimal:
    if isinstance(value, bool):
        raise ValueError(_("%(value)s is not a number") % {"value": value})
    raw = _as_text(value).replace(",", "").replace("，", "").replace(" ", "")
    try:
        result = Decimal(raw)
    except InvalidOperation:
        raise ValueError(_("%(value)r is not a number") % {"value": raw}) from None
    if not result.is_finite():
        raise ValueError(_("%(value)r is not a number") % {"value": raw})
    return result


def _in_range(value, minimum, maximum):
    if minimum is not None and value < minimum:
        raise ValueError(
            _("%(value)s is below %(min)s") % {"value": value, "min": minimum}
        )
    if maximum is not None and value > maximum:
        raise ValueError(
            _("%(value)s is above %(max)s") % {"value": value, "max": maximum}
        )
    return value


def parse_row(
    columns: tuple[Column, ...], properties: dict, mapping: dict[str, str]
) -> tuple[dict, list[tuple[str, str]]]:
    """Return (values by column key, problems) for one row's properties."""
    by_key = {column.key: column for column in columns}
    values = {column.key: column.default for column in columns}
    problems = []
    for header, key in mapping.items():
        raw = properties.get(header)
        if is_blank(raw):
            continue
        try:
            values[key] = by_key[key].parse(raw)
        except ValueError as error:
            problems.append((key, str(error)))
    failed = {key for key, _reason in problems}
    for column in columns:
        if column.required and values[column.key] is None and column.key not in failed:
            problems.append((column.key, _("required")))
    return values, problems
