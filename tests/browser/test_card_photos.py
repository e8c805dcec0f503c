"""The village card on the county map shows the photos taken at that village."""

import uuid

from django.contrib.auth import get_user_model
from django.test import Client

from accounts.roles import Role
from accounts.services import role_grant
from inspections.models import InspectionGroup
from layers.models import Village
from tests.inspections.test_field_api import check_in, record_problem, upload_photo


def photo_taken_at_a_village() -> Village:
    """Record a problem with one photo at a village, as an inspection group member."""
    user = get_user_model().objects.create_user(
        "card-photo-inspector", password="pw-1x"
    )
    group, _ = InspectionGroup.objects.get_or_create(name="第一督导组")
    role_grant(user=user, role=Role.INSPECTOR, inspection_group=group)
    client = Client()
    client.force_login(user)
    village = Village.objects.order_by("code")[3]
    visit_id = uuid.uuid4()
    assert check_in(client, village, client_id=visit_id).status_code == 201
    problem = record_problem(client, visit_id).json()["client_id"]
    assert upload_photo(client, problem).status_code == 201
    return village


def test_village_card_shows_its_photos(tab, county):
    village = photo_taken_at_a_village()
    tab.login()
    tab.open_map("/")
    point = village.label_point
    tab.page.evaluate(
        "([code, lat, lon]) => GP.openCard(code, L.latLng(lat, lon))",
        [village.code, point.y, point.x],
    )
    selector = f".gp-card[data-code='{village.code}'] .gp-card-photos img"
    tab.page.wait_for_selector(selector, timeout=15000)
    assert "照片 (1)" in tab.page.inner_text(".gp-card .gp-card-photos")
    assert tab.page.get_attribute(selector, "src").endswith("/thumb.jpg")
    tab.page.wait_for_function(
        f'() => document.querySelector("{selector}").naturalWidth > 0', timeout=15000
    )
    tab.screenshot("county-card-photos")
    assert tab.errors == []
    assert tab.external_requests() == []
