"""The kinds: columns land on the model, headers are unambiguous, rules derive."""

import pytest

from layers.importers import ImportFailed
from layers.importers.kinds import KINDS, get
from layers.importers.rules import cleared_site_rules, township_rules, village_rules


@pytest.mark.parametrize("kind", KINDS.values(), ids=list(KINDS))
def test_no_header_means_two_columns_of_one_kind(kind):
    names = [name for column in kind.columns for name in column.names()]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("kind", KINDS.values(), ids=list(KINDS))
def test_every_column_reaches_the_model(kind):
    fields = {field.name for field in kind.model._meta.concrete_fields}
    attnames = {field.attname for field in kind.model._meta.concrete_fields}
    routed = {ref.column for ref in kind.references}
    routed |= {name for point in kind.points for name in (point.lon, point.lat)}
    for column in kind.columns:
        assert column.key in fields or column.key in routed, column.key
    assert set(kind.key) <= attnames
    assert kind.geometry_field is None or kind.geometry_field in fields


def test_unknown_kind_names_the_kinds():
    with pytest.raises(ImportFailed, match="Kinds: county, township, village, rating"):
        get("villages")


@pytest.mark.parametrize(
    "name, short, committee",
    [
        ("冯庄村村委会", "冯庄村", "village_committee"),
        ("齐村村委会", "齐村", "village_committee"),
        ("东长固村委会", "东长固村", "village_committee"),
        ("后河村民委员会", "后河村", "village_committee"),
        ("东风社区居委会", "东风社区", "residents_committee"),
        ("新华社区", "新华社区", "residents_committee"),
    ],
)
def test_village_short_name_and_committee_come_from_the_suffix(name, short, committee):
    values = {"name": name, "code": "410527103219"}
    assert village_rules(values) == []
    assert (values["short_name"], values["committee_type"]) == (short, committee)
    assert values["township_code"] == "410527103"


def test_given_short_name_and_committee_type_are_kept():
    values = {
        "name": "冯庄村村委会",
        "code": "410527103219",
        "short_name": "冯庄",
        "committee_type": "residents_committee",
    }
    village_rules(values)
    assert (values["short_name"], values["committee_type"]) == (
        "冯庄",
        "residents_committee",
    )


@pytest.mark.parametrize(
    "name, kind",
    [("繁阳街道", "subdistrict"), ("梁庄镇", "town"), ("宋村乡", "township")],
)
def test_township_kind_follows_the_name(name, kind):
    values = {"name": name, "kind": None}
    assert township_rules(values) == [] and values["kind"] == kind


def test_township_kind_without_a_telling_name_is_required():
    assert township_rules({"name": "开发区", "kind": None})[0][0] == "kind"


def test_cleared_site_status_needs_its_dates():
    import datetime as dt

    day = dt.date(2023, 3, 1)
    problems = cleared_site_rules(
        {
            "status": "verified",
            "reported_on": day,
            "cleared_on": None,
            "verified_on": None,
        }
    )
    assert [field for field, _ in problems] == ["cleared_on", "verified_on"]
