"""The central parameter parser: typed values, every error named at once."""

import pytest
from django.http import QueryDict
from django.utils import translation

from layers.api.filters.params import BadParams, Params


def parsed(
    query: str, accepted=("a", "b", "limit", "offset", "bbox", "near", "ordering")
):
    return Params(QueryDict(query), set(accepted))


def test_unknown_and_repeated_parameters_are_errors():
    with translation.override("en"):
        p = parsed("zzz=1&a=1&a=2")
    with pytest.raises(BadParams) as caught:
        p.done()
    assert caught.value.errors == {
        "zzz": "unknown parameter",
        "a": "given more than once",
    }


def test_numbers_refuse_nan_infinity_and_words():
    p = parsed("a=nan&b=inf")
    assert p.number("a") is None and p.number("b") is None
    assert set(p.errors) == {"a", "b"}


def test_bbox_accepts_six_numbers_and_keeps_the_horizontal_box():
    box = parsed("bbox=114,35,0,115,36,100").bbox()
    assert (box.xmin, box.ymin, box.xmax, box.ymax) == (114, 35, 115, 36)


def test_near_and_page_defaults():
    p = parsed("near=114.8,35.9,500")
    assert p.near().metres == 500 and p.page() == (1000, 0)


def test_ordering_maps_public_names_and_refuses_others():
    p = parsed("ordering=-a,b")
    terms = p.ordering("ordering", {"a": "col_a", "b": "col_b"}, ["col_a"])
    assert [str(term.expression.name) for term in terms] == ["col_a", "col_b"]
    assert terms[0].descending and not terms[1].descending
    bad = parsed("ordering=c")
    bad.ordering("ordering", {"a": "col_a"}, ["col_a"])
    assert "ordering" in bad.errors


def test_nul_characters_are_refused():
    p = parsed("a=x%00y")
    assert p.text("a") is None and "a" in p.errors
