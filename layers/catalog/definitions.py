"""The campaign's layers, each defined once: columns, filters, tables, tiles."""

from django.db.models import Count, F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from layers import rules
from layers.catalog import filters as f
from layers.catalog.columns import Column
from layers.catalog.layer import Layer, TileSettings
from layers.catalog.registry import register
from layers.models import (
    STAR_FIELDS,
    ClearedSite,
    EODProject,
    EODSite,
    Pairing,
    ServiceCentre,
    StarRating,
    Township,
    Village,
)

STAR_LABELS = {
    "branch": _("Strong branch"),
    "industry": _("Thriving industry"),
    "ecology": _("Liveable ecology"),
    "safety": _("Safety and rule of law"),
    "civility": _("Civility and happiness"),
}
FLAG_LABELS = {
    "is_quasi_five_star": _("Quasi-five-star"),
    "is_weak_branch": _("Weak or lax branch"),
}
RATING_FLAGS = [*STAR_FIELDS, *FLAG_LABELS]
REUSES = tuple(value or "none" for value in ClearedSite.Reuse.values)


def code() -> Column:
    return Column("code", "string", _("Code"), sortable=True)


def village_code(nullable=False) -> Column:
    return Column(
        "village_code",
        "string",
        _("Village code"),
        "village__code",
        sortable=True,
        nullable=nullable,
    )


def township_code(path="village__township__code") -> Column:
    return Column("township_code", "string", _("Township code"), path, sortable=True)


def rating_flag(name: str, prefix: str | None) -> Column:
    """Return a boolean of the rating; on a village row, unrated counts as false."""
    label = STAR_LABELS.get(name) or FLAG_LABELS[name]
    if prefix is None:
        return Column(name, "boolean", label)
    return Column(
        name,
        "boolean",
        label,
        lambda context: Coalesce(F(f"{prefix}{name}"), Value(False)),
    )


def rating_columns(prefix: str | None = None) -> list[Column]:
    """Return the rating's level and flags, read through relation `prefix` if given."""
    level = Column(
        "level",
        "integer",
        _("Star level"),
        f"{prefix}level" if prefix else None,
        sortable=True,
        nullable=bool(prefix),
    )
    return [level, *(rating_flag(name, prefix) for name in RATING_FLAGS)]


def village_count(context):
    villages = (
        Village.objects.filter(township=OuterRef("pk"))
        .order_by()
        .values("township")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(villages), 0)


YEAR = f.Year("year", _("Rating year (default: the latest rated)."))
LEVEL = f.Integer("level", _("Exact level."), low=0, high=5)

TOWNSHIPS = register(
    Layer(
        name="townships",
        title=_("Townships"),
        model=Township,
        selector_path="layers.selectors.township_list",
        columns=(
            code(),
            Column("name", "string", _("Name"), sortable=True),
            Column("kind", "string", _("Kind"), enum=tuple(Township.Kind.values)),
            Column("is_schematic", "boolean", _("Schematic boundary")),
            Column(
                "village_count",
                "integer",
                _("Villages"),
                village_count,
                sortable=True,
            ),
        ),
        filters=(f.BBOX, f.Q_TEXT),
        geometry="boundary",
        related=("villages",),
        polygons=True,
    )
)

VILLAGES = register(
    Layer(
        name="villages",
        title=_("Villages with the year's star rating"),
        model=Village,
        selector_path="layers.selectors.village_list",
        columns=(
            code(),
            Column("name", "string", _("Name"), sortable=True),
            Column("short_name", "string", _("Short name"), sortable=True),
            township_code("township__code"),
            Column("township_name", "string", _("Township"), "township__name"),
            Column(
                "year", "integer", _("Year"), lambda context: Value(context["year"])
            ),
            *rating_columns("r__"),
            Column("is_schematic", "boolean", _("Schematic boundary")),
        ),
        filters=(
            f.Year(
                "year",
                _("Rating year (default: the latest rated)."),
                default=rules.default_year,
            ),
            f.TOWNSHIP,
            f.Choice(
                "star",
                _("A star: with has_star, villages holding it (or not)."),
                values=tuple(STAR_FIELDS),
            ),
            f.Flag(
                "has_star",
                _("With star: true keeps holders (default), false the others."),
                default=True,
            ),
            LEVEL,
            f.Integer("level_min", _("Lowest level."), low=0, high=5),
            f.Integer("level_max", _("Highest level."), low=0, high=5),
            f.Flag(
                "rated",
                _("true: only villages rated that year; false: only unrated."),
                kwarg="rated_only",
            ),
            f.Flag(
                "is_quasi_five_star",
                _("Quasi-five-star candidates (true) or not (false)."),
                kwarg="quasi",
                aliases=("quasi",),
            ),
            f.Flag(
                "is_weak_branch",
                _("Weak or lax branches (true) or not (false)."),
                kwarg="weak",
                aliases=("weak",),
            ),
            f.Flag(
                "is_schematic",
                _("Schematic boundaries (true) or surveyed (false)."),
                kwarg="schematic",
                aliases=("schematic",),
            ),
            f.BBOX,
            f.NEAR,
            f.Q_TEXT,
        ),
        checks=(f.needs("has_star", "star"),),
        geometry="boundary",
        related=("township", "ratings"),
        polygons=True,
        tiles=TileSettings(
            "villages",
            (
                "code",
                "short_name",
                "township_code",
                "level",
                "is_quasi_five_star",
                "is_weak_branch",
            ),
        ),
    )
)

