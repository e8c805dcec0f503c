"""The evidence pages: differences, the sortable roll-up and its xlsx, a cadre's entry page."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

from evidence.models import TaskValue
from layers.models import Township
from tests.evidence.conftest import signed_in

pytestmark = pytest.mark.django_db


def test_differences_page_lists_the_villages(leader, short_of_clear_five):
    answer = signed_in(leader).get("/evidence/differences/?year=2022")
    assert answer.status_code == 200
    assert short_of_clear_five.village.short_name in answer.content.decode()


def test_rollup_xlsx_in_chinese_with_every_township(leader):
    client = signed_in(leader)
    answer = client.get(
        "/evidence/rollup.xlsx?year=2022", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert answer.status_code == 200
    sheet = load_workbook(BytesIO(answer.content)).active
    header = [cell.value for cell in sheet[1]]
    assert header[0] == "乡镇（街道）"
    names = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert set(Township.objects.values_list("name", flat=True)) <= set(names)
    assert names[-1] == "全县"


def test_rollup_xlsx_stores_formula_like_names_as_text(leader):
    township = Township.objects.order_by("code")[0]
    Township.objects.filter(pk=township.pk).update(name="=HYPERLINK(1)")
    answer = signed_in(leader).get("/evidence/rollup.xlsx?year=2022")
    sheet = load_workbook(BytesIO(answer.content)).active
    cell = next(
        row[0] for row in sheet.iter_rows(min_row=2) if row[0].value == "=HYPERLINK(1)"
    )
    assert cell.data_type == "s"


def test_entry_page_shows_the_tasks_and_records_a_value(cadre, township_a):
    village = township_a.villages.order_by("code")[0]
    client = signed_in(cadre)
    page = client.get(
        f"/evidence/villages/{village.code}/?year=2022", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert page.status_code == 200
    assert "集体经济收入" in page.content.decode()
    answer = client.post(
        f"/evidence/villages/{village.code}/?year=2022",
        {"task": "civility_village_rules", "value": "是", "evidence_text": "村规民约"},
    )
    assert answer.status_code == 302
    entry = TaskValue.objects.get(
        village=village, year=2022, task__code="civility_village_rules"
    )
    assert entry.flag is True and entry.evidence_text == "村规民约"


def test_entry_page_refuses_a_bad_value_and_writes_nothing(cadre, township_a):
    village = township_a.villages.order_by("code")[0]
    before = TaskValue.objects.get(
        village=village, year=2022, task__code="safety_patrol"
    ).number
    answer = signed_in(cadre).post(
        f"/evidence/villages/{village.code}/?year=2022",
        {"task": "safety_patrol", "value": "lots"},
    )
    assert answer.status_code == 400
    after = TaskValue.objects.get(
        village=village, year=2022, task__code="safety_patrol"
    ).number
    assert after == before


def test_entry_page_of_another_township_is_hidden_from_a_cadre(cadre, township_b):
    village = township_b.villages.order_by("code")[0]
    assert (
        signed_in(cadre)
        .get(f"/evidence/villages/{village.code}/?year=2022")
        .status_code
        == 404
    )


def test_village_page_shows_each_star_with_its_tasks(leader):
    answer = signed_in(leader).get(
        "/village/410527103219/?year=2022", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert answer.status_code == 200
    page = answer.content.decode()
    assert page.count('class="gp-evidence-star ') == 5
    assert "集体经济收入 200万元，已达清五目标" in page


def test_village_page_of_a_cadre_hides_no_section_of_the_own_township(
    cadre, township_a
):
    village = township_a.villages.order_by("code")[0]
    page = signed_in(cadre).get(f"/village/{village.code}/").content.decode()
    assert 'id="gp-evidence"' in page and "/evidence/villages/" in page


def test_top_bar_links_the_county_office_to_the_evidence_pages(leader, cadre):
    import datetime

    from evidence.templatetags.evidence_tags import last_month

    page = signed_in(leader).get("/", follow=True).content.decode()
    assert 'href="/evidence/rollup/"' in page
    assert 'href="/evidence/differences/"' in page
    today = datetime.date.today()
    months = {last_month(today), last_month(today + datetime.timedelta(days=1))}
    assert any(f'href="/reports/bulletin/{m}.pdf"' in page for m in months)
    hidden = signed_in(cadre).get("/", follow=True).content.decode()
    assert 'id="gp-sections"' in hidden  # the cadre does get the top bar
    assert "gp-nav-evidence-rollup" not in hidden
    assert "/evidence/differences/" not in hidden


def test_latest_bulletin_month_is_the_month_before():
    import datetime

    from evidence.templatetags.evidence_tags import last_month

    assert last_month(datetime.date(2026, 1, 15)) == "2025-12"
    assert last_month(datetime.date(2026, 12, 1)) == "2026-11"
