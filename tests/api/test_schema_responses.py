"""Each REST list endpoint's answer validates against its own OpenAPI response schema."""

import jsonschema
import pytest

from layers import catalog

pytestmark = pytest.mark.django_db

ROWS = ["/api/ratings/", "/api/eod-projects/"]


def openapi_schema(api, path: str, content_type: str) -> dict:
    document = api.get("/api/schema/", {"format": "json"}).json()
    content = document["paths"][path]["get"]["responses"]["200"]["content"]
    return content[content_type]["schema"]


def feed_paths() -> list[str]:
    return [f"/api/{layer.name}/" for layer in catalog.layers()]


def test_every_feed_answer_matches_its_schema(api, world):
    document = api.get("/api/schema/", {"format": "json"}).json()
    checked = 0
    for path in feed_paths():
        if path not in document["paths"]:
            continue  # a layer registered without a REST route of its own
        schema = document["paths"][path]["get"]["responses"]["200"]["content"][
            "application/geo+json"
        ]["schema"]
        for query in ({}, {"limit": 1}):
            response = api.get(path, query)
            assert response["Content-Type"] == "application/geo+json"
            jsonschema.validate(response.json(), schema)
        checked += 1
    assert checked >= 6


@pytest.mark.parametrize("path", ROWS)
def test_row_answers_match_their_schema(api, world, path):
    schema = openapi_schema(api, path, "application/json")
    response = api.get(path)
    assert response.status_code == 200
    jsonschema.validate(response.json(), schema)


def test_ratings_take_limit_and_offset(api, world):
    everything = api.get("/api/ratings/").json()
    page = api.get("/api/ratings/", {"limit": 2, "offset": 1}).json()
    assert page == everything[1:3]


def test_a_schema_mismatch_is_caught(api, world):
    schema = openapi_schema(api, "/api/villages/", "application/geo+json")
    body = api.get("/api/villages/", {"limit": 1}).json()
    body["features"][0]["properties"]["level"] = "five"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(body, schema)


@pytest.mark.parametrize("fmt", ["csv", "kml", "gpkg", "shp", "geojson"])
def test_every_download_format_is_documented_with_its_content_type(api, world, fmt):
    document = api.get("/api/schema/", {"format": "json"}).json()
    content = document["paths"]["/api/villages/"]["get"]["responses"]["200"]["content"]
    response = api.get("/api/villages/", {"format": fmt, "township": "999000001"})
    assert response.status_code == 200
    assert response["Content-Type"] in content


def test_single_features_are_documented_as_geojson(api, world):
    document = api.get("/api/schema/", {"format": "json"}).json()
    for path in ["/api/villages/{code}/", "/api/cleared-sites/{key}/"]:
        content = document["paths"][path]["get"]["responses"]["200"]["content"]
        assert list(content) == ["application/geo+json"]


def documented(api, path: str) -> dict:
    document = api.get("/api/schema/", {"format": "json"}).json()
    return document["paths"][path]["get"]["responses"]["200"]["content"]


def resolved(document: dict, schema: dict) -> dict:
    """`schema` with the document's components at hand for its $refs."""
    return {**schema, "components": document.get("components", {})}


@pytest.mark.parametrize(
    "path,query",
    [
        ("/api/coverage", {}),
        ("/api/coverage.geojson", {}),
    ],
)
def test_coverage_json_answers_match_their_schema(api, world, path, query):
    document = api.get("/api/schema/", {"format": "json"}).json()
    content = document["paths"][path]["get"]["responses"]["200"]["content"]
    response = api.get(path, query)
    assert response.status_code == 200, response.content[:300]
    content_type = response["Content-Type"].split(";")[0]
    assert content_type in content, (content_type, list(content))
    jsonschema.validate(
        response.json(), resolved(document, content[content_type]["schema"])
    )


@pytest.mark.parametrize("path", ["/api/coverage.csv", "/api/coverage.xlsx"])
def test_coverage_downloads_have_their_documented_content_type(api, world, path):
    response = api.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] in documented(api, path)


@pytest.mark.parametrize(
    "path,documented_path",
    [("/tiles/villages.json", "/tiles/{layer}.json"), ("/tiles/style.json", None)],
)
def test_tilejson_and_style_match_their_schema(api, world, path, documented_path):
    document = api.get("/api/schema/", {"format": "json"}).json()
    content = document["paths"][documented_path or path]["get"]["responses"]["200"][
        "content"
    ]
    response = api.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].split(";")[0] in content
    schema = content["application/json"]["schema"]
    jsonschema.validate(response.json(), resolved(document, schema))
    body = response.json()
    # TileJSON 3.0.0 and the MapLibre style spec's required members (the OpenAPI
    # schema in tile_views.py says only "object": see the report)
    required = (
        ["tilejson", "tiles"] if documented_path else ["version", "sources", "layers"]
    )
    assert all(key in body for key in required), (path, sorted(body))


OGC = [
    ("/ogc/", "/"),
    ("/ogc/conformance", "/conformance"),
    ("/ogc/collections", "/collections"),
    ("/ogc/collections/villages", "/collections/villages"),
    ("/ogc/collections/villages/items?limit=2", "/collections/villages/items"),
    ("/ogc/collections/villages/queryables", "/collections/villages/queryables"),
    ("/ogc/collections/villages/sortables", "/collections/villages/sortables"),
    ("/ogc/collections/villages/schema", "/collections/villages/schema"),
]


def ogc_document(api) -> dict:
    response = api.get("/ogc/api", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


def ogc_content(document: dict, path: str) -> dict:
    return document["paths"][path]["get"]["responses"]["200"]["content"]


@pytest.mark.parametrize("url,template", OGC)
def test_ogc_answers_match_the_ogc_openapi_document(api, world, url, template):
    document = ogc_document(api)
    content = ogc_content(document, template)
    response = api.get(url, HTTP_ACCEPT="application/json")
    assert response.status_code == 200, response.content[:300]
    content_type = response["Content-Type"].split(";")[0]
    assert content_type in content, (url, content_type, list(content))
    schema = content[content_type].get("schema")
    assert schema.get("required"), (url, "documented with no shape")
    jsonschema.validate(response.json(), resolved(document, schema))


def test_an_ogc_item_matches_the_ogc_openapi_document(api, world):
    document = ogc_document(api)
    content = ogc_content(document, "/collections/villages/items/{featureId}")
    first = api.get("/ogc/collections/villages/items", {"limit": 1}).json()
    url = f"/ogc/collections/villages/items/{first['features'][0]['id']}"
    response = api.get(url, HTTP_ACCEPT="application/geo+json")
    assert response.status_code == 200
    content_type = response["Content-Type"].split(";")[0]
    assert content_type in content, (content_type, list(content))
    jsonschema.validate(
        response.json(), resolved(document, content[content_type]["schema"])
    )


def test_an_ogc_shape_mismatch_is_caught(api, world):
    document = ogc_document(api)
    schema = ogc_content(document, "/collections/villages/items")[
        "application/geo+json"
    ]["schema"]
    body = api.get("/ogc/collections/villages/items", {"limit": 1}).json()
    jsonschema.validate(body, schema)
    body["features"][0].pop("geometry")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(body, schema)
