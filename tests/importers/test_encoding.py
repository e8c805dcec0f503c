"""Per-file encodings: .cpg and LDID trusted, else UTF-8 then GB18030, never global."""

import ctypes
import shutil

import pytest
from django.contrib.gis.gdal.libgdal import lgdal

from layers.importers.encoding import dbf_text, decode, shapefile_encoding
from layers.importers.errors import ImportFailed
from layers.importers.sources import open_source
from tests.importers.conftest import INVALID, SAMPLES

NAME = "冯庄村村委会"


def names(path, **options) -> set[str]:
    return {
        feature.properties["name"] for feature in open_source(path, **options).read()
    }


def test_decode_reads_utf8_with_and_without_bom():
    assert decode("经度".encode("utf-8-sig"), "a.csv") == ("经度", "utf-8-sig")
    assert decode("经度".encode(), "a.csv") == ("经度", "utf-8-sig")


def test_decode_falls_back_to_gb18030_for_gbk_text():
    assert decode(NAME.encode("gbk"), "a.csv") == (NAME, "gb18030")


def test_decode_names_file_and_encodings_tried_when_nothing_fits():
    with pytest.raises(
        ImportFailed, match=r"a\.csv is not readable as utf-8-sig or gb18030"
    ):
        decode(b"\xff\xfe\x80", "a.csv")


def test_decode_with_a_given_encoding_tries_only_that():
    with pytest.raises(ImportFailed, match="not readable as utf-8"):
        decode(NAME.encode("gbk"), "a.csv", "utf-8")
    with pytest.raises(ImportFailed, match="Unknown encoding 'klingon'"):
        decode(b"", "a.csv", "klingon")


def test_dbf_text_skips_the_binary_header():
    dbf = (SAMPLES / "villages_gbk.dbf").read_bytes()
    assert NAME in dbf_text(dbf).decode("gb18030")


def test_gbk_without_cpg_and_ldid_0_is_detected_as_gb18030():
    dbf = (SAMPLES / "villages_gbk.dbf").read_bytes()
    assert dbf[29] == 0
    chosen = shapefile_encoding(dbf, None, "villages_gbk.dbf")
    assert (chosen.codec, chosen.open_options) == ("gb18030", {"ENCODING": ""})


def test_cpg_is_trusted_and_gbk_labels_read_as_gb18030():
    dbf = (SAMPLES / "villages_gbk_cpg.dbf").read_bytes()
    assert shapefile_encoding(dbf, "GBK", "x.dbf").codec == "gb18030"
    utf8 = (SAMPLES / "villages_utf8.dbf").read_bytes()
    assert shapefile_encoding(utf8, "UTF-8", "x.dbf").codec == "utf-8"


def test_a_known_ldid_is_left_to_gdal():
    dbf = bytearray((SAMPLES / "villages_gbk.dbf").read_bytes())
    dbf[29] = 77  # CP936
    assert shapefile_encoding(bytes(dbf), None, "x.dbf").open_options == {}


def test_ldid_87_is_treated_as_unspecified():
    dbf = bytearray((SAMPLES / "villages_gbk.dbf").read_bytes())
    dbf[29] = 0x57
    assert shapefile_encoding(bytes(dbf), None, "x.dbf").codec == "gb18030"


def test_cpg_contradicted_by_the_bytes_is_overruled_and_said():
    dbf = (INVALID / "villages_bad_encoding.dbf").read_bytes()
    chosen = shapefile_encoding(dbf, "UTF-8", "villages_bad_encoding.dbf")
    assert chosen.codec == "gb18030"
    assert "the .cpg says UTF-8" in chosen.label and "100%" in chosen.label


def test_a_cpg_that_fits_is_kept():
    dbf = (INVALID / "villages_bad_encoding.dbf").read_bytes()
    assert shapefile_encoding(dbf, "GBK", "v.dbf").codec == "gb18030"
    assert shapefile_encoding(dbf, "GBK", "v.dbf").label == "GBK (.cpg)"


@pytest.mark.parametrize(
    "name",
    [
        "villages_gbk.shp",
        "villages_gbk_cpg.shp",
        "villages_utf8.shp",
        "villages_gbk.zip",
    ],
)
def test_every_sample_shapefile_reads_the_chinese_names(name):
    assert NAME in names(SAMPLES / name)


def test_gbk_shapefile_with_ldid_77_reads_through_gdal(tmp_path):
    for part in SAMPLES.glob("villages_gbk.*"):
        if part.suffix != ".zip":
            shutil.copy(part, tmp_path / part.name)
    dbf = bytearray((tmp_path / "villages_gbk.dbf").read_bytes())
    dbf[29] = 77
    (tmp_path / "villages_gbk.dbf").write_bytes(bytes(dbf))
    assert NAME in names(tmp_path / "villages_gbk.shp")


def test_reading_gbk_files_leaves_shape_encoding_unset_for_utf8_files():
    names(SAMPLES / "villages_gbk.shp")
    get = lgdal.CPLGetConfigOption
    get.restype, get.argtypes = ctypes.c_char_p, [ctypes.c_char_p, ctypes.c_char_p]
    assert get(b"SHAPE_ENCODING", None) is None
    assert NAME in names(SAMPLES / "villages_utf8.shp")


def test_encoding_option_overrides_detection_and_fails_clearly(tmp_path):
    assert NAME in names(SAMPLES / "villages_gbk.shp", encoding="gbk")
    with pytest.raises(
        ImportFailed, match=r"villages_gbk\.shp \(\.dbf\) is not valid utf-8"
    ):
        names(SAMPLES / "villages_gbk.shp", encoding="utf-8")
