"""The import report: counts, a readable summary and grouped error lines."""

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
        "village from v.geojson: 6 read; 4 created, 1 updated, 1 unchanged; "
        "source CRS EPSG:4547; encoding utf-8."
    )


def test_summary_of_a_refused_import_says_nothing_was_written():
    report = ImportReport(
        "rating", "r.csv", rows_read=60, errors=[RowError(57, "year", "required")]
    )
    assert not report.ok
    assert report.summary() == (
        "rating from r.csv: 60 read, refused, 1 row error; nothing was written."
    )


def test_dry_run_is_said():
    assert (
        "(dry run: nothing was written)"
        in ImportReport("x", "f", dry_run=True).summary()
    )


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
