"""Vector tiles, their TileJSON, a MapLibre style and OGC API - Tiles metadata.

Every layer of the registry (`layers/catalog/`) with tile settings is served. A tile is
the layer's own selector with the same filters as its feed, cut to the tile and scoped by
the roles policy; its bytes and change stamps come from one statement, and a serving
process answers a hot tile from memory until a write trigger fires (`conditional.py`).
"""

import json
import math

from django.http import Http404, HttpResponse, QueryDict
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema

from accounts.policy import readable
from layers import catalog, tiles
from layers.api import conditional as cond
from layers.api import schema
from layers.api.conditional import conditional
from layers.api.filters.params import BBox, Params
from layers.api.views import LayerView
from layers.maps.styles import KIND_COLOURS, LEVEL_COLOURS

MVT = "application/vnd.mapbox-vector-tile"
POINT_COUNT = _("Features in this point (1, or more where nearby points are grouped)")
JSON = "application/json"
MAX_ZOOM = 22
WEB_MERCATOR_QUAD = "WebMercatorQuad"


def tiled_layers():
    """Return the registered layers that have tile settings."""
    return [layer for layer in catalog.layers() if layer.tiles is not None]


def tile_filters(layer):
    """Return the filters a tile takes: the feed's, less `bbox` (the tile is the box)."""
    return [f for f in layer.filters if f.name != "bbox"]


def known(name: str):
    layer = catalog.get(name)
    if layer is None or layer.tiles is None:
        raise Http404
    return layer


def parsed(request, layer) -> dict:
    """Parse the tile filters of `request` (400 naming each wrong one)."""
    p = Params(request.GET, {f.name for f in tile_filters(layer)})
    filters = layer.parse(p)
    p.done()
    return filters


def check_tile(p: Params, z: int, x: int, y: int) -> None:
    """Name whichever of z, x, y lies outside the tile grid."""
    if not 0 <= z <= MAX_ZOOM:
        p.fail("z", f"must be between 0 and {MAX_ZOOM}")
        return
    for name, value in (("x", x), ("y", y)):
        if not 0 <= value < 2**z:
            p.fail(name, f"must be between 0 and {2**z - 1} at zoom {z}")


def _village_filters():
    layer = catalog.get("villages")
    return tile_filters(layer) if layer else []


def tile_query(request, found, z: int, x: int, y: int) -> dict:
    """Return the tile's filters from its query string, raising BadParams when wrong.

    A map asks for dozens of tiles with one query string: the parsed filters are kept
    with the stamps (they hold the default year) until the next change."""
    key = ("tile-filters", found.name, request.META.get("QUERY_STRING", ""))
    kept = cond.STAMPS.recall(key)
    if kept is not None:
        p = Params(QueryDict(), set())
        check_tile(p, z, x, y)
        p.done()
        return kept
    token = cond.STAMPS.token()
    p = Params(request.GET, {f.name for f in tile_filters(found)})
    check_tile(p, z, x, y)
    filters = found.parse(p)
    p.done()
    cond.STAMPS.memo(token, key, filters)
    return filters


class Tile(LayerView):
    """One vector tile: the feed's features (same filters) inside tile z/x/y."""

    @extend_schema(
        parameters=schema.parameters(_village_filters()),
        responses={
            (200, MVT): OpenApiResponse({"type": "string", "format": "binary"}),
            (304, MVT): OpenApiResponse(description="Not modified."),
            400: schema.BAD_REQUEST,
            404: schema.NOT_FOUND,
        },
    )
    def get(self, request, layer, z, x, y, tms=WEB_MERCATOR_QUAD):
        if tms != WEB_MERCATOR_QUAD:
            raise Http404
        found = known(layer)
        filters = {**tile_query(request, found, z, x, y)}
        filters["bbox"] = BBox(*tiles.margin(z, x, y))

        def rows():
            # Built only when the tile is not kept in memory. A tile of a township the
            # user does not read is empty, not refused.
            return readable(request.user, found.selector(**filters))

        return conditional(
            request,
            found.tables,
            model=found.model,
            content_type=MVT,
            small=True,
            build=lambda: tiles.tile_bytes(rows(), found, z, x, y),
            build_stamped=lambda: tiles.stamped_tile(
                rows(), found, z, x, y, found.tables
            ),
        )


