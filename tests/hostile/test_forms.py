"""Forms and request limits: the login form, the language switch, bodies over the limit."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_a_ten_kilobyte_username_is_refused_without_a_500(unchanged):
    client = Client()
    for username in [
        "u" * 10_240,
        "<script>alert(1)</script>",
        "a\x00b",
        "' OR 1=1 --",
    ]:
        response = client.post(
            "/accounts/login/", {"username": username, "password": "x"}
        )
        assert response.status_code in (200, 400, 403, 429), response.status_code
        assert b"<script>alert(1)</script>" not in response.content
    unchanged()


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "javascript:alert(1)",
        "http:evil.example",
        "\\\\evil.example",
    ],
)
def test_the_language_switch_never_redirects_off_site(next_url):
    client = Client()
    for language in ["en", "zz", "<script>", "x" * 5000]:
        response = client.post(
            "/i18n/setlang/", {"language": language, "next": next_url}
        )
        assert response.status_code in (200, 302, 400), response.status_code
        location = response.get("Location", "/")
        assert location.startswith("/") and not location.startswith("//"), location
        assert "evil" not in location and "javascript" not in location


def test_a_bogus_language_does_not_change_the_language():
    client = Client()
    client.post("/i18n/setlang/", {"language": "klingon", "next": "/"})
    cookie = client.cookies.get("django_language")
    assert cookie is None or cookie.value in ("en", "zh-hans")


def test_a_login_next_url_off_site_is_not_followed(superuser):
    client = Client()
    response = client.post(
        "/accounts/login/?next=https://evil.example/",
        {"username": "hostile-root", "password": "pw-1"},
    )
    assert response.status_code == 302
    assert "evil" not in response["Location"]


def test_bodies_over_the_limit_answer_413(settings, root_api, unchanged):
    settings.GEOPORTAL_MAX_REQUEST_BYTES = 50_000
    big = b"x" * 60_000
    for url in [
        "/api/cleared-sites/",
        "/api/service-centres/",
        "/api/ratings/",
        "/api/routes/plan",
    ]:
        response = root_api.post(url, big, content_type="application/json")
        assert response.status_code == 413, (url, response.status_code)
        assert "50000" in response.json()["detail"]
    page = Client().post("/accounts/login/", {"username": "a" * 60_000})
    assert page.status_code == 413
    unchanged()


def test_a_json_body_over_django_s_memory_limit_answers_413_not_a_bare_400(
    settings, root_api, unchanged
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = root_api.post(
        "/api/cleared-sites/",
        b"[" + b"1," * 10_000 + b"1]",
        content_type="application/json",
    )
    assert response.status_code == 413
    assert "10000" in response.json()["detail"]
    unchanged()


def test_a_non_numeric_content_length_answers_400(root_api):
    response = root_api.post(
        "/api/ratings/", b"{}", content_type="application/json", CONTENT_LENGTH="abc"
    )
    assert response.status_code == 400
