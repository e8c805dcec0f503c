"""Build the county, township and village maps from plain facts; the browser fetches data.

A builder never queries the ORM and never fetches the API: the view hands it names, codes,
years and feed URLs, and the map's scripts fetch the features from those URLs.
"""

from dataclasses import dataclass, field

import folium
from django.utils.translation import gettext as _
from folium.plugins import MarkerCluster

# evidence app (issue 14): the work behind each star as layers, star tasks in the card
from evidence.maps import EvidenceSetup, add_evidence_layers, evidence_legend_sections
from inspections.maps import PhotoCardSetup  # photos in the village card (issue 11)

from . import styles
from .basemaps import add_basemaps, offered
from .labels import map_labels
from .plugins import (
    FeedLayer,
    FilterControl,
    GeoportalSetup,
    Legend,
    SearchControl,
    Start,
    TotalsPanel,
)
from .render import PageMap

NEIHUANG_CENTRE = (35.93, 114.90)


@dataclass
class MapFacts:
    """What a map needs to know: feed URLs, years, basemaps, language."""

    feeds: dict[str, str]
    years: list[int]
    year: int | None
    locale: str
    basemaps: list[str] = field(default_factory=lambda: ["blank"])
    tianditu_key: str = ""
    outline: dict | None = None
    page_urls: dict[str, str] = field(default_factory=dict)
    initials: dict[str, list[str]] = field(default_factory=dict)
    year_from_page: bool = False
    completion: dict = field(default_factory=dict)
    printing: bool = False


def new_map(facts: MapFacts, zoom: int = 10) -> folium.Map:
    """Return an empty page map with the setup plugin and the basemaps."""
    m = PageMap(
        location=NEIHUANG_CENTRE,
        zoom_start=zoom,
        tiles=None,
        control_scale=True,
        minZoom=7,
        maxZoom=18,
        zoomSnap=0.25,  # fit the county (taller than wide) to the frame, not a whole zoom
        zoomDelta=0.5,
    )
    GeoportalSetup(page_config(facts)).add_to(m)
    names = offered(facts.basemaps, facts.tianditu_key)
    add_basemaps(m, names=names, tianditu_key=facts.tianditu_key, outline=facts.outline)
    return m


def page_config(facts: MapFacts) -> dict:
    """Return the JSON the scripts start from."""
    return {
        "labels": map_labels(),
        "styles": styles.js_styles(),
        "urls": facts.page_urls,
        "year": facts.year,
        "years": facts.years,
        "yearFromPage": facts.year_from_page,
        "starKeys": [choice["key"] for choice in styles.star_choices()],
        "initials": facts.initials,
        "completion": facts.completion,
        "print": facts.printing,
        "locale": facts.locale,
    }


def overlay(m, name: str, kind: str, url: str, *, show: bool, **options):
    """Add an overlay group that fills itself from a feed."""
    group = folium.FeatureGroup(name=name, overlay=True, show=show)
    FeedLayer(kind, url, title=str(name), **options).add_to(group)
    group.add_to(m)
    return group


def cleared_sites(m, url: str, *, show: bool) -> None:
    """Add the cleared sites twice: clustered and coloured by kind, and as a heat map."""
    cluster = MarkerCluster(
        name=_("Cleared sites (clustered)"),
        overlay=True,
        show=show,
        icon_create_function="function (cluster) { return GP.clusterIcon(cluster); }",
        chunked_loading=True,
        disable_clustering_at_zoom=16,
    )
    FeedLayer("sites", url, title=str(_("Cleared sites (clustered)"))).add_to(cluster)
    cluster.add_to(m)
    overlay(m, _("Cleared sites (heat map)"), "heat", url, show=False)


