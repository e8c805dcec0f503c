"""Two sends of one field write arriving at the same instant answer like a repeat, not 500.

The race is forced: the first look-up by the phone-made id is made to miss (as it does
when the other send is still uncommitted), so the insert meets the unique client_id in
the database, once as Django's constraint check and once as the database's own
IntegrityError (the constraint check skipped, as when the other send commits while this
one waits on the index).
"""

import uuid

import pytest
from django.db import models, transaction
from django.utils import timezone

from inspections import field_services
from inspections.models import Photo, Problem, Visit
from tests.inspections.test_field_api import (
    check_in,
    client_for,
    record_problem,
    upload_photo,
)


@pytest.fixture(params=["validation", "integrity"])
def racing(request, monkeypatch):
    """Make the first look-up miss; with "integrity" let the insert reach the database."""
    real = field_services.stored_row
    misses = {"left": 1}

    def stored_row(model, client_id):
        if misses["left"]:
            misses["left"] -= 1
            return None
        return real(model, client_id)

    def arm():
        misses["left"] = 1
        monkeypatch.setattr(field_services, "stored_row", stored_row)
        if request.param == "integrity":
            monkeypatch.setattr(
                models.Model, "validate_constraints", lambda self, exclude=None: None
            )
            monkeypatch.setattr(
                models.Model, "validate_unique", lambda self, exclude=None: None
            )

    return arm


def test_racing_check_in_answers_the_stored_visit(inspector, village, racing):
    client, visit_id = client_for(inspector), uuid.uuid4()
    first = check_in(client, village, client_id=visit_id)
    racing()
    second = check_in(client, village, client_id=visit_id)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json() == second.json()
    assert Visit.objects.filter(client_id=visit_id).count() == 1


def test_racing_problem_answers_the_stored_problem(inspector, village, racing):
    client, visit_id = client_for(inspector), uuid.uuid4()
    check_in(client, village, client_id=visit_id)
    problem_id = uuid.uuid4()
    first = record_problem(client, visit_id, client_id=str(problem_id))
    racing()
    second = record_problem(client, visit_id, client_id=str(problem_id))
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json() == second.json()
    assert Problem.objects.filter(client_id=problem_id).count() == 1
    # The savepoint kept the request's transaction usable: a new problem still goes in.
    assert record_problem(client, visit_id).json()["seq"] == 2


def test_racing_photo_answers_the_stored_photo_and_keeps_its_files(
    inspector, village, racing
):
    client, visit_id = client_for(inspector), uuid.uuid4()
    check_in(client, village, client_id=visit_id)
    problem_id = record_problem(client, visit_id).json()["client_id"]
    photo_id = uuid.uuid4()
    first = upload_photo(client, problem_id, client_id=photo_id)
    racing()
    second = upload_photo(client, problem_id, client_id=photo_id)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json() == second.json()
    photo = Photo.objects.get(client_id=photo_id)
    for copy in (photo.image, photo.public_image, photo.thumb):
        assert copy.storage.exists(copy.name)
    stored = sorted(
        name
        for name in photo.image.storage.listdir(photo.image.name.rsplit("/", 1)[0])[1]
        if name.startswith(str(photo_id))
    )
    assert len(stored) == 3, stored  # the repeat's copies were removed


@pytest.mark.parametrize("refusal", ["validation", "integrity"])
def test_two_phones_checking_in_at_once_share_the_visit(
    inspector, village, monkeypatch, refusal
):
    """A second phone of the group (its own id) whose look-up missed the first phone's
    visit meets the one-visit-per-group-village-day rule and joins that visit."""
    client = client_for(inspector)
    first = check_in(client, village)

    def blind_insert(*, group, village, visited_on, at, point, client_id, **_rest):
        visit = Visit(
            group=group,
            village=village,
            visited_on=visited_on,
            client_id=client_id,
            checked_in_at=at,
            location=point,
        )
        with transaction.atomic():
            if refusal == "validation":
                visit.full_clean()
            visit.save()
        return visit, True

    monkeypatch.setattr(field_services, "visit_check_in_once", blind_insert)
    second = check_in(client, village)
    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json() == first.json()
    today = first.json().get("visited_on") or timezone.localdate()
    assert Visit.objects.filter(village=village, visited_on=today).count() == 1
