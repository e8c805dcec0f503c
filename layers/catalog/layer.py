"""A layer: one object per entity that every surface (REST, OGC, tiles, exports,
coverage, OpenAPI) reads."""

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Model
from django.utils.module_loading import import_string

from layers.catalog.columns import Column
from layers.catalog.filters import Filter


@dataclass(frozen=True)
class TileSettings:
    """How the layer is cut into vector tiles (read by layers/tiles.py).

    `properties` name columns of the layer; `point_budget` caps the features of a point
    layer per tile at zooms below `full_detail_zoom` (thinned there, all above).
    """

    layer_name: str
    properties: tuple[str, ...]
    min_zoom: int = 0
    max_zoom: int = 22
    full_detail_zoom: int = 12
    point_budget: int | None = None


@dataclass(frozen=True, eq=False)
class Layer:
    """One entity served on every surface.

    - `selector_path`: dotted path of the selector (keyword arguments = the filters' `arg`s).
    - `columns`: the feature properties, in output order; `geometry` the model's column.
    - `related`: ORM paths whose tables also change the layer (their change stamps
      join the model's own table in ETags).
    - `checks`: callables (params, values) for rules across filters.
    """

    name: str
    title: str
    model: type[Model]
    selector_path: str
    columns: tuple[Column, ...]
    filters: tuple[Filter, ...]
    geometry: str | None
    related: tuple[str, ...] = ()
    default_order: tuple[str, ...] = ("code",)
    id_column: str = "code"
    polygons: bool = False
    datetime_column: str | None = None
    checks: tuple[Callable, ...] = ()
    tiles: TileSettings | None = None
    description: str = ""
    extra_tables: tuple[str, ...] = field(default=())

    # What the surfaces read -------------------------------------------------------

    @property
    def selector(self) -> Callable:
        """Return the selector function (imported late: selectors read the layers)."""
        return import_string(self.selector_path)

    @property
    def properties(self) -> list[str]:
        return [column.name for column in self.columns]

    all_properties = properties

    @property
    def column_map(self) -> dict[str, Column]:
        return {column.name: column for column in self.columns}

    @property
    def ordering(self) -> dict[str, str]:
        """Return the sortable columns {public name: row column}."""
        return {c.name: c.name for c in self.columns if c.sortable}

    @property
    def tables(self) -> list[str]:
        """Return the database tables whose changes change this layer."""
        return _tables(self.model, self.related, self.extra_tables)

    def accepted(self) -> set[str]:
        """Return the filters' parameter names (older spellings are renamed on parse)."""
        return {f.name for f in self.filters}

    def parse(self, p) -> dict:
        """Return the selector's keyword arguments from the parsed query."""
        values = {f.arg: f.parse(p) for f in self.filters}
        for check in self.checks:
            check(p, values)
        return values

    def values(self, context: dict | None = None) -> tuple[list[str], dict]:
        """Return (model fields, {name: expression}) for `.values()` of the columns."""
        context = context or {}
        fields, expressions = [], {}
        for column in self.columns:
            expression = column.expression(context)
            if expression is None:
                fields.append(column.name)
            else:
                expressions[column.name] = expression
        return fields, expressions

    def feature_schema(self) -> dict:
        """Return the JSON Schema of one feature's properties."""
        return {
            "type": "object",
            "properties": {c.name: c.json_schema() for c in self.columns},
            "required": [c.name for c in self.columns],
        }

    # Consistency, checked on registration ------------------------------------------

    def check_definition(self) -> None:
        """Raise ValueError where the layer contradicts itself."""
        names = [c.name for c in self.columns]
        if len(set(names)) != len(names):
            raise ValueError(f"layer {self.name}: a column is listed twice")
        if self.id_column not in {*names, "id"}:
            raise ValueError(f"layer {self.name}: id column {self.id_column} unknown")
        for name in self.default_order:
            if name.lstrip("-") not in names:
                raise ValueError(f"layer {self.name}: cannot sort by {name}")
        if self.tiles:
            unknown = set(self.tiles.properties) - set(names)
            if unknown:
                raise ValueError(f"layer {self.name}: tiles carry unknown {unknown}")
        spelled = [f.name for f in self.filters] + [
            a for f in self.filters for a in f.aliases
        ]
        if len(set(spelled)) != len(spelled):
            raise ValueError(f"layer {self.name}: a filter name is used twice")

    def selector_arguments(self) -> set[str]:
        """Return the keyword arguments the selector takes."""
        return set(inspect.signature(self.selector).parameters)


@functools.cache
def _tables(model, related: tuple[str, ...], extra: tuple[str, ...]) -> list[str]:
    tables = {model._meta.db_table, *extra}
    for path in related:
        current = model
        for part in path.split("__"):
            current = current._meta.get_field(part).related_model
            tables.add(current._meta.db_table)
    return sorted(tables)
