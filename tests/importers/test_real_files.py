"""The real-shaped test set (fixtures/real, written by fixtures/real/make_real.py):
what each file must do, from the importer and from the command, over the Neihuang data.
"""

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.gis.geos import Point
from django.core.management import CommandError, call_command

from layers.gcj02 import wgs84_to_gcj02
from layers.importers import ImportFailed, import_file
from layers.models import ClearedSite, EODSite, StarRating, Township, Village

REAL = Path(settings.BASE_DIR) / "fixtures" / "real"
BROKEN = REAL / "broken"

# (kind, file, options, rows read, words that must appear in the summary and notes)
IMPORTS = [
    (
        "village",
        "cjdcq_gk38.shp",
        {},
        532,
        ["EPSG:4526", "gb18030", "ZLDWDM → code", "ZLDWMC → name"],
    ),
    ("village", "cjdcq_gk38.zip", {}, 532, ["EPSG:4526", "ZLDWDM → code"]),
    (
        "village",
        "xzq_songcun_noprj.shp",
        {"srs": "EPSG:4526"},
        26,
        ["XZQDM → code", "XZQMC → name"],
    ),
    (
        "village",
        "villages_utf8_lying_cpg.shp",
        {},
        5,
        ["utf-8 (the .cpg says GBK", "0%", "100%"],
    ),
    ("township", "xzq_cgcs2000.gpkg", {}, 2, ["EPSG:4490", "xzqdm → code"]),
    (
        "cleared_site",
        "app_cleared_sites_gcj02_gbk.csv",
        {"srs": "gcj02"},
        6,
        [
            "gcj02",
            "gb18030",
            "村代码 → village_code",
            "清理日期 → cleared_on",
            "rows 1–6: no report date",
            "rows 2–3: verified without a verification date",
            "codes were generated",
        ],
    ),
    (
        "eod_site",
        "ovital_eod_sites.kml",
        {"constants": {"status": "building"}},
        3,
        [
            "项目编号 / folder → project_code",
            "投资 / 投资(元) → investment",
            "村代码 → village_code",
            "=building → status",
        ],
    ),
    (
        "cleared_site",
        "ledger_cleared_sites.xlsx",
        {},
        4,
        [
            "上报日期 → reported_on",
            "核查日期 → verified_on",
            "row 4: verified without a verification date",
        ],
    ),
    (
        "rating",
        "ledger_ratings.xlsx",
        {},
        2,
        ["支部过硬 → branch", "软弱涣散 → is_weak_branch"],
    ),
    ("village", "broken/no_shx.shp", {}, 4, ["without its .shx index; it was rebuilt"]),
]

# (kind, file, options, words of the one file-level message)
REFUSED = [
    ("village", "broken/empty.csv", {}, "is empty (0 bytes)"),
    ("village", "broken/readme.txt", {}, "looks like plain text, not a table"),
    ("cleared_site", "broken/not_a_workbook.xlsx", {}, "is not an Excel workbook"),
    ("eod_site", "broken/entity.kml", {}, "declares a DOCTYPE or entities"),
    ("village", "broken/no_shp.zip", {}, "holds no shapefile (.shp)"),
    (
        "village",
        "xzq_songcun_noprj.shp",
        {},
        "names no coordinate system (no .prj, no crs) and its coordinates are metres",
    ),
    ("eod_site", "ovital_eod_sites.kml", {}, "lacks the column status"),
    (
        "eod_site",
        "ovital_eod_sites.kml",
        {"constants": {"status": "修好了"}},
        "--set status=修好了",
    ),
    (
        "village",
        "cjdcq_gk38.shp",
        {"mapping": {"code": "QSDWDM"}},
        "has no column 'QSDWDM'",
    ),
]


def everything(report) -> str:
    return " ".join([report.summary(), *report.lines()])


