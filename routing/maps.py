"""Folium maps for the planner: targets to pick from, and a plan's routes and stops.

Builders take plain data and URLs (the views gather them); they never query the ORM. The
page infrastructure (basemaps, local assets, rendering into parts) is the maps app's.
"""

import folium
from branca.element import MacroElement
from django.utils.translation import gettext as _
from folium.template import Template

from layers.maps.builders import new_map
from layers.maps.plugins import Start
from layers.maps.render import map_parts

GROUP_COLOURS = [
    "#d62728",
    "#1f77b4",
    "#2ca02c",
    "#9467bd",
    "#ff7f0e",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#bcbd22",
    "#7f7f7f",
]
UNPLANNED_COLOUR = "#555555"


def colour(group_index: int) -> str:
    return GROUP_COLOURS[(group_index - 1) % len(GROUP_COLOURS)]


class PickLayer(MacroElement):
    """Fetch candidate villages (GeoJSON) and let a click add or remove a code in a field."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
          var map = {{ this._parent.get_name() }}, field = document.getElementById(
            {{ this.field_id|tojson }}), group = L.featureGroup().addTo(map);
          function codes() { return field.value.split(/[\\s,;，；]+/).filter(Boolean); }
          function toggle(code) {
            var list = codes(), at = list.indexOf(code);
            if (at < 0) { list.push(code); } else { list.splice(at, 1); }
            field.value = list.join("\\n");
            field.dispatchEvent(new Event("change"));
          }
          fetch({{ this.url|tojson }}, {credentials: "same-origin"})
            .then(function (r) { return r.json(); })
            .then(function (fc) {
              L.geoJSON(fc, {pointToLayer: function (f, ll) {
                return L.circleMarker(ll, {radius: 5, color: "#b02a37", weight: 1,
                                           fillOpacity: 0.7})
                  .bindTooltip(f.properties.township_name + " " + f.properties.short_name)
                  .on("click", function () { toggle(f.properties.code); });
              }}).addTo(group);
              if (group.getLayers().length) { map.fitBounds(group.getBounds()); }
            });
        })();
        {% endmacro %}
    """)

    def __init__(self, url: str, field_id: str):
        super().__init__()
        self._name = "PickLayer"
        self.url, self.field_id = url, field_id


def planner_map(facts, candidates_url: str, field_id: str):
    """Return the planner's map parts: candidate villages that a click adds to the list."""
    m = new_map(facts, zoom=10)
    PickLayer(candidates_url, field_id).add_to(m)
    folium.LayerControl(position="topright").add_to(m)
    Start().add_to(m)
    return map_parts(m)


def stop_icon(seq: int | str, fill: str) -> folium.DivIcon:
    html = (
        f'<div style="background:{fill};color:#fff;border-radius:50%;width:20px;'
        f"height:20px;line-height:20px;text-align:center;font-size:11px;"
        f'font-weight:bold;border:1px solid #fff">{seq}</div>'
    )
    return folium.DivIcon(html=html, icon_size=(20, 20), icon_anchor=(10, 10))


def route_layer(route: dict, lines: list[dict], show: bool) -> folium.FeatureGroup:
    """Return the layer of one group-day: its road line and numbered stops."""
    fill = colour(route["group"])
    name = f"{route['group_name']} · {_('day %(day)s') % {'day': route['day']}}"
    layer = folium.FeatureGroup(name=name, show=show)
    for line in lines:
        folium.GeoJson(
            line,
            style_function=lambda _f, c=fill: {"color": c, "weight": 4, "opacity": 0.8},
        ).add_to(layer)
    folium.Marker(
        (route["base_lat"], route["base_lon"]),
        icon=stop_icon("★", fill),
        tooltip=route["base"],
    ).add_to(layer)
    for stop in route["stops"]:
        folium.Marker(
            (stop["lat"], stop["lon"]),
            icon=stop_icon(stop["seq"], fill),
            tooltip=f"{stop['seq']}. {stop['name']} {stop['arrival']}–{stop['departure']}",
        ).add_to(layer)
    return layer


class DaySwitch(MacroElement):
    """Show the route layers of one day (or all days) when the page's day select changes."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
          var map = {{ this._parent.get_name() }};
          var select = document.getElementById({{ this.select_id|tojson }});
          var days = { {% for day, names in this.days %}
            {{ day|tojson }}: [{% for n in names %}{{ n }}{% if not loop.last %}, {% endif %}{% endfor %}]{% if not loop.last %},{% endif %}{% endfor %} };
          function show(day) {
            Object.keys(days).forEach(function (d) {
              days[d].forEach(function (layer) {
                if (day === "all" || d === day) { map.addLayer(layer); }
                else { map.removeLayer(layer); }
              });
            });
          }
          if (select) {
            select.addEventListener("change", function () { show(select.value); });
            show(select.value);
          }
        })();
        {% endmacro %}
    """)

    def __init__(self, select_id: str, days: list[tuple[str, list[str]]]):
        super().__init__()
        self._name = "DaySwitch"
        self.select_id, self.days = select_id, days


def township_layer(outlines: list[dict]) -> folium.FeatureGroup:
    """Return the township lines (dashed grey), labelled on hover."""
    layer = folium.FeatureGroup(name=_("Township lines"), show=True)
    for outline in outlines:
        folium.PolyLine(
            [[(lat, lon) for lon, lat in line] for line in outline["lines"]],
            color="#666",
            weight=1.2,
            dash_array="4 3",
            tooltip=outline["name"],
        ).add_to(layer)
    return layer


def plan_map(facts, document: dict, features: dict, outlines=(), select_id=None):
    """Return the plan map parts: township lines, a layer per group and day, unfit stops.

    With `select_id`, the page's <select> of that id shows one day or all days.
    """
    m = new_map(facts, zoom=10)
    if outlines:
        township_layer(outlines).add_to(m)
    lines = [f for f in features["features"] if f["properties"]["feature"] == "route"]
    days: dict[str, list[str]] = {}
    for route in document["routes"]:
        own = [
            f
            for f in lines
            if (f["properties"]["group"], f["properties"]["day"])
            == (route["group"], route["day"])
        ]
        layer = route_layer(route, own, show=select_id is not None or route["day"] == 1)
        layer.add_to(m)
        days.setdefault(str(route["day"]), []).append(layer.get_name())
    if select_id:
        DaySwitch(select_id, sorted(days.items(), key=lambda d: int(d[0]))).add_to(m)
    unplanned = folium.FeatureGroup(name=_("Not planned"), show=True)
    for f in features["features"]:
        if f["properties"]["feature"] == "unplanned":
            lon, lat = f["geometry"]["coordinates"]
            folium.CircleMarker(
                (lat, lon),
                radius=5,
                color=UNPLANNED_COLOUR,
                fill=True,
                tooltip=f"{f['properties']['name']}",
            ).add_to(unplanned)
    unplanned.add_to(m)
    bounds = feature_bounds(features["features"])
    if bounds:
        m.fit_bounds(bounds, padding=(20, 20))
    folium.LayerControl(position="topright", collapsed=False).add_to(m)
    Start().add_to(m)
    return map_parts(m)


def feature_bounds(features: list[dict]) -> list[list[float]] | None:
    """Return [[south, west], [north, east]] around the features' coordinates, or None."""
    points = []
    for feature in features:
        geometry = feature["geometry"]
        coords = geometry["coordinates"]
        points += coords if geometry["type"] == "LineString" else [coords]
    if not points:
        return None
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]
