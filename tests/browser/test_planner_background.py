"""The planner in Chromium: a plan made by the real job worker, its progress, a double click.

The worker is `manage.py procrastinate worker` in its own process against the test
database, as `make run` starts it: the plan is made there, not in the web server, which
only queues it and answers the progress page.
"""

import re

import pytest
from django.contrib.auth import get_user_model

from tests.browser.conftest import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PASSWORD = "planner-pass-1"


@pytest.fixture
def planner_user(transactional_db):
    from accounts.roles import Role
    from accounts.services import role_grant
    from inspections.models import InspectionGroup
    from tests.maps.county import ensure_loaded

    ensure_loaded()
    user = get_user_model().objects.create_user("planner", password=PASSWORD)
    group = InspectionGroup.objects.order_by(
        "pk"
    ).first() or InspectionGroup.objects.create(name="第一督导组", leader="组长")
    role_grant(user=user, role=Role.INSPECTOR, inspection_group=group)
    return user


@pytest.fixture
def page(chromium_browser, live_server, planner_user):
    context = chromium_browser.new_context(
        locale="zh-CN", viewport={"width": 1400, "height": 900}
    )
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(f"{live_server.url}/accounts/login/?next=/routes/")
    page.fill("input[name=username]", "planner")
    page.fill("input[name=password]", PASSWORD)
    page.click("#gp-login-submit")
    page.wait_for_url(f"{live_server.url}/routes/")
    yield page
    context.close()


def fill_county_plan(page, seconds: int) -> None:
    """Plan every village of the first two townships over 2 groups × 2 days."""
    page.uncheck("#r-unvisited")
    page.uncheck("#r-open")
    page.check(
        "#r-unvisited"
    )  # since the date shown: every village counts as unvisited
    page.fill("input[name=since]", "2100-01-01")
    page.select_option("#p-townships", index=[0, 1])
    page.fill("#p-groups", "2")
    page.fill("#p-days", "2")
    page.fill("#p-limit", str(seconds))


def test_a_double_clicked_plan_runs_once_in_the_worker_with_progress(page, worker):
    from jobs.models import Job
    from routing.models import Plan

    fill_county_plan(page, seconds=6)
    page.dblclick("#gp-plan-submit")
    page.wait_for_url(re.compile(r".*/routes/jobs/\d+/$"))
    # While the worker plans: the stage, the best priority so far and the time left.
    page.wait_for_function(
        "document.getElementById('gp-job-best').textContent.trim().match(/^\\d+$/)",
        timeout=30_000,
    )
    assert page.text_content("#gp-job-stage").strip() in ("规划路线", "planning routes")
    left = page.text_content("#gp-job-left")
    assert re.match(r"^\d+ ", left.strip()), left
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "routing-plan-progress.png"))
    page.wait_for_url(re.compile(r".*/routes/plans/\d+/$"), timeout=60_000)
    assert Job.objects.count() == 1 and Plan.objects.count() == 1
    job = Job.objects.get()
    assert job.status == "done" and job.result["plan_id"] == Plan.objects.get().pk
    # Made by the worker process, not by the web server answering this browser.
    assert job.worker_pid == worker.pid
    assert page.errors == []


def test_the_same_plan_sent_twice_at_once_is_one_job(page, worker, live_server):
    from jobs.models import Job

    fill_county_plan(page, seconds=3)
    urls = page.evaluate(
        """() => {
          const form = document.getElementById('gp-planner-form');
          const send = () => fetch('/routes/', {method: 'POST', body: new FormData(form),
                                               redirect: 'manual'})
            .then(r => r.status);
          return Promise.all([send(), send()]);
        }"""
    )
    assert urls == [0, 0]  # both redirected (opaque redirects)
    assert Job.objects.count() == 1


def no_page_scroll(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_plan_pages_read_on_a_phone_and_switch_days(
    chromium_browser, live_server, planner_user
):
    from layers.models import Township, Village
    from routing.request import parse_plan_request
    from routing.services import plan_create

    first, second = Township.objects.order_by("code")[:2]
    codes = list(
        Village.objects.filter(township__in=[first, second]).values_list(
            "code", flat=True
        )
    )
    plan = plan_create(
        request=parse_plan_request(
            {
                "groups": 1,
                "days": 2,
                "start_date": "2026-11-30",
                "targets": {"rule": "explicit", "villages": codes},
                "limits": {"time_limit_s": 2},
            }
        ),
        user=planner_user,
    )
    assert plan.unplanned.exists()  # two townships do not fit in two days
    context = chromium_browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True
    )
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "planner")
    page.fill("input[name=password]", PASSWORD)
    page.click("#gp-login-submit")
    page.goto(f"{live_server.url}/routes/")
    assert no_page_scroll(page), "planner page scrolls sideways at 390 px"
    page.goto(f"{live_server.url}/routes/plans/{plan.pk}/")
    page.wait_for_selector(".leaflet-marker-icon")
    assert no_page_scroll(page), "plan page scrolls sideways at 390 px"
    all_days = page.locator(".leaflet-marker-icon").count()
    page.select_option("#gp-day-select", "1")
    day_one = page.locator(".leaflet-marker-icon").count()
    page.select_option("#gp-day-select", "2")
    day_two = page.locator(".leaflet-marker-icon").count()
    assert 0 < day_one < all_days and 0 < day_two < all_days
    # Unplanned villages: one line per reason, townships and stops behind a click.
    reason = page.locator("details.gp-unplanned-reason").first
    assert reason.is_visible()
    township = reason.locator("details.gp-unplanned-township").first
    assert not township.locator("table").is_visible()
    if not reason.evaluate("d => d.open"):  # a single reason is shown open
        reason.locator("summary").first.click()
    township.locator("summary").click()
    assert township.locator("table").is_visible()
    assert no_page_scroll(page)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "routing-plan-390.png"), full_page=True)
    page.goto(f"{live_server.url}/routes/plans/{plan.pk}/print/")
    assert page.locator("svg.gp-day-map").count() == 2
    assert no_page_scroll(page), "itinerary scrolls sideways at 390 px"
    assert errors == []
    context.close()
