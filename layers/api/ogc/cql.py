"""CQL2 filters (text and JSON) as Django Q objects on a layer's rows: values stay bound.

pygeofilter parses; this module walks its tree and accepts only what it can check: the
layer's columns (and `geometry`), literals of the column's type, comparisons, AND/OR/NOT,
LIKE, IN, BETWEEN, IS NULL and S_INTERSECTS. Anything else is a CQLError naming why.
"""

import datetime
import json
import re

from django.contrib.gis.geos import GEOSException, GEOSGeometry, Polygon
from django.db.models import Q
from django.utils.translation import gettext as _
from pygeofilter import ast, values
from pygeofilter.parsers.cql2_json import parse as parse_json
from pygeofilter.parsers.cql2_text import parse as parse_text

from layers.catalog import Layer
from layers.models import SRID

LANGUAGES = ("cql2-text", "cql2-json")
MAX_LENGTH = 20_000
COMPARISONS = {
    ast.Equal: "exact",
    ast.LessThan: "lt",
    ast.LessEqual: "lte",
    ast.GreaterThan: "gt",
    ast.GreaterEqual: "gte",
}
SPATIAL = {ast.GeometryIntersects: "intersects"}


class CQLError(ValueError):
    """A filter this service cannot run, with the reason."""


def parse(text: str, language: str = "cql2-text"):
    """Return pygeofilter's tree of a CQL2 filter, or raise CQLError."""
    if len(text) > MAX_LENGTH:
        raise CQLError(_("the filter is too long"))
    try:
        if language == "cql2-json":
            return parse_json(json.loads(text))
        return parse_text(text)
    except CQLError:
        raise
    except Exception as error:  # noqa: BLE001 - the parsers raise many kinds
        raise CQLError(
            _("cannot be read as %(language)s: %(reason)s")
            % {"language": language, "reason": str(error).splitlines()[0][:200]}
        ) from None


def to_q(node, layer: Layer) -> Q:
    """Return the Q object of a parsed filter on `layer`'s rows."""
    if isinstance(node, ast.And):
        return to_q(node.lhs, layer) & to_q(node.rhs, layer)
    if isinstance(node, ast.Or):
        return to_q(node.lhs, layer) | to_q(node.rhs, layer)
    if isinstance(node, ast.Not):
        return ~to_q(node.sub_node, layer)
    if type(node) in COMPARISONS:
        name, column = attribute(node.lhs, layer)
        value = literal(node.rhs, column)
        return Q(**{f"{name}__{COMPARISONS[type(node)]}": value})
    if isinstance(node, ast.NotEqual):
        name, column = attribute(node.lhs, layer)
        return ~Q(**{name: literal(node.rhs, column)}) & Q(**{f"{name}__isnull": False})
    if isinstance(node, ast.Between):
        name, column = attribute(node.lhs, layer)
        low, high = literal(node.low, column), literal(node.high, column)
        q = Q(**{f"{name}__gte": low, f"{name}__lte": high})
        return ~q if node.not_ else q
    if isinstance(node, ast.Like):
        name, column = attribute(node.lhs, layer)
        if column.type != "string" or not isinstance(node.pattern, str):
            raise CQLError(
                _("LIKE needs a text property, not %(name)s") % {"name": name}
            )
        lookup = "iregex" if node.nocase else "regex"
        q = Q(**{f"{name}__{lookup}": like_regex(node)})
        return ~q if node.not_ else q
    if isinstance(node, ast.In):
        name, column = attribute(node.lhs, layer)
        q = Q(**{f"{name}__in": [literal(item, column) for item in node.sub_nodes]})
        return ~q if node.not_ else q
    if isinstance(node, ast.IsNull):
        name, _column = attribute(node.lhs, layer)
        return Q(**{f"{name}__isnull": not node.not_})
    if type(node) in SPATIAL:
        return spatial(node, layer)
    raise CQLError(_("%(what)s is not supported here") % {"what": type(node).__name__})


def attribute(node, layer: Layer):
    """Return (row column, Column) of a property reference on the layer."""
    if not isinstance(node, ast.Attribute):
        raise CQLError(_("the left-hand side must be a property"))
    column = layer.column_map.get(node.name)
    if column is None:
        raise CQLError(
            _("unknown property %(name)s; queryable: %(names)s")
            % {"name": node.name, "names": ", ".join(layer.properties)}
        )
    return node.name, column


def literal(value, column):
    """Return a literal checked against the column's type."""
    kind = column.type
    if isinstance(value, bool):
        ok = kind == "boolean"
    elif kind == "boolean" and value in (0, 1) and isinstance(value, int):
        ok, value = True, bool(value)  # GDAL writes booleans as 0/1
    elif isinstance(value, int | float):
        ok = kind == "number" or (kind == "integer" and float(value).is_integer())
        value = int(value) if kind == "integer" and ok else value
    elif isinstance(value, str):
        ok = kind == "string" or (kind == "date" and is_date(value))
    elif isinstance(value, datetime.datetime):
        ok, value = kind == "date", value.date()
    elif isinstance(value, datetime.date):
        ok = kind == "date"
    else:
        ok = False
    if not ok:
        raise CQLError(
            _("%(value)s is not a value of %(name)s (%(type)s)")
            % {"value": str(value)[:50], "name": column.name, "type": kind}
        )
    if column.enum and kind == "string" and value not in column.enum:
        raise CQLError(
            _("%(name)s is one of %(values)s")
            % {"name": column.name, "values": ", ".join(v for v in column.enum if v)}
        )
    return value


def is_date(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def like_regex(node) -> str:
    """Return an anchored regular expression for a LIKE pattern."""
    out, escaped = [], False
    for char in node.pattern:
        if escaped:
            out.append(re.escape(char))
            escaped = False
        elif char == node.escapechar:
            escaped = True
        elif char == node.wildcard:
            out.append(".*")
        elif char == "_":  # CQL2's single character (pygeofilter says ".")
            out.append(".")
        else:
            out.append(re.escape(char))
    return "^" + "".join(out) + "$"


def spatial(node, layer: Layer) -> Q:
    """Return the Q of S_INTERSECTS(geometry, <literal in CRS84>)."""
    if not (isinstance(node.lhs, ast.Attribute) and node.lhs.name == "geometry"):
        raise CQLError(_("a spatial function takes the property geometry first"))
    rhs = node.rhs
    if isinstance(rhs, ast.Function) and rhs.name.lower() == "bbox":
        numbers = rhs.arguments
        if len(numbers) == 6:
            numbers = [numbers[0], numbers[1], numbers[3], numbers[4]]
        if len(numbers) != 4 or not all(
            isinstance(n, int | float) and not isinstance(n, bool) for n in numbers
        ):
            raise CQLError(_("BBOX takes four numbers"))
        rhs = values.Envelope(numbers[0], numbers[2], numbers[1], numbers[3])
    if isinstance(rhs, values.Envelope):
        geometry = Polygon.from_bbox((rhs.x1, rhs.y1, rhs.x2, rhs.y2))
        geometry.srid = SRID
    elif isinstance(rhs, values.Geometry):
        try:
            geometry = GEOSGeometry(json.dumps(rhs.geometry), srid=SRID)
        except (GEOSException, ValueError, TypeError):
            raise CQLError(_("the geometry cannot be read")) from None
    else:
        raise CQLError(_("a spatial function takes a geometry second"))
    if not geometry.valid:
        raise CQLError(_("the geometry is not valid"))
    return Q(**{f"{layer.geometry}__{SPATIAL[type(node)]}": geometry})
