"""targets_for: each rule picks the right places, limited by township, with priorities."""

import datetime

from django.utils import timezone

from inspections.selectors import villages_with_open_problems
from layers.models import ClearedSite, StarRating, Village
from layers.selectors import latest_rating_year
from routing.targets import targets_for


def first_township() -> str:
    return Village.objects.order_by("code").first().township.code


def test_unvisited_rule_takes_villages_not_visited_since_the_date(db):
    since = datetime.date(2030, 1, 1)  # nobody has been anywhere since
    targets = targets_for([{"rule": "unvisited", "since": since}])
    assert len(targets) == Village.objects.count()
    assert all(t.kind == "village" for t in targets)


def test_township_limit_applies_to_a_rule(db):
    township = first_township()
    targets = targets_for(
        [
            {
                "rule": "unvisited",
                "since": datetime.date(2030, 1, 1),
                "townships": [township],
            }
        ]
    )
    assert {t.code[:9] for t in targets} == {township}


def test_open_problems_rule_puts_overdue_villages_at_priority_3(db):
    flags = villages_with_open_problems(today=timezone.localdate())
    targets = targets_for([{"rule": "open_problems"}])
    assert flags and {t.village_id for t in targets} == set(flags)
    assert all(t.priority == (3 if flags[t.village_id] else 2) for t in targets)


def test_quasi_five_star_rule_takes_the_latest_years_candidates(db):
    year = latest_rating_year()
    expected = set(
        StarRating.objects.filter(year=year, is_quasi_five_star=True).values_list(
            "village__code", flat=True
        )
    )
    targets = targets_for([{"rule": "quasi_five_star"}])
    assert expected and {t.code for t in targets} == expected


def test_cleared_sites_rule_takes_only_sites_waiting_for_their_check(db):
    township = first_township()
    targets = targets_for([{"rule": "cleared_sites", "townships": [township]}])
    expected = ClearedSite.objects.filter(
        status="cleared", village__township__code=township
    ).count()
    assert expected and len(targets) == expected
    assert all(t.kind == "site" for t in targets)


def test_a_place_chosen_by_two_rules_appears_once_with_both_reasons(db):
    code = Village.objects.order_by("code").first().code
    targets = targets_for(
        [
            {"rule": "explicit", "villages": [code]},
            {"rule": "unvisited", "since": datetime.date(2030, 1, 1)},
        ]
    )
    chosen = [t for t in targets if t.code == code]
    assert len(chosen) == 1 and ";" in chosen[0].reason
