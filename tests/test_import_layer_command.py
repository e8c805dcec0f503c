"""manage.py import_layer: prints the report, fails (non-zero) on any error."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from layers.models import ClearedSite, ServiceCentre
from tests.importers.conftest import (  # noqa: F401 (fixtures these tests use)
    INVALID,
    SAMPLES,
    county,
    english,
    townships,
    village_names,
    villages,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("villages")]


def run(*args) -> str:
    out = StringIO()
    call_command("import_layer", *map(str, args), stdout=out)
    return out.getvalue()


def test_a_good_file_is_imported_and_summarised():
    output = run("cleared_site", SAMPLES / "cleared_sites_gbk.csv")
    assert "4 read; 4 created, 0 updated, 0 unchanged" in output
    assert ClearedSite.objects.filter(code__startswith="QL-S-").count() == 4


def test_row_errors_are_listed_and_the_command_fails():
    out = StringIO()
    with pytest.raises(CommandError, match=r"1 row error\(s\); nothing written"):
        call_command(
            "import_layer",
            "cleared_site",
            str(INVALID / "cleared_sites_row57.csv"),
            stdout=out,
        )
    assert "row 57 — reported_on: '2023-02-30' is not a date" in out.getvalue()
    assert not ClearedSite.objects.filter(code__startswith="QL-R-").exists()


def test_file_level_failures_become_command_errors():
    with pytest.raises(CommandError, match="malformed.geojson is not valid GeoJSON"):
        run("village", INVALID / "malformed.geojson")
    with pytest.raises(CommandError, match="Unknown or unsupported SRS 'EPSG:2383'"):
        run("village", SAMPLES / "villages.geojson", "--srs", "EPSG:2383")


def test_unknown_kind_is_refused_by_the_parser():
    with pytest.raises(CommandError, match="invalid choice: 'villages'"):
        run("villages", SAMPLES / "villages.geojson")


def test_options_reach_the_importer():
    before = ServiceCentre.objects.count()
    output = run(
        "service_centre",
        SAMPLES / "service_centres_4526.csv",
        "--srs",
        "EPSG:4526",
        "--dry-run",
    )
    assert "source CRS EPSG:4526" in output and "dry run" in output
    assert ServiceCentre.objects.count() == before
    output = run("village", INVALID / "village_bowtie.geojson", "--repair")
    assert "1 geometries repaired" in output and "(repaired)" in output
    assert "gbk (--encoding)" in run(
        "village", SAMPLES / "villages_gbk.shp", "--encoding", "gbk"
    )
