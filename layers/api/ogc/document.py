"""The OGC API's own documents: landing page, conformance, collections, OpenAPI 3.0."""

from django.db import connection

from layers.api.feeds import Feed
from layers.api.filters import specs
from layers.api.ogc.crs import CRS84, OFFERED
from layers.api.ogc.params import filter_specs
from layers.catalog import layers

JSON, GEOJSON = "application/json", "application/geo+json"
OPENAPI = "application/vnd.oai.openapi+json;version=3.0"
SCHEMA_JSON = "application/schema+json"
CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
    "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
]
GEOMETRY_SCHEMAS = {
    True: {"format": "geometry-any", "x-ogc-role": "primary-geometry"},
    False: {"format": "geometry-point", "x-ogc-role": "primary-geometry"},
}
TITLE = "geoportal: five-star party branch campaign, Neihuang County"


def link(href: str, rel: str, media: str, title: str) -> dict:
    return {"href": href, "rel": rel, "type": media, "title": str(title)}


def landing(base: str) -> dict:
    return {
        "title": TITLE,
        "description": "Villages with their star ratings, cleared sites, EOD sites, service "
        "centres and pairings, as OGC API - Features.",
        "links": [
            link(base, "self", JSON, "this document"),
            link(base + "api", "service-desc", OPENAPI, "the API definition"),
            link(base + "conformance", "conformance", JSON, "conformance classes"),
            link(base + "collections", "data", JSON, "the collections"),
        ],
    }