def legend_sections() -> list[dict]:
    """Return the legend: one section per layer, shown while that layer is on."""
    return [
        {
            "title": _("Star level"),
            "items": styles.level_items(),
            "feed": "villages",
        },
        {
            "title": _("Township boundaries and names"),
            "items": styles.township_items(),
            "feed": "townships",
        },
        {"title": _("Cleared sites"), "items": styles.kind_items(), "feed": "sites"},
        {
            "title": _("Cleared sites (heat map)"),
            "items": styles.heat_items(),
            "feed": "heat",
        },
        {
            "title": _("EOD sub-projects"),
            "items": styles.sub_project_items(),
            "feed": "eod",
        },
        {
            "title": _("Service centres"),
            "items": styles.centre_items(),
            "feed": "centres",
        },
        {
            "title": _("Paired villages"),
            "items": styles.pairing_items(),
            "feed": "pairings",
        },
        {
            "title": _("Townships by completion of the targets"),
            "items": styles.completion_items(),
            "feed": "ranking",
        },
        {
            "title": _("Change between two years"),
            "items": styles.change_items(),
            "feed": "change",
        },
        {
            "title": _("Basemap"),
            "items": [{"outline": styles.OUTLINE, "label": _("County boundary")}],
            "feed": "outline",
        },
    ]


def add_areas(m, facts: MapFacts, *, villages: dict, townships: dict) -> None:
    """Add the villages by star level (re-fetched per year) and the township lines."""
    feeds = facts.feeds
    name = _("Villages by star level")
    overlay(
        m, name, "villages", feeds["villages"], show=True, year=facts.year, **villages
    )
    name = _("Township boundaries and names")
    overlay(m, name, "townships", feeds["townships"], show=True, **townships)


def add_points(m, facts: MapFacts, *, show_sites: bool, show_centres: bool) -> None:
    """Add EOD sites, cleared sites, service centres and paired villages.

    The county overview opens with the villages alone (62 EOD pins would hide them);
    township and village maps open with their sites and centres.
    """
    feeds = facts.feeds
    overlay(m, _("EOD sites"), "eod", feeds["eod_sites"], show=show_sites)
    cleared_sites(m, feeds["cleared_sites"], show=show_sites)
    centres = feeds["service_centres"]
    overlay(m, _("Service centres"), "centres", centres, show=show_centres)
    pairings = feeds["pairings"]
    overlay(m, _("Paired villages"), "pairings", pairings, show=False, year=facts.year)


def finish(m, legend_at: str = "bottomright", collapsed: bool = False) -> folium.Map:
    """Add the legend, the layer control and the start call, in that order."""
    sections = legend_sections() + evidence_legend_sections()
    Legend(sections, position=legend_at).add_to(m)
    folium.LayerControl(position="topright", collapsed=collapsed).add_to(m)
    Start().add_to(m)
    return m


def county_map(facts: MapFacts, totals: dict[int, dict]) -> folium.Map:
    """Return the county overview: every village by star level, all layers, totals."""
    m = new_map(facts)
    add_areas(m, facts, villages={"fit": True}, townships={})
    add_points(m, facts, show_sites=False, show_centres=False)
    add_evidence_layers(m, facts)
    PhotoCardSetup().add_to(m)
    name = _("Townships by completion of the targets")
    overlay(m, name, "ranking", facts.feeds["townships"], show=False)
    if "changes" in facts.feeds:
        name = _("Change between two years")
        overlay(m, name, "change", facts.feeds["changes"], show=False)
    SearchControl().add_to(m)
    FilterControl(facts.years, styles.star_choices()).add_to(m)
    TotalsPanel(totals).add_to(m)
    return finish(m)


def township_map(facts: MapFacts, township_code: str) -> folium.Map:
    """Return one township's map, zoomed to it, with its villages and sites."""
    m = new_map(facts, zoom=12)
    add_areas(m, facts, villages={"fit": True}, townships={"focus": township_code})
    add_points(m, facts, show_sites=True, show_centres=True)
    add_evidence_layers(m, facts, township=township_code)
    PhotoCardSetup().add_to(m)
    # The page's own year form picks the year: its table and chart follow it too.
    SearchControl().add_to(m)
    FilterControl([], styles.star_choices()).add_to(m)
    # Legend bottom right, layer list folded: the filters (top left) stay uncovered.
    return finish(m, legend_at="bottomright", collapsed=True)


def village_map(facts: MapFacts, village_code: str) -> folium.Map:
    """Return one village's map: its township's villages, the village outlined, its sites."""
    m = new_map(facts, zoom=14)
    add_areas(m, facts, villages={"highlight": village_code}, townships={})
    add_points(m, facts, show_sites=True, show_centres=True)
    EvidenceSetup().add_to(m)
    return finish(m, legend_at="bottomleft", collapsed=True)
