"""The county, township and village pages: access, size, feeds and facts."""

import json
import re
import socket

import pytest

from layers.models import ClearedSite


def paths(county) -> list[str]:
    return ["/", f"/township/{county.township}/", f"/village/{county.village}/"]


@pytest.mark.parametrize("page", range(3))
def test_pages_send_anonymous_visitors_to_the_login_page(client, county, page):
    response = client.get(paths(county)[page])
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_a_user_without_a_page_role_is_refused(client, county, django_user_model):
    from accounts.roles import Role
    from accounts.services import role_grant

    reader = django_user_model.objects.create_user("reader", password="reader-pass-1")
    role_grant(user=reader, role=Role.GIS_READER)
    client.force_login(reader)
    response = client.get("/")
    assert response.status_code == 403
    assert "无权查看该页面" in response.content.decode()


def test_public_read_opens_the_pages_without_login(client, county, settings):
    settings.GEOPORTAL_PUBLIC_READ = True
    for path in paths(county):
        response = client.get(path)
        assert response.status_code == 200
        assert "公开只读" in response.content.decode()


@pytest.mark.parametrize("path", ["/township/410527999/", "/village/nope/"])
def test_unknown_codes_answer_404(viewer, county, path):
    response = viewer.get(path)
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_county_page_is_chinese_small_and_carries_no_feature(viewer, county):
    response = viewer.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in html
    assert len(response.content) < 300_000
    assert county.village_name not in html  # village names come from the API
    assert html.count("coordinates") == 1  # the county outline only


def test_county_page_does_not_grow_with_the_features(viewer, county):
    before = len(viewer.get("/").content)
    sites = list(ClearedSite.objects.order_by("code")[:500])
    for site in sites:
        site.pk, site.code = None, site.code + "X"
    ClearedSite.objects.bulk_create(sites)
    assert abs(len(viewer.get("/").content) - before) < 200


def test_pages_load_nothing_from_another_host(viewer, county):
    for path in paths(county):
        html = viewer.get(path).content.decode()
        assert not re.search(r"""(src|href)=["'](https?:)?//""", html), path


def test_rendering_never_opens_a_network_connection(viewer, county, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a page tried to open a network connection")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    for path in paths(county):
        assert viewer.get(path).status_code == 200


def test_county_page_preloads_the_feeds_it_draws_first(viewer, county):
    year = county.years[-1]
    preloads = viewer.get("/").context["map"].preloads
    assert preloads == [
        f"/api/villages/?precision=5&limit=10000&year={year}",
        "/api/townships/?precision=5&limit=10000",
    ]


def test_county_page_counts_in_a_few_queries(
    viewer, county, django_assert_max_num_queries
):
    # 13: the villages' pinyin initials for the search box are one more read.
    with django_assert_max_num_queries(13):
        viewer.get("/")


def test_township_page_lists_its_villages_progress_and_downloads(viewer, county):
    year = county.years[0]
    response = viewer.get(f"/township/{county.township}/?year={year}")
    html = response.content.decode()
    assert response.context["year"] == year
    assert len(response.context["villages"]) == county.township_villages
    assert (
        f"/township/{county.township}/villages.kml?year={year}" in html
    )  # the village downloads follow the page's year
    assert f"/api/coverage.xlsx?township={county.township}&amp;year={year}" in html
    assert html.count("data-level-row") == 6
    assert f"township={county.township}" in response.context["map"].preloads[0]


def test_a_year_nobody_was_rated_in_falls_back_to_the_latest(viewer, county):
    assert viewer.get("/?year=1999").context["year"] == county.years[-1]
    assert viewer.get("/?year=abc").context["year"] == county.years[-1]


def test_village_page_shows_history_and_its_sites(viewer, county):
    response = viewer.get(f"/village/{county.village}/")
    assert [r["year"] for r in response.context["facts"]["ratings"]] == county.years
    assert len(response.context["cleared_sites"]) == county.village_sites
    assert f"village={county.village}" in response.content.decode()


def test_tianditu_is_the_default_basemap_when_a_key_is_set(viewer, county, settings):
    settings.TIANDITU_KEY = "browser-key"
    html = viewer.get("/").content.decode()
    assert "tk=browser-key" in html
    first, blank = (json.dumps(name)[1:-1] for name in ("天地图矢量", "无底图（县界）"))
    control = html[html.index("base_layers :") :]
    assert control.index(first) < control.index(
        blank
    )  # the layer control lists it first


def test_without_a_key_no_tianditu_url_is_written(viewer, county, settings):
    settings.TIANDITU_KEY = ""
    assert "tianditu.gov.cn" not in viewer.get("/").content.decode()


def test_english_through_the_language_cookie(viewer, county, settings):
    viewer.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = viewer.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "County totals against the targets" in html
