"""The county map shows the chosen year, however often the year is switched (issue 12, 1).

After 2023 → 2022 → 2023 the villages used to keep 2022's colours while the year box and
the totals said 2023: drawing wrote one year's properties into the cached answer of another.
"""

from layers.models import StarRating
from tests.browser.test_county_page import VILLAGE_PATHS

GREY = "#d9d9d9"  # layers/maps/styles.py LEVEL_COLOURS[0]
COLOURED = (
    f"Array.from(document.querySelectorAll('{VILLAGE_PATHS}'))"
    f".filter(p => p.getAttribute('fill') !== '{GREY}').length"
)


def rated_in_sql(year: int) -> int:
    """Return the villages holding at least one star in `year`, counted by SQL."""
    return StarRating.objects.filter(year=year, level__gte=1).count()


def test_switching_years_back_and_forth_colours_the_chosen_year(tab, county):
    assert len(county.years) >= 2
    new, old = county.years[-1], county.years[-2]
    expected = {year: rated_in_sql(year) for year in (new, old)}
    assert expected[new] != expected[old]  # otherwise the test could not see the bug
    tab.login()
    tab.open_map(f"/?year={new}")
    assert tab.page.evaluate(COLOURED) == expected[new]
    for year in (old, new, old, new, old):
        tab.page.select_option("#gp-year", str(year))
        tab.idle()
        assert tab.page.evaluate("GP.state.year") == year
        assert tab.page.evaluate(COLOURED) == expected[year], year
        assert f"· {year}年" in tab.page.inner_text("#gp-totals")
        # The address is rewritten 50 ms after the view settles (view.js debounces it).
        tab.page.wait_for_function(
            "y => location.search.includes('year=' + y)", arg=year, timeout=5000
        )
    assert tab.errors == []


def test_a_stale_answer_never_overwrites_the_chosen_year(tab, county):
    """Switch years faster than the feeds answer: the last choice wins."""
    new, old = county.years[-1], county.years[-2]
    tab.login()
    tab.open_map(f"/?year={new}")
    tab.page.evaluate(
        f"""() => {{
            const select = document.getElementById('gp-year');
            for (const y of [{old}, {new}, {old}, {new}, {old}]) {{
                select.value = String(y);
                select.dispatchEvent(new Event('change'));
            }}
        }}"""
    )
    tab.idle()
    assert tab.page.evaluate("GP.state.year") == old
    assert tab.page.evaluate(COLOURED) == rated_in_sql(old)
    assert tab.errors == []
