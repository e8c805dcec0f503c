"""The work behind each star on the county and township maps: overlays fed by the
catalogue's OGC items (layers evidence.catalog), drawn by static/evidence/map_layers.js."""

import folium
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from folium.elements import JSCSSMixin
from folium.template import Template

from layers.maps.plugins import LOCAL, FeedLayer, plain, with_query

INCOME_COLOURS = {"under_5": "#de2d26", "5_to_10": "#fdae6b", "10_and_over": "#31a354"}
FORM_COLOURS = {
    "joint_enterprise": "#6a3d9a",
    "land_trusteeship": "#1f78b4",
    "land_swap": "#33a02c",
}
COUNT_COLOUR = {"links": "#c51b8a", "safety": "#2171b5", "civility": "#e6550d"}
MEDIATION_COLOUR = "#08519c"


def items_url(layer: str, **params) -> str:
    url = reverse("ogc-items", args=[layer])
    return with_query(url, limit=10000, **params)


def add_evidence_layers(m, facts, township: str | None = None) -> None:
    """Add the work layers (hidden until chosen), each re-fetched for the shown year."""
    where = {"township": township} if township else {}
    work = items_url("village-work", **where)
    layers = [
        (_("Collective income bands (清五跃十)"), "evidence_income", work),
        (_("Party members linked to households"), "evidence_links", work),
        (_("三变 pilots and federations"), "evidence_pilots", work),
        (_("Patrols and peaceful, harmonious families"), "evidence_safety", work),
        (
            _("Mediation centres"),
            "evidence_mediation",
            items_url("mediation-centres", **where),
        ),
        (_("Nine- and ten-star civil households"), "evidence_civility", work),
        (_("Grid cells (网格)"), "evidence_grid", items_url("grid-cells", **where)),
    ]
    EvidenceSetup().add_to(m)
    for title, kind, url in layers:
        group = folium.FeatureGroup(name=str(title), overlay=True, show=False)
        FeedLayer(kind, url, year=facts.year, title=str(title)).add_to(group)
        group.add_to(m)


def evidence_legend_sections() -> list[dict]:
    """Return the legend sections of the work layers, each shown while its layer is on."""
    return [
        {
            "title": _("Collective income"),
            "feed": "evidence_income",
            "items": [
                {
                    "colour": INCOME_COLOURS["under_5"],
                    "label": _("under 50,000 yuan (清五)"),
                },
                {
                    "colour": INCOME_COLOURS["5_to_10"],
                    "label": _("50,000–100,000 yuan"),
                },
                {
                    "colour": INCOME_COLOURS["10_and_over"],
                    "label": _("100,000 yuan and more (跃十)"),
                },
            ],
        },
        {
            "title": _("Party members linked to households"),
            "feed": "evidence_links",
            "items": [
                {"colour": COUNT_COLOUR["links"], "label": _("circle area: members")}
            ],
        },
        {
            "title": _("三变 pilots and federations"),
            "feed": "evidence_pilots",
            "items": [
                {
                    "colour": FORM_COLOURS["joint_enterprise"],
                    "label": _("joint enterprise"),
                },
                {
                    "colour": FORM_COLOURS["land_trusteeship"],
                    "label": _("land trusteeship"),
                },
                {"colour": FORM_COLOURS["land_swap"], "label": _("land-right swap")},
                {
                    "outline": {"color": "#000000", "weight": 2, "dashArray": "4 3"},
                    "label": _("member of a federation"),
                },
            ],
        },
        {
            "title": _("Patrols and peaceful, harmonious families"),
            "feed": "evidence_safety",
            "items": [
                {"colour": COUNT_COLOUR["safety"], "label": _("circle area: families")}
            ],
        },
        {
            "title": _("Mediation centres"),
            "feed": "evidence_mediation",
            "items": [
                {"colour": MEDIATION_COLOUR, "label": _("one-stop mediation centre")}
            ],
        },
        {
            "title": _("Nine- and ten-star civil households"),
            "feed": "evidence_civility",
            "items": [
                {
                    "colour": COUNT_COLOUR["civility"],
                    "label": _("circle area: households"),
                }
            ],
        },
        {
            "title": _("Grid cells (网格)"),
            "feed": "evidence_grid",
            "items": [
                {"outline": {"color": "#525252", "weight": 1}, "label": _("grid cell")}
            ],
        },
    ]


def evidence_styles() -> dict:
    """Return the colours the drawing script reads (GP.evidenceStyles)."""
    return {
        "income": INCOME_COLOURS,
        "forms": FORM_COLOURS,
        "counts": COUNT_COLOUR,
        "mediation": MEDIATION_COLOUR,
        "cardUrl": reverse("evidence:api-card", args=["__code__"]),
        "entryUrl": reverse("evidence:entry", args=["__code__"]),
        "labels": {
            "loading": str(_("Loading the star tasks…")),
            "noTasks": str(_("The star tasks could not be loaded.")),
            "starTasks": str(_("Star tasks")),
            "evidencePage": str(_("Evidence and values")),
            "levels": str(
                _("Recorded level {recorded}, suggested by the rules {suggested}")
            ),
            "rulesMet": str(_("rules met")),
            "rulesNotMet": str(_("rules not met")),
            "income": str(_("Collective income")),
            "links": str(_("Party members linked to households")),
            "linked": str(_("Households linked (grid cells)")),
            "form": str(_("三变 pilot form")),
            "federation": str(_("Collective economic federation")),
            "patrol": str(_("Red-armband patrol members")),
            "families": str(_("Peaceful and harmonious families")),
            "households": str(_("Nine- and ten-star civil households")),
            "worker": str(_("Grid worker")),
            "cellHouseholds": str(_("Households")),
            "forms": {
                "joint_enterprise": str(_("joint enterprise")),
                "land_trusteeship": str(_("land trusteeship")),
                "land_swap": str(_("land-right swap")),
            },
        },
    }


class EvidenceSetup(JSCSSMixin):
    """Load the work layers' drawing script and hand it their colours and labels."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            GP.evidenceStyles = {{ this.config|tojson }};
        {% endmacro %}
        """
    )
    default_js = [("gp_evidence", LOCAL)]

    def __init__(self):
        super().__init__()
        self._name = "EvidenceSetup"
        self.config = plain(evidence_styles())
