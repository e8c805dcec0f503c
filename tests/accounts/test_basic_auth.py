"""Defect 7 and items 9d/9e of issue 9: HTTP Basic on every feed, CSRF-checked writes,
and 401s that offer Basic beside Token."""

import base64

import pytest
from django.test import Client

from accounts.roles import Role
from accounts.tokens import token_issue
from layers.models import ClearedSite
from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db
EVIL = "https://evil.example"


def basic(username: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{secret}".encode()).decode()


@pytest.fixture
def admin_user(make_user, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user = make_user(Role.COUNTY_ADMIN, "basic-admin")
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def site() -> ClearedSite:
    return ClearedSite.objects.order_by("code").first()


def cross_site_patch(site, authorization: str):
    # A browser replaying credentials for a page on another site: no CSRF token.
    browser = Client(enforce_csrf_checks=True)
    return browser.patch(
        f"/api/cleared-sites/{site.code}/",
        '{"note": "cross-site"}',
        content_type="application/json",
        HTTP_AUTHORIZATION=authorization,
        HTTP_ORIGIN=EVIL,
    )


def test_issue9_d7_basic_password_write_from_another_site_is_refused(admin_user, site):
    answer = cross_site_patch(site, basic(admin_user.username, PASSWORD))
    assert answer.status_code == 403, answer.content[:300]
    assert "CSRF" in answer.content.decode()
    site.refresh_from_db()
    assert site.note != "cross-site"


def test_issue9_d7_basic_token_write_from_another_site_is_refused(admin_user, site):
    _token, raw = token_issue(user=admin_user, write=True)
    answer = cross_site_patch(site, basic(admin_user.username, raw))
    assert answer.status_code == 403, answer.content[:300]
    site.refresh_from_db()
    assert site.note != "cross-site"


def test_issue9_d7_a_token_header_still_writes(admin_user, site):
    _token, raw = token_issue(user=admin_user, write=True)
    answer = cross_site_patch(site, f"Token {raw}")
    assert answer.status_code == 200, answer.content[:300]


def test_issue9_d9_401_on_the_feeds_offers_basic_and_token(settings):
    settings.GEOPORTAL_PUBLIC_READ = False
    for url in [
        "/api/villages/",
        "/ogc/collections/villages/items",
        "/api/coverage",
        "/api/inspections/coverage",
    ]:
        answer = Client().get(url)
        assert answer.status_code == 401, url
        challenge = answer.get("WWW-Authenticate", "")
        assert 'Basic realm="geoportal"' in challenge, (url, challenge)
        assert "Token" in challenge, (url, challenge)


def test_issue9_d9_basic_password_reads_ogc_as_it_reads_the_api(admin_user, settings):
    settings.GEOPORTAL_PUBLIC_READ = False
    header = basic(admin_user.username, PASSWORD)
    for url in ["/api/villages/?limit=1", "/ogc/collections/villages/items?limit=1"]:
        answer = Client().get(url, HTTP_AUTHORIZATION=header)
        assert answer.status_code == 200, (url, answer.content[:200])
    wrong = basic(admin_user.username, "wrong-password")
    for url in ["/api/villages/?limit=1", "/ogc/collections/villages/items?limit=1"]:
        answer = Client().get(url, HTTP_AUTHORIZATION=wrong)
        assert answer.status_code == 401, url
        assert "Basic" in answer["WWW-Authenticate"]
