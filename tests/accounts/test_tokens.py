"""API tokens: header and Basic forms, revocation, expiry, read-only, CSRF, commands."""

import base64
import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from accounts.models import ApiToken
from accounts.roles import Role
from accounts.tokens import digest, token_issue
from layers.models import StarRating

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def test_routes(settings):
    settings.ROOT_URLCONF = "tests.accounts.urls"


def basic(username: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{secret}".encode()).decode()


def whoami(header: str, client: Client | None = None, method: str = "get"):
    return getattr(client or Client(), method)("/t/whoami", HTTP_AUTHORIZATION=header)


@pytest.mark.parametrize("form", ["Token", "Bearer", "basic", "basic-token-name"])
def test_each_header_form_authenticates_a_plain_view(form, gis_reader):
    _token, raw = token_issue(user=gis_reader)
    header = {
        "Token": f"Token {raw}",
        "Bearer": f"Bearer {raw}",
        "basic": basic(gis_reader.username, raw),
        "basic-token-name": basic("token", raw),
    }[form]
    assert whoami(header).json()["user"] == gis_reader.username


def test_basic_with_another_users_name_does_not_authenticate(gis_reader):
    _token, raw = token_issue(user=gis_reader)
    # Not the owner's name: neither a token nor a password of "someone-else" (401).
    assert whoami(basic("someone-else", raw)).status_code == 401


def test_only_the_digest_is_stored(gis_reader):
    token, raw = token_issue(user=gis_reader)
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert raw not in {str(value) for value in stored.values()}
    assert stored["digest"] == digest(raw) and raw.startswith(stored["hint"])


def test_a_revoked_token_answers_401(gis_reader):
    _token, raw = token_issue(user=gis_reader)
    call_command("revoke_token", raw, stdout=io.StringIO())
    english = Client()
    english.cookies["django_language"] = "en"  # the language switch's cookie
    response = english.get("/t/whoami", HTTP_AUTHORIZATION=f"Token {raw}")
    assert response.status_code == 401
    assert 'Token realm="geoportal"' in response["WWW-Authenticate"]
    assert "revoked" in response.json()["detail"]


def test_an_expired_token_or_an_inactive_user_answers_401(gis_reader):
    _token, raw = token_issue(user=gis_reader, expires_at=timezone.now() - timedelta(1))
    assert whoami(f"Token {raw}").status_code == 401
    _token, raw = token_issue(user=gis_reader)
    gis_reader.is_active = False
    gis_reader.save()
    assert whoami(f"Token {raw}").status_code == 401


def test_a_token_post_needs_no_csrf_token_but_basic_does(county_admin):
    _token, raw = token_issue(user=county_admin, write=True)
    strict = Client(enforce_csrf_checks=True)
    assert whoami(f"Token {raw}", strict, "post").status_code == 200
    # browsers repeat Basic credentials by themselves: CSRF still applies
    assert whoami(basic(county_admin.username, raw), strict, "post").status_code == 403


def patch_note(header: str, rating: StarRating, note: str = "checked"):
    return Client().patch(
        f"/t/ratings/{rating.pk}",
        {"note": note},
        content_type="application/json",
        HTTP_AUTHORIZATION=header,
        HTTP_X_CHANGE_REASON="token test",
    )


def test_a_read_only_token_is_refused_a_write(county_admin, village_a):
    rating = StarRating.objects.get(village=village_a, year=2023)
    _token, raw = token_issue(user=county_admin)
    read = Client().get(f"/t/ratings/{rating.pk}", HTTP_AUTHORIZATION=f"Token {raw}")
    assert read.status_code == 200
    assert patch_note(f"Token {raw}", rating).status_code == 403
    _token, raw = token_issue(user=county_admin, write=True)
    assert patch_note(f"Token {raw}", rating).status_code == 200
    rating.refresh_from_db()
    assert rating.note == "checked"


def test_a_cadre_token_writes_only_inside_the_township(
    make_user, village_a, village_b, settings
):
    settings.GEOPORTAL_CADRE_READS_ALL = True
    cadre = make_user(Role.TOWNSHIP_CADRE, "cadre-writer")
    _token, raw = token_issue(user=cadre, write=True)
    own = StarRating.objects.get(village=village_a, year=2023)
    other = StarRating.objects.get(village=village_b, year=2023)
    assert patch_note(f"Token {raw}", own).status_code == 200
    assert patch_note(f"Token {raw}", other).status_code == 403
    settings.GEOPORTAL_CADRE_READS_ALL = False
    assert patch_note(f"Token {raw}", other).status_code == 404  # not even seen


def test_drf_refuses_a_bad_token_and_anonymous_writes(village_a):
    rating = StarRating.objects.get(village=village_a, year=2023)
    assert patch_note("Token gp_not-a-token", rating).status_code == 401
    anonymous = Client().patch(
        f"/t/ratings/{rating.pk}", {"note": "x"}, content_type="application/json"
    )
    assert anonymous.status_code in (401, 403)


def test_basic_with_a_password_still_works_on_drf_views(leader, village_a):
    from tests.accounts.conftest import PASSWORD

    rating = StarRating.objects.get(village=village_a, year=2023)
    ok = Client().get(
        f"/t/ratings/{rating.pk}", HTTP_AUTHORIZATION=basic(leader.username, PASSWORD)
    )
    assert ok.status_code == 200
    wrong = Client().get(
        f"/t/ratings/{rating.pk}", HTTP_AUTHORIZATION=basic(leader.username, "wrong")
    )
    assert wrong.status_code == 401


def test_page_and_feed_decorators(gis_reader, leader, settings):
    settings.GEOPORTAL_PUBLIC_READ = False
    _token, reader = token_issue(user=gis_reader)
    _token, boss = token_issue(user=leader)
    assert Client().get("/t/feed").status_code == 401
    assert (
        Client().get("/t/feed", HTTP_AUTHORIZATION=f"Token {reader}").status_code == 200
    )
    assert (
        Client().get("/t/page", HTTP_AUTHORIZATION=f"Token {reader}").status_code == 403
    )
    assert (
        Client().get("/t/page", HTTP_AUTHORIZATION=f"Token {boss}").status_code == 200
    )
    assert Client().get("/t/page").status_code == 302  # to the login page


def test_issue_and_revoke_commands(gis_reader, capsys):
    call_command("issue_token", gis_reader.username, "--write", "--quiet")
    raw = capsys.readouterr().out.strip()
    token = ApiToken.objects.get(digest=digest(raw))
    assert token.can_write and token.user == gis_reader
    call_command("revoke_token", "--user", gis_reader.username)
    token.refresh_from_db()
    assert token.revoked_at is not None
