"""Login throttling: N failures of one username from one address lock it for a while."""

import base64
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import LoginFailure
from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def limits(settings):
    settings.GEOPORTAL_LOGIN_MAX_FAILURES = 3
    settings.GEOPORTAL_LOGIN_LOCK_MINUTES = 15


def log_in(username: str, password: str, address: str = "10.0.0.1") -> bool:
    """Post the login form; say whether it logged in."""
    client = Client(REMOTE_ADDR=address)
    response = client.post(
        "/accounts/login/", {"username": username, "password": password}
    )
    return response.status_code == 302 and "_auth_user_id" in client.session


def test_the_right_password_logs_in(leader):
    assert log_in(leader.username, PASSWORD)


def test_a_locked_username_is_refused_even_with_the_right_password(leader):
    for _ in range(3):
        assert not log_in(leader.username, "wrong")
    assert not log_in(leader.username, PASSWORD)
    row = LoginFailure.objects.get(username=leader.username)
    assert row.locked_until > timezone.now() + timedelta(minutes=14)


def test_the_lock_holds_for_one_address_and_any_letter_case(leader):
    for _ in range(3):
        log_in(leader.username.upper(), "wrong")
    assert not log_in(leader.username, PASSWORD)
    assert log_in(leader.username, PASSWORD, address="10.0.0.2")


def test_the_lock_ends_after_its_time_and_a_login_clears_the_count(leader):
    for _ in range(3):
        log_in(leader.username, "wrong")
    LoginFailure.objects.update(locked_until=timezone.now() - timedelta(seconds=1))
    assert log_in(leader.username, PASSWORD)
    assert not LoginFailure.objects.filter(username=leader.username).exists()


def test_failures_below_the_limit_do_not_lock(leader):
    for _ in range(2):
        log_in(leader.username, "wrong")
    assert log_in(leader.username, PASSWORD)


def test_basic_auth_on_the_api_is_locked_too(leader):
    def basic(password):
        token = base64.b64encode(f"{leader.username}:{password}".encode()).decode()
        return (
            Client(REMOTE_ADDR="10.0.0.9")
            .get("/api/history/", HTTP_AUTHORIZATION=f"Basic {token}")
            .status_code
        )

    assert basic(PASSWORD) == 200
    for _ in range(3):
        assert basic("wrong") == 401
    assert basic(PASSWORD) == 401


def test_the_admin_login_is_locked_too(county_admin):
    client = Client(REMOTE_ADDR="10.0.0.3")
    for _ in range(3):
        client.post(
            "/admin/login/", {"username": county_admin.username, "password": "x"}
        )
    client.post(
        "/admin/login/", {"username": county_admin.username, "password": PASSWORD}
    )
    assert "_auth_user_id" not in client.session