# The village's own columns (the year's rating comes with the village facts).
VILLAGE_OWN_COLUMNS = [
    c.name
    for c in VILLAGES.columns
    if c.name not in {"year", *(r.name for r in rating_columns())}
]

CLEARED_SITES = register(
    Layer(
        name="cleared-sites",
        title=_("Cleared sites"),
        model=ClearedSite,
        selector_path="layers.selectors.cleared_site_list",
        columns=(
            code(),
            Column(
                "kind",
                "string",
                _("Kind"),
                sortable=True,
                enum=tuple(ClearedSite.Kind.values),
            ),
            Column(
                "status",
                "string",
                _("Status"),
                sortable=True,
                enum=tuple(ClearedSite.Status.values),
            ),
            Column("reuse", "string", _("Reuse"), enum=tuple(ClearedSite.Reuse.values)),
            Column("reported_on", "date", _("Reported on"), sortable=True),
            Column("cleared_on", "date", _("Cleared on"), sortable=True, nullable=True),
            Column(
                "verified_on", "date", _("Verified on"), sortable=True, nullable=True
            ),
            village_code(),
            township_code(),
            Column("area_m2", "integer", _("Area (m²)"), nullable=True),
        ),
        filters=(
            f.Choices(
                "kind",
                _("Kinds."),
                kwarg="kinds",
                values=tuple(ClearedSite.Kind.values),
            ),
            f.Choices(
                "status",
                _("Statuses."),
                kwarg="statuses",
                values=tuple(ClearedSite.Status.values),
            ),
            f.Choices("reuse", _("Reuses."), kwarg="reuses", values=REUSES),
            f.TOWNSHIP,
            f.VILLAGE,
            f.Date("reported_from", _("Reported on or after (YYYY-MM-DD).")),
            f.Date("reported_to", _("Reported on or before (YYYY-MM-DD).")),
            f.BBOX,
            f.NEAR,
            f.Q_TEXT,
        ),
        checks=(f.check_order("reported_from", "reported_to"),),
        geometry="location",
        related=("village", "village__township"),
        datetime_column="reported_on",
        tiles=TileSettings("cleared_sites", ("code", "kind", "status", "village_code")),
    )
)

EOD_SITES = register(
    Layer(
        name="eod-sites",
        title=_("EOD project sites"),
        model=EODSite,
        selector_path="layers.selectors.eod_site_list",
        columns=(
            code(),
            Column("name", "string", _("Name"), sortable=True),
            Column(
                "project_code",
                "string",
                _("Project code"),
                "project__code",
                sortable=True,
            ),
            Column(
                "sub_project",
                "string",
                _("Sub-project"),
                "project__sub_project",
                enum=tuple(EODProject.SubProject.values),
            ),
            Column(
                "status",
                "string",
                _("Status"),
                sortable=True,
                enum=tuple(EODProject.Status.values),
            ),
            Column(
                "investment",
                "number",
                _("Investment (yuan)"),
                sortable=True,
                nullable=True,
            ),
            village_code(nullable=True),
        ),
        filters=(
            f.Words(
                "project_code",
                _("EOD project codes, comma-separated."),
                kwarg="projects",
                aliases=("project",),
            ),
            f.Choices(
                "sub_project",
                _("Sub-projects."),
                kwarg="sub_projects",
                values=tuple(EODProject.SubProject.values),
            ),
            f.Choices(
                "status",
                _("Statuses."),
                kwarg="statuses",
                values=tuple(EODProject.Status.values),
            ),
            f.TOWNSHIP,
            f.VILLAGE,
            f.BBOX,
            f.NEAR,
            f.Q_TEXT,
        ),
        geometry="geom",
        related=("project", "village", "village__township"),
        polygons=True,
    )
)