def fit_zoom(bounds: list[float]) -> int:
    """Return the zoom at which `bounds` spans about two 256-pixel tiles across."""
    west, south, east, north = bounds
    span = max(east - west, (north - south) * 1.3, 1e-6)
    return max(0, min(MAX_ZOOM, int(math.floor(math.log2(720 / span)))))


def tilejson(request, layer, bounds) -> dict:
    """Return the TileJSON 3.0 document of `layer` (filters passed on to the tiles)."""
    query = request.GET.urlencode()
    base = request.build_absolute_uri(f"/tiles/{layer.name}/")
    settings = layer.tiles
    document = {
        "tilejson": "3.0.0",
        "name": str(layer.title),
        "scheme": "xyz",
        "tiles": [base + "{z}/{x}/{y}.mvt" + (f"?{query}" if query else "")],
        "minzoom": settings.min_zoom,
        "maxzoom": min(settings.max_zoom, MAX_ZOOM),
        "bounds": [-180, -85.0511, 180, 85.0511],
        "vector_layers": [
            {
                "id": settings.layer_name,
                "fields": {
                    name: str(layer.column_map[name].label)
                    for name in settings.properties
                }
                | (
                    {"point_count": str(POINT_COUNT)}
                    if tiles.is_point_layer(layer)
                    else {}
                ),
                "minzoom": settings.min_zoom,
                "maxzoom": min(settings.max_zoom, MAX_ZOOM),
            }
        ],
    }
    if bounds is not None:
        box, centre = bounds
        document["bounds"] = box
        document["center"] = [*centre, fit_zoom(box)]
    return document


class TileJSON(LayerView):
    """TileJSON 3.0 describing a tile layer: the data's bounds and centre, the query
    string passed on to the tiles."""

    @extend_schema(
        responses={
            (200, JSON): OpenApiResponse({"type": "object"}),
            (304, JSON): OpenApiResponse(description="Not modified."),
            400: schema.BAD_REQUEST,
            404: schema.NOT_FOUND,
        }
    )
    def get(self, request, layer):
        found = known(layer)
        filters = parsed(request, found)
        queryset = readable(request.user, found.selector(**filters))
        return conditional(
            request,
            found.tables,
            model=found.model,
            content_type=JSON,
            build=lambda: json.dumps(
                tilejson(request, found, tiles.data_bounds(queryset)),
                ensure_ascii=False,
            ),
        )


def level_colour_expression() -> list:
    """Return a MapLibre `match` on `level` giving the map's star-level colours."""
    expression = ["match", ["coalesce", ["get", "level"], 0]]
    for level in sorted(LEVEL_COLOURS, reverse=True):
        expression += [level, LEVEL_COLOURS[level]]
    return [*expression, LEVEL_COLOURS[0]]


def kind_colour_expression() -> list:
    expression = ["match", ["coalesce", ["get", "kind"], ""]]
    for kind, colour in KIND_COLOURS.items():
        expression += [str(kind), colour]
    return [*expression, "#666666"]


def passed_on(request, layer) -> str:
    """Return the part of the query string `layer`'s tiles take, as `?...` or ''."""
    names = {f.name for f in tile_filters(layer)}
    names |= {alias for f in tile_filters(layer) for alias in f.aliases}
    query = request.GET.copy()
    for name in list(query):
        if name not in names:
            del query[name]
    return f"?{query.urlencode()}" if query else ""


