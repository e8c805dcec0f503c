"""The role fixtures of tests/accounts serve the history tests too."""

from tests.accounts.conftest import (  # noqa: F401
    cadre,
    county_admin,
    gis_reader,
    group_1,
    leader,
    make_user,
    township_a,
    township_b,
    village_a,
    village_b,
)
