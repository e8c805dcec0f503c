"""Issue 9 defect 4 beyond the layers API: the field JSON and the evidence values send
row ETags and honour If-Match (412 on a stale one, nothing written; 403 comes first)."""

import json
import uuid

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone, translation

from accounts.concurrency import STALE, STALE_ROW, row_tag
from accounts.roles import Role
from accounts.services import role_grant
from evidence.models import TaskValue
from inspections.models import InspectionGroup, Problem, Visit
from layers.models import Township, Village


def person(name: str, role: str, **where):
    user = get_user_model().objects.create_user(name, password="if-match-pass-1")
    role_grant(user=user, role=role, **where)
    client = Client()
    client.force_login(user)
    return client


def post(client, url, body, **headers):
    return client.post(
        url, json.dumps(body), content_type="application/json", headers=headers
    )


@pytest.fixture
def field_village(db) -> Village:
    return Village.objects.select_related("township").order_by("code")[5]


@pytest.fixture
def inspector(db):
    group = InspectionGroup.objects.create(name="第十一督导组")
    return person("im-inspector", Role.INSPECTOR, inspection_group=group)


def checked_in(client, village) -> tuple[uuid.UUID, str]:
    visit_id, point = uuid.uuid4(), village.label_point
    answer = post(
        client,
        "/api/field/visits",
        {
            "client_id": str(visit_id),
            "village": village.code,
            "at": timezone.now().isoformat(),
            "lon": point.x,
            "lat": point.y,
        },
    )
    assert answer.status_code == 201, answer.content
    return visit_id, answer["ETag"]


def finish(client, visit_id, findings, **headers):
    return post(
        client,
        f"/api/field/visits/{visit_id}/done",
        {"at": timezone.now().isoformat(), "findings": findings},
        **headers,
    )


def test_field_answers_carry_the_row_etag_a_finish_accepts(inspector, field_village):
    visit_id, tag = checked_in(inspector, field_village)
    visit = Visit.objects.get(client_id=visit_id)
    assert tag == row_tag(visit) and tag.startswith('"r')
    done = finish(inspector, visit_id, "档案齐全", **{"If-Match": tag})
    assert done.status_code == 200, done.content
    visit.refresh_from_db()
    assert visit.findings == "档案齐全" and visit.done_at is not None
    assert done["ETag"] == row_tag(visit) != tag
    again = finish(inspector, visit_id, "补充", **{"If-Match": done["ETag"]})
    assert again.status_code == 200, again.content
    problem = post(
        inspector,
        "/api/field/problems",
        {
            "client_id": str(uuid.uuid4()),
            "visit": str(visit_id),
            "category": "environment",
            "description": "会议记录缺页",
        },
    )
    assert problem.status_code == 201, problem.content
    row = Problem.objects.get(client_id=problem.json()["client_id"])
    assert problem["ETag"] == row_tag(row)


def test_field_finish_with_a_stale_if_match_is_412_and_writes_nothing(
    inspector, field_village
):
    visit_id, first = checked_in(inspector, field_village)
    assert (
        finish(inspector, visit_id, "第一次", **{"If-Match": first}).status_code == 200
    )
    visit = Visit.objects.get(client_id=visit_id)
    stored = row_tag(visit)
    stale = finish(inspector, visit_id, "第二次", **{"If-Match": first})
    assert stale.status_code == 412, stale.content
    assert stale["ETag"] == stored
    with translation.override(settings.LANGUAGE_CODE):
        assert stale.json()["detail"] == str(STALE_ROW)
    visit.refresh_from_db()
    assert visit.findings == "第一次" and row_tag(visit) == stored


def test_field_finish_refuses_a_foreign_visit_before_its_precondition(
    inspector, field_village
):
    visit_id, tag = checked_in(inspector, field_village)
    stranger = person(
        "im-inspector-2",
        Role.INSPECTOR,
        inspection_group=InspectionGroup.objects.create(name="第十二督导组"),
    )
    answer = finish(stranger, visit_id, "他组", **{"If-Match": '"rstale"'})
    assert answer.status_code == 403, answer.content
    assert Visit.objects.get(client_id=visit_id).findings == ""


# Evidence values ---------------------------------------------------------------------


@pytest.fixture
def own_village(db) -> Village:
    return Township.objects.order_by("code")[0].villages.order_by("code")[0]


@pytest.fixture
def cadre(own_village):
    return person("im-cadre", Role.TOWNSHIP_CADRE, township=own_village.township)


def record(client, village, value, **headers):
    body = {"village": village.code, "year": 2022, "task": "safety_patrol"}
    return post(client, "/api/evidence/values/", body | {"value": value}, **headers)


def stored(village) -> TaskValue | None:
    return TaskValue.objects.filter(
        village=village, year=2022, task__code="safety_patrol"
    ).first()


def test_evidence_value_answer_etag_is_accepted_by_the_next_write(cadre, own_village):
    first = record(cadre, own_village, "7")
    assert first.status_code == 201, first.content
    assert first["ETag"] == row_tag(stored(own_village))
    second = record(cadre, own_village, "8", **{"If-Match": first["ETag"]})
    assert second.status_code == 201, second.content
    assert stored(own_village).number == 8
    assert second["ETag"] == row_tag(stored(own_village)) != first["ETag"]


