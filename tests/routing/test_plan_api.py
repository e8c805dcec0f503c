"""POST /api/routes/plan and GET /api/routes/plans/<id>: plans saved, reopened, 400s."""

import pytest

URL = "/api/routes/plan"


def post(client, body):
    return client.post(URL, body, content_type="application/json")


@pytest.fixture
def planned(plan_via_api):
    return plan_via_api


def test_plan_api_plans_on_roads_and_lists_the_island_as_unreachable(
    admin_client, road_grid, grid_villages, plan_body, planned
):
    body = planned(admin_client, plan_body)
    assert body["travel_mode"] == "roads"
    assert body["summary"] == {
        **body["summary"],
        "targets": 7,
        "planned": 6,
        "unplanned": 1,
    }
    assert body["unplanned"][0]["code"] == "410527999007"
    assert body["unplanned"][0]["reason"] == "unreachable"
    route = next(r for r in body["routes"] if r["stops"])
    first = route["stops"][0]
    assert first["arrival"] >= "08:30" and first["amap"].endswith("callnative=1")
    assert "coordinate=wgs84" in first["amap"]
    kinds = {f["properties"]["feature"] for f in body["geojson"]["features"]}
    assert kinds == {"route", "stop", "unplanned"}


def test_plan_api_without_roads_says_the_times_are_estimates(
    admin_client, grid_villages, plan_body, planned
):
    body = planned(admin_client, plan_body)
    assert body["travel_mode"] == "straight"
    assert "estimate" in body["travel_note"] or "估算" in body["travel_note"]
    assert body["summary"]["planned"] == 7  # no roads: the island village is reachable


def test_plan_api_lists_stops_over_the_day_limit(
    admin_client, grid_villages, plan_body, planned
):
    plan_body["limits"]["day_hours"] = 1
    body = planned(admin_client, plan_body)
    reasons = {u["code"]: u["reason"] for u in body["unplanned"]}
    assert reasons["410527999004"] == "day_limit"  # 12 km from the county seat and back
    assert all(r["hours"] <= 1 for r in body["routes"])


def test_plan_api_lists_stops_whose_window_cannot_be_met(
    admin_client, grid_villages, plan_body, planned
):
    plan_body["time_windows"] = {"410527999004": ["06:00", "07:00"]}
    body = planned(admin_client, plan_body)
    assert {u["code"]: u["reason"] for u in body["unplanned"]} == {
        "410527999004": "time_window"
    }


def test_plan_is_saved_and_reopened(admin_client, grid_villages, plan_body, planned):
    created = planned(admin_client, plan_body)
    reopened = admin_client.get(f"/api/routes/plans/{created['id']}").json()
    assert reopened["routes"] == created["routes"]
    assert reopened["unplanned"] == created["unplanned"]


def test_plan_api_answers_at_once_with_a_job_and_a_second_request_gets_the_same(
    admin_client, grid_villages, plan_body
):
    from jobs.models import Job

    first = post(admin_client, plan_body)
    again = post(admin_client, plan_body)
    assert first.status_code == again.status_code == 202
    assert first.json()["status"] == "queued" and first.json()["duplicate"] is False
    assert again.json()["id"] == first.json()["id"] and again.json()["duplicate"]
    assert first["Location"] == f"/api/jobs/{first.json()['id']}"
    assert Job.objects.count() == 1
    plan_body["days"] = 2
    assert post(admin_client, plan_body).json()["id"] != first.json()["id"]


def test_plan_job_reports_stages_and_the_best_priority(
    admin_client, grid_villages, plan_body
):
    from tests.routing.conftest import run_queued

    job = run_queued(post(admin_client, plan_body))
    assert job["status"] == "done" and job["stage"] == "saving"
    assert job["progress"]["best_priority"] == 7  # seven villages of priority 1
    assert job["progress"]["time_left_s"] == 0 and job["progress"]["budget_s"] == 1
    assert job["result"]["planned"] == 7 and job["result"]["url"].startswith("/routes/")


def test_plan_api_answers_404_for_an_unknown_plan(admin_client, db):
    assert admin_client.get("/api/routes/plans/999999").status_code == 404


def test_plan_api_needs_login(client, db, plan_body):
    assert post(client, plan_body).status_code == 401


@pytest.mark.parametrize(
    "change,field",
    [
        ({"days": 0}, "days"),
        ({"days": "five"}, "days"),
        ({"groups": "x"}, "groups"),
        ({"groups": [999999]}, "groups"),
        ({"start_date": "2026-02-30"}, "start_date"),
        ({"targets": None}, "targets"),
        ({"targets": {"rule": "everything"}}, "targets[0].rule"),
        ({"targets": {"rule": "unvisited"}}, "targets[0].since"),
        (
            {"targets": {"rule": "explicit", "villages": "410527999001"}},
            "targets[0].villages",
        ),
        (
            {"targets": {"rule": "open_problems", "townships": ["41"]}},
            "targets[0].townships",
        ),
        ({"limits": {"day_hours": 30}}, "limits.day_hours"),
        ({"limits": {"start_time": "8am"}}, "limits.start_time"),
        (
            {"limits": {"service_minutes": {"village": -5}}},
            "limits.service_minutes.village",
        ),
        ({"limits": {"use_roads": "yes"}}, "limits.use_roads"),
        (
            {"time_windows": {"410527999001": ["11:00", "09:00"]}},
            "time_windows.410527999001",
        ),
        ({"time_windows": []}, "time_windows"),
    ],
)
def test_plan_api_answers_400_naming_the_field(
    admin_client, db, plan_body, change, field
):
    response = post(admin_client, {**plan_body, **change})
    assert response.status_code == 400
    assert field in response.json()["errors"]


@pytest.mark.parametrize("raw", [b"{not json", b"[1, 2]", b'"text"', "null"])
def test_plan_api_answers_400_for_a_body_that_is_not_an_object(admin_client, db, raw):
    response = admin_client.post(URL, raw, content_type="application/json")
    assert response.status_code == 400 and "body" in response.json()["errors"]


def test_solver_budget_shrinks_by_the_time_the_matrix_took():
    from routing.services import solve_budget

    assert solve_budget(532, 0) == pytest.approx(19.62)
    assert solve_budget(532, 20) == pytest.approx(5)
    assert solve_budget(532, 40) == 3  # never below a first solution's worth
    assert solve_budget(5, 0) == pytest.approx(1.175)
