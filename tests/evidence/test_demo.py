"""The demo evidence reproduces every 2022 county figure of the report, read from the database."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum

from evidence.models import (
    Federation,
    GridCell,
    MediationCentre,
    Task,
    TaskValue,
    ThreeChangesPilot,
)
from layers.models import ClearedSite, EODProject, Pairing, ServiceCentre, StarRating

pytestmark = pytest.mark.django_db


def total(code: str, year: int = 2022) -> Decimal:
    return TaskValue.objects.filter(task__code=code, year=year).aggregate(
        n=Sum("number")
    )["n"]


def yes_count(code: str, year: int = 2022) -> int:
    return TaskValue.objects.filter(task__code=code, year=year, flag=True).count()


def test_branch_figures():
    ratings = StarRating.objects.filter(year=2022)
    assert yes_count("branch_secretary_replaced") == 28
    trained = TaskValue.objects.filter(
        task__code="branch_training", year=2022, number=4
    )
    assert trained.count() == 532
    assert ratings.filter(is_quasi_five_star=True).count() == 19
    weak = ratings.filter(is_weak_branch=True)
    assert weak.count() == 25
    staff = TaskValue.objects.filter(task__code="branch_rectification_staff", year=2022)
    assert total("branch_rectification_staff") == 45
    assert set(staff.values_list("village_id", flat=True)) == set(
        weak.values_list("village_id", flat=True)
    )


def test_industry_figures():
    pilots = ThreeChangesPilot.objects.filter(year=2022)
    assert pilots.values("village").distinct().count() == 25
    assert Federation.objects.filter(year=2022).count() == 4
    assert Federation.objects.filter(year=2022, villages__isnull=True).count() == 0


def test_ecology_figures():
    assert EODProject.objects.count() == 6
    pairings = Pairing.objects.filter(year=2022)
    assert (
        pairings.filter(partner_kind="leader").values("partner").distinct().count()
        == 33
    )
    departments = (
        pairings.filter(partner_kind="department").values("partner").distinct()
    )
    assert departments.count() == 94
    assert pairings.values("village").distinct().count() == 288
    assert total("ecology_mobilised") > 10_000
    assert (
        ClearedSite.objects.count() > 8_000
    )  # as layers.demo.sites counts the report's figure


def test_safety_figures():
    assert total("safety_fraud_stopped") == 4_980_000
    assert total("safety_harmonious") == 1_017
    holders = StarRating.objects.filter(year=2022, safety=True).values("village")
    assert (
        MediationCentre.objects.filter(
            opened_year__lte=2022, village__in=holders
        ).count()
        == holders.count()
    )


def test_civility_figures():
    centres = ServiceCentre.objects.filter(built_year__lte=2022)
    assert centres.count() == 342
    assert total("civility_centre_investment") == 73_000_000
    assert total("civility_party_links") > 20_000
    assert total("civility_volunteer_teams") == 153
    assert total("civility_volunteers") == 28_000
    assert total("civility_star_households") == 1_018
    assert total("civility_good_neighbours") > 350


def test_named_villages_carry_the_reports_facts():
    fengzhuang = StarRating.objects.get(village__short_name="冯庄村", year=2022)
    assert fengzhuang.collective_income == 2_000_000
    assert fengzhuang.transferred_land_mu == 1_400
    xigou = StarRating.objects.get(village__short_name="西沟村", year=2022)
    assert (xigou.collective_income, xigou.transferred_land_mu) == (300_000, 500)
    before = TaskValue.objects.get(
        task__code="industry_previous_income", village=xigou.village, year=2022
    )
    assert before.number == 30_000
    works = TaskValue.objects.filter(village__short_name="东长固村", year=2022)
    assert works.get(task__code="ecology_alleys").number == 17_000
    assert works.get(task__code="ecology_ruins_removed").number == 33
    assert "书影馆1个" in works.get(task__code="ecology_small_parks").evidence_text


def test_demo_rows_are_marked_and_thresholds_stated():
    assert not TaskValue.objects.filter(is_demo=False).exists()
    assert not GridCell.objects.filter(is_demo=False).exists()
    for task in Task.objects.filter(is_demo=True):
        reported = task.code in ("industry_clear_five", "industry_leap_ten")
        assert ("报告" in task.assumption) == reported, task.code
        assert task.assumption
    clear_five = Task.objects.get(code="industry_clear_five")
    assert (
        clear_five.threshold,
        Task.objects.get(code="industry_leap_ten").threshold,
    ) == (
        50_000,
        100_000,
    )


def test_grid_cells_lie_in_their_villages():
    cells = GridCell.objects.filter(year=2022)
    assert cells.values("village").distinct().count() == 532
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM evidence_gridcell g JOIN layers_village v"
            " ON v.id = g.village_id"
            " WHERE NOT ST_Covers(ST_Buffer(v.boundary, 1e-7), g.boundary)"
        )
        assert cursor.fetchone()[0] == 0
