"""The suggested level follows the rules: it differs from the recorded one exactly there."""

from decimal import Decimal

import pytest
from django.utils import translation

from evidence.evaluation import differences, village_evaluation, year_evaluations
from evidence.models import Task, TaskValue
from layers.models import STAR_FIELDS, StarRating

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("year", [2022, 2023])
def test_demo_suggests_the_recorded_level_everywhere(year):
    ratings = StarRating.objects.filter(year=year)
    assert not ratings.filter(industry=True, collective_income__lt=50_000).exists()
    assert differences(ratings=ratings) == []


def test_suggested_level_differs_exactly_for_industry_holders_under_clear_five():
    ratings = StarRating.objects.filter(year=2022)
    holders = ratings.filter(industry=True).order_by("village__code")
    short = [holders[0].pk, holders[7].pk]
    ratings.filter(pk__in=short).update(collective_income=Decimal(49_999))
    # at the threshold exactly and a non-holder under it: no difference
    ratings.filter(pk=holders[3].pk).update(collective_income=Decimal(50_000))
    poor = ratings.filter(industry=False).order_by("village__code")[0]
    ratings.filter(pk=poor.pk).update(collective_income=Decimal(1_000))
    found = differences(ratings=StarRating.objects.filter(year=2022))
    assert sorted(r.rating.pk for r in found) == sorted(short)
    for result in found:
        assert [s.star for s in result.differing] == ["industry"]
        assert result.suggested_level == result.recorded_level - 1


def test_non_holders_miss_a_deciding_task_and_holders_meet_all():
    for result in year_evaluations(ratings=StarRating.objects.filter(year=2022)):
        for star in result.stars:
            if not star.held:
                assert not star.suggested, (result.rating, star.star)


def test_a_new_value_changes_the_suggestion():
    rating = StarRating.objects.filter(year=2022, ecology=False).order_by(
        "village__code"
    )[0]
    before = village_evaluation(rating=rating)
    TaskValue.objects.filter(
        village=rating.village, year=2022, task__code="ecology_clean"
    ).update(flag=True)
    after = village_evaluation(rating=rating)
    assert after.suggested_level == before.suggested_level + 1
    assert [s.star for s in after.differing] == ["ecology"]


def test_income_shortfall_reads_in_wan_yuan():
    rating = StarRating.objects.filter(year=2022).order_by("village__code")[0]
    rating.collective_income = Decimal(42_000)
    with translation.override("zh-hans"):
        result = village_evaluation(rating=rating)
        industry = next(s for s in result.stars if s.star == "industry")
        texts = [t.text for t in industry.tasks]
    assert "集体经济收入 4.2万元，距清五目标差 0.8万元" in texts


def test_unreported_deciding_value_is_missing():
    rating = StarRating.objects.filter(year=2022, safety=True).order_by(
        "village__code"
    )[0]
    TaskValue.objects.filter(
        village=rating.village, year=2022, task__code="safety_three_zeros"
    ).delete()
    safety = next(
        s for s in village_evaluation(rating=rating).stars if s.star == "safety"
    )
    assert not safety.suggested
    assert safety.missing[0].task.code == "safety_three_zeros"


def test_every_star_has_deciding_tasks():
    deciding = set(
        Task.objects.filter(decides_star=True).values_list("star", flat=True)
    )
    assert deciding == set(STAR_FIELDS)