def test_evidence_value_with_a_stale_if_match_is_412_and_writes_nothing(
    cadre, own_village
):
    first = record(cadre, own_village, "7")
    assert record(cadre, own_village, "8").status_code == 201
    tag = row_tag(stored(own_village))
    stale = record(cadre, own_village, "9", **{"If-Match": first["ETag"]})
    assert stale.status_code == 412, stale.content
    assert "If-Match" in stale.json()["errors"]
    assert stale["ETag"] == tag
    assert stored(own_village).number == 8 and row_tag(stored(own_village)) == tag


def test_evidence_if_match_with_no_stored_value_is_412_and_creates_nothing(
    cadre, own_village
):
    TaskValue.objects.filter(
        village=own_village, year=2022, task__code="safety_patrol"
    ).delete()
    answer = record(cadre, own_village, "3", **{"If-Match": "*"})
    assert answer.status_code == 412, answer.content
    assert stored(own_village) is None
    assert record(cadre, own_village, "3").status_code == 201


def test_evidence_foreign_value_is_403_before_its_precondition(db):
    other = Township.objects.order_by("code")[1].villages.order_by("code")[0]
    cadre = person(
        "im-cadre-a",
        Role.TOWNSHIP_CADRE,
        township=Township.objects.order_by("code")[0],
    )
    before = stored(other)
    tag = before and row_tag(before)
    answer = record(cadre, other, "1", **{"If-Match": '"rstale"'})
    assert answer.status_code in (400, 403), answer.content
    after = stored(other)
    assert (after and row_tag(after)) == tag


# The problem page's forms (rectify, tick off, send back) ----------------------------


def test_problem_page_refuses_a_form_from_before_another_change(
    inspector, field_village
):
    visit_id, _tag = checked_in(inspector, field_village)
    problem = Problem.objects.get(
        client_id=post(
            inspector,
            "/api/field/problems",
            {
                "client_id": str(uuid.uuid4()),
                "visit": str(visit_id),
                "category": "environment",
                "description": "村口垃圾堆未清理",
            },
        ).json()["client_id"]
    )
    cadre = person(
        "im-field-cadre", Role.TOWNSHIP_CADRE, township=field_village.township
    )
    url = f"/field/problems/{problem.pk}/"
    shown = cadre.get(url)
    opened = shown["ETag"]
    assert opened == row_tag(problem)
    assert f'name="row_version" value="{opened}"' in shown.content.decode().replace(
        "&quot;", '"'
    )
    rectified = cadre.post(
        url, {"action": "rectify", "note": "已清运", "row_version": opened}
    )
    assert rectified.status_code == 302, rectified.content
    problem.refresh_from_db()
    after = row_tag(problem)
    assert problem.status == "awaiting_check" and after != opened
    # The inspector's page was opened before the rectification: nothing is written.
    stale = inspector.post(
        url, {"action": "send_back", "reason": "照片看不清", "row_version": opened}
    )
    assert stale.status_code == 412, stale.content
    with translation.override(settings.LANGUAGE_CODE):
        assert str(STALE) in stale.content.decode()
    assert stale["ETag"] == after
    problem.refresh_from_db()
    assert problem.status == "awaiting_check" and row_tag(problem) == after
    # The tag the page now carries is accepted, as a form field or as If-Match.
    again = inspector.post(
        url,
        {"action": "send_back", "reason": "照片看不清"},
        headers={"If-Match": inspector.get(url)["ETag"]},
    )
    assert again.status_code == 302, again.content
    problem.refresh_from_db()
    assert problem.status == "in_progress" and problem.return_reason == "照片看不清"


# The users admin ------------------------------------------------------------------------


def test_user_admin_refuses_to_save_over_a_newer_version(db):
    root = get_user_model().objects.create_superuser("im-root", password="im-root-1")
    person_row = get_user_model().objects.create_user("im-edited", password="x-pass-9")
    client = Client()
    client.force_login(root)
    client.cookies["django_language"] = "en"
    url = f"/admin/auth/user/{person_row.pk}/change/"
    page = client.get(url)
    form = page.context["adminform"].form
    version = form.initial["row_version"]
    assert version == row_tag(person_row)
    data = {
        "username": "im-edited",
        "first_name": "mine",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "date_joined_0": "2026-12-01",
        "date_joined_1": "10:00:00",
        "membership-TOTAL_FORMS": "0",
        "membership-INITIAL_FORMS": "0",
        "membership-MIN_NUM_FORMS": "0",
        "membership-MAX_NUM_FORMS": "1",
        "row_version": version,
    }
    get_user_model().objects.filter(pk=person_row.pk).update(last_name="elsewhere")
    answer = client.post(url, data)
    assert answer.status_code == 200, answer.status_code
    errors = answer.context["adminform"].form.non_field_errors()
    assert errors and "changed by someone else" in errors[0]
    person_row.refresh_from_db()
    assert (person_row.first_name, person_row.last_name) == ("", "elsewhere")
    # The version the page shows now saves.
    data["row_version"] = (
        client.get(url).context["adminform"].form.initial["row_version"]
    )
    data["last_name"] = "elsewhere"
    saved = client.post(url, data)
    assert saved.status_code == 302, saved.context["adminform"].form.errors
    person_row.refresh_from_db()
    assert person_row.first_name == "mine"
