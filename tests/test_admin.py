"""The admin lists the Neihuang layers with their filters, in Chinese first."""

import pytest
from django.conf import settings

from layers.models import Township

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_session(admin_client):
    return admin_client


def result_count(response) -> int:
    assert response.status_code == 200
    return response.context["cl"].result_count


def test_admin_lists_17_townships_and_532_villages(admin_session):
    assert result_count(admin_session.get("/admin/layers/township/")) == 17
    assert result_count(admin_session.get("/admin/layers/village/")) == 532


def test_admin_lists_the_2022_ratings_by_level(admin_session):
    assert result_count(admin_session.get("/admin/layers/starrating/?year=2022")) == 532
    assert (
        result_count(admin_session.get("/admin/layers/starrating/?year=2022&level=5"))
        == 6
    )


def test_admin_filters_ratings_by_star_and_township(admin_session):
    holders = result_count(
        admin_session.get("/admin/layers/starrating/?year=2022&star=industry")
    )
    assert 0 < holders < 532
    liangzhuang = Township.objects.get(code="410527103")
    in_liangzhuang = result_count(
        admin_session.get(
            f"/admin/layers/starrating/?year=2022&village__township__id__exact={liangzhuang.pk}"
        )
    )
    assert in_liangzhuang == liangzhuang.villages.count()


def test_admin_searches_villages_by_name_and_code(admin_session):
    assert result_count(admin_session.get("/admin/layers/village/?q=冯庄村")) == 1
    assert result_count(admin_session.get("/admin/layers/village/?q=410527207203")) == 1


def test_admin_speaks_chinese_by_default_and_english_on_request(admin_session):
    chinese = admin_session.get("/admin/layers/village/")
    assert "行政村" in chinese.content.decode()
    admin_session.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = admin_session.get("/admin/layers/village/")
    assert "villages" in english.content.decode().lower()


def test_admin_map_widget_loads_openlayers_locally(admin_session):
    page = admin_session.get("/admin/layers/village/?q=冯庄村")
    village_id = page.context["cl"].result_list[0].pk
    change = admin_session.get(
        f"/admin/layers/village/{village_id}/change/"
    ).content.decode()
    assert "layers/vendor/ol-7.2.2/ol.js" in change
    assert "cdn.jsdelivr" not in change
