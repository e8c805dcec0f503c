"""The evidence surfaces' query parameters, read by the one parser (layers.api.filters)."""

from layers.api.filters.params import Params
from layers.rules import FIRST_YEAR, LAST_YEAR, default_year


def year_and_township(query, extra=()) -> tuple[int, str | None]:
    """Return (year, township code) from `query`; raise BadParams naming what is wrong."""
    params = Params(query, accepted={"year", "township", *extra})
    year = params.integer("year", None, low=FIRST_YEAR, high=LAST_YEAR)
    township = params.code("township", 9)
    params.done()
    return year or default_year(), township
