"""Each role in the admin: what it lists, opens, changes and may pick."""

import pytest
from django.test import Client
from django.utils import timezone

from layers.models import StarRating

pytestmark = pytest.mark.django_db
THIS_YEAR = timezone.localdate().year


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def listed(client: Client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.context["cl"].result_count


def rating_form(rating: StarRating, **changes) -> dict:
    data = {
        "village": rating.village_id,
        "year": rating.year,
        "note": rating.note,
        "collective_income": "",
        "transferred_land_mu": "",
    }
    data.update(changes)
    return data


@pytest.fixture
def own_rating(village_a) -> StarRating:
    return StarRating.objects.create(village=village_a, year=THIS_YEAR)


@pytest.fixture
def other_rating(village_b) -> StarRating:
    return StarRating.objects.create(village=village_b, year=THIS_YEAR)


def test_a_cadre_lists_and_opens_only_the_own_township(
    cadre, township_a, village_b, settings
):
    settings.GEOPORTAL_CADRE_READS_ALL = False
    client = client_for(cadre)
    assert listed(client, "/admin/layers/village/") == township_a.villages.count()
    assert listed(client, "/admin/layers/township/") == 1
    other = client.get(f"/admin/layers/village/{village_b.pk}/change/")
    assert other.status_code == 302  # "does not exist", back to the index


def test_a_cadre_changes_own_ratings_and_only_views_others(
    cadre, own_rating, other_rating, settings
):
    settings.GEOPORTAL_CADRE_READS_ALL = True
    client = client_for(cadre)
    assert listed(client, "/admin/layers/village/") == 532
    own_url = f"/admin/layers/starrating/{own_rating.pk}/change/"
    other_url = f"/admin/layers/starrating/{other_rating.pk}/change/"
    assert client.post(own_url, rating_form(own_rating, branch="on")).status_code == 302
    own_rating.refresh_from_db()
    assert own_rating.branch
    view = client.get(other_url)
    assert view.status_code == 200 and not view.context["has_change_permission"]
    assert (
        client.post(other_url, rating_form(other_rating, branch="on")).status_code
        == 403
    )
    other_rating.refresh_from_db()
    assert not other_rating.branch


def test_a_cadre_cannot_move_a_rating_into_another_township(
    cadre, own_rating, village_b
):
    client = client_for(cadre)
    url = f"/admin/layers/starrating/{own_rating.pk}/change/"
    response = client.post(url, rating_form(own_rating, village=village_b.pk))
    assert response.status_code == 200
    assert "village" in response.context["adminform"].form.errors
    own_rating.refresh_from_db()
    assert own_rating.village_id != village_b.pk


def test_a_cadre_cannot_add_a_rating_elsewhere(cadre, village_b):
    response = client_for(cadre).post(
        "/admin/layers/starrating/add/",
        {
            "village": village_b.pk,
            "year": THIS_YEAR,
            "collective_income": "",
            "transferred_land_mu": "",
        },
    )
    assert response.status_code == 200 and response.context["adminform"].form.errors
    assert not StarRating.objects.filter(village=village_b, year=THIS_YEAR).exists()


def test_a_cadre_does_not_delete_in_another_township(cadre, other_rating, settings):
    settings.GEOPORTAL_CADRE_READS_ALL = True
    client = client_for(cadre)
    response = client.post(
        f"/admin/layers/starrating/{other_rating.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 403
    bulk = client.post(
        "/admin/layers/starrating/",
        {
            "action": "delete_selected",
            "_selected_action": [other_rating.pk],
            "post": "yes",
        },
    )
    assert bulk.status_code in (200, 403)
    assert StarRating.objects.filter(pk=other_rating.pk).exists()


def test_a_leader_views_everything_and_changes_nothing(leader, own_rating):
    client = client_for(leader)
    assert listed(client, "/admin/layers/village/") == 532
    page = client.get(f"/admin/layers/starrating/{own_rating.pk}/change/")
    assert page.status_code == 200 and not page.context["has_change_permission"]
    assert client.get("/admin/layers/starrating/add/").status_code == 403


def test_a_county_admin_changes_any_township(county_admin, other_rating):
    client = client_for(county_admin)
    url = f"/admin/layers/starrating/{other_rating.pk}/change/"
    assert client.post(url, rating_form(other_rating, safety="on")).status_code == 302


def test_a_gis_reader_has_no_admin(gis_reader):
    response = client_for(gis_reader).get("/admin/layers/village/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_audit_list_is_scoped_and_read_only(
    cadre, county_admin, own_rating, other_rating, settings
):
    settings.GEOPORTAL_CADRE_READS_ALL = False
    cadre_client, admin_client = client_for(cadre), client_for(county_admin)
    url = "/admin/history/change/?table_name=layers_starrating"
    assert listed(admin_client, url) > listed(cadre_client, url) >= 1
    assert admin_client.get("/admin/history/change/add/").status_code == 403


def test_the_history_page_shows_recorded_changes(county_admin, own_rating):
    client = client_for(county_admin)
    client.post(
        f"/admin/layers/starrating/{own_rating.pk}/change/",
        rating_form(own_rating, ecology="on", note="生态星"),
    )
    page = client.get(f"/admin/layers/starrating/{own_rating.pk}/history/")
    assert page.status_code == 200
    text = page.content.decode()
    assert (
        'id="audit-history"' in text
        and "生态星" in text
        and county_admin.username in text
    )
