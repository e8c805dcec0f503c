"""Fix the colours, outlines and icons the maps and their legends share.

The same table drives the legend (Python) and the drawing (JavaScript, through the page
config), so a colour is stated once.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from layers.models import ClearedSite, EODProject, Star

# ColorBrewer YlOrRd, darkest for five stars; grey for a branch with no star or no rating.
LEVEL_COLOURS = {
    5: "#bd0026",
    4: "#f03b20",
    3: "#fd8d3c",
    2: "#feb24c",
    1: "#fed976",
    0: "#d9d9d9",
}
LEVEL_LABELS = {
    5: pgettext_lazy("star level", "Five stars"),
    4: pgettext_lazy("star level", "Four stars"),
    3: pgettext_lazy("star level", "Three stars"),
    2: pgettext_lazy("star level", "Two stars"),
    1: pgettext_lazy("star level", "One star"),
    0: pgettext_lazy("star level", "No star or not rated"),
}
WEAK_OUTLINE = {"color": "#000000", "weight": 2.5, "dashArray": "5 3"}
QUASI_OUTLINE = {"color": "#6a3d9a", "weight": 2.5, "dashArray": None}
FILTERED_OUT = {"fillColor": "#ffffff", "fillOpacity": 0.25}

KIND_COLOURS = {
    ClearedSite.Kind.POND: "#1f78b4",
    ClearedSite.Kind.GARBAGE: "#8c510a",
    ClearedSite.Kind.RUINED_WALL: "#636363",
    ClearedSite.Kind.HOLLOW_YARD: "#33a02c",
    ClearedSite.Kind.OTHER: "#984ea3",
}

# Font Awesome 6 (free, solid) icon and awesome-markers colour per EOD sub-project.
SUB_PROJECT_ICONS = {
    EODProject.SubProject.VILLAGE_SEWAGE: ("droplet", "blue"),
    EODProject.SubProject.SEWAGE_PLANT: ("industry", "darkblue"),
    EODProject.SubProject.CLEAN_GAS: ("fire-flame-simple", "orange"),
    EODProject.SubProject.SALINE_LAND: ("seedling", "green"),
    EODProject.SubProject.SLUDGE_REUSE: ("recycle", "cadetblue"),
    EODProject.SubProject.INDUSTRY_PARK: ("warehouse", "purple"),
}
CENTRE_ICON = "landmark-flag"
PAIRING_ICON = "handshake"
PAIRING_OUTLINE = {"color": "#1f4e9c", "weight": 2, "dashArray": "2 4"}


def level_items() -> list[dict]:
    """Return the star-level legend: one swatch per level, then the two outline marks."""
    items = [
        {"colour": LEVEL_COLOURS[level], "label": LEVEL_LABELS[level]}
        for level in range(5, -1, -1)
    ]
    items.append({"outline": WEAK_OUTLINE, "label": _("Weak or lax branch")})
    items.append({"outline": QUASI_OUTLINE, "label": _("Quasi-five-star candidate")})
    return items


def kind_items() -> list[dict]:
    """Return the cleared-site legend: one dot colour per kind."""
    return [
        {"colour": KIND_COLOURS[kind], "label": kind.label, "shape": "dot"}
        for kind in ClearedSite.Kind
    ]


def sub_project_items() -> list[dict]:
    """Return the EOD legend: one icon per sub-project."""
    return [
        {"icon": icon, "marker": marker, "label": sub.label}
        for sub, (icon, marker) in SUB_PROJECT_ICONS.items()
    ]


def star_choices() -> list[dict]:
    """Return the five stars as key/label pairs, in the province's order."""
    return [{"key": star.value, "label": star.label} for star in Star]


def js_styles() -> dict:
    """Return the drawing table for the page config (JSON-ready, labels excluded)."""
    return {
        "levels": {str(level): colour for level, colour in LEVEL_COLOURS.items()},
        "weak": WEAK_OUTLINE,
        "quasi": QUASI_OUTLINE,
        "filteredOut": FILTERED_OUT,
        "kinds": {str(kind): colour for kind, colour in KIND_COLOURS.items()},
        "subProjects": {
            str(sub): {"icon": icon, "marker": marker}
            for sub, (icon, marker) in SUB_PROJECT_ICONS.items()
        },
        "centreIcon": CENTRE_ICON,
        "pairingIcon": PAIRING_ICON,
        "pairing": PAIRING_OUTLINE,
        "markerColours": MARKER_COLOURS,
        "completion": [[low, colour] for low, colour, _label in COMPLETION_BREAKS],
        "noTarget": NO_TARGET_COLOUR,
        "change": CHANGE_COLOURS,
    }


