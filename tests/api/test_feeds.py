"""Townships, cleared sites, EOD, service centres, pairings and ratings feeds."""

import pytest

from tests.api.conftest import A, B, codes, features, village_code

pytestmark = pytest.mark.django_db


def test_townships_carry_their_village_count(api, world):
    found = {f["id"]: f["properties"] for f in features(api.get("/api/townships/"))}
    assert found[A]["village_count"] == 4 and found[B]["village_count"] == 2
    assert found[A]["kind"] == "township" and found[A]["is_schematic"] is True


def test_cleared_sites_filter_by_kind_status_and_township(api, world):
    assert codes(api.get("/api/cleared-sites/", {"township": A, "kind": "pond"})) == [
        "T-A1-1",
        "T-A1-2",
    ]
    assert codes(
        api.get("/api/cleared-sites/", {"township": A, "status": "cleared,verified"})
    ) == ["T-A1-2", "T-A2-1"]
    assert codes(api.get("/api/cleared-sites/", {"village": village_code("B1")})) == [
        "T-B1-1"
    ]


def test_cleared_sites_by_report_date_and_bbox(api, world):
    found = codes(
        api.get(
            "/api/cleared-sites/",
            {
                "township": A,
                "reported_from": "2022-05-01",
                "reported_to": "2022-05-01",
                "bbox": "114.80,35.85,114.81,35.86",
            },
        )
    )
    assert found == ["T-A1-1"]
    response = api.get(
        "/api/cleared-sites/",
        {"reported_from": "2022-06-01", "reported_to": "2022-05-01"},
    )
    assert "reported_to" in response.json()["errors"]


def test_cleared_site_properties_follow_the_contract(api, world):
    (site,) = features(api.get("/api/cleared-sites/", {"village": village_code("A2")}))
    assert site["properties"] == {
        "code": "T-A2-1",
        "kind": "garbage",
        "status": "verified",
        "reuse": "park",
        "reported_on": "2022-05-01",
        "cleared_on": "2022-06-01",
        "verified_on": "2022-07-01",
        "village_code": village_code("A2"),
        "township_code": A,
        "area_m2": None,
    }
    assert site["geometry"] == {"type": "Point", "coordinates": [114.815, 35.855]}


def test_eod_sites_and_projects(api, world):
    (site,) = features(api.get("/api/eod-sites/", {"township": A}))
    assert (
        site["properties"]["project_code"] == world["A2"].eod_sites.get().project.code
    )
    assert site["properties"]["investment"] == 500000
    projects = {p["sub_project"]: p for p in api.get("/api/eod-projects/").json()}
    assert projects["village_sewage"]["site_count"] >= 1


def test_service_centres_and_pairings(api, world):
    (centre,) = features(api.get("/api/service-centres/", {"township": A}))
    assert centre["properties"]["village_code"] == village_code("A1")
    (pairing,) = features(api.get("/api/pairings/", {"township": A, "year": 2022}))
    assert pairing["properties"]["partner"] == "测试县领导"
    assert pairing["geometry"]["type"] == "Point"
    (area,) = features(api.get("/api/pairings/", {"township": A, "polygons": "true"}))
    assert area["geometry"]["type"] == "MultiPolygon"


def test_ratings_list_by_year(api, world):
    rows = api.get("/api/ratings/", {"township": A, "year": 2023}).json()
    assert [(r["village_code"], r["level"]) for r in rows] == [
        (village_code("A1"), 5),
        (village_code("A2"), 5),
        (village_code("A3"), 1),
    ]


def test_one_village_carries_its_facts(api, world):
    response = api.get(f"/api/villages/{village_code('A1')}/", {"year": 2022})
    assert response["Content-Type"] == "application/geo+json"
    village = response.json()
    props = village["properties"]
    assert village["type"] == "Feature" and village["id"] == village_code("A1")
    assert props["level"] == 5 and props["collective_income"] == 100000
    assert [r["year"] for r in props["ratings"]] == [2022, 2023]
    assert props["cleared_sites"] == {"pond": 2}
    assert props["service_centre"]["distance_m"] == 0
    assert props["pairings"] == [{"partner_kind": "leader", "partner": "测试县领导"}]


def test_unknown_village_is_404(api, world):
    assert api.get("/api/villages/999999999999/").status_code == 404


def test_one_cleared_site_through_the_serializer(api, world):
    site = api.get("/api/cleared-sites/T-A1-1/").json()
    assert site["type"] == "Feature" and site["properties"]["village"] == village_code(
        "A1"
    )
