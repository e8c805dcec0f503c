"""Add the basemaps the settings allow: Tianditu, OpenStreetMap, or none (county outline).

Tianditu and OpenStreetMap tiles are WGS 84 / CGCS2000 like our data, so nothing is shifted.
AMap (GCJ-02) is not offered: every overlay would have to be shifted ~520 m for it.
"""

import folium
from django.utils.translation import gettext_lazy as _

from .plugins import BaseLayerName, FeedLayer

TIANDITU = (
    "https://t{s}.tianditu.gov.cn/LAYER_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
    "&LAYER=LAYER&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}"
    "&TILECOL={x}&tk=KEY"
)
TIANDITU_ATTR = "天地图 © 国家地理信息公共服务平台"
OSM = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTR = '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
KNOWN = ("tianditu_vec", "tianditu_img", "osm", "blank")
LABELS = {
    "tianditu_vec": _("Tianditu map"),
    "tianditu_img": _("Tianditu imagery"),
    "osm": _("OpenStreetMap"),
    "blank": _("No basemap (county outline)"),
}


def offered(wanted: list[str], tianditu_key: str) -> list[str]:
    """Return the basemaps to offer, in order; the first is shown on opening.

    Tianditu needs a key; without one, "blank" comes first so no tile leaves the intranet.
    """
    unknown = [name for name in wanted if name not in KNOWN]
    if unknown:
        raise ValueError(f"unknown basemap(s) {unknown}; choose from {list(KNOWN)}")
    names = [n for n in wanted if tianditu_key or not n.startswith("tianditu")]
    if not tianditu_key and "blank" in names:
        names.remove("blank")
        names.insert(0, "blank")
    return names or ["blank"]


def tianditu_group(
    layer: str, labels: str, key: str, name, show: bool
) -> folium.FeatureGroup:
    """Return a base layer of Tianditu tiles with their label tiles on top."""
    group = folium.FeatureGroup(name=str(name), overlay=False, show=show)
    for code in (layer, labels):
        folium.TileLayer(
            tiles=TIANDITU.replace("LAYER", code).replace("KEY", key),
            attr=TIANDITU_ATTR,
            subdomains="01234567",
            max_zoom=18,
            control=False,
        ).add_to(group)
    return group


def add_basemaps(
    m, *, names: list[str], tianditu_key: str, outline: dict | None
) -> None:
    """Add each offered basemap to `m` as a base layer (radio button)."""
    for index, name in enumerate(names):
        show = index == 0
        if name == "tianditu_vec":
            group = tianditu_group("vec", "cva", tianditu_key, _("Tianditu map"), show)
        elif name == "tianditu_img":
            group = tianditu_group(
                "img", "cia", tianditu_key, _("Tianditu imagery"), show
            )
        elif name == "osm":
            group = folium.FeatureGroup(
                name=str(_("OpenStreetMap")), overlay=False, show=show
            )
            folium.TileLayer(OSM, attr=OSM_ATTR, max_zoom=19, control=False).add_to(
                group
            )
        else:
            group = folium.FeatureGroup(
                name=str(_("No basemap (county outline)")), overlay=False, show=show
            )
            FeedLayer("outline", "", data=outline).add_to(group)
        BaseLayerName(name).add_to(group)
        group.add_to(m)
