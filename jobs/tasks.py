"""The one procrastinate task: run a `Job` row by id (the worker autodiscovers this module)."""

from procrastinate.contrib.django import app

from jobs import services


@app.task(name="jobs.run", queue="jobs")
def run_job(job_id: int) -> None:
    """Run job `job_id` with the runner of its kind."""
    services.job_run(job_id)
