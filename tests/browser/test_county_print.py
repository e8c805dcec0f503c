"""Print / export image (issue 12, 6): the page queues the current view as a background job;
the job worker renders it in Chromium as the user, as PDF and PNG at A4 and A3 landscape,
with the whole county inside the frame, and the page offers the file."""

import io
import struct

from pypdf import PdfReader

from layers.maps.printing import PAPERS


def test_print_sheet_fits_the_whole_county_beside_legend_and_totals(tab, county):
    year = county.years[-2]
    tab.login()
    tab.page.set_viewport_size(
        {"width": PAPERS["a4"].width_px, "height": PAPERS["a4"].height_px}
    )
    # A view zoomed into one corner: the sheet still shows the whole county.
    tab.page.goto(
        f"{tab.base_url}/county/print/?year={year}&c=35.80,114.70&z=14&paper=a4"
    )
    tab.page.wait_for_function("window.GP && GP.printReady", timeout=30000)
    assert tab.page.evaluate("GP.countyInFrame()")
    header = tab.page.inner_text("#gp-print header")
    assert f"{year}年" in header and "示意" in header and "制图日期" in header
    side = tab.page.inner_text("#gp-print-side")
    assert "全县创建目标完成情况" in side and "五星" in side  # totals and legend
    assert tab.page.locator(".leaflet-control-scale").count() == 1
    assert tab.page.locator(".gp-north svg").count() == 1
    # Nothing covers the map: the legend and totals sit outside its frame.
    frame = tab.page.locator(".gp-print-frame").bounding_box()
    for panel in ("#gp-totals", "#gp-legend"):
        box = tab.page.locator(panel).bounding_box()
        assert box["x"] >= frame["x"] + frame["width"], panel
    tab.screenshot("county-print-a4")
    assert tab.errors == []
    assert tab.external_requests() == []


def test_print_action_queues_jobs_and_offers_pdf_and_png_when_done(tab, county):
    from jobs.models import Job
    from jobs.services import job_finish
    from jobs.testing import run_worker_until_idle

    year = county.years[-2]
    tab.login()
    tab.open_map(f"/?year={year}&missing=civility")
    for sheet in ("a4-pdf", "a3-png", "a4-png"):
        tab.page.click(f"#gp-print-menu button[data-print='{sheet}']")
    # Each click answers at once with a queued job; nothing is rendered in the request.
    tab.page.wait_for_function(
        "document.querySelectorAll('#gp-print-jobs li[data-job]').length === 3"
    )
    jobs = {
        (job.payload["paper"], job.payload["format"]): job
        for job in Job.objects.filter(kind="county_print")
    }
    assert set(jobs) == {("a4", "pdf"), ("a3", "png"), ("a4", "png")}
    for job in jobs.values():
        assert job.status == "queued" and job.user.username == "viewer"
        assert job.payload["view"]["year"] == str(year)
        assert job.payload["view"]["missing"] == "civility"
    # One of them fails (as a render would): the page says why instead of waiting on.
    job_finish(jobs["a4", "png"], error="地图未能在 30 秒内绘制完成。")
    run_worker_until_idle()
    tab.page.wait_for_function(
        "document.querySelectorAll('#gp-print-jobs a.gp-print-download').length === 2"
        " && document.querySelector('#gp-print-jobs li[data-state=failed]')",
        timeout=30_000,
    )
    failed = tab.page.locator("#gp-print-jobs li[data-state=failed]")
    assert "30 秒" in failed.inner_text() and "A4 PNG" in failed.inner_text()
    tab.screenshot("county-print-jobs")
    for (paper, fmt), job in jobs.items():
        if fmt == "png" and paper == "a4":
            continue
        job.refresh_from_db()
        assert job.status == "done", job.error
        # Rendered as the viewer (a county leader): every village, all inside the frame.
        assert job.result["county_in_frame"] is True
        assert job.result["villages"] == county.villages
        link = tab.page.locator(f"#gp-print-jobs li[data-job='{job.pk}'] a")
        with tab.page.expect_download() as info:
            link.click()
        download = info.value
        name = download.suggested_filename
        assert name.startswith("全县地图_") and f"{year}年" in name
        assert PAPERS[paper].name in name and name.endswith(fmt)
        body = open(download.path(), "rb").read()
        if fmt == "pdf":
            box = PdfReader(io.BytesIO(body)).pages[0].mediabox
            width_mm = float(box.width) / 72 * 25.4
            assert abs(width_mm - PAPERS[paper].width_mm) < 2  # landscape
            assert len(body) > 20_000
        else:
            assert body[:8] == b"\x89PNG\r\n\x1a\n"
            width, height = struct.unpack(">II", body[16:24])
            assert (width, height) == (
                2 * PAPERS[paper].width_px,
                2 * PAPERS[paper].height_px,
            )
            assert len(body) > 50_000
    assert tab.errors == []


def test_the_worker_prints_as_the_user_who_asked(county, live_server, settings):
    """A cadre's sheet holds the cadre's villages only: the worker signed in as the cadre."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from accounts.roles import Role
    from accounts.services import role_grant
    from jobs.models import Job
    from jobs.testing import run_worker_until_idle
    from layers.models import Township

    settings.GEOPORTAL_PRINT_BASE_URL = live_server.url
    cadre = get_user_model().objects.create_user("cadre1", password="print-pass-1")
    role_grant(
        user=cadre,
        role=Role.TOWNSHIP_CADRE,
        township=Township.objects.get(code=county.township),
    )
    client = Client()
    client.force_login(cadre)
    answer = client.post("/county/print/jobs", {"paper": "a4", "as": "png"})
    assert answer.status_code == 202
    run_worker_until_idle()
    job = Job.objects.get()
    assert job.status == "done", job.error
    assert job.result["villages"] == county.township_villages < county.villages
    got = client.get(job.result["url"])
    assert got.status_code == 200 and got.content[:4] == b"\x89PNG"


def test_a_session_the_server_refuses_fails_the_print_with_the_reason(
    county, live_server, settings, monkeypatch
):
    """Server and worker with different secret keys: the job says so, no 30 s wait."""
    from contextlib import contextmanager

    from django.contrib.auth import get_user_model
    from django.test import Client

    from jobs.models import Job
    from jobs.services import job_execute
    from layers.maps import print_jobs

    @contextmanager
    def foreign_session(user):
        yield "a-session-key-this-server-never-made"

    monkeypatch.setattr(print_jobs, "user_session", foreign_session)
    settings.GEOPORTAL_PRINT_BASE_URL = live_server.url
    client = Client()
    client.force_login(get_user_model().objects.get(username="viewer"))
    assert client.post("/county/print/jobs", {"as": "pdf"}).status_code == 202
    job = job_execute(Job.objects.get().pk)
    assert job.status == "failed"
    assert "/accounts/login/" in job.error and "DJANGO_SECRET_KEY" in job.error
