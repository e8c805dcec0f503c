"""The field pages: today's route, open problems, rectify → check, cleared-site photos."""

import io
import uuid

from django.test import Client
from django.utils import timezone

from history.models import Change
from inspections.models import Problem
from layers.gcj02 import wgs84_to_gcj02
from layers.models import ClearedSite, Village
from tests.inspections.field_fixtures import jpeg_bytes, route_for
from tests.inspections.test_field_api import check_in, client_for, record_problem


def test_today_page_shows_route_next_stop_and_navigation(inspector, field_group):
    villages = list(Village.objects.select_related("township").order_by("code")[10:13])
    route_for(field_group, villages, timezone.localdate())
    client = client_for(inspector)
    check_in(client, villages[0])
    html = client.get("/field/").content.decode()
    assert html.count('class="card mb-2 gp-stop"') == 3
    assert 'data-state="checked_in"' in html and html.count('data-state="planned"') == 2
    assert f"1. {villages[0].short_name}" in html  # checked in, not done: still next
    point = villages[0].label_point
    gcj_lon, gcj_lat = wgs84_to_gcj02(point.x, point.y)
    assert f"{gcj_lon:.6f},{gcj_lat:.6f}" in html and "coordinate=gaode" in html
    assert f"geo:{point.y:.6f},{point.x:.6f}" in html and "coord_type=wgs84" in html


def test_today_page_says_when_there_is_no_route(inspector):
    html = client_for(inspector).get("/field/").content.decode()
    assert 'id="gp-no-route"' in html


def test_today_page_lets_county_roles_pick_a_group(county_admin, field_group):
    client = client_for(county_admin)
    assert 'id="gp-group-pick"' in client.get("/field/").content.decode()
    html = client.get(f"/field/?group={field_group.pk}").content.decode()
    assert field_group.name in html
    assert client.get("/field/?group=abc").status_code == 200
    assert Client().get("/field/").status_code == 302


def problem_on(inspector, village) -> Problem:
    client, visit_id = client_for(inspector), uuid.uuid4()
    check_in(client, village, client_id=visit_id)
    return Problem.objects.get(
        client_id=record_problem(client, visit_id).json()["client_id"]
    )


def test_cadre_rectifies_inspector_sends_back_then_ticks_off(inspector, cadre, village):
    problem = problem_on(inspector, village)
    cadre_client, inspector_client = client_for(cadre), client_for(inspector)
    listed = cadre_client.get("/field/problems/").content.decode()
    assert f"/field/problems/{problem.pk}/" in listed
    url = f"/field/problems/{problem.pk}/"
    assert 'id="gp-rectify"' in cadre_client.get(url).content.decode()
    photo = io.BytesIO(jpeg_bytes())
    photo.name = "after.jpg"
    done = cadre_client.post(
        url, {"action": "rectify", "note": "已清运", "photos": [photo]}
    )
    assert done.status_code == 302
    problem.refresh_from_db()
    assert problem.status == "awaiting_check" and problem.rectification_note == "已清运"
    assert problem.photos.filter(stage="after").count() == 1
    # A cadre does not tick off the own rectification.
    refused = cadre_client.post(url, {"action": "accept"})
    assert refused.status_code == 400
    problem.refresh_from_db()
    assert problem.status == "awaiting_check"
    no_reason = inspector_client.post(url, {"action": "send_back", "reason": " "})
    assert no_reason.status_code == 400
    inspector_client.post(url, {"action": "send_back", "reason": "照片看不清"})
    problem.refresh_from_db()
    assert problem.status == "in_progress" and problem.return_reason == "照片看不清"
    cadre_client.post(url, {"action": "rectify", "note": "重新清运并拍照"})
    inspector_client.post(url, {"action": "accept"})
    problem.refresh_from_db()
    assert problem.status == "closed" and problem.closed_by == inspector.username
    statuses = [
        (c.new or {}).get("status")
        for c in Change.objects.filter(
            table_name="inspections_problem", object_id=str(problem.pk)
        ).order_by("at", "id")
    ]
    assert [s for s in statuses if s] == [
        "pending",
        "awaiting_check",
        "in_progress",
        "awaiting_check",
        "closed",
    ]
    page = inspector_client.get(url).content.decode()
    assert "gp-history" in page and "照片看不清" in page


def test_rectify_refuses_a_fake_photo_and_writes_nothing(inspector, cadre, village):
    problem = problem_on(inspector, village)
    fake = io.BytesIO(b"<html>not a photo</html>")
    fake.name = "after.jpg"
    response = client_for(cadre).post(
        f"/field/problems/{problem.pk}/",
        {"action": "rectify", "note": "已清运", "photos": [fake]},
    )
    assert response.status_code == 400
    problem.refresh_from_db()
    assert problem.status == "pending" and not problem.photos.exists()


def test_other_township_cadre_does_not_see_the_problem(inspector, other_cadre, village):
    problem = problem_on(inspector, village)
    client = client_for(other_cadre)
    assert (
        f"/field/problems/{problem.pk}/"
        not in client.get("/field/problems/").content.decode()
    )
    assert client.get(f"/field/problems/{problem.pk}/").status_code == 404


def test_cleared_site_takes_before_and_after_photos(cadre, village):
    site = ClearedSite.objects.filter(village__township=village.township).first()
    client = client_for(cadre)
    for stage in ("before", "after"):
        photo = io.BytesIO(jpeg_bytes())
        photo.name = f"{stage}.jpg"
        response = client.post(
            f"/field/sites/{site.code}/", {"stage": stage, "photos": [photo]}
        )
        assert response.status_code == 302
    assert sorted(site.photos.values_list("stage", flat=True)) == ["after", "before"]
    html = client.get(f"/field/sites/{site.code}/").content.decode()
    assert html.count('class="gp-photo"') == 2
    bad = client.post(
        f"/field/sites/{site.code}/",
        {"stage": "during", "photos": [io.BytesIO(jpeg_bytes())]},
    )
    assert bad.status_code == 400


def test_admin_problem_page_shows_its_photos_read_only(
    inspector, county_admin, village
):
    problem = problem_on(inspector, village)
    photo = io.BytesIO(jpeg_bytes())
    photo.name = "a.jpg"
    client = client_for(inspector)
    from tests.inspections.test_field_api import upload_photo

    photo_id = upload_photo(client, problem.client_id).json()["client_id"]
    page = client_for(county_admin).get(
        f"/admin/inspections/problem/{problem.pk}/change/"
    )
    assert page.status_code == 200
    assert f"/photos/{photo_id}/thumb.jpg" in page.content.decode()


def test_ledger_xlsx_links_each_problem_with_photos_to_its_page(
    inspector, county_admin, village
):
    from openpyxl import load_workbook

    from tests.inspections.test_field_api import upload_photo

    problem = problem_on(inspector, village)
    upload_photo(client_for(inspector), problem.client_id)
    upload_photo(client_for(inspector), problem.client_id)
    response = client_for(county_admin).get(
        f"/inspections/ledger.xlsx?township={village.township.code}",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=2, column=20).value == "照片"
    linked = [
        row[19]
        for row in sheet.iter_rows(min_row=3)
        if row[19].hyperlink
        and row[19].hyperlink.target.endswith(f"/field/problems/{problem.pk}/")
    ]
    assert len(linked) == 1 and linked[0].value == "2 张照片"
