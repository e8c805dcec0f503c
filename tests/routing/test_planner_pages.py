"""Planner, plan and itinerary pages: login, form planning, maps offline, print layout."""

import re

import pytest

from jobs.models import Job
from jobs.services import job_execute
from routing.models import Plan


@pytest.fixture
def plan(admin_client, grid_villages, plan_body, plan_via_api):
    return plan_via_api(admin_client, plan_body)


def test_planner_page_needs_login(client, db):
    assert client.get("/routes/").status_code == 302


def test_planner_page_shows_the_form_and_a_map_without_remote_assets(admin_client, db):
    response = admin_client.get("/routes/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="gp-planner-form"' in html and "gp-villages" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//(?!uri\.amap)""", html)


def test_planner_form_plans_and_opens_the_plan(admin_client, grid_villages):
    response = admin_client.post(
        "/routes/",
        {
            "groups": "1",
            "days": "1",
            "start_date": "2026-11-30",
            "start_time": "08:30",
            "day_hours": "8",
            "service_village": "40",
            "service_site": "15",
            "villages": "410527999001 410527999002",
            "use_roads": "1",
        },
    )
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/routes/jobs/{job.pk}/"
    progress = admin_client.get(response["Location"])
    assert (
        progress.status_code == 200 and 'id="gp-plan-job"' in progress.content.decode()
    )
    job_execute(job.pk)
    plan = Plan.objects.get()
    assert plan.routes.get().stops.count() == 2
    # Once done, the job's page sends the browser to the plan.
    assert (
        admin_client.get(response["Location"])["Location"]
        == f"/routes/plans/{plan.pk}/"
    )


def test_planner_form_shows_errors_by_field(admin_client, db):
    response = admin_client.post(
        "/routes/", {"groups": "1", "days": "99", "start_date": "soon"}
    )
    assert response.status_code == 400
    assert {"days", "start_date", "targets"} <= set(response.context["errors"])


def test_plan_page_shows_routes_downloads_and_the_travel_note(admin_client, plan):
    html = admin_client.get(plan["url"]).content.decode()
    assert plan["routes"][0]["gpx"] in html and plan["routes"][0]["kml"] in html
    assert 'id="gp-travel-note"' in html and "uri.amap.com/marker" in html


def test_itinerary_page_is_printable_chinese(admin_client, plan):
    response = admin_client.get(plan["itinerary"], HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = response.content.decode()
    assert "@media print" in html and "行程" in html
    assert "北关" in html


def test_plan_page_answers_404_for_an_unknown_plan(admin_client, db):
    assert admin_client.get("/routes/plans/999999/").status_code == 404


def test_plan_page_summarises_unplanned_by_reason_and_township(
    admin_client, grid_villages, plan_body, plan_via_api
):
    plan_body["limits"]["day_hours"] = 1  # 南店 is too far for a one-hour day
    plan = plan_via_api(admin_client, plan_body)
    html = admin_client.get(plan["url"]).content.decode()
    assert 'class="mb-2 gp-unplanned-reason" data-reason="day_limit"' in html
    assert html.count('class="gp-unplanned-township"') >= 1
    assert "东庄镇: " in html  # the township and its count, expandable to the stops
    assert "南店" in html


def test_plan_page_offers_every_day_and_draws_township_lines(
    admin_client, grid_villages, plan_body, plan_via_api
):
    plan_body["days"] = 2
    plan = plan_via_api(admin_client, plan_body)
    html = admin_client.get(plan["url"]).content.decode()
    assert '<option value="all">' in html
    assert '<option value="1">' in html and '<option value="2">' in html
    assert "DaySwitch" not in html  # the element renders script, not its class name
    assert '"gp-day-select"' in html and "dashArray" in html  # day switch, outlines


def test_itinerary_has_a_small_map_per_day_with_its_stops(
    admin_client, grid_villages, plan_body, plan_via_api
):
    plan = plan_via_api(admin_client, plan_body)
    html = admin_client.get(plan["itinerary"]).content.decode()
    days_with_stops = [r for r in plan["routes"] if r["stops"]]
    assert html.count('class="gp-day-map"') == len(days_with_stops) >= 1
    stops = sum(len(r["stops"]) for r in days_with_stops)
    assert html.count('class="gp-day-stop"') == stops


def test_unplanned_summary_groups_and_orders():
    from routing.pages import unplanned_summary

    rows = [
        {
            "reason": "no_room",
            "reason_text": "full",
            "township": "A",
            "priority": 1,
            "code": "3",
        },
        {
            "reason": "no_room",
            "reason_text": "full",
            "township": "B",
            "priority": 3,
            "code": "2",
        },
        {
            "reason": "no_room",
            "reason_text": "full",
            "township": "B",
            "priority": 1,
            "code": "1",
        },
        {
            "reason": "day_limit",
            "reason_text": "far",
            "township": "A",
            "priority": 2,
            "code": "4",
        },
    ]
    summary = unplanned_summary(rows)
    assert [(g["reason"], g["count"], g["overdue"]) for g in summary] == [
        ("no_room", 3, 1),
        ("day_limit", 1, 0),
    ]
    assert [(t["township"], t["count"]) for t in summary[0]["townships"]] == [
        ("B", 2),
        ("A", 1),
    ]
    assert [s["code"] for s in summary[0]["townships"][0]["stops"]] == ["2", "1"]
