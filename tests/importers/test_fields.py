"""Value parsers and header matching: what officials type, and what it becomes."""

import datetime as dt
from decimal import Decimal

import pytest

from layers.importers import fields as f
from layers.models import ClearedSite

KIND = f.choice(ClearedSite.Kind, {"坑塘": "pond", "垃圾堆": "garbage"})


@pytest.mark.parametrize(
    "value, expected",
    [
        ("1", True),
        ("0", False),
        ("true", True),
        ("FALSE", False),
        ("是", True),
        ("否", False),
        ("√", True),
        ("×", False),
        (1, True),
        (0.0, False),
        (True, True),
        (" yes ", True),
    ],
)
def test_boolean_accepts_the_usual_spellings(value, expected):
    assert f.boolean(value) is expected


def test_boolean_refuses_anything_else():
    with pytest.raises(ValueError, match="'maybe' is not yes or no"):
        f.boolean("maybe")


@pytest.mark.parametrize(
    "value",
    [
        "2023-03-05",
        "2023/03/05",
        "2023/3/5",
        "2023年3月5日",
        "2023年03月05日",
        "2023.03.05",
        "2023-03-05 08:30:00",
        dt.date(2023, 3, 5),
        dt.datetime(2023, 3, 5, 8, 30),
    ],
)
def test_date_accepts_iso_slashes_and_chinese(value):
    assert f.date(value) == dt.date(2023, 3, 5)


@pytest.mark.parametrize("value", ["2023-02-30", "05/03/2023", "三月五日", "2023"])
def test_date_refuses_impossible_or_ambiguous_dates(value):
    with pytest.raises(ValueError, match="is not a date"):
        f.date(value)


def test_decimal_accepts_thousands_separators_and_refuses_negatives_and_nan():
    parse = f.decimal()
    assert parse("1,234,567.50") == Decimal("1234567.50")
    assert parse("300，000") == Decimal("300000")
    assert parse(12.5) == Decimal("12.5")
    with pytest.raises(ValueError, match="below 0"):
        parse("-1")
    for bad in ("NaN", "Infinity", "12元", True):
        with pytest.raises(ValueError, match="not a number"):
            parse(bad)


def test_integer_and_year_keep_to_their_ranges():
    assert f.integer(0)("2,000") == 2000 and f.integer(0)(2000.0) == 2000
    with pytest.raises(ValueError, match="not a whole number"):
        f.integer(0)("1.5")
    assert f.year("2022") == 2022
    with pytest.raises(ValueError, match="above 2100"):
        f.year("2222")


def test_digits_keeps_leading_zeros_and_length():
    assert f.digits(9)("410527001") == "410527001"
    assert f.digits(12)(410527103219) == "410527103219"
    for bad in (
        "41052710321",
        "4105271032190",
        "41052710321X",
        "４１０５２７１０３２１９",
    ):
        with pytest.raises(ValueError, match="is not a code of 12 digits"):
            f.digits(12)(bad)


def test_choice_accepts_value_english_label_and_chinese_label():
    assert KIND("pond") == KIND("Pond") == KIND("坑塘") == "pond"
    assert KIND("garbage heap") == "garbage"
    with pytest.raises(
        ValueError, match="'水坑' is not one of: pond/坑塘, garbage/垃圾堆"
    ):
        KIND("水坑")


def test_text_limits_length():
    assert f.text(5)("  冯庄村 ") == "冯庄村"
    with pytest.raises(ValueError, match="at most 2"):
        f.text(2)("冯庄村")


def test_headers_match_english_chinese_and_full_width_brackets():
    columns = (
        f.Column("area_m2", f.integer(), ("面积(平方米)",)),
        f.Column("township_code", f.digits(9), ("乡镇代码",)),
    )
    mapping, ignored = f.match_headers(
        columns, ["面积（平方米）", " Township_Code ", "x"]
    )
    assert mapping == {"面积（平方米）": "area_m2", " Township_Code ": "township_code"}
    assert ignored == ["x"]


def test_truncated_dbf_headers_match_a_unique_prefix_only_when_allowed():
    columns = (
        f.Column("township_code", f.text()),
        f.Column("committee_type", f.text()),
    )
    assert f.match_headers(columns, ["township_c"])[0] == {}
    assert f.match_headers(columns, ["township_c", "committee_"], truncated=True)[
        0
    ] == {"township_c": "township_code", "committee_": "committee_type"}


def test_parse_row_applies_defaults_and_reports_each_problem():
    columns = (
        f.Column("code", f.digits(12), required=True),
        f.Column("branch", f.boolean, default=False),
        f.Column("year", f.year, required=True),
    )
    values, problems = f.parse_row(
        columns, {"code": "41052710321X", "year": " "}, {"code": "code", "year": "year"}
    )
    assert values["branch"] is False
    assert [field for field, _reason in problems] == ["code", "year"]
    assert problems[1][1] == "required"
