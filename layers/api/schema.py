"""OpenAPI descriptions shared by the views: parameters from specs, response shapes."""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework.negotiation import BaseContentNegotiation

from layers.api.filters.specs import Spec

ERRORS = {
    "type": "object",
    "properties": {
        "errors": {"type": "object", "additionalProperties": {"type": "string"}},
    },
}
FEATURE_COLLECTION = {
    "type": "object",
    "required": ["type", "features"],
    "properties": {
        "type": {"type": "string", "enum": ["FeatureCollection"]},
        "numberMatched": {"type": "integer"},
        "numberReturned": {"type": "integer"},
        "links": {"type": "array", "items": {"type": "object"}},
        "features": {"type": "array", "items": {"type": "object"}},
    },
}
FEATURE = {
    "type": "object",
    "required": ["type", "geometry", "properties"],
    "properties": {
        "type": {"type": "string", "enum": ["Feature"]},
        "geometry": {"type": "object"},
        "properties": {"type": "object"},
    },
}
BAD_REQUEST = OpenApiResponse(
    ERRORS, description="A parameter is wrong; each is named."
)
NOT_FOUND = OpenApiResponse({"type": "object"}, description="No such feature.")


def parameters(specs: list[Spec]) -> list[OpenApiParameter]:
    """Return OpenAPI query parameters for the given specs."""
    return [
        OpenApiParameter(
            spec.name,
            spec.schema(),
            OpenApiParameter.QUERY,
            description=str(getattr(spec, "documented", spec.description)),
        )
        for spec in specs
    ]


def geojson_responses(kind: dict = FEATURE_COLLECTION) -> dict:
    """Return the responses of a GeoJSON read: the body, 304 and 400."""
    return {
        (200, "application/geo+json"): OpenApiResponse(kind),
        (304, "application/geo+json"): OpenApiResponse(description="Not modified."),
        (400, "application/json"): BAD_REQUEST,
    }


DOWNLOADS = {
    "text/csv; charset=utf-8": {"type": "string"},
    "application/vnd.google-earth.kml+xml": {"type": "string"},
    "application/geopackage+sqlite3": {"type": "string", "format": "binary"},
    "application/zip": {"type": "string", "format": "binary"},
}


def feed_responses(layer) -> dict:
    """Return a feed's responses: the typed FeatureCollection, each ?format= download."""
    responses = geojson_responses(layer_collection(layer))
    for media, body in DOWNLOADS.items():
        responses[(200, media)] = OpenApiResponse(
            body, description="?format= download (an attachment)."
        )
    from layers import exports

    if getattr(layer, "name", None) in exports.READER_LAYERS:
        responses[(200, exports.READER_TYPES["xlsx"])] = OpenApiResponse(
            {"type": "string", "format": "binary"},
            description="?format=xlsx: the readers' table in their language (?lang=).",
        )
    return responses


class JSONOnly(BaseContentNegotiation):
    """Answer JSON whatever `format` or Accept say: `format` picks a download format here."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def layer_collection(layer) -> dict:
    """Return the JSON Schema of a layer's FeatureCollection, properties typed."""
    feature = {
        "type": "object",
        "required": ["type", "id", "geometry", "properties"],
        "properties": {
            "type": {"type": "string", "enum": ["Feature"]},
            "id": {"type": ["string", "integer"]},
            "geometry": {"type": ["object", "null"]},
            "properties": {
                "type": "object",
                "properties": {c.name: c.json_schema() for c in layer.columns},
                "additionalProperties": False,
            },
        },
    }
    collection = {
        **FEATURE_COLLECTION,
        "properties": dict(FEATURE_COLLECTION["properties"]),
    }
    collection["properties"]["features"] = {"type": "array", "items": feature}
    collection["properties"]["warning"] = {
        "type": "string",
        "description": "Present only when the page is not the whole result.",
    }
    return collection


def layer_rows(layer) -> dict:
    """Return the JSON Schema of a layer's rows as a JSON array (no geometry)."""
    return {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {c.name: c.json_schema() for c in layer.columns},
            "required": [c.name for c in layer.columns],
            "additionalProperties": False,
        },
    }