def style(request) -> dict:
    """Return a MapLibre GL style (version 8) drawing the tile layers like the map.

    Each source gets the filters of the query string its layer takes (`year` for the
    villages, `kind` for the sites)."""
    sources, drawn = {}, []
    for layer in tiled_layers():
        source = layer.name
        sources[source] = {
            "type": "vector",
            "url": request.build_absolute_uri(f"/tiles/{layer.name}.json")
            + passed_on(request, layer),
        }
        name = layer.tiles.layer_name
        if layer.name == "villages":
            drawn += [
                {
                    "id": "villages-level",
                    "type": "fill",
                    "source": source,
                    "source-layer": name,
                    "paint": {
                        "fill-color": level_colour_expression(),
                        "fill-opacity": 0.8,
                    },
                },
                {
                    "id": "villages-outline",
                    "type": "line",
                    "source": source,
                    "source-layer": name,
                    "paint": {"line-color": "#5a5a5a", "line-width": 0.7},
                },
                {
                    "id": "villages-quasi",
                    "type": "line",
                    "source": source,
                    "source-layer": name,
                    "filter": ["==", ["get", "is_quasi_five_star"], True],
                    "paint": {"line-color": "#6a3d9a", "line-width": 2.5},
                },
                {
                    "id": "villages-weak",
                    "type": "line",
                    "source": source,
                    "source-layer": name,
                    "filter": ["==", ["get", "is_weak_branch"], True],
                    "paint": {
                        "line-color": "#000000",
                        "line-width": 2.5,
                        "line-dasharray": [2, 1.2],
                    },
                },
            ]
        elif tiles.is_point_layer(layer):
            drawn.append(
                {
                    "id": f"{layer.name}-points",
                    "type": "circle",
                    "source": source,
                    "source-layer": name,
                    "paint": {
                        "circle-color": kind_colour_expression()
                        if layer.name == "cleared-sites"
                        else "#1f78b4",
                        "circle-radius": [
                            "interpolate",
                            ["linear"],
                            ["coalesce", ["get", "point_count"], 1],
                            1,
                            3,
                            100,
                            12,
                        ],
                        "circle-stroke-color": "#ffffff",
                        "circle-stroke-width": 0.5,
                    },
                }
            )
        else:
            drawn.append(
                {
                    "id": f"{layer.name}-lines",
                    "type": "line",
                    "source": source,
                    "source-layer": name,
                    "paint": {"line-color": "#444444", "line-width": 1},
                }
            )
    return {
        "version": 8,
        "name": "geoportal",
        "sources": sources,
        "layers": [
            {
                "id": "background",
                "type": "background",
                "paint": {"background-color": "#f7f7f4"},
            },
            *drawn,
        ],
    }


class Style(LayerView):
    """A MapLibre / Mapbox GL style (version 8) for the vector tiles: villages by star
    level (the map's colours), quasi and weak outlines, cleared sites by kind."""

    @extend_schema(responses={(200, JSON): OpenApiResponse({"type": "object"})})
    def get(self, request):
        layers = tiled_layers()
        # Unknown parameters (taken by no layer) are named; each layer checks its own.
        known_names = {f.name for layer in layers for f in tile_filters(layer)}
        known_names |= {
            a for layer in layers for f in tile_filters(layer) for a in f.aliases
        }
        Params(request.GET, known_names).done()
        for layer in layers:
            subset = passed_on(request, layer)
            p = Params(QueryDict(subset[1:]), {f.name for f in tile_filters(layer)})
            layer.parse(p)
            p.done()
        tables = sorted({t for layer in tiled_layers() for t in layer.tables})
        return conditional(
            request,
            tables,
            content_type=JSON,
            build=lambda: json.dumps(style(request), ensure_ascii=False),
        )


def tilesets(request) -> dict:
    """Return the OGC API - Tiles tileset list (one WebMercatorQuad set per layer)."""
    sets = []
    for layer in tiled_layers():
        url = request.build_absolute_uri(f"/tiles/{layer.name}/{WEB_MERCATOR_QUAD}")
        sets.append(
            {
                "title": str(layer.title),
                "dataType": "vector",
                "crs": "http://www.opengis.net/def/crs/EPSG/0/3857",
                "tileMatrixSetURI": "http://www.opengis.net/def/tilematrixset/OGC/1.0/"
                + WEB_MERCATOR_QUAD,
                "links": [
                    {"rel": "self", "href": url, "type": JSON},
                    {
                        "rel": "item",
                        "href": url + "/{tileMatrix}/{tileCol}/{tileRow}.mvt",
                        "type": MVT,
                        "templated": True,
                    },
                ],
            }
        )
    return {"tilesets": sets}


