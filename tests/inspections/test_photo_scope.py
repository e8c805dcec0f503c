"""Photos are scoped like the rows they show (accounts.scope) and audited (history)."""

import uuid

from accounts import policy
from accounts.roles import Role
from history.models import Change
from inspections.models import Photo
from layers.models import Township
from tests.inspections.field_fixtures import make_user
from tests.inspections.test_field_api import (
    check_in,
    client_for,
    record_problem,
    upload_photo,
)


def test_photo_is_read_in_its_village_township_and_its_upload_is_audited(
    inspector, village
):
    client, visit_id = client_for(inspector), uuid.uuid4()
    check_in(client, village, client_id=visit_id)
    problem_id = record_problem(client, visit_id).json()["client_id"]
    photo_id = upload_photo(client, problem_id).json()["client_id"]
    photo = Photo.objects.get(client_id=photo_id)
    assert photo.village_id == village.pk

    own = make_user("cadre_own", Role.TOWNSHIP_CADRE, township=village.township)
    other = make_user(
        "cadre_other",
        Role.TOWNSHIP_CADRE,
        township=Township.objects.exclude(pk=village.township_id).first(),
    )
    assert list(policy.readable(own, Photo.objects.all())) == [photo]
    assert not policy.readable(other, Photo.objects.all()).exists()
    assert policy.readable(inspector, Photo.objects.filter(pk=photo.pk)).exists()

    change = Change.objects.get(table_name="inspections_photo", object_id=str(photo.pk))
    assert change.action == "create" and change.township_id == village.township_id
    assert change.username == inspector.username
    assert change.new["client_id"] == photo_id


def test_a_photo_of_a_visit_gets_the_visit_village(inspector, village):
    client, visit_id = client_for(inspector), uuid.uuid4()
    check_in(client, village, client_id=visit_id)
    response = client.post(
        "/api/field/photos",
        {
            "client_id": str(uuid.uuid4()),
            "visit": str(visit_id),
            "photo": _jpeg(),
        },
    )
    assert response.status_code == 201, response.content
    assert Photo.objects.get(client_id=response.json()["client_id"]).village == village


def _jpeg():
    import io

    from tests.inspections.field_fixtures import jpeg_bytes

    return io.BytesIO(jpeg_bytes())


def test_village_photos_lists_readable_photos_with_thumbnails(inspector, village):
    client, visit_id = client_for(inspector), uuid.uuid4()
    check_in(client, village, client_id=visit_id)
    problem_id = record_problem(client, visit_id).json()["client_id"]
    photo_id = upload_photo(client, problem_id).json()["client_id"]
    body = client.get(f"/api/villages/{village.code}/photos").json()
    assert body["village"] == village.code
    [row] = body["photos"]
    assert row["client_id"] == photo_id and row["owner"] == "problem"
    assert row["stage"] == "before" and row["stage_label"]
    thumb = client.get(row["thumb"])
    assert thumb.status_code == 200 and thumb["Content-Type"] == "image/jpeg"

    other = make_user(
        "cadre_elsewhere",
        Role.TOWNSHIP_CADRE,
        township=Township.objects.exclude(pk=village.township_id).first(),
    )
    assert (
        client_for(other).get(f"/api/villages/{village.code}/photos").json()["photos"]
        == []
    )
    assert client_for(other).get("/api/villages/000/photos").status_code == 404
    from django.test import Client

    assert Client().get(f"/api/villages/{village.code}/photos").status_code == 401
