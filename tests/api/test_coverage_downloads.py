"""Coverage downloads (CSV and xlsx) in the reader's language; JSON keeps its keys."""

import csv
import io
from datetime import date
from urllib.parse import unquote

import openpyxl
import pytest

from layers.cells import is_formula_like
from layers.models import Township
from tests.api.conftest import A

pytestmark = pytest.mark.django_db


def csv_rows(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def xlsx_rows(response):
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def file_name(response) -> str:
    disposition = response["Content-Disposition"]
    return unquote(disposition.split("filename*=UTF-8''")[1])


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_chinese_by_default_headers_and_words(api, world, suffix):
    response = api.get(f"/api/coverage.{suffix}", {"year": 2022, "township": A})
    rows = csv_rows(response) if suffix == "csv" else xlsx_rows(response)
    header = rows[0]
    for label in (
        "范围",
        "乡镇代码",
        "乡镇（街道）",
        "未评星村数",
        "五星村数",
        "三星目标",
        "三星及以上完成率（%）",
        "清理点位：坑塘（已清理）",
        "EOD投资（元）",
    ):
        assert label in header, label
    assert not any(name in header for name in ("level_0", "code", "reached_pct_1"))
    township, county = (dict(zip(header, row, strict=True)) for row in rows[1:])
    assert township["范围"] == "乡镇（街道）" and county["范围"] == "全县"
    assert township["乡镇代码"] == A and township["乡镇（街道）"] == "甲乡"
    five, pct = township["五星村数"], township["三星及以上完成率（%）"]
    # Three stars or higher: 1 five-star + 1 three-star village of 3 targeted (2 + 1).
    assert (int(five), float(pct)) == (1, 66.7)
    today = date.today().strftime("%Y%m%d")
    assert file_name(response) == f"甲乡_2022年_星级创建情况_{today}.{suffix}"


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_english_through_lang_or_the_cookie(api, world, suffix):
    by_param = api.get(f"/api/coverage.{suffix}", {"year": 2022, "lang": "en"})
    api.cookies["django_language"] = "en"
    by_cookie = api.get(f"/api/coverage.{suffix}", {"year": 2022})
    for response in (by_param, by_cookie):
        rows = csv_rows(response) if suffix == "csv" else xlsx_rows(response)
        header = rows[0]
        assert header[:3] == ["Scope", "Township code", "Township"]
        assert (
            "Five stars: villages" in header
            and "Three stars or higher: completion (%)" in header
        )
        assert "Cleared sites: pond, cleared" in header
        assert rows[-1][0] == "Whole county" and rows[1][0] == "Township"
        assert file_name(response).startswith("Neihuang County_2022_star coverage_")
    # ?lang= wins over the cookie.
    chinese = api.get(f"/api/coverage.{suffix}", {"year": 2022, "lang": "zh-hans"})
    rows = csv_rows(chinese) if suffix == "csv" else xlsx_rows(chinese)
    assert rows[0][0] == "范围"


def test_json_and_geojson_keep_their_keys_in_chinese(api, world):
    body = api.get("/api/coverage", {"year": 2022}).json()
    assert "level_0" in body["county"] and "reached_pct_1" in body["county"]
    feature = api.get("/api/coverage.geojson", {"year": 2022}).json()["features"][0]
    assert "level_5" in feature["properties"]


def test_a_language_change_is_not_answered_304(api, world):
    first = api.get("/api/coverage.csv", {"year": 2022})
    api.cookies["django_language"] = "en"
    again = api.get(
        "/api/coverage.csv", {"year": 2022}, HTTP_IF_NONE_MATCH=first["ETag"]
    )
    assert again.status_code == 200 and csv_rows(again)[0][0] == "Scope"


def test_bad_language_is_named(api, world):
    response = api.get("/api/coverage.csv", {"year": 2022, "lang": "fr"})
    assert response.status_code == 400 and "lang" in response.json()["errors"]
    # The JSON takes no lang.
    response = api.get("/api/coverage", {"year": 2022, "lang": "en"})
    assert response.status_code == 400 and "lang" in response.json()["errors"]


def test_formula_like_names_stay_text_in_both_languages(api, world):
    Township.objects.filter(code=A).update(name="=1+2乡")
    for lang in ("zh-hans", "en"):
        params = {"year": 2022, "township": A, "lang": lang}
        rows = csv_rows(api.get("/api/coverage.csv", params))
        assert rows[1][2] == "'=1+2乡"
        assert not any(is_formula_like(cell) for row in rows for cell in row)
        book = api.get("/api/coverage.xlsx", params).content
        sheet = openpyxl.load_workbook(io.BytesIO(book)).active
        assert sheet.cell(2, 3).value == "=1+2乡" and sheet.cell(2, 3).data_type == "s"
