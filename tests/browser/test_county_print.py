"""Print / export image (issue 12, 6): the server renders the current view in Chromium as
PDF and PNG at A4 and A3 landscape, with the whole county inside the frame."""

import io
import struct
import time
from urllib.parse import urlsplit

import pytest
from pypdf import PdfReader

from layers.maps.printing import PAPERS


def test_print_sheet_fits_the_whole_county_beside_legend_and_totals(tab, county):
    year = county.years[-2]
    tab.login()
    tab.page.set_viewport_size(
        {"width": PAPERS["a4"].width_px, "height": PAPERS["a4"].height_px}
    )
    # A view zoomed into one corner: the sheet still shows the whole county.
    tab.page.goto(
        f"{tab.base_url}/county/print/?year={year}&c=35.80,114.70&z=14&paper=a4"
    )
    tab.page.wait_for_function("window.GP && GP.printReady", timeout=30000)
    assert tab.page.evaluate("GP.countyInFrame()")
    header = tab.page.inner_text("#gp-print header")
    assert f"{year}年" in header and "示意" in header and "制图日期" in header
    side = tab.page.inner_text("#gp-print-side")
    assert "全县创建目标完成情况" in side and "五星" in side  # totals and legend
    assert tab.page.locator(".leaflet-control-scale").count() == 1
    assert tab.page.locator(".gp-north svg").count() == 1
    # Nothing covers the map: the legend and totals sit outside its frame.
    frame = tab.page.locator(".gp-print-frame").bounding_box()
    for panel in ("#gp-totals", "#gp-legend"):
        box = tab.page.locator(panel).bounding_box()
        assert box["x"] >= frame["x"] + frame["width"], panel
    tab.screenshot("county-print-a4")
    assert tab.errors == []
    assert tab.external_requests() == []


@pytest.mark.parametrize(
    "paper,fmt", [("a4", "pdf"), ("a4", "png"), ("a3", "pdf"), ("a3", "png")]
)
def test_print_file_renders_pdf_and_png_of_the_current_view(tab, county, paper, fmt):
    year = county.years[-2]
    tab.login()
    tab.open_map(f"/?year={year}&missing=civility")
    with tab.page.expect_download(timeout=60000) as info:
        tab.page.click(f"#gp-print-menu a[data-print='{paper}-{fmt}']")
    download = info.value
    name = download.suggested_filename
    assert f"{year}年" in name and PAPERS[paper].name in name and name.endswith(fmt)
    body = open(download.path(), "rb").read()
    target = urlsplit(download.url)
    assert f"year={year}" in target.query and "missing=civility" in target.query
    if fmt == "pdf":
        reader = PdfReader(io.BytesIO(body))
        box = reader.pages[0].mediabox
        width_mm = float(box.width) / 72 * 25.4
        assert abs(width_mm - PAPERS[paper].width_mm) < 2  # landscape
        assert len(body) > 20_000
    else:
        assert body[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = struct.unpack(">II", body[16:24])
        assert (
            width == 2 * PAPERS[paper].width_px
            and height == 2 * PAPERS[paper].height_px
        )
    assert tab.errors == []


def test_print_file_names_a_bad_paper(tab, county):
    tab.login()
    started = time.perf_counter()
    response = tab.page.request.get(f"{tab.base_url}/county/print.file?paper=a9&as=gif")
    assert response.status == 400
    assert set(response.json()["errors"]) == {"paper", "as"}
    assert time.perf_counter() - started < 5
