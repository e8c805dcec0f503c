"""Submit background jobs, run them in the worker, report their progress.

`job_submit` writes the `Job` row and the procrastinate queue entry in one transaction, so a
job is either queued and visible or not there at all. With a dedupe key, a job of the same
key that is still waiting or running is returned instead of a new one (a second click).
"""

import datetime
import logging
import os
import time
import traceback

from django.db import IntegrityError, close_old_connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from procrastinate.exceptions import AlreadyEnqueued

from jobs.models import ACTIVE, Job, Status
from jobs.registry import runner_for

log = logging.getLogger(__name__)

# A running job whose worker has not sent a heartbeat for this long is given up.
STALLED_AFTER_S = 90
# Progress is written at most this often (a solver may report many times a second).
PROGRESS_EVERY_S = 0.5


def job_submit(*, kind: str, payload: dict, user=None, dedupe_key: str = "") -> Job:
    """Queue a job of `kind` (registered) and return it; `job.duplicate` says if it was there.

    With `dedupe_key`, an active job of that key is returned as it is (duplicate=True).
    """
    runner_for(kind)  # UnknownKind before anything is written
    dedupe_key = dedupe_key or ""
    for _attempt in range(3):
        if dedupe_key:
            found = active_job(dedupe_key)
            if found is not None:
                found.duplicate = True
                return found
        try:
            with transaction.atomic():
                job = Job.objects.create(
                    kind=kind,
                    payload=payload,
                    user=user if user is not None and user.is_authenticated else None,
                    dedupe_key=dedupe_key,
                )
                job.queue_id = enqueue(job)
                job.save(update_fields=["queue_id"])
        except (IntegrityError, AlreadyEnqueued):
            # Someone queued the same key between our look and our write: use theirs.
            continue
        job.duplicate = False
        return job
    raise RuntimeError(f"could not queue a {kind} job for key {dedupe_key!r}")


def enqueue(job: Job) -> int:
    """Put the job on procrastinate's queue (same transaction as the row); return its id."""
    from jobs.tasks import run_job

    lock = f"job:{job.dedupe_key}" if job.dedupe_key else None
    return run_job.configure(queueing_lock=lock).defer(job_id=job.pk)


def active_job(dedupe_key: str) -> Job | None:
    """Return the waiting or running job of this key, after giving up a stalled one."""
    job = Job.objects.filter(dedupe_key=dedupe_key, status__in=ACTIVE).first()
    if job is not None and job_stalled(job):
        job_finish(job, error=_("The worker running this job stopped."))
        return None
    return job


def job_stalled(job: Job) -> bool:
    """Say whether the job's queue entry is gone, finished, or held by a silent worker."""
    from procrastinate.contrib.django.models import ProcrastinateJob

    entry = (
        ProcrastinateJob.objects.filter(pk=job.queue_id)
        .select_related("worker")
        .first()
    )
    if entry is None or entry.status not in ("todo", "doing"):
        return True
    if entry.status == "todo":
        return False
    if entry.worker is None:
        return True
    silent = timezone.now() - entry.worker.last_heartbeat
    return silent > datetime.timedelta(seconds=STALLED_AFTER_S)


class Progress:
    """What a runner calls to report: `progress(stage="solving", best_so_far=415, ...)`.

    Fields merge into `Job.progress`; writes are throttled to one per PROGRESS_EVERY_S
    unless the stage changes or `force=True`.
    """

    def __init__(self, job: Job):
        self.job = job
        self.written_at = 0.0

    def __call__(self, stage: str | None = None, force: bool = False, **fields):
        changed = stage is not None and stage != self.job.stage
        if stage is not None:
            self.job.stage = stage
        self.job.progress = {**self.job.progress, **fields}
        now = time.monotonic()
        if changed or force or now - self.written_at >= PROGRESS_EVERY_S:
            self.written_at = now
            Job.objects.filter(pk=self.job.pk).update(
                stage=self.job.stage, progress=self.job.progress
            )


def job_run(job_id: int) -> None:
    """Run a queued job in this (worker) process with fresh database connections."""
    close_old_connections()
    try:
        job_execute(job_id)
    finally:
        close_old_connections()


def job_execute(job_id: int) -> Job | None:
    """Mark a queued job running, call its runner, record the result or the error."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None or job.status != Status.QUEUED:
        log.warning("job %s is not waiting to run; skipped", job_id)
        return job
    job.status, job.started_at, job.worker_pid = (
        Status.RUNNING,
        timezone.now(),
        os.getpid(),
    )
    job.save(update_fields=["status", "started_at", "worker_pid"])
    try:
        result = runner_for(job.kind)(job.payload, job=job, progress=Progress(job))
    except Exception as error:  # noqa: BLE001 - the job records any failure
        log.error("job %s (%s) failed:\n%s", job.pk, job.kind, traceback.format_exc())
        job_finish(job, error=str(error) or error.__class__.__name__)
    else:
        job_finish(job, result=result)
    return job


def job_finish(job: Job, *, result=None, error: str = "") -> Job:
    """Record the job's end: done with its result, or failed with its error."""
    job.status = Status.FAILED if error else Status.DONE
    job.result, job.error, job.finished_at = result, error, timezone.now()
    job.save(
        update_fields=[
            "status",
            "result",
            "error",
            "finished_at",
            "stage",
            "progress",
        ]
    )
    return job
