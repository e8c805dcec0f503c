"""Item 9a of issue 9: a township cadre draws boundaries and points only inside the own
township (not merely inside the county)."""

import json

import pytest
from rest_framework.test import APIClient

from accounts import policy
from layers.models import ClearedSite

pytestmark = pytest.mark.django_db


def api_for(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def feature(geometry) -> dict:
    return {
        "type": "Feature",
        "geometry": json.loads(geometry.geojson),
        "properties": {},
    }


def test_issue9_d9_policy_confines_a_cadres_shapes(
    cadre, county_admin, village_a, village_b
):
    assert policy.geometry_in_write_scope(cadre, village_a.boundary)
    assert not policy.geometry_in_write_scope(cadre, village_b.boundary)
    assert not policy.geometry_in_write_scope(
        cadre, village_b.boundary.point_on_surface
    )
    assert policy.geometry_in_write_scope(county_admin, village_b.boundary)


def test_issue9_d9_cadre_cannot_move_a_site_onto_another_township(
    cadre, village_a, village_b
):
    site = ClearedSite.objects.filter(village=village_a).first() or (
        ClearedSite.objects.filter(village__township=village_a.township).first()
    )
    before = site.location
    answer = api_for(cadre).patch(
        f"/api/cleared-sites/{site.code}/",
        feature(village_b.boundary.point_on_surface),
        format="json",
    )
    assert answer.status_code == 400, answer.content[:300]
    assert "location" in answer.json() or "location" in json.dumps(answer.json())
    site.refresh_from_db()
    assert site.location.equals(before)
    inside = api_for(cadre).patch(
        f"/api/cleared-sites/{site.code}/",
        feature(site.village.boundary.point_on_surface),
        format="json",
    )
    assert inside.status_code == 200, inside.content[:300]


def test_issue9_d9_cadre_cannot_redraw_a_village_onto_another_township(
    cadre, village_a, village_b
):
    answer = api_for(cadre).patch(
        f"/api/villages/{village_a.code}/", feature(village_b.boundary), format="json"
    )
    assert answer.status_code == 400, answer.content[:300]
    village_a.refresh_from_db()
    assert not village_a.boundary.equals(village_b.boundary)
