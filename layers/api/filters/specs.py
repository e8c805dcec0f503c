"""Describe the paging and output parameters every feed shares (filters live on the
layers, layers/catalog/)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Spec:
    """One query parameter: name, JSON-schema type, description and allowed values."""

    name: str
    type: str
    description: str
    enum: tuple = ()
    minimum: float | None = None
    maximum: float | None = None
    pattern: str | None = None
    default: object = None

    def schema(self) -> dict:
        """Return the JSON schema of the parameter's value."""
        schema = {"type": self.type}
        if self.enum:
            schema["enum"] = list(self.enum)
        if self.minimum is not None:
            schema["minimum"] = self.minimum
        if self.maximum is not None:
            schema["maximum"] = self.maximum
        if self.pattern:
            schema["pattern"] = self.pattern
        if self.default is not None:
            schema["default"] = self.default
        return schema


LIMIT = Spec(
    "limit", "integer", "Features per page (default 1000).", minimum=1, maximum=10000
)
OFFSET = Spec("offset", "integer", "Features to skip.", minimum=0)
PRECISION = Spec(
    "precision",
    "integer",
    "Decimals in coordinates (default 6).",
    minimum=0,
    maximum=10,
)
SIMPLIFY = Spec(
    "simplify",
    "number",
    "Simplify polygons to this tolerance in metres.",
    minimum=0,
    maximum=10000,
)
FORMAT = Spec(
    "format",
    "string",
    "Download instead of the feed.",
    enum=("geojson", "csv", "kml", "gpkg", "shp"),
)


def ordering(names) -> Spec:
    return Spec(
        "ordering",
        "string",
        "Sort by these, comma-separated; '-' for descending: " + ", ".join(names) + ".",
    )


def fields(names) -> Spec:
    return Spec(
        "fields",
        "string",
        "Only these properties, comma-separated: " + ", ".join(names) + ".",
    )
