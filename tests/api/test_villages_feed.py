"""The villages feed: the year's rating as properties, filters, paging, bad input."""

import pytest

from tests.api.conftest import A, B, codes, features, village_code

pytestmark = pytest.mark.django_db

URL = "/api/villages/"


def test_villages_feed_is_geojson_built_with_the_years_rating(api, world):
    response = api.get(URL, {"township": A, "year": 2022})
    assert response["Content-Type"] == "application/geo+json"
    body = response.json()
    assert body["type"] == "FeatureCollection"
    assert body["numberMatched"] == body["numberReturned"] == 4
    a2 = next(f for f in body["features"] if f["id"] == village_code("A2"))
    props = a2["properties"]
    assert props["level"] == 3 and props["is_quasi_five_star"] is True
    assert props["branch"] and props["industry"] and not props["safety"]
    assert props["township_code"] == A and props["township_name"] == "甲乡"
    assert a2["geometry"]["type"] == "MultiPolygon"


def test_unrated_village_has_null_level_and_no_stars(api, world):
    (a4,) = features(api.get(URL, {"q": "测试A4", "year": 2022}))
    assert a4["properties"]["level"] is None
    assert a4["properties"]["branch"] is False


def test_level_filters_select_by_the_chosen_year(api, world):
    assert codes(api.get(URL, {"township": A, "year": 2022, "level": 5})) == [
        village_code("A1")
    ]
    assert codes(api.get(URL, {"township": A, "year": 2023, "level": 5})) == [
        village_code("A1"),
        village_code("A2"),
    ]
    assert codes(
        api.get(URL, {"township": B, "year": 2022, "level_min": 1, "level_max": 1})
    ) == [village_code("B1")]


def test_star_filter_keeps_holders_or_the_others(api, world):
    holders = codes(api.get(URL, {"township": A, "year": 2022, "star": "industry"}))
    assert holders == [village_code("A1"), village_code("A2")]
    others = codes(
        api.get(
            URL, {"township": A, "year": 2022, "star": "industry", "has_star": "false"}
        )
    )
    assert others == [village_code("A3"), village_code("A4")]


def test_flags_and_rated_filters(api, world):
    assert codes(api.get(URL, {"township": A, "year": 2022, "weak": "true"})) == [
        village_code("A3")
    ]
    assert codes(api.get(URL, {"township": A, "year": 2022, "quasi": "true"})) == [
        village_code("A2")
    ]
    assert codes(api.get(URL, {"township": A, "year": 2022, "rated": "false"})) == [
        village_code("A4")
    ]


def test_bbox_keeps_villages_intersecting_it(api, world):
    # lon 114.815–114.825 covers the border of cells 1 and 2: A2 and A3.
    found = codes(api.get(URL, {"township": A, "bbox": "114.815,35.86,114.825,35.861"}))
    assert found == [village_code("A2"), village_code("A3")]


def test_near_is_measured_in_metres(api, world):
    # From A1's west edge (lon 114.80) eastwards: A2 starts 0.01° ≈ 903 m away at lat 35.86.
    point = "114.80,35.86"
    assert codes(api.get(URL, {"township": A, "near": f"{point},850"})) == [
        village_code("A1")
    ]
    assert codes(api.get(URL, {"township": A, "near": f"{point},950"})) == [
        village_code("A1"),
        village_code("A2"),
    ]


def test_paging_gives_counts_and_a_next_link(api, world):
    body = api.get(URL, {"township": A, "limit": 3}).json()
    assert body["numberMatched"] == 4 and body["numberReturned"] == 3
    following = next(link for link in body["links"] if link["rel"] == "next")
    assert "offset=3" in following["href"]
    last = api.get(following["href"]).json()
    assert last["numberReturned"] == 1 and last["numberMatched"] == 4
    assert not [link for link in last["links"] if link["rel"] == "next"]


def test_counts_past_the_end(api, world):
    body = api.get(URL, {"township": A, "offset": 10}).json()
    assert body["numberReturned"] == 0 and body["numberMatched"] == 4


def test_ordering_fields_and_precision(api, world):
    response = api.get(
        URL,
        {
            "township": A,
            "year": 2022,
            "ordering": "-level,code",
            "fields": "code,level",
            "precision": 2,
        },
    )
    found = features(response)
    assert [f["properties"]["level"] for f in found] == [5, 3, 0, None]
    assert set(found[0]["properties"]) == {"code", "level"}
    assert found[0]["geometry"]["coordinates"][0][0][0] == [114.8, 35.85]


def test_simplify_in_metres_keeps_a_rectangle(api, world):
    found = features(api.get(URL, {"township": A, "simplify": 50, "limit": 1}))
    ring = found[0]["geometry"]["coordinates"][0][0]
    assert len(ring) == 5


@pytest.mark.parametrize(
    "params, name",
    [
        ({"year": "abc"}, "year"),
        ({"level": 9}, "level"),
        ({"star": "gold"}, "star"),
        ({"bbox": "1,2,3"}, "bbox"),
        ({"bbox": "10,10,5,5"}, "bbox"),
        ({"near": "114.8,35.8"}, "near"),
        ({"near": "114.8,35.8,-5"}, "near"),
        ({"limit": 0}, "limit"),
        ({"limit": 10001}, "limit"),
        ({"ordering": "colour"}, "ordering"),
        ({"fields": "code,colour"}, "fields"),
        ({"township": "12"}, "township"),
        ({"precision": "x"}, "precision"),
        ({"simplify": "nan"}, "simplify"),
        ({"colour": "red"}, "colour"),
        ({"has_star": "true"}, "has_star"),
        ({"format": "pdf"}, "format"),
    ],
)
def test_bad_parameters_answer_400_naming_them(api, world, params, name):
    response = api.get(URL, params)
    assert response.status_code == 400
    assert name in response.json()["errors"]


def test_every_bad_parameter_is_reported_at_once(api, db):
    response = api.get(URL, {"year": "x", "level": "y"})
    assert set(response.json()["errors"]) == {"year", "level"}
