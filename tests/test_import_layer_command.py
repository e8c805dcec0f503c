"""manage.py import_layer: prints the report, fails (non-zero) on any error."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from layers.management.commands.import_layer import Command as ImportLayer
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
    assert "4 rows read; 4 created, 0 updated, 0 unchanged" in output
    assert ClearedSite.objects.filter(code__startswith="QL-S-").count() == 4


def test_row_errors_are_listed_and_the_command_fails():
    out = StringIO()
    with pytest.raises(CommandError, match=r"^1 row error; nothing written\.$"):
        call_command(
            "import_layer",
            "cleared_site",
            str(INVALID / "cleared_sites_row57.csv"),
            stdout=out,
        )
    assert "row 57 — reported_on: '2023-02-30' is not a date" in out.getvalue()
    assert not ClearedSite.objects.filter(code__startswith="QL-R-").exists()


def test_row_errors_read_in_chinese():
    out = StringIO()
    with (
        translation.override("zh-hans"),
        pytest.raises(CommandError, match=r"^有1处行错误，未写入任何数据。$"),
    ):
        call_command(
            "import_layer",
            "cleared_site",
            str(INVALID / "cleared_sites_row57.csv"),
            stdout=out,
        )
    summary, line = out.getvalue().splitlines()
    assert summary.startswith("清理点位（文件 ") and summary.endswith(
        "：已读取60行；有1处行错误，拒绝导入；未写入任何数据。"
    )
    assert line == (
        "  第57行，reported_on：'2023-02-30' 不是日期"
        "（格式应为 YYYY-MM-DD、YYYY/M/D、YYYY.M.D 或 YYYY年M月D日）（表格第58行）"
    )


def test_file_level_failures_become_command_errors():
    with pytest.raises(CommandError, match="malformed.geojson is not valid GeoJSON"):
        run("village", INVALID / "malformed.geojson")
    with pytest.raises(CommandError, match="Unknown or unsupported SRS 'EPSG:2383'"):
        run("village", SAMPLES / "villages.geojson", "--srs", "EPSG:2383")


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", ["of KIND.", "what the file holds", "check and report, write nothing"]),
        ("zh-hans", ["导入 KIND 类型", "要导入的文件", "修复无效的多边形"]),
    ],
)
def test_help_is_in_the_active_language(language, words):
    with translation.override(language):
        text = ImportLayer().create_parser("manage.py", "import_layer").format_help()
    assert all(word in text for word in words), text


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
    assert "1 geometry repaired" in output and "(repaired)" in output
    assert "gbk (--encoding)" in run(
        "village", SAMPLES / "villages_gbk.shp", "--encoding", "gbk"
    )
