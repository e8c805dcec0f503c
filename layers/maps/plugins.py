"""The project's small Folium plugins: each is a MacroElement whose template calls GP.*.

The JavaScript lives in static/geoportal/js (one file per concern); a plugin only hands it
plain JSON: a feed URL and how to draw it, the legend's entries, the filter's choices.
"""

import json
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.core.serializers.json import DjangoJSONEncoder
from folium.elements import JSCSSMixin
from folium.template import Template

LOCAL = "local"  # the URL is filled in from layers/maps/assets.py


def with_query(url: str, **params) -> str:
    """Return `url` with `params` set in its query string (as the browser's URL API does)."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    query.update({key: str(value) for key, value in params.items()})
    return urlunsplit(parts._replace(query=urlencode(query)))


def plain(value):
    """Return `value` as plain JSON data (lazy translations become text)."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


class GeoportalSetup(JSCSSMixin):
    """Load the page scripts and hand them the map, the labels, the styles and the URLs."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            GP.init({{ this._parent.get_name() }}, {{ this.config|tojson }});
        {% endmacro %}
        """
    )
    default_js = [
        (name, LOCAL)
        for name in (
            "gp_format",
            "gp_core",
            "gp_view",
            "gp_villages",
            "gp_card",
            "gp_overlays",
            "gp_controls",
            "gp_print",
        )
    ]
    default_css = [("gp_css", LOCAL)]

    def __init__(self, config: dict):
        super().__init__()
        self._name = "GeoportalSetup"
        self.config = plain(config)


class FeedLayer(JSCSSMixin):
    """Fill the parent layer group from a GeoJSON feed when the group is first shown.

    `kind` picks the drawing function (GP.draw[kind]). With a `year` the feed asks for that
    year and is fetched again with `year=` when the year selector changes; the URL written
    in the page is the one the browser asks first, so the page can preload it.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            GP.feed({{ this._parent.get_name() }}, {{ this.kind|tojson }},
                    {{ this.url|tojson }}, {{ this.options|tojson }});
        {% endmacro %}
        """
    )
    extra_js = {
        "sites": ["gp_sites"],
        "heat": ["gp_sites", "leaflet_heat"],
        "ranking": ["gp_ranking"],
        "change": ["gp_change"],
    }

    def __init__(self, kind: str, url: str, year: int | None = None, **options):
        super().__init__()
        self._name = "FeedLayer"
        if year is not None:
            url, options["perYear"] = with_query(url, year=year), True
        self.kind, self.url = kind, url
        self.options = plain(options)
        self.default_js = [(name, LOCAL) for name in self.extra_js.get(kind, [])]


class Legend(JSCSSMixin):
    """A categorical legend: sections of colour, outline or icon swatches with labels."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            GP.legend({{ this._parent.get_name() }}, {{ this.sections|tojson }},
                      {{ this.position|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, sections: list[dict], position: str = "bottomright"):
        super().__init__()
        self._name = "Legend"
        self.sections, self.position = plain(sections), position


class FilterControl(JSCSSMixin):
    """A year selector and a "villages holding star X" selector."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            GP.filterControl({{ this._parent.get_name() }}, {{ this.years|tojson }},
                             {{ this.stars|tojson }}, "topleft");
        {% endmacro %}
        """
    )

    def __init__(self, years: list[int], stars: list[dict]):
        super().__init__()
        self._name = "FilterControl"
        self.years, self.stars = list(years), plain(stars)


class TotalsPanel(JSCSSMixin):
    """A panel of villages at each level against the targets, for the selected year.

    `totals` holds every rated year (a few numbers each), so switching years needs no request.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            GP.totalsPanel({{ this._parent.get_name() }}, {{ this.totals|tojson }});
        {% endmacro %}
        """
    )
    default_js = [("gp_totals", LOCAL)]

    def __init__(self, totals: dict[int, dict]):
        super().__init__()
        self._name = "TotalsPanel"
        self.totals = plain({str(year): value for year, value in totals.items()})


class Start(JSCSSMixin):
    """Load the visible feeds; add it last, once every layer and control exists."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            GP.start();
        {% endmacro %}
        """
    )


class SearchControl(JSCSSMixin):
    """A search box: a village by name, short name, code or pinyin initials."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            GP.searchControl({{ this._parent.get_name() }}, "topleft");
        {% endmacro %}
        """
    )
    default_js = [("gp_search", LOCAL)]

    def __init__(self):
        super().__init__()
        self._name = "SearchControl"


class BaseLayerName(JSCSSMixin):
    """Name a basemap group for the address (`base=`) and watch its tiles for failures."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            GP.baseLayer({{ this._parent.get_name() }}, {{ this.name|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, name: str):
        super().__init__()
        self._name = "BaseLayerName"
        self.name = name
