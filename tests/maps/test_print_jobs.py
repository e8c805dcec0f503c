"""打印/导出图片 as a background job (layers/maps/print_jobs.py): the request only queues,
bad parameters queue nothing, the file goes only to readers of its job, the worker signs in
as the job's user with a session of its own that is gone afterwards."""

import socket

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.utils import timezone

from accounts.roles import Role
from accounts.services import role_grant
from jobs.models import Job
from jobs.services import job_execute, job_finish
from layers.maps import print_jobs
from layers.models import Township

SUBMIT = "/county/print/jobs"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def person(name: str, role: str, township=None):
    user = get_user_model().objects.create_user(name, password="print-pass-1")
    role_grant(user=user, role=role, township=township)
    client = Client()
    client.force_login(user)
    return user, client


@pytest.mark.parametrize(
    "query,named",
    [
        ({"paper": "a9", "as": "pdf"}, {"paper"}),
        ({"paper": "a4", "as": "gif"}, {"as"}),
        ({"paper": "a9", "as": "gif"}, {"paper", "as"}),
        ({"paper": "a4", "as": "pdf", "year": "1999"}, {"year"}),
        ({"paper": "a4", "as": "png", "star": "wealth"}, {"star"}),
        ({"paper": "a4", "as": "png", "level": "7"}, {"level"}),
        ({"paper": "a4", "as": "pdf", "colour": "red"}, {"colour"}),
    ],
)
def test_print_submit_names_a_bad_parameter_and_queues_nothing(
    county, viewer, query, named
):
    response = viewer.post(SUBMIT, query)
    assert response.status_code == 400
    assert set(response.json()["errors"]) == named
    assert not Job.objects.exists()


def test_print_submit_queues_the_view_and_answers_at_once(county, viewer):
    year = str(county.years[-2])
    view = {"year": year, "missing": "civility", "c": "35.8,114.7", "z": "11"}
    response = viewer.post(SUBMIT, {**view, "paper": "a3", "as": "png"})
    assert response.status_code == 202
    job = Job.objects.get()
    assert response.json() == {
        "id": job.pk,
        "status_url": f"/api/jobs/{job.pk}",
        "duplicate": False,
    }
    assert response["Location"] == f"/api/jobs/{job.pk}"
    assert job.kind == "county_print" and job.status == "queued"
    assert job.user.username == "viewer"
    assert job.payload["view"] == view
    assert (job.payload["paper"], job.payload["format"]) == ("a3", "png")
    assert job.payload["language"] == "zh-hans"
    # A second click on the same view gets the same job.
    again = viewer.post(SUBMIT, {**view, "paper": "a3", "as": "png"})
    assert again.json()["id"] == job.pk and again.json()["duplicate"] is True
    assert Job.objects.count() == 1


def test_print_submit_wants_post(county, viewer):
    assert viewer.get(SUBMIT, {"paper": "a4", "as": "pdf"}).status_code == 405
    assert not Job.objects.exists()


def finished_print(user, body: bytes = b"%PDF-1.7 test") -> Job:
    job = Job.objects.create(kind=print_jobs.KIND, user=user, payload={})
    stored = default_storage.save(f"prints/test/{job.pk}.pdf", ContentFile(body))
    return job_finish(
        job,
        result={
            "file": stored,
            "name": "全县地图_2023年_A4_20261206.pdf",
            "url": f"/county/print/jobs/{job.pk}/file",
            "format": "pdf",
            "county_in_frame": True,
        },
    )


def test_print_file_goes_to_its_user_and_to_nobody_of_another_township(county, media):
    first, second = Township.objects.order_by("code")[:2]
    owner, owner_client = person("cadre1", Role.TOWNSHIP_CADRE, first)
    _other, other_client = person("cadre2", Role.TOWNSHIP_CADRE, second)
    job = finished_print(owner)
    url = f"/county/print/jobs/{job.pk}/file"
    got = owner_client.get(url)
    assert got.status_code == 200 and got.content == b"%PDF-1.7 test"
    assert got["Content-Type"] == "application/pdf"
    assert "filename*=UTF-8''%E5%85%A8%E5%8E%BF" in got["Content-Disposition"]
    assert "no-store" in got["Cache-Control"]
    # Another cadre gets what an unknown id gets: nothing disclosed.
    assert other_client.get(url).status_code == 404
    assert other_client.get(f"/api/jobs/{job.pk}").status_code == 404
    assert other_client.get("/county/print/jobs/999999/file").status_code == 404
    assert Client().get(url).status_code == 302  # signed out: to the login page


def test_print_file_of_an_unfinished_or_failed_job_says_why(county, media):
    owner, client = person("cadre1", Role.TOWNSHIP_CADRE, Township.objects.first())
    job = Job.objects.create(kind=print_jobs.KIND, user=owner, payload={})
    url = f"/county/print/jobs/{job.pk}/file"
    assert client.get(url).status_code == 409
    job_finish(job, error="The map did not finish drawing within 30 s.")
    failed = client.get(url)
    assert failed.status_code == 409
    assert "30 s" in failed.json()["errors"]["job"]
    # A job of another kind is not a print.
    plan = Job.objects.create(kind="route_plan", user=owner, status="done")
    assert client.get(f"/county/print/jobs/{plan.pk}/file").status_code == 404


def test_worker_session_signs_in_as_the_user_and_is_gone_afterwards(county):
    from django.conf import settings
    from django.contrib.sessions.models import Session

    user, _client = person("cadre1", Role.TOWNSHIP_CADRE, Township.objects.first())
    browser = Client()
    with print_jobs.user_session(user) as key:
        browser.cookies[settings.SESSION_COOKIE_NAME] = key
        assert browser.get("/").wsgi_request.user == user
        expires = Session.objects.get(session_key=key).expire_date
        assert (expires - timezone.now()).total_seconds() <= print_jobs.SESSION_SECONDS
    assert not Session.objects.filter(session_key=key).exists()
    assert browser.get("/").status_code == 302  # that cookie no longer signs anyone in


def test_a_failed_render_fails_the_job_with_its_reason(county, viewer, settings):
    # Nothing listens on a port just freed: Chromium cannot open the sheet.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.GEOPORTAL_PRINT_BASE_URL = f"http://127.0.0.1:{port}"
    assert viewer.post(SUBMIT, {"paper": "a4", "as": "pdf"}).status_code == 202
    job = job_execute(Job.objects.get().pk)
    assert job.status == "failed"
    assert job.error.startswith("浏览器无法生成打印页：")  # in the language of the page
    assert "ERR_CONNECTION_REFUSED" in job.error
    assert job.result is None


def test_the_print_sheet_names_a_bad_paper(county, viewer):
    response = viewer.get("/county/print/", {"paper": "a9"})
    assert response.status_code == 400 and set(response.json()["errors"]) == {"paper"}


def test_an_anonymous_public_reader_cannot_queue_a_print(county, settings):
    settings.GEOPORTAL_PUBLIC_READ = True
    anonymous = Client()
    page = anonymous.get("/").content.decode()
    assert 'data-print="a4-pdf"' not in page  # no print buttons without a user
    response = anonymous.post(SUBMIT, {"paper": "a4", "as": "pdf"})
    assert response.status_code == 403 and "login" in response.json()["errors"]
    assert not Job.objects.exists()
