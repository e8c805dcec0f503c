"""/healthz: the service answers, through the production WSGI server, with the database up."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float = 30) -> bytes:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_healthz_reports_the_database_and_postgis(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    assert response.json()["postgis"].startswith("3.")


def test_gunicorn_serves_healthz_with_the_database_reachable():
    port = free_port()
    env = {**os.environ, "GEOPORTAL_DB_NAME": connection.settings_dict["NAME"]}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [
            str(gunicorn),
            "geoportal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        body = json.loads(wait_for(f"http://127.0.0.1:{port}/healthz"))
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert body == {"status": "ok", "database": "ok", "postgis": body["postgis"]}
