"""Shared message words: kind labels, lists, rows, GEOS reasons, in English and Chinese."""

import datetime as dt

import pytest
from django.utils import translation

from layers.importers import KINDS
from layers.importers.crs import ASSUMED
from layers.importers.geometry import describe, shape
from layers.importers.rules import cleared_site_rules
from layers.importers.wording import (
    KIND_LABELS,
    alternatives,
    kind_label,
    listing,
    rows_label,
)
from tests.importers.test_validate import BOWTIE


def test_every_kind_has_a_label():
    assert set(KIND_LABELS) <= set(KINDS)
    with translation.override("zh-hans"):
        for name in KINDS:  # other apps' kinds (task_value) are named by their model
            assert kind_label(name) != name


@pytest.mark.parametrize(
    ("kind", "label", "chinese"),  # not "english": that fixture sets the language
    [
        ("village", "village", "行政村"),
        ("cleared_site", "cleared site", "清理点位"),
        ("eod_site", "EOD site", "EOD点位"),
        ("township", "township", "乡镇（街道）"),
        ("no_such_kind", "no_such_kind", "no_such_kind"),
    ],
)
def test_kind_labels_follow_the_glossary(kind, label, chinese):
    assert kind_label(kind) == label
    with translation.override("zh-hans"):
        assert kind_label(kind) == chinese


def test_rows_are_labelled_with_spans():
    assert rows_label([57]) == "row 57"
    assert rows_label([*range(1, 57), 58, 59, 60]) == "rows 1–56, 58–60"
    assert rows_label([0]) == "file"
    with translation.override("zh-hans"):
        assert rows_label([57]) == "第57行"
        assert rows_label([*range(1, 57), 58, 59, 60]) == "第1–56、58–60行"
        assert rows_label([0]) == "文件"


def test_lists_and_alternatives_are_joined_per_language():
    assert listing(["a", "b", "c"]) == "a, b, c"
    assert alternatives(["utf-8"]) == "utf-8"
    assert alternatives(["utf-8", "gbk", "gb18030"]) == "utf-8, gbk or gb18030"
    with translation.override("zh-hans"):
        assert listing(["a", "b", "c"]) == "a、b、c"
        assert alternatives(["utf-8", "gbk", "gb18030"]) == "utf-8、gbk 或 gb18030"


@pytest.mark.parametrize(
    ("geos", "chinese"),
    [
        ("Self-intersection[1 2]", "自相交（位于 1 2）"),
        ("Ring Self-intersection[1 2]", "环自相交（位于 1 2）"),
        ("Too few points in geometry component[1 2]", "几何部件的点数过少（位于 1 2）"),
        ("Hole lies outside shell[1 2]", "内环位于外环之外（位于 1 2）"),
        ("Nested shells[1 2]", "外环相互嵌套（位于 1 2）"),
        ("Interior is disconnected[1 2]", "内部不连通（位于 1 2）"),
        ("Invalid Coordinate[1 2]", "坐标无效（位于 1 2）"),
        ("Something GEOS says one day", "something geos says one day"),
    ],
)
def test_geos_reasons_are_translated_or_kept(geos, chinese):
    with translation.override("zh-hans"):
        assert describe(geos) == chinese


def test_a_bowtie_reads_in_chinese():
    with translation.override("zh-hans"):
        problem = shape(BOWTIE, ("MultiPolygon",), repair=False)[1]
    assert problem == "自相交（位于 114.825 35.705）（可用 --repair 修复）"


def test_source_labels_are_translated():
    assert ASSUMED.label == "EPSG:4326 (assumed)"
    with translation.override("zh-hans"):
        assert ASSUMED.label == "EPSG:4326（默认假定）"


def test_a_status_rule_names_the_translated_status():
    values = {"status": "verified", "reported_on": dt.date(2023, 1, 1)}
    assert cleared_site_rules(values)[0] == (
        "cleared_on",
        "required when the status is verified",
    )
    with translation.override("zh-hans"):
        assert cleared_site_rules(values) == [
            ("cleared_on", "状态为“已核查”时必填"),
            ("verified_on", "状态为“已核查”时必填"),
        ]