SERVICE_CENTRES = register(
    Layer(
        name="service-centres",
        title=_("Party-and-people service centres"),
        model=ServiceCentre,
        selector_path="layers.selectors.service_centre_list",
        columns=(
            Column("name", "string", _("Name"), sortable=True),
            village_code(),
            Column("built_year", "integer", _("Built or rebuilt in"), sortable=True),
            township_code(),
            Column("floor_area_m2", "integer", _("Floor area (m²)"), nullable=True),
        ),
        filters=(
            f.TOWNSHIP,
            f.VILLAGE,
            f.Year("built_from", _("Built or rebuilt in or after.")),
            f.Year("built_to", _("Built or rebuilt in or before.")),
            f.BBOX,
            f.NEAR,
            f.Q_TEXT,
        ),
        checks=(f.check_order("built_from", "built_to"),),
        geometry="location",
        related=("village", "village__township"),
        default_order=("village_code",),
        id_column="id",
    )
)

PAIRINGS = register(
    Layer(
        name="pairings",
        title=_("Pairings (包联共建)"),
        model=Pairing,
        selector_path="layers.selectors.pairing_list",
        columns=(
            village_code(),
            Column("year", "integer", _("Year"), sortable=True),
            Column(
                "partner_kind",
                "string",
                _("Partner kind"),
                sortable=True,
                enum=tuple(Pairing.PartnerKind.values),
            ),
            Column("partner", "string", _("Partner"), sortable=True),
            Column("village_name", "string", _("Village"), "village__short_name"),
        ),
        filters=(
            f.Year("year", _("Pairing year.")),
            f.TOWNSHIP,
            f.VILLAGE,
            f.Choice(
                "partner_kind",
                _("Leader or department."),
                values=tuple(Pairing.PartnerKind.values),
            ),
            f.Flag(
                "polygons",
                _("Village polygons instead of label points."),
                default=False,
            ),
            f.BBOX,
            f.Q_TEXT,
        ),
        geometry="village__label_point",
        related=("village", "village__township"),
        default_order=("year", "village_code", "partner"),
        id_column="id",
        polygons=True,
    )
)

RATINGS = register(
    Layer(
        name="ratings",
        title=_("Star ratings"),
        model=StarRating,
        selector_path="layers.selectors.rating_list",
        columns=(
            Column("id", "integer", _("Identifier")),
            village_code(),
            Column("village_name", "string", _("Village"), "village__short_name"),
            Column("year", "integer", _("Year"), sortable=True),
            *rating_columns(),
            Column(
                "collective_income",
                "number",
                _("Collective income (yuan)"),
                nullable=True,
            ),
            Column(
                "transferred_land_mu",
                "number",
                _("Transferred land (mu)"),
                nullable=True,
            ),
            Column("note", "string", _("Note")),
        ),
        filters=(f.Year("year", _("Rating year.")), f.TOWNSHIP, f.VILLAGE, LEVEL),
        geometry=None,
        related=("village", "village__township"),
        default_order=("village_code", "year"),
        id_column="id",
    )
)

EOD_PROJECTS = register(
    Layer(
        name="eod-projects",
        title=_("EOD projects"),
        model=EODProject,
        selector_path="layers.selectors.eod_project_list",
        columns=(
            code(),
            Column("name", "string", _("Name")),
            Column(
                "sub_project",
                "string",
                _("Sub-project"),
                enum=tuple(EODProject.SubProject.values),
            ),
            Column("planned_investment", "number", _("Planned investment (yuan)")),
            Column(
                "status", "string", _("Status"), enum=tuple(EODProject.Status.values)
            ),
            Column("description", "string", _("Description")),
            Column("site_count", "integer", _("Sites")),
            Column("site_investment", "number", _("Sites' investment")),
        ),
        filters=(
            f.Choices(
                "status",
                _("Statuses."),
                kwarg="statuses",
                values=tuple(EODProject.Status.values),
            ),
        ),
        geometry=None,
        related=("sites",),
    )
)
