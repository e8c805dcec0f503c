"""The bulletin: .docx with the ranking and the map, PDF with embedded CJK fonts, past months."""

import datetime
from io import BytesIO

import docx
import pytest
from pypdf import PdfReader

from evidence.bulletin import (
    bulletin_for,
    levels_by_village,
    period_of,
    ratings_as_of,
    star_changes,
)
from history.services import rating_correct
from layers.models import StarRating
from tests.evidence.conftest import signed_in

pytestmark = pytest.mark.django_db


def test_docx_opens_with_the_ranking_and_the_map(leader):
    answer = signed_in(leader).get("/reports/bulletin/2022-11.docx")
    assert answer.status_code == 200
    document = docx.Document(BytesIO(answer.content))
    assert "一月一通报" in document.paragraphs[0].text
    ranking = document.tables[0]
    assert ranking.rows[0].cells[1].text == "乡镇（街道）"
    assert len(ranking.rows) == 18  # header + 17 townships
    assert len(document.inline_shapes) == 1


def test_quarter_pdf_embeds_chinese_fonts(leader):
    answer = signed_in(leader).get("/reports/bulletin/2023-Q2.pdf")
    assert answer.status_code == 200
    reader = PdfReader(BytesIO(answer.content))
    assert "一季一讲评" in reader.pages[0].extract_text()
    embedded = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            if (
                "/FontFile2" in descriptor
                or "/FontFile3" in descriptor
                or "/FontFile" in descriptor
            ):
                embedded.add(str(font["/BaseFont"]))
    assert any("CJK" in name for name in embedded)


@pytest.mark.parametrize("period", ["2022-13", "2022-Q5", "22-01", "2022-1"])
def test_bad_periods_are_404_or_400(leader, period):
    answer = signed_in(leader).get(f"/reports/bulletin/{period}.docx")
    assert answer.status_code in (400, 404)


def test_a_cadre_may_not_read_the_county_bulletin(cadre):
    assert signed_in(cadre).get("/reports/bulletin/2022-11.docx").status_code == 403


def test_past_month_reads_ratings_as_they_stood(county_admin):
    """A correction recorded now is undone for the bulletin of a month before it."""
    rating = StarRating.objects.filter(year=2022, ecology=False).order_by(
        "village__code"
    )[0]
    before = bulletin_for("2022-11")
    rating_correct(
        rating=rating, changes={"ecology": True}, reason="核实后补星", user=county_admin
    )
    assert (
        bulletin_for("2022-11").levels[rating.village_id]
        == before.levels[rating.village_id]
    )
    this_month = bulletin_for(f"{datetime.date.today():%Y-%m}")
    assert this_month.levels != {} and this_month.year >= 2022
    now_2022 = levels_by_village(
        ratings_as_of(
            year=2022, cutoff=period_of(f"{datetime.date.today():%Y-%m}").cutoff
        )
    )
    assert now_2022[rating.village_id] == before.levels[rating.village_id] + 1
    gained, lost = star_changes(
        2022,
        period_of(f"{datetime.date.today():%Y-%m}").cutoff,
        period_of("2022-11").cutoff,
    )
    assert {"village": rating.village.short_name, "star": "ecology"} in gained
    assert lost == []


def test_periods_and_the_one_before():
    assert period_of("2023-Q1").previous.key == "2022-Q4"
    assert period_of("2023-01").previous.key == "2022-12"
    assert period_of("2022-02").end.day == 28