@pytest.mark.parametrize("kind, name, options, count, words", IMPORTS)
def test_real_file_imports(db, kind, name, options, count, words):
    report = import_file(kind, REAL / name, dry_run=True, **options)
    assert report.ok, report.lines()
    assert report.rows_read == count
    text = everything(report)
    for word in words:
        assert word in text, (word, text)


@pytest.mark.parametrize("kind, name, options, words", REFUSED)
def test_broken_file_is_refused_once_naming_the_cause(db, kind, name, options, words):
    before = Village.objects.filter(is_schematic=True).count()
    with pytest.raises(ImportFailed) as failure:
        import_file(kind, REAL / name, **options)
    assert words in failure.value.message
    assert failure.value.message.count(words) == 1
    assert Village.objects.filter(is_schematic=True).count() == before


def test_the_made_up_code_is_named_against_the_official_list(db):
    report = import_file("village", BROKEN / "made_up_code.geojson")
    assert [(e.row, e.field, e.reason) for e in report.errors] == [
        (1, "code", "410527207999 is not in the official code list (NBS 2023)")
    ]


def test_surveyed_villages_replace_every_schematic_one(db):
    assert Village.objects.filter(is_schematic=True).count() == 532
    report = import_file("village", REAL / "cjdcq_gk38.shp")
    assert report.ok and report.updated == 532
    assert not Village.objects.filter(is_schematic=True).exists()
    # Every township was schematic and all its villages are surveyed now: redrawn.
    assert not Township.objects.filter(is_schematic=True).exists()
    assert any("no longer schematic" in note for note in report.notes)
    songcun = Township.objects.get(code="410527207")
    union = Village.objects.filter(township=songcun)
    for village in union:
        assert songcun.boundary.buffer(1e-7).covers(village.boundary)
    # Crossing a schematic outline was a note, never a refusal.
    assert any("not refused" in note for note in report.notes)


def test_surveyed_townships_are_kept_and_refuse_a_village_far_outside(db):
    assert import_file("township", REAL / "xzq_cgcs2000.gpkg").ok
    surveyed = Township.objects.get(code="410527207")
    assert not surveyed.is_schematic
    outline = surveyed.boundary.clone()
    report = import_file("village", REAL / "xzq_songcun_noprj.shp", srs="EPSG:4526")
    assert report.ok, report.lines()
    surveyed.refresh_from_db()
    assert surveyed.boundary.equals_exact(outline, tolerance=1e-9)  # not redrawn
    refused = import_file(
        "village", BROKEN / "village_outside_surveyed_township.geojson"
    )
    [error] = refused.errors
    assert error.field == "boundary" and "宋村乡" in error.reason
    assert "km" in error.reason or " m" in error.reason


def test_gcj02_app_points_land_on_their_wgs84_places(db):
    report = import_file(
        "cleared_site", REAL / "app_cleared_sites_gcj02_gbk.csv", srs="gcj02"
    )
    assert report.ok and report.created == 6
    site = ClearedSite.objects.get(code="410527207201-KT001")
    assert site.kind == "pond" and site.status == "cleared"
    assert site.reported_on == site.cleared_on == dt.date(2022, 5, 3)
    excel = ClearedSite.objects.get(code="410527207204-KX001")
    assert excel.cleared_on == dt.date(2022, 5, 3)  # Excel serial 44684
    verified = ClearedSite.objects.get(code="410527207203-CY001")
    assert verified.status == "verified" and verified.verified_on == dt.date(2022, 5, 3)
    # The file's GCJ-02 point, converted back, lies within a metre of where it was.
    glon, glat = wgs84_to_gcj02(site.location.x, site.location.y)
    moved = Point(glon, glat, srid=4326).transform(4547, clone=True)
    assert moved.distance(site.location.transform(4547, clone=True)) > 400
    # Importing the same file again updates (here: leaves) instead of duplicating.
    again = import_file(
        "cleared_site", REAL / "app_cleared_sites_gcj02_gbk.csv", srs="gcj02"
    )
    assert (again.created, again.unchanged) == (0, 6)
    assert ClearedSite.objects.filter(code__startswith="410527207201-KT").count() == 1


