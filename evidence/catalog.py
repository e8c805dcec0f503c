"""The work behind each star as layers of the one catalogue (layers.catalog): REST, OGC
API and vector tiles serve them like every layer. Registered in EvidenceConfig.ready()."""

from django.db.models import F, Value
from django.utils.translation import gettext_lazy as _

from evidence.layer_selectors import INCOME_BANDS
from evidence.models import GridCell, MediationCentre, ThreeChangesPilot
from layers import rules
from layers.catalog import Column, Layer, TileSettings, register
from layers.catalog import filters as f
from layers.models import Village

YEAR = f.Year(
    "year", _("Year (default: the latest rated)."), default=rules.default_year
)


def from_context(name: str):
    """Return a column source reading the selector's `w_<name>` annotation."""
    return lambda context: F(f"w_{name}")


def year_column() -> Column:
    return Column("year", "integer", _("Year"), lambda context: Value(context["year"]))


GRID_CELLS = register(
    Layer(
        name="grid-cells",
        title=_("Grid cells (网格) with grid workers and linked households"),
        model=GridCell,
        selector_path="evidence.layer_selectors.grid_cell_list",
        columns=(
            Column("code", "string", _("Code"), sortable=True),
            Column("name", "string", _("Name"), sortable=True),
            Column(
                "village_code",
                "string",
                _("Village code"),
                "village__code",
                sortable=True,
            ),
            Column(
                "township_code", "string", _("Township code"), "village__township__code"
            ),
            Column("year", "integer", _("Year"), sortable=True),
            Column("worker", "string", _("Grid worker")),
            Column("households", "integer", _("Households"), sortable=True),
            Column(
                "linked_households",
                "integer",
                _("Households linked to a party member"),
                sortable=True,
            ),
        ),
        filters=(YEAR, f.TOWNSHIP, f.VILLAGE, f.BBOX, f.Q_TEXT),
        geometry="boundary",
        related=("village", "village__township"),
        polygons=True,
        tiles=TileSettings(
            "grid-cells",
            ("code", "village_code", "households", "linked_households"),
            min_zoom=11,
        ),
    )
)

VILLAGE_WORK = register(
    Layer(
        name="village-work",
        title=_(
            "Each village's work of the year: income band, household links, pilots, "
            "federations, patrols, mediation centres, families and households"
        ),
        model=Village,
        selector_path="evidence.layer_selectors.village_work_list",
        columns=(
            Column("code", "string", _("Code"), sortable=True),
            Column("short_name", "string", _("Short name"), sortable=True),
            Column("township_code", "string", _("Township code"), "township__code"),
            year_column(),
            Column(
                "collective_income",
                "number",
                _("Collective income (yuan)"),
                from_context("collective_income"),
                sortable=True,
                nullable=True,
            ),
            Column(
                "income_band",
                "string",
                _("Income band (清五跃十)"),
                from_context("income_band"),
                nullable=True,
                enum=INCOME_BANDS,
            ),
            Column(
                "party_links",
                "number",
                _("Party members linked to households"),
                from_context("party_links"),
                sortable=True,
                nullable=True,
            ),
            Column(
                "grid_cell_count",
                "integer",
                _("Grid cells"),
                from_context("grid_cells"),
            ),
            Column(
                "linked_households",
                "integer",
                _("Households linked (grid cells)"),
                from_context("linked_households"),
                nullable=True,
            ),
            Column(
                "three_changes_form",
                "string",
                _("三变 pilot form"),
                from_context("three_changes"),
                nullable=True,
                enum=tuple(ThreeChangesPilot.Form.values),
            ),
            Column(
                "federation",
                "string",
                _("Collective economic federation"),
                from_context("federation"),
                nullable=True,
            ),
            Column(
                "patrol_members",
                "number",
                _("Red-armband patrol members"),
                from_context("patrol_members"),
                nullable=True,
            ),
            Column(
                "mediation_centre_count",
                "integer",
                _("Mediation centres"),
                from_context("mediation_centres"),
            ),
            Column(
                "harmonious_families",
                "number",
                _("Peaceful and harmonious families"),
                from_context("harmonious_families"),
                nullable=True,
            ),
            Column(
                "star_households",
                "number",
                _("Nine- and ten-star civil households"),
                from_context("star_households"),
                nullable=True,
            ),
        ),
        filters=(
            YEAR,
            f.TOWNSHIP,
            f.Choice(
                "income_band",
                _("Income band: under_5, 5_to_10, 10_and_over."),
                kwarg="band",
                aliases=("band",),
                values=INCOME_BANDS,
            ),
            f.Flag("pilot", _("三变 pilots (true) or the others (false).")),
            f.BBOX,
            f.Q_TEXT,
        ),
        geometry="boundary",
        related=("township",),
        extra_tables=(
            "layers_starrating",
            "evidence_taskvalue",
            "evidence_gridcell",
            "evidence_threechangespilot",
            "evidence_federation",
            "evidence_federation_villages",
            "evidence_mediationcentre",
        ),
        polygons=True,
        tiles=TileSettings(
            "village-work",
            (
                "code",
                "short_name",
                "income_band",
                "party_links",
                "three_changes_form",
                "federation",
                "mediation_centre_count",
                "harmonious_families",
                "star_households",
            ),
        ),
    )
)

MEDIATION_CENTRES = register(
    Layer(
        name="mediation-centres",
        title=_("One-stop dispute mediation centres"),
        model=MediationCentre,
        selector_path="evidence.layer_selectors.mediation_centre_list",
        columns=(
            Column("name", "string", _("Name"), sortable=True),
            Column(
                "village_code",
                "string",
                _("Village code"),
                "village__code",
                sortable=True,
            ),
            Column(
                "township_code", "string", _("Township code"), "village__township__code"
            ),
            Column("opened_year", "integer", _("Opened in"), sortable=True),
        ),
        filters=(YEAR, f.TOWNSHIP, f.VILLAGE, f.BBOX),
        geometry="location",
        related=("village", "village__township"),
        default_order=("village_code",),
        id_column="id",
        tiles=TileSettings(
            "mediation-centres", ("name", "village_code", "opened_year")
        ),
    )
)
