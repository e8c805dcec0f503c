"""The county, township and village pages: access, size, feeds and facts."""

import json
import re
import socket

import pytest

TOWNSHIP, VILLAGE = "410527901", "410527901001"


@pytest.fixture
def world(county_world, db):
    return county_world


@pytest.mark.parametrize(
    "path", ["/", f"/township/{TOWNSHIP}/", f"/village/{VILLAGE}/"]
)
def test_pages_send_anonymous_visitors_to_the_login_page(client, world, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_public_read_opens_the_pages_without_login(client, world, settings):
    settings.GEOPORTAL_PUBLIC_READ = True
    response = client.get("/")
    assert response.status_code == 200
    assert "公开只读" in response.content.decode()


@pytest.mark.parametrize("path", ["/township/410527999/", "/village/nope/"])
def test_unknown_codes_answer_404(viewer, world, path):
    assert viewer.get(path).status_code == 404


def test_county_page_is_chinese_small_and_carries_no_feature(viewer, world):
    response = viewer.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in html
    assert len(response.content) < 300_000
    assert "示例100村" not in html  # village names arrive from the API, not in the page
    assert html.count("coordinates") <= 1  # the county outline only


def test_county_page_does_not_grow_with_the_features(viewer, world):
    from layers.models import ClearedSite

    before = len(viewer.get("/").content)
    sites = list(ClearedSite.objects.all()[:500])
    for site in sites:
        site.pk, site.code = None, site.code + "X"
    ClearedSite.objects.bulk_create(sites)
    assert abs(len(viewer.get("/").content) - before) < 200


def test_pages_load_nothing_from_another_host(viewer, world):
    for path in ["/", f"/township/{TOWNSHIP}/", f"/village/{VILLAGE}/"]:
        html = viewer.get(path).content.decode()
        assert not re.search(r"""(src|href)=["'](https?:)?//""", html), path


def test_rendering_never_opens_a_network_connection(viewer, world, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a page tried to open a network connection")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    for path in ["/", f"/township/{TOWNSHIP}/", f"/village/{VILLAGE}/"]:
        assert viewer.get(path).status_code == 200


def test_county_page_feeds_ask_for_whole_layers_in_one_page(viewer, world):
    html = viewer.get("/").content.decode()
    assert '"/api/villages/?precision=5\\u0026limit=10000\\u0026year=2023"' in html
    assert "/api/cleared-sites/?precision=5\\u0026limit=10000" in html


def test_county_page_preloads_the_feeds_it_draws_first(viewer, world):
    preloads = viewer.get("/").context["map"].preloads
    assert preloads == [
        "/api/villages/?precision=5&limit=10000&year=2023",
        "/api/townships/?precision=5&limit=10000",
        "/api/eod-sites/?limit=10000",
    ]


def test_county_page_counts_in_a_few_queries(
    viewer, world, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        viewer.get("/")


def test_township_page_lists_its_villages_progress_and_downloads(viewer, world):
    response = viewer.get(f"/township/{TOWNSHIP}/?year=2022")
    html = response.content.decode()
    assert response.context["year"] == 2022
    assert len(response.context["villages"]) == 32
    assert "township=410527901" in html and "format=kml" in html
    assert "/api/coverage.xlsx?township=410527901" in html
    assert html.count("data-level-row") == 6


def test_a_year_nobody_was_rated_in_falls_back_to_the_latest(viewer, world):
    assert viewer.get("/?year=1999").context["year"] == 2023


def test_village_page_shows_history_and_its_sites(viewer, world):
    response = viewer.get(f"/village/{VILLAGE}/")
    assert [r["year"] for r in response.context["facts"]["ratings"]] == [2022, 2023]
    assert len(response.context["cleared_sites"]) == 2
    assert "village=410527901001" in response.content.decode()


def test_tianditu_is_the_default_basemap_when_a_key_is_set(viewer, world, settings):
    settings.TIANDITU_KEY = "browser-key"
    html = viewer.get("/").content.decode()
    assert "tk=browser-key" in html
    first, blank = (json.dumps(name)[1:-1] for name in ("天地图矢量", "无底图（县界）"))
    assert html.index(first) < html.index(blank)  # the layer control lists it first


def test_english_through_the_language_cookie(viewer, world, settings):
    viewer.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = viewer.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "County totals against the targets" in html