def test_ovital_kml_keeps_chinese_extended_data_and_description_lines(db):
    report = import_file(
        "eod_site", REAL / "ovital_eod_sites.kml", constants={"status": "在建"}
    )
    assert report.ok, report.lines()
    sites = {s.name: s for s in EODSite.objects.filter(code__contains="-EOD")}
    assert sites["宋村污水站"].project.code == "EOD-1"
    assert sites["宋村污水站"].investment == 1200000
    assert sites["盐碱地改良片区一"].project.code == "EOD-4"
    assert {s.status for s in sites.values()} == {"building"}


def test_kml_with_only_names_and_folders_finds_the_project_by_sub_project(db, tmp_path):
    path = tmp_path / "folders.kml"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
        "<Folder><name>盐碱地改良</name><Placemark><name>改良片区二</name>"
        "<Point><coordinates>114.93,35.95</coordinates></Point></Placemark></Folder>"
        "</Document></kml>",
        encoding="utf-8",
    )
    report = import_file("eod_site", path, constants={"status": "规划"})
    assert report.ok, report.lines()
    site = EODSite.objects.get(name="改良片区二")
    assert site.project.code == "EOD-4" and site.status == "planned"
    assert site.code.endswith("-EOD001") and site.village is not None


def test_xlsx_ledger_rows_are_named_by_spreadsheet_line(db, tmp_path):
    from openpyxl import load_workbook

    book = load_workbook(REAL / "ledger_cleared_sites.xlsx")
    book.active["E4"] = "水坑"  # the ledger's second data row, line 4 of the sheet
    path = tmp_path / "bad.xlsx"
    book.save(path)
    report = import_file("cleared_site", path)
    [error] = report.errors
    assert (error.row, error.field) == (2, "kind")
    assert "(spreadsheet line 4)" in report.lines()[0]


def test_ratings_ledger_reads_ticks_and_crosses(db):
    assert import_file("rating", REAL / "ledger_ratings.xlsx").ok
    rating = StarRating.objects.get(village__code="410527207201", year=2023)
    assert (rating.branch, rating.industry, rating.safety, rating.civility) == (
        True,
        False,
        True,
        False,
    )


def test_a_cadre_imports_the_own_township_only(db):
    from django.contrib.auth import get_user_model

    from accounts.roles import Role
    from accounts.services import role_grant

    cadre = get_user_model().objects.create_user("songcun-cadre")
    role_grant(
        user=cadre,
        role=Role.TOWNSHIP_CADRE,
        township=Township.objects.get(code="410527207"),
    )
    report = import_file(
        "cleared_site",
        REAL / "app_cleared_sites_gcj02_gbk.csv",
        srs="gcj02",
        user=cadre,
    )
    assert [(e.row, e.field) for e in report.errors] == [(6, "village_code")]
    assert (
        "石盘屯乡" in report.errors[0].reason
        or "outside your township" in report.errors[0].reason
    )
    assert not ClearedSite.objects.filter(code__startswith="410527207201-KT").exists()


def test_no_raw_gdal_or_geos_line_reaches_the_output(db, capfd, caplog):
    call_command("import_layer", "village", str(BROKEN / "no_shx.shp"), "--dry-run")
    with pytest.raises(CommandError):
        call_command("import_layer", "village", str(REAL / "xzq_songcun_noprj.shp"))
    out, err = capfd.readouterr()
    for raw in ("GDAL_ERROR", "GEOS_", "ERROR 1:", "Warning 1:", "Traceback"):
        assert raw not in out + err + caplog.text


def test_command_map_and_set(db):
    out = StringIO()
    call_command(
        "import_layer",
        "eod_site",
        str(REAL / "ovital_eod_sites.kml"),
        "--set",
        "status=运行",
        "--map",
        "investment=投资(元)",
        "--dry-run",
        stdout=out,
    )
    assert "投资(元) → investment" in out.getvalue()
    assert "=运行 → status" in out.getvalue()
