"""A rating of a past year changes only with a reason: service, database, API, admin."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from accounts.roles import Role
from history.context import acting
from history.models import Change
from history.selectors import object_history
from history.services import rating_correct
from layers.models import StarRating

pytestmark = pytest.mark.django_db
THIS_YEAR = timezone.localdate().year


@pytest.fixture
def past(village_a) -> StarRating:
    return StarRating.objects.get(village=village_a, year=2023)


@pytest.fixture
def present(village_a) -> StarRating:
    return StarRating.objects.create(village=village_a, year=THIS_YEAR)


def test_the_service_refuses_a_past_year_change_without_a_reason(past, county_admin):
    with pytest.raises(ValidationError) as refused:
        rating_correct(
            rating=past, changes={"note": "x"}, reason=" ", user=county_admin
        )
    assert "reason" in refused.value.message_dict
    past.refresh_from_db()
    assert past.note != "x"


def test_the_service_records_the_reason(past, county_admin):
    stars = not past.civility
    rating_correct(
        rating=past, changes={"civility": stars}, reason="复核更正", user=county_admin
    )
    change = object_history(past).get(action="update")
    assert change.reason == "复核更正" and change.new["civility"] is stars
    assert change.username == county_admin.username


def test_the_service_needs_no_reason_this_year(present, county_admin):
    rating_correct(rating=present, changes={"branch": True}, user=county_admin)
    present.refresh_from_db()
    assert present.level == 1


def test_the_service_checks_the_township(past, make_user, township_b):
    cadre_b = make_user(Role.TOWNSHIP_CADRE, "cadre-b", township=township_b)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        rating_correct(rating=past, changes={"note": "x"}, reason="r", user=cadre_b)


@pytest.mark.parametrize("source", ["web", "api", "admin"])
def test_the_database_refuses_an_interactive_change_without_reason(past, source):
    with pytest.raises(IntegrityError), transaction.atomic(), acting(source=source):
        StarRating.objects.filter(pk=past.pk).update(note="silent")
    with pytest.raises(IntegrityError), transaction.atomic(), acting(source=source):
        StarRating.objects.filter(pk=past.pk).delete()


def test_the_database_lets_imports_and_reasoned_changes_through(past, present):
    with acting(source="api", reason="typo"):
        StarRating.objects.filter(pk=past.pk).update(note="fixed")
    with acting(source="import"):
        StarRating.objects.filter(pk=past.pk).update(note="imported")
    with acting(source="api"):
        StarRating.objects.filter(pk=present.pk).update(note="this year")
        StarRating.objects.filter(pk=past.pk).update(
            note="imported"
        )  # no change at all
    assert object_history(past).filter(action="update").count() == 2


@pytest.fixture
def editor(db, django_user_model):
    from accounts.services import role_grant

    user = django_user_model.objects.create_user("rating-editor", password="x")
    role_grant(user=user, role="county_admin")  # staff alone no longer writes
    client = Client()
    client.force_login(user)
    return client


def test_the_api_answers_400_without_a_reason_and_records_one_given(editor, past):
    url = f"/api/ratings/{past.pk}/"
    refused = editor.patch(url, {"note": "api fix"}, content_type="application/json")
    assert refused.status_code == 400
    assert "reason" in refused.json()["errors"]
    done = editor.patch(
        url,
        {"note": "api fix"},
        content_type="application/json",
        HTTP_X_CHANGE_REASON="%E5%A4%8D%E6%A0%B8",
    )  # 复核
    assert done.status_code == 200, done.content
    change = object_history(past).get(action="update")
    assert (change.reason, change.source, change.username) == (
        "复核",
        "api",
        "rating-editor",
    )


def test_the_api_takes_the_reason_from_the_body_too(editor, past):
    url = f"/api/ratings/{past.pk}/"
    done = editor.patch(
        url, {"note": "body fix", "reason": "复核更正"}, content_type="application/json"
    )
    assert done.status_code == 200, done.content
    assert object_history(past).get(action="update").reason == "复核更正"
    wrong = editor.patch(
        url, {"note": "x", "reason": 7}, content_type="application/json"
    )
    assert wrong.status_code == 400 and "reason" in wrong.json()["errors"]


def admin_form(rating: StarRating, **changes) -> dict:
    data = {
        field: getattr(rating, field)
        for field in [
            "year",
            "branch",
            "industry",
            "ecology",
            "safety",
            "civility",
            "is_quasi_five_star",
            "is_weak_branch",
            "note",
        ]
    }
    data = {k: ("on" if v is True else v) for k, v in data.items() if v is not False}
    data["village"] = rating.village_id
    data["collective_income"] = rating.collective_income or ""
    data["transferred_land_mu"] = rating.transferred_land_mu or ""
    data.update(changes)
    return data


def test_the_admin_asks_for_a_reason_and_keeps_it(county_admin, past):
    client = Client()
    client.force_login(county_admin)
    url = f"/admin/layers/starrating/{past.pk}/change/"
    refused = client.post(url, admin_form(past, note="admin fix"))
    assert refused.status_code == 200
    assert "correction_reason" in refused.context["adminform"].form.errors
    saved = client.post(
        url, admin_form(past, note="admin fix", correction_reason="会议纪要")
    )
    assert saved.status_code == 302
    change = object_history(past).get(action="update")
    assert (change.reason, change.source) == ("会议纪要", "admin")
    history_page = client.get(f"/admin/layers/starrating/{past.pk}/history/")
    assert "会议纪要" in history_page.content.decode()


def test_the_admin_does_not_delete_a_past_year_rating(county_admin, past):
    client = Client()
    client.force_login(county_admin)
    response = client.post(
        f"/admin/layers/starrating/{past.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 403
    assert StarRating.objects.filter(pk=past.pk).exists()
    assert not Change.objects.filter(
        table_name="layers_starrating", action="delete", object_id=str(past.pk)
    ).exists()
