"""Run a real procrastinate worker from tests: in this process, or as a subprocess."""

import os
import subprocess
import sys
import threading
from pathlib import Path

from django.conf import settings
from django.db import connection, connections

BASE_DIR = Path(__file__).resolve().parent.parent


def run_worker_until_idle() -> None:
    """Run the worker in this process until the queue is empty (jobs registered here run).

    It runs in a thread of its own: the test's thread may already run an event loop
    (Playwright's sync API does), and asyncio.run() refuses to nest.
    """
    from procrastinate.contrib.django import app

    failures: list[BaseException] = []

    def work() -> None:
        try:
            with app.replace_connector(app.connector.get_worker_connector()):
                app.run_worker(
                    queues=["jobs"],
                    wait=False,
                    install_signal_handlers=False,
                    listen_notify=False,
                )
        except BaseException as error:  # noqa: BLE001 - re-raised in the caller
            failures.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=work, name="jobs-test-worker")
    thread.start()
    thread.join()
    if failures:
        raise failures[0]


def start_worker_process(log_path: Path | None = None) -> subprocess.Popen:
    """Start `manage.py procrastinate worker` against the database this process uses."""
    env = dict(os.environ)
    env["GEOPORTAL_DB_NAME"] = connection.settings_dict["NAME"]
    env.setdefault("DJANGO_SETTINGS_MODULE", settings.SETTINGS_MODULE)
    out = open(log_path, "wb") if log_path else subprocess.DEVNULL
    return subprocess.Popen(
        [sys.executable, "manage.py", "procrastinate", "worker", "--queues", "jobs"],
        cwd=BASE_DIR,
        env=env,
        stdout=out,
        stderr=subprocess.STDOUT,
    )


def stop_worker_process(process: subprocess.Popen) -> None:
    """Stop a worker started by start_worker_process (SIGTERM, then SIGKILL)."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)
