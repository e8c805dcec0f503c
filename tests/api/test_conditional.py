"""ETag / Last-Modified from change stamps: 304 while unchanged, fresh at once after a write."""

import pytest

from layers.models import ClearedSite, StarRating
from tests.api.conftest import A, village_code

pytestmark = pytest.mark.django_db


def test_unchanged_feed_answers_304(api, world):
    first = api.get("/api/villages/", {"township": A})
    assert first["ETag"] and first["Last-Modified"]
    again = api.get("/api/villages/", {"township": A}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again["ETag"] == first["ETag"]


def test_weak_etag_from_gzip_still_matches(api, world):
    first = api.get("/api/villages/", {"township": A})
    again = api.get(
        "/api/villages/", {"township": A}, HTTP_IF_NONE_MATCH="W/" + first["ETag"]
    )
    assert again.status_code == 304


def test_a_rating_write_changes_the_villages_etag(api, world):
    first = api.get("/api/villages/", {"township": A, "year": 2022})
    StarRating.objects.filter(village__code=village_code("A4")).delete()
    StarRating.objects.create(village=world["A4"], year=2022, branch=True)
    after = api.get(
        "/api/villages/",
        {"township": A, "year": 2022},
        HTTP_IF_NONE_MATCH=first["ETag"],
    )
    assert after.status_code == 200 and after["ETag"] != first["ETag"]


def test_a_delete_changes_the_sites_etag(api, world):
    first = api.get("/api/cleared-sites/", {"township": A})
    ClearedSite.objects.filter(code="T-A1-1").delete()
    after = api.get(
        "/api/cleared-sites/", {"township": A}, HTTP_IF_NONE_MATCH=first["ETag"]
    )
    assert after.status_code == 200 and len(after.json()["features"]) == 2


def test_if_modified_since_answers_304(api, world):
    first = api.get("/api/townships/")
    again = api.get("/api/townships/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304


def test_gzip_when_asked(api, world):
    response = api.get("/api/villages/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
