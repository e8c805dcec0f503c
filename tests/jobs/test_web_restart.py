"""A plan asked for through one gunicorn is finished by the worker after that gunicorn is
gone, and read through the next one: the job lives in PostgreSQL, not in a web worker."""

import json
import time

import pytest

from jobs.testing import start_worker_process, stop_worker_process
from layers.models import Village
from tests.pgconn import connect
from tests.support.gunicorn import committed_superuser, fetch, gunicorn

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_a_plan_survives_the_web_server_that_took_it(tmp_path):
    codes = list(Village.objects.order_by("code").values_list("code", flat=True)[:6])
    body = {
        "groups": 1,
        "days": 1,
        "start_date": "2026-12-07",
        "targets": {"rule": "explicit", "villages": codes},
        "limits": {"day_hours": 8, "start_time": "08:30", "time_limit_s": 2},
    }
    with committed_superuser("web-restart-root") as (_name, raw):
        auth = {"Authorization": f"Token {raw}", "Content-Type": "application/json"}
        with gunicorn() as server:
            status, _headers, answer = fetch(
                server.url + "/api/routes/plan", "POST", json.dumps(body).encode(), auth
            )
            assert status == 202, answer[:500]
            status_url = json.loads(answer)["status_url"]
        # The web server that took the request is gone; only now does a worker start.
        worker = start_worker_process(tmp_path / "worker.log")
        try:
            with gunicorn() as server:
                deadline = time.monotonic() + 240
                while time.monotonic() < deadline:
                    status, _headers, answer = fetch(
                        server.url + status_url, headers=auth
                    )
                    job = json.loads(answer)
                    if job["status"] in {"done", "failed"}:
                        break
                    time.sleep(0.5)
                assert status == 200 and job["status"] == "done", job
                status, _headers, answer = fetch(
                    server.url + job["result"]["api_url"], headers=auth
                )
        finally:
            stop_worker_process(worker)
    assert status == 200
    plan = json.loads(answer)
    assert plan["summary"]["planned"] + plan["summary"]["unplanned"] == len(codes)
    forget(job["id"], plan["id"])


def forget(job_id: int, plan_id: int) -> None:
    """Remove the committed plan and job so later tests see the data set as loaded."""
    conn = connect()
    with conn.cursor() as cursor:
        cursor.execute(
            "DELETE FROM routing_planstop WHERE route_id IN "
            "(SELECT id FROM routing_planroute WHERE plan_id = %s)",
            [plan_id],
        )
        for table in ("routing_planroute", "routing_unplannedstop"):
            cursor.execute(f"DELETE FROM {table} WHERE plan_id = %s", [plan_id])
        cursor.execute("DELETE FROM routing_plan WHERE id = %s", [plan_id])
        cursor.execute("DELETE FROM jobs_job WHERE id = %s", [job_id])
    conn.close()
