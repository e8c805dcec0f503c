"""The evidence API: card, differences, roll-up and scoped writes with evidence."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from evidence.models import TaskValue
from layers.models import StarRating
from tests.evidence.conftest import signed_in

pytestmark = pytest.mark.django_db


def test_card_lists_every_star_with_tasks_and_shortfall(leader, short_of_clear_five):
    rating = short_of_clear_five
    answer = signed_in(leader).get(
        f"/api/evidence/villages/{rating.village.code}/?year=2022",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert answer.status_code == 200
    card = answer.json()
    assert [s["star"] for s in card["stars"]] == [
        "branch",
        "industry",
        "ecology",
        "safety",
        "civility",
    ]
    industry = card["stars"][1]
    assert industry["held"] and not industry["suggested"]
    clear_five = next(
        t for t in industry["tasks"] if t["code"] == "industry_clear_five"
    )
    assert clear_five["met"] is False
    assert clear_five["shortfall"] == 50_000 - float(rating.collective_income)
    assert card["suggested_level"] == card["recorded_level"] - 1


def test_card_hides_other_townships_from_a_cadre(cadre, township_b):
    code = township_b.villages.order_by("code")[0].code
    assert (
        signed_in(cadre).get(f"/api/evidence/villages/{code}/?year=2022").status_code
        == 404
    )


def test_anonymous_reads_nothing():
    assert Client().get("/api/evidence/differences/?year=2022").status_code in (
        401,
        403,
    )


def test_bad_year_is_a_400_naming_it(leader):
    answer = signed_in(leader).get("/api/evidence/differences/?year=abc")
    assert answer.status_code == 400
    assert "year" in answer.json()["errors"]
    assert signed_in(leader).get("/api/evidence/rollup/?colour=red").status_code == 400


def test_differences_list_the_rule_breaks(leader, short_of_clear_five):
    answer = signed_in(leader).get("/api/evidence/differences/?year=2022").json()
    assert answer["count"] == 1
    assert answer["villages"][0]["village_code"] == short_of_clear_five.village.code
    assert all(v["stars"][0]["star"] == "industry" for v in answer["villages"])


def test_rollup_counts_sum_to_the_county(leader):
    answer = signed_in(leader).get("/api/evidence/rollup/?year=2022").json()
    assert len(answer["townships"]) == 17
    county = answer["county"]
    assert county["villages"] == 532
    assert county["industry_held"] - county["industry_met"] == county["differences"]
    assert (county["target_5"], county["target_4"], county["target_3"]) == (6, 30, 149)


def test_cadre_records_a_value_with_a_photo_in_the_own_township(cadre, township_a):
    village = township_a.villages.order_by("code")[0]
    photo = SimpleUploadedFile(
        "patrol.jpg", b"\xff\xd8\xff\xe0 fake jpeg", "image/jpeg"
    )
    answer = signed_in(cadre).post(
        "/api/evidence/values/",
        {
            "village": village.code,
            "year": 2022,
            "task": "safety_patrol",
            "value": "7",
            "evidence_text": "巡逻队花名册",
            "evidence_file": photo,
        },
    )
    assert answer.status_code == 201, answer.content
    entry = TaskValue.objects.get(
        village=village, year=2022, task__code="safety_patrol"
    )
    assert (entry.number, entry.recorded_by, entry.is_demo) == (7, cadre, False)
    assert entry.evidence_file.name.endswith(".jpg")
    entry.evidence_file.delete(save=False)


def test_cadre_may_not_write_another_township(cadre, township_b):
    village = township_b.villages.order_by("code")[0]
    before = TaskValue.objects.get(
        village=village, year=2022, task__code="safety_patrol"
    ).number
    answer = signed_in(cadre).post(
        "/api/evidence/values/",
        {"village": village.code, "year": 2022, "task": "safety_patrol", "value": "1"},
        content_type="application/json",
    )
    assert answer.status_code in (400, 403)
    after = TaskValue.objects.get(
        village=village, year=2022, task__code="safety_patrol"
    ).number
    assert after == before


@pytest.mark.parametrize(
    "body, field",
    [
        ({"task": "safety_patrol", "value": "-3"}, "value"),
        ({"task": "safety_patrol", "value": "2.5"}, "value"),
        ({"task": "safety_three_zeros", "value": "maybe"}, "value"),
        ({"task": "industry_clear_five", "value": "60000"}, "task"),
        ({"task": "no_such_task", "value": "1"}, "task"),
        ({"task": "safety_patrol", "value": "1", "year": "1800"}, "year"),
    ],
)
def test_bad_values_are_refused_naming_the_field(county_admin, body, field):
    village = StarRating.objects.filter(year=2022)[0].village
    data = {"village": village.code, "year": 2022, **body}
    answer = signed_in(county_admin).post(
        "/api/evidence/values/", data, content_type="application/json"
    )
    assert answer.status_code == 400, answer.content
    assert field in answer.json()["errors"]


@pytest.mark.parametrize("body", ["[1, 2]", '"text"', "{broken"])
def test_a_body_that_is_no_object_is_a_400(county_admin, body):
    answer = signed_in(county_admin).post(
        "/api/evidence/values/", body, content_type="application/json"
    )
    assert answer.status_code == 400