def extent_of_everything() -> list[float]:
    """Return the townships' extent (every feature lies inside the county)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)"
            " FROM (SELECT ST_Extent(boundary) AS e FROM layers_township) x"
        )
        row = cursor.fetchone()
    return list(row) if row and row[0] is not None else [-180.0, -90.0, 180.0, 90.0]


def temporal_extent(feed: Feed) -> list:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT min(reported_on), max(reported_on) FROM layers_clearedsite"
        )
        start, end = cursor.fetchone()
    return [start.isoformat() if start else None, end.isoformat() if end else None]


def collection(base: str, feed: Feed, bbox: list[float]) -> dict:
    href = f"{base}collections/{feed.name}"
    extent = {"spatial": {"bbox": [bbox], "crs": CRS84.uri}}
    if feed.datetime_column:
        extent["temporal"] = {
            "interval": [temporal_extent(feed)],
            "trs": "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian",
        }
    return {
        "id": feed.name,
        "title": str(feed.title),
        "extent": extent,
        "itemType": "feature",
        "crs": list(OFFERED),
        "storageCrs": CRS84.uri,
        "links": [
            link(href, "self", JSON, "this collection"),
            link(f"{href}/items", "items", GEOJSON, f"{feed.title} as GeoJSON"),
            link(
                f"{href}/queryables",
                "http://www.opengis.net/def/rel/ogc/1.0/queryables",
                SCHEMA_JSON,
                "queryables",
            ),
            link(
                f"{href}/sortables",
                "http://www.opengis.net/def/rel/ogc/1.0/sortables",
                SCHEMA_JSON,
                "sortables",
            ),
            link(
                f"{href}/schema",
                "http://www.opengis.net/def/rel/ogc/1.0/schema",
                SCHEMA_JSON,
                "schema",
            ),
        ],
    }


def json_schema(url: str, feed: Feed, names: list[str], geometry: bool) -> dict:
    """Return a JSON Schema document of `names` (and the geometry) of `feed`."""
    columns = feed.column_map
    properties = {name: columns[name].json_schema() for name in names}
    if geometry:
        properties["geometry"] = {
            "title": "geometry",
            **GEOMETRY_SCHEMAS[feed.polygons],
        }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": url,
        "type": "object",
        "title": str(feed.title),
        "properties": properties,
        "additionalProperties": False,
    }


def queryables(url: str, feed: Feed) -> dict:
    return json_schema(url, feed, feed.properties, geometry=True)


def sortables(url: str, feed: Feed) -> dict:
    return json_schema(url, feed, list(feed.ordering), geometry=False)


def schema(url: str, feed: Feed) -> dict:
    body = json_schema(url, feed, feed.properties, geometry=True)
    if feed.id_column in body["properties"]:
        body["properties"][feed.id_column]["x-ogc-role"] = "id"
    return body


def collections(base: str) -> dict:
    bbox = extent_of_everything()
    return {
        "links": [link(base + "collections", "self", JSON, "the collections")],
        "crs": list(OFFERED),
        "collections": [collection(base, feed, bbox) for feed in layers()],
    }


def parameter(spec: specs.Spec) -> dict:
    return {
        "name": spec.name,
        "in": "query",
        "required": False,
        "style": "form",
        "explode": False,
        "description": str(getattr(spec, "documented", spec.description)),
        "schema": spec.schema(),
    }


OGC_PARAMETERS = [
    specs.Spec("f", "string", "Output format.", enum=("json", "geojson")),
    specs.Spec(
        "crs",
        "string",
        "Coordinate reference system of the answer.",
        enum=tuple(OFFERED),
    ),
    specs.Spec("bbox", "string", "xmin,ymin,xmax,ymax in bbox-crs (default CRS84)."),
    specs.Spec(
        "bbox-crs",
        "string",
        "Coordinate reference system of bbox.",
        enum=tuple(OFFERED),
    ),
    specs.Spec("datetime", "string", "Date or interval (a/b, ../b, a/..)."),
    specs.Spec(
        "limit",
        "integer",
        "Features per page (default 1000).",
        minimum=1,
        maximum=10000,
        default=1000,
    ),
    specs.Spec("offset", "integer", "Features to skip.", minimum=0),
    specs.Spec("filter", "string", "A CQL2 filter on the queryables."),
    specs.Spec(
        "filter-lang",
        "string",
        "Language of filter.",
        enum=("cql2-text", "cql2-json"),
        default="cql2-text",
    ),
    specs.Spec("filter-crs", "string", "CRS of filter geometries.", enum=(CRS84.uri,)),
    specs.Spec("sortby", "string", "Sort by sortables, comma-separated, +/- prefix."),
    specs.Spec("properties", "string", "Only these properties, comma-separated."),
]


LINKS = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["href", "rel"],
        "properties": {"href": {"type": "string"}, "rel": {"type": "string"}},
    },
}
COLLECTION = {
    "type": "object",
    "required": ["id", "links"],
    "properties": {
        "id": {"type": "string"},
        "title": {"type": "string"},
        "links": LINKS,
    },
}
FEATURE = {
    "type": "object",
    "required": ["type", "geometry", "properties"],
    "properties": {
        "type": {"enum": ["Feature"]},
        "geometry": {"type": ["object", "null"]},
        "properties": {"type": ["object", "null"]},
    },
}
JSON_SCHEMA = {
    "type": "object",
    "required": ["type", "properties"],
    "properties": {"type": {"enum": ["object"]}, "properties": {"type": "object"}},
}
# The documented shape of each answer (OGC API Features Part 1 and 3, trimmed to what
# every answer here carries); tests/api/test_schema_responses.py checks real answers.
SHAPES = {
    "landing": {
        "type": "object",
        "required": ["links"],
        "properties": {"title": {"type": "string"}, "links": LINKS},
    },
    "conformance": {
        "type": "object",
        "required": ["conformsTo"],
        "properties": {"conformsTo": {"type": "array", "items": {"type": "string"}}},
    },
    "collections": {
        "type": "object",
        "required": ["collections", "links"],
        "properties": {
            "collections": {"type": "array", "items": COLLECTION},
            "links": LINKS,
        },
    },
    "collection": COLLECTION,
    "items": {
        "type": "object",
        "required": ["type", "features"],
        "properties": {
            "type": {"enum": ["FeatureCollection"]},
            "features": {"type": "array", "items": FEATURE},
            "numberReturned": {"type": "integer", "minimum": 0},
            "numberMatched": {"type": "integer", "minimum": 0},
            "links": LINKS,
        },
    },
    "item": FEATURE,
    "jsonschema": JSON_SCHEMA,
}


def response(media: str, description: str, shape: str | None = None) -> dict:
    schema = SHAPES[shape] if shape else {"type": "object"}
    return {"description": description, "content": {media: {"schema": schema}}}


ERRORS = {
    "400": response(JSON, "A parameter is wrong."),
    "404": response(JSON, "Not found."),
}


def operation(
    summary: str, media: str, parameters=(), path_params=(), shape: str | None = None
) -> dict:
    params = [parameter(spec) for spec in parameters]
    params += [
        {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
        for name in path_params
    ]
    return {
        "get": {
            "summary": summary,
            "parameters": params,
            "responses": {"200": response(media, "OK", shape), **ERRORS},
        }
    }


def openapi(base: str) -> dict:
    """Return the OpenAPI 3.0 definition of the OGC API (each collection spelled out)."""
    plain = [specs.Spec("f", "string", "Output format.", enum=("json",))]
    paths = {
        "/": operation("Landing page", JSON, plain, shape="landing"),
        "/conformance": operation(
            "Conformance classes", JSON, plain, shape="conformance"
        ),
        "/api": operation("This API definition", OPENAPI, plain),
        "/collections": operation("The collections", JSON, plain, shape="collections"),
    }
    # Clients such as GDAL read the page size from the generic items path.
    paths["/collections/{collectionId}/items"] = operation(
        "Features of any collection", GEOJSON, OGC_PARAMETERS, ["collectionId"], "items"
    )
    for feed in layers():
        prefix = f"/collections/{feed.name}"
        paths[prefix] = operation(feed.title, JSON, plain, shape="collection")
        paths[f"{prefix}/items"] = operation(
            f"{feed.title}: features",
            GEOJSON,
            OGC_PARAMETERS + filter_specs(feed),
            shape="items",
        )
        for part in ("queryables", "sortables", "schema"):
            paths[f"{prefix}/{part}"] = operation(
                f"{feed.title}: {part}", SCHEMA_JSON, plain, shape="jsonschema"
            )
        paths[f"{prefix}/items/{{featureId}}"] = operation(
            f"{feed.title}: one feature",
            GEOJSON,
            OGC_PARAMETERS[:2],
            ["featureId"],
            shape="item",
        )
    return {
        "openapi": "3.0.3",
        "info": {"title": TITLE, "version": "1.0.0"},
        "servers": [{"url": base.rstrip("/")}],
        "paths": paths,
    }
