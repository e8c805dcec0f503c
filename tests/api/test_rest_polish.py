"""REST polish: a partial answer says so (Link header, warning); CORS for reads only."""

import pytest
from django.test import override_settings

from layers.api.listing import NEXT_MARK

pytestmark = pytest.mark.django_db


def test_a_partial_page_has_a_next_link_header_and_a_warning(api, world):
    response = api.get("/api/villages/", {"township": "999000001", "limit": 2})
    body = response.json()
    assert body["numberMatched"] == 4 and body["numberReturned"] == 2
    assert body["warning"]
    assert response["Link"].endswith('>; rel="next"') and "offset=2" in response["Link"]


def test_the_whole_result_has_no_link_header_and_no_warning(api, world):
    response = api.get("/api/villages/", {"township": "999000001"})
    body = response.json()
    assert body["numberMatched"] == body["numberReturned"] == 4
    assert "warning" not in body and "Link" not in response
    assert NEXT_MARK not in response.content


def test_cors_is_off_by_default(api, world):
    response = api.get("/api/townships/", HTTP_ORIGIN="https://gis.example.org")
    assert "Access-Control-Allow-Origin" not in response


@override_settings(GEOPORTAL_CORS_ORIGINS=["https://gis.example.org"])
def test_cors_lets_a_configured_origin_read_but_not_write(api, world):
    origin = {"HTTP_ORIGIN": "https://gis.example.org"}
    read = api.get("/ogc/collections", **origin)
    assert read["Access-Control-Allow-Origin"] == "https://gis.example.org"
    assert "Origin" in read["Vary"]
    preflight = api.options(
        "/api/villages/", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET", **origin
    )
    assert preflight.status_code == 204
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    write = api.options(
        "/api/villages/", HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST", **origin
    )
    assert "Access-Control-Allow-Origin" not in write
    other = api.get("/api/townships/", HTTP_ORIGIN="https://evil.example.org")
    assert "Access-Control-Allow-Origin" not in other
    page = api.get("/", **origin)
    assert "Access-Control-Allow-Origin" not in page
