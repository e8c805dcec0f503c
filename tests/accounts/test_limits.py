"""Request limits: body size (413) and DRF throttling (429), both from settings."""

import pytest
from django.core.cache import cache
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_throttle_counts():
    cache.clear()
    yield
    cache.clear()


def test_a_body_over_the_limit_answers_413_before_it_is_read(settings, leader):
    settings.GEOPORTAL_MAX_REQUEST_BYTES = 1000
    client = Client()
    client.force_login(leader)
    response = client.post("/api/ratings/", "x" * 2000, content_type="application/json")
    assert response.status_code == 413
    assert "1000" in response.json()["detail"]
    page = client.post("/accounts/login/", {"username": "a" * 2000, "password": "b"})
    assert page.status_code == 413 and b"<html" in page.content


def test_a_body_under_the_limit_goes_through(settings):
    settings.GEOPORTAL_MAX_REQUEST_BYTES = 10_000
    response = Client().post("/accounts/login/", {"username": "a", "password": "b"})
    assert response.status_code == 200


def test_anonymous_clients_are_throttled_per_address(settings):
    settings.GEOPORTAL_THROTTLE_ANON = "3/minute"
    settings.GEOPORTAL_PUBLIC_READ = True
    client = Client(REMOTE_ADDR="10.1.0.1")
    codes = [client.get("/api/townships/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert Client(REMOTE_ADDR="10.1.0.2").get("/api/townships/").status_code == 200


def test_signed_in_users_have_their_own_generous_rate(settings, leader):
    settings.GEOPORTAL_THROTTLE_ANON = "1/minute"
    settings.GEOPORTAL_THROTTLE_USER = "5/minute"
    client = Client(REMOTE_ADDR="10.1.0.3")
    client.force_login(leader)
    codes = [client.get("/api/townships/").status_code for _ in range(6)]
    assert codes == [200] * 5 + [429]


def test_a_rate_of_off_turns_throttling_off(settings):
    settings.GEOPORTAL_THROTTLE_ANON = "off"
    settings.GEOPORTAL_PUBLIC_READ = True
    client = Client(REMOTE_ADDR="10.1.0.4")
    assert all(client.get("/api/townships/").status_code == 200 for _ in range(5))
