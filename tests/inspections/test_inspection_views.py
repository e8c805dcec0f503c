"""Ledger page and .xlsx, coverage and unvisited feeds: login, filters, 400s, contents."""

from io import BytesIO

import pytest
from django.utils import translation
from openpyxl import load_workbook

from inspections.demo import load_inspection_demo


@pytest.fixture
def demo(county):
    return load_inspection_demo()


def test_ledger_page_needs_login(client, db):
    response = client.get("/inspections/ledger/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_ledger_page_lists_every_problem_with_its_state(admin_client, demo):
    response = admin_client.get("/inspections/ledger/")
    assert response.status_code == 200
    assert response.context["page"].paginator.count == demo.problems
    assert len(response.context["rows"]) == min(50, demo.problems)
    assert sum(response.context["totals"].values()) == demo.problems
    assert response.context["overdue_count"] > 0
    last = response.context["page"].paginator.num_pages
    assert 'id="gp-page-next"' in response.content.decode()
    html = admin_client.get(f"/inspections/ledger/?page={last}").content.decode()
    assert "内督整〔2022〕1号" in html and 'id="gp-page-prev"' in html


def test_ledger_page_keeps_filters_across_pages_and_survives_junk_pages(
    admin_client, demo
):
    response = admin_client.get("/inspections/ledger/?status=closed&page=2")
    assert {row.status for row in response.context["rows"]} == {"closed"}
    assert "?status=closed&page=1" in response.content.decode()
    assert admin_client.get("/inspections/ledger/?page=abc").status_code == 200
    assert admin_client.get("/inspections/ledger/?page=99999").status_code == 200


def test_ledger_page_filters_by_status(admin_client, demo):
    response = admin_client.get("/inspections/ledger/?status=closed&overdue=false")
    assert {row.status for row in response.context["rows"]} == {"closed"}


def test_ledger_page_answers_400_for_a_bad_filter(admin_client, demo):
    response = admin_client.get("/inspections/ledger/?township=12")
    assert response.status_code == 400
    assert "township" in response.context["errors"]


def test_ledger_xlsx_opens_with_coordinates_and_amap_links(admin_client, demo):
    with translation.override("zh-hans"):
        response = admin_client.get(
            "/inspections/ledger.xlsx?year=2022", HTTP_ACCEPT_LANGUAGE="zh-hans"
        )
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    header = [cell.value for cell in sheet[2]]
    assert {"经度", "纬度"} <= set(header)
    assert sheet.max_row == 2 + 105
    row = [cell for cell in sheet[3]]
    lon, lat = row[header.index("经度")].value, row[header.index("纬度")].value
    assert 114 < lon < 115.2 and 35.6 < lat < 36.1
    link = row[header.index("导航")].hyperlink.target
    assert (
        link.startswith("https://uri.amap.com/marker?") and "coordinate=wgs84" in link
    )


def test_ledger_xlsx_answers_400_naming_the_parameter(admin_client, db):
    response = admin_client.get("/inspections/ledger.xlsx?status=done")
    assert response.status_code == 400 and "status" in response.json()["errors"]


def test_coverage_api_reports_2022_complete(admin_client, demo):
    body = admin_client.get(
        "/api/inspections/coverage?from=2022-01-01&to=2022-12-31"
    ).json()
    assert body["total"] == {"villages": 532, "visited": 532, "share": 1.0}
    assert len(body["townships"]) == 17


def test_coverage_api_names_a_bad_date(admin_client, db):
    response = admin_client.get("/api/inspections/coverage?from=2022-13-01")
    assert response.status_code == 400 and "from" in response.json()["errors"]


def test_coverage_api_needs_login(client, db):
    assert client.get("/api/inspections/coverage").status_code == 401


def test_unvisited_geojson_lists_villages_not_seen_in_2023(admin_client, demo):
    response = admin_client.get("/api/inspections/unvisited.geojson?from=2023-01-01")
    assert response["Content-Type"] == "application/geo+json"
    body = response.json()
    assert 0 < body["numberReturned"] < 532
