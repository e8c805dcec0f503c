"""Bad input on every evidence surface: a clear 4xx naming what is wrong, never a 500."""

import pytest

from evidence.models import TaskValue
from tests.evidence.conftest import signed_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/api/evidence/villages/410527103219/?year=99999",
        "/api/evidence/villages/%00/?year=2022",
        "/api/evidence/differences/?year=2022&year=2023",
        "/api/evidence/differences/?township=12%00",
        "/api/evidence/rollup/?year=-1",
        "/api/evidence/tasks/?x=1",
        "/evidence/differences/?year=abc",
        "/evidence/rollup/?year=1e9",
        "/evidence/rollup.xlsx?township=1",
        "/evidence/villages/410527103219/?year=1999",
        "/evidence/villages/410527103219/?year=%00",
        "/reports/bulletin/1999-01.docx",
        "/reports/bulletin/2000-Q1.pdf",
        "/api/village-work/?year=abc",
        "/api/village-work/?pilot=maybe",
        "/api/grid-cells/?limit=0",
    ],
)
def test_bad_reads_answer_400(county_admin, url):
    assert signed_in(county_admin).get(url).status_code == 400


@pytest.mark.parametrize(
    "body",
    [
        {"village": "4105271032\x0019", "task": "safety_patrol", "value": "1"},
        {"village": "410527103219", "task": "saf\x00", "value": "1"},
        {
            "village": "410527103219",
            "task": "safety_patrol",
            "value": "1",
            "evidence_text": "a\x00b",
        },
        {"village": "410527103219", "task": "safety_patrol", "value": "Infinity"},
        {"village": ["x"], "task": 1, "value": [1]},
    ],
)
def test_bad_writes_answer_400_and_write_nothing(county_admin, body):
    before = list(TaskValue.objects.filter(village__code="410527103219").values())
    answer = signed_in(county_admin).post(
        "/api/evidence/values/", {"year": 2022, **body}, content_type="application/json"
    )
    assert answer.status_code == 400
    assert (
        list(TaskValue.objects.filter(village__code="410527103219").values()) == before
    )


@pytest.mark.parametrize("value", ["1e400", "NaN", "\x00", "-1"])
def test_bad_values_on_the_entry_page_answer_400(county_admin, value):
    answer = signed_in(county_admin).post(
        "/evidence/villages/410527103219/?year=2022",
        {"task": "safety_patrol", "value": value},
    )
    assert answer.status_code == 400
