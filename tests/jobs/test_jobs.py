"""The job queue: submit (atomic, deduplicated), run in a real worker, status endpoint."""

import pytest
from django.contrib.auth import get_user_model
from procrastinate.contrib.django.models import ProcrastinateJob

from accounts.roles import Role
from accounts.services import role_grant
from jobs import registry
from jobs.models import Job, Status
from jobs.services import job_submit
from jobs.testing import run_worker_until_idle


def square(payload, *, job, progress):
    progress(stage="counting", done=0, total=payload["n"], force=True)
    progress(stage="counting", done=payload["n"], total=payload["n"], force=True)
    return {"square": payload["n"] ** 2, "job": job.pk}


def explode(payload, *, job, progress):
    progress(stage="counting")
    raise ValueError("the input has no rows")


@pytest.fixture(autouse=True)
def kinds():
    registry.register("test_square", square, stages={"counting": "counting rows"})
    registry.register("test_explode", explode)
    yield
    for kind in ("test_square", "test_explode"):
        registry.RUNNERS.pop(kind, None)
        registry.STAGES.pop(kind, None)


@pytest.fixture
def user(db):
    return get_user_model().objects.create_user("runner", password="pw-123456")


def test_submit_writes_the_row_and_the_queue_entry_together(user):
    job = job_submit(kind="test_square", payload={"n": 3}, user=user)
    assert job.status == Status.QUEUED and job.duplicate is False
    entry = ProcrastinateJob.objects.get(pk=job.queue_id)
    assert entry.task_name == "jobs.run" and entry.args == {"job_id": job.pk}
    assert entry.status == "todo"


def test_a_second_submit_with_the_same_key_returns_the_first_job(user):
    first = job_submit(kind="test_square", payload={"n": 3}, user=user, dedupe_key="k1")
    second = job_submit(
        kind="test_square", payload={"n": 4}, user=user, dedupe_key="k1"
    )
    other = job_submit(kind="test_square", payload={"n": 4}, user=user, dedupe_key="k2")
    assert second.pk == first.pk and second.duplicate is True
    assert other.pk != first.pk
    assert Job.objects.filter(dedupe_key="k1").count() == 1
    assert ProcrastinateJob.objects.filter(queueing_lock="job:k1").count() == 1


def test_a_finished_job_does_not_block_its_key(user):
    first = job_submit(kind="test_square", payload={"n": 3}, user=user, dedupe_key="k")
    Job.objects.filter(pk=first.pk).update(status=Status.DONE)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE procrastinate_jobs SET status = 'succeeded' WHERE id = %s",
            [first.queue_id],
        )
    again = job_submit(kind="test_square", payload={"n": 3}, user=user, dedupe_key="k")
    assert again.pk != first.pk and again.duplicate is False


def test_a_stalled_job_is_given_up_and_the_key_freed(user):
    first = job_submit(kind="test_square", payload={"n": 3}, user=user, dedupe_key="s")
    from django.db import connection

    # The worker that took it is gone: its queue entry is 'doing' with no worker.
    Job.objects.filter(pk=first.pk).update(status=Status.RUNNING)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE procrastinate_jobs SET status = 'doing', worker_id = NULL"
            " WHERE id = %s",
            [first.queue_id],
        )
    again = job_submit(kind="test_square", payload={"n": 3}, user=user, dedupe_key="s")
    assert again.pk != first.pk
    first.refresh_from_db()
    assert first.status == Status.FAILED and first.error


def test_an_unknown_kind_writes_nothing(user):
    with pytest.raises(registry.UnknownKind):
        job_submit(kind="no_such_kind", payload={}, user=user)
    assert not Job.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_job_and_records_progress_and_result():
    user = get_user_model().objects.create_user("worker-user", password="pw-123456")
    ok = job_submit(kind="test_square", payload={"n": 7}, user=user)
    bad = job_submit(kind="test_explode", payload={}, user=user)
    run_worker_until_idle()
    ok.refresh_from_db()
    bad.refresh_from_db()
    assert ok.status == Status.DONE
    assert ok.result == {"square": 49, "job": ok.pk}
    assert ok.stage == "counting" and ok.progress == {"done": 7, "total": 7}
    assert ok.started_at and ok.finished_at and ok.worker_pid
    assert bad.status == Status.FAILED and bad.error == "the input has no rows"
    assert ProcrastinateJob.objects.get(pk=ok.queue_id).status == "succeeded"


def test_status_endpoint_answers_the_owner_and_county_roles_only(client, user):
    job = job_submit(kind="test_square", payload={"n": 2}, user=user)
    job.stage, job.progress = "counting", {"done": 1}
    job.save()
    url = f"/api/jobs/{job.pk}"
    assert client.get(url).status_code == 401
    client.force_login(user)
    body = client.get(url).json()
    assert body["status"] == "queued" and body["stage_text"] == "counting rows"
    assert body["progress"] == {"done": 1} and body["result"] is None
    stranger = get_user_model().objects.create_user("stranger", password="pw-123456")
    role_grant(user=stranger, role=Role.GIS_READER)
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    leader = get_user_model().objects.create_user("leader", password="pw-123456")
    role_grant(user=leader, role=Role.COUNTY_LEADER)
    client.force_login(leader)
    assert client.get(url).status_code == 200
    assert client.get("/api/jobs/999999").status_code == 404
    assert client.post(url).status_code == 405
