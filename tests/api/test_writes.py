"""Writes through drf-gis serializers: by role, validated, 400 never 500."""

import pytest

from tests.api.conftest import A, village_code

pytestmark = pytest.mark.django_db


def site(**overrides):
    feature = {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [114.805, 35.855]},
        "properties": {
            "code": "T-NEW-1",
            "kind": "pond",
            "status": "reported",
            "reported_on": "2023-03-01",
            "village": village_code("A1"),
        },
    }
    feature["properties"].update(overrides.pop("properties", {}))
    feature.update(overrides)
    return feature


def test_anonymous_cannot_write(anonymous, world):
    response = anonymous.post("/api/cleared-sites/", site(), format="json")
    assert response.status_code == 401


def test_staff_creates_a_site_and_the_feed_shows_it_at_once(editor, world):
    before = editor.get("/api/cleared-sites/", {"township": A})
    response = editor.post("/api/cleared-sites/", site(), format="json")
    assert response.status_code == 201, response.content
    after = editor.get(
        "/api/cleared-sites/", {"township": A}, HTTP_IF_NONE_MATCH=before["ETag"]
    )
    assert after.status_code == 200 and after.json()["numberMatched"] == 4


def test_site_outside_the_county_is_refused(editor, world):
    response = editor.post(
        "/api/cleared-sites/",
        site(geometry={"type": "Point", "coordinates": [116.5, 39.9]}),
        format="json",
    )
    assert response.status_code == 400 and "location" in response.json()


def test_site_status_needs_its_dates(editor, world):
    response = editor.post(
        "/api/cleared-sites/", site(properties={"status": "verified"}), format="json"
    )
    assert response.status_code == 400
    assert {"cleared_on", "verified_on"} <= set(response.json())


def test_unknown_village_code_is_refused(editor, world):
    response = editor.post(
        "/api/cleared-sites/", site(properties={"village": "123"}), format="json"
    )
    assert response.status_code == 400 and "village" in response.json()


def test_staff_patches_a_village_boundary_and_the_label_point_follows(editor, world):
    boundary = {
        "type": "MultiPolygon",
        "coordinates": [
            [
                [
                    [114.80, 35.85],
                    [114.805, 35.85],
                    [114.805, 35.86],
                    [114.80, 35.86],
                    [114.80, 35.85],
                ]
            ]
        ],
    }
    response = editor.patch(
        f"/api/villages/{village_code('A1')}/",
        {"type": "Feature", "geometry": boundary, "properties": {}},
        format="json",
    )
    assert response.status_code == 200, response.content
    world["A1"].refresh_from_db()
    assert world["A1"].label_point.within(world["A1"].boundary)


def test_self_intersecting_boundary_is_refused(editor, world):
    bowtie = {
        "type": "MultiPolygon",
        "coordinates": [
            [
                [
                    [114.80, 35.85],
                    [114.81, 35.86],
                    [114.81, 35.85],
                    [114.80, 35.86],
                    [114.80, 35.85],
                ]
            ]
        ],
    }
    response = editor.patch(
        f"/api/villages/{village_code('A1')}/",
        {"type": "Feature", "geometry": bowtie, "properties": {}},
        format="json",
    )
    assert response.status_code == 400 and "boundary" in response.json()


def test_village_code_must_start_with_its_township(editor, world):
    response = editor.patch(
        f"/api/villages/{village_code('A1')}/",
        {"properties": {"code": "999000002099"}},
        format="json",
    )
    assert response.status_code == 400 and "code" in response.json()


def test_staff_rates_a_village(editor, world):
    response = editor.post(
        "/api/ratings/",
        {"village": village_code("A4"), "year": 2023, "branch": True, "safety": True},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["level"] == 2
    again = editor.post(
        "/api/ratings/", {"village": village_code("A4"), "year": 2023}, format="json"
    )
    assert again.status_code == 400
