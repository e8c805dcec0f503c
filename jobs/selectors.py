"""Read jobs: one by id, and who may read it."""

from accounts.policy import actor
from accounts.roles import Role
from jobs.models import Job

COUNTY_ROLES = {Role.COUNTY_LEADER, Role.COUNTY_ADMIN}


def job_get(*, pk: int) -> Job | None:
    return Job.objects.filter(pk=pk).first()


def job_readable_by(user, job: Job) -> bool:
    """Say whether `user` may see the job: its own user, county roles, administrators."""
    who = actor(user)
    if not who.authenticated:
        return False
    if who.superuser or who.roles & COUNTY_ROLES:
        return True
    return job.user_id is not None and job.user_id == user.pk


def job_status(job: Job) -> dict:
    """Return the job as the JSON the pages poll."""
    from jobs.registry import stage_text

    return {
        "id": job.pk,
        "kind": job.kind,
        "status": job.status,
        "status_text": str(job.get_status_display()),
        "stage": job.stage,
        "stage_text": stage_text(job.kind, job.stage),
        "progress": job.progress,
        "result": job.result,
        "error": job.error,
        "created_at": job.created_at.isoformat() if job.created_at else None,
        "started_at": job.started_at.isoformat() if job.started_at else None,
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
    }
