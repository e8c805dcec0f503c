"""The job worker as its own process (`manage.py procrastinate worker`, as `make run`
starts it) on the test database, for tests that follow a job from the browser or the API.
tests/conftest.py loads it as a plugin."""

import pytest


@pytest.fixture
def worker(transactional_db, tmp_path):
    """Start the job worker for one test; stop it after."""
    from jobs.testing import start_worker_process, stop_worker_process

    process = start_worker_process(tmp_path / "worker.log")
    yield process
    stop_worker_process(process)
