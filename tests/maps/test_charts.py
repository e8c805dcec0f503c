"""The progress chart's geometry."""

from layers.maps.charts import BAR_WIDTH, progress_bars


def test_bars_scale_to_the_largest_count_or_target():
    chart = progress_bars(
        [
            {"level": 5, "count": 3, "target": 6, "met": False},
            {"level": 0, "count": 12, "target": None},
        ]
    )
    five, none = chart["bars"]
    assert five.count_width == round(BAR_WIDTH * 3 / 12)
    assert five.target_width == round(BAR_WIDTH * 6 / 12)
    assert not five.met
    assert none.target_width is None and none.met
    assert none.y > five.y


def test_an_empty_year_draws_zero_width_bars():
    chart = progress_bars([{"level": 1, "count": 0, "target": 0}])
    assert chart["bars"][0].count_width == 0


def test_a_level_above_its_own_target_is_red_when_the_higher_levels_fall_short():
    # One star 90 of 77, but one star or higher short of the targets of one and higher
    # (pages.totals gives `met` from coverage.completion_sql): red, not green.
    chart = progress_bars([{"level": 1, "count": 90, "target": 77, "met": False}])
    assert not chart["bars"][0].met
