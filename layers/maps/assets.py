"""Serve every script and stylesheet of a map from the project's static files.

Folium and its plugins name their assets (`("leaflet", "https://cdn...")`); each name is
mapped here to a file fetched from npm into static/vendor (see static/vendor/fetch.sh) or
to the project's own static/geoportal files. An asset with no local copy stops the render:
a page that needs the internet must not reach a government intranet.
"""

from django.templatetags.static import static

JS = {
    "leaflet": "vendor/leaflet/1.9.4/leaflet.js",
    "jquery": "vendor/jquery/3.7.1/jquery.min.js",
    "bootstrap": "vendor/bootstrap/5.2.3/js/bootstrap.bundle.min.js",
    "awesome_markers": "vendor/leaflet.awesome-markers/2.0.5/leaflet.awesome-markers.js",
    "markerclusterjs": "vendor/leaflet.markercluster/1.5.3/leaflet.markercluster.js",
    "leaflet_heat": "vendor/leaflet.heat/0.2.0/leaflet-heat.js",
    "gp_format": "geoportal/js/format.js",
    "gp_core": "geoportal/js/core.js",
    "gp_villages": "geoportal/js/villages.js",
    "gp_card": "geoportal/js/card.js",
    "gp_overlays": "geoportal/js/overlays.js",
    "gp_sites": "geoportal/js/sites.js",
    "gp_controls": "geoportal/js/controls.js",
    "gp_totals": "geoportal/js/totals.js",
    "gp_evidence": "evidence/map.js",  # evidence app (issue 14)
    "gp_photos": "inspections/card_photos.js",  # photos in the village card (issue 11)
    "gp_view": "geoportal/js/view.js",
    "gp_search": "geoportal/js/search.js",
    "gp_ranking": "geoportal/js/ranking.js",
    "gp_change": "geoportal/js/change.js",
    "gp_print": "geoportal/js/print.js",
}
CSS = {
    "leaflet_css": "vendor/leaflet/1.9.4/leaflet.css",
    "bootstrap_css": "vendor/bootstrap/5.2.3/css/bootstrap.min.css",
    "awesome_markers_font_css": "vendor/fontawesome-free/6.7.2/css/all.min.css",
    "awesome_markers_css": "vendor/leaflet.awesome-markers/2.0.5/leaflet.awesome-markers.css",
    "markerclustercss": "vendor/leaflet.markercluster/1.5.3/MarkerCluster.css",
    "markerclusterdefaultcss": "vendor/leaflet.markercluster/1.5.3/MarkerCluster.Default.css",
    "gp_css": "geoportal/css/map.css",
}
# Folium links these for folium.Icon's glyphicons and its rotation angle, for jQuery's
# $(document).ready in folium.Map (PageMap's template has none) and for Bootstrap's
# components (the pages use Bootstrap's CSS only). The pages draw every icon with Font
# Awesome (prefix "fa") and never rotate one, so all four are left out; jQuery and
# Bootstrap's script stay vendored (static/vendor) for any plugin that needs them.
UNUSED = {"glyphicons_css", "awesome_rotate_css", "jquery", "bootstrap"}
# base.html links Bootstrap's CSS on every page, so map pages leave it out of the header.
IN_BASE_TEMPLATE = {"bootstrap_css"}


class RemoteAsset(ValueError):
    """Raised when an element asks for an asset that has no local copy."""


def local_links(
    links: list[tuple[str, str]], table: dict[str, str]
) -> list[tuple[str, str]]:
    """Return `links` with every URL replaced by its static URL, unused ones dropped."""
    out = []
    for name, url in links:
        if name in UNUSED:
            continue
        if name not in table:
            raise RemoteAsset(
                f"no local copy of {name!r} ({url}); add it to layers/maps/assets.py"
            )
        out.append((name, static(table[name])))
    return out


def localise(element) -> None:
    """Point every asset link of `element` and its descendants at the static files."""
    if hasattr(element, "default_js"):
        # Instance attributes: assigning never mutates Folium's class-level lists.
        element.default_js = local_links(element.default_js, JS)
        element.default_css = local_links(element.default_css, CSS)
    for child in list(element._children.values()):
        localise(child)
