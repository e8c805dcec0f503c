"""When a change needs a reason: a star rating of a year already past."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PAST_YEAR_NEEDS_REASON = _(
    "A star rating of a past year is corrected only with a reason."
)


def is_past_year(year: int | None) -> bool:
    """Say whether `year` is before the county's current year (settings.TIME_ZONE)."""
    return year is not None and year < timezone.localdate().year


def rating_needs_reason(*, stored_year: int | None, new_year: int | None) -> bool:
    """Say whether changing a stored rating (None: a new one) needs a reason."""
    return stored_year is not None and (
        is_past_year(stored_year) or is_past_year(new_year)
    )
