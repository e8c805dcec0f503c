"""The township page's downloads follow the page's year and the map's filters, and read
back in Chinese (issue 12, 7): on the 2022 page the village files used to carry 2023."""

import csv
import io
from urllib.parse import parse_qs, urlsplit

from openpyxl import load_workbook

from layers.models import StarRating


def test_township_downloads_carry_the_pages_year_and_filters(tab, county):
    old = county.years[0]
    tab.login()
    tab.open_map(f"/township/{county.township}/?year={old}")
    link = tab.page.locator("#gp-exports a[data-gp-export=villages]", has_text="CSV")
    query = parse_qs(urlsplit(link.get_attribute("href")).query)
    assert query["year"] == [str(old)]
    rows = list(
        csv.DictReader(
            io.StringIO(
                tab.page.request.get(tab.base_url + link.get_attribute("href"))
                .body()
                .decode("utf-8-sig")
            )
        )
    )
    assert len(rows) == county.township_villages
    assert {row["年度"] for row in rows} == {str(old)}

    # A filter on the map narrows the downloads too.
    tab.page.select_option("#gp-missing", "civility")
    tab.idle()
    tab.page.wait_for_timeout(200)
    xlsx = tab.page.locator("#gp-exports a[data-gp-export=villages]", has_text="XLSX")
    href = xlsx.get_attribute("href")
    query = parse_qs(urlsplit(href).query)
    assert query["star"] == ["civility"] and query["has_star"] == ["false"]
    with tab.page.expect_download() as info:
        xlsx.click()
    download = info.value
    assert f"{old}年" in download.suggested_filename
    sheet = load_workbook(io.BytesIO(open(download.path(), "rb").read())).active
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["代码", "名称", "简称"]
    codes = sorted(row[0] for row in sheet.iter_rows(min_row=2, values_only=True))
    expected = StarRating.objects.filter(
        year=old, civility=False, village__township__code=county.township
    ).values_list("village__code", flat=True)
    assert codes == sorted(expected)
    assert tab.page.evaluate("GP.matchCount()") == len(codes)
    assert tab.errors == []
