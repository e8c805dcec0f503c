"""A lon/lat file named no CRS: GCJ-02 fitting its villages clearly better is said once,
and nothing is changed; a WGS 84 file and an explicit --srs get no such note."""

from pathlib import Path

from django.conf import settings
from django.utils import translation

from layers.importers import import_file
from tests.maps.county import ensure_loaded

REAL = Path(settings.BASE_DIR) / "fixtures" / "real"
APP_CSV = REAL / "app_cleared_sites_gcj02_gbk.csv"


def gcj_notes(report) -> list[str]:
    return [note for note in report.notes if "gcj02" in note]


def test_a_gcj02_app_csv_read_as_wgs84_gets_one_note_suggesting_gcj02(db):
    ensure_loaded()
    report = import_file("cleared_site", APP_CSV, dry_run=True)
    assert report.ok, report.lines()
    [note] = gcj_notes(report)
    assert "GCJ-02" in note and "--srs gcj02" in note
    assert "6 of 6 points" in note
    # Said once, as a file-level note, not per row.
    assert sum("--srs gcj02" in line for line in report.lines()) == 1
    assert not [e for e in report.errors if "gcj" in e.reason.lower()]


def test_the_note_leaves_the_coordinates_as_read(db):
    from layers.models import ClearedSite

    ensure_loaded()
    report = import_file("cleared_site", APP_CSV)
    assert report.ok and gcj_notes(report)
    site = ClearedSite.objects.get(code="410527207201-KT001")
    # The file's own numbers, stored as WGS 84: not silently converted.
    assert (round(site.location.x, 6), round(site.location.y, 6)) == (
        114.891736,
        36.130476,
    )


def test_the_note_reads_in_chinese(db):
    ensure_loaded()
    with translation.override("zh-hans"):
        report = import_file("cleared_site", APP_CSV, dry_run=True)
    [note] = gcj_notes(report)
    assert "GCJ-02" in note and "高德" in note and "6 个点中有 6 个" in note


def test_no_note_with_srs_gcj02_or_for_a_wgs84_ledger(db):
    ensure_loaded()
    converted = import_file("cleared_site", APP_CSV, dry_run=True, srs="gcj02")
    assert converted.ok and not gcj_notes(converted)
    explicit = import_file("cleared_site", APP_CSV, dry_run=True, srs="EPSG:4326")
    assert explicit.ok and not gcj_notes(explicit)
    # The ledger's 4 points name their villages; read as GCJ-02 they would sit ~450 m
    # less deep (measured), so WGS 84 fits and nothing is said.
    ledger = import_file(
        "cleared_site", REAL / "ledger_cleared_sites.xlsx", dry_run=True
    )
    assert ledger.ok and not gcj_notes(ledger)
