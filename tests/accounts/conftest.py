"""Users in each role, on the loaded Neihuang data: two townships, one inspection group
(tests/support/users.py)."""

from tests.support.stamps import kept  # noqa: F401 (fixture)
from tests.support.users import (  # noqa: F401 (fixtures)
    PASSWORD,
    cadre,
    county_admin,
    gis_reader,
    group_1,
    group_2,
    inspector,
    leader,
    make_user,
    nobody,
    signed_in,
    township_a,
    township_b,
    village_a,
    village_b,
)
