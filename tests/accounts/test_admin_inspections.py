"""The inspection admin follows the same scope as the layers: a cadre sees only the own
township's visits, notices and problems on the Neihuang data, the county sees all."""

import pytest
from django.test import Client

from inspections.models import Problem, RectificationNotice, Visit

pytestmark = pytest.mark.django_db


def listed(user, url: str) -> int:
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.context["cl"].result_count


@pytest.mark.parametrize(
    ("url", "model", "path"),
    [
        ("/admin/inspections/visit/", Visit, "village__township"),
        (
            "/admin/inspections/rectificationnotice/",
            RectificationNotice,
            "village__township",
        ),
        ("/admin/inspections/problem/", Problem, "notice__village__township"),
    ],
)
def test_a_cadre_lists_only_the_own_townships_inspection_records(
    cadre, township_a, settings, url, model, path
):
    settings.GEOPORTAL_CADRE_READS_ALL = False
    own = model.objects.filter(**{path: township_a}).count()
    assert model.objects.count() > own
    assert listed(cadre, url) == own


def test_the_county_administrator_lists_every_visit(county_admin):
    assert listed(county_admin, "/admin/inspections/visit/") == Visit.objects.count()


def test_the_visit_map_widget_is_served_locally(county_admin):
    client = Client()
    client.force_login(county_admin)
    visit = Visit.objects.first()
    page = client.get(f"/admin/inspections/visit/{visit.pk}/change/").content.decode()
    assert "layers/vendor/ol-7.2.2/ol.js" in page and "cdn.jsdelivr" not in page