class TileSets(LayerView):
    """OGC API - Tiles: the vector tilesets (WebMercatorQuad)."""

    @extend_schema(
        operation_id="tilesets_list",
        responses={(200, JSON): OpenApiResponse({"type": "object"})},
    )
    def get(self, request):
        Params(request.GET, set()).done()
        return HttpResponse(json.dumps(tilesets(request)), content_type=JSON)


class TileSet(LayerView):
    """OGC API - Tiles: one tileset's metadata (layers, fields, zooms, bounds)."""

    @extend_schema(responses={(200, JSON): OpenApiResponse({"type": "object"})})
    def get(self, request, layer, tms):
        found = known(layer)
        if tms != WEB_MERCATOR_QUAD:
            raise Http404
        filters = parsed(request, found)
        queryset = readable(request.user, found.selector(**filters))

        def build():
            described = tilejson(request, found, tiles.data_bounds(queryset))
            url = request.build_absolute_uri(request.path)
            query = request.GET.urlencode()
            return json.dumps(
                {
                    "title": str(found.title),
                    "dataType": "vector",
                    "crs": "http://www.opengis.net/def/crs/EPSG/0/3857",
                    "tileMatrixSetURI": "http://www.opengis.net/def/tilematrixset/"
                    "OGC/1.0/" + WEB_MERCATOR_QUAD,
                    "boundingBox": {
                        "lowerLeft": described["bounds"][:2],
                        "upperRight": described["bounds"][2:],
                        "crs": "http://www.opengis.net/def/crs/OGC/1.3/CRS84",
                    },
                    "centerPoint": {
                        "coordinates": described.get("center", [0, 0, 0])[:2],
                        "tileMatrix": str(described.get("center", [0, 0, 0])[2]),
                    },
                    "layers": [
                        {
                            "id": layer_info["id"],
                            "dataType": "vector",
                            "minTileMatrix": str(layer_info["minzoom"]),
                            "maxTileMatrix": str(layer_info["maxzoom"]),
                            "propertiesSchema": {
                                "type": "object",
                                "properties": {
                                    name: {"description": text}
                                    for name, text in layer_info["fields"].items()
                                },
                            },
                        }
                        for layer_info in described["vector_layers"]
                    ],
                    "links": [
                        {"rel": "self", "href": url, "type": JSON},
                        {
                            "rel": "item",
                            "href": url
                            + "/{tileMatrix}/{tileCol}/{tileRow}.mvt"
                            + (f"?{query}" if query else ""),
                            "type": MVT,
                            "templated": True,
                        },
                        {
                            "rel": "http://www.opengis.net/def/rel/ogc/1.0/"
                            "tiling-scheme",
                            "href": "http://www.opengis.net/def/tilematrixset/OGC/1.0/"
                            + WEB_MERCATOR_QUAD,
                        },
                        {
                            "rel": "describedby",
                            "href": request.build_absolute_uri(
                                reverse("tilejson", args=[found.name])
                            ),
                            "type": JSON,
                        },
                    ],
                },
                ensure_ascii=False,
            )

        return conditional(
            request, found.tables, model=found.model, content_type=JSON, build=build
        )


class TileInSet(Tile):
    """The same tile under its OGC API - Tiles tileset path (its own operation id)."""

    @extend_schema(
        operation_id="tileset_tile_retrieve",
        responses={
            (200, MVT): OpenApiResponse({"type": "string", "format": "binary"}),
            (304, MVT): OpenApiResponse(description="Not modified."),
            400: schema.BAD_REQUEST,
        },
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
