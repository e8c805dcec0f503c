"""Chinese first: only the language switch (its cookie) turns the service English."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_an_english_browser_still_gets_chinese(admin_client):
    page = admin_client.get(
        "/admin/layers/village/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"
    )
    assert page["Content-Language"] == "zh-hans"
    assert "行政村" in page.content.decode()


def test_the_language_switch_turns_it_english(admin_client):
    admin_client.post("/i18n/setlang/", {"language": "en", "next": "/admin/"})
    assert admin_client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = admin_client.get("/admin/layers/village/")
    assert page["Content-Language"] == "en"


def test_an_unknown_cookie_language_falls_back_to_chinese(admin_client):
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert admin_client.get("/admin/")["Content-Language"] == "zh-hans"


def test_township_kinds_read_as_the_statistics_bureau_names(admin_client):
    page = admin_client.get("/admin/layers/township/?kind__exact=township")
    assert page.context["cl"].result_count == 6
    assert ">乡<" in page.content.decode()