# Leaflet.awesome-markers' colour names and the fills they paint (for legends and areas).
MARKER_COLOURS = {
    "red": "#d63e2a",
    "darkred": "#a23336",
    "orange": "#f69730",
    "green": "#72b026",
    "darkgreen": "#728224",
    "blue": "#38aadd",
    "darkblue": "#0067a3",
    "purple": "#d252b9",
    "darkpurple": "#5b396b",
    "cadetblue": "#436978",
    "gray": "#575757",
}

OUTLINE = {"color": "#7f0000", "weight": 3.5, "dashArray": None}
TOWNSHIP_LINE = {"color": "#262626", "weight": 2, "dashArray": None}
HEAT_GRADIENT = "linear-gradient(90deg, blue, cyan, lime, yellow, red)"
# Share of the targets reached (overall), darkest green when every target is met.
COMPLETION_BREAKS = [
    (100, "#1a9850", _("All targets met (100%)")),
    (90, "#91cf60", _("90–99%")),
    (75, "#fee08b", _("75–89%")),
    (50, "#fc8d59", _("50–74%")),
    (0, "#d73027", _("Under 50%")),
]
NO_TARGET_COLOUR = "#bdbdbd"
CHANGE_COLOURS = {
    "up": "#1a9850",
    "down": "#d73027",
    "new": "#4575b4",
    "weak": "#000000",
    "same": "#f0f0f0",
}
CHANGE_LABELS = {
    "up": _("Upgraded"),
    "down": _("Downgraded"),
    "new": _("Newly rated"),
    "weak": _("Newly weak or lax"),
    "same": _("No change"),
}


def township_items() -> list[dict]:
    """Return the township-line legend entry."""
    return [{"outline": TOWNSHIP_LINE, "label": _("Township boundary and name")}]


def heat_items() -> list[dict]:
    """Return the heat-map legend: one gradient from few sites to many."""
    return [{"gradient": HEAT_GRADIENT, "label": _("Few → many cleared sites")}]


def centre_items() -> list[dict]:
    """Return the service-centre legend entry (the map's red round icon)."""
    return [{"icon": CENTRE_ICON, "iconBg": "#c00000", "label": _("Service centre")}]


def pairing_items() -> list[dict]:
    """Return the pairing legend: the village outline and the label icon."""
    return [
        {"outline": PAIRING_OUTLINE, "label": _("Paired village")},
        {"icon": PAIRING_ICON, "iconBg": "#1f4e9c", "label": _("Leader or department")},
    ]


def completion_items() -> list[dict]:
    """Return the completion legend: one fill per band, grey without targets."""
    items = [
        {"colour": colour, "label": label} for _b, colour, label in COMPLETION_BREAKS
    ]
    items.append({"colour": NO_TARGET_COLOUR, "label": _("No targets set")})
    return items


def change_items() -> list[dict]:
    """Return the year-on-year legend."""
    items = [
        {"colour": CHANGE_COLOURS[key], "label": CHANGE_LABELS[key]}
        for key in ("up", "down", "new", "same")
    ]
    items.append(
        {
            "outline": {"color": "#000000", "weight": 3, "dashArray": "5 3"},
            "label": CHANGE_LABELS["weak"],
        }
    )
    return items


def completion_colour(pct: float | None) -> str:
    """Return the fill of a completion share (percent), grey without targets."""
    if pct is None:
        return NO_TARGET_COLOUR
    for low, colour, _label in COMPLETION_BREAKS:
        if pct >= low:
            return colour
    return COMPLETION_BREAKS[-1][1]


def star_choices_map() -> dict:
    """Return {star key: label}."""
    return {choice["key"]: choice["label"] for choice in star_choices()}
