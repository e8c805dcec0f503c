"""Vector tiles and their TileJSON, for the villages and cleared-sites feeds."""

from django.http import Http404, HttpResponse, JsonResponse
from drf_spectacular.utils import OpenApiResponse, extend_schema

from accounts.policy import readable
from layers import tiles
from layers.api import schema
from layers.api.conditional import conditional
from layers.api.feeds import FEEDS
from layers.api.filters.params import BBox, Params
from layers.api.views import FEED_MODELS, LayerView

MVT = "application/vnd.mapbox-vector-tile"
MAX_ZOOM = 22


def tile_specs(layer: str):
    return [spec for spec in FEEDS[layer].filters if spec.name != "bbox"]


def known(layer: str):
    if layer not in tiles.TILE_LAYERS:
        raise Http404
    return FEEDS[layer], tiles.TILE_LAYERS[layer]


def check_tile(p: Params, z: int, x: int, y: int) -> None:
    """Name whichever of z, x, y lies outside the tile grid."""
    if not 0 <= z <= MAX_ZOOM:
        p.fail("z", f"must be between 0 and {MAX_ZOOM}")
        return
    for name, value in (("x", x), ("y", y)):
        if not 0 <= value < 2**z:
            p.fail(name, f"must be between 0 and {2**z - 1} at zoom {z}")


class Tile(LayerView):
    """One vector tile: the feed's features (same filters) inside tile z/x/y."""

    @extend_schema(
        parameters=schema.parameters(tile_specs("villages")),
        responses={
            (200, MVT): OpenApiResponse({"type": "string", "format": "binary"}),
            400: schema.BAD_REQUEST,
            404: schema.NOT_FOUND,
        },
    )
    def get(self, request, layer, z, x, y):
        feed, tile_layer = known(layer)
        p = Params(request.GET, {spec.name for spec in tile_specs(layer)})
        check_tile(p, z, x, y)
        filters = feed.parse(p)
        p.done()
        filters["bbox"] = BBox(*tiles.margin(z, x, y))
        # A tile of a township the user does not read is empty, not refused.
        queryset = readable(request.user, feed.selector(**filters))
        return conditional(
            request,
            feed.tables,
            model=FEED_MODELS[layer],
            content_type=MVT,
            build=lambda: HttpResponse(
                tiles.tile_bytes(queryset, tile_layer, z, x, y), content_type=MVT
            ),
        )


class TileJSON(LayerView):
    """TileJSON 3.0 describing a tile layer (the query string is passed on to the tiles)."""

    @extend_schema(
        responses={200: OpenApiResponse({"type": "object"}), 404: schema.NOT_FOUND}
    )
    def get(self, request, layer):
        feed, tile_layer = known(layer)
        p = Params(request.GET, {spec.name for spec in tile_specs(layer)})
        feed.parse(p)
        p.done()
        query = request.GET.urlencode()
        template = request.build_absolute_uri(f"/tiles/{layer}/") + "{z}/{x}/{y}.mvt"
        return JsonResponse(
            {
                "tilejson": "3.0.0",
                "name": feed.title,
                "tiles": [template + (f"?{query}" if query else "")],
                "minzoom": 0,
                "maxzoom": MAX_ZOOM,
                "bounds": [-180, -85.0511, 180, 85.0511],
                "vector_layers": [
                    {
                        "id": tile_layer.name,
                        "fields": {name: "" for name in tile_layer.properties},
                    }
                ],
            }
        )
