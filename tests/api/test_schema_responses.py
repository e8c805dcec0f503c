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
