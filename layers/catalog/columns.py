"""A layer's column: name, type, label and where its value comes from."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import F

# JSON Schema of each column type (dates are ISO strings in JSON).
JSON_TYPES = {
    "string": {"type": "string"},
    "integer": {"type": "integer"},
    "number": {"type": "number"},
    "boolean": {"type": "boolean"},
    "date": {"type": "string", "format": "date"},
}


@dataclass(frozen=True)
class Column:
    """One property of a layer's features.

    `source` is the model field of the same name (None), an ORM path (`township__code`),
    or a callable taking the selector's context (e.g. the year) and returning an
    expression. `label` is translatable (English source, Chinese in the catalogue).
    """

    name: str
    type: str
    label: str
    source: str | Callable | None = None
    sortable: bool = False
    nullable: bool = False
    enum: tuple = ()

    def __post_init__(self):
        if self.type not in JSON_TYPES:
            raise ValueError(f"column {self.name}: unknown type {self.type!r}")

    def expression(self, context: dict):
        """Return the ORM expression selecting this column (None: the model field)."""
        if self.source is None:
            return None
        if callable(self.source):
            return self.source(context)
        return F(self.source)

    def json_schema(self) -> dict:
        """Return the JSON Schema of the column's values (with its title)."""
        schema = dict(JSON_TYPES[self.type])
        if self.nullable:
            schema["type"] = [schema["type"], "null"]
        if self.enum:
            schema["enum"] = list(self.enum) + ([None] if self.nullable else [])
        schema["title"] = str(self.label)
        return schema
