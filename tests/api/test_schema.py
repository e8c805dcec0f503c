"""OpenAPI 3 schema and Swagger UI from local static files."""

import pytest

pytestmark = pytest.mark.django_db


def test_schema_describes_the_feed_parameters(api):
    schema = api.get("/api/schema/", {"format": "json"}).json()
    villages = schema["paths"]["/api/villages/"]["get"]
    names = {parameter["name"] for parameter in villages["parameters"]}
    assert {
        "year",
        "township_code",
        "star",
        "bbox",
        "near",
        "q",
        "limit",
        "simplify",
    } <= names


def test_swagger_ui_loads_its_files_locally(api):
    page = api.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page
    assert "cdn" not in page.lower()
