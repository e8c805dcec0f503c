"""layers/geojson.py: PostGIS writes the whole FeatureCollection; identifiers are checked."""

import json

import pytest

from layers import selectors
from layers.geojson import (
    Envelope,
    GeometryFormat,
    feature_collection,
    feature_text,
    quoted,
)
from tests.api.conftest import A, village_code

pytestmark = pytest.mark.django_db


def collection(queryset, **kwargs):
    text = feature_collection(
        queryset.order_by("code"),
        properties=["code", "level"],
        envelope=Envelope(limit=10),
        **kwargs,
    )
    return json.loads(text)


def test_collection_carries_counts_links_and_features(world):
    body = collection(selectors.village_list(year=2022, township=A))
    assert (body["type"], body["numberMatched"], body["numberReturned"]) == (
        "FeatureCollection",
        4,
        4,
    )
    assert body["features"][0]["properties"] == {"code": village_code("A1"), "level": 5}


def test_empty_collection_has_an_empty_feature_list(world):
    body = collection(selectors.village_list(year=2022, township="999999999"))
    assert body["features"] == [] and body["numberMatched"] == 0


def test_latitude_first_and_other_srid(world):
    queryset = selectors.village_list(year=2022, township=A)
    flipped = collection(queryset, fmt=GeometryFormat(lat_first=True))
    assert flipped["features"][0]["geometry"]["coordinates"][0][0][0] == [35.85, 114.8]
    metric = collection(queryset, fmt=GeometryFormat(srid=4547, precision=0))
    x, y = metric["features"][0]["geometry"]["coordinates"][0][0][0]
    assert 5.0e5 < x < 6.5e5 and 3.9e6 < y < 4.1e6


def test_one_feature_as_text(world):
    text = feature_text(
        selectors.village_list(year=2022, codes=[village_code("A2")]),
        properties=["code"],
    )
    assert json.loads(text)["id"] == village_code("A2")


@pytest.mark.parametrize("name", ["code; drop table x", "Code", '"code"', "1code"])
def test_identifiers_other_than_snake_case_are_refused(name):
    with pytest.raises(ValueError):
        quoted(name)
