"""The field JSON (check-in, problem, photo, finish) and the photo view's read policy."""

import io
import json
import uuid

import pytest
from django.test import Client
from django.utils import timezone
from PIL import Image

from history.models import Change
from inspections.models import Photo, Problem, Visit
from inspections.selectors import coverage_by_township, unvisited_villages
from tests.inspections.field_fixtures import PASSWORD, jpeg_bytes


def client_for(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def check_in(client, village, *, lon=None, lat=None, client_id=None):
    point = village.label_point
    return post(
        client,
        "/api/field/visits",
        {
            "client_id": str(client_id or uuid.uuid4()),
            "village": village.code,
            "at": timezone.now().isoformat(),
            "lon": point.x if lon is None else lon,
            "lat": point.y if lat is None else lat,
            "accuracy": 12.5,
        },
    )


def test_check_in_records_visit_once_and_counts_at_once(inspector, village):
    client, today = client_for(inspector), timezone.localdate()
    before = {
        r["code"]: r["visited"]
        for r in coverage_by_township(date_from=today, date_to=today)
    }
    assert (
        unvisited_villages(date_from=today, date_to=today)
        .filter(pk=village.pk)
        .exists()
    )
    visit_id = uuid.uuid4()
    first = check_in(client, village, client_id=visit_id)
    again = check_in(client, village, client_id=visit_id)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json()
    body = first.json()
    assert body["distance_m"] == 0 and body["far"] is False
    assert (
        Visit.objects.filter(
            village=village, group=inspector.membership.inspection_group
        ).count()
        == 1
    )
    after = {
        r["code"]: r["visited"]
        for r in coverage_by_township(date_from=today, date_to=today)
    }
    assert after[village.township.code] == before[village.township.code] + 1
    assert (
        not unvisited_villages(date_from=today, date_to=today)
        .filter(pk=village.pk)
        .exists()
    )


def test_far_check_in_is_flagged_not_refused(inspector, village):
    point = village.label_point
    response = check_in(client_for(inspector), village, lon=point.x + 0.05, lat=point.y)
    assert response.status_code == 201
    assert response.json()["far"] is True and response.json()["distance_m"] > 3000


@pytest.mark.parametrize(
    "change, field",
    [
        ({"village": "12"}, "village"),
        ({"lon": 500}, "lon"),
        ({"lat": "north"}, "lat"),
        ({"client_id": "not-a-uuid"}, "client_id"),
        ({"at": "2999-01-01T00:00:00+08:00"}, "at"),
        ({"accuracy": -3}, "accuracy"),
        ({"lon": [1, 2]}, "lon"),
    ],
)
def test_check_in_names_the_bad_value(inspector, village, change, field):
    body = {
        "client_id": str(uuid.uuid4()),
        "village": village.code,
        "at": timezone.now().isoformat(),
        "lon": 114.9,
        "lat": 35.8,
    }
    response = post(client_for(inspector), "/api/field/visits", {**body, **change})
    assert response.status_code == 400 and field in response.json()["errors"]
    assert not Visit.objects.filter(village=village, client_id__isnull=False).exists()


def test_check_in_refuses_bad_json_unknown_village_and_non_members(
    inspector, cadre, village
):
    client = client_for(inspector)
    bad = client.post("/api/field/visits", "{nope", content_type="application/json")
    assert bad.status_code == 400 and "JSON" in bad.json()["detail"]
    missing = check_in(client, village)
    assert missing.status_code == 201
    unknown = post(
        client,
        "/api/field/visits",
        {
            "client_id": str(uuid.uuid4()),
            "village": "410527999999",
            "at": timezone.now().isoformat(),
            "lon": 1,
            "lat": 1,
        },
    )
    assert unknown.status_code == 404
    assert check_in(client_for(cadre), village).status_code == 403
    assert check_in(Client(), village).status_code == 401


def record_problem(client, visit_id, **extra):
    body = {
        "client_id": str(uuid.uuid4()),
        "visit": str(visit_id),
        "category": "environment",
        "description": "村口垃圾堆未清理",
        "lon": 114.9,
        "lat": 35.8,
        **extra,
    }
    return post(client, "/api/field/problems", body)


def upload_photo(client, problem_id, data=None, client_id=None):
    return client.post(
        "/api/field/photos",
        {
            "client_id": str(client_id or uuid.uuid4()),
            "problem": str(problem_id),
            "stage": "before",
            "photo": io.BytesIO(data or jpeg_bytes(gps=(114.91, 35.84))),
        },
    )


def test_problem_raises_the_visit_notice_and_photos_dedupe(inspector, village):
    client, visit_id = client_for(inspector), uuid.uuid4()
    check_in(client, village, client_id=visit_id)
    first = record_problem(client, visit_id)
    second = record_problem(client, visit_id, category="safety")
    assert first.status_code == second.status_code == 201
    assert first.json()["notice"] == second.json()["notice"]
    assert [first.json()["seq"], second.json()["seq"]] == [1, 2]
    problem = Problem.objects.get(client_id=first.json()["client_id"])
    assert problem.star == "ecology" and problem.notice.village == village
    photo_id = uuid.uuid4()
    sent = upload_photo(client, problem.client_id, client_id=photo_id)
    resent = upload_photo(client, problem.client_id, client_id=photo_id)
    assert (sent.status_code, resent.status_code) == (201, 200)
    assert problem.photos.count() == 1
    assert sent.json()["taken_at"].startswith("2026-11-25T09:30:00")
    assert Change.objects.filter(
        table_name="inspections_problem", object_id=str(problem.pk)
    ).exists()


def test_problem_and_photo_refuse_bad_input(inspector, village):
    client, visit_id = client_for(inspector), uuid.uuid4()
    check_in(client, village, client_id=visit_id)
    assert record_problem(client, visit_id, category="weather").status_code == 400
    assert record_problem(client, uuid.uuid4()).status_code == 404
    assert record_problem(client, visit_id, description="").json()["errors"][
        "description"
    ]
    problem_id = record_problem(client, visit_id).json()["client_id"]
    fake = upload_photo(client, problem_id, data=b"MZ\x90\x00 an exe named photo.jpg")
    assert fake.status_code == 400 and "photo" in fake.json()["errors"]
    none = client.post(
        "/api/field/photos", {"client_id": str(uuid.uuid4()), "problem": problem_id}
    )
    assert none.status_code == 400
    assert Photo.objects.count() == 0


def test_other_group_cannot_add_problems_to_a_visit(
    inspector, other_inspector, village
):
    visit_id = uuid.uuid4()
    check_in(client_for(inspector), village, client_id=visit_id)
    assert record_problem(client_for(other_inspector), visit_id).status_code == 403


def test_photo_is_read_by_row_readers_and_gps_stripped_for_cadres(
    inspector, cadre, other_cadre, village
):
    client, visit_id = client_for(inspector), uuid.uuid4()
    check_in(client, village, client_id=visit_id)
    problem_id = record_problem(client, visit_id).json()["client_id"]
    photo_id = upload_photo(client, problem_id).json()["client_id"]

    def exif(response):
        data = b"".join(response.streaming_content)
        return Image.open(io.BytesIO(data)).getexif()

    full = client.get(f"/photos/{photo_id}.jpg")
    assert full.status_code == 200 and full["Content-Type"] == "image/jpeg"
    assert exif(full).get_ifd(0x8825)
    own = client_for(cadre).get(f"/photos/{photo_id}.jpg")
    assert own.status_code == 200 and not exif(own).get_ifd(0x8825)
    assert client_for(cadre).get(f"/photos/{photo_id}/thumb.jpg").status_code == 200
    assert client_for(other_cadre).get(f"/photos/{photo_id}.jpg").status_code == 403
    assert Client().get(f"/photos/{photo_id}.jpg").status_code == 401
    assert client.get(f"/photos/{uuid.uuid4()}.jpg").status_code == 404


def test_finish_marks_done_and_keeps_first_time(inspector, village):
    client, visit_id = client_for(inspector), uuid.uuid4()
    check_in(client, village, client_id=visit_id)
    url = f"/api/field/visits/{visit_id}/done"
    done = post(
        client, url, {"at": timezone.now().isoformat(), "findings": "党员活动室整洁"}
    )
    assert done.status_code == 200 and done.json()["done"] is True
    first = Visit.objects.get(client_id=visit_id).done_at
    post(client, url, {"at": timezone.now().isoformat()})
    visit = Visit.objects.get(client_id=visit_id)
    assert visit.done_at == first and visit.findings == "党员活动室整洁"
    assert (
        post(
            client,
            f"/api/field/visits/{uuid.uuid4()}/done",
            {"at": timezone.now().isoformat()},
        ).status_code
        == 404
    )
