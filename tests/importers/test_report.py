"""The import report: counts, a readable summary and grouped error lines."""

from django.utils import translation

from layers.importers import ImportReport, RowError


def test_summary_of_a_good_import_gives_the_counts():
    report = ImportReport(
        "village",
        "v.geojson",
        rows_read=6,
        created=4,
        updated=1,
        unchanged=1,
        source_srs="EPSG:4547",
        encoding="utf-8",
    )
    assert report.ok
    assert report.summary() == (
        "Village from v.geojson: 6 rows read; 4 created, 1 updated, 1 unchanged; "
        "source CRS EPSG:4547; encoding utf-8."
    )


def test_summary_of_a_refused_import_says_nothing_was_written():
    report = ImportReport(
        "rating", "r.csv", rows_read=60, errors=[RowError(57, "year", "required")]
    )
    assert not report.ok
    assert report.summary() == (
        "Star rating from r.csv: 60 rows read; refused for 1 row error; "
        "nothing was written."
    )


def test_dry_run_is_said():
    assert (
        "(dry run: nothing was written)"
        in ImportReport("x", "f", dry_run=True).summary()
    )


def test_a_refused_dry_run_says_nothing_was_written_once():
    report = ImportReport("x", "f", dry_run=True, errors=[RowError(1, "", "bad")])
    assert report.summary().count("nothing was written") == 1


def test_lines_group_rows_sharing_a_problem():
    errors = [
        RowError(row, "village_code", "unknown") for row in [*range(1, 57), 58, 59]
    ]
    errors.append(RowError(57, "reported_on", "bad date"))
    report = ImportReport(
        "x", "f", errors=errors, repairs=[RowError(3, "boundary", "fixed")]
    )
    assert report.lines() == [
        "rows 1–56, 58–59 — village_code: unknown",
        "row 57 — reported_on: bad date",
        "row 3 — boundary: fixed (repaired)",
    ]
    assert report.lines(limit=1)[1] == "… and 1 more"


def test_a_row_error_reads_as_row_field_reason():
    assert str(RowError(57, "boundary", "self-intersection at 114.9 35.9")) == (
        "row 57 — boundary: self-intersection at 114.9 35.9"
    )
    assert str(RowError(0, "", "the database refused")) == "file — the database refused"


def bad_row_57() -> ImportReport:
    errors = [RowError(row, "village_code", "x") for row in [*range(1, 57), 58, 59, 60]]
    errors.append(RowError(57, "reported_on", "'2023-02-30' is not a date"))
    return ImportReport("cleared_site", "sites.csv", rows_read=60, errors=errors)


def test_a_bad_row_57_reads_row_57_in_english():
    report = bad_row_57()
    assert report.summary() == (
        "Cleared site from sites.csv: 60 rows read; refused for 60 row errors; "
        "nothing was written."
    )
    assert report.lines() == [
        "rows 1–56, 58–60 — village_code: x",
        "row 57 — reported_on: '2023-02-30' is not a date",
    ]


def test_a_bad_row_57_reads_di_57_hang_in_chinese():
    with translation.override("zh-hans"):
        report = bad_row_57()
        summary, lines = report.summary(), report.lines()
        error = str(RowError(57, "", "该行没有几何图形"))
    assert summary == (
        "清理点位（文件 sites.csv）：已读取60行；有60处行错误，拒绝导入；未写入任何数据。"
    )
    assert lines == [
        "第1–56、58–60行，village_code：x",
        "第57行，reported_on：'2023-02-30' is not a date",
    ]
    assert error == "第57行：该行没有几何图形"


def test_a_good_summary_in_chinese_is_one_sentence_in_chinese_punctuation():
    report = ImportReport(
        "village",
        "v.geojson",
        dry_run=True,
        rows_read=1,
        unchanged=1,
        repaired=1,
        source_srs="EPSG:4547",
        encoding="utf-8",
        ignored_columns=["备注", "面积"],
    )
    with translation.override("zh-hans"):
        summary = report.summary()
    assert summary == (
        "行政村（文件 v.geojson）：已读取1行；新增0条，更新0条，未变1条；"
        "修复几何图形1个；源坐标系 EPSG:4547；编码 utf-8；已忽略的列：备注、面积"
        "（试运行：未写入任何数据）。"
    )
    assert report.summary() == (
        "Village from v.geojson: 1 row read; 0 created, 0 updated, 1 unchanged; "
        "1 geometry repaired; source CRS EPSG:4547; encoding utf-8; "
        "columns ignored: 备注, 面积 (dry run: nothing was written)."
    )
