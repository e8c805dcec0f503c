"""/healthz: the service answers, through the production WSGI server, with the database up."""

import json

import pytest

from tests.support.gunicorn import fetch, gunicorn

pytestmark = pytest.mark.django_db


def test_healthz_reports_the_database_and_postgis(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    assert response.json()["postgis"].startswith("3.")


def test_gunicorn_serves_healthz_with_the_database_reachable():
    with gunicorn() as server:
        status, _headers, answer = fetch(server.url + "/healthz")
    body = json.loads(answer)
    assert status == 200
    assert body == {"status": "ok", "database": "ok", "postgis": body["postgis"]}
