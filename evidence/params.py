"""The evidence surfaces' query parameters, read by the one parser (layers.api.filters)."""

import functools

from django.utils.translation import gettext as _

from accounts.middleware import error_response
from layers.api.filters.params import BadParams, Params
from layers.rules import FIRST_YEAR, LAST_YEAR, default_year


def year_and_township(query, extra=()) -> tuple[int, str | None]:
    """Return (year, township code) from `query`; raise BadParams naming what is wrong."""
    params = Params(query, accepted={"year", "township", *extra})
    year = params.integer("year", None, low=FIRST_YEAR, high=LAST_YEAR)
    township = params.code("township", 9)
    params.done()
    return year or default_year(), township


def answers_bad_params(view):
    """Answer a page's bad query parameters with 400 naming each (JSON or a small page)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except BadParams as error:
            reasons = "; ".join(
                f"{name}: {reason}" for name, reason in error.errors.items()
            )
            message = _("Bad parameters: %(reasons)s") % {"reasons": reasons}
            return error_response(request, 400, message, errors=error.errors)

    return wrapped
