"""Render a Folium map as three pieces a Django template places: head, body and script."""

import re
from dataclasses import dataclass

import folium
from folium.template import Template

from .assets import IN_BASE_TEMPLATE, localise
from .plugins import FeedLayer

REMOTE_LINK = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.IGNORECASE)


class PageMap(folium.Map):
    """A folium.Map that fills its container instead of the whole browser window."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
            <style>
                #{{ this.get_name() }} { position: relative; width: 100%; height: 100%; }
                .leaflet-container { font-size: {{ this.font_size }}; }
            </style>
            <script>
                L_NO_TOUCH = {{ this.global_switches.no_touch|tojson }};
                L_DISABLE_3D = {{ this.global_switches.disable_3d|tojson }};
            </script>
        {% endmacro %}

        {% macro html(this, kwargs) %}
            <div class="folium-map gp-map" id={{ this.get_name()|tojson }}></div>
        {% endmacro %}

        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.map(
                {{ this.get_name()|tojson }},
                {
                    center: {{ this.location|tojson }},
                    crs: L.CRS.{{ this.crs }},
                    ...{{ this.options|tojavascript }}
                }
            );
            {%- if this.control_scale %}
            L.control.scale({imperial: false}).addTo({{ this.get_name() }});
            {%- endif %}
        {% endmacro %}
        """
    )


@dataclass(frozen=True)
class MapParts:
    head: str
    body: str
    script: str
    preloads: list[str]


def shown_feed_urls(m: folium.Map) -> list[str]:
    """Return the feed URLs the map fetches on opening (groups shown on the map)."""
    urls = []
    for group in m._children.values():
        if not getattr(group, "show", False):
            continue
        for child in group._children.values():
            if isinstance(child, FeedLayer) and child.url:
                urls.append(child.url)
    return urls


def map_parts(m: folium.Map) -> MapParts:
    """Render `m` with local assets and return its head links, map div and script."""
    localise(m)
    figure = m.get_root()
    figure.render()
    for name in ("meta_http", *IN_BASE_TEMPLATE):
        figure.header._children.pop(name, None)
    head = figure.header.render()
    if REMOTE_LINK.search(head):
        raise ValueError("a map asset would load from another host: " + head)
    return MapParts(
        head=head,
        body=figure.html.render(),
        script=figure.script.render(),
        preloads=shown_feed_urls(m),
    )
