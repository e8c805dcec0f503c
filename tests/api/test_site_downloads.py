"""Cleared-site and EOD-site downloads in the reader's language (csv, kml, xlsx)."""

import csv
import io
import subprocess
from datetime import date
from urllib.parse import unquote

import openpyxl
import pytest

from layers.cells import is_formula_like
from tests.api.conftest import A

pytestmark = pytest.mark.django_db
TODAY = date.today().strftime("%Y%m%d")


def table(response, fmt):
    if fmt == "csv":
        text = response.content.decode("utf-8")
        assert text.startswith("\ufeff")
        rows = list(csv.reader(io.StringIO(text[1:], newline="")))
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        rows = [[c.value for c in row] for row in sheet.iter_rows()]
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]], rows[0]


def file_name(response) -> str:
    return unquote(response["Content-Disposition"].split("filename*=UTF-8''")[1])


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_cleared_sites_in_chinese(api, world, fmt):
    response = api.get("/api/cleared-sites/", {"township": A, "format": fmt})
    assert response.status_code == 200
    rows, header = table(response, fmt)
    assert {"类型", "状态"} <= set(header), header
    assert "经度（WGS-84，EPSG:4326）" in header or any("经度" in h for h in header)
    assert any("WKT" in h for h in header)
    kind = next(h for h in header if h == "类型")
    status = next(h for h in header if h == "状态")
    by_code = {row[header[0]]: row for row in rows}
    assert by_code["T-A1-2"][kind] == "坑塘" and by_code["T-A1-2"][status] == "已清理"
    assert by_code["T-A2-1"][kind] == "垃圾堆" and by_code["T-A2-1"][status] == "已核查"
    lon = next(h for h in header if "经度" in h)
    assert 100 < float(by_code["T-A1-2"][lon]) < 130
    assert "T-B1-1" not in by_code  # township A only
    assert file_name(response) == f"甲乡_清理点位_{TODAY}.{fmt}"
    assert not any(is_formula_like(v) for row in rows for v in row.values())


def test_file_name_carries_the_reported_year(api, world):
    params = {"township": A, "format": "csv", "reported_from": "2022-01-01"}
    response = api.get("/api/cleared-sites/", params)
    assert file_name(response) == f"甲乡_2022年_清理点位_{TODAY}.csv"
    params["reported_to"] = "2023-03-01"
    response = api.get("/api/cleared-sites/", params)
    assert file_name(response) == f"甲乡_清理点位_{TODAY}.csv"


def test_english_words_through_lang_and_cookie(api, world):
    by_param = api.get("/api/cleared-sites/", {"format": "csv", "lang": "en"})
    api.cookies["django_language"] = "en"
    by_cookie = api.get("/api/cleared-sites/", {"format": "csv"})
    for response in (by_param, by_cookie):
        rows, header = table(response, "csv")
        assert "Kind" in header and "Status" in header
        assert any(h.startswith("longitude") for h in header)
        pond = next(r for r in rows if r[header[0]] == "T-A1-2")
        assert (pond["Kind"], pond["Status"]) == ("pond", "cleared")
        assert file_name(response) == f"Cleared sites_{TODAY}.csv"


def test_eod_sites_xlsx_and_kml_read_back_by_gdal(api, world, tmp_path):
    response = api.get("/api/eod-sites/", {"format": "xlsx"})
    rows, header = table(response, "xlsx")
    site = next(r for r in rows if r[header[0]] == "T-EOD-A2")
    assert (site["状态"], site["子项目"]) == ("在建", "农村生活污水治理")
    assert (site["投资（元）"], site["名称"]) == (500000, "测试A2污水站")
    kml = api.get("/api/eod-sites/", {"format": "kml"})
    assert kml.status_code == 200
    path = tmp_path / "eod.kml"
    path.write_bytes(kml.content)
    info = subprocess.run(
        ["ogrinfo", "-ro", "-al", str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert "T-EOD-A2" in info and "测试A2污水站" in info and "POINT" in info
    assert "经度" in info


def test_bad_lang_and_xlsx_only_where_offered(api, world):
    response = api.get("/api/cleared-sites/", {"format": "csv", "lang": "de"})
    assert response.status_code == 400 and "lang" in response.json()["errors"]
    response = api.get("/api/villages/", {"format": "xlsx"})
    assert response.status_code == 400 and "format" in response.json()["errors"]


def test_xlsx_documented_for_the_site_feeds(api, world):
    document = api.get("/api/schema/", {"format": "json"}).json()
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    for path in ("/api/cleared-sites/", "/api/eod-sites/"):
        assert xlsx in document["paths"][path]["get"]["responses"]["200"]["content"]
    villages = document["paths"]["/api/villages/"]["get"]["responses"]["200"]
    assert xlsx not in villages["content"]
