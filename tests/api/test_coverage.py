"""Coverage by township, worked out by hand on the known world (see conftest)."""

import csv
import io

import openpyxl
import pytest

from tests.api.conftest import A, B

pytestmark = pytest.mark.django_db


def township(body, code):
    return next(t for t in body["townships"] if t["code"] == code)


def test_levels_against_targets(api, world):
    a = township(api.get("/api/coverage", {"year": 2022}).json(), A)
    assert (a["villages"], a["rated"]) == (4, 3)
    assert (a["level_5"], a["level_3"], a["level_0"]) == (1, 1, 1)
    assert (a["target_5"], a["target_3"], a["target_4"]) == (1, 2, None)
    # This level or higher against the targets of this level and higher (one definition,
    # layers/coverage.py completion_sql): three stars: 2 villages of 2 + 1 targeted.
    assert (a["at_least_3"], a["target_at_least_3"]) == (2, 3)
    assert (a["reached_pct_5"], a["reached_pct_3"]) == (100.0, 66.7)


def test_stars_flags_and_year_on_year_changes(api, world):
    body = api.get("/api/coverage", {"year": 2022}).json()
    a = township(body, A)
    assert (
        a["star_branch"],
        a["star_safety"],
        a["quasi_five_star"],
        a["weak_branch"],
    ) == (2, 1, 1, 1)
    later = api.get("/api/coverage", {"year": 2023}).json()
    assert (township(later, A)["upgraded"], township(later, A)["downgraded"]) == (2, 0)
    assert (township(later, B)["upgraded"], township(later, B)["downgraded"]) == (0, 1)


def test_sites_by_kind_and_status_and_per_km2(api, world):
    a = township(api.get("/api/coverage", {"year": 2022}).json(), A)
    assert (
        a["sites_total"],
        a["sites_pond_reported"],
        a["sites_pond_cleared"],
        a["sites_garbage_verified"],
    ) == (3, 1, 1, 1)
    assert a["area_km2"] == pytest.approx(8.0, abs=0.1)
    assert a["sites_per_km2"] == pytest.approx(3 / 8.0, abs=0.01)
    assert (a["eod_sites"], a["eod_investment"]) == (1, 500000)


def test_share_of_villages_near_a_centre_follows_the_distance(api, world):
    # Label points lie 0, 902, 1,805 and 2,707 m from A1's centre (demo centres may add).
    a = township(api.get("/api/coverage", {"year": 2022}).json(), A)
    assert a["villages_near_centre"] >= 3
    assert a["villages_near_centre_pct"] == 25.0 * a["villages_near_centre"]
    at = township(api.get("/api/coverage", {"year": 2022, "within_km": 0}).json(), A)
    assert at["villages_near_centre"] == 1
    assert (a["service_centres"], a["paired_villages"]) == (1, 1)


def test_one_township_and_the_county_total(api, world):
    body = api.get("/api/coverage", {"year": 2022, "township": B}).json()
    assert [t["code"] for t in body["townships"]] == [B]
    assert body["county"]["villages"] >= 6 and body["county"]["scope"] == "county"


def test_coverage_as_township_polygons(api, world):
    response = api.get("/api/coverage.geojson", {"year": 2022, "township": A})
    assert response["Content-Type"] == "application/geo+json"
    (feature,) = response.json()["features"]
    assert feature["id"] == A and feature["geometry"]["type"] == "MultiPolygon"
    assert feature["properties"]["level_5"] == 1


def test_coverage_csv_has_a_bom_and_excel_columns(api, world):
    response = api.get("/api/coverage.csv", {"year": 2022, "township": A})
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert (
        rows[0]["乡镇代码"] == A
        and rows[0]["乡镇（街道）"] == "甲乡"
        and rows[-1]["范围"] == "全县"
    )


def test_coverage_xlsx_opens(api, world):
    response = api.get("/api/coverage.xlsx", {"year": 2022, "township": A})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, [cell.value for cell in sheet[2]]))
    assert row["乡镇代码"] == A and row["五星村数"] == 1


def test_bad_coverage_parameters(api, db):
    response = api.get(
        "/api/coverage", {"year": "x", "within_km": "-1", "township": "1"}
    )
    assert set(response.json()["errors"]) == {"year", "within_km", "township"}
