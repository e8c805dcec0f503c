"""Describe query parameters once, for parsing, the OpenAPI schemas and the OGC API doc."""

from dataclasses import dataclass

from layers.models import STAR_FIELDS, ClearedSite, EODProject, Pairing


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


KINDS = tuple(ClearedSite.Kind.values)
SITE_STATUSES = tuple(ClearedSite.Status.values)
REUSES = tuple(value or "none" for value in ClearedSite.Reuse.values)
EOD_STATUSES = tuple(EODProject.Status.values)
SUB_PROJECTS = tuple(EODProject.SubProject.values)
PARTNER_KINDS = tuple(Pairing.PartnerKind.values)
BOOLEAN = ("true", "false")
DATE = r"^\d{4}-\d{2}-\d{2}$"

LIMIT = Spec(
    "limit", "integer", "Features per page (default 1000).", minimum=1, maximum=10000
)
OFFSET = Spec("offset", "integer", "Features to skip.", minimum=0)
BBOX = Spec(
    "bbox", "string", "minlon,minlat,maxlon,maxlat (WGS 84): features intersecting."
)
NEAR = Spec("near", "string", "lon,lat,metres: features within that many metres.")
Q_TEXT = Spec("q", "string", "Text to find in names (or the start of a code).")
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
YEAR = Spec(
    "year",
    "integer",
    "Rating year (default: the latest rated).",
    minimum=2000,
    maximum=2100,
)
TOWNSHIP = Spec("township", "string", "Township code (9 digits).", pattern=r"^\d{9}$")
VILLAGE = Spec("village", "string", "Village code (12 digits).", pattern=r"^\d{12}$")
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


def flag(name: str, description: str) -> Spec:
    return Spec(name, "boolean", description)


def listing(name: str, values, description: str) -> Spec:
    return Spec(
        name,
        "string",
        f"{description} One or more, comma-separated: " + ", ".join(values) + ".",
    )


VILLAGE_FILTERS = [
    YEAR,
    TOWNSHIP,
    Spec(
        "star",
        "string",
        "A star: with has_star, villages holding it (or not).",
        enum=tuple(STAR_FIELDS),
    ),
    flag("has_star", "With star: true keeps holders (default), false the others."),
    Spec("level", "integer", "Exact level.", minimum=0, maximum=5),
    Spec("level_min", "integer", "Lowest level.", minimum=0, maximum=5),
    Spec("level_max", "integer", "Highest level.", minimum=0, maximum=5),
    flag("rated", "true: only villages rated that year; false: only unrated."),
    flag("quasi", "Quasi-five-star candidates (true) or not (false)."),
    flag("weak", "Weak or lax branches (true) or not (false)."),
    flag("schematic", "Schematic boundaries (true) or surveyed (false)."),
    BBOX,
    NEAR,
    Q_TEXT,
]
CLEARED_SITE_FILTERS = [
    listing("kind", KINDS, "Kinds."),
    listing("status", SITE_STATUSES, "Statuses."),
    listing("reuse", REUSES, "Reuses."),
    TOWNSHIP,
    VILLAGE,
    Spec("reported_from", "string", "Reported on or after (YYYY-MM-DD).", pattern=DATE),
    Spec("reported_to", "string", "Reported on or before (YYYY-MM-DD).", pattern=DATE),
    BBOX,
    NEAR,
    Q_TEXT,
]
EOD_SITE_FILTERS = [
    Spec("project", "string", "EOD project codes, comma-separated."),
    listing("sub_project", SUB_PROJECTS, "Sub-projects."),
    listing("status", EOD_STATUSES, "Statuses."),
    TOWNSHIP,
    VILLAGE,
    BBOX,
    NEAR,
    Q_TEXT,
]
SERVICE_CENTRE_FILTERS = [
    TOWNSHIP,
    VILLAGE,
    Spec(
        "built_from",
        "integer",
        "Built or rebuilt in or after.",
        minimum=2000,
        maximum=2100,
    ),
    Spec(
        "built_to",
        "integer",
        "Built or rebuilt in or before.",
        minimum=2000,
        maximum=2100,
    ),
    BBOX,
    NEAR,
    Q_TEXT,
]
PAIRING_FILTERS = [
    Spec("year", "integer", "Pairing year.", minimum=2000, maximum=2100),
    TOWNSHIP,
    VILLAGE,
    Spec("partner_kind", "string", "Leader or department.", enum=PARTNER_KINDS),
    flag("polygons", "Village polygons instead of label points."),
    BBOX,
    Q_TEXT,
]
TOWNSHIP_FILTERS = [BBOX, Q_TEXT]
